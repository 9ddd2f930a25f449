//! Which page a request path names. The server holds every page in memory and serves nothing
//! from the disk, but a path is still refused outright when it tries to leave the site: a `..`
//! or `.` segment (plain or percent-encoded), an encoded `/` or `\`, a NUL, an absolute path
//! in a segment or a Windows drive letter.

/// A page of the site.
#[derive(Debug, PartialEq, Eq)]
pub enum Route {
    /// `/` or `/index.html`: the workspace's plans.
    Index,
    /// `/<plan>/` or `/<plan>/index.html`: the plan's page.
    Plan(String),
    /// `/<plan>`: redirected to `/<plan>/`, so that the page's relative links work.
    PlanSlash(String),
    /// `/<plan>/<plan>.pdf` or `/<plan>.pdf`.
    Pdf(String),
    /// `/fonts/<file>.woff2`: a web font of the pages, cached for long.
    Font(String),
    /// `/__guihua/events`: the live-reload event stream.
    Events,
    /// `/__guihua/status`: the generation and the plans' counts, as JSON.
    Status,
    /// `/favicon.ico`, which browsers ask for: no content.
    Favicon,
    /// Anything else well-formed: 404.
    NotFound,
}

/// Why a path is refused (400).
#[derive(Debug, PartialEq, Eq)]
pub struct Refused(pub String);

/// The route of a request target such as `/qinhuangdao-2021/?x=1`.
pub fn route(target: &str) -> Result<Route, Refused> {
    let path = target.split(['?', '#']).next().unwrap_or("");
    let Some(rest) = path.strip_prefix('/') else {
        return Err(Refused(format!(
            "请求路径必须以 / 开头，收到“{}”",
            shorten(target)
        )));
    };
    let mut segments = Vec::new();
    for raw in rest.split('/') {
        segments.push(segment(raw)?);
    }
    // `a//b` or a leading `//`: an empty segment inside the path.
    let last = segments.len().saturating_sub(1);
    if segments[..last].iter().any(String::is_empty) {
        return Err(Refused("请求路径中有空的路径段（//）".to_string()));
    }
    let s: Vec<&str> = segments.iter().map(String::as_str).collect();
    Ok(match s.as_slice() {
        [""] | ["index.html"] => Route::Index,
        ["favicon.ico"] => Route::Favicon,
        ["__guihua", "events"] => Route::Events,
        ["__guihua", "status"] => Route::Status,
        ["__guihua", ..] => Route::NotFound,
        ["fonts", file] if file.ends_with(".woff2") => Route::Font(file.to_string()),
        [file] if file.ends_with(".pdf") && file.len() > 4 => {
            Route::Pdf(file.trim_end_matches(".pdf").to_string())
        }
        [plan] => Route::PlanSlash(plan.to_string()),
        [plan, ""] | [plan, "index.html"] => Route::Plan(plan.to_string()),
        [plan, file] if *file == format!("{plan}.pdf") => Route::Pdf(plan.to_string()),
        _ => Route::NotFound,
    })
}

/// One path segment, percent-decoded and checked.
fn segment(raw: &str) -> Result<String, Refused> {
    let bytes: Vec<u8> = percent_encoding::percent_decode_str(raw).collect();
    let Ok(text) = String::from_utf8(bytes) else {
        return Err(Refused(format!(
            "请求路径段“{}”解码后不是有效的 UTF-8",
            shorten(raw)
        )));
    };
    let bad = if text == ".." || text == "." {
        Some("不能含有 . 或 .. 路径段")
    } else if text.contains('/') || text.contains('\\') {
        Some("路径段中不能含有编码的 / 或 \\")
    } else if text.contains('\0') {
        Some("路径中不能含有 NUL 字符")
    } else if text.as_bytes().get(1) == Some(&b':') {
        Some("不能是带盘符的绝对路径")
    } else {
        None
    };
    match bad {
        Some(why) => Err(Refused(format!(
            "已拒绝请求路径段“{}”：{why}；只能请求 /、/<规划>/ 和 /<规划>/<规划>.pdf",
            shorten(raw)
        ))),
        None => Ok(text),
    }
}

/// At most 80 characters of a path, for messages.
fn shorten(s: &str) -> String {
    let mut out: String = s.chars().take(80).collect();
    if s.chars().count() > 80 {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_routed() {
        assert_eq!(route("/"), Ok(Route::Index));
        assert_eq!(route("/index.html?x=1"), Ok(Route::Index));
        assert_eq!(route("/a-2021/"), Ok(Route::Plan("a-2021".into())));
        assert_eq!(
            route("/a-2021/index.html"),
            Ok(Route::Plan("a-2021".into()))
        );
        assert_eq!(route("/a-2021"), Ok(Route::PlanSlash("a-2021".into())));
        assert_eq!(route("/a-2021/a-2021.pdf"), Ok(Route::Pdf("a-2021".into())));
        assert_eq!(route("/a-2021.pdf"), Ok(Route::Pdf("a-2021".into())));
        assert_eq!(route("/a-2021/b.pdf"), Ok(Route::NotFound));
        assert_eq!(route("/__guihua/events"), Ok(Route::Events));
        assert_eq!(
            route("/fonts/a.woff2?v=1"),
            Ok(Route::Font("a.woff2".into()))
        );
        assert_eq!(route("/fonts/"), Ok(Route::Plan("fonts".into())));
        assert_eq!(route("/%E7%A7%A6/"), Ok(Route::Plan("秦".into())));
    }

    #[test]
    fn traversal_is_refused() {
        for bad in [
            "/../etc/passwd",
            "/a/../../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/%2E%2E/%2e%2E/secret",
            "/a/%2e%2e%2fb",
            "/a%2fb/",
            "/a%5c..%5cb/",
            "//etc/passwd",
            "/a//b",
            "/C:%5cWindows/",
            "/%00/",
            "/./",
            "etc/passwd",
            "/%ff%fe/",
        ] {
            let r = route(bad);
            assert!(r.is_err(), "{bad} gave {r:?}");
        }
        let Err(Refused(msg)) = route("/%2e%2e/x") else {
            panic!("not refused")
        };
        assert!(msg.contains("%2e%2e") && msg.contains("/<规划>/"), "{msg}");
    }
}
