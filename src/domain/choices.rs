//! The code tables of a job order's terms: (stored code, label).

/// The stored code of a choice (its serde name: `WageForm::Daily` → `daily`); empty for a
/// value that is not a plain code.
pub fn code<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// The choice of a stored code, or `None` when it is not one.
pub fn parse<T: serde::de::DeserializeOwned>(code: &str) -> Option<T> {
    serde_json::from_value(serde_json::Value::String(code.to_owned())).ok()
}
pub const EMPLOYMENT_FORM: &[(&str, &str)] = &[
    ("regular", "正社員"),
    ("non_regular", "正社員以外（パート・契約社員など）"),
    ("dispatch_fixed", "有期雇用派遣"),
    ("dispatch_indefinite", "無期雇用派遣"),
];
pub const CONTRACT: &[(&str, &str)] = &[
    ("indefinite", "期間の定めなし（無期）"),
    ("fixed", "期間の定めあり（有期）"),
];
pub const RENEWAL: &[(&str, &str)] = &[
    ("usually", "原則更新"),
    ("conditional", "条件付きで更新あり"),
    ("none", "更新なし"),
];
pub const SMOKING: &[(&str, &str)] = &[
    ("indoor_ban", "屋内禁煙"),
    ("smoking_room", "屋内原則禁煙（喫煙専用室あり）"),
    ("premises_ban", "敷地内禁煙"),
    ("allowed", "喫煙可"),
    ("other", "その他"),
];
pub const WAGE_FORM: &[(&str, &str)] =
    &[("hourly", "時給"), ("daily", "日給"), ("monthly", "月給")];
pub const ALLOWANCE_KIND: &[(&str, &str)] = &[
    ("fixed", "定額的な手当（職務・資格など）"),
    ("attendance", "精皆勤手当"),
    ("family", "家族手当"),
    ("commute", "通勤手当"),
];
pub const PAY_CYCLE: &[(&str, &str)] = &[
    ("monthly", "月払い"),
    ("weekly", "週払い"),
    ("daily", "日払い"),
];
pub const AGE_EXCEPTION: &[(&str, &str)] = &[
    ("1", "1号 定年を上限とし無期で募集"),
    ("2", "2号 法令により特定年齢の就業が禁止・制限"),
    ("3i", "3号イ 長期勤続によるキャリア形成（若年者等、無期）"),
    ("3ro", "3号ロ 技能・ノウハウの継承（特定の年齢層）"),
    ("3ha", "3号ハ 芸術・芸能の表現の真実性"),
    ("3ni", "3号ニ 60歳以上、又は国の施策の対象者"),
];
pub const GENDER_EXCEPTION: &[(&str, &str)] = &[
    ("art", "A 芸術・芸能の表現の真実性"),
    ("security", "B 守衛・警備員等の防犯上の要請"),
    ("religion", "C 宗教上・風紀上・スポーツの競技の性質上"),
    ("legal_restriction", "D 法令による就業制限"),
    ("overseas", "E 海外勤務等の特別な事情"),
    (
        "positive_action",
        "ポジティブ・アクション（女性が4割未満の職種）",
    ),
];
pub use super::WEEKDAYS;

pub use super::label;
