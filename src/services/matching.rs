//! Matching over the database: the database picks a bounded set of candidates by the facts the
//! score weighs most (hours, area, occupation), and `domain::matching` ranks only those. Orders
//! that are not open (or past their validity) and pairs already referred are left out.
//!
//! Candidates are gathered in tiers, from the closest fit to none at all, until
//! [`CANDIDATES`] are found: an office with fewer open orders (or active seekers) than that ranks
//! every one of them, exactly as a full scan would.
use super::error::ServiceResult;
use super::{job_orders, job_seekers, packed, refdata};
use crate::domain::job_order::JobOrderTerms;
use crate::domain::matching::{self, Match, OrderProfile, SeekerProfile, ShiftSlot};
use crate::domain::wage;
use chrono::NaiveDate;
use entity::{job_order, job_seeker, referral};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
use std::collections::{HashMap, HashSet};

/// How many candidates Rust ranks at most.
pub const CANDIDATES: usize = 1000;

pub fn order_profile(
    order: &job_order::Model,
    t: &JobOrderTerms,
    majors: &HashMap<String, String>,
) -> OrderProfile {
    OrderProfile {
        id: order.id,
        occupation_code: t.occupation_code.clone(),
        occupation_major: majors.get(&t.occupation_code).cloned().unwrap_or_default(),
        prefecture_code: t.workplace_prefecture_code.clone(),
        municipality: t.workplace_municipality.clone(),
        hourly_yen: wage::hourly_equivalent_yen(t)
            .map(|h| h.floor() as u32)
            .unwrap_or(0),
        full_time: t.full_time,
        shifts: ShiftSlot::of(&t.shifts),
        weekly_minutes: t.weekly_minutes,
        start_date: t.start_date,
    }
}

/// A candidate order as matching weighs it: the fact columns of its version in force, written
/// with it (no version is read for a candidate).
#[derive(Debug, serde::Deserialize)]
struct CandidateFacts {
    id: i32,
    occupation_code: String,
    prefecture_code: String,
    workplace_municipality: String,
    hourly_wage_yen: i32,
    #[serde(deserialize_with = "packed::bool_or_number")]
    full_time: bool,
    shift_slots: String,
    weekly_minutes: i32,
    start_date: Option<NaiveDate>,
}

impl CandidateFacts {
    fn profile(self, majors: &HashMap<String, String>) -> OrderProfile {
        OrderProfile {
            id: self.id,
            occupation_major: majors
                .get(&self.occupation_code)
                .cloned()
                .unwrap_or_default(),
            occupation_code: self.occupation_code,
            prefecture_code: self.prefecture_code,
            municipality: self.workplace_municipality,
            hourly_yen: self.hourly_wage_yen.max(0) as u32,
            full_time: self.full_time,
            shifts: ShiftSlot::decode_all(&self.shift_slots),
            weekly_minutes: self.weekly_minutes.max(0) as u32,
            start_date: self.start_date,
        }
    }
}

/// The columns of a registration that matching reads (not the name, address or notes).
#[derive(Clone, Debug, sea_orm::FromQueryResult, serde::Deserialize)]
pub struct SeekerFacts {
    pub id: i32,
    pub prefecture_code: String,
    pub municipality: String,
    pub desired_occupations: String,
    pub desired_areas: String,
    pub desired_hourly_yen: Option<i32>,
    pub desired_employment: String,
    pub availability_json: String,
}

impl From<&job_seeker::Model> for SeekerFacts {
    fn from(s: &job_seeker::Model) -> Self {
        Self {
            id: s.id,
            prefecture_code: s.prefecture_code.clone(),
            municipality: s.municipality.clone(),
            desired_occupations: s.desired_occupations.clone(),
            desired_areas: s.desired_areas.clone(),
            desired_hourly_yen: s.desired_hourly_yen,
            desired_employment: s.desired_employment.clone(),
            availability_json: s.availability_json.clone(),
        }
    }
}

