//! An employer's portal accounts as staff manage them (invite, deactivate, activate), the
//! link requests, and merging a duplicate employer into this one.
use super::auth::notice_text;
use super::home::NoticeQuery;
use crate::error::AppResult;
use crate::present::format::{self};
use crate::services::ServiceError;
use crate::services::employers::{self, EmployerInput};
use crate::services::portal;
use crate::state::AppState;
use crate::validation::FieldErrors;
use crate::web::session::Staff;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use serde::Deserialize;
use templates::mail as tpl_mail;

#[derive(Deserialize, Default)]
pub struct MergeInput {
    #[serde(default)]
    merged_id: String,
    #[serde(default)]
    confirmed: Option<String>,
}

/// The employer's portal accounts, link requests, the invite form and the merge form.
async fn render_portal(
    state: &AppState,
    staff: &Staff,
    id: i32,
    invite: &portal::InviteInput,
    merged_id: &str,
    e: &FieldErrors,
    flash: Option<String>,
) -> AppResult<maud::Markup> {
    let m = employers::get(&state.db, staff.office.id, id).await?;
    let accounts: Vec<tpl_mail::AccountRow> = portal::accounts_of(&state.db, staff.office.id, id)
        .await?
        .into_iter()
        .map(|u| tpl_mail::AccountRow {
            id: u.id,
            state: match (u.active, u.email_confirmed_at.is_some()) {
                (false, _) => "停止中".into(),
                (true, true) => "利用中".into(),
                (true, false) => "招待中（パスワード未設定）".into(),
            },
            active: u.active,
            name: u.name,
            email: u.email,
        })
        .collect();
    let requests: Vec<tpl_mail::LinkRequestRow> =
        portal::link_requests(&state.db, staff.office.id, id)
            .await?
            .into_iter()
            .map(|r| tpl_mail::LinkRequestRow {
                name: r.name,
                email: r.email,
                phone: r.phone,
                at: format::datetime(r.created_at),
            })
            .collect();
    let candidates: Vec<(i32, String, String)> = employers::find_duplicates(
        &state.db,
        staff.office.id,
        &EmployerInput::from_model(&m),
        Some(id),
    )
    .await?
    .into_iter()
    .map(|d| {
        let detail = format!("{} {}", d.contact_phone, d.corporate_number);
        (d.id, d.name, detail.trim().to_owned())
    })
    .collect();
    // The first open request fills an empty invite form.
    let (email, name) = match (invite.email.is_empty(), requests.first()) {
        (true, Some(r)) => (r.email.clone(), r.name.clone()),
        _ => (invite.email.clone(), invite.name.clone()),
    };
    let mut ctx = staff.ctx("employers");
    ctx.flash = flash;
    Ok(tpl_mail::portal_accounts(
        &ctx,
        &tpl_mail::PortalAccounts {
            employer_id: id,
            employer_name: &m.name,
            accounts: &accounts,
            requests: &requests,
            invite_email: &email,
            invite_name: &name,
            candidates: &candidates,
            merged_id,
        },
        e.map(),
    ))
}

pub async fn portal_page(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i32>,
    Query(q): Query<NoticeQuery>,
) -> AppResult<Response> {
    let flash = match q.notice.as_deref() {
        Some("invited") => Some("招待メールを送信待ちに入れました。".to_owned()),
        Some("deactivated") => Some("アカウントの利用を停止しました。".to_owned()),
        Some("activated") => Some("アカウントの利用を再開しました。".to_owned()),
        Some("merged") => Some("求人者を統合しました。".to_owned()),
        other => notice_text(other),
    };
    Ok(render_portal(
        &state,
        &staff,
        id,
        &Default::default(),
        "",
        &FieldErrors::new(),
        flash,
    )
    .await?
    .into_response())
}

pub async fn invite(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i32>,
    Form(i): Form<portal::InviteInput>,
) -> AppResult<Response> {
    crate::web::respond::after_post(
        portal::invite(&state.db, &staff.actor(), staff.office.id, id, &i).await,
        |_| format!("/employers/{id}/portal?notice=invited"),
        |e| async move { render_portal(&state, &staff, id, &i, "", &e, None).await },
    )
    .await
}

/// Stop or resume one portal account of the employer.
async fn set_user_active(
    state: &AppState,
    staff: &Staff,
    (id, user_id): (i32, i32),
    active: bool,
) -> AppResult<Response> {
    portal::set_active(
        &state.db,
        &staff.actor(),
        staff.office.id,
        id,
        user_id,
        active,
    )
    .await?;
    let notice = if active { "activated" } else { "deactivated" };
    Ok(Redirect::to(&format!("/employers/{id}/portal?notice={notice}")).into_response())
}

pub async fn deactivate_user(
    State(state): State<AppState>,
    staff: Staff,
    Path(ids): Path<(i32, i32)>,
) -> AppResult<Response> {
    set_user_active(&state, &staff, ids, false).await
}

pub async fn activate_user(
    State(state): State<AppState>,
    staff: Staff,
    Path(ids): Path<(i32, i32)>,
) -> AppResult<Response> {
    set_user_active(&state, &staff, ids, true).await
}

pub async fn merge(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i32>,
    Form(i): Form<MergeInput>,
) -> AppResult<Response> {
    let result = match (i.merged_id.trim().parse::<i32>(), i.confirmed.is_some()) {
        (Ok(other), true) => {
            employers::merge(&state.db, &staff.actor(), staff.office.id, id, other).await
        }
        (parsed, confirmed) => {
            let mut e = FieldErrors::new();
            if parsed.is_err() {
                e.add("merged_id", "統合する求人者の番号を数字で入力してください");
            }
            if !confirmed {
                e.add(
                    "confirmed",
                    "元に戻せないことを確認し、チェックを入れてください",
                );
            }
            Err(ServiceError::Invalid(e))
        }
    };
    let merged_id = i.merged_id.clone();
    crate::web::respond::after_post(
        result,
        |_| format!("/employers/{id}/portal?notice=merged"),
        |e| async move {
            render_portal(
                &state,
                &staff,
                id,
                &Default::default(),
                &merged_id,
                &e,
                None,
            )
            .await
        },
    )
    .await
}
