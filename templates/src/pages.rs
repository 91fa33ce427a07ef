//! Pages. Each takes display-ready data.
use crate::forms::{
    Errors, Field, checkbox, csrf, error_summary, field_errors, input, select, textarea,
};
use crate::layout::{PageCtx, multiline, page, public_page};
use maud::{Markup, html};

pub fn login(
    csrf_token: &str,
    email: &str,
    next: &str,
    message: Option<&str>,
    setup_pending: bool,
) -> Markup {
    let none = Errors::new();
    public_page(
        "ログイン",
        html! {
            @if setup_pending {
                div.notice {
                    p { "まだ職員アカウントがありません。初期設定を行ってください。" }
                    p { "初期設定用のリンクは、つなぐを起動したときにコンソールへ表示されています（" code { "/setup?token=…" } "）。" }
                }
            }
            @if let Some(m) = message { div.error-summary role="alert" { p { (m) } } }
            form.narrow method="post" action="/login" {
                (csrf(csrf_token))
                input type="hidden" name="next" value=(next);
                (input(Field::new("email", "メールアドレス", email).kind("email").required().autocomplete("username"), &none))
                (input(Field::new("password", "パスワード", "").kind("password").required().autocomplete("current-password"), &none))
                button.primary type="submit" { "ログイン" }
            }
        },
    )
}

/// Office settings fields, shared by setup and the admin's settings page.
pub struct OfficeForm<'a> {
    pub code: &'a str,
    pub name: &'a str,
    pub municipality: &'a str,
    pub prefecture_code: &'a str,
    pub postal_code: &'a str,
    pub address: &'a str,
    pub phone: &'a str,
    pub fax: &'a str,
    pub email: &'a str,
    pub population: &'a str,
    pub scope_of_handling: &'a str,
    pub complaint_handling: &'a str,
    pub privacy_policy: &'a str,
    pub validity_rule: &'a str,
    pub excluded_occupations: &'a str,
    pub result_reminder_days: &'a str,
    pub letter_shows_birth_and_address: bool,
    pub retention_years: &'a str,
    pub prefectures: &'a [(String, String)],
    pub validity_rules: &'a [(String, String)],
}

fn office_fields(f: &OfficeForm, e: &Errors) -> Markup {
    html! {
        fieldset {
            legend { "紹介所" }
            (input(Field::new("name", "紹介所の名称", f.name).required().hint("例：○○市無料職業紹介所"), e))
            (input(Field::new("code", "事業所コード", f.code).required().hint("求人番号などの番号に使う半角英数字（例：TOYONAKA）"), e))
            (input(Field::new("municipality", "地方公共団体名", f.municipality).required().hint("例：豊中市"), e))
            (select(Field::new("prefecture_code", "都道府県", f.prefecture_code).required(), f.prefectures, e))
            (input(Field::new("postal_code", "郵便番号", f.postal_code).hint("例：561-8501").autocomplete("postal-code"), e))
            (input(Field::new("address", "所在地", f.address).autocomplete("street-address"), e))
            (input(Field::new("phone", "電話番号", f.phone).kind("tel"), e))
            (input(Field::new("fax", "FAX番号", f.fax).kind("tel"), e))
            (input(Field::new("email", "メールアドレス", f.email).kind("email"), e))
            (input(Field::new("population", "人口", f.population).hint("統計（人口10万人あたりの数値）に使います").kind("text"), e))
        }
        fieldset {
            legend { "業務の規則と明示事項" }
            (select(Field::new("validity_rule", "求人・求職の有効期間", f.validity_rule).required(), f.validity_rules, e))
            (textarea(Field::new("scope_of_handling", "取扱職種の範囲等", f.scope_of_handling).hint("職業安定法第29条の5により明示する事項"), e, 4))
            (input(Field::new("excluded_occupations", "取り扱わない職業（職業分類コード）", f.excluded_occupations).hint("大分類2桁・中分類3桁を「,」区切りで。該当する求人には紹介できません"), e))
            (input(Field::new("result_reminder_days", "選考結果の督促（紹介から何日後）", f.result_reminder_days), e))
            (crate::forms::checkbox("letter_shows_birth_and_address", "紹介状に求職者の生年月日・住所を記載する", f.letter_shows_birth_and_address))
            (input(Field::new("retention_years", "完結した記録の保存年数", f.retention_years).hint("この年数を過ぎた記録は匿名化します（件数・統計は変わりません）"), e))
            (textarea(Field::new("complaint_handling", "苦情の処理に関する事項", f.complaint_handling), e, 4))
            (textarea(Field::new("privacy_policy", "個人情報の取扱いに関する事項", f.privacy_policy), e, 5))
        }
    }
}

