//! A new plan's skeleton (`guihua new`): plan.yaml, four chapters and the JSON Schemas,
//! written so that `guihua check` passes on it as it is.

use crate::model::PENDING;
use crate::model::date::YEARS;
use std::path::{Path, PathBuf};

use crate::load::is_valid_id;
use crate::model::RegionLevel;
use crate::output::write_atomic;
use crate::schema::{KINDS, schema_text};

pub struct NewPlan {
    pub id: String,
    pub region: String,
    pub period: String,
    pub title: Option<String>,
    pub level: Option<String>,
    pub issuer: Option<String>,
    /// `--date YYYY-MM[-DD]`; a 草稿 may go without one.
    pub date: Option<String>,
}

/// A YAML double-quoted scalar: JSON string syntax is valid YAML and escapes everything.
fn q(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

fn guess_level(region: &str) -> RegionLevel {
    if region.ends_with('省')
        || region.ends_with("自治区")
        || ["北京市", "天津市", "上海市", "重庆市"].contains(&region)
    {
        RegionLevel::Province
    } else if region.ends_with('市')
        || region.ends_with("自治州")
        || region.ends_with('盟')
        || region.ends_with("地区")
    {
        RegionLevel::Prefecture
    } else if region.ends_with('县') || region.ends_with('区') || region.ends_with('旗') {
        RegionLevel::County
    } else if region == "全国" || region == "中国" {
        RegionLevel::National
    } else {
        RegionLevel::Zone
    }
}

/// `2024-03` or `2024-03-15`, checked; the scaffold's date line.
fn date_line(date: &str) -> Option<String> {
    let ok = crate::model::PlanDate::parse_iso(date).is_some() && date == date.trim();
    ok.then(|| format!("date: {date}\n"))
}

/// What [`create`] wrote.
pub struct Created {
    pub title: String,
    /// The workspace root and the plan's directory.
    pub root: PathBuf,
    pub dir: PathBuf,
    pub files: Vec<PathBuf>,
}

/// The writing instructions the skeleton's sections hold, one per chapter; T014 reports any
/// left in a plan from the 征求意见稿 on.
pub const INSTRUCTIONS: [&str; 5] = [
    "概述本地区在本领域的发展现状、已有基础和面临的形势。",
    "写明到规划期末要实现的总体目标，主要指标放在指标表中并在正文中引用。",
    "按领域分节阐述主要任务，重点项目可列入专栏。",
    "明确牵头单位、协调机制和监测评估安排。",
    "写明项目的建设内容、规模和进度；一个专栏列同一类项目。",
];

/// Write the skeleton of `args` into the workspace around `workspace`; the reason in Chinese
/// when the arguments are not valid, the plan exists already or a file cannot be written.
pub fn create(args: &NewPlan, workspace: &Path) -> Result<Created, String> {
    if !is_valid_id(&args.id) {
        return Err(format!(
            "`{}` 不能用作规划 id；只能由字母、数字、汉字、`-`、`_` 组成，例如 qinhuangdao-2024",
            args.id
        ));
    }
    let years: Vec<Option<i32>> = args
        .period
        .split(['-', '—', '–'])
        .map(|s| s.trim().parse().ok())
        .collect();
    let (start, end) = match years.as_slice() {
        // The base year, the year before the period, must be a plan year too.
        [Some(a), Some(b)] if YEARS.contains(&(a - 1)) && a <= b && YEARS.contains(b) => (*a, *b),
        _ => {
            return Err(format!(
                "规划期 `{}` 无效；写成 2024-2027（起始年不晚于结束年）",
                args.period
            ));
        }
    };
    let region = args.region.trim();
    if region.is_empty() {
        return Err("--region 不能为空，例如 --region 秦皇岛市".to_string());
    }
    let level = match &args.level {
        None => guess_level(region),
        Some(l) => match RegionLevel::parse(l) {
            Some(l) => l,
            None => {
                let all: Vec<&str> = RegionLevel::ALL.iter().map(|l| l.zh()).collect();
                return Err(format!("行政层级 `{l}` 无效；可选：{}", all.join(" | ")));
            }
        },
    };
    let root = crate::load::find_root(workspace);
    let plans_dir = crate::load::load(&root)
        .map(|(ws, _)| ws.config.plans_dir)
        .unwrap_or_else(|_| "plans".into());
    let dir = root.join(&plans_dir).join(&args.id);
    if dir.exists() {
        return Err(format!(
            "{} 已存在；换一个 id，或删除该目录后重试",
            dir.display()
        ));
    }
    let title = args
        .title
        .clone()
        .unwrap_or_else(|| format!("{region}发展规划（{start}—{end}年）"));
    let issuer = args
        .issuer
        .clone()
        .unwrap_or_else(|| format!("{region}发展和改革委员会"));
    // The date is the author's to give: never the machine clock, which makes scaffolds
    // differ by the day they were made.
    let date = match args.date.as_deref().map(|d| (d, date_line(d))) {
        None => String::new(),
        Some((_, Some(line))) => line,
        Some((d, None)) => {
            return Err(format!(
                "日期 `{d}` 无效，应为 YYYY-MM 或 YYYY-MM-DD，如 2024-03"
            ));
        }
    };
    let chapters = [
        (
            "01-发展基础",
            "development-basis",
            "发展基础",
            "basis",
            "发展现状",
            INSTRUCTIONS[0],
        ),
        (
            "02-总体要求",
            "general-requirements",
            "总体要求",
            "goals",
            "发展目标",
            INSTRUCTIONS[1],
        ),
        (
            "03-主要任务",
            "main-tasks",
            "主要任务",
            "task-one",
            "重点任务",
            INSTRUCTIONS[2],
        ),
        (
            "04-保障措施",
            "safeguards",
            "保障措施",
            "organization",
            "加强组织领导",
            INSTRUCTIONS[3],
        ),
    ];
    let mut files: Vec<(std::path::PathBuf, String)> = Vec::new();
    let chapter_list: Vec<String> = chapters.iter().map(|c| c.0.to_string()).collect();
    files.push((
        dir.join("plan.yaml"),
        format!(
            "# yaml-language-server: $schema=../../schemas/plan.schema.json\n\
             title: {}\n\
             stage: 草稿\n\
             issuer: {}\n\
             {date}\
             region:\n  name: {}\n  level: {}\n\
             period: {start}-{end}\n\
             base_year: {}\n\
             preface:\n  - 本规划的规划期为{{{{plan.period}}}}，说明编制依据、规划范围和主要内容。\n\
             chapters: [{}]\n",
            q(&title),
            q(&issuer),
            q(region),
            level.zh(),
            start - 1,
            chapter_list.join(", ")
        ),
    ));
    for (file, id, title, sid, stitle, text) in chapters {
        // An example of each placement: the indicator table under the goals, a 专栏 of
        // projects under the tasks.
        let placed = match sid {
            "goals" => "      - table: main\n",
            "task-one" => "      - column: key-projects\n",
            _ => "",
        };
        files.push((
            dir.join("chapters").join(format!("{file}.yaml")),
            format!(
                "# yaml-language-server: $schema=../../../schemas/chapter.schema.json\n\
                 id: {id}\n\
                 title: {title}\n\
                 sections:\n  - id: {sid}\n    title: {stitle}\n    body:\n      - {text}\n{placed}"
            ),
        ));
    }
    files.push((
        dir.join("columns/key-projects.yaml"),
        format!(
            "# yaml-language-server: $schema=../../../schemas/column.schema.json\n\
             title: 重点项目\n\
             items:\n  - name: 示例项目\n    text: {}\n",
            INSTRUCTIONS[4]
        ),
    ));
    files.push((
        dir.join("indicators/main.yaml"),
        format!(
            "# yaml-language-server: $schema=../../../schemas/indicators.schema.json\n\
             title: 主要指标\n\
             base_year: {}\n\
             target_year: {end}\n\
             categories:\n  - name: 发展规模\n    rows:\n      - id: example-indicator\n        name: 示例指标\n        unit: 亿元\n        base: {PENDING}\n        target: {PENDING}\n        nature: 预期性\n",
            start - 1
        ),
    ));
    // Outputs are built, never committed: a .gitignore for out/ unless one says so already.
    let ignore = root.join(".gitignore");
    let existing = std::fs::read_to_string(&ignore).unwrap_or_default();
    if !existing
        .lines()
        .any(|l| matches!(l.trim(), "out" | "out/" | "/out" | "/out/"))
    {
        let mut text = existing;
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
        text.push_str("# guihua build 的输出\nout/\n");
        files.push((ignore, text));
    }
    let schemas = root.join("schemas");
    for kind in KINDS {
        let path = schemas.join(format!("{kind}.schema.json"));
        if !path.exists() {
            files.push((path, schema_text(kind).unwrap_or_default()));
        }
    }
    for (path, text) in &files {
        if let Err(e) = write_atomic(path, text.as_bytes()) {
            return Err(format!("无法写入 {}：{e}", path.display()));
        }
    }
    Ok(Created {
        title,
        root,
        dir,
        files: files.into_iter().map(|(p, _)| p).collect(),
    })
}