pub fn seeker_profile(s: &SeekerFacts, majors: &HashMap<String, String>) -> SeekerProfile {
    let occupations: Vec<String> = serde_json::from_str(&s.desired_occupations).unwrap_or_default();
    SeekerProfile {
        id: s.id,
        occupations: occupations
            .into_iter()
            .map(|c| {
                let major = majors.get(&c).cloned().unwrap_or_else(|| c.clone());
                (c, major)
            })
            .collect(),
        prefecture_code: s.prefecture_code.clone(),
        municipality: s.municipality.clone(),
        desired_areas: s
            .desired_areas
            .split([',', '、', ' ', '　'])
            .map(str::trim)
            .filter(|a| !a.is_empty())
            .map(str::to_owned)
            .collect(),
        desired_hourly_yen: s.desired_hourly_yen.map(|y| y as u32),
        wants_full_time: match s.desired_employment.as_str() {
            "full" => Some(true),
            "part" => Some(false),
            _ => None,
        },
        availability: serde_json::from_str(&s.availability_json).unwrap_or_default(),
    }
}

/// The seeker's facts the database can filter orders by.
struct SeekerKeys {
    majors: Vec<String>,
    codes: Vec<String>,
    areas: Vec<String>,
    /// Weekdays with a window (bit 0 = Monday).
    days: i32,
    /// Earliest window start and latest window end over the week, minutes.
    from: i32,
    to: i32,
    max_weekly: i32,
}

fn seeker_keys(p: &SeekerProfile) -> SeekerKeys {
    let mut days = 0;
    let (mut from, mut to) = (i32::MAX, 0);
    for (d, windows) in p.availability.days.iter().enumerate() {
        for w in windows {
            days |= 1 << d;
            from = from.min(w.start as i32);
            to = to.max(w.end as i32);
        }
    }
    let mut areas = vec![p.municipality.clone()];
    areas.extend(p.desired_areas.iter().cloned());
    areas.retain(|a| !a.is_empty());
    SeekerKeys {
        majors: p.occupations.iter().map(|(_, m)| m.clone()).collect(),
        // A known code is within its major group; only an unknown one (its own "major") is
        // looked for by code, so the tier stays one range of the major groups' index.
        codes: p
            .occupations
            .iter()
            .filter(|(c, m)| c == m)
            .map(|(c, _)| c.clone())
            .collect(),
        areas,
        days,
        from: if from == i32::MAX { 0 } else { from },
        to,
        max_weekly: p.availability.max_weekly_minutes as i32,
    }
}