pub struct SetupForm<'a> {
    pub token: &'a str,
    pub office: OfficeForm<'a>,
    pub admin_name: &'a str,
    pub admin_email: &'a str,
}

pub fn setup(csrf_token: &str, f: &SetupForm, e: &Errors) -> Markup {
    public_page(
        "初期設定",
        html! {
            p { "紹介所と、最初の管理者アカウントを登録します。この画面は一度だけ使えます。" }
            (error_summary(e))
            form method="post" action="/setup" {
                (csrf(csrf_token))
                input type="hidden" name="token" value=(f.token);
                (office_fields(&f.office, e))
                fieldset {
                    legend { "管理者" }
                    (input(Field::new("admin_name", "氏名", f.admin_name).required().autocomplete("name"), e))
                    (input(Field::new("admin_email", "メールアドレス（ログインID）", f.admin_email).kind("email").required().autocomplete("username"), e))
                    (input(Field::new("password", "パスワード", "").kind("password").required().hint("10文字以上").autocomplete("new-password"), e))
                    (input(Field::new("password_confirmation", "パスワード（確認）", "").kind("password").required().autocomplete("new-password"), e))
                }
                button.primary type="submit" { "登録して始める" }
            }
        },
    )
}

pub struct HomeView {
    /// (label, count, link) for the counter's daily work.
    /// (label, count as shown, link)
    pub work: Vec<(String, String, String)>,
    pub today: String,
    pub fiscal_year: String,
    pub staff_count: u64,
    pub minimum_wage: Option<String>,
    pub unverified_wage_years: Vec<String>,
    pub recent: Vec<AuditRow>,
}

pub fn home(ctx: &PageCtx, v: &HomeView) -> Markup {
    page(
        ctx,
        "ホーム",
        html! {
            p.lead { "本日は " strong { (v.today) } "（" (v.fiscal_year) "）です。" }
            div.cards.work {
                @for (label, n, href) in &v.work {
                    a.card.count href=(href) { span.n { (n) } span { (label) } }
                }
            }
            p.actions {
                a.button href="/job-seekers/new" { "求職者を登録" }
                a.button href="/employers/new" { "求人者を登録" }
                a.button href="/job-seekers" { "求職者を探す" }
                a.button href="/job-orders" { "求人を探す" }
            }
            div.cards {
                section.card {
                    h2 { "紹介所の設定" }
                    p { "職員 " (v.staff_count) " 名" }
                    @if let Some(w) = &v.minimum_wage { p { "所在地の最低賃金：" (w) } }
                    p { a href="/settings" { "自分のアカウント・APIトークン" } }
                    @if ctx.is_admin {
                        p { a href="/admin/office" { "紹介所の設定を開く" } }
                    }
                }
                @if ctx.is_admin && !v.unverified_wage_years.is_empty() {
                    section.card.warn {
                        h2 { "未確認の最低賃金" }
                        p { (v.unverified_wage_years.join("、")) " の最低賃金表は、単一の情報源による未確認データです。各労働局の公示と照合し、確認してください。" }
                        p { a href="/admin/refdata" { "参照データを確認する" } }
                    }
                }
            }
            @if ctx.is_admin {
                h2 { "最近の操作" }
                (audit_table(&v.recent))
                p { a href="/admin/audit" { "操作記録をすべて見る" } }
            }
        },
    )
}

