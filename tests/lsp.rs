//! `guihua lsp` driven over stdio by a scripted client: initialize → didOpen → didChange
//! (a doubled unit after an astral character, then removed) → codeAction → hover →
//! definition → completion → shutdown → exit. Positions are checked in UTF-16 code units,
//! computed here independently of the server.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

struct Client {
    child: Child,
    stdin: ChildStdin,
    inbox: Receiver<Value>,
    next_id: i64,
}

impl Client {
    fn start(bin: &str, root: &Path) -> Client {
        let mut child = Command::new(bin)
            .arg("lsp")
            .arg(root)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take().unwrap();
        let mut out = BufReader::new(child.stdout.take().unwrap());
        let (tx, inbox) = channel();
        std::thread::spawn(move || {
            loop {
                let mut len = 0usize;
                loop {
                    let mut line = String::new();
                    if out.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(n) = line.strip_prefix("Content-Length: ") {
                        len = n.parse().unwrap();
                    }
                }
                let mut body = vec![0; len];
                if out.read_exact(&mut body).is_err() {
                    return;
                }
                if tx.send(serde_json::from_slice(&body).unwrap()).is_err() {
                    return;
                }
            }
        });
        Client {
            child,
            stdin,
            inbox,
            next_id: 1,
        }
    }

    fn send(&mut self, msg: Value) {
        let body = serde_json::to_string(&msg).unwrap();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.stdin.flush().unwrap();
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    fn recv(&self) -> Value {
        self.inbox
            .recv_timeout(Duration::from_secs(60))
            .expect("the server answers within 60 s")
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        loop {
            let m = self.recv();
            if m["id"] == json!(id) {
                assert!(m.get("error").is_none(), "{method}: {m}");
                return m["result"].clone();
            }
        }
    }

    /// The next diagnostics published for `uri`.
    fn diagnostics(&self, uri: &str) -> Vec<Value> {
        loop {
            let m = self.recv();
            if m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri {
                return m["params"]["diagnostics"].as_array().unwrap().clone();
            }
        }
    }
}

fn uri(path: &Path) -> String {
    let mut s = String::from("file://");
    for b in path.to_string_lossy().bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            s.push(b as char);
        } else {
            s.push_str(&format!("%{b:02X}"));
        }
    }
    s
}

/// The LSP position of byte `at` of `text`: line, and UTF-16 units since the line's start.
fn position(text: &str, at: usize) -> Value {
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    json!({
        "line": text[..start].matches('\n').count(),
        "character": text[start..at].encode_utf16().count(),
    })
}

const CHAPTER: &str = "plans/qinhuangdao-2021/chapters/04-产业体系.yaml";

fn open(client: &mut Client, root: &Path) -> (String, String) {
    client.request(
        "initialize",
        json!({ "processId": null, "rootUri": uri(root), "capabilities": {} }),
    );
    client.notify("initialized", json!({}));
    let path = root.join(CHAPTER);
    let text = std::fs::read_to_string(&path).unwrap();
    let doc = uri(&path);
    client.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": doc, "languageId": "yaml", "version": 1, "text": text } }),
    );
    (doc, text)
}

fn change(client: &mut Client, doc: &str, version: i64, text: &str) {
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": doc, "version": version }, "contentChanges": [{ "text": text }] }),
    );
}

