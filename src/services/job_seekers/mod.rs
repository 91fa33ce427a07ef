//! Job seekers (求職者): registration only after consent (職安法5条の5), sensitive items only
//! with explicit consent, 求職番号, validity renewed by each contact, duplicate detection,
//! case notes and closing. Every lookup is scoped to an office.
use super::error::{ServiceError, ServiceResult};
use super::{Actor, audit, now, numbering};
use crate::domain::fiscal_year::fiscal_year_of;
use crate::domain::matching::{Availability, format_windows, parse_windows};
use crate::domain::normalize::{
    nfkc, normalize_email, normalize_name_for_match, phone_digits, to_katakana,
};
use crate::domain::numbering::NumberKind;
use crate::domain::states::SeekerState;
use crate::domain::validity::ValidityRule;
use crate::domain::values::{Kana, Phone, PostalCode};
use crate::validation::FieldErrors;
use chrono::NaiveDate;
use entity::{case_note, job_seeker};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait,
    DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect, TransactionTrait,
};
use serde::{Deserialize, Serialize};

mod input;

pub use input::*;

/// Seekers of the office that look like the same person: same name and birth date, or same phone.
pub async fn find_duplicates<C: ConnectionTrait>(
    db: &C,
    office_id: i32,
    i: &JobSeekerInput,
    except: Option<i32>,
) -> Result<Vec<job_seeker::Model>, sea_orm::DbErr> {
    let name = normalize_name_for_match(&i.name);
    let digits = phone_digits(&i.phone);
    let birth = crate::domain::wareki::parse_date(&i.birth_date);
    let mut any = Condition::any();
    if let Some(b) = birth
        && !name.is_empty()
    {
        any = any.add(
            Condition::all()
                .add(job_seeker::Column::NameNormalized.eq(name))
                .add(job_seeker::Column::BirthDate.eq(b)),
        );
    }
    if digits.len() >= 10 {
        any = any.add(job_seeker::Column::PhoneDigits.eq(digits));
    }
    if any.is_empty() {
        return Ok(Vec::new());
    }
    let mut q = job_seeker::Entity::find()
        .filter(job_seeker::Column::OfficeId.eq(office_id))
        .filter(any);
    if let Some(id) = except {
        q = q.filter(job_seeker::Column::Id.ne(id));
    }
    q.limit(20).all(db).await
}

async fn office_rule<C: ConnectionTrait>(db: &C, office_id: i32) -> ServiceResult<ValidityRule> {
    Ok(
        ValidityRule::from_code(&super::offices::get(db, office_id).await?.validity_rule)
            .unwrap_or_default(),
    )
}

/// Register a seeker. Nothing is stored unless consent was recorded.
pub async fn register(
    db: &DatabaseConnection,
    actor: &Actor,
    office_id: i32,
    i: &JobSeekerInput,
    today: NaiveDate,
) -> ServiceResult<job_seeker::Model> {
    let txn = super::write_tx(db).await?;
    let db = &txn;
    let c = clean(i, today).map_err(ServiceError::Invalid)?;
    let rule = office_rule(db, office_id).await?;
    let number =
        numbering::allocate(db, office_id, NumberKind::JobSeeker, fiscal_year_of(today)).await?;
    let t = now();
    let mut am = job_seeker::ActiveModel {
        office_id: Set(office_id),
        number: Set(number),
        state: Set(SeekerState::Active),
        registered_on: Set(today),
        valid_until: Set(rule.valid_until(today)),
        consent_given_on: Set(today),
        consent_scope: Set(PURPOSES.into()),
        staff_in_charge_id: Set(actor.id.filter(|_| actor.kind == super::ActorKind::Staff)),
        created_at: Set(t),
        ..Default::default()
    };
    apply(&mut am, i, c, today);
    let m = am.insert(db).await?;
    audit::record(
        db,
        actor,
        Some(office_id),
        "create",
        "job_seeker",
        Some(m.id.to_string()),
        format!("求職者を登録（{}、同意取得済み）", m.number),
    )
    .await?;
    txn.commit().await?;
    Ok(m)
}

