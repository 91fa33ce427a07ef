//! Referral (紹介) pages for staff, the 紹介状 PDF, and the employer's side in the portal.
use super::session::{PortalUser, Staff};
use crate::domain::referral::NOT_HIRED_REASONS;
use crate::domain::states::{ReferralState, StateName};
use crate::error::{AppError, AppResult};
use crate::present::format::{self, opts};
use crate::present::job_order_sheet;
use crate::services::ServiceError;
use crate::services::referrals::{self, RECEIVED_VIA, ReferralFilter, ReferralInput, ResultInput};
use crate::services::{audit, employers, job_orders, job_seekers};
use crate::state::AppState;
use crate::validation::FieldErrors;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use serde::Deserialize;
use templates::seekers as tpl;

const METHODS: &[(&str, &str)] = &[("written", "書面"), ("email", "電子メール")];

#[derive(Deserialize)]
pub struct NewQuery {
    job_seeker_id: i32,
    job_order_id: i32,
}

async fn render_new(
    state: &AppState,
    staff: &Staff,
    input: &ReferralInput,
    e: &FieldErrors,
) -> AppResult<maud::Markup> {
    let seeker = job_seekers::get(&state.db, staff.office.id, input.job_seeker_id).await?;
    let order = job_orders::get(&state.db, staff.office.id, input.job_order_id).await?;
    let employer = employers::get(&state.db, staff.office.id, order.employer_id).await?;
    let (version, conditions) =
        match job_orders::accepted_terms(&state.db, staff.office.id, order.id).await? {
            Some((v, t)) => {
                let names = super::job_orders::names(state, &t).await?;
                (
                    v.version,
                    job_order_sheet::sections(&t, &names)
                        .into_iter()
                        .map(|s| {
                            (
                                s.title.to_owned(),
                                s.rows.into_iter().map(|(k, v)| (k.to_owned(), v)).collect(),
                            )
                        })
                        .collect(),
                )
            }
            None => (0, Vec::new()),
        };
    let methods = opts(METHODS);
    let today = format::today().to_string();
    let f = tpl::ReferralForm {
        job_order_id: order.id,
        job_seeker_id: seeker.id,
        seeker: &format!("{} {}", seeker.number, seeker.name),
        order: &format!(
            "{} {}（{}）",
            order.number.clone().unwrap_or_default(),
            order.occupation_title,
            employer.name
        ),
        conditions,
        version,
        shown_on: if input.conditions_shown_on.is_empty() {
            &today
        } else {
            &input.conditions_shown_on
        },
        method: if input.conditions_shown_method.is_empty() {
            "written"
        } else {
            &input.conditions_shown_method
        },
        interview: &input.interview,
        documents: &input.documents,
        methods: &methods,
    };
    Ok(tpl::referral_form(&staff.ctx("seekers"), &f, e.map()))
}

/// The referral form; every check is run at once and shown before anything is saved.
pub async fn new(
    State(state): State<AppState>,
    staff: Staff,
    Query(q): Query<NewQuery>,
) -> AppResult<Response> {
    let input = ReferralInput {
        job_seeker_id: q.job_seeker_id,
        job_order_id: q.job_order_id,
        conditions_shown_method: "written".into(),
        ..Default::default()
    };
    let e = referrals::check(&state.db, staff.office.id, &input, format::today()).await?;
    Ok(render_new(&state, &staff, &input, &e)
        .await?
        .into_response())
}

pub async fn create(
    State(state): State<AppState>,
    staff: Staff,
    Form(input): Form<ReferralInput>,
) -> AppResult<Response> {
    super::after_post(
        referrals::create(
            &state.db,
            &staff.actor(),
            staff.office.id,
            &input,
            format::today(),
        )
        .await,
        |r| format!("/referrals/{}?notice=created", r.id),
        |e| async move { render_new(&state, &staff, &input, &e).await },
    )
    .await
}

