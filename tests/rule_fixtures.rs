//! Fixtures for every check rule: tests/fixtures/rules/<CODE>/{bad,good}-N.case, overlaid
//! on tests/fixtures/rules/_base.
//!
//! There is one test per rule, named by its code, so `cargo test --test rule_fixtures T003`
//! runs that rule's fixtures and nothing else. A fixture runs the loader and then ONLY the
//! rule under test ([`guihua::check::run_only`], which applies guihua.yaml's severities and
//! `# guihua-allow:` as `guihua check` does): its result is the loader's diagnostics plus
//! that rule's, so a fixture that does not load cleanly fails, and another rule's findings
//! can neither hide nor pad the rule's own. That every rule keeps the base and the example
//! workspace clean is tested separately, with all rules.
//!
//! Two independent assertions per case:
//! - `expect: CODE path:line:column` lines in the case, written by hand: the intent of the
//!   case, readable next to its YAML (a good case says `expect: none`). The set must match
//!   exactly, nothing missing, nothing extra. They are kept although the snapshot covers the
//!   same locations, because a snapshot is accepted by review and could be accepted wrong;
//!   the `expect:` lines cannot drift with it.
//! - for a bad case, an insta snapshot (tests/snapshots/rules/<CODE>-bad-N.snap) of every
//!   field of every diagnostic ([`common::snapshot`]): severity, start and end, the text under
//!   the span, message, label, related labels with their locations, hint. A changed message
//!   or hint fails here. A good case has nothing to snapshot: it must produce no diagnostic.
//!
//! New or changed snapshots: `INSTA_UPDATE=always cargo test --test rule_fixtures CODE`
//! (or `cargo insta test`), then read the `.snap` files before committing them. Under
//! `CI=true` a missing or different snapshot fails.

mod common;

use std::fs;
use std::path::PathBuf;

use guihua::diagnostic::{Diagnostics, Severity};

/// One `#[test]` per rule code, plus `CODES`, the list, checked against the registry.
macro_rules! rule_tests {
    ($($code:ident),* $(,)?) => {
        const CODES: &[&str] = &[$(stringify!($code)),*];
        $(
            #[test]
            #[allow(non_snake_case)]
            fn $code() {
                run_rule(stringify!($code));
            }
        )*
    };
}

rule_tests!(
    C001, C002, C003, C004, C005, C006, //
    F001, F002, F003, F004, F005, F006, F007, F008, F009, //
    J001, J002, J003, J004, //
    N001, N002, //
    R001, R002, //
    S001, S002, S003, S004, S005, S006, //
    T001, T002, T003, T004, T005, T006, T007, T008, T009, T010, T011, T012, T013, T014, //
    X001, X002, X003, X004, X005,
);

fn rules_dir() -> PathBuf {
    common::repo().join("tests/fixtures/rules")
}

/// The `.case` files of one rule, sorted.
fn cases_of(code: &str) -> Vec<PathBuf> {
    let dir = rules_dir().join(code);
    let mut out: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "case"))
        .collect();
    out.sort();
    out
}

fn run_rule(code: &str) {
    let cases = cases_of(code);
    assert!(!cases.is_empty(), "{code}: no fixtures");
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("snapshots/rules");
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    for path in &cases {
        let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
        let text = fs::read_to_string(path).unwrap();
        let case = common::parse_case(&text);
        let dir = common::case_workspace(&rules_dir().join("_base"), &case);
        let (ws, mut diags) = guihua::load::load(dir.path())
            .unwrap_or_else(|e| panic!("{code}/{stem}: the workspace does not load: {e}"));
        diags.extend(guihua::check::run_only(&ws, &[code]));
        diags.sort(&ws.sources);

        let mut got = common::locations(&ws, &diags);
        got.sort();
        let mut expected = case.expected.clone();
        expected.sort();
        assert_eq!(
            got,
            expected,
            "{code}/{stem}: the diagnostics are not the `expect:` lines\n{}",
            common::snapshot(&ws, &diags)
        );
        if stem.starts_with("bad") {
            assert!(
                diags.iter().any(|d| d.code == code),
                "{code}/{stem}: a bad case must expect at least one {code}"
            );
            check_fixes(code, &stem, &case, &ws, &diags, dir.path());
            let mut s = settings.clone();
            s.set_description(format!("{code}/{stem}: {}", common::case_title(&text)));
            s.bind(|| {
                insta::assert_snapshot!(format!("{code}-{stem}"), common::snapshot(&ws, &diags));
            });
        } else {
            assert!(
                stem.starts_with("good"),
                "{code}/{stem}: a case is bad-N or good-N"
            );
        }
    }
}