/// The facts of open orders for a seeker's candidates: the closest fits first (hours,
/// occupation and area; then hours and occupation; hours and area; hours; anything open), each
/// tier by the index, until `CANDIDATES` are found. The tiers with an area or an occupation
/// read their facts from the index range itself (the matching indexes hold them).
async fn candidate_orders<C: ConnectionTrait>(
    db: &C,
    office_id: i32,
    k: &SeekerKeys,
    exclude: &HashSet<i32>,
    today: NaiveDate,
) -> Result<Vec<CandidateFacts>, sea_orm::DbErr> {
    let hours = {
        let mut c = Condition::all();
        if k.days != 0 {
            c = c
                .add({
                    use sea_orm::sea_query::ExprTrait;
                    ExprTrait::ne(
                        ExprTrait::bit_and(
                            Expr::col((job_order::Entity, job_order::Column::WeekdayMask)),
                            k.days,
                        ),
                        0,
                    )
                })
                .add(job_order::Column::EarliestStart.gte(k.from))
                .add(job_order::Column::LatestEnd.lte(k.to));
        }
        if k.max_weekly > 0 {
            c = c.add(job_order::Column::WeeklyMinutes.lte(k.max_weekly));
        }
        c
    };
    let occupation = (!k.majors.is_empty()).then(|| {
        let mut c =
            Condition::any().add(job_order::Column::OccupationMajor.is_in(k.majors.clone()));
        if !k.codes.is_empty() {
            c = c.add(job_order::Column::OccupationCode.is_in(k.codes.clone()));
        }
        c
    });
    let area = (!k.areas.is_empty()).then(|| {
        Condition::all().add(job_order::Column::WorkplaceMunicipality.is_in(k.areas.clone()))
    });
    let mut tiers: Vec<Condition> = Vec::new();
    let both = |a: &Option<Condition>, b: &Option<Condition>| {
        let mut c = hours.clone();
        for x in [a, b].into_iter().flatten() {
            c = c.add(x.clone());
        }
        c
    };
    tiers.push(both(&occupation, &area));
    tiers.push(both(&occupation, &None));
    tiers.push(both(&None, &area));
    tiers.push(hours.clone());
    tiers.push(Condition::all());
    let mut found = Candidates::new(exclude);
    for tier in tiers {
        let Some(limit) = found.wanted() else { break };
        use job_order::Column as O;
        let q = job_order::Entity::find()
            .filter(O::OfficeId.eq(office_id))
            .filter(job_orders::open_on(today))
            .filter(O::AcceptedVersion.is_not_null())
            .filter(tier)
            .order_by_desc(O::Id)
            .limit(limit);
        let facts: Vec<CandidateFacts> = packed::columns(
            db,
            q,
            &[
                O::Id,
                O::OccupationCode,
                O::PrefectureCode,
                O::WorkplaceMunicipality,
                O::HourlyWageYen,
                O::FullTime,
                O::ShiftSlots,
                O::WeeklyMinutes,
                O::StartDate,
            ],
        )
        .await?;
        found.add(facts, |f| f.id);
    }
    Ok(found.found)
}

/// Candidates gathered tier by tier, closest fits first, until [`CANDIDATES`]; those excluded
/// (already referred) are skipped.
struct Candidates<T> {
    found: Vec<T>,
    seen: HashSet<i32>,
}

impl<T> Candidates<T> {
    fn new(exclude: &HashSet<i32>) -> Self {
        Self {
            found: Vec::new(),
            seen: exclude.clone(),
        }
    }

    /// How many the next tier asks for (it may return ones already seen), or `None` when
    /// there are enough.
    fn wanted(&self) -> Option<u64> {
        (self.found.len() < CANDIDATES)
            .then(|| (CANDIDATES - self.found.len() + self.seen.len()) as u64)
    }

    fn add(&mut self, found: Vec<T>, id: impl Fn(&T) -> i32) {
        for c in found {
            if self.found.len() < CANDIDATES && self.seen.insert(id(&c)) {
                self.found.push(c);
            }
        }
    }
}

/// At most `limit` ids (column `id`) of `q`, the newest first.
async fn newest<E: EntityTrait, C: ConnectionTrait>(
    db: &C,
    q: sea_orm::Select<E>,
    id: E::Column,
    limit: u64,
) -> Result<Vec<i32>, sea_orm::DbErr> {
    let ids: Vec<(i32,)> = packed::columns(db, q.order_by_desc(id).limit(limit), &[id]).await?;
    Ok(ids.into_iter().map(|(id,)| id).collect())
}

pub struct OrderMatch {
    pub m: Match,
    pub order: job_order::Model,
    pub terms: JobOrderTerms,
    pub employer_name: String,
}

