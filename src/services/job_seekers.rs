//! Job seekers (求職者): registration only after consent (職安法5条の5), sensitive items only
//! with explicit consent, 求職番号, validity renewed by each contact, duplicate detection,
//! case notes and closing. Every lookup is scoped to an office.
use super::error::{ServiceError, ServiceResult};
use super::{Actor, audit, now, numbering};
use crate::domain::fiscal_year::fiscal_year_of;
use crate::domain::matching::{Availability, format_windows, parse_windows};
use crate::domain::normalize::{
    nfkc, normalize_email, normalize_name_for_match, phone_digits, to_katakana,
};
use crate::domain::numbering::NumberKind;
use crate::domain::states::SeekerState;
use crate::domain::validity::ValidityRule;
use crate::domain::values::{Kana, Phone, PostalCode};
use crate::validation::FieldErrors;
use chrono::NaiveDate;
use entity::{case_note, job_seeker};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait,
    DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
    TransactionTrait,
};
use serde::{Deserialize, Serialize};

pub const SUPPORT_CATEGORIES: &[(&str, &str)] = &[
    ("public_assistance", "生活保護受給者"),
    ("needy", "生活困窮者"),
    ("disability", "障害者"),
    ("single_parent", "ひとり親"),
    ("elderly", "高齢者"),
    ("youth", "若年者"),
    ("hikikomori", "ひきこもり"),
    ("foreign", "外国籍住民"),
    ("ex_offender", "刑余者"),
    ("other", "その他"),
];

pub const LADDER: &[(&str, &str)] = &[
    ("piecework", "内職・軽作業"),
    ("visit", "企業見学"),
    ("experience", "就労体験"),
    ("internship", "企業実習"),
    ("short_hours", "短時間就労"),
    ("general", "一般就労"),
];

pub const DISABILITY_TYPES: &[(&str, &str)] = &[
    ("physical", "身体障害者手帳"),
    ("intellectual", "療育手帳"),
    ("mental", "精神障害者保健福祉手帳"),
];

pub const EMPLOYMENT: &[(&str, &str)] = &[
    ("any", "問わない"),
    ("full", "フルタイム"),
    ("part", "パートタイム"),
];

pub const CONSENT_METHODS: &[(&str, &str)] = &[("written", "書面"), ("electronic", "電磁的方法")];

/// The purposes of use shown to the seeker before consent (職安法5条の5).
pub const PURPOSES: &str = "職業紹介（求人との照合、求人者への紹介、紹介状の作成）、就職後の定着支援、本人の同意を得た支援機関との連携、統計の作成（個人を識別できない形）のために利用します。";

pub use crate::domain::WEEKDAYS;

pub use super::label;

/// A job seeker as typed (strings; check boxes as `Option<String>`; lists as repeated keys).
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct JobSeekerInput {
    /// The version of the record the edit form was opened on (`lock_token`); empty for a new
    /// registration or a caller that does not check.
    pub lock: String,
    /// 利用目的を説明し同意を得た
    pub consent: Option<String>,
    pub consent_method: String,
    pub disclosure_delivered: Option<String>,
    pub sensitive_consent: Option<String>,
    pub share_consent: Option<String>,
    pub name: String,
    pub name_kana: String,
    pub birth_date: String,
    pub postal_code: String,
    pub prefecture_code: String,
    pub municipality: String,
    pub address: String,
    pub nearest_station: String,
    pub phone: String,
    pub email: String,
    pub contact_preference: String,
    pub occupation1: String,
    pub occupation2: String,
    pub occupation3: String,
    pub desired_areas: String,
    pub desired_hourly_yen: String,
    pub desired_employment: String,
    /// Time windows per weekday, "9:00-13:00, 14:00-16:00" (0 = Monday).
    pub avail_0: String,
    pub avail_1: String,
    pub avail_2: String,
    pub avail_3: String,
    pub avail_4: String,
    pub avail_5: String,
    pub avail_6: String,
    pub max_daily_hours: String,
    pub max_weekly_hours: String,
    pub earliest_start: String,
    pub education: String,
    pub licenses: String,
    pub work_history: String,
    pub support_categories: Vec<String>,
    pub disability_type: String,
    pub disability_grade: String,
    pub disability_suspected: Option<String>,
    pub disability_notes: String,
    pub ladder_step: String,
    pub supporting_agency: String,
    pub agency_contact: String,
    pub allow_duplicate: Option<String>,
}

