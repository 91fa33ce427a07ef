//! Deployment-wide key/value settings kept in the database (shared by every instance).
use super::{now, random_token};
use entity::app_setting;
use sea_orm::{ActiveValue::Set, ConnectionTrait, EntityTrait, sea_query::OnConflict};

pub async fn get<C: ConnectionTrait>(db: &C, key: &str) -> Result<Option<String>, sea_orm::DbErr> {
    Ok(app_setting::Entity::find_by_id(key.to_owned())
        .one(db)
        .await?
        .map(|m| m.value))
}

pub async fn set<C: ConnectionTrait>(db: &C, key: &str, value: &str) -> Result<(), sea_orm::DbErr> {
    app_setting::Entity::insert(app_setting::ActiveModel {
        key: Set(key.to_owned()),
        value: Set(value.to_owned()),
        updated_at: Set(now()),
    })
    .on_conflict(
        OnConflict::column(app_setting::Column::Key)
            .update_columns([app_setting::Column::Value, app_setting::Column::UpdatedAt])
            .to_owned(),
    )
    .exec(db)
    .await?;
    Ok(())
}

pub async fn delete<C: ConnectionTrait>(db: &C, key: &str) -> Result<(), sea_orm::DbErr> {
    app_setting::Entity::delete_by_id(key.to_owned())
        .exec(db)
        .await?;
    Ok(())
}

/// The key for CSRF tokens when `TSUNAGU_SECRET_KEY` is not set: generated once, then shared.
pub async fn secret_key<C: ConnectionTrait>(db: &C) -> anyhow::Result<Vec<u8>> {
    const KEY: &str = "secret_key";
    if let Some(v) = get(db, KEY).await? {
        return Ok(v.into_bytes());
    }
    // Insert-if-absent, then read back: two instances starting together agree on one key.
    let _ = app_setting::Entity::insert(app_setting::ActiveModel {
        key: Set(KEY.to_owned()),
        value: Set(random_token()),
        updated_at: Set(now()),
    })
    .on_conflict(
        OnConflict::column(app_setting::Column::Key)
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    Ok(get(db, KEY)
        .await?
        .ok_or_else(|| anyhow::anyhow!("secret key missing"))?
        .into_bytes())
}
