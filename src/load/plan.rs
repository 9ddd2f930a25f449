//! One plan directory: plan.yaml, then chapters/, columns/ and indicators/.

use std::path::{Path, PathBuf};

use super::Loader;
use super::codes;
use super::parts;
use super::reader::{self, MapReader};
use super::shapes;
use super::yaml::NodeKind;
use crate::diagnostic::Diagnostic;
use crate::model::date::{is_plan_year, years_zh};
use crate::model::{Period, Plan, PlanDate, Region, RegionLevel, Spanned, Stage, Text};
use crate::source::Span;

/// YAML files directly inside `dir`, sorted by name.
pub(super) fn yaml_files(loader: &Loader, dir: &Path) -> Vec<PathBuf> {
    let fs = loader.fs;
    let mut files: Vec<PathBuf> = fs
        .entries(dir)
        .unwrap_or_default()
        .into_iter()
        .filter(|p| {
            matches!(p.extension().and_then(|e| e.to_str()), Some("yaml" | "yml")) && fs.is_file(p)
        })
        .collect();
    files.sort();
    files
}

fn stem(p: &Path) -> String {
    p.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

pub(super) fn load_plan(loader: &mut Loader, dir: &Path) -> Option<Plan> {
    let plan_file = dir.join("plan.yaml");
    let dir_name = dir.file_name()?.to_string_lossy().into_owned();
    if !loader.fs.is_file(&plan_file) {
        let id = loader.placeholder(&plan_file);
        loader.diags.push(
            Diagnostic::error(
                codes::MISSING_KEY,
                Span::new(id, 0..0),
                format!("规划目录 `{dir_name}` 中没有 plan.yaml"),
            )
            .with_hint("每个规划目录都需要 plan.yaml；可用 `guihua new <id>` 生成"),
        );
        return None;
    }
    let (file, node) = loader.read(&plan_file);
    if !reader::is_valid_id(&dir_name) {
        loader.diags.push(
            Diagnostic::error(
                codes::INVALID_VALUE,
                Span::new(file, 0..0),
                format!("目录名 `{dir_name}` 不能用作规划 id"),
            )
            .with_hint("规划目录名只能由字母、数字、汉字、`-`、`_` 组成，例如 qinhuangdao-2021"),
        );
    }
    let node = node?;
    let mut d = Vec::new();
    let m = MapReader::new(&node, &shapes::PLAN, &mut d);
    let header = m.and_then(|m| read_header(&m, &mut d));
    loader.diags.append(&mut d);
    let mut plan = header?;
    plan.id = dir_name;
    plan.dir = dir.strip_prefix(&loader.root).unwrap_or(dir).to_path_buf();
    plan.span = Span::new(file, 0..0);

    for path in yaml_files(loader, &dir.join("columns")) {
        let (_, node) = loader.read(&path);
        let rel = loader.rel(&path);
        match node.and_then(|node| parts::read_column(&node, &rel, &stem(&path), &mut loader.diags))
        {
            Some(c) => plan.columns.push(c),
            None => plan.unreadable.push((false, stem(&path))),
        }
    }
    for path in yaml_files(loader, &dir.join("indicators")) {
        let (_, node) = loader.read(&path);
        let rel = loader.rel(&path);
        match node.and_then(|node| parts::read_table(&node, &rel, &stem(&path), &mut loader.diags))
        {
            Some(t) => plan.tables.push(t),
            None => plan.unreadable.push((true, stem(&path))),
        }
    }
    read_chapters(loader, dir, &node, &mut plan);
    let rel = dir.join("relations.yaml");
    if loader.fs.is_file(&rel) {
        let (_, node) = loader.read(&rel);
        if let Some(node) = node {
            plan.relations = super::relations::read_relations(&node, &mut loader.diags);
        }
    }
    plan.feedback = super::feedback::read_rounds(loader, dir);
    Some(plan)
}

fn read_chapters(loader: &mut Loader, dir: &Path, plan_node: &super::yaml::Node, plan: &mut Plan) {
    let files = yaml_files(loader, &dir.join("chapters"));
    let listed: Option<Vec<Text>> = match &plan_node.kind {
        NodeKind::Map(entries) => entries
            .iter()
            .find(|(k, v)| reader::key_text(k) == "chapters" && !v.is_null())
            .map(|(_, v)| reader::text_list(v, &mut Vec::new())),
        _ => None,
    };
    let order: Vec<(PathBuf, Option<Span>)> = match listed {
        None => files.iter().map(|f| (f.clone(), None)).collect(),
        Some(list) => {
            let mut order = Vec::new();
            for name in &list {
                let found = files.iter().find(|f| {
                    stem(f)
                        == name
                            .value
                            .trim_end_matches(".yaml")
                            .trim_end_matches(".yml")
                });
                match found {
                    Some(f) => {
                        if order.iter().any(|(p, _): &(PathBuf, Option<Span>)| p == f) {
                            loader.diags.push(
                                Diagnostic::error(
                                    codes::DUPLICATE_ID,
                                    name.span,
                                    format!("章节 `{}` 在 chapters 中列了两次", name.value),
                                )
                                .with_label("重复")
                                .with_hint("每个章节文件只列一次"),
                            );
                        } else {
                            order.push((f.clone(), Some(name.span)));
                        }
                    }
                    None => {
                        let names: Vec<String> = files.iter().map(|f| stem(f)).collect();
                        let mut d = Diagnostic::error(
                            codes::DANGLING_REF,
                            name.span,
                            format!("chapters 中的 `{}` 没有对应的文件", name.value),
                        )
                        .with_label("找不到 chapters/ 下的同名文件");
                        d = match crate::suggest::closest(
                            &name.value,
                            names.iter().map(String::as_str),
                        ) {
                            Some(s) => d.with_hint(format!("是不是 `{s}`？")),
                            None if names.is_empty() => {
                                d.with_hint("chapters/ 目录中还没有章节文件")
                            }
                            None => d.with_hint(format!("已有的章节文件：{}", names.join("、"))),
                        };
                        loader.diags.push(d);
                    }
                }
            }
            for f in &files {
                if !order.iter().any(|(p, _)| p == f) {
                    let (id, node) = loader.read(f);
                    // Read it all the same, so that a stale list hides none of its problems.
                    if let Some(node) = node {
                        let rel = loader.rel(f);
                        let mut notes = Vec::new();
                        let _ = parts::read_chapter(
                            &node,
                            &rel,
                            &stem(f),
                            &mut notes,
                            &mut loader.diags,
                        );
                    }
                    loader.diags.push(
                        Diagnostic::warning(
                            codes::UNPLACED,
                            Span::new(id, 0..0),
                            format!("章节文件 `{}` 没有列入 plan.yaml 的 chapters", stem(f)),
                        )
                        .with_hint("把它加入 chapters 列表，否则不会出现在规划中"),
                    );
                }
            }
            order
        }
    };
    for (path, _) in order {
        let (_, node) = loader.read(&path);
        let rel = loader.rel(&path);
        if let Some(node) = node
            && let Some(mut ch) = parts::read_chapter(
                &node,
                &rel,
                &stem(&path),
                &mut plan.notes,
                &mut loader.diags,
            )
        {
            ch.number = plan.chapters.len() + 1;
            plan.chapters.push(ch);
        }
    }
}

fn read_header(m: &MapReader, d: &mut Vec<Diagnostic>) -> Option<Plan> {
    let title = m.req_text("title", d);
    let short_title = m.opt_text("short_title", d);
    let subject = m.opt_text("subject", d);
    let stage = m.require("stage", d).and_then(|n| {
        let opts: Vec<(Stage, &str)> = Stage::ALL.iter().map(|s| (*s, s.zh())).collect();
        reader::choice(n, "阶段", &opts, d)
    });
    // Issuer and date are on every cover from the 征求意见稿 on; a 草稿 (an imported draft
    // without them, say) may leave them out; a stage that could not be read requires them.
    let cover_required = stage.is_none_or(|s| s.value >= Stage::ForComment);
    let issuer = if cover_required {
        m.req_text("issuer", d)
    } else {
        m.opt_text("issuer", d)
    };
    let date = if cover_required {
        m.require("date", d)
    } else {
        m.get("date")
    }
    .and_then(|n| reader::text(n, d))
    .and_then(|t| parse_date(&t, d));
    let region = m.require("region", d).and_then(|n| read_region(n, d));
    let period = m.require("period", d).and_then(|n| read_period(n, d));
    let base_year = m.opt_year("base_year", d);
    if let (Some(b), Some(p)) = (base_year, period)
        && b.value >= p.value.start
    {
        d.push(
            Diagnostic::error(
                codes::PERIOD,
                b.span,
                format!("基期年 {} 不早于规划起始年 {}", b.value, p.value.start),
            )
            .with_label("基期年")
            .with_related(p.span, "规划期")
            .with_hint(format!(
                "基期年通常是规划期前一年，即 {}",
                p.value.start - 1
            )),
        );
    }
    let implements = m.opt_list("implements", d);
    let mentions = m.opt_list("mentions", d);
    let mut notes = Vec::new();
    let preface = m
        .get("preface")
        .map(|n| parts::read_blocks(n, &mut notes, d))
        .unwrap_or_default();
    let consultation = m.get("consultation").and_then(|n| read_consultation(n, d));
    // `chapters` is read by the caller, which knows the directory. Missing required values
    // were reported above; defaults stand in so the rest of the plan is still checked.
    let here = Span::new(
        m.span().file,
        m.span().start as usize..m.span().start as usize,
    );
    let blank = || Text {
        value: String::new(),
        span: here,
    };
    Some(Plan {
        id: String::new(),
        dir: PathBuf::new(),
        span: m.span(),
        title: title.unwrap_or_else(blank),
        short_title,
        subject,
        stage: stage.unwrap_or(Spanned {
            value: Stage::Draft,
            span: here,
        }),
        issuer,
        date,
        region,
        period,
        base_year,
        implements,
        mentions,
        preface,
        chapters: Vec::new(),
        columns: Vec::new(),
        tables: Vec::new(),
        relations: Default::default(),
        notes,
        consultation,
        unreadable: Vec::new(),
        feedback: Vec::new(),
    })
}

fn read_consultation(
    node: &super::yaml::Node,
    d: &mut Vec<Diagnostic>,
) -> Option<crate::model::Consultation> {
    let m = MapReader::new(node, &shapes::CONSULTATION, d)?;
    let start = m
        .require("start", d)
        .and_then(|n| reader::text(n, d))
        .and_then(|t| parse_date(&t, d));
    let end = m
        .require("end", d)
        .and_then(|n| reader::text(n, d))
        .and_then(|t| parse_date(&t, d));
    let channels = m.opt_list("channels", d);
    let c = crate::model::Consultation {
        span: m.span(),
        start: start?,
        end: end?,
        channels,
        contact: m.opt_text("contact", d),
        email: m.opt_text("email", d),
        address: m.opt_text("address", d),
        phone: m.opt_text("phone", d),
        fax: m.opt_text("fax", d),
        url: m.opt_text("url", d),
        note: m.opt_text("note", d),
    };
    if c.start.value.day.is_none() || c.end.value.day.is_none() {
        d.push(
            Diagnostic::error(
                codes::INVALID_VALUE,
                if c.start.value.day.is_none() {
                    c.start.span
                } else {
                    c.end.span
                },
                "征求意见的起止日期要写到日",
            )
            .with_label("日期")
            .with_hint("写成 2021-09-15"),
        );
        return None;
    }
    if (c.end.value.year, c.end.value.month, c.end.value.day)
        < (c.start.value.year, c.start.value.month, c.start.value.day)
    {
        d.push(
            Diagnostic::error(codes::PERIOD, c.end.span, "征求意见截止日期早于开始日期")
                .with_label("截止日期")
                .with_related(c.start.span, "开始日期")
                .with_hint("截止日期应晚于开始日期"),
        );
        return None;
    }
    Some(c)
}

fn read_region(node: &super::yaml::Node, d: &mut Vec<Diagnostic>) -> Option<Region> {
    let m = MapReader::new(node, &shapes::REGION, d)?;
    let name = m.req_text("name", d);
    let level = m.require("level", d).and_then(|n| {
        let opts: Vec<(RegionLevel, &str)> =
            RegionLevel::ALL.iter().map(|l| (*l, l.zh())).collect();
        reader::choice(n, "行政层级", &opts, d)
    });
    let parent = m.opt_text("parent", d);
    let subdivisions = m.opt_list("subdivisions", d);
    Some(Region {
        name: name?,
        level: level?,
        parent,
        subdivisions,
    })
}

fn read_period(node: &super::yaml::Node, d: &mut Vec<Diagnostic>) -> Option<Spanned<Period>> {
    let (start, end) = match &node.kind {
        NodeKind::Map(_) => {
            let m = MapReader::new(node, &shapes::PERIOD, d)?;
            (m.req_year("start", d)?.value, m.req_year("end", d)?.value)
        }
        _ => {
            let t = reader::text(node, d)?;
            let parsed = t
                .value
                .split(['-', '—', '–', '～', '~'])
                .map(|s| s.trim().trim_end_matches('年').parse::<i32>())
                .collect::<Result<Vec<_>, _>>();
            match parsed.as_deref() {
                Ok([a, b]) => (*a, *b),
                _ => {
                    d.push(
                        Diagnostic::error(
                            codes::INVALID_VALUE,
                            t.span,
                            format!("`{}` 不是有效的规划期", t.value),
                        )
                        .with_label("无法识别起止年份")
                        .with_hint("写成 `2021-2025`，或 `{start: 2021, end: 2025}`"),
                    );
                    return None;
                }
            }
        }
    };
    if !is_plan_year(start) || !is_plan_year(end) || start > end {
        d.push(
            Diagnostic::error(
                codes::PERIOD,
                node.span,
                format!("规划期 {start}—{end} 不合理"),
            )
            .with_label("起止年份")
            .with_hint(format!("起始年不能晚于结束年，年份在 {} 之间", years_zh())),
        );
        return None;
    }
    Some(Spanned {
        value: Period { start, end },
        span: node.span,
    })
}

fn parse_date(t: &Text, d: &mut Vec<Diagnostic>) -> Option<Spanned<PlanDate>> {
    reader::date(t, "日期", "2021-09 或 2021-09-30", d)
}