async fn referral_view(
    state: &AppState,
    office_id: i32,
    r: &entity::referral::Model,
    portal: bool,
) -> AppResult<tpl::ReferralView> {
    let seeker = job_seekers::get(&state.db, office_id, r.job_seeker_id).await?;
    let order = job_orders::get(&state.db, office_id, r.job_order_id).await?;
    let employer = employers::get(&state.db, office_id, r.employer_id).await?;
    let seeker_text = format!("{} {}（{}）", seeker.number, seeker.name, seeker.name_kana);
    let order_text = format!(
        "{} {}（第{}版を明示）",
        order.number.clone().unwrap_or_default(),
        order.occupation_title,
        r.job_order_version
    );
    // Staff follow each record from here; the portal only to its own order.
    let links = if portal {
        vec![(
            "求人".to_owned(),
            order_text.clone(),
            format!("/portal/job-orders/{}", order.id),
        )]
    } else {
        vec![
            (
                "求職者".to_owned(),
                seeker_text.clone(),
                format!("/job-seekers/{}", seeker.id),
            ),
            (
                "求人".to_owned(),
                order_text,
                format!("/job-orders/{}", order.id),
            ),
            (
                "求人者".to_owned(),
                employer.name.clone(),
                format!("/employers/{}", employer.id),
            ),
        ]
    };
    let mut facts = vec![
        ("紹介番号".to_owned(), r.number.clone()),
        ("紹介日".to_owned(), format::date(r.referred_on)),
    ];
    if portal {
        facts.push(("求職者".to_owned(), seeker_text));
        facts.push(("求人者".to_owned(), employer.name.clone()));
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
    let mut transitions = Vec::new();
    for t in referrals::transitions(&state.db, r.id).await? {
        let who = match t.actor_kind.as_str() {
            "staff" | "api" => match t.actor_id {
                Some(id) => crate::services::staff_users::get_in_office(&state.db, office_id, id)
                    .await
                    .map(|u| u.name)
                    .unwrap_or_default(),
                None => String::new(),
            },
            "employer" => "求人者（ポータル）".into(),
            _ => "システム".into(),
        };
        let change = match &t.from_state {
            Some(f) => format!("{} → {}", f.label(), t.to_state.label()),
            None => t.to_state.label().to_owned(),
        };
        transitions.push((
            format::datetime(t.created_at),
            change,
            t.reason,
            if portal { String::new() } else { who },
        ));
    }
    let terms = job_orders::versions(&state.db, office_id, order.id)
        .await?
        .into_iter()
        .find(|(v, _)| v.version == r.job_order_version)
        .map(|(_, t)| t);
    let form = result_defaults(terms.as_ref());
    let choices = ReferralState::choices();
    let results = if portal {
        opts(&choices[1..4])
    } else {
        opts(&choices[1..])
    };
    Ok(tpl::ReferralView {
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
    })
}

pub async fn show(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i32>,
    Query(q): Query<super::home::NoticeQuery>,
) -> AppResult<Response> {
    let r = referrals::get(&state.db, staff.office.id, id).await?;
    let v = referral_view(&state, staff.office.id, &r, false).await?;
    let mut ctx = staff.ctx("seekers");
    ctx.flash = match q.notice.as_deref() {
        Some("created") => Some("紹介しました。紹介状を印刷してお渡しください。".into()),
        Some("recorded") => Some("選考結果を記録しました。".into()),
        _ => None,
    };
    audit::record(
        &state.db,
        &staff.actor(),
        None,
        "view",
        "referral",
        Some(id.to_string()),
        "紹介を閲覧",
    )
    .await?;
    Ok(tpl::referral(&ctx, &v, &Default::default()).into_response())
}

pub async fn record_result(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i32>,
    Form(i): Form<ResultInput>,
) -> AppResult<Response> {
    match referrals::record_result(
        &state.db,
        &staff.actor(),
        staff.office.id,
        id,
        &i,
        format::today(),
    )
    .await
    {
        Ok(_) => Ok(Redirect::to(&format!("/referrals/{id}?notice=recorded")).into_response()),
        Err(ServiceError::Invalid(e)) => {
            let r = referrals::get(&state.db, staff.office.id, id).await?;
            let mut v = referral_view(&state, staff.office.id, &r, false).await?;
            v.form = typed_result(&i);
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                tpl::referral(&staff.ctx("seekers"), &v, e.map()),
            )
                .into_response())
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn clear_flag(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i32>,
) -> AppResult<Response> {
    referrals::clear_flag(&state.db, &staff.actor(), staff.office.id, id).await?;
    Ok(Redirect::to(&format!("/referrals/{id}")).into_response())
}

pub async fn list(
    State(state): State<AppState>,
    staff: Staff,
    Query(f): Query<ReferralFilter>,
) -> AppResult<Response> {
    let rows: Vec<tpl::RefRow> = referrals::list(&state.db, staff.office.id, &f, format::today())
        .await?
        .into_iter()
        .map(|r| tpl::RefRow {
            id: r.referral.id,
            number: r.referral.number.clone(),
            date: format::date(r.referral.referred_on),
            seeker: format!("{} {}", r.seeker_number, r.seeker_name),
            job: format!(
                "{} {}（{}）",
                r.order_number, r.order_title, r.employer_name
            ),
            state: r.referral.state.label().to_owned(),
            flagged: r.referral.flagged,
        })
        .collect();
    let states = opts(&ReferralState::choices());
    Ok(tpl::referrals(
        &staff.ctx("seekers"),
        "紹介の一覧",
        &rows,
        Some((&f.state, &states)),
        false,
    )
    .into_response())
}

/// The 紹介状 (letter + 選考結果通知, and the conditions shown) as PDF.
pub async fn letter_pdf(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i32>,
) -> AppResult<Response> {
    let record = referrals::letter_record(&state.db, staff.office.id, id).await?;
    let mut data = crate::present::referral_letter::letter_data(&record, &staff.user.name);
    data.portal_url = Some(format!("{}/portal", state.settings.base_url));
    let number = data.referral_number.clone();
    let bytes = crate::pdf::render_blocking(state.fonts.clone(), move |f| {
        crate::pdf::referral_letter::render(&data, f)
    })
    .await?;
    audit::record(
        &state.db,
        &staff.actor(),
        None,
        "print",
        "referral",
        Some(id.to_string()),
        "紹介状を印刷",
    )
    .await?;
    Ok((
        [
            (
                axum::http::header::CONTENT_TYPE,
                "application/pdf".to_owned(),
            ),
            (
                axum::http::header::CONTENT_DISPOSITION,
                format!("inline; filename=\"shokaijo-{number}.pdf\""),
            ),
        ],
        bytes,
    )
        .into_response())
}

/// One of the portal employer's referrals, or not found.
async fn own_referral(
    state: &AppState,
    pu: &PortalUser,
    id: i32,
) -> AppResult<entity::referral::Model> {
    let r = referrals::get(&state.db, pu.office.id, id).await?;
    if r.employer_id != pu.employer.id {
        return Err(AppError::NotFound);
    }
    Ok(r)
}

#[derive(serde::Deserialize, Default)]
pub struct PortalListQuery {
    /// One of the employer's orders (the employer filter keeps it to their own).
    #[serde(default)]
    order: Option<i32>,
    #[serde(default)]
    notice: Option<String>,
}

pub async fn portal_list(
    State(state): State<AppState>,
    pu: PortalUser,
    Query(q): Query<PortalListQuery>,
) -> AppResult<Response> {
    let f = ReferralFilter {
        employer_id: Some(pu.employer.id),
        job_order_id: q.order,
        ..Default::default()
    };
    let rows: Vec<tpl::RefRow> = referrals::list(&state.db, pu.office.id, &f, format::today())
        .await?
        .into_iter()
        .map(|r| tpl::RefRow {
            id: r.referral.id,
            number: r.referral.number.clone(),
            date: format::date(r.referral.referred_on),
            seeker: r.seeker_name,
            job: format!("{} {}", r.order_number, r.order_title),
            state: r.referral.state.label().to_owned(),
            flagged: false,
        })
        .collect();
    let mut ctx = pu.ctx("portal_referrals");
    if q.notice.as_deref() == Some("result") {
        ctx.flash =
            Some("選考結果を登録しました。紹介所に届きました。ご協力ありがとうございます。".into());
    }
    Ok(tpl::referrals(&ctx, "紹介された方", &rows, None, true).into_response())
}

pub async fn portal_show(
    State(state): State<AppState>,
    pu: PortalUser,
    Path(id): Path<i32>,
) -> AppResult<Response> {
    let r = own_referral(&state, &pu, id).await?;
    let v = referral_view(&state, pu.office.id, &r, true).await?;
    Ok(tpl::referral(&pu.ctx("portal_referrals"), &v, &Default::default()).into_response())
}

pub async fn portal_result(
    State(state): State<AppState>,
    pu: PortalUser,
    Path(id): Path<i32>,
    Form(mut i): Form<ResultInput>,
) -> AppResult<Response> {
    let r = own_referral(&state, &pu, id).await?;
    i.received_via = "portal".into();
    i.received_on = String::new();
    if i.result == "cancelled" {
        i.result = String::new();
    }
    match referrals::record_result(
        &state.db,
        &pu.actor(),
        pu.office.id,
        id,
        &i,
        format::today(),
    )
    .await
    {
        Ok(_) => Ok(Redirect::to("/portal/referrals?notice=result").into_response()),
        Err(ServiceError::Invalid(e)) => {
            let mut v = referral_view(&state, pu.office.id, &r, true).await?;
            v.form = typed_result(&i);
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                tpl::referral(&pu.ctx("portal_referrals"), &v, e.map()),
            )
                .into_response())
        }
        Err(e) => Err(e.into()),
    }
}

/// The result form's first values: the hire facts of the order version that was shown (its
/// contract term, weekly hours and hourly wage), and no result chosen — a wrong default here
/// would put a wrong figure into the annual report.
fn result_defaults(terms: Option<&crate::domain::job_order::JobOrderTerms>) -> tpl::ResultValues {
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
fn typed_result(i: &ResultInput) -> tpl::ResultValues {
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
