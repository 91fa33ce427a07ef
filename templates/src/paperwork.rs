//! The office's paperwork and figures: ledgers, annual report, monthly statistics, complaints,
//! disclosure, notices, retention.
use crate::forms::{Errors, Field, csrf, error_summary, input, select, textarea};
use crate::layout::{PageCtx, multiline, page, raw};
use maud::{Markup, html};

pub type Opts = Vec<(String, String)>;

/// A report section: heading, rows (first cell is the label), column headers.
pub type ReportSection = (String, Vec<Vec<String>>, Vec<String>);

pub fn menu(ctx: &PageCtx, fiscal_year: i32) -> Markup {
    page(
        ctx,
        "帳簿・報告",
        html! {
            div.cards {
                section.card {
                    h2 { "帳簿" }
                    ul {
                        li { a href="/ledgers/job-orders" { "求人管理簿" } }
                        li { a href="/ledgers/job-seekers" { "求職管理簿" } }
                        li { a href="/ledgers/referrals" { "紹介台帳" } }
                        li { a href="/complaints" { "苦情処理簿" } }
                    }
                }
                section.card {
                    h2 { "報告・統計" }
                    ul {
                        li { a href=(format!("/reports/annual?fiscal_year={fiscal_year}")) { "事業報告（年度）" } }
                        li { a href="/reports/monthly" { "月次統計" } }
                    }
                }
                section.card {
                    h2 { "明示・届出" }
                    ul {
                        li { a href="/reports/disclosure.pdf" { "取扱職種の範囲等の明示（A4）" } }
                        li { a href="/reports/notices/start" { "事業開始の通知（第29条）" } }
                        li { a href="/reports/notices/end" { "事業廃止の通知（第29条）" } }
                        li { a href="/reports/personal-info-file" { "個人情報ファイル簿の記載事項" } }
                    }
                }
            }
        },
    )
}

pub struct LedgerView<'a> {
    pub title: &'a str,
    pub slug: &'a str,
    pub headers: &'a [&'a str],
    pub rows: &'a [Vec<String>],
    /// The count as shown (「1,234 件」, or 「1万件以上」 past the cap).
    pub total: String,
    /// More rows than the count shows: the pages stop at the cap.
    pub capped: bool,
    pub page: u64,
    pub pages: u64,
    pub from: &'a str,
    pub to: &'a str,
    pub state: &'a str,
    pub query: &'a str,
    /// Why the last action (printing) could not be done, shown above the buttons.
    pub notice: Option<&'a str>,
}

pub fn ledger(ctx: &PageCtx, v: &LedgerView) -> Markup {
    let none = Errors::new();
    let states: Opts = vec![
        ("active".into(), "取扱中".into()),
        ("closed".into(), "完結".into()),
    ];
    page(
        ctx,
        v.title,
        html! {
            form.filters method="get" action=(format!("/ledgers/{}", v.slug)) {
                (input(Field::new("from", "期間（から）", v.from).kind("date"), &none))
                (input(Field::new("to", "期間（まで）", v.to).kind("date"), &none))
                (select(Field::new("state", "状態", v.state).placeholder("すべて"), &states, &none))
                button type="submit" { "絞り込む" }
            }
            @if let Some(n) = v.notice { div.error-summary role="alert" { p { (n) } } }
            p.actions {
                a.button href=(format!("/ledgers/{}/csv?{}", v.slug, v.query)) { "CSV（UTF-8）" }
                a.button href=(format!("/ledgers/{}/csv?{}&encoding=sjis", v.slug, v.query)) { "CSV（Shift_JIS）" }
                a.button href=(format!("/ledgers/{}/pdf?{}", v.slug, v.query)) { "PDF（A4横）" }
            }
            p { (v.total) "（" (v.page) " / " (v.pages) " ページ）" }
            @if v.capped {
                p.hint { "件数が多いため、画面では先頭の" (v.pages) "ページまで表示します。期間を指定すると続きを見られます（全件はCSVで出力できます）。" }
            }
            div.scroll {
                table.ledger {
                    thead { tr { @for h in v.headers { th { (h) } } } }
                    tbody {
                        @for r in v.rows { tr { @for c in r { td { (multiline(c)) } } } }
                        @if v.rows.is_empty() { tr { td colspan=(v.headers.len()) { "該当する記録はありません。" } } }
                    }
                }
            }
            nav.pager {
                @if v.page > 1 { a href=(format!("/ledgers/{}?{}&page={}", v.slug, v.query, v.page - 1)) { "← 前へ" } }
                @if v.page < v.pages { a href=(format!("/ledgers/{}?{}&page={}", v.slug, v.query, v.page + 1)) { "次へ →" } }
            }
        },
    )
}

/// A titled table of (label, value) rows per section.
pub fn report(
    ctx: &PageCtx,
    title: &str,
    intro: &str,
    links: &[(String, String)],
    sections: &[ReportSection],
    notes: &str,
) -> Markup {
    page(
        ctx,
        title,
        html! {
            p { (intro) }
            p.actions { @for (href, label) in links { a.button href=(href) { (label) } } }
            @for (heading, rows, headers) in sections {
                h2 { (heading) }
                table.report {
                    @if !headers.is_empty() { thead { tr { @for h in headers { th { (h) } } } } }
                    tbody {
                        @for r in rows {
                            tr { @for (i, c) in r.iter().enumerate() { @if i == 0 { th { (c) } } @else { td.num { (c) } } } }
                        }
                    }
                }
            }
            p.hint { (multiline(notes)) }
        },
    )
}

