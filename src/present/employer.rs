//! Employers shown to people: the form's view of an input and the employer's page.
use super::format;
use crate::domain::states::{EmployerStatus, StateName};
use crate::services::employer_record::EmployerRecord;
use crate::services::employers::{self, EmployerInput, StatusInput};
use chrono::NaiveDate;
use entity::{employer, job_order};
use templates::employers as tpl;

/// The employer form's view of an input (shared by staff and the public registration form).
pub fn employer_form_view<'a>(
    i: &'a EmployerInput,
    action: String,
    prefectures: &'a [(String, String)],
    industries: &'a [(String, String)],
    cooperations: &'a [(String, String)],
    duplicates: &[employer::Model],
) -> tpl::EmployerForm<'a> {
    let dups: Vec<(i32, String, String)> = duplicates
        .iter()
        .map(|d| {
            (
                d.id,
                d.name.clone(),
                format!("{}{}", d.municipality, d.address),
            )
        })
        .collect();
    tpl::EmployerForm {
        action,
        lock: &i.lock,
        email_required: false,
        name: &i.name,
        name_kana: &i.name_kana,
        corporate_number: &i.corporate_number,
        employment_insurance_number: &i.employment_insurance_number,
        postal_code: &i.postal_code,
        prefecture_code: &i.prefecture_code,
        municipality: &i.municipality,
        address: &i.address,
        representative: &i.representative,
        contact_name: &i.contact_name,
        contact_phone: &i.contact_phone,
        contact_email: &i.contact_email,
        phone: &i.phone,
        fax: &i.fax,
        industry_code: &i.industry_code,
        business_description: &i.business_description,
        employees_total: &i.employees_total,
        employees_workplace: &i.employees_workplace,
        employees_women: &i.employees_women,
        employees_part_time: &i.employees_part_time,
        pension_insured_count: &i.pension_insured_count,
        has_work_rules: i.has_work_rules.is_some(),
        retirement_age: &i.retirement_age,
        rehire: &i.rehire,
        has_labor_union: i.has_labor_union.is_some(),
        cooperation: &i.cooperation,
        training_certifier: &i.training_certifier,
        training_certified_on: &i.training_certified_on,
        capacity: &i.capacity,
        notes: &i.notes,
        prefectures,
        industries,
        cooperations,
        duplicates: dups,
    }
}

/// The marks next to an employer's name: 確認待ち, 不受理, 労働争議, 特定適用事業所.
pub fn badges(m: &employer::Model, today: chrono::NaiveDate) -> Vec<(String, &'static str)> {
    let mut b = Vec::new();
    if m.status == EmployerStatus::Pending {
        b.push((m.status.label().to_owned(), "warn"));
    }
    if employers::rejected_on(m, today) {
        b.push(("不受理".to_owned(), "err"));
    }
    if m.labor_dispute {
        b.push(("労働争議".to_owned(), "err"));
    }
    if employers::is_specified_workplace(m) {
        b.push(("特定適用事業所".to_owned(), "info"));
    }
    b
}

/// How a field nobody filled in reads on the page.
const BLANK: &str = "未入力";

/// The employer's page from its record.
pub fn page(rec: &EmployerRecord, today: NaiveDate) -> tpl::EmployerView {
    let m = &rec.employer;
    let fields = fields(rec);
    let contacts = rec
        .contacts
        .iter()
        .map(|(c, who)| {
            (
                format::date(c.contacted_on),
                employers::label(employers::CONTACT_CHANNELS, &c.channel).to_owned(),
                who.clone(),
                c.summary.clone(),
            )
        })
        .collect();
    let orders = rec.orders.iter().map(order_row).collect();
    tpl::EmployerView {
        id: m.id,
        name: m.name.clone(),
        badges: badges(m, today),
        pending: m.status == EmployerStatus::Pending,
        fields,
        rejection: m.rejection_ground.as_ref().map(|g| {
            format!(
                "{}（{}決定、{}まで）{}",
                employers::label(employers::REJECTION_GROUNDS, g),
                m.rejection_decided_on.map(format::date).unwrap_or_default(),
                m.rejection_until
                    .map(format::date)
                    .unwrap_or_else(|| "終期未定".into()),
                m.rejection_reason
            )
        }),
        dispute: m.labor_dispute.then(|| {
            format!(
                "{}通報　{}",
                m.labor_dispute_since.map(format::date).unwrap_or_default(),
                m.labor_dispute_note
            )
        }),
        contacts,
        orders,
    }
}

/// One of the employer's orders in the page's list.
fn order_row(o: &job_order::Model) -> (i32, String, String, String, String) {
    (
        o.id,
        o.number.clone().unwrap_or_else(|| "（未受理）".into()),
        if o.occupation_title.is_empty() {
            "（職種未入力）".into()
        } else {
            o.occupation_title.clone()
        },
        o.state.label().to_owned(),
        o.valid_until.map(format::date).unwrap_or_default(),
    )
}

