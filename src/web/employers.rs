//! Staff pages for employers (求人者).
use super::auth::notice_text;
use super::home::NoticeQuery;
use super::session::Staff;
use crate::domain::states::{EmployerStatus, StateName};
use crate::error::AppResult;
use crate::present::format::{self, opts};
use crate::services::ServiceError;
use crate::services::employers::{self, ContactInput, EmployerFilter, EmployerInput, StatusInput};
use crate::services::{audit, job_orders, refdata};
use crate::state::AppState;
use crate::validation::FieldErrors;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use entity::employer;
use templates::employers as tpl;

pub fn badges(m: &employer::Model, today: chrono::NaiveDate) -> Vec<(String, &'static str)> {
    let mut b = Vec::new();
    if m.status == EmployerStatus::Pending {
        b.push(("確認待ち".to_owned(), "warn"));
    }
    if employers::rejected_on(m, today) {
        b.push(("不受理".to_owned(), "err"));
    }
    if m.labor_dispute {
        b.push(("労働争議".to_owned(), "err"));
    }
    if employers::is_specified_workplace(m) {
        b.push(("特定適用事業所".to_owned(), "info"));
    }
    b
}

pub async fn list(
    State(state): State<AppState>,
    staff: Staff,
    Query(f): Query<EmployerFilter>,
) -> AppResult<Response> {
    let page = employers::list(&state.db, staff.office.id, &f).await?;
    let today = format::today();
    let rows: Vec<tpl::EmployerRow> = page
        .rows
        .iter()
        .map(|m| tpl::EmployerRow {
            id: m.id,
            name: m.name.clone(),
            name_kana: m.name_kana.clone(),
            municipality: m.municipality.clone(),
            contact: format!("{} {}", m.contact_name, m.contact_phone),
            badges: badges(m, today),
        })
        .collect();
    let statuses = opts(&[
        ("pending", "確認待ち"),
        ("rejected", "不受理あり"),
        ("dispute", "労働争議"),
    ]);
    let coops = opts(employers::COOPERATION);
    let query = serde_urlencoded::to_string([
        ("q", &f.q),
        ("status", &f.status),
        ("cooperation", &f.cooperation),
    ])
    .unwrap_or_default();
    let lf = tpl::ListFilter {
        q: &f.q,
        status: &f.status,
        cooperation: &f.cooperation,
        statuses: &statuses,
        cooperations: &coops,
    };
    let mut ctx = staff.ctx("employers");
    ctx.flash = None;
    Ok(tpl::list(&ctx, &lf, &rows, page.total, page.page, page.pages, &query).into_response())
}

async fn render_form(
    state: &AppState,
    staff: &Staff,
    title: &str,
    action: String,
    i: &EmployerInput,
    duplicates: &[employer::Model],
    errors: &FieldErrors,
) -> AppResult<maud::Markup> {
    let prefectures = refdata::prefecture_options(&state.db).await?;
    let industries = refdata::industry_options(&state.db).await?;
    let coops = opts(employers::COOPERATION);
    let f = employer_form_view(i, action, &prefectures, &industries, &coops, duplicates);
    Ok(tpl::form(&staff.ctx("employers"), title, &f, errors.map()))
}

pub async fn new(State(state): State<AppState>, staff: Staff) -> AppResult<Response> {
    let i = EmployerInput {
        prefecture_code: staff.office.prefecture_code.clone(),
        municipality: staff.office.municipality.clone(),
        ..Default::default()
    };
    Ok(render_form(
        &state,
        &staff,
        "求人者の登録",
        "/employers".into(),
        &i,
        &[],
        &FieldErrors::new(),
    )
    .await?
    .into_response())
}

pub async fn create(
    State(state): State<AppState>,
    staff: Staff,
    Form(i): Form<EmployerInput>,
) -> AppResult<Response> {
    let duplicates = if i.allow_duplicate.is_some() {
        Vec::new()
    } else {
        employers::find_duplicates(&state.db, staff.office.id, &i, None).await?
    };
    let result = if duplicates.is_empty() {
        employers::create(
            &state.db,
            &staff.actor(),
            staff.office.id,
            &i,
            EmployerStatus::Active,
        )
        .await
    } else {
        Err(ServiceError::Invalid(FieldErrors::new()))
    };
    super::after_post(
        result,
        |m| format!("/employers/{}?notice=created", m.id),
        |e| async move {
            render_form(
                &state,
                &staff,
                "求人者の登録",
                "/employers".into(),
                &i,
                &duplicates,
                &e,
            )
            .await
        },
    )
    .await
}

