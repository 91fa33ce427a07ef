//! The data path at scale: expiry read at query time (no write on a read), the searchable facts
//! of the accepted version in indexed columns, trigram keyword search, bounded counts, one audit
//! entry per matching view, and the generator and the benchmark at a tiny scale.
mod common;

use chrono::{Duration, NaiveDate};
use common::TestApp;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use tsunagu::present::format::today;
use tsunagu::services::employers::EmployerInput;
use tsunagu::services::job_order_form::JobOrderForm;
use tsunagu::services::{Actor, employers, job_orders, job_seekers};

db_tests!(
    expiry_is_read_not_written,
    facts_are_written_with_the_version_and_backfilled,
    keyword_search_by_trigrams_and_short_terms,
    counts_are_bounded,
    planner_statistics_follow_the_tables,
    seekers_for_a_job_write_one_audit_entry,
    seekers_for_a_job_start_from_their_wishes,
    generator_and_benchmark_at_tiny_scale,
);

fn form(title: &str, municipality: &str, weekly: &str) -> JobOrderForm {
    let v: Vec<(&str, &str)> = vec![
        ("occupation_title", title),
        ("occupation_code", "096"),
        ("openings", "1"),
        ("employment_form", "non_regular"),
        ("employment_form_name", "パート"),
        ("publishable", "1"),
        ("workplace_prefecture_code", "27"),
        ("workplace_municipality", municipality),
        ("workplace_address", "中桜塚3-1-1"),
        ("workplace_change_scope", "変更なし"),
        ("smoking_measure", "indoor_ban"),
        ("recruiter_name", "株式会社つなぐ清掃"),
        ("job_description", "清掃"),
        ("job_change_scope", "変更なし"),
        ("wage_form", "hourly"),
        ("base_wage_min", "1500"),
        ("pay_closing_day", "月末"),
        ("pay_day", "翌月25日"),
        ("pay_cycle", "monthly"),
        ("shift1_start", "09:00"),
        ("shift1_end", "13:00"),
        ("shift1_break", "0"),
        ("shift1_weekdays", "0"),
        ("shift1_weekdays", "2"),
        ("weekly_hours", weekly),
        ("weekly_days", "2"),
        ("holidays", "土日祝"),
        ("insurance_workers_comp", "1"),
        ("selection_method", "面接"),
        ("contract_kind", "indefinite"),
    ];
    JobOrderForm::from_pairs(
        &v.into_iter()
            .map(|(a, b)| (a.to_owned(), b.to_owned()))
            .collect::<Vec<_>>(),
    )
}

struct World {
    office: entity::office::Model,
    staff: entity::staff_user::Model,
    employer: entity::employer::Model,
}

async fn world(app: &TestApp) -> World {
    let (office, _, staff) = app.office_with_users("SCL").await;
    let employer = employers::create(
        &app.db,
        &Actor::staff(&staff),
        office.id,
        &EmployerInput {
            name: "株式会社ひだまり清掃".into(),
            prefecture_code: "27".into(),
            municipality: "豊中市".into(),
            address: "中桜塚1-1-1".into(),
            contact_name: "採用 花子".into(),
            contact_phone: "06-1234-5678".into(),
            ..Default::default()
        },
        entity::EmployerStatus::Active,
    )
    .await
    .unwrap();
    World {
        office,
        staff,
        employer,
    }
}

async fn accepted(
    app: &TestApp,
    w: &World,
    f: JobOrderForm,
    on: NaiveDate,
) -> entity::job_order::Model {
    let a = Actor::staff(&w.staff);
    let o = job_orders::create_draft(&app.db, &a, w.office.id, w.employer.id, &f, "staff")
        .await
        .unwrap();
    job_orders::accept(&app.db, &a, w.office.id, o.id, on, true)
        .await
        .unwrap()
}

