//! First-run setup: while there are no users, a one-time link (printed at start) lets the person
//! who started the office create the first office and its admin. No default password anywhere.
use super::error::{ServiceError, ServiceResult};
use super::{Actor, app_settings, offices, random_token, sha256_hex, staff_users};
use sea_orm::DatabaseConnection;
use serde::Deserialize;

const KEY: &str = "setup_token_hash";

pub async fn needed(db: &DatabaseConnection) -> Result<bool, sea_orm::DbErr> {
    Ok(staff_users::count_all(db).await? == 0)
}

/// A fresh one-time token (the previous one stops working). Returns the token to print.
pub async fn issue_token(db: &DatabaseConnection) -> Result<String, sea_orm::DbErr> {
    let token = random_token();
    app_settings::set(db, KEY, &sha256_hex(&token)).await?;
    Ok(token)
}

pub async fn token_valid(db: &DatabaseConnection, token: &str) -> Result<bool, sea_orm::DbErr> {
    if !needed(db).await? {
        return Ok(false);
    }
    Ok(app_settings::get(db, KEY).await?.as_deref() == Some(sha256_hex(token).as_str()))
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct SetupInput {
    #[serde(default)]
    pub token: String,
    #[serde(flatten)]
    pub office: offices::OfficeInput,
    #[serde(default)]
    pub admin_name: String,
    #[serde(default)]
    pub admin_email: String,
    #[serde(default)]
    pub password: String,
    #[serde(default)]
    pub password_confirmation: String,
}

/// Create the first office and its admin in one transaction; the token is used up.
pub async fn complete(
    db: &DatabaseConnection,
    input: &SetupInput,
) -> ServiceResult<entity::staff_user::Model> {
    if !token_valid(db, &input.token).await? {
        return Err(ServiceError::NotFound);
    }
    let admin_input = staff_users::NewStaffUser {
        name: input.admin_name.clone(),
        email: input.admin_email.clone(),
        role: "admin".into(),
        password: input.password.clone(),
        password_confirmation: input.password_confirmation.clone(),
    };
    // Check both parts first so that every problem is shown at once.
    let mut errors = crate::validation::FieldErrors::new();
    for (k, msgs) in staff_users::validate_new(db, &admin_input).await?.0 {
        let key = match k.as_str() {
            "name" => "admin_name".to_owned(),
            "email" => "admin_email".to_owned(),
            _ => k,
        };
        for m in msgs {
            errors.add(&key, m);
        }
    }
    let txn = super::write_tx(db).await?;
    let actor = Actor::system();
    let office = match offices::create(&txn, &actor, &input.office).await {
        Ok(o) => Some(o),
        Err(ServiceError::Invalid(e)) => {
            for (k, msgs) in e.0 {
                for m in msgs {
                    errors.add(&k, m);
                }
            }
            None
        }
        Err(other) => return Err(other),
    };
    let Some(office) = office.filter(|_| errors.is_empty()) else {
        txn.rollback().await?;
        return Err(ServiceError::Invalid(errors));
    };
    let admin = staff_users::create(&txn, &actor, office.id, &admin_input).await?;
    app_settings::delete(&txn, KEY).await?;
    txn.commit().await?;
    Ok(admin)
}
