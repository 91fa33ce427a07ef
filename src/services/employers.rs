//! Employers (求人者): registration with duplicate detection, status (pending, 不受理, 労働争議),
//! contact history. Every lookup is scoped to an office.
use super::error::{ServiceError, ServiceResult};
use super::{Actor, audit, now};
use crate::domain::corporate_number::normalize_corporate_number;
use crate::domain::normalize::{
    nfkc, normalize_email, normalize_name_for_match, phone_digits, to_katakana,
};
use crate::domain::states::EmployerStatus;
use crate::domain::values::{CorporateNumber, Kana, Phone, PostalCode};
use crate::validation::FieldErrors;
use chrono::NaiveDate;
use entity::{employer, employer_contact};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use serde::{Deserialize, Serialize};

/// Kinds of co-operation an employer offers (code, label).
pub const COOPERATION: &[(&str, &str)] = &[
    ("general", "一般求人"),
    ("visit", "職場見学"),
    ("experience", "就労体験"),
    ("internship", "企業実習"),
    ("short_hours", "短時間就労"),
    ("training_employed", "認定就労訓練（雇用型）"),
    ("training_unemployed", "認定就労訓練（非雇用型）"),
];

/// 職安法5条の6① grounds for not accepting job orders (code, label).
pub const REJECTION_GROUNDS: &[(&str, &str)] = &[
    ("1", "1号 内容が法令に違反する求人"),
    ("2", "2号 賃金・労働時間等の条件が通常と比べて著しく不適当"),
    ("3", "3号 労働関係法令違反で処分・公表等を受けた者の求人"),
    ("4", "4号 労働条件の明示（第5条の3第2項）がない求人"),
    ("5", "5号 暴力団員等による求人"),
    ("6", "6号 自己申告等の求めに応じない者の求人"),
];

pub const CONTACT_CHANNELS: &[(&str, &str)] = &[
    ("visit", "訪問"),
    ("phone", "電話"),
    ("mail", "メール"),
    ("other", "その他"),
];

pub use super::label;

/// An employer as typed in the form (all strings, so nothing typed is lost on an error).
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct EmployerInput {
    /// The version of the record the edit form was opened on (`lock_token`); empty for a new
    /// record or a caller that does not check.
    pub lock: String,
    pub name: String,
    pub name_kana: String,
    pub corporate_number: String,
    pub employment_insurance_number: String,
    pub postal_code: String,
    pub prefecture_code: String,
    pub municipality: String,
    pub address: String,
    pub representative: String,
    pub contact_name: String,
    pub contact_phone: String,
    pub contact_email: String,
    pub phone: String,
    pub fax: String,
    pub industry_code: String,
    pub business_description: String,
    pub employees_total: String,
    pub employees_workplace: String,
    pub employees_women: String,
    pub employees_part_time: String,
    pub pension_insured_count: String,
    pub has_work_rules: Option<String>,
    pub retirement_age: String,
    pub rehire: String,
    pub has_labor_union: Option<String>,
    /// Checkbox values, `COOPERATION` codes.
    #[serde(default)]
    pub cooperation: Vec<String>,
    pub training_certifier: String,
    pub training_certified_on: String,
    pub capacity: String,
    pub notes: String,
    /// Set when staff confirmed that a suspected duplicate is a different workplace.
    pub allow_duplicate: Option<String>,
}

impl EmployerInput {
    pub fn from_model(m: &employer::Model) -> Self {
        let n = |v: Option<i32>| v.map(|x| x.to_string()).unwrap_or_default();
        Self {
            lock: lock_token(m),
            name: m.name.clone(),
            name_kana: m.name_kana.clone(),
            corporate_number: m.corporate_number.clone(),
            employment_insurance_number: m.employment_insurance_number.clone(),
            postal_code: m.postal_code.clone(),
            prefecture_code: m.prefecture_code.clone(),
            municipality: m.municipality.clone(),
            address: m.address.clone(),
            representative: m.representative.clone(),
            contact_name: m.contact_name.clone(),
            contact_phone: m.contact_phone.clone(),
            contact_email: m.contact_email.clone(),
            phone: m.phone.clone(),
            fax: m.fax.clone(),
            industry_code: m.industry_code.clone(),
            business_description: m.business_description.clone(),
            employees_total: n(m.employees_total),
            employees_workplace: n(m.employees_workplace),
            employees_women: n(m.employees_women),
            employees_part_time: n(m.employees_part_time),
            pension_insured_count: n(m.pension_insured_count),
            has_work_rules: m.has_work_rules.then(|| "1".into()),
            retirement_age: n(m.retirement_age),
            rehire: m.rehire.clone(),
            has_labor_union: m.has_labor_union.then(|| "1".into()),
            cooperation: cooperation_codes(m),
            training_certifier: m.training_certifier.clone(),
            training_certified_on: m
                .training_certified_on
                .map(|d| d.to_string())
                .unwrap_or_default(),
            capacity: m.capacity.clone(),
            notes: m.notes.clone(),
            allow_duplicate: None,
        }
    }
}

