//! Public pages (no sign-in): the job list, a job's details, employer registration, and the
//! employer portal's sign-in and confirmation pages.
use crate::employers::{EmployerForm, fields};
use crate::forms::{Errors, Field, csrf, error_summary, field_errors, input, select};
use crate::job_orders::{Section, sections};
use crate::layout::multiline;
use maud::{DOCTYPE, Markup, html};

/// A public page of one office.
pub fn office_page(office_name: &str, office_code: &str, title: &str, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="ja" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " | " (office_name) }
                link rel="stylesheet" href="/assets/style.css";
            }
            body.public {
                header.site {
                    div.brand { a href=(format!("/o/{office_code}/jobs")) { span.logo { "つなぐ" } } span.office { (office_name) } }
                    nav.main aria-label="メニュー" {
                        ul {
                            li { a href=(format!("/o/{office_code}/jobs")) { "求人を探す" } }
                            li { a href=(format!("/o/{office_code}/register")) { "求人の申込み（事業所の方）" } }
                            li { a href="/portal" { "事業所ログイン" } }
                        }
                    }
                }
                main #main { h1 { (title) } (body) }
                footer.site { (office_name) }
            }
        }
    }
}

pub struct JobCard {
    pub id: i32,
    pub number: String,
    pub title: String,
    pub employer: String,
    pub place: String,
    pub wage: String,
    pub hours: String,
    pub short: bool,
}

pub struct JobSearch<'a> {
    pub q: &'a str,
    pub occupation: &'a str,
    pub area: &'a str,
    pub max_weekly_hours: &'a str,
    pub short_only: bool,
    pub occupations: &'a [(String, String)],
}

pub fn jobs(
    office_name: &str,
    office_code: &str,
    s: &JobSearch,
    cards: &[JobCard],
    total: u64,
    capped: bool,
) -> Markup {
    let none = Errors::new();
    office_page(
        office_name,
        office_code,
        "求人を探す",
        html! {
            form.filters method="get" action=(format!("/o/{office_code}/jobs")) {
                (input(Field::new("q", "キーワード", s.q).kind("search"), &none))
                (select(Field::new("occupation", "職種", s.occupation).placeholder("すべて"), s.occupations, &none))
                (input(Field::new("area", "勤務地（市区町村）", s.area), &none))
                (input(Field::new("max_weekly_hours", "週の労働時間（未満）", s.max_weekly_hours), &none))
                div.field.check { label { input type="checkbox" name="short_only" value="1" checked[s.short_only]; " 短時間の求人のみ（週20時間未満）" } }
                button type="submit" { "検索" }
            }
            @if capped { p { "1万件以上の求人" } } @else { p { (total) " 件の求人" } }
            div.cards {
                @for c in cards {
                    section.card {
                        h2 { a href=(format!("/o/{office_code}/jobs/{}", c.id)) { (c.title) } }
                        @if c.short { p { span.badge.info { "短時間" } } }
                        p { (c.employer) br; (c.place) }
                        p { (c.wage) "／週" (c.hours) }
                        p { small { "求人番号 " (c.number) } }
                    }
                }
            }
            @if cards.is_empty() { p { "条件に合う求人はありません。" } }
        },
    )
}

pub fn job(
    office_name: &str,
    office_code: &str,
    title: &str,
    facts: &[(String, String)],
    secs: &[Section],
    contact: &str,
) -> Markup {
    office_page(
        office_name,
        office_code,
        title,
        html! {
            table.fields { tbody { @for (k, v) in facts { tr { th { (k) } td { (v) } } } } }
            (sections(secs))
            h2 { "応募・お問い合わせ" }
            p { (multiline(contact)) }
            p { a href=(format!("/o/{office_code}/jobs")) { "求人の一覧へ戻る" } }
        },
    )
}

pub struct Disclosure<'a> {
    pub scope: &'a str,
    pub complaints: &'a str,
    pub privacy: &'a str,
}

pub fn register(
    office_name: &str,
    office_code: &str,
    csrf_token: &str,
    f: &EmployerForm,
    d: &Disclosure,
    agreed: bool,
    e: &Errors,
) -> Markup {
    office_page(
        office_name,
        office_code,
        "求人の申込み（事業所の登録）",
        html! {
            p { "事業所の情報と求人連絡担当者を登録してください。登録後、担当者のメールアドレスに確認のメールをお送りします。メールのリンクからパスワードを設定すると、求人を申し込めます。" }
            (error_summary(e))
            details open {
                summary { "当紹介所の取扱職種の範囲等・苦情処理・個人情報の取扱い（職業安定法第29条の5）" }
                h2 { "取扱職種の範囲等" } p { (multiline(d.scope)) }
                h2 { "苦情の処理" } p { (multiline(d.complaints)) }
                h2 { "個人情報の取扱い" } p { (multiline(d.privacy)) }
            }
            form method="post" action=(format!("/o/{office_code}/register")) novalidate {
                (csrf(csrf_token))
                (fields(f, e))
                div.field.check.invalid[e.contains_key("agreed")] {
                    (field_errors(e, "agreed"))
                    label { input type="checkbox" name="agreed" value="1" checked[agreed]; " 上記の取扱職種の範囲等・苦情処理・個人情報の取扱いを確認しました" }
                }
                button.primary type="submit" { "登録する" }
            }
        },
    )
}

