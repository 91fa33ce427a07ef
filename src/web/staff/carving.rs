//! Job redesign pages: the 作業分解書 of an order, carving plans, the proposal PDF, and job
//! orders from the chosen positions.
use crate::error::AppResult;
use crate::present;
use crate::present::format::{self, opts};
use crate::present::job_order_sheet;

use crate::services::ServiceError;
use crate::services::carving::{self, BreakdownInput, PlanInput, TaskRow};
use crate::services::job_seekers;
use crate::state::AppState;
use crate::validation::FieldErrors;
use crate::web::respond::pdf_response;
use crate::web::session::Staff;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use serde::Deserialize;
use templates::carving as tpl;

/// Gather the editor's pairs into the breakdown input and the requested operation.
fn parse(pairs: &[(String, String)]) -> (BreakdownInput, String, String) {
    let mut i = BreakdownInput::default();
    let mut op = "save".to_owned();
    let mut template = String::new();
    let mut rows: std::collections::BTreeMap<usize, TaskRow> = Default::default();
    for (k, v) in pairs {
        match k.as_str() {
            "name" => i.name = v.clone(),
            "hours" => i.hours = v.clone(),
            "days" => i.days.push(v.clone()),
            "op" => op = v.clone(),
            "template" => template = v.clone(),
            _ => {
                let Some(rest) = k.strip_prefix("task") else {
                    continue;
                };
                let Some((n, field)) = rest.split_once('_') else {
                    continue;
                };
                let Ok(n) = n.parse::<usize>() else { continue };
                if n > 500 {
                    continue;
                }
                let r = rows.entry(n).or_default();
                match field {
                    "name" => r.name = v.clone(),
                    "description" => r.description = v.clone(),
                    "kind" => r.kind = v.clone(),
                    "frequency" => r.frequency = v.clone(),
                    "days" => r.days.push(v.clone()),
                    "times" => r.times = v.clone(),
                    "minutes" => r.minutes = v.clone(),
                    "window" => r.window = v.clone(),
                    "demands" => r.demands.push(v.clone()),
                    "licences" => r.licences = v.clone(),
                    "intersecting" => r.intersecting = true,
                    "essential" => r.essential = true,
                    "group" => r.group = v.clone(),
                    "not_carvable" => r.not_carvable = true,
                    _ => {}
                }
            }
        }
    }
    i.tasks = rows.into_values().collect();
    (i, op, template)
}

/// `header` = (name, business days, hours) as typed.
async fn render_editor(
    state: &AppState,
    staff: &Staff,
    b: &entity::task_breakdown::Model,
    rows: &[TaskRow],
    header: (&str, Vec<String>, &str),
    e: &FieldErrors,
    flash: Option<String>,
) -> AppResult<maud::Markup> {
    let mut shown: Vec<TaskRow> = rows.to_vec();
    shown.extend(std::iter::repeat_n(
        TaskRow {
            frequency: "daily".into(),
            essential: true,
            ..Default::default()
        },
        3,
    ));
    let views: Vec<tpl::RowView> = shown.iter().map(present::carving::row_view).collect();
    let templates =
        present::carving::template_choices(&carving::templates(&state.db, staff.office.id).await?);
    let seekers = present::carving::seeker_choices(
        &job_seekers::list(&state.db, staff.office.id, &Default::default())
            .await?
            .rows,
    );
    let demands: Vec<(String, String)> = crate::domain::carving::Demands::default()
        .flags()
        .iter()
        .map(|(k, l, _)| (k.to_string(), l.to_string()))
        .collect();
    let (tasks, _) = carving::to_tasks(rows);
    let total: u32 = crate::domain::carving::expand(&tasks, &carving::hours_of(b))
        .iter()
        .map(|(_, _, m)| *m as u32)
        .sum();
    let plans =
        present::carving::plan_choices(&carving::plans_of(&state.db, staff.office.id, b.id).await?);
    let (name, days, hours) = header;
    let v = tpl::Editor {
        id: b.id,
        title: b.name.clone(),
        back: b
            .job_order_id
            .map(|o| format!("/job-orders/{o}"))
            .unwrap_or_else(|| format!("/employers/{}", b.employer_id)),
        name,
        days,
        hours,
        rows: &views,
        kinds: &opts(carving::KINDS),
        frequencies: &opts(carving::FREQUENCIES),
        demands: &demands,
        templates: &templates,
        seekers: &seekers,
        plans: &plans,
        total: job_order_sheet::hours(total),
    };
    let mut ctx = staff.ctx("job_orders");
    ctx.flash = flash;
    Ok(tpl::editor(&ctx, &v, e.map()))
}

