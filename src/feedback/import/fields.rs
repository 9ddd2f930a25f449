//! What the readers share: which column of a form or sheet holds what (by its header, with
//! the variants offices write), dates as people write them, and 单位 or 个人.

use crate::model::PlanDate;
use crate::model::feedback::SenderKind;

/// One field of a comment a column can hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    Seq,
    Label,
    Quote,
    Comment,
    Reason,
    From,
    Kind,
    Contact,
    Date,
    Answer,
}

/// Header spellings, compared without whitespace and with full-width brackets.
const HEADERS: &[(Field, &[&str])] = &[
    (Field::Seq, &["序号", "编号"]),
    (
        Field::Label,
        &[
            "章节条目",
            "章节",
            "位置",
            "条款",
            "章节位置",
            "条目",
            "所在章节",
            "页码章节",
        ],
    ),
    (Field::Quote, &["原文", "原文内容", "原文表述", "规划原文"]),
    (
        Field::Comment,
        &[
            "修改意见",
            "意见",
            "建议",
            "意见建议",
            "意见和建议",
            "意见或建议",
            "具体意见",
            "修改建议",
            "反馈意见",
        ],
    ),
    (
        Field::Reason,
        &["理由", "修改理由", "依据", "理由依据", "理由或依据", "说明"],
    ),
    (
        Field::From,
        &[
            "提出单位或个人",
            "提出单位",
            "单位",
            "提出人",
            "单位或个人",
            "提出单位（个人）",
            "反馈单位",
            "意见提出单位",
        ],
    ),
    (Field::Kind, &["类别", "提出者类别", "单位或个人类别"]),
    (Field::Contact, &["联系方式", "联系电话", "电话"]),
    (Field::Date, &["日期", "提出日期", "收到日期", "反馈日期"]),
    (Field::Answer, &["处理意见", "采纳情况说明", "答复"]),
];

fn clean(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && *c != '*')
        .map(|c| match c {
            '(' => '（',
            ')' => '）',
            c => c,
        })
        .collect()
}

/// The field a header cell names.
pub fn field(header: &str) -> Option<Field> {
    let h = clean(header);
    HEADERS
        .iter()
        .find(|(_, names)| names.contains(&h.as_str()))
        .map(|(f, _)| *f)
}

/// Column index of each field, from a header row; `None` unless it has a 修改意见 column.
#[derive(Clone, Debug, Default)]
pub struct Columns {
    pub cols: Vec<(Field, usize)>,
}

impl Columns {
    pub fn from_header<S: AsRef<str>>(cells: &[S]) -> Option<Columns> {
        let mut cols: Vec<(Field, usize)> = Vec::new();
        for (i, c) in cells.iter().enumerate() {
            if let Some(f) = field(c.as_ref())
                && !cols.iter().any(|(g, _)| *g == f)
            {
                cols.push((f, i));
            }
        }
        let has = |f| cols.iter().any(|(g, _)| *g == f);
        // A header row: the comment itself, and one more thing it is about.
        (has(Field::Comment) && (has(Field::Label) || has(Field::Quote) || has(Field::From)))
            .then_some(Columns { cols })
    }

    /// The trimmed cell of `field` in `row`, when present and not blank.
    pub fn get<S: AsRef<str>>(&self, row: &[S], field: Field) -> Option<String> {
        let (_, i) = self.cols.iter().find(|(f, _)| *f == field)?;
        let v = row.get(*i)?.as_ref().trim();
        (!v.is_empty()).then(|| v.to_string())
    }
}

/// 2021年9月20日, 2021-09-20, 2021/9/20, 2021.9.20, 20210920 (leading and trailing text
/// ignored, e.g. `2021-09-20T10:00:00Z`).
pub fn parse_date(s: &str) -> Option<PlanDate> {
    let nums: Vec<u32> = s
        .split(|c: char| !c.is_ascii_digit())
        .filter(|p| !p.is_empty())
        .take(3)
        .filter_map(|p| p.parse().ok())
        .collect();
    match nums.as_slice() {
        [ymd] if *ymd > 1_000_000 => {
            PlanDate::new((ymd / 10_000) as i32, ymd / 100 % 100, Some(ymd % 100))
        }
        [y, m, d, ..] if *y >= 1000 => PlanDate::new(*y as i32, *m, Some(*d)),
        _ => None,
    }
}

