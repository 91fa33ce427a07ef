//! tsunagu (つなぐ): the system a municipality uses to run its own free job-placement office.
//!
//! Layers: `domain` (pure rules) ← `services` (use cases over the database) ← `web` (thin
//! handlers) and the CLI in `main.rs`. Views live in the `templates` crate.
pub mod bench;
pub mod clock;
pub mod config;
pub mod db;
pub mod domain;
pub mod error;
pub mod generate;
pub mod mail;
pub mod pdf;
pub mod present;
pub mod services;
pub mod state;
pub mod validation;
pub mod web;

pub use state::AppState;

/// The whole application as a Router (tests call this; no port needed).
pub fn app(state: AppState) -> axum::Router {
    web::router(state)
}
