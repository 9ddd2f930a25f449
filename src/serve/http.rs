//! The HTTP side: one thread answers requests and rebuilds on changes, so the site needs no
//! lock; the watcher (notify, debounced) sends its events over a channel.

use std::io::Write;
use std::net::{Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

use std::collections::HashMap;
use std::time::SystemTime;

use notify_debouncer_mini::notify::{RecommendedWatcher, RecursiveMode};
use notify_debouncer_mini::{DebounceEventResult, Debouncer, new_debouncer};

use super::route::{Route, route};
use super::site::{Changes, Site};

pub struct Options {
    pub root: PathBuf,
    /// 0: any free port.
    pub port: u16,
    /// Debounce of the watcher: saves closer together than this are one change.
    pub debounce: Duration,
}

/// Serve until the process ends. `ready` is called once with the bound address.
pub fn run(opts: &Options, ready: impl FnOnce(SocketAddr)) -> Result<(), String> {
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, opts.port));
    let server = tiny_http::Server::http(addr)
        .map_err(|e| format!("无法在 {addr} 上监听：{e}；换一个端口（--port）再试"))?;
    let bound = server
        .server_addr()
        .to_ip()
        .ok_or_else(|| "监听地址不是 IP 地址".to_string())?;
    let (tx, changes) = channel();
    let mut debouncer = new_debouncer(opts.debounce, move |res: DebounceEventResult| {
        let paths: Vec<PathBuf> = match res {
            Ok(events) => events.into_iter().map(|e| e.path).collect(),
            // A watcher error (a folder removed under it …): rebuild to be safe.
            Err(_) => vec![PathBuf::new()],
        };
        let _ = tx.send(paths);
    })
    .map_err(|e| format!("无法监视文件变化：{e}"))?;
    let ignored = ignored_dirs(&opts.root);
    // The root itself (guihua.yaml, new folders), then each of its folders but the ignored
    // ones: a workspace at a repository's root must not watch its target/.
    debouncer
        .watcher()
        .watch(&opts.root, RecursiveMode::NonRecursive)
        .map_err(|e| format!("无法监视 {}：{e}", opts.root.display()))?;
    let mut watched = Vec::new();
    watch_folders(&mut debouncer, &opts.root, &ignored, &mut watched);
    let mut stamps = Stamps::new(&opts.root, &ignored);
    let mut site = Site::open(&opts.root);
    ready(bound);
    let mut clients: Vec<Box<dyn Write + Send>> = Vec::new();
    let mut idle = 0u32;
    loop {
        if let Some(paths) = drain(&changes)
            && stamps.changed(
                paths
                    .iter()
                    .filter(|p| !ignored.iter().any(|d| p.starts_with(d))),
            )
        {
            watch_folders(&mut debouncer, &opts.root, &ignored, &mut watched);
            let started = std::time::Instant::now();
            let changed = site.rebuild();
            if !changed.is_empty() {
                eprintln!(
                    "已更新（{} ms）：{}",
                    started.elapsed().as_millis(),
                    describe(&changed)
                );
                broadcast(&mut clients, &event(&site, &changed));
            }
        }
        match server.recv_timeout(Duration::from_millis(5)) {
            Ok(Some(request)) => answer(&mut site, request, &mut clients),
            Ok(None) => {
                idle += 1;
                // A comment line every ~15 s drops the streams of closed pages.
                if idle.is_multiple_of(3000) {
                    broadcast(&mut clients, ": keep-alive\n\n");
                }
            }
            Err(e) => return Err(format!("HTTP 服务出错：{e}")),
        }
    }
}

/// The size and modification time of every file and folder seen: notify also reports files
/// being opened and read (by the rebuild itself), which change neither.
struct Stamps(HashMap<PathBuf, Option<(SystemTime, u64)>>);

fn stamp(path: &Path) -> Option<(SystemTime, u64)> {
    let m = std::fs::symlink_metadata(path).ok()?;
    Some((m.modified().ok()?, m.len()))
}

impl Stamps {
    fn new(root: &Path, ignored: &[PathBuf]) -> Stamps {
        let walk = walkdir::WalkDir::new(root)
            .into_iter()
            .filter_entry(|e| !ignored.iter().any(|d| e.path().starts_with(d)));
        let stamps = walk
            .flatten()
            .map(|e| (e.path().to_path_buf(), stamp(e.path())))
            .collect();
        Stamps(stamps)
    }

