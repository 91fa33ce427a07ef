//! What staff type for a job seeker: the code tables of the form, the input as typed (nothing
//! lost), and reading it into clean values with a message next to each field that cannot be read.
use super::*;

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

pub use crate::services::label;

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

pub(super) struct Clean {
    pub(super) name_kana: String,
    pub(super) birth_date: NaiveDate,
    pub(super) postal_code: String,
    pub(super) phone: String,
    pub(super) email: String,
    pub(super) occupations: Vec<String>,
    pub(super) desired_hourly_yen: Option<i32>,
    pub(super) availability: Availability,
    pub(super) support_categories: Vec<String>,
}

pub(super) fn date(e: &mut FieldErrors, field: &str, v: &str) -> Option<NaiveDate> {
    crate::validation::optional_date(
        e,
        field,
        v,
        "日付を正しく入力してください（例：1990-04-01 または 平成2年4月1日）",
    )
}

pub(super) fn hours(e: &mut FieldErrors, field: &str, v: &str, max: f64) -> u32 {
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

pub(super) fn clean(i: &JobSeekerInput, today: NaiveDate) -> Result<Clean, FieldErrors> {
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

pub(super) fn apply(
    am: &mut job_seeker::ActiveModel,
    i: &JobSeekerInput,
    c: Clean,
    today: NaiveDate,
) {
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