pub async fn update(
    db: &DatabaseConnection,
    actor: &Actor,
    office_id: i32,
    id: i32,
    i: &JobSeekerInput,
    today: NaiveDate,
) -> ServiceResult<job_seeker::Model> {
    let txn = super::write_tx(db).await?;
    let db = &txn;
    let m = get(db, office_id, id).await?;
    let before = JobSeekerInput::from_model(&m);
    if !i.lock.trim().is_empty() && i.lock.trim() != before.lock {
        return Err(stale_edit(&before, i));
    }
    let c = clean(i, today).map_err(ServiceError::Invalid)?;
    let read_at = m.updated_at;
    let mut am: job_seeker::ActiveModel = m.into();
    apply(&mut am, i, c, today);
    // Only over the version read above: a save in between makes this one stale, not lost.
    let m = match job_seeker::Entity::update(am)
        .validate()?
        .filter(job_seeker::Column::UpdatedAt.eq(read_at))
        .exec(db)
        .await
    {
        Ok(m) => m,
        Err(sea_orm::DbErr::RecordNotUpdated) => return Err(stale_edit(&before, i)),
        Err(e) => return Err(e.into()),
    };
    let after = JobSeekerInput::from_model(&m);
    let changed = super::changed_fields(&before, &after, &["lock"]);
    audit::record(
        db,
        actor,
        Some(office_id),
        "update",
        "job_seeker",
        Some(id.to_string()),
        format!(
            "求職者情報を変更: {}",
            if changed.is_empty() {
                "変更なし".into()
            } else {
                changed.join(", ")
            }
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(m)
}

/// The version of a job seeker's record as an edit form carries it: the time of its last
/// change, to the nanosecond.
pub fn lock_token(m: &job_seeker::Model) -> String {
    super::version_token(m.updated_at)
}

/// 「他の職員が先に更新しました」, naming the items of the saved record that differ from what was
/// typed (names of fields, never their contents).
fn stale_edit(saved: &JobSeekerInput, typed: &JobSeekerInput) -> ServiceError {
    const LABELS: &[(&str, &str)] = &[
        ("name", "氏名"),
        ("name_kana", "フリガナ"),
        ("birth_date", "生年月日"),
        ("postal_code", "郵便番号"),
        ("municipality", "市区町村"),
        ("address", "住所"),
        ("phone", "電話番号"),
        ("email", "メールアドレス"),
        ("desired_areas", "希望勤務地"),
        ("desired_hourly_yen", "希望賃金"),
        ("max_weekly_hours", "週の上限時間"),
        ("max_daily_hours", "1日の上限時間"),
        ("earliest_start", "就業可能日"),
        ("licenses", "免許・資格"),
        ("work_history", "職歴"),
    ];
    let items = super::changed_item_labels(&super::changed_fields(saved, typed, &["lock"]), LABELS);
    super::stale_edit_error("この求職者の情報", &items)
}

pub async fn get<C: ConnectionTrait>(
    db: &C,
    office_id: i32,
    id: i32,
) -> ServiceResult<job_seeker::Model> {
    job_seeker::Entity::find_by_id(id)
        .filter(job_seeker::Column::OfficeId.eq(office_id))
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)
}

/// Open the record (every view of a person's data is logged).
pub async fn view(
    db: &DatabaseConnection,
    actor: &Actor,
    office_id: i32,
    id: i32,
) -> ServiceResult<job_seeker::Model> {
    let m = get(db, office_id, id).await?;
    audit::record(
        db,
        actor,
        Some(office_id),
        "view",
        "job_seeker",
        Some(id.to_string()),
        "求職者情報を閲覧",
    )
    .await?;
    Ok(m)
}

/// A contact renews the registration (valid again by the office's rule from today).
pub async fn renew<C: ConnectionTrait>(
    db: &C,
    office_id: i32,
    m: job_seeker::Model,
    today: NaiveDate,
) -> ServiceResult<job_seeker::Model> {
    if m.state != SeekerState::Active {
        return Ok(m);
    }
    let until = office_rule(db, office_id).await?.valid_until(today);
    if until <= m.valid_until {
        return Ok(m);
    }
    let mut am: job_seeker::ActiveModel = m.into();
    am.valid_until = Set(until);
    am.updated_at = Set(now());
    Ok(am.update(db).await?)
}

pub const CLOSE_REASONS: &[(&str, &str)] = &[
    ("placed", "就職"),
    ("withdrawn", "取消"),
    ("expired", "期限切れ"),
];

pub async fn close<C: super::Db>(
    db: &C,
    actor: &Actor,
    office_id: i32,
    id: i32,
    reason: &str,
    today: NaiveDate,
) -> ServiceResult<job_seeker::Model> {
    let txn = super::write_tx(db).await?;
    let db = &txn;
    let m = get(db, office_id, id).await?;
    if !matches!(reason, "placed" | "withdrawn") {
        return Err(ServiceError::Refused(
            "終了の理由（就職・辞退など）を選択してから「求職登録を終了」を押してください。".into(),
        ));
    }
    if m.state != SeekerState::Active {
        return Err(ServiceError::Refused(
            "この求職登録は既に終了しています。".into(),
        ));
    }
    let mut am: job_seeker::ActiveModel = m.into();
    am.state = Set(SeekerState::Closed);
    am.closed_reason = Set(Some(reason.into()));
    am.closed_on = Set(Some(today));
    am.updated_at = Set(now());
    let m = am.update(db).await?;
    audit::record(
        db,
        actor,
        Some(office_id),
        "close",
        "job_seeker",
        Some(id.to_string()),
        format!("求職登録を終了（{}）", label(CLOSE_REASONS, reason)),
    )
    .await?;
    txn.commit().await?;
    Ok(m)
}

/// Reopen a closed registration (e.g. after leaving a job); valid again from today.
pub async fn reopen<C: super::Db>(
    db: &C,
    actor: &Actor,
    office_id: i32,
    id: i32,
    today: NaiveDate,
) -> ServiceResult<job_seeker::Model> {
    let txn = super::write_tx(db).await?;
    let db = &txn;
    let m = get(db, office_id, id).await?;
    let until = office_rule(db, office_id).await?.valid_until(today);
    let mut am: job_seeker::ActiveModel = m.into();
    am.state = Set(SeekerState::Active);
    am.closed_reason = Set(None);
    am.closed_on = Set(None);
    am.valid_until = Set(until);
    am.updated_at = Set(now());
    let m = am.update(db).await?;
    audit::record(
        db,
        actor,
        Some(office_id),
        "reopen",
        "job_seeker",
        Some(id.to_string()),
        "求職登録を再開",
    )
    .await?;
    txn.commit().await?;
    Ok(m)
}

/// The registration as it stands on `today`: an active one past its validity is closed
/// (期限切れ, on its last valid day), whether or not the scheduled job has written that yet.
pub fn effective(mut m: job_seeker::Model, today: NaiveDate) -> job_seeker::Model {
    if m.state == SeekerState::Active && m.valid_until < today {
        m.state = SeekerState::Closed;
        m.closed_reason = Some("expired".into());
        m.closed_on = Some(m.valid_until);
    }
    m
}

/// SQL: the registration is active and valid on `today`.
pub fn active_on(today: NaiveDate) -> Condition {
    Condition::all()
        .add(job_seeker::Column::State.eq(SeekerState::Active))
        .add(job_seeker::Column::ValidUntil.gte(today))
}

/// Close every registration whose validity ended before `today`, in batches of 500 (each with
/// its audit entries in one transaction). Run by the scheduled job.
pub async fn expire_due(db: &DatabaseConnection, today: NaiveDate) -> Result<u64, sea_orm::DbErr> {
    let mut n = 0;
    loop {
        let due: Vec<(i32, i32, NaiveDate)> = job_seeker::Entity::find()
            .filter(job_seeker::Column::State.eq(SeekerState::Active))
            .filter(job_seeker::Column::ValidUntil.lt(today))
            .select_only()
            .column(job_seeker::Column::Id)
            .column(job_seeker::Column::OfficeId)
            .column(job_seeker::Column::ValidUntil)
            .order_by_asc(job_seeker::Column::ValidUntil)
            .order_by_asc(job_seeker::Column::Id)
            .limit(500)
            .into_tuple()
            .all(db)
            .await?;
        if due.is_empty() {
            return Ok(n);
        }
        let txn = db.begin().await?;
        for (id, office_id, until) in &due {
            let res = job_seeker::Entity::update_many()
                .col_expr(job_seeker::Column::State, Expr::value(SeekerState::Closed))
                .col_expr(job_seeker::Column::ClosedReason, Expr::value("expired"))
                .col_expr(job_seeker::Column::ClosedOn, Expr::value(*until))
                .filter(job_seeker::Column::Id.eq(*id))
                .filter(job_seeker::Column::State.eq(SeekerState::Active))
                .exec(&txn)
                .await?;
            if res.rows_affected == 1 {
                audit::record(
                    &txn,
                    &Actor::system(),
                    Some(*office_id),
                    "expire",
                    "job_seeker",
                    Some(id.to_string()),
                    "求職登録の有効期限切れ",
                )
                .await?;
                n += 1;
            }
        }
        txn.commit().await?;
        if due.len() < 500 {
            return Ok(n);
        }
    }
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct NoteInput {
    pub noted_on: String,
    pub body: String,
}

/// A dated case note; the contact renews the registration.
pub async fn add_note(
    db: &DatabaseConnection,
    actor: &Actor,
    office_id: i32,
    id: i32,
    i: &NoteInput,
    today: NaiveDate,
) -> ServiceResult<case_note::Model> {
    let txn = super::write_tx(db).await?;
    let db = &txn;
    let m = get(db, office_id, id).await?;
    let mut e = FieldErrors::new();
    let on = date(&mut e, "noted_on", &i.noted_on).unwrap_or(today);
    if i.body.trim().is_empty() {
        e.add("body", "記録の内容を入力してください");
    }
    e.into_result()?;
    let note = case_note::ActiveModel {
        office_id: Set(office_id),
        job_seeker_id: Set(id),
        staff_user_id: Set(actor.id),
        noted_on: Set(on),
        body: Set(i.body.trim().to_owned()),
        created_at: Set(now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    renew(db, office_id, m, today).await?;
    audit::record(
        db,
        actor,
        Some(office_id),
        "create",
        "case_note",
        Some(note.id.to_string()),
        format!("求職者 #{id} の相談記録を追加"),
    )
    .await?;
    txn.commit().await?;
    Ok(note)
}

pub async fn notes<C: ConnectionTrait>(
    db: &C,
    office_id: i32,
    id: i32,
) -> Result<Vec<case_note::Model>, sea_orm::DbErr> {
    case_note::Entity::find()
        .filter(case_note::Column::OfficeId.eq(office_id))
        .filter(case_note::Column::JobSeekerId.eq(id))
        .order_by_desc(case_note::Column::NotedOn)
        .order_by_desc(case_note::Column::Id)
        .all(db)
        .await
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct SeekerFilter {
    pub q: String,
    pub state: String,
    pub support: String,
    pub ladder: String,
    pub staff_id: Option<i32>,
    pub page: Option<u64>,
}

pub struct SeekerPage {
    pub rows: Vec<job_seeker::Model>,
    /// How many match, counted up to `COUNT_CAP` (a name: `NAME_COUNT_CAP`).
    pub total: u64,
    /// More than the cap match (pages stop at the cap's last page).
    pub capped: bool,
    pub page: u64,
    pub pages: u64,
}

/// A page of the office's registrations by their stored state.
pub async fn list<C: ConnectionTrait>(
    db: &C,
    office_id: i32,
    f: &SeekerFilter,
) -> Result<SeekerPage, sea_orm::DbErr> {
    list_rows(db, office_id, f, None).await
}

/// A page of the office's registrations with states as on `today` (one past its validity counts
/// as closed, 期限切れ, before the scheduled job writes it).
pub async fn list_on<C: ConnectionTrait>(
    db: &C,
    office_id: i32,
    f: &SeekerFilter,
    today: NaiveDate,
) -> Result<SeekerPage, sea_orm::DbErr> {
    let mut page = list_rows(db, office_id, f, Some(today)).await?;
    page.rows = page.rows.into_iter().map(|m| effective(m, today)).collect();
    Ok(page)
}

async fn list_rows<C: ConnectionTrait>(
    db: &C,
    office_id: i32,
    f: &SeekerFilter,
    today: Option<NaiveDate>,
) -> Result<SeekerPage, sea_orm::DbErr> {
    let mut q = job_seeker::Entity::find().filter(job_seeker::Column::OfficeId.eq(office_id));
    let term = f.q.trim();
    let mut by_piece = false;
    match name_search(db, office_id, term).await? {
        // The newest holders of the piece first: an index range in the list's order.
        Some(ByName::Piece(piece, check)) => {
            use entity::job_seeker_gram as g;
            use sea_orm::{JoinType, RelationTrait};
            q = q
                .join_rev(JoinType::InnerJoin, g::Relation::JobSeeker.def())
                .filter(g::Column::OfficeId.eq(office_id))
                .filter(g::Column::Gram.eq(piece))
                .filter(check);
            by_piece = true;
        }
        Some(ByName::Pieces(cond)) => q = q.filter(cond),
        None if !term.is_empty() => {
            let digits = phone_digits(term);
            let mut any = Condition::any()
                .add(job_seeker::Column::NameNormalized.contains(normalize_name_for_match(term)))
                .add(job_seeker::Column::NameKana.contains(to_katakana(term)))
                .add(job_seeker::Column::Number.contains(term.to_uppercase()));
            if digits.len() >= 4 {
                any = any.add(job_seeker::Column::PhoneDigits.contains(digits));
            }
            q = q.filter(any);
        }
        None => {}
    }
    // States as on `today`: a registration past its validity counts as closed.
    match (f.state.as_str(), today) {
        ("" | "active", Some(today)) => q = q.filter(active_on(today)),
        ("closed", Some(today)) => {
            q = q.filter(
                Condition::any()
                    .add(job_seeker::Column::State.eq(SeekerState::Closed))
                    .add(job_seeker::Column::ValidUntil.lt(today)),
            )
        }
        ("" | "active", None) => q = q.filter(job_seeker::Column::State.eq(SeekerState::Active)),
        ("closed", None) => q = q.filter(job_seeker::Column::State.eq(SeekerState::Closed)),
        _ => {}
    }
    if SUPPORT_CATEGORIES.iter().any(|(c, _)| *c == f.support) {
        q = q.filter(job_seeker::Column::SupportCategories.contains(format!("\"{}\"", f.support)));
    }
    if LADDER.iter().any(|(c, _)| *c == f.ladder) {
        q = q.filter(job_seeker::Column::LadderStep.eq(f.ladder.clone()));
    }
    if let Some(s) = f.staff_id {
        q = q.filter(job_seeker::Column::StaffInChargeId.eq(s));
    }
    // A name is counted to a thousand (twenty pages; a longer name narrows it), anything else
    // to the office-wide cap.
    let cap = if by_piece {
        NAME_COUNT_CAP
    } else {
        super::job_orders::COUNT_CAP
    };
    let ordered = if by_piece {
        use entity::job_seeker_gram as g;
        q.clone()
            .order_by_desc(g::Column::RegisteredOn)
            .order_by_desc(g::Column::JobSeekerId)
    } else {
        q.clone()
            .order_by_desc(job_seeker::Column::RegisteredOn)
            .order_by_desc(job_seeker::Column::Id)
    };
    let super::job_orders::Counted {
        rows,
        total,
        capped,
        page,
    } = super::job_orders::page_counted(db, q, ordered, f.page, 50, cap).await?;
    let pages = if capped {
        cap / 50
    } else {
        total.div_ceil(50).max(1)
    };
    Ok(SeekerPage {
        rows,
        total,
        capped,
        page,
        pages,
    })
}

/// A name search counts this many seekers at most (「1,000件以上」).
pub const NAME_COUNT_CAP: u64 = 1_000;

/// At most this many seekers are counted for one name piece when choosing the rarest.
const PIECE_COUNT_CAP: u64 = 2_000;

/// A name search read from the name pieces (`job_seeker_grams`).
enum ByName {
    /// The holders of this piece, newest first, that pass the check (the substring itself).
    Piece(String, Condition),
    /// Seekers holding either of two pieces (the term and its katakana differ), then the check.
    Pieces(Condition),
}

/// A name search that starts from the name pieces: the rarest piece of the normalised term and
/// of its katakana (a needle no seeker holds a piece of is dropped), then the substring itself.
/// `None` when the term is shorter than two characters or could be a 求職番号 or a telephone
/// number (all ASCII, or four digits or more): those are read the long way.
async fn name_search<C: ConnectionTrait>(
    db: &C,
    office_id: i32,
    term: &str,
) -> Result<Option<ByName>, sea_orm::DbErr> {
    use crate::domain::normalize::name_pieces;
    use entity::job_seeker_gram as g;
    use sea_orm::QueryTrait;
    if term.is_ascii() || phone_digits(term).len() >= 4 {
        return Ok(None);
    }
    let (name, kana) = (normalize_name_for_match(term), to_katakana(term));
    let needles: Vec<&String> = if name == kana {
        vec![&name]
    } else {
        vec![&name, &kana]
    };
    let mut chosen: Vec<(u64, String)> = Vec::new();
    for needle in needles {
        let pieces = name_pieces(needle);
        if pieces.is_empty() {
            return Ok(None);
        }
        let mut best: Option<(u64, String)> = None;
        for p in pieces {
            let (n, _) = super::job_orders::bounded_count(
                db,
                g::Entity::find()
                    .filter(g::Column::OfficeId.eq(office_id))
                    .filter(g::Column::Gram.eq(p.clone())),
                PIECE_COUNT_CAP,
            )
            .await?;
            if best.as_ref().is_none_or(|(m, _)| n < *m) {
                best = Some((n, p));
            }
            if n == 0 {
                // Nobody holds this piece: the needle matches nobody, the rest need no count.
                break;
            }
        }
        chosen.extend(best);
    }
    // A needle of two characters, the same as its katakana, is its own only piece: holding
    // the piece is containing the needle (the pieces are every two-character window of the
    // name and of its kana), so the substring check would only hide from the planner how
    // many seekers match (PostgreSQL then reads every active seeker to count a common
    // surname instead of stopping at the cap).
    let implied = name == kana && name.chars().count() == 2;
    let check = if implied {
        Condition::all()
    } else {
        Condition::any()
            .add(job_seeker::Column::NameNormalized.contains(name))
            .add(job_seeker::Column::NameKana.contains(kana))
    };
    // A needle with a piece nobody holds matches nobody.
    let held: Vec<String> = chosen
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(_, p)| p.clone())
        .collect();
    Ok(Some(match held.as_slice() {
        [] => ByName::Piece(chosen.swap_remove(0).1, check),
        [one] => ByName::Piece(one.clone(), check),
        _ => {
            let holders = g::Entity::find()
                .select_only()
                .column(g::Column::JobSeekerId)
                .filter(g::Column::OfficeId.eq(office_id))
                .filter(g::Column::Gram.is_in(held))
                .into_query();
            ByName::Pieces(
                Condition::all()
                    .add(job_seeker::Column::Id.in_subquery(holders))
                    .add(check),
            )
        }
    }))
}

/// How many registrations are active, counting at most `COUNT_CAP`: (count, more).
pub async fn count_active<C: ConnectionTrait>(
    db: &C,
    office_id: i32,
) -> Result<(u64, bool), sea_orm::DbErr> {
    let q = job_seeker::Entity::find()
        .filter(job_seeker::Column::OfficeId.eq(office_id))
        .filter(job_seeker::Column::State.eq(SeekerState::Active));
    super::job_orders::bounded_count(db, q, super::job_orders::COUNT_CAP).await
}