impl JobSeekerInput {
    pub fn avail(&self, day: usize) -> &str {
        match day {
            0 => &self.avail_0,
            1 => &self.avail_1,
            2 => &self.avail_2,
            3 => &self.avail_3,
            4 => &self.avail_4,
            5 => &self.avail_5,
            _ => &self.avail_6,
        }
    }

    fn set_avail(&mut self, day: usize, v: String) {
        match day {
            0 => self.avail_0 = v,
            1 => self.avail_1 = v,
            2 => self.avail_2 = v,
            3 => self.avail_3 = v,
            4 => self.avail_4 = v,
            5 => self.avail_5 = v,
            _ => self.avail_6 = v,
        }
    }

    pub fn from_model(m: &job_seeker::Model) -> Self {
        let occ: Vec<String> = serde_json::from_str(&m.desired_occupations).unwrap_or_default();
        let a = availability(m);
        let hours = |min: u32| {
            if min == 0 {
                String::new()
            } else {
                format!("{}", min as f64 / 60.0)
            }
        };
        let mut i = Self {
            lock: lock_token(m),
            consent: Some("1".into()),
            consent_method: m.consent_method.clone(),
            disclosure_delivered: m.disclosure_delivered_on.map(|_| "1".into()),
            sensitive_consent: m.sensitive_consent.then(|| "1".into()),
            share_consent: m.share_consent.then(|| "1".into()),
            name: m.name.clone(),
            name_kana: m.name_kana.clone(),
            birth_date: m.birth_date.to_string(),
            postal_code: m.postal_code.clone(),
            prefecture_code: m.prefecture_code.clone(),
            municipality: m.municipality.clone(),
            address: m.address.clone(),
            nearest_station: m.nearest_station.clone(),
            phone: m.phone.clone(),
            email: m.email.clone(),
            contact_preference: m.contact_preference.clone(),
            occupation1: occ.first().cloned().unwrap_or_default(),
            occupation2: occ.get(1).cloned().unwrap_or_default(),
            occupation3: occ.get(2).cloned().unwrap_or_default(),
            desired_areas: m.desired_areas.clone(),
            desired_hourly_yen: m
                .desired_hourly_yen
                .map(|y| y.to_string())
                .unwrap_or_default(),
            desired_employment: m.desired_employment.clone(),
            max_daily_hours: hours(a.max_daily_minutes),
            max_weekly_hours: hours(a.max_weekly_minutes),
            earliest_start: a.earliest_start.map(|d| d.to_string()).unwrap_or_default(),
            education: m.education.clone(),
            licenses: m.licenses.clone(),
            work_history: m.work_history.clone(),
            support_categories: serde_json::from_str(&m.support_categories).unwrap_or_default(),
            disability_type: m.disability_type.clone(),
            disability_grade: m.disability_grade.clone(),
            disability_suspected: m.disability_suspected.then(|| "1".into()),
            disability_notes: m.disability_notes.clone(),
            ladder_step: m.ladder_step.clone(),
            supporting_agency: m.supporting_agency.clone(),
            agency_contact: m.agency_contact.clone(),
            ..Default::default()
        };
        for (d, w) in a.days.iter().enumerate() {
            i.set_avail(d, format_windows(w));
        }
        i
    }
}

pub fn availability(m: &job_seeker::Model) -> Availability {
    serde_json::from_str(&m.availability_json).unwrap_or_default()
}

pub fn desired_occupations(m: &job_seeker::Model) -> Vec<String> {
    serde_json::from_str(&m.desired_occupations).unwrap_or_default()
}

struct Clean {
    name_kana: String,
    birth_date: NaiveDate,
    postal_code: String,
    phone: String,
    email: String,
    occupations: Vec<String>,
    desired_hourly_yen: Option<i32>,
    availability: Availability,
    support_categories: Vec<String>,
}

fn date(e: &mut FieldErrors, field: &str, v: &str) -> Option<NaiveDate> {
    crate::validation::optional_date(
        e,
        field,
        v,
        "日付を正しく入力してください（例：1990-04-01 または 平成2年4月1日）",
    )
}

fn hours(e: &mut FieldErrors, field: &str, v: &str, max: f64) -> u32 {
    let s = nfkc(v.trim()).replace("時間", "");
    if s.is_empty() {
        return 0;
    }
    match s.parse::<f64>() {
        Ok(h) if h > 0.0 && h <= max => (h * 60.0).round() as u32,
        _ => {
            e.add(
                field,
                format!("時間数を数字で入力してください（{max}時間以内）"),
            );
            0
        }
    }
}

