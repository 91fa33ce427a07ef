//! Readable numbers, unique per office: 求人番号 `K2026-00042`, 求職番号 `S2026-00007`,
//! 紹介番号 `R2026-00123` — a letter for the kind, the fiscal year (年度) of allocation and a
//! sequence that restarts each year. Numbers are never reused.

/// What is numbered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NumberKind {
    JobOrder,
    JobSeeker,
    Referral,
}

impl NumberKind {
    pub fn code(self) -> &'static str {
        match self {
            NumberKind::JobOrder => "job_order",
            NumberKind::JobSeeker => "job_seeker",
            NumberKind::Referral => "referral",
        }
    }
    pub fn letter(self) -> char {
        match self {
            NumberKind::JobOrder => 'K',
            NumberKind::JobSeeker => 'S',
            NumberKind::Referral => 'R',
        }
    }
}

pub fn format_number(kind: NumberKind, fiscal_year: i32, seq: i32) -> String {
    format!("{}{fiscal_year}-{seq:05}", kind.letter())
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn numbers_are_readable() {
        assert_eq!(format_number(NumberKind::JobOrder, 2026, 42), "K2026-00042");
        assert_eq!(format_number(NumberKind::JobSeeker, 2026, 7), "S2026-00007");
        assert_eq!(
            format_number(NumberKind::Referral, 2027, 123_456),
            "R2027-123456"
        );
    }
}