pub async fn edit(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i32>,
) -> AppResult<Response> {
    let m = employers::get(&state.db, staff.office.id, id).await?;
    let i = EmployerInput::from_model(&m);
    Ok(render_form(
        &state,
        &staff,
        "求人者情報の編集",
        format!("/employers/{id}/edit"),
        &i,
        &[],
        &FieldErrors::new(),
    )
    .await?
    .into_response())
}

pub async fn update(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i32>,
    Form(i): Form<EmployerInput>,
) -> AppResult<Response> {
    super::after_post(
        employers::update(&state.db, &staff.actor(), staff.office.id, id, &i).await,
        |_| format!("/employers/{id}?notice=saved"),
        |e| async move {
            // Shown again with what was typed, on the version saved now: when someone else
            // saved first, the next save goes over their change knowingly.
            let mut i = i;
            if e.has("lock") {
                let current = employers::get(&state.db, staff.office.id, id).await?;
                i.lock = employers::lock_token(&current);
            }
            render_form(
                &state,
                &staff,
                "求人者情報の編集",
                format!("/employers/{id}/edit"),
                &i,
                &[],
                &e,
            )
            .await
        },
    )
    .await
}

/// How a field nobody filled in reads on the page.
const BLANK: &str = "未入力";

async fn render_show(
    state: &AppState,
    staff: &Staff,
    id: i32,
    status: Option<&StatusInput>,
    errors: &FieldErrors,
    flash: Option<String>,
) -> AppResult<maud::Markup> {
    let m = employers::get(&state.db, staff.office.id, id).await?;
    let today = format::today();
    let pref = refdata::prefecture_name(&state.db, &m.prefecture_code).await?;
    let coop: Vec<&str> = employers::cooperation_codes(&m)
        .iter()
        .map(|c| employers::label(employers::COOPERATION, c))
        .collect();
    let n = |v: Option<i32>| v.map(|x| format!("{x}人")).unwrap_or_else(|| "—".into());
    // A field left blank reads 未入力, never as a fact (「なし」) nobody stated.
    let given = |s: &str| -> String {
        if s.trim().is_empty() {
            BLANK.to_owned()
        } else {
            s.to_owned()
        }
    };
    let industry = refdata::industry_options(&state.db)
        .await?
        .into_iter()
        .find(|(c, _)| *c == m.industry_code)
        .map(|(_, label)| label)
        .unwrap_or_else(|| given(&m.industry_code));
    let fields = vec![
        ("フリガナ", given(&m.name_kana)),
        ("法人番号", given(&m.corporate_number)),
        (
            "雇用保険適用事業所番号",
            given(&m.employment_insurance_number),
        ),
        (
            "所在地",
            format::with_postal(
                &m.postal_code,
                &crate::domain::normalize::join_address(&pref, &m.municipality, &m.address),
            ),
        ),
        ("代表者", given(&m.representative)),
        (
            "代表電話・FAX",
            format!("電話 {}　FAX {}", given(&m.phone), given(&m.fax)),
        ),
        (
            "求人連絡担当者",
            [&m.contact_name, &m.contact_phone, &m.contact_email]
                .iter()
                .filter(|s| !s.trim().is_empty())
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join("　"),
        ),
        ("業種", industry),
        ("事業内容", given(&m.business_description)),
        (
            "従業員数",
            format!(
                "企業全体 {}／就業場所 {}／うち女性 {}／うちパート {}",
                n(m.employees_total),
                n(m.employees_workplace),
                n(m.employees_women),
                n(m.employees_part_time)
            ),
        ),
        (
            "厚生年金被保険者数",
            format!(
                "{}{}",
                n(m.pension_insured_count),
                if employers::is_specified_workplace(&m) {
                    "（特定適用事業所）"
                } else {
                    ""
                }
            ),
        ),
        (
            "就業規則・労働組合",
            format!(
                "就業規則 {}・労働組合 {}",
                if m.has_work_rules { "あり" } else { BLANK },
                if m.has_labor_union { "あり" } else { BLANK }
            ),
        ),
        (
            "定年・再雇用",
            format!(
                "定年 {}・再雇用 {}",
                m.retirement_age
                    .map(|a| format!("{a}歳"))
                    .unwrap_or_else(|| BLANK.into()),
                given(&m.rehire)
            ),
        ),
        ("協力内容", coop.join("、")),
        (
            "認定就労訓練",
            if m.training_certifier.is_empty() {
                "—".into()
            } else {
                format!(
                    "{}（{}認定）",
                    m.training_certifier,
                    m.training_certified_on
                        .map(format::date)
                        .unwrap_or_default()
                )
            },
        ),
        ("受入れ可能人数・条件", m.capacity.clone()),
        ("備考", m.notes.clone()),
        ("登録日", format::datetime(m.created_at)),
    ];
    let staff_names: std::collections::HashMap<i32, String> =
        crate::services::staff_users::list(&state.db, staff.office.id)
            .await?
            .into_iter()
            .map(|u| (u.id, u.name))
            .collect();
    let contacts = employers::contacts(&state.db, staff.office.id, id)
        .await?
        .into_iter()
        .map(|c| {
            (
                format::date(c.contacted_on),
                employers::label(employers::CONTACT_CHANNELS, &c.channel).to_owned(),
                c.staff_user_id
                    .and_then(|s| staff_names.get(&s).cloned())
                    .unwrap_or_default(),
                c.summary,
            )
        })
        .collect();
    let orders = job_orders::list(
        &state.db,
        staff.office.id,
        &job_orders::JobOrderFilter {
            employer_id: Some(id),
            ..Default::default()
        },
        today,
    )
    .await?
    .rows
    .into_iter()
    .map(|r| {
        let o = r.order;
        (
            o.id,
            o.number.clone().unwrap_or_else(|| "（未受理）".into()),
            if o.occupation_title.is_empty() {
                "（職種未入力）".into()
            } else {
                o.occupation_title.clone()
            },
            o.state.label().to_owned(),
            o.valid_until.map(format::date).unwrap_or_default(),
        )
    })
    .collect();
    let v = tpl::EmployerView {
        id,
        name: m.name.clone(),
        badges: badges(&m, today),
        pending: m.status == EmployerStatus::Pending,
        fields,
        rejection: m.rejection_ground.as_ref().map(|g| {
            format!(
                "{}（{}決定、{}まで）{}",
                employers::label(employers::REJECTION_GROUNDS, g),
                m.rejection_decided_on.map(format::date).unwrap_or_default(),
                m.rejection_until
                    .map(format::date)
                    .unwrap_or_else(|| "終期未定".into()),
                m.rejection_reason
            )
        }),
        dispute: m.labor_dispute.then(|| {
            format!(
                "{}通報　{}",
                m.labor_dispute_since.map(format::date).unwrap_or_default(),
                m.labor_dispute_note
            )
        }),
        contacts,
        orders,
    };
    let current = StatusInput {
        rejection_ground: m.rejection_ground.clone().unwrap_or_default(),
        rejection_decided_on: m
            .rejection_decided_on
            .map(|d| d.to_string())
            .unwrap_or_default(),
        rejection_until: m.rejection_until.map(|d| d.to_string()).unwrap_or_default(),
        rejection_reason: m.rejection_reason.clone(),
        labor_dispute: m.labor_dispute.then(|| "1".into()),
        labor_dispute_since: m
            .labor_dispute_since
            .map(|d| d.to_string())
            .unwrap_or_default(),
        labor_dispute_note: m.labor_dispute_note.clone(),
    };
    let s = status.unwrap_or(&current);
    let grounds = opts(employers::REJECTION_GROUNDS);
    let sf = tpl::StatusForm {
        rejection_ground: &s.rejection_ground,
        rejection_decided_on: &s.rejection_decided_on,
        rejection_until: &s.rejection_until,
        rejection_reason: &s.rejection_reason,
        labor_dispute: s.labor_dispute.is_some(),
        labor_dispute_since: &s.labor_dispute_since,
        labor_dispute_note: &s.labor_dispute_note,
        grounds: &grounds,
    };
    let mut ctx = staff.ctx("employers");
    ctx.flash = flash;
    Ok(tpl::show(
        &ctx,
        &v,
        &sf,
        &opts(employers::CONTACT_CHANNELS),
        errors.map(),
    ))
}