fn clean(i: &JobSeekerInput, today: NaiveDate) -> Result<Clean, FieldErrors> {
    let mut e = FieldErrors::new();
    if i.consent.is_none() {
        e.add("consent", "個人情報の利用目的を説明し、本人の同意を得てから登録してください（職業安定法第5条の5）");
    }
    if !CONSENT_METHODS.iter().any(|(c, _)| *c == i.consent_method) {
        e.add("consent_method", "同意の方法を選択してください");
    }
    if i.name.trim().is_empty() {
        e.add("name", "氏名を入力してください");
    }
    if i.name_kana.trim().is_empty() {
        e.add("name_kana", "フリガナを入力してください");
    }
    let name_kana = e.optional::<Kana>("name_kana", &i.name_kana);
    let birth_date = date(&mut e, "birth_date", &i.birth_date);
    match birth_date {
        None if !e.has("birth_date") => e.add("birth_date", "生年月日を入力してください"),
        Some(b) if b > today || today.years_since(b).unwrap_or(0) < 15 => e.add(
            "birth_date",
            "生年月日を確認してください（15歳未満は登録できません）",
        ),
        _ => {}
    }
    let postal_code = e.optional::<PostalCode>("postal_code", &i.postal_code);
    if i.prefecture_code.trim().is_empty() {
        e.add("prefecture_code", "都道府県を選択してください");
    }
    if i.municipality.trim().is_empty() {
        e.add("municipality", "市区町村を入力してください");
    }
    let phone = e.optional::<Phone>("phone", &i.phone);
    let email = normalize_email(&i.email);
    if !email.is_empty() && !validator::ValidateEmail::validate_email(&email) {
        e.add("email", "メールアドレスの形式が正しくありません");
    }
    if phone.is_empty() && email.is_empty() && i.address.trim().is_empty() {
        e.add(
            "phone",
            "連絡先（電話・メール・住所のいずれか）を入力してください",
        );
    }
    let occupations: Vec<String> = [&i.occupation1, &i.occupation2, &i.occupation3]
        .iter()
        .map(|o| o.trim().to_owned())
        .filter(|o| !o.is_empty())
        .collect();
    if occupations.is_empty() {
        e.add("occupation1", "希望職種を1つ以上選択してください");
    }
    let desired_hourly_yen = match nfkc(i.desired_hourly_yen.trim()).replace([',', '円'], "") {
        s if s.is_empty() => None,
        s => match s.parse::<i32>() {
            Ok(y) if (1..=100_000).contains(&y) => Some(y),
            _ => {
                e.add("desired_hourly_yen", "希望時給は数字で入力してください");
                None
            }
        },
    };
    let mut availability = Availability {
        max_daily_minutes: hours(&mut e, "max_daily_hours", &i.max_daily_hours, 24.0),
        max_weekly_minutes: hours(&mut e, "max_weekly_hours", &i.max_weekly_hours, 168.0),
        earliest_start: date(&mut e, "earliest_start", &i.earliest_start),
        ..Default::default()
    };
    for (d, day) in WEEKDAYS.iter().enumerate() {
        let v = i.avail(d);
        if v.trim().is_empty() {
            continue;
        }
        match parse_windows(v) {
            Ok(w) => availability.days[d] = w,
            Err(msg) => e.add(&format!("avail_{d}"), format!("{day}曜日：{msg}")),
        }
    }
    let support_categories: Vec<String> = i
        .support_categories
        .iter()
        .filter(|c| SUPPORT_CATEGORIES.iter().any(|(k, _)| k == c))
        .cloned()
        .collect();
    // 要配慮個人情報: only with explicit consent.
    let sensitive_given = !i.disability_type.trim().is_empty()
        || !i.disability_grade.trim().is_empty()
        || !i.disability_notes.trim().is_empty()
        || i.disability_suspected.is_some();
    if sensitive_given && i.sensitive_consent.is_none() {
        e.add(
            "sensitive_consent",
            "障害に関する情報は要配慮個人情報です。本人の明示の同意がある場合のみ記録できます",
        );
    }
    if !i.disability_type.is_empty()
        && !DISABILITY_TYPES
            .iter()
            .any(|(c, _)| *c == i.disability_type)
    {
        e.add("disability_type", "手帳の種類を選択してください");
    }
    if !i.ladder_step.is_empty() && !LADDER.iter().any(|(c, _)| *c == i.ladder_step) {
        e.add("ladder_step", "段階を選択してください");
    }
    if !i.supporting_agency.trim().is_empty()
        && i.share_consent.is_none()
        && !i.agency_contact.trim().is_empty()
    {
        e.add(
            "share_consent",
            "支援機関と情報を共有する場合は、本人の同意を記録してください",
        );
    }
    if !e.is_empty() {
        return Err(e);
    }
    Ok(Clean {
        name_kana,
        birth_date: birth_date.unwrap_or_default(),
        postal_code,
        phone,
        email,
        occupations,
        desired_hourly_yen,
        availability,
        support_categories,
    })
}

