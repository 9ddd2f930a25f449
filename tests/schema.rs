//! The JSON Schemas (`guihua schema`) against the loader and the example workspace:
//! each schema object lists exactly the keys the loader accepts, every example file
//! validates, and the committed schemas/*.schema.json are what `guihua schema` prints.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use guihua::load::yaml::{Node, NodeKind};
use guihua::schema::{KINDS, schema, schema_text};
use guihua::source::SourceMap;
use serde_json::Value;

/// The object schema at `path` in `kind`'s schema: the root for "", else definitions/<path>.
fn object_at(kind: &str, path: &str) -> Value {
    let root = schema(kind).unwrap_or_else(|| panic!("no schema for {kind}"));
    if path.is_empty() {
        root
    } else {
        root["definitions"][path].clone()
    }
}

fn property_names(obj: &Value) -> Vec<String> {
    obj["properties"]
        .as_object()
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default()
}

#[test]
fn schemas_list_exactly_the_keys_the_loader_accepts() {
    let mut failures = Vec::new();
    for (kind, path, shape) in guihua::load::shapes::all() {
        let obj = object_at(kind, path);
        let props = property_names(&obj);
        let props_set: BTreeSet<&str> = props.iter().map(String::as_str).collect();
        let keys_set: BTreeSet<&str> = shape.keys.iter().copied().collect();
        if props_set != keys_set {
            failures.push(format!(
                "{kind}/{path:?}: schema has {:?}, loader accepts {:?}",
                props_set.difference(&keys_set).collect::<Vec<_>>(),
                keys_set.difference(&props_set).collect::<Vec<_>>()
            ));
        }
        if obj["additionalProperties"] != Value::Bool(false) {
            failures.push(format!(
                "{kind}/{path:?}: additionalProperties is not false, so typos would pass the schema"
            ));
        }
        for req in obj["required"].as_array().into_iter().flatten() {
            if !keys_set.contains(req.as_str().unwrap_or_default()) {
                failures.push(format!(
                    "{kind}/{path:?}: requires {req}, which the loader does not know"
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_object_in_every_schema_is_checked_against_a_shape() {
    // The other direction: a schema object that no shape describes would drift unnoticed.
    // A definition shared by several kinds (block) is compared with the shape of that name.
    let all = guihua::load::shapes::all();
    let mut failures = Vec::new();
    for kind in KINDS {
        let root = schema(kind).unwrap();
        let mut paths = vec![String::new()];
        paths.extend(root["definitions"].as_object().unwrap().keys().cloned());
        for path in paths {
            let obj = object_at(kind, &path);
            if obj.get("properties").is_none() {
                continue;
            }
            let shape = all
                .iter()
                .find(|(k, p, _)| *k == kind && *p == path)
                .or_else(|| all.iter().find(|(_, p, _)| !path.is_empty() && *p == path));
            match shape {
                None => failures.push(format!(
                    "{kind}/{path:?} has no shape in load::shapes::all()"
                )),
                Some((_, _, shape)) => {
                    let mut props = property_names(&obj);
                    let mut keys: Vec<String> = shape.keys.iter().map(|k| k.to_string()).collect();
                    props.sort();
                    keys.sort();
                    if props != keys {
                        failures.push(format!(
                            "{kind}/{path:?}: schema {props:?} vs shape {keys:?}"
                        ));
                    }
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

// ------------------------------------------------------------------ YAML → JSON

/// The JSON an editor's YAML plugin would validate: plain scalars that read as numbers
/// become numbers, null / ~ / empty become null, everything else (quoted or not) is a string.
fn to_json(node: &Node) -> Value {
    match &node.kind {
        NodeKind::Scalar {
            value,
            quoted: true,
        } => Value::String(value.clone()),
        NodeKind::Scalar {
            value,
            quoted: false,
        } => {
            if node.is_null() {
                Value::Null
            } else if let Ok(i) = value.parse::<i64>() {
                Value::from(i)
            } else if let Some(n) = value
                .parse::<f64>()
                .ok()
                .filter(|f| {
                    f.is_finite()
                        && value.starts_with(|c: char| {
                            c.is_ascii_digit() || c == '-' || c == '+' || c == '.'
                        })
                })
                .and_then(serde_json::Number::from_f64)
            {
                Value::Number(n)
            } else {
                Value::String(value.clone())
            }
        }
        NodeKind::Seq(items) => Value::Array(items.iter().map(to_json).collect()),
        NodeKind::Map(entries) => Value::Object(
            entries
                .iter()
                .map(|(k, v)| {
                    (
                        guihua::load::yaml::scalar(k)
                            .unwrap_or_default()
                            .to_string(),
                        to_json(v),
                    )
                })
                .collect(),
        ),
    }
}

fn yaml_file_to_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap();
    let mut sources = SourceMap::default();
    let id = sources.add(path.to_path_buf(), text);
    let mut diags = Vec::new();
    let node = guihua::load::yaml::parse(id, sources.get(id), &mut diags);
    assert!(diags.is_empty(), "{}: {diags:?}", path.display());
    to_json(&node.unwrap_or_else(|| panic!("{} is empty", path.display())))
}

/// The schema kind of a source file, from where it sits in the workspace.
/// plan.yaml → plan, relations.yaml → relations, chapters/ → chapter, columns/ → column,
/// indicators/ → indicators, guihua.yaml → workspace.
fn kind_of(rel: &Path) -> Option<&'static str> {
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
    match parts.as_slice() {
        ["guihua.yaml"] => Some("workspace"),
        ["plans", _, "plan.yaml"] => Some("plan"),
        ["plans", _, "relations.yaml"] => Some("relations"),
        ["plans", _, "chapters", _] => Some("chapter"),
        ["plans", _, "columns", _] => Some("column"),
        ["plans", _, "indicators", _] => Some("indicators"),
        _ => None,
    }
}

/// (path relative to `root`, kind) of every YAML source file under `root`.
fn sources_of(root: &Path) -> Vec<(PathBuf, &'static str)> {
    let mut out = Vec::new();
    if root.join("guihua.yaml").is_file() {
        out.push((PathBuf::from("guihua.yaml"), "workspace"));
    }
    for e in walkdir::WalkDir::new(root.join("plans")).sort_by_file_name() {
        let e = e.unwrap();
        if e.file_type().is_file()
            && e.path()
                .extension()
                .is_some_and(|x| x == "yaml" || x == "yml")
        {
            let rel = e.path().strip_prefix(root).unwrap().to_path_buf();
            let kind = kind_of(&rel)
                .unwrap_or_else(|| panic!("{} is not a source file of any kind", rel.display()));
            out.push((rel, kind));
        }
    }
    out
}

fn validate_all(root: &Path) -> (usize, Vec<String>) {
    let validators: Vec<(&str, jsonschema::Validator)> = KINDS
        .iter()
        .map(|k| (*k, jsonschema::validator_for(&schema(k).unwrap()).unwrap()))
        .collect();
    let files = sources_of(root);
    let mut failures = Vec::new();
    for (rel, kind) in &files {
        let instance = yaml_file_to_json(&root.join(rel));
        let v = &validators.iter().find(|(k, _)| k == kind).unwrap().1;
        for e in v.iter_errors(&instance) {
            failures.push(format!(
                "{} ({kind}): {} at {}",
                rel.display(),
                e,
                e.instance_path
            ));
        }
    }
    (files.len(), failures)
}

#[test]
fn example_workspace_validates_against_the_schemas() {
    let (n, failures) = validate_all(&common::repo());
    assert!(n >= 50, "only {n} source files found");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn fixture_base_workspace_validates_against_the_schemas() {
    let (n, failures) = validate_all(&common::repo().join("tests/fixtures/load/_base"));
    assert_eq!(n, 4);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn schemas_reject_what_the_loader_rejects() {
    // A sanity check that validation above is not vacuous.
    let v = jsonschema::validator_for(&schema("indicators").unwrap()).unwrap();
    let good = serde_json::json!({
        "title": "主要指标", "base_year": 2020, "target_year": 2025,
        "categories": [{ "name": "规模", "rows": [{ "id": "va", "name": "增加值", "unit": "亿元", "base": 152, "target": "20以上", "nature": "预期性" }] }]
    });
    assert!(
        v.is_valid(&good),
        "{:?}",
        v.iter_errors(&good)
            .map(|e| e.to_string())
            .collect::<Vec<_>>()
    );
    for (what, bad) in [
        (
            "unknown key",
            serde_json::json!({ "title": "t", "target_year": 2025, "categories": [], "titel": "x" }),
        ),
        (
            "row key typo",
            serde_json::json!({ "title": "t", "target_year": 2025, "categories": [{ "name": "n", "rows": [{ "id": "a", "name": "n", "unit": "u", "traget": 1, "nature": "预期性" }] }] }),
        ),
        (
            "bad nature",
            serde_json::json!({ "title": "t", "target_year": 2025, "categories": [{ "name": "n", "rows": [{ "id": "a", "name": "n", "unit": "u", "target": 1, "nature": "必须" }] }] }),
        ),
        (
            "missing target_year",
            serde_json::json!({ "title": "t", "categories": [] }),
        ),
        (
            "bad id",
            serde_json::json!({ "id": "a b", "title": "t", "target_year": 2025, "categories": [] }),
        ),
    ] {
        assert!(!v.is_valid(&bad), "{what} passed the schema");
    }
}

// ------------------------------------------------------------------ committed files

#[test]
fn committed_schemas_match_guihua_schema() {
    let dir = common::repo().join("schemas");
    let mut failures = Vec::new();
    for kind in KINDS {
        let path = dir.join(format!("{kind}.schema.json"));
        match std::fs::read_to_string(&path) {
            Ok(committed) if committed == schema_text(kind).unwrap() => {}
            Ok(_) => failures.push(format!("{} is stale", path.display())),
            Err(e) => failures.push(format!("{}: {e}", path.display())),
        }
    }
    let mut extra: Vec<String> = std::fs::read_dir(&dir)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    extra.retain(|f| !KINDS.iter().any(|k| *f == format!("{k}.schema.json")));
    if !extra.is_empty() {
        failures.push(format!("schemas/ holds files no kind produces: {extra:?}"));
    }
    assert!(
        failures.is_empty(),
        "{}\nregenerate with `cargo run -q -- schema --out schemas`",
        failures.join("\n")
    );
}

#[test]
fn committed_schemas_are_valid_json_schemas() {
    for kind in KINDS {
        let text = schema_text(kind).unwrap();
        let v: Value = serde_json::from_str(&text).unwrap();
        assert!(
            jsonschema::meta::is_valid(&v),
            "{kind} is not a valid JSON Schema"
        );
        assert_eq!(v["$schema"], "http://json-schema.org/draft-07/schema#");
    }
}

#[test]
fn example_files_name_their_schema() {
    // `# yaml-language-server: $schema=<relative path>` on the first line, pointing at the
    // schema of the file's kind, so editors complete and check as the loader would.
    let root = common::repo();
    let mut failures = Vec::new();
    for (rel, kind) in sources_of(&root) {
        let text = std::fs::read_to_string(root.join(&rel)).unwrap();
        let first = text.lines().next().unwrap_or_default();
        let Some(target) = first.strip_prefix("# yaml-language-server: $schema=") else {
            failures.push(format!("{}: first line is {first:?}", rel.display()));
            continue;
        };
        let resolved = root.join(&rel).parent().unwrap().join(target);
        let expected = root.join("schemas").join(format!("{kind}.schema.json"));
        let same =
            resolved.canonicalize().ok() == expected.canonicalize().ok() && expected.exists();
        if !same || target.starts_with('/') {
            failures.push(format!(
                "{}: {target} does not lead to schemas/{kind}.schema.json",
                rel.display()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
