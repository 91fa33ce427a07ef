//! Job redesign pages: the 作業分解書 of an order, carving plans, the proposal PDF, and job
//! orders from the chosen positions.
use super::paperwork::pdf_response;
use super::session::Staff;
use crate::domain::WEEKDAYS;
use crate::error::{AppError, AppResult};
use crate::pdf::{Doc, Orientation};
use crate::present::format::{self, opts};
use crate::present::job_order_sheet;
use crate::present::svg_chart;
use crate::services::carving::{self, BreakdownInput, PlanInput, PositionView, TaskRow};
use crate::services::{employers, job_seekers};
use crate::state::AppState;
use crate::validation::FieldErrors;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use serde::Deserialize;
use templates::carving as tpl;

fn hm(m: u16) -> String {
    format!("{}:{:02}", m / 60, m % 60)
}

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

fn row_view(r: &TaskRow) -> tpl::RowView {
    tpl::RowView {
        name: r.name.clone(),
        description: r.description.clone(),
        kind: r.kind.clone(),
        frequency: r.frequency.clone(),
        days: r.days.clone(),
        times: r.times.clone(),
        minutes: r.minutes.clone(),
        window: r.window.clone(),
        demands: r.demands.clone(),
        licences: r.licences.clone(),
        intersecting: r.intersecting,
        essential: r.essential,
        group: r.group.clone(),
        not_carvable: r.not_carvable,
    }
}

/// `header` = (name, business days, hours) as typed.
async fn render_editor(
    state: &AppState,
    staff: &Staff,
    b: &entity::task_breakdown::Model,
    rows: &[TaskRow],
    header: (&str, Vec<String>, &str),
    e: &FieldErrors,
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
    let views: Vec<tpl::RowView> = shown.iter().map(row_view).collect();
    let templates: Vec<(String, String)> = carving::templates(&state.db, staff.office.id)
        .await?
        .into_iter()
        .map(|t| (t.id.to_string(), format!("{}（{}分）", t.name, t.minutes)))
        .collect();
    let seekers: Vec<(String, String)> =
        job_seekers::list(&state.db, staff.office.id, &Default::default())
            .await?
            .rows
            .into_iter()
            .map(|s| {
                (
                    s.id.to_string(),
                    format!(
                        "{} {}（{}）",
                        s.number,
                        s.name,
                        super::seekers::availability_text(&s)
                    ),
                )
            })
            .collect();
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
    let plans: Vec<(i32, String)> = carving::plans_of(&state.db, staff.office.id, b.id)
        .await?
        .into_iter()
        .map(|p| {
            (
                p.id,
                format!(
                    "{}（{}）",
                    format::datetime(p.created_at),
                    if p.mode == "profiles" {
                        "求職者に合わせる"
                    } else {
                        "分割"
                    }
                ),
            )
        })
        .collect();
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
    Ok(tpl::editor(&staff.ctx("job_orders"), &v, e.map()))
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
) -> AppResult<Response> {
    let b = carving::for_order(&state.db, &staff.actor(), staff.office.id, order_id).await?;
    let rows = carving::rows_of(&b);
    let hours = format!(
        "{}-{}",
        hm(b.open_minutes as u16),
        hm(b.close_minutes as u16)
    );
    Ok(render_editor(
        &state,
        &staff,
        &b,
        &rows,
        (&b.name.clone(), days_of(b.business_days), &hours),
        &FieldErrors::new(),
    )
    .await?
    .into_response())
}

pub async fn employer_breakdown(
    State(state): State<AppState>,
    staff: Staff,
    Path(employer_id): Path<i32>,
) -> AppResult<Response> {
    let b = carving::for_employer(&state.db, &staff.actor(), staff.office.id, employer_id).await?;
    let rows = carving::rows_of(&b);
    let hours = format!(
        "{}-{}",
        hm(b.open_minutes as u16),
        hm(b.close_minutes as u16)
    );
    Ok(render_editor(
        &state,
        &staff,
        &b,
        &rows,
        (&b.name.clone(), days_of(b.business_days), &hours),
        &FieldErrors::new(),
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
            .map(|o| format!("/job-orders/{o}/breakdown"))
            .unwrap_or_else(|| format!("/employers/{}/breakdown", b.employer_id));
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
            if i.date.is_empty() {
                format::today().to_string()
            } else {
                i.date.clone()
            }
        ))
        .into_response()),
        Err(AppError::Invalid(e)) => {
            let b = carving::get(&state.db, staff.office.id, id).await?;
            let hours = format!(
                "{}-{}",
                hm(b.open_minutes as u16),
                hm(b.close_minutes as u16)
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
                )
                .await?,
            )
                .into_response())
        }
        Err(e) => Err(e),
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

