//! Japanese era (和暦) formatting and parsing.

use chrono::{Datelike, NaiveDate};
use unicode_normalization::UnicodeNormalization;

/// A Japanese era (元号).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Era {
    /// Era name, e.g. "令和".
    pub name: &'static str,
    /// Latin initial used in abbreviations such as "R8.11.23".
    pub initial: char,
    /// First day of the era (inclusive).
    pub start: NaiveDate,
    /// Gregorian year minus era year (era year 1 = `offset + 1`).
    pub offset: i32,
}

const fn ymd(year: i32, month: u32, day: u32) -> NaiveDate {
    match NaiveDate::from_ymd_opt(year, month, day) {
        Some(date) => date,
        None => panic!("invalid era start date"),
    }
}

/// Supported eras, oldest first.
pub const ERAS: &[Era] = &[
    Era {
        name: "明治",
        initial: 'M',
        start: ymd(1868, 1, 25),
        offset: 1867,
    },
    Era {
        name: "大正",
        initial: 'T',
        start: ymd(1912, 7, 30),
        offset: 1911,
    },
    Era {
        name: "昭和",
        initial: 'S',
        start: ymd(1926, 12, 25),
        offset: 1925,
    },
    Era {
        name: "平成",
        initial: 'H',
        start: ymd(1989, 1, 8),
        offset: 1988,
    },
    Era {
        name: "令和",
        initial: 'R',
        start: ymd(2019, 5, 1),
        offset: 2018,
    },
];

/// Returns the era containing `date` and the year within that era.
///
/// Returns `None` for dates before 明治.
pub fn era_of(date: NaiveDate) -> Option<(&'static Era, i32)> {
    ERAS.iter()
        .rev()
        .find(|era| era.start <= date)
        .map(|era| (era, date.year() - era.offset))
}

/// Formats an era year, rendering year 1 as "元年": "令和元年", "令和8年".
pub fn format_era_year(era: &Era, year: i32) -> String {
    if year == 1 {
        format!("{}元年", era.name)
    } else {
        format!("{}{}年", era.name, year)
    }
}

/// "令和8年11月23日"; dates before 明治 fall back to "1867年1月1日".
pub fn format_wareki(date: NaiveDate) -> String {
    match era_of(date) {
        Some((era, year)) => format!(
            "{}{}月{}日",
            format_era_year(era, year),
            date.month(),
            date.day()
        ),
        None => format_seireki(date),
    }
}

/// "令和8年（2026年）11月23日"; dates before 明治 fall back to [`format_seireki`].
pub fn format_wareki_with_seireki(date: NaiveDate) -> String {
    match era_of(date) {
        Some((era, year)) => format!(
            "{}（{}年）{}月{}日",
            format_era_year(era, year),
            date.year(),
            date.month(),
            date.day()
        ),
        None => format_seireki(date),
    }
}

/// "令和8年11月"; dates before 明治 fall back to "1867年1月".
pub fn format_wareki_year_month(date: NaiveDate) -> String {
    match era_of(date) {
        Some((era, year)) => format!("{}{}月", format_era_year(era, year), date.month()),
        None => format!("{}年{}月", date.year(), date.month()),
    }
}

/// Gregorian format: "2026年11月23日".
pub fn format_seireki(date: NaiveDate) -> String {
    format!("{}年{}月{}日", date.year(), date.month(), date.day())
}

/// Parses a wareki date.
///
/// Accepts "令和8年11月23日", "令和元年5月1日", "R8.11.23", "H31/4/30",
/// "r8-11-23", full-width characters and whitespace. Returns `None` for
/// malformed input or dates outside the named era (e.g. "平成32年1月1日").
pub fn parse_wareki(s: &str) -> Option<NaiveDate> {
    let normalized: String = s.nfkc().filter(|c| !c.is_whitespace()).collect();
    let (era, rest) = split_era(&normalized)?;

    let (year, rest) = match rest.strip_prefix('元') {
        Some(rest) => (1, rest),
        None => {
            let (digits, rest) = take_digits(rest)?;
            (digits.parse::<i32>().ok()?, rest)
        }
    };

    let (month, day) = if let Some(rest) = rest.strip_prefix('年') {
        let (month, rest) = take_digits(rest)?;
        let rest = rest.strip_prefix('月')?;
        let (day, rest) = take_digits(rest)?;
        if rest != "日" {
            return None;
        }
        (month, day)
    } else {
        let sep = rest
            .chars()
            .next()
            .filter(|c| matches!(c, '.' | '/' | '-'))?;
        let rest = &rest[sep.len_utf8()..];
        let (month, rest) = take_digits(rest)?;
        let rest = rest.strip_prefix(sep)?;
        let (day, rest) = take_digits(rest)?;
        if !rest.is_empty() {
            return None;
        }
        (month, day)
    };

    if year < 1 {
        return None;
    }
    let date = NaiveDate::from_ymd_opt(
        era.offset.checked_add(year)?,
        month.parse().ok()?,
        day.parse().ok()?,
    )?;
    match era_of(date) {
        Some((found, _)) if found == era => Some(date),
        _ => None,
    }
}

