//! Typed reading of YAML nodes with diagnostics. Every helper reports what it could not read
//! and carries on, so one pass over a file finds every problem in it.

use super::codes;
use super::yaml::{Node, NodeKind};
use crate::diagnostic::Diagnostic;
use crate::model::{Spanned, Text};
use crate::source::Span;

pub type Diags = Vec<Diagnostic>;

/// The keys of one kind of mapping, in the order the documentation lists them.
pub struct Shape {
    /// What the mapping is, for messages: "plan.yaml"、"节"、"指标行".
    pub what: &'static str,
    pub keys: &'static [&'static str],
}

pub struct MapReader<'n> {
    node: &'n Node,
    entries: &'n [(Node, Node)],
    shape: &'static Shape,
}

impl<'n> MapReader<'n> {
    /// Read `node` as a mapping of `shape`, reporting unknown keys. `None` (reported) when
    /// the node is not a mapping.
    pub fn new(node: &'n Node, shape: &'static Shape, diags: &mut Diags) -> Option<MapReader<'n>> {
        Self::with_extra(node, shape, &[], diags)
    }

    /// Like [`MapReader::new`], also accepting the keys in `extra` (an indicator table's
    /// declared extra columns, on its rows). An unknown key's hint then names where extra
    /// keys are declared.
    pub fn with_extra(
        node: &'n Node,
        shape: &'static Shape,
        extra: &[&str],
        diags: &mut Diags,
    ) -> Option<MapReader<'n>> {
        let NodeKind::Map(entries) = &node.kind else {
            diags.push(wrong_type(
                node,
                &format!("{}应当是映射（`键: 值` 的形式）", shape.what),
            ));
            return None;
        };
        for (k, _) in entries {
            let key = key_text(k);
            if !shape.keys.contains(&key) && !extra.contains(&key) {
                let mut d = Diagnostic::error(
                    codes::UNKNOWN_KEY,
                    k.span,
                    format!("{}中没有键 `{key}`", shape.what),
                )
                .with_label("未知的键");
                let known = shape.keys.iter().chain(extra).copied();
                d = match crate::suggest::closest(key, known) {
                    Some(s) => d.with_hint(format!("是不是 `{s}`？")),
                    None if shape.keys.contains(&"responsible") => d.with_hint(format!(
                        "可用的键：{}；表中另加的列先在指标表文件的 `extra_columns:` 中声明，如 `extra_columns: [{{key: {key}, name: 备注}}]`",
                        shape.keys.iter().chain(extra).copied().collect::<Vec<_>>().join("、")
                    )),
                    None => d.with_hint(format!("可用的键：{}", shape.keys.join("、"))),
                };
                diags.push(d);
            }
        }
        Some(MapReader {
            node,
            entries,
            shape,
        })
    }

    pub fn span(&self) -> Span {
        self.node.span
    }

    /// The value of `key`, if present and not null.
    pub fn get(&self, key: &str) -> Option<&'n Node> {
        debug_assert!(
            self.shape.keys.contains(&key),
            "{key} not in shape {}",
            self.shape.what
        );
        self.get_raw(key).filter(|v| !v.is_null())
    }

    /// The value of `key` as written, null or not.
    pub fn get_raw(&self, key: &str) -> Option<&'n Node> {
        self.entries
            .iter()
            .find(|(k, _)| key_text(k) == key)
            .map(|(_, v)| v)
    }

    /// The key node itself, for pointing at `key:`.
    pub fn key_span(&self, key: &str) -> Option<Span> {
        self.entries
            .iter()
            .find(|(k, _)| key_text(k) == key)
            .map(|(k, _)| k.span)
    }

    pub fn require(&self, key: &str, diags: &mut Diags) -> Option<&'n Node> {
        let v = self.get(key);
        if v.is_none() {
            let at = self.key_span(key).unwrap_or(Span::new(
                self.node.span.file,
                self.node.span.start as usize..self.node.span.start as usize,
            ));
            diags.push(
                Diagnostic::error(
                    codes::MISSING_KEY,
                    at,
                    format!("{}缺少必填的键 `{key}`", self.shape.what),
                )
                .with_label(if self.key_span(key).is_some() {
                    "值为空"
                } else {
                    "在这个映射中"
                })
                .with_hint(format!("加上 `{key}: …`")),
            );
        }
        v
    }

    pub fn req_text(&self, key: &str, diags: &mut Diags) -> Option<Text> {
        self.require(key, diags).and_then(|n| text(n, diags))
    }

    pub fn opt_text(&self, key: &str, diags: &mut Diags) -> Option<Text> {
        self.get(key).and_then(|n| text(n, diags))
    }

    pub fn opt_list(&self, key: &str, diags: &mut Diags) -> Vec<Text> {
        self.get(key)
            .map(|n| text_list(n, diags))
            .unwrap_or_default()
    }

    pub fn opt_year(&self, key: &str, diags: &mut Diags) -> Option<Spanned<i32>> {
        self.get(key).and_then(|n| year(n, diags))
    }

    pub fn req_year(&self, key: &str, diags: &mut Diags) -> Option<Spanned<i32>> {
        self.require(key, diags).and_then(|n| year(n, diags))
    }
}

