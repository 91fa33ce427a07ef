//! Validity period rules for job orders and seeker registrations.

use std::fmt;

use chrono::{Datelike, Days, Months, NaiveDate};
use serde::{Deserialize, Serialize};

/// How long a job order or seeker registration stays valid after acceptance.
///
/// Serialized as its code string (see [`ValidityRule::to_code`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum ValidityRule {
    /// Until the last day of the month `months` after the acceptance month.
    EndOfMonthAfter { months: u32 },
    /// Until `days` days after the acceptance date.
    Days { days: u32 },
}

impl Default for ValidityRule {
    /// 受理日の属する月の翌々月末日.
    fn default() -> Self {
        Self::EndOfMonthAfter { months: 2 }
    }
}

impl ValidityRule {
    const MONTH_END_PREFIX: &'static str = "month_end+";
    const DAYS_PREFIX: &'static str = "days+";

    /// Last valid day (inclusive) for a registration accepted on `accepted`.
    ///
    /// Saturates at [`NaiveDate::MAX`] on overflow.
    pub fn valid_until(&self, accepted: NaiveDate) -> NaiveDate {
        match *self {
            Self::EndOfMonthAfter { months } => accepted
                .with_day0(0)
                .and_then(|first| first.checked_add_months(Months::new(months.saturating_add(1))))
                .and_then(|next_first| next_first.pred_opt()),
            Self::Days { days } => accepted.checked_add_days(Days::new(u64::from(days))),
        }
        .unwrap_or(NaiveDate::MAX)
    }

    /// Whether `on` falls within `accepted..=valid_until(accepted)`.
    pub fn is_valid_on(&self, accepted: NaiveDate, on: NaiveDate) -> bool {
        accepted <= on && on <= self.valid_until(accepted)
    }

    /// Stable code: "month_end+2", "days+90".
    pub fn to_code(&self) -> String {
        match *self {
            Self::EndOfMonthAfter { months } => format!("{}{months}", Self::MONTH_END_PREFIX),
            Self::Days { days } => format!("{}{days}", Self::DAYS_PREFIX),
        }
    }

    /// Parses a code from [`to_code`](Self::to_code).
    ///
    /// Rejects months outside 1..=12 and days outside 1..=366.
    pub fn from_code(s: &str) -> Option<Self> {
        if let Some(n) = s.strip_prefix(Self::MONTH_END_PREFIX) {
            let months = parse_number(n)?;
            (1..=12)
                .contains(&months)
                .then_some(Self::EndOfMonthAfter { months })
        } else if let Some(n) = s.strip_prefix(Self::DAYS_PREFIX) {
            let days = parse_number(n)?;
            (1..=366).contains(&days).then_some(Self::Days { days })
        } else {
            None
        }
    }
}

/// Parses a non-empty string of ASCII digits (no sign).
fn parse_number(s: &str) -> Option<u32> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

impl fmt::Display for ValidityRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Self::EndOfMonthAfter { months: 0 } => f.write_str("受理日の属する月の末日まで"),
            Self::EndOfMonthAfter { months: 1 } => f.write_str("受理日の属する月の翌月末日まで"),
            Self::EndOfMonthAfter { months: 2 } => f.write_str("受理日の属する月の翌々月末日まで"),
            Self::EndOfMonthAfter { months } => {
                write!(f, "受理日の属する月の{months}か月後の末日まで")
            }
            Self::Days { days } => write!(f, "受理日から{days}日間"),
        }
    }
}

impl From<ValidityRule> for String {
    fn from(rule: ValidityRule) -> Self {
        rule.to_code()
    }
}

/// Error for an unrecognised validity rule code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidValidityCode(pub String);

impl fmt::Display for InvalidValidityCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid validity rule code: {:?}", self.0)
    }
}

impl std::error::Error for InvalidValidityCode {}

impl TryFrom<String> for ValidityRule {
    type Error = InvalidValidityCode;

    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::from_code(&s).ok_or(InvalidValidityCode(s))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn default_is_end_of_month_after_two() {
        assert_eq!(
            ValidityRule::default(),
            ValidityRule::EndOfMonthAfter { months: 2 }
        );
    }

    #[test]
    fn default_valid_until() {
        let rule = ValidityRule::default();
        assert_eq!(rule.valid_until(d(2026, 11, 24)), d(2027, 1, 31));
        assert_eq!(rule.valid_until(d(2026, 11, 1)), d(2027, 1, 31));
        assert_eq!(rule.valid_until(d(2026, 12, 31)), d(2027, 2, 28));
        assert_eq!(rule.valid_until(d(2027, 12, 15)), d(2028, 2, 29));
        assert_eq!(rule.valid_until(d(2026, 1, 31)), d(2026, 3, 31));
        assert_eq!(rule.valid_until(d(2026, 2, 28)), d(2026, 4, 30));
    }

