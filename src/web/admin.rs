//! Admin pages: office settings, staff accounts, the audit log, reference data.
use super::auth::{notice_text, office_choices};
use super::home::NoticeQuery;
use super::session::{Admin, SystemAdmin};
use crate::domain::{accounts::Role, fiscal_year};
use crate::error::{AppError, AppResult};
use crate::present::format;
use crate::services::ServiceError;
use crate::services::offices::OfficeInput;
use crate::services::staff_users::{NewStaffUser, StaffUserUpdate};
use crate::services::{audit, offices, refdata, staff_users};
use crate::state::AppState;
use crate::validation::FieldErrors;
use axum::Form;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use templates::pages;

pub async fn home(Admin(staff): Admin) -> AppResult<Response> {
    let v = pages::AdminHome {
        office_name: staff.office.name.clone(),
        scope: staff.office.scope_of_handling.clone(),
    };
    Ok(pages::admin_home(&staff.ctx("admin"), &v).into_response())
}

pub fn office_form_view<'a>(
    o: &'a OfficeInput,
    prefectures: &'a [(String, String)],
    rules: &'a [(String, String)],
) -> pages::OfficeForm<'a> {
    pages::OfficeForm {
        code: &o.code,
        name: &o.name,
        municipality: &o.municipality,
        prefecture_code: &o.prefecture_code,
        postal_code: &o.postal_code,
        address: &o.address,
        phone: &o.phone,
        fax: &o.fax,
        email: &o.email,
        population: &o.population,
        scope_of_handling: &o.scope_of_handling,
        complaint_handling: &o.complaint_handling,
        privacy_policy: &o.privacy_policy,
        validity_rule: &o.validity_rule,
        excluded_occupations: &o.excluded_occupations,
        result_reminder_days: &o.result_reminder_days,
        letter_shows_birth_and_address: o.letter_shows_birth_and_address.is_some(),
        retention_years: &o.retention_years,
        prefectures,
        validity_rules: rules,
    }
}

async fn render_office(
    state: &AppState,
    staff: &super::session::Staff,
    input: &OfficeInput,
    errors: &FieldErrors,
    flash: Option<String>,
) -> AppResult<maud::Markup> {
    let (prefs, rules) = office_choices(state).await?;
    let mut ctx = staff.ctx("admin");
    ctx.flash = flash;
    Ok(pages::office_settings(
        &ctx,
        &office_form_view(input, &prefs, &rules),
        errors.map(),
    ))
}

pub async fn office_form(
    State(state): State<AppState>,
    Admin(staff): Admin,
    Query(q): Query<NoticeQuery>,
) -> AppResult<Response> {
    let input = OfficeInput::from_model(&staff.office);
    Ok(render_office(
        &state,
        &staff,
        &input,
        &FieldErrors::new(),
        notice_text(q.notice.as_deref()),
    )
    .await?
    .into_response())
}

pub async fn office_save(
    State(state): State<AppState>,
    Admin(staff): Admin,
    Form(input): Form<OfficeInput>,
) -> AppResult<Response> {
    super::after_post(
        offices::update(&state.db, &staff.actor(), staff.office.id, &input).await,
        |_| "/admin/office?notice=saved".to_string(),
        |e| async move { render_office(&state, &staff, &input, &e, None).await },
    )
    .await
}

/// The roles offered on the admin pages; システム管理者 only shown for a user who has it
/// (it is granted by the CLI).
fn role_options_for(current: &str) -> Vec<(String, String)> {
    Role::ALL
        .iter()
        .filter(|r| Role::OFFICE.contains(r) || r.code() == current)
        .map(|r| (r.code().to_owned(), r.label().to_owned()))
        .collect()
}

fn role_options() -> Vec<(String, String)> {
    role_options_for("")
}

pub async fn users(
    State(state): State<AppState>,
    Admin(staff): Admin,
    Query(q): Query<NoticeQuery>,
) -> AppResult<Response> {
    let rows: Vec<pages::UserRow> = staff_users::list(&state.db, staff.office.id)
        .await?
        .into_iter()
        .map(|u| pages::UserRow {
            id: u.id,
            role: Role::parse(&u.role)
                .map(Role::label)
                .unwrap_or("")
                .to_owned(),
            name: u.name,
            email: u.email,
            active: u.active,
        })
        .collect();
    let mut ctx = staff.ctx("admin");
    ctx.flash = notice_text(q.notice.as_deref());
    Ok(pages::users(&ctx, &rows).into_response())
}

