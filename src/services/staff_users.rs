//! Staff accounts (職員). Every lookup is scoped to the acting user's office: another office's
//! account is "not found", never "forbidden".
use super::error::{ServiceError, ServiceResult};
use super::{Actor, audit, auth, now};
use crate::domain::accounts::{Role, password_problem};
use crate::domain::normalize::normalize_email;
use crate::validation::{FieldErrors, check};
use entity::staff_user;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder,
};
use serde::Deserialize;
use validator::Validate;

#[derive(Clone, Debug, Default, Deserialize, Validate)]
pub struct NewStaffUser {
    #[validate(length(min = 1, max = 100, message = "氏名を入力してください"))]
    #[serde(default)]
    pub name: String,
    #[validate(email(message = "メールアドレスの形式が正しくありません"))]
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub role: String,
    #[serde(default)]
    pub password: String,
    #[serde(default)]
    pub password_confirmation: String,
}

#[derive(Clone, Debug, Default, Deserialize, Validate)]
pub struct StaffUserUpdate {
    #[validate(length(min = 1, max = 100, message = "氏名を入力してください"))]
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub role: String,
    /// Checkbox: present when checked.
    #[serde(default)]
    pub active: Option<String>,
    /// Optional new password (blank keeps the current one).
    #[serde(default)]
    pub password: String,
    #[serde(default)]
    pub password_confirmation: String,
}

fn check_password(errors: &mut FieldErrors, password: &str, confirmation: &str, email: &str) {
    if let Some(p) = password_problem(password, email) {
        errors.add("password", p);
    } else if password != confirmation {
        errors.add("password_confirmation", "確認用のパスワードが一致しません");
    }
}

fn parse_role(errors: &mut FieldErrors, role: &str) -> Role {
    Role::parse(role).unwrap_or_else(|| {
        errors.add("role", "権限を選択してください");
        Role::Staff
    })
}

/// システム管理者 is granted (and taken away) only by the CLI (or the system itself), never
/// from the admin pages: an office admin cannot make anyone a deployment-level admin.
fn may_grant_system(actor: &Actor) -> bool {
    matches!(actor.kind, super::ActorKind::Cli | super::ActorKind::System)
}

const SYSTEM_ROLE_BY_CLI: &str = "システム管理者の権限は、サーバーのコマンド（tsunagu user create --role system）でのみ付与・変更できます";

/// Every problem with a new account, without writing anything.
pub async fn validate_new<C: ConnectionTrait>(
    db: &C,
    input: &NewStaffUser,
) -> ServiceResult<FieldErrors> {
    let email = normalize_email(&input.email);
    let mut errors = check(&NewStaffUser {
        email: email.clone(),
        ..input.clone()
    });
    parse_role(&mut errors, &input.role);
    check_password(
        &mut errors,
        &input.password,
        &input.password_confirmation,
        &email,
    );
    if !errors.has("email") && find_by_email(db, &email).await?.is_some() {
        errors.add("email", "このメールアドレスは既に登録されています");
    }
    Ok(errors)
}

/// Create an account in an office.
pub async fn create<C: super::Db>(
    db: &C,
    actor: &Actor,
    office_id: i32,
    input: &NewStaffUser,
) -> ServiceResult<staff_user::Model> {
    let mut errors = validate_new(db, input).await?;
    let role = Role::parse(&input.role).unwrap_or(Role::Staff);
    if role.is_system() && !may_grant_system(actor) {
        errors.add("role", SYSTEM_ROLE_BY_CLI);
    }
    errors.into_result()?;
    let email = normalize_email(&input.email);
    let hash = auth::hash_password(&input.password).await?;
    let txn = super::write_tx(db).await?;
    let db = &txn;
    let t = now();
    let user = staff_user::ActiveModel {
        office_id: Set(office_id),
        email: Set(email),
        name: Set(input.name.trim().to_owned()),
        role: Set(role.code().to_owned()),
        password_hash: Set(hash),
        active: Set(true),
        created_at: Set(t),
        updated_at: Set(t),
        ..Default::default()
    }
    .insert(db)
    .await?;
    audit::record(
        db,
        actor,
        Some(office_id),
        "create",
        "staff_user",
        Some(user.id.to_string()),
        format!("職員アカウントを作成（権限: {}）", role.label()),
    )
    .await?;
    txn.commit().await?;
    Ok(user)
}

