//! The checks before a referral (紹介), each with its own message, and the referral states.
use super::states::{JobOrderState, SeekerState};
use chrono::NaiveDate;

/// What the checks look at, gathered by the service.
#[derive(Clone, Debug)]
pub struct ReferralFacts {
    pub today: NaiveDate,
    pub order_state: JobOrderState,
    pub order_valid_until: Option<NaiveDate>,
    pub order_has_accepted_version: bool,
    pub employer_labor_dispute: bool,
    pub employer_rejected: bool,
    pub seeker_state: SeekerState,
    pub seeker_valid_until: NaiveDate,
    /// The number of an open referral of the same seeker to the same order, if any.
    pub open_referral: Option<String>,
    /// The order's occupation is outside the office's scope of handling.
    pub outside_scope: bool,
    pub conditions_shown_on: Option<NaiveDate>,
    pub conditions_shown_method: String,
}

/// Every failed check: (field, code, message).
pub fn checks(f: &ReferralFacts) -> Vec<(&'static str, &'static str, String)> {
    let mut out = Vec::new();
    if f.order_state != JobOrderState::Open || !f.order_has_accepted_version {
        out.push((
            "job_order_id",
            "order_not_open",
            "この求人は受付中ではないため紹介できません。".to_owned(),
        ));
    } else if f.order_valid_until.is_none_or(|v| v < f.today) {
        out.push((
            "job_order_id",
            "order_expired",
            "この求人は有効期限を過ぎているため紹介できません。".to_owned(),
        ));
    }
    if f.employer_labor_dispute {
        out.push((
            "job_order_id",
            "labor_dispute",
            "この事業所は労働争議中のため紹介できません（職業安定法第20条）。".to_owned(),
        ));
    }
    if f.employer_rejected {
        out.push((
            "job_order_id",
            "employer_rejected",
            "この求人者は不受理の期間中のため紹介できません（職業安定法第5条の6）。".to_owned(),
        ));
    }
    if f.seeker_state != SeekerState::Active {
        out.push((
            "job_seeker_id",
            "seeker_closed",
            "この求職者の求職登録は終了しています。".to_owned(),
        ));
    } else if f.seeker_valid_until < f.today {
        out.push((
            "job_seeker_id",
            "seeker_expired",
            "この求職者の求職登録は有効期限を過ぎています。登録を更新してから紹介してください。"
                .to_owned(),
        ));
    }
    if let Some(n) = &f.open_referral {
        out.push((
            "job_seeker_id",
            "duplicate_referral",
            format!("この求職者は既にこの求人に紹介中です（紹介番号 {n}）。"),
        ));
    }
    if f.outside_scope {
        out.push((
            "job_order_id",
            "outside_scope",
            "この求人の職種は当紹介所の取扱職種の範囲外です。".to_owned(),
        ));
    }
    match f.conditions_shown_on {
        None => out.push((
            "conditions_shown_on",
            "conditions_not_shown",
            "労働条件を明示した日を入力してください（職業安定法第5条の3）。".to_owned(),
        )),
        Some(d) if d > f.today => out.push((
            "conditions_shown_on",
            "conditions_future",
            "労働条件の明示日に未来の日付は入力できません。".to_owned(),
        )),
        _ => {}
    }
    if !matches!(f.conditions_shown_method.as_str(), "written" | "email") {
        out.push((
            "conditions_shown_method",
            "conditions_method",
            "労働条件の明示方法（書面または電子メール）を選択してください。".to_owned(),
        ));
    }
    out
}

/// Reasons for 不採用 (never discriminatory grounds).
pub const NOT_HIRED_REASONS: &[(&str, &str)] = &[
    ("skills", "求める技能・経験との相違"),
    ("conditions", "勤務条件（時間・日数）が合わない"),
    ("filled", "既に充足"),
    ("other", "その他"),
];

/// Is an occupation code (middle group, with its major group) outside a comma-separated list?
pub fn outside_scope(excluded: &str, middle: &str, major: &str) -> bool {
    excluded
        .split(',')
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .any(|c| c == middle || c == major)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok_facts() -> ReferralFacts {
        let today = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
        ReferralFacts {
            today,
            order_state: JobOrderState::Open,
            order_valid_until: Some(NaiveDate::from_ymd_opt(2027, 1, 31).unwrap()),
            order_has_accepted_version: true,
            employer_labor_dispute: false,
            employer_rejected: false,
            seeker_state: SeekerState::Active,
            seeker_valid_until: NaiveDate::from_ymd_opt(2027, 1, 31).unwrap(),
            open_referral: None,
            outside_scope: false,
            conditions_shown_on: Some(today),
            conditions_shown_method: "written".into(),
        }
    }

    fn codes(f: &ReferralFacts) -> Vec<&'static str> {
        checks(f).into_iter().map(|(_, c, _)| c).collect()
    }

    #[test]
    fn each_check_fails_alone() {
        assert!(checks(&ok_facts()).is_empty());
        type Change = Box<dyn Fn(&mut ReferralFacts)>;
        let cases: Vec<(Change, &str)> = vec![
            (
                Box::new(|f| f.order_state = JobOrderState::Filled),
                "order_not_open",
            ),
            (
                Box::new(|f| f.order_valid_until = NaiveDate::from_ymd_opt(2026, 11, 23)),
                "order_expired",
            ),
            (
                Box::new(|f| f.employer_labor_dispute = true),
                "labor_dispute",
            ),
            (
                Box::new(|f| f.employer_rejected = true),
                "employer_rejected",
            ),
            (
                Box::new(|f| f.seeker_state = SeekerState::Closed),
                "seeker_closed",
            ),
            (
                Box::new(|f| f.seeker_valid_until = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()),
                "seeker_expired",
            ),
            (
                Box::new(|f| f.open_referral = Some("R2026-00001".into())),
                "duplicate_referral",
            ),
            (Box::new(|f| f.outside_scope = true), "outside_scope"),
            (
                Box::new(|f| f.conditions_shown_on = None),
                "conditions_not_shown",
            ),
            (
                Box::new(|f| f.conditions_shown_on = NaiveDate::from_ymd_opt(2026, 11, 25)),
                "conditions_future",
            ),
            (
                Box::new(|f| f.conditions_shown_method = "fax".into()),
                "conditions_method",
            ),
        ];
        for (change, code) in cases {
            let mut f = ok_facts();
            change(&mut f);
            assert_eq!(codes(&f), vec![code]);
        }
        // The last valid day is still valid.
        let mut f = ok_facts();
        f.order_valid_until = Some(f.today);
        f.seeker_valid_until = f.today;
        assert!(checks(&f).is_empty());
    }

    #[test]
    fn scope() {
        assert!(outside_scope("14, 096", "090", "14"));
        assert!(outside_scope("14,096", "096", "15"));
        assert!(!outside_scope("14", "096", "15"));
        assert!(!outside_scope("", "096", "15"));
    }
}
