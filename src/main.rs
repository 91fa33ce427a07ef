//! The `tsunagu` command: serve (default), migrate, office, user, token, backup.
use clap::{Parser, Subcommand};
use std::path::PathBuf;
use tsunagu::config::Settings;
use tsunagu::services::{Actor, api_tokens, backup, offices, setup, staff_users};
use tsunagu::{AppState, db};

#[derive(Parser)]
#[command(
    name = "tsunagu",
    version,
    about = "つなぐ — 無料職業紹介所 業務システム"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Start the web application (the default).
    Serve,
    /// Apply database migrations and load reference data, then exit.
    Migrate,
    /// Manage offices.
    Office {
        #[command(subcommand)]
        command: OfficeCommand,
    },
    /// Manage staff accounts.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Manage API tokens.
    Token {
        #[command(subcommand)]
        command: TokenCommand,
    },
    /// Deployment-wide reference data (minimum wages), shared by every office.
    Refdata {
        #[command(subcommand)]
        command: RefdataCommand,
    },
    /// Fill the database with a deterministic synthetic office (for demos and benchmarks).
    Generate {
        /// tiny (tests), town (5 k orders), city (50 k), nation (1 M).
        #[arg(long, default_value = "town", value_parser = ["tiny", "town", "city", "nation"])]
        scale: String,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Also a demo office with a staff account to sign in with (printed at the end).
        #[arg(long)]
        demo: bool,
    },
    /// Measure the main pages against this database: starts the server on loopback and prints
    /// p50/p95/p99, requests/s at each connection count, memory and start-up time.
    Bench {
        /// The office (code) to measure; default: the one with the most job orders.
        #[arg(long)]
        office: Option<String>,
        /// The server binary (default: this one), e.g. an older build to compare with.
        #[arg(long)]
        binary: Option<PathBuf>,
        /// Requests per page and connection count (at most).
        #[arg(long, default_value_t = 200)]
        requests: usize,
        /// Seconds per page and connection count (at most).
        #[arg(long, default_value_t = 20.0)]
        seconds: f64,
        /// Connection counts, comma separated.
        #[arg(long, default_value = "1,8", value_delimiter = ',')]
        connections: Vec<usize>,
        /// Only the pages whose name contains one of these (comma separated), e.g. `list,search`.
        #[arg(long, value_delimiter = ',')]
        only: Vec<String>,
        /// No warm-up request before each page (for pages that take long at nation scale).
        #[arg(long)]
        no_warmup: bool,
    },
    /// Write a consistent copy of the (SQLite) database to PATH.
    Backup { path: PathBuf },
    /// Write the query planner's statistics of the tables that need them now (SQLite; the
    /// hourly job does this too), e.g. after a bulk import.
    Analyze,
    /// List (--dry-run) or anonymise (--apply) closed records past the retention period.
    Retention {
        #[arg(long, conflicts_with = "apply")]
        dry_run: bool,
        #[arg(long)]
        apply: bool,
    },
}

#[derive(Subcommand)]
enum OfficeCommand {
    /// Create an office.
    Create {
        #[arg(long)]
        code: String,
        #[arg(long)]
        name: String,
        /// JIS prefecture code, 01–47.
        #[arg(long)]
        prefecture: String,
    },
}

#[derive(Subcommand)]
enum UserCommand {
    /// Create a staff account; the password comes from TSUNAGU_PASSWORD or is prompted for.
    Create {
        #[arg(long)]
        office: String,
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        /// `system` is a システム管理者: an admin of the office who also keeps the
        /// deployment's reference data (minimum wages); only the CLI grants it.
        #[arg(long, value_parser = ["admin", "staff", "system"])]
        role: String,
    },
}

#[derive(Subcommand)]
enum RefdataCommand {
    /// Import a minimum-wage CSV (pref_code,pref_name,hourly_yen,effective_date).
    ImportWages { path: PathBuf },
    /// Mark a fiscal year's minimum-wage table as checked against the official notices.
    ConfirmWages { fiscal_year: i32 },
}

#[derive(Subcommand)]
enum TokenCommand {
    /// Issue an API token for a user; the token is printed alone on the last line.
    Create {
        #[arg(long)]
        email: String,
        #[arg(long, default_value = "CLI")]
        name: String,
    },
}

/// See `Cargo.toml`: faster for the many short-lived rows of a request, and gives memory back.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    no_transparent_huge_pages();
    let result = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(anyhow::Error::from)
        .and_then(|rt| rt.block_on(run()));
    if let Err(e) = result {
        eprintln!("エラー: {e:#}");
        std::process::exit(1);
    }
}

/// mimalloc asks the kernel for transparent huge pages over its whole arena, so each 2 MiB
/// that holds a few live objects was resident in full: 41 of the idle server's 66 MB. Turned
/// off for the process before the runtime allocates anything (the kernel then backs the
/// arena with 4 KiB pages; measured in `docs/performance.md`, eighth session).
fn no_transparent_huge_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: prctl with PR_SET_THP_DISABLE takes plain integers and touches no memory of ours.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