pub struct UserRow {
    pub id: i32,
    pub name: String,
    pub email: String,
    pub role: String,
    pub active: bool,
}

pub fn users(ctx: &PageCtx, rows: &[UserRow]) -> Markup {
    page(
        ctx,
        "職員アカウント",
        html! {
            p { a.button href="/admin/users/new" { "職員を追加" } }
            table {
                thead { tr { th { "氏名" } th { "メールアドレス" } th { "権限" } th { "状態" } } }
                tbody {
                    @for u in rows {
                        tr.inactive[!u.active] {
                            td { a href=(format!("/admin/users/{}", u.id)) { (u.name) } }
                            td { (u.email) }
                            td { (u.role) }
                            td { @if u.active { "有効" } @else { "無効" } }
                        }
                    }
                }
            }
        },
    )
}

pub struct UserForm<'a> {
    pub id: Option<i32>,
    pub name: &'a str,
    pub email: &'a str,
    pub role: &'a str,
    pub active: bool,
    pub roles: &'a [(String, String)],
}

pub fn user_form(ctx: &PageCtx, f: &UserForm, e: &Errors) -> Markup {
    let (title, action) = match f.id {
        None => ("職員を追加".to_owned(), "/admin/users".to_owned()),
        Some(id) => (
            "職員アカウントの編集".to_owned(),
            format!("/admin/users/{id}"),
        ),
    };
    page(
        ctx,
        &title,
        html! {
            (error_summary(e))
            form.narrow method="post" action=(action) {
                (csrf(&ctx.csrf))
                (input(Field::new("name", "氏名", f.name).required(), e))
                @if f.id.is_none() {
                    (input(Field::new("email", "メールアドレス（ログインID）", f.email).kind("email").required(), e))
                } @else {
                    div.field { span.label { "メールアドレス（ログインID）" } p { (f.email) } }
                }
                (select(Field::new("role", "権限", f.role).required(), f.roles, e))
                @if f.id.is_some() {
                    (checkbox("active", "有効（ログインできる）", f.active))
                    (field_errors(e, "active"))
                }
                fieldset {
                    legend { @if f.id.is_some() { "パスワードの再設定（変更する場合のみ）" } @else { "初期パスワード" } }
                    (input(Field::new("password", "パスワード", "").kind("password").hint("10文字以上").autocomplete("new-password"), e))
                    (input(Field::new("password_confirmation", "パスワード（確認）", "").kind("password").autocomplete("new-password"), e))
                }
                button.primary type="submit" { "保存" }
                " " a href="/admin/users" { "キャンセル" }
            }
        },
    )
}

pub fn office_settings(ctx: &PageCtx, f: &OfficeForm, e: &Errors) -> Markup {
    page(
        ctx,
        "紹介所の設定",
        html! {
            (error_summary(e))
            form method="post" action="/admin/office" {
                (csrf(&ctx.csrf))
                (office_fields(f, e))
                button.primary type="submit" { "保存" }
            }
        },
    )
}

pub struct AuditRow {
    pub at: String,
    pub actor: String,
    pub action: String,
    pub entity: String,
    pub summary: String,
}

pub fn audit_table(rows: &[AuditRow]) -> Markup {
    html! {
        table.audit {
            thead { tr { th { "日時" } th { "操作者" } th { "操作" } th { "対象" } th { "内容" } } }
            tbody {
                @for r in rows {
                    tr { td.nowrap { (r.at) } td { (r.actor) } td { (r.action) } td { (r.entity) } td { (r.summary) } }
                }
                @if rows.is_empty() { tr { td colspan="5" { "該当する記録はありません。" } } }
            }
        }
    }
}

pub struct AuditFilterView<'a> {
    pub actor_id: &'a str,
    pub action: &'a str,
    pub entity_type: &'a str,
    pub entity_id: &'a str,
    pub from: &'a str,
    pub to: &'a str,
    pub actors: &'a [(String, String)],
    pub actions: &'a [(String, String)],
    pub entity_types: &'a [(String, String)],
}

