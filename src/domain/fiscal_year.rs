//! Japanese fiscal year (年度, April 1 – March 31) helpers.

use chrono::{Datelike, Months, NaiveDate};

use super::wareki::{era_of, format_era_year};

/// Fiscal year containing `date` (2027-03-31 → 2026, 2026-04-01 → 2026).
pub fn fiscal_year_of(date: NaiveDate) -> i32 {
    if date.month() >= 4 {
        date.year()
    } else {
        date.year() - 1
    }
}

/// First (April 1) and last (March 31, inclusive) day of fiscal year `fy`.
///
/// # Panics
///
/// Panics if `fy` is outside chrono's supported year range; see
/// [`checked_fiscal_year_range`].
pub fn fiscal_year_range(fy: i32) -> (NaiveDate, NaiveDate) {
    checked_fiscal_year_range(fy).expect("fiscal year out of supported range")
}

/// Like [`fiscal_year_range`], but returns `None` for unsupported years.
pub fn checked_fiscal_year_range(fy: i32) -> Option<(NaiveDate, NaiveDate)> {
    let start = NaiveDate::from_ymd_opt(fy, 4, 1)?;
    let end = NaiveDate::from_ymd_opt(fy.checked_add(1)?, 3, 31)?;
    Some((start, end))
}

/// "令和8年度".
///
/// The era is the one in effect at the end of calendar year `fy`, so 2019 is
/// "令和元年度" and 2018 is "平成30年度". Years before 明治 fall back to "1867年度".
pub fn format_fiscal_year(fy: i32) -> String {
    let era = NaiveDate::from_ymd_opt(fy, 12, 31).and_then(era_of);
    match era {
        Some((era, year)) => format!("{}度", format_era_year(era, year)),
        None => format!("{fy}年度"),
    }
}

/// First and last day (inclusive) of the given calendar month.
///
/// # Panics
///
/// Panics if `month` is not in 1..=12 or `year` is out of range; see
/// [`checked_month_range`].
pub fn month_range(year: i32, month: u32) -> (NaiveDate, NaiveDate) {
    checked_month_range(year, month).expect("invalid year or month")
}

/// Like [`month_range`], but returns `None` for an invalid year or month.
pub fn checked_month_range(year: i32, month: u32) -> Option<(NaiveDate, NaiveDate)> {
    let first = NaiveDate::from_ymd_opt(year, month, 1)?;
    let last = first.checked_add_months(Months::new(1))?.pred_opt()?;
    Some((first, last))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn fiscal_year_of_boundaries() {
        assert_eq!(fiscal_year_of(d(2027, 3, 31)), 2026);
        assert_eq!(fiscal_year_of(d(2026, 4, 1)), 2026);
        assert_eq!(fiscal_year_of(d(2026, 3, 31)), 2025);
        assert_eq!(fiscal_year_of(d(2026, 1, 1)), 2025);
        assert_eq!(fiscal_year_of(d(2026, 12, 31)), 2026);
    }

    #[test]
    fn fiscal_year_range_values() {
        assert_eq!(fiscal_year_range(2026), (d(2026, 4, 1), d(2027, 3, 31)));
        assert_eq!(fiscal_year_range(2023), (d(2023, 4, 1), d(2024, 3, 31)));
    }

    #[test]
    fn fiscal_year_range_contains_its_dates() {
        let (start, end) = fiscal_year_range(2026);
        assert_eq!(fiscal_year_of(start), 2026);
        assert_eq!(fiscal_year_of(end), 2026);
        assert_eq!(fiscal_year_of(start.pred_opt().unwrap()), 2025);
        assert_eq!(fiscal_year_of(end.succ_opt().unwrap()), 2027);
    }

    #[test]
    fn checked_fiscal_year_range_out_of_range() {
        assert_eq!(checked_fiscal_year_range(i32::MAX), None);
        assert_eq!(checked_fiscal_year_range(i32::MIN), None);
        assert!(checked_fiscal_year_range(2026).is_some());
    }

    #[test]
    fn format_fiscal_year_values() {
        assert_eq!(format_fiscal_year(2026), "令和8年度");
        assert_eq!(format_fiscal_year(2019), "令和元年度");
        assert_eq!(format_fiscal_year(2018), "平成30年度");
        assert_eq!(format_fiscal_year(1989), "平成元年度");
        assert_eq!(format_fiscal_year(1988), "昭和63年度");
        assert_eq!(format_fiscal_year(1926), "昭和元年度");
        assert_eq!(format_fiscal_year(1868), "明治元年度");
        assert_eq!(format_fiscal_year(1867), "1867年度");
        assert_eq!(format_fiscal_year(i32::MAX), format!("{}年度", i32::MAX));
    }

    #[test]
    fn month_range_values() {
        assert_eq!(month_range(2026, 11), (d(2026, 11, 1), d(2026, 11, 30)));
        assert_eq!(month_range(2026, 12), (d(2026, 12, 1), d(2026, 12, 31)));
        assert_eq!(month_range(2027, 2), (d(2027, 2, 1), d(2027, 2, 28)));
        assert_eq!(month_range(2028, 2), (d(2028, 2, 1), d(2028, 2, 29)));
        assert_eq!(month_range(2100, 2), (d(2100, 2, 1), d(2100, 2, 28)));
        assert_eq!(month_range(2000, 2), (d(2000, 2, 1), d(2000, 2, 29)));
    }

    #[test]
    fn checked_month_range_rejects_invalid_month() {
        assert_eq!(checked_month_range(2026, 0), None);
        assert_eq!(checked_month_range(2026, 13), None);
        assert_eq!(
            checked_month_range(2026, 1),
            Some((d(2026, 1, 1), d(2026, 1, 31)))
        );
    }

    #[test]
    #[should_panic(expected = "invalid year or month")]
    fn month_range_panics_on_invalid_month() {
        let _ = month_range(2026, 13);
    }
}
