//! The office's clock: Japan time, with no daylight saving. Use cases take `today` as an argument;
//! only the edges (handlers, the CLI, the scheduled jobs) read the clock.
use chrono::{FixedOffset, NaiveDate, Utc};

pub fn jst() -> FixedOffset {
    FixedOffset::east_opt(9 * 3600).expect("static offset")
}

/// Today's date in Japan.
pub fn today() -> NaiveDate {
    Utc::now().with_timezone(&jst()).date_naive()
}
