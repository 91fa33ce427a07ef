//! Staff pages for job seekers (求職者), matching in both directions, and follow-ups.
use super::auth::notice_text;
use super::home::NoticeQuery;
use crate::domain::states::{SeekerState, StateName};
use crate::error::{AppError, AppResult};
use crate::present::format::{self, opts};
use crate::present::job_order_sheet;
use crate::services::ServiceError;
use crate::services::job_seekers::{self, JobSeekerInput, NoteInput, SeekerFilter};
use crate::services::placements::{self, ExperienceInput, FollowUpInput};
use crate::services::{employers, job_orders, matching, refdata, seeker_record};
use crate::state::AppState;
use crate::validation::FieldErrors;
use crate::web::session::Staff;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use serde::Deserialize;
use std::collections::BTreeMap;
use templates::seekers as tpl;

/// "月 9:00〜13:00 / 水 …（週20時間まで）" for lists and pages.
pub fn availability_text(m: &entity::job_seeker::Model) -> String {
    crate::present::seeker::availability_text(&job_seekers::availability(m))
}

/// "清掃・洗浄作業員、…" from codes and the name table.
fn occupation_names(names: &std::collections::HashMap<String, String>, codes: &[String]) -> String {
    codes
        .iter()
        .map(|c| names.get(c).cloned().unwrap_or_default())
        .collect::<Vec<_>>()
        .join("、")
}

pub async fn list(
    State(state): State<AppState>,
    staff: Staff,
    Query(f): Query<SeekerFilter>,
) -> AppResult<Response> {
    let page = job_seekers::list_on(&state.db, staff.office.id, &f, format::today()).await?;
    let occupations = refdata::occupation_names(&state.db).await?;
    let mut rows = Vec::new();
    for m in &page.rows {
        rows.push(tpl::Row {
            id: m.id,
            number: m.number.clone(),
            name: m.name.clone(),
            kana: m.name_kana.clone(),
            desired: occupation_names(&occupations, &job_seekers::desired_occupations(m)),
            hours: availability_text(m),
            state: if m.state == SeekerState::Active {
                m.state.label().into()
            } else {
                format!(
                    "{}（{}）",
                    m.state.label(),
                    job_seekers::label(
                        job_seekers::CLOSE_REASONS,
                        m.closed_reason.as_deref().unwrap_or("")
                    )
                )
            },
            valid_until: format::date(m.valid_until),
        });
    }
    let mut values = BTreeMap::new();
    values.insert("q", f.q.clone());
    values.insert("state", f.state.clone());
    values.insert("support", f.support.clone());
    values.insert("ladder", f.ladder.clone());
    let states = opts(&[("closed", "終了"), ("all", "すべて")]);
    Ok(tpl::list(
        &staff.ctx("seekers"),
        &values,
        &states,
        &opts(job_seekers::SUPPORT_CATEGORIES),
        &opts(job_seekers::LADDER),
        &rows,
        &format::bounded(page.total, page.capped, "件"),
    )
    .into_response())
}

fn input_values(i: &JobSeekerInput) -> BTreeMap<String, String> {
    match serde_json::to_value(i) {
        Ok(serde_json::Value::Object(m)) => m
            .into_iter()
            .filter_map(|(k, v)| match v {
                serde_json::Value::String(s) => Some((k, s)),
                serde_json::Value::Null => None,
                _ => None,
            })
            .collect(),
        _ => BTreeMap::new(),
    }
}

