//! `guihua lsp` driven over stdio by a scripted client: initialize → didOpen → didChange
//! (a doubled unit after an astral character, then removed) → codeAction → hover →
//! definition → completion → shutdown → exit. Positions are checked in UTF-16 code units,
//! computed here independently of the server. Further sessions: find references (indicators
//! across plans, 专栏, plan ids; the expected places found by reading the files), definition
//! and hover of parent-plan ids, stage completion, an unsafe quick fix, and a burst of
//! didChange messages checked far fewer times than sent.

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

/// Start a session on a copy of the example and open `CHAPTER`, its first diagnostics read.
fn session() -> (
    tempfile::TempDir,
    std::path::PathBuf,
    Client,
    String,
    String,
) {
    let dir = common::example_copy();
    let root = dir.path().canonicalize().unwrap();
    let mut client = Client::start(env!("CARGO_BIN_EXE_guihua"), &root);
    let (doc, text) = open(&mut client, &root);
    client.diagnostics(&doc);
    (dir, root, client, doc, text)
}

fn end(mut client: Client) {
    assert_eq!(client.request("shutdown", Value::Null), Value::Null);
    client.notify("exit", Value::Null);
    assert!(client.child.wait().unwrap().success());
}

/// Every place where `token` is written as a whole id (not part of a longer one) in the
/// YAML files under `root`, comments left out, as (uri, position): found by reading the
/// files, independently of the server.
fn written(root: &Path, token: &str) -> Vec<(String, Value)> {
    let id_char = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_';
    let mut out = Vec::new();
    for e in walkdir::WalkDir::new(root).sort_by_file_name() {
        let e = e.unwrap();
        if e.path().extension().is_none_or(|x| x != "yaml") {
            continue;
        }
        let text = std::fs::read_to_string(e.path()).unwrap();
        let mut line_start = 0;
        for line in text.split_inclusive('\n') {
            let code = line.split(" #").next().unwrap();
            let code = if code.trim_start().starts_with('#') {
                ""
            } else {
                code
            };
            for (i, _) in code.match_indices(token) {
                let before = code[..i].chars().next_back();
                let after = code[i + token.len()..].chars().next();
                if !before.is_some_and(id_char) && !after.is_some_and(id_char) {
                    out.push((uri(e.path()), position(&text, line_start + i)));
                }
            }
            line_start += line.len();
        }
    }
    out.sort_by_key(|(u, p)| (u.clone(), p.to_string()));
    out
}

fn locations(v: &Value) -> Vec<(String, Value)> {
    let mut out: Vec<(String, Value)> = v
        .as_array()
        .unwrap_or_else(|| panic!("{v}"))
        .iter()
        .map(|l| {
            (
                l["uri"].as_str().unwrap().to_string(),
                l["range"]["start"].clone(),
            )
        })
        .collect();
    out.sort_by_key(|(u, p)| (u.clone(), p.to_string()));
    out
}

/// The position of the `nth` whole-id occurrence of `token` in the file at `rel`.
fn at_token(root: &Path, rel: &str, needle: &str, skip: usize) -> (String, Value) {
    let path = root.join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("{rel}: no `{needle}`"));
    (uri(&path), position(&text, at + skip))
}

#[test]
fn references_of_an_indicator_across_files_and_plans() {
    let (_dir, root, mut client, _, _) = session();
    let id = "value-added-2020";
    let all = written(&root, id);
    let (def_uri, def_pos) = at_token(
        &root,
        "plans/beidaihe-2016/indicators/targets-2020.yaml",
        "id: value-added-2020",
        4,
    );
    assert!(all.contains(&(def_uri.clone(), def_pos.clone())), "{all:?}");
    let uses: Vec<(String, Value)> = all
        .iter()
        .filter(|l| **l != (def_uri.clone(), def_pos.clone()))
        .cloned()
        .collect();
    // One in beidaihe's own prose, one in qinhuangdao's relations.yaml.
    assert!(uses.len() >= 2, "{uses:?}");
    assert!(uses.iter().any(|(u, _)| u.contains("qinhuangdao-2021")));
    assert!(
        uses.iter()
            .any(|(u, _)| u.contains("beidaihe-2016/chapters"))
    );

    let refs = |client: &mut Client, doc: &str, pos: &Value, declaration: bool| {
        locations(&client.request(
            "textDocument/references",
            json!({ "textDocument": { "uri": doc }, "position": pos,
                    "context": { "includeDeclaration": declaration } }),
        ))
    };
    // From the definition, with and without it.
    assert_eq!(refs(&mut client, &def_uri, &def_pos, false), uses);
    assert_eq!(refs(&mut client, &def_uri, &def_pos, true), all);
    // From a use in another plan: `parent: beidaihe-2016/value-added-2020`, on its second half.
    let (rel_uri, rel_pos) = at_token(
        &root,
        "plans/qinhuangdao-2021/relations.yaml",
        "beidaihe-2016/value-added-2020",
        "beidaihe-2016/value".len(),
    );
    assert_eq!(refs(&mut client, &rel_uri, &rel_pos, true), all);
    // From a `{{id.field}}` in prose, the cursor on the field.
    let (prose_uri, prose_pos) = at_token(
        &root,
        "plans/beidaihe-2016/chapters/02-strategy.yaml",
        "{{value-added-2020.target}}",
        "{{value-added-2020.ta".len(),
    );
    assert_eq!(refs(&mut client, &prose_uri, &prose_pos, false), uses);
    // A 专栏: every placement, none of another 专栏's.
    let (col_uri, col_pos) = at_token(
        &root,
        "plans/qinhuangdao-2021/columns/platform-medical.yaml",
        "id: platform-medical",
        4,
    );
    let placed = refs(&mut client, &col_uri, &col_pos, false);
    let want: Vec<(String, Value)> = written(&root, "platform-medical")
        .into_iter()
        .filter(|(u, _)| u.contains("chapters"))
        .collect();
    assert!(!want.is_empty());
    assert_eq!(placed, want);
    end(client);
}

