//! The audit log shown to people: labels of actions and record types, the rows of the log and
//! the choices of its filter.
use super::format;
use crate::services::audit;
use templates::pages;

/// An audited action in words.
pub fn action_label(a: &str) -> &str {
    match a {
        "create" => "作成",
        "update" => "変更",
        "delete" => "削除",
        "view" => "閲覧",
        "sign_in" => "ログイン",
        "sign_out" => "ログアウト",
        "sign_in_failed" => "ログイン失敗",
        "import" => "取込",
        "confirm" => "確認",
        "revoke" => "失効",
        "submit" => "申込み",
        "accept" => "受理",
        "reject" => "不受理",
        "close" => "終了",
        "extend" => "延長",
        "expire" => "期限切れ",
        "print" => "印刷",
        "notify" => "通知",
        other => other,
    }
}

/// An audited record type in words.
pub fn entity_label(t: &str) -> &str {
    match t {
        "office" => "紹介所",
        "staff_user" => "職員",
        "api_token" => "APIトークン",
        "minimum_wage" => "最低賃金",
        "employer" => "求人者",
        "employer_contact" => "求人者連絡記録",
        "employer_user" => "求人者ポータル利用者",
        "job_order" => "求人",
        "job_order_version" => "求人（受理版）",
        other => other,
    }
}

/// The log's rows: when, who (or which channel), what, on which record, and the summary.
pub fn audit_rows(entries: impl IntoIterator<Item = audit::AuditEntry>) -> Vec<pages::AuditRow> {
    entries
        .into_iter()
        .map(|e| pages::AuditRow {
            at: format::datetime(e.log.created_at),
            actor: match (e.actor_name, e.log.actor_kind.as_str()) {
                (Some(n), "api") => format!("{n}（API）"),
                (Some(n), _) => n,
                (None, "cli") => "コマンド".into(),
                (None, "employer") => "求人者（ポータル）".into(),
                (None, "anonymous") => "公開フォーム".into(),
                (None, _) => "システム".into(),
            },
            action: action_label(&e.log.action).to_owned(),
            entity: format!(
                "{}{}",
                entity_label(&e.log.entity_type),
                e.log
                    .entity_id
                    .map(|i| format!(" #{i}"))
                    .unwrap_or_default()
            ),
            summary: e.log.summary,
        })
        .collect()
}

/// The actions the log's filter offers.
pub fn action_choices() -> Vec<(String, String)> {
    [
        "create",
        "update",
        "view",
        "sign_in",
        "sign_out",
        "sign_in_failed",
        "import",
        "confirm",
        "revoke",
        "submit",
        "accept",
        "reject",
        "close",
        "extend",
        "expire",
        "print",
        "notify",
    ]
    .iter()
    .map(|a| (a.to_string(), action_label(a).to_owned()))
    .collect()
}

/// The record types the log's filter offers.
pub fn entity_type_choices() -> Vec<(String, String)> {
    [
        "office",
        "staff_user",
        "api_token",
        "minimum_wage",
        "employer",
        "employer_contact",
        "employer_user",
        "job_order",
        "job_order_version",
    ]
    .iter()
    .map(|t| (t.to_string(), entity_label(t).to_owned()))
    .collect()
}
