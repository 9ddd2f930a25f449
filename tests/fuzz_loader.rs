//! Robustness of the loader against arbitrary input.
//!
//! (a) random bytes, random text and random mutations of a valid file, (b) YAML-ish text from
//! a grammar of YAML tokens and of the keys the loader knows, and (c) fixed pathological
//! inputs. Whatever the input: loading never panics, always finishes in reasonable time, and
//! every diagnostic points inside the text of its file, on character boundaries.

mod common;

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use guihua::diagnostic::{Diagnostics, render_human, render_json};
use guihua::load::codes;
use guihua::model::Workspace;
use proptest::prelude::*;
use proptest::sample::select;

/// The files of the base workspace a case may replace (relative to its root).
const TARGETS: [&str; 5] = [
    "plans/p/plan.yaml",
    "plans/p/chapters/01-背景.yaml",
    "plans/p/columns/projects.yaml",
    "plans/p/indicators/main.yaml",
    FEEDBACK,
];

/// A round of comments, with the base as its release: the comment checks run on every case.
const FEEDBACK: &str = "plans/p/feedback/v1.yaml";
const FEEDBACK_TEXT: &str = "release: 2021-09-15-征求意见稿-v1
comments:
  - id: c001
    from: 秦皇岛市统计局
    anchor: {section: basis, quote: 增加值达到}
    comment: 建议写明增长速度
    disposition: 采纳
    changes: [column:projects, indicator:va]
  - id: c002
    from: 张三
    kind: 个人
    via: 批注
    received: 2021-09-20
    anchor: {column: projects, item: \"1\"}
    comment: 补充
    disposition: 未采纳
    answer: 不作调整
";

fn base_workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let base = common::repo().join("tests/fixtures/load/_base");
    common::copy_tree(&base, dir.path());
    common::copy_tree(
        &base.join("plans"),
        &dir.path()
            .join("out/releases/p/2021-09-15-征求意见稿-v1/source/plans"),
    );
    // The release read differently: c001's adoption changed the text, so the base is clean.
    let released = dir
        .path()
        .join("out/releases/p/2021-09-15-征求意见稿-v1/source/plans/p/chapters/01-背景.yaml");
    let text = std::fs::read_to_string(&released).unwrap();
    std::fs::write(&released, text.replace("增加值达到", "增加值力争达到")).unwrap();
    std::fs::create_dir_all(dir.path().join("plans/p/feedback")).unwrap();
    std::fs::write(dir.path().join(FEEDBACK), FEEDBACK_TEXT).unwrap();
    dir
}

fn base_text(target: &str) -> Vec<u8> {
    if target == FEEDBACK {
        return FEEDBACK_TEXT.as_bytes().to_vec();
    }
    std::fs::read(
        common::repo()
            .join("tests/fixtures/load/_base")
            .join(target),
    )
    .unwrap()
}

/// Every span of every diagnostic (primary and related) lies inside its file's text and on
/// character boundaries.
fn spans_ok(ws: &Workspace, diags: &Diagnostics) -> Result<(), String> {
    for d in diags.iter() {
        let spans = std::iter::once((d.span, "primary"))
            .chain(d.related.iter().map(|r| (r.span, "related")));
        for (s, which) in spans {
            if s.file.0 as usize >= ws.sources.len() {
                return Err(format!(
                    "{which} span of {} names file {:?} of {}: {d:?}",
                    d.code,
                    s.file,
                    ws.sources.len()
                ));
            }
            let text = &ws.sources.get(s.file).text;
            let (start, end) = (s.start as usize, s.end as usize);
            if !(start <= end && end <= text.len()) {
                return Err(format!(
                    "{which} span {start}..{end} of {} outside text of {} bytes: {d:?}",
                    d.code,
                    text.len()
                ));
            }
            if !text.is_char_boundary(start) || !text.is_char_boundary(end) {
                return Err(format!(
                    "{which} span {start}..{end} of {} not on char boundaries: {d:?}",
                    d.code
                ));
            }
        }
    }
    Ok(())
}