/// The 不受理 / 労働争議 form's values as stored.
pub fn status_values(m: &employer::Model) -> StatusInput {
    StatusInput {
        rejection_ground: m.rejection_ground.clone().unwrap_or_default(),
        rejection_decided_on: m
            .rejection_decided_on
            .map(|d| d.to_string())
            .unwrap_or_default(),
        rejection_until: m.rejection_until.map(|d| d.to_string()).unwrap_or_default(),
        rejection_reason: m.rejection_reason.clone(),
        labor_dispute: m.labor_dispute.then(|| "1".into()),
        labor_dispute_since: m
            .labor_dispute_since
            .map(|d| d.to_string())
            .unwrap_or_default(),
        labor_dispute_note: m.labor_dispute_note.clone(),
    }
}

/// The 不受理 / 労働争議 form from its values.
pub fn status_form<'a>(s: &'a StatusInput, grounds: &'a [(String, String)]) -> tpl::StatusForm<'a> {
    tpl::StatusForm {
        rejection_ground: &s.rejection_ground,
        rejection_decided_on: &s.rejection_decided_on,
        rejection_until: &s.rejection_until,
        rejection_reason: &s.rejection_reason,
        labor_dispute: s.labor_dispute.is_some(),
        labor_dispute_since: &s.labor_dispute_since,
        labor_dispute_note: &s.labor_dispute_note,
        grounds,
    }
}

/// The employer's items as (label, text); a blank item reads 未入力.
fn fields(rec: &EmployerRecord) -> Vec<(&'static str, String)> {
    let m = &rec.employer;
    let pref = &rec.prefecture_name;
    let coop: Vec<&str> = employers::cooperation_codes(m)
        .iter()
        .map(|c| employers::label(employers::COOPERATION, c))
        .collect();
    let n = |v: Option<i32>| v.map(|x| format!("{x}人")).unwrap_or_else(|| "—".into());
    // A field left blank reads 未入力, never as a fact (「なし」) nobody stated.
    let given = |s: &str| -> String {
        if s.trim().is_empty() {
            BLANK.to_owned()
        } else {
            s.to_owned()
        }
    };
    let industry = rec
        .industry
        .clone()
        .unwrap_or_else(|| given(&m.industry_code));
    vec![
        ("フリガナ", given(&m.name_kana)),
        ("法人番号", given(&m.corporate_number)),
        (
            "雇用保険適用事業所番号",
            given(&m.employment_insurance_number),
        ),
        (
            "所在地",
            format::with_postal(
                &m.postal_code,
                &crate::domain::normalize::join_address(pref, &m.municipality, &m.address),
            ),
        ),
        ("代表者", given(&m.representative)),
        (
            "代表電話・FAX",
            format!("電話 {}　FAX {}", given(&m.phone), given(&m.fax)),
        ),
        (
            "求人連絡担当者",
            [&m.contact_name, &m.contact_phone, &m.contact_email]
                .iter()
                .filter(|s| !s.trim().is_empty())
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join("　"),
        ),
        ("業種", industry),
        ("事業内容", given(&m.business_description)),
        (
            "従業員数",
            format!(
                "企業全体 {}／就業場所 {}／うち女性 {}／うちパート {}",
                n(m.employees_total),
                n(m.employees_workplace),
                n(m.employees_women),
                n(m.employees_part_time)
            ),
        ),
        (
            "厚生年金被保険者数",
            format!(
                "{}{}",
                n(m.pension_insured_count),
                if employers::is_specified_workplace(m) {
                    "（特定適用事業所）"
                } else {
                    ""
                }
            ),
        ),
        (
            "就業規則・労働組合",
            format!(
                "就業規則 {}・労働組合 {}",
                if m.has_work_rules { "あり" } else { BLANK },
                if m.has_labor_union { "あり" } else { BLANK }
            ),
        ),
        (
            "定年・再雇用",
            format!(
                "定年 {}・再雇用 {}",
                m.retirement_age
                    .map(|a| format!("{a}歳"))
                    .unwrap_or_else(|| BLANK.into()),
                given(&m.rehire)
            ),
        ),
        ("協力内容", coop.join("、")),
        (
            "認定就労訓練",
            if m.training_certifier.is_empty() {
                "—".into()
            } else {
                format!(
                    "{}（{}認定）",
                    m.training_certifier,
                    m.training_certified_on
                        .map(format::date)
                        .unwrap_or_default()
                )
            },
        ),
        ("受入れ可能人数・条件", m.capacity.clone()),
        ("備考", m.notes.clone()),
        ("登録日", format::datetime(m.created_at)),
    ]
}
