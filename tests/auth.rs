//! First-run setup, sign-in and sign-out, throttling, sessions, CSRF, roles and office isolation.
mod common;
use axum::http::StatusCode;
use common::{PASSWORD, TestApp, audit_entries};
use tsunagu::services::setup;

db_tests!(
    first_run_setup_creates_office_and_admin,
    setup_shows_every_problem_and_keeps_input,
    sign_in_and_sign_out,
    wrong_password_is_refused,
    repeated_failures_are_throttled,
    sign_in_issues_a_new_session_id,
    expired_session_requires_sign_in,
    forged_posts_are_refused,
    staff_cannot_open_admin_pages,
    another_offices_record_is_not_found,
    changes_and_views_are_audited,
    deactivated_user_loses_access,
);

async fn first_run_setup_creates_office_and_admin(app: TestApp) {
    let mut c = app.client();
    // With no users, the home page leads to the sign-in page, which explains setup.
    let res = c.get("/").await;
    assert_eq!(res.location(), Some("/login"));
    let res = c.get("/login").await;
    assert!(res.body.contains("初期設定"), "{}", res.body);
    // Setup needs the one-time token.
    let token = setup::issue_token(&app.db).await.unwrap();
    assert_eq!(
        c.get("/setup?token=wrong").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(c.get("/setup").await.status, StatusCode::NOT_FOUND);
    // An old link says where the new one is instead of a bare 404.
    let old = c.get("/setup?token=wrong").await;
    assert!(old.body.contains("新しいリンク"), "{}", old.body);
    let res = c
        .submit(
            &format!("/setup?token={token}"),
            "/setup",
            &[
                ("token", &token),
                ("name", "豊中市無料職業紹介所"),
                ("code", "toyonaka"),
                ("municipality", "豊中市"),
                ("prefecture_code", "27"),
                ("postal_code", "５６１８５０１"),
                ("phone", "06(6858)5111"),
                ("validity_rule", "month_end+2"),
                ("admin_name", "管理 太郎"),
                ("admin_email", "Admin@Toyonaka.example.jp"),
                ("password", PASSWORD),
                ("password_confirmation", PASSWORD),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    // Signed in right away, as admin of the new office.
    assert_eq!(res.location(), Some("/?notice=setup"));
    let home = c.get("/?notice=setup").await;
    assert_eq!(home.status, StatusCode::OK);
    assert!(home.body.contains("豊中市無料職業紹介所"));
    assert!(home.body.contains("初期設定が完了しました"));
    let office = tsunagu::services::offices::find_by_code(&app.db, "TOYONAKA")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(office.postal_code, "561-8501");
    assert_eq!(office.phone, "06-6858-5111");
    assert!(
        !office.privacy_policy.is_empty(),
        "default disclosure texts are filled in"
    );
    // The token is used up and setup is closed.
    assert!(!setup::needed(&app.db).await.unwrap());
    let res = app.client().get(&format!("/setup?token={token}")).await;
    assert_eq!(res.location(), Some("/login"));
    // The e-mail was normalised, so the admin signs in with any case.
    let mut other = app.client();
    assert_eq!(
        other
            .sign_in("admin@toyonaka.example.jp", PASSWORD)
            .await
            .status,
        StatusCode::SEE_OTHER
    );
}

async fn setup_shows_every_problem_and_keeps_input(app: TestApp) {
    let token = setup::issue_token(&app.db).await.unwrap();
    let mut c = app.client();
    let res = c
        .submit(
            &format!("/setup?token={token}"),
            "/setup",
            &[
                ("token", &token),
                ("name", "テスト紹介所"),
                ("code", "T1"),
                ("municipality", ""),
                ("prefecture_code", "27"),
                ("phone", "123"),
                ("admin_name", "山田 花子"),
                ("admin_email", "not-an-address"),
                ("password", "short"),
                ("password_confirmation", "short"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    for msg in [
        "市区町村名を入力してください",
        "電話番号を市外局番から入力してください",
        "メールアドレスの形式が正しくありません",
        "パスワードは10文字以上にしてください",
    ] {
        assert!(res.body.contains(msg), "missing {msg}");
    }
    // What was typed is still there.
    assert!(res.body.contains("value=\"テスト紹介所\""));
    assert!(res.body.contains("value=\"山田 花子\""));
    assert!(res.body.contains("value=\"123\""));
    // Nothing was written.
    assert!(setup::needed(&app.db).await.unwrap());
    assert!(
        tsunagu::services::offices::all(&app.db)
            .await
            .unwrap()
            .is_empty()
    );
}

async fn sign_in_and_sign_out(app: TestApp) {
    let (_, admin, _) = app.office_with_users("A").await;
    let mut c = app.client();
    assert_eq!(
        c.get("/settings").await.location(),
        Some("/login?next=/settings")
    );
    let res = c
        .submit(
            "/login?next=/settings",
            "/login",
            &[
                ("email", &admin.email),
                ("password", PASSWORD),
                ("next", "/settings"),
            ],
        )
        .await;
    assert_eq!(res.location(), Some("/settings"));
    let cookie = res
        .headers
        .get("set-cookie")
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    let page = c.get("/settings").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains(&admin.email));
    // An outside address is never used as the redirect target.
    let mut c2 = app.client();
    let res = c2
        .submit(
            "/login",
            "/login",
            &[
                ("email", &admin.email),
                ("password", PASSWORD),
                ("next", "//evil.example/"),
            ],
        )
        .await;
    assert_eq!(res.location(), Some("/"));
    // Sign out ends the session in the database too.
    let token = page.csrf();
    let res = c.post_form("/logout", &[("_csrf", &token)]).await;
    assert_eq!(res.location(), Some("/login"));
    assert_eq!(c.get("/settings").await.status, StatusCode::SEE_OTHER);
    use sea_orm::{EntityTrait, PaginatorTrait};
    assert_eq!(
        entity::session::Entity::find()
            .count(&app.db)
            .await
            .unwrap(),
        1,
        "only c2's session is left"
    );
}

async fn wrong_password_is_refused(app: TestApp) {
    let (_, admin, _) = app.office_with_users("A").await;
    let mut c = app.client();
    let res = c.sign_in(&admin.email, "wrong password!").await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    assert!(
        res.body
            .contains("メールアドレスまたはパスワードが正しくありません")
    );
    assert!(
        res.body.contains(&format!("value=\"{}\"", admin.email)),
        "the e-mail stays in the form"
    );
    assert!(!c.cookies.contains_key("tsunagu_session"));
    // An unknown address gets the same answer.
    let res = c.sign_in("nobody@example.jp", PASSWORD).await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    assert!(
        res.body
            .contains("メールアドレスまたはパスワードが正しくありません")
    );
}

async fn repeated_failures_are_throttled(app: TestApp) {
    let (_, admin, staff) = app.office_with_users("A").await;
    let mut c = app.client();
    for _ in 0..5 {
        assert_eq!(
            c.sign_in(&admin.email, "wrong password!").await.status,
            StatusCode::UNAUTHORIZED
        );
    }
    // Now even the right password is refused for a while.
    let res = c.sign_in(&admin.email, PASSWORD).await;
    assert_eq!(res.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(res.body.contains("一時的にログインできません"));
    // Other accounts are not affected.
    assert_eq!(
        c.sign_in(&staff.email, PASSWORD).await.status,
        StatusCode::SEE_OTHER
    );
}

async fn sign_in_issues_a_new_session_id(app: TestApp) {
    let (_, admin, _) = app.office_with_users("A").await;
    let mut c = app.signed_in(&admin.email).await;
    let first = c.cookies.get("tsunagu_session").cloned().unwrap();
    let res = c.sign_in(&admin.email, PASSWORD).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let second = c.cookies.get("tsunagu_session").cloned().unwrap();
    assert_ne!(first, second);
    // The old session no longer works.
    let mut old = app.client();
    old.cookies.insert("tsunagu_session".into(), first);
    assert_eq!(old.get("/settings").await.status, StatusCode::SEE_OTHER);
    assert_eq!(c.get("/settings").await.status, StatusCode::OK);
}

async fn expired_session_requires_sign_in(app: TestApp) {
    let (_, admin, _) = app.office_with_users("A").await;
    let mut c = app.signed_in(&admin.email).await;
    assert_eq!(c.get("/settings").await.status, StatusCode::OK);
    // Make the session older than the idle timeout.
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};
    entity::session::Entity::update_many()
        .col_expr(
            entity::session::Column::ExpiresAt,
            Expr::value(chrono::Utc::now() - chrono::Duration::minutes(1)),
        )
        .filter(entity::session::Column::StaffUserId.eq(admin.id))
        .exec(&app.db)
        .await
        .unwrap();
    assert_eq!(
        c.get("/settings").await.location(),
        Some("/login?next=/settings")
    );
}

async fn forged_posts_are_refused(app: TestApp) {
    let (_, admin, _) = app.office_with_users("A").await;
    let mut c = app.signed_in(&admin.email).await;
    let fields = [
        ("name", "勝手に作られた職員"),
        ("email", "x@example.jp"),
        ("role", "admin"),
        ("password", PASSWORD),
        ("password_confirmation", PASSWORD),
    ];
    // No token.
    let res = c.post_form("/admin/users", &fields).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    // A token from another session.
    let mut other = app.client();
    let foreign_token = other.get("/login").await.csrf();
    let mut with_foreign: Vec<(&str, &str)> = vec![("_csrf", &foreign_token)];
    with_foreign.extend_from_slice(&fields);
    assert_eq!(
        c.post_form("/admin/users", &with_foreign).await.status,
        StatusCode::FORBIDDEN
    );
    // The right token but from a foreign Origin.
    let token = c.get("/admin/users/new").await.csrf();
    let mut with_token: Vec<(&str, &str)> = vec![("_csrf", &token)];
    with_token.extend_from_slice(&fields);
    let res = c
        .post_form_with("/admin/users", &with_token, Some("https://evil.example"))
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    assert!(res.body.contains("別のサイトから送信された"));
    assert!(
        tsunagu::services::staff_users::find_by_email(&app.db, "x@example.jp")
            .await
            .unwrap()
            .is_none()
    );
    // The same form from this site works.
    let res = c.post_form("/admin/users", &with_token).await;
    assert_eq!(
        res.location(),
        Some("/admin/users?notice=created"),
        "{}",
        res.body
    );
}

async fn staff_cannot_open_admin_pages(app: TestApp) {
    let (_, _, staff) = app.office_with_users("A").await;
    let mut c = app.signed_in(&staff.email).await;
    for path in [
        "/admin",
        "/admin/users",
        "/admin/users/new",
        "/admin/office",
        "/admin/audit",
        "/admin/refdata",
    ] {
        let res = c.get(path).await;
        assert_eq!(res.status, StatusCode::FORBIDDEN, "{path}");
        assert!(res.body.contains("権限がありません"));
    }
    let token = c.get("/settings").await.csrf();
    let res = c
        .post_form("/admin/office", &[("_csrf", &token), ("name", "乗っ取り")])
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    // Staff do not see the admin menu.
    assert!(!c.get("/").await.body.contains("href=\"/admin\""));
    assert_eq!(c.get("/settings").await.status, StatusCode::OK);
}

async fn another_offices_record_is_not_found(app: TestApp) {
    let (_, admin_a, _) = app.office_with_users("A").await;
    let (_, _, staff_b) = app.office_with_users("B").await;
    let mut c = app.signed_in(&admin_a.email).await;
    let res = c.get(&format!("/admin/users/{}", staff_b.id)).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    assert!(!res.body.contains(&staff_b.email));
    // Same answer as for an id that does not exist at all.
    assert_eq!(
        c.get("/admin/users/999999").await.status,
        StatusCode::NOT_FOUND
    );
    // Editing is refused the same way, and the record is untouched.
    let token = c.get("/admin/users/new").await.csrf();
    let res = c
        .post_form(
            &format!("/admin/users/{}", staff_b.id),
            &[
                ("_csrf", &token),
                ("name", "改ざん"),
                ("role", "admin"),
                ("active", "1"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    let b = tsunagu::services::staff_users::find_by_email(&app.db, &staff_b.email)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(b.role, "staff");
    // The list shows only office A's accounts.
    let list = c.get("/admin/users").await.body;
    assert!(list.contains(&admin_a.email) && !list.contains(&staff_b.email));
}

async fn changes_and_views_are_audited(app: TestApp) {
    let (office, admin, staff) = app.office_with_users("A").await;
    let mut c = app.signed_in(&admin.email).await;
    c.get(&format!("/admin/users/{}", staff.id)).await;
    let res = c
        .submit(
            &format!("/admin/users/{}", staff.id),
            &format!("/admin/users/{}", staff.id),
            &[("name", "新しい 名前"), ("role", "admin"), ("active", "1")],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let entries = audit_entries(&app.db, office.id).await;
    let sid = Some(staff.id.to_string());
    assert!(entries.contains(&(
        "sign_in".into(),
        "staff_user".into(),
        Some(admin.id.to_string())
    )));
    assert!(entries.contains(&("view".into(), "staff_user".into(), sid.clone())));
    assert!(entries.contains(&("update".into(), "staff_user".into(), sid.clone())));
    // The admin can browse and filter them; the summary names what changed, not the data.
    let page = c
        .get(&format!(
            "/admin/audit?action=update&entity_type=staff_user&entity_id={}",
            staff.id
        ))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("権限→管理者"), "{}", page.body);
    use sea_orm::EntityTrait;
    let summaries: Vec<String> = entity::audit_log::Entity::find()
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|a| a.summary)
        .collect();
    assert!(
        summaries.iter().any(|s| s.contains("氏名")),
        "the summary names the changed field"
    );
    assert!(
        !summaries.iter().any(|s| s.contains("新しい 名前")),
        "personal data stays out of the audit log"
    );
    assert!(page.body.contains("1 件"));
    let none = c.get("/admin/audit?action=import").await;
    assert!(none.body.contains("該当する記録はありません"));
}

async fn deactivated_user_loses_access(app: TestApp) {
    let (_, admin, staff) = app.office_with_users("A").await;
    let mut s = app.signed_in(&staff.email).await;
    let mut a = app.signed_in(&admin.email).await;
    // An admin cannot demote themselves.
    let res = a
        .submit(
            &format!("/admin/users/{}", admin.id),
            &format!("/admin/users/{}", admin.id),
            &[("name", "管理者"), ("role", "staff"), ("active", "1")],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("自分自身の管理者権限"));
    // Deactivating ends the staff member's sessions at once.
    let res = a
        .submit(
            &format!("/admin/users/{}", staff.id),
            &format!("/admin/users/{}", staff.id),
            &[("name", "職員"), ("role", "staff")],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(s.get("/settings").await.status, StatusCode::SEE_OTHER);
    assert_eq!(
        app.client().sign_in(&staff.email, PASSWORD).await.status,
        StatusCode::UNAUTHORIZED
    );
}