/// Load `root` both ways and check the properties; renderers must not panic either.
fn load_and_check(root: &Path) -> Result<Diagnostics, String> {
    let (ws, diags) = guihua::load::load(root).map_err(|e| format!("load failed: {e}"))?;
    spans_ok(&ws, &diags)?;
    let (ws2, diags2) = guihua::check_workspace(root).map_err(|e| format!("check failed: {e}"))?;
    spans_ok(&ws2, &diags2)?;
    let _ = render_json(&ws2.sources, &diags2);
    let _ = render_human(&ws2.sources, &diags2, false);
    Ok(diags2)
}

fn run_case(target: &str, bytes: &[u8]) -> Result<Diagnostics, String> {
    let ws = base_workspace();
    std::fs::write(ws.path().join(target), bytes).unwrap();
    load_and_check(ws.path())
}

// ---------------------------------------------------------------- (a) random bytes

#[derive(Debug, Clone)]
enum Edit {
    Flip(usize, u8),
    Insert(usize, Vec<u8>),
    Delete(usize, usize),
}

fn apply(mut bytes: Vec<u8>, edits: &[Edit]) -> Vec<u8> {
    for e in edits {
        let len = bytes.len().max(1);
        match e {
            Edit::Flip(at, b) => {
                if !bytes.is_empty() {
                    bytes[at % len] = *b;
                }
            }
            Edit::Insert(at, ins) => {
                let at = (at % (bytes.len() + 1)).min(bytes.len());
                bytes.splice(at..at, ins.iter().copied());
            }
            Edit::Delete(at, n) => {
                let at = at % len;
                let end = (at + n).min(bytes.len());
                if at < end {
                    bytes.drain(at..end);
                }
            }
        }
    }
    bytes
}

fn edit() -> impl Strategy<Value = Edit> {
    let special = select(vec![
        b"\n".to_vec(),
        b": ".to_vec(),
        b"- ".to_vec(),
        b"  ".to_vec(),
        b"\t".to_vec(),
        b"[".to_vec(),
        b"{".to_vec(),
        b"\"".to_vec(),
        b"{{".to_vec(),
        b"}}".to_vec(),
        b"&a ".to_vec(),
        b"*a".to_vec(),
        b"\xe4\xb8".to_vec(),
        "秦".as_bytes().to_vec(),
        b"\r\n".to_vec(),
        b"\0".to_vec(),
    ]);
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(a, b)| Edit::Flip(a, b)),
        (
            any::<usize>(),
            prop_oneof![special, prop::collection::vec(any::<u8>(), 1..8)]
        )
            .prop_map(|(a, v)| Edit::Insert(a, v)),
        (any::<usize>(), 1usize..16).prop_map(|(a, n)| Edit::Delete(a, n)),
    ]
}

/// Raw bytes, valid text, or a mutation of the file that was there.
fn contents(target: &'static str) -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..2048),
        any::<String>().prop_map(String::into_bytes),
        prop::collection::vec(edit(), 1..8).prop_map(move |edits| apply(base_text(target), &edits)),
    ]
}

fn target_and_contents() -> impl Strategy<Value = (&'static str, Vec<u8>)> {
    select(TARGETS.to_vec()).prop_flat_map(|t| (Just(t), contents(t)))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_never_panic_and_spans_stay_in_file((target, bytes) in target_and_contents()) {
        let r = run_case(target, &bytes);
        prop_assert!(r.is_ok(), "{target}: {}", r.unwrap_err());
    }
}

// ---------------------------------------------------------------- (b) YAML-ish grammar

fn all_keys() -> Vec<&'static str> {
    let mut keys: Vec<&'static str> = guihua::load::shapes::all()
        .iter()
        .flat_map(|(_, _, s)| s.keys.iter().copied())
        .collect();
    keys.sort_unstable();
    keys.dedup();
    keys
}

