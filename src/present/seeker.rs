//! The job seeker's page: the record read by `services::seeker_record` shaped for the view.
use super::format::{self, opts};
use super::job_order_sheet::hours;
use crate::domain::matching::{Availability, format_windows};
use crate::domain::states::{SeekerState, StateName};
use crate::domain::{WEEKDAYS, label};
use crate::services::job_seekers::{
    CLOSE_REASONS, CONSENT_METHODS, DISABILITY_TYPES, EMPLOYMENT, LADDER, SUPPORT_CATEGORIES,
};
use crate::services::placements;
use crate::services::seeker_record::SeekerRecord;
use chrono::NaiveDate;
use templates::seekers as tpl;

/// "月 9:00〜13:00 / 水 …（1日4時間まで・週20時間まで）　令和8年12月1日から就業可能".
pub fn availability_text(a: &Availability) -> String {
    let days: Vec<String> = a
        .days
        .iter()
        .enumerate()
        .filter(|(_, w)| !w.is_empty())
        .map(|(d, w)| format!("{} {}", WEEKDAYS[d], format_windows(w)))
        .collect();
    let mut s = days.join(" / ");
    let mut limits = Vec::new();
    if a.max_daily_minutes > 0 {
        limits.push(format!("1日{}まで", hours(a.max_daily_minutes)));
    }
    if a.max_weekly_minutes > 0 {
        limits.push(format!("週{}まで", hours(a.max_weekly_minutes)));
    }
    if !limits.is_empty() {
        s.push_str(&format!("（{}）", limits.join("・")));
    }
    if let Some(d) = a.earliest_start {
        if !s.is_empty() {
            s.push('　');
        }
        s.push_str(&format!("{}から就業可能", format::date(d)));
    }
    if s.is_empty() { "未登録".into() } else { s }
}

fn staff_name(r: &SeekerRecord, id: Option<i32>) -> String {
    id.and_then(|s| r.staff_names.get(&s).cloned())
        .unwrap_or_default()
}

