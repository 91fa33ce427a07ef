//! Hires (就職) and their follow-ups (定着確認: 1 week, 1, 3 and 6 months), and work-experience
//! placements (見学・体験・実習), which are not 職業紹介 and stay out of the ledgers.
use super::error::{ServiceError, ServiceResult};
use super::{Actor, audit, employers, job_seekers, now};
use crate::domain::placement::{Classification, FOLLOW_UPS};
use crate::validation::FieldErrors;
use chrono::NaiveDate;
use entity::{follow_up, placement, work_experience};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, JoinType,
    QueryFilter, QueryOrder, QuerySelect,
};
use serde::Deserialize;

pub const CONTACT_WITH: &[(&str, &str)] = &[("person", "本人"), ("employer", "事業所")];
pub const CHANNELS: &[(&str, &str)] = &[("phone", "電話"), ("visit", "訪問"), ("email", "メール")];
pub const RESULTS: &[(&str, &str)] = &[("employed", "在職"), ("left", "離職"), ("unknown", "不明")];
pub const LEFT_REASONS: &[(&str, &str)] = &[
    ("self", "自己都合"),
    ("dismissal", "解雇"),
    ("contract_end", "契約満了"),
    ("other", "その他"),
];
pub const EXPERIENCE_KINDS: &[(&str, &str)] = &[
    ("visit", "職場見学"),
    ("experience", "就労体験"),
    ("internship", "企業実習"),
];

pub use super::label;

pub fn classification_label(code: &str) -> &'static str {
    Classification::from_code(code)
        .map(Classification::label)
        .unwrap_or("")
}

pub fn follow_up_label(kind: &str) -> &'static str {
    FOLLOW_UPS
        .iter()
        .find(|(k, _)| *k == kind)
        .map(|(_, l)| *l)
        .unwrap_or("")
}

pub async fn get<C: ConnectionTrait>(
    db: &C,
    office_id: i32,
    id: i32,
) -> ServiceResult<placement::Model> {
    placement::Entity::find_by_id(id)
        .filter(placement::Column::OfficeId.eq(office_id))
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)
}

pub async fn for_seeker<C: ConnectionTrait>(
    db: &C,
    office_id: i32,
    seeker_id: i32,
) -> Result<Vec<placement::Model>, sea_orm::DbErr> {
    placement::Entity::find()
        .filter(placement::Column::OfficeId.eq(office_id))
        .filter(placement::Column::JobSeekerId.eq(seeker_id))
        .order_by_desc(placement::Column::StartDate)
        .all(db)
        .await
}

pub async fn follow_ups_of<C: ConnectionTrait>(
    db: &C,
    placement_id: i32,
) -> Result<Vec<follow_up::Model>, sea_orm::DbErr> {
    follow_up::Entity::find()
        .filter(follow_up::Column::PlacementId.eq(placement_id))
        .order_by_asc(follow_up::Column::DueOn)
        .all(db)
        .await
}

/// A page of the office's placements, newest first (by id): those before `before_id` when
/// given, at most `limit` (1–500). A page is an index range whatever the office's size.
pub async fn page<C: ConnectionTrait>(
    db: &C,
    office_id: i32,
    before_id: Option<i32>,
    limit: u64,
) -> Result<Vec<placement::Model>, sea_orm::DbErr> {
    let mut q = placement::Entity::find().filter(placement::Column::OfficeId.eq(office_id));
    if let Some(b) = before_id {
        q = q.filter(placement::Column::Id.lt(b));
    }
    q.order_by_desc(placement::Column::Id)
        .limit(limit.clamp(1, 500))
        .all(db)
        .await
}

/// At most this many due follow-ups are listed or counted (the list shows the soonest).
pub const DUE_CAP: u64 = 500;

/// Follow-ups not yet done and due by `until`, of hires who have not left: one join over the
/// index of open follow-ups, never the office's whole history.
fn due_query(office_id: i32, until: NaiveDate) -> sea_orm::Select<follow_up::Entity> {
    // Built by hand: the follow-up entity declares no relations.
    follow_up::Entity::find()
        .join(
            JoinType::InnerJoin,
            follow_up::Entity::belongs_to(placement::Entity)
                .from(follow_up::Column::PlacementId)
                .to(placement::Column::Id)
                .into(),
        )
        .filter(follow_up::Column::OfficeId.eq(office_id))
        .filter(follow_up::Column::DoneOn.is_null())
        .filter(follow_up::Column::CancelledOn.is_null())
        .filter(follow_up::Column::DueOn.lte(until))
        .filter(placement::Column::LeftOn.is_null())
}

/// The soonest `limit` follow-ups due by `until` (not done, the hire still employed), with their
/// placements.
pub async fn due_follow_ups<C: ConnectionTrait>(
    db: &C,
    office_id: i32,
    until: NaiveDate,
    limit: u64,
) -> Result<Vec<(follow_up::Model, placement::Model)>, sea_orm::DbErr> {
    Ok(due_query(office_id, until)
        .select_also(placement::Entity)
        .order_by_asc(follow_up::Column::DueOn)
        .order_by_asc(follow_up::Column::Id)
        .limit(limit)
        .all(db)
        .await?
        .into_iter()
        .filter_map(|(f, p)| Some((f, p?)))
        .collect())
}

