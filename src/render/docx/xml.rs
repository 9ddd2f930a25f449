//! WordprocessingML text as data: every piece of author text reaches document.xml through
//! [`text`] or [`runs`], which escape markup characters and drop what XML 1.0 cannot carry
//! (control characters, U+FFFE, U+FFFF). A paragraph holding `<w:p>`, `]]>` or an RTL
//! override is one run of text, never structure.

/// `s` escaped for element content and attribute values, with characters XML 1.0 forbids
/// left out.
pub fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// `s` for an attribute value: as [`text`], with tabs and line breaks as spaces (an
/// attribute's own newlines would be normalised away by every XML reader).
pub fn attr(s: &str) -> String {
    text(&s.replace(['\t', '\n', '\r'], " "))
}

/// How a run is set.
#[derive(Clone, Copy, Default)]
pub struct RunStyle<'a> {
    pub bold: bool,
    /// A font for this run instead of the paragraph style's (emphasis is set in 楷体).
    pub font: Option<&'a str>,
    /// Half-points, when not the style's.
    pub size: Option<u32>,
    /// Struck through (a deletion in the 修订对照表).
    pub strike: bool,
}

/// `<w:rFonts>` naming one family for every script.
pub fn fonts(family: &str) -> String {
    let f = text(family);
    format!(
        r#"<w:rFonts w:ascii="{f}" w:hAnsi="{f}" w:eastAsia="{f}" w:cs="{f}" w:hint="eastAsia"/>"#
    )
}

/// One run (or several, split at tabs and line breaks) of `s` in `style`.
pub fn run(out: &mut String, s: &str, style: RunStyle) {
    run_as(out, s, style, "w:t");
}

/// [`run`] with its text in `tag`: `w:t`, or `w:delText` for text a tracked change deletes.
pub fn run_as(out: &mut String, s: &str, style: RunStyle, tag: &str) {
    if s.is_empty() {
        return;
    }
    let mut props = String::new();
    if let Some(f) = style.font {
        props.push_str(&fonts(f));
    }
    if style.bold {
        props.push_str("<w:b/><w:bCs/>");
    }
    if style.strike {
        props.push_str("<w:strike/>");
    }
    if let Some(sz) = style.size {
        props.push_str(&format!(r#"<w:sz w:val="{sz}"/><w:szCs w:val="{sz}"/>"#));
    }
    out.push_str("<w:r>");
    if !props.is_empty() {
        out.push_str("<w:rPr>");
        out.push_str(&props);
        out.push_str("</w:rPr>");
    }
    let mut piece = String::new();
    let flush = |out: &mut String, piece: &mut String| {
        if !piece.is_empty() {
            out.push('<');
            out.push_str(tag);
            out.push_str(r#" xml:space="preserve">"#);
            out.push_str(&text(piece));
            out.push_str("</");
            out.push_str(tag);
            out.push('>');
            piece.clear();
        }
    };
    for c in s.chars() {
        match c {
            '\n' => {
                flush(out, &mut piece);
                out.push_str("<w:br/>");
            }
            '\t' => {
                flush(out, &mut piece);
                out.push_str("<w:tab/>");
            }
            '\r' => {}
            c => piece.push(c),
        }
    }
    flush(out, &mut piece);
    out.push_str("</w:r>");
}

/// A paragraph of `style` (a style id) holding `body` (runs already written).
pub fn paragraph(out: &mut String, style: &str, extra_props: &str, body: &str) {
    out.push_str(r#"<w:p><w:pPr><w:pStyle w:val=""#);
    out.push_str(style);
    out.push_str(r#""/>"#);
    out.push_str(extra_props);
    out.push_str("</w:pPr>");
    out.push_str(body);
    out.push_str("</w:p>");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_in_text_stays_text() {
        assert_eq!(text("<w:p>]]>&\"'"), "&lt;w:p&gt;]]&gt;&amp;&quot;&apos;");
        assert_eq!(text("a\u{0}\u{1b}b\u{FFFF}\u{202E}c"), "ab\u{202E}c");
        let mut out = String::new();
        run(&mut out, "一\n二\t三", RunStyle::default());
        assert_eq!(
            out,
            r#"<w:r><w:t xml:space="preserve">一</w:t><w:br/><w:t xml:space="preserve">二</w:t><w:tab/><w:t xml:space="preserve">三</w:t></w:r>"#
        );
    }
}
