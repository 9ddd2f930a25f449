//! The round file: which one (the plan, the round, its release), what it already holds (ids
//! and fingerprints), and the new comments appended after the last one as text, so that
//! everything already there stays byte for byte.

use std::collections::HashSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use super::fields::iso;
use super::{ImportError, ImportOptions, Incoming};
use crate::files::Disk;
use crate::import::emit::scalar;
use crate::model::Plan;
use crate::model::feedback::{Round, Target};

/// The plan, round and release an import goes to.
pub(super) struct RoundTarget {
    pub plan: String,
    pub round_path: PathBuf,
    /// `plans/<plan>/feedback/<round>.yaml`, for messages.
    pub round_rel: PathBuf,
    pub release_name: String,
    /// The plan as released for the round.
    pub base: Plan,
}

impl RoundTarget {
    pub fn find(opts: &ImportOptions) -> Result<RoundTarget, ImportError> {
        let round = opts.round.trim();
        let valid_name = !round.is_empty()
            && !round.starts_with('.')
            && !round.contains(['/', '\\'])
            && Round::version_of(round).is_some();
        if !valid_name {
            return Err(ImportError::Usage(format!(
                "--round `{round}` 不是有效的轮次；写成版本号，如 --round v1（对应发布目录 …-征求意见稿-v1）"
            )));
        }
        let (ws, _) = crate::load::load(&opts.workspace).map_err(|e| {
            ImportError::Usage(format!("无法读取工作区 {}：{e}", opts.workspace.display()))
        })?;
        let releases = ws.root.join(&ws.config.out_dir).join("releases");
        let plan = match &opts.plan {
            Some(id) => ws.plan(id).ok_or_else(|| {
                let ids: Vec<&str> = ws.plans.iter().map(|p| p.id.as_str()).collect();
                ImportError::Usage(format!("工作区中没有规划 `{id}`；可选：{}", ids.join("、")))
            })?,
            None => {
                let released: Vec<&Plan> = ws
                    .plans
                    .iter()
                    .filter(|p| {
                        !crate::release::existing_releases(&releases.join(&p.id)).is_empty()
                    })
                    .collect();
                match released.as_slice() {
                    [one] => *one,
                    [] => {
                        return Err(ImportError::Usage(format!(
                            "{} 下没有任何规划的发布；请先发布征求意见稿：guihua release <规划> --stage 征求意见稿",
                            releases.display()
                        )));
                    }
                    many => {
                        let ids: Vec<&str> = many.iter().map(|p| p.id.as_str()).collect();
                        return Err(ImportError::Usage(format!(
                            "有多个规划已发布（{}），请用 --plan 指定",
                            ids.join("、")
                        )));
                    }
                }
            }
        };
        let loaded = plan.feedback.iter().find(|r| r.name == round).cloned();
        let round_info = loaded.unwrap_or_else(|| Round {
            file: PathBuf::new(),
            span: crate::source::Span::default(),
            name: round.to_string(),
            version: Round::version_of(round),
            release: None,
            comments: Vec::new(),
            base: None,
            base_dir: None,
        });
        let dir = crate::load::feedback::release_dir(&releases, &plan.id, &round_info, &Disk);
        let source = dir.join("source");
        let missing = || {
            ImportError::Usage(format!(
                "找不到第 {round} 轮意见对应的发布：{} 不存在；请先发布：guihua release {} --stage 征求意见稿",
                source.display(),
                plan.id
            ))
        };
        if !source.is_dir() {
            return Err(missing());
        }
        let base = crate::load::load(&source)
            .ok()
            .and_then(|(w, _)| w.plans.into_iter().find(|p| p.id == plan.id))
            .ok_or_else(|| {
                ImportError::Usage(format!(
                    "无法读取发布 {} 中的源文件快照（规划 `{}`）；发布目录可能不完整，请重新发布",
                    source.display(),
                    plan.id
                ))
            })?;
        // The round's own file when it has one (it may be .yml), else <round>.yaml.
        let round_rel = match plan.feedback.iter().find(|r| r.name == round) {
            Some(r) if !r.file.as_os_str().is_empty() => r.file.clone(),
            _ => plan.dir.join("feedback").join(format!("{round}.yaml")),
        };
        Ok(RoundTarget {
            plan: plan.id.clone(),
            round_path: ws.root.join(&round_rel),
            round_rel,
            release_name: dir
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            base,
        })
    }
}

