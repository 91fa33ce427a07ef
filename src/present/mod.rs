//! Display shaping: data in, display-ready values out (和暦, yen, hours, weekdays, the terms of
//! an order as printed sections, charts, CSV). No queries; imports only `domain`.
pub mod audit;
pub mod carving;
pub mod csv;
pub mod employer;
pub mod format;
pub mod home;
pub mod job_order;
pub mod job_order_sheet;
pub mod office;
pub mod referral;
pub mod referral_letter;
pub mod reports;
pub mod seeker;
pub mod svg_chart;