fn scalar() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => select(vec![
            "秦皇岛市", "规划背景", "发展基础", "生命健康产业", "产业增加值", "亿元", "征求意见稿", "草稿", "预期性",
            "约束性", "地级市", "县级", "河北省", "p", "va", "main", "projects", "background", "01-背景", "基础 发展",
        ]).prop_map(str::to_string),
        2 => any::<i32>().prop_map(|n| n.to_string()),
        2 => (1940u32..2110).prop_map(|n| n.to_string()),
        1 => (0u32..5000, 0u32..100).prop_map(|(a, b)| format!("{a}.{b:02}")),
        1 => select(vec!["", "~", "null", "/", "不适用", "20以上", "接近 1000", "约 520", "##", "？", "待定", "1e400", ".inf", "-0"])
            .prop_map(str::to_string),
        1 => select(vec!["2021-2025", "2025-2021", "2021-09", "2021-02-30", "2021—2025年", "20-21", "0-0"]).prop_map(str::to_string),
        2 => select(vec![
            "{{va.target}}", "{{va.unit}}", "{{plan.period}}", "{{plan.nope}}", "{{nope.target}}", "{{va}}", "{{", "}}",
            "{{ va.target_year }}年", "甲{{va.base}}乙{{",
        ]).prop_map(str::to_string),
        1 => "[a-z\\-_]{0,6}".prop_map(|s| s),
        1 => "\\PC{0,12}",
        1 => "\"[^\"\\\\]{0,8}(\\\\[nt\"u]|\\\\x4e)?[^\"]{0,4}\"",
        1 => "'[^']{0,8}'",
    ]
}

fn token(keys: Vec<&'static str>) -> impl Strategy<Value = String> {
    prop_oneof![
        4 => select(keys).prop_map(|k| format!("{k}: ")),
        4 => scalar(),
        6 => select(vec![
            ":", ": ", "- ", "-", "[", "]", "{", "}", ", ", ",", "\"", "'", "&a ", "*a", "&b ", "*b", "!!str ", "!!int ",
            "!!map ", "!!seq ", "!foo ", "? ", "|", "|-\n", ">", "# c", "---\n", "...\n", "%YAML 1.2\n", "\n", "\n",
            "\n  ", "\n    ", "\n- ", "\n  - ", "  ", "\t", "\r\n", "\u{feff}", "\u{85}", "\u{2028}",
        ]).prop_map(str::to_string),
    ]
}

/// A YAML-shaped tree; emitted in block or flow style it yields mostly valid YAML whose
/// shapes are close to, but not quite, what the loader expects.
#[derive(Debug, Clone)]
enum Y {
    S(String),
    Seq(Vec<Y>),
    Map(Vec<(String, Y)>),
    /// A raw token spliced in as is, to break otherwise valid YAML.
    Raw(String),
}

fn tree(keys: Vec<&'static str>) -> impl Strategy<Value = Y> {
    let leaf = prop_oneof![8 => scalar().prop_map(Y::S), 1 => token(keys.clone()).prop_map(Y::Raw)];
    leaf.prop_recursive(6, 64, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Y::Seq),
            prop::collection::vec((select(keys.clone()).prop_map(str::to_string), inner), 0..7)
                .prop_map(Y::Map),
        ]
    })
}

fn flow(y: &Y, out: &mut String) {
    match y {
        Y::S(s) | Y::Raw(s) => out.push_str(s),
        Y::Seq(items) => {
            out.push('[');
            for (i, it) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                flow(it, out);
            }
            out.push(']');
        }
        Y::Map(entries) => {
            out.push('{');
            for (i, (k, v)) in entries.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                out.push_str(k);
                out.push_str(": ");
                flow(v, out);
            }
            out.push('}');
        }
    }
}