/// `?notice=saved` after a save.
#[derive(Deserialize, Default)]
pub struct Notice {
    #[serde(default)]
    notice: Option<String>,
}

fn saved_flash(n: &Notice) -> Option<String> {
    (n.notice.as_deref() == Some("saved")).then(|| {
        format!(
            "作業分解書を保存しました（{}）",
            format::datetime(chrono::Utc::now())
        )
    })
}

fn days_of(mask: i32) -> Vec<String> {
    (0..7)
        .filter(|d| mask & (1 << d) != 0)
        .map(|d| d.to_string())
        .collect()
}

pub async fn breakdown(
    State(state): State<AppState>,
    staff: Staff,
    Path(order_id): Path<i32>,
    Query(n): Query<Notice>,
) -> AppResult<Response> {
    let b = carving::for_order(&state.db, &staff.actor(), staff.office.id, order_id).await?;
    let rows = carving::rows_of(&b);
    let hours = format!(
        "{}-{}",
        present::carving::hm(b.open_minutes as u16),
        present::carving::hm(b.close_minutes as u16)
    );
    Ok(render_editor(
        &state,
        &staff,
        &b,
        &rows,
        (&b.name.clone(), days_of(b.business_days), &hours),
        &FieldErrors::new(),
        saved_flash(&n),
    )
    .await?
    .into_response())
}

pub async fn employer_breakdown(
    State(state): State<AppState>,
    staff: Staff,
    Path(employer_id): Path<i32>,
    Query(n): Query<Notice>,
) -> AppResult<Response> {
    let b = carving::for_employer(&state.db, &staff.actor(), staff.office.id, employer_id).await?;
    let rows = carving::rows_of(&b);
    let hours = format!(
        "{}-{}",
        present::carving::hm(b.open_minutes as u16),
        present::carving::hm(b.close_minutes as u16)
    );
    Ok(render_editor(
        &state,
        &staff,
        &b,
        &rows,
        (&b.name.clone(), days_of(b.business_days), &hours),
        &FieldErrors::new(),
        saved_flash(&n),
    )
    .await?
    .into_response())
}

pub async fn save(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i32>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let (mut i, op, template) = parse(&pairs);
    i.tasks.retain(|r| !r.is_blank());
    let (verb, idx) = op
        .split_once(':')
        .map(|(a, b)| (a.to_owned(), b.parse::<usize>().ok()))
        .unwrap_or((op.clone(), None));
    match (verb.as_str(), idx) {
        ("up", Some(n)) if n > 0 && n < i.tasks.len() => i.tasks.swap(n, n - 1),
        ("down", Some(n)) if n + 1 < i.tasks.len() => i.tasks.swap(n, n + 1),
        ("dup", Some(n)) if n < i.tasks.len() => {
            let r = i.tasks[n].clone();
            i.tasks.insert(n + 1, r);
        }
        ("del", Some(n)) if n < i.tasks.len() => {
            i.tasks.remove(n);
        }
        ("template", _) => {
            if let Ok(tid) = template.parse::<i32>()
                && let Some(t) = carving::templates(&state.db, staff.office.id)
                    .await?
                    .into_iter()
                    .find(|t| t.id == tid)
            {
                i.tasks.push(carving::row_from_template(&t));
            }
        }
        ("save_template", _) => {
            if let Some(last) = i.tasks.last() {
                carving::add_template(&state.db, &staff.actor(), staff.office.id, last).await?;
            }
        }
        _ => {}
    }
    let (b, errors) = carving::save(&state.db, &staff.actor(), staff.office.id, id, &i).await?;
    if errors.is_empty() {
        let back = b
            .job_order_id
            .map(|o| format!("/job-orders/{o}/breakdown?notice=saved"))
            .unwrap_or_else(|| format!("/employers/{}/breakdown?notice=saved", b.employer_id));
        return Ok(Redirect::to(&back).into_response());
    }
    Ok((
        StatusCode::UNPROCESSABLE_ENTITY,
        render_editor(
            &state,
            &staff,
            &b,
            &i.tasks,
            (&i.name, i.days.clone(), &i.hours),
            &errors,
            Some("入力に読み取れない項目があります。入力した内容は保存しましたが、切り出しの前に直してください".into()),
        )
        .await?,
    )
        .into_response())
}

