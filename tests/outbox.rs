//! The mail outbox: mail is written with the change and survives a relay that is down or silent;
//! retries back off, failures are recorded and can be sent again by an admin; two workers (two
//! app instances on one database) send each message once, and scheduled jobs run once.
mod common;
use axum::http::StatusCode;
use chrono::{Duration, Utc};
use common::TestApp;
use entity::mail_outbox;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use tsunagu::mail::Mailer;
use tsunagu::services::outbox::{self, MAX_ATTEMPTS, Worker};

db_tests!(
    registration_survives_a_closed_relay_and_is_sent_when_it_is_back,
    a_silent_relay_does_not_hang_the_worker,
    failed_mail_is_shown_to_admins_and_can_be_sent_again,
    two_workers_send_each_message_once,
    scheduled_jobs_run_once_across_instances,
    a_failed_change_queues_no_mail,
    acceptance_queues_the_employers_mail_whoever_accepts,
    a_registration_does_not_wait_for_a_silent_relay,
    two_instances_run_the_hourly_jobs_once,
);

const FROM: &str = "tsunagu@localhost";

/// A TCP port on which nothing listens (bound, then released).
async fn closed_port() -> u16 {
    let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = l.local_addr().unwrap().port();
    drop(l);
    port
}

fn worker<'a>(mailer: &'a Mailer, id: &'a str) -> Worker<'a> {
    Worker {
        mailer,
        from: FROM,
        id,
        send_timeout: std::time::Duration::from_secs(5),
    }
}

async fn rows(app: &TestApp) -> Vec<mail_outbox::Model> {
    mail_outbox::Entity::find().all(&app.db).await.unwrap()
}

async fn register(app: &TestApp, email: &str) -> common::Response {
    let mut c = app.client();
    c.submit(
        "/o/A/register",
        "/o/A/register",
        &[
            ("name", "株式会社リレー"),
            ("prefecture_code", "27"),
            ("municipality", "豊中市"),
            ("address", "1-1"),
            ("contact_name", "採用 花子"),
            ("contact_phone", "06-9999-0000"),
            ("contact_email", email),
            ("agreed", "1"),
        ],
    )
    .await
}

async fn registration_survives_a_closed_relay_and_is_sent_when_it_is_back(app: TestApp) {
    app.office_with_users("A").await;
    let res = register(&app, "relay@example.jp").await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert!(res.body.contains("登録を受け付けました"));
    let queued = rows(&app).await;
    assert_eq!(queued.len(), 1, "the confirmation waits in the outbox");
    assert_eq!(queued[0].status, "pending");

    // The relay is down: the attempt fails, is recorded, and waits before the next one.
    let down = Mailer::smtp_relay(
        "127.0.0.1",
        closed_port().await,
        std::time::Duration::from_secs(2),
    );
    let now = Utc::now();
    let round = worker(&down, "w1").run_once(&app.db, now).await.unwrap();
    assert_eq!(round.retrying, 1, "{round:?}");
    let row = &rows(&app).await[0];
    assert_eq!((row.status.as_str(), row.attempts), ("pending", 1));
    assert!(row.last_error.as_deref().is_some_and(|e| !e.is_empty()));
    assert!(
        !row.last_error
            .as_deref()
            .unwrap()
            .contains("relay@example.jp"),
        "no address in the recorded error"
    );
    assert!(row.next_attempt_at > now + Duration::seconds(30), "backoff");
    let again = worker(&down, "w1").run_once(&app.db, now).await.unwrap();
    assert_eq!(again.claimed(), 0, "not retried before its time");
    // Signing up again does not say 既に登録, and adds no second record.
    let res = register(&app, "relay@example.jp").await;
    assert_eq!(res.status, StatusCode::OK);
    assert!(!res.body.contains("既に登録"));
    {
        use sea_orm::EntityTrait;
        assert_eq!(
            entity::employer::Entity::find()
                .count(&app.db)
                .await
                .unwrap(),
            1
        );
    }

    // The relay is back: the message goes out once, with the link.
    let up = Mailer::memory();
    let later = now + Duration::minutes(5);
    let round = worker(&up, "w1").drain(&app.db, later).await.unwrap();
    assert!(round.sent >= 1, "{round:?}");
    let sent = up.sent();
    let confirmations: Vec<_> = sent
        .iter()
        .filter(|m| m.subject.contains("メールアドレスの確認"))
        .collect();
    assert_eq!(confirmations.len(), 1);
    assert!(confirmations[0].body.contains("/portal/confirm?token="));
    assert_eq!(
        worker(&up, "w1")
            .drain(&app.db, later)
            .await
            .unwrap()
            .claimed(),
        0,
        "sent once"
    );
    let first = mail_outbox::Entity::find_by_id(queued[0].id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(first.status, "sent");
    assert!(first.sent_at.is_some());
}

async fn a_silent_relay_does_not_hang_the_worker(app: TestApp) {
    app.office_with_users("A").await;
    register(&app, "silent@example.jp").await;
    // A relay that accepts connections and never says a word.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let hold = tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((sock, _)) = listener.accept().await {
            held.push(sock);
        }
    });
    let silent = Mailer::smtp_relay("127.0.0.1", port, std::time::Duration::from_secs(1));
    let w = Worker {
        mailer: &silent,
        from: FROM,
        id: "w1",
        send_timeout: std::time::Duration::from_secs(3),
    };
    let started = std::time::Instant::now();
    let round = w.run_once(&app.db, Utc::now()).await.unwrap();
    assert!(
        started.elapsed() < std::time::Duration::from_secs(10),
        "took {:?}",
        started.elapsed()
    );
    assert_eq!(round.retrying, 1);
    let row = &rows(&app).await[0];
    assert_eq!(row.status, "pending");
    assert!(row.last_error.is_some());
    hold.abort();
}

