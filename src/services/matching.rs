//! Matching over the database: builds the profiles of open orders (their accepted versions) and
//! active seekers, and ranks them with `domain::matching`. Orders that are not open and pairs
//! already referred are left out.
use super::{job_orders, job_seekers};
use crate::domain::job_order::JobOrderTerms;
use crate::domain::matching::{self, Match, OrderProfile, SeekerProfile, ShiftSlot};
use crate::domain::wage;
use crate::error::AppResult;
use chrono::{NaiveDate, Timelike};
use entity::{job_order, job_order_version, job_seeker, referral};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use std::collections::{HashMap, HashSet};

/// Middle group → major group of the 2022 classification.
pub async fn majors<C: ConnectionTrait>(db: &C) -> Result<HashMap<String, String>, sea_orm::DbErr> {
    Ok(entity::occupation::Entity::find()
        .filter(entity::occupation::Column::Revision.eq("2022"))
        .all(db)
        .await?
        .into_iter()
        .filter_map(|o| o.parent_code.map(|p| (o.code, p)))
        .collect())
}

fn minutes(t: chrono::NaiveTime) -> u16 {
    (t.hour() * 60 + t.minute()) as u16
}

pub fn order_profile(
    order: &job_order::Model,
    t: &JobOrderTerms,
    majors: &HashMap<String, String>,
) -> OrderProfile {
    let shifts = t
        .shifts
        .iter()
        .map(|s| {
            let start = minutes(s.start);
            let mut end = minutes(s.end);
            if end <= start {
                end += 1440;
            }
            let mask = if s.weekdays.is_empty() {
                0b1111111
            } else {
                s.weekdays.iter().fold(0u8, |m, d| m | (1 << d))
            };
            ShiftSlot {
                weekdays: mask,
                start,
                end,
                working_minutes: wage::shift_working_minutes(s) as u16,
            }
        })
        .collect();
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
        shifts,
        weekly_minutes: t.weekly_minutes,
        start_date: t.start_date,
    }
}

pub fn seeker_profile(s: &job_seeker::Model, majors: &HashMap<String, String>) -> SeekerProfile {
    SeekerProfile {
        id: s.id,
        occupations: job_seekers::desired_occupations(s)
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
        availability: job_seekers::availability(s),
    }
}

/// Open orders of the office with the terms in force.
pub async fn open_orders<C: ConnectionTrait>(
    db: &C,
    office_id: i32,
    today: NaiveDate,
) -> Result<Vec<(job_order::Model, JobOrderTerms)>, sea_orm::DbErr> {
    let orders = job_order::Entity::find()
        .filter(job_order::Column::OfficeId.eq(office_id))
        .filter(job_order::Column::State.eq("open"))
        .filter(job_order::Column::ValidUntil.gte(today))
        .all(db)
        .await?;
    let ids: Vec<i32> = orders.iter().map(|o| o.id).collect();
    let mut latest: HashMap<i32, (i32, String)> = HashMap::new();
    for chunk in ids.chunks(500) {
        for v in job_order_version::Entity::find()
            .filter(job_order_version::Column::JobOrderId.is_in(chunk.to_vec()))
            .all(db)
            .await?
        {
            let e = latest.entry(v.job_order_id).or_insert((0, String::new()));
            if v.version > e.0 {
                *e = (v.version, v.terms_json);
            }
        }
    }
    Ok(orders
        .into_iter()
        .filter_map(|o| {
            let (_, json) = latest.remove(&o.id)?;
            let t = serde_json::from_str(&json).ok()?;
            Some((o, t))
        })
        .collect())
}

pub struct OrderMatch {
    pub m: Match,
    pub order: job_order::Model,
    pub terms: JobOrderTerms,
}

/// The best open orders for a seeker.
pub async fn orders_for_seeker<C: ConnectionTrait>(
    db: &C,
    office_id: i32,
    seeker_id: i32,
    today: NaiveDate,
    limit: usize,
) -> AppResult<Vec<OrderMatch>> {
    let seeker = job_seekers::get(db, office_id, seeker_id).await?;
    let majors = majors(db).await?;
    let orders = open_orders(db, office_id, today).await?;
    let profiles: Vec<OrderProfile> = orders
        .iter()
        .map(|(o, t)| order_profile(o, t, &majors))
        .collect();
    let exclude: HashSet<i32> = referral::Entity::find()
        .filter(referral::Column::JobSeekerId.eq(seeker.id))
        .all(db)
        .await?
        .into_iter()
        .map(|r| r.job_order_id)
        .collect();
    let ranked = matching::rank_orders(
        &seeker_profile(&seeker, &majors),
        &profiles,
        &exclude,
        limit,
    );
    let mut by_id: HashMap<i32, (job_order::Model, JobOrderTerms)> =
        orders.into_iter().map(|(o, t)| (o.id, (o, t))).collect();
    Ok(ranked
        .into_iter()
        .filter_map(|m| {
            let (order, terms) = by_id.remove(&m.order_id)?;
            Some(OrderMatch { m, order, terms })
        })
        .collect())
}

pub struct SeekerMatch {
    pub m: Match,
    pub seeker: job_seeker::Model,
}

/// The best active seekers for an order.
pub async fn seekers_for_order<C: ConnectionTrait>(
    db: &C,
    office_id: i32,
    order_id: i32,
    today: NaiveDate,
    limit: usize,
) -> AppResult<Vec<SeekerMatch>> {
    let order = job_orders::get(db, office_id, order_id).await?;
    let Some((_, terms)) = job_orders::accepted_terms(db, office_id, order_id).await? else {
        return Ok(Vec::new());
    };
    let majors = majors(db).await?;
    let seekers = job_seeker::Entity::find()
        .filter(job_seeker::Column::OfficeId.eq(office_id))
        .filter(job_seeker::Column::State.eq("active"))
        .filter(job_seeker::Column::ValidUntil.gte(today))
        .all(db)
        .await?;
    let profiles: Vec<SeekerProfile> = seekers.iter().map(|s| seeker_profile(s, &majors)).collect();
    let exclude: HashSet<i32> = referral::Entity::find()
        .filter(referral::Column::JobOrderId.eq(order.id))
        .all(db)
        .await?
        .into_iter()
        .map(|r| r.job_seeker_id)
        .collect();
    let ranked = matching::rank_seekers(
        &order_profile(&order, &terms, &majors),
        &profiles,
        &exclude,
        limit,
    );
    let mut by_id: HashMap<i32, job_seeker::Model> =
        seekers.into_iter().map(|s| (s.id, s)).collect();
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
