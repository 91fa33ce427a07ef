//! Offices (紹介所) and their settings. A deployment may host several (共同実施).
use super::error::{ServiceError, ServiceResult};
use super::{Actor, audit, now};
use crate::domain::normalize::normalize_email;
use crate::domain::validity::ValidityRule;
use crate::domain::values::{Phone, PostalCode};
use crate::validation::{FieldErrors, check};
use entity::{office, prefecture};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder,
};
use serde::Deserialize;
use validator::Validate;

/// Default text of the complaint-handling notice (職業安定法第29条の5).
pub const DEFAULT_COMPLAINT_HANDLING: &str = "求人者・求職者からの苦情は、窓口・電話・電子メールで受け付けます。苦情処理の担当者が事実関係を確認し、適切かつ迅速に処理します。処理の経過と結果は苦情処理簿に記録します。";
/// Default text of the personal-information notice (職業安定法第5条の5).
pub const DEFAULT_PRIVACY_POLICY: &str = "求職者等の個人情報は、職業紹介の業務の目的の達成に必要な範囲内で収集し、保管し、使用します。本人の同意がある場合その他正当な事由がある場合を除き、目的外に利用し、第三者に提供することはありません。個人情報の開示・訂正・削除の求めには、担当窓口で対応します。";
/// Default scope of handling (取扱職種の範囲等).
pub const DEFAULT_SCOPE: &str =
    "取扱職種：全職種\n取扱地域：国内\n取り扱う求職者：市内在住の方及び市内での就職を希望する方";

/// Everything an admin sets for an office. All fields are strings as typed, so a form that fails
/// validation can be shown again exactly as it was.
#[derive(Clone, Debug, Default, Deserialize, Validate)]
pub struct OfficeInput {
    #[validate(length(
        min = 1,
        max = 20,
        message = "事業所コードを20文字以内で入力してください"
    ))]
    #[serde(default)]
    pub code: String,
    #[validate(length(min = 1, max = 100, message = "名称を入力してください"))]
    #[serde(default)]
    pub name: String,
    #[validate(length(min = 1, max = 100, message = "市区町村名を入力してください"))]
    #[serde(default)]
    pub municipality: String,
    #[serde(default)]
    pub prefecture_code: String,
    #[serde(default)]
    pub postal_code: String,
    #[validate(length(max = 200, message = "所在地は200文字以内で入力してください"))]
    #[serde(default)]
    pub address: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub fax: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub population: String,
    #[validate(length(max = 4000, message = "4000文字以内で入力してください"))]
    #[serde(default)]
    pub scope_of_handling: String,
    #[validate(length(max = 4000, message = "4000文字以内で入力してください"))]
    #[serde(default)]
    pub complaint_handling: String,
    #[validate(length(max = 4000, message = "4000文字以内で入力してください"))]
    #[serde(default)]
    pub privacy_policy: String,
    /// A validity-rule code (`month_end+2`, `days+90`, …).
    #[serde(default)]
    pub validity_rule: String,
    /// Occupation codes outside the scope of handling, comma-separated (e.g. `14, 096`).
    #[serde(default)]
    pub excluded_occupations: String,
    /// Days after a referral before the employer is reminded of the result.
    #[serde(default)]
    pub result_reminder_days: String,
    /// Check box: the 紹介状 shows the seeker's birth date and address.
    #[serde(default)]
    pub letter_shows_birth_and_address: Option<String>,
    /// Years closed records are kept before anonymisation (default 2).
    #[serde(default)]
    pub retention_years: String,
}

/// The municipality an office's name starts with (「豊中市無料職業紹介所」 → 「豊中市」; 「町田市…」
/// → 「町田市」), or the whole name when it names none (the admin corrects it in the settings).
fn municipality_in(name: &str) -> String {
    let chars: Vec<char> = name.trim().chars().collect();
    chars
        .iter()
        .enumerate()
        .skip(1)
        .find(|(_, c)| matches!(c, '市' | '区' | '町' | '村'))
        .map(|(i, _)| chars[..=i].iter().collect())
        .unwrap_or_else(|| name.trim().to_owned())
}

