//! Malformed-input fixtures for the loader: tests/fixtures/load/*.case.
//!
//! A case overlays files on the valid workspace in `_base/` and lists the diagnostics it
//! must produce as `expect: CODE path:line:column`. The set of diagnostics must match
//! exactly: nothing missing, nothing extra. `<0xNN>` in a file stands for that raw byte.
//! Besides, every field of every diagnostic (severity, start and end, message, label,
//! related labels, hint) is snapshotted with insta in tests/snapshots/load/<case>.snap, so
//! a changed message fails too. The `expect:` lines stay as the hand-written intent of the
//! case, which an accepted snapshot cannot silently change. See tests/rule_fixtures.rs for
//! how to update snapshots.
//!
//! The cases are named by what they break, not by code; there is one test per loader code,
//! named by it, that runs every case expecting that code: `cargo test --test load_fixtures
//! L004`. A case expecting two codes runs in both tests.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

/// One `#[test]` per loader code, plus `CODES`, the list, checked against the code table.
macro_rules! load_tests {
    ($($code:ident),* $(,)?) => {
        const CODES: &[&str] = &[$(stringify!($code)),*];
        $(
            #[test]
            #[allow(non_snake_case)]
            fn $code() {
                run_code(stringify!($code));
            }
        )*
    };
}

load_tests!(
    L001, L002, L003, L004, L005, L006, L007, L008, L009, L010, L011, L012, L013, L014, L016, L017,
    L018,
);

/// Loader codes without a fixture, and why.
const WITHOUT_FIXTURE: &[(&str, &str)] = &[
    (
        "L015",
        "an unreadable file: the loader tests every path with is_file() before reading it, and \
         the tests run with permission to read anything they write",
    ),
    (
        "L019",
        "reported after the checks ran, not by the loader: \
         tests/check_output.rs::unknown_and_unused_allow_comments_are_reported",
    ),
];

fn load_dir() -> PathBuf {
    common::repo().join("tests/fixtures/load")
}

fn cases() -> Vec<PathBuf> {
    let mut cases: Vec<_> = fs::read_dir(load_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "case"))
        .collect();
    cases.sort();
    cases
}

fn expected_codes(case: &common::Case) -> Vec<&str> {
    case.expected
        .iter()
        .map(|e| e.split_whitespace().next().unwrap_or(""))
        .collect()
}

fn run_case(path: &Path) {
    let name = path.file_stem().unwrap().to_string_lossy().into_owned();
    let text = fs::read_to_string(path).unwrap();
    let case = common::parse_case(&text);
    let dir = common::case_workspace(&load_dir().join("_base"), &case);
    let (ws, diags) = guihua::load::load(dir.path())
        .unwrap_or_else(|e| panic!("{name}: the workspace does not load at all: {e}"));
    let mut got = common::locations(&ws, &diags);
    got.sort();
    let mut expected = case.expected;
    expected.sort();
    assert_eq!(
        got,
        expected,
        "{name}: the diagnostics are not the `expect:` lines\n{}",
        common::snapshot(&ws, &diags)
    );
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("snapshots/load");
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.set_description(format!("{name}: {}", common::case_title(&text)));
    settings.bind(|| insta::assert_snapshot!(name.clone(), common::snapshot(&ws, &diags)));
}

fn run_code(code: &str) {
    let mine: Vec<PathBuf> = cases()
        .into_iter()
        .filter(|p| {
            let case = common::parse_case(&fs::read_to_string(p).unwrap());
            expected_codes(&case).contains(&code)
        })
        .collect();
    assert!(!mine.is_empty(), "no fixture expects {code}");
    for p in &mine {
        run_case(p);
    }
}

#[test]
fn every_loader_code_has_its_test_and_no_other() {
    let table: Vec<&str> = guihua::registry::all()
        .iter()
        .filter(|c| c.origin == guihua::registry::Origin::Load)
        .map(|c| c.code)
        .collect();
    let mut listed: Vec<&str> = CODES
        .iter()
        .copied()
        .chain(WITHOUT_FIXTURE.iter().map(|(c, _)| *c))
        .collect();
    listed.sort();
    assert_eq!(
        listed, table,
        "load_tests!(…) and WITHOUT_FIXTURE must list exactly the loader codes of the registry"
    );
}

