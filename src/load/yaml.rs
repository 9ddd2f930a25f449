//! YAML text → a tree of nodes that keep their spans. Built on saphyr-parser's event stream so
//! that every scalar keeps its raw text (21.80 stays "21.80") and every key and value its
//! position. Aliases are refused outright (no alias bombs) and nesting is capped, with an
//! explicit stack so that no input can exhaust the call stack.

use saphyr_parser::{Event, Parser, ScalarStyle, Span as YSpan};

use super::codes;
use crate::diagnostic::Diagnostic;
use crate::source::{FileId, SourceFile, Span};

/// Deepest nesting a plan source may use; the deepest real shape (chapter → four levels of
/// sections → blocks → list) stays well under it.
pub const MAX_DEPTH: usize = 48;

#[derive(Clone, Debug, PartialEq)]
pub enum NodeKind {
    Scalar { value: String, quoted: bool },
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub kind: NodeKind,
    pub span: Span,
}

impl Node {
    /// `null`, `~` or an empty plain scalar.
    pub fn is_null(&self) -> bool {
        matches!(&self.kind, NodeKind::Scalar { value, quoted: false } if matches!(value.as_str(), "" | "~" | "null" | "Null" | "NULL"))
    }

    pub fn kind_zh(&self) -> &'static str {
        match &self.kind {
            NodeKind::Scalar { .. } if self.is_null() => "空值",
            NodeKind::Scalar { .. } => "文本",
            NodeKind::Seq(_) => "列表",
            NodeKind::Map(_) => "映射",
        }
    }
}

enum Frame {
    Seq(Vec<Node>, Span),
    Map(Vec<(Node, Node)>, Option<Node>, Span),
}

/// Character index → byte offset, stepping from the last answer: YAML events arrive in
/// almost increasing order, so a whole file costs linear time even on one huge line.
struct Cursor<'s> {
    text: &'s str,
    chars: usize,
    bytes: usize,
}

impl Cursor<'_> {
    fn byte(&mut self, index: usize) -> usize {
        while self.chars < index {
            match self.text[self.bytes..].chars().next() {
                Some(c) => {
                    self.bytes += c.len_utf8();
                    self.chars += 1;
                }
                None => return self.text.len(),
            }
        }
        while self.chars > index {
            match self.text[..self.bytes].chars().next_back() {
                Some(c) => {
                    self.bytes -= c.len_utf8();
                    self.chars -= 1;
                }
                None => break,
            }
        }
        self.bytes
    }
}

