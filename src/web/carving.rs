//! Job redesign pages: the 作業分解書 of an order, carving plans, the proposal PDF, and job
//! orders from the chosen positions.
use super::paperwork::pdf_response;
use super::session::Staff;
use crate::domain::WEEKDAYS;
use crate::domain::carving::Check;
use crate::error::AppResult;
use crate::present::format::{self, opts};
use crate::present::job_order_sheet;
use crate::present::svg_chart;
use crate::services::ServiceError;
use crate::services::carving::{self, BreakdownInput, PlanInput, PlanReport, TaskRow};
use crate::services::job_seekers;
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

fn check_line(c: &Check) -> String {
    format!(
        "{}{}",
        if c.ok {
            "○ "
        } else if c.requirement {
            "× "
        } else {
            "・ "
        },
        c.text
    )
}

/// The plan shaped for the page and the proposal.
struct Shown {
    comparison: Vec<(String, String)>,
    cards: Vec<tpl::PositionCard>,
    schedule: Vec<Vec<String>>,
    unplaced: Vec<String>,
    timeline: String,
    grid_days: Vec<u8>,
    grid: Vec<Vec<String>>,
}

fn present(r: &PlanReport) -> Shown {
    let hourly = i64::from(r.model.hourly_yen);
    let mut cards = Vec::new();
    let mut blocks = Vec::new();
    let mut schedule = Vec::new();
    for (row, (p, checks)) in r.plan.positions.iter().zip(&r.checks).enumerate() {
        let mut names: Vec<String> = Vec::new();
        for o in &p.occurrences {
            let n = r.task_name(o.task_id).to_owned();
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
        let mut shifts = Vec::new();
        for (d, s) in p.shifts.iter().enumerate() {
            let Some(s) = s else { continue };
            shifts.push(format!("{} {}", WEEKDAYS[d], carving::shift_text(s)));
            schedule.push(vec![
                p.label.clone(),
                WEEKDAYS[d].to_owned(),
                format!("{}〜{}", hm(s.start), hm(s.end)),
                p.occurrences
                    .iter()
                    .filter(|o| usize::from(o.day) == d)
                    .map(|o| r.task_name(o.task_id))
                    .collect::<Vec<_>>()
                    .join("、"),
            ]);
        }
        let days: Vec<String> = (0..7)
            .filter(|d| p.daily[*d] > 0)
            .map(|d| {
                format!(
                    "{} {}",
                    WEEKDAYS[d],
                    job_order_sheet::hours(p.daily[d].into())
                )
            })
            .collect();
        let idle: u32 = p.idle.iter().map(|&m| u32::from(m)).sum();
        let mut flags = Vec::new();
        if idle > 0 {
            flags.push(format!(
                "勤務中の空き時間（手待ち）が週{}あります。空き時間も労働時間です",
                job_order_sheet::hours(idle)
            ));
        }
        if p.below_minimum {
            flags.push("本人の希望する週の最低時間に届いていません".into());
        }
        let quota = r
            .quota
            .iter()
            .find(|q| q.profile_id == p.profile_id)
            .map(|q| {
                format!(
                    "障害者雇用率：{}・週{}で{}{}",
                    q.kind,
                    job_order_sheet::hours(q.weekly_minutes),
                    q.count,
                    if q.disclosed {
                        "（提案書に記載します。本人同意あり）"
                    } else {
                        "（本人の同意が確認できないため提案書には記載しません）"
                    }
                )
            });
        cards.push(tpl::PositionCard {
            id: p.profile_id,
            label: p.label.clone(),
            summary: format!(
                "週{}（{}）　時給{}　週の賃金 {}",
                job_order_sheet::hours(p.weekly_minutes.into()),
                days.join("・"),
                format::yen(hourly),
                format::yen(i64::from(p.weekly_minutes) * hourly / 60)
            ),
            shifts,
            tasks: names,
            checks: checks
                .iter()
                .map(|x| (x.ok, x.requirement, x.text.clone()))
                .collect(),
            flags,
            quota,
        });
    }
    let unplaced: Vec<String> = r
        .plan
        .unplaced
        .iter()
        .map(|u| {
            format!(
                "{}（{}）：{}",
                r.task_name(u.task_id),
                WEEKDAYS.get(usize::from(u.day)).copied().unwrap_or(""),
                u.text
            )
        })
        .collect();
    let plan = &r.plan;
    let (covered, total) = (plan.covered_minutes, plan.total_minutes);
    let weekly: u32 = plan
        .positions
        .iter()
        .map(|p| u32::from(p.weekly_minutes))
        .sum();
    let idle: u32 = plan.objective.idle_gap_minutes;
    let mut comparison = vec![
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
                "{}人・合計 週{}（うち勤務中の空き時間 {}）",
                plan.positions.len(),
                job_order_sheet::hours(weekly),
                job_order_sheet::hours(idle)
            ),
        ),
        (
            "週の賃金（切り出し後）".into(),
            format::yen(i64::from(weekly) * hourly / 60),
        ),
        ("最適性".into(), optimality_text(plan)),
    ];
    if !r.quota.is_empty() {
        comparison.push((
            QUOTA_ROW.into(),
            format!(
                "合計 {}（{}時点）",
                crate::domain::carving::halves_text(r.quota_total_halves(false)),
                format::date(r.date)
            ),
        ));
    }
    let rows: Vec<String> = plan.positions.iter().map(|p| p.label.clone()).collect();
    let b = &r.breakdown;
    let timeline = svg_chart::timeline(&svg_chart::Timeline {
        title: "週の時間割",
        rows: &rows,
        blocks: &blocks,
        day_start: b.open_minutes as u16,
        day_end: b.close_minutes as u16,
        width: 900,
    });
    let grid_days: Vec<u8> = (0..7u8)
        .filter(|d| b.business_days & (1 << d) != 0)
        .collect();
    let mut grid = Vec::new();
    let mut t = (b.open_minutes.max(0) as u16) / 60 * 60;
    while t < b.close_minutes as u16 {
        let mut row = vec![format!("{}:00", t / 60)];
        for day in &grid_days {
            let who: Vec<String> = plan
                .positions
                .iter()
                .enumerate()
                .filter(|(_, p)| {
                    p.shifts[usize::from(*day)].is_some_and(|s| s.start < t + 60 && s.end > t)
                })
                .map(|(n, _)| (n + 1).to_string())
                .collect();
            row.push(who.join("・"));
        }
        grid.push(row);
        t += 60;
    }
    Shown {
        comparison,
        cards,
        schedule,
        unplaced,
        timeline,
        grid_days,
        grid,
    }
}