pub fn audit(
    ctx: &PageCtx,
    f: &AuditFilterView,
    rows: &[AuditRow],
    total: u64,
    page_no: u64,
    pages: u64,
    query: &str,
) -> Markup {
    let none = Errors::new();
    page(
        ctx,
        "操作記録",
        html! {
            form.filters method="get" action="/admin/audit" {
                (select(Field::new("actor_id", "操作者", f.actor_id).placeholder("すべて"), f.actors, &none))
                (select(Field::new("action", "操作", f.action).placeholder("すべて"), f.actions, &none))
                (select(Field::new("entity_type", "対象の種類", f.entity_type).placeholder("すべて"), f.entity_types, &none))
                (input(Field::new("entity_id", "対象ID", f.entity_id), &none))
                (input(Field::new("from", "期間（から）", f.from).kind("date"), &none))
                (input(Field::new("to", "期間（まで）", f.to).kind("date"), &none))
                button type="submit" { "絞り込む" }
            }
            p { (total) " 件（" (page_no) " / " (pages) " ページ）" }
            (audit_table(rows))
            nav.pager {
                @if page_no > 1 { a href=(format!("/admin/audit?{query}&page={}", page_no - 1)) { "← 新しい記録" } }
                @if page_no < pages { a href=(format!("/admin/audit?{query}&page={}", page_no + 1)) { "古い記録 →" } }
            }
        },
    )
}

pub struct WageRow {
    pub prefecture: String,
    pub hourly: String,
    pub effective: String,
    pub verified: bool,
}

pub struct WageYear {
    pub fiscal_year: i32,
    pub label: String,
    pub verified: bool,
    pub rows: Vec<WageRow>,
}

/// The reference data; `can_edit` (システム管理者) shows the import and confirm forms, everyone
/// else sees the tables read-only.
pub fn refdata(
    ctx: &PageCtx,
    years: &[WageYear],
    counts: &[(String, u64)],
    can_edit: bool,
    e: &Errors,
) -> Markup {
    page(
        ctx,
        "参照データ",
        html! {
            section {
                h2 { "収録データ" }
                ul { @for (label, n) in counts { li { (label) "：" (n) " 件" } } }
            }
            @if !can_edit {
                section {
                    p.notice { "最低賃金などの参照データは、すべての事業所で共通です。取込・確認はシステム管理者のみが行えます（閲覧のみ）。" }
                }
            }
            @if can_edit {
            section {
                h2 { "最低賃金CSVの取込" }
                p { "訂正版や翌年度の地域別最低賃金を取り込めます。1行目は " code { "pref_code,pref_name,hourly_yen,effective_date" } "（都道府県コード、都道府県名、時間額、発効日 YYYY-MM-DD）。同じ都道府県・発効日の行は訂正として上書きします。" }
                (error_summary(e))
                form method="post" action="/admin/refdata/minimum-wages" enctype="multipart/form-data" {
                    (csrf(&ctx.csrf))
                    div.field.invalid[e.contains_key("file")] {
                        label for="file" { "CSVファイル" span.req { "必須" } }
                        (field_errors(e, "file"))
                        input #file type="file" name="file" accept=".csv,text/csv" required;
                    }
                    button.primary type="submit" { "取り込む" }
                }
            }
            }
            @for y in years {
                section {
                    h2 {
                        (y.label) "の地域別最低賃金"
                        @if !y.verified { " " span.badge.warn { "未確認" } }
                    }
                    @if !y.verified {
                        p.warn-text { "この表は単一の情報源による未確認データです。各都道府県労働局の公示と照合し、誤りがあればCSVで訂正してから確認済みにしてください。" }
                        @if can_edit {
                            form method="post" action=(format!("/admin/refdata/minimum-wages/{}/confirm", y.fiscal_year)) {
                                (csrf(&ctx.csrf))
                                button type="submit" { (y.label) "の表を確認済みにする" }
                            }
                        }
                    }
                    details {
                        summary { "一覧を表示（" (y.rows.len()) " 件）" }
                        table {
                            thead { tr { th { "都道府県" } th.num { "時間額" } th { "発効日" } th { "状態" } } }
                            tbody {
                                @for r in &y.rows {
                                    tr { td { (r.prefecture) } td.num { (r.hourly) } td { (r.effective) } td { @if r.verified { "確認済" } @else { "未確認" } } }
                                }
                            }
                        }
                    }
                }
            }
        },
    )
}

