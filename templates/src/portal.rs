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
}

pub fn home(ctx: &PageCtx, employer: &str, pending_employer: bool, rows: &[OrderRow]) -> Markup {
    page(
        ctx,
        "求人の一覧",
        html! {
            p { (employer) }
            @if pending_employer { p.notice { "事業所の登録内容は紹介所で確認中です。求人の申込みはできますが、受理は確認の後になります。" } }
            p { a.button href="/portal/job-orders/new" { "新しい求人を申し込む" } }
            table {
                thead { tr { th { "求人番号" } th { "職種" } th { "状態" } th { "有効期限" } th { "" } } }
                tbody {
                    @for r in rows {
                        tr {
                            td.nowrap { (r.number) }
                            td { a href=(format!("/portal/job-orders/{}", r.id)) { (r.title) } }
                            td { (r.state) @if !r.note.is_empty() { br; small { (r.note) } } }
                            td.nowrap { (r.valid_until) }
                            td {
                                form.inline method="post" action=(format!("/portal/job-orders/{}/copy", r.id)) {
                                    (csrf(&ctx.csrf))
                                    button.link type="submit" { "複製して新規作成" }
                                }
                            }
                        }
                    }
                    @if rows.is_empty() { tr { td colspan="5" { "まだ求人はありません。" } } }
                }
            }
        },
    )
}

pub struct OrderView {
    pub id: i32,
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
            table.fields { tbody { @for (k, v) in &o.facts { tr { th { (k) } td { (v) } } } } }
            @if o.draft_only { p.notice { "まだ受理されていません。下は入力中の内容です。" } }
            (sections(&o.sections))
        },
    )
}
