//! `guihua check --fix` and `--diff`: the fixes of [`crate::fix`] written (atomically, file by
//! file) or shown as a unified diff, and a report in Chinese of what was fixed and what remains.

use super::check::{FixMode, print};
use crate::diagnostic::Severity;

/// `T003 2 处、T006 1 处`.
fn by_code(counts: &std::collections::BTreeMap<&'static str, usize>) -> String {
    let parts: Vec<String> = counts.iter().map(|(c, n)| format!("{c} {n} 处")).collect();
    parts.join("、")
}

pub fn run(
    root: &std::path::Path,
    mode: FixMode,
    out: super::check::Output,
    prefix: std::path::PathBuf,
) -> u8 {
    let mut outcome = match crate::fix::fix_workspace(&crate::files::Disk, root, mode.unsafe_fixes)
    {
        Ok(o) => o,
        Err(e) => {
            eprintln!("错误：{e}");
            return 2;
        }
    };
    let total = outcome.applied_total();
    let files = outcome.changes.len();
    let mut report = if total == 0 {
        "没有可以自动修复的问题".to_string()
    } else if mode.write {
        format!(
            "已修复 {total} 处（{}），修改了 {files} 个文件",
            by_code(&outcome.applied)
        )
    } else {
        format!(
            "可修复 {total} 处（{}），涉及 {files} 个文件；未写入任何文件",
            by_code(&outcome.applied)
        )
    };
    if !outcome.refused.is_empty() {
        report.push_str(&format!(
            "；{} 因修复后文件无法加载而未应用",
            by_code(&outcome.refused)
        ));
    }
    let fixable_unsafe = outcome
        .diags
        .iter()
        .filter(|d| {
            d.fix
                .as_ref()
                .is_some_and(|f| !crate::fix::applies(f, false))
        })
        .count();
    if fixable_unsafe > 0 && !mode.unsafe_fixes {
        report.push_str(&format!(
            "；另有 {fixable_unsafe} 处需人工确认的修复，加 --unsafe-fixes 才会应用"
        ));
    }
    if !mode.write {
        let mut out = String::new();
        for c in &outcome.changes {
            out.push_str(&c.unified_diff());
        }
        print!("{out}");
        eprintln!("{report}");
        return u8::from(total > 0);
    }
    for c in &outcome.changes {
        if let Err(e) = crate::output::write_atomic(&c.full_path, c.after.as_bytes()) {
            eprintln!("错误：无法写入 {}：{e}", c.full_path.display());
            return 2;
        }
    }
    let remains = match outcome.diags.count(Severity::Error)
        + outcome.diags.count(Severity::Warning)
        + outcome.diags.count(Severity::Info)
    {
        0 => "没有剩余问题".to_string(),
        _ => format!("剩余：{}", crate::diagnostic::summary(&outcome.diags)),
    };
    eprintln!("{report}；{remains}");
    let what = format!(
        "检查了 {} 个规划、{} 个文件（修复后）",
        outcome.ws.plans.len(),
        outcome.ws.sources.len()
    );
    outcome.ws.sources.show_from(prefix);
    print(&outcome.ws.sources, &outcome.diags, &out, &what)
}
