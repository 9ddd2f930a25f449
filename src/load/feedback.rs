//! plans/<id>/feedback/<round>.yaml: the comments of one 征求意见 round, and the round's
//! release, read from its source snapshot so that checks can compare the text a comment was
//! made on with the text now.

use std::path::{Path, PathBuf};

use super::Loader;
use super::codes;
use super::reader::{self, Diags, MapReader};
use super::shapes;
use super::yaml::Node;
use crate::diagnostic::Diagnostic;
use crate::files::FileSystem;
use crate::model::feedback::{Anchor, Channel, Comment, Disposition, Round, SenderKind, Target};
use crate::model::{Plan, Spanned, Text, Workspace};

/// Every round file of the plan in `dir`, by file name.
pub(super) fn read_rounds(loader: &mut Loader, dir: &Path) -> Vec<Round> {
    let mut rounds = Vec::new();
    for path in super::plan::yaml_files(loader, &dir.join("feedback")) {
        let (file, node) = loader.read(&path);
        let Some(node) = node else { continue };
        let name = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let rel = loader.rel(&path);
        let mut d = Vec::new();
        if let Some(mut round) = read_round(&node, &name, rel, &mut d) {
            round.span = crate::source::Span::new(file, 0..0);
            if let Some(first) = rounds.iter().find(|r: &&Round| r.name == round.name) {
                d.push(
                    Diagnostic::error(
                        codes::DUPLICATE_ID,
                        round.span,
                        format!(
                            "{} 与 {} 都是第 {} 轮的意见",
                            round.file.display(),
                            first.file.display(),
                            round.name
                        ),
                    )
                    .with_label("同一轮的第二个文件")
                    .with_related(first.span, "第一个文件")
                    .with_hint("一轮意见写在一个文件中：把两个文件合并，删去其中一个"),
                );
            } else {
                rounds.push(round);
            }
        }
        loader.diags.append(&mut d);
    }
    // In the order of their versions: v2 before v10.
    rounds.sort_by(|a, b| (a.version, &a.name).cmp(&(b.version, &b.name)));
    rounds
}

pub fn read_round(node: &Node, name: &str, file: PathBuf, d: &mut Diags) -> Option<Round> {
    let m = MapReader::new(node, &shapes::FEEDBACK, d)?;
    let release = m.opt_text("release", d);
    let version = release
        .as_ref()
        .and_then(|r| Round::version_of(&r.value))
        .or_else(|| Round::version_of(name));
    if version.is_none() {
        d.push(
            Diagnostic::error(
                codes::INVALID_VALUE,
                release.as_ref().map_or(m.span(), |r| r.span),
                format!("无法从 `{name}` 看出这是哪一轮（哪个版本）的意见"),
            )
            .with_label("轮次")
            .with_hint(
                "文件名写成版本号，如 feedback/v1.yaml，或写 `release: 2021-09-15-征求意见稿-v1`",
            ),
        );
    }
    let mut comments: Vec<Comment> = Vec::new();
    if let Some(list) = m.get("comments") {
        for n in reader::seq(list, "comments ", d) {
            if let Some(c) = read_comment(n, d) {
                if let Some(first) = comments.iter().find(|o| o.id.value == c.id.value) {
                    d.push(
                        Diagnostic::error(
                            codes::DUPLICATE_ID,
                            c.id.span,
                            format!("意见编号 `{}` 重复", c.id.value),
                        )
                        .with_label("重复的编号")
                        .with_related(first.id.span, "第一次出现在这里")
                        .with_hint("每条意见的 id 在本轮中唯一，如 c001、c002"),
                    );
                }
                comments.push(c);
            }
        }
    }
    Some(Round {
        file,
        span: m.span(),
        name: name.to_string(),
        version,
        release,
        comments,
        base: None,
        base_dir: None,
    })
}

fn read_comment(node: &Node, d: &mut Diags) -> Option<Comment> {
    let m = MapReader::new(node, &shapes::COMMENT, d)?;
    let id = m.require("id", d).and_then(|n| reader::id(n, d));
    let from = m.req_text("from", d);
    let kind = m
        .get("kind")
        .and_then(|n| {
            reader::choice(
                n,
                "提出者类别",
                &[(SenderKind::Unit, "单位"), (SenderKind::Person, "个人")],
                d,
            )
        })
        .map_or(SenderKind::Unit, |k| k.value);
    let contact = m.opt_text("contact", d);
    let received = m
        .opt_text("received", d)
        .and_then(|t| reader::date(&t, "收到日期", "2021-09-30", d));
    let via = m.get("via").and_then(|n| {
        let options: Vec<(Channel, &str)> = Channel::ALL.iter().map(|c| (*c, c.zh())).collect();
        reader::choice(n, "意见来源", &options, d)
    });
    let anchor = match m.get("anchor") {
        Some(n) => read_anchor(n, d),
        None => Anchor {
            span: m.span(),
            target: None,
            quote: None,
            label: None,
        },
    };
    let comment = m.req_text("comment", d);
    let reason = m.opt_text("reason", d);
    let options: Vec<(Disposition, &str)> = Disposition::ALL.iter().map(|x| (*x, x.zh())).collect();
    // An unreadable disposition is reported and read as 待处理, so the rest is still checked.
    let disposition = m
        .get("disposition")
        .and_then(|n| reader::choice(n, "处理结果", &options, d))
        .unwrap_or(Spanned {
            value: Disposition::Pending,
            // No disposition written: point at the comment's id.
            span: m
                .key_span("disposition")
                .or(id.as_ref().map(|t| t.span))
                .unwrap_or(m.span()),
        });
    let answer = m.opt_text("answer", d);
    let changes = m
        .opt_list("changes", d)
        .into_iter()
        .filter_map(|t| parse_target(&t, d))
        .collect();
    let key = m.opt_text("key", d);
    Some(Comment {
        span: m.span(),
        id: id?,
        from: from?,
        kind,
        contact,
        received,
        via,
        anchor,
        comment: comment?,
        reason,
        disposition,
        answer,
        changes,
        key,
    })
}

