//! A carving plan (業務の切り出し) shaped for its page and its proposal: position cards, the
//! weekly schedule, the timeline chart, the hour grid and the comparison with the order.
use super::format;
use super::job_order_sheet;
use super::svg_chart;
use crate::domain::WEEKDAYS;
use crate::domain::carving::Check;
use crate::services::carving::{self, PlanReport, TaskRow};
use templates::carving as tpl;

/// Minutes after midnight as "9:05".
pub fn hm(m: u16) -> String {
    format!("{}:{:02}", m / 60, m % 60)
}

/// A rule's check as a line: ○ met, × a requirement not met, ・ a point to note.
pub fn check_line(c: &Check) -> String {
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
pub struct Shown {
    pub comparison: Vec<(String, String)>,
    pub cards: Vec<tpl::PositionCard>,
    pub schedule: Vec<Vec<String>>,
    pub unplaced: Vec<String>,
    pub timeline: String,
    pub grid_days: Vec<u8>,
    pub grid: Vec<Vec<String>>,
}

pub fn plan(r: &PlanReport) -> Shown {
    let mut blocks = Vec::new();
    let mut schedule = Vec::new();
    let cards = r
        .plan
        .positions
        .iter()
        .zip(&r.checks)
        .enumerate()
        .map(|(row, (p, checks))| card(r, row, p, checks, &mut blocks, &mut schedule))
        .collect();
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
    let comparison = comparison(r, unplaced.len());
    let rows: Vec<String> = r.plan.positions.iter().map(|p| p.label.clone()).collect();
    let b = &r.breakdown;
    let timeline = svg_chart::timeline(&svg_chart::Timeline {
        title: "週の時間割",
        rows: &rows,
        blocks: &blocks,
        day_start: b.open_minutes as u16,
        day_end: b.close_minutes as u16,
        width: 900,
    });
    let (grid_days, grid) = hour_grid(r);
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

/// One position's card; its blocks of the timeline and its rows of the schedule go to `blocks`
/// and `schedule`.
fn card(
    r: &PlanReport,
    row: usize,
    p: &crate::domain::carving::Position,
    checks: &[Check],
    blocks: &mut Vec<svg_chart::TimelineBlock>,
    schedule: &mut Vec<Vec<String>>,
) -> tpl::PositionCard {
    let hourly = i64::from(r.model.hourly_yen);
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
    tpl::PositionCard {
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
    }
}

/// The plan against the order: hours carved out, work left, positions, wages, optimality and
/// (when people were fitted) the 障害者雇用率 total.
fn comparison(r: &PlanReport, unplaced: usize) -> Vec<(String, String)> {
    let hourly = i64::from(r.model.hourly_yen);
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
                unplaced
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
    comparison
}

/// Who works in each hour of each business day: the days, then a row per hour.
fn hour_grid(r: &PlanReport) -> (Vec<u8>, Vec<Vec<String>>) {
    let (b, plan) = (&r.breakdown, &r.plan);
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
    (grid_days, grid)
}

/// The overview row of the 障害者雇用率 total (all fitted seekers; page only).
pub const QUOTA_ROW: &str = "障害者雇用率の算定";

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

/// A task row of the breakdown editor as typed.
pub fn row_view(r: &TaskRow) -> tpl::RowView {
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

/// The people a plan can be fitted to: "番号 氏名（勤務可能な時間）".
pub fn seeker_choices(rows: &[entity::job_seeker::Model]) -> Vec<(String, String)> {
    rows.iter()
        .map(|s| {
            let available =
                super::seeker::availability_text(&crate::services::job_seekers::availability(s));
            (
                s.id.to_string(),
                format!("{} {}（{}）", s.number, s.name, available),
            )
        })
        .collect()
}

/// The plans made from a breakdown: when, and how (fitted to people or split).
pub fn plan_choices(plans: &[entity::carving_plan::Model]) -> Vec<(i32, String)> {
    plans
        .iter()
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
        .collect()
}

/// The office's task templates: "名前（分）".
pub fn template_choices(templates: &[entity::task_template::Model]) -> Vec<(String, String)> {
    templates
        .iter()
        .map(|t| (t.id.to_string(), format!("{}（{}分）", t.name, t.minutes)))
        .collect()
}

/// The proposal's 障害者雇用率 lines: each disclosed person's count and the total, by the rules
/// in force on the plan's date.
pub fn quota_lines(r: &PlanReport) -> Vec<String> {
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
    quota
}

/// The anonymised profiles of the fitted people: "label：勤務可能な時間".
pub fn profile_lines(r: &PlanReport) -> Vec<String> {
    r.seekers
        .iter()
        .map(|s| {
            format!(
                "{}：{}",
                s.label,
                super::seeker::availability_text(&crate::services::job_seekers::availability(
                    &s.seeker
                ))
            )
        })
        .collect()
}

/// The proposal's data: the 障害者雇用率 lines and the anonymised profiles only where the seekers'
/// consent covers them.
pub fn proposal_data(
    r: &PlanReport,
    office: &entity::office::Model,
    issued_on: chrono::NaiveDate,
    with_profiles: bool,
) -> crate::pdf::proposal::ProposalData {
    let d = plan(r);
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
    let quota = quota_lines(r);
    let profiles = if with_profiles {
        profile_lines(r)
    } else {
        Vec::new()
    };
    crate::pdf::proposal::ProposalData {
        plan_id: r.model.id,
        office_name: office.name.clone(),
        office_contact: format!("{}　電話 {}　{}", office.name, office.phone, office.email),
        issued_on: format::date(issued_on),
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