impl OfficeInput {
    /// A new office: default texts filled in.
    pub fn with_defaults(code: &str, name: &str, prefecture_code: &str) -> Self {
        Self {
            code: code.into(),
            name: name.into(),
            municipality: municipality_in(name),
            prefecture_code: prefecture_code.into(),
            scope_of_handling: DEFAULT_SCOPE.into(),
            complaint_handling: DEFAULT_COMPLAINT_HANDLING.into(),
            privacy_policy: DEFAULT_PRIVACY_POLICY.into(),
            validity_rule: ValidityRule::default().to_code(),
            result_reminder_days: "14".into(),
            retention_years: "2".into(),
            ..Default::default()
        }
    }

    pub fn from_model(m: &office::Model) -> Self {
        Self {
            code: m.code.clone(),
            name: m.name.clone(),
            municipality: m.municipality.clone(),
            prefecture_code: m.prefecture_code.clone(),
            postal_code: m.postal_code.clone(),
            address: m.address.clone(),
            phone: m.phone.clone(),
            fax: m.fax.clone(),
            email: m.email.clone(),
            population: m.population.map(|p| p.to_string()).unwrap_or_default(),
            scope_of_handling: m.scope_of_handling.clone(),
            complaint_handling: m.complaint_handling.clone(),
            privacy_policy: m.privacy_policy.clone(),
            validity_rule: m.validity_rule.clone(),
            excluded_occupations: m.excluded_occupations.clone(),
            result_reminder_days: m.result_reminder_days.to_string(),
            letter_shows_birth_and_address: m.letter_shows_birth_and_address.then(|| "1".into()),
            retention_years: m.retention_years.to_string(),
        }
    }
}

/// Validated and normalised office settings.
struct Clean {
    code: String,
    postal_code: String,
    phone: String,
    fax: String,
    email: String,
    population: Option<i32>,
    validity_rule: String,
    excluded_occupations: String,
    result_reminder_days: i32,
    retention_years: i32,
}

async fn clean<C: ConnectionTrait>(db: &C, input: &OfficeInput) -> ServiceResult<Clean> {
    let mut errors = check(input);
    let code = crate::domain::normalize::nfkc(input.code.trim()).to_uppercase();
    if !code.is_empty()
        && !code
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        errors.add(
            "code",
            "事業所コードは半角英数字とハイフンで入力してください",
        );
    }
    if prefecture::Entity::find_by_id(input.prefecture_code.clone())
        .one(db)
        .await?
        .is_none()
    {
        errors.add("prefecture_code", "都道府県を選択してください");
    }
    let postal_code = errors.optional::<PostalCode>("postal_code", &input.postal_code);
    let phone = errors.optional::<Phone>("phone", &input.phone);
    let fax = errors.optional::<Phone>("fax", &input.fax);
    let email = normalize_email(&input.email);
    if !email.is_empty() && !validator::ValidateEmail::validate_email(&email) {
        errors.add("email", "メールアドレスの形式が正しくありません");
    }
    let population = match crate::domain::normalize::nfkc(input.population.trim()).replace(',', "")
    {
        p if p.is_empty() => None,
        p => match p.parse::<i32>() {
            Ok(n) if n > 0 => Some(n),
            _ => {
                errors.add("population", "人口は正の整数で入力してください");
                None
            }
        },
    };
    let rule = if input.validity_rule.trim().is_empty() {
        Some(ValidityRule::default())
    } else {
        ValidityRule::from_code(input.validity_rule.trim())
    };
    if rule.is_none() {
        errors.add("validity_rule", "有効期間の規則を選択してください");
    }
    let excluded_occupations = crate::domain::normalize::nfkc(&input.excluded_occupations)
        .split([',', '、', ' '])
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(str::to_owned)
        .collect::<Vec<_>>();
    if excluded_occupations
        .iter()
        .any(|c| !c.chars().all(|ch| ch.is_ascii_digit()) || !(2..=3).contains(&c.len()))
    {
        errors.add(
            "excluded_occupations",
            "職業分類のコード（大分類2桁・中分類3桁）を「,」で区切って入力してください",
        );
    }
    let result_reminder_days =
        match crate::domain::normalize::nfkc(input.result_reminder_days.trim()).as_str() {
            "" => 14,
            v => v
                .parse::<i32>()
                .ok()
                .filter(|d| (1..=365).contains(d))
                .unwrap_or_else(|| {
                    errors.add("result_reminder_days", "1〜365の日数を入力してください");
                    14
                }),
        };
    let retention_years =
        match crate::domain::normalize::nfkc(input.retention_years.trim()).as_str() {
            "" => 2,
            v => v
                .parse::<i32>()
                .ok()
                .filter(|y| (1..=30).contains(y))
                .unwrap_or_else(|| {
                    errors.add("retention_years", "保存年数は1〜30年で入力してください");
                    2
                }),
        };
    errors.into_result()?;
    Ok(Clean {
        retention_years,
        excluded_occupations: excluded_occupations.join(", "),
        result_reminder_days,
        code,
        postal_code,
        phone,
        fax,
        email,
        population,
        validity_rule: rule.unwrap_or_default().to_code(),
    })
}

