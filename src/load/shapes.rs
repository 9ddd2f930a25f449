//! The keys each kind of source mapping accepts. The loader reads with these, and a test
//! checks that the JSON Schemas in schemas/ describe exactly the same keys.

use super::reader::Shape;

pub static WORKSPACE: Shape = Shape {
    what: "guihua.yaml ",
    keys: &[
        "plans_dir",
        "out_dir",
        "templates_dir",
        "fonts",
        "rules",
        "latin_allow",
        "glossary",
    ],
};
pub static GLOSSARY_ENTRY: Shape = Shape {
    what: "术语表条目",
    keys: &["name", "variants", "scope"],
};
pub static FONTS: Shape = Shape {
    what: "fonts ",
    keys: &["title", "heading", "kai", "body", "song"],
};
pub static PLAN: Shape = Shape {
    what: "plan.yaml ",
    keys: &[
        "title",
        "short_title",
        "subject",
        "stage",
        "issuer",
        "date",
        "region",
        "period",
        "base_year",
        "implements",
        "mentions",
        "consultation",
        "preface",
        "chapters",
    ],
};
pub static CONSULTATION: Shape = Shape {
    what: "consultation ",
    keys: &[
        "start", "end", "channels", "contact", "email", "address", "phone", "fax", "url", "note",
    ],
};
pub static REGION: Shape = Shape {
    what: "region ",
    keys: &["name", "level", "parent", "subdivisions"],
};
pub static PERIOD: Shape = Shape {
    what: "period ",
    keys: &["start", "end"],
};
pub static CHAPTER: Shape = Shape {
    what: "章节文件",
    keys: &["id", "title", "body", "sections", "reason"],
};
pub static SECTION: Shape = Shape {
    what: "节",
    keys: &["id", "title", "body", "sections", "reason"],
};
pub static BLOCK: Shape = Shape {
    what: "块",
    keys: &["text", "reason", "list", "column", "table"],
};
pub static COLUMN: Shape = Shape {
    what: "专栏文件",
    keys: &["id", "title", "items"],
};
pub static COLUMN_ITEM: Shape = Shape {
    what: "专栏条目",
    keys: &["name", "text", "reason"],
};
pub static TABLE: Shape = Shape {
    what: "指标表文件",
    keys: &[
        "id",
        "title",
        "base_year",
        "target_year",
        "categories",
        "rows",
    ],
};
pub static CATEGORY: Shape = Shape {
    what: "指标类别",
    keys: &["name", "rows"],
};
pub static ROW: Shape = Shape {
    what: "指标行",
    keys: &[
        "id",
        "name",
        "unit",
        "base",
        "target",
        "nature",
        "responsible",
        "aliases",
        "direction",
        "reason",
    ],
};
pub static RELATIONS: Shape = Shape {
    what: "relations.yaml ",
    keys: &["sums", "shares", "parents", "same_base_year"],
};
pub static SUM: Shape = Shape {
    what: "求和关系",
    keys: &["total", "parts", "relation", "at", "tolerance"],
};
pub static SHARE: Shape = Shape {
    what: "占比关系",
    keys: &["parts", "total", "at", "tolerance"],
};
pub static PARENT: Shape = Shape {
    what: "上级规划指标关系",
    keys: &[
        "indicator",
        "parent",
        "relation",
        "share",
        "at",
        "tolerance",
    ],
};

/// (schema file kind, shape path inside it, shape) for the consistency test.
pub fn all() -> Vec<(&'static str, &'static str, &'static Shape)> {
    vec![
        ("workspace", "", &WORKSPACE),
        ("workspace", "fonts", &FONTS),
        ("workspace", "glossary_entry", &GLOSSARY_ENTRY),
        ("plan", "", &PLAN),
        ("plan", "region", &REGION),
        ("plan", "period", &PERIOD),
        ("plan", "consultation", &CONSULTATION),
        ("chapter", "", &CHAPTER),
        ("chapter", "section", &SECTION),
        ("chapter", "block", &BLOCK),
        ("column", "", &COLUMN),
        ("column", "item", &COLUMN_ITEM),
        ("indicators", "", &TABLE),
        ("indicators", "category", &CATEGORY),
        ("indicators", "row", &ROW),
        ("relations", "", &RELATIONS),
        ("relations", "sum", &SUM),
        ("relations", "share", &SHARE),
        ("relations", "parent", &PARENT),
    ]
}
