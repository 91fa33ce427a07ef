use crate::config::Settings;
use sea_orm::DatabaseConnection;
use std::sync::Arc;

/// Everything a handler needs; cheap to clone. Nothing here is per-user state, so several
/// instances can run behind one load balancer on one PostgreSQL.
#[derive(Clone)]
pub struct AppState {
    pub db: DatabaseConnection,
    pub settings: Arc<Settings>,
    /// Key for CSRF tokens (HMAC); from `TSUNAGU_SECRET_KEY` or generated once into the database.
    pub secret: Arc<Vec<u8>>,
}

impl AppState {
    pub async fn new(db: DatabaseConnection, settings: Settings) -> anyhow::Result<Self> {
        let secret = match &settings.secret_key {
            Some(k) => k.as_bytes().to_vec(),
            None => crate::services::app_settings::secret_key(&db).await?,
        };
        Ok(Self {
            db,
            settings: Arc::new(settings),
            secret: Arc::new(secret),
        })
    }
}
