//! Years, months and days: the one place calendar rules live. Every reader of a date (the
//! loader's `date:` fields, `guihua release --date`, `guihua new --date`, dates found in a
//! draft) validates through [`PlanDate::new`], and every year is checked against
//! [`YEARS`]. Day counts use H. Hinnant's civil-from-days algorithms (proleptic Gregorian).

use std::ops::RangeInclusive;

use super::PlanDate;

/// The years a plan, a base year, a target year or a date may name.
pub const YEARS: RangeInclusive<i32> = 1949..=2100;

/// Whether `year` lies in [`YEARS`]; takes any integer type the readers parse into.
pub fn is_plan_year(year: impl Into<i64>) -> bool {
    let y = year.into();
    (i64::from(*YEARS.start())..=i64::from(*YEARS.end())).contains(&y)
}

/// `1949—2100`, as hints write the range.
pub fn years_zh() -> String {
    format!("{}—{}", YEARS.start(), YEARS.end())
}

pub fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl PlanDate {
    /// A checked date: the year in [`YEARS`], the month 1–12 and the day, when given, in
    /// that month (2021-02-29 and 2021-02-31 are refused).
    pub fn new(year: i32, month: u32, day: Option<u32>) -> Option<PlanDate> {
        let ok = YEARS.contains(&year)
            && (1..=12).contains(&month)
            && day.is_none_or(|d| (1..=days_in_month(year, month)).contains(&d));
        ok.then_some(PlanDate { year, month, day })
    }

    /// `2021-09` or `2021-09-30` (a four-digit year), checked as [`PlanDate::new`] does.
    pub fn parse_iso(s: &str) -> Option<PlanDate> {
        let parts: Vec<&str> = s.trim().split('-').collect();
        let num = |s: &str| {
            (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
                .then(|| s.parse::<u32>().ok())
                .flatten()
        };
        let (y, m, d) = match parts.as_slice() {
            [y, m] if y.len() == 4 => (num(y)?, num(m)?, None),
            [y, m, d] if y.len() == 4 => (num(y)?, num(m)?, Some(num(d)?)),
            _ => return None,
        };
        PlanDate::new(i32::try_from(y).ok()?, m, d)
    }

    /// Days since 1970-01-01 (the first of the month when no day is given).
    pub fn day_number(self) -> i64 {
        days_from_civil(i64::from(self.year), self.month, self.day.unwrap_or(1))
    }

    /// 二〇二一年九月, or 二〇二一年九月三十日 with a day: a plan's cover.
    pub fn chinese(self) -> String {
        super::numbering::chinese_date(self.year, self.month, self.day)
    }

    /// 2021年9月, or 2021年9月30日 with a day: the 成文日期 and dates of an official
    /// document, which GB/T 9704-2012 (7.3.5.3) writes in Arabic numerals.
    pub fn arabic(self) -> String {
        match self.day {
            Some(d) => format!("{}年{}月{d}日", self.year, self.month),
            None => format!("{}年{}月", self.year, self.month),
        }
    }
}

/// Days since 1970-01-01 → (year, month, day).
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(month <= 2), month, day)
}

/// (year, month, day) → days since 1970-01-01, the inverse of [`civil_from_days`].
pub fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let (m, d) = (i64::from(month), i64::from(day));
    let y = if m <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * ((m + 9) % 12) + 2) / 5 + d - 1;
    era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719_468
}

/// Seconds since 1970-01-01 UTC → (year, month, day, hour, minute, second).
pub fn civil_from_seconds(secs: i64) -> (i64, u32, u32, u32, u32, u32) {
    let (y, m, d) = civil_from_days(secs.div_euclid(86_400));
    let s = secs.rem_euclid(86_400);
    (
        y,
        m,
        d,
        (s / 3600) as u32,
        (s % 3600 / 60) as u32,
        (s % 60) as u32,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_days_round_trip() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(18_900), (2021, 9, 30));
        for d in [-1000, 0, 59, 60, 18_900, 20_000, 50_000] {
            let (y, m, day) = civil_from_days(d);
            assert_eq!(days_from_civil(y, m, day), d);
        }
        assert_eq!(civil_from_seconds(86_399), (1970, 1, 1, 23, 59, 59));
    }

    #[test]
    fn checked_dates() {
        assert!(PlanDate::parse_iso("2021-02-31").is_none());
        assert!(PlanDate::parse_iso("2021-02-29").is_none());
        assert!(PlanDate::parse_iso("2024-02-29").is_some());
        assert!(PlanDate::parse_iso("2000-02-29").is_some());
        assert!(PlanDate::parse_iso("1900-02-01").is_none());
        assert!(PlanDate::parse_iso("2021-13").is_none());
        assert!(PlanDate::parse_iso("2021-9-+1").is_none());
        assert!(PlanDate::parse_iso("21-09").is_none());
        assert_eq!(
            PlanDate::parse_iso(" 2021-09 "),
            Some(PlanDate {
                year: 2021,
                month: 9,
                day: None
            })
        );
        assert_eq!(
            PlanDate::parse_iso("2021-09-30").map(PlanDate::day_number),
            Some(18_900)
        );
    }

    #[test]
    fn year_range() {
        assert!(is_plan_year(1949u32) && is_plan_year(2100i32));
        assert!(!is_plan_year(1948) && !is_plan_year(2101u32));
        assert_eq!(years_zh(), "1949—2100");
    }
}