/// Parse one file into a node tree with spans. `None` means the file holds no document
/// (empty or comments only) or could not be parsed; every problem (syntax, aliases, nesting,
/// duplicate keys, where the first occurrence wins) is pushed to `diags`.
pub fn parse(file: FileId, src: &SourceFile, diags: &mut Vec<Diagnostic>) -> Option<Node> {
    let cursor = std::cell::RefCell::new(Cursor {
        text: &src.text,
        chars: 0,
        bytes: 0,
    });
    let span_of = |s: YSpan| {
        let mut c = cursor.borrow_mut();
        let start = c.byte(s.start.index());
        let end = c.byte(s.end.index());
        Span::new(file, start..end.max(start))
    };
    let mut parser = Parser::new_from_str(&src.text);
    let mut stack: Vec<Frame> = Vec::new();
    let mut root: Option<Node> = None;
    let mut documents = 0;
    while let Some(item) = parser.next_event() {
        let (event, yspan) = match item {
            Ok(x) => x,
            Err(e) => {
                let m = e.marker();
                let at = src.offset_of(m.line(), m.col());
                if e.info().contains("recursion limit") {
                    diags.push(
                        Diagnostic::error(
                            codes::TOO_DEEP,
                            Span::new(file, at..at),
                            format!("嵌套超过 {MAX_DEPTH} 层"),
                        )
                        .with_label("这里超出了上限")
                        .with_hint("规划源文件不需要这么深的结构，检查是否误写了多余的 [ 或 {"),
                    );
                    return None;
                }
                let mut d = Diagnostic::error(
                    codes::YAML_SYNTAX,
                    Span::new(file, at..at),
                    format!("YAML 语法错误：{}", e.info()),
                )
                .with_label("在此处无法继续解析");
                d = match likely_cause(&src.text, at) {
                    Some((line_start, cause)) => {
                        d.span = Span::new(file, line_start..line_start);
                        d.with_label(cause).with_hint(
                            "给这一行加引号：`- \"……\"`（文字中的 \" 写成 \\\"），或改用单引号 `- '……'`",
                        )
                    }
                    None => d.with_hint("检查缩进（只用空格）、冒号后的空格和引号是否成对"),
                };
                diags.push(d);
                return None;
            }
        };
        let span = span_of(yspan);
        let node = match event {
            Event::StreamStart | Event::StreamEnd | Event::Nothing | Event::DocumentEnd => continue,
            Event::DocumentStart(_) => {
                documents += 1;
                if documents > 1 {
                    diags.push(
                        Diagnostic::error(
                            codes::YAML_SYNTAX,
                            span,
                            "一个文件只能包含一个 YAML 文档",
                        )
                        .with_label("第二个文档从这里开始")
                        .with_hint("删除多余的 `---`，或把内容拆到单独的文件"),
                    );
                    return None;
                }
                continue;
            }
            Event::Alias(_) => {
                diags.push(
                    Diagnostic::error(codes::ALIAS, span, "不支持 YAML 别名（*name）")
                        .with_label("别名")
                        .with_hint("把被引用的内容直接写出来；正文中复用数据请用 {{…}} 引用"),
                );
                return None;
            }
            Event::SequenceStart(..) | Event::MappingStart(..) => {
                if stack.len() >= MAX_DEPTH {
                    diags.push(
                        Diagnostic::error(
                            codes::TOO_DEEP,
                            span,
                            format!("嵌套超过 {MAX_DEPTH} 层"),
                        )
                        .with_label("这里超出了上限")
                        .with_hint("规划源文件不需要这么深的结构，检查是否误写了多余的 [ 或 {"),
                    );
                    return None;
                }
                stack.push(if matches!(event, Event::SequenceStart(..)) {
                    Frame::Seq(Vec::new(), span)
                } else {
                    Frame::Map(Vec::new(), None, span)
                });
                continue;
            }
            Event::SequenceEnd => match stack.pop() {
                Some(Frame::Seq(items, start)) => Node {
                    kind: NodeKind::Seq(items),
                    span: Span::new(
                        file,
                        start.start as usize..(span.end as usize).max(start.start as usize),
                    ),
                },
                _ => return None,
            },
            Event::MappingEnd => match stack.pop() {
                Some(Frame::Map(entries, _, start)) => Node {
                    kind: NodeKind::Map(entries),
                    span: Span::new(
                        file,
                        start.start as usize..(span.end as usize).max(start.start as usize),
                    ),
                },
                _ => return None,
            },
            Event::Scalar(value, style, _, _) => Node {
                kind: NodeKind::Scalar {
                    value: value.into_owned(),
                    quoted: !matches!(style, ScalarStyle::Plain),
                },
                span,
            },
        };
        match stack.last_mut() {
            None => root = Some(node),
            Some(Frame::Seq(items, _)) => items.push(node),
            Some(Frame::Map(entries, pending, _)) => match pending.take() {
                None => {
                    if !matches!(node.kind, NodeKind::Scalar { .. }) {
                        diags.push(
                            Diagnostic::error(codes::WRONG_TYPE, node.span, "映射的键必须是文本")
                                .with_label("复杂键")
                                .with_hint("键写成 `名称: 值` 的形式"),
                        );
                        return None;
                    }
                    *pending = Some(node);
                }
                Some(key) => {
                    let dup = entries
                        .iter()
                        .find(|(k, _)| scalar(k) == scalar(&key))
                        .map(|(k, _)| k.span);
                    if let Some(first) = dup {
                        diags.push(
                            Diagnostic::error(
                                codes::DUPLICATE_KEY,
                                key.span,
                                format!("键 `{}` 重复", scalar(&key).unwrap_or_default()),
                            )
                            .with_label("重复的键")
                            .with_related(first, "第一次出现在这里")
                            .with_hint("删除或合并其中一个；只有第一个会生效"),
                        );
                    } else {
                        entries.push((key, node));
                    }
                }
            },
        }
    }
    root
}

/// The text of a scalar node.
pub fn scalar(node: &Node) -> Option<&str> {
    match &node.kind {
        NodeKind::Scalar { value, .. } => Some(value),
        _ => None,
    }
}