#[allow(clippy::too_many_arguments)] // the form's whole context; a struct would only rename them
async fn render_form(
    state: &AppState,
    staff: &Staff,
    title: &str,
    action: String,
    i: &JobSeekerInput,
    duplicates: &[entity::job_seeker::Model],
    e: &FieldErrors,
    new: bool,
) -> AppResult<maud::Markup> {
    let mut values = input_values(i);
    for (k, v) in [
        ("consent", &i.consent),
        ("disclosure_delivered", &i.disclosure_delivered),
        ("sensitive_consent", &i.sensitive_consent),
        ("share_consent", &i.share_consent),
        ("disability_suspected", &i.disability_suspected),
    ] {
        if v.is_some() {
            values.insert(k.to_owned(), "1".into());
        }
    }
    let mut choices = BTreeMap::new();
    choices.insert("consent_method", opts(job_seekers::CONSENT_METHODS));
    choices.insert("prefecture", refdata::prefecture_options(&state.db).await?);
    choices.insert("occupation", refdata::occupation_options(&state.db).await?);
    choices.insert("employment", opts(job_seekers::EMPLOYMENT));
    choices.insert("support", opts(job_seekers::SUPPORT_CATEGORIES));
    choices.insert("ladder", opts(job_seekers::LADDER));
    choices.insert("disability_type", opts(job_seekers::DISABILITY_TYPES));
    let disclosure = format!(
        "【取扱職種の範囲等】\n{}\n【苦情の処理】\n{}\n【個人情報の取扱い】\n{}",
        staff.office.scope_of_handling,
        staff.office.complaint_handling,
        staff.office.privacy_policy
    );
    let dups: Vec<(i32, String, String)> = duplicates
        .iter()
        .map(|d| (d.id, d.number.clone(), d.name.clone()))
        .collect();
    let f = tpl::FormView {
        action,
        values: &values,
        supports_checked: &i.support_categories,
        choices: &choices,
        purposes: job_seekers::PURPOSES,
        disclosure: &disclosure,
        duplicates: &dups,
        new,
    };
    Ok(tpl::form(&staff.ctx("seekers"), title, &f, e.map()))
}

pub async fn new(State(state): State<AppState>, staff: Staff) -> AppResult<Response> {
    let i = JobSeekerInput {
        prefecture_code: staff.office.prefecture_code.clone(),
        municipality: staff.office.municipality.clone(),
        consent_method: "written".into(),
        desired_employment: "any".into(),
        ..Default::default()
    };
    Ok(render_form(
        &state,
        &staff,
        "求職者の登録",
        "/job-seekers".into(),
        &i,
        &[],
        &FieldErrors::new(),
        true,
    )
    .await?
    .into_response())
}

