//! Passwords (argon2, hashed off the async threads), sign-in with throttling, and sessions
//! stored in the database so that several instances can share them.
use super::error::ServiceError;
use super::{Actor, audit, now, random_token, sha256_hex};
use crate::config::Settings;
use crate::domain::normalize::normalize_email;
use argon2::Argon2;
use argon2::password_hash::{PasswordHasher, PasswordVerifier, phc::PasswordHash};
use chrono::Duration;
use entity::{login_attempt, session, staff_user};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
};

pub async fn hash_password(password: &str) -> anyhow::Result<String> {
    let password = password.to_owned();
    tokio::task::spawn_blocking(move || {
        Argon2::default()
            .hash_password(password.as_bytes())
            .map(|h| h.to_string())
            .map_err(|e| anyhow::anyhow!("password hashing failed: {e}"))
    })
    .await?
}

pub async fn verify_password(password: &str, hash: &str) -> bool {
    let password = password.to_owned();
    let hash = hash.to_owned();
    tokio::task::spawn_blocking(move || {
        PasswordHash::new(&hash)
            .map(|parsed| {
                Argon2::default()
                    .verify_password(password.as_bytes(), &parsed)
                    .is_ok()
            })
            .unwrap_or(false)
    })
    .await
    .unwrap_or(false)
}

/// A hash of a password nobody knows: verified against when the e-mail is unknown, so that
/// the answer takes as long as for a real account.
static DUMMY_HASH: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    Argon2::default()
        .hash_password(random_token().as_bytes())
        .map(|h| h.to_string())
        .unwrap_or_default()
});

#[derive(Debug, PartialEq, Eq)]
pub enum SignInError {
    /// Wrong e-mail or password (never say which).
    Invalid,
    /// Too many failures: wait.
    Throttled { minutes: i64 },
}

pub struct SignedIn {
    pub user: staff_user::Model,
    /// The cookie value; only its hash is stored.
    pub session_token: String,
}

/// Sign-in throttling. The design, and why it cannot be raced or turned against a user:
///
/// 1. **Count first, then check.** Every attempt is written to `login_attempts` (the address,
///    the client's IP address, `succeeded = false`) *before* its password is verified, and the
///    limits are judged by counting rows after that insert. Of N simultaneous attempts, the
///    k-th to commit sees at least k−1 others, so however many arrive at once, no more than the
///    limit are ever verified. A success then marks its row `succeeded`.
/// 2. **Per client.** More than `login_max_failures_per_client` failures from one client within
///    the window, on any addresses, and that client is refused until the window passes: one
///    machine cannot spray guesses over many accounts.
/// 3. **Per address, without locking the owner out.** After `login_max_failures` failures on an
///    address (since its last success, within the window) the address is locked — for the
///    clients that have failed on it. A client that has not failed on it in the window still
///    has its attempt checked, and a correct password is accepted: an attacker's failures can
///    never keep the real user (from another client) out. Each further client gets one guess
///    at a locked address per window, and every client stays within its own budget (2).
///
/// `client` is the peer's IP address (or the proxy's `X-Forwarded-For` entry), `unknown` when
/// not known; all unknown clients share one budget.
pub async fn begin_attempt<C: ConnectionTrait>(
    db: &C,
    settings: &Settings,
    key: &str,
    client: &str,
) -> Result<Result<i32, SignInError>, sea_orm::DbErr> {
    let t = now();
    let inserted = login_attempt::Entity::insert(login_attempt::ActiveModel {
        email: Set(key.to_owned()),
        client: Set(client.to_owned()),
        succeeded: Set(false),
        attempted_at: Set(t),
        ..Default::default()
    })
    .exec(db)
    .await?;
    let id = inserted.last_insert_id;
    let window_start = t - Duration::minutes(settings.login_window_minutes);
    let throttled = Err(SignInError::Throttled {
        minutes: settings.login_window_minutes,
    });
    let failures = || {
        login_attempt::Entity::find()
            .filter(login_attempt::Column::Succeeded.eq(false))
            .filter(login_attempt::Column::Id.ne(id))
    };
    let client_failures = failures()
        .filter(login_attempt::Column::Client.eq(client))
        .filter(login_attempt::Column::AttemptedAt.gte(window_start))
        .count(db)
        .await?;
    if client_failures >= settings.login_max_failures_per_client {
        return Ok(throttled);
    }
    let last_success = login_attempt::Entity::find()
        .filter(login_attempt::Column::Email.eq(key))
        .filter(login_attempt::Column::Succeeded.eq(true))
        .filter(login_attempt::Column::AttemptedAt.gte(window_start))
        .order_by_desc(login_attempt::Column::AttemptedAt)
        .one(db)
        .await?;
    let since = last_success.map_or(window_start, |a| a.attempted_at);
    let address_failures = failures()
        .filter(login_attempt::Column::Email.eq(key))
        .filter(login_attempt::Column::AttemptedAt.gte(since))
        .count(db)
        .await?;
    if address_failures >= settings.login_max_failures {
        let from_this_client = failures()
            .filter(login_attempt::Column::Email.eq(key))
            .filter(login_attempt::Column::Client.eq(client))
            .filter(login_attempt::Column::AttemptedAt.gte(since))
            .count(db)
            .await?;
        if from_this_client > 0 {
            return Ok(throttled);
        }
    }
    Ok(Ok(id))
}