pub fn monthly(
    ctx: &PageCtx,
    from: &str,
    to: &str,
    charts: &[String],
    headers: &[&str],
    rows: &[Vec<String>],
    csv: &str,
) -> Markup {
    let none = Errors::new();
    page(
        ctx,
        "月次統計",
        html! {
            form.filters method="get" action="/reports/monthly" {
                (input(Field::new("from", "開始月（YYYY-MM）", from), &none))
                (input(Field::new("to", "終了月（YYYY-MM）", to), &none))
                button type="submit" { "表示" }
            }
            p.actions { a.button href=(csv) { "CSV" } }
            div.charts { @for c in charts { figure.chart { (raw(c)) } } }
            div.scroll {
                table.report {
                    thead { tr { @for h in headers { th { (h) } } } }
                    tbody { @for r in rows { tr { @for (i, c) in r.iter().enumerate() { @if i == 0 { th { (c) } } @else { td.num { (c) } } } } } }
                }
            }
            p.hint { "有効求人数・有効求職者数は、前月末に有効だったものと当月の新規の合計です。有効求人倍率 = 有効求人数 ÷ 有効求職者数。人口10万人あたりの値は紹介所の設定の人口によります。" }
        },
    )
}

pub struct ComplaintRow {
    pub id: i32,
    pub received: String,
    pub from: String,
    pub subject: String,
    pub closed: String,
}

pub fn complaints(
    ctx: &PageCtx,
    rows: &[ComplaintRow],
    from: &str,
    to: &str,
    state: &str,
    query: &str,
) -> Markup {
    let none = Errors::new();
    let states: Opts = vec![
        ("open".into(), "処理中".into()),
        ("closed".into(), "完了".into()),
    ];
    page(
        ctx,
        "苦情処理簿",
        html! {
            p.actions { a.button href="/complaints/new" { "苦情を受け付ける" } a.button href=(format!("/complaints/pdf?{query}")) { "PDF" } }
            form.filters method="get" action="/complaints" {
                (input(Field::new("from", "受付日（から）", from).kind("date"), &none))
                (input(Field::new("to", "受付日（まで）", to).kind("date"), &none))
                (select(Field::new("state", "状態", state).placeholder("すべて"), &states, &none))
                button type="submit" { "絞り込む" }
            }
            table {
                thead { tr { th { "受付日" } th { "申出人" } th { "内容" } th { "処理完了日" } } }
                tbody {
                    @for r in rows { tr { td.nowrap { a href=(format!("/complaints/{}", r.id)) { (r.received) } } td { (r.from) } td { (r.subject) } td.nowrap { (r.closed) } } }
                    @if rows.is_empty() { tr { td colspan="4" { "記録はありません。" } } }
                }
            }
        },
    )
}

pub struct ComplaintForm<'a> {
    pub action: String,
    pub received_on: &'a str,
    pub from_kind: &'a str,
    pub from_name: &'a str,
    pub contact: &'a str,
    pub subject: &'a str,
    pub response: &'a str,
    pub closed_on: &'a str,
    pub kinds: &'a Opts,
}

pub fn complaint_form(ctx: &PageCtx, title: &str, f: &ComplaintForm, e: &Errors) -> Markup {
    page(
        ctx,
        title,
        html! {
            (error_summary(e))
            form.narrow method="post" action=(f.action) novalidate {
                (csrf(&ctx.csrf))
                (input(Field::new("received_on", "受付日", f.received_on).kind("date").required(), e))
                (select(Field::new("from_kind", "申出人の区分", f.from_kind).required(), f.kinds, e))
                (input(Field::new("from_name", "申出人", f.from_name), e))
                (input(Field::new("contact", "連絡先", f.contact), e))
                (textarea(Field::new("subject", "苦情の内容", f.subject).required(), e, 4))
                (textarea(Field::new("response", "処理の経過・結果", f.response), e, 4))
                (input(Field::new("closed_on", "処理完了日", f.closed_on).kind("date"), e))
                button.primary type="submit" { "保存" }
            }
        },
    )
}

pub fn retention(ctx: &PageCtx, years: i32, rows: &[(String, String, String)]) -> Markup {
    page(
        ctx,
        "記録の保存期間と匿名化",
        html! {
            p { "完結から" (years) "年を過ぎた記録は、氏名・連絡先・住所・自由記述を匿名化します（削除はしないため、件数や統計は変わりません）。保存年数は「紹介所の設定」で変更できます。コマンド " code { "tsunagu retention --dry-run | --apply" } " でも実行できます。" }
            table {
                thead { tr { th { "種類" } th { "記録" } th { "完結日" } } }
                tbody {
                    @for (k, l, d) in rows { tr { td { (k) } td { (l) } td { (d) } } }
                    @if rows.is_empty() { tr { td colspan="3" { "匿名化の対象はありません。" } } }
                }
            }
            @if !rows.is_empty() {
                form method="post" action="/admin/retention" {
                    (csrf(&ctx.csrf))
                    button.primary type="submit" { (rows.len()) "件を匿名化する" }
                }
            }
        },
    )
}

pub fn text_page(ctx: &PageCtx, title: &str, rows: &[(String, String)], pdf: &str) -> Markup {
    page(
        ctx,
        title,
        html! {
            p.actions { a.button href=(pdf) { "PDF" } }
            table.fields { tbody { @for (k, v) in rows { tr { th { (k) } td { (multiline(v)) } } } } }
        },
    )
}

pub fn disclosure(office_name: &str, office_code: &str, rows: &[(String, String)]) -> Markup {
    crate::public::office_page(
        office_name,
        office_code,
        "取扱職種の範囲等・苦情処理・個人情報の取扱い",
        html! {
            p { "職業安定法第29条の5に基づき、次の事項を明示します。" }
            table.fields { tbody { @for (k, v) in rows { tr { th { (k) } td { (multiline(v)) } } } } }
        },
    )
}
