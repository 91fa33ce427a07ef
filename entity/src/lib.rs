//! sea-orm entities, one file per table.

pub mod api_token;
pub mod app_setting;
pub mod audit_log;
pub mod carving_plan;
pub mod case_note;
pub mod complaint;
pub mod employer;
pub mod employer_contact;
pub mod employer_session;
pub mod employer_user;
pub mod era;
pub mod experience_placement;
pub mod follow_up;
pub mod industry;
pub mod job_order;
pub mod job_order_version;
pub mod job_seeker;
pub mod login_attempt;
pub mod minimum_wage;
pub mod number_sequence;
pub mod occupation;
pub mod office;
pub mod placement;
pub mod prefecture;
pub mod rate_event;
pub mod referral;
pub mod referral_transition;
pub mod rejection_review;
pub mod saved_search;
pub mod session;
pub mod staff_user;
pub mod task_breakdown;
pub mod task_template;

pub use sea_orm;