fn apply(am: &mut job_seeker::ActiveModel, i: &JobSeekerInput, c: Clean, today: NaiveDate) {
    let sensitive = i.sensitive_consent.is_some();
    am.consent_method = Set(i.consent_method.clone());
    am.sensitive_consent = Set(sensitive);
    am.share_consent = Set(i.share_consent.is_some());
    if i.disclosure_delivered.is_some() {
        if let sea_orm::ActiveValue::Unchanged(None) | sea_orm::ActiveValue::NotSet =
            am.disclosure_delivered_on
        {
            am.disclosure_delivered_on = Set(Some(today));
        }
    } else {
        am.disclosure_delivered_on = Set(None);
    }
    am.name = Set(i.name.trim().to_owned());
    am.name_normalized = Set(normalize_name_for_match(&i.name));
    am.name_kana = Set(c.name_kana);
    am.birth_date = Set(c.birth_date);
    am.postal_code = Set(c.postal_code);
    am.prefecture_code = Set(i.prefecture_code.clone());
    am.municipality = Set(i.municipality.trim().to_owned());
    am.address = Set(i.address.trim().to_owned());
    am.nearest_station = Set(i.nearest_station.trim().to_owned());
    am.phone_digits = Set(phone_digits(&c.phone));
    am.phone = Set(c.phone);
    am.email = Set(c.email);
    am.contact_preference = Set(i.contact_preference.trim().to_owned());
    am.desired_occupations =
        Set(serde_json::to_string(&c.occupations).unwrap_or_else(|_| "[]".into()));
    am.desired_areas = Set(i.desired_areas.trim().to_owned());
    am.desired_hourly_yen = Set(c.desired_hourly_yen);
    am.desired_employment = Set(
        if EMPLOYMENT.iter().any(|(k, _)| *k == i.desired_employment) {
            i.desired_employment.clone()
        } else {
            "any".into()
        },
    );
    am.availability_json = Set(serde_json::to_string(&c.availability).unwrap_or_default());
    am.education = Set(i.education.trim().to_owned());
    am.licenses = Set(i.licenses.trim().to_owned());
    am.work_history = Set(i.work_history.trim().to_owned());
    am.support_categories =
        Set(serde_json::to_string(&c.support_categories).unwrap_or_else(|_| "[]".into()));
    // Without explicit consent nothing sensitive is kept.
    am.disability_type = Set(if sensitive {
        i.disability_type.clone()
    } else {
        String::new()
    });
    am.disability_grade = Set(if sensitive {
        i.disability_grade.trim().to_owned()
    } else {
        String::new()
    });
    am.disability_suspected = Set(sensitive && i.disability_suspected.is_some());
    am.disability_notes = Set(if sensitive {
        i.disability_notes.trim().to_owned()
    } else {
        String::new()
    });
    am.ladder_step = Set(i.ladder_step.clone());
    am.supporting_agency = Set(i.supporting_agency.trim().to_owned());
    am.agency_contact = Set(i.agency_contact.trim().to_owned());
    am.updated_at = Set(now());
}

/// Seekers of the office that look like the same person: same name and birth date, or same phone.
pub async fn find_duplicates<C: ConnectionTrait>(
    db: &C,
    office_id: i32,
    i: &JobSeekerInput,
    except: Option<i32>,
) -> Result<Vec<job_seeker::Model>, sea_orm::DbErr> {
    let name = normalize_name_for_match(&i.name);
    let digits = phone_digits(&i.phone);
    let birth = crate::domain::wareki::parse_date(&i.birth_date);
    let mut any = Condition::any();
    if let Some(b) = birth
        && !name.is_empty()
    {
        any = any.add(
            Condition::all()
                .add(job_seeker::Column::NameNormalized.eq(name))
                .add(job_seeker::Column::BirthDate.eq(b)),
        );
    }
    if digits.len() >= 10 {
        any = any.add(job_seeker::Column::PhoneDigits.eq(digits));
    }
    if any.is_empty() {
        return Ok(Vec::new());
    }
    let mut q = job_seeker::Entity::find()
        .filter(job_seeker::Column::OfficeId.eq(office_id))
        .filter(any);
    if let Some(id) = except {
        q = q.filter(job_seeker::Column::Id.ne(id));
    }
    q.limit(20).all(db).await
}

