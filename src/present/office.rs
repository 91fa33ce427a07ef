//! An office shown to the public and on its papers: the items of the 職業安定法第29条の5 disclosure.
use super::format;
use crate::services::offices::OfficeInput;
use templates::pages;

/// The disclosed items, as (label, text) rows, for the public page and the PDF alike.
pub fn disclosure_rows(o: &entity::office::Model) -> Vec<(String, String)> {
    vec![
        ("紹介所".into(), o.name.clone()),
        (
            "所在地".into(),
            format::with_postal(&o.postal_code, &o.address),
        ),
        (
            "連絡先".into(),
            format!("電話 {}　FAX {}　{}", o.phone, o.fax, o.email),
        ),
        ("取扱職種の範囲等".into(), o.scope_of_handling.clone()),
        (
            "苦情の処理に関する事項".into(),
            o.complaint_handling.clone(),
        ),
        (
            "個人情報の取扱いに関する事項".into(),
            o.privacy_policy.clone(),
        ),
    ]
}

pub fn office_form_view<'a>(
    o: &'a OfficeInput,
    prefectures: &'a [(String, String)],
    rules: &'a [(String, String)],
) -> pages::OfficeForm<'a> {
    pages::OfficeForm {
        code: &o.code,
        name: &o.name,
        municipality: &o.municipality,
        prefecture_code: &o.prefecture_code,
        postal_code: &o.postal_code,
        address: &o.address,
        phone: &o.phone,
        fax: &o.fax,
        email: &o.email,
        population: &o.population,
        scope_of_handling: &o.scope_of_handling,
        complaint_handling: &o.complaint_handling,
        privacy_policy: &o.privacy_policy,
        validity_rule: &o.validity_rule,
        excluded_occupations: &o.excluded_occupations,
        result_reminder_days: &o.result_reminder_days,
        letter_shows_birth_and_address: o.letter_shows_birth_and_address.is_some(),
        retention_years: &o.retention_years,
        prefectures,
        validity_rules: rules,
    }
}