/// A due follow-up as the follow-up list shows it.
pub struct DueFollowUp {
    pub follow_up: follow_up::Model,
    pub placement: placement::Model,
    /// 求職番号 and name of the person hired.
    pub seeker: (String, String),
    pub employer_name: String,
}

/// [`due_follow_ups`] with the names the list shows: two more queries for the whole list.
pub async fn due_follow_up_list<C: ConnectionTrait>(
    db: &C,
    office_id: i32,
    until: NaiveDate,
) -> Result<Vec<DueFollowUp>, sea_orm::DbErr> {
    use entity::job_seeker;
    use std::collections::HashMap;
    let due = due_follow_ups(db, office_id, until, DUE_CAP).await?;
    let seeker_ids: Vec<i32> = due.iter().map(|(_, p)| p.job_seeker_id).collect();
    let employer_ids: Vec<i32> = due.iter().map(|(_, p)| p.employer_id).collect();
    let seekers: HashMap<i32, (String, String)> = job_seeker::Entity::find()
        .filter(job_seeker::Column::OfficeId.eq(office_id))
        .filter(job_seeker::Column::Id.is_in(seeker_ids))
        .select_only()
        .column(job_seeker::Column::Id)
        .column(job_seeker::Column::Number)
        .column(job_seeker::Column::Name)
        .into_tuple::<(i32, String, String)>()
        .all(db)
        .await?
        .into_iter()
        .map(|(id, number, name)| (id, (number, name)))
        .collect();
    // The placements are the office's, so their employers are too.
    let employers = employers::names(db, employer_ids).await?;
    Ok(due
        .into_iter()
        .map(|(f, p)| DueFollowUp {
            seeker: seekers.get(&p.job_seeker_id).cloned().unwrap_or_default(),
            employer_name: employers.get(&p.employer_id).cloned().unwrap_or_default(),
            follow_up: f,
            placement: p,
        })
        .collect())
}

/// How many follow-ups are due by `until`, counting at most [`DUE_CAP`]: (count, more).
pub async fn count_due_follow_ups<C: ConnectionTrait>(
    db: &C,
    office_id: i32,
    until: NaiveDate,
) -> Result<(u64, bool), sea_orm::DbErr> {
    super::job_orders::bounded_count(db, due_query(office_id, until), DUE_CAP).await
}

#[derive(Clone, Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct FollowUpInput {
    pub done_on: String,
    /// `person` or `employer`
    pub contact_with: String,
    /// `phone`, `visit`, `email`
    pub channel: String,
    /// `employed`, `left`, `unknown`
    pub result: String,
    /// When left: `self`, `dismissal`, `contract_end`, `other`
    pub left_reason: String,
    pub left_on: String,
    pub note: String,
}

fn parse_date(v: &str) -> Option<NaiveDate> {
    crate::domain::wareki::parse_date(v)
}

