//! The mail outbox: use cases write messages into `mail_outbox` in their own transaction
//! (`enqueue`); a background worker (`run_once`, looped by `serve`) claims due rows, sends them
//! with a time limit, retries with exponential backoff and marks a message failed after
//! [`MAX_ATTEMPTS`]. Admins see the queue and can send a failed message again.
//!
//! Several instances may share one database: a row is claimed by a conditional UPDATE (it only
//! succeeds while nobody else holds an unexpired claim), so each message is sent by one worker;
//! scheduled jobs take a lease ([`take_lease`]) so they run once per period.
use super::error::ServiceError;
use super::error::ServiceResult;
use super::{Actor, audit, now};
use crate::mail::Mailer;
use chrono::{DateTime, Duration, Utc};
use entity::{job_lease, mail_outbox};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect,
};

/// Attempts before a message is marked failed (about 4 h 15 min of retries in all).
pub const MAX_ATTEMPTS: i32 = 8;
/// The first retry waits this long; each further one twice as long, at most [`MAX_BACKOFF_SECS`].
pub const FIRST_BACKOFF_SECS: i64 = 60;
pub const MAX_BACKOFF_SECS: i64 = 3600;
/// How long a claim lasts: a worker that dies mid-send leaves the row to another after this.
pub const CLAIM_SECS: i64 = 300;
/// The longest one message may take to send, connection included.
pub const SEND_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(60);
/// Sent messages are kept this long for the admin's queue page, then removed.
pub const KEEP_SENT_DAYS: i64 = 30;
/// Rows claimed per round.
const BATCH: u64 = 20;

pub const PENDING: &str = "pending";
pub const SENT: &str = "sent";
pub const FAILED: &str = "failed";

/// Write one message into the outbox on `db` (the caller's transaction). No recipients: nothing.
pub async fn enqueue<C: ConnectionTrait>(
    db: &C,
    office_id: Option<i32>,
    kind: &str,
    to: Vec<String>,
    (subject, body): (String, String),
) -> Result<(), DbErr> {
    if to.is_empty() {
        return Ok(());
    }
    let t = now();
    mail_outbox::Entity::insert(mail_outbox::ActiveModel {
        office_id: Set(office_id),
        kind: Set(kind.to_owned()),
        recipients: Set(serde_json::to_string(&to).unwrap_or_else(|_| "[]".into())),
        subject: Set(subject),
        body: Set(body),
        status: Set(PENDING.into()),
        attempts: Set(0),
        next_attempt_at: Set(t),
        claimed_by: Set(None),
        claimed_until: Set(None),
        last_error: Set(None),
        created_at: Set(t),
        sent_at: Set(None),
        updated_at: Set(t),
        ..Default::default()
    })
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// The wait before attempt `attempts + 1` after `attempts` failures: 1, 2, 4, … minutes, at most
/// an hour.
pub fn backoff(attempts: i32) -> Duration {
    let exp = attempts.clamp(1, 20) - 1;
    Duration::seconds((FIRST_BACKOFF_SECS << exp).min(MAX_BACKOFF_SECS))
}

/// What one round of the worker did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Round {
    pub sent: usize,
    /// Failed this time, will be tried again.
    pub retrying: usize,
    /// Failed for the last time.
    pub failed: usize,
}

impl Round {
    pub fn claimed(&self) -> usize {
        self.sent + self.retrying + self.failed
    }
}

/// The sending side: the transport, the sender address and how long one message may take.
pub struct Worker<'a> {
    pub mailer: &'a Mailer,
    pub from: &'a str,
    /// Names this worker in claims (unique per instance and task).
    pub id: &'a str,
    pub send_timeout: std::time::Duration,
}

fn due(at: DateTime<Utc>) -> Condition {
    Condition::all()
        .add(mail_outbox::Column::Status.eq(PENDING))
        .add(mail_outbox::Column::NextAttemptAt.lte(at))
        .add(
            Condition::any()
                .add(mail_outbox::Column::ClaimedUntil.is_null())
                .add(mail_outbox::Column::ClaimedUntil.lt(at)),
        )
}

