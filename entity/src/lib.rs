//! sea-orm entities, one file per table.

pub mod api_token;
pub mod app_setting;
pub mod audit_log;
pub mod era;
pub mod industry;
pub mod login_attempt;
pub mod minimum_wage;
pub mod occupation;
pub mod office;
pub mod prefecture;
pub mod session;
pub mod staff_user;

pub use sea_orm;
