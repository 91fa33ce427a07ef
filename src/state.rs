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
    pub mailer: crate::mail::Mailer,
    /// The PDF fonts, parsed once.
    pub fonts: Arc<crate::pdf::Fonts>,
}

impl AppState {
    pub async fn new(db: DatabaseConnection, settings: Settings) -> anyhow::Result<Self> {
        let secret = match &settings.secret_key {
            Some(k) => k.as_bytes().to_vec(),
            None => crate::services::app_settings::secret_key(&db).await?,
        };
        let mailer = crate::mail::Mailer::from_settings(&settings.smtp, &settings.outbox_dir)?;
        // Mail is written into the outbox by the use cases, which link to this address.
        let base_url = settings.base_url.trim_end_matches('/');
        let notify_key = crate::services::notify::BASE_URL_KEY;
        // With the database still unreachable the app starts anyway (pages answer 503 until
        // it is back); the address is stored at the next start.
        match crate::services::app_settings::get(&db, notify_key).await {
            Ok(stored) if stored.as_deref() == Some(base_url) => {}
            Ok(_) => crate::services::app_settings::set(&db, notify_key, base_url).await?,
            Err(e) => tracing::warn!(error = %e, "could not store the base URL for mail links"),
        }
        Ok(Self {
            db,
            settings: Arc::new(settings),
            secret: Arc::new(secret),
            mailer,
            fonts: Arc::new(crate::pdf::Fonts::load()?),
        })
    }

    /// The same state with another mailer (tests use the in-memory one).
    pub fn with_mailer(mut self, mailer: crate::mail::Mailer) -> Self {
        self.mailer = mailer;
        self
    }

    /// The scheduled notices (expiry, result reminders); they queue mail in the outbox.
    pub fn notifier(&self) -> crate::services::notify::Notifier<'_> {
        crate::services::notify::Notifier { db: &self.db }
    }

    /// The outbox worker of this instance: sends queued mail through this state's mailer.
    pub fn outbox_worker<'a>(&'a self, id: &'a str) -> crate::services::outbox::Worker<'a> {
        crate::services::outbox::Worker {
            mailer: &self.mailer,
            from: &self.settings.smtp.from,
            id,
            send_timeout: crate::services::outbox::SEND_TIMEOUT,
        }
    }
}