/// Every case runs in some code's test: it expects something, and only listed codes.
#[test]
fn every_case_expects_a_code_with_a_test() {
    let all = cases();
    assert!(all.len() >= 25, "only {} fixtures", all.len());
    for p in &all {
        let case = common::parse_case(&fs::read_to_string(p).unwrap());
        let codes = expected_codes(&case);
        assert!(!codes.is_empty(), "{} has no expect: line", p.display());
        for c in codes {
            assert!(
                CODES.contains(&c),
                "{}: expects {c}, which has no test in load_tests!(…)",
                p.display()
            );
        }
    }
}

#[test]
fn base_workspace_is_clean() {
    let (ws, diags) = guihua::load::load(&load_dir().join("_base")).unwrap();
    assert!(diags.is_empty(), "{}", common::snapshot(&ws, &diags));
}

/// A table's declared extra columns are read in order and printed after the standard columns
/// in every format: header and cells in Markdown, HTML and the Word document.
#[test]
fn extra_columns_are_read_and_rendered() {
    let case = common::parse_case(
        "=== plans/p/indicators/main.yaml
title: 主要指标
base_year: 2020
target_year: 2025
extra_columns:
  - {key: lead, name: 牵头单位}
  - {key: remark, name: 备注栏}
categories:
  - name: 产业规模
    rows:
      - {id: va, name: 产业增加值, unit: 亿元, base: 152, target: 350, lead: 市卫健委, remark: 新增的指标}
      - {id: vb, name: 企业数, unit: 家, base: 10, target: 20, remark: 含规上企业}
",
    );
    let dir = common::case_workspace(&load_dir().join("_base"), &case);
    let (ws, diags) = guihua::load::load(dir.path()).unwrap();
    assert!(
        diags.iter().next().is_none(),
        "{}",
        common::snapshot(&ws, &diags)
    );
    let t = &ws.plans[0].tables[0];
    let keys: Vec<&str> = t
        .extra_columns
        .iter()
        .map(|c| c.key.value.as_str())
        .collect();
    assert_eq!(keys, ["lead", "remark"]);
    let vb = t.indicators().nth(1).unwrap();
    assert!(vb.extra[0].is_none());
    assert_eq!(vb.extra[1].as_ref().unwrap().value, "含规上企业");
    let out = dir.path().join("out");
    use guihua::build::{BuildOptions, Format, build};
    let Ok(report) = build(
        dir.path(),
        &BuildOptions {
            formats: vec![Format::Md, Format::Html, Format::Docx],
            out_dir: Some(out.clone()),
        },
    ) else {
        panic!("the workspace does not build");
    };
    let mut seen = 0;
    for path in &report.written {
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        let text = match ext {
            "md" | "html" => fs::read_to_string(path).unwrap(),
            "docx" => {
                let mut zip = zip::ZipArchive::new(fs::File::open(path).unwrap()).unwrap();
                let mut xml = String::new();
                std::io::Read::read_to_string(
                    &mut zip.by_name("word/document.xml").unwrap(),
                    &mut xml,
                )
                .unwrap();
                xml
            }
            _ => continue,
        };
        if !text.contains("产业增加值") {
            continue;
        }
        seen += 1;
        // The headers in declared order after 属性, and each row's cells in its own row.
        let at = |s: &str| {
            text.find(s)
                .unwrap_or_else(|| panic!("{s} not in {}", path.display()))
        };
        assert!(
            at("属性") < at("牵头单位") && at("牵头单位") < at("备注栏"),
            "{}",
            path.display()
        );
        assert!(at("产业增加值") < at("市卫健委") && at("市卫健委") < at("新增的指标"));
        assert!(at("新增的指标") < at("企业数") && at("企业数") < at("含规上企业"));
    }
    assert_eq!(
        seen, 3,
        "md, html and docx hold the table: {:?}",
        report.written
    );
}