    /// Whether any of `paths` changed since last seen (a path never seen has); remembers them.
    fn changed<'a>(&mut self, paths: impl Iterator<Item = &'a PathBuf>) -> bool {
        let mut any = false;
        for p in paths {
            // The watcher's error: rebuild to be safe.
            if p.as_os_str().is_empty() {
                any = true;
                continue;
            }
            let now = stamp(p);
            any |= self.0.insert(p.clone(), now) != Some(now);
        }
        any
    }
}

/// Watch each folder directly in `root` that is not ignored and not watched yet.
fn watch_folders(
    debouncer: &mut Debouncer<RecommendedWatcher>,
    root: &Path,
    ignored: &[PathBuf],
    watched: &mut Vec<PathBuf>,
) {
    let Ok(entries) = std::fs::read_dir(root) else {
        return;
    };
    for e in entries.flatten() {
        let path = e.path();
        let skip = ignored.iter().any(|d| path.starts_with(d))
            || e.file_name().to_string_lossy().starts_with('.')
            || e.file_name() == "node_modules";
        if !skip && path.is_dir() && !watched.contains(&path) {
            // A folder that cannot be watched is only not live.
            if debouncer
                .watcher()
                .watch(&path, RecursiveMode::Recursive)
                .is_ok()
            {
                watched.push(path);
            }
        }
    }
}

/// Every batch of changed paths waiting, merged; `None` when there is none.
fn drain(changes: &Receiver<Vec<PathBuf>>) -> Option<Vec<PathBuf>> {
    let mut all: Option<Vec<PathBuf>> = None;
    while let Ok(paths) = changes.try_recv() {
        all.get_or_insert_with(Vec::new).extend(paths);
    }
    all
}

/// Folders whose changes are not the sources': the outputs, version control, cargo's.
fn ignored_dirs(root: &Path) -> Vec<PathBuf> {
    let (config, _) = crate::load::load_config(root);
    let canonical = |p: PathBuf| p.canonicalize().unwrap_or(p);
    [
        root.join(&config.out_dir),
        root.join(".git"),
        root.join("target"),
    ]
    .into_iter()
    .flat_map(|p| [p.clone(), canonical(p)])
    .collect()
}

fn describe(changes: &Changes) -> String {
    let mut parts = changes.plans.clone();
    if changes.index {
        parts.push("目录".to_string());
    }
    parts.join("、")
}

/// The SSE message for a change: the generation, the plans whose page changed, the index.
fn event(site: &Site, changes: &Changes) -> String {
    let data = serde_json::json!({
        "generation": site.generation,
        "plans": changes.plans,
        "index": changes.index,
    });
    format!("data: {data}\n\n")
}

fn broadcast(clients: &mut Vec<Box<dyn Write + Send>>, message: &str) {
    clients.retain_mut(|c| {
        c.write_all(message.as_bytes())
            .and_then(|()| c.flush())
            .is_ok()
    });
}

fn answer(site: &mut Site, request: tiny_http::Request, clients: &mut Vec<Box<dyn Write + Send>>) {
    if matches!(route(request.url()), Ok(Route::Events)) {
        let mut stream = request.into_writer();
        let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\nretry: 300\n\n";
        if stream
            .write_all(head.as_bytes())
            .and_then(|()| stream.flush())
            .is_ok()
        {
            clients.push(stream);
        }
        return;
    }
    let answer = if *request.method() == tiny_http::Method::Get
        || *request.method() == tiny_http::Method::Head
    {
        site.respond(request.url())
    } else {
        super::site::Response {
            status: 405,
            content_type: "text/plain; charset=utf-8",
            body: "只接受 GET 请求".as_bytes().to_vec(),
            location: None,
        }
    };
    let mut response = tiny_http::Response::from_data(answer.body).with_status_code(answer.status);
    // The fonts' URLs carry their hash (?v=…): a reload need not fetch them again.
    let cache = match route(request.url()) {
        Ok(Route::Font(_)) if answer.status == 200 => "public, max-age=31536000, immutable",
        _ => "no-store",
    };
    let mut headers = vec![
        ("Content-Type", answer.content_type.to_string()),
        ("Cache-Control", cache.to_string()),
    ];
    if let Some(location) = answer.location {
        headers.push(("Location", location));
    }
    for (name, value) in headers {
        if let Ok(h) = tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()) {
            response.add_header(h);
        }
    }
    // The page closed before the answer: nothing to do.
    let _ = request.respond(response);
}
