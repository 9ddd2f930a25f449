//! `guihua lsp`: a Language Server over stdio, on lsp-server (the message loop of
//! rust-analyzer) and lsp-types. The editor's open buffers are an [`Overlay`] over the disk,
//! so the workspace is loaded and checked from unsaved text, all plans and all rules
//! (cross-file and cross-plan ones too), after every change; diagnostics are published for
//! every workspace file. Positions are in UTF-16 code units ([`position`]).

mod features;
mod navigate;
pub mod position;
mod symbols;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use lsp_server::{Connection, Message, Notification, Request, Response};
use lsp_types as lsp;
use lsp_types::notification::{self as note, Notification as _};
use lsp_types::request::{self as req, Request as _};
use serde_json::{Value, json};

use crate::files::{Disk, Overlay};
use features::Analysis;
use position::{path_of, uri_of};

struct Server {
    root: PathBuf,
    /// Open documents by path, as the editor has them, with their versions.
    open: BTreeMap<PathBuf, (String, Option<i32>)>,
    analysis: Option<Analysis>,
    /// Files last published with diagnostics, to clear them when they have none.
    published: BTreeSet<PathBuf>,
}

impl Server {
    /// Load and check the workspace from the open buffers over the disk.
    fn analyse(&mut self) {
        let mut fs = Overlay::over(&Disk);
        for (p, (text, _)) in &self.open {
            fs.insert(p, text.as_bytes());
        }
        self.analysis = crate::check_workspace_from(&fs, &self.root)
            .ok()
            .map(|(ws, diags)| Analysis {
                root: self.root.clone(),
                index: navigate::Index::build(&ws),
                ws,
                diags: diags.into_vec(),
            });
    }

    /// publishDiagnostics for every file with diagnostics, and an empty list for each file
    /// that had some before.
    fn publish(&mut self, conn: &Connection) {
        let Some(a) = &self.analysis else { return };
        let mut now = BTreeSet::new();
        for (path, diags) in a.diagnostics_by_file() {
            if diags.is_empty() && !self.published.contains(&path) && !self.open.contains_key(&path)
            {
                continue;
            }
            if !diags.is_empty() {
                now.insert(path.clone());
            }
            let Some(uri) = uri_of(&path) else { continue };
            let version = self.open.get(&path).and_then(|(_, v)| *v);
            let params = lsp::PublishDiagnosticsParams::new(uri, diags, version);
            let n = Notification::new(note::PublishDiagnostics::METHOD.into(), params);
            let _ = conn.sender.send(Message::Notification(n));
        }
        self.published = now;
    }

    /// Take a document notification into the open buffers; whether anything changed.
    fn apply(&mut self, n: &Notification) -> bool {
        let doc = &n.params["textDocument"];
        let Some(path) = serde_json::from_value::<lsp::Uri>(doc["uri"].clone())
            .ok()
            .and_then(|u| path_of(&u))
        else {
            return false;
        };
        let version = doc["version"].as_i64().and_then(|v| i32::try_from(v).ok());
        match n.method.as_str() {
            note::DidOpenTextDocument::METHOD => {
                let text = doc["text"].as_str().unwrap_or_default();
                self.open.insert(path, (text.to_string(), version));
            }
            note::DidChangeTextDocument::METHOD => {
                // Full synchronisation: the last change holds the whole text.
                let changes = n.params["contentChanges"].as_array();
                let Some(text) = changes
                    .and_then(|c| c.last())
                    .and_then(|c| c["text"].as_str())
                else {
                    return false;
                };
                self.open.insert(path, (text.to_string(), version));
            }
            note::DidCloseTextDocument::METHOD => {
                self.open.remove(&path);
            }
            // Saving changes nothing the buffers do not already hold.
            _ => return false,
        }
        true
    }