/// What the round file already holds.
pub(super) struct Existing {
    text: Option<String>,
    keys: HashSet<String>,
    last_id: usize,
    /// The indentation of the `- ` of existing comments.
    indent: String,
}

fn value_of(line: &str, key: &str) -> Option<String> {
    let rest = line
        .trim_start()
        .strip_prefix("- ")
        .unwrap_or(line.trim_start());
    let v = rest.strip_prefix(key)?.strip_prefix(':')?;
    let v = v.split(" #").next().unwrap_or(v).trim();
    Some(v.trim_matches(['\'', '"']).to_string())
}

impl Existing {
    pub fn read(path: &Path) -> Result<Existing, ImportError> {
        let mut e = Existing {
            text: None,
            keys: HashSet::new(),
            last_id: 0,
            indent: "  ".to_string(),
        };
        if !path.exists() {
            return Ok(e);
        }
        let text = std::fs::read_to_string(path)
            .map_err(|err| ImportError::Usage(format!("无法读取 {}：{err}", path.display())))?;
        let mut last_key: Option<(usize, String)> = None;
        let mut in_comments = false;
        let mut indent_found = false;
        for (n, line) in text.lines().enumerate() {
            let top = !line.starts_with([' ', '\t', '#', '-']) && !line.trim().is_empty();
            if top && !line.starts_with("---") && !line.starts_with("...") {
                let key = line.split(':').next().unwrap_or("").trim().to_string();
                in_comments = key == "comments";
                last_key = Some((n + 1, key));
            }
            if in_comments && !indent_found && line.trim_start().starts_with("- ") {
                e.indent = line[..line.len() - line.trim_start().len()].to_string();
                indent_found = true;
            }
            if let Some(id) = value_of(line, "id")
                && let Some(num) = id.strip_prefix('c').and_then(|d| d.parse::<usize>().ok())
            {
                e.last_id = e.last_id.max(num);
            }
            if let Some(k) = value_of(line, "key") {
                e.keys.insert(k);
            }
        }
        match &last_key {
            Some((_, k)) if k == "comments" => {}
            Some((line, k)) => {
                return Err(ImportError::Usage(format!(
                    "{} 第{line}行：最后一个顶层键是 `{k}`，新意见只能追加在文件末尾的 `comments:` 列表中；请把 `comments:` 移到文件最后再导入",
                    path.display()
                )));
            }
            None => {}
        }
        e.text = Some(text);
        Ok(e)
    }

    pub fn has_key(&self, key: &str) -> bool {
        self.keys.contains(key)
    }

    pub fn add_key(&mut self, key: String) {
        self.keys.insert(key);
    }

    /// The new file: what was there, then the new comments.
    pub fn appended(
        &self,
        release: &str,
        entries: &[(Incoming, String)],
    ) -> Result<String, String> {
        let mut out = match &self.text {
            None => format!(
                "# yaml-language-server: $schema=../../../schemas/feedback.schema.json\nrelease: {}\ncomments:\n",
                scalar(release).0
            ),
            Some(t) => {
                let mut t = t.clone();
                if !t.is_empty() && !t.ends_with('\n') {
                    t.push('\n');
                }
                if !t.lines().any(|l| l.starts_with("comments")) {
                    t.push_str("comments:\n");
                }
                // `comments: []` (an empty list written inline) becomes a block list.
                let last = t
                    .lines()
                    .enumerate()
                    .filter(|(_, l)| l.starts_with("comments"))
                    .map(|(i, _)| i)
                    .last();
                if let Some(i) = last {
                    let line = t.lines().nth(i).unwrap_or("");
                    let value = line["comments".len()..]
                        .trim_start_matches([' ', ':'])
                        .trim();
                    let value = value.split(" #").next().unwrap_or("").trim();
                    if value == "[]" {
                        // Byte offsets of the real lines: `lines()` drops a CRLF's `\r`.
                        let start: usize = t.split_inclusive('\n').take(i).map(str::len).sum();
                        t.replace_range(start..start + line.len(), "comments:");
                    } else if !value.is_empty() && !value.starts_with('#') {
                        return Err(format!(
                            "第{}行：`comments:` 写成了行内列表，无法追加；请改写成每条意见一项的块列表（- id: c001 …）",
                            i + 1
                        ));
                    }
                }
                t
            }
        };
        let mut id = self.last_id;
        let mut added = String::new();
        for (c, key) in entries {
            id += 1;
            entry(&mut added, &self.indent, &format!("c{id:03}"), c, key);
        }
        // New lines end the way the file's lines do.
        if self.text.as_deref().is_some_and(|t| t.contains("\r\n")) {
            added = added.replace('\n', "\r\n");
            if out.ends_with('\n') && !out.ends_with("\r\n") {
                out.pop();
                out.push_str("\r\n");
            }
        }
        out.push_str(&added);
        Ok(out)
    }

