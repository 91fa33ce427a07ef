//! Pure rules, no I/O.
pub mod accounts;
pub mod carving;
pub mod choices;
pub mod corporate_number;
pub mod fiscal_year;
pub mod gender_terms;
pub mod job_order;
pub mod job_order_rules;
pub mod matching;
pub mod normalize;
pub mod numbering;
pub mod placement;
pub mod referral;
pub mod states;
pub mod validity;
pub mod values;
pub mod wage;
pub mod wareki;

/// The weekday names, Monday first (the order of every weekly availability and timeline).
pub const WEEKDAYS: [&str; 7] = ["月", "火", "水", "木", "金", "土", "日"];

/// The label of a code in a (code, label) table; empty for an unknown code.
pub fn label<'a>(table: &[(&str, &'a str)], code: &str) -> &'a str {
    table
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, l)| *l)
        .unwrap_or("")
}