pub fn portal_login(csrf_token: &str, email: &str, next: &str, message: Option<&str>) -> Markup {
    let none = Errors::new();
    crate::layout::public_page(
        "事業所ログイン（求人者ポータル）",
        html! {
            @if let Some(m) = message { div.error-summary role="alert" { p { (m) } } }
            form.narrow method="post" action="/portal/login" {
                (csrf(csrf_token))
                input type="hidden" name="next" value=(next);
                (input(Field::new("email", "メールアドレス", email).kind("email").required().autocomplete("username"), &none))
                (input(Field::new("password", "パスワード", "").kind("password").required().autocomplete("current-password"), &none))
                button.primary type="submit" { "ログイン" }
            }
            p { a href="/portal/forgot" { "パスワードを忘れた方" } }
        },
    )
}

pub fn portal_confirm(csrf_token: &str, token: &str, email: &str, e: &Errors) -> Markup {
    crate::layout::public_page(
        "パスワードの設定",
        html! {
            p { (email) " のメールアドレスを確認しました。求人者ポータルで使うパスワードを設定してください。" }
            (error_summary(e))
            form.narrow method="post" action="/portal/confirm" {
                (csrf(csrf_token))
                input type="hidden" name="token" value=(token);
                (input(Field::new("password", "パスワード", "").kind("password").required().hint("10文字以上").autocomplete("new-password"), e))
                (input(Field::new("password_confirmation", "パスワード（確認）", "").kind("password").required().autocomplete("new-password"), e))
                button.primary type="submit" { "設定してログイン" }
            }
        },
    )
}

/// The answer to every public registration, whether it created an account or went to the office
/// to be linked: it never says whether the address or the employer was known.
pub fn registered(office_name: &str, office_code: &str) -> Markup {
    office_page(
        office_name,
        office_code,
        "登録を受け付けました",
        html! {
            p.flash role="status" { "登録を受け付けました。確認のうえ担当者からご連絡します。" }
            p { "ご入力のメールアドレスにご案内のメールをお送りしました。パスワード設定のリンクが届いた場合は、リンクを開いてパスワードを設定してください（リンクの有効期限は72時間です）。" }
            p { "メールが届かない場合は、" a href=(format!("/o/{office_code}/register/resend")) { "確認メールの再送" } "をお申し込みいただくか、紹介所へお問い合わせください。" }
        },
    )
}

/// Ask for the confirmation mail again.
pub fn resend_form(
    office_name: &str,
    office_code: &str,
    csrf_token: &str,
    email: &str,
    sent: bool,
    e: &Errors,
) -> Markup {
    office_page(
        office_name,
        office_code,
        "確認メールの再送",
        html! {
            @if sent {
                p.flash role="status" { "受け付けました。ご登録がまだ確認されていないメールアドレスであれば、確認のメールを改めてお送りしました。" }
            }
            p { "登録時のメールアドレスを入力してください。パスワード設定用のリンクを改めてお送りします（以前のリンクは使えなくなります）。" }
            (error_summary(e))
            form.narrow method="post" action=(format!("/o/{office_code}/register/resend")) novalidate {
                (csrf(csrf_token))
                (input(Field::new("email", "メールアドレス", email).kind("email").required().autocomplete("email"), e))
                button.primary type="submit" { "確認メールを再送する" }
            }
        },
    )
}

/// The portal's "forgot your password" page.
pub fn portal_forgot(csrf_token: &str, email: &str, sent: bool, e: &Errors) -> Markup {
    crate::layout::public_page(
        "パスワードの再設定",
        html! {
            @if sent {
                p.flash role="status" { "受け付けました。ご登録のメールアドレスであれば、パスワード再設定のご案内をお送りしました（リンクの有効期限は1時間です）。" }
            }
            p { "求人者ポータルに登録したメールアドレスを入力してください。パスワードを再設定するリンクをお送りします。" }
            (error_summary(e))
            form.narrow method="post" action="/portal/forgot" novalidate {
                (csrf(csrf_token))
                (input(Field::new("email", "メールアドレス", email).kind("email").required().autocomplete("username"), e))
                button.primary type="submit" { "再設定のメールを送る" }
            }
            p { a href="/portal/login" { "ログイン画面へ戻る" } }
        },
    )
}

pub fn portal_reset(csrf_token: &str, token: &str, email: &str, e: &Errors) -> Markup {
    crate::layout::public_page(
        "新しいパスワードの設定",
        html! {
            p { (email) " の新しいパスワードを設定してください。設定すると、ほかの端末のログインはすべて終了します。" }
            (error_summary(e))
            form.narrow method="post" action="/portal/reset" {
                (csrf(csrf_token))
                input type="hidden" name="token" value=(token);
                (input(Field::new("password", "新しいパスワード", "").kind("password").required().hint("10文字以上").autocomplete("new-password"), e))
                (input(Field::new("password_confirmation", "新しいパスワード（確認）", "").kind("password").required().autocomplete("new-password"), e))
                button.primary type="submit" { "設定する" }
            }
        },
    )
}

/// A reset or confirmation link that is expired, used, or wrong.
pub fn portal_link_invalid(title: &str, again_href: &str, again_label: &str) -> Markup {
    crate::layout::public_page(
        title,
        html! {
            p { "このリンクは有効期限が切れているか、既に使われています。" }
            p { a href=(again_href) { (again_label) } }
        },
    )
}

pub fn portal_reset_done() -> Markup {
    crate::layout::public_page(
        "パスワードを再設定しました",
        html! {
            p.flash role="status" { "パスワードを再設定しました。ほかの端末のログインはすべて終了しました。" }
            p { a.button href="/portal/login" { "ログイン画面へ" } }
        },
    )
}