async fn failed_mail_is_shown_to_admins_and_can_be_sent_again(app: TestApp) {
    let (_, admin, staff) = app.office_with_users("A").await;
    register(&app, "fail@example.jp").await;
    let down = Mailer::smtp_relay(
        "127.0.0.1",
        closed_port().await,
        std::time::Duration::from_secs(2),
    );
    let mut at = Utc::now();
    for _ in 0..MAX_ATTEMPTS {
        worker(&down, "w1").run_once(&app.db, at).await.unwrap();
        at += Duration::hours(2);
    }
    let row = rows(&app).await.remove(0);
    assert_eq!(
        (row.status.as_str(), row.attempts),
        ("failed", MAX_ATTEMPTS)
    );
    // Nothing more is tried by itself.
    assert_eq!(
        worker(&down, "w1")
            .run_once(&app.db, at)
            .await
            .unwrap()
            .claimed(),
        0
    );
    // Staff who are not admins do not see the queue.
    let mut s = app.signed_in(&staff.email).await;
    assert_eq!(s.get("/admin/mail").await.status, StatusCode::FORBIDDEN);
    let mut c = app.signed_in(&admin.email).await;
    let page = c.get("/admin/mail?status=failed").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("メールアドレスの確認") && page.body.contains("送信失敗（1件）"),
        "{}",
        page.body
    );
    assert!(
        !page.body.contains("fail@example.jp"),
        "the queue shows no addresses"
    );
    let res = c
        .submit(
            "/admin/mail?status=failed",
            &format!("/admin/mail/{}/resend", row.id),
            &[],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let up = Mailer::memory();
    assert_eq!(
        worker(&up, "w1")
            .drain(&app.db, Utc::now())
            .await
            .unwrap()
            .sent,
        1
    );
    assert!(up.sent()[0].to.contains(&"fail@example.jp".to_owned()));
    let page = c.get("/admin/mail?status=sent").await;
    assert!(page.body.contains("送信済み（1件）"), "{}", page.body);
    assert!(
        common::audit_entries(&app.db, row.office_id.unwrap())
            .await
            .iter()
            .any(|(a, t, id)| a == "resend"
                && t == "mail"
                && id.as_deref() == Some(&row.id.to_string()))
    );
}

