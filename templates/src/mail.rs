//! Staff pages about mail and portal accounts: the admin's mail queue, and an employer's portal
//! accounts (invite, deactivate), link requests from the public form, and merging two records.
use crate::forms::{Errors, Field, csrf, error_summary, input};
use crate::layout::{PageCtx, page};
use maud::{Markup, html};

pub struct QueueRow {
    pub id: i32,
    pub created: String,
    pub kind: String,
    pub subject: String,
    pub recipients: usize,
    pub attempts: i32,
    pub next: String,
    pub sent: String,
    pub error: String,
}

/// `counts`: pending, failed, sent. `status`: the tab shown. `max_attempts`: tries before a
/// message is marked failed.
pub fn mail_queue(
    ctx: &PageCtx,
    counts: [u64; 3],
    status: &str,
    rows: &[QueueRow],
    max_attempts: i32,
) -> Markup {
    let tabs = [
        ("pending", "送信待ち", counts[0]),
        ("failed", "送信失敗", counts[1]),
        ("sent", "送信済み", counts[2]),
    ];
    page(
        ctx,
        "メールの送信状況",
        html! {
            p { "紹介所から送るメールは、いったん送信待ちに入り、順に送信されます。送信できなかったメールは時間をおいて自動で再送し、" (max_attempts) "回失敗すると「送信失敗」になります。送信失敗のメールは、宛先や中継サーバーを確認してから再送できます。" }
            nav.tabs aria-label="状態" {
                ul {
                    @for (code, label, n) in tabs {
                        li { a href=(format!("/admin/mail?status={code}")) aria-current=[(status == code).then_some("page")] { (label) "（" (n) "件）" } }
                    }
                }
            }
            table {
                thead { tr { th { "受付" } th { "種類" } th { "件名" } th { "宛先数" } th { "試行" } th { @if status == "sent" { "送信日時" } @else { "次の送信" } } th { "エラー" } th { "" } } }
                tbody {
                    @for r in rows {
                        tr {
                            td.nowrap { (r.created) }
                            td { (r.kind) }
                            td { (r.subject) }
                            td { (r.recipients) }
                            td { (r.attempts) }
                            td.nowrap { @if status == "sent" { (r.sent) } @else { (r.next) } }
                            td { small { (r.error) } }
                            td {
                                @if status == "failed" {
                                    form.inline method="post" action=(format!("/admin/mail/{}/resend", r.id)) {
                                        (csrf(&ctx.csrf))
                                        button type="submit" { "再送する" }
                                    }
                                }
                            }
                        }
                    }
                    @if rows.is_empty() { tr { td colspan="8" { "該当するメールはありません。" } } }
                }
            }
        },
    )
}

pub struct AccountRow {
    pub id: i32,
    pub name: String,
    pub email: String,
    pub state: String,
    pub active: bool,
}

pub struct LinkRequestRow {
    pub name: String,
    pub email: String,
    pub phone: String,
    pub at: String,
}

pub struct PortalAccounts<'a> {
    pub employer_id: i32,
    pub employer_name: &'a str,
    pub accounts: &'a [AccountRow],
    pub requests: &'a [LinkRequestRow],
    pub invite_email: &'a str,
    pub invite_name: &'a str,
    /// Records that look like the same employer: (id, name, detail).
    pub candidates: &'a [(i32, String, String)],
    pub merged_id: &'a str,
}

pub fn portal_accounts(ctx: &PageCtx, v: &PortalAccounts, e: &Errors) -> Markup {
    let id = v.employer_id;
    page(
        ctx,
        &format!("{} — 求人者ポータルと統合", v.employer_name),
        html! {
            p { a href=(format!("/employers/{id}")) { "← 求人者の詳細へ戻る" } }
            (error_summary(e))
            h2 { "求人者ポータルのアカウント" }
            table {
                thead { tr { th { "氏名" } th { "メールアドレス" } th { "状態" } th { "" } } }
                tbody {
                    @for a in v.accounts {
                        tr {
                            td { (a.name) }
                            td { (a.email) }
                            td { (a.state) }
                            td {
                                form.inline method="post" action=(format!("/employers/{id}/portal-users/{}/{}", a.id, if a.active { "deactivate" } else { "activate" })) {
                                    (csrf(&ctx.csrf))
                                    button type="submit" { @if a.active { "利用を停止する" } @else { "利用を再開する" } }
                                }
                            }
                        }
                    }
                    @if v.accounts.is_empty() { tr { td colspan="4" { "ポータルのアカウントはありません。" } } }
                }
            }
            @if !v.requests.is_empty() {
                h2 { "連携の依頼（公開フォームからの登録）" }
                p { "公開フォームからの登録が、この求人者と一致しました。ご本人であることを電話等で確認してから招待してください。" }
                table {
                    thead { tr { th { "受付" } th { "氏名" } th { "メールアドレス" } th { "電話" } } }
                    tbody { @for r in v.requests { tr { td.nowrap { (r.at) } td { (r.name) } td { (r.email) } td { (r.phone) } } } }
                }
            }
            h2 { "ポータルへ招待する" }
            p { "招待メールのリンクからパスワードを設定すると、このアカウントでこの求人者の求人と紹介を見られるようになります（リンクの有効期限は72時間）。" }
            form.narrow method="post" action=(format!("/employers/{id}/portal-users")) novalidate {
                (csrf(&ctx.csrf))
                (input(Field::new("email", "メールアドレス", v.invite_email).kind("email").required(), e))
                (input(Field::new("name", "氏名", v.invite_name).required(), e))
                button.primary type="submit" { "招待メールを送る" }
            }
            h2 { "重複した登録を統合する" }
            p { "同じ事業所が二重に登録されている場合、もう一方の求人者をこの求人者に統合します。求人・連絡記録・紹介・ポータルのアカウントはこちらへ移り、もう一方の登録は削除されます（操作記録には両方の番号が残ります）。元に戻せません。" }
            @if !v.candidates.is_empty() {
                p { "同じ事業所と思われる登録：" }
                ul { @for (cid, name, detail) in v.candidates { li { "#" (cid) " " a href=(format!("/employers/{cid}")) { (name) } " " small { (detail) } } } }
            }
            form.narrow method="post" action=(format!("/employers/{id}/merge")) novalidate {
                (csrf(&ctx.csrf))
                (input(Field::new("merged_id", "統合する求人者の番号（#の後の数字）", v.merged_id).kind("number").required(), e))
                div.field.check { label { input type="checkbox" name="confirmed" value="1" required; " 統合すると元に戻せないことを確認しました" } }
                button type="submit" { "この求人者に統合する" }
            }
        },
    )
}
