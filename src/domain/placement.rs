//! Rules about hires: the 常用 / 臨時 / 日雇 classification of the annual report and the
//! follow-up (定着確認) schedule.
use chrono::{Datelike, Duration, Months, NaiveDate};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Classification {
    /// 常用: 無期, or a contract of 4 months or more.
    Regular,
    /// 臨時: a contract of 1 month or more and under 4 months.
    Temporary,
    /// 日雇: a contract under 1 month.
    Daily,
}

impl Classification {
    pub fn code(self) -> &'static str {
        match self {
            Classification::Regular => "regular",
            Classification::Temporary => "temporary",
            Classification::Daily => "daily",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Classification::Regular => "常用",
            Classification::Temporary => "臨時",
            Classification::Daily => "日雇",
        }
    }
    pub fn from_code(s: &str) -> Option<Self> {
        match s {
            "regular" => Some(Self::Regular),
            "temporary" => Some(Self::Temporary),
            "daily" => Some(Self::Daily),
            _ => None,
        }
    }
}

/// Classify a hire by its contract: `None` months = 無期; `Some(0)` = under a month.
pub fn classify(contract_months: Option<u32>) -> Classification {
    match contract_months {
        None => Classification::Regular,
        Some(m) if m >= 4 => Classification::Regular,
        Some(m) if m >= 1 => Classification::Temporary,
        Some(_) => Classification::Daily,
    }
}

/// The follow-up points after the start: 1 week, 1, 3 and 6 months.
pub const FOLLOW_UPS: [(&str, &str); 4] = [
    ("1w", "1週間後"),
    ("1m", "1か月後"),
    ("3m", "3か月後"),
    ("6m", "6か月後"),
];

/// The date a follow-up is due (a month later on the same day, or the month's last day).
pub fn follow_up_due(start: NaiveDate, kind: &str) -> Option<NaiveDate> {
    match kind {
        "1w" => Some(start + Duration::days(7)),
        "1m" => start.checked_add_months(Months::new(1)),
        "3m" => start.checked_add_months(Months::new(3)),
        "6m" => start.checked_add_months(Months::new(6)),
        _ => None,
    }
}

/// Left within 6 months of the start (the day before the same date six months later counts).
pub fn left_within_six_months(start: NaiveDate, left_on: NaiveDate) -> bool {
    start
        .checked_add_months(Months::new(6))
        .is_some_and(|six| left_on < six)
        && left_on >= start
}

/// Whole months from `a` to `b` (for messages).
pub fn months_between(a: NaiveDate, b: NaiveDate) -> i32 {
    let mut m = (b.year() - a.year()) * 12 + b.month() as i32 - a.month() as i32;
    if b.day() < a.day() {
        m -= 1;
    }
    m
}

#[cfg(test)]
mod tests {
    use super::*;
    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn classification_boundaries() {
        assert_eq!(classify(None), Classification::Regular);
        assert_eq!(classify(Some(4)), Classification::Regular);
        assert_eq!(classify(Some(12)), Classification::Regular);
        assert_eq!(classify(Some(3)), Classification::Temporary);
        assert_eq!(classify(Some(1)), Classification::Temporary);
        assert_eq!(classify(Some(0)), Classification::Daily);
        for c in [
            Classification::Regular,
            Classification::Temporary,
            Classification::Daily,
        ] {
            assert_eq!(Classification::from_code(c.code()), Some(c));
        }
    }

    #[test]
    fn follow_up_dates_clamp_to_month_end() {
        assert_eq!(follow_up_due(d(2026, 12, 1), "1w"), Some(d(2026, 12, 8)));
        assert_eq!(follow_up_due(d(2027, 1, 31), "1m"), Some(d(2027, 2, 28)));
        assert_eq!(follow_up_due(d(2027, 11, 30), "3m"), Some(d(2028, 2, 29)));
        assert_eq!(follow_up_due(d(2026, 8, 31), "6m"), Some(d(2027, 2, 28)));
        assert_eq!(follow_up_due(d(2026, 8, 31), "2y"), None);
    }

    #[test]
    fn six_months_boundary() {
        let start = d(2026, 4, 1);
        assert!(left_within_six_months(start, d(2026, 9, 30)), "5 months");
        assert!(
            !left_within_six_months(start, d(2026, 10, 1)),
            "exactly 6 months"
        );
        assert!(!left_within_six_months(start, d(2026, 11, 1)), "7 months");
        assert_eq!(months_between(start, d(2026, 9, 30)), 5);
        assert_eq!(months_between(start, d(2026, 11, 1)), 7);
    }
}