/// The overview row of the 障害者雇用率 total (all fitted seekers; page only).
const QUOTA_ROW: &str = "障害者雇用率の算定";

fn optimality_text(plan: &crate::domain::carving::Plan) -> String {
    let gap = plan.gap_minutes();
    if plan.proved_optimal {
        "目的に対して最適であることを確認済み（厳密解）".into()
    } else {
        format!(
            "上限との差 週{}（切り出せた作業 週{}／理論上の上限 週{}、ポジション数の下限 {}）{}",
            job_order_sheet::hours(gap),
            job_order_sheet::hours(plan.covered_minutes),
            job_order_sheet::hours(plan.covered_upper_bound),
            plan.lower_bound_positions,
            if plan.stopped_early {
                "。計算時間の上限に達したため、それまでに見つかった最良の案です"
            } else {
                ""
            }
        )
    }
}

pub async fn show_plan(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i32>,
    Query(q): Query<DateQuery>,
) -> AppResult<Response> {
    let r = carving::report(&state.db, staff.office.id, id, date_of(&q.date)).await?;
    let d = present(&r);
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

/// The proposal's data: the 障害者雇用率 lines and the anonymised profiles only where the seekers'
/// consent covers them.
fn proposal_data(
    r: &PlanReport,
    staff: &Staff,
    with_profiles: bool,
) -> crate::pdf::proposal::ProposalData {
    let d = present(r);
    let undisclosed: Vec<i32> = r
        .quota
        .iter()
        .filter(|q| !q.disclosed)
        .map(|q| q.profile_id)
        .collect();
    let positions = r
        .plan
        .positions
        .iter()
        .zip(&r.checks)
        .zip(&d.cards)
        .map(
            |((p, checks), card)| crate::pdf::proposal::ProposalPosition {
                label: card.label.clone(),
                summary: card.summary.clone(),
                shifts: card.shifts.clone(),
                tasks: card.tasks.join("、"),
                checks: checks
                    .iter()
                    .filter(|c| {
                        !(c.rule == "disability_quota" && undisclosed.contains(&p.profile_id))
                    })
                    .map(check_line)
                    .collect(),
            },
        )
        .collect();
    let mut quota: Vec<String> = r
        .quota
        .iter()
        .filter(|q| q.disclosed)
        .map(|q| {
            format!(
                "{}：{}・週{} → {}",
                q.label,
                q.kind,
                job_order_sheet::hours(q.weekly_minutes),
                q.count
            )
        })
        .collect();
    if !quota.is_empty() {
        quota.push(format!(
            "合計 {}（{}時点の算定方法による）",
            crate::domain::carving::halves_text(r.quota_total_halves(true)),
            format::date(r.date)
        ));
    }
    let profiles = if with_profiles {
        r.seekers
            .iter()
            .map(|s| {
                format!(
                    "{}：{}",
                    s.label,
                    super::seekers::availability_text(&s.seeker)
                )
            })
            .collect()
    } else {
        Vec::new()
    };
    crate::pdf::proposal::ProposalData {
        plan_id: r.model.id,
        office_name: staff.office.name.clone(),
        office_contact: format!(
            "{}　電話 {}　{}",
            staff.office.name, staff.office.phone, staff.office.email
        ),
        issued_on: format::date(format::today()),
        checked_on: format::date(r.date),
        employer_name: r.employer.name.clone(),
        // The plan page's total counts every fitted seeker; the proposal prints only the
        // disclosed ones, in their own section.
        overview: d
            .comparison
            .into_iter()
            .filter(|(k, _)| k != QUOTA_ROW)
            .collect(),
        positions,
        grid_days: d
            .grid_days
            .iter()
            .map(|x| WEEKDAYS[usize::from(*x)].to_owned())
            .collect(),
        grid: d.grid,
        schedule: d.schedule,
        unplaced: d.unplaced,
        profiles,
        quota,
        objective: r.plan.objective_text.clone(),
    }
}

/// 業務切り出し提案書 for the employer.
pub async fn proposal_pdf(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i32>,
    Query(q): Query<DateQuery>,
) -> AppResult<Response> {
    let r = carving::report(&state.db, staff.office.id, id, date_of(&q.date)).await?;
    let data = proposal_data(&r, &staff, q.profiles.is_some());
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