/// A bad case's before and after: the rule's fixes (all of them, safe or not) applied to the
/// case's files change exactly the lines its `after:` lines give, into those lines, and
/// nothing else; the fixed workspace still loads, and the rule then reports only what it
/// had no fix for. A rule declared `fix: none` offers no fix, and its cases have no `after:`.
fn check_fixes(
    code: &str,
    stem: &str,
    case: &common::Case,
    ws: &guihua::model::Workspace,
    diags: &Diagnostics,
    root: &std::path::Path,
) {
    let declared = guihua::registry::get(code).unwrap().fix;
    let ours: Vec<&guihua::diagnostic::Diagnostic> =
        diags.iter().filter(|d| d.code == code).collect();
    let chosen = guihua::fix::select(ours.iter().copied(), true);
    let Some(want) = &case.after else {
        assert!(
            declared.is_none(),
            "{code}/{stem}: {code} has fixes: the case needs `after:` lines (or `after: none`)"
        );
        assert!(chosen.is_empty(), "{code}/{stem}: fix: none, yet a fix");
        return;
    };
    for d in &ours {
        if let Some(f) = &d.fix {
            assert_eq!(
                Some(f.safety),
                declared,
                "{code}/{stem}: fix of another kind"
            );
        }
    }
    let mut got = Vec::new();
    for (file, fixes) in &chosen {
        let src = ws.sources.get(*file);
        let mut edits: Vec<&guihua::diagnostic::Edit> =
            fixes.iter().flat_map(|(_, f)| &f.edits).collect();
        edits.sort_by_key(|e| e.span.start);
        let fixed = guihua::fix::apply_edits(&src.text, &edits).unwrap();
        let (old, new): (Vec<&str>, Vec<&str>) =
            (src.text.lines().collect(), fixed.lines().collect());
        assert_eq!(
            old.len(),
            new.len(),
            "{code}/{stem}: a fix added or removed a line"
        );
        got.extend(
            old.iter()
                .zip(&new)
                .filter(|(a, b)| a != b)
                .map(|(_, b)| b.trim().to_string()),
        );
        fs::write(root.join(&src.path), fixed).unwrap();
    }
    assert_eq!(
        &got, want,
        "{code}/{stem}: the fixed lines are not the `after:` lines"
    );
    let unfixable = ours.iter().filter(|d| d.fix.is_none()).count();
    let (ws2, mut again) = guihua::load::load(root)
        .unwrap_or_else(|e| panic!("{code}/{stem}: the fixed workspace does not load: {e}"));
    again.extend(guihua::check::run_only(&ws2, &[code]));
    let others = |d: &Diagnostics| d.iter().filter(|d| d.code != code).count();
    assert!(
        others(&again) <= others(diags),
        "{code}/{stem}: the fixed workspace reports more from the loader\n{}",
        common::snapshot(&ws2, &again)
    );
    assert_eq!(
        again.iter().filter(|d| d.code == code).count(),
        unfixable,
        "{code}/{stem}: after the fixes, {code} still reports\n{}",
        common::snapshot(&ws2, &again)
    );
}

#[test]
fn every_rule_in_the_registry_has_its_test_and_no_other() {
    let registry: Vec<&str> = guihua::check::RULES.iter().map(|r| r.code).collect();
    let mut sorted = registry.clone();
    sorted.sort();
    assert_eq!(
        CODES, sorted,
        "rule_tests!(…) must list exactly the codes of guihua::check::RULES"
    );
    let mut dirs: Vec<String> = fs::read_dir(rules_dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('_'))
        .collect();
    dirs.sort();
    assert_eq!(dirs, CODES, "one fixture directory per rule code");
}

