//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// The diagnostics of a `guihua check --format json` report (its `diagnostics` list, or
/// the report itself when it is a bare list).
pub fn json_diagnostics(report: &serde_json::Value) -> Vec<serde_json::Value> {
    report
        .get("diagnostics")
        .and_then(|d| d.as_array())
        .or_else(|| report.as_array())
        .cloned()
        .unwrap_or_default()
}

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Run scripts/fixtures/make_feedback.py with `args` (the returned files of a 征求意见 round,
/// made with python-docx and openpyxl, which scripts/test.sh installs).
pub fn make_feedback(args: &[&std::ffi::OsStr]) {
    let out = std::process::Command::new("python3")
        .arg(repo().join("scripts/fixtures/make_feedback.py"))
        .args(args)
        .output()
        .expect("python3 is needed");
    assert!(
        out.status.success(),
        "make_feedback.py failed (scripts/test.sh installs python-docx and openpyxl): {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The example plan goes out for comment again: its consultation moves from 2021-09-15 –
/// 2021-10-15 to 2021-10-20 – 2021-11-19, so that a release dated 2021-10-20 is allowed.
pub fn consult_again(plan_yaml: &Path) {
    let text = std::fs::read_to_string(plan_yaml).unwrap();
    assert!(text.contains("start: 2021-09-15") && text.contains("end: 2021-10-15"));
    let text = text
        .replace("start: 2021-09-15", "start: 2021-10-20")
        .replace("end: 2021-10-15", "end: 2021-11-19");
    std::fs::write(plan_yaml, text).unwrap();
}

/// A zip package whose one entry, `entry`, inflates to a gigabyte (a few MB on disk).
pub fn zip_bomb(entry: &str) -> Vec<u8> {
    use std::io::Write;
    let mut buf = std::io::Cursor::new(Vec::new());
    let mut z = zip::ZipWriter::new(&mut buf);
    z.start_file(entry, zip::write::SimpleFileOptions::default())
        .unwrap();
    let chunk = vec![b'a'; 1 << 20];
    for _ in 0..1024 {
        z.write_all(&chunk).unwrap();
    }
    z.finish().unwrap();
    buf.into_inner()
}

/// Copy a directory tree.
pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from).sort_by_file_name() {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

/// A temporary copy of the example workspace (plans/ and guihua.yaml).
pub fn example_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&repo().join("plans"), &dir.path().join("plans"));
    if repo().join("guihua.yaml").exists() {
        std::fs::copy(repo().join("guihua.yaml"), dir.path().join("guihua.yaml")).unwrap();
    }
    dir
}

/// (code, file, line, column) of every diagnostic.
pub fn locations(
    ws: &guihua::model::Workspace,
    diags: &guihua::diagnostic::Diagnostics,
) -> Vec<String> {
    diags
        .iter()
        .map(|d| {
            let f = ws.sources.get(d.span.file);
            let (l, c) = f.line_col(d.span.start as usize);
            let path = f.path.to_string_lossy().replace('\\', "/");
            format!("{} {}:{}:{}", d.code, path, l, c)
        })
        .collect()
}

/// Decode `<0xNN>` escapes into raw bytes.
pub fn decode(text: &str) -> Vec<u8> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find("<0x") {
        out.extend_from_slice(&rest.as_bytes()[..i]);
        let hex = &rest[i + 3..i + 5];
        out.push(u8::from_str_radix(hex, 16).expect("hex byte"));
        rest = &rest[i + 6..];
    }
    out.extend_from_slice(rest.as_bytes());
    out
}

/// A fixture case: `expect:` lines and files to overlay on a base workspace.
/// `=== path` replaces (or creates) a file; `=== path (append)` appends to it.
pub struct Case {
    pub expected: Vec<String>,
    /// `after:` lines: each line the rule's fixes change, as it reads once they are applied
    /// (trimmed); `after: none` says the rule offers no fix in this case.
    pub after: Option<Vec<String>>,
    pub files: Vec<(String, bool, String)>,
}

pub fn parse_case(text: &str) -> Case {
    let mut expected = Vec::new();
    let mut after: Option<Vec<String>> = None;
    let mut current: Option<(String, bool, String)> = None;
    let mut files = Vec::new();
    for line in text.lines() {
        if let Some(e) = line.strip_prefix("expect: ") {
            if e.trim() != "none" {
                expected.push(e.trim().to_string());
            }
        } else if let Some(a) = line.strip_prefix("after: ").filter(|_| current.is_none()) {
            let lines = after.get_or_insert_with(Vec::new);
            if a.trim() != "none" {
                lines.push(a.trim().to_string());
            }
        } else if let Some(p) = line.strip_prefix("=== ") {
            files.extend(current.take());
            let p = p.trim();
            let (path, append) = match p.strip_suffix("(append)") {
                Some(x) => (x.trim().to_string(), true),
                None => (p.to_string(), false),
            };
            current = Some((path, append, String::new()));
        } else if let Some((_, _, body)) = current.as_mut() {
            body.push_str(line);
            body.push('\n');
        }
    }
    files.extend(current);
    Case {
        expected,
        after,
        files,
    }
}