/// Mark an attempt begun with [`begin_attempt`] as successful (failures stay as written).
pub async fn finish_attempt<C: ConnectionTrait>(
    db: &C,
    id: i32,
    succeeded: bool,
) -> Result<(), sea_orm::DbErr> {
    if succeeded {
        login_attempt::Entity::update_many()
            .col_expr(
                login_attempt::Column::Succeeded,
                sea_orm::sea_query::Expr::value(true),
            )
            .filter(login_attempt::Column::Id.eq(id))
            .exec(db)
            .await?;
    }
    Ok(())
}

/// Verify against a hash nobody knows, taking as long as a real check (unknown addresses,
/// accounts without a password).
pub async fn verify_dummy(password: &str) {
    let dummy = tokio::task::spawn_blocking(|| DUMMY_HASH.clone())
        .await
        .unwrap_or_default();
    verify_password(password, &dummy).await;
}

pub async fn sign_in(
    db: &DatabaseConnection,
    settings: &Settings,
    email: &str,
    password: &str,
    client: &str,
) -> Result<Result<SignedIn, SignInError>, ServiceError> {
    let email = normalize_email(email);
    let attempt = match begin_attempt(db, settings, &email, client).await? {
        Ok(id) => id,
        Err(e) => return Ok(Err(e)),
    };
    let user = staff_user::Entity::find()
        .filter(staff_user::Column::Email.eq(&email))
        .one(db)
        .await?;
    let ok = match &user {
        Some(u) => verify_password(password, &u.password_hash).await && u.active,
        None => {
            verify_dummy(password).await;
            false
        }
    };
    finish_attempt(db, attempt, ok).await?;
    let Some(user) = user.filter(|_| ok) else {
        if let Some(u) = staff_user::Entity::find()
            .filter(staff_user::Column::Email.eq(&email))
            .one(db)
            .await?
        {
            audit::record(
                db,
                &Actor::system(),
                Some(u.office_id),
                "sign_in_failed",
                "staff_user",
                Some(u.id.to_string()),
                "パスワード誤り",
            )
            .await?;
        }
        return Ok(Err(SignInError::Invalid));
    };
    let session_token = start_session(db, settings, &user).await?;
    Ok(Ok(SignedIn {
        user,
        session_token,
    }))
}