#[test]
fn parent_plan_ids_go_to_the_plan_and_find_their_uses() {
    let (_dir, root, mut client, _, _) = session();
    let parent = root.join("plans/beidaihe-2016/plan.yaml");
    let parent_text = std::fs::read_to_string(&parent).unwrap();
    let title_line = parent_text[..parent_text.find("title:").unwrap()]
        .matches('\n')
        .count();
    let (plan_uri, on_id) = at_token(
        &root,
        "plans/qinhuangdao-2021/plan.yaml",
        "implements: [beidaihe-2016]",
        "implements: [bei".len(),
    );
    let def = client.request(
        "textDocument/definition",
        json!({ "textDocument": { "uri": plan_uri }, "position": on_id }),
    );
    assert_eq!(def["uri"], uri(&parent));
    assert_eq!(def["range"]["start"]["line"], title_line);

    // The first half of `parent: plan/indicator` is the plan, the second the indicator.
    let (rel_uri, on_plan) = at_token(
        &root,
        "plans/qinhuangdao-2021/relations.yaml",
        "beidaihe-2016/value-added-2020",
        2,
    );
    let def = client.request(
        "textDocument/definition",
        json!({ "textDocument": { "uri": rel_uri }, "position": on_plan }),
    );
    assert_eq!(def["uri"], uri(&parent));
    let (_, on_indicator) = at_token(
        &root,
        "plans/qinhuangdao-2021/relations.yaml",
        "beidaihe-2016/value-added-2020",
        "beidaihe-2016/".len() + 1,
    );
    let def = client.request(
        "textDocument/definition",
        json!({ "textDocument": { "uri": rel_uri }, "position": on_indicator }),
    );
    assert!(
        def["uri"].as_str().unwrap().ends_with("targets-2020.yaml"),
        "{def}"
    );

    let (ws, _) = guihua::load::load(&root).unwrap();
    let plan = ws.plans.iter().find(|p| p.id == "beidaihe-2016").unwrap();
    let hover = client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": plan_uri }, "position": on_id }),
    );
    let shown = hover["contents"]["value"].as_str().unwrap();
    assert!(shown.contains(&plan.title.value), "{shown}");
    assert!(shown.contains(plan.stage.value.zh()), "{shown}");

    // Its uses: implements and parents of the plans below it, and nothing in its own files.
    let uses: Vec<(String, Value)> = written(&root, "beidaihe-2016")
        .into_iter()
        .filter(|(u, _)| !u.contains("/plans/beidaihe-2016/"))
        .collect();
    assert!(uses.len() >= 4, "{uses:?}");
    let refs = client.request(
        "textDocument/references",
        json!({ "textDocument": { "uri": rel_uri }, "position": on_plan,
                "context": { "includeDeclaration": false } }),
    );
    assert_eq!(locations(&refs), uses);
    // The same from the parent's own plan.yaml, at its title.
    let (parent_uri, on_title) = at_token(&root, "plans/beidaihe-2016/plan.yaml", "title: ", 7);
    let refs = client.request(
        "textDocument/references",
        json!({ "textDocument": { "uri": parent_uri }, "position": on_title,
                "context": { "includeDeclaration": false } }),
    );
    assert_eq!(locations(&refs), uses);
    end(client);
}

#[test]
fn stage_names_complete_from_the_model() {
    let (_dir, root, mut client, _, _) = session();
    let (plan_uri, after_key) = at_token(
        &root,
        "plans/qinhuangdao-2021/plan.yaml",
        "stage: ",
        "stage: ".len(),
    );
    let items = client.request(
        "textDocument/completion",
        json!({ "textDocument": { "uri": plan_uri }, "position": after_key }),
    );
    let mut items = items.as_array().unwrap().clone();
    items.sort_by_key(|i| i["sortText"].as_str().unwrap_or_default().to_string());
    let labels: Vec<&str> = items.iter().map(|i| i["label"].as_str().unwrap()).collect();
    let stages: Vec<&str> = guihua::model::Stage::ALL.iter().map(|s| s.zh()).collect();
    assert_eq!(labels, stages);
    // Elsewhere in plan.yaml no stage is offered.
    let (_, on_title) = at_token(&root, "plans/qinhuangdao-2021/plan.yaml", "title: ", 7);
    let items = client.request(
        "textDocument/completion",
        json!({ "textDocument": { "uri": plan_uri }, "position": on_title }),
    );
    assert!(!items.to_string().contains("送审稿"), "{items}");
    end(client);
}

