//! maud components and page layouts. Views receive display-ready data (dates already in 和暦,
//! amounts already formatted) and never query anything.
pub mod carving;
pub mod employers;
pub mod forms;
pub mod job_orders;
pub mod layout;
pub mod mail;
pub mod occupations;
pub mod pages;
pub mod paperwork;
pub mod portal;
pub mod public;
pub mod rejection_review;
pub mod seekers;

pub use maud;

/// Weekday labels of the forms' day columns, Monday first (the same order as the app's
/// `domain::WEEKDAYS`, which this crate cannot import).
pub const WEEKDAYS: [&str; 7] = ["月", "火", "水", "木", "金", "土", "日"];