    #[test]
    fn end_of_month_other_counts() {
        let one = ValidityRule::EndOfMonthAfter { months: 1 };
        assert_eq!(one.valid_until(d(2026, 11, 24)), d(2026, 12, 31));
        assert_eq!(one.valid_until(d(2027, 1, 31)), d(2027, 2, 28));
        let three = ValidityRule::EndOfMonthAfter { months: 3 };
        assert_eq!(three.valid_until(d(2026, 11, 24)), d(2027, 2, 28));
        let twelve = ValidityRule::EndOfMonthAfter { months: 12 };
        assert_eq!(twelve.valid_until(d(2026, 11, 24)), d(2027, 11, 30));
        let zero = ValidityRule::EndOfMonthAfter { months: 0 };
        assert_eq!(zero.valid_until(d(2026, 11, 24)), d(2026, 11, 30));
    }

    #[test]
    fn days_valid_until() {
        let rule = ValidityRule::Days { days: 90 };
        assert_eq!(rule.valid_until(d(2026, 11, 24)), d(2027, 2, 22));
        let one = ValidityRule::Days { days: 1 };
        assert_eq!(one.valid_until(d(2026, 12, 31)), d(2027, 1, 1));
        let leap = ValidityRule::Days { days: 366 };
        assert_eq!(leap.valid_until(d(2028, 1, 1)), d(2029, 1, 1));
    }

    #[test]
    fn valid_until_saturates() {
        let rule = ValidityRule::EndOfMonthAfter { months: u32::MAX };
        assert_eq!(rule.valid_until(d(2026, 1, 1)), NaiveDate::MAX);
        let days = ValidityRule::Days { days: u32::MAX };
        assert_eq!(days.valid_until(d(2026, 1, 1)), NaiveDate::MAX);
    }

    #[test]
    fn is_valid_on_is_inclusive() {
        let rule = ValidityRule::default();
        let accepted = d(2026, 11, 24);
        assert!(rule.is_valid_on(accepted, accepted));
        assert!(rule.is_valid_on(accepted, d(2027, 1, 31)));
        assert!(!rule.is_valid_on(accepted, d(2027, 2, 1)));
        assert!(!rule.is_valid_on(accepted, d(2026, 11, 23)));

        let days = ValidityRule::Days { days: 90 };
        assert!(days.is_valid_on(accepted, d(2027, 2, 22)));
        assert!(!days.is_valid_on(accepted, d(2027, 2, 23)));
    }

    #[test]
    fn display_texts() {
        let text = |rule: ValidityRule| rule.to_string();
        assert_eq!(
            text(ValidityRule::EndOfMonthAfter { months: 2 }),
            "受理日の属する月の翌々月末日まで"
        );
        assert_eq!(
            text(ValidityRule::EndOfMonthAfter { months: 1 }),
            "受理日の属する月の翌月末日まで"
        );
        assert_eq!(
            text(ValidityRule::EndOfMonthAfter { months: 3 }),
            "受理日の属する月の3か月後の末日まで"
        );
        assert_eq!(
            text(ValidityRule::EndOfMonthAfter { months: 0 }),
            "受理日の属する月の末日まで"
        );
        assert_eq!(text(ValidityRule::Days { days: 90 }), "受理日から90日間");
    }

    #[test]
    fn codes() {
        assert_eq!(ValidityRule::default().to_code(), "month_end+2");
        assert_eq!(ValidityRule::Days { days: 90 }.to_code(), "days+90");
        assert_eq!(
            ValidityRule::from_code("month_end+2"),
            Some(ValidityRule::EndOfMonthAfter { months: 2 })
        );
        assert_eq!(
            ValidityRule::from_code("days+90"),
            Some(ValidityRule::Days { days: 90 })
        );
    }

    #[test]
    fn code_round_trip() {
        for months in 1..=12 {
            let rule = ValidityRule::EndOfMonthAfter { months };
            assert_eq!(ValidityRule::from_code(&rule.to_code()), Some(rule));
        }
        for days in 1..=366 {
            let rule = ValidityRule::Days { days };
            assert_eq!(ValidityRule::from_code(&rule.to_code()), Some(rule));
        }
    }

    #[test]
    fn from_code_rejects_invalid() {
        for code in [
            "",
            "month_end+0",
            "month_end+13",
            "days+0",
            "days+367",
            "days+",
            "month_end+",
            "days+-1",
            "days++1",
            "days+ 1",
            "days+1 ",
            "days+9999999999999",
            "month_end2",
            "weeks+2",
            "DAYS+90",
        ] {
            assert_eq!(ValidityRule::from_code(code), None, "{code:?}");
        }
    }

    #[test]
    fn string_conversions_for_serde() {
        assert_eq!(String::from(ValidityRule::default()), "month_end+2");
        assert_eq!(
            ValidityRule::try_from("days+30".to_owned()),
            Ok(ValidityRule::Days { days: 30 })
        );
        assert_eq!(
            ValidityRule::try_from("days+0".to_owned()),
            Err(InvalidValidityCode("days+0".to_owned()))
        );
    }
}
