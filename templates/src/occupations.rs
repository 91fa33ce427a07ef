//! 職業分類の名称: the 2022 codes the bundled table has no name for, and the admin's import.
use crate::forms::{Errors, Field, csrf, error_summary, textarea};
use crate::layout::{PageCtx, page};
use maud::{Markup, html};

pub fn names(
    ctx: &PageCtx,
    unnamed: &[(String, String)],
    text: &str,
    e: &Errors,
    can_import: bool,
) -> Markup {
    page(
        ctx,
        "職業分類の名称",
        html! {
            p { "同梱の職業分類表（2022年改定）には名称が確認できていない中分類があります。画面では「コード 名称未確認」と表示されます。厚生労働省の職業分類表で確認した名称を登録してください。" }
            @if unnamed.is_empty() {
                p.notice { "名称が未確認のコードはありません。" }
            } @else {
                table {
                    thead { tr { th { "コード" } th { "大分類" } } }
                    tbody { @for (code, parent) in unnamed { tr { td { (code) } td { (parent) } } } }
                }
            }
            @if !can_import {
                p.notice { "職業分類表は同じシステムを使うすべての紹介所で共通のため、名称の登録はシステム管理者が行います。" }
            } @else {
            (error_summary(e))
            form.narrow method="post" action="/admin/occupations" novalidate {
                (csrf(&ctx.csrf))
                (textarea(Field::new("names", "名称（1行に「コード,名称」）", text).required().hint("例：067,〇〇の職業　既に名称があるコードも上書きできます。すべての行が正しいときだけ保存します。"), e, 8))
                button.primary type="submit" { "登録する" }
            }
            }
            p { a href="/admin/refdata" { "参照データへ戻る" } }
        },
    )
}
