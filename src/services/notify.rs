//! Mail to employers and staff when something happens to a job order. A failed send is logged
//! (without addresses) and never fails the action that caused it.
use super::{audit, employers, job_orders, portal, staff_users};
use crate::mail::Mailer;
use crate::mail::messages::{self, OfficeInfo, OrderInfo};
use chrono::NaiveDate;
use entity::{employer, job_order, office};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter};

pub struct Notifier<'a> {
    pub db: &'a DatabaseConnection,
    pub mailer: &'a Mailer,
    pub base_url: &'a str,
    pub from: &'a str,
}

fn office_info(o: &office::Model, base_url: &str) -> OfficeInfo {
    OfficeInfo {
        name: o.name.clone(),
        phone: o.phone.clone(),
        email: o.email.clone(),
        base_url: base_url.to_owned(),
    }
}

fn order_info(e: &employer::Model, o: &job_order::Model) -> OrderInfo {
    OrderInfo {
        employer_name: e.name.clone(),
        contact_name: e.contact_name.clone(),
        occupation_title: o.occupation_title.clone(),
        number: o.number.clone(),
        valid_until: o.valid_until,
    }
}

impl Notifier<'_> {
    async fn send(&self, kind: &str, to: Vec<String>, (subject, body): (String, String)) {
        if to.is_empty() {
            return;
        }
        if let Err(e) = self.mailer.send(self.from, &to, &subject, &body).await {
            tracing::warn!(kind, error = %e, "mail not sent");
        }
    }

    /// The employer's addresses: the contact person and every portal user.
    async fn employer_addresses(&self, e: &employer::Model) -> Vec<String> {
        let mut to: Vec<String> = portal::users_of(self.db, e.id)
            .await
            .unwrap_or_default()
            .into_iter()
            .filter(|u| u.email_confirmed_at.is_some())
            .map(|u| u.email)
            .collect();
        if !e.contact_email.is_empty() {
            to.push(e.contact_email.clone());
        }
        to.sort();
        to.dedup();
        to
    }

    async fn load(
        &self,
        office: &office::Model,
        order_id: i32,
    ) -> Option<(employer::Model, job_order::Model)> {
        let o = job_orders::get(self.db, office.id, order_id).await.ok()?;
        let e = employers::get(self.db, office.id, o.employer_id)
            .await
            .ok()?;
        Some((e, o))
    }

    pub async fn registration(&self, office: &office::Model, reg: &portal::Registered) {
        let link = format!("{}/portal/confirm?token={}", self.base_url, reg.token);
        let msg = messages::email_confirmation(
            &office_info(office, self.base_url),
            &reg.user.name,
            &link,
        );
        self.send("email_confirmation", vec![reg.user.email.clone()], msg)
            .await;
    }

    pub async fn order_submitted(&self, office: &office::Model, order_id: i32) {
        let Some((e, o)) = self.load(office, order_id).await else {
            return;
        };
        let info = order_info(&e, &o);
        let oi = office_info(office, self.base_url);
        self.send(
            "order_submitted",
            self.employer_addresses(&e).await,
            messages::order_submitted_to_employer(&oi, &info),
        )
        .await;
        let staff: Vec<String> = staff_users::list(self.db, office.id)
            .await
            .unwrap_or_default()
            .into_iter()
            .filter(|u| u.active)
            .map(|u| u.email)
            .collect();
        let link = format!("{}/job-orders/{}", self.base_url, o.id);
        self.send(
            "order_submitted_staff",
            staff,
            messages::order_submitted_to_staff(&oi, &info, &link),
        )
        .await;
    }

    pub async fn order_accepted(&self, office: &office::Model, order_id: i32) {
        let Some((e, o)) = self.load(office, order_id).await else {
            return;
        };
        let msg =
            messages::order_accepted(&office_info(office, self.base_url), &order_info(&e, &o));
        self.send("order_accepted", self.employer_addresses(&e).await, msg)
            .await;
    }

    pub async fn order_rejected(&self, office: &office::Model, order_id: i32) {
        let Some((e, o)) = self.load(office, order_id).await else {
            return;
        };
        let ground = o
            .rejection_ground
            .as_deref()
            .map(|g| employers::label(employers::REJECTION_GROUNDS, g))
            .unwrap_or("");
        let msg = messages::order_rejected(
            &office_info(office, self.base_url),
            &order_info(&e, &o),
            ground,
            &o.rejection_reason,
        );
        self.send("order_rejected", self.employer_addresses(&e).await, msg)
            .await;
    }

    pub async fn order_stopped(&self, office: &office::Model, order_id: i32) {
        let Some((e, o)) = self.load(office, order_id).await else {
            return;
        };
        let msg = messages::order_stopped(&office_info(office, self.base_url), &order_info(&e, &o));
        self.send("order_stopped", self.employer_addresses(&e).await, msg)
            .await;
    }

    /// A week before expiry: tell the employer, once per order and validity date.
    pub async fn expiring_orders(&self, today: NaiveDate) -> Result<usize, sea_orm::DbErr> {
        let due = today + chrono::Duration::days(7);
        let orders = job_order::Entity::find()
            .filter(job_order::Column::State.eq("open"))
            .filter(job_order::Column::ValidUntil.eq(due))
            .all(self.db)
            .await?;
        let mut sent = 0;
        for o in orders {
            let marker = format!("有効期限{due}の1週間前のお知らせ");
            let already = entity::audit_log::Entity::find()
                .filter(entity::audit_log::Column::Action.eq("notify"))
                .filter(entity::audit_log::Column::EntityType.eq("job_order"))
                .filter(entity::audit_log::Column::EntityId.eq(o.id.to_string()))
                .filter(entity::audit_log::Column::Summary.eq(marker.clone()))
                .count(self.db)
                .await?;
            if already > 0 {
                continue;
            }
            let Ok(office) = super::offices::get(self.db, o.office_id).await else {
                continue;
            };
            let Ok(e) = employers::get(self.db, o.office_id, o.employer_id).await else {
                continue;
            };
            let msg =
                messages::order_expiring(&office_info(&office, self.base_url), &order_info(&e, &o));
            self.send("order_expiring", self.employer_addresses(&e).await, msg)
                .await;
            audit::record(
                self.db,
                &super::Actor::system(),
                Some(o.office_id),
                "notify",
                "job_order",
                Some(o.id.to_string()),
                marker,
            )
            .await?;
            sent += 1;
        }
        Ok(sent)
    }

    /// Remind employers of results not received after the office's reminder period (once each).
    pub async fn result_reminders(&self, today: NaiveDate) -> Result<usize, sea_orm::DbErr> {
        let mut sent = 0;
        for r in super::referrals::due_reminders(self.db, today).await? {
            let Ok(office) = super::offices::get(self.db, r.office_id).await else {
                continue;
            };
            let Ok(e) = employers::get(self.db, r.office_id, r.employer_id).await else {
                continue;
            };
            let Ok(o) = job_orders::get(self.db, r.office_id, r.job_order_id).await else {
                continue;
            };
            let seeker = entity::job_seeker::Entity::find_by_id(r.job_seeker_id)
                .one(self.db)
                .await?
                .map(|s| s.name)
                .unwrap_or_default();
            let msg = messages::result_reminder(
                &office_info(&office, self.base_url),
                &order_info(&e, &o),
                &r.number,
                &seeker,
                r.referred_on,
            );
            self.send("result_reminder", self.employer_addresses(&e).await, msg)
                .await;
            audit::record(
                self.db,
                &super::Actor::system(),
                Some(r.office_id),
                "notify",
                "referral",
                Some(r.id.to_string()),
                "選考結果の督促",
            )
            .await?;
            super::referrals::mark_reminded(self.db, r, today).await?;
            sent += 1;
        }
        Ok(sent)
    }
}