pub async fn user_new(Admin(staff): Admin) -> AppResult<Response> {
    let roles = role_options();
    let f = pages::UserForm {
        id: None,
        name: "",
        email: "",
        role: "staff",
        active: true,
        roles: &roles,
    };
    Ok(pages::user_form(&staff.ctx("admin"), &f, &Default::default()).into_response())
}

pub async fn user_create(
    State(state): State<AppState>,
    Admin(staff): Admin,
    Form(input): Form<NewStaffUser>,
) -> AppResult<Response> {
    match staff_users::create(&state.db, &staff.actor(), staff.office.id, &input).await {
        Ok(_) => Ok(Redirect::to("/admin/users?notice=created").into_response()),
        Err(ServiceError::Invalid(e)) => {
            let roles = role_options();
            let f = pages::UserForm {
                id: None,
                name: &input.name,
                email: &input.email,
                role: &input.role,
                active: true,
                roles: &roles,
            };
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                pages::user_form(&staff.ctx("admin"), &f, e.map()),
            )
                .into_response())
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn user_edit(
    State(state): State<AppState>,
    Admin(staff): Admin,
    Path(id): Path<i32>,
) -> AppResult<Response> {
    let user = staff_users::get_in_office(&state.db, staff.office.id, id).await?;
    audit::record(
        &state.db,
        &staff.actor(),
        None,
        "view",
        "staff_user",
        Some(user.id.to_string()),
        "職員アカウントを閲覧",
    )
    .await?;
    let roles = role_options_for(&user.role);
    let f = pages::UserForm {
        id: Some(user.id),
        name: &user.name,
        email: &user.email,
        role: &user.role,
        active: user.active,
        roles: &roles,
    };
    Ok(pages::user_form(&staff.ctx("admin"), &f, &Default::default()).into_response())
}

pub async fn user_update(
    State(state): State<AppState>,
    Admin(staff): Admin,
    Path(id): Path<i32>,
    Form(input): Form<StaffUserUpdate>,
) -> AppResult<Response> {
    match staff_users::update(&state.db, &staff.actor(), staff.office.id, id, &input).await {
        Ok(_) => Ok(Redirect::to("/admin/users?notice=saved").into_response()),
        Err(ServiceError::Invalid(e)) => {
            let user = staff_users::get_in_office(&state.db, staff.office.id, id).await?;
            let roles = role_options_for(&user.role);
            let f = pages::UserForm {
                id: Some(id),
                name: &input.name,
                email: &user.email,
                role: &input.role,
                active: input.active.is_some(),
                roles: &roles,
            };
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                pages::user_form(&staff.ctx("admin"), &f, e.map()),
            )
                .into_response())
        }
        Err(e) => Err(e.into()),
    }
}

pub fn action_label(a: &str) -> &str {
    match a {
        "create" => "作成",
        "update" => "変更",
        "delete" => "削除",
        "view" => "閲覧",
        "sign_in" => "ログイン",
        "sign_out" => "ログアウト",
        "sign_in_failed" => "ログイン失敗",
        "import" => "取込",
        "confirm" => "確認",
        "revoke" => "失効",
        "submit" => "申込み",
        "accept" => "受理",
        "reject" => "不受理",
        "close" => "終了",
        "extend" => "延長",
        "expire" => "期限切れ",
        "print" => "印刷",
        "notify" => "通知",
        other => other,
    }
}

pub fn entity_label(t: &str) -> &str {
    match t {
        "office" => "紹介所",
        "staff_user" => "職員",
        "api_token" => "APIトークン",
        "minimum_wage" => "最低賃金",
        "employer" => "求人者",
        "employer_contact" => "求人者連絡記録",
        "employer_user" => "求人者ポータル利用者",
        "job_order" => "求人",
        "job_order_version" => "求人（受理版）",
        other => other,
    }
}