pub fn cooperation_codes(m: &employer::Model) -> Vec<String> {
    serde_json::from_str(&m.cooperation).unwrap_or_default()
}

/// 特定適用事業所: 厚生年金の被保険者が51人以上 (2024-10 onward).
pub fn is_specified_workplace(m: &employer::Model) -> bool {
    m.pension_insured_count.is_some_and(|n| n >= 51)
}

struct Clean {
    name_kana: String,
    corporate_number: String,
    postal_code: String,
    contact_phone: String,
    contact_email: String,
    phone: String,
    fax: String,
    numbers: [Option<i32>; 6],
    training_certified_on: Option<NaiveDate>,
    cooperation: Vec<String>,
}

fn required(errors: &mut FieldErrors, field: &str, value: &str, message: &str) {
    if value.trim().is_empty() {
        errors.add(field, message);
    }
}

fn count(errors: &mut FieldErrors, field: &str, value: &str) -> Option<i32> {
    let v = nfkc(value.trim()).replace(',', "");
    if v.is_empty() {
        return None;
    }
    match v.parse::<i32>() {
        Ok(n) if (0..=10_000_000).contains(&n) => Some(n),
        _ => {
            errors.add(field, "0以上の整数で入力してください");
            None
        }
    }
}

async fn clean<C: ConnectionTrait>(db: &C, i: &EmployerInput) -> ServiceResult<Clean> {
    let mut e = FieldErrors::new();
    required(&mut e, "name", &i.name, "事業所の名称を入力してください");
    required(
        &mut e,
        "prefecture_code",
        &i.prefecture_code,
        "都道府県を選択してください",
    );
    required(
        &mut e,
        "municipality",
        &i.municipality,
        "市区町村を入力してください",
    );
    required(
        &mut e,
        "address",
        &i.address,
        "所在地を番地・建物名・階・部屋番号まで入力してください",
    );
    required(
        &mut e,
        "contact_name",
        &i.contact_name,
        "求人連絡担当者の氏名を入力してください",
    );
    required(
        &mut e,
        "contact_phone",
        &i.contact_phone,
        "求人連絡担当者の電話番号を入力してください",
    );
    if i.name.chars().count() > 200 {
        e.add("name", "200文字以内で入力してください");
    }
    let name_kana = e.optional::<Kana>("name_kana", &i.name_kana);
    let corporate_number = e.optional::<CorporateNumber>("corporate_number", &i.corporate_number);
    let postal_code = e.optional::<PostalCode>("postal_code", &i.postal_code);
    let contact_phone = e.optional::<Phone>("contact_phone", &i.contact_phone);
    let phone = e.optional::<Phone>("phone", &i.phone);
    let fax = e.optional::<Phone>("fax", &i.fax);
    let contact_email = normalize_email(&i.contact_email);
    if !contact_email.is_empty() && !validator::ValidateEmail::validate_email(&contact_email) {
        e.add("contact_email", "メールアドレスの形式が正しくありません");
    }
    if !i.prefecture_code.is_empty()
        && entity::prefecture::Entity::find_by_id(i.prefecture_code.clone())
            .one(db)
            .await?
            .is_none()
    {
        e.add("prefecture_code", "都道府県を選択してください");
    }
    let numbers = [
        count(&mut e, "employees_total", &i.employees_total),
        count(&mut e, "employees_workplace", &i.employees_workplace),
        count(&mut e, "employees_women", &i.employees_women),
        count(&mut e, "employees_part_time", &i.employees_part_time),
        count(&mut e, "pension_insured_count", &i.pension_insured_count),
        count(&mut e, "retirement_age", &i.retirement_age),
    ];
    if let Some(age) = numbers[5]
        && !(60..=99).contains(&age)
    {
        e.add(
            "retirement_age",
            "定年は60歳以上です（高年齢者雇用安定法8条）",
        );
    }
    if let (Some(total), Some(place)) = (numbers[0], numbers[1])
        && place > total
    {
        e.add(
            "employees_workplace",
            "就業場所の従業員数が企業全体を超えています",
        );
    }
    let training_certified_on = crate::validation::optional_date(
        &mut e,
        "training_certified_on",
        &i.training_certified_on,
        "日付を正しく入力してください（例：2026-04-01）",
    );
    let cooperation: Vec<String> = i
        .cooperation
        .iter()
        .filter(|c| COOPERATION.iter().any(|(k, _)| k == c))
        .cloned()
        .collect();
    let training = cooperation.iter().any(|c| c.starts_with("training_"));
    if training && (i.training_certifier.trim().is_empty() || training_certified_on.is_none()) {
        e.add(
            "training_certifier",
            "認定就労訓練は認定した自治体と認定日を入力してください",
        );
    }
    e.into_result()?;
    Ok(Clean {
        name_kana,
        corporate_number,
        postal_code,
        contact_phone,
        contact_email,
        phone,
        fax,
        numbers,
        training_certified_on,
        cooperation,
    })
}