    pub fn append_and_write(
        &self,
        target: &RoundTarget,
        entries: &[(Incoming, String)],
    ) -> Result<(), ImportError> {
        let located =
            |m: String| ImportError::Usage(format!("{} {m}", target.round_path.display()));
        let text = self
            .appended(&target.release_name, entries)
            .map_err(located)?;
        let before = self
            .text
            .as_deref()
            .map_or(0, |t| problems(&target.round_rel, t));
        if problems(&target.round_rel, &text) > before {
            return Err(located(
                "：追加新意见后文件无法正确读取，未写入；请检查文件末尾的缩进".to_string(),
            ));
        }
        crate::output::write_atomic(&target.round_path, text.as_bytes())
            .map_err(|e| located(format!("：无法写入（{e}）")))
    }
}

/// How many diagnostics reading the round file gives.
fn problems(rel: &Path, text: &str) -> usize {
    let mut sources = crate::source::SourceMap::default();
    let file = sources.add(rel.to_path_buf(), text.to_string());
    let mut d = Vec::new();
    let name = rel
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    if let Some(node) = crate::load::yaml::parse(file, sources.get(file), &mut d) {
        crate::load::feedback::read_round(&node, &name, rel.to_path_buf(), &mut d);
    }
    d.len()
}

fn entry(out: &mut String, indent: &str, id: &str, c: &Incoming, key: &str) {
    let i = format!("{indent}  ");
    let line = |out: &mut String, pad: &str, k: &str, v: &str| {
        // A byte-order mark copied into a cell is not text (and would not read back).
        let v = v.replace('\u{feff}', "");
        let _ = writeln!(out, "{pad}{k}: {}", scalar(&v).0);
    };
    let _ = writeln!(out, "{indent}- id: {id}");
    line(out, &i, "from", &c.from);
    line(out, &i, "kind", c.kind.zh());
    if let Some(v) = &c.contact {
        line(out, &i, "contact", v);
    }
    if let Some(d) = c.received {
        line(out, &i, "received", &iso(d));
    }
    line(out, &i, "via", c.channel.zh());
    if c.target.is_some() || c.label.is_some() || c.quote.is_some() {
        let _ = writeln!(out, "{i}anchor:");
        let a = format!("{i}  ");
        match &c.target {
            Some(Target::Item { column, item }) => {
                line(out, &a, "column", column);
                line(out, &a, "item", item);
            }
            Some(t) => line(out, &a, t.key(), t.id()),
            None => {}
        }
        if let Some(v) = &c.label {
            line(out, &a, "label", v);
        }
        if let Some(v) = &c.quote {
            line(out, &a, "quote", v);
        }
    }
    line(out, &i, "comment", &c.comment);
    if let Some(v) = &c.reason {
        line(out, &i, "reason", v);
    }
    if let Some(v) = &c.answer {
        line(out, &i, "answer", v);
    }
    line(out, &i, "disposition", "待处理");
    line(out, &i, "key", key);
}
