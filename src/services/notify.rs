//! What mail goes out when something happens, decided in the use cases: each function renders a
//! message and writes it into the outbox (`services::outbox`) on the connection it is given —
//! the use case's transaction — so the mail leaves if and only if the change is committed. The
//! background worker sends it. Nothing here sends anything or logs an address.
use super::{audit, employers, job_orders, outbox, staff_users};
use crate::domain::states::JobOrderState;
use crate::mail::messages::{self, OfficeInfo, OrderInfo};
use chrono::NaiveDate;
use entity::{employer, employer_user, job_order, office, referral};
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter};

/// The `app_settings` key of the address the portal links in mail point at: written by every
/// instance when it starts (`AppState::new`), read when a message is written into the outbox.
pub const BASE_URL_KEY: &str = "mail_base_url";

/// The deployment's public address, as configured (`TSUNAGU_BASE_URL`).
pub async fn base_url<C: ConnectionTrait>(db: &C) -> Result<String, DbErr> {
    Ok(super::app_settings::get(db, BASE_URL_KEY)
        .await?
        .unwrap_or_default()
        .trim_end_matches('/')
        .to_owned())
}

pub async fn office_info<C: ConnectionTrait>(
    db: &C,
    o: &office::Model,
) -> Result<OfficeInfo, DbErr> {
    Ok(OfficeInfo {
        name: o.name.clone(),
        phone: o.phone.clone(),
        email: o.email.clone(),
        base_url: base_url(db).await?,
    })
}

fn order_info(e: &employer::Model, o: &job_order::Model) -> OrderInfo {
    OrderInfo {
        employer_name: e.name.clone(),
        contact_name: e.contact_name.clone(),
        occupation_title: o.occupation_title.clone(),
        number: o.number.clone(),
        valid_until: o.valid_until,
        applied_online: matches!(o.source.as_str(), "portal" | "public"),
    }
}

/// The employer's addresses: the contact person and every confirmed, active portal user.
pub async fn employer_addresses<C: ConnectionTrait>(
    db: &C,
    e: &employer::Model,
) -> Result<Vec<String>, DbErr> {
    let mut to: Vec<String> = employer_user::Entity::find()
        .filter(employer_user::Column::EmployerId.eq(e.id))
        .filter(employer_user::Column::Active.eq(true))
        .filter(employer_user::Column::EmailConfirmedAt.is_not_null())
        .all(db)
        .await?
        .into_iter()
        .map(|u| u.email)
        .collect();
    if !e.contact_email.is_empty() {
        to.push(e.contact_email.clone());
    }
    to.sort();
    to.dedup();
    Ok(to)
}

/// The office's active staff (mail about new work for them).
async fn staff_addresses<C: ConnectionTrait>(db: &C, office_id: i32) -> Result<Vec<String>, DbErr> {
    Ok(staff_users::list(db, office_id)
        .await?
        .into_iter()
        .filter(|u| u.active)
        .map(|u| u.email)
        .collect())
}

struct Loaded {
    office: office::Model,
    info: OfficeInfo,
    employer: employer::Model,
    order: job_order::Model,
}

async fn load<C: ConnectionTrait>(db: &C, office_id: i32, order_id: i32) -> Result<Loaded, DbErr> {
    let not_found = |what: &str| DbErr::RecordNotFound(format!("{what} for mail"));
    let office = super::offices::get(db, office_id)
        .await
        .map_err(|_| not_found("office"))?;
    let order = job_orders::get(db, office_id, order_id)
        .await
        .map_err(|_| not_found("job order"))?;
    let employer = employers::get(db, office_id, order.employer_id)
        .await
        .map_err(|_| not_found("employer"))?;
    let info = office_info(db, &office).await?;
    Ok(Loaded {
        office,
        info,
        employer,
        order,
    })
}

/// A mail to one portal user with a link into the portal (`path` with its token), composed by
/// `compose` from the office and the link.
async fn mail_portal_user<C: ConnectionTrait>(
    db: &C,
    office: &office::Model,
    user: &employer_user::Model,
    kind: &str,
    path: String,
    compose: impl FnOnce(&OfficeInfo, &str) -> (String, String),
) -> Result<(), DbErr> {
    let info = office_info(db, office).await?;
    let link = format!("{}{path}", info.base_url);
    let msg = compose(&info, &link);
    outbox::enqueue(db, Some(office.id), kind, vec![user.email.clone()], msg).await
}

/// The confirmation mail of a new portal account (public registration, or a mail asked for again).
pub async fn registration<C: ConnectionTrait>(
    db: &C,
    office: &office::Model,
    user: &employer_user::Model,
    token: &str,
) -> Result<(), DbErr> {
    let path = format!("/portal/confirm?token={token}");
    mail_portal_user(
        db,
        office,
        user,
        "email_confirmation",
        path,
        |info, link| messages::email_confirmation(info, &user.name, link),
    )
    .await
}

