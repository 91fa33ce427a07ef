//! Display shaping: data in, display-ready values out (和暦, yen, hours, weekdays, the terms of
//! an order as printed sections, charts, CSV). No queries; imports only `domain`.
pub mod csv;
pub mod format;
pub mod job_order_sheet;
pub mod referral_letter;
pub mod seeker;
pub mod svg_chart;
