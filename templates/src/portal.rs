//! The employer portal: the employer's own orders and their states.
use crate::forms::{Errors, csrf, error_summary};
use crate::job_orders::{Section, sections};
use crate::layout::{PageCtx, page};
use maud::{Markup, html};

pub struct OrderRow {
    pub id: i32,
    pub number: String,
    pub title: String,
    pub state: String,
    pub note: String,
    pub valid_until: String,
    /// People referred to this order (cancelled referrals not counted), and how many of them
    /// still wait for the employer's result.
    pub referred: i64,
    pub awaiting: i64,
}

/// The people referred to an order, with the results still awaited, linked to the list.
fn referred_link(order_id: Option<i32>, referred: i64, awaiting: i64) -> Markup {
    let href = match order_id {
        Some(id) => format!("/portal/referrals?order={id}"),
        None => "/portal/referrals".to_owned(),
    };
    html! {
        a href=(href) { "紹介された方 " (referred) "人" }
        @if awaiting > 0 { " " span.badge.warn { "結果の入力待ち " (awaiting) "人" } }
    }
}

pub fn home(ctx: &PageCtx, employer: &str, pending_employer: bool, rows: &[OrderRow]) -> Markup {
    let referred: i64 = rows.iter().map(|r| r.referred).sum();
    let awaiting: i64 = rows.iter().map(|r| r.awaiting).sum();
    page(
        ctx,
        "求人の一覧",
        html! {
            p { (employer) }
            @if pending_employer { p.notice { "事業所の登録内容は紹介所で確認中です。求人の申込みはできますが、受理は確認の後になります。" } }
            p { a.button href="/portal/job-orders/new" { "新しい求人を申し込む" } }
            p.referred {
                (referred_link(None, referred, awaiting))
                @if awaiting > 0 { " — 面接・選考が終わりましたら、結果をご入力ください。" }
            }
            table.stack {
                thead { tr { th { "求人番号" } th { "職種" } th { "状態" } th { "有効期限" } th { "紹介" } th { "" } } }
                tbody {
                    @for r in rows {
                        tr {
                            td.nowrap data-label="求人番号" { (r.number) }
                            td data-label="職種" { a href=(format!("/portal/job-orders/{}", r.id)) { (r.title) } }
                            td data-label="状態" { (r.state) @if !r.note.is_empty() { br; small { (r.note) } } }
                            td.nowrap data-label="有効期限" { (r.valid_until) }
                            td data-label="紹介" { @if r.referred > 0 { (referred_link(Some(r.id), r.referred, r.awaiting)) } }
                            td {
                                form.inline method="post" action=(format!("/portal/job-orders/{}/copy", r.id)) {
                                    (csrf(&ctx.csrf))
                                    button.link type="submit" { "複製して新規作成" }
                                }
                            }
                        }
                    }
                    @if rows.is_empty() { tr { td colspan="6" { "まだ求人はありません。" } } }
                }
            }
        },
    )
}

pub struct OrderView {
    pub id: i32,
    /// People referred to it and results awaited (see [`home`]).
    pub referred: i64,
    pub awaiting: i64,
    pub title: String,
    pub state: String,
    pub state_code: String,
    pub change_pending: bool,
    pub facts: Vec<(String, String)>,
    pub rejection: Option<String>,
    pub sections: Vec<Section>,
    pub draft_only: bool,
}

pub fn order(ctx: &PageCtx, o: &OrderView, e: &Errors) -> Markup {
    page(
        ctx,
        &o.title,
        html! {
            p { span.badge { (o.state) } @if o.change_pending { " " span.badge.warn { "変更を審査中（受理済みの内容が有効です）" } } }
            (error_summary(e))
            @if let Some(r) = &o.rejection { div.error-summary { p { (r) } p { "内容を直して、もう一度送信できます。" } } }
            div.actions {
                @if matches!(o.state_code.as_str(), "draft" | "rejected" | "open") {
                    a.button href=(format!("/portal/job-orders/{}/edit", o.id)) { @if o.state_code == "open" { "内容を変更する" } @else { "編集して送信" } }
                }
                @if o.state_code == "open" {
                    form.inline method="post" action=(format!("/portal/job-orders/{}/stop", o.id)) {
                        (csrf(&ctx.csrf))
                        button type="submit" { "募集を停止する" }
                    }
                }
            }
            @if o.referred > 0 { p { (referred_link(Some(o.id), o.referred, o.awaiting)) } }
            table.fields { tbody { @for (k, v) in &o.facts { tr { th { (k) } td { (v) } } } } }
            @if o.draft_only { p.notice { "まだ受理されていません。下は入力中の内容です。" } }
            (sections(&o.sections))
        },
    )
}