/// Staff invited a person of an existing employer to the portal.
pub async fn invitation<C: ConnectionTrait>(
    db: &C,
    office: &office::Model,
    employer: &employer::Model,
    user: &employer_user::Model,
    token: &str,
) -> Result<(), DbErr> {
    let path = format!("/portal/confirm?token={token}");
    mail_portal_user(db, office, user, "portal_invitation", path, |info, link| {
        messages::portal_invitation(info, &employer.name, &user.name, link)
    })
    .await
}

/// A password reset link for a portal user.
pub async fn password_reset<C: ConnectionTrait>(
    db: &C,
    office: &office::Model,
    user: &employer_user::Model,
    token: &str,
) -> Result<(), DbErr> {
    let path = format!("/portal/reset?token={token}");
    mail_portal_user(db, office, user, "password_reset", path, |info, link| {
        messages::password_reset(info, &user.name, link)
    })
    .await
}

/// A public registration that matches an existing employer: the visitor is told the office will
/// be in touch (the same words as for a new registration), and the office's staff are told.
pub async fn registration_routed<C: ConnectionTrait>(
    db: &C,
    office: &office::Model,
    employer: &employer::Model,
    visitor_email: &str,
    visitor_name: &str,
) -> Result<(), DbErr> {
    let info = office_info(db, office).await?;
    let msg = messages::registration_received(&info, visitor_name);
    outbox::enqueue(
        db,
        Some(office.id),
        "registration_received",
        vec![visitor_email.to_owned()],
        msg,
    )
    .await?;
    let link = format!("{}/employers/{}/portal", info.base_url, employer.id);
    let msg = messages::link_request_to_staff(&info, &employer.name, &link);
    outbox::enqueue(
        db,
        Some(office.id),
        "link_request_staff",
        staff_addresses(db, office.id).await?,
        msg,
    )
    .await
}

/// Someone asked to register an address that already has a portal account: tell its owner how to
/// sign in or reset the password (the visitor sees the same page as for a new registration).
pub async fn already_registered<C: ConnectionTrait>(
    db: &C,
    office: &office::Model,
    user: &employer_user::Model,
) -> Result<(), DbErr> {
    let info = office_info(db, office).await?;
    let msg = messages::already_registered(&info, &user.name);
    outbox::enqueue(
        db,
        Some(office.id),
        "already_registered",
        vec![user.email.clone()],
        msg,
    )
    .await
}

/// The employer sent an order (or a change) from the portal: a receipt to them, a note to staff.
pub async fn order_submitted<C: ConnectionTrait>(
    db: &C,
    office_id: i32,
    order_id: i32,
) -> Result<(), DbErr> {
    let l = load(db, office_id, order_id).await?;
    let info = order_info(&l.employer, &l.order);
    outbox::enqueue(
        db,
        Some(office_id),
        "order_submitted",
        employer_addresses(db, &l.employer).await?,
        messages::order_submitted_to_employer(&l.info, &info),
    )
    .await?;
    let link = format!("{}/job-orders/{}", l.info.base_url, l.order.id);
    outbox::enqueue(
        db,
        Some(office_id),
        "order_submitted_staff",
        staff_addresses(db, l.office.id).await?,
        messages::order_submitted_to_staff(&l.info, &info, &link),
    )
    .await
}

pub async fn order_accepted<C: ConnectionTrait>(
    db: &C,
    office_id: i32,
    order_id: i32,
) -> Result<(), DbErr> {
    let l = load(db, office_id, order_id).await?;
    let msg = messages::order_accepted(&l.info, &order_info(&l.employer, &l.order));
    outbox::enqueue(
        db,
        Some(office_id),
        "order_accepted",
        employer_addresses(db, &l.employer).await?,
        msg,
    )
    .await
}

pub async fn order_rejected<C: ConnectionTrait>(
    db: &C,
    office_id: i32,
    order_id: i32,
) -> Result<(), DbErr> {
    let l = load(db, office_id, order_id).await?;
    let ground = l
        .order
        .rejection_ground
        .as_deref()
        .map(|g| employers::label(employers::REJECTION_GROUNDS, g))
        .unwrap_or("");
    let msg = messages::order_rejected(
        &l.info,
        &order_info(&l.employer, &l.order),
        ground,
        &l.order.rejection_reason,
    );
    outbox::enqueue(
        db,
        Some(office_id),
        "order_rejected",
        employer_addresses(db, &l.employer).await?,
        msg,
    )
    .await
}

pub async fn order_stopped<C: ConnectionTrait>(
    db: &C,
    office_id: i32,
    order_id: i32,
) -> Result<(), DbErr> {
    let l = load(db, office_id, order_id).await?;
    let msg = messages::order_stopped(&l.info, &order_info(&l.employer, &l.order));
    outbox::enqueue(
        db,
        Some(office_id),
        "order_stopped",
        employer_addresses(db, &l.employer).await?,
        msg,
    )
    .await
}