pub struct TokenRow {
    pub id: i32,
    pub name: String,
    pub created: String,
    pub last_used: String,
    pub revoked: bool,
}

pub fn account(
    ctx: &PageCtx,
    email: &str,
    role: &str,
    tokens: &[TokenRow],
    new_token: Option<&str>,
    e: &Errors,
) -> Markup {
    page(
        ctx,
        "アカウント設定",
        html! {
            section {
                h2 { "アカウント" }
                dl { dt { "メールアドレス" } dd { (email) } dt { "権限" } dd { (role) } }
            }
            section {
                h2 { "パスワードの変更" }
                p { "変更すると、この画面以外のログイン（ほかの端末・ブラウザ）はすべて終了し、発行済みのAPIトークンもすべて無効になります。よく使われるパスワードや、数字だけ・キーボードの並びは使えません。" }
                (error_summary(e))
                form.narrow method="post" action="/settings/password" {
                    (csrf(&ctx.csrf))
                    (input(Field::new("current_password", "現在のパスワード", "").kind("password").required().autocomplete("current-password"), e))
                    (input(Field::new("password", "新しいパスワード", "").kind("password").required().hint("10文字以上").autocomplete("new-password"), e))
                    (input(Field::new("password_confirmation", "新しいパスワード（確認）", "").kind("password").required().autocomplete("new-password"), e))
                    button.primary type="submit" { "変更する" }
                }
            }
            section {
                h2 { "APIトークン" }
                p { "外部システムから " code { "/api/v1" } " を使うためのトークンです。" a href="/api/docs/" { "API仕様（Swagger UI）" } }
                @if let Some(t) = new_token {
                    div.notice role="status" {
                        p { "新しいトークンを発行しました。この画面を閉じると二度と表示されません。安全な場所に保管してください。" }
                        p { code.token { (t) } }
                    }
                }
                form method="post" action="/settings/tokens" {
                    (csrf(&ctx.csrf))
                    (input(Field::new("name", "用途（名前）", "").hint("例：集計用スクリプト"), &Errors::new()))
                    button type="submit" { "トークンを発行" }
                }
                table {
                    thead { tr { th { "名前" } th { "発行日時" } th { "最終利用" } th { "" } } }
                    tbody {
                        @for t in tokens {
                            tr.inactive[t.revoked] {
                                td { (t.name) } td { (t.created) } td { (t.last_used) }
                                td {
                                    @if t.revoked { "失効済" } @else {
                                        form method="post" action=(format!("/settings/tokens/{}/revoke", t.id)) {
                                            (csrf(&ctx.csrf))
                                            button.link type="submit" { "失効させる" }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        },
    )
}

pub struct AdminHome {
    pub office_name: String,
    pub scope: String,
}

pub fn admin_home(ctx: &PageCtx, v: &AdminHome) -> Markup {
    page(
        ctx,
        "管理",
        html! {
            ul.menu {
                li { a href="/admin/office" { "紹介所の設定" } " — " (v.office_name) }
                li { a href="/admin/users" { "職員アカウント" } }
                li { a href="/admin/audit" { "操作記録" } }
                li { a href="/admin/mail" { "メールの送信状況" } }
                li { a href="/admin/refdata" { "参照データ（最低賃金・職業分類など）" } }
                li { a href="/admin/occupations" { "職業分類の名称（未確認の名称の登録）" } }
            }
            h2 { "取扱職種の範囲等" }
            p { (multiline(&v.scope)) }
        },
    )
}
