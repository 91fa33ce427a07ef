//! Staff pages for job seekers (求職者), matching in both directions, and follow-ups.
use super::auth::notice_text;
use super::home::NoticeQuery;
use super::session::Staff;
use crate::domain::matching::format_windows;
use crate::error::{AppError, AppResult};
use crate::present::format::{self, opts};
use crate::present::job_order_sheet;
use crate::services::job_seekers::{self, JobSeekerInput, NoteInput, SeekerFilter};
use crate::services::placements::{self, ExperienceInput, FollowUpInput};
use crate::services::{employers, job_orders, matching, refdata, staff_users};
use crate::state::AppState;
use crate::validation::FieldErrors;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use serde::Deserialize;
use std::collections::BTreeMap;
use templates::seekers as tpl;

/// "月 9:00〜13:00 / 水 …" for lists.
pub fn availability_text(m: &entity::job_seeker::Model) -> String {
    let a = job_seekers::availability(m);
    let days: Vec<String> = a
        .days
        .iter()
        .enumerate()
        .filter(|(_, w)| !w.is_empty())
        .map(|(d, w)| format!("{} {}", job_seekers::WEEKDAYS[d], format_windows(w)))
        .collect();
    let mut s = days.join(" / ");
    let mut limits = Vec::new();
    if a.max_daily_minutes > 0 {
        limits.push(format!(
            "1日{}まで",
            job_order_sheet::hours(a.max_daily_minutes)
        ));
    }
    if a.max_weekly_minutes > 0 {
        limits.push(format!(
            "週{}まで",
            job_order_sheet::hours(a.max_weekly_minutes)
        ));
    }
    if !limits.is_empty() {
        s.push_str(&format!("（{}）", limits.join("・")));
    }
    if let Some(d) = a.earliest_start {
        if !s.is_empty() {
            s.push('　');
        }
        s.push_str(&format!("{}から就業可能", format::date(d)));
    }
    if s.is_empty() { "未登録".into() } else { s }
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
            state: if m.state == "active" {
                "有効".into()
            } else {
                format!(
                    "終了（{}）",
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
        page.total,
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
        Err(AppError::Invalid(FieldErrors::new()))
    };
    super::after_post(
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
    super::after_post(
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
    let m = job_seekers::view(&state.db, &staff.actor(), staff.office.id, id).await?;
    let pref = refdata::prefecture_name(&state.db, &m.prefecture_code).await?;
    let supports: Vec<&str> = serde_json::from_str::<Vec<String>>(&m.support_categories)
        .unwrap_or_default()
        .iter()
        .map(|c| job_seekers::label(job_seekers::SUPPORT_CATEGORIES, c))
        .collect();
    let staff_names: std::collections::HashMap<i32, String> =
        staff_users::list(&state.db, staff.office.id)
            .await?
            .into_iter()
            .map(|u| (u.id, u.name))
            .collect();
    let today = format::today();
    let age = today.years_since(m.birth_date).unwrap_or(0);
    let facts = vec![
        ("フリガナ".to_owned(), m.name_kana.clone()),
        (
            "状態".to_owned(),
            if m.state == "active" {
                "有効".into()
            } else {
                format!(
                    "終了（{}、{}）",
                    job_seekers::label(
                        job_seekers::CLOSE_REASONS,
                        m.closed_reason.as_deref().unwrap_or("")
                    ),
                    m.closed_on.map(format::date).unwrap_or_default()
                )
            },
        ),
        (
            "受付日・有効期限".to_owned(),
            format!(
                "{}受付　{}まで",
                format::date(m.registered_on),
                format::date(m.valid_until)
            ),
        ),
        (
            "同意".to_owned(),
            format!(
                "{}に{}で取得{}{}",
                format::date(m.consent_given_on),
                job_seekers::label(job_seekers::CONSENT_METHODS, &m.consent_method),
                if m.disclosure_delivered_on.is_some() {
                    "・明示事項交付済"
                } else {
                    "・明示事項未交付"
                },
                if m.share_consent {
                    "・支援機関との共有に同意"
                } else {
                    ""
                }
            ),
        ),
        (
            "生年月日".to_owned(),
            format!("{}（{age}歳）", format::date(m.birth_date)),
        ),
        (
            "住所".to_owned(),
            format!(
                "〒{} {}{}{}",
                m.postal_code, pref, m.municipality, m.address
            ),
        ),
        ("最寄駅".to_owned(), m.nearest_station.clone()),
        (
            "連絡先".to_owned(),
            format!("{}　{}　{}", m.phone, m.email, m.contact_preference),
        ),
        (
            "希望職種".to_owned(),
            occupation_names(
                &refdata::occupation_names(&state.db).await?,
                &job_seekers::desired_occupations(&m),
            ),
        ),
        (
            "希望勤務地".to_owned(),
            if m.desired_areas.is_empty() {
                m.municipality.clone()
            } else {
                format!("{}、{}", m.municipality, m.desired_areas)
            },
        ),
        (
            "希望賃金・雇用形態".to_owned(),
            format!(
                "{}　{}",
                m.desired_hourly_yen
                    .map(|y| format!("時給{}以上", format::yen(y.into())))
                    .unwrap_or_else(|| "希望なし".into()),
                job_seekers::label(job_seekers::EMPLOYMENT, &m.desired_employment)
            ),
        ),
        ("勤務できる時間".to_owned(), availability_text(&m)),
        ("学歴".to_owned(), m.education.clone()),
        ("免許・資格".to_owned(), m.licenses.clone()),
        ("職歴".to_owned(), m.work_history.clone()),
        ("支援区分".to_owned(), supports.join("、")),
        (
            "段階".to_owned(),
            job_seekers::label(job_seekers::LADDER, &m.ladder_step).to_owned(),
        ),
        (
            "支援機関".to_owned(),
            format!("{}　{}", m.supporting_agency, m.agency_contact),
        ),
        (
            "担当者".to_owned(),
            m.staff_in_charge_id
                .and_then(|s| staff_names.get(&s).cloned())
                .unwrap_or_default(),
        ),
    ];
    let sensitive = if m.sensitive_consent {
        vec![
            (
                "手帳".to_owned(),
                format!(
                    "{} {}",
                    job_seekers::label(job_seekers::DISABILITY_TYPES, &m.disability_type),
                    m.disability_grade
                ),
            ),
            (
                "障害の可能性".to_owned(),
                if m.disability_suspected {
                    "あり（手帳なし）".into()
                } else {
                    "—".into()
                },
            ),
            ("配慮事項".to_owned(), m.disability_notes.clone()),
        ]
    } else {
        Vec::new()
    };
    let notes = job_seekers::notes(&state.db, staff.office.id, id)
        .await?
        .into_iter()
        .map(|n| {
            (
                format::date(n.noted_on),
                n.staff_user_id
                    .and_then(|s| staff_names.get(&s).cloned())
                    .unwrap_or_default(),
                n.body,
            )
        })
        .collect();
    let refs = crate::services::referrals::list(
        &state.db,
        staff.office.id,
        &crate::services::referrals::ReferralFilter {
            job_seeker_id: Some(id),
            ..Default::default()
        },
        today,
    )
    .await?;
    let referrals = refs
        .into_iter()
        .map(|r| {
            (
                r.referral.id,
                r.referral.number.clone(),
                format::date(r.referral.referred_on),
                format!(
                    "{} {}（{}）",
                    r.order_number, r.order_title, r.employer_name
                ),
                crate::domain::referral::state_label(&r.referral.state).to_owned(),
                r.referral.flagged,
            )
        })
        .collect();
    let mut placement_rows = Vec::new();
    for p in placements::for_seeker(&state.db, staff.office.id, id).await? {
        let employer = employers::get(&state.db, staff.office.id, p.employer_id)
            .await
            .map(|e| e.name)
            .unwrap_or_default();
        let head = format!(
            "{} {}入社　{}（{}）　週{}　時給{}{}",
            employer,
            format::date(p.start_date),
            placements::classification_label(&p.classification),
            if p.contract_indefinite {
                "無期".to_owned()
            } else {
                format!("有期{}か月", p.contract_months.unwrap_or(0))
            },
            job_order_sheet::hours(p.weekly_minutes as u32),
            format::yen(p.hourly_yen.into()),
            p.left_on
                .map(|d| format!(
                    "　{}離職（{}）",
                    format::date(d),
                    placements::label(
                        placements::LEFT_REASONS,
                        p.left_reason.as_deref().unwrap_or("")
                    )
                ))
                .unwrap_or_default()
        );
        let follow = placements::follow_ups_of(&state.db, p.id)
            .await?
            .into_iter()
            .map(|f| {
                (
                    f.id,
                    placements::follow_up_label(&f.due_kind).to_owned(),
                    format::date(f.due_on),
                    match (&f.done_on, &f.result) {
                        (Some(d), Some(r)) => format!(
                            "{}：{}",
                            format::date(*d),
                            placements::label(placements::RESULTS, r)
                        ),
                        _ => "未確認".into(),
                    },
                )
            })
            .collect();
        placement_rows.push((head, follow));
    }
    let mut experiences = Vec::new();
    for x in placements::experiences(&state.db, staff.office.id, id).await? {
        let host = employers::get(&state.db, staff.office.id, x.employer_id)
            .await
            .map(|e| e.name)
            .unwrap_or_default();
        experiences.push((
            placements::label(placements::EXPERIENCE_KINDS, &x.kind).to_owned(),
            format!(
                "{}〜{} {}",
                format::date(x.start_on),
                format::date(x.end_on),
                x.hours
            ),
            host,
            format!("{}\n{}", x.assessment, x.outcome).trim().to_owned(),
        ));
    }
    let coop_employers: Vec<(String, String)> = employers::list(
        &state.db,
        staff.office.id,
        &employers::EmployerFilter {
            page: Some(1),
            ..Default::default()
        },
    )
    .await?
    .rows
    .into_iter()
    .map(|e| (e.id.to_string(), e.name))
    .collect();
    let d = tpl::Detail {
        id,
        number: m.number.clone(),
        name: m.name.clone(),
        active: m.state == "active",
        facts,
        sensitive,
        notes,
        referrals,
        placements: placement_rows,
        experiences,
        employers: coop_employers,
        experience_kinds: opts(placements::EXPERIENCE_KINDS),
        close_reasons: opts(&job_seekers::CLOSE_REASONS[..2]),
    };
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
    super::after_post(
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
    super::after_post(
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
    let due = placements::due_follow_ups(
        &state.db,
        staff.office.id,
        today + chrono::Duration::days(7),
    )
    .await?;
    let mut rows = Vec::new();
    for (f, p) in due {
        let seeker = job_seekers::get(&state.db, staff.office.id, p.job_seeker_id).await?;
        let employer = employers::get(&state.db, staff.office.id, p.employer_id)
            .await
            .map(|e| e.name)
            .unwrap_or_default();
        rows.push(tpl::DueRow {
            id: f.id,
            due: format::date(f.due_on),
            kind: placements::follow_up_label(&f.due_kind).to_owned(),
            seeker: format!("{} {}", seeker.number, seeker.name),
            employer,
            overdue: f.due_on < today,
        });
    }
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
    super::after_post(
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
