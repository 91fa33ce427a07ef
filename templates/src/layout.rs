use maud::{DOCTYPE, Markup, PreEscaped, html};

/// Who is looking at the page, for the header and navigation.
#[derive(Clone, Debug, Default)]
pub struct PageCtx {
    pub office_name: Option<String>,
    pub user_name: Option<String>,
    pub is_admin: bool,
    pub csrf: String,
    /// The navigation section this page belongs to (`home`, `settings`, …).
    pub section: &'static str,
    /// A one-line notice shown at the top (after a successful action).
    pub flash: Option<String>,
    /// The flash reports something not done (a draft kept but not accepted): shown as a warning.
    pub flash_warning: bool,
    /// The employer portal (its own navigation and sign-out).
    pub portal: bool,
}

/// The employer portal's navigation.
const PORTAL_NAV: &[(&str, &str, &str, bool)] = &[
    ("portal", "/portal", "求人の一覧", false),
    (
        "portal_referrals",
        "/portal/referrals",
        "紹介された方",
        false,
    ),
    (
        "portal_new",
        "/portal/job-orders/new",
        "新しい求人を申し込む",
        false,
    ),
];

/// Navigation by task. Only areas that exist are linked.
const NAV: &[(&str, &str, &str, bool)] = &[
    ("home", "/", "ホーム", false),
    ("seekers", "/job-seekers", "求職者・紹介", false),
    ("job_orders", "/job-orders", "求人", false),
    ("employers", "/employers", "求人者", false),
    ("reports", "/reports", "帳簿・報告", false),
    ("settings", "/settings", "設定", false),
    ("admin", "/admin", "管理", true),
];

fn head(title: &str) -> Markup {
    html! {
        head {
            meta charset="utf-8";
            meta name="viewport" content="width=device-width, initial-scale=1";
            title { (title) " | つなぐ" }
            link rel="stylesheet" href="/assets/style.css";
            link rel="icon" type="image/svg+xml" href="/assets/favicon.svg";
        }
    }
}

/// The page frame for signed-in staff: office name in the header, navigation, sign-out.
pub fn page(ctx: &PageCtx, title: &str, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="ja" {
            (head(title))
            body {
                a.skip href="#main" { "本文へ移動" }
                header.site {
                    div.brand {
                        a href=(if ctx.portal { "/portal" } else { "/" }) { span.logo { "つなぐ" } }
                        @if let Some(o) = &ctx.office_name { span.office { (o) } }
                    }
                    @if let Some(u) = &ctx.user_name {
                        nav.main aria-label="メインメニュー" {
                            ul {
                                @for (key, href, label, admin_only) in (if ctx.portal { PORTAL_NAV } else { NAV }) {
                                    @if !*admin_only || ctx.is_admin {
                                        li { a href=(href) aria-current=[(ctx.section == *key).then_some("page")] { (label) } }
                                    }
                                }
                            }
                        }
                        div.user {
                            span { (u) " さん" }
                            form method="post" action=(if ctx.portal { "/portal/logout" } else { "/logout" }) {
                                (crate::forms::csrf(&ctx.csrf))
                                button.link type="submit" { "ログアウト" }
                            }
                        }
                    }
                }
                main #main {
                    @if let Some(f) = &ctx.flash { p.flash.warn[ctx.flash_warning] role="status" { (f) } }
                    h1 { (title) }
                    (body)
                }
                footer.site { "つなぐ — 無料職業紹介所 業務システム" }
            }
        }
    }
}

/// A page for people who are not signed in (sign-in, first-run setup, public pages).
pub fn public_page(title: &str, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="ja" {
            (head(title))
            body.public {
                header.site { div.brand { a href="/" { span.logo { "つなぐ" } } } }
                main #main { h1 { (title) } (body) }
            }
        }
    }
}

pub fn error_page(title: &str, detail: &str) -> Markup {
    public_page(
        title,
        html! {
            p { (detail) }
            p { a href="/" { "トップページへ戻る" } }
        },
    )
}

/// Breaks text into lines for display (free-text settings).
pub fn multiline(text: &str) -> Markup {
    html! {
        @for (i, line) in text.lines().enumerate() {
            @if i > 0 { br; }
            (line)
        }
    }
}

pub fn raw(s: &str) -> PreEscaped<String> {
    PreEscaped(s.to_owned())
}