/// `2021-09-20`.
pub fn iso(d: PlanDate) -> String {
    match d.day {
        Some(day) => format!("{:04}-{:02}-{day:02}", d.year, d.month),
        None => format!("{:04}-{:02}", d.year, d.month),
    }
}

/// Whether a sender reads as a unit (an office, a company, a government) or a person: a
/// name with an organisation's ending, or longer than a person's name, is a unit.
pub fn guess_kind(from: &str) -> SenderKind {
    const ENDINGS: &[&str] = &[
        "局", "委", "办", "厅", "院", "会", "公司", "中心", "政府", "部", "处", "室", "所", "校",
        "大学", "集团", "街道", "镇", "乡", "村", "区", "县", "市", "站", "队", "社", "馆", "行",
        "协会", "学会", "组", "科", "署", "园", "单位",
    ];
    let f = from.trim();
    let chars = f.chars().count();
    let han = f
        .chars()
        .all(|c| ('\u{4e00}'..='\u{9fff}').contains(&c) || c == '·');
    if ENDINGS.iter().any(|e| f.ends_with(e)) || chars > 4 || (!han && chars > 0 && f.contains(' '))
    {
        return SenderKind::Unit;
    }
    if han && (2..=4).contains(&chars) {
        SenderKind::Person
    } else {
        SenderKind::Unit
    }
}

/// The header line of a form: `提出单位或个人：市卫健委　联系方式：0335-1234567　日期：2021年9月20日`,
/// blanks (＿) dropped. Returns (from, contact, date text).
pub fn header_line(text: &str) -> (Option<String>, Option<String>, Option<String>) {
    const LABELS: [&str; 3] = ["提出单位或个人", "联系方式", "日期"];
    let mut found: Vec<(usize, usize, usize)> = Vec::new();
    for (k, l) in LABELS.iter().enumerate() {
        if let Some(i) = text.find(l) {
            let mut end = i + l.len();
            for sep in ["：", ":"] {
                if text[end..].starts_with(sep) {
                    end += sep.len();
                }
            }
            found.push((i, end, k));
        }
    }
    found.sort();
    let mut out: [Option<String>; 3] = [None, None, None];
    for (n, &(_, end, k)) in found.iter().enumerate() {
        let stop = found.get(n + 1).map_or(text.len(), |f| f.0);
        let v: String = text[end..stop.max(end)]
            .chars()
            .filter(|c| *c != '＿' && *c != '_')
            .collect();
        let v = v.trim_matches(|c: char| c.is_whitespace()).to_string();
        if !v.is_empty() {
            out[k] = Some(v);
        }
    }
    let [a, b, c] = out;
    (a, b, c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_as_written() {
        let d = |s| parse_date(s).map(iso);
        assert_eq!(d("2021年9月20日").as_deref(), Some("2021-09-20"));
        assert_eq!(d("2021/9/2").as_deref(), Some("2021-09-02"));
        assert_eq!(d("2021-09-20T10:00:00Z").as_deref(), Some("2021-09-20"));
        assert_eq!(d("20210920").as_deref(), Some("2021-09-20"));
        assert_eq!(d("九月"), None);
        assert_eq!(d("2021-13-40"), None);
    }

    #[test]
    fn header_line_fields() {
        let (f, c, d) =
            header_line("提出单位或个人：市卫健委＿＿　联系方式：0335-123　日期：＿＿＿");
        assert_eq!(f.as_deref(), Some("市卫健委"));
        assert_eq!(c.as_deref(), Some("0335-123"));
        assert_eq!(d, None);
    }

    #[test]
    fn kinds() {
        assert_eq!(guess_kind("秦皇岛市卫生健康委员会"), SenderKind::Unit);
        assert_eq!(guess_kind("张三"), SenderKind::Person);
        assert_eq!(guess_kind("市发改委"), SenderKind::Unit);
    }

    #[test]
    fn header_variants() {
        let c = Columns::from_header(&["序号", "章节", "原文内容", "意见建议", "依据", "单位"])
            .unwrap();
        assert_eq!(
            c.get(&["1", "四", "x", "改", "因", "市委"], Field::From)
                .as_deref(),
            Some("市委")
        );
        assert!(Columns::from_header(&["序号", "名称"]).is_none());
    }
}
