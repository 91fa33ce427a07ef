//! `tsunagu bench`: starts the server (this binary, or another one) on loopback against an
//! existing — normally generated — database and measures the pages staff and the public use most:
//! p50 / p95 / p99 and requests per second at 1 and 8 connections, the server's resident memory
//! idle and under load, and its start-up time.
//!
//! The load loop is a small HTTP/1.1 client over keep-alive connections to 127.0.0.1 only; every
//! run is bounded in requests and in time, and every answer must be `200 OK`.
use crate::config::Settings;
use crate::domain::states::{JobOrderState, SeekerState};
use crate::services::{Actor, api_tokens, auth, staff_users};
use entity::{job_order, job_seeker, office, referral, staff_user};
use sea_orm::{
    ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use std::path::PathBuf;
use std::time::{Duration, Instant};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

pub struct Options {
    /// The server binary to start (`serve` is its argument).
    pub binary: PathBuf,
    pub database_url: String,
    /// The office to measure (its code); default: the office with the most job orders.
    pub office: Option<String>,
    /// Requests per endpoint and concurrency (upper bound).
    pub requests: usize,
    /// Time per endpoint and concurrency (upper bound).
    pub max_seconds: f64,
    /// Connection counts to measure.
    pub concurrency: Vec<usize>,
    /// Extra environment for the server.
    pub env: Vec<(String, String)>,
    /// Measure only the pages whose name contains one of these (empty: every page).
    pub only: Vec<String>,
    /// One request per page before measuring it (and its check).
    pub warmup: bool,
}

#[derive(Clone, Debug)]
pub struct Measurement {
    pub name: String,
    pub path: String,
    pub connections: usize,
    pub requests: usize,
    pub non_200: usize,
    pub first_failure: Option<String>,
    pub p50_ms: f64,
    pub p95_ms: f64,
    pub p99_ms: f64,
    pub req_per_s: f64,
    pub bytes: u64,
}

#[derive(Clone, Debug, Default)]
pub struct Report {
    pub office_code: String,
    pub orders: u64,
    pub seekers: u64,
    pub startup_ms: f64,
    pub rss_idle_kb: u64,
    pub rss_peak_kb: u64,
    pub rss_after_kb: u64,
    pub measurements: Vec<Measurement>,
}

impl Report {
    pub fn all_ok(&self) -> bool {
        self.measurements.iter().all(|m| m.non_200 == 0)
    }

    /// A Markdown table.
    pub fn to_markdown(&self) -> String {
        let mut s = format!(
            "office {} — {} job orders, {} seekers\n\nstart-up {:.0} ms; RSS idle {:.1} MB, peak under load {:.1} MB, after {:.1} MB\n\n",
            self.office_code,
            self.orders,
            self.seekers,
            self.startup_ms,
            self.rss_idle_kb as f64 / 1024.0,
            self.rss_peak_kb as f64 / 1024.0,
            self.rss_after_kb as f64 / 1024.0,
        );
        s.push_str("| endpoint | conns | requests | p50 ms | p95 ms | p99 ms | req/s | KB/resp | non-200 |\n");
        s.push_str("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for m in &self.measurements {
            s.push_str(&format!(
                "| {} | {} | {} | {:.1} | {:.1} | {:.1} | {:.1} | {:.1} | {} |\n",
                m.name,
                m.connections,
                m.requests,
                m.p50_ms,
                m.p95_ms,
                m.p99_ms,
                m.req_per_s,
                m.bytes as f64 / m.requests.max(1) as f64 / 1024.0,
                m.non_200
            ));
        }
        s
    }
}

/// What to ask for: (name, path, bearer?).
struct Target {
    name: String,
    path: String,
    bearer: bool,
}

fn rss_kb(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
}

fn enc(s: &str) -> String {
    let mut out = String::new();
    for b in s.as_bytes() {
        match *b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(*b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// One keep-alive HTTP/1.1 connection.
struct Conn {
    addr: std::net::SocketAddr,
    stream: Option<BufReader<TcpStream>>,
}

impl Conn {
    fn new(addr: std::net::SocketAddr) -> Self {
        Self { addr, stream: None }
    }

    /// GET a path; returns (status, body length).
    async fn get(&mut self, path: &str, headers: &str) -> std::io::Result<(u16, u64)> {
        for attempt in 0..2 {
            if self.stream.is_none() {
                let s = TcpStream::connect(self.addr).await?;
                s.set_nodelay(true)?;
                self.stream = Some(BufReader::with_capacity(64 * 1024, s));
            }
            match self.exchange(path, headers).await {
                Ok(r) => return Ok(r),
                Err(e) if attempt == 0 => {
                    // The server closed a kept-alive connection: open a new one once.
                    self.stream = None;
                    let _ = e;
                }
                Err(e) => return Err(e),
            }
        }
        unreachable!()
    }

    async fn exchange(&mut self, path: &str, headers: &str) -> std::io::Result<(u16, u64)> {
        let s = self.stream.as_mut().expect("connected");
        let req = format!(
            "GET {path} HTTP/1.1\r\nHost: {}\r\nAccept-Encoding: identity\r\n{headers}\r\n",
            self.addr
        );
        s.get_mut().write_all(req.as_bytes()).await?;
        let mut line = String::new();
        if s.read_line(&mut line).await? == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        let status: u16 = line
            .split_whitespace()
            .nth(1)
            .and_then(|c| c.parse().ok())
            .unwrap_or(0);
        let mut length: Option<u64> = None;
        let mut chunked = false;
        let mut close = false;
        loop {
            line.clear();
            if s.read_line(&mut line).await? == 0 {
                return Err(std::io::ErrorKind::UnexpectedEof.into());
            }
            let l = line.trim_end();
            if l.is_empty() {
                break;
            }
            if let Some((k, v)) = l.split_once(':') {
                let v = v.trim();
                match k.to_ascii_lowercase().as_str() {
                    "content-length" => length = v.parse().ok(),
                    "transfer-encoding" => chunked = v.eq_ignore_ascii_case("chunked"),
                    "connection" => close = v.eq_ignore_ascii_case("close"),
                    _ => {}
                }
            }
        }
        let mut total = 0u64;
        let mut buf = vec![0u8; 64 * 1024];
        if chunked {
            loop {
                line.clear();
                s.read_line(&mut line).await?;
                let size = u64::from_str_radix(line.trim().split(';').next().unwrap_or("0"), 16)
                    .map_err(|_| std::io::Error::other("bad chunk"))?;
                if size == 0 {
                    // Trailers until the empty line.
                    loop {
                        line.clear();
                        if s.read_line(&mut line).await? == 0 || line.trim().is_empty() {
                            break;
                        }
                    }
                    break;
                }
                let mut left = size;
                while left > 0 {
                    let cap = left.min(buf.len() as u64) as usize;
                    let n = s.read(&mut buf[..cap]).await?;
                    if n == 0 {
                        return Err(std::io::ErrorKind::UnexpectedEof.into());
                    }
                    left -= n as u64;
                }
                total += size;
                line.clear();
                s.read_line(&mut line).await?;
            }
        } else if let Some(len) = length {
            let mut left = len;
            while left > 0 {
                let cap = left.min(buf.len() as u64) as usize;
                let n = s.read(&mut buf[..cap]).await?;
                if n == 0 {
                    return Err(std::io::ErrorKind::UnexpectedEof.into());
                }
                left -= n as u64;
            }
            total = len;
        } else {
            // Until the server closes.
            loop {
                let n = s.read(&mut buf).await?;
                if n == 0 {
                    break;
                }
                total += n as u64;
            }
            close = true;
        }
        if close {
            self.stream = None;
        }
        Ok((status, total))
    }
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

async fn measure(
    addr: std::net::SocketAddr,
    t: &Target,
    headers: &str,
    connections: usize,
    requests: usize,
    max_seconds: f64,
) -> Measurement {
    let started = Instant::now();
    let deadline = started + Duration::from_secs_f64(max_seconds);
    let remaining = std::sync::Arc::new(std::sync::atomic::AtomicIsize::new(requests as isize));
    let mut tasks = Vec::new();
    for _ in 0..connections {
        let remaining = remaining.clone();
        let path = t.path.clone();
        let headers = headers.to_owned();
        tasks.push(tokio::spawn(async move {
            let mut conn = Conn::new(addr);
            let mut lat = Vec::new();
            let mut bad = 0usize;
            let mut first_failure = None;
            let mut bytes = 0u64;
            while remaining.fetch_sub(1, std::sync::atomic::Ordering::SeqCst) > 0
                && Instant::now() < deadline
            {
                let t0 = Instant::now();
                match conn.get(&path, &headers).await {
                    Ok((200, n)) => bytes += n,
                    Ok((code, _)) => {
                        bad += 1;
                        first_failure.get_or_insert(format!("HTTP {code}"));
                    }
                    Err(e) => {
                        bad += 1;
                        first_failure.get_or_insert(e.to_string());
                    }
                }
                lat.push(t0.elapsed().as_secs_f64() * 1000.0);
            }
            (lat, bad, first_failure, bytes)
        }));
    }
    let mut lat = Vec::new();
    let mut non_200 = 0;
    let mut first_failure = None;
    let mut bytes = 0;
    for task in tasks {
        if let Ok((l, b, f, n)) = task.await {
            lat.extend(l);
            non_200 += b;
            if first_failure.is_none() {
                first_failure = f;
            }
            bytes += n;
        }
    }
    let elapsed = started.elapsed().as_secs_f64();
    lat.sort_by(|a, b| a.total_cmp(b));
    Measurement {
        name: t.name.clone(),
        path: t.path.clone(),
        connections,
        requests: lat.len(),
        non_200,
        first_failure,
        p50_ms: percentile(&lat, 0.50),
        p95_ms: percentile(&lat, 0.95),
        p99_ms: percentile(&lat, 0.99),
        req_per_s: lat.len() as f64 / elapsed.max(1e-9),
        bytes,
    }
}

/// The staff account the benchmark signs in with (made once per office).
async fn bench_user(
    db: &DatabaseConnection,
    office: &office::Model,
) -> anyhow::Result<staff_user::Model> {
    let email = format!("bench+{}@example.jp", office.id);
    if let Some(u) = staff_users::find_by_email(db, &email).await? {
        return Ok(u);
    }
    let password = crate::services::random_token();
    staff_users::create(
        db,
        &Actor::cli(),
        office.id,
        &staff_users::NewStaffUser {
            name: "ベンチマーク".into(),
            email,
            role: "admin".into(),
            password: password.clone(),
            password_confirmation: password,
        },
    )
    .await
    .map_err(|e| anyhow::anyhow!("bench user: {e}"))
}

struct Server {
    child: tokio::process::Child,
    addr: std::net::SocketAddr,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.start_kill();
    }
}

fn free_port() -> anyhow::Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port())
}

async fn start_server(opts: &Options) -> anyhow::Result<(Server, f64)> {
    let port = free_port()?;
    let addr: std::net::SocketAddr = format!("127.0.0.1:{port}").parse()?;
    let started = Instant::now();
    let mut cmd = tokio::process::Command::new(&opts.binary);
    cmd.arg("serve")
        .env("DATABASE_URL", &opts.database_url)
        .env("TSUNAGU_BIND", addr.to_string())
        .env("RUST_LOG", "warn")
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .kill_on_drop(true);
    for (k, v) in &opts.env {
        cmd.env(k, v);
    }
    // The server's own log (e.g. sqlx's slow statements) into a file, when asked.
    if let Ok(path) = std::env::var("TSUNAGU_BENCH_SERVER_LOG") {
        cmd.stderr(std::fs::File::create(path)?);
        cmd.env(
            "RUST_LOG",
            std::env::var("TSUNAGU_BENCH_RUST_LOG").unwrap_or_else(|_| "warn".into()),
        );
    }
    let child = cmd.spawn()?;
    let server = Server { child, addr };
    let mut conn = Conn::new(addr);
    loop {
        if let Ok((200, _)) = conn.get("/healthz", "").await {
            break;
        }
        anyhow::ensure!(
            started.elapsed() < Duration::from_secs(120),
            "the server did not start within 120 s"
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    Ok((server, started.elapsed().as_secs_f64() * 1000.0))
}

/// Run the benchmark.
pub async fn run(db: &DatabaseConnection, opts: &Options) -> anyhow::Result<Report> {
    let office = match &opts.office {
        Some(code) => crate::services::offices::find_by_code(db, code)
            .await?
            .ok_or_else(|| anyhow::anyhow!("office {code} not found"))?,
        None => {
            let mut best: Option<(u64, office::Model)> = None;
            for o in office::Entity::find().all(db).await? {
                let n = job_order::Entity::find()
                    .filter(job_order::Column::OfficeId.eq(o.id))
                    .count(db)
                    .await?;
                if best.as_ref().is_none_or(|(b, _)| n > *b) {
                    best = Some((n, o));
                }
            }
            best.map(|(_, o)| o)
                .ok_or_else(|| anyhow::anyhow!("no office in the database"))?
        }
    };
    let orders = job_order::Entity::find()
        .filter(job_order::Column::OfficeId.eq(office.id))
        .count(db)
        .await?;
    let seekers = job_seeker::Entity::find()
        .filter(job_seeker::Column::OfficeId.eq(office.id))
        .count(db)
        .await?;
    // The records to ask for: an open, published order in the middle of the office's range.
    let today = crate::present::format::today();
    let open_ids: Vec<i32> = job_order::Entity::find()
        .filter(job_order::Column::OfficeId.eq(office.id))
        .filter(job_order::Column::State.eq(JobOrderState::Open))
        .filter(job_order::Column::Publishable.eq(true))
        .filter(job_order::Column::ValidUntil.gte(today))
        .select_only()
        .column(job_order::Column::Id)
        .order_by_asc(job_order::Column::Id)
        .limit(1000)
        .into_tuple()
        .all(db)
        .await?;
    let order_id = *open_ids
        .get(open_ids.len() / 2)
        .ok_or_else(|| anyhow::anyhow!("no open order to measure"))?;
    let order = job_order::Entity::find_by_id(order_id)
        .one(db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("order vanished"))?;
    let seeker_id: i32 = job_seeker::Entity::find()
        .filter(job_seeker::Column::OfficeId.eq(office.id))
        .filter(job_seeker::Column::State.eq(SeekerState::Active))
        .filter(job_seeker::Column::ValidUntil.gte(today))
        .select_only()
        .column(job_seeker::Column::Id)
        .order_by_asc(job_seeker::Column::Id)
        .limit(1)
        .into_tuple()
        .one(db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no active seeker to measure"))?;
    let seeker = job_seeker::Entity::find_by_id(seeker_id)
        .one(db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("seeker vanished"))?;
    let referral_id: Option<i32> = referral::Entity::find()
        .filter(referral::Column::OfficeId.eq(office.id))
        .select_only()
        .column(referral::Column::Id)
        .order_by_desc(referral::Column::Id)
        .limit(1)
        .into_tuple()
        .one(db)
        .await?;
    let user = bench_user(db, &office).await?;
    let settings = Settings::from_env()?;
    let session = auth::create_session(db, &settings, user.id).await?;
    let (_, token) = api_tokens::create(db, &Actor::cli(), &user, "bench")
        .await
        .map_err(|e| anyhow::anyhow!("bench token: {e}"))?;

    // A keyword of three characters from the order's title, and its area and occupation.
    let keyword: String = order.occupation_title.chars().take(3).collect();
    let hours = 40;
    let search = format!(
        "q={}&occupation={}&municipality={}&max_weekly_hours={hours}",
        enc(&keyword),
        enc(&order.occupation_code),
        enc(&order.workplace_municipality)
    );
    let public_search = format!(
        "q={}&occupation={}&area={}&max_weekly_hours={hours}",
        enc(&keyword),
        enc(&order.occupation_code),
        enc(&order.workplace_municipality)
    );
    let seeker_q: String = seeker.name.chars().take(2).collect();
    let fy = crate::domain::fiscal_year::fiscal_year_of(today);
    // A printed ledger is at most a few thousand rows: one day's orders, three months back.
    let print_day = today - chrono::Duration::days(90);
    let mut targets = vec![
        ("staff order list", "/job-orders".to_owned(), false),
        (
            "staff order list, page 50",
            "/job-orders?page=50".to_owned(),
            false,
        ),
        ("staff search", format!("/job-orders?{search}"), false),
        (
            "public search",
            format!("/o/{}/jobs?{public_search}", office.code),
            false,
        ),
        (
            "public order",
            format!("/o/{}/jobs/{order_id}", office.code),
            false,
        ),
        ("order detail", format!("/job-orders/{order_id}"), false),
        (
            "seeker search",
            format!("/job-seekers?q={}", enc(&seeker_q)),
            false,
        ),
        (
            "jobs for a seeker",
            format!("/job-seekers/{seeker_id}/matches"),
            false,
        ),
        (
            "seekers for a job",
            format!("/job-orders/{order_id}/matches"),
            false,
        ),
        (
            "API order list",
            "/api/v1/job-orders?state=open".to_owned(),
            true,
        ),
        (
            "求人管理簿 CSV",
            "/ledgers/job-orders/csv".to_owned(),
            false,
        ),
        (
            "annual report",
            format!("/reports/annual?fiscal_year={fy}"),
            false,
        ),
        ("monthly statistics", "/reports/monthly".to_owned(), false),
        ("staff home", "/".to_owned(), false),
        ("follow-ups due", "/follow-ups".to_owned(), false),
        ("API placements", "/api/v1/placements".to_owned(), true),
        (
            "求人管理簿 PDF, one day",
            format!("/ledgers/job-orders/pdf?from={print_day}&to={print_day}"),
            false,
        ),
    ];
    if let Some(r) = referral_id {
        targets.push(("紹介状 PDF", format!("/referrals/{r}/letter.pdf"), false));
    }
    let targets: Vec<Target> = targets
        .into_iter()
        .filter(|(n, _, _)| {
            opts.only.is_empty() || opts.only.iter().any(|o| n.contains(o.as_str()))
        })
        .map(|(n, p, b)| Target {
            name: n.to_owned(),
            path: p,
            bearer: b,
        })
        .collect();

    let (server, startup_ms) = start_server(opts).await?;
    let pid = server.child.id().unwrap_or(0);
    tokio::time::sleep(Duration::from_millis(500)).await;
    let mut report = Report {
        office_code: office.code.clone(),
        orders,
        seekers,
        startup_ms,
        rss_idle_kb: rss_kb(pid),
        ..Default::default()
    };
    let peak = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(report.rss_idle_kb));
    let sampler = {
        let peak = peak.clone();
        tokio::spawn(async move {
            loop {
                peak.fetch_max(rss_kb(pid), std::sync::atomic::Ordering::Relaxed);
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        })
    };
    let cookie = format!("Cookie: tsunagu_session={session}\r\n");
    let bearer = format!("Authorization: Bearer {token}\r\n");
    for t in &targets {
        let headers = if t.bearer { &bearer } else { &cookie };
        // Warm up (and check) once.
        if opts.warmup {
            let _ = measure(server.addr, t, headers, 1, 1, 60.0).await;
        }
        for &c in &opts.concurrency {
            let m = measure(server.addr, t, headers, c, opts.requests, opts.max_seconds).await;
            report.measurements.push(m);
        }
    }
    sampler.abort();
    report.rss_peak_kb = peak.load(std::sync::atomic::Ordering::Relaxed);
    report.rss_after_kb = rss_kb(pid);
    drop(server);
    Ok(report)
}
