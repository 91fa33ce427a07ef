//! Pure rules, no I/O.
pub mod accounts;
pub mod corporate_number;
pub mod fiscal_year;
pub mod job_order;
pub mod normalize;
pub mod numbering;
pub mod validity;
pub mod wareki;
