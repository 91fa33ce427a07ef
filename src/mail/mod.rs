//! Outgoing mail: SMTP in production, `.eml` files in an outbox directory by default (so a fresh
//! `cargo run` works without a mail server), and an in-memory list in tests.
//!
//! Mail carries personal data (addresses, names, the body), so nothing here logs more than the
//! transport used and a recipient count, and SMTP errors are reported without the server's reply
//! text (which often echoes the recipient address).

pub mod messages;
#[cfg(test)]
mod tests;

use anyhow::{Context, bail};
use lettre::message::header::ContentType;
use lettre::message::{Mailbox, Message};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Port for SMTP submission with STARTTLS (RFC 6409).
const SUBMISSION_PORT: u16 = 587;
/// Port for SMTP submission over implicit TLS (RFC 8314).
const SUBMISSIONS_PORT: u16 = 465;
/// How long to wait for the connection, the server's greeting and each SMTP command before giving
/// up (the outbox worker also bounds the whole message, see `services::outbox::SEND_TIMEOUT`).
pub const SMTP_TIMEOUT: Duration = Duration::from_secs(15);

/// A message as the in-memory transport keeps it: the plain text, not the encoded form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SentMail {
    pub to: Vec<String>,
    pub subject: String,
    pub body: String,
}

/// Where mail goes. Cheap to clone (kept in AppState).
#[derive(Clone)]
pub enum Mailer {
    /// A relay; a new connection per message (volumes are small).
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    /// One `.eml` file per message in this directory (created when needed).
    Outbox(PathBuf),
    /// Kept in memory, for tests.
    Memory(Arc<Mutex<Vec<SentMail>>>),
}

/// Shows only the kind of transport: the SMTP variant holds credentials.
impl fmt::Debug for Mailer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Smtp(_) => f.write_str("Mailer::Smtp"),
            Self::Outbox(dir) => f.debug_tuple("Mailer::Outbox").field(dir).finish(),
            Self::Memory(_) => f.write_str("Mailer::Memory"),
        }
    }
}

impl Mailer {
    /// SMTP when `smtp.host` is set, else an outbox in `outbox_dir`.
    ///
    /// The port picks the security: 587 is STARTTLS (required), 465 implicit TLS, and any other
    /// port (25, 1025, ...) plain SMTP, meant for a relay on the same host or network. Certificates
    /// are checked against the bundled Mozilla roots. Nothing connects until the first message.
    pub fn from_settings(
        smtp: &crate::config::SmtpSettings,
        outbox_dir: &Path,
    ) -> anyhow::Result<Mailer> {
        smtp.from
            .parse::<Mailbox>()
            .context("SMTP_FROM is not a valid mail address")?;
        let Some(host) = smtp
            .host
            .as_deref()
            .map(str::trim)
            .filter(|h| !h.is_empty())
        else {
            return Ok(Mailer::Outbox(outbox_dir.to_path_buf()));
        };
        let builder = match smtp.port {
            SUBMISSION_PORT => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(host)
                .context("cannot set up STARTTLS for the SMTP host")?,
            SUBMISSIONS_PORT => AsyncSmtpTransport::<Tokio1Executor>::relay(host)
                .context("cannot set up TLS for the SMTP host")?,
            _ => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host),
        }
        .port(smtp.port)
        .timeout(Some(SMTP_TIMEOUT));
        let builder = match (&smtp.username, &smtp.password) {
            (Some(user), Some(password)) => {
                if !matches!(smtp.port, SUBMISSION_PORT | SUBMISSIONS_PORT) {
                    tracing::warn!(
                        port = smtp.port,
                        "SMTP credentials are configured for a port without TLS; \
                         they will be sent unencrypted"
                    );
                }
                builder.credentials(Credentials::new(user.clone(), password.clone()))
            }
            (None, None) => builder,
            _ => bail!("SMTP_USERNAME and SMTP_PASSWORD must be set together"),
        };
        Ok(Mailer::Smtp(builder.build()))
    }

    /// Plain SMTP (no TLS, no credentials) to `host:port` with `timeout` for the connection, the
    /// greeting and each command: a relay on the same host or network, and tests.
    pub fn smtp_relay(host: &str, port: u16, timeout: Duration) -> Mailer {
        Mailer::Smtp(
            AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host)
                .port(port)
                .timeout(Some(timeout))
                .build(),
        )
    }

    /// An in-memory mailer for tests; read what was sent with [`Mailer::sent`].
    pub fn memory() -> Mailer {
        Mailer::Memory(Arc::default())
    }

    /// What an in-memory mailer has sent, oldest first; empty for the other transports.
    pub fn sent(&self) -> Vec<SentMail> {
        match self {
            Mailer::Memory(sent) => sent.lock().unwrap_or_else(|e| e.into_inner()).clone(),
            Mailer::Smtp(_) | Mailer::Outbox(_) => Vec::new(),
        }
    }

    /// Sends one plain-text message (UTF-8; a Japanese subject is RFC 2047-encoded). Logs only the
    /// transport and the number of recipients, never addresses, subjects or bodies (personal data).
    ///
    /// `from` and each of `to` are `addr@example.jp` or `名前 <addr@example.jp>`. The message is
    /// built (and the addresses checked) the same way whatever the transport.
    pub async fn send(
        &self,
        from: &str,
        to: &[String],
        subject: &str,
        body: &str,
    ) -> anyhow::Result<()> {
        let message = build_message(from, to, subject, body)?;
        let transport = match self {
            Mailer::Smtp(smtp) => {
                smtp.send(message).await.map_err(smtp_error)?;
                "smtp"
            }
            Mailer::Outbox(dir) => {
                let path = write_outbox(dir, &message.formatted()).await?;
                tracing::info!(path = %path.display(), "mail written to the outbox");
                "outbox"
            }
            Mailer::Memory(sent) => {
                sent.lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .push(SentMail {
                        to: to.to_vec(),
                        subject: subject.to_owned(),
                        body: body.to_owned(),
                    });
                "memory"
            }
        };
        tracing::info!(transport, recipients = to.len(), "mail sent");
        Ok(())
    }
}

