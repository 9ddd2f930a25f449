//! JSON Schemas of every source file kind, for editors (`# yaml-language-server: $schema=…`).
//! A test checks that each schema lists exactly the keys the loader accepts (load::shapes).

use serde_json::{Value, json};

use crate::model::feedback::{Channel, Disposition};
use crate::model::{Nature, Qualifier, RegionLevel, Stage};

pub const KINDS: [&str; 7] = [
    "workspace",
    "plan",
    "chapter",
    "column",
    "indicators",
    "relations",
    "feedback",
];

fn id_string(desc: &str) -> Value {
    json!({ "type": "string", "pattern": "^[\\p{L}\\p{N}_-]+$", "description": desc })
}

fn year(desc: &str) -> Value {
    json!({ "type": "integer", "minimum": crate::model::date::YEARS.start(), "maximum": crate::model::date::YEARS.end(), "description": desc })
}

fn text(desc: &str) -> Value {
    json!({ "type": "string", "minLength": 1, "description": desc })
}

fn text_list(desc: &str) -> Value {
    json!({ "type": "array", "items": { "type": "string" }, "description": desc })
}

fn figure(desc: &str) -> Value {
    let qualifiers: Vec<&str> = Qualifier::all_zh().collect();
    json!({
        "description": format!("{desc}：数字（如 350、21.80），可带限定词（{}），不适用写 /，尚未确定写 待填 或 ~", qualifiers.join("、")),
        "anyOf": [ { "type": "number" }, { "type": "string", "minLength": 1 }, { "type": "null" } ]
    })
}

fn blocks() -> Value {
    json!({
        "type": "array",
        "description": "块：段落文本，或 list / column / table 之一",
        "items": { "anyOf": [
            { "type": "string", "description": "段落，支持行内 Markdown 和 {{…}} 引用" },
            { "$ref": "#/definitions/block" }
        ]}
    })
}

fn object(description: &str, props: Value, required: &[&str]) -> Value {
    json!({
        "type": "object",
        "description": description,
        "additionalProperties": false,
        "properties": props,
        "required": required,
    })
}