/// A seeker was referred to the employer's order: the 紹介番号, the order and a link to the
/// portal — nothing about the person (the 紹介状 they bring carries that).
pub async fn referral_made<C: ConnectionTrait>(db: &C, r: &referral::Model) -> Result<(), DbErr> {
    let l = load(db, r.office_id, r.job_order_id).await?;
    let link = format!("{}/portal/referrals/{}", l.info.base_url, r.id);
    let msg = messages::referral_made(
        &l.info,
        &order_info(&l.employer, &l.order),
        &r.number,
        r.referred_on,
        &link,
    );
    outbox::enqueue(
        db,
        Some(r.office_id),
        "referral_made",
        employer_addresses(db, &l.employer).await?,
        msg,
    )
    .await
}

/// Expiry notices one hourly run sends at most (24 runs a day: 24,000 a day).
pub const EXPIRY_NOTICES_PER_RUN: u64 = 1000;

struct OrderKey {
    id: i32,
    office_id: i32,
}

/// The scheduled notices (run by one instance at a time, see `outbox::take_lease`).
pub struct Notifier<'a> {
    pub db: &'a DatabaseConnection,
}

impl Notifier<'_> {
    /// A week before expiry: tell the employer, once per order and validity date. Each notice is
    /// written with its audit marker in one transaction.
    ///
    /// Spread over the week: one run sends at most [`EXPIRY_NOTICES_PER_RUN`], the soonest
    /// expiry first, and a notice not sent on its day (a month end when a third of the open
    /// orders expire together) goes out on a later run before the order expires.
    pub async fn expiring_orders(&self, today: NaiveDate) -> Result<usize, DbErr> {
        use sea_orm::{QueryOrder, QuerySelect, sea_query::Expr};
        let due = today + chrono::Duration::days(7);
        // Orders whose notice for their current validity date is not yet written.
        let not_noticed = Expr::cust(
            "NOT EXISTS (SELECT 1 FROM audit_logs a WHERE a.action = 'notify' \
             AND a.entity_type = 'job_order' AND a.entity_id = CAST(job_orders.id AS TEXT) \
             AND a.summary = '有効期限' || CAST(job_orders.valid_until AS TEXT) \
             || 'の1週間前のお知らせ')",
        );
        let orders: Vec<(i32, i32, NaiveDate)> = job_order::Entity::find()
            .filter(job_order::Column::State.eq(JobOrderState::Open))
            .filter(job_order::Column::ValidUntil.gt(today))
            .filter(job_order::Column::ValidUntil.lte(due))
            .filter(not_noticed)
            .select_only()
            .column(job_order::Column::Id)
            .column(job_order::Column::OfficeId)
            .column(job_order::Column::ValidUntil)
            .order_by_asc(job_order::Column::ValidUntil)
            .order_by_asc(job_order::Column::Id)
            .limit(EXPIRY_NOTICES_PER_RUN)
            .into_tuple()
            .all(self.db)
            .await?;
        let mut sent = 0;
        for (id, office_id, valid_until) in orders {
            let o = OrderKey { id, office_id };
            let marker = format!("有効期限{valid_until}の1週間前のお知らせ");
            let Ok(l) = load(self.db, o.office_id, o.id).await else {
                continue;
            };
            let msg = messages::order_expiring(&l.info, &order_info(&l.employer, &l.order));
            let to = employer_addresses(self.db, &l.employer).await?;
            // The notice and its marker together: never one without the other.
            let txn = super::write_tx(self.db).await?;
            outbox::enqueue(&txn, Some(o.office_id), "order_expiring", to, msg).await?;
            audit::record(
                &txn,
                &super::Actor::system(),
                Some(o.office_id),
                "notify",
                "job_order",
                Some(o.id.to_string()),
                marker,
            )
            .await?;
            txn.commit().await?;
            sent += 1;
        }
        Ok(sent)
    }

    /// Remind employers of results not received after the office's reminder period (once each).
    pub async fn result_reminders(&self, today: NaiveDate) -> Result<usize, DbErr> {
        let mut sent = 0;
        for r in super::referrals::due_reminders(self.db, today).await? {
            let Ok(l) = load(self.db, r.office_id, r.job_order_id).await else {
                continue;
            };
            let seeker = entity::job_seeker::Entity::find_by_id(r.job_seeker_id)
                .one(self.db)
                .await?
                .map(|s| s.name)
                .unwrap_or_default();
            let msg = messages::result_reminder(
                &l.info,
                &order_info(&l.employer, &l.order),
                &r.number,
                &seeker,
                r.referred_on,
            );
            let to = employer_addresses(self.db, &l.employer).await?;
            let txn = super::write_tx(self.db).await?;
            outbox::enqueue(&txn, Some(r.office_id), "result_reminder", to, msg).await?;
            audit::record(
                &txn,
                &super::Actor::system(),
                Some(r.office_id),
                "notify",
                "referral",
                Some(r.id.to_string()),
                "選考結果の督促",
            )
            .await?;
            super::referrals::mark_reminded(&txn, r, today).await?;
            txn.commit().await?;
            sent += 1;
        }
        Ok(sent)
    }
}
