//! Bearer tokens for the JSON API. Only a hash is stored; the token is shown once.
use super::error::{ServiceError, ServiceResult};
use super::{Actor, audit, now, random_token, sha256_hex};
use entity::{api_token, staff_user};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder,
};

pub const PREFIX: &str = "tsu_";

/// Issue a token for a user; returns the stored row and the token itself (shown once).
pub async fn create<C: super::Db>(
    db: &C,
    actor: &Actor,
    user: &staff_user::Model,
    name: &str,
) -> ServiceResult<(api_token::Model, String)> {
    let token = format!("{PREFIX}{}", random_token());
    let name = match name.trim() {
        "" => "APIトークン",
        n => n,
    };
    let txn = super::write_tx(db).await?;
    let db = &txn;
    let row = api_token::ActiveModel {
        staff_user_id: Set(user.id),
        name: Set(name.chars().take(100).collect()),
        token_hash: Set(sha256_hex(&token)),
        created_at: Set(now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    audit::record(
        db,
        actor,
        Some(user.office_id),
        "create",
        "api_token",
        Some(row.id.to_string()),
        format!("APIトークンを発行（職員ID {}）", user.id),
    )
    .await?;
    txn.commit().await?;
    Ok((row, token))
}

/// The active user behind a bearer token.
pub async fn authenticate<C: ConnectionTrait>(
    db: &C,
    token: &str,
) -> Result<Option<staff_user::Model>, sea_orm::DbErr> {
    let Some(row) = api_token::Entity::find()
        .filter(api_token::Column::TokenHash.eq(sha256_hex(token.trim())))
        .filter(api_token::Column::RevokedAt.is_null())
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let user = staff_user::Entity::find_by_id(row.staff_user_id)
        .one(db)
        .await?
        .filter(|u| u.active);
    // Remember when the token was last used, at most once a minute (not a write per request).
    let t = now();
    if user.is_some()
        && row
            .last_used_at
            .is_none_or(|u| t - u >= chrono::Duration::minutes(1))
    {
        let mut am: api_token::ActiveModel = row.into();
        am.last_used_at = Set(Some(t));
        am.update(db).await?;
    }
    Ok(user)
}

pub async fn list_for_user<C: ConnectionTrait>(
    db: &C,
    user_id: i32,
) -> Result<Vec<api_token::Model>, sea_orm::DbErr> {
    api_token::Entity::find()
        .filter(api_token::Column::StaffUserId.eq(user_id))
        .order_by_desc(api_token::Column::Id)
        .all(db)
        .await
}

pub async fn revoke<C: super::Db>(db: &C, user: &staff_user::Model, id: i32) -> ServiceResult<()> {
    let txn = super::write_tx(db).await?;
    let db = &txn;
    let row = api_token::Entity::find_by_id(id)
        .filter(api_token::Column::StaffUserId.eq(user.id))
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let mut am: api_token::ActiveModel = row.into();
    am.revoked_at = Set(Some(now()));
    am.update(db).await?;
    audit::record(
        db,
        &Actor::staff(user),
        None,
        "revoke",
        "api_token",
        Some(id.to_string()),
        "APIトークンを失効",
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Revoke every live token of a user (after a password change); returns how many.
pub async fn revoke_all<C: ConnectionTrait>(
    db: &C,
    staff_user_id: i32,
) -> Result<u64, sea_orm::DbErr> {
    let res = api_token::Entity::update_many()
        .col_expr(
            api_token::Column::RevokedAt,
            sea_orm::sea_query::Expr::value(now()),
        )
        .filter(api_token::Column::StaffUserId.eq(staff_user_id))
        .filter(api_token::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(res.rows_affected)
}