pub async fn update<C: super::Db>(
    db: &C,
    actor: &Actor,
    office_id: i32,
    id: i32,
    input: &StaffUserUpdate,
) -> ServiceResult<staff_user::Model> {
    let user = get_in_office(db, office_id, id).await?;
    let mut errors = check(input);
    let role = parse_role(&mut errors, &input.role);
    let active = input.active.is_some();
    let new_password = !input.password.is_empty();
    if new_password {
        check_password(
            &mut errors,
            &input.password,
            &input.password_confirmation,
            &user.email,
        );
    }
    let was_system = Role::parse(&user.role).is_some_and(Role::is_system);
    if (role.is_system() != was_system) && !may_grant_system(actor) {
        errors.add("role", SYSTEM_ROLE_BY_CLI);
    }
    if actor.id == Some(user.id) && (!role.is_admin() || !active) {
        errors.add("role", "自分自身の管理者権限の解除・無効化はできません");
    }
    errors.into_result()?;
    let mut changed = Vec::new();
    if user.name != input.name.trim() {
        changed.push("氏名".to_owned());
    }
    if user.role != role.code() {
        changed.push(format!("権限→{}", role.label()));
    }
    if user.active != active {
        changed.push(if active { "有効化" } else { "無効化" }.to_owned());
    }
    if new_password {
        changed.push("パスワード再設定".to_owned());
    }
    let ends_sessions = new_password || !active;
    // Hashing takes a while: done before the write transaction, not while holding it.
    let new_hash = if new_password {
        Some(auth::hash_password(&input.password).await?)
    } else {
        None
    };
    let txn = super::write_tx(db).await?;
    let db = &txn;
    let mut am: staff_user::ActiveModel = user.into();
    am.name = Set(input.name.trim().to_owned());
    am.role = Set(role.code().to_owned());
    am.active = Set(active);
    if let Some(hash) = new_hash {
        am.password_hash = Set(hash);
    }
    am.updated_at = Set(now());
    let user = am.update(db).await?;
    if ends_sessions {
        auth::end_sessions(db, user.id).await?;
    }
    audit::record(
        db,
        actor,
        Some(office_id),
        "update",
        "staff_user",
        Some(user.id.to_string()),
        format!(
            "職員アカウントを変更: {}",
            if changed.is_empty() {
                "変更なし".to_owned()
            } else {
                changed.join(", ")
            }
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(user)
}

/// The user's own password change; needs the current password. Whoever might have learnt the
/// old password is shut out: every other session of the user ends and every API token is
/// revoked (the session that made the change, `keep_session`, stays).
pub async fn change_own_password(
    db: &sea_orm::DatabaseConnection,
    user: &staff_user::Model,
    current: &str,
    password: &str,
    confirmation: &str,
    keep_session: Option<&str>,
) -> ServiceResult<()> {
    let mut errors = FieldErrors::new();
    if !auth::verify_password(current, &user.password_hash).await {
        errors.add("current_password", "現在のパスワードが正しくありません");
    }
    check_password(&mut errors, password, confirmation, &user.email);
    errors.into_result()?;
    let hash = auth::hash_password(password).await?;
    let txn = super::write_tx(db).await?;
    let mut am: staff_user::ActiveModel = user.clone().into();
    am.password_hash = Set(hash);
    am.updated_at = Set(now());
    am.update(&txn).await?;
    auth::end_other_sessions(&txn, user.id, keep_session).await?;
    let revoked = super::api_tokens::revoke_all(&txn, user.id).await?;
    audit::record(
        &txn,
        &Actor::staff(user),
        None,
        "update",
        "staff_user",
        Some(user.id.to_string()),
        format!("自分のパスワードを変更（ほかのログインを終了、APIトークン{revoked}件を失効）"),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// One account of the office, or not found (also when it belongs to another office).
pub async fn get_in_office<C: ConnectionTrait>(
    db: &C,
    office_id: i32,
    id: i32,
) -> ServiceResult<staff_user::Model> {
    staff_user::Entity::find_by_id(id)
        .filter(staff_user::Column::OfficeId.eq(office_id))
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)
}

pub async fn list<C: ConnectionTrait>(
    db: &C,
    office_id: i32,
) -> Result<Vec<staff_user::Model>, sea_orm::DbErr> {
    staff_user::Entity::find()
        .filter(staff_user::Column::OfficeId.eq(office_id))
        .order_by_desc(staff_user::Column::Active)
        .order_by_asc(staff_user::Column::Id)
        .all(db)
        .await
}

pub async fn find_by_email<C: ConnectionTrait>(
    db: &C,
    email: &str,
) -> Result<Option<staff_user::Model>, sea_orm::DbErr> {
    staff_user::Entity::find()
        .filter(staff_user::Column::Email.eq(normalize_email(email)))
        .one(db)
        .await
}

pub async fn count_all<C: ConnectionTrait>(db: &C) -> Result<u64, sea_orm::DbErr> {
    staff_user::Entity::find().count(db).await
}
