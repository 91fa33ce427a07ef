//! maud components and page layouts. Views receive display-ready data (dates already in 和暦,
//! amounts already formatted) and never query anything.
pub mod carving;
pub mod employers;
pub mod forms;
pub mod job_orders;
pub mod layout;
pub mod pages;
pub mod paperwork;
pub mod portal;
pub mod public;
pub mod seekers;

pub use maud;
