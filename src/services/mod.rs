//! Use cases over the database. Services own their transactions and are callable from tests
//! without HTTP.
pub mod api_tokens;
pub mod app_settings;
pub mod audit;
pub mod auth;
pub mod backup;
pub mod carving;
pub mod complaints;
pub mod employers;
pub mod job_order_form;
pub mod job_orders;
pub mod job_seekers;
pub mod ledgers;
pub mod matching;
pub mod notify;
pub mod numbering;
pub mod offices;
pub mod outbox;
pub mod placements;
pub mod portal;
pub mod public_jobs;
pub mod refdata;
pub mod referrals;
pub mod rejection_review;
pub mod reports;
pub mod retention;
pub mod saved_searches;
pub mod setup;
pub mod staff_users;

use chrono::{DateTime, Utc};
use rand::RngExt;
use sha2::{Digest, Sha256};

/// Who does something: written to the audit log with every change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Actor {
    pub kind: ActorKind,
    pub id: Option<i32>,
    pub office_id: Option<i32>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ActorKind {
    Staff,
    Api,
    Cli,
    System,
    Anonymous,
    /// An employer's contact person in the portal.
    Employer,
}

impl ActorKind {
    pub fn code(self) -> &'static str {
        match self {
            ActorKind::Staff => "staff",
            ActorKind::Api => "api",
            ActorKind::Cli => "cli",
            ActorKind::System => "system",
            ActorKind::Anonymous => "anonymous",
            ActorKind::Employer => "employer",
        }
    }
}

impl Actor {
    pub fn staff(user: &entity::staff_user::Model) -> Self {
        Self {
            kind: ActorKind::Staff,
            id: Some(user.id),
            office_id: Some(user.office_id),
        }
    }
    pub fn api(user: &entity::staff_user::Model) -> Self {
        Self {
            kind: ActorKind::Api,
            ..Self::staff(user)
        }
    }
    pub fn cli() -> Self {
        Self {
            kind: ActorKind::Cli,
            id: None,
            office_id: None,
        }
    }
    pub fn system() -> Self {
        Self {
            kind: ActorKind::System,
            id: None,
            office_id: None,
        }
    }
}

pub use crate::domain::label;

pub fn now() -> DateTime<Utc> {
    Utc::now()
}

/// A random secret of 32 bytes, hex encoded (cookies, tokens).
pub fn random_token() -> String {
    let bytes: [u8; 32] = rand::rng().random();
    hex::encode(bytes)
}

pub fn sha256_hex(s: &str) -> String {
    hex::encode(Sha256::digest(s.as_bytes()))
}