/// The schema of one file kind, or `None` for an unknown kind.
pub fn schema(kind: &str) -> Option<Value> {
    let (title, mut root, definitions) = match kind {
        "workspace" => (
            "guihua.yaml（工作区配置）",
            object(
                "工作区配置；所有键都可省略",
                json!({
                    "plans_dir": text("规划目录，默认 plans"),
                    "out_dir": text("输出目录，默认 out"),
                    "templates_dir": text("覆盖模板的目录，默认 templates"),
                    "fonts": { "$ref": "#/definitions/fonts" },
                    "rules": {
                        "type": "object",
                        "description": "按规则代码设置级别，如 {T004: off, J002: error}；guihua rules 列出全部代码",
                        "additionalProperties": { "enum": ["off", "error", "warning", "info"] }
                    },
                    "latin_allow": text_list("允许出现在中文句子中的小写拉丁词，如 [app, km]"),
                    "glossary": { "type": "array", "items": { "$ref": "#/definitions/glossary_entry" }, "description": "术语表：规范名称及已知的错误写法" },
                    "pending_error_from": { "enum": ["草稿", "征求意见稿", "送审稿", "正式稿"], "description": "从哪个阶段起，指标表中的空值（待填、~）报告为错误 F007；默认 征求意见稿" },
                }),
                &[],
            ),
            json!({
                "fonts": object("PDF 各角色字体的回退链：依次尝试，第一个已安装且覆盖全部字符的字体生效", json!({
                    "title": text_list("标题（小标宋），如 [方正小标宋简体, Noto Serif CJK SC]"),
                    "heading": text_list("一级标题（黑体）"),
                    "kai": text_list("二级标题（楷体）"),
                    "body": text_list("正文（仿宋）"),
                    "song": text_list("表格和页码（宋体）"),
                }), &[]),
                "glossary_entry": object("一个规范名称", json!({
                    "name": text("规范写法，如 北戴河生命健康产业创新示范区"),
                    "variants": text_list("已知的错误写法，出现即报告"),
                    "scope": { "type": "array", "items": id_string("规划 id"), "description": "只适用于这些规划；省略时适用于全部" },
                }), &["name"]),
            }),
        ),
        "plan" => {
            let stages: Vec<&str> = Stage::ALL.iter().map(|s| s.zh()).collect();
            let levels: Vec<&str> = RegionLevel::ALL.iter().map(|l| l.zh()).collect();
            (
                "plan.yaml（规划元数据）",
                object(
                    "规划元数据、导言和章节顺序",
                    json!({
                        "title": text("规划全称"),
                        "short_title": text("简称"),
                        "subject": text("规划的主题产业或领域"),
                        "stage": { "enum": stages, "description": "发布阶段" },
                        "issuer": text("编制或发布单位；征求意见稿起必填"),
                        "date": { "type": "string", "pattern": "^\\d{4}-\\d{1,2}(-\\d{1,2})?$", "description": "日期：YYYY-MM 或 YYYY-MM-DD；征求意见稿起必填" },
                        "region": { "$ref": "#/definitions/region" },
                        "period": { "anyOf": [
                            { "type": "string", "pattern": "^\\d{4}\\s*[-—–～~]\\s*\\d{4}年?$" },
                            { "$ref": "#/definitions/period" }
                        ], "description": "规划期，如 2021-2025" },
                        "base_year": year("基期年"),
                        "implements": { "type": "array", "items": id_string("上级规划 id"), "description": "本规划落实的上级规划" },
                        "mentions": text_list("有意提及的其他行政区（合作、对标等），如 [承德市, 锦州市]；检查不再报告"),
                        "consultation": { "$ref": "#/definitions/consultation" },
                        "preface": blocks(),
                        "chapters": text_list("章节文件名（不含 .yaml）的顺序"),
                    }),
                    &["title", "stage", "region", "period"],
                ),
                json!({
                    "region": object("规划区域", json!({
                        "name": text("区域名称，如 秦皇岛市"),
                        "level": { "enum": levels, "description": "行政层级" },
                        "parent": text("上级行政区"),
                        "subdivisions": text_list("下辖区县"),
                    }), &["name", "level"]),
                    "period": object("规划期", json!({ "start": year("起始年"), "end": year("结束年") }), &["start", "end"]),
                    "consultation": object("征求意见安排（印在征求意见稿的通知页上）", json!({
                        "start": { "type": "string", "pattern": "^\\d{4}-\\d{1,2}-\\d{1,2}$", "description": "开始日期 YYYY-MM-DD" },
                        "end": { "type": "string", "pattern": "^\\d{4}-\\d{1,2}-\\d{1,2}$", "description": "截止日期 YYYY-MM-DD；重大规划一般不少于 30 日" },
                        "channels": text_list("反馈方式，如 [电子邮件, 信函]"),
                        "contact": text("联系单位或联系人"),
                        "email": text("电子邮箱"),
                        "address": text("通信地址"),
                        "phone": text("联系电话"),
                        "fax": text("传真"),
                        "url": text("网上留言地址"),
                        "note": text("其他说明"),
                    }), &["start", "end"]),
                    "block": block_def(),
                }),
            )
        }
        "chapter" => (
            "章节文件",
            object(
                "一章：标题、正文块和节",
                json!({
                    "id": id_string("章 id，默认取文件名去掉数字前缀"),
                    "title": text("章标题，不写编号"),
                    "body": blocks(),
                    "sections": { "type": "array", "items": { "$ref": "#/definitions/section" } },
                    "reason": text("修订说明：与上一版相比为何修改，列入修订对照表的“说明”栏"),
                }),
                &["title"],
            ),
            json!({
                "section": object("节（（一）、1.、（1））", json!({
                    "id": id_string("节 id，默认取标题"),
                    "title": text("节标题，不写编号"),
                    "body": blocks(),
                    "sections": { "type": "array", "items": { "$ref": "#/definitions/section" } },
                    "reason": text("修订说明：与上一版相比为何修改，列入修订对照表的“说明”栏"),
                }), &["title"]),
                "block": block_def(),
            }),
        ),
        "column" => (
            "专栏文件",
            object(
                "专栏：标题和条目，编号由放置顺序生成",
                json!({
                    "id": id_string("专栏 id，默认取文件名"),
                    "title": text("专栏标题，不写“专栏N”"),
                    "items": { "type": "array", "minItems": 1, "items": { "anyOf": [
                        { "type": "string" },
                        { "$ref": "#/definitions/item" }
                    ]}},
                }),
                &["title", "items"],
            ),
            json!({
                "item": object("带加粗项目名的条目", json!({
                    "name": text("项目名，渲染为加粗的引导语"),
                    "text": text("说明"),
                    "reason": text("修订说明：与上一版相比为何修改，列入修订对照表的“说明”栏"),
                }), &["text"]),
            }),
        ),
        "indicators" => (
            "指标表文件",
            object(
                "指标表：类别、指标行，编号由放置顺序生成",
                json!({
                    "id": id_string("表 id，默认取文件名"),
                    "title": text("表标题，不写“表N”"),
                    "base_year": year("基期年"),
                    "target_year": year("目标年"),
                    "extra_columns": { "type": "array", "items": { "$ref": "#/definitions/extra_column" }, "description": "标准列之外的列（如 备注、牵头单位），按顺序印在标准列之后；各行用 key 写该列的值（JSON Schema 无法按表声明的键放行，编辑器会把行中的附加列键标为未知，以 guihua check 为准）" },
                    "categories": { "type": "array", "items": { "$ref": "#/definitions/category" } },
                    "rows": { "type": "array", "items": { "$ref": "#/definitions/row" }, "description": "没有类别列的表：直接列出指标行（与 categories 二选一）" },
                }),
                &["title", "target_year"],
            ),
            json!({
                "extra_column": object("附加列", json!({
                    "key": id_string("行中使用的键，不能与标准列的键相同"),
                    "name": text("表头，如 备注"),
                }), &["key", "name"]),
                "category": object("指标类别", json!({
                    "name": text("类别名称"),
                    "rows": { "type": "array", "items": { "$ref": "#/definitions/row" } },
                }), &["name", "rows"]),
                "row": object("一项指标", json!({
                    "id": id_string("指标 id，在本规划内唯一"),
                    "name": text("指标名称"),
                    "unit": text("单位"),
                    "base": figure("基期值"),
                    "target": figure("目标值"),
                    "nature": { "enum": [Nature::Expected.zh(), Nature::Binding.zh()], "description": "指标属性" },
                    "responsible": text("责任单位"),
                    "aliases": text_list("别名"),
                    "direction": { "enum": ["增长", "下降"], "description": "指标方向：目标值低于基期值时，增长型指标会被提示" },
                    "reason": text("修订说明：与上一版相比为何修改，列入修订对照表的“说明”栏"),
                }), &["id", "name", "unit", "target"]),
            }),
        ),
        "relations" => (
            "relations.yaml（指标关系）",
            object(
                "本规划指标之间的算术关系，以及与上级规划指标的关系",
                json!({
                    "sums": { "type": "array", "items": { "$ref": "#/definitions/sum" } },
                    "shares": { "type": "array", "items": { "$ref": "#/definitions/share" } },
                    "parents": { "type": "array", "items": { "$ref": "#/definitions/parent" } },
                    "same_base_year": { "type": "array", "items": id_string("上级规划 id"), "description": "与这些上级规划使用相同的基期年" },
                }),
                &[],
            ),
            json!({
                "sum": object("分项之和等于（或不超过）合计", json!({
                    "total": id_string("合计指标 id"),
                    "parts": { "type": "array", "items": id_string("分项指标 id"), "minItems": 1 },
                    "relation": { "enum": ["equal", "at_most"], "description": "equal：分项之和等于合计（默认）；at_most：不超过合计" },
                    "at": { "enum": ["base", "target", "both"], "description": "核对基期值、目标值或两者（默认两者）" },
                    "tolerance": { "type": "number", "minimum": 0, "description": "允许的绝对误差" },
                }), &["total", "parts"]),
                "share": object("各项占比之和等于 total（默认 100）", json!({
                    "parts": { "type": "array", "items": id_string("占比指标 id"), "minItems": 2 },
                    "total": { "type": "number", "minimum": 0 },
                    "at": { "enum": ["base", "target", "both"] },
                    "tolerance": { "type": "number", "minimum": 0 },
                }), &["parts"]),
                "parent": object("与上级规划指标的关系", json!({
                    "indicator": id_string("本规划指标 id"),
                    "parent": { "type": "string", "pattern": "^[\\p{L}\\p{N}_-]+/[\\p{L}\\p{N}_-]+$", "description": "上级规划id/指标id" },
                    "relation": { "enum": ["equal", "at_least", "at_most", "share_of"] },
                    "share": { "type": "number", "minimum": 0, "description": "share_of：本指标 = share × 上级指标" },
                    "at": { "enum": ["base", "target", "both"], "description": "默认 both" },
                    "tolerance": { "type": "number", "minimum": 0, "description": "允许的相对误差，如 0.01" },
                }), &["indicator", "parent", "relation"]),
            }),
        ),
        "feedback" => (
            "feedback/<轮次>.yaml（征求意见）",
            object(
                "一轮征求意见收到的全部意见；文件名是该轮发布的版本号，如 v1.yaml",
                json!({
                    "release": text("该轮发布目录名，如 2021-09-15-征求意见稿-v1；省略时按文件名的版本号查找"),
                    "comments": { "type": "array", "items": { "$ref": "#/definitions/comment" } },
                }),
                &[],
            ),
            json!({
                "comment": object("一条意见", json!({
                    "id": id_string("意见编号，本轮内唯一，如 c001"),
                    "from": text("提出单位或个人"),
                    "kind": { "enum": ["单位", "个人"], "description": "默认单位" },
                    "contact": text("联系人、电话"),
                    "received": { "type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$", "description": "收到日期 YYYY-MM-DD" },
                    "via": { "enum": Channel::ALL.iter().map(|c| c.zh()).collect::<Vec<_>>(), "description": "意见来源" },
                    "anchor": { "$ref": "#/definitions/anchor" },
                    "comment": text("修改意见"),
                    "reason": text("提出意见的理由"),
                    "disposition": { "enum": Disposition::ALL.iter().map(|d| d.zh()).collect::<Vec<_>>(), "description": "处理结果，默认待处理" },
                    "answer": text("处理意见：采纳时如何修改，部分采纳、未采纳时说明理由"),
                    "changes": { "type": "array", "items": { "type": "string", "pattern": "^(section|column|item|table|indicator):.+$" }, "description": "意见还导致修改的位置，如 section:节id、indicator:指标id" },
                    "key": text("导入指纹（guihua feedback import 写入，勿改）"),
                }), &["id", "from", "comment"]),
                "anchor": object("意见指向的位置", json!({
                    "section": id_string("章或节 id"),
                    "column": id_string("专栏 id"),
                    "item": text("专栏条目名称（或序号），与 column 同用"),
                    "table": id_string("指标表 id"),
                    "indicator": id_string("指标 id"),
                    "quote": text("意见所引的原文"),
                    "label": text("意见中写的位置，如 四、（一）2.、专栏3"),
                }), &[]),
            }),
        ),
        _ => return None,
    };
    let obj = root.as_object_mut()?;
    obj.insert(
        "$schema".into(),
        json!("http://json-schema.org/draft-07/schema#"),
    );
    obj.insert(
        "$id".into(),
        json!(format!("https://guihua.invalid/schemas/{kind}.schema.json")),
    );
    obj.insert("title".into(), json!(title));
    obj.insert("definitions".into(), definitions);
    Some(root)
}

fn block_def() -> Value {
    object(
        "块：text（可带 reason）、list、column、table 之一",
        json!({
            "text": text("段落（与直接写字符串相同），可配合 reason"),
            "reason": text("修订说明：与上一版相比为何修改，列入修订对照表的“说明”栏"),
            "list": text_list("无序列表"),
            "column": id_string("放置的专栏 id"),
            "table": id_string("放置的指标表 id"),
        }),
        &[],
    )
}

/// Pretty JSON with a trailing newline, stable across runs.
pub fn schema_text(kind: &str) -> Option<String> {
    schema(kind).map(|v| {
        let mut s = serde_json::to_string_pretty(&v).unwrap_or_default();
        s.push('\n');
        s
    })
}