async fn office_rule<C: ConnectionTrait>(db: &C, office_id: i32) -> ServiceResult<ValidityRule> {
    Ok(
        ValidityRule::from_code(&super::offices::get(db, office_id).await?.validity_rule)
            .unwrap_or_default(),
    )
}

/// Register a seeker. Nothing is stored unless consent was recorded.
pub async fn register(
    db: &DatabaseConnection,
    actor: &Actor,
    office_id: i32,
    i: &JobSeekerInput,
    today: NaiveDate,
) -> ServiceResult<job_seeker::Model> {
    let txn = super::write_tx(db).await?;
    let db = &txn;
    let c = clean(i, today).map_err(ServiceError::Invalid)?;
    let rule = office_rule(db, office_id).await?;
    let number =
        numbering::allocate(db, office_id, NumberKind::JobSeeker, fiscal_year_of(today)).await?;
    let t = now();
    let mut am = job_seeker::ActiveModel {
        office_id: Set(office_id),
        number: Set(number),
        state: Set(SeekerState::Active),
        registered_on: Set(today),
        valid_until: Set(rule.valid_until(today)),
        consent_given_on: Set(today),
        consent_scope: Set(PURPOSES.into()),
        staff_in_charge_id: Set(actor.id.filter(|_| actor.kind == super::ActorKind::Staff)),
        created_at: Set(t),
        ..Default::default()
    };
    apply(&mut am, i, c, today);
    let m = am.insert(db).await?;
    audit::record(
        db,
        actor,
        Some(office_id),
        "create",
        "job_seeker",
        Some(m.id.to_string()),
        format!("求職者を登録（{}、同意取得済み）", m.number),
    )
    .await?;
    txn.commit().await?;
    Ok(m)
}

