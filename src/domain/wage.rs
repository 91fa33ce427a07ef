//! Minimum-wage conversion (最低賃金法4条, 最賃則1条・2条).
//!
//! Only the wages that count for the minimum wage (最賃対象賃金) are converted to an hourly
//! amount: the lower bound of the base wage plus fixed allowances of kind
//! [`AllowanceKind::Fixed`]. Not counted: 精皆勤手当, 家族手当, 通勤手当, and 固定残業代 (it is
//! pay for overtime, 時間外割増賃金). The base wage of an order with 固定残業代 already excludes it
//! (指針: 固定残業代を除いた基本給), so nothing is subtracted.
//!
//! Conversion (最賃則2条): 時給 as is; 日給 ÷ 1日の所定労働時間; 月給 ÷ 1か月平均所定労働時間.
use super::job_order::{AllowanceKind, JobOrderTerms, Shift, WageForm};

/// Minutes in a day, for shifts that end on the next day.
const DAY_MINUTES: u32 = 24 * 60;

/// The span of a shift from start to end, break included, in minutes: end − start, on the next
/// day when `end <= start` (so `end == start` is a 24-hour span).
pub fn shift_span_minutes(shift: &Shift) -> u32 {
    let start = minutes_of_day(shift.start);
    let end = minutes_of_day(shift.end);
    if end <= start {
        end + DAY_MINUTES - start
    } else {
        end - start
    }
}

/// The working minutes of one shift: its span minus the break, never below zero.
pub fn shift_working_minutes(shift: &Shift) -> u32 {
    shift_span_minutes(shift).saturating_sub(shift.break_minutes)
}

fn minutes_of_day(t: chrono::NaiveTime) -> u32 {
    use chrono::Timelike;
    t.hour() * 60 + t.minute()
}

/// 1日の所定労働時間 in minutes: the longest shift's working minutes, 0 without shifts.
pub fn daily_scheduled_minutes(terms: &JobOrderTerms) -> u32 {
    terms
        .shifts
        .iter()
        .map(shift_working_minutes)
        .max()
        .unwrap_or(0)
}

/// 1か月平均所定労働時間 in minutes: `monthly_scheduled_minutes` when given, else
/// weekly minutes × 52 ÷ 12 (rounded down).
pub fn monthly_scheduled_minutes(terms: &JobOrderTerms) -> u32 {
    if terms.monthly_scheduled_minutes > 0 {
        terms.monthly_scheduled_minutes
    } else {
        let minutes = u64::from(terms.weekly_minutes) * 52 / 12;
        u32::try_from(minutes).unwrap_or(u32::MAX)
    }
}

/// The wages that count for the minimum wage, in yen per wage period: `base_wage_min` plus the
/// [`AllowanceKind::Fixed`] allowances.
pub fn counted_wage_yen(terms: &JobOrderTerms) -> u64 {
    let allowances: u64 = terms
        .allowances
        .iter()
        .filter(|a| a.kind == AllowanceKind::Fixed)
        .map(|a| u64::from(a.amount_yen))
        .sum();
    u64::from(terms.base_wage_min) + allowances
}

/// The hourly equivalent of the counted wages (see the module docs), `None` when
/// `base_wage_min` is 0 or the hours to divide by are 0.
pub fn hourly_equivalent_yen(terms: &JobOrderTerms) -> Option<f64> {
    if terms.base_wage_min == 0 {
        return None;
    }
    let amount = counted_wage_yen(terms) as f64;
    let minutes = match terms.wage_form {
        WageForm::Hourly => return Some(amount),
        WageForm::Daily => daily_scheduled_minutes(terms),
        WageForm::Monthly => monthly_scheduled_minutes(terms),
    };
    (minutes > 0).then(|| amount / (f64::from(minutes) / 60.0))
}

/// The result of comparing an order's wage with a minimum wage.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MinimumWageCheck {
    /// The counted wages converted to yen per hour (not rounded).
    pub hourly_equivalent: f64,
    /// The minimum wage in yen per hour.
    pub minimum: u32,
    /// Whether `hourly_equivalent >= minimum`.
    pub ok: bool,
}