fn print_invalid(e: tsunagu::services::ServiceError) -> anyhow::Error {
    match e {
        tsunagu::services::ServiceError::Invalid(fields) => {
            let lines: Vec<String> = fields
                .map()
                .iter()
                .flat_map(|(f, ms)| ms.iter().map(move |m| format!("  --{f}: {m}")))
                .collect();
            anyhow::anyhow!("入力内容を確認してください:\n{}", lines.join("\n"))
        }
        other => anyhow::anyhow!(other),
    }
}

async fn run() -> anyhow::Result<()> {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,sqlx=warn,sea_orm=warn".into()),
        )
        .with_writer(std::io::stderr)
        // Colour codes only on a terminal: a log written to a file or a journal stays plain.
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
    let settings = Settings::from_env()?;
    let command = cli.command.unwrap_or(Command::Serve);
    let conn = if matches!(command, Command::Serve) {
        // The app may start before its database (a container, a reboot): keep trying.
        db::connect_and_migrate_retrying(&settings.database_url, None).await?
    } else {
        let conn = db::connect(&settings.database_url).await?;
        db::migrate(&conn).await?;
        conn
    };
    match command {
        Command::Serve => serve(conn, settings).await,
        Command::Migrate => {
            println!("migrated");
            Ok(())
        }
        Command::Analyze => {
            let started = std::time::Instant::now();
            let done = tsunagu::services::statistics::refresh(&conn).await?;
            for (table, rows) in &done.tables {
                println!("analysed {table} ({rows} rows)");
            }
            println!(
                "{} tables analysed in {:.1} s",
                done.tables.len(),
                started.elapsed().as_secs_f64()
            );
            Ok(())
        }
        Command::Office {
            command:
                OfficeCommand::Create {
                    code,
                    name,
                    prefecture,
                },
        } => {
            let input = offices::OfficeInput::with_defaults(&code, &name, &prefecture);
            let o = offices::create(&conn, &Actor::cli(), &input)
                .await
                .map_err(print_invalid)?;
            println!("office {} created (id {})", o.code, o.id);
            Ok(())
        }
        Command::User {
            command:
                UserCommand::Create {
                    office,
                    email,
                    name,
                    role,
                },
        } => {
            let Some(o) = offices::find_by_code(&conn, &office).await? else {
                anyhow::bail!("office {office} not found");
            };
            let password = match std::env::var("TSUNAGU_PASSWORD") {
                Ok(p) if !p.is_empty() => p,
                _ => rpassword::prompt_password("パスワード: ")?,
            };
            let input = staff_users::NewStaffUser {
                name,
                email,
                role,
                password: password.clone(),
                password_confirmation: password,
            };
            let u = staff_users::create(&conn, &Actor::cli(), o.id, &input)
                .await
                .map_err(print_invalid)?;
            println!("user {} created (id {})", u.email, u.id);
            Ok(())
        }
        Command::Token {
            command: TokenCommand::Create { email, name },
        } => {
            let Some(u) = staff_users::find_by_email(&conn, &email).await? else {
                anyhow::bail!("user {email} not found");
            };
            let (_, token) = api_tokens::create(&conn, &Actor::cli(), &u, &name)
                .await
                .map_err(print_invalid)?;
            println!("token for user id {} (shown once):", u.id);
            println!("{token}");
            Ok(())
        }
        Command::Retention { dry_run, apply } => {
            let today = tsunagu::present::format::today();
            let items = if apply {
                tsunagu::services::retention::apply(&conn, &Actor::cli(), today).await?
            } else {
                let _ = dry_run;
                tsunagu::services::retention::due(&conn, today).await?
            };
            for d in &items {
                println!("{}\t{}\t#{}\t{}", d.office_id, d.kind, d.id, d.completed_on);
            }
            println!(
                "{} record(s) {}",
                items.len(),
                if apply {
                    "anonymised"
                } else {
                    "due (dry run; use --apply)"
                }
            );
            Ok(())
        }
        Command::Refdata { command } => match command {
            RefdataCommand::ImportWages { path } => {
                let bytes = std::fs::read(&path)?;
                let r =
                    tsunagu::services::refdata::import_minimum_wages(&conn, &Actor::cli(), &bytes)
                        .await
                        .map_err(print_invalid)?;
                println!("imported: {} added, {} corrected", r.inserted, r.updated);
                Ok(())
            }
            RefdataCommand::ConfirmWages { fiscal_year } => {
                let n = tsunagu::services::refdata::confirm_fiscal_year(
                    &conn,
                    &Actor::cli(),
                    fiscal_year,
                )
                .await
                .map_err(print_invalid)?;
                println!("confirmed {n} row(s) of fiscal year {fiscal_year}");
                Ok(())
            }
        },
        Command::Generate { scale, seed, demo } => {
            let scale = tsunagu::generate::Scale::parse(&scale)
                .ok_or_else(|| anyhow::anyhow!("unknown scale {scale}"))?;
            let bar = indicatif::ProgressBar::new(0);
            bar.set_style(
                indicatif::ProgressStyle::with_template(
                    "{msg:8} [{elapsed_precise}] {wide_bar} {pos}/{len}",
                )
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            );
            let progress = |what: &str, done: u64, total: u64| {
                bar.set_message(what.to_owned());
                bar.set_length(total);
                bar.set_position(done);
            };
            let started = std::time::Instant::now();
            let bulk = tsunagu::generate::bulk_connection(&settings.database_url).await?;
            let s = tsunagu::generate::generate(
                bulk.as_ref().unwrap_or(&conn),
                &tsunagu::generate::Options {
                    scale,
                    seed,
                    demo,
                    today: tsunagu::present::format::today(),
                },
                &progress,
            )
            .await?;
            bar.finish_and_clear();
            println!(
                "office {} (id {}): {} employers, {} job orders ({} open), {} seekers, {} referrals, {} hires, {} follow-ups in {:.1} s",
                s.office_code,
                s.office_id,
                s.employers,
                s.orders,
                s.open_orders,
                s.seekers,
                s.referrals,
                s.placements,
                s.follow_ups,
                started.elapsed().as_secs_f64()
            );
            if let Some((email, password)) = s.demo_login {
                println!();
                println!(
                    "  デモ用アカウント（cargo run で起動し、{}/login から）",
                    settings.base_url
                );
                println!("  メール: {email}");
                println!("  パスワード: {password}");
            }
            Ok(())
        }
        Command::Bench {
            office,
            binary,
            requests,
            seconds,
            connections,
            only,
            no_warmup,
        } => {
            let binary = match binary {
                Some(b) => b,
                None => std::env::current_exe()?,
            };
            let report = tsunagu::bench::run(
                &conn,
                &tsunagu::bench::Options {
                    binary,
                    database_url: settings.database_url.clone(),
                    office,
                    requests,
                    max_seconds: seconds,
                    concurrency: connections,
                    env: Vec::new(),
                    only,
                    warmup: !no_warmup,
                },
            )
            .await?;
            println!("{}", report.to_markdown());
            anyhow::ensure!(report.all_ok(), "some requests did not answer 200");
            Ok(())
        }
        Command::Backup { path } => {
            backup::backup(&conn, &path).await?;
            println!("backup written to {}", path.display());
            Ok(())
        }
    }
}

