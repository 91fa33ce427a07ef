//! The employers' portal: the referrals made to the employer and their selection results.
use crate::domain::states::StateName;
use crate::error::{AppError, AppResult};
use crate::present;
use crate::present::format;
use crate::services::ServiceError;
use crate::services::referral_record;
use crate::services::referrals::{self, ReferralFilter, ResultInput};
use crate::state::AppState;
use crate::web::session::PortalUser;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use templates::seekers as tpl;

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

pub async fn list(
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

pub async fn show(
    State(state): State<AppState>,
    pu: PortalUser,
    Path(id): Path<i32>,
) -> AppResult<Response> {
    let r = own_referral(&state, &pu, id).await?;
    let v = present::referral::page(
        &referral_record::read(&state.db, pu.office.id, &r).await?,
        true,
    );
    Ok(tpl::referral(&pu.ctx("portal_referrals"), &v, &Default::default()).into_response())
}

pub async fn record_result(
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
            let mut v = present::referral::page(
                &referral_record::read(&state.db, pu.office.id, &r).await?,
                true,
            );
            v.form = present::referral::typed_result(&i);
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                tpl::referral(&pu.ctx("portal_referrals"), &v, e.map()),
            )
                .into_response())
        }
        Err(e) => Err(e.into()),
    }
}
