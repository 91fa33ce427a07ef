//! Pure rules, no I/O.
pub mod accounts;
pub mod fiscal_year;
pub mod normalize;
pub mod validity;
pub mod wareki;
