//! Messages built from typed values, and fixes. A rule states its message as a template with
//! named placeholders and the values that fill them ([`msg!`]); the text is formatted here,
//! in one place, and the values stay on the diagnostic ([`super::Diagnostic::args`]) for
//! tools that need the number or the word rather than the Chinese sentence around it.

use std::fmt::{self, Write};

use crate::source::Span;

/// A value a message is built from.
#[derive(Clone, Debug)]
pub enum Arg {
    /// A word or a name as the source spells it: a found or an expected term, a figure as
    /// written, an indicator's name.
    Text(String),
    /// A count or a year.
    Int(i64),
    /// A computed quantity (a ratio, a rate, a sum).
    Number(f64),
}

impl PartialEq for Arg {
    fn eq(&self, other: &Arg) -> bool {
        match (self, other) {
            (Arg::Text(a), Arg::Text(b)) => a == b,
            (Arg::Int(a), Arg::Int(b)) => a == b,
            (Arg::Number(a), Arg::Number(b)) => a.to_bits() == b.to_bits(),
            _ => false,
        }
    }
}

impl Eq for Arg {}

impl Arg {
    /// The value as a message shows it, in the format of its placeholder.
    fn write(&self, out: &mut String, format: Format) {
        let _ = match (self, format) {
            (Arg::Text(s), _) => write!(out, "{s}"),
            (Arg::Int(n), _) => write!(out, "{n}"),
            (Arg::Number(x), Format::Fixed(p)) => write!(out, "{x:.p$}"),
            (Arg::Number(x), Format::Short(p)) => write!(out, "{}", short(*x, p)),
            (Arg::Number(x), Format::Plain) => write!(out, "{x}"),
        };
    }
}

/// How a placeholder shows a number: `{x}` as Rust prints it, `{x:.N}` with N decimals,
/// `{x:~N}` with at most N decimals (trailing zeros dropped: 12.5, not 12.5000).
#[derive(Clone, Copy)]
enum Format {
    Plain,
    Fixed(usize),
    Short(usize),
}

impl Format {
    fn parse(spec: &str) -> Format {
        let n = |p: &str| p.parse().ok();
        match (spec.strip_prefix('.'), spec.strip_prefix('~')) {
            (Some(p), _) => n(p).map_or(Format::Plain, Format::Fixed),
            (_, Some(p)) => n(p).map_or(Format::Plain, Format::Short),
            _ => Format::Plain,
        }
    }
}

/// `x` with at most `decimals` decimals, trailing zeros (and a trailing point) dropped.
pub fn short(x: f64, decimals: usize) -> String {
    let s = format!("{x:.decimals$}");
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

impl fmt::Display for Arg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = String::new();
        self.write(&mut s, Format::Plain);
        f.write_str(&s)
    }
}

impl From<&str> for Arg {
    fn from(s: &str) -> Arg {
        Arg::Text(s.to_string())
    }
}

impl From<String> for Arg {
    fn from(s: String) -> Arg {
        Arg::Text(s)
    }
}

impl From<&String> for Arg {
    fn from(s: &String) -> Arg {
        Arg::Text(s.clone())
    }
}

impl From<char> for Arg {
    fn from(c: char) -> Arg {
        Arg::Text(c.to_string())
    }
}

/// 专栏N / 表N: the number when placed, else the words for "not placed".
impl From<crate::model::Placement> for Arg {
    fn from(p: crate::model::Placement) -> Arg {
        match p.get() {
            Some(n) => Arg::from(n),
            None => Arg::Text(p.to_string()),
        }
    }
}

impl From<f64> for Arg {
    fn from(x: f64) -> Arg {
        Arg::Number(x)
    }
}

macro_rules! int_arg {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg {
            fn from(n: $t) -> Arg {
                Arg::Int(i64::try_from(n).unwrap_or(i64::MAX))
            }
        }
    )*};
}
int_arg!(i32, i64, u32, u64, usize);

/// A diagnostic's message: a template with `{name}` (or `{name:.N}`) placeholders and the
/// values that fill them, or a finished sentence (no template, no values).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    template: Option<&'static str>,
    args: Vec<(&'static str, Arg)>,
    text: String,
}