fn or_default(value: &str, default: &str) -> String {
    match value.trim() {
        "" => default.to_owned(),
        v => v.to_owned(),
    }
}

pub async fn create<C: super::Db>(
    db: &C,
    actor: &Actor,
    input: &OfficeInput,
) -> ServiceResult<office::Model> {
    let txn = super::write_tx(db).await?;
    let db = &txn;
    let c = clean(db, input).await?;
    if find_by_code(db, &c.code).await?.is_some() {
        let mut e = FieldErrors::new();
        e.add("code", "この事業所コードは既に使われています");
        return Err(ServiceError::Invalid(e));
    }
    let t = now();
    let m = office::ActiveModel {
        code: Set(c.code),
        name: Set(input.name.trim().to_owned()),
        municipality: Set(input.municipality.trim().to_owned()),
        prefecture_code: Set(input.prefecture_code.clone()),
        postal_code: Set(c.postal_code),
        address: Set(input.address.trim().to_owned()),
        phone: Set(c.phone),
        fax: Set(c.fax),
        email: Set(c.email),
        population: Set(c.population),
        // The disclosure texts are required by 職業安定法29条の5: start from the defaults.
        scope_of_handling: Set(or_default(&input.scope_of_handling, DEFAULT_SCOPE)),
        complaint_handling: Set(or_default(
            &input.complaint_handling,
            DEFAULT_COMPLAINT_HANDLING,
        )),
        privacy_policy: Set(or_default(&input.privacy_policy, DEFAULT_PRIVACY_POLICY)),
        validity_rule: Set(c.validity_rule),
        excluded_occupations: Set(c.excluded_occupations),
        result_reminder_days: Set(c.result_reminder_days),
        letter_shows_birth_and_address: Set(input.letter_shows_birth_and_address.is_some()),
        retention_years: Set(c.retention_years),
        created_at: Set(t),
        updated_at: Set(t),
        ..Default::default()
    }
    .insert(db)
    .await?;
    audit::record(
        db,
        actor,
        Some(m.id),
        "create",
        "office",
        Some(m.id.to_string()),
        "紹介所を作成",
    )
    .await?;
    txn.commit().await?;
    Ok(m)
}