impl Worker<'_> {
    /// Claim up to a batch of due messages (as of `at`) and send each. Returns what happened.
    pub async fn run_once<C: ConnectionTrait>(
        &self,
        db: &C,
        at: DateTime<Utc>,
    ) -> Result<Round, DbErr> {
        let candidates: Vec<i32> = mail_outbox::Entity::find()
            .select_only()
            .column(mail_outbox::Column::Id)
            .filter(due(at))
            .order_by_asc(mail_outbox::Column::NextAttemptAt)
            .order_by_asc(mail_outbox::Column::Id)
            .limit(BATCH)
            .into_tuple()
            .all(db)
            .await?;
        let mut round = Round::default();
        for id in candidates {
            // The claim: only one worker's UPDATE matches while the row is unclaimed.
            let claimed = mail_outbox::Entity::update_many()
                .col_expr(mail_outbox::Column::ClaimedBy, Expr::value(self.id))
                .col_expr(
                    mail_outbox::Column::ClaimedUntil,
                    Expr::value(at + Duration::seconds(CLAIM_SECS)),
                )
                .filter(mail_outbox::Column::Id.eq(id))
                .filter(due(at))
                .exec(db)
                .await?;
            if claimed.rows_affected != 1 {
                continue;
            }
            let Some(m) = mail_outbox::Entity::find_by_id(id).one(db).await? else {
                continue;
            };
            let to: Vec<String> = serde_json::from_str(&m.recipients).unwrap_or_default();
            let result = match tokio::time::timeout(
                self.send_timeout,
                self.mailer.send(self.from, &to, &m.subject, &m.body),
            )
            .await
            {
                Ok(r) => r,
                Err(_) => Err(anyhow::anyhow!(
                    "sending took longer than {} s",
                    self.send_timeout.as_secs()
                )),
            };
            let attempts = m.attempts + 1;
            let t = now();
            let mut upd = mail_outbox::Entity::update_many()
                .col_expr(mail_outbox::Column::Attempts, Expr::value(attempts))
                .col_expr(
                    mail_outbox::Column::ClaimedBy,
                    Expr::value(Option::<String>::None),
                )
                .col_expr(
                    mail_outbox::Column::ClaimedUntil,
                    Expr::value(Option::<DateTime<Utc>>::None),
                )
                .col_expr(mail_outbox::Column::UpdatedAt, Expr::value(t));
            match result {
                Ok(()) => {
                    upd = upd
                        .col_expr(mail_outbox::Column::Status, Expr::value(SENT))
                        .col_expr(mail_outbox::Column::SentAt, Expr::value(Some(t)));
                    round.sent += 1;
                }
                Err(e) => {
                    let error: String = format!("{e:#}").chars().take(500).collect();
                    tracing::warn!(kind = %m.kind, attempts, error = %error, "mail not sent");
                    upd = upd.col_expr(mail_outbox::Column::LastError, Expr::value(Some(error)));
                    if attempts >= MAX_ATTEMPTS {
                        upd = upd.col_expr(mail_outbox::Column::Status, Expr::value(FAILED));
                        round.failed += 1;
                    } else {
                        upd = upd.col_expr(
                            mail_outbox::Column::NextAttemptAt,
                            Expr::value(at.max(t) + backoff(attempts)),
                        );
                        round.retrying += 1;
                    }
                }
            }
            upd.filter(mail_outbox::Column::Id.eq(id))
                .filter(mail_outbox::Column::ClaimedBy.eq(self.id))
                .exec(db)
                .await?;
        }
        Ok(round)
    }

    /// Run rounds until nothing is due (as of `at`); returns the total.
    pub async fn drain<C: ConnectionTrait>(
        &self,
        db: &C,
        at: DateTime<Utc>,
    ) -> Result<Round, DbErr> {
        let mut total = Round::default();
        loop {
            let r = self.run_once(db, at).await?;
            total.sent += r.sent;
            total.retrying += r.retrying;
            total.failed += r.failed;
            if r.claimed() == 0 {
                return Ok(total);
            }
        }
    }
}