/// Everything shown about a plan (page and PDF).
pub struct PlanData {
    pub title: String,
    pub back: String,
    pub objective: String,
    pub comparison: Vec<(String, String)>,
    pub positions: Vec<tpl::PositionCard>,
    pub schedule: Vec<Vec<String>>,
    pub unplaced: Vec<String>,
    pub timeline: String,
    pub date: chrono::NaiveDate,
    pub employer: String,
    pub profiles: Vec<String>,
    /// The timeline as a grid for print: one row per hour, one column per business day.
    pub grid_days: Vec<u8>,
    pub grid: Vec<Vec<String>>,
}

pub async fn plan_data(
    state: &AppState,
    staff: &Staff,
    id: i32,
    date: &str,
) -> AppResult<PlanData> {
    let (m, v) = carving::plan(&state.db, staff.office.id, id).await?;
    let b = carving::get(&state.db, staff.office.id, m.breakdown_id).await?;
    let employer = employers::get(&state.db, staff.office.id, b.employer_id).await?;
    let date =
        chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap_or_else(|_| format::today());
    let positions: Vec<PositionView> =
        serde_json::from_value(v.get("positions").cloned().unwrap_or_default()).unwrap_or_default();
    let (tasks, _) = carving::to_tasks(&carving::rows_of(&b));
    let task_name = |tid: u32| {
        tasks
            .iter()
            .find(|t| t.id == tid)
            .map(|t| t.name.clone())
            .unwrap_or_default()
    };
    let domain_positions: Vec<crate::domain::carving::Position> = positions
        .iter()
        .map(|p| crate::domain::carving::Position {
            profile_id: p.profile_id,
            label: p.label.clone(),
            occurrences: Vec::new(),
            daily: p.daily,
            weekly_minutes: p.weekly_minutes,
            breaks: p.breaks,
            idle: [0; 7],
            below_minimum: false,
        })
        .collect();
    let checks = carving::checks(&state.db, staff.office.id, &m, &domain_positions, date).await?;
    let mut cards = Vec::new();
    let mut blocks = Vec::new();
    let mut schedule = Vec::new();
    for (row, (p, c)) in positions.iter().zip(checks).enumerate() {
        let mut names: Vec<String> = Vec::new();
        for o in &p.occurrences {
            let n = task_name(o.task_id);
            if !names.contains(&n) {
                names.push(n.clone());
            }
            blocks.push(svg_chart::TimelineBlock {
                row,
                day: o.day,
                start: o.start,
                end: o.end,
                label: n,
                style: (row % 7) as u8,
            });
        }
        let days: Vec<String> = (0..7)
            .filter(|d| p.daily[*d] > 0)
            .map(|d| {
                format!(
                    "{} {}",
                    WEEKDAYS[d],
                    job_order_sheet::hours(p.daily[d] as u32)
                )
            })
            .collect();
        for d in 0..7u8 {
            let occ: Vec<_> = p.occurrences.iter().filter(|o| o.day == d).collect();
            if let (Some(s), Some(e)) = (
                occ.iter().map(|o| o.start).min(),
                occ.iter().map(|o| o.end).max(),
            ) {
                schedule.push(vec![
                    p.label.clone(),
                    WEEKDAYS[d as usize].to_owned(),
                    format!("{}〜{}", hm(s), hm(e)),
                    occ.iter()
                        .map(|o| task_name(o.task_id))
                        .collect::<Vec<_>>()
                        .join("、"),
                ]);
            }
        }
        cards.push(tpl::PositionCard {
            id: p.profile_id,
            label: p.label.clone(),
            summary: format!(
                "週{}（{}）　時給{}　週の賃金 {}",
                job_order_sheet::hours(p.weekly_minutes as u32),
                days.join("・"),
                format::yen(m.hourly_yen.into()),
                format::yen((p.weekly_minutes as i64 * m.hourly_yen as i64) / 60)
            ),
            tasks: names,
            checks: c
                .into_iter()
                .map(|x| (x.ok, x.requirement, x.text))
                .collect(),
            flags: Vec::new(),
        });
    }
    let unplaced: Vec<String> = v
        .get("unplaced")
        .and_then(|u| u.as_array())
        .map(|a| {
            a.iter()
                .map(|u| {
                    let day = u.get("day").and_then(|d| d.as_u64()).unwrap_or(0) as usize;
                    let tid = u.get("task_id").and_then(|t| t.as_u64()).unwrap_or(0) as u32;
                    format!(
                        "{}（{}）：{}",
                        task_name(tid),
                        WEEKDAYS.get(day).copied().unwrap_or(""),
                        u.get("text").and_then(|t| t.as_str()).unwrap_or("")
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    let covered = v
        .get("covered_minutes")
        .and_then(|x| x.as_u64())
        .unwrap_or(0) as u32;
    let total = v.get("total_minutes").and_then(|x| x.as_u64()).unwrap_or(0) as u32;
    let weekly: u32 = positions.iter().map(|p| p.weekly_minutes as u32).sum();
    let comparison = vec![
        (
            "作業時間（週）".into(),
            format!(
                "{} のうち {} を切り出し（{}%）",
                job_order_sheet::hours(total),
                job_order_sheet::hours(covered),
                (covered * 100).checked_div(total).unwrap_or(0)
            ),
        ),
        (
            "既存の職員に残る作業".into(),
            format!(
                "{}（{}件）",
                job_order_sheet::hours(total.saturating_sub(covered)),
                unplaced.len()
            ),
        ),
        (
            "ポジション".into(),
            format!(
                "{}人・合計 週{}",
                positions.len(),
                job_order_sheet::hours(weekly)
            ),
        ),
        (
            "週の賃金（切り出し後）".into(),
            format::yen(weekly as i64 * m.hourly_yen as i64 / 60),
        ),
        (
            "最適性".into(),
            if v.get("proved_optimal")
                .and_then(|x| x.as_bool())
                .unwrap_or(false)
            {
                "目的に対して最適であることを確認済み".into()
            } else {
                format!(
                    "下限との差を確認（ポジション数の下限 {}）",
                    v.get("lower_bound_positions")
                        .and_then(|x| x.as_u64())
                        .unwrap_or(0)
                )
            },
        ),
    ];
    let rows: Vec<String> = positions.iter().map(|p| p.label.clone()).collect();
    let timeline = svg_chart::timeline(&svg_chart::Timeline {
        title: "週の時間割",
        rows: &rows,
        blocks: &blocks,
        day_start: b.open_minutes as u16,
        day_end: b.close_minutes as u16,
        width: 900,
    });
    let input = carving::input_of(&m);
    let mut profiles = Vec::new();
    for (n, sid) in input.seeker_ids.iter().enumerate() {
        if let Ok(s) = job_seekers::get(&state.db, staff.office.id, *sid).await {
            profiles.push(format!(
                "対象者{}：{}",
                (b'A' + n as u8) as char,
                super::seekers::availability_text(&s)
            ));
        }
    }
    let grid_days: Vec<u8> = (0..7u8)
        .filter(|d| b.business_days & (1 << d) != 0)
        .collect();
    let mut grid = Vec::new();
    let mut t = (b.open_minutes as u16) / 60 * 60;
    while t < b.close_minutes as u16 {
        let mut row = vec![format!("{}:00", t / 60)];
        for day in &grid_days {
            let who: Vec<String> = positions
                .iter()
                .enumerate()
                .filter(|(_, p)| {
                    p.occurrences
                        .iter()
                        .any(|o| o.day == *day && o.start < t + 60 && o.end > t)
                })
                .map(|(n, _)| (n + 1).to_string())
                .collect();
            row.push(who.join("・"));
        }
        grid.push(row);
        t += 60;
    }
    Ok(PlanData {
        grid_days,
        grid,
        title: format!("業務の切り出し案 #{id}"),
        back: b
            .job_order_id
            .map(|o| format!("/job-orders/{o}/breakdown"))
            .unwrap_or_else(|| format!("/employers/{}/breakdown", b.employer_id)),
        objective: v
            .get("objective_text")
            .and_then(|x| x.as_str())
            .unwrap_or("")
            .to_owned(),
        comparison,
        positions: cards,
        schedule,
        unplaced,
        timeline,
        date,
        employer: employer.name,
        profiles,
    })
}

pub async fn show_plan(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i32>,
    Query(q): Query<DateQuery>,
) -> AppResult<Response> {
    let d = plan_data(&state, &staff, id, &q.date).await?;
    let date = d.date.to_string();
    let v = tpl::PlanView {
        id,
        title: d.title.clone(),
        back: d.back.clone(),
        objective: &d.objective,
        comparison: d.comparison.clone(),
        timeline: d.timeline.clone(),
        positions: &d.positions,
        unplaced: &d.unplaced,
        date: &date,
    };
    Ok(tpl::plan(&staff.ctx("job_orders"), &v, &Default::default()).into_response())
}

/// 業務切り出し提案書 for the employer.
pub async fn proposal_pdf(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i32>,
    Query(q): Query<DateQuery>,
) -> AppResult<Response> {
    let d = plan_data(&state, &staff, id, &q.date).await?;
    let mut doc = Doc::new("業務切り出し提案書", Orientation::Portrait);
    doc.footer(&format!("{}　業務切り出し提案書 #{id}", staff.office.name));
    doc.right(&format::date(format::today()));
    doc.heading("業務切り出し提案書");
    doc.paragraph(&format!("{} 御中", d.employer));
    doc.paragraph("貴社の業務を作業に分け、短時間で働く方が担える形に切り出した案をご提案します。各ポジションは、ご了承いただければ当紹介所の求人として受理し、求職者をご紹介します。");
    let cmp: Vec<(&str, &str)> = d
        .comparison
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    doc.subheading("切り出しの概要");
    doc.fields(&cmp);
    for p in &d.positions {
        doc.subheading(&p.label);
        let tasks = p.tasks.join("、");
        let checks: Vec<String> = p
            .checks
            .iter()
            .map(|(ok, req, t)| {
                format!(
                    "{}{}",
                    if *ok {
                        "○ "
                    } else if *req {
                        "× "
                    } else {
                        "・ "
                    },
                    t
                )
            })
            .collect();
        let checks = checks.join("\n");
        doc.fields(&[
            ("勤務", p.summary.as_str()),
            ("作業", tasks.as_str()),
            ("法令の確認", checks.as_str()),
        ]);
    }
    doc.subheading("週の時間割");
    let legend: Vec<String> = d
        .positions
        .iter()
        .enumerate()
        .map(|(n, p)| format!("{}＝{}", n + 1, p.label))
        .collect();
    doc.small(&format!(
        "表中の数字は勤務しているポジションです（{}）。",
        legend.join("、")
    ));
    let mut headers = vec!["時刻"];
    headers.extend(d.grid_days.iter().map(|x| WEEKDAYS[*x as usize]));
    let widths: Vec<f32> = std::iter::once(1.2)
        .chain(d.grid_days.iter().map(|_| 2.0))
        .collect();
    doc.table(&headers, &widths, &d.grid);
    doc.table(
        &["ポジション", "曜日", "時間", "作業"],
        &[2.0, 1.0, 2.0, 6.0],
        &d.schedule,
    );
    if !d.unplaced.is_empty() {
        doc.subheading("既存の職員に残る作業");
        doc.paragraph(&d.unplaced.join("\n"));
    }
    if q.profiles.is_some() && !d.profiles.is_empty() {
        doc.subheading("対象となる求職者（匿名）");
        doc.paragraph(&d.profiles.join("\n"));
        doc.small("求職者の情報は、本人の同意を得た範囲で、個人を特定できない形で記載しています。");
    }
    doc.small(&format!(
        "目的：{}　法令の確認は{}時点の基準によります。",
        d.objective,
        format::date(d.date)
    ));
    doc.paragraph(&format!(
        "{}　電話 {}　{}",
        staff.office.name, staff.office.phone, staff.office.email
    ));
    let bytes = crate::pdf::render_blocking(state.fonts.clone(), move |f| doc.render(f)).await?;
    crate::services::audit::record(
        &state.db,
        &staff.actor(),
        None,
        "print",
        "carving_plan",
        Some(id.to_string()),
        "業務切り出し提案書を印刷",
    )
    .await?;
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
    )
    .await?;
    Ok(Redirect::to(&format!("/job-orders/{}/edit?notice=saved", created[0].id)).into_response())
}
