//! Referral (紹介) pages for staff and the 紹介状 PDF.
use crate::domain::states::{ReferralState, StateName};
use crate::error::AppResult;
use crate::present;
use crate::present::format::{self, opts};
use crate::present::job_order_sheet;
use crate::services::ServiceError;
use crate::services::referral_record;
use crate::services::referrals::{self, ReferralFilter, ReferralInput, ResultInput};
use crate::services::{audit, employers, job_orders, job_seekers};
use crate::state::AppState;
use crate::validation::FieldErrors;
use crate::web::session::Staff;
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
                let names = crate::web::order_form::names(state, &t).await?;
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
    crate::web::respond::after_post(
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

pub async fn show(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i32>,
    Query(q): Query<super::home::NoticeQuery>,
) -> AppResult<Response> {
    let r = referrals::get(&state.db, staff.office.id, id).await?;
    let v = present::referral::page(
        &referral_record::read(&state.db, staff.office.id, &r).await?,
        false,
    );
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
            let mut v = present::referral::page(
                &referral_record::read(&state.db, staff.office.id, &r).await?,
                false,
            );
            v.form = present::referral::typed_result(&i);
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