pub fn detail(r: &SeekerRecord, availability: &Availability, today: NaiveDate) -> tpl::Detail {
    let m = &r.seeker;
    let supports: Vec<&str> = serde_json::from_str::<Vec<String>>(&m.support_categories)
        .unwrap_or_default()
        .iter()
        .map(|c| label(SUPPORT_CATEGORIES, c))
        .collect();
    let age = today.years_since(m.birth_date).unwrap_or(0);
    let facts = vec![
        ("フリガナ".to_owned(), m.name_kana.clone()),
        (
            "状態".to_owned(),
            if m.state == SeekerState::Active {
                m.state.label().into()
            } else {
                format!(
                    "{}（{}、{}）",
                    m.state.label(),
                    label(CLOSE_REASONS, m.closed_reason.as_deref().unwrap_or("")),
                    m.closed_on.map(format::date).unwrap_or_default()
                )
            },
        ),
        (
            "受付日・有効期限".to_owned(),
            format!(
                "{}受付　{}まで",
                format::date(m.registered_on),
                format::date(m.valid_until)
            ),
        ),
        (
            "同意".to_owned(),
            format!(
                "{}に{}で取得{}{}",
                format::date(m.consent_given_on),
                label(CONSENT_METHODS, &m.consent_method),
                if m.disclosure_delivered_on.is_some() {
                    "・明示事項交付済"
                } else {
                    "・明示事項未交付"
                },
                if m.share_consent {
                    "・支援機関との共有に同意"
                } else {
                    ""
                }
            ),
        ),
        (
            "生年月日".to_owned(),
            format!("{}（{age}歳）", format::date(m.birth_date)),
        ),
        (
            "住所".to_owned(),
            format::with_postal(
                &m.postal_code,
                &crate::domain::normalize::join_address(
                    &r.prefecture_name,
                    &m.municipality,
                    &m.address,
                ),
            ),
        ),
        ("最寄駅".to_owned(), m.nearest_station.clone()),
        (
            "連絡先".to_owned(),
            format!("{}　{}　{}", m.phone, m.email, m.contact_preference),
        ),
        ("希望職種".to_owned(), r.occupation_names.join("、")),
        (
            "希望勤務地".to_owned(),
            if m.desired_areas.is_empty() {
                m.municipality.clone()
            } else {
                format!("{}、{}", m.municipality, m.desired_areas)
            },
        ),
        (
            "希望賃金・雇用形態".to_owned(),
            format!(
                "{}　{}",
                m.desired_hourly_yen
                    .map(|y| format!("時給{}以上", format::yen(y.into())))
                    .unwrap_or_else(|| "希望なし".into()),
                label(EMPLOYMENT, &m.desired_employment)
            ),
        ),
        ("勤務できる時間".to_owned(), availability_text(availability)),
        ("学歴".to_owned(), m.education.clone()),
        ("免許・資格".to_owned(), m.licenses.clone()),
        ("職歴".to_owned(), m.work_history.clone()),
        ("支援区分".to_owned(), supports.join("、")),
        ("段階".to_owned(), label(LADDER, &m.ladder_step).to_owned()),
        (
            "支援機関".to_owned(),
            format!("{}　{}", m.supporting_agency, m.agency_contact),
        ),
        ("担当者".to_owned(), staff_name(r, m.staff_in_charge_id)),
    ];
    let sensitive = if m.sensitive_consent {
        vec![
            (
                "手帳".to_owned(),
                format!(
                    "{} {}",
                    label(DISABILITY_TYPES, &m.disability_type),
                    m.disability_grade
                ),
            ),
            (
                "障害の可能性".to_owned(),
                if m.disability_suspected {
                    "あり（手帳なし）".into()
                } else {
                    "—".into()
                },
            ),
            ("配慮事項".to_owned(), m.disability_notes.clone()),
        ]
    } else {
        Vec::new()
    };
    let notes = r
        .notes
        .iter()
        .map(|n| {
            (
                format::date(n.noted_on),
                staff_name(r, n.staff_user_id),
                n.body.clone(),
            )
        })
        .collect();
    let referrals = r
        .referrals
        .iter()
        .map(|x| {
            (
                x.referral.id,
                x.referral.number.clone(),
                format::date(x.referral.referred_on),
                format!(
                    "{} {}（{}）",
                    x.order_number, x.order_title, x.employer_name
                ),
                x.referral.state.label().to_owned(),
                x.referral.flagged,
            )
        })
        .collect();
    let placements = r
        .placements
        .iter()
        .map(|pr| {
            let p = &pr.placement;
            let head = format!(
                "{} {}入社　{}（{}）　週{}　時給{}{}",
                pr.employer_name,
                format::date(p.start_date),
                placements::classification_label(&p.classification),
                if p.contract_indefinite {
                    "無期".to_owned()
                } else {
                    format!("有期{}か月", p.contract_months.unwrap_or(0))
                },
                hours(p.weekly_minutes as u32),
                format::yen(p.hourly_yen.into()),
                p.left_on
                    .map(|d| format!(
                        "　{}離職（{}）",
                        format::date(d),
                        label(
                            placements::LEFT_REASONS,
                            p.left_reason.as_deref().unwrap_or("")
                        )
                    ))
                    .unwrap_or_default()
            );
            let follow = pr
                .follow_ups
                .iter()
                .map(|f| {
                    (
                        f.id,
                        placements::follow_up_label(&f.due_kind).to_owned(),
                        format::date(f.due_on),
                        match (&f.done_on, &f.result) {
                            (Some(d), Some(res)) => {
                                format!("{}：{}", format::date(*d), label(placements::RESULTS, res))
                            }
                            _ => match f.cancelled_on {
                                Some(d) => format!("不要（{}に離職）", format::date(d)),
                                None => "未確認".into(),
                            },
                        },
                    )
                })
                .collect();
            (head, follow)
        })
        .collect();
    let experiences = r
        .experiences
        .iter()
        .map(|(x, host)| {
            (
                label(placements::EXPERIENCE_KINDS, &x.kind).to_owned(),
                format!(
                    "{}〜{} {}",
                    format::date(x.start_on),
                    format::date(x.end_on),
                    x.hours
                ),
                host.clone(),
                format!("{}\n{}", x.assessment, x.outcome).trim().to_owned(),
            )
        })
        .collect();
    tpl::Detail {
        id: m.id,
        number: m.number.clone(),
        name: m.name.clone(),
        active: m.state == SeekerState::Active,
        facts,
        sensitive,
        notes,
        referrals,
        placements,
        experiences,
        employers: r
            .hosts
            .iter()
            .map(|(id, name)| (id.to_string(), name.clone()))
            .collect(),
        experience_kinds: opts(placements::EXPERIENCE_KINDS),
        close_reasons: opts(&CLOSE_REASONS[..2]),
    }
}
