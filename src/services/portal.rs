//! The employer side: self-registration from the public form (the employer stays `pending`
//! until staff confirm it), e-mail confirmation with a password, portal sign-in and sessions.
//! Every portal lookup is scoped to the signed-in employer.
use super::auth::{begin_attempt, finish_attempt, hash_password, verify_dummy, verify_password};
use super::employers::{self, EmployerInput};
use super::error::{ServiceError, ServiceResult};
use super::{Actor, ActorKind, audit, now, random_token, sha256_hex};
use crate::config::Settings;
use crate::domain::accounts::password_problem;
use crate::domain::normalize::normalize_email;
use crate::domain::states::{EmployerStatus, ReferralState};
use crate::validation::FieldErrors;
use chrono::Duration;
use entity::{employer, employer_session, employer_user, portal_link_request, referral};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect,
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

/// Register an employer and its contact person (a new record; the public form goes through
/// [`register_public`], which routes known employers to the office). The confirmation mail is
/// queued with the records.
pub async fn register(
    db: &DatabaseConnection,
    office_id: i32,
    input: &RegistrationInput,
) -> ServiceResult<Registered> {
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
    let created = employers::create(
        &txn,
        &anonymous,
        office_id,
        &input.employer,
        EmployerStatus::Pending,
    )
    .await;
    let employer = match (created, extra.is_empty()) {
        (Ok(e), true) => e,
        (Ok(_), false) => {
            txn.rollback().await?;
            return Err(ServiceError::Invalid(extra));
        }
        (Err(ServiceError::Invalid(mut e)), _) => {
            txn.rollback().await?;
            for (k, ms) in extra.0 {
                for m in ms {
                    e.add(&k, m);
                }
            }
            return Err(ServiceError::Invalid(e));
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
        am.disclosure_delivered_on = Set(Some(crate::clock::today()));
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
    let office = super::offices::get(&txn, office_id).await?;
    super::notify::registration(&txn, &office, &user, &token).await?;
    txn.commit().await?;
    Ok(Registered {
        employer,
        user,
        token,
    })
}

/// The account a confirmation token belongs to, if the link is still valid.
pub async fn user_for_token<C: sea_orm::ConnectionTrait>(
    db: &C,
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

/// A new password and its confirmation, as the confirm and reset forms take them.
fn check_new_password(password: &str, confirmation: &str, email: &str) -> ServiceResult<()> {
    let mut e = FieldErrors::new();
    if let Some(p) = password_problem(password, email) {
        e.add("password", p);
    } else if password != confirmation {
        e.add("password_confirmation", "確認用のパスワードが一致しません");
    }
    Ok(e.into_result()?)
}

/// Confirm the address and set the password; the token is used up.
pub async fn confirm(
    db: &DatabaseConnection,
    token: &str,
    password: &str,
    confirmation: &str,
) -> ServiceResult<employer_user::Model> {
    let Some(user) = user_for_token(db, token).await? else {
        return Err(ServiceError::NotFound);
    };
    check_new_password(password, confirmation, &user.email)?;
    // Hashing takes a while: done before the write transaction, not while holding it.
    let hash = hash_password(password).await?;
    let txn = super::write_tx(db).await?;
    let db = &txn;
    // The link works once: read it again under the write lock.
    let Some(user) = user_for_token(db, token).await? else {
        return Err(ServiceError::NotFound);
    };
    let mut am: employer_user::ActiveModel = user.into();
    am.password_hash = Set(Some(hash));
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
    txn.commit().await?;
    Ok(user)
}

// The account is returned once per sign-in; boxing it would buy nothing.
#[allow(clippy::large_enum_variant)]
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
) -> ServiceResult<PortalSignIn> {
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
    let txn = super::write_tx(db).await?;
    let db = &txn;
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
    txn.commit().await?;
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

/// What the visitor of the public form is told is the same whichever way it went.
pub enum RegistrationOutcome {
    /// A new employer (pending) and its portal account; the confirmation mail is queued.
    Created(Box<Registered>),
    /// The address already has a portal account: its owner is mailed how to sign in, or a new
    /// confirmation link when the account was never confirmed.
    AlreadyRegistered,
    /// It matched an existing employer of the office: a link request for staff, who are mailed.
    Routed { employer_id: i32 },
}

/// The public registration: a new record, or — when the address, the 法人番号, or the name and
/// telephone match an employer the office already has — a request for staff to link the person
/// to that record instead of a duplicate. The visitor cannot tell which happened.
pub async fn register_public(
    db: &DatabaseConnection,
    office_id: i32,
    input: &RegistrationInput,
) -> ServiceResult<RegistrationOutcome> {
    let email = normalize_email(&input.employer.contact_email);
    // Check the input the same way in every case first (nothing is kept).
    {
        let txn = super::write_tx(db).await?;
        let mut extra = FieldErrors::new();
        if email.is_empty() {
            extra.add(
                "contact_email",
                "ログインに使うメールアドレスを入力してください",
            );
        }
        if input.agreed.is_none() {
            extra.add(
                "agreed",
                "取扱職種の範囲等・個人情報の取扱いをご確認のうえ、チェックを入れてください",
            );
        }
        let created = employers::create(
            &txn,
            &anonymous(office_id),
            office_id,
            &input.employer,
            EmployerStatus::Pending,
        )
        .await;
        txn.rollback().await?;
        match created {
            Ok(_) => extra.into_result()?,
            Err(ServiceError::Invalid(mut e)) => {
                e.merge(extra);
                return Err(ServiceError::Invalid(e));
            }
            Err(e) => return Err(e),
        }
    }
    let office = super::offices::get(db, office_id).await?;
    let existing_user = employer_user::Entity::find()
        .filter(employer_user::Column::Email.eq(&email))
        .one(db)
        .await?;
    if let Some(user) = existing_user {
        if user.email_confirmed_at.is_none() && user.active && user.office_id == office_id {
            // Signed up before, and the confirmation never arrived or was not used: a new link.
            resend_confirmation(db, office_id, &email).await?;
            return Ok(RegistrationOutcome::AlreadyRegistered);
        }
        let txn = super::write_tx(db).await?;
        super::notify::already_registered(&txn, &office, &user).await?;
        audit::record(
            &txn,
            &anonymous(office_id),
            Some(office_id),
            "register_again",
            "employer_user",
            Some(user.id.to_string()),
            "登録済みのメールアドレスで再度の登録申込み（本人に案内を送信）",
        )
        .await?;
        txn.commit().await?;
        return Ok(RegistrationOutcome::AlreadyRegistered);
    }
    if let Some(e) = matching_employer(db, office_id, &input.employer, &email).await? {
        let txn = super::write_tx(db).await?;
        let req = portal_link_request::ActiveModel {
            office_id: Set(office_id),
            employer_id: Set(e.id),
            email: Set(email.clone()),
            name: Set(input.employer.contact_name.trim().to_owned()),
            phone: Set(input.employer.contact_phone.trim().to_owned()),
            created_at: Set(now()),
            handled_at: Set(None),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        super::notify::registration_routed(
            &txn,
            &office,
            &e,
            &email,
            input.employer.contact_name.trim(),
        )
        .await?;
        audit::record(
            &txn,
            &anonymous(office_id),
            Some(office_id),
            "link_request",
            "employer",
            Some(e.id.to_string()),
            format!(
                "公開フォームの登録が登録済みの求人者と一致（連携依頼 #{}）",
                req.id
            ),
        )
        .await?;
        txn.commit().await?;
        return Ok(RegistrationOutcome::Routed { employer_id: e.id });
    }
    Ok(RegistrationOutcome::Created(Box::new(
        register(db, office_id, input).await?,
    )))
}

/// An employer of the office that the registration describes: the same contact address, the
/// same 法人番号, or the same name and telephone.
async fn matching_employer(
    db: &DatabaseConnection,
    office_id: i32,
    input: &EmployerInput,
    email: &str,
) -> Result<Option<employer::Model>, sea_orm::DbErr> {
    if let Some(e) = employer::Entity::find()
        .filter(employer::Column::OfficeId.eq(office_id))
        .filter(employer::Column::ContactEmail.eq(email))
        .one(db)
        .await?
    {
        return Ok(Some(e));
    }
    Ok(employers::find_duplicates(db, office_id, input, None)
        .await?
        .into_iter()
        .next())
}

fn anonymous(office_id: i32) -> Actor {
    Actor {
        kind: ActorKind::Anonymous,
        id: None,
        office_id: Some(office_id),
    }
}

/// An address worth looking up or mailing: `local@domain`, at most 254 characters, no spaces
/// or control characters (which PostgreSQL would refuse).
fn looks_like_email(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.contains('@')
        && email.len() <= 254
        && !email.chars().any(|c| c.is_control() || c.is_whitespace())
}

/// How soon the same account can be sent another confirmation or reset mail.
const RESEND_SECONDS: i64 = 60;

/// The employer asks for the confirmation mail again (public page): a new link is mailed if the
/// address belongs to an unconfirmed account of the office. The answer never says whether it did.
pub async fn resend_confirmation(
    db: &DatabaseConnection,
    office_id: i32,
    email: &str,
) -> ServiceResult<()> {
    let email = entered_email(email)?;
    let Some(user) = employer_user::Entity::find()
        .filter(employer_user::Column::Email.eq(&email))
        .filter(employer_user::Column::OfficeId.eq(office_id))
        .filter(employer_user::Column::Active.eq(true))
        .filter(employer_user::Column::EmailConfirmedAt.is_null())
        .one(db)
        .await?
    else {
        return Ok(());
    };
    if user
        .confirm_sent_at
        .is_some_and(|s| now() - s < Duration::seconds(RESEND_SECONDS))
    {
        return Ok(());
    }
    let office = super::offices::get(db, office_id).await?;
    let token = random_token();
    let txn = super::write_tx(db).await?;
    let mut am: employer_user::ActiveModel = user.into();
    am.confirm_token_hash = Set(Some(sha256_hex(&token)));
    am.confirm_sent_at = Set(Some(now()));
    am.updated_at = Set(now());
    let user = am.update(&txn).await?;
    super::notify::registration(&txn, &office, &user, &token).await?;
    audit::record(
        &txn,
        &anonymous(office_id),
        Some(office_id),
        "resend_confirmation",
        "employer_user",
        Some(user.id.to_string()),
        "確認メールの再送を受付",
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// How long a password-reset link works.
pub const RESET_MINUTES: i64 = 60;

/// The address typed on the resend and reset forms, normalised, or the message next to it.
fn entered_email(typed: &str) -> ServiceResult<String> {
    let email = normalize_email(typed);
    let mut e = FieldErrors::new();
    if !looks_like_email(&email) {
        e.add("email", "登録したメールアドレスを入力してください");
    }
    e.into_result()?;
    Ok(email)
}

/// A portal user forgot the password: a single-use link valid for an hour is mailed to a
/// confirmed, active account. The answer never says whether the address is registered.
pub async fn request_password_reset(db: &DatabaseConnection, email: &str) -> ServiceResult<()> {
    let email = entered_email(email)?;
    let Some(user) = employer_user::Entity::find()
        .filter(employer_user::Column::Email.eq(&email))
        .filter(employer_user::Column::Active.eq(true))
        .filter(employer_user::Column::EmailConfirmedAt.is_not_null())
        .one(db)
        .await?
    else {
        return Ok(());
    };
    if user
        .reset_sent_at
        .is_some_and(|s| now() - s < Duration::seconds(RESEND_SECONDS))
    {
        return Ok(());
    }
    let office = super::offices::get(db, user.office_id).await?;
    let token = random_token();
    let txn = super::write_tx(db).await?;
    let mut am: employer_user::ActiveModel = user.into();
    am.reset_token_hash = Set(Some(sha256_hex(&token)));
    am.reset_sent_at = Set(Some(now()));
    am.updated_at = Set(now());
    let user = am.update(&txn).await?;
    super::notify::password_reset(&txn, &office, &user, &token).await?;
    audit::record(
        &txn,
        &actor(&user),
        None,
        "request_reset",
        "employer_user",
        Some(user.id.to_string()),
        "パスワード再設定のメールを送信",
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// The account a password-reset token belongs to, while the link is valid (an hour, once).
pub async fn user_for_reset_token(
    db: &DatabaseConnection,
    token: &str,
) -> Result<Option<employer_user::Model>, sea_orm::DbErr> {
    if token.is_empty() {
        return Ok(None);
    }
    let user = employer_user::Entity::find()
        .filter(employer_user::Column::ResetTokenHash.eq(sha256_hex(token)))
        .filter(employer_user::Column::Active.eq(true))
        .one(db)
        .await?;
    Ok(user.filter(|u| {
        u.reset_sent_at
            .is_some_and(|s| now() - s < Duration::minutes(RESET_MINUTES))
    }))
}

/// Set a new password with a reset token: the token is used up and every session of the account
/// ends.
pub async fn reset_password(
    db: &DatabaseConnection,
    token: &str,
    password: &str,
    confirmation: &str,
) -> ServiceResult<employer_user::Model> {
    let Some(user) = user_for_reset_token(db, token).await? else {
        return Err(ServiceError::NotFound);
    };
    check_new_password(password, confirmation, &user.email)?;
    let hash = hash_password(password).await?;
    let txn = super::write_tx(db).await?;
    // Single use: only the update that still sees this token wins.
    let res = employer_user::Entity::update_many()
        .col_expr(employer_user::Column::PasswordHash, Expr::value(Some(hash)))
        .col_expr(
            employer_user::Column::ResetTokenHash,
            Expr::value(Option::<String>::None),
        )
        .col_expr(employer_user::Column::UpdatedAt, Expr::value(now()))
        .filter(employer_user::Column::Id.eq(user.id))
        .filter(employer_user::Column::ResetTokenHash.eq(sha256_hex(token)))
        .exec(&txn)
        .await?;
    if res.rows_affected != 1 {
        txn.rollback().await?;
        return Err(ServiceError::NotFound);
    }
    employer_session::Entity::delete_many()
        .filter(employer_session::Column::EmployerUserId.eq(user.id))
        .exec(&txn)
        .await?;
    audit::record(
        &txn,
        &actor(&user),
        None,
        "reset_password",
        "employer_user",
        Some(user.id.to_string()),
        "パスワードを再設定（すべてのセッションを終了）",
    )
    .await?;
    txn.commit().await?;
    Ok(user)
}

/// Staff invite a person of an existing employer to the portal: a new account bound to the
/// record, with a mailed link to set the password.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct InviteInput {
    pub email: String,
    pub name: String,
}

pub async fn invite(
    db: &DatabaseConnection,
    actor: &Actor,
    office_id: i32,
    employer_id: i32,
    input: &InviteInput,
) -> ServiceResult<employer_user::Model> {
    let e = employers::get(db, office_id, employer_id).await?;
    let email = normalize_email(&input.email);
    let name = input.name.trim();
    let mut errors = FieldErrors::new();
    if !looks_like_email(&email) {
        errors.add(
            "email",
            "招待するメールアドレスを正しく入力してください（例：saiyo@example.jp）",
        );
    } else if employer_user::Entity::find()
        .filter(employer_user::Column::Email.eq(&email))
        .one(db)
        .await?
        .is_some()
    {
        errors.add(
            "email",
            "このメールアドレスは既に求人者ポータルに登録されています",
        );
    }
    if name.is_empty() {
        errors.add("name", "担当者の氏名を入力してください");
    } else if name.chars().count() > 100 {
        errors.add("name", "氏名は100文字以内で入力してください");
    } else if name.chars().any(char::is_control) {
        errors.add("name", "氏名に使えない文字（制御文字）が含まれています");
    }
    errors.into_result()?;
    let office = super::offices::get(db, office_id).await?;
    let token = random_token();
    let t = now();
    let txn = super::write_tx(db).await?;
    let user = employer_user::ActiveModel {
        office_id: Set(office_id),
        employer_id: Set(e.id),
        email: Set(email.clone()),
        name: Set(name.to_owned()),
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
    .await
    .map_err(|err| match err.sql_err() {
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => {
            let mut f = FieldErrors::new();
            f.add(
                "email",
                "このメールアドレスは既に求人者ポータルに登録されています",
            );
            ServiceError::Invalid(f)
        }
        _ => err.into(),
    })?;
    portal_link_request::Entity::update_many()
        .col_expr(portal_link_request::Column::HandledAt, Expr::value(Some(t)))
        .filter(portal_link_request::Column::EmployerId.eq(e.id))
        .filter(portal_link_request::Column::Email.eq(&email))
        .filter(portal_link_request::Column::HandledAt.is_null())
        .exec(&txn)
        .await?;
    super::notify::invitation(&txn, &office, &e, &user, &token).await?;
    audit::record(
        &txn,
        actor,
        Some(office_id),
        "invite",
        "employer_user",
        Some(user.id.to_string()),
        format!("求人者 #{} を求人者ポータルへ招待", e.id),
    )
    .await?;
    txn.commit().await?;
    Ok(user)
}

/// Staff deactivate (or reactivate) a portal account of an employer; deactivating ends its
/// sessions at once.
pub async fn set_active(
    db: &DatabaseConnection,
    actor: &Actor,
    office_id: i32,
    employer_id: i32,
    user_id: i32,
    active: bool,
) -> ServiceResult<employer_user::Model> {
    let user = employer_user::Entity::find_by_id(user_id)
        .filter(employer_user::Column::OfficeId.eq(office_id))
        .filter(employer_user::Column::EmployerId.eq(employer_id))
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let txn = super::write_tx(db).await?;
    let mut am: employer_user::ActiveModel = user.into();
    am.active = Set(active);
    if !active {
        am.reset_token_hash = Set(None);
    }
    am.updated_at = Set(now());
    let user = am.update(&txn).await?;
    if !active {
        employer_session::Entity::delete_many()
            .filter(employer_session::Column::EmployerUserId.eq(user.id))
            .exec(&txn)
            .await?;
    }
    audit::record(
        &txn,
        actor,
        Some(office_id),
        if active { "activate" } else { "deactivate" },
        "employer_user",
        Some(user.id.to_string()),
        if active {
            "求人者ポータルのアカウントを再開"
        } else {
            "求人者ポータルのアカウントを停止（セッションを終了）"
        },
    )
    .await?;
    txn.commit().await?;
    Ok(user)
}

/// Every portal account of an employer (active or not), for staff.
pub async fn accounts_of(
    db: &DatabaseConnection,
    office_id: i32,
    employer_id: i32,
) -> Result<Vec<employer_user::Model>, sea_orm::DbErr> {
    employer_user::Entity::find()
        .filter(employer_user::Column::OfficeId.eq(office_id))
        .filter(employer_user::Column::EmployerId.eq(employer_id))
        .order_by_asc(employer_user::Column::Id)
        .all(db)
        .await
}

/// Open link requests of an employer, oldest first.
pub async fn link_requests(
    db: &DatabaseConnection,
    office_id: i32,
    employer_id: i32,
) -> Result<Vec<portal_link_request::Model>, sea_orm::DbErr> {
    portal_link_request::Entity::find()
        .filter(portal_link_request::Column::OfficeId.eq(office_id))
        .filter(portal_link_request::Column::EmployerId.eq(employer_id))
        .filter(portal_link_request::Column::HandledAt.is_null())
        .order_by_asc(portal_link_request::Column::Id)
        .all(db)
        .await
}

/// Referrals of an employer by order: (all, awaiting a result).
pub async fn referral_counts(
    db: &DatabaseConnection,
    office_id: i32,
    employer_id: i32,
) -> Result<std::collections::HashMap<i32, (i64, i64)>, sea_orm::DbErr> {
    let rows: Vec<(i32, ReferralState, i64)> = referral::Entity::find()
        .select_only()
        .column(referral::Column::JobOrderId)
        .column(referral::Column::State)
        .column_as(referral::Column::Id.count(), "n")
        .filter(referral::Column::OfficeId.eq(office_id))
        .filter(referral::Column::EmployerId.eq(employer_id))
        .group_by(referral::Column::JobOrderId)
        .group_by(referral::Column::State)
        .into_tuple()
        .all(db)
        .await?;
    let mut out: std::collections::HashMap<i32, (i64, i64)> = Default::default();
    for (order, state, n) in rows {
        if state == ReferralState::Cancelled {
            continue;
        }
        let e = out.entry(order).or_default();
        e.0 += n;
        if state == ReferralState::Referred {
            e.1 += n;
        }
    }
    Ok(out)
}

/// The employer sends a change of an open order from the portal: the working copy is saved and
/// the receipt mail (to them and to staff) queued in one transaction.
pub async fn submit_change(
    db: &DatabaseConnection,
    actor: &Actor,
    office_id: i32,
    id: i32,
    form: &super::job_order_form::JobOrderForm,
) -> ServiceResult<()> {
    let txn = super::write_tx(db).await?;
    super::job_orders::save_draft(&txn, actor, office_id, id, form).await?;
    super::notify::order_submitted(&txn, office_id, id).await?;
    txn.commit().await?;
    Ok(())
}