pub async fn update(
    db: &DatabaseConnection,
    actor: &Actor,
    office_id: i32,
    id: i32,
    i: &JobSeekerInput,
    today: NaiveDate,
) -> ServiceResult<job_seeker::Model> {
    let txn = super::write_tx(db).await?;
    let db = &txn;
    let m = get(db, office_id, id).await?;
    let before = JobSeekerInput::from_model(&m);
    if !i.lock.trim().is_empty() && i.lock.trim() != before.lock {
        return Err(stale_edit(&before, i));
    }
    let c = clean(i, today).map_err(ServiceError::Invalid)?;
    let read_at = m.updated_at;
    let mut am: job_seeker::ActiveModel = m.into();
    apply(&mut am, i, c, today);
    // Only over the version read above: a save in between makes this one stale, not lost.
    let m = match job_seeker::Entity::update(am)
        .validate()?
        .filter(job_seeker::Column::UpdatedAt.eq(read_at))
        .exec(db)
        .await
    {
        Ok(m) => m,
        Err(sea_orm::DbErr::RecordNotUpdated) => return Err(stale_edit(&before, i)),
        Err(e) => return Err(e.into()),
    };
    let after = JobSeekerInput::from_model(&m);
    let changed = changed_fields(&before, &after);
    audit::record(
        db,
        actor,
        Some(office_id),
        "update",
        "job_seeker",
        Some(id.to_string()),
        format!(
            "求職者情報を変更: {}",
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

/// The version of a job seeker's record as an edit form carries it: the time of its last
/// change, to the nanosecond.
pub fn lock_token(m: &job_seeker::Model) -> String {
    super::version_token(m.updated_at)
}

/// 「他の職員が先に更新しました」, naming the items of the saved record that differ from what was
/// typed (names of fields, never their contents).
fn stale_edit(saved: &JobSeekerInput, typed: &JobSeekerInput) -> ServiceError {
    const LABELS: &[(&str, &str)] = &[
        ("name", "氏名"),
        ("name_kana", "フリガナ"),
        ("birth_date", "生年月日"),
        ("postal_code", "郵便番号"),
        ("municipality", "市区町村"),
        ("address", "住所"),
        ("phone", "電話番号"),
        ("email", "メールアドレス"),
        ("desired_areas", "希望勤務地"),
        ("desired_hourly_yen", "希望賃金"),
        ("max_weekly_hours", "週の上限時間"),
        ("max_daily_hours", "1日の上限時間"),
        ("earliest_start", "就業可能日"),
        ("licenses", "免許・資格"),
        ("work_history", "職歴"),
    ];
    let items = super::changed_item_labels(&changed_fields(saved, typed), LABELS);
    super::stale_edit_error("この求職者の情報", &items)
}

fn changed_fields(a: &JobSeekerInput, b: &JobSeekerInput) -> Vec<String> {
    let (Ok(serde_json::Value::Object(x)), Ok(serde_json::Value::Object(y))) =
        (serde_json::to_value(a), serde_json::to_value(b))
    else {
        return Vec::new();
    };
    x.iter()
        .filter(|(k, v)| k.as_str() != "lock" && y.get(*k) != Some(v))
        .map(|(k, _)| k.clone())
        .collect()
}

pub async fn get<C: ConnectionTrait>(
    db: &C,
    office_id: i32,
    id: i32,
) -> ServiceResult<job_seeker::Model> {
    job_seeker::Entity::find_by_id(id)
        .filter(job_seeker::Column::OfficeId.eq(office_id))
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)
}

/// Open the record (every view of a person's data is logged).
pub async fn view(
    db: &DatabaseConnection,
    actor: &Actor,
    office_id: i32,
    id: i32,
) -> ServiceResult<job_seeker::Model> {
    let m = get(db, office_id, id).await?;
    audit::record(
        db,
        actor,
        Some(office_id),
        "view",
        "job_seeker",
        Some(id.to_string()),
        "求職者情報を閲覧",
    )
    .await?;
    Ok(m)
}

/// A contact renews the registration (valid again by the office's rule from today).
pub async fn renew<C: ConnectionTrait>(
    db: &C,
    office_id: i32,
    m: job_seeker::Model,
    today: NaiveDate,
) -> ServiceResult<job_seeker::Model> {
    if m.state != SeekerState::Active {
        return Ok(m);
    }
    let until = office_rule(db, office_id).await?.valid_until(today);
    if until <= m.valid_until {
        return Ok(m);
    }
    let mut am: job_seeker::ActiveModel = m.into();
    am.valid_until = Set(until);
    am.updated_at = Set(now());
    Ok(am.update(db).await?)
}

pub const CLOSE_REASONS: &[(&str, &str)] = &[
    ("placed", "就職"),
    ("withdrawn", "取消"),
    ("expired", "期限切れ"),
];

pub async fn close<C: super::Db>(
    db: &C,
    actor: &Actor,
    office_id: i32,
    id: i32,
    reason: &str,
    today: NaiveDate,
) -> ServiceResult<job_seeker::Model> {
    let txn = super::write_tx(db).await?;
    let db = &txn;
    let m = get(db, office_id, id).await?;
    if !matches!(reason, "placed" | "withdrawn") {
        return Err(ServiceError::Refused(
            "終了の理由（就職・辞退など）を選択してから「求職登録を終了」を押してください。".into(),
        ));
    }
    if m.state != SeekerState::Active {
        return Err(ServiceError::Refused(
            "この求職登録は既に終了しています。".into(),
        ));
    }
    let mut am: job_seeker::ActiveModel = m.into();
    am.state = Set(SeekerState::Closed);
    am.closed_reason = Set(Some(reason.into()));
    am.closed_on = Set(Some(today));
    am.updated_at = Set(now());
    let m = am.update(db).await?;
    audit::record(
        db,
        actor,
        Some(office_id),
        "close",
        "job_seeker",
        Some(id.to_string()),
        format!("求職登録を終了（{}）", label(CLOSE_REASONS, reason)),
    )
    .await?;
    txn.commit().await?;
    Ok(m)
}

/// Reopen a closed registration (e.g. after leaving a job); valid again from today.
pub async fn reopen<C: super::Db>(
    db: &C,
    actor: &Actor,
    office_id: i32,
    id: i32,
    today: NaiveDate,
) -> ServiceResult<job_seeker::Model> {
    let txn = super::write_tx(db).await?;
    let db = &txn;
    let m = get(db, office_id, id).await?;
    let until = office_rule(db, office_id).await?.valid_until(today);
    let mut am: job_seeker::ActiveModel = m.into();
    am.state = Set(SeekerState::Active);
    am.closed_reason = Set(None);
    am.closed_on = Set(None);
    am.valid_until = Set(until);
    am.updated_at = Set(now());
    let m = am.update(db).await?;
    audit::record(
        db,
        actor,
        Some(office_id),
        "reopen",
        "job_seeker",
        Some(id.to_string()),
        "求職登録を再開",
    )
    .await?;
    txn.commit().await?;
    Ok(m)
}

/// The registration as it stands on `today`: an active one past its validity is closed
/// (期限切れ, on its last valid day), whether or not the scheduled job has written that yet.
pub fn effective(mut m: job_seeker::Model, today: NaiveDate) -> job_seeker::Model {
    if m.state == SeekerState::Active && m.valid_until < today {
        m.state = SeekerState::Closed;
        m.closed_reason = Some("expired".into());
        m.closed_on = Some(m.valid_until);
    }
    m
}

/// SQL: the registration is active and valid on `today`.
pub fn active_on(today: NaiveDate) -> Condition {
    Condition::all()
        .add(job_seeker::Column::State.eq(SeekerState::Active))
        .add(job_seeker::Column::ValidUntil.gte(today))
}

/// Close every registration whose validity ended before `today`, in batches of 500 (each with
/// its audit entries in one transaction). Run by the scheduled job.
pub async fn expire_due(db: &DatabaseConnection, today: NaiveDate) -> Result<u64, sea_orm::DbErr> {
    let mut n = 0;
    loop {
        let due: Vec<(i32, i32, NaiveDate)> = job_seeker::Entity::find()
            .filter(job_seeker::Column::State.eq(SeekerState::Active))
            .filter(job_seeker::Column::ValidUntil.lt(today))
            .select_only()
            .column(job_seeker::Column::Id)
            .column(job_seeker::Column::OfficeId)
            .column(job_seeker::Column::ValidUntil)
            .order_by_asc(job_seeker::Column::ValidUntil)
            .order_by_asc(job_seeker::Column::Id)
            .limit(500)
            .into_tuple()
            .all(db)
            .await?;
        if due.is_empty() {
            return Ok(n);
        }
        let txn = db.begin().await?;
        for (id, office_id, until) in &due {
            let res = job_seeker::Entity::update_many()
                .col_expr(job_seeker::Column::State, Expr::value(SeekerState::Closed))
                .col_expr(job_seeker::Column::ClosedReason, Expr::value("expired"))
                .col_expr(job_seeker::Column::ClosedOn, Expr::value(*until))
                .filter(job_seeker::Column::Id.eq(*id))
                .filter(job_seeker::Column::State.eq(SeekerState::Active))
                .exec(&txn)
                .await?;
            if res.rows_affected == 1 {
                audit::record(
                    &txn,
                    &Actor::system(),
                    Some(*office_id),
                    "expire",
                    "job_seeker",
                    Some(id.to_string()),
                    "求職登録の有効期限切れ",
                )
                .await?;
                n += 1;
            }
        }
        txn.commit().await?;
        if due.len() < 500 {
            return Ok(n);
        }
    }
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct NoteInput {
    pub noted_on: String,
    pub body: String,
}

/// A dated case note; the contact renews the registration.
pub async fn add_note(
    db: &DatabaseConnection,
    actor: &Actor,
    office_id: i32,
    id: i32,
    i: &NoteInput,
    today: NaiveDate,
) -> ServiceResult<case_note::Model> {
    let txn = super::write_tx(db).await?;
    let db = &txn;
    let m = get(db, office_id, id).await?;
    let mut e = FieldErrors::new();
    let on = date(&mut e, "noted_on", &i.noted_on).unwrap_or(today);
    if i.body.trim().is_empty() {
        e.add("body", "記録の内容を入力してください");
    }
    e.into_result()?;
    let note = case_note::ActiveModel {
        office_id: Set(office_id),
        job_seeker_id: Set(id),
        staff_user_id: Set(actor.id),
        noted_on: Set(on),
        body: Set(i.body.trim().to_owned()),
        created_at: Set(now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    renew(db, office_id, m, today).await?;
    audit::record(
        db,
        actor,
        Some(office_id),
        "create",
        "case_note",
        Some(note.id.to_string()),
        format!("求職者 #{id} の相談記録を追加"),
    )
    .await?;
    txn.commit().await?;
    Ok(note)
}

pub async fn notes<C: ConnectionTrait>(
    db: &C,
    office_id: i32,
    id: i32,
) -> Result<Vec<case_note::Model>, sea_orm::DbErr> {
    case_note::Entity::find()
        .filter(case_note::Column::OfficeId.eq(office_id))
        .filter(case_note::Column::JobSeekerId.eq(id))
        .order_by_desc(case_note::Column::NotedOn)
        .order_by_desc(case_note::Column::Id)
        .all(db)
        .await
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct SeekerFilter {
    pub q: String,
    pub state: String,
    pub support: String,
    pub ladder: String,
    pub staff_id: Option<i32>,
    pub page: Option<u64>,
}

pub struct SeekerPage {
    pub rows: Vec<job_seeker::Model>,
    pub total: u64,
    pub page: u64,
    pub pages: u64,
}

/// A page of the office's registrations by their stored state.
pub async fn list<C: ConnectionTrait>(
    db: &C,
    office_id: i32,
    f: &SeekerFilter,
) -> Result<SeekerPage, sea_orm::DbErr> {
    list_rows(db, office_id, f, None).await
}

/// A page of the office's registrations with states as on `today` (one past its validity counts
/// as closed, 期限切れ, before the scheduled job writes it).
pub async fn list_on<C: ConnectionTrait>(
    db: &C,
    office_id: i32,
    f: &SeekerFilter,
    today: NaiveDate,
) -> Result<SeekerPage, sea_orm::DbErr> {
    let mut page = list_rows(db, office_id, f, Some(today)).await?;
    page.rows = page.rows.into_iter().map(|m| effective(m, today)).collect();
    Ok(page)
}

async fn list_rows<C: ConnectionTrait>(
    db: &C,
    office_id: i32,
    f: &SeekerFilter,
    today: Option<NaiveDate>,
) -> Result<SeekerPage, sea_orm::DbErr> {
    let mut q = job_seeker::Entity::find().filter(job_seeker::Column::OfficeId.eq(office_id));
    let term = f.q.trim();
    if !term.is_empty() {
        let digits = phone_digits(term);
        let mut any = Condition::any()
            .add(job_seeker::Column::NameNormalized.contains(normalize_name_for_match(term)))
            .add(job_seeker::Column::NameKana.contains(to_katakana(term)))
            .add(job_seeker::Column::Number.contains(term.to_uppercase()));
        if digits.len() >= 4 {
            any = any.add(job_seeker::Column::PhoneDigits.contains(digits));
        }
        q = q.filter(any);
    }
    // States as on `today`: a registration past its validity counts as closed.
    match (f.state.as_str(), today) {
        ("" | "active", Some(today)) => q = q.filter(active_on(today)),
        ("closed", Some(today)) => {
            q = q.filter(
                Condition::any()
                    .add(job_seeker::Column::State.eq(SeekerState::Closed))
                    .add(job_seeker::Column::ValidUntil.lt(today)),
            )
        }
        ("" | "active", None) => q = q.filter(job_seeker::Column::State.eq(SeekerState::Active)),
        ("closed", None) => q = q.filter(job_seeker::Column::State.eq(SeekerState::Closed)),
        _ => {}
    }
    if SUPPORT_CATEGORIES.iter().any(|(c, _)| *c == f.support) {
        q = q.filter(job_seeker::Column::SupportCategories.contains(format!("\"{}\"", f.support)));
    }
    if LADDER.iter().any(|(c, _)| *c == f.ladder) {
        q = q.filter(job_seeker::Column::LadderStep.eq(f.ladder.clone()));
    }
    if let Some(s) = f.staff_id {
        q = q.filter(job_seeker::Column::StaffInChargeId.eq(s));
    }
    let total = q.clone().count(db).await?;
    let pages = total.div_ceil(50).max(1);
    let page = f.page.unwrap_or(1).clamp(1, pages);
    let rows = q
        .order_by_desc(job_seeker::Column::RegisteredOn)
        .order_by_desc(job_seeker::Column::Id)
        .offset((page - 1) * 50)
        .limit(50)
        .all(db)
        .await?;
    Ok(SeekerPage {
        rows,
        total,
        page,
        pages,
    })
}

/// How many registrations of the office are active.
pub async fn count_active<C: ConnectionTrait>(
    db: &C,
    office_id: i32,
) -> Result<u64, sea_orm::DbErr> {
    job_seeker::Entity::find()
        .filter(job_seeker::Column::OfficeId.eq(office_id))
        .filter(job_seeker::Column::State.eq(SeekerState::Active))
        .count(db)
        .await
}