impl Message {
    /// `template` filled with `args`; see [`msg!`].
    pub fn new(template: &'static str, args: Vec<(&'static str, Arg)>) -> Message {
        let text = render(template, &args);
        Message {
            template: Some(template),
            args,
            text,
        }
    }

    /// The template, when the message was built from one.
    pub fn template(&self) -> Option<&'static str> {
        self.template
    }

    pub fn args(&self) -> &[(&'static str, Arg)] {
        &self.args
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub(crate) fn into_parts(self) -> (String, Vec<(&'static str, Arg)>) {
        (self.text, self.args)
    }
}

impl From<String> for Message {
    fn from(text: String) -> Message {
        Message {
            template: None,
            args: Vec::new(),
            text,
        }
    }
}

impl From<&str> for Message {
    fn from(text: &str) -> Message {
        Message::from(text.to_string())
    }
}

/// The one place a message's text is made: each `{name}` of `template` replaced by the value
/// of that name (`{name:.N}`, `{name:~N}`: see [`Format`]), `{{` and `}}` by one brace.
fn render(template: &str, args: &[(&'static str, Arg)]) -> String {
    let mut out = String::with_capacity(template.len() + 16 * args.len());
    let mut rest = template;
    while let Some(i) = rest.find(['{', '}']) {
        out.push_str(&rest[..i]);
        let brace = rest.as_bytes()[i];
        rest = &rest[i + 1..];
        if rest.as_bytes().first() == Some(&brace) {
            out.push(char::from(brace));
            rest = &rest[1..];
            continue;
        }
        let Some(end) = rest.find('}').filter(|_| brace == b'{') else {
            out.push(char::from(brace));
            continue;
        };
        let (name, spec) = rest[..end].split_once(':').unwrap_or((&rest[..end], ""));
        match args.iter().find(|(n, _)| *n == name) {
            Some((_, value)) => value.write(&mut out, Format::parse(spec)),
            None => {
                debug_assert!(
                    false,
                    "message template `{template}` has no value for `{name}`"
                );
                out.push('{');
                out.push_str(&rest[..end]);
                out.push('}');
            }
        }
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    out
}

/// A [`Message`] from a template and named values, which may be any type with a
/// `From` conversion into [`Arg`]:
///
/// ```ignore
/// msg!("表{table}的基期年为{base}年", table = t.number, base = b.value)
/// ```
macro_rules! msg {
    ($template:literal $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::diagnostic::Message::new(
            $template,
            vec![$((stringify!($name), $crate::diagnostic::Arg::from($value))),*],
        )
    };
}
pub(crate) use msg;

/// Whether a fix may be applied without a person reading it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    /// The edit keeps the meaning: applied by `--fix`.
    Safe,
    /// The edit may change what the text says: offered, never applied unasked.
    Unsafe,
}

/// Replace the text of `span` with `replacement` (an empty span inserts).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    pub span: Span,
    pub replacement: String,
}

/// A change that resolves a diagnostic: its edits, applied together.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    pub edits: Vec<Edit>,
    pub safety: Applicability,
    /// What the fix does, Chinese: "改为“。”".
    pub message: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_are_filled_in_one_place() {
        let m = msg!(
            "表{t}的{which}为{v}，约{r:.1}倍{{x}}",
            t = 1,
            which = "基期值",
            v = 2.5,
            r = 1.25
        );
        assert_eq!(m.text(), "表1的基期值为2.5，约1.2倍{x}");
        assert_eq!(m.args()[0], ("t", Arg::Int(1)));
        assert_eq!(m.template(), Some("表{t}的{which}为{v}，约{r:.1}倍{{x}}"));
        assert_eq!(Message::from("完成").text(), "完成");
        assert_eq!(
            msg!("{a:~4}+{b:~4}+{c:~4}", a = 0.1 + 0.2, b = 350.0, c = 12.5).text(),
            "0.3+350+12.5"
        );
        assert_eq!(render("a}b{c", &[]), "a}b{c");
    }
}

#[cfg(test)]
mod output_tests {
    use super::*;
    use crate::diagnostic::{Diagnostic, Diagnostics, render_json, render_sarif};
    use crate::source::SourceMap;

    fn one(fix: Option<Fix>) -> (SourceMap, Diagnostics) {
        let mut map = SourceMap::default();
        let file = map.add("plans/p/plan.yaml".into(), "title: 规划,\n".to_string());
        let mut d = Diagnostic::warning("T006", Span::new(file, 13..14), "半角标点");
        if let Some(f) = fix {
            d = d.with_fix(f);
        }
        let mut diags = Diagnostics::default();
        diags.push(d);
        (map, diags)
    }

    #[test]
    fn a_fix_is_written_only_when_there_is_one() {
        let (map, diags) = one(None);
        let json = render_json(&map, &diags);
        let sarif = render_sarif(&map, &diags, crate::registry::all());
        assert!(!json.contains("\"fix\"") && !sarif.contains("\"fixes\""));

        let span = diags.iter().next().unwrap().span;
        let fix = Fix {
            edits: vec![Edit {
                span,
                replacement: "，".to_string(),
            }],
            safety: Applicability::Safe,
            message: "改为“，”".to_string(),
        };
        let (map, diags) = one(Some(fix));
        let json: serde_json::Value = serde_json::from_str(&render_json(&map, &diags)).unwrap();
        let fix = &json["diagnostics"][0]["fix"];
        assert_eq!(fix["safety"], "safe");
        assert_eq!(fix["edits"][0]["replacement"], "，");
        assert_eq!(fix["edits"][0]["line"], 1);
        let sarif: serde_json::Value =
            serde_json::from_str(&render_sarif(&map, &diags, crate::registry::all())).unwrap();
        let change = &sarif["runs"][0]["results"][0]["fixes"][0]["artifactChanges"][0];
        assert_eq!(change["artifactLocation"]["uri"], "plans/p/plan.yaml");
        assert_eq!(change["replacements"][0]["insertedContent"]["text"], "，");
    }
}