/// Compares the hourly equivalent with `minimum_yen`; `None` when it cannot be computed
/// (see [`hourly_equivalent_yen`]).
///
/// As in 最賃則2条 practice, the converted amount itself is compared with the minimum (no
/// rounding up in the employer's favour); the `1e-9` tolerance only absorbs floating-point
/// error, so e.g. 月給 equal to the minimum × the monthly hours passes.
pub fn check_minimum_wage(terms: &JobOrderTerms, minimum_yen: u32) -> Option<MinimumWageCheck> {
    let hourly_equivalent = hourly_equivalent_yen(terms)?;
    Some(MinimumWageCheck {
        hourly_equivalent,
        minimum: minimum_yen,
        ok: hourly_equivalent >= f64::from(minimum_yen) - 1e-9,
    })
}

#[cfg(test)]
mod tests {
    use super::super::job_order::{Allowance, FixedOvertime};
    use super::*;
    use chrono::NaiveTime;

    fn t(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    fn shift(start: NaiveTime, end: NaiveTime, break_minutes: u32) -> Shift {
        Shift {
            start,
            end,
            break_minutes,
            weekdays: vec![0, 1, 2, 3, 4],
        }
    }

    fn hourly(yen: u32) -> JobOrderTerms {
        JobOrderTerms {
            wage_form: WageForm::Hourly,
            base_wage_min: yen,
            shifts: vec![shift(t(9, 0), t(13, 0), 0)],
            weekly_minutes: 20 * 60,
            ..Default::default()
        }
    }

    fn daily(yen: u32) -> JobOrderTerms {
        JobOrderTerms {
            wage_form: WageForm::Daily,
            base_wage_min: yen,
            shifts: vec![shift(t(9, 0), t(17, 0), 60)],
            weekly_minutes: 35 * 60,
            ..Default::default()
        }
    }

    fn monthly(yen: u32) -> JobOrderTerms {
        JobOrderTerms {
            wage_form: WageForm::Monthly,
            base_wage_min: yen,
            shifts: vec![shift(t(9, 0), t(18, 0), 60)],
            weekly_minutes: 40 * 60,
            ..Default::default()
        }
    }

    fn allowance(kind: AllowanceKind, amount_yen: u32) -> Allowance {
        Allowance {
            name: "手当".into(),
            kind,
            amount_yen,
        }
    }

    fn approx(a: f64, b: f64) -> bool {
        (a - b).abs() < 0.005
    }

    #[test]
    fn shift_minutes_subtract_break() {
        assert_eq!(shift_working_minutes(&shift(t(9, 0), t(17, 0), 60)), 420);
        assert_eq!(shift_working_minutes(&shift(t(9, 0), t(13, 0), 0)), 240);
    }

    #[test]
    fn shift_minutes_wrap_past_midnight() {
        // 22:00–6:00 = 8h span, minus 60 min break = 7h.
        assert_eq!(shift_working_minutes(&shift(t(22, 0), t(6, 0), 60)), 420);
        // end == start is read as a 24-hour span.
        assert_eq!(shift_working_minutes(&shift(t(9, 0), t(9, 0), 0)), 1440);
        assert_eq!(shift_span_minutes(&shift(t(22, 0), t(6, 0), 60)), 480);
    }

    #[test]
    fn shift_minutes_never_negative() {
        assert_eq!(shift_working_minutes(&shift(t(9, 0), t(10, 0), 90)), 0);
        assert_eq!(shift_span_minutes(&shift(t(9, 0), t(10, 0), 90)), 60);
    }

    #[test]
    fn daily_minutes_take_the_longest_shift() {
        let mut terms = hourly(1300);
        terms.shifts.push(shift(t(13, 0), t(19, 30), 45)); // 5h45
        assert_eq!(daily_scheduled_minutes(&terms), 345);
        terms.shifts.clear();
        assert_eq!(daily_scheduled_minutes(&terms), 0);
    }

    #[test]
    fn monthly_minutes_prefer_the_stated_value() {
        let mut terms = monthly(200_000);
        assert_eq!(monthly_scheduled_minutes(&terms), 10_400); // 2400 × 52 / 12
        terms.monthly_scheduled_minutes = 160 * 60;
        assert_eq!(monthly_scheduled_minutes(&terms), 9_600);
    }

    #[test]
    fn monthly_minutes_round_down() {
        // 1,201 × 52 = 62,452; ÷ 12 = 5,204.33 → 5,204.
        let terms = JobOrderTerms {
            weekly_minutes: 1_201,
            ..Default::default()
        };
        assert_eq!(monthly_scheduled_minutes(&terms), 5_204);
    }

    #[test]
    fn hourly_wage_at_tokyo_minimum_is_ok() {
        let check = check_minimum_wage(&hourly(1226), 1226).unwrap();
        assert!(check.ok);
        assert_eq!(check.minimum, 1226);
        assert!(approx(check.hourly_equivalent, 1226.0));
    }

    #[test]
    fn hourly_wage_one_yen_below_is_not_ok() {
        let check = check_minimum_wage(&hourly(1225), 1226).unwrap();
        assert!(!check.ok);
        assert!(approx(check.hourly_equivalent, 1225.0));
    }

    #[test]
    fn daily_wage_divides_by_shift_hours() {
        // 8,000 ÷ 7h = 1,142.857…
        let terms = daily(8000);
        assert!(approx(hourly_equivalent_yen(&terms).unwrap(), 1142.86));
        assert!(check_minimum_wage(&terms, 1121).unwrap().ok);
        assert!(!check_minimum_wage(&terms, 1143).unwrap().ok);
    }

    #[test]
    fn monthly_wage_divides_by_average_monthly_hours() {
        // 200,000 ÷ (10,400 / 60 = 173.33h) = 1,153.846…
        let terms = monthly(200_000);
        assert!(approx(hourly_equivalent_yen(&terms).unwrap(), 1153.85));
        assert!(check_minimum_wage(&terms, 1153).unwrap().ok);
        assert!(!check_minimum_wage(&terms, 1154).unwrap().ok);
    }

    #[test]
    fn monthly_wage_exactly_at_minimum_passes_despite_float_error() {
        // 173h20m × 1,200 = 208,000 exactly.
        let terms = monthly(208_000);
        assert!(check_minimum_wage(&terms, 1200).unwrap().ok);
    }

    #[test]
    fn attendance_family_and_commute_allowances_do_not_count() {
        let mut terms = monthly(190_000); // 1,096.15/h
        terms.allowances = vec![
            allowance(AllowanceKind::Attendance, 20_000),
            allowance(AllowanceKind::Family, 10_000),
            allowance(AllowanceKind::Commute, 15_000),
        ];
        let check = check_minimum_wage(&terms, 1121).unwrap();
        assert!(approx(check.hourly_equivalent, 1096.15));
        assert!(!check.ok);
    }

    #[test]
    fn fixed_allowance_counts() {
        let mut terms = monthly(190_000);
        terms.allowances = vec![allowance(AllowanceKind::Fixed, 10_000)];
        // 200,000 ÷ 173.33 = 1,153.85
        let check = check_minimum_wage(&terms, 1121).unwrap();
        assert!(approx(check.hourly_equivalent, 1153.85));
        assert!(check.ok);
    }

    #[test]
    fn fixed_overtime_does_not_count() {
        let mut terms = monthly(190_000);
        terms.fixed_overtime = FixedOvertime {
            exists: true,
            amount_yen: 40_000,
            hours: 20,
            excess_paid: true,
        };
        let check = check_minimum_wage(&terms, 1121).unwrap();
        assert!(approx(check.hourly_equivalent, 1096.15));
        assert!(!check.ok);
    }

    #[test]
    fn base_wage_max_is_ignored() {
        let mut terms = hourly(1000);
        terms.base_wage_max = 2000;
        assert!(!check_minimum_wage(&terms, 1121).unwrap().ok);
    }

    #[test]
    fn no_equivalent_without_wage_or_hours() {
        assert_eq!(hourly_equivalent_yen(&hourly(0)), None);
        let mut terms = daily(8000);
        terms.shifts.clear();
        assert_eq!(hourly_equivalent_yen(&terms), None);
        assert_eq!(check_minimum_wage(&terms, 1000), None);
        let mut terms = monthly(200_000);
        terms.weekly_minutes = 0;
        assert_eq!(hourly_equivalent_yen(&terms), None);
        // An hourly wage needs no hours.
        let mut terms = hourly(1300);
        terms.shifts.clear();
        assert_eq!(hourly_equivalent_yen(&terms), Some(1300.0));
    }
}