async fn two_workers_send_each_message_once(app: TestApp) {
    let (office, _, _) = app.office_with_users("A").await;
    for i in 0..40 {
        outbox::enqueue(
            &app.db,
            Some(office.id),
            "test",
            vec![format!("to{i}@example.jp")],
            (format!("件名{i}"), "本文".into()),
        )
        .await
        .unwrap();
    }
    // Two instances: their own transports, one database.
    let (m1, m2) = (Mailer::memory(), Mailer::memory());
    let now = Utc::now();
    let (a, b) = tokio::join!(
        async { worker(&m1, "instance-1").drain(&app.db, now).await.unwrap() },
        async { worker(&m2, "instance-2").drain(&app.db, now).await.unwrap() },
    );
    assert_eq!(a.sent + b.sent, 40, "{a:?} {b:?}");
    let mut subjects: Vec<String> = m1
        .sent()
        .into_iter()
        .chain(m2.sent())
        .map(|m| m.subject)
        .collect();
    subjects.sort();
    let n = subjects.len();
    subjects.dedup();
    assert_eq!(
        (n, subjects.len()),
        (40, 40),
        "each message sent exactly once"
    );
    assert_eq!(
        mail_outbox::Entity::find()
            .filter(mail_outbox::Column::Status.eq("sent"))
            .count(&app.db)
            .await
            .unwrap(),
        40
    );
}

async fn scheduled_jobs_run_once_across_instances(app: TestApp) {
    let now = Utc::now();
    let hold = Duration::minutes(55);
    let (a, b) = tokio::join!(
        outbox::take_lease(&app.db, "hourly", "instance-1", hold, now),
        outbox::take_lease(&app.db, "hourly", "instance-2", hold, now),
    );
    assert_eq!(
        [a.unwrap(), b.unwrap()].iter().filter(|x| **x).count(),
        1,
        "one instance runs the job"
    );
    assert!(
        !outbox::take_lease(
            &app.db,
            "hourly",
            "instance-2",
            hold,
            now + Duration::minutes(30)
        )
        .await
        .unwrap()
    );
    assert!(
        outbox::take_lease(
            &app.db,
            "hourly",
            "instance-2",
            hold,
            now + Duration::minutes(56)
        )
        .await
        .unwrap()
    );
    assert!(
        !outbox::take_lease(
            &app.db,
            "hourly",
            "instance-1",
            hold,
            now + Duration::minutes(57)
        )
        .await
        .unwrap()
    );
    // Another job has its own lease.
    assert!(
        outbox::take_lease(&app.db, "daily", "instance-1", hold, now)
            .await
            .unwrap()
    );
}