pub fn key_text(k: &Node) -> &str {
    match &k.kind {
        NodeKind::Scalar { value, .. } => value,
        _ => "",
    }
}

pub fn wrong_type(node: &Node, message: &str) -> Diagnostic {
    Diagnostic::error(codes::WRONG_TYPE, node.span, message.to_string())
        .with_label(format!("这里是{}", node.kind_zh()))
}

/// A non-empty scalar as text.
pub fn text(node: &Node, diags: &mut Diags) -> Option<Text> {
    match &node.kind {
        NodeKind::Scalar { value, .. } if !node.is_null() => Some(Text {
            value: value.clone(),
            span: node.span,
        }),
        _ => {
            diags.push(
                wrong_type(node, "需要文本").with_hint("写一个字符串，例如 `title: 发展背景`"),
            );
            None
        }
    }
}

pub fn text_list(node: &Node, diags: &mut Diags) -> Vec<Text> {
    match &node.kind {
        NodeKind::Seq(items) => items.iter().filter_map(|n| text(n, diags)).collect(),
        _ => {
            diags.push(
                wrong_type(node, "需要文本列表").with_hint("写成 `[甲, 乙]` 或每行一个 `- 甲`"),
            );
            Vec::new()
        }
    }
}

pub fn seq<'n>(node: &'n Node, what: &str, diags: &mut Diags) -> &'n [Node] {
    match &node.kind {
        NodeKind::Seq(items) => items,
        _ => {
            diags.push(
                wrong_type(node, &format!("{what}应当是列表")).with_hint("每项一行，以 `- ` 开头"),
            );
            &[]
        }
    }
}

/// A date written as `YYYY-MM` or `YYYY-MM-DD`; an invalid one is reported at `t` with the
/// `label` it is and the form to write (`example`).
pub fn date(
    t: &Text,
    label: &str,
    example: &str,
    diags: &mut Diags,
) -> Option<Spanned<crate::model::PlanDate>> {
    match crate::model::PlanDate::parse_iso(&t.value) {
        Some(value) => Some(Spanned {
            value,
            span: t.span,
        }),
        None => {
            diags.push(
                Diagnostic::error(
                    codes::INVALID_VALUE,
                    t.span,
                    format!("`{}` 不是有效的日期", t.value),
                )
                .with_label(label)
                .with_hint(format!("写成 {example}")),
            );
            None
        }
    }
}

/// A four-digit year in [`crate::model::date::YEARS`].
pub fn year(node: &Node, diags: &mut Diags) -> Option<Spanned<i32>> {
    let t = text(node, diags)?;
    match t.value.trim().parse::<i32>() {
        Ok(y) if crate::model::date::is_plan_year(y) => Some(Spanned {
            value: y,
            span: t.span,
        }),
        _ => {
            diags.push(
                Diagnostic::error(
                    codes::INVALID_VALUE,
                    t.span,
                    format!("`{}` 不是有效的年份", t.value),
                )
                .with_label("需要四位数年份")
                .with_hint(format!(
                    "写成 2025 这样的四位数字（{}）",
                    crate::model::date::years_zh()
                )),
            );
            None
        }
    }
}

/// Letters (any script), digits, `-` and `_`: safe in anchors, file names and references.
pub fn is_valid_id(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
}

pub fn id(node: &Node, diags: &mut Diags) -> Option<Text> {
    let t = text(node, diags)?;
    if is_valid_id(&t.value) {
        Some(t)
    } else {
        diags.push(
            Diagnostic::error(
                codes::INVALID_VALUE,
                t.span,
                format!("`{}` 不能用作 id", t.value),
            )
            .with_label("id 含有不允许的字符")
            .with_hint("id 只能由字母、数字、汉字、`-`、`_` 组成，例如 `value-added`"),
        );
        None
    }
}

/// One of a fixed set of Chinese words (阶段、属性、层级).
pub fn choice<T: Copy>(
    node: &Node,
    what: &str,
    options: &[(T, &str)],
    diags: &mut Diags,
) -> Option<Spanned<T>> {
    let t = text(node, diags)?;
    if let Some((v, _)) = options.iter().find(|(_, s)| *s == t.value.trim()) {
        return Some(Spanned {
            value: *v,
            span: t.span,
        });
    }
    let names: Vec<&str> = options.iter().map(|(_, s)| *s).collect();
    let mut d = Diagnostic::error(
        codes::INVALID_VALUE,
        t.span,
        format!("`{}` 不是有效的{what}", t.value),
    )
    .with_label(format!("无效的{what}"));
    d = match crate::suggest::closest(t.value.trim(), names.iter().copied()) {
        Some(s) => d.with_hint(format!("是不是 `{s}`？可选：{}", names.join(" | "))),
        None => d.with_hint(format!("可选：{}", names.join(" | "))),
    };
    diags.push(d);
    None
}