#[test]
fn every_rule_has_two_bad_and_two_good_fixtures() {
    let mut total = 0;
    for rule in guihua::check::RULES {
        let cases = cases_of(rule.code);
        total += cases.len();
        let count = |prefix: &str| {
            cases
                .iter()
                .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with(prefix))
                .count()
        };
        assert!(
            count("bad") >= 2 && count("good") >= 2,
            "{}: {} bad, {} good fixtures",
            rule.code,
            count("bad"),
            count("good")
        );
    }
    assert!(
        total >= 4 * guihua::check::RULES.len(),
        "only {total} rule fixtures"
    );
}

/// No diagnostic from loading or from any rule: the base every fixture is laid over.
#[test]
fn base_is_clean_under_all_rules() {
    let (ws, diags) = guihua::check_workspace(&rules_dir().join("_base")).unwrap();
    assert!(diags.is_empty(), "{}", common::snapshot(&ws, &diags));
}

/// The example workspace (plans/ and guihua.yaml at the repository root) under all rules:
/// no error and no warning. What it does report, notes at info level, is snapshotted whole,
/// so a new note or a changed one shows too.
#[test]
fn example_is_clean_under_all_rules() {
    let (ws, diags) = guihua::check_workspace(&common::repo()).unwrap();
    let serious: Vec<String> = common::locations(&ws, &diags)
        .into_iter()
        .zip(diags.iter())
        .filter(|(_, d)| d.severity != Severity::Info)
        .map(|(l, d)| format!("{l} {} {}", d.severity.as_str(), d.message))
        .collect();
    assert!(serious.is_empty(), "{}", serious.join("\n"));
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("snapshots/rules");
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.set_description("the example workspace under all rules: notes only");
    settings.bind(|| {
        insta::assert_snapshot!("_example", common::snapshot(&ws, &diags));
    });
}

/// Seed 000's printed defects, restated in YAML, are all caught — and the legitimate
/// passages next to them (承德市 and 锦州市 as partners, “五位一体” over five items,
/// 八大产业园区 over eight) produce nothing. See tests/fixtures/seed000/README.md.
#[test]
fn seed_000_defects_are_caught_completely() {
    let root = common::repo().join("tests/fixtures/seed000");
    let (ws, diags) = guihua::check_workspace(&root).unwrap();
    let mut got = common::locations(&ws, &diags);
    got.sort();
    let mut expected: Vec<String> = fs::read_to_string(root.join("expected.txt"))
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect();
    expected.sort();
    assert_eq!(
        got,
        expected,
        "\n{}",
        guihua::diagnostic::render_human(&ws.sources, &diags, false)
    );
}

/// Rules that build their message from typed values keep the values on the diagnostic.
#[test]
fn typed_messages_keep_their_values() {
    use guihua::diagnostic::Arg;
    let text = fs::read_to_string(rules_dir().join("F005/bad-1.case")).unwrap();
    let case = common::parse_case(&text);
    let dir = common::case_workspace(&rules_dir().join("_base"), &case);
    let (ws, _) = guihua::load::load(dir.path()).unwrap();
    let diags = guihua::check::run_only(&ws, &["F005"]);
    let d = diags
        .iter()
        .find(|d| d.code == "F005")
        .expect("F005 reported");
    let Some(Arg::Int(year)) = d.arg("target_year") else {
        panic!("F005 without its target year: {:?}", d.args)
    };
    assert!(
        d.message.contains(&format!("目标年{year}年")),
        "{}",
        d.message
    );
    assert!(matches!(d.arg("start"), Some(Arg::Int(_))));
}

// ------------------------------------------------------------------ the seeds' review

/// One classified diagnostic of docs/review/seeds.md: code, `seed:line:column`, verdict.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord, Clone)]
struct Reviewed {
    code: String,
    at: String,
    false_alarm: bool,
}