async fn stored_state(app: &TestApp, id: i32) -> String {
    entity::job_order::Entity::find_by_id(id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .state
        .code()
        .to_owned()
}

async fn expiry_is_read_not_written(app: TestApp) {
    let w = world(&app).await;
    // Accepted long ago: its validity ended before today.
    let old = accepted(
        &app,
        &w,
        form("倉庫の仕分け", "豊中市", "8"),
        today() - Duration::days(400),
    )
    .await;
    let fresh = accepted(&app, &w, form("館内の清掃", "豊中市", "8"), today()).await;
    assert!(old.valid_until.unwrap() < today());
    let mut c = app.signed_in("staff@scl.example.jp").await;

    let open = c.get("/job-orders?state=open").await;
    assert!(open.body.contains("館内の清掃"), "{}", open.body);
    assert!(
        !open.body.contains("倉庫の仕分け"),
        "a due order is not open"
    );
    let expired = c.get("/job-orders?state=expired").await;
    assert!(expired.body.contains("倉庫の仕分け"));
    assert!(expired.body.contains("期限切れ"));
    assert!(!expired.body.contains("館内の清掃"));
    let detail = c.get(&format!("/job-orders/{}", old.id)).await;
    assert!(detail.body.contains("期限切れ"));
    let public = c.get("/o/SCL/jobs").await;
    assert!(public.body.contains("館内の清掃"));
    assert!(!public.body.contains("倉庫の仕分け"));
    assert_eq!(
        c.get(&format!("/o/SCL/jobs/{}", old.id)).await.status,
        axum::http::StatusCode::NOT_FOUND
    );
    // Closing a due order is refused as for an expired one.
    assert!(
        job_orders::close(
            &app.db,
            &Actor::staff(&w.staff),
            w.office.id,
            old.id,
            entity::JobOrderState::Filled,
            today()
        )
        .await
        .is_err()
    );
    // No page wrote anything: the scheduled job does.
    assert_eq!(stored_state(&app, old.id).await, "open");
    assert_eq!(stored_state(&app, fresh.id).await, "open");
    assert_eq!(job_orders::expire_due(&app.db, today()).await.unwrap(), 1);
    assert_eq!(stored_state(&app, old.id).await, "expired");
    assert_eq!(stored_state(&app, fresh.id).await, "open");

    // Seekers likewise: the list reads a registration past its validity as closed.
    let s = job_seekers::register(
        &app.db,
        &Actor::staff(&w.staff),
        w.office.id,
        &job_seekers::JobSeekerInput {
            consent: Some("1".into()),
            consent_method: "written".into(),
            name: "期限 切子".into(),
            name_kana: "キゲン キリコ".into(),
            birth_date: "1985-06-01".into(),
            prefecture_code: "27".into(),
            municipality: "豊中市".into(),
            address: "1-1".into(),
            phone: "090-1111-2222".into(),
            occupation1: "096".into(),
            desired_employment: "any".into(),
            ..Default::default()
        },
        today() - Duration::days(800),
    )
    .await
    .unwrap();
    let active = c.get("/job-seekers").await;
    assert!(!active.body.contains("期限 切子"), "{}", active.body);
    let closed = c.get("/job-seekers?state=closed").await;
    assert!(closed.body.contains("期限 切子"));
    let stored = entity::job_seeker::Entity::find_by_id(s.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        stored.state,
        entity::SeekerState::Active,
        "reading wrote nothing"
    );
    assert_eq!(job_seekers::expire_due(&app.db, today()).await.unwrap(), 1);
}

async fn facts_are_written_with_the_version_and_backfilled(app: TestApp) {
    let w = world(&app).await;
    let o = accepted(&app, &w, form("館内の清掃スタッフ", "吹田市", "8"), today()).await;
    assert_eq!(o.occupation_major, "15", "major group of 096");
    assert_eq!(o.prefecture_code, "27");
    assert_eq!(o.weekday_mask, 0b101, "Monday and Wednesday");
    assert_eq!((o.earliest_start, o.latest_end), (9 * 60, 13 * 60));
    assert_eq!(o.hourly_wage_yen, 1500);
    assert!(
        o.search_text
            .contains(&o.number.clone().unwrap().to_lowercase())
    );
    assert!(o.search_text.contains("館内の清掃スタッフ"));
    assert!(o.search_text.contains("ひだまり清掃"));
    assert_eq!(o.facts_version, job_orders::FACTS_VERSION);
    // The terms matching weighs and the 求人管理簿 prints.
    assert!(!o.full_time);
    assert_eq!(
        o.shift_slots, "5,540,780,240",
        "Monday and Wednesday, 9:00–13:00, 4 h worked"
    );
    let (_, terms) = job_orders::accepted_terms(&app.db, w.office.id, o.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (o.wage_form.as_str(), o.base_wage_min, o.base_wage_max),
        ("hourly", 1500, terms.base_wage_max as i32)
    );
    assert_eq!(o.workplace_address, "中桜塚3-1-1");
    assert!(o.contract_indefinite);
    assert_eq!(o.start_date, terms.start_date);
    // Rows from before the columns existed are filled by the backfill run at migrate.
    app.db
        .execute_unprepared(
            "UPDATE job_orders SET facts_version = 0, search_text = '', weekday_mask = 0, \
             hourly_wage_yen = 0, occupation_major = '', shift_slots = '', \
             workplace_address = '', wage_form = 'monthly', base_wage_min = 0, \
             contract_indefinite = false",
        )
        .await
        .unwrap();
    assert_eq!(job_orders::backfill_facts(&app.db).await.unwrap(), 1);
    let again = job_orders::get(&app.db, w.office.id, o.id).await.unwrap();
    assert_eq!(
        job_orders::stored_facts(&again),
        job_orders::stored_facts(&o)
    );
    assert_eq!(again.search_text, o.search_text);
    assert_eq!(job_orders::backfill_facts(&app.db).await.unwrap(), 0);
}

async fn keyword_search_by_trigrams_and_short_terms(app: TestApp) {
    let w = world(&app).await;
    let a = accepted(&app, &w, form("館内の清掃スタッフ", "吹田市", "8"), today()).await;
    let b = accepted(&app, &w, form("ＰＣ入力（事務）", "豊中市", "12"), today()).await;
    let find = |q: &str| {
        let f = job_orders::JobOrderFilter {
            q: q.into(),
            ..Default::default()
        };
        let db = app.db.clone();
        let office = w.office.id;
        async move {
            let mut ids: Vec<i32> = job_orders::list(&db, office, &f, today())
                .await
                .unwrap()
                .rows
                .into_iter()
                .map(|r| r.order.id)
                .collect();
            ids.sort();
            ids
        }
    };
    assert_eq!(
        find("清掃スタ").await,
        vec![a.id],
        "three or more characters"
    );
    assert_eq!(find("館内").await, vec![a.id], "two characters");
    assert_eq!(
        find("pc入力").await,
        vec![b.id],
        "full-width and case folded"
    );
    assert_eq!(
        find("ひだまり").await,
        vec![a.id, b.id],
        "the employer's name"
    );
    assert_eq!(
        find(&b.number.clone().unwrap()).await,
        vec![b.id],
        "the number"
    );
    assert!(find("100%").await.is_empty(), "LIKE wildcards are literal");
    // With an occupation the occupation's index drives and the phrase is looked up per order.
    let by_occupation = |q: &str, occupation: &str| {
        let f = job_orders::JobOrderFilter {
            q: q.into(),
            occupation: occupation.into(),
            max_weekly_hours: "10".into(),
            ..Default::default()
        };
        let db = app.db.clone();
        let office = w.office.id;
        async move {
            job_orders::list(&db, office, &f, today())
                .await
                .unwrap()
                .rows
                .into_iter()
                .map(|r| r.order.id)
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(by_occupation("清掃スタ", "096").await, vec![a.id]);
    assert!(
        by_occupation("入力（事", "096").await.is_empty(),
        "12 hours a week"
    );
    assert!(by_occupation("清掃スタ", "051").await.is_empty());
    // A renamed employer is found by its new name.
    let a_actor = Actor::staff(&w.staff);
    let mut input = EmployerInput::from_model(&w.employer);
    input.name = "株式会社こもれび清掃".into();
    employers::update(&app.db, &a_actor, w.office.id, w.employer.id, &input)
        .await
        .unwrap();
    assert_eq!(find("こもれび").await, vec![a.id, b.id]);
    assert!(find("ひだまり").await.is_empty());
    // The public list searches the same way.
    let mut c = app.client();
    let page = c
        .get("/o/SCL/jobs?q=%E6%B8%85%E6%8E%83%E3%82%B9%E3%82%BF")
        .await;
    assert!(page.body.contains("館内の清掃スタッフ"));
    assert!(!page.body.contains("ＰＣ入力"));
    let page = c
        .get("/o/SCL/jobs?q=%E6%B8%85%E6%8E%83%E3%82%B9%E3%82%BF&occupation=096")
        .await;
    assert!(page.body.contains("館内の清掃スタッフ"));
    let page = c
        .get("/o/SCL/jobs?q=%E6%B8%85%E6%8E%83%E3%82%B9%E3%82%BF&occupation=051")
        .await;
    assert!(!page.body.contains("館内の清掃スタッフ"));
}

async fn counts_are_bounded(app: TestApp) {
    let w = world(&app).await;
    for i in 0..5 {
        accepted(
            &app,
            &w,
            form(&format!("軽作業{i}"), "豊中市", "8"),
            today(),
        )
        .await;
    }
    let q = entity::job_order::Entity::find()
        .filter(entity::job_order::Column::OfficeId.eq(w.office.id));
    assert_eq!(
        job_orders::bounded_count(&app.db, q.clone(), 3)
            .await
            .unwrap(),
        (3, true)
    );
    assert_eq!(
        job_orders::bounded_count(&app.db, q, 5).await.unwrap(),
        (5, false)
    );
    assert_eq!(job_orders::count_label(10_000, true), "1万件以上");
}

/// The hourly job analyses a table with no statistics, then again only once it has doubled or
/// got an index the statistics do not know; PostgreSQL's autovacuum does this itself.
async fn planner_statistics_follow_the_tables(app: TestApp) {
    use tsunagu::services::statistics;
    let recorded_rows =
        async |table: &str| statistics::recorded_rows(&app.db, table).await.unwrap();
    let w = world(&app).await;
    accepted(&app, &w, form("軽作業", "豊中市", "8"), today()).await;
    let first = statistics::refresh(&app.db).await.unwrap();
    if app.db.get_database_backend() != sea_orm::DbBackend::Sqlite {
        assert_eq!(first, statistics::Refreshed::default());
        return;
    }
    let names = first.names();
    assert!(names.contains(&"job_orders"), "{names:?}");
    assert!(
        !names.iter().any(|n| n.starts_with("job_orders_fts")),
        "a full-text index's own tables are not analysed: {names:?}"
    );
    assert_eq!(recorded_rows("job_orders").await, Some(1));
    // Nothing changed: nothing is read again.
    assert_eq!(
        statistics::refresh(&app.db).await.unwrap(),
        statistics::Refreshed::default()
    );
    // A second order doubles the table; a third is not yet twice the two analysed.
    accepted(&app, &w, form("軽作業2", "豊中市", "8"), today()).await;
    let again = statistics::refresh(&app.db).await.unwrap();
    assert!(again.names().contains(&"job_orders"), "1 → 2 rows doubled");
    accepted(&app, &w, form("軽作業3", "豊中市", "8"), today()).await;
    let third = statistics::refresh(&app.db).await.unwrap();
    assert!(
        !third.names().contains(&"job_orders"),
        "2 → 3 rows: {third:?}"
    );
    assert_eq!(recorded_rows("job_orders").await, Some(2));
    // An index a migration adds is unknown to the statistics until the table is analysed.
    app.db
        .execute_unprepared("CREATE INDEX ix_test_orders_title ON job_orders (occupation_title)")
        .await
        .unwrap();
    let indexed = statistics::refresh(&app.db).await.unwrap();
    assert_eq!(indexed.tables, vec![("job_orders".to_owned(), 3)]);
    assert_eq!(recorded_rows("job_orders").await, Some(3));
}

/// A seeker's registration as the counter types it (a second one with the same name and
/// birth date is allowed).
fn seeker_input(
    name: &str,
    municipality: &str,
    occupation: &str,
    areas: &str,
) -> job_seekers::JobSeekerInput {
    job_seekers::JobSeekerInput {
        consent: Some("1".into()),
        consent_method: "written".into(),
        name: name.into(),
        name_kana: "コウホ".into(),
        birth_date: "1985-06-01".into(),
        prefecture_code: "27".into(),
        municipality: municipality.into(),
        address: "1-1".into(),
        phone: "090-0000-0000".into(),
        occupation1: occupation.into(),
        desired_areas: areas.into(),
        desired_employment: "any".into(),
        allow_duplicate: Some("1".into()),
        ..Default::default()
    }
}

async fn seekers_for_a_job_write_one_audit_entry(app: TestApp) {
    let w = world(&app).await;
    let o = accepted(&app, &w, form("館内の清掃", "豊中市", "8"), today()).await;
    for i in 0..3 {
        job_seekers::register(
            &app.db,
            &Actor::staff(&w.staff),
            w.office.id,
            &seeker_input(&format!("候補 {i}郎"), "豊中市", "096", ""),
            today(),
        )
        .await
        .unwrap();
    }
    let audits = || {
        entity::audit_log::Entity::find()
            .filter(entity::audit_log::Column::Action.eq("view"))
            .count(&app.db)
    };
    let before = audits().await.unwrap();
    let mut c = app.signed_in("staff@scl.example.jp").await;
    let page = c.get(&format!("/job-orders/{}/matches", o.id)).await;
    assert_eq!(page.status, axum::http::StatusCode::OK);
    for i in 0..3 {
        assert!(page.body.contains(&format!("候補 {i}郎")), "{}", page.body);
    }
    assert_eq!(
        audits().await.unwrap(),
        before + 1,
        "one entry for the view"
    );
}

/// A seeker's desired occupations and areas (and own municipality) are index rows kept by the
/// database on every write, whatever the text holds; seekers for a job start from them.
async fn seekers_for_a_job_start_from_their_wishes(app: TestApp) {
    let w = world(&app).await;
    let o = accepted(&app, &w, form("館内の清掃", "豊中市", "8"), today()).await;
    let actor = Actor::staff(&w.staff);
    let mut ids = Vec::new();
    for (name, muni, occ, areas) in [
        ("近所 一郎", "豊中市", "096", ""),
        ("遠方 二郎", "吹田市", "051", "池田市、豊中市"),
        ("同職 三郎", "吹田市", "096", ""),
        // Quotes, a backslash and line breaks in the free text cannot break the write.
        (
            "記号 四郎",
            "吹田市",
            "051",
            "池田\"市\\\n豊中市\t 箕面市,,",
        ),
        ("無縁 五郎", "吹田市", "051", ""),
    ] {
        let s = job_seekers::register(
            &app.db,
            &actor,
            w.office.id,
            &seeker_input(name, muni, occ, areas),
            today(),
        )
        .await
        .unwrap();
        ids.push(s.id);
    }
    let wishes = |id: i32| {
        let db = app.db.clone();
        async move {
            use entity::job_seeker_wish as k;
            let mut v: Vec<(String, String)> = k::Entity::find()
                .filter(k::Column::JobSeekerId.eq(id))
                .all(&db)
                .await
                .unwrap()
                .into_iter()
                .map(|r| (r.kind, r.value))
                .collect();
            v.sort();
            v
        }
    };
    let p = |k: &str, v: &str| (k.to_owned(), v.to_owned());
    assert_eq!(wishes(ids[0]).await, vec![p("a", "豊中市"), p("o", "096")]);
    assert_eq!(
        wishes(ids[1]).await,
        vec![
            p("a", "吹田市"),
            p("a", "池田市"),
            p("a", "豊中市"),
            p("o", "051")
        ]
    );
    assert_eq!(
        wishes(ids[3]).await,
        vec![
            p("a", "吹田市"),
            p("a", "池田\"市\\"),
            p("a", "箕面市"),
            p("a", "豊中市"),
            p("o", "051")
        ]
    );
    // An edit moves the wishes with it.
    let mut changed = seeker_input("無縁 五郎", "豊中市", "096", "");
    changed.lock = String::new();
    job_seekers::update(&app.db, &actor, w.office.id, ids[4], &changed, today())
        .await
        .unwrap();
    assert_eq!(wishes(ids[4]).await, vec![p("a", "豊中市"), p("o", "096")]);
    let found =
        tsunagu::services::matching::seekers_for_order(&app.db, w.office.id, o.id, today(), 20)
            .await
            .unwrap();
    let found: Vec<i32> = found.iter().map(|m| m.seeker.id).collect();
    for id in &ids {
        assert!(found.contains(id), "{id} in {found:?}");
    }
    // Those who want both the occupation and the area come first.
    assert!(
        found.iter().position(|i| *i == ids[0]) < found.iter().position(|i| *i == ids[1]),
        "{found:?}"
    );
    // A closed registration is not a candidate.
    job_seekers::close(&app.db, &actor, w.office.id, ids[0], "withdrawn", today())
        .await
        .unwrap();
    let found =
        tsunagu::services::matching::seekers_for_order(&app.db, w.office.id, o.id, today(), 20)
            .await
            .unwrap();
    assert!(found.iter().all(|m| m.seeker.id != ids[0]));
}

async fn generator_and_benchmark_at_tiny_scale(app: TestApp) {
    use tsunagu::generate::{Options, Scale, generate};
    let opts = Options {
        scale: Scale::Tiny,
        seed: 7,
        demo: true,
        today: today(),
    };
    let s = generate(&app.db, &opts, &|_: &str, _: u64, _: u64| {})
        .await
        .unwrap();
    let sizes = Scale::Tiny.sizes();
    assert_eq!((s.orders, s.seekers), (sizes.orders, sizes.seekers));
    assert!(s.referrals > sizes.referrals / 2, "{}", s.referrals);
    assert!(s.placements > 0 && s.follow_ups >= s.placements);
    let count = |sql: &'static str| {
        let db = app.db.clone();
        async move {
            let row = db
                .query_one_raw(sea_orm::Statement::from_string(
                    db.get_database_backend(),
                    sql,
                ))
                .await
                .unwrap()
                .unwrap();
            row.try_get_by_index::<i64>(0).unwrap()
        }
    };
    assert_eq!(
        count("SELECT COUNT(*) FROM job_orders").await,
        sizes.orders as i64
    );
    // Every accepted order has exactly its one version, with the facts of that version.
    assert_eq!(
        count("SELECT COUNT(*) FROM job_orders o WHERE o.accepted_version IS NOT NULL AND NOT EXISTS (SELECT 1 FROM job_order_versions v WHERE v.job_order_id = o.id AND v.version = o.accepted_version)").await,
        0
    );
    let open = count("SELECT COUNT(*) FROM job_orders WHERE state = 'open'").await;
    assert_eq!(open, s.open_orders as i64);
    assert!(
        open * 100 / sizes.orders as i64 >= 20,
        "about 30 % open: {open}"
    );
    assert_eq!(
        count("SELECT COUNT(*) FROM job_orders WHERE state = 'open' AND valid_until < CURRENT_DATE - 1").await,
        0,
        "open orders are valid"
    );
    // Referrals only to orders open and seekers registered on that day.
    assert_eq!(
        count("SELECT COUNT(*) FROM referrals r JOIN job_orders o ON o.id = r.job_order_id JOIN job_seekers s ON s.id = r.job_seeker_id WHERE r.referred_on < o.accepted_on OR r.referred_on < s.registered_on OR r.employer_id <> o.employer_id").await,
        0
    );
    assert_eq!(
        count(
            "SELECT COUNT(*) FROM job_seekers WHERE consent_given_on IS NULL OR consent_scope = ''"
        )
        .await,
        0,
        "consent recorded"
    );
    assert_eq!(
        count("SELECT COUNT(*) FROM placements p JOIN referrals r ON r.id = p.referral_id WHERE r.state <> 'hired'").await,
        0
    );
    assert_eq!(
        count(
            "SELECT COUNT(*) FROM job_orders o WHERE NOT EXISTS \
             (SELECT 1 FROM job_order_drafts d WHERE d.job_order_id = o.id)"
        )
        .await,
        0,
        "every order has its working copy"
    );
    assert_eq!(
        count(
            "SELECT COUNT(*) FROM job_seekers s WHERE length(s.name_normalized) > 1 AND NOT EXISTS \
             (SELECT 1 FROM job_seeker_grams g WHERE g.job_seeker_id = s.id \
             AND g.gram = substr(s.name_normalized, 1, 2))"
        )
        .await,
        0,
        "every seeker's name pieces are there for the name search"
    );
    assert_eq!(
        count(
            "SELECT COUNT(*) FROM job_seekers s WHERE NOT EXISTS \
             (SELECT 1 FROM job_seeker_wishes w WHERE w.job_seeker_id = s.id AND w.kind = 'a' \
             AND w.value = s.municipality) \
             OR (s.state = 'active') <> EXISTS (SELECT 1 FROM job_seeker_wishes w \
             WHERE w.job_seeker_id = s.id AND w.kind = 'o' AND w.active_until = s.valid_until)"
        )
        .await,
        0,
        "every seeker's wishes are there, active while the seeker is, for seekers for a job"
    );
    // The facts columns are what acceptance would write.
    let sample = job_orders::list(
        &app.db,
        s.office_id,
        &job_orders::JobOrderFilter {
            state: "open".into(),
            ..Default::default()
        },
        today(),
    )
    .await
    .unwrap();
    // Matching's map of the classification (bundled) is the occupations table's own.
    let majors = tsunagu::services::refdata::occupation_majors();
    {
        use entity::occupation::Column as Occ;
        use sea_orm::QuerySelect;
        let from_table: std::collections::HashMap<String, String> =
            entity::occupation::Entity::find()
                .filter(Occ::Revision.eq("2022"))
                .select_only()
                .column(Occ::Code)
                .column(Occ::ParentCode)
                .into_tuple::<(String, Option<String>)>()
                .all(&app.db)
                .await
                .unwrap()
                .into_iter()
                .filter_map(|(c, p)| p.map(|p| (c, p)))
                .collect();
        assert!(from_table.len() > 50, "{}", from_table.len());
        assert_eq!(&from_table, majors);
    }
    for r in sample.rows.iter().take(10) {
        let (_, terms) = job_orders::accepted_terms(&app.db, s.office_id, r.order.id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            job_orders::stored_facts(&r.order),
            job_orders::order_facts(&terms, majors)
        );
    }
    // Matching ranks from those columns exactly as from the terms in force.
    {
        use tsunagu::services::matching;
        let seeker = entity::job_seeker::Entity::find()
            .filter(entity::job_seeker::Column::OfficeId.eq(s.office_id))
            .filter(entity::job_seeker::Column::State.eq("active"))
            .order_by_asc(entity::job_seeker::Column::Id)
            .one(&app.db)
            .await
            .unwrap()
            .unwrap();
        let found = matching::orders_for_seeker(&app.db, s.office_id, seeker.id, today(), 20)
            .await
            .unwrap();
        assert!(!found.is_empty());
        let profile = matching::seeker_profile(&matching::SeekerFacts::from(&seeker), majors);
        for f in &found {
            let from_terms = matching::order_profile(&f.order, &f.terms, majors);
            assert_eq!(
                f.m.score,
                tsunagu::domain::matching::evaluate(&profile, &from_terms).score,
                "order {}",
                f.order.id
            );
        }
    }
    // The export reads several pages at once and still writes every row once, in ledger order,
    // whatever the page size (500 referrals: the last page is exactly full).
    {
        use futures_util::StreamExt;
        use tsunagu::services::ledgers::{self, Ledger, LedgerFilter, PageAt};
        for ledger in [Ledger::JobOrders, Ledger::JobSeekers, Ledger::Referrals] {
            let f = LedgerFilter::default();
            let (all, _) =
                ledgers::rows_at(&app.db, s.office_id, ledger, &f, PageAt::Page(0), 100_000)
                    .await
                    .unwrap();
            assert!(all.len() > 100, "{}", ledger.slug());
            for page in [7, 500] {
                let exported: Vec<Vec<String>> =
                    ledgers::export(app.db.clone(), s.office_id, ledger, f.clone(), page, |r| r)
                        .map(|p| p.unwrap())
                        .collect::<Vec<_>>()
                        .await
                        .concat();
                assert!(exported == all, "{} by pages of {page}", ledger.slug());
            }
        }
    }
    // The number sequences moved past the generated numbers: a new acceptance gets a new number.
    let staff = tsunagu::services::staff_users::find_by_email(&app.db, "demo@example.jp")
        .await
        .unwrap()
        .unwrap();
    let employer_id: i32 = entity::employer::Entity::find()
        .filter(entity::employer::Column::OfficeId.eq(s.office_id))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .id;
    let a = Actor::staff(&staff);
    let d = job_orders::create_draft(
        &app.db,
        &a,
        s.office_id,
        employer_id,
        &form("追加の求人", "豊中市", "8"),
        "staff",
    )
    .await
    .unwrap();
    let new = job_orders::accept(&app.db, &a, s.office_id, d.id, today(), true)
        .await
        .expect("a fresh number");
    assert!(new.number.is_some());
    // The same seed makes the same office.
    let other = TestApp::sqlite().await;
    let again = generate(&other.db, &opts, &|_: &str, _: u64, _: u64| {})
        .await
        .unwrap();
    let digest = |db: sea_orm::DatabaseConnection, office: i32| async move {
        entity::job_order::Entity::find()
            .filter(entity::job_order::Column::OfficeId.eq(office))
            .order_by_asc(entity::job_order::Column::Id)
            .all(&db)
            .await
            .unwrap()
            .into_iter()
            .map(|o| {
                format!(
                    "{:?}|{}|{}|{}|{:?}",
                    o.number, o.occupation_title, o.state, o.weekly_minutes, o.valid_until
                )
            })
            .collect::<Vec<_>>()
    };
    let first = digest(app.db.clone(), s.office_id).await;
    assert_eq!(first.len(), sizes.orders + 1);
    let second = digest(other.db.clone(), again.office_id).await;
    assert_eq!(second.len(), sizes.orders);
    // (the new order above is extra in the first database)
    assert!(
        first[..sizes.orders] == second[..sizes.orders],
        "the same seed, the same orders"
    );

    // Reports read only the records of their periods, with the same figures as from everything.
    use tsunagu::services::reports;
    let all = reports::load(&app.db, s.office_id).await.unwrap();
    let fy = tsunagu::domain::fiscal_year::fiscal_year_of(today());
    for year in [fy - 1, fy] {
        let ranged = reports::annual_report(&app.db, s.office_id, year, today())
            .await
            .unwrap();
        assert_eq!(ranged, reports::annual(&all, year, today()), "FY{year}");
        assert!(ranged.new_orders.total > 0 && ranged.placements.total > 0);
    }
    let (from, to) = reports::last_months(today(), 24);
    assert_eq!(
        reports::monthly_report(&app.db, s.office_id, from, to, Some(20000))
            .await
            .unwrap(),
        reports::monthly(&all, from, to, Some(20000))
    );

    // The benchmark: every measured request answers 200.
    let report = tsunagu::bench::run(
        &app.db,
        &tsunagu::bench::Options {
            binary: env!("CARGO_BIN_EXE_tsunagu").into(),
            database_url: app.test_db.url.clone(),
            office: Some(s.office_code.clone()),
            requests: 3,
            max_seconds: 30.0,
            concurrency: vec![1, 2],
            env: Vec::new(),
            only: Vec::new(),
            warmup: true,
        },
    )
    .await
    .unwrap();
    assert!(report.measurements.len() >= 26, "{}", report.to_markdown());
    for m in &report.measurements {
        assert_eq!(m.non_200, 0, "{} {}: {:?}", m.name, m.path, m.first_failure);
        assert!(m.requests >= 3, "{}", m.name);
    }
    assert!(report.rss_idle_kb > 0 && report.startup_ms > 0.0);
}