/// Splits a leading era name ("令和") or initial ("R"/"r") off `s`.
fn split_era(s: &str) -> Option<(&'static Era, &str)> {
    ERAS.iter().find_map(|era| {
        if let Some(rest) = s.strip_prefix(era.name) {
            return Some((era, rest));
        }
        let first = s.chars().next()?;
        (first.to_ascii_uppercase() == era.initial).then(|| (era, &s[first.len_utf8()..]))
    })
}

/// Splits a non-empty run of ASCII digits off the front of `s`.
fn take_digits(s: &str) -> Option<(&str, &str)> {
    let end = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    (end > 0).then(|| s.split_at(end))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn eras_are_ordered_and_consistent() {
        assert_eq!(ERAS.len(), 5);
        for pair in ERAS.windows(2) {
            assert!(pair[0].start < pair[1].start);
        }
        for era in ERAS {
            assert_eq!(era.start.year() - era.offset, 1, "{}", era.name);
        }
    }

    #[test]
    fn era_of_boundaries() {
        assert_eq!(era_of(d(1868, 1, 24)), None);
        let (era, y) = era_of(d(1868, 1, 25)).unwrap();
        assert_eq!((era.name, y), ("明治", 1));
        let (era, y) = era_of(d(1912, 7, 29)).unwrap();
        assert_eq!((era.name, y), ("明治", 45));
        let (era, y) = era_of(d(1912, 7, 30)).unwrap();
        assert_eq!((era.name, y), ("大正", 1));
        let (era, y) = era_of(d(1926, 12, 24)).unwrap();
        assert_eq!((era.name, y), ("大正", 15));
        let (era, y) = era_of(d(1926, 12, 25)).unwrap();
        assert_eq!((era.name, y), ("昭和", 1));
        let (era, y) = era_of(d(1989, 1, 7)).unwrap();
        assert_eq!((era.name, y), ("昭和", 64));
        let (era, y) = era_of(d(1989, 1, 8)).unwrap();
        assert_eq!((era.name, y), ("平成", 1));
        let (era, y) = era_of(d(2019, 4, 30)).unwrap();
        assert_eq!((era.name, y), ("平成", 31));
        let (era, y) = era_of(d(2019, 5, 1)).unwrap();
        assert_eq!((era.name, y), ("令和", 1));
        let (era, y) = era_of(d(2026, 11, 23)).unwrap();
        assert_eq!((era.name, era.initial, y), ("令和", 'R', 8));
    }

    #[test]
    fn format_wareki_examples() {
        assert_eq!(format_wareki(d(2026, 11, 23)), "令和8年11月23日");
        assert_eq!(format_wareki(d(2019, 5, 1)), "令和元年5月1日");
        assert_eq!(format_wareki(d(2019, 4, 30)), "平成31年4月30日");
        assert_eq!(format_wareki(d(1989, 1, 7)), "昭和64年1月7日");
        assert_eq!(format_wareki(d(1989, 1, 8)), "平成元年1月8日");
        assert_eq!(format_wareki(d(1926, 12, 25)), "昭和元年12月25日");
        assert_eq!(format_wareki(d(1912, 7, 30)), "大正元年7月30日");
        assert_eq!(format_wareki(d(1868, 1, 25)), "明治元年1月25日");
        assert_eq!(format_wareki(d(2020, 1, 1)), "令和2年1月1日");
    }

    #[test]
    fn format_wareki_before_meiji_falls_back() {
        assert_eq!(format_wareki(d(1868, 1, 24)), "1868年1月24日");
        assert_eq!(format_wareki(d(1800, 12, 31)), "1800年12月31日");
        assert_eq!(
            format_wareki_with_seireki(d(1800, 12, 31)),
            "1800年12月31日"
        );
        assert_eq!(format_wareki_year_month(d(1800, 12, 31)), "1800年12月");
    }

    #[test]
    fn format_with_seireki() {
        assert_eq!(
            format_wareki_with_seireki(d(2026, 11, 23)),
            "令和8年（2026年）11月23日"
        );
        assert_eq!(
            format_wareki_with_seireki(d(2019, 5, 1)),
            "令和元年（2019年）5月1日"
        );
    }

    #[test]
    fn format_year_month() {
        assert_eq!(format_wareki_year_month(d(2026, 11, 23)), "令和8年11月");
        assert_eq!(format_wareki_year_month(d(2019, 5, 31)), "令和元年5月");
        assert_eq!(format_wareki_year_month(d(2019, 4, 1)), "平成31年4月");
    }

    #[test]
    fn format_seireki_example() {
        assert_eq!(format_seireki(d(2026, 11, 23)), "2026年11月23日");
        assert_eq!(format_seireki(d(2026, 1, 5)), "2026年1月5日");
    }

    #[test]
    fn format_era_year_gannen() {
        assert_eq!(format_era_year(&ERAS[4], 1), "令和元年");
        assert_eq!(format_era_year(&ERAS[3], 30), "平成30年");
    }

    #[test]
    fn parse_kanji_forms() {
        assert_eq!(parse_wareki("令和8年11月23日"), Some(d(2026, 11, 23)));
        assert_eq!(parse_wareki("令和元年5月1日"), Some(d(2019, 5, 1)));
        assert_eq!(parse_wareki("令和1年5月1日"), Some(d(2019, 5, 1)));
        assert_eq!(parse_wareki("平成31年4月30日"), Some(d(2019, 4, 30)));
        assert_eq!(parse_wareki("昭和64年1月7日"), Some(d(1989, 1, 7)));
        assert_eq!(parse_wareki("明治元年1月25日"), Some(d(1868, 1, 25)));
        assert_eq!(parse_wareki(" 令和 8年 11月 23日 "), Some(d(2026, 11, 23)));
    }

    #[test]
    fn parse_abbreviated_forms() {
        assert_eq!(parse_wareki("R8.11.23"), Some(d(2026, 11, 23)));
        assert_eq!(parse_wareki("H31.4.30"), Some(d(2019, 4, 30)));
        assert_eq!(parse_wareki("h31/04/30"), Some(d(2019, 4, 30)));
        assert_eq!(parse_wareki("S64-1-7"), Some(d(1989, 1, 7)));
        assert_eq!(parse_wareki("T1.7.30"), Some(d(1912, 7, 30)));
        assert_eq!(parse_wareki("M45.7.29"), Some(d(1912, 7, 29)));
        assert_eq!(parse_wareki("R元.5.1"), Some(d(2019, 5, 1)));
    }

    #[test]
    fn parse_full_width() {
        assert_eq!(parse_wareki("令和８年１１月２３日"), Some(d(2026, 11, 23)));
        assert_eq!(parse_wareki("Ｒ８．１１．２３"), Some(d(2026, 11, 23)));
        assert_eq!(parse_wareki("㋿8年11月23日"), Some(d(2026, 11, 23)));
    }

    #[test]
    fn parse_rejects_dates_outside_era() {
        assert_eq!(parse_wareki("平成32年1月1日"), None);
        assert_eq!(parse_wareki("令和1年4月30日"), None);
        assert_eq!(parse_wareki("昭和64年1月8日"), None);
        assert_eq!(parse_wareki("明治1年1月24日"), None);
        assert_eq!(parse_wareki("令和0年5月1日"), None);
    }

    #[test]
    fn parse_rejects_malformed() {
        for s in [
            "",
            "令和",
            "令和8年",
            "令和8年11月",
            "令和8年11月23",
            "令和8年11月23日です",
            "令和8年13月1日",
            "令和8年2月30日",
            "R8.11/23",
            "R8.11.23.",
            "X8.11.23",
            "8.11.23",
            "2026年11月23日",
            "R99999999999.1.1",
            "R-1.1.1",
            "R+8.1.1",
        ] {
            assert_eq!(parse_wareki(s), None, "{s:?}");
        }
    }

    #[test]
    fn format_parse_round_trip() {
        let mut date = d(1868, 1, 25);
        let end = d(2030, 12, 31);
        while date <= end {
            assert_eq!(parse_wareki(&format_wareki(date)), Some(date));
            date = date.succ_opt().unwrap();
        }
    }
}

/// A date as people type it: ISO (`2026-11-24`, `2026/11/24`, full-width digits too) or 和暦
/// (`令和8年11月24日`, `R8.11.24`).
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let n: String = unicode_normalization::UnicodeNormalization::nfkc(s.trim()).collect();
    NaiveDate::parse_from_str(&n, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(&n, "%Y/%m/%d"))
        .ok()
        .or_else(|| parse_wareki(&n))
}

#[cfg(test)]
mod parse_date_tests {
    use super::*;
    #[test]
    fn any_common_form() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 24);
        for s in [
            "2026-11-24",
            "２０２６－１１－２４",
            "2026/11/24",
            "令和8年11月24日",
            "R8.11.24",
            " 2026-11-24 ",
        ] {
            assert_eq!(parse_date(s), d, "{s}");
        }
        assert_eq!(parse_date("2026-02-30"), None);
        assert_eq!(parse_date(""), None);
    }
}