/// The likely cause of a syntax error at byte `at`: a value on its line (or the line before,
/// when the error stands at a line's start) that starts with a YAML indicator (`[ { % @ & * ! | > ' " #`), or prose with a
/// `: ` in it. Returns where that value starts and what is wrong, in Chinese.
fn likely_cause(text: &str, at: usize) -> Option<(usize, String)> {
    let at = at.min(text.len());
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let mut starts = vec![line_start];
    // An error at the very start of a line is often the previous line's doing.
    if line_start > 0 && text[line_start..at].trim().is_empty() {
        starts.push(text[..line_start - 1].rfind('\n').map_or(0, |i| i + 1));
    }
    for start in starts {
        let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let line = &text[start..end];
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        // `- value` or `key: value`.
        let value_at = if let Some(v) = trimmed.strip_prefix("- ") {
            trimmed.len() - v.len()
        } else if let Some(k) = trimmed.find(": ") {
            k + 2
        } else {
            continue;
        };
        let value = trimmed[value_at..].trim_start();
        let value_start = start + indent + (trimmed.len() - value.len());
        let Some(first) = value.chars().next() else {
            continue;
        };
        let has_han = value
            .chars()
            .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
        // `[注]正文……` is prose; `[甲, 乙` without its `]` is an unclosed list, not this.
        let prose_after_bracket = match first {
            '[' | '{' => {
                let close = if first == '[' { ']' } else { '}' };
                value
                    .find(close)
                    .is_some_and(|k| !value[k + 1..].trim().is_empty())
            }
            _ => true,
        };
        if "[{%@&*!|>'\"#`".contains(first) && has_han && prose_after_bracket {
            return Some((
                value_start,
                format!("这一行的文字以 `{first}` 开头，YAML 把它当作特殊符号"),
            ));
        }
        if has_han && value.contains(": ") && !value.starts_with(['"', '\'']) {
            return Some((
                value_start,
                "这一行的文字中有 `: `，YAML 把它当作键和值的分隔".into(),
            ));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceMap;

    fn parse_str(text: &str) -> (Option<Node>, Vec<Diagnostic>) {
        let mut map = SourceMap::default();
        let id = map.add("t.yaml".into(), text.into());
        let mut d = Vec::new();
        let n = parse(id, map.get(id), &mut d);
        (n, d)
    }

    #[test]
    fn syntax_errors_name_the_unquoted_line() {
        for (src, mark, line) in [
            (
                "body:\n  - [注]这一段以方括号开头，后面还有文字。\n",
                "`[`",
                2,
            ),
            ("body:\n  - %以上的企业完成改造。\n  - 第二段\n", "`%`", 2),
            (
                "title: 规划\nbody:\n  - 第一段\n  - \"引号\"之后还有文字。\n",
                "`\"`",
                4,
            ),
        ] {
            let mut map = SourceMap::default();
            let id = map.add("t.yaml".into(), src.into());
            let mut d = Vec::new();
            parse(id, map.get(id), &mut d);
            let first = d.first().unwrap_or_else(|| panic!("no error for {src:?}"));
            assert_eq!(first.code, codes::YAML_SYNTAX, "{src}");
            assert!(first.label.contains(mark), "{src}: {first:?}");
            assert!(
                first.hint.as_deref().unwrap_or("").contains("加引号"),
                "{first:?}"
            );
            assert_eq!(
                map.get(id).line_col(first.span.range().start).0,
                line,
                "{first:?}"
            );
        }
    }

    #[test]
    fn keeps_raw_scalars_and_spans() {
        let (n, d) = parse_str("a: 21.80\nb: [x, \"y\"]\n");
        assert!(d.is_empty());
        let NodeKind::Map(entries) = n.unwrap().kind else {
            panic!()
        };
        assert_eq!(scalar(&entries[0].1), Some("21.80"));
        assert_eq!(entries[0].1.span.start, 3);
    }

    #[test]
    fn refuses_aliases_and_deep_nesting() {
        let (_, d) = parse_str("a: &x [1]\nb: *x\n");
        assert_eq!(d[0].code, codes::ALIAS);
        let (_, d) = parse_str(&"[".repeat(100));
        assert_eq!(d[0].code, codes::TOO_DEEP);
        // Far deeper input is refused by the parser itself, without exhausting the stack.
        let (n, d) = parse_str(&"[".repeat(100_000));
        assert!(n.is_none());
        assert!(
            matches!(d[0].code, codes::TOO_DEEP | codes::YAML_SYNTAX),
            "{:?}",
            d[0]
        );
    }

    #[test]
    fn reports_duplicate_keys() {
        let (_, d) = parse_str("a: 1\na: 2\n");
        assert_eq!(d[0].code, codes::DUPLICATE_KEY);
        assert_eq!(d[0].related.len(), 1);
    }
}
