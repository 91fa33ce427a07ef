//! Rate limits kept in the database (`rate_events`), so that every instance behind a load
//! balancer counts the same events. Like sign-in throttling, an event is written first and the
//! limit judged by counting afterwards: simultaneous requests cannot all slip under it.
use super::now;
use chrono::Duration;
use entity::rate_event;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter};

/// One limit: at most `max` events of `bucket` for `key` within `window`.
pub struct Limit<'a> {
    pub bucket: &'a str,
    pub key: &'a str,
    pub max: u64,
    pub window: Duration,
}

/// The events written for one request (to be given back if the request turns out not to
/// count, e.g. a form with mistakes).
#[derive(Debug)]
pub struct Taken(Vec<i32>);

/// Count one event against every limit; `Err(())` (and nothing counted) when any limit is
/// already reached.
pub async fn take<C: ConnectionTrait>(
    db: &C,
    limits: &[Limit<'_>],
) -> Result<Result<Taken, ()>, DbErr> {
    let t = now();
    let mut ids = Vec::new();
    for l in limits {
        let res = rate_event::Entity::insert(rate_event::ActiveModel {
            bucket: sea_orm::Set(l.bucket.to_owned()),
            key: sea_orm::Set(l.key.to_owned()),
            created_at: sea_orm::Set(t),
            ..Default::default()
        })
        .exec(db)
        .await?;
        ids.push(res.last_insert_id);
    }
    for l in limits {
        let n = rate_event::Entity::find()
            .filter(rate_event::Column::Bucket.eq(l.bucket))
            .filter(rate_event::Column::Key.eq(l.key))
            .filter(rate_event::Column::CreatedAt.gte(t - l.window))
            .count(db)
            .await?;
        if n > l.max {
            give_back(db, Taken(ids)).await?;
            return Ok(Err(()));
        }
    }
    Ok(Ok(Taken(ids)))
}

/// Remove the events of a request that did not count after all.
pub async fn give_back<C: ConnectionTrait>(db: &C, taken: Taken) -> Result<(), DbErr> {
    if !taken.0.is_empty() {
        rate_event::Entity::delete_many()
            .filter(rate_event::Column::Id.is_in(taken.0))
            .exec(db)
            .await?;
    }
    Ok(())
}

/// Forget events older than a day (they no longer count against any limit).
pub async fn prune<C: ConnectionTrait>(db: &C) -> Result<u64, DbErr> {
    Ok(rate_event::Entity::delete_many()
        .filter(rate_event::Column::CreatedAt.lt(now() - Duration::days(2)))
        .exec(db)
        .await?
        .rows_affected)
}