pub async fn show(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i32>,
    Query(q): Query<NoticeQuery>,
) -> AppResult<Response> {
    let page = render_show(
        &state,
        &staff,
        id,
        None,
        &FieldErrors::new(),
        notice_text(q.notice.as_deref()),
    )
    .await?;
    audit::record(
        &state.db,
        &staff.actor(),
        None,
        "view",
        "employer",
        Some(id.to_string()),
        "求人者を閲覧",
    )
    .await?;
    Ok(page.into_response())
}

pub async fn confirm(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i32>,
) -> AppResult<Response> {
    employers::confirm(&state.db, &staff.actor(), staff.office.id, id).await?;
    Ok(Redirect::to(&format!("/employers/{id}?notice=confirmed")).into_response())
}

pub async fn set_status(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i32>,
    Form(i): Form<StatusInput>,
) -> AppResult<Response> {
    super::after_post(
        employers::set_status(&state.db, &staff.actor(), staff.office.id, id, &i).await,
        |_| format!("/employers/{id}?notice=saved"),
        |e| async move { render_show(&state, &staff, id, Some(&i), &e, None).await },
    )
    .await
}

pub async fn add_contact(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i32>,
    Form(i): Form<ContactInput>,
) -> AppResult<Response> {
    super::after_post(
        employers::add_contact(&state.db, &staff.actor(), staff.office.id, id, &i).await,
        |_| format!("/employers/{id}?notice=created"),
        |e| async move { render_show(&state, &staff, id, None, &e, None).await },
    )
    .await
}