pub async fn create(
    State(state): State<AppState>,
    staff: Staff,
    Form(i): Form<JobSeekerInput>,
) -> AppResult<Response> {
    let dups = if i.allow_duplicate.is_some() {
        Vec::new()
    } else {
        job_seekers::find_duplicates(&state.db, staff.office.id, &i, None).await?
    };
    let result = if dups.is_empty() {
        job_seekers::register(
            &state.db,
            &staff.actor(),
            staff.office.id,
            &i,
            format::today(),
        )
        .await
    } else {
        Err(ServiceError::Invalid(FieldErrors::new()))
    };
    crate::web::respond::after_post(
        result,
        |m| format!("/job-seekers/{}?notice=created", m.id),
        |e| async move {
            render_form(
                &state,
                &staff,
                "求職者の登録",
                "/job-seekers".into(),
                &i,
                &dups,
                &e,
                true,
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
    let m = job_seekers::view(&state.db, &staff.actor(), staff.office.id, id).await?;
    let i = JobSeekerInput::from_model(&m);
    Ok(render_form(
        &state,
        &staff,
        "求職者情報の編集",
        format!("/job-seekers/{id}/edit"),
        &i,
        &[],
        &FieldErrors::new(),
        false,
    )
    .await?
    .into_response())
}

pub async fn update(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i32>,
    Form(i): Form<JobSeekerInput>,
) -> AppResult<Response> {
    crate::web::respond::after_post(
        job_seekers::update(
            &state.db,
            &staff.actor(),
            staff.office.id,
            id,
            &i,
            format::today(),
        )
        .await,
        |_| format!("/job-seekers/{id}?notice=saved"),
        |e| async move {
            // Shown again with what was typed, on the version saved now.
            let mut i = i;
            if e.has("lock") {
                let current = job_seekers::get(&state.db, staff.office.id, id).await?;
                i.lock = job_seekers::lock_token(&current);
            }
            render_form(
                &state,
                &staff,
                "求職者情報の編集",
                format!("/job-seekers/{id}/edit"),
                &i,
                &[],
                &e,
                false,
            )
            .await
        },
    )
    .await
}

async fn render_show(
    state: &AppState,
    staff: &Staff,
    id: i32,
    e: &FieldErrors,
    flash: Option<String>,
) -> AppResult<maud::Markup> {
    let today = format::today();
    let record = seeker_record::read(&state.db, &staff.actor(), staff.office.id, id, today).await?;
    let availability = job_seekers::availability(&record.seeker);
    let d = crate::present::seeker::detail(&record, &availability, today);
    let mut ctx = staff.ctx("seekers");
    ctx.flash = flash;
    Ok(tpl::show(&ctx, &d, e.map()))
}

pub async fn show(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i32>,
    Query(q): Query<NoticeQuery>,
) -> AppResult<Response> {
    Ok(render_show(
        &state,
        &staff,
        id,
        &FieldErrors::new(),
        notice_text(q.notice.as_deref()),
    )
    .await?
    .into_response())
}

pub async fn add_note(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i32>,
    Form(i): Form<NoteInput>,
) -> AppResult<Response> {
    crate::web::respond::after_post(
        job_seekers::add_note(
            &state.db,
            &staff.actor(),
            staff.office.id,
            id,
            &i,
            format::today(),
        )
        .await,
        |_| format!("/job-seekers/{id}?notice=created"),
        |e| async move { render_show(&state, &staff, id, &e, None).await },
    )
    .await
}

pub async fn add_experience(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i32>,
    Form(i): Form<ExperienceInput>,
) -> AppResult<Response> {
    crate::web::respond::after_post(
        placements::add_experience(&state.db, &staff.actor(), staff.office.id, id, &i).await,
        |_| format!("/job-seekers/{id}?notice=created"),
        |e| async move { render_show(&state, &staff, id, &e, None).await },
    )
    .await
}

#[derive(Deserialize)]
pub struct CloseForm {
    #[serde(default)]
    reason: String,
}

pub async fn close(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i32>,
    Form(f): Form<CloseForm>,
) -> AppResult<Response> {
    job_seekers::close(
        &state.db,
        &staff.actor(),
        staff.office.id,
        id,
        &f.reason,
        format::today(),
    )
    .await?;
    Ok(Redirect::to(&format!("/job-seekers/{id}?notice=saved")).into_response())
}

pub async fn reopen(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i32>,
) -> AppResult<Response> {
    job_seekers::reopen(
        &state.db,
        &staff.actor(),
        staff.office.id,
        id,
        format::today(),
    )
    .await?;
    Ok(Redirect::to(&format!("/job-seekers/{id}?notice=saved")).into_response())
}

fn split_reasons(m: &crate::domain::matching::Match) -> (Vec<String>, Vec<String>) {
    let mut fits = Vec::new();
    let mut misfits = Vec::new();
    for r in &m.reasons {
        if r.fits {
            fits.push(r.text.clone())
        } else {
            misfits.push(r.text.clone())
        }
    }
    (fits, misfits)
}

/// Jobs for a seeker.
pub async fn matches(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i32>,
) -> AppResult<Response> {
    let today = format::today();
    let seeker = job_seekers::view(&state.db, &staff.actor(), staff.office.id, id).await?;
    let found = matching::orders_for_seeker(&state.db, staff.office.id, id, today, 20).await?;
    let mut cards = Vec::new();
    for f in found {
        let (fits, misfits) = split_reasons(&f.m);
        let employer = f.employer_name.clone();
        cards.push(tpl::MatchCard {
            title: format!(
                "{} {}",
                f.order.number.clone().unwrap_or_default(),
                f.terms.occupation_title
            ),
            link: format!("/job-orders/{}", f.order.id),
            subtitle: format!(
                "{}　{}{}　{}　週{}",
                employer,
                f.terms.workplace_municipality,
                f.terms.workplace_address,
                job_order_sheet::wage_text(&f.terms),
                job_order_sheet::weekly_hours_text(&f.terms)
            ),
            score: f.m.score,
            fits,
            misfits,
            refer_link: Some(format!(
                "/referrals/new?job_seeker_id={id}&job_order_id={}",
                f.order.id
            )),
        });
    }
    let intro = format!(
        "{} {} さんに合う受付中の求人（勤務できる時間：{}）",
        seeker.number,
        seeker.name,
        availability_text(&seeker)
    );
    Ok(tpl::matches(
        &staff.ctx("seekers"),
        "求人を探す",
        &intro,
        &format!("/job-seekers/{id}"),
        &cards,
        None,
    )
    .into_response())
}

/// Seekers for an order.
pub async fn seekers_for_order(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i32>,
) -> AppResult<Response> {
    let today = format::today();
    let order = job_orders::get(&state.db, staff.office.id, id).await?;
    let found = matching::seekers_for_order(&state.db, staff.office.id, id, today, 20).await?;
    if !found.is_empty() {
        // One entry per view, naming every seeker shown.
        let shown: Vec<String> = found.iter().map(|f| f.seeker.number.clone()).collect();
        crate::services::audit::record(
            &state.db,
            &staff.actor(),
            None,
            "view",
            "job_order",
            Some(id.to_string()),
            format!("マッチング結果で求職者を閲覧（{}）", shown.join("、")),
        )
        .await?;
    }
    let mut cards = Vec::new();
    for f in found {
        let (fits, misfits) = split_reasons(&f.m);
        cards.push(tpl::MatchCard {
            title: format!("{} {}", f.seeker.number, f.seeker.name),
            link: format!("/job-seekers/{}", f.seeker.id),
            subtitle: format!("勤務できる時間：{}", availability_text(&f.seeker)),
            score: f.m.score,
            fits,
            misfits,
            refer_link: Some(format!(
                "/referrals/new?job_seeker_id={}&job_order_id={id}",
                f.seeker.id
            )),
        });
    }
    let intro = format!(
        "求人 {} {} に合う求職者",
        order.number.clone().unwrap_or_default(),
        order.occupation_title
    );
    Ok(tpl::matches(
        &staff.ctx("job_orders"),
        "求職者を探す",
        &intro,
        &format!("/job-orders/{id}"),
        &cards,
        None,
    )
    .into_response())
}

pub async fn follow_ups(State(state): State<AppState>, staff: Staff) -> AppResult<Response> {
    let today = format::today();
    let due = placements::due_follow_up_list(
        &state.db,
        staff.office.id,
        today + chrono::Duration::days(7),
    )
    .await?;
    let rows: Vec<tpl::DueRow> = due
        .into_iter()
        .map(|d| tpl::DueRow {
            id: d.follow_up.id,
            due: format::date(d.follow_up.due_on),
            kind: placements::follow_up_label(&d.follow_up.due_kind).to_owned(),
            seeker: format!("{} {}", d.seeker.0, d.seeker.1),
            employer: d.employer_name,
            overdue: d.follow_up.due_on < today,
        })
        .collect();
    Ok(tpl::follow_ups(&staff.ctx("seekers"), &rows).into_response())
}

async fn render_follow_up(
    state: &AppState,
    staff: &Staff,
    id: i32,
    e: &FieldErrors,
) -> AppResult<maud::Markup> {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let f = entity::follow_up::Entity::find_by_id(id)
        .filter(entity::follow_up::Column::OfficeId.eq(staff.office.id))
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)?;
    let p = placements::get(&state.db, staff.office.id, f.placement_id).await?;
    let seeker = job_seekers::get(&state.db, staff.office.id, p.job_seeker_id).await?;
    let employer = employers::get(&state.db, staff.office.id, p.employer_id)
        .await
        .map(|e| e.name)
        .unwrap_or_default();
    let heading = format!(
        "{} {} さん　{}（{}入社）　{}（予定日 {}）",
        seeker.number,
        seeker.name,
        employer,
        format::date(p.start_date),
        placements::follow_up_label(&f.due_kind),
        format::date(f.due_on)
    );
    let done = f.done_on.map(|d| {
        format!(
            "{}に確認済み：{}",
            format::date(d),
            placements::label(placements::RESULTS, f.result.as_deref().unwrap_or(""))
        )
    });
    let (cw, ch, rs, lr) = (
        opts(placements::CONTACT_WITH),
        opts(placements::CHANNELS),
        opts(placements::RESULTS),
        opts(placements::LEFT_REASONS),
    );
    let v = tpl::FollowUpView {
        id,
        heading,
        done,
        contact_with: &cw,
        channels: &ch,
        results: &rs,
        left_reasons: &lr,
    };
    Ok(tpl::follow_up(&staff.ctx("seekers"), &v, e.map()))
}

pub async fn follow_up(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i32>,
) -> AppResult<Response> {
    Ok(render_follow_up(&state, &staff, id, &FieldErrors::new())
        .await?
        .into_response())
}

pub async fn record_follow_up(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i32>,
    Form(i): Form<FollowUpInput>,
) -> AppResult<Response> {
    crate::web::respond::after_post(
        placements::record_follow_up(
            &state.db,
            &staff.actor(),
            staff.office.id,
            id,
            &i,
            format::today(),
        )
        .await,
        |_| "/follow-ups".to_string(),
        |e| async move { render_follow_up(&state, &staff, id, &e).await },
    )
    .await
}

#[derive(Deserialize)]
pub struct SaveForm {
    #[serde(default)]
    name: String,
}

pub async fn save_seeker_search(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i32>,
    Form(f): Form<SaveForm>,
) -> AppResult<Response> {
    crate::services::saved_searches::save(
        &state.db,
        &staff.actor(),
        staff.office.id,
        "orders_for_seeker",
        id,
        &f.name,
    )
    .await?;
    Ok(Redirect::to("/saved-searches").into_response())
}

pub async fn save_order_search(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i32>,
    Form(f): Form<SaveForm>,
) -> AppResult<Response> {
    crate::services::saved_searches::save(
        &state.db,
        &staff.actor(),
        staff.office.id,
        "seekers_for_order",
        id,
        &f.name,
    )
    .await?;
    Ok(Redirect::to("/saved-searches").into_response())
}

pub async fn saved_searches(State(state): State<AppState>, staff: Staff) -> AppResult<Response> {
    use crate::services::saved_searches as ss;
    let rows: Vec<(i32, String, String, String, String)> =
        ss::mine(&state.db, staff.office.id, staff.user.id)
            .await?
            .into_iter()
            .map(|m| {
                (
                    m.id,
                    m.name.clone(),
                    ss::KINDS
                        .iter()
                        .find(|(k, _)| *k == m.kind)
                        .map(|(_, l)| l.to_string())
                        .unwrap_or_default(),
                    format::datetime(m.created_at),
                    ss::link(&m),
                )
            })
            .collect();
    Ok(tpl::saved_searches(&staff.ctx("seekers"), &rows).into_response())
}

pub async fn delete_saved_search(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i32>,
) -> AppResult<Response> {
    crate::services::saved_searches::delete(&state.db, staff.office.id, staff.user.id, id).await?;
    Ok(Redirect::to("/saved-searches").into_response())
}