/// The best open orders for a seeker: the database picks at most [`CANDIDATES`] open orders
/// by hours, occupation and area, and those are ranked.
pub async fn orders_for_seeker<C: ConnectionTrait>(
    db: &C,
    office_id: i32,
    seeker_id: i32,
    today: NaiveDate,
    limit: usize,
) -> ServiceResult<Vec<OrderMatch>> {
    let seeker = job_seekers::get(db, office_id, seeker_id).await?;
    let majors = refdata::occupation_majors();
    let profile = seeker_profile(&SeekerFacts::from(&seeker), majors);
    let exclude: HashSet<i32> = referral::Entity::find()
        .filter(referral::Column::JobSeekerId.eq(seeker.id))
        .select_only()
        .column(referral::Column::JobOrderId)
        .into_tuple::<i32>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let profiles: Vec<OrderProfile> =
        candidate_orders(db, office_id, &seeker_keys(&profile), &exclude, today)
            .await?
            .into_iter()
            .map(|f| f.profile(majors))
            .collect();
    let ranked = matching::rank_orders(&profile, &profiles, &exclude, limit);
    // Only the orders shown are read whole.
    let shown: Vec<i32> = ranked.iter().map(|m| m.order_id).collect();
    let mut orders: HashMap<i32, job_order::Model> = job_orders::narrow(
        job_order::Entity::find().filter(job_order::Column::Id.is_in(shown.clone())),
    )
    .all(db)
    .await?
    .into_iter()
    .map(|o| (o.id, o))
    .collect();
    let wanted: Vec<(i32, i32)> = orders
        .values()
        .filter_map(|o| o.accepted_version.map(|v| (o.id, v)))
        .collect();
    let mut terms = job_orders::terms_of_versions(db, &wanted).await?;
    let picked: Vec<(Match, job_order::Model, JobOrderTerms)> = ranked
        .into_iter()
        .filter_map(|m| {
            let order = orders.remove(&m.order_id)?;
            let t = terms.remove(&m.order_id)?;
            Some((m, order, t))
        })
        .collect();
    // The employers' names of the cards in one query.
    let employer_ids: Vec<i32> = picked.iter().map(|(_, o, _)| o.employer_id).collect();
    let names = crate::services::employers::names(db, employer_ids).await?;
    Ok(picked
        .into_iter()
        .map(|(m, order, terms)| OrderMatch {
            employer_name: names.get(&order.employer_id).cloned().unwrap_or_default(),
            m,
            order,
            terms,
        })
        .collect())
}

pub struct SeekerMatch {
    pub m: Match,
    pub seeker: job_seeker::Model,
}

/// The ids of active seekers for an order's candidates: those who want its occupation and
/// live or want to work in its municipality first, then either, then anyone active, until
/// `CANDIDATES` are found. The wishes are index ranges of `job_seeker_wishes` (newest seeker
/// first, with whether the seeker is active), so no seeker row is read to find them.
async fn candidate_seekers<C: ConnectionTrait>(
    db: &C,
    office_id: i32,
    order: &OrderProfile,
    exclude: &HashSet<i32>,
    today: NaiveDate,
) -> Result<Vec<i32>, sea_orm::DbErr> {
    use entity::job_seeker_wish as w;
    let wish =
        |kind: &str, value: &str| (!value.is_empty()).then(|| (kind.to_owned(), value.to_owned()));
    let occupation = wish(w::OCCUPATION, &order.occupation_code);
    let area = wish(w::AREA, &order.municipality);
    // (the wish read as a range, another wish the seeker must also hold); `None`: anyone.
    type Wish = (String, String);
    let mut tiers: Vec<Option<(Wish, Option<Wish>)>> = Vec::new();
    if let (Some(o), Some(a)) = (&occupation, &area) {
        tiers.push(Some((o.clone(), Some(a.clone()))));
    }
    tiers.extend(occupation.map(|o| Some((o, None))));
    tiers.extend(area.map(|a| Some((a, None))));
    tiers.push(None);
    let mut found = Candidates::new(exclude);
    for tier in tiers {
        let Some(limit) = found.wanted() else { break };
        let ids = match tier {
            Some(((kind, value), also)) => {
                let mut q = w::Entity::find()
                    .filter(w::Column::OfficeId.eq(office_id))
                    .filter(w::Column::Kind.eq(kind))
                    .filter(w::Column::Value.eq(value))
                    .filter(w::Column::ActiveUntil.gte(today));
                if let Some((kind, value)) = also {
                    // A probe per seeker of the range (the other wish can be far more common:
                    // the office's own municipality).
                    use sea_orm::sea_query::{ExprTrait, Query};
                    let mut probe = Query::select();
                    if db.get_database_backend() == sea_orm::DbBackend::Postgres {
                        // `OFFSET 0` keeps it a probe: PostgreSQL would otherwise join the
                        // two ranges whole, reading all of the common wish (88,401 entries
                        // of the office's own municipality at nation scale, 24 ms) to find
                        // the first thousand seekers.
                        probe.offset(0);
                    }
                    q = q.filter(Expr::exists(
                        probe
                            .expr(Expr::val(1))
                            .from_as(w::Entity, "a")
                            .and_where(Expr::col(("a", w::Column::OfficeId)).eq(office_id))
                            .and_where(Expr::col(("a", w::Column::Kind)).eq(kind))
                            .and_where(Expr::col(("a", w::Column::Value)).eq(value))
                            .and_where(
                                Expr::col(("a", w::Column::JobSeekerId))
                                    .equals((w::Entity, w::Column::JobSeekerId)),
                            )
                            .to_owned(),
                    ));
                }
                newest(db, q, w::Column::JobSeekerId, limit).await?
            }
            None => {
                let q = job_seeker::Entity::find()
                    .filter(job_seeker::Column::OfficeId.eq(office_id))
                    .filter(job_seekers::active_on(today));
                newest(db, q, job_seeker::Column::Id, limit).await?
            }
        };
        found.add(ids, |id| *id);
    }
    Ok(found.found)
}