/// Save an office's settings; the audit entry names the fields that changed.
pub async fn update<C: super::Db>(
    db: &C,
    actor: &Actor,
    office_id: i32,
    input: &OfficeInput,
) -> ServiceResult<office::Model> {
    let txn = super::write_tx(db).await?;
    let db = &txn;
    let current = get(db, office_id).await?;
    let mut required = FieldErrors::new();
    for (field, value) in [
        ("scope_of_handling", &input.scope_of_handling),
        ("complaint_handling", &input.complaint_handling),
        ("privacy_policy", &input.privacy_policy),
    ] {
        if value.trim().is_empty() {
            required.add(
                field,
                "職業安定法第29条の5により明示が必要な事項です。入力してください",
            );
        }
    }
    let c = match clean(db, input).await {
        Ok(c) if required.is_empty() => c,
        Ok(_) => return Err(ServiceError::Invalid(required)),
        Err(ServiceError::Invalid(mut e)) => {
            for (k, ms) in required.0 {
                for m in ms {
                    e.add(&k, m);
                }
            }
            return Err(ServiceError::Invalid(e));
        }
        Err(e) => return Err(e),
    };
    if c.code != current.code && find_by_code(db, &c.code).await?.is_some() {
        let mut e = FieldErrors::new();
        e.add("code", "この事業所コードは既に使われています");
        return Err(ServiceError::Invalid(e));
    }
    let before = OfficeInput::from_model(&current);
    let mut am: office::ActiveModel = current.into();
    am.code = Set(c.code);
    am.name = Set(input.name.trim().to_owned());
    am.municipality = Set(input.municipality.trim().to_owned());
    am.prefecture_code = Set(input.prefecture_code.clone());
    am.postal_code = Set(c.postal_code);
    am.address = Set(input.address.trim().to_owned());
    am.phone = Set(c.phone);
    am.fax = Set(c.fax);
    am.email = Set(c.email);
    am.population = Set(c.population);
    am.scope_of_handling = Set(input.scope_of_handling.trim().to_owned());
    am.complaint_handling = Set(input.complaint_handling.trim().to_owned());
    am.privacy_policy = Set(input.privacy_policy.trim().to_owned());
    am.validity_rule = Set(c.validity_rule);
    am.excluded_occupations = Set(c.excluded_occupations);
    am.result_reminder_days = Set(c.result_reminder_days);
    am.letter_shows_birth_and_address = Set(input.letter_shows_birth_and_address.is_some());
    am.retention_years = Set(c.retention_years);
    am.updated_at = Set(now());
    let m = am.update(db).await?;
    let after = OfficeInput::from_model(&m);
    let changed = changed_fields(&before, &after);
    audit::record(
        db,
        actor,
        Some(m.id),
        "update",
        "office",
        Some(m.id.to_string()),
        format!(
            "設定を変更: {}",
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

fn changed_fields(a: &OfficeInput, b: &OfficeInput) -> Vec<&'static str> {
    let letter = |i: &OfficeInput| i.letter_shows_birth_and_address.is_some().to_string();
    let (la, lb) = (letter(a), letter(b));
    let pairs: [(&'static str, &String, &String); 18] = [
        ("retention_years", &a.retention_years, &b.retention_years),
        (
            "excluded_occupations",
            &a.excluded_occupations,
            &b.excluded_occupations,
        ),
        (
            "result_reminder_days",
            &a.result_reminder_days,
            &b.result_reminder_days,
        ),
        ("letter_shows_birth_and_address", &la, &lb),
        ("code", &a.code, &b.code),
        ("name", &a.name, &b.name),
        ("municipality", &a.municipality, &b.municipality),
        ("prefecture_code", &a.prefecture_code, &b.prefecture_code),
        ("postal_code", &a.postal_code, &b.postal_code),
        ("address", &a.address, &b.address),
        ("phone", &a.phone, &b.phone),
        ("fax", &a.fax, &b.fax),
        ("email", &a.email, &b.email),
        ("population", &a.population, &b.population),
        (
            "scope_of_handling",
            &a.scope_of_handling,
            &b.scope_of_handling,
        ),
        (
            "complaint_handling",
            &a.complaint_handling,
            &b.complaint_handling,
        ),
        ("privacy_policy", &a.privacy_policy, &b.privacy_policy),
        ("validity_rule", &a.validity_rule, &b.validity_rule),
    ];
    pairs
        .into_iter()
        .filter(|(_, x, y)| x != y)
        .map(|(n, _, _)| n)
        .collect()
}

pub async fn get<C: ConnectionTrait>(db: &C, id: i32) -> ServiceResult<office::Model> {
    office::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)
}

pub async fn find_by_code<C: ConnectionTrait>(
    db: &C,
    code: &str,
) -> Result<Option<office::Model>, sea_orm::DbErr> {
    office::Entity::find()
        .filter(office::Column::Code.eq(code.trim().to_uppercase()))
        .one(db)
        .await
}

pub async fn all<C: ConnectionTrait>(db: &C) -> Result<Vec<office::Model>, sea_orm::DbErr> {
    office::Entity::find()
        .order_by_asc(office::Column::Code)
        .all(db)
        .await
}

#[cfg(test)]
mod municipality_tests {
    #[test]
    fn the_municipality_is_read_from_the_name() {
        assert_eq!(super::municipality_in("豊中市無料職業紹介所"), "豊中市");
        assert_eq!(super::municipality_in("町田市しごと相談室"), "町田市");
        assert_eq!(super::municipality_in("世田谷区無料職業紹介所"), "世田谷区");
        assert_eq!(
            super::municipality_in("ふるさと就職センター"),
            "ふるさと就職センター"
        );
    }
}