async fn a_failed_change_queues_no_mail(app: TestApp) {
    app.office_with_users("A").await;
    // An invalid registration: nothing stored, nothing queued.
    let mut c = app.client();
    let res = c
        .submit(
            "/o/A/register",
            "/o/A/register",
            &[
                ("name", "株式会社リレー"),
                ("contact_email", "x@example.jp"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(rows(&app).await.is_empty());
}

/// An office and a draft order of an employer who reads juri@example.jp.
async fn draft_order(
    app: &TestApp,
) -> (
    entity::office::Model,
    entity::staff_user::Model,
    entity::job_order::Model,
) {
    use tsunagu::services::employers::{self, EmployerInput};
    use tsunagu::services::job_order_form::JobOrderForm;
    use tsunagu::services::{Actor, job_orders};
    let (office, _, staff) = app.office_with_users("A").await;
    let actor = Actor::staff(&staff);
    let e = employers::create(
        &app.db,
        &actor,
        office.id,
        &EmployerInput {
            name: "株式会社じゅり".into(),
            prefecture_code: "27".into(),
            municipality: "豊中市".into(),
            address: "1-1".into(),
            contact_name: "採用 花子".into(),
            contact_phone: "06-1111-0000".into(),
            contact_email: "juri@example.jp".into(),
            ..Default::default()
        },
        entity::EmployerStatus::Active,
    )
    .await
    .unwrap();
    let pairs: Vec<(String, String)> = [
        ("occupation_title", "清掃スタッフ"),
        ("occupation_code", "096"),
        ("openings", "1"),
        ("employment_form", "non_regular"),
        ("employment_form_name", "パート"),
        ("workplace_prefecture_code", "27"),
        ("workplace_municipality", "豊中市"),
        ("workplace_address", "中桜塚3-1-1"),
        ("workplace_change_scope", "変更なし"),
        ("smoking_measure", "indoor_ban"),
        ("recruiter_name", "株式会社じゅり"),
        ("job_description", "共用部の清掃"),
        ("job_change_scope", "変更なし"),
        ("contract_kind", "indefinite"),
        ("wage_form", "hourly"),
        ("base_wage_min", "1500"),
        ("pay_closing_day", "月末"),
        ("pay_day", "翌月25日"),
        ("pay_cycle", "weekly"),
        ("shift1_start", "09:00"),
        ("shift1_end", "13:00"),
        ("shift1_break", "0"),
        ("shift1_weekdays", "0"),
        ("weekly_hours", "8"),
        ("weekly_days", "2"),
        ("holidays", "シフト制"),
        ("insurance_workers_comp", "1"),
        ("selection_method", "面接"),
    ]
    .into_iter()
    .map(|(a, b)| (a.to_owned(), b.to_owned()))
    .collect();
    let o = job_orders::create_draft(
        &app.db,
        &actor,
        office.id,
        e.id,
        &JobOrderForm::from_pairs(&pairs),
        "staff",
    )
    .await
    .unwrap();
    (office, staff, o)
}

async fn acceptance_queues_the_employers_mail_whoever_accepts(app: TestApp) {
    use tsunagu::services::{Actor, job_orders};
    let (office, staff, o) = draft_order(&app).await;
    let actor = Actor::staff(&staff);
    // The use case itself (no page, no API handler) queues the mail with the acceptance.
    let today = tsunagu::present::format::today();
    let o = job_orders::accept(&app.db, &actor, office.id, o.id, today, true)
        .await
        .unwrap();
    let queued = rows(&app).await;
    assert_eq!(queued.len(), 1);
    assert_eq!(queued[0].kind, "order_accepted");
    assert!(queued[0].recipients.contains("juri@example.jp"));
    assert!(queued[0].body.contains(o.number.as_deref().unwrap()));
    // A stop by staff queues the stop notice the portal's stop also queues.
    job_orders::close(
        &app.db,
        &actor,
        office.id,
        o.id,
        entity::JobOrderState::Stopped,
        today,
    )
    .await
    .unwrap();
    assert!(rows(&app).await.iter().any(|r| r.kind == "order_stopped"));
    assert_eq!(app.mail().len(), 2, "both sent by the worker");
}

async fn a_registration_does_not_wait_for_a_silent_relay(app: TestApp) {
    app.office_with_users("A").await;
    // The app's own transport is a relay that accepts and never answers.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let hold = tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((sock, _)) = listener.accept().await {
            held.push(sock);
        }
    });
    let mut app = app;
    app.state = app.state.clone().with_mailer(Mailer::smtp_relay(
        "127.0.0.1",
        port,
        std::time::Duration::from_secs(30),
    ));
    let started = std::time::Instant::now();
    let res = register(&app, "quick@example.jp").await;
    let took = started.elapsed();
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert!(
        took < std::time::Duration::from_secs(5),
        "the visitor waited {took:?}"
    );
    assert_eq!(rows(&app).await[0].status, "pending");
    hold.abort();
}

async fn two_instances_run_the_hourly_jobs_once(app: TestApp) {
    use tsunagu::services::{Actor, job_orders};
    let (office, staff, o) = draft_order(&app).await;
    let today = tsunagu::present::format::today();
    let o = job_orders::accept(&app.db, &Actor::staff(&staff), office.id, o.id, today, true)
        .await
        .unwrap();
    let week_before = o.valid_until.unwrap() - chrono::Duration::days(7);
    let now = Utc::now();
    let (a, b) = tokio::join!(
        outbox::hourly(&app.db, "instance-1", now, week_before),
        outbox::hourly(&app.db, "instance-2", now, week_before),
    );
    let ran: Vec<_> = [a.unwrap(), b.unwrap()].into_iter().flatten().collect();
    assert_eq!(ran.len(), 1, "one instance ran the hour: {ran:?}");
    assert_eq!(ran[0].expiry_notices, 1);
    let notices = rows(&app)
        .await
        .into_iter()
        .filter(|r| r.kind == "order_expiring")
        .count();
    assert_eq!(notices, 1, "one notice, not two");
    // An hour later the other instance may run it; the notice is not repeated.
    let later = outbox::hourly(
        &app.db,
        "instance-2",
        now + Duration::minutes(60),
        week_before,
    )
    .await
    .unwrap()
    .expect("the lease has passed");
    assert_eq!(later.expiry_notices, 0);
}