/// Employers of the office that look like the same one: the same 法人番号, or the same
/// normalised name and contact phone. (One 法人 may have several workplaces, so staff may confirm
/// that it is a different one.)
pub async fn find_duplicates<C: ConnectionTrait>(
    db: &C,
    office_id: i32,
    input: &EmployerInput,
    except: Option<i32>,
) -> Result<Vec<employer::Model>, sea_orm::DbErr> {
    let name = normalize_name_for_match(&input.name);
    let phone = phone_digits(&input.contact_phone);
    let corp = normalize_corporate_number(&input.corporate_number);
    let mut any = Condition::any();
    if let Some(c) = &corp {
        any = any.add(employer::Column::CorporateNumber.eq(c.clone()));
    }
    if !name.is_empty() {
        any = any.add(employer::Column::NameNormalized.eq(name.clone()));
    }
    if !phone.is_empty() {
        any = any.add(employer::Column::ContactPhoneDigits.eq(phone.clone()));
    }
    let mut q = employer::Entity::find()
        .filter(employer::Column::OfficeId.eq(office_id))
        .filter(any);
    if let Some(id) = except {
        q = q.filter(employer::Column::Id.ne(id));
    }
    let candidates = q.limit(50).all(db).await?;
    Ok(candidates
        .into_iter()
        .filter(|m| {
            let same_corp = corp.as_deref().is_some_and(|c| c == m.corporate_number);
            let same_name_phone =
                m.name_normalized == name && !phone.is_empty() && m.contact_phone_digits == phone;
            same_corp || same_name_phone
        })
        .collect())
}

fn apply(am: &mut employer::ActiveModel, i: &EmployerInput, c: Clean) {
    am.name = Set(i.name.trim().to_owned());
    am.name_kana = Set(c.name_kana);
    am.name_normalized = Set(normalize_name_for_match(&i.name));
    am.corporate_number = Set(c.corporate_number);
    am.employment_insurance_number = Set(nfkc(i.employment_insurance_number.trim()));
    am.postal_code = Set(c.postal_code);
    am.prefecture_code = Set(i.prefecture_code.clone());
    am.municipality = Set(i.municipality.trim().to_owned());
    am.address = Set(i.address.trim().to_owned());
    am.representative = Set(i.representative.trim().to_owned());
    am.contact_name = Set(i.contact_name.trim().to_owned());
    am.contact_phone_digits = Set(phone_digits(&c.contact_phone));
    am.contact_phone = Set(c.contact_phone);
    am.contact_email = Set(c.contact_email);
    am.phone = Set(c.phone);
    am.fax = Set(c.fax);
    am.industry_code = Set(i.industry_code.trim().to_owned());
    am.business_description = Set(i.business_description.trim().to_owned());
    am.employees_total = Set(c.numbers[0]);
    am.employees_workplace = Set(c.numbers[1]);
    am.employees_women = Set(c.numbers[2]);
    am.employees_part_time = Set(c.numbers[3]);
    am.pension_insured_count = Set(c.numbers[4]);
    am.retirement_age = Set(c.numbers[5]);
    am.has_work_rules = Set(i.has_work_rules.is_some());
    am.rehire = Set(i.rehire.trim().to_owned());
    am.has_labor_union = Set(i.has_labor_union.is_some());
    am.cooperation = Set(serde_json::to_string(&c.cooperation).unwrap_or_else(|_| "[]".into()));
    am.training_certifier = Set(i.training_certifier.trim().to_owned());
    am.training_certified_on = Set(c.training_certified_on);
    am.capacity = Set(i.capacity.trim().to_owned());
    am.notes = Set(i.notes.trim().to_owned());
    am.updated_at = Set(now());
}