/// The employer form's view of an input (shared by staff and the public registration form).
pub fn employer_form_view<'a>(
    i: &'a EmployerInput,
    action: String,
    prefectures: &'a [(String, String)],
    industries: &'a [(String, String)],
    cooperations: &'a [(String, String)],
    duplicates: &[employer::Model],
) -> tpl::EmployerForm<'a> {
    let dups: Vec<(i32, String, String)> = duplicates
        .iter()
        .map(|d| {
            (
                d.id,
                d.name.clone(),
                format!("{}{}", d.municipality, d.address),
            )
        })
        .collect();
    tpl::EmployerForm {
        action,
        lock: &i.lock,
        email_required: false,
        name: &i.name,
        name_kana: &i.name_kana,
        corporate_number: &i.corporate_number,
        employment_insurance_number: &i.employment_insurance_number,
        postal_code: &i.postal_code,
        prefecture_code: &i.prefecture_code,
        municipality: &i.municipality,
        address: &i.address,
        representative: &i.representative,
        contact_name: &i.contact_name,
        contact_phone: &i.contact_phone,
        contact_email: &i.contact_email,
        phone: &i.phone,
        fax: &i.fax,
        industry_code: &i.industry_code,
        business_description: &i.business_description,
        employees_total: &i.employees_total,
        employees_workplace: &i.employees_workplace,
        employees_women: &i.employees_women,
        employees_part_time: &i.employees_part_time,
        pension_insured_count: &i.pension_insured_count,
        has_work_rules: i.has_work_rules.is_some(),
        retirement_age: &i.retirement_age,
        rehire: &i.rehire,
        has_labor_union: i.has_labor_union.is_some(),
        cooperation: &i.cooperation,
        training_certifier: &i.training_certifier,
        training_certified_on: &i.training_certified_on,
        capacity: &i.capacity,
        notes: &i.notes,
        prefectures,
        industries,
        cooperations,
        duplicates: dups,
    }
}

// ---- Portal accounts (invite, deactivate), link requests and merging ----------------------

use crate::services::portal;
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
    super::after_post(
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
    super::after_post(
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
