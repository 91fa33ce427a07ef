//! The employer side: self-registration from the public form (the employer stays `pending`
//! until staff confirm it), e-mail confirmation with a password, portal sign-in and sessions.
//! Every portal lookup is scoped to the signed-in employer.
use super::auth::{begin_attempt, finish_attempt, hash_password, verify_dummy, verify_password};
use super::employers::{self, EmployerInput};
use super::{Actor, ActorKind, audit, now, random_token, sha256_hex};
use crate::config::Settings;
use crate::domain::accounts::password_problem;
use crate::domain::normalize::normalize_email;
use crate::error::{AppError, AppResult};
use crate::validation::FieldErrors;
use chrono::Duration;
use entity::{employer, employer_session, employer_user};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter,
};
use serde::Deserialize;

/// How long a confirmation link works.
pub const CONFIRM_HOURS: i64 = 72;

pub fn actor(user: &employer_user::Model) -> Actor {
    Actor {
        kind: ActorKind::Employer,
        id: Some(user.id),
        office_id: Some(user.office_id),
    }
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct RegistrationInput {
    #[serde(flatten)]
    pub employer: EmployerInput,
    /// 個人情報の取扱い等を確認した
    pub agreed: Option<String>,
}

pub struct Registered {
    pub employer: employer::Model,
    pub user: employer_user::Model,
    /// The one-time confirmation token (to be mailed, never stored).
    pub token: String,
}

/// Register an employer and its contact person from the public form.
pub async fn register(
    db: &DatabaseConnection,
    office_id: i32,
    input: &RegistrationInput,
) -> AppResult<Registered> {
    let email = normalize_email(&input.employer.contact_email);
    let mut extra = FieldErrors::new();
    if email.is_empty() {
        extra.add(
            "contact_email",
            "ログインに使うメールアドレスを入力してください",
        );
    } else if employer_user::Entity::find()
        .filter(employer_user::Column::Email.eq(&email))
        .one(db)
        .await?
        .is_some()
    {
        extra.add(
            "contact_email",
            "このメールアドレスは既に登録されています。ログイン画面からお進みください",
        );
    }
    if input.agreed.is_none() {
        extra.add(
            "agreed",
            "取扱職種の範囲等・個人情報の取扱いをご確認のうえ、チェックを入れてください",
        );
    }
    let txn = super::write_tx(db).await?;
    let anonymous = Actor {
        kind: ActorKind::Anonymous,
        id: None,
        office_id: Some(office_id),
    };
    let created = employers::create(&txn, &anonymous, office_id, &input.employer, "pending").await;
    let employer = match (created, extra.is_empty()) {
        (Ok(e), true) => e,
        (Ok(_), false) => {
            txn.rollback().await?;
            return Err(AppError::Invalid(extra));
        }
        (Err(AppError::Invalid(mut e)), _) => {
            txn.rollback().await?;
            for (k, ms) in extra.0 {
                for m in ms {
                    e.add(&k, m);
                }
            }
            return Err(AppError::Invalid(e));
        }
        (Err(e), _) => return Err(e),
    };
    let token = random_token();
    let t = now();
    let user = employer_user::ActiveModel {
        office_id: Set(office_id),
        employer_id: Set(employer.id),
        email: Set(email),
        name: Set(employer.contact_name.clone()),
        password_hash: Set(None),
        email_confirmed_at: Set(None),
        confirm_token_hash: Set(Some(sha256_hex(&token))),
        confirm_sent_at: Set(Some(t)),
        active: Set(true),
        created_at: Set(t),
        updated_at: Set(t),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    {
        let mut am: employer::ActiveModel = employer.clone().into();
        am.disclosure_delivered_on = Set(Some(crate::present::format::today()));
        am.update(&txn).await?;
    }
    audit::record(
        &txn,
        &anonymous,
        Some(office_id),
        "create",
        "employer_user",
        Some(user.id.to_string()),
        "求人者が公開フォームから登録",
    )
    .await?;
    txn.commit().await?;
    Ok(Registered {
        employer,
        user,
        token,
    })
}

/// The account a confirmation token belongs to, if the link is still valid.
pub async fn user_for_token(
    db: &DatabaseConnection,
    token: &str,
) -> Result<Option<employer_user::Model>, sea_orm::DbErr> {
    let user = employer_user::Entity::find()
        .filter(employer_user::Column::ConfirmTokenHash.eq(sha256_hex(token)))
        .one(db)
        .await?;
    Ok(user.filter(|u| {
        u.confirm_sent_at
            .is_some_and(|s| now() - s < Duration::hours(CONFIRM_HOURS))
    }))
}

/// Confirm the address and set the password; the token is used up.
pub async fn confirm(
    db: &DatabaseConnection,
    token: &str,
    password: &str,
    confirmation: &str,
) -> AppResult<employer_user::Model> {
    let Some(user) = user_for_token(db, token).await? else {
        return Err(AppError::NotFound);
    };
    let mut e = FieldErrors::new();
    if let Some(p) = password_problem(password, &user.email) {
        e.add("password", p);
    } else if password != confirmation {
        e.add("password_confirmation", "確認用のパスワードが一致しません");
    }
    e.into_result()?;
    let mut am: employer_user::ActiveModel = user.into();
    am.password_hash = Set(Some(hash_password(password).await?));
    am.email_confirmed_at = Set(Some(now()));
    am.confirm_token_hash = Set(None);
    am.updated_at = Set(now());
    let user = am.update(db).await?;
    audit::record(
        db,
        &actor(&user),
        None,
        "confirm",
        "employer_user",
        Some(user.id.to_string()),
        "メールアドレスを確認しパスワードを設定",
    )
    .await?;
    Ok(user)
}

pub enum PortalSignIn {
    Ok {
        user: employer_user::Model,
        session_token: String,
    },
    Invalid,
    Throttled {
        minutes: i64,
    },
}

/// Sign in to the portal: the same throttling as staff sign-in (see
/// [`begin_attempt`](super::auth::begin_attempt)), and the same time for an unknown address,
/// an unconfirmed or inactive account as for a wrong password (a dummy hash is verified).
pub async fn sign_in(
    db: &DatabaseConnection,
    settings: &Settings,
    email: &str,
    password: &str,
    client: &str,
) -> AppResult<PortalSignIn> {
    let email = normalize_email(email);
    let key = format!("portal:{email}");
    let attempt = match begin_attempt(db, settings, &key, client).await? {
        Ok(id) => id,
        Err(_) => {
            return Ok(PortalSignIn::Throttled {
                minutes: settings.login_window_minutes,
            });
        }
    };
    let user = employer_user::Entity::find()
        .filter(employer_user::Column::Email.eq(&email))
        .one(db)
        .await?;
    let ok = match user
        .as_ref()
        .and_then(|u| u.password_hash.clone().filter(|_| u.active))
    {
        Some(hash) => verify_password(password, &hash).await,
        None => {
            verify_dummy(password).await;
            false
        }
    };
    finish_attempt(db, attempt, ok).await?;
    let Some(user) = user.filter(|_| ok) else {
        return Ok(PortalSignIn::Invalid);
    };
    let token = random_token();
    let t = now();
    employer_session::Entity::insert(employer_session::ActiveModel {
        id: Set(sha256_hex(&token)),
        employer_user_id: Set(user.id),
        created_at: Set(t),
        last_seen_at: Set(t),
        expires_at: Set(t + Duration::minutes(settings.session_idle_minutes)),
    })
    .exec_without_returning(db)
    .await?;
    audit::record(
        db,
        &actor(&user),
        None,
        "sign_in",
        "employer_user",
        Some(user.id.to_string()),
        "求人者ポータルにログイン",
    )
    .await?;
    Ok(PortalSignIn::Ok {
        user,
        session_token: token,
    })
}

/// The portal user of a session cookie (idle timeout extended, absolute limit kept).
pub async fn session_user(
    db: &DatabaseConnection,
    settings: &Settings,
    token: &str,
) -> Result<Option<employer_user::Model>, sea_orm::DbErr> {
    let Some(sess) = employer_session::Entity::find_by_id(sha256_hex(token))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let t = now();
    let hard_limit = sess.created_at + Duration::hours(settings.session_max_hours);
    if sess.expires_at <= t || hard_limit <= t {
        employer_session::Entity::delete_by_id(sess.id)
            .exec(db)
            .await?;
        return Ok(None);
    }
    let user = employer_user::Entity::find_by_id(sess.employer_user_id)
        .one(db)
        .await?
        .filter(|u| u.active);
    if user.is_some() && t - sess.last_seen_at > Duration::seconds(60) {
        let mut am: employer_session::ActiveModel = sess.into();
        am.last_seen_at = Set(t);
        am.expires_at = Set((t + Duration::minutes(settings.session_idle_minutes)).min(hard_limit));
        am.update(db).await?;
    }
    Ok(user)
}

pub async fn sign_out(db: &DatabaseConnection, token: &str) -> Result<(), sea_orm::DbErr> {
    employer_session::Entity::delete_by_id(sha256_hex(token))
        .exec(db)
        .await?;
    Ok(())
}

/// Portal users of an employer (for mail to the employer).
pub async fn users_of(
    db: &DatabaseConnection,
    employer_id: i32,
) -> Result<Vec<employer_user::Model>, sea_orm::DbErr> {
    employer_user::Entity::find()
        .filter(employer_user::Column::EmployerId.eq(employer_id))
        .filter(employer_user::Column::Active.eq(true))
        .all(db)
        .await
}
