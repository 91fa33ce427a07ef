//! Pure rules, no I/O.
pub mod accounts;
pub mod carving;
pub mod corporate_number;
pub mod csv_export;
pub mod fiscal_year;
pub mod gender_terms;
pub mod job_order;
pub mod job_order_rules;
pub mod matching;
pub mod normalize;
pub mod numbering;
pub mod placement;
pub mod referral;
pub mod svg_chart;
pub mod validity;
pub mod wage;
pub mod wareki;