#[test]
fn an_unsafe_fix_is_offered_marked_and_not_preferred() {
    let (_dir, root, mut client, doc, text) = session();
    let (ws, _) = guihua::load::load(&root).unwrap();
    let entry = &ws.config.glossary[0];
    let variant = &entry.variants[0].value;
    let needle = "医疗服务业收入超过250亿元";
    let edited = text.replacen(needle, &format!("{variant}{needle}"), 1);
    change(&mut client, &doc, 2, &edited);
    let diags = client.diagnostics(&doc);
    let n001: Vec<&Value> = diags.iter().filter(|d| d["code"] == "N001").collect();
    assert_eq!(n001.len(), 1, "{diags:?}");
    let at = edited.find(&format!("{variant}{needle}")).unwrap();
    assert_eq!(n001[0]["range"]["start"], position(&edited, at));
    let actions = client.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": doc }, "range": n001[0]["range"], "context": { "diagnostics": [] } }),
    );
    let fix = actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"].as_str().unwrap().starts_with("N001"))
        .unwrap_or_else(|| panic!("{actions}"));
    assert_eq!(fix["isPreferred"], false);
    assert!(
        fix["title"].as_str().unwrap().contains("需人工确认"),
        "{fix}"
    );
    let edits = fix["edit"]["changes"][&doc].as_array().unwrap();
    assert_eq!(edits.len(), 1);
    assert_eq!(edits[0]["newText"], entry.name.value);
    assert_eq!(edits[0]["range"]["start"], position(&edited, at));
    assert_eq!(
        edits[0]["range"]["end"],
        position(&edited, at + variant.len())
    );
    // A safe fix, by contrast, is preferred.
    let doubled = text.replacen(needle, &format!("{needle}亿元"), 1);
    change(&mut client, &doc, 3, &doubled);
    let diags = client.diagnostics(&doc);
    let t003 = diags.iter().find(|d| d["code"] == "T003").unwrap();
    let actions = client.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": doc }, "range": t003["range"], "context": { "diagnostics": [] } }),
    );
    let fix = (actions.as_array().unwrap().iter())
        .find(|a| a["title"].as_str().unwrap().starts_with("T003"))
        .unwrap();
    assert_eq!(fix["isPreferred"], true);
    assert!(!fix["title"].as_str().unwrap().contains("需人工确认"));
    end(client);
}

/// 20 changes sent at once, each with a doubled 的 somewhere else, the last with a doubled
/// unit instead: the server checks far fewer times than it was sent changes, and what it
/// publishes last is the last text's diagnostics, with its version.
#[test]
fn a_burst_of_changes_is_checked_once_for_the_latest_text() {
    let (_dir, _root, mut client, doc, text) = session();
    let needle = "医疗服务业收入超过250亿元";
    let n = 20;
    let sentences: Vec<usize> = text.match_indices('，').map(|(i, _)| i).take(n).collect();
    assert_eq!(sentences.len(), n);
    for (k, &at) in sentences.iter().enumerate().take(n - 1) {
        let mut t = text.clone();
        t.insert_str(at, "的的");
        change(&mut client, &doc, 10 + k as i64, &t);
    }
    let last = text.replacen(needle, &format!("{needle}亿元"), 1);
    let last_version = 10 + n as i64 - 1;
    change(&mut client, &doc, last_version, &last);
    // A request after the burst: answered once the buffers before it are checked.
    let id = client.next_id;
    client.next_id += 1;
    client.send(
        json!({ "jsonrpc": "2.0", "id": id, "method": "textDocument/documentSymbol",
                        "params": { "textDocument": { "uri": doc } } }),
    );
    let mut published = Vec::new();
    loop {
        let m = client.recv();
        if m["id"] == json!(id) {
            break;
        }
        if m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == doc {
            published.push(m["params"].clone());
        }
    }
    assert!(
        !published.is_empty() && published.len() < n / 2,
        "{} checks for {n} changes",
        published.len()
    );
    let final_ = published.last().unwrap();
    assert_eq!(final_["version"], last_version);
    let diags = final_["diagnostics"].as_array().unwrap();
    let t003: Vec<&Value> = diags.iter().filter(|d| d["code"] == "T003").collect();
    assert_eq!(t003.len(), 1, "{diags:?}");
    let at = last.find(needle).unwrap() + needle.len();
    assert_eq!(t003[0]["range"]["start"], position(&last, at));
    end(client);
}
