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

/// Parse one file. `Ok(None)` means the file holds no document (empty or comments only).
/// Duplicate keys are reported in `warnings` and the first occurrence wins.
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
                diags.push(
                    Diagnostic::error(
                        codes::YAML_SYNTAX,
                        Span::new(file, at..at),
                        format!("YAML 语法错误：{}", e.info()),
                    )
                    .with_label("在此处无法继续解析")
                    .with_hint("检查缩进（只用空格）、冒号后的空格和引号是否成对"),
                );
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