pub fn audit_rows(entries: impl IntoIterator<Item = audit::AuditEntry>) -> Vec<pages::AuditRow> {
    entries
        .into_iter()
        .map(|e| pages::AuditRow {
            at: format::datetime(e.log.created_at),
            actor: match (e.actor_name, e.log.actor_kind.as_str()) {
                (Some(n), "api") => format!("{n}（API）"),
                (Some(n), _) => n,
                (None, "cli") => "コマンド".into(),
                (None, "employer") => "求人者（ポータル）".into(),
                (None, "anonymous") => "公開フォーム".into(),
                (None, _) => "システム".into(),
            },
            action: action_label(&e.log.action).to_owned(),
            entity: format!(
                "{}{}",
                entity_label(&e.log.entity_type),
                e.log
                    .entity_id
                    .map(|i| format!(" #{i}"))
                    .unwrap_or_default()
            ),
            summary: e.log.summary,
        })
        .collect()
}

pub async fn audit(
    State(state): State<AppState>,
    Admin(staff): Admin,
    Query(f): Query<audit::AuditFilter>,
) -> AppResult<Response> {
    let page = audit::list(&state.db, staff.office.id, &f).await?;
    let actors: Vec<(String, String)> = staff_users::list(&state.db, staff.office.id)
        .await?
        .into_iter()
        .map(|u| (u.id.to_string(), u.name))
        .collect();
    let actions: Vec<(String, String)> = [
        "create",
        "update",
        "view",
        "sign_in",
        "sign_out",
        "sign_in_failed",
        "import",
        "confirm",
        "revoke",
        "submit",
        "accept",
        "reject",
        "close",
        "extend",
        "expire",
        "print",
        "notify",
    ]
    .iter()
    .map(|a| (a.to_string(), action_label(a).to_owned()))
    .collect();
    let types: Vec<(String, String)> = [
        "office",
        "staff_user",
        "api_token",
        "minimum_wage",
        "employer",
        "employer_contact",
        "employer_user",
        "job_order",
        "job_order_version",
    ]
    .iter()
    .map(|t| (t.to_string(), entity_label(t).to_owned()))
    .collect();
    let s = |v: &Option<String>| v.clone().unwrap_or_default();
    let (actor_id, action, entity_type, entity_id, from, to) = (
        s(&f.actor_id),
        s(&f.action),
        s(&f.entity_type),
        s(&f.entity_id),
        s(&f.from),
        s(&f.to),
    );
    let query = serde_urlencoded::to_string([
        ("actor_id", &actor_id),
        ("action", &action),
        ("entity_type", &entity_type),
        ("entity_id", &entity_id),
        ("from", &from),
        ("to", &to),
    ])
    .unwrap_or_default();
    let fv = pages::AuditFilterView {
        actor_id: &actor_id,
        action: &action,
        entity_type: &entity_type,
        entity_id: &entity_id,
        from: &from,
        to: &to,
        actors: &actors,
        actions: &actions,
        entity_types: &types,
    };
    let rows = audit_rows(page.entries);
    Ok(pages::audit(
        &staff.ctx("admin"),
        &fv,
        &rows,
        page.total,
        page.page,
        page.pages,
        &query,
    )
    .into_response())
}

async fn render_refdata(
    state: &AppState,
    staff: &super::session::Staff,
    errors: &FieldErrors,
    flash: Option<String>,
) -> AppResult<maud::Markup> {
    let prefs: std::collections::HashMap<String, String> = refdata::prefectures(&state.db)
        .await?
        .into_iter()
        .map(|p| (p.code, p.name))
        .collect();
    let mut years: Vec<pages::WageYear> = Vec::new();
    for w in refdata::minimum_wages(&state.db).await? {
        if years.last().is_none_or(|y| y.fiscal_year != w.fiscal_year) {
            years.push(pages::WageYear {
                fiscal_year: w.fiscal_year,
                label: fiscal_year::format_fiscal_year(w.fiscal_year),
                verified: true,
                rows: Vec::new(),
            });
        }
        let y = years.last_mut().expect("pushed above");
        y.verified &= w.verified;
        y.rows.push(pages::WageRow {
            prefecture: prefs
                .get(&w.prefecture_code)
                .cloned()
                .unwrap_or(w.prefecture_code),
            hourly: format::yen(w.hourly_yen.into()),
            effective: format::date(w.effective_date),
            verified: w.verified,
        });
    }
    let counts = vec![
        ("都道府県".to_owned(), prefs.len() as u64),
        (
            "職業分類（2022年改定）".to_owned(),
            refdata::occupation_count(&state.db, "2022").await?,
        ),
        (
            "職業分類（2011年改定）".to_owned(),
            refdata::occupation_count(&state.db, "2011").await?,
        ),
    ];
    let mut ctx = staff.ctx("admin");
    ctx.flash = flash;
    Ok(pages::refdata(
        &ctx,
        &years,
        &counts,
        staff.is_system_admin(),
        errors.map(),
    ))
}

