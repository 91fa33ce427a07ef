//! Turning records into display-ready values (和暦, JST).
use crate::domain::wareki;
use chrono::{DateTime, NaiveDate, Utc};

pub use crate::clock::{jst, today};

/// `令和8年11月24日 21:30`
pub fn datetime(t: DateTime<Utc>) -> String {
    let local = t.with_timezone(&jst());
    format!(
        "{} {}",
        wareki::format_wareki(local.date_naive()),
        local.format("%H:%M")
    )
}

pub fn date(d: NaiveDate) -> String {
    wareki::format_wareki(d)
}

pub fn yen(n: i64) -> String {
    format!(
        "{}{}円",
        if n < 0 { "-" } else { "" },
        number(n.unsigned_abs())
    )
}

/// A count that stopped at a cap (`more`): 「1,234 件」 or 「1万件以上」 with `unit` = 「件」,
/// 「1,234」 or 「500以上」 without a unit.
pub fn bounded(n: u64, more: bool, unit: &str) -> String {
    match (more, n) {
        (true, n) if n >= 10_000 && n % 10_000 == 0 => format!("{}万{unit}以上", n / 10_000),
        (true, n) => format!("{}{unit}以上", number(n)),
        (false, n) if unit.is_empty() => number(n),
        (false, n) => format!("{} {unit}", number(n)),
    }
}

/// A count with thousands separators: 「12,345」.
pub fn number(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// An address line with its postal code in front (「〒560-0022 大阪府豊中市…」), or the address
/// alone when no postal code was entered (never a bare 「〒」).
pub fn with_postal(postal_code: &str, address: &str) -> String {
    match postal_code.trim() {
        "" => address.to_owned(),
        code => format!("〒{code} {address}"),
    }
}

/// A code table (code, label) as the options of a select.
pub fn opts(table: &[(&str, &str)]) -> Vec<(String, String)> {
    table
        .iter()
        .map(|(c, l)| (c.to_string(), l.to_string()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn bounded_counts_say_where_they_stopped() {
        assert_eq!(bounded(1234, false, "件"), "1,234 件");
        assert_eq!(bounded(10_000, true, "件"), "1万件以上");
        assert_eq!(bounded(10_000, true, ""), "1万以上");
        assert_eq!(bounded(500, true, ""), "500以上");
        assert_eq!(bounded(7, false, ""), "7");
    }
    #[test]
    fn yen_has_separators() {
        assert_eq!(yen(1226), "1,226円");
        assert_eq!(yen(100), "100円");
        assert_eq!(yen(1_234_567), "1,234,567円");
    }
    #[test]
    fn datetime_is_jst() {
        let t = DateTime::parse_from_rfc3339("2026-11-23T15:30:00Z")
            .unwrap()
            .to_utc();
        assert_eq!(datetime(t), "令和8年11月24日 00:30");
    }
}