/// The best active seekers for an order: the database picks at most [`CANDIDATES`] by
/// occupation and area, and those are ranked.
pub async fn seekers_for_order<C: ConnectionTrait>(
    db: &C,
    office_id: i32,
    order_id: i32,
    today: NaiveDate,
    limit: usize,
) -> ServiceResult<Vec<SeekerMatch>> {
    let order = job_orders::get(db, office_id, order_id).await?;
    let Some(version) = order.accepted_version else {
        return Ok(Vec::new());
    };
    let Some(terms) = job_orders::terms_of_versions(db, &[(order.id, version)])
        .await?
        .remove(&order.id)
    else {
        return Ok(Vec::new());
    };
    let majors = refdata::occupation_majors();
    let profile = order_profile(&order, &terms, majors);
    let exclude: HashSet<i32> = referral::Entity::find()
        .filter(referral::Column::JobOrderId.eq(order.id))
        .select_only()
        .column(referral::Column::JobSeekerId)
        .into_tuple::<i32>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let ids = candidate_seekers(db, office_id, &profile, &exclude, today).await?;
    // The candidates' matchable columns only; the ones shown are read whole below.
    let mut profiles: Vec<SeekerProfile> = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(500) {
        use job_seeker::Column as S;
        let facts: Vec<SeekerFacts> = packed::columns(
            db,
            job_seeker::Entity::find().filter(S::Id.is_in(chunk.to_vec())),
            &[
                S::Id,
                S::PrefectureCode,
                S::Municipality,
                S::DesiredOccupations,
                S::DesiredAreas,
                S::DesiredHourlyYen,
                S::DesiredEmployment,
                S::AvailabilityJson,
            ],
        )
        .await?;
        profiles.extend(facts.iter().map(|s| seeker_profile(s, majors)));
    }
    let ranked = matching::rank_seekers(&profile, &profiles, &exclude, limit);
    let shown: Vec<i32> = ranked.iter().map(|m| m.seeker_id).collect();
    let mut by_id: HashMap<i32, job_seeker::Model> = job_seeker::Entity::find()
        .filter(job_seeker::Column::Id.is_in(shown))
        .all(db)
        .await?
        .into_iter()
        .map(|s| (s.id, s))
        .collect();
    Ok(ranked
        .into_iter()
        .filter_map(|m| {
            Some(SeekerMatch {
                seeker: by_id.remove(&m.seeker_id)?,
                m,
            })
        })
        .collect())
}