/// Take the lease `name` for `hold` if nobody else holds it: the holder runs the job; the lease
/// is not given back, so the job runs once per `hold` across every instance on the database.
pub async fn take_lease<C: ConnectionTrait>(
    db: &C,
    name: &str,
    holder: &str,
    hold: Duration,
    at: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let inserted = job_lease::Entity::insert(job_lease::ActiveModel {
        name: Set(name.to_owned()),
        holder: Set(holder.to_owned()),
        held_until: Set(at + hold),
    })
    .on_conflict(
        OnConflict::column(job_lease::Column::Name)
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    if inserted == 1 {
        return Ok(true);
    }
    let res = job_lease::Entity::update_many()
        .col_expr(job_lease::Column::Holder, Expr::value(holder))
        .col_expr(job_lease::Column::HeldUntil, Expr::value(at + hold))
        .filter(job_lease::Column::Name.eq(name))
        .filter(job_lease::Column::HeldUntil.lte(at))
        .exec(db)
        .await?;
    Ok(res.rows_affected == 1)
}

/// One row of the admin's queue page.
pub struct QueueItem {
    pub row: mail_outbox::Model,
    pub recipients: usize,
}

/// Counts by status for an office.
pub async fn counts<C: ConnectionTrait>(db: &C, office_id: i32) -> Result<[u64; 3], DbErr> {
    let mut out = [0; 3];
    for (i, s) in [PENDING, FAILED, SENT].into_iter().enumerate() {
        out[i] = mail_outbox::Entity::find()
            .filter(mail_outbox::Column::OfficeId.eq(office_id))
            .filter(mail_outbox::Column::Status.eq(s))
            .count(db)
            .await?;
    }
    Ok(out)
}

/// The newest 100 messages of an office in one status.
pub async fn list<C: ConnectionTrait>(
    db: &C,
    office_id: i32,
    status: &str,
) -> Result<Vec<QueueItem>, DbErr> {
    let status = match status {
        FAILED | SENT => status,
        _ => PENDING,
    };
    Ok(mail_outbox::Entity::find()
        .filter(mail_outbox::Column::OfficeId.eq(office_id))
        .filter(mail_outbox::Column::Status.eq(status))
        .order_by_desc(mail_outbox::Column::Id)
        .limit(100)
        .all(db)
        .await?
        .into_iter()
        .map(|row| QueueItem {
            recipients: serde_json::from_str::<Vec<String>>(&row.recipients)
                .map(|v| v.len())
                .unwrap_or(0),
            row,
        })
        .collect())
}

/// Put a failed message of the office back in the queue, to be sent now (attempts start again).
pub async fn resend<C: super::Db>(
    db: &C,
    actor: &Actor,
    office_id: i32,
    id: i32,
) -> ServiceResult<()> {
    let txn = super::write_tx(db).await?;
    let db = &txn;
    let res = mail_outbox::Entity::update_many()
        .col_expr(mail_outbox::Column::Status, Expr::value(PENDING))
        .col_expr(mail_outbox::Column::Attempts, Expr::value(0))
        .col_expr(mail_outbox::Column::NextAttemptAt, Expr::value(now()))
        .col_expr(mail_outbox::Column::UpdatedAt, Expr::value(now()))
        .filter(mail_outbox::Column::Id.eq(id))
        .filter(mail_outbox::Column::OfficeId.eq(office_id))
        .filter(mail_outbox::Column::Status.eq(FAILED))
        .exec(db)
        .await?;
    if res.rows_affected != 1 {
        return Err(ServiceError::NotFound);
    }
    audit::record(
        db,
        actor,
        Some(office_id),
        "resend",
        "mail",
        Some(id.to_string()),
        "送信できなかったメールを再送",
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Remove sent messages older than `before` (their bodies hold personal data). Returns how many.
pub async fn purge_sent<C: ConnectionTrait>(db: &C, before: DateTime<Utc>) -> Result<u64, DbErr> {
    Ok(mail_outbox::Entity::delete_many()
        .filter(mail_outbox::Column::Status.eq(SENT))
        .filter(mail_outbox::Column::SentAt.lt(before))
        .exec(db)
        .await?
        .rows_affected)
}

/// The admin's name for a kind of message.
pub fn kind_label(kind: &str) -> &str {
    match kind {
        "email_confirmation" => "メールアドレスの確認",
        "portal_invitation" => "ポータルへの招待",
        "password_reset" => "パスワード再設定",
        "registration_received" => "登録申込みの受付",
        "already_registered" => "登録済みのご案内",
        "link_request_staff" => "連携依頼（職員あて）",
        "order_submitted" => "求人申込みの受付",
        "order_submitted_staff" => "求人申込み（職員あて）",
        "order_accepted" => "求人の受理",
        "order_rejected" => "求人の不受理",
        "order_stopped" => "募集停止の受付",
        "order_expiring" => "有効期限のお知らせ",
        "result_reminder" => "選考結果の督促",
        "referral_made" => "紹介のお知らせ",
        other => other,
    }
}

/// What one run of the hourly jobs did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Hourly {
    pub orders_expired: u64,
    pub reminders: usize,
    pub expiry_notices: usize,
    pub sent_mail_removed: u64,
    /// The tables whose planner statistics were written again (SQLite).
    pub tables_analysed: usize,
}

/// The hourly jobs — expire orders and seekers, queue result reminders and expiry notices, drop
/// old sent mail, keep the planner's statistics fresh — if this instance (`holder`) gets the lease for the hour; `None` when another
/// instance has run them within the last 55 minutes.
pub async fn hourly(
    db: &sea_orm::DatabaseConnection,
    holder: &str,
    at: DateTime<Utc>,
    today: chrono::NaiveDate,
) -> Result<Option<Hourly>, DbErr> {
    if !take_lease(db, "hourly", holder, Duration::minutes(55), at).await? {
        return Ok(None);
    }
    let notifier = super::notify::Notifier { db };
    let mut h = Hourly {
        orders_expired: super::job_orders::expire_due(db, today).await?,
        ..Default::default()
    };
    h.reminders = notifier.result_reminders(today).await?;
    super::job_seekers::expire_due(db, today).await?;
    h.expiry_notices = notifier.expiring_orders(today).await?;
    h.sent_mail_removed = purge_sent(db, at - Duration::days(KEEP_SENT_DAYS)).await?;
    h.tables_analysed = super::statistics::refresh(db).await?.tables.len();
    Ok(Some(h))
}