    fn request(&self, r: &Request) -> Value {
        let Some(a) = &self.analysis else {
            return Value::Null;
        };
        let p = &r.params;
        let path = serde_json::from_value::<lsp::Uri>(p["textDocument"]["uri"].clone())
            .ok()
            .and_then(|u| path_of(&u));
        let pos = serde_json::from_value::<lsp::Position>(p["position"].clone()).ok();
        let Some(path) = path else {
            return Value::Null;
        };
        let json = |v: Option<Value>| v.unwrap_or(Value::Null);
        match (r.method.as_str(), pos) {
            (req::HoverRequest::METHOD, Some(pos)) => json(a.hover(&path, pos).and_then(to_json)),
            (req::GotoDefinition::METHOD, Some(pos)) => {
                json(a.definition(&path, pos).and_then(to_json))
            }
            (req::Completion::METHOD, Some(pos)) => json(to_json(a.completion(&path, pos))),
            (req::References::METHOD, Some(pos)) => {
                let declaration = p["context"]["includeDeclaration"].as_bool().unwrap_or(true);
                json(to_json(a.references(&path, pos, declaration)))
            }
            (req::DocumentSymbolRequest::METHOD, _) => json(to_json(a.symbols(&path))),
            (req::CodeActionRequest::METHOD, _) => {
                match serde_json::from_value::<lsp::Range>(p["range"].clone()) {
                    Ok(range) => json(to_json(a.code_actions(&path, range))),
                    Err(_) => Value::Null,
                }
            }
            _ => Value::Null,
        }
    }
}

fn to_json<T: serde::Serialize>(v: T) -> Option<Value> {
    serde_json::to_value(v).ok()
}

fn capabilities() -> Value {
    json!({
        "textDocumentSync": { "openClose": true, "change": 1, "save": {} },
        "hoverProvider": true,
        "definitionProvider": true,
        "referencesProvider": true,
        "documentSymbolProvider": true,
        "completionProvider": { "triggerCharacters": ["{", ".", " "] },
        "codeActionProvider": { "codeActionKinds": ["quickfix"] },
    })
}

/// Serve on stdin and stdout until the client says `exit`; `root` when the client names no
/// workspace folder. Returns the exit code.
pub fn run(root: &Path) -> u8 {
    let (conn, io) = Connection::stdio();
    let Ok((id, params)) = conn.initialize_start() else {
        eprintln!("错误：语言服务器初始化失败（客户端没有发送 initialize）");
        return 2;
    };
    let from_client = serde_json::from_value::<lsp::Uri>(params["rootUri"].clone())
        .ok()
        .and_then(|u| path_of(&u));
    let root = crate::load::find_root(&from_client.unwrap_or_else(|| root.to_path_buf()));
    let result = json!({
        "capabilities": capabilities(),
        "serverInfo": { "name": "guihua", "version": env!("CARGO_PKG_VERSION") },
    });
    if conn.initialize_finish(id, result).is_err() {
        return 2;
    }
    let mut server = Server {
        root,
        open: BTreeMap::new(),
        analysis: None,
        published: BTreeSet::new(),
    };
    server.analyse();
    // Messages that arrived while the last check ran are taken together: a burst of
    // didChange notifications (typing) costs one check of the latest text, not one each.
    // lsp-server hands messages over one at a time (a rendezvous channel), so a thread
    // queues them as they are read; the loop then drains what is queued before checking.
    // A request waits until the buffers before it are checked, so it sees them.
    let (queue, inbox) = std::sync::mpsc::channel();
    let from_client = conn.receiver.clone();
    std::thread::spawn(move || {
        for m in from_client {
            if queue.send(m).is_err() {
                return;
            }
        }
    });
    let mut next = None;
    loop {
        let msg = match next.take() {
            Some(m) => m,
            None => match inbox.recv() {
                Ok(m) => m,
                Err(_) => break,
            },
        };
        match msg {
            Message::Request(r) if r.method == req::Shutdown::METHOD => {
                let _ = conn.sender.send(Response::new_ok(r.id, ()).into());
                // Then only `exit` is expected; the reader stops after it.
                let wait = std::time::Duration::from_secs(30);
                while let Ok(m) = inbox.recv_timeout(wait) {
                    if matches!(&m, Message::Notification(n) if n.method == note::Exit::METHOD) {
                        break;
                    }
                }
                break;
            }
            Message::Request(r) => {
                let result = server.request(&r);
                let _ = conn
                    .sender
                    .send(Message::Response(Response::new_ok(r.id, result)));
            }
            Message::Notification(n) => {
                let mut changed = server.apply(&n);
                while let Ok(m) = inbox.try_recv() {
                    match m {
                        Message::Notification(n) => changed |= server.apply(&n),
                        other => {
                            next = Some(other);
                            break;
                        }
                    }
                }
                if changed {
                    server.analyse();
                    server.publish(&conn);
                }
            }
            Message::Response(_) => {}
        }
    }
    drop(conn);
    match io.join() {
        Ok(()) => 0,
        Err(_) => 2,
    }
}