/// The rows of the review's tables: `| code | 000:12:3 | text | 真问题 or 误报 | why |`.
fn review_rows(text: &str) -> Vec<Reviewed> {
    let mut out = Vec::new();
    for line in text.lines().filter(|l| l.starts_with('|')) {
        let cells: Vec<&str> = line.trim_matches('|').split('|').map(str::trim).collect();
        let [code, at, _text, verdict, why, ..] = cells.as_slice() else {
            continue;
        };
        let is_code = code.len() == 4
            && code.as_bytes()[0].is_ascii_uppercase()
            && code[1..].bytes().all(|b| b.is_ascii_digit());
        if !is_code {
            continue;
        }
        assert!(
            matches!(*verdict, "真问题" | "误报"),
            "docs/review/seeds.md: the verdict of `{line}` is neither 真问题 nor 误报"
        );
        assert!(
            !why.is_empty(),
            "docs/review/seeds.md: `{line}` says not why"
        );
        out.push(Reviewed {
            code: code.to_string(),
            at: at.to_string(),
            false_alarm: *verdict == "误报",
        });
    }
    out
}

/// `guihua check <seed>` as a user runs it on the draft: every error and warning as
/// (code, `seed:line:column`), and the number of infos.
fn seed_diagnostics(path: &std::path::Path) -> (Vec<(String, String)>, usize) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_guihua"))
        .arg("check")
        .arg(path)
        .args(["--format", "json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{}: not JSON ({e}): {}",
            path.display(),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    let list = common::json_diagnostics(&v);
    let seed = &path.file_name().unwrap().to_string_lossy()[..3];
    let mut found = Vec::new();
    let mut infos = 0;
    for d in &list {
        match d["severity"].as_str() {
            Some("error" | "warning") => found.push((
                d["code"].as_str().unwrap().to_string(),
                format!("{seed}:{}:{}", d["line"], d["column"]),
            )),
            _ => infos += 1,
        }
    }
    (found, infos)
}

/// docs/review/seeds.md classifies every error and warning that `guihua check` reports on
/// the four seeds' text; this recomputes them, so the review cannot go stale, and holds the
/// bars of issues 17 and 18: J002 and N002 false alarms at most 1 each, false alarms at most
/// 10 % of the errors and warnings, infos at most 1 per 2,000 characters of a seed.
#[test]
fn seeds_review_is_current() {
    let dir = common::repo().join("../shared/seeds");
    let Ok(entries) = fs::read_dir(&dir) else {
        eprintln!(
            "跳过 seeds_review_is_current：没有 {}（四份种子文稿不在这台机器上）",
            dir.display()
        );
        return;
    };
    let mut seeds: Vec<PathBuf> = entries
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    seeds.sort();
    assert_eq!(seeds.len(), 4, "four seeds in {}", dir.display());
    let review = fs::read_to_string(common::repo().join("docs/review/seeds.md")).unwrap();
    let rows = review_rows(&review);
    let mut found = Vec::new();
    for seed in &seeds {
        let (diags, infos) = seed_diagnostics(seed);
        let chars = fs::read_to_string(seed).unwrap().chars().count();
        assert!(
            infos * 2000 <= chars,
            "{}: {infos} infos in {chars} characters",
            seed.display()
        );
        found.extend(diags);
    }
    found.sort();
    let mut reviewed: Vec<(String, String)> = rows
        .iter()
        .map(|r| (r.code.clone(), r.at.clone()))
        .collect();
    reviewed.sort();
    let missing: Vec<_> = found.iter().filter(|f| !reviewed.contains(f)).collect();
    let stale: Vec<_> = reviewed.iter().filter(|r| !found.contains(r)).collect();
    assert!(
        missing.is_empty() && stale.is_empty() && found.len() == reviewed.len(),
        "docs/review/seeds.md no longer matches `guihua check` on the seeds:\n\
         reported but not reviewed: {missing:?}\nreviewed but no longer reported: {stale:?}"
    );
    let false_alarms = |code: Option<&str>| {
        rows.iter()
            .filter(|r| r.false_alarm && code.is_none_or(|c| r.code == c))
            .count()
    };
    assert!(false_alarms(Some("J002")) <= 1, "J002 false alarms");
    assert!(false_alarms(Some("N002")) <= 1, "N002 false alarms");
    assert!(
        false_alarms(None) * 10 <= rows.len(),
        "{} false alarms among {}",
        false_alarms(None),
        rows.len()
    );
}