/// Register an employer. `status` is `active` when staff register it, `pending` when the
/// employer registered themselves.
pub async fn create<C: super::Db>(
    db: &C,
    actor: &Actor,
    office_id: i32,
    input: &EmployerInput,
    status: EmployerStatus,
) -> ServiceResult<employer::Model> {
    let txn = super::write_tx(db).await?;
    let db = &txn;
    let c = clean(db, input).await?;
    let t = now();
    let mut am = employer::ActiveModel {
        office_id: Set(office_id),
        status: Set(status),
        rejection_reason: Set(String::new()),
        labor_dispute: Set(false),
        labor_dispute_note: Set(String::new()),
        created_at: Set(t),
        ..Default::default()
    };
    apply(&mut am, input, c);
    let m = am.insert(db).await?;
    audit::record(
        db,
        actor,
        Some(office_id),
        "create",
        "employer",
        Some(m.id.to_string()),
        "求人者を登録",
    )
    .await?;
    txn.commit().await?;
    Ok(m)
}

pub async fn update<C: super::Db>(
    db: &C,
    actor: &Actor,
    office_id: i32,
    id: i32,
    input: &EmployerInput,
) -> ServiceResult<employer::Model> {
    let txn = super::write_tx(db).await?;
    let db = &txn;
    let current = get(db, office_id, id).await?;
    let before = EmployerInput::from_model(&current);
    if !input.lock.trim().is_empty() && input.lock.trim() != before.lock {
        return Err(stale_edit(&before, input));
    }
    let c = clean(db, input).await?;
    let old_name = current.name_normalized.clone();
    let read_at = current.updated_at;
    let mut am: employer::ActiveModel = current.into();
    apply(&mut am, input, c);
    // Only over the version read above: a save in between makes this one stale, not lost.
    let m = match employer::Entity::update(am)
        .validate()?
        .filter(employer::Column::UpdatedAt.eq(read_at))
        .exec(db)
        .await
    {
        Ok(m) => m,
        Err(sea_orm::DbErr::RecordNotUpdated) => return Err(stale_edit(&before, input)),
        Err(e) => return Err(e.into()),
    };
    if m.name_normalized != old_name {
        // Keyword search finds orders by their employer's name.
        super::job_orders::refresh_employer_name(db, m.id).await?;
    }
    let after = EmployerInput::from_model(&m);
    let changed = super::changed_fields(&before, &after, &["allow_duplicate", "lock"]);
    audit::record(
        db,
        actor,
        Some(office_id),
        "update",
        "employer",
        Some(m.id.to_string()),
        format!(
            "求人者情報を変更: {}",
            if changed.is_empty() {
                "変更なし".into()
            } else {
                changed.join(", ")
            }
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(m)
}

/// The version of an employer record as an edit form carries it: the time of its last change,
/// to the nanosecond.
pub fn lock_token(m: &employer::Model) -> String {
    super::version_token(m.updated_at)
}

/// 「他の職員が先に更新しました」, naming the items of the saved record that differ from what was
/// typed.
fn stale_edit(saved: &EmployerInput, typed: &EmployerInput) -> ServiceError {
    const LABELS: &[(&str, &str)] = &[
        ("name", "事業所の名称"),
        ("name_kana", "フリガナ"),
        ("corporate_number", "法人番号"),
        ("postal_code", "郵便番号"),
        ("municipality", "市区町村"),
        ("address", "番地・建物名"),
        ("representative", "代表者"),
        ("contact_name", "求人連絡担当者"),
        ("contact_phone", "担当者の電話番号"),
        ("contact_email", "メールアドレス"),
        ("phone", "代表電話"),
        ("fax", "FAX"),
        ("industry_code", "業種"),
        ("business_description", "事業内容"),
        ("notes", "備考"),
    ];
    let items = super::changed_item_labels(
        &super::changed_fields(saved, typed, &["allow_duplicate", "lock"]),
        LABELS,
    );
    super::stale_edit_error("この求人者", &items)
}

/// Staff confirm a self-registered employer.
pub async fn confirm<C: super::Db>(
    db: &C,
    actor: &Actor,
    office_id: i32,
    id: i32,
) -> ServiceResult<employer::Model> {
    let txn = super::write_tx(db).await?;
    let db = &txn;
    let m = get(db, office_id, id).await?;
    let mut am: employer::ActiveModel = m.into();
    am.status = Set(EmployerStatus::Active);
    am.updated_at = Set(now());
    let m = am.update(db).await?;
    audit::record(
        db,
        actor,
        Some(office_id),
        "confirm",
        "employer",
        Some(id.to_string()),
        "求人者を確認",
    )
    .await?;
    txn.commit().await?;
    Ok(m)
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct StatusInput {
    pub rejection_ground: String,
    pub rejection_decided_on: String,
    pub rejection_until: String,
    pub rejection_reason: String,
    pub labor_dispute: Option<String>,
    pub labor_dispute_since: String,
    pub labor_dispute_note: String,
}

fn date_field(e: &mut FieldErrors, field: &str, v: &str) -> Option<NaiveDate> {
    crate::validation::optional_date(
        e,
        field,
        v,
        "日付を正しく入力してください（例：2026-04-01）",
    )
}

/// Record or lift 不受理 (職安法5条の6①) and the 労働争議 flag (職安法20条).
pub async fn set_status<C: super::Db>(
    db: &C,
    actor: &Actor,
    office_id: i32,
    id: i32,
    i: &StatusInput,
) -> ServiceResult<employer::Model> {
    let txn = super::write_tx(db).await?;
    let db = &txn;
    let m = get(db, office_id, id).await?;
    let mut e = FieldErrors::new();
    let ground = i.rejection_ground.trim();
    let decided = date_field(&mut e, "rejection_decided_on", &i.rejection_decided_on);
    let until = date_field(&mut e, "rejection_until", &i.rejection_until);
    if !ground.is_empty() {
        if !REJECTION_GROUNDS.iter().any(|(c, _)| *c == ground) {
            e.add(
                "rejection_ground",
                "不受理の根拠（職業安定法第5条の6第1項の号）を選択してください",
            );
        }
        if decided.is_none() && !e.has("rejection_decided_on") {
            e.add(
                "rejection_decided_on",
                "不受理を決定した日を入力してください",
            );
        }
        if i.rejection_reason.trim().is_empty() {
            e.add("rejection_reason", "不受理の理由を入力してください");
        }
        if let (Some(d), Some(u)) = (decided, until)
            && u < d
        {
            e.add("rejection_until", "終期は決定日より後の日付にしてください");
        }
    }
    let dispute = i.labor_dispute.is_some();
    let since = date_field(&mut e, "labor_dispute_since", &i.labor_dispute_since);
    if dispute && since.is_none() && !e.has("labor_dispute_since") {
        e.add(
            "labor_dispute_since",
            "労働争議の通報があった日を入力してください",
        );
    }
    e.into_result()?;
    let summary = format!(
        "状態を変更: 不受理={} 労働争議={}",
        if ground.is_empty() {
            "なし".to_owned()
        } else {
            format!("{ground}号")
        },
        if dispute { "あり" } else { "なし" }
    );
    let mut am: employer::ActiveModel = m.into();
    am.rejection_ground = Set((!ground.is_empty()).then(|| ground.to_owned()));
    am.rejection_decided_on = Set(decided.filter(|_| !ground.is_empty()));
    am.rejection_until = Set(until.filter(|_| !ground.is_empty()));
    am.rejection_reason = Set(if ground.is_empty() {
        String::new()
    } else {
        i.rejection_reason.trim().to_owned()
    });
    am.labor_dispute = Set(dispute);
    am.labor_dispute_since = Set(since.filter(|_| dispute));
    am.labor_dispute_note = Set(if dispute {
        i.labor_dispute_note.trim().to_owned()
    } else {
        String::new()
    });
    am.updated_at = Set(now());
    let m = am.update(db).await?;
    audit::record(
        db,
        actor,
        Some(office_id),
        "update",
        "employer",
        Some(id.to_string()),
        summary,
    )
    .await?;
    txn.commit().await?;
    Ok(m)
}

/// Is the employer under 不受理 on a date? (Open-ended when no end date is set.)
pub fn rejected_on(m: &employer::Model, date: NaiveDate) -> bool {
    m.rejection_ground.is_some()
        && m.rejection_decided_on.is_none_or(|d| d <= date)
        && m.rejection_until.is_none_or(|u| date <= u)
}

pub async fn get<C: ConnectionTrait>(
    db: &C,
    office_id: i32,
    id: i32,
) -> ServiceResult<employer::Model> {
    employer::Entity::find_by_id(id)
        .filter(employer::Column::OfficeId.eq(office_id))
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct EmployerFilter {
    pub q: String,
    pub status: String,
    pub cooperation: String,
    pub page: Option<u64>,
}

pub struct EmployerPage {
    pub rows: Vec<employer::Model>,
    pub total: u64,
    pub page: u64,
    pub pages: u64,
}

pub const PAGE_SIZE: u64 = 50;

/// Search by name, フリガナ, phone, 法人番号 or municipality.
pub async fn list<C: ConnectionTrait>(
    db: &C,
    office_id: i32,
    f: &EmployerFilter,
) -> Result<EmployerPage, sea_orm::DbErr> {
    let mut q = employer::Entity::find().filter(employer::Column::OfficeId.eq(office_id));
    let term = f.q.trim();
    if !term.is_empty() {
        let name = normalize_name_for_match(term);
        let digits = phone_digits(term);
        let kana = to_katakana(term);
        let mut any = Condition::any()
            .add(employer::Column::NameNormalized.contains(&name))
            .add(employer::Column::NameKana.contains(&kana))
            .add(employer::Column::Municipality.contains(term));
        if digits.len() >= 4 {
            any = any
                .add(employer::Column::ContactPhoneDigits.contains(&digits))
                .add(employer::Column::CorporateNumber.contains(&digits));
        }
        q = q.filter(any);
    }
    match f.status.as_str() {
        "pending" => q = q.filter(employer::Column::Status.eq(EmployerStatus::Pending)),
        "rejected" => q = q.filter(employer::Column::RejectionGround.is_not_null()),
        "dispute" => q = q.filter(employer::Column::LaborDispute.eq(true)),
        _ => {}
    }
    if !f.cooperation.is_empty() && COOPERATION.iter().any(|(c, _)| *c == f.cooperation) {
        q = q.filter(employer::Column::Cooperation.contains(format!("\"{}\"", f.cooperation)));
    }
    let total = q.clone().count(db).await?;
    let pages = total.div_ceil(PAGE_SIZE).max(1);
    let page = f.page.unwrap_or(1).clamp(1, pages);
    let rows = q
        .order_by_asc(employer::Column::NameKana)
        .order_by_asc(employer::Column::Id)
        .offset((page - 1) * PAGE_SIZE)
        .limit(PAGE_SIZE)
        .all(db)
        .await?;
    Ok(EmployerPage {
        rows,
        total,
        page,
        pages,
    })
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct ContactInput {
    pub contacted_on: String,
    pub channel: String,
    pub summary: String,
}

pub async fn add_contact<C: super::Db>(
    db: &C,
    actor: &Actor,
    office_id: i32,
    employer_id: i32,
    i: &ContactInput,
) -> ServiceResult<employer_contact::Model> {
    let txn = super::write_tx(db).await?;
    let db = &txn;
    get(db, office_id, employer_id).await?;
    let mut e = FieldErrors::new();
    let on = date_field(&mut e, "contacted_on", &i.contacted_on);
    if on.is_none() && !e.has("contacted_on") {
        e.add("contacted_on", "日付を入力してください");
    }
    if !CONTACT_CHANNELS.iter().any(|(c, _)| *c == i.channel) {
        e.add("channel", "方法を選択してください");
    }
    required(&mut e, "summary", &i.summary, "内容を入力してください");
    e.into_result()?;
    let m = employer_contact::ActiveModel {
        office_id: Set(office_id),
        employer_id: Set(employer_id),
        staff_user_id: Set(actor.id),
        contacted_on: Set(on.unwrap_or_default()),
        channel: Set(i.channel.clone()),
        summary: Set(i.summary.trim().to_owned()),
        created_at: Set(now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    audit::record(
        db,
        actor,
        Some(office_id),
        "create",
        "employer_contact",
        Some(m.id.to_string()),
        format!("求人者 #{employer_id} の連絡記録を追加"),
    )
    .await?;
    txn.commit().await?;
    Ok(m)
}

pub async fn contacts<C: ConnectionTrait>(
    db: &C,
    office_id: i32,
    employer_id: i32,
) -> Result<Vec<employer_contact::Model>, sea_orm::DbErr> {
    employer_contact::Entity::find()
        .filter(employer_contact::Column::OfficeId.eq(office_id))
        .filter(employer_contact::Column::EmployerId.eq(employer_id))
        .order_by_desc(employer_contact::Column::ContactedOn)
        .order_by_desc(employer_contact::Column::Id)
        .all(db)
        .await
}

/// Merge employer `merged_id` into `keep_id` (two records of one employer): its job orders,
/// contact history, portal accounts, referrals, placements, breakdowns and link requests move to
/// `keep_id`, and the merged record is deleted — all in one transaction. The audit log keeps both
/// ids (an entry on each).
pub async fn merge(
    db: &sea_orm::DatabaseConnection,
    actor: &Actor,
    office_id: i32,
    keep_id: i32,
    merged_id: i32,
) -> ServiceResult<employer::Model> {
    use sea_orm::sea_query::Expr;
    if keep_id == merged_id {
        let mut e = FieldErrors::new();
        e.add("merged_id", "統合する別の求人者を選んでください");
        return Err(ServiceError::Invalid(e));
    }
    let keep = get(db, office_id, keep_id).await?;
    let merged = match get(db, office_id, merged_id).await {
        Ok(m) => m,
        Err(ServiceError::NotFound) => {
            let mut e = FieldErrors::new();
            e.add("merged_id", "この紹介所の求人者の番号を入力してください");
            return Err(ServiceError::Invalid(e));
        }
        Err(e) => return Err(e),
    };
    let txn = super::write_tx(db).await?;
    macro_rules! move_rows {
        ($($m:ident),*) => {{
            let mut n = 0u64;
            $(
                n += entity::$m::Entity::update_many()
                    .col_expr(entity::$m::Column::EmployerId, Expr::value(keep.id))
                    .filter(entity::$m::Column::EmployerId.eq(merged.id))
                    .exec(&txn)
                    .await?
                    .rows_affected;
            )*
            n
        }};
    }
    let orders = move_rows!(job_order);
    let contacts = move_rows!(employer_contact);
    let users = move_rows!(employer_user);
    let others = move_rows!(
        referral,
        placement,
        work_experience,
        task_breakdown,
        portal_link_request
    );
    employer::Entity::delete_by_id(merged.id).exec(&txn).await?;
    audit::record(
        &txn,
        actor,
        Some(office_id),
        "merge",
        "employer",
        Some(keep.id.to_string()),
        format!(
            "求人者 #{} を統合（求人{orders}件・連絡記録{contacts}件・ポータル利用者{users}人・その他{others}件を移動）",
            merged.id
        ),
    )
    .await?;
    audit::record(
        &txn,
        actor,
        Some(office_id),
        "merge",
        "employer",
        Some(merged.id.to_string()),
        format!("求人者 #{} に統合して削除", keep.id),
    )
    .await?;
    txn.commit().await?;
    get(db, office_id, keep.id).await
}

/// Employers' names by id, for lists that show them (the name column only, one query).
pub async fn names<C: ConnectionTrait>(
    db: &C,
    ids: Vec<i32>,
) -> Result<std::collections::HashMap<i32, String>, sea_orm::DbErr> {
    Ok(employer::Entity::find()
        .filter(employer::Column::Id.is_in(ids))
        .select_only()
        .column(employer::Column::Id)
        .column(employer::Column::Name)
        .into_tuple::<(i32, String)>()
        .all(db)
        .await?
        .into_iter()
        .collect())
}
