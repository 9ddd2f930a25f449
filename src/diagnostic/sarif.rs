//! SARIF 2.1.0, for code-scanning upload. Columns are Unicode code points
//! (`columnKind: unicodeCodePoints`), matching the human and JSON output.

use serde_json::{Value, json};

use super::json::{Location, path_string};
use super::{Diagnostics, Severity};
use crate::registry::CodeInfo;
use crate::source::{SourceMap, Span};

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A relative path as a URI reference: `/` kept, everything outside RFC 3986's unreserved
/// set percent-encoded as UTF-8 (规划 → %E8%A7%84%E5%88%92).
fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len() * 3);
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn location(sources: &SourceMap, span: Span) -> Value {
    let l = Location::of(sources, span);
    json!({
        "physicalLocation": {
            "artifactLocation": { "uri": uri(&path_string(sources, span)), "uriBaseId": "%SRCROOT%" },
            "region": {
                "startLine": l.line,
                "startColumn": l.column,
                "endLine": l.end_line,
                "endColumn": l.end_column.max(if l.end_line == l.line { l.column } else { 1 }),
            }
        }
    })
}

/// A SARIF `fix`: the edits grouped by file (in the order the files first appear), each a
/// replacement of a region.
fn fix_object(sources: &SourceMap, fix: &super::Fix) -> Value {
    let mut changes: Vec<(crate::source::FileId, Value, Vec<Value>)> = Vec::new();
    for e in &fix.edits {
        let at = location(sources, e.span);
        let replacement = json!({
            "deletedRegion": at["physicalLocation"]["region"],
            "insertedContent": { "text": e.replacement },
        });
        match changes.iter_mut().find(|(f, _, _)| *f == e.span.file) {
            Some((_, _, r)) => r.push(replacement),
            None => changes.push((
                e.span.file,
                at["physicalLocation"]["artifactLocation"].clone(),
                vec![replacement],
            )),
        }
    }
    let changes: Vec<Value> = changes
        .into_iter()
        .map(|(_, artifact, replacements)| {
            json!({ "artifactLocation": artifact, "replacements": replacements })
        })
        .collect();
    json!({ "description": { "text": fix.message }, "artifactChanges": changes })
}

/// `rules` is the code registry ([`crate::registry::all`]): the driver lists every code.
pub fn render_sarif(sources: &SourceMap, diags: &Diagnostics, rules: &[CodeInfo]) -> String {
    let rule_index = |code: &str| rules.iter().position(|r| r.code == code);
    let results: Vec<Value> = diags
        .iter()
        .map(|d| {
            let mut text = d.message.clone();
            if let Some(h) = &d.hint {
                text.push_str("（提示：");
                text.push_str(h);
                text.push('）');
            }
            let mut r = json!({
                "ruleId": d.code,
                "level": level(d.severity),
                "message": { "text": text },
                "locations": [location(sources, d.span)],
            });
            if let Some(i) = rule_index(d.code) {
                r["ruleIndex"] = json!(i);
            }
            if !d.related.is_empty() {
                r["relatedLocations"] = Value::Array(
                    d.related
                        .iter()
                        .enumerate()
                        .map(|(i, rel)| {
                            let mut l = location(sources, rel.span);
                            l["id"] = json!(i);
                            l["message"] = json!({ "text": rel.message });
                            l
                        })
                        .collect(),
                );
            }
            if let Some(fix) = &d.fix {
                r["fixes"] = json!([fix_object(sources, fix)]);
            }
            r
        })
        .collect();
    let rules: Vec<Value> = rules
        .iter()
        .map(|r| {
            json!({
                "id": r.code,
                "name": r.name,
                "shortDescription": { "text": r.summary },
                "fullDescription": { "text": r.explanation },
                "defaultConfiguration": { "level": level(r.severity) },
                "help": { "text": format!("guihua rules {} 查看说明与示例", r.code) },
                "properties": { "fix": r.fix_str() },
            })
        })
        .collect();
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "guihua",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://guihua.invalid/",
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    });
    let mut s = serde_json::to_string_pretty(&log).unwrap_or_default();
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    #[test]
    fn uris_are_percent_encoded() {
        assert_eq!(
            super::uri("plans/a b/规划.yaml"),
            "plans/a%20b/%E8%A7%84%E5%88%92.yaml"
        );
    }
}