pub async fn create_plan(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i32>,
    Form(i): Form<PlanInput>,
) -> AppResult<Response> {
    match carving::run(
        &state.db,
        &staff.actor(),
        staff.office.id,
        id,
        &i,
        format::today(),
    )
    .await
    {
        Ok((m, _)) => Ok(Redirect::to(&format!(
            "/carving-plans/{}?date={}",
            m.id,
            date_of(&i.date)
        ))
        .into_response()),
        Err(ServiceError::Invalid(e)) => {
            let b = carving::get(&state.db, staff.office.id, id).await?;
            let hours = format!(
                "{}-{}",
                present::carving::hm(b.open_minutes as u16),
                present::carving::hm(b.close_minutes as u16)
            );
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                render_editor(
                    &state,
                    &staff,
                    &b,
                    &carving::rows_of(&b),
                    (&b.name.clone(), days_of(b.business_days), &hours),
                    &e,
                    None,
                )
                .await?,
            )
                .into_response())
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize, Default)]
pub struct DateQuery {
    #[serde(default)]
    date: String,
    /// Include anonymised profiles of the fitting seekers (only with their consent).
    #[serde(default)]
    profiles: Option<String>,
}

fn date_of(q: &str) -> chrono::NaiveDate {
    crate::domain::wareki::parse_date(q).unwrap_or_else(format::today)
}

pub async fn show_plan(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i32>,
    Query(q): Query<DateQuery>,
) -> AppResult<Response> {
    let r = carving::report(&state.db, staff.office.id, id, date_of(&q.date)).await?;
    let d = present::carving::plan(&r);
    let date = r.date.to_string();
    let v = tpl::PlanView {
        id,
        title: format!("業務の切り出し案 #{id}"),
        back: back_to_breakdown(&r.breakdown),
        objective: &r.plan.objective_text,
        comparison: d.comparison,
        timeline: d.timeline,
        positions: &d.cards,
        unplaced: &d.unplaced,
        date: &date,
        date_text: format::date(r.date),
    };
    Ok(tpl::plan(&staff.ctx("job_orders"), &v, &Default::default()).into_response())
}

fn back_to_breakdown(b: &entity::task_breakdown::Model) -> String {
    b.job_order_id
        .map(|o| format!("/job-orders/{o}/breakdown"))
        .unwrap_or_else(|| format!("/employers/{}/breakdown", b.employer_id))
}

/// 業務切り出し提案書 for the employer.
pub async fn proposal_pdf(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i32>,
    Query(q): Query<DateQuery>,
) -> AppResult<Response> {
    let r = carving::report(&state.db, staff.office.id, id, date_of(&q.date)).await?;
    let data =
        present::carving::proposal_data(&r, &staff.office, format::today(), q.profiles.is_some());
    let bytes = crate::pdf::render_blocking(state.fonts.clone(), move |f| {
        crate::pdf::proposal::render(&data, f)
    })
    .await?;
    carving::record_print(&state.db, &staff.actor(), id).await?;
    Ok(pdf_response(bytes, &format!("proposal-{id}.pdf")))
}

pub async fn create_orders(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i32>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let chosen: Vec<i32> = pairs
        .iter()
        .filter(|(k, _)| k == "positions")
        .filter_map(|(_, v)| v.parse().ok())
        .collect();
    let value = |k: &str| {
        pairs
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let adjust = carving::Adjustments {
        pay_cycle: value("pay_cycle"),
        age_unrestricted: !value("age_unrestricted").is_empty(),
    };
    let created = carving::create_orders(
        &state.db,
        &staff.actor(),
        staff.office.id,
        id,
        &chosen,
        &adjust,
        format::today(),
    )
    .await?;
    Ok(Redirect::to(&format!("/job-orders/{}/edit?notice=saved", created[0].id)).into_response())
}