fn read_anchor(node: &Node, d: &mut Diags) -> Anchor {
    let mut anchor = Anchor {
        span: node.span,
        target: None,
        quote: None,
        label: None,
    };
    if !matches!(node.kind, super::yaml::NodeKind::Map(_)) {
        d.push(
            reader::wrong_type(node, "anchor 应当是映射，写明指向哪一类位置")
                .with_hint("写成 `anchor: {section: 节id}`，或 column（可加 item）、table、indicator；所引原文写在 quote"),
        );
        return anchor;
    }
    let Some(m) = MapReader::new(node, &shapes::ANCHOR, d) else {
        return anchor;
    };
    anchor.quote = m.opt_text("quote", d);
    anchor.label = m.opt_text("label", d);
    let keys = ["section", "column", "table", "indicator"];
    let given: Vec<(&str, Text)> = keys
        .iter()
        .filter_map(|k| m.opt_text(k, d).map(|t| (*k, t)))
        .collect();
    let item = m.opt_text("item", d);
    if given.len() > 1 {
        d.push(
            Diagnostic::error(
                codes::INVALID_VALUE,
                given[1].1.span,
                "一条意见只能指向一处：section、column、table、indicator 只写一个",
            )
            .with_label("第二个位置")
            .with_hint("意见涉及多处时，其余写在 `changes:` 中"),
        );
    }
    if let Some(it) = &item
        && given.first().is_none_or(|(k, _)| *k != "column")
    {
        d.push(
            Diagnostic::error(
                codes::MISSING_KEY,
                it.span,
                "`item` 需要同时写出它所在的专栏 `column`",
            )
            .with_label("专栏条目")
            .with_hint("写成 `{column: platform-medical, item: 国家区域医疗中心}`"),
        );
    }
    anchor.target = given.into_iter().next().map(|(k, t)| Spanned {
        // An item is pointed at by its name: the part that may not exist.
        span: item
            .as_ref()
            .filter(|_| k == "column")
            .map_or(t.span, |i| i.span),
        value: match (k, &item) {
            ("section", _) => Target::Section(t.value),
            ("column", Some(i)) => Target::Item {
                column: t.value,
                item: i.value.clone(),
            },
            ("column", None) => Target::Column(t.value),
            ("table", _) => Target::Table(t.value),
            _ => Target::Indicator(t.value),
        },
    });
    anchor
}

/// `section:health-services`, `column:platform-medical`, `item:platform-medical/国家区域医疗中心`,
/// `table:main`, `indicator:medical-va`.
fn parse_target(t: &Text, d: &mut Diags) -> Option<Spanned<Target>> {
    let value = t.value.trim();
    let parsed = value.split_once(':').and_then(|(k, id)| {
        let id = id.trim().to_string();
        if id.is_empty() {
            return None;
        }
        Some(match k.trim() {
            "section" => Target::Section(id),
            "column" => Target::Column(id),
            "table" => Target::Table(id),
            "indicator" => Target::Indicator(id),
            "item" => {
                let (column, item) = id.split_once('/')?;
                Target::Item {
                    column: column.to_string(),
                    item: item.to_string(),
                }
            }
            _ => return None,
        })
    });
    if parsed.is_none() {
        d.push(
            Diagnostic::error(
                codes::INVALID_VALUE,
                t.span,
                format!("`{value}` 不是有效的修改位置"),
            )
            .with_label("修改位置")
            .with_hint("写成 section:节id、column:专栏id、item:专栏id/条目名、table:表id 或 indicator:指标id"),
        );
    }
    parsed.map(|value| Spanned {
        value,
        span: t.span,
    })
}

/// The release directory a round names: `release:` under `<releases>/<plan>/`, or else the
/// one release of that version.
pub fn release_dir(releases: &Path, plan: &str, round: &Round, fs: &dyn FileSystem) -> PathBuf {
    let dir = releases.join(plan);
    if let Some(r) = &round.release {
        return dir.join(r.value.trim());
    }
    let found = fs.entries(&dir).unwrap_or_default().into_iter().find(|p| {
        fs.is_dir(p)
            && p.file_name()
                .and_then(|n| n.to_str())
                .and_then(|n| n.rsplit_once("-v"))
                .and_then(|(_, v)| v.parse::<u32>().ok())
                == round.version
    });
    found.unwrap_or_else(|| dir.join(format!("v{}", round.version.unwrap_or(0))))
}

/// Read each round's release from its source snapshot under `<out_dir>/releases`.
pub(super) fn attach_releases(fs: &dyn FileSystem, ws: &mut Workspace) {
    let releases = ws.root.join(&ws.config.out_dir).join("releases");
    for plan in &mut ws.plans {
        let id = plan.id.clone();
        for round in &mut plan.feedback {
            let dir = release_dir(&releases, &id, round, fs);
            round.base = snapshot_plan(fs, &dir.join("source"), &id).map(Box::new);
            round.base_dir = Some(dir);
        }
    }
}

fn snapshot_plan(fs: &dyn FileSystem, source: &Path, id: &str) -> Option<Plan> {
    if !fs.is_dir(source) {
        return None;
    }
    let (ws, diags) = super::load_inner(fs, source, false).ok()?;
    if diags.has_errors() {
        return None;
    }
    ws.plans.into_iter().find(|p| p.id == id)
}