fn codes(diags: &[Value]) -> Vec<String> {
    diags
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_scripted_session_over_stdio() {
    let dir = common::example_copy();
    let root = dir.path().canonicalize().unwrap();
    let mut client = Client::start(env!("CARGO_BIN_EXE_guihua"), &root);
    let (doc, text) = open(&mut client, &root);
    let first = client.diagnostics(&doc);
    assert!(!codes(&first).contains(&"T003".to_string()), "{first:?}");

    // A doubled unit after an astral character (two UTF-16 units, one char, four bytes).
    let needle = "医疗服务业收入超过250亿元";
    let edited = text.replacen(needle, "医疗服务业𠀀收入超过250亿元亿元", 1);
    change(&mut client, &doc, 2, &edited);
    let diags = client.diagnostics(&doc);
    let t003: Vec<&Value> = diags.iter().filter(|d| d["code"] == "T003").collect();
    assert_eq!(t003.len(), 1, "{diags:?}");
    let at = edited.find("𠀀").unwrap() + "𠀀收入超过250亿元".len();
    let start = position(&edited, at);
    let end = position(&edited, at + "亿元".len());
    assert_eq!(t003[0]["range"]["start"], start);
    assert_eq!(t003[0]["range"]["end"], end);
    let line_start = edited[..at].rfind('\n').unwrap() + 1;
    assert_eq!(
        start["character"].as_u64().unwrap() as usize,
        edited[line_start..at].chars().count() + 1,
        "𠀀 counts as two UTF-16 units"
    );

    // The quick fix deletes exactly the second 亿元.
    let actions = client.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": doc }, "range": t003[0]["range"], "context": { "diagnostics": [] } }),
    );
    let fix = actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"].as_str().unwrap().starts_with("T003"))
        .unwrap_or_else(|| panic!("{actions}"));
    let edits = &fix["edit"]["changes"][&doc];
    assert_eq!(edits[0]["newText"], "");
    assert_eq!(edits[0]["range"]["start"], start);
    assert_eq!(edits[0]["range"]["end"], end);

    // Removing it again clears the diagnostic.
    change(&mut client, &doc, 3, &text);
    let diags = client.diagnostics(&doc);
    assert!(!codes(&diags).contains(&"T003".to_string()), "{diags:?}");

    // Hover, definition and completion on the first `{{id.target}}` of the chapter.
    let (ws, _) = guihua::load::load(&root).unwrap();
    let plan = ws
        .plans
        .iter()
        .find(|p| p.id == "qinhuangdao-2021")
        .unwrap();
    let target_at = text.find(".target}}").unwrap();
    let open_at = text[..target_at].rfind("{{").unwrap();
    let head = &text[open_at + 2..target_at];
    let (table, ind) = plan.indicator(head).unwrap();
    let inside = position(&text, open_at + 3);
    let hover = client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": doc }, "position": inside }),
    );
    let shown = hover["contents"]["value"].as_str().unwrap();
    assert!(
        shown.contains(&format!("{}{}", ind.target.value, ind.unit.value)),
        "{shown}"
    );
    assert!(
        shown.contains(&ind.name.value) && shown.contains(&table.title.value),
        "{shown}"
    );

    let def = client.request(
        "textDocument/definition",
        json!({ "textDocument": { "uri": doc }, "position": inside }),
    );
    let table_path = ws.sources.get(ind.id.span.file).path.clone();
    let table_text = std::fs::read_to_string(root.join(&table_path)).unwrap();
    assert_eq!(def["uri"], uri(&root.join(&table_path)));
    let id_line = table_text[..ind.id.span.start as usize]
        .matches('\n')
        .count();
    assert_eq!(def["range"]["start"]["line"], id_line);
    assert!(table_text.lines().nth(id_line).unwrap().contains(head));

    let items = client.request(
        "textDocument/completion",
        json!({ "textDocument": { "uri": doc }, "position": position(&text, open_at + 2) }),
    );
    let labels: Vec<&str> = items
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap())
        .collect();
    assert!(
        labels.contains(&head) && labels.contains(&"plan"),
        "{labels:?}"
    );
    let fields = client.request(
        "textDocument/completion",
        json!({ "textDocument": { "uri": doc }, "position": position(&text, target_at + 1) }),
    );
    assert!(fields.to_string().contains("\"target_year\""));

    // A placement: go to the 专栏, complete its id, hover its number and title.
    let placed = text.find("column: platform-medical").unwrap() + "column: ".len();
    let column = plan
        .columns
        .iter()
        .find(|c| c.id.value == "platform-medical")
        .unwrap();
    let def = client.request(
        "textDocument/definition",
        json!({ "textDocument": { "uri": doc }, "position": position(&text, placed + 2) }),
    );
    assert!(def["uri"].as_str().unwrap().ends_with(".yaml"));
    assert_eq!(
        def["uri"],
        uri(&root.join(&ws.sources.get(column.id.span.file).path))
    );
    let hover = client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": doc }, "position": position(&text, placed + 2) }),
    );
    assert_eq!(
        hover["contents"]["value"],
        format!("专栏{} {}", column.number, column.title.value)
    );
    let items = client.request(
        "textDocument/completion",
        json!({ "textDocument": { "uri": doc }, "position": position(&text, placed) }),
    );
    assert!(items.to_string().contains("\"platform-medical\""));

    // The chapter's heading tree with its generated numbers: 四、 and its （一）.
    let chapter = plan
        .chapters
        .iter()
        .find(|c| c.file.ends_with("04-产业体系.yaml"))
        .unwrap();
    let symbols = client.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": doc } }),
    );
    let top = &symbols[0];
    assert_eq!(
        top["name"],
        format!(
            "{}{}",
            guihua::model::numbering::heading_number(0, chapter.number),
            chapter.title.value
        )
    );
    assert!(top["name"].as_str().unwrap().starts_with("四、"), "{top}");
    let first = &top["children"][0];
    assert_eq!(
        first["name"],
        format!("（一）{}", chapter.sections[0].title.value)
    );
    assert_eq!(
        first["selectionRange"]["start"],
        position(
            &text,
            text.find(&format!("title: {}", chapter.sections[0].title.value))
                .unwrap()
                + 7
        )
    );

    assert_eq!(client.request("shutdown", Value::Null), Value::Null);
    client.notify("exit", Value::Null);
    let status = client.child.wait().unwrap();
    assert!(status.success());
}

/// Diagnostics after a didChange in the example's biggest chapter, median of 15 changes.
/// `bash benches/lsp.sh` runs it on a release build; here it runs on whatever binary
/// `GUIHUA_BIN` names (the debug build by default) and prints the figure.
#[test]
#[ignore = "benchmark: bash benches/lsp.sh"]
fn diagnostics_after_did_change_latency() {
    let dir = common::example_copy();
    let root = dir.path().canonicalize().unwrap();
    let bin = std::env::var("GUIHUA_BIN").unwrap_or(env!("CARGO_BIN_EXE_guihua").to_string());
    let mut client = Client::start(&bin, &root);
    let (doc, text) = open(&mut client, &root);
    client.diagnostics(&doc);
    let mut times = Vec::new();
    for v in 0..15 {
        let edited = if v % 2 == 0 {
            text.replacen(
                "医疗服务业收入超过250亿元",
                "医疗服务业收入超过250亿元亿元",
                1,
            )
        } else {
            text.clone()
        };
        let t = Instant::now();
        change(&mut client, &doc, v + 2, &edited);
        client.diagnostics(&doc);
        times.push(t.elapsed());
    }
    times.sort();
    println!(
        "diagnostics after didChange ({}): median {:.1} ms, min {:.1} ms, max {:.1} ms",
        bin,
        times[7].as_secs_f64() * 1e3,
        times[0].as_secs_f64() * 1e3,
        times[14].as_secs_f64() * 1e3
    );
    client.request("shutdown", Value::Null);
    client.notify("exit", Value::Null);
    let _ = client.child.wait();
}