/// The RFC 5322 message: `text/plain; charset=utf-8`, header words RFC 2047-encoded, the body in
/// base64 or quoted-printable as lettre finds shorter, CRLF line endings.
fn build_message(from: &str, to: &[String], subject: &str, body: &str) -> anyhow::Result<Message> {
    if to.is_empty() {
        bail!("a message needs at least one recipient");
    }
    // Parse errors name no address: they can end up in logs.
    let from: Mailbox = from.parse().context("invalid sender address")?;
    let mut builder = Message::builder()
        .from(from)
        .subject(subject)
        .message_id(None)
        .header(ContentType::TEXT_PLAIN);
    for (i, address) in to.iter().enumerate() {
        let mailbox: Mailbox = address
            .parse()
            .with_context(|| format!("invalid recipient address (#{})", i + 1))?;
        builder = builder.to(mailbox);
    }
    builder
        .body(body.to_owned())
        .context("cannot build the mail message")
}

/// An SMTP error without the server's reply text, which may quote addresses.
fn smtp_error(e: lettre::transport::smtp::Error) -> anyhow::Error {
    match e.status() {
        Some(code) if e.is_permanent() => {
            anyhow::anyhow!("the SMTP server refused the message (permanent error {code})")
        }
        Some(code) => {
            anyhow::anyhow!("the SMTP server refused the message (transient error {code})")
        }
        None => anyhow::Error::new(e).context("cannot send mail over SMTP"),
    }
}

/// Writes `YYYYMMDDTHHMMSS-<random>.eml` (local time) into `dir`, creating it if needed. The file
/// appears under its final name only once complete.
async fn write_outbox(dir: &Path, formatted: &[u8]) -> anyhow::Result<PathBuf> {
    use rand::RngExt;

    tokio::fs::create_dir_all(dir)
        .await
        .with_context(|| format!("cannot create the outbox directory {}", dir.display()))?;
    let stamp = chrono::Local::now().format("%Y%m%dT%H%M%S");
    let random: u64 = rand::rng().random();
    let name = format!("{stamp}-{random:016x}.eml");
    let path = dir.join(&name);
    let partial = dir.join(format!(".{name}.partial"));
    tokio::fs::write(&partial, formatted)
        .await
        .with_context(|| format!("cannot write {}", partial.display()))?;
    tokio::fs::rename(&partial, &path)
        .await
        .with_context(|| format!("cannot move the message to {}", path.display()))?;
    Ok(path)
}
