//! The one-off review of refusals recorded under 3号 / 4号 before their labels were corrected.
use crate::forms::csrf;
use crate::layout::{PageCtx, page};
use maud::{Markup, html};

pub struct ReviewRow {
    pub id: i32,
    pub record: String,
    pub record_href: String,
    pub rejected_on: String,
    pub reason: String,
    pub recorded_ground: String,
    pub label_shown_then: String,
}

pub fn list(ctx: &PageCtx, rows: &[ReviewRow], more: bool) -> Markup {
    page(
        ctx,
        "不受理の根拠（3号・4号）の確認",
        html! {
            p {
                "以前の画面では、職業安定法第5条の6第1項の3号と4号の表示が法律と逆になっていました"
                "（3号を「明示がない求人」、4号を「処分・公表等を受けた者」と表示）。"
                "法律では 3号＝労働関係法令違反で処分・公表等を受けた者の求人、4号＝労働条件の明示がない求人 です。"
            }
            p { "当時の表示と理由を見て、法律上どちらの号に当たるかを一件ずつ確定してください。確定した内容は記録と事業報告の号別件数に反映され、操作記録に残ります。" }
            @if rows.is_empty() {
                p.notice { "確認が必要な不受理はありません。" }
            } @else {
                table {
                    thead { tr { th { "記録" } th { "不受理日" } th { "当時の表示" } th { "理由" } th { "法律上の号を確定" } } }
                    tbody {
                        @for r in rows {
                            tr {
                                td { a href=(r.record_href) { (r.record) } }
                                td.nowrap { (r.rejected_on) }
                                td { (r.label_shown_then) }
                                td { (r.reason) }
                                td.nowrap {
                                    form method="post" action=(format!("/reports/rejection-review/{}", r.id)) {
                                        (csrf(&ctx.csrf))
                                        button type="submit" name="ground" value="3" { "3号（処分・公表等）" }
                                        " "
                                        button type="submit" name="ground" value="4" { "4号（明示がない）" }
                                    }
                                    @if r.recorded_ground == "3" {
                                        small { "当時「明示がない」を選んでいた場合は4号です。" }
                                    } @else {
                                        small { "当時「処分・公表等」を選んでいた場合は3号です。" }
                                    }
                                }
                            }
                        }
                    }
                }
                @if more { p { "ほかにも確認が必要な記録があります。上の記録を確定すると次が表示されます。" } }
            }
        },
    )
}
