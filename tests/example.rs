//! The example workspace reproduces the structure of its source documents: the numbering of
//! chapters, 专栏 and tables comes out as in the published 秦皇岛市生命健康产业发展“十四五”规划,
//! and the numbers in the 北戴河 plan add up.

mod common;

use guihua::model::{Figure, Plan, Workspace};

/// The example workspace, which must load with no diagnostic at all.
fn example() -> Workspace {
    let (ws, diags) = guihua::load::load(&common::repo()).expect("example workspace loads");
    assert!(
        diags.is_empty(),
        "loading the example reports:\n{}",
        common::locations(&ws, &diags).join("\n")
    );
    ws
}

fn plan<'a>(ws: &'a Workspace, id: &str) -> &'a Plan {
    ws.plan(id).unwrap_or_else(|| panic!("no plan {id}"))
}

fn number(f: &Figure) -> f64 {
    match f {
        Figure::Number { digits, .. } => digits.parse().unwrap(),
        other => panic!("not a number: {other:?}"),
    }
}

#[test]
fn example_workspace_loads_with_no_diagnostics_and_checks_without_errors() {
    let ws = example();
    let ids: Vec<&str> = ws.plans.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["beidaihe-2016", "hebei-2023", "qinhuangdao-2021"]);
    // The content checks may raise warnings and notes about the seed's own wording, but no error.
    let (ws, diags) = guihua::check_workspace(&common::repo()).unwrap();
    let errors: Vec<String> = common::locations(&ws, &diags)
        .into_iter()
        .zip(diags.iter())
        .filter(|(_, d)| d.severity == guihua::diagnostic::Severity::Error)
        .map(|(l, d)| format!("{l} {}", d.message))
        .collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}

#[test]
fn qinhuangdao_chapters() {
    let ws = example();
    let p = plan(&ws, "qinhuangdao-2021");
    let titles: Vec<&str> = p.chapters.iter().map(|c| c.title.value.as_str()).collect();
    assert_eq!(
        titles,
        [
            "规划背景",
            "总体要求",
            "区域布局",
            "产业体系",
            "主要任务",
            "保障措施"
        ]
    );
    let numbers: Vec<usize> = p.chapters.iter().map(|c| c.number).collect();
    assert_eq!(numbers, [1, 2, 3, 4, 5, 6]);
    // 六、保障措施 has the six sections of the seed's table of contents.
    let safeguards: Vec<&str> = p.chapters[5]
        .sections
        .iter()
        .map(|s| s.title.value.as_str())
        .collect();
    assert_eq!(
        safeguards,
        [
            "加强组织领导",
            "优化政策体系",
            "强化监测评估",
            "严格管控风险",
            "强化招商引资",
            "营造良好氛围"
        ]
    );
}

/// 专栏 titles in the order of the seed's list of 专栏 (专栏1 … 专栏22).
const COLUMN_TITLES: [&str; 22] = [
    "平台型医疗服务重点项目",
    "医院提质升级重点项目",
    "特色医疗服务业重点项目",
    "智慧医疗服务业重点项目",
    "健康旅游服务业重点项目",
    "健康养老服务业重点项目",
    "体育健身服务业重点项目",
    "生物医药产业重点项目",
    "医疗器械产业重点项目",
    "健康食品产业升级工程",
    "健康农业品质升级工程",
    // The list of 专栏 says 健康大数据产业重点项目; the 专栏 itself, in the body, is titled
    // 生命健康产业新业态项目, which is what the example follows.
    "生命健康产业新业态项目",
    "产业发展载体建设工程",
    "生命健康领军企业引培工程",
    "生命健康知名品牌塑造工程",
    "生命健康科技创新平台搭建工程",
    "生命健康科技创新工程",
    "生命健康产业“内引外联”行动",
    "“港城”健康消费促进行动",
    "生命健康“深水区改革”行动",
    "生命健康“梧桐树”聚智引才工程",
    "康养宣传推广行动",
];

