//! A referral's page (staff and portal alike): the record read by `services::referral_record`
//! shaped for the view, and the values of its result form.
use super::format::{self, opts};
use crate::domain::referral::NOT_HIRED_REASONS;
use crate::domain::states::{ReferralState, StateName};
use crate::services::referral_record::ReferralRecord;
use crate::services::referrals::{self, RECEIVED_VIA, ResultInput};
use templates::seekers as tpl;

/// The referral's page; `portal` shows the employer's side (no staff names, no links to the
/// person's record, only the results an employer may report).
pub fn page(rec: &ReferralRecord, portal: bool) -> tpl::ReferralView {
    let r = &rec.referral;
    let seeker_text = format!(
        "{} {}（{}）",
        rec.seeker.number, rec.seeker.name, rec.seeker.name_kana
    );
    let order_text = format!(
        "{} {}（第{}版を明示）",
        rec.order.number.clone().unwrap_or_default(),
        rec.order.occupation_title,
        r.job_order_version
    );
    // Staff follow each record from here; the portal only to its own order.
    let links = if portal {
        vec![(
            "求人".to_owned(),
            order_text.clone(),
            format!("/portal/job-orders/{}", rec.order.id),
        )]
    } else {
        vec![
            (
                "求職者".to_owned(),
                seeker_text.clone(),
                format!("/job-seekers/{}", rec.seeker.id),
            ),
            (
                "求人".to_owned(),
                order_text,
                format!("/job-orders/{}", rec.order.id),
            ),
            (
                "求人者".to_owned(),
                rec.employer.name.clone(),
                format!("/employers/{}", rec.employer.id),
            ),
        ]
    };
    let mut facts = vec![
        ("紹介番号".to_owned(), r.number.clone()),
        ("紹介日".to_owned(), format::date(r.referred_on)),
    ];
    if portal {
        facts.push(("求職者".to_owned(), seeker_text));
        facts.push(("求人者".to_owned(), rec.employer.name.clone()));
    }
    facts.extend([
        (
            "労働条件の明示".to_owned(),
            format!(
                "{}・{}",
                format::date(r.conditions_shown_on),
                if r.conditions_shown_method == "email" {
                    "電子メール"
                } else {
                    "書面"
                }
            ),
        ),
        ("面接".to_owned(), r.interview.clone()),
        ("持参書類".to_owned(), r.documents.clone()),
        ("状態".to_owned(), r.state.label().to_owned()),
    ]);
    if let Some(d) = r.result_received_on.filter(|_| !portal) {
        facts.push((
            "結果の受領".to_owned(),
            format!(
                "{}（{}）{}",
                format::date(d),
                referrals::label(RECEIVED_VIA, r.result_received_via.as_deref().unwrap_or("")),
                r.result_note
            ),
        ));
    }
    let transitions = rec
        .transitions
        .iter()
        .map(|(t, who)| transition_row(t, who, portal))
        .collect();
    let form = result_defaults(rec.terms.as_ref());
    let choices = ReferralState::choices();
    let results = if portal {
        opts(&choices[1..4])
    } else {
        opts(&choices[1..])
    };
    tpl::ReferralView {
        id: r.id,
        number: r.number.clone(),
        state: r.state.label().to_owned(),
        open: r.state == ReferralState::Referred,
        flagged: r.flagged && !portal,
        facts,
        links,
        transitions,
        results,
        reasons: opts(NOT_HIRED_REASONS),
        via: opts(&RECEIVED_VIA[..5]),
        form,
        portal,
    }
}

/// One line of the referral's history: when, the change, the reason, and who (staff only).
fn transition_row(
    t: &entity::referral_transition::Model,
    staff_name: &str,
    portal: bool,
) -> (String, String, String, String) {
    let who = match t.actor_kind.as_str() {
        "staff" | "api" => staff_name.to_owned(),
        "employer" => "求人者（ポータル）".into(),
        _ => "システム".into(),
    };
    let change = match &t.from_state {
        Some(f) => format!("{} → {}", f.label(), t.to_state.label()),
        None => t.to_state.label().to_owned(),
    };
    (
        format::datetime(t.created_at),
        change,
        t.reason.clone(),
        if portal { String::new() } else { who },
    )
}

/// The result form's first values: the hire facts of the order version that was shown (its
/// contract term, weekly hours and hourly wage), and no result chosen — a wrong default here
/// would put a wrong figure into the annual report.
pub fn result_defaults(
    terms: Option<&crate::domain::job_order::JobOrderTerms>,
) -> tpl::ResultValues {
    use crate::domain::job_order::ContractTerm;
    let mut v = tpl::ResultValues {
        received_via: "fax".into(),
        indefinite: true,
        ..Default::default()
    };
    if let Some(t) = terms {
        if let ContractTerm::Fixed { months, .. } = t.contract {
            v.indefinite = false;
            v.contract_months = months.to_string();
        }
        v.weekly_hours = format!("{}", t.weekly_minutes as f64 / 60.0);
        v.hourly_yen = crate::domain::wage::hourly_equivalent_yen(t)
            .map(|h| format!("{}", h.floor()))
            .unwrap_or_default();
    }
    v
}

/// What the user typed, for the form shown again with its problems.
pub fn typed_result(i: &ResultInput) -> tpl::ResultValues {
    tpl::ResultValues {
        result: i.result.clone(),
        reason_code: i.reason_code.clone(),
        note: i.note.clone(),
        received_via: i.received_via.clone(),
        received_on: i.received_on.clone(),
        start_date: i.start_date.clone(),
        indefinite: i.indefinite.is_some(),
        contract_months: i.contract_months.clone(),
        weekly_hours: i.weekly_hours.clone(),
        hourly_yen: i.hourly_yen.clone(),
    }
}
