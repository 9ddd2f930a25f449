//! GitHub Actions workflow commands: one `::error file=…,line=…,col=…::message` per
//! diagnostic, which GitHub shows as annotations on the pull request.

use super::json::{Location, path_string};
use super::{Diagnostics, Severity};
use crate::source::SourceMap;

/// Workflow-command escaping: `%`, CR and LF in data; also `,` and `:` in properties.
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

pub fn render_github(sources: &SourceMap, diags: &Diagnostics) -> String {
    let mut out = String::new();
    for d in diags {
        let level = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let loc = Location::of(sources, d.span);
        let mut message = format!("[{}] {}", d.code, d.message);
        if let Some(h) = &d.hint {
            message.push_str("\n提示：");
            message.push_str(h);
        }
        out.push_str(&format!(
            "::{level} file={},line={},col={},endLine={},endColumn={},title={}::{}\n",
            escape_property(&path_string(sources, d.span)),
            loc.line,
            loc.column,
            loc.end_line,
            loc.end_column,
            escape_property(&format!("guihua {}", d.code)),
            escape_data(&message)
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes() {
        assert_eq!(super::escape_data("a%b\nc"), "a%25b%0Ac");
        assert_eq!(super::escape_property("a,b:c"), "a%2Cb%3Ac");
    }
}
