//! `guihua lsp`: a Language Server over stdio, on lsp-server (the message loop of
//! rust-analyzer) and lsp-types. The editor's open buffers are an [`Overlay`] over the disk,
//! so the workspace is loaded and checked from unsaved text, all plans and all rules
//! (cross-file and cross-plan ones too), after every change; diagnostics are published for
//! every workspace file. Positions are in UTF-16 code units ([`position`]).

mod features;
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
    /// Open documents by path, as the editor has them.
    open: BTreeMap<PathBuf, String>,
    analysis: Option<Analysis>,
    /// Files last published with diagnostics, to clear them when they have none.
    published: BTreeSet<PathBuf>,
}

impl Server {
    /// Load and check the workspace from the open buffers over the disk.
    fn analyse(&mut self) {
        let mut fs = Overlay::over(&Disk);
        for (p, text) in &self.open {
            fs.insert(p, text.as_bytes());
        }
        self.analysis = crate::check_workspace_from(&fs, &self.root)
            .ok()
            .map(|(ws, diags)| Analysis {
                root: self.root.clone(),
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
            let params = lsp::PublishDiagnosticsParams::new(uri, diags, None);
            let n = Notification::new(note::PublishDiagnostics::METHOD.into(), params);
            let _ = conn.sender.send(Message::Notification(n));
        }
        self.published = now;
    }

    fn notification(&mut self, conn: &Connection, n: Notification) {
        let doc_path = |v: &Value| {
            serde_json::from_value::<lsp::Uri>(v["textDocument"]["uri"].clone())
                .ok()
                .and_then(|u| path_of(&u))
        };
        let Some(path) = doc_path(&n.params) else {
            return;
        };
        match n.method.as_str() {
            note::DidOpenTextDocument::METHOD => {
                let text = n.params["textDocument"]["text"]
                    .as_str()
                    .unwrap_or_default();
                self.open.insert(path, text.to_string());
            }
            note::DidChangeTextDocument::METHOD => {
                // Full synchronisation: the last change holds the whole text.
                let changes = n.params["contentChanges"].as_array();
                if let Some(text) = changes
                    .and_then(|c| c.last())
                    .and_then(|c| c["text"].as_str())
                {
                    self.open.insert(path, text.to_string());
                }
            }
            note::DidCloseTextDocument::METHOD => {
                self.open.remove(&path);
            }
            note::DidSaveTextDocument::METHOD => {}
            _ => return,
        }
        self.analyse();
        self.publish(conn);
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
    for msg in &conn.receiver {
        match msg {
            Message::Request(r) => {
                if conn.handle_shutdown(&r).unwrap_or(true) {
                    break;
                }
                let result = server.request(&r);
                let _ = conn
                    .sender
                    .send(Message::Response(Response::new_ok(r.id, result)));
            }
            Message::Notification(n) => server.notification(&conn, n),
            Message::Response(_) => {}
        }
    }
    drop(conn);
    match io.join() {
        Ok(()) => 0,
        Err(_) => 2,
    }
}