/// Sign a user in: a fresh session and its audit entry, in one transaction; returns the cookie
/// value.
pub async fn start_session(
    db: &DatabaseConnection,
    settings: &Settings,
    user: &staff_user::Model,
) -> Result<String, sea_orm::DbErr> {
    let txn = super::write_tx(db).await?;
    let token = create_session(&txn, settings, user.id).await?;
    audit::record(
        &txn,
        &Actor::staff(user),
        None,
        "sign_in",
        "staff_user",
        Some(user.id.to_string()),
        "ログイン",
    )
    .await?;
    txn.commit().await?;
    Ok(token)
}

/// A fresh session for the user; returns the cookie value.
pub async fn create_session<C: ConnectionTrait>(
    db: &C,
    settings: &Settings,
    staff_user_id: i32,
) -> Result<String, sea_orm::DbErr> {
    let token = random_token();
    let t = now();
    session::Entity::insert(session::ActiveModel {
        id: Set(sha256_hex(&token)),
        staff_user_id: Set(staff_user_id),
        created_at: Set(t),
        last_seen_at: Set(t),
        expires_at: Set(t + Duration::minutes(settings.session_idle_minutes)),
    })
    .exec_without_returning(db)
    .await?;
    Ok(token)
}

/// The signed-in user for a session cookie, extending the idle timeout (at most once a minute,
/// never past the absolute limit). Expired sessions are deleted.
pub async fn session_user(
    db: &DatabaseConnection,
    settings: &Settings,
    token: &str,
) -> Result<Option<staff_user::Model>, sea_orm::DbErr> {
    let Some(sess) = session::Entity::find_by_id(sha256_hex(token))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let t = now();
    let hard_limit = sess.created_at + Duration::hours(settings.session_max_hours);
    if sess.expires_at <= t || hard_limit <= t {
        session::Entity::delete_by_id(sess.id).exec(db).await?;
        return Ok(None);
    }
    let Some(user) = staff_user::Entity::find_by_id(sess.staff_user_id)
        .one(db)
        .await?
        .filter(|u| u.active)
    else {
        return Ok(None);
    };
    if t - sess.last_seen_at > Duration::seconds(60) {
        let expires = (t + Duration::minutes(settings.session_idle_minutes)).min(hard_limit);
        let mut am: session::ActiveModel = sess.into();
        am.last_seen_at = Set(t);
        am.expires_at = Set(expires);
        am.update(db).await?;
    }
    Ok(Some(user))
}

pub async fn sign_out(db: &DatabaseConnection, token: &str) -> Result<(), sea_orm::DbErr> {
    let txn = super::write_tx(db).await?;
    let db = &txn;
    if let Some(sess) = session::Entity::find_by_id(sha256_hex(token))
        .one(db)
        .await?
    {
        if let Some(user) = staff_user::Entity::find_by_id(sess.staff_user_id)
            .one(db)
            .await?
        {
            audit::record(
                db,
                &Actor::staff(&user),
                None,
                "sign_out",
                "staff_user",
                Some(user.id.to_string()),
                "ログアウト",
            )
            .await?;
        }
        session::Entity::delete_by_id(sess.id).exec(db).await?;
    }
    txn.commit().await?;
    Ok(())
}

/// End every session of a user (after a password change or deactivation).
pub async fn end_sessions<C: ConnectionTrait>(
    db: &C,
    staff_user_id: i32,
) -> Result<(), sea_orm::DbErr> {
    session::Entity::delete_many()
        .filter(session::Column::StaffUserId.eq(staff_user_id))
        .exec(db)
        .await?;
    Ok(())
}

/// End every session of a user but the one with this cookie value (the one that changed the
/// password stays signed in).
pub async fn end_other_sessions<C: ConnectionTrait>(
    db: &C,
    staff_user_id: i32,
    keep_token: Option<&str>,
) -> Result<(), sea_orm::DbErr> {
    let mut q =
        session::Entity::delete_many().filter(session::Column::StaffUserId.eq(staff_user_id));
    if let Some(t) = keep_token {
        q = q.filter(session::Column::Id.ne(sha256_hex(t)));
    }
    q.exec(db).await?;
    Ok(())
}