/// Record a follow-up; a 離職 ends the placement (the date and the reason are kept for the report).
pub async fn record_follow_up<C: super::Db>(
    db: &C,
    actor: &Actor,
    office_id: i32,
    id: i32,
    i: &FollowUpInput,
    today: NaiveDate,
) -> ServiceResult<follow_up::Model> {
    let txn = super::write_tx(db).await?;
    let db = &txn;
    let f = follow_up::Entity::find_by_id(id)
        .filter(follow_up::Column::OfficeId.eq(office_id))
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let p = get(db, office_id, f.placement_id).await?;
    let mut e = FieldErrors::new();
    let done_on = if i.done_on.trim().is_empty() {
        Some(today)
    } else {
        parse_date(&i.done_on)
    };
    if done_on.is_none() {
        e.add("done_on", "確認した日を入力してください");
    }
    if !CONTACT_WITH.iter().any(|(c, _)| *c == i.contact_with) {
        e.add(
            "contact_with",
            "確認の相手（本人・事業所）を選択してください",
        );
    }
    if !CHANNELS.iter().any(|(c, _)| *c == i.channel) {
        e.add("channel", "方法（電話・訪問・メール）を選択してください");
    }
    if !RESULTS.iter().any(|(c, _)| *c == i.result) {
        e.add("result", "結果（在職・離職・不明）を選択してください");
    }
    let mut left_on = None;
    if i.result == "left" {
        if !LEFT_REASONS.iter().any(|(c, _)| *c == i.left_reason) {
            e.add("left_reason", "離職の理由を選択してください");
        }
        left_on = if i.left_on.trim().is_empty() {
            done_on
        } else {
            parse_date(&i.left_on)
        };
        match left_on {
            None => e.add("left_on", "離職日を正しく入力してください"),
            Some(d) if d < p.start_date => {
                e.add("left_on", "離職日は入社日より後の日付にしてください")
            }
            _ => {}
        }
    }
    e.into_result()?;
    let mut am: follow_up::ActiveModel = f.into();
    am.done_on = Set(done_on);
    am.contact_with = Set(Some(i.contact_with.clone()));
    am.channel = Set(Some(i.channel.clone()));
    am.result = Set(Some(i.result.clone()));
    am.left_reason = Set((i.result == "left").then(|| i.left_reason.clone()));
    am.note = Set(i.note.trim().to_owned());
    am.staff_user_id = Set(actor.id);
    let f = am.update(db).await?;
    if let Some(d) = left_on {
        let placement_id = p.id;
        let mut pm: placement::ActiveModel = p.into();
        pm.left_on = Set(Some(d));
        pm.left_reason = Set(Some(i.left_reason.clone()));
        pm.update(db).await?;
        // The hire's later follow-ups are no longer due.
        follow_up::Entity::update_many()
            .col_expr(
                follow_up::Column::CancelledOn,
                sea_orm::sea_query::Expr::value(Some(d)),
            )
            .filter(follow_up::Column::PlacementId.eq(placement_id))
            .filter(follow_up::Column::DoneOn.is_null())
            .exec(db)
            .await?;
    }
    audit::record(
        db,
        actor,
        Some(office_id),
        "update",
        "follow_up",
        Some(f.id.to_string()),
        format!(
            "定着確認（{}）：{}",
            follow_up_label(&f.due_kind),
            label(RESULTS, &i.result)
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(f)
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct ExperienceInput {
    pub employer_id: String,
    pub kind: String,
    pub start_on: String,
    pub end_on: String,
    pub hours: String,
    pub host_fee_yen: String,
    pub insurance: String,
    pub assessment: String,
    pub outcome: String,
}

/// Arrange a 見学 / 体験 / 実習 with a co-operating employer.
pub async fn add_experience<C: super::Db>(
    db: &C,
    actor: &Actor,
    office_id: i32,
    seeker_id: i32,
    i: &ExperienceInput,
) -> ServiceResult<work_experience::Model> {
    let txn = super::write_tx(db).await?;
    let db = &txn;
    job_seekers::get(db, office_id, seeker_id).await?;
    let mut e = FieldErrors::new();
    let employer_id = i.employer_id.trim().parse::<i32>().ok();
    let employer = match employer_id {
        Some(id) => employers::get(db, office_id, id).await.ok(),
        None => None,
    };
    if employer.is_none() {
        e.add("employer_id", "受入れ先の事業所を選択してください");
    }
    if !EXPERIENCE_KINDS.iter().any(|(c, _)| *c == i.kind) {
        e.add("kind", "種類（見学・体験・実習）を選択してください");
    }
    let start = parse_date(&i.start_on);
    let end = if i.end_on.trim().is_empty() {
        start
    } else {
        parse_date(&i.end_on)
    };
    if start.is_none() {
        e.add("start_on", "開始日を入力してください");
    }
    match (start, end) {
        (_, None) => e.add("end_on", "終了日を正しく入力してください"),
        (Some(s), Some(t)) if t < s => e.add("end_on", "終了日は開始日以降にしてください"),
        _ => {}
    }
    let fee = match crate::domain::normalize::nfkc(i.host_fee_yen.trim()).replace([',', '円'], "")
    {
        s if s.is_empty() => None,
        s => s.parse::<i32>().ok().filter(|v| *v >= 0).or_else(|| {
            e.add("host_fee_yen", "謝金は数字で入力してください");
            None
        }),
    };
    e.into_result()?;
    let t = now();
    let m = work_experience::ActiveModel {
        office_id: Set(office_id),
        job_seeker_id: Set(seeker_id),
        employer_id: Set(employer.map(|e| e.id).unwrap_or_default()),
        kind: Set(i.kind.clone()),
        start_on: Set(start.unwrap_or_default()),
        end_on: Set(end.unwrap_or_default()),
        hours: Set(i.hours.trim().to_owned()),
        host_fee_yen: Set(fee),
        insurance: Set(i.insurance.trim().to_owned()),
        assessment: Set(i.assessment.trim().to_owned()),
        outcome: Set(i.outcome.trim().to_owned()),
        created_at: Set(t),
        updated_at: Set(t),
        ..Default::default()
    }
    .insert(db)
    .await?;
    audit::record(
        db,
        actor,
        Some(office_id),
        "create",
        "work_experience",
        Some(m.id.to_string()),
        format!(
            "{}を記録（求職者 #{seeker_id}）",
            label(EXPERIENCE_KINDS, &i.kind)
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(m)
}

pub async fn experiences<C: ConnectionTrait>(
    db: &C,
    office_id: i32,
    seeker_id: i32,
) -> Result<Vec<work_experience::Model>, sea_orm::DbErr> {
    work_experience::Entity::find()
        .filter(work_experience::Column::OfficeId.eq(office_id))
        .filter(work_experience::Column::JobSeekerId.eq(seeker_id))
        .order_by_desc(work_experience::Column::StartOn)
        .all(db)
        .await
}