#[test]
fn qinhuangdao_has_22_columns_numbered_in_reading_order() {
    let ws = example();
    let p = plan(&ws, "qinhuangdao-2021");
    assert_eq!(p.columns.len(), 22);
    let got: Vec<(usize, &str)> = p
        .columns
        .iter()
        .map(|c| (c.number.get().expect("placed"), c.title.value.as_str()))
        .collect();
    let want: Vec<(usize, &str)> = COLUMN_TITLES
        .iter()
        .enumerate()
        .map(|(i, t)| (i + 1, *t))
        .collect();
    assert_eq!(got, want);

    // Reading order: the placements, walked through preface, chapters and sections in order,
    // meet the 专栏 in the order of their numbers.
    let mut placed = Vec::new();
    fn walk_blocks<'a>(blocks: &'a [guihua::model::Block], out: &mut Vec<&'a str>) {
        for b in blocks {
            if let guihua::model::Block::Column(t) = b {
                out.push(&t.value);
            }
        }
    }
    fn walk_sections<'a>(sections: &'a [guihua::model::Section], out: &mut Vec<&'a str>) {
        for s in sections {
            walk_blocks(&s.body, out);
            walk_sections(&s.sections, out);
        }
    }
    walk_blocks(&p.preface, &mut placed);
    for c in &p.chapters {
        walk_blocks(&c.body, &mut placed);
        walk_sections(&c.sections, &mut placed);
    }
    let by_number: Vec<&str> = p.columns.iter().map(|c| c.id.value.as_str()).collect();
    assert_eq!(placed, by_number);
    for c in &p.columns {
        assert!(!c.items.is_empty(), "专栏 {} has no items", c.number);
    }
}

#[test]
fn qinhuangdao_indicator_table() {
    let ws = example();
    let p = plan(&ws, "qinhuangdao-2021");
    assert_eq!(p.tables.len(), 1);
    let t = &p.tables[0];
    assert_eq!(t.number, guihua::model::Placement::At(1));
    assert_eq!(t.title.value, "“十四五”时期生命健康产业发展主要指标");
    assert_eq!(t.base_year.map(|y| y.value), Some(2019));
    assert_eq!(t.target_year.value, 2025);
    let cats: Vec<(&str, usize)> = t
        .categories
        .iter()
        .map(|c| (c.name.value.as_str(), c.rows.len()))
        .collect();
    assert_eq!(cats, [("产业规模", 3), ("分行业产业规模", 9), ("其他", 6)]);
    let seqs: Vec<usize> = t.indicators().map(|i| i.seq).collect();
    assert_eq!(seqs, (1..=18).collect::<Vec<_>>());
    assert_eq!(p.indicator_count(), 18);
    // Values are kept as written: 21.80 is not 21.8.
    let (_, agri) = p.indicator("agriculture-va").unwrap();
    assert_eq!(
        agri.base.as_ref().unwrap().value,
        Figure::Number {
            digits: "21.80".into(),
            qualifier: None
        }
    );
}

#[test]
fn beidaihe_areas_add_up_to_520() {
    let ws = example();
    let p = plan(&ws, "beidaihe-2016");
    let t = p.table("areas").unwrap();
    let (parts, totals): (Vec<_>, Vec<_>) =
        t.categories.iter().partition(|c| c.name.value != "合计");
    let areas: Vec<f64> = parts
        .iter()
        .flat_map(|c| c.rows.iter())
        .map(|r| number(&r.target.value))
        .collect();
    assert_eq!(areas, [40.0, 100.0, 40.0, 20.0, 120.0, 200.0]);
    assert_eq!(areas.iter().sum::<f64>(), 520.0);
    let total = &totals[0].rows[0];
    assert_eq!(total.id.value, "total-area");
    assert_eq!(number(&total.target.value), 520.0);
    assert!(t.indicators().all(|r| r.unit.value == "平方公里"));
}

#[test]
fn qinhuangdao_implements_beidaihe() {
    let ws = example();
    let p = plan(&ws, "qinhuangdao-2021");
    let parents: Vec<&str> = p.implements.iter().map(|t| t.value.as_str()).collect();
    assert_eq!(parents, ["beidaihe-2016"]);
    let period = p.period.expect("period").value;
    assert_eq!((period.start, period.end), (2021, 2025));
    assert_eq!(p.base_year.map(|y| y.value), Some(2019));
}
