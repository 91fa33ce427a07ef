//! Job redesign over the database: the 作業分解書 of an order or an employer, the template
//! catalogue, carving plans (preset splits or fitted to chosen job seekers) with their legal
//! checks, and job orders created from the chosen positions (children of the source order).
mod breakdowns;
mod orders;
mod plans;
mod tasks;
mod templates;

pub use breakdowns::*;
pub use orders::*;
pub use plans::*;
pub use tasks::*;
pub use templates::*;