pub async fn refdata(
    State(state): State<AppState>,
    Admin(staff): Admin,
    Query(q): Query<NoticeQuery>,
) -> AppResult<Response> {
    Ok(render_refdata(
        &state,
        &staff,
        &FieldErrors::new(),
        notice_text(q.notice.as_deref()),
    )
    .await?
    .into_response())
}

/// Import a minimum-wage CSV: deployment-level data, so システム管理者 only (office admins get
/// 403; the CLI can always load the bundled tables).
pub async fn import_wages(
    State(state): State<AppState>,
    SystemAdmin(staff): SystemAdmin,
    mut multipart: Multipart,
) -> AppResult<Response> {
    let mut bytes = Vec::new();
    while let Ok(Some(field)) = multipart.next_field().await {
        if field.name() == Some("file") {
            bytes = field
                .bytes()
                .await
                .map_err(|_| AppError::BadRequest("ファイルを読み込めませんでした。".into()))?
                .to_vec();
        }
    }
    let result = if bytes.is_empty() {
        let mut e = FieldErrors::new();
        e.add("file", "CSVファイルを選択してください");
        Err(ServiceError::Invalid(e))
    } else {
        refdata::import_minimum_wages(&state.db, &staff.actor(), &bytes).await
    };
    match result {
        Ok(r) => {
            let msg = format!(
                "取り込みました（追加 {}件、訂正 {}件）。",
                r.inserted, r.updated
            );
            Ok(
                render_refdata(&state, &staff, &FieldErrors::new(), Some(msg))
                    .await?
                    .into_response(),
            )
        }
        Err(ServiceError::Invalid(e)) => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            render_refdata(&state, &staff, &e, None).await?,
        )
            .into_response()),
        Err(e) => Err(e.into()),
    }
}

pub async fn confirm_wages(
    State(state): State<AppState>,
    SystemAdmin(staff): SystemAdmin,
    Path(fy): Path<i32>,
) -> AppResult<Response> {
    refdata::confirm_fiscal_year(&state.db, &staff.actor(), fy).await?;
    Ok(Redirect::to("/admin/refdata?notice=confirmed").into_response())
}

// ---- The mail queue (送信待ち・送信失敗・送信済み) -------------------------------------------

#[derive(serde::Deserialize, Default)]
pub struct MailQuery {
    #[serde(default)]
    status: String,
    #[serde(default)]
    notice: Option<String>,
}

pub async fn mail_queue(
    State(state): State<AppState>,
    Admin(staff): Admin,
    Query(q): Query<MailQuery>,
) -> AppResult<Response> {
    let status = match q.status.as_str() {
        "failed" | "sent" => q.status.as_str(),
        _ => "pending",
    };
    let counts = crate::services::outbox::counts(&state.db, staff.office.id).await?;
    let rows: Vec<templates::mail::QueueRow> =
        crate::services::outbox::list(&state.db, staff.office.id, status)
            .await?
            .into_iter()
            .map(|i| templates::mail::QueueRow {
                id: i.row.id,
                created: format::datetime(i.row.created_at),
                kind: crate::services::outbox::kind_label(&i.row.kind).to_owned(),
                subject: i.row.subject,
                recipients: i.recipients,
                attempts: i.row.attempts,
                next: format::datetime(i.row.next_attempt_at),
                sent: i.row.sent_at.map(format::datetime).unwrap_or_default(),
                error: i.row.last_error.unwrap_or_default(),
            })
            .collect();
    let mut ctx = staff.ctx("admin");
    if q.notice.as_deref() == Some("resent") {
        ctx.flash = Some("送信待ちに戻しました。まもなく送信されます。".into());
    }
    Ok(templates::mail::mail_queue(
        &ctx,
        counts,
        status,
        &rows,
        crate::services::outbox::MAX_ATTEMPTS,
    )
    .into_response())
}

pub async fn mail_resend(
    State(state): State<AppState>,
    Admin(staff): Admin,
    Path(id): Path<i32>,
) -> AppResult<Response> {
    crate::services::outbox::resend(&state.db, &staff.actor(), staff.office.id, id).await?;
    Ok(Redirect::to("/admin/mail?status=pending&notice=resent").into_response())
}