/// Build the case's workspace in a temp dir: `base` copied, then the overlays applied in
/// order (and `@snapshot`s taken).
pub fn case_workspace(base: &Path, case: &Case) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(base, dir.path());
    for (p, append, body) in &case.files {
        // `=== @snapshot <dir>`: the workspace as it stands so far (plans/ and guihua.yaml)
        // copied to <dir>, as a release's source/ snapshot; later overlays change only the
        // current sources.
        if let Some(target) = p.strip_prefix("@snapshot ") {
            let target = dir.path().join(target.trim());
            copy_tree(&dir.path().join("plans"), &target.join("plans"));
            if dir.path().join("guihua.yaml").exists() {
                std::fs::copy(dir.path().join("guihua.yaml"), target.join("guihua.yaml")).unwrap();
            }
            continue;
        }
        let dest = dir.path().join(p);
        std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
        let mut bytes = if *append {
            std::fs::read(&dest).unwrap_or_default()
        } else {
            Vec::new()
        };
        bytes.extend(decode(body));
        std::fs::write(dest, bytes).unwrap();
    }
    dir
}

/// `path:line:column-line:column` of a span, the path relative to the workspace root.
pub fn span_location(ws: &guihua::model::Workspace, span: guihua::source::Span) -> String {
    let f = ws.sources.get(span.file);
    let (l1, c1) = f.line_col(span.start as usize);
    let (l2, c2) = f.line_col(span.end as usize);
    let path = f.path.to_string_lossy().replace('\\', "/");
    format!("{path}:{l1}:{c1}-{l2}:{c2}")
}

/// The text a span covers, on one line, at most 60 characters: a newline shows as `⏎`,
/// other invisible characters (controls, zero-width and direction marks, BOM) as `<U+XXXX>`.
fn span_text(ws: &guihua::model::Workspace, span: guihua::source::Span) -> String {
    let f = ws.sources.get(span.file);
    let text = f
        .text
        .get(span.start as usize..span.end as usize)
        .unwrap_or("");
    let mut out = String::new();
    for c in text.chars().take(60) {
        match c {
            '\n' => out.push('⏎'),
            '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{206F}' => {
                out.push_str(&format!("<U+{:04X}>", c as u32))
            }
            '\u{FEFF}' | '\u{00AD}' => out.push_str(&format!("<U+{:04X}>", c as u32)),
            c if c.is_control() => out.push_str(&format!("<U+{:04X}>", c as u32)),
            c => out.push(c),
        }
    }
    if text.chars().count() > 60 {
        out.push('…');
    }
    out
}

/// Every field of every diagnostic as stable text, for snapshots: code, severity, location
/// (start and end), the text under the span, message, label, each related label with its
/// location, and the hint. Paths are relative to the workspace, so a temporary directory
/// leaves no trace.
pub fn snapshot(ws: &guihua::model::Workspace, diags: &guihua::diagnostic::Diagnostics) -> String {
    if diags.is_empty() {
        return "(no diagnostics)\n".to_string();
    }
    let mut out = String::new();
    for d in diags {
        out.push_str(&format!(
            "{} {} {}\n",
            d.code,
            d.severity.as_str(),
            span_location(ws, d.span)
        ));
        out.push_str(&format!("  text:    「{}」\n", span_text(ws, d.span)));
        out.push_str(&format!("  message: {}\n", d.message));
        out.push_str(&format!("  label:   {}\n", d.label));
        for r in &d.related {
            out.push_str(&format!(
                "  related: {} 「{}」 {}\n",
                span_location(ws, r.span),
                span_text(ws, r.span),
                r.message
            ));
        }
        if let Some(h) = &d.hint {
            out.push_str(&format!("  hint:    {h}\n"));
        }
        if let Some(f) = &d.fix {
            let safety = format!("{:?}", f.safety).to_lowercase();
            out.push_str(&format!("  fix:     {safety} {}\n", f.message));
            for e in &f.edits {
                out.push_str(&format!(
                    "    edit:  {} 「{}」 → 「{}」\n",
                    span_location(ws, e.span),
                    span_text(ws, e.span),
                    e.replacement
                ));
            }
        }
    }
    out
}

/// The first `#` comment of a case: what it is about, for the snapshot's description.
pub fn case_title(text: &str) -> String {
    text.lines()
        .find_map(|l| l.strip_prefix('#'))
        .unwrap_or("")
        .trim()
        .to_string()
}
