//! The life cycles of job orders, job seekers, referrals and employers: the stored states
//! (`entity::states`, plain enums read from and written to string columns), their Japanese names
//! and the rules of which state may follow which.

pub use entity::states::{EmployerStatus, JobOrderState, ReferralState, SeekerState};

/// The Japanese name of a state, as the counter says it.
pub trait StateName: Copy + 'static {
    /// Every state, in the order of its life cycle.
    const ALL: &'static [Self];
    fn label(self) -> &'static str;
    fn code(self) -> &'static str;

    /// (code, name) pairs for a choice list.
    fn choices() -> Vec<(&'static str, &'static str)> {
        Self::ALL.iter().map(|s| (s.code(), s.label())).collect()
    }
}

impl StateName for JobOrderState {
    const ALL: &'static [Self] = JobOrderState::ALL;
    fn code(self) -> &'static str {
        JobOrderState::code(self)
    }
    fn label(self) -> &'static str {
        match self {
            JobOrderState::Draft => "下書き",
            JobOrderState::Submitted => "受理待ち",
            JobOrderState::Open => "受付中",
            JobOrderState::Rejected => "不受理",
            JobOrderState::Filled => "充足",
            JobOrderState::Stopped => "募集停止",
            JobOrderState::Cancelled => "取消",
            JobOrderState::Expired => "期限切れ",
        }
    }
}

impl StateName for SeekerState {
    const ALL: &'static [Self] = SeekerState::ALL;
    fn code(self) -> &'static str {
        SeekerState::code(self)
    }
    fn label(self) -> &'static str {
        match self {
            SeekerState::Active => "有効",
            SeekerState::Closed => "終了",
        }
    }
}

impl StateName for ReferralState {
    const ALL: &'static [Self] = ReferralState::ALL;
    fn code(self) -> &'static str {
        ReferralState::code(self)
    }
    fn label(self) -> &'static str {
        match self {
            ReferralState::Referred => "紹介中",
            ReferralState::Hired => "採用",
            ReferralState::NotHired => "不採用",
            ReferralState::Declined => "本人辞退",
            ReferralState::Cancelled => "取消",
        }
    }
}

impl StateName for EmployerStatus {
    const ALL: &'static [Self] = EmployerStatus::ALL;
    fn code(self) -> &'static str {
        EmployerStatus::code(self)
    }
    fn label(self) -> &'static str {
        match self {
            EmployerStatus::Pending => "確認待ち",
            EmployerStatus::Active => "登録済み",
        }
    }
}

/// Staff may still edit and accept an order in these states.
pub fn is_reviewable(s: JobOrderState) -> bool {
    matches!(
        s,
        JobOrderState::Draft
            | JobOrderState::Submitted
            | JobOrderState::Rejected
            | JobOrderState::Open
    )
}

/// Staff end an order by putting it in one of these states (充足・募集停止・取消).
pub fn is_ending(s: JobOrderState) -> bool {
    matches!(
        s,
        JobOrderState::Filled | JobOrderState::Stopped | JobOrderState::Cancelled
    )
}

/// Only an open referral changes state; the result is final.
pub fn can_transition(from: ReferralState, to: ReferralState) -> bool {
    from == ReferralState::Referred && to != ReferralState::Referred
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_every_state_has_a_name() {
        for s in JobOrderState::ALL {
            assert_eq!(JobOrderState::parse(s.code()), Some(*s));
            assert!(!StateName::label(*s).is_empty());
        }
        for s in ReferralState::ALL {
            assert_eq!(ReferralState::parse(s.code()), Some(*s));
            assert!(!StateName::label(*s).is_empty());
        }
        assert_eq!(JobOrderState::parse("opened"), None);
        assert_eq!(SeekerState::parse("active"), Some(SeekerState::Active));
        assert_eq!(EmployerStatus::Pending.code(), "pending");
    }

    #[test]
    fn only_an_open_referral_takes_a_result() {
        use ReferralState::*;
        assert!(can_transition(Referred, Hired));
        assert!(can_transition(Referred, Cancelled));
        assert!(!can_transition(Hired, NotHired));
        assert!(!can_transition(Referred, Referred));
    }

    #[test]
    fn reviewable_states() {
        assert!(is_reviewable(JobOrderState::Open));
        assert!(!is_reviewable(JobOrderState::Filled));
        assert!(!is_reviewable(JobOrderState::Expired));
    }
}