fn block(y: &Y, indent: usize, flow_below: usize, out: &mut String) {
    let pad = " ".repeat(indent);
    match y {
        Y::Seq(items) if !items.is_empty() && indent < flow_below => {
            for it in items {
                out.push_str(&pad);
                out.push_str("- ");
                if matches!(it, Y::Seq(v) if !v.is_empty())
                    || matches!(it, Y::Map(m) if !m.is_empty())
                {
                    out.push('\n');
                    block(it, indent + 2, flow_below, out);
                } else {
                    flow(it, out);
                    out.push('\n');
                }
            }
        }
        Y::Map(entries) if !entries.is_empty() && indent < flow_below => {
            for (k, v) in entries {
                out.push_str(&pad);
                out.push_str(k);
                out.push(':');
                if matches!(v, Y::Seq(s) if !s.is_empty())
                    || matches!(v, Y::Map(m) if !m.is_empty())
                {
                    out.push('\n');
                    block(v, indent + 2, flow_below, out);
                } else {
                    out.push(' ');
                    flow(v, out);
                    out.push('\n');
                }
            }
        }
        other => {
            out.push_str(&pad);
            flow(other, out);
            out.push('\n');
        }
    }
}

fn yamlish() -> impl Strategy<Value = String> {
    let keys = all_keys();
    prop_oneof![
        // Token soup.
        prop::collection::vec(token(keys.clone()), 0..80).prop_map(|t| t.concat()),
        // Lines: indentation, an optional dash, an optional key, then tokens.
        prop::collection::vec(
            (
                0usize..5,
                any::<bool>(),
                prop::option::of(select(keys.clone())),
                prop::collection::vec(token(keys.clone()), 0..4)
            ),
            0..30,
        )
        .prop_map(|lines| {
            lines
                .into_iter()
                .map(|(ind, dash, key, toks)| {
                    let mut l = "  ".repeat(ind);
                    if dash {
                        l.push_str("- ");
                    }
                    if let Some(k) = key {
                        l.push_str(k);
                        l.push_str(": ");
                    }
                    l.push_str(&toks.concat());
                    l
                })
                .collect::<Vec<_>>()
                .join("\n")
        }),
        // Structured trees in block style, switching to flow style below a random depth.
        (tree(keys.clone()), 0usize..12).prop_map(|(t, fb)| {
            let mut s = String::new();
            block(&t, 0, fb * 2, &mut s);
            s
        }),
        // A mapping root with the loader's keys, the usual shape of a source file.
        (
            prop::collection::vec((select(keys.clone()), tree(keys)), 1..8),
            2usize..12
        )
            .prop_map(|(entries, fb)| {
                let t = Y::Map(
                    entries
                        .into_iter()
                        .map(|(k, v)| (k.to_string(), v))
                        .collect(),
                );
                let mut s = String::new();
                block(&t, 0, fb * 2, &mut s);
                s
            }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn yamlish_text_never_panics_and_spans_stay_in_file(target in select(TARGETS.to_vec()), text in yamlish()) {
        let r = run_case(target, text.as_bytes());
        prop_assert!(r.is_ok(), "{target}:\n{text}\n{}", r.unwrap_err());
    }
}

// ---------------------------------------------------------------- (c) pathological inputs

/// Generous for a debug build on a busy 2-core machine; a release build takes milliseconds.
const TIME_LIMIT: Duration = Duration::from_secs(20);

/// Write `bytes` over `target` in a fresh base workspace, run the whole `check` pipeline on
/// another thread within `limit`, and return (code, line, column) of the loader's diagnostics
/// (L…) in that file. The content checks run too, so they must also cope with the input.
fn pathological_within(
    name: &str,
    target: &str,
    bytes: Vec<u8>,
    limit: Duration,
) -> Vec<(String, usize, usize)> {
    let ws = base_workspace();
    let root: PathBuf = ws.path().to_path_buf();
    std::fs::write(root.join(target), bytes).unwrap();
    let (tx, rx) = mpsc::channel();
    let target_owned = target.to_string();
    let started = Instant::now();
    // The default stack size of test threads, so that recursion on input depth would show.
    std::thread::Builder::new()
        .name(name.to_string())
        .stack_size(2 * 1024 * 1024)
        .spawn(move || {
            let result = guihua::check_workspace(&root)
                .map_err(|e| e.to_string())
                .and_then(|(ws, diags)| {
                    spans_ok(&ws, &diags)?;
                    Ok(diags
                        .iter()
                        .filter(|d| {
                            ws.sources
                                .path(d.span.file)
                                .to_string_lossy()
                                .replace('\\', "/")
                                == target_owned
                        })
                        .map(|d| {
                            let (l, c) =
                                ws.sources.get(d.span.file).line_col(d.span.start as usize);
                            (d.code.to_string(), l, c)
                        })
                        .collect::<Vec<_>>())
                });
            let _ = tx.send(result);
        })
        .unwrap();
    match rx.recv_timeout(limit) {
        Ok(Ok(found)) => {
            eprintln!(
                "{name}: {:?} in {:?}",
                found.iter().take(4).collect::<Vec<_>>(),
                started.elapsed()
            );
            drop(ws);
            found
                .into_iter()
                .filter(|(code, ..)| code.starts_with('L'))
                .collect()
        }
        Ok(Err(e)) => panic!("{name}: {e}"),
        // The thread is left running; the test binary ends it when it exits.
        Err(mpsc::RecvTimeoutError::Timeout) => {
            panic!("{name}: `check` took longer than {limit:?}")
        }
        Err(mpsc::RecvTimeoutError::Disconnected) => panic!("{name}: the loader panicked"),
    }
}

fn pathological(name: &str, target: &str, bytes: Vec<u8>) -> Vec<(String, usize, usize)> {
    pathological_within(name, target, bytes, TIME_LIMIT)
}

fn codes_of(found: &[(String, usize, usize)]) -> Vec<&str> {
    found.iter().map(|(c, ..)| c.as_str()).collect()
}

/// `chars` CJK characters that never repeat a run (a fixed linear congruential sequence), so
/// the text trips no content rule about doubled words.
fn varied_cjk(chars: usize) -> String {
    let mut x: u32 = 12345;
    (0..chars)
        .map(|_| {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
            char::from_u32(0x4e00 + (x >> 8) % 0x51a5).unwrap()
        })
        .collect()
}

/// The base file with its first line replaced.
fn with_first_line(target: &str, first: &[u8]) -> Vec<u8> {
    let mut bytes = first.to_vec();
    bytes.extend(
        String::from_utf8(base_text(target))
            .unwrap()
            .lines()
            .skip(1)
            .flat_map(|l| format!("{l}\n").into_bytes()),
    );
    bytes
}

/// 1-based line of the first occurrence of `needle` in the base file (the fixtures evolve).
fn line_of(target: &str, needle: &str) -> usize {
    let text = String::from_utf8(base_text(target)).unwrap();
    text.lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("{needle} not in {target}"))
        + 1
}

/// Number of lines of the base file: the line after it is where an appended line lands.
fn base_lines(target: &str) -> usize {
    String::from_utf8(base_text(target))
        .unwrap()
        .lines()
        .count()
}

const PLAN: &str = "plans/p/plan.yaml";
const CHAPTER: &str = "plans/p/chapters/01-背景.yaml";
const INDICATORS: &str = "plans/p/indicators/main.yaml";

#[test]
fn deep_flow_nesting_is_too_deep() {
    // 200 KB of `[`: nesting beyond the limit (L011), whichever layer notices it first.
    let found = pathological("200 KB of [", PLAN, "[".repeat(200 * 1024).into_bytes());
    assert_eq!(codes_of(&found), [codes::TOO_DEEP], "{found:?}");
}

#[test]
fn deep_block_nesting_is_too_deep() {
    let mut text = "- ".repeat(100_000);
    text.push_str("x\n");
    let found = pathological("100k nested - lists", CHAPTER, text.into_bytes());
    assert_eq!(codes_of(&found), [codes::TOO_DEEP], "{found:?}");
    // The same depth written with indentation, one level per line (48 levels is the limit).
    let text: String = (0..200)
        .map(|i| format!("{}- \n", "  ".repeat(i)))
        .collect();
    let found = pathological("200 indented - lists", CHAPTER, text.into_bytes());
    assert_eq!(codes_of(&found), [codes::TOO_DEEP], "{found:?}");
}

#[test]
fn alias_bomb_is_refused() {
    let mut text = String::from(
        "title: 主要指标\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for (i, name) in ["b", "c", "d", "e", "f", "g", "h", "i"].iter().enumerate() {
        let prev = ["a", "b", "c", "d", "e", "f", "g", "h"][i];
        let refs = vec![format!("*{prev}"); 9].join(",");
        text.push_str(&format!("{name}: &{name} [{refs}]\n"));
    }
    let found = pathological("billion laughs", INDICATORS, text.into_bytes());
    // The first alias, `*a` on line 3, column 8 (after `b: &b [`).
    assert_eq!(found, [(codes::ALIAS.to_string(), 3, 8)]);
}

#[test]
fn five_megabyte_scalar_is_read_as_one_value() {
    // As an indicator value it is neither a number nor "/": one invalid-figure error, at the value.
    let big = varied_cjk(5 * 1024 * 1024 / 3);
    let text = String::from_utf8(base_text(INDICATORS))
        .unwrap()
        .replace("target: 350", &format!("target: {big}"));
    let found = pathological("5 MB scalar", INDICATORS, text.into_bytes());
    assert_eq!(
        found,
        [(
            codes::INVALID_FIGURE.to_string(),
            line_of(INDICATORS, "target: 350"),
            17
        )]
    );
}

#[test]
fn five_megabyte_title_loads_clean() {
    let big = varied_cjk(5 * 1024 * 1024 / 3);
    let text = String::from_utf8(base_text(PLAN))
        .unwrap()
        .replace("title: 测试市产业发展规划", &format!("title: {big}"));
    let found = pathological("5 MB title", PLAN, text.into_bytes());
    assert_eq!(found, []);
    // As a key it is a syntax error: YAML limits implicit keys to 1024 characters.
    let text = format!("{}{big}: x\n", String::from_utf8(base_text(PLAN)).unwrap());
    let found = pathological("5 MB key", PLAN, text.into_bytes());
    assert_eq!(codes_of(&found), [codes::YAML_SYNTAX], "{found:?}");
    assert_eq!(found[0].1, base_lines(PLAN) + 1, "{found:?}");
}

#[test]
fn nul_bytes_are_a_syntax_error() {
    let text = String::from_utf8(base_text(PLAN))
        .unwrap()
        .replace("stage: 征求意见稿", "stage: 征求\0意见稿");
    let found = pathological("NUL byte", PLAN, text.into_bytes());
    assert_eq!(
        found,
        [(codes::YAML_SYNTAX.to_string(), line_of(PLAN, "stage:"), 10)]
    );
    let found = pathological("only NUL bytes", PLAN, vec![0; 4096]);
    assert_eq!(codes_of(&found), [codes::YAML_SYNTAX], "{found:?}");
}

#[test]
fn bom_is_ignored_and_positions_stay_right() {
    let mut bytes = "\u{feff}".as_bytes().to_vec();
    bytes.extend(base_text(PLAN));
    assert_eq!(pathological("BOM", PLAN, bytes), []);
    // With a BOM, a problem on the first line is still at column 1, not 2.
    let found = pathological(
        "BOM + typo",
        PLAN,
        with_first_line(PLAN, "\u{feff}titel: x\n".as_bytes()),
    );
    assert_eq!(
        found,
        [
            (codes::UNKNOWN_KEY.to_string(), 1, 1),
            (codes::MISSING_KEY.to_string(), 1, 1)
        ]
    );
    // A BOM and nothing else is an empty file.
    let found = pathological("BOM only", PLAN, "\u{feff}".as_bytes().to_vec());
    assert_eq!(found, [(codes::EMPTY_FILE.to_string(), 1, 1)]);
}

#[test]
fn crlf_line_endings_are_read_like_lf() {
    let ws = base_workspace();
    for t in TARGETS {
        let text = String::from_utf8(base_text(t))
            .unwrap()
            .replace('\n', "\r\n");
        std::fs::write(ws.path().join(t), text).unwrap();
    }
    let (loaded, diags) = guihua::check_workspace(ws.path()).unwrap();
    assert!(diags.is_empty(), "{:?}", common::locations(&loaded, &diags));
    let plan = &loaded.plans[0];
    assert_eq!(plan.title.value, "测试市产业发展规划", "no \\r in values");
    assert_eq!(plan.chapters[0].title.value, "规划背景");
    // Positions on CRLF files: a typo on line 3 is reported at line 3.
    let text = String::from_utf8(base_text(PLAN))
        .unwrap()
        .replace("issuer:", "isuer:")
        .replace('\n', "\r\n");
    let found = pathological("CRLF", PLAN, text.into_bytes());
    assert_eq!(
        found,
        [
            (codes::MISSING_KEY.to_string(), 1, 1),
            (codes::UNKNOWN_KEY.to_string(), line_of(PLAN, "issuer:"), 1)
        ]
    );
}

#[test]
fn surrogate_sequence_is_invalid_utf8() {
    // ED A0 80 would encode U+D800, a lone surrogate: invalid in UTF-8.
    let found = pathological(
        "lone surrogate",
        PLAN,
        with_first_line(PLAN, b"title: \xed\xa0\x80\n"),
    );
    assert_eq!(found, [(codes::INVALID_UTF8.to_string(), 1, 8)]);
    // A truncated sequence at the very end of the file.
    let mut bytes = base_text(PLAN);
    bytes.extend(b"# \xe4\xb8");
    let found = pathological("truncated UTF-8", PLAN, bytes);
    assert_eq!(
        found,
        [(codes::INVALID_UTF8.to_string(), base_lines(PLAN) + 1, 3)]
    );
}

#[test]
fn long_flow_sequence_on_one_line_loads() {
    // 20k items (120 KB) on one line, as a script dumping JSON would write them: loads and
    // checks without a diagnostic. (The time limit only guards against a hang; speed is
    // measured by benches/check.sh, not asserted here.)
    let items = vec!["海港区"; 20_000].join(", ");
    let text = String::from_utf8(base_text(PLAN)).unwrap().replace(
        "parent: 河北省}",
        &format!("parent: 河北省, subdivisions: [{items}]}}"),
    );
    let found = pathological_within(
        "20k-item flow sequence",
        PLAN,
        text.into_bytes(),
        TIME_LIMIT,
    );
    assert_eq!(found, []);
}

#[test]
fn many_diagnostics_on_one_long_line_are_located() {
    // A 600 KB title of one repeated character: the doubled-word rule rightly reports a
    // repetition every few characters (thousands of diagnostics on one line), each located
    // without a panic and without hanging (the limit is a hang guard, not a speed claim).
    let text = String::from_utf8(base_text(PLAN)).unwrap().replace(
        "title: 测试市产业发展规划",
        &format!("title: {}", "长".repeat(200_000)),
    );
    let found = pathological_within("600 KB of 长", PLAN, text.into_bytes(), TIME_LIMIT);
    assert_eq!(found, []);
}