async fn serve(conn: sea_orm::DatabaseConnection, settings: Settings) -> anyhow::Result<()> {
    let bind = settings.bind;
    let base = settings.base_url.clone();
    if setup::needed(&conn).await? {
        let token = setup::issue_token(&conn).await?;
        println!();
        println!(
            "  まだ職員アカウントがありません。次のリンクを開いて初期設定を行ってください（一度だけ有効）:"
        );
        println!("  {base}/setup?token={token}");
        println!();
    }
    let state = AppState::new(conn, settings).await?;
    // This instance's name in outbox claims and job leases (several may share one database).
    let instance: String = format!("instance-{}", &tsunagu::services::random_token()[..12]);
    // The outbox worker: sends queued mail every few seconds; several instances each claim
    // different messages, so every message is sent once.
    let mailing = state.clone();
    let worker_id = format!("{instance}-mail");
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(5));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            let worker = mailing.outbox_worker(&worker_id);
            match worker.drain(&mailing.db, chrono::Utc::now()).await {
                Ok(r) if r.claimed() > 0 => tracing::info!(
                    sent = r.sent,
                    retrying = r.retrying,
                    failed = r.failed,
                    "outbox round"
                ),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "outbox worker failed"),
            }
        }
    });
    // Hourly, on one instance at a time (a lease in the database): expire job orders whose
    // validity has ended (pages already read them as expired), remind employers of missing
    // results, tell them a week before their orders expire, and drop old sent mail. Not at
    // start-up (a restart must not stall on a day's backlog): the lease is first tried after
    // ten minutes, then every five.
    let background = state.clone();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval_at(
            tokio::time::Instant::now() + std::time::Duration::from_secs(600),
            std::time::Duration::from_secs(300),
        );
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            let today = tsunagu::present::format::today();
            match tsunagu::services::outbox::hourly(
                &background.db,
                &instance,
                chrono::Utc::now(),
                today,
            )
            .await
            {
                Ok(Some(h)) => tracing::info!(
                    orders_expired = h.orders_expired,
                    reminders = h.reminders,
                    expiry_notices = h.expiry_notices,
                    sent_mail_removed = h.sent_mail_removed,
                    tables_analysed = h.tables_analysed,
                    "hourly jobs done"
                ),
                Ok(None) => {}
                Err(e) => tracing::warn!(error = %e, "hourly jobs failed"),
            }
        }
    });
    let app = tsunagu::app(state).layer(
        tower_http::trace::TraceLayer::new_for_http().make_span_with(
            |req: &axum::http::Request<_>| {
                // Paths and methods only: no query strings, no bodies (they may hold personal data).
                tracing::info_span!("request", method = %req.method(), path = %req.uri().path())
            },
        ),
    );
    let listener = tokio::net::TcpListener::bind(bind).await?;
    tracing::info!(%bind, "tsunagu is listening");
    // The peer address reaches handlers (sign-in and registration limits per client).
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await?;
    Ok(())
}
