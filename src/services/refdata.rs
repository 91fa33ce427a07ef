//! Reference data shipped with the app (`refdata/` in the repository, compiled in) and loaded
//! into the database: prefectures, minimum wages with effective dates, occupations, industries,
//! eras. Loading is idempotent; an admin can import a corrected or next year's minimum-wage CSV
//! and confirm an unverified table.
use super::error::ServiceError;
use super::error::ServiceResult;
use super::{Actor, audit, now};
use crate::validation::FieldErrors;
use chrono::NaiveDate;
use entity::{era, industry, minimum_wage, occupation, prefecture};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, sea_query::OnConflict,
};
use serde::Deserialize;

const PREFECTURES: &str = include_str!("../../refdata/prefectures.csv");
const MW_2024: &str = include_str!("../../refdata/minimum_wage_2024.csv");
const MW_2025: &str = include_str!("../../refdata/minimum_wage_2025.csv");
const MW_2026: &str = include_str!("../../refdata/minimum_wage_2026_UNVERIFIED.csv");
const OCC_2022: &str = include_str!("../../refdata/occupations_2022.csv");
const OCC_2011: &str = include_str!("../../refdata/occupations_2011.csv");
const INDUSTRIES: &str = include_str!("../../refdata/industries_jsic.csv");
const ERAS: &str = include_str!("../../refdata/wareki_eras.csv");

const MW_SOURCE_VERIFIED: &str =
    "厚生労働省「地域別最低賃金 全国一覧」、官報公示（refdata/SOURCES.md）";

fn rows<T: for<'de> Deserialize<'de>>(csv_text: &str) -> anyhow::Result<Vec<T>> {
    let mut r = csv::Reader::from_reader(csv_text.as_bytes());
    Ok(r.deserialize().collect::<Result<Vec<T>, _>>()?)
}

#[derive(Deserialize)]
struct PrefRow {
    pref_code: String,
    pref_name: String,
    pref_name_kana: String,
    pref_name_en: String,
}

/// A minimum-wage row as in the shipped files and in an admin's import.
#[derive(Deserialize, Debug)]
pub struct WageRow {
    pub pref_code: String,
    #[serde(default)]
    pub pref_name: String,
    pub hourly_yen: String,
    pub effective_date: String,
    #[serde(default)]
    pub verification_status: Option<String>,
}

#[derive(Deserialize)]
struct OccRow {
    level: String,
    code: String,
    name: String,
    parent_code: String,
}

#[derive(Deserialize)]
struct IndRow {
    code: String,
    name: String,
    middle_code_range: String,
}

#[derive(Deserialize)]
struct EraRow {
    era_kanji: String,
    era_kana: String,
    era_romaji: String,
    era_initial: String,
    start_date: NaiveDate,
    end_date: Option<NaiveDate>,
}

/// The 年度 a minimum-wage revision belongs to: revisions take effect from October to March.
pub fn wage_fiscal_year(effective: NaiveDate) -> i32 {
    crate::domain::fiscal_year::fiscal_year_of(effective)
}

/// Load everything bundled, inserting only what is missing (an admin's corrections stay).
/// Middle group → major group (and each group → its parent) of the 2022 classification, from
/// the bundled table: the codes and their parents are the classification's own and never
/// change (an admin may only name a code), so matching and the reports read this map instead
/// of the occupations table on every request.
pub fn occupation_majors() -> &'static std::collections::HashMap<String, String> {
    static MAJORS: std::sync::LazyLock<std::collections::HashMap<String, String>> =
        std::sync::LazyLock::new(|| {
            rows::<OccRow>(OCC_2022)
                .expect("the bundled occupation table parses (load_bundled reads it too)")
                .into_iter()
                .filter(|r| !r.parent_code.is_empty())
                .map(|r| (r.code, r.parent_code))
                .collect()
        });
    &MAJORS
}

pub async fn load_bundled(db: &DatabaseConnection) -> anyhow::Result<()> {
    if prefecture::Entity::find().count(db).await? == 0 {
        let txn = super::write_tx(db).await?;
        for r in rows::<PrefRow>(PREFECTURES)? {
            prefecture::ActiveModel {
                code: Set(r.pref_code),
                name: Set(r.pref_name),
                name_kana: Set(r.pref_name_kana),
                name_en: Set(r.pref_name_en),
            }
            .insert(&txn)
            .await?;
        }
        for r in rows::<EraRow>(ERAS)? {
            era::ActiveModel {
                name: Set(r.era_kanji),
                name_kana: Set(r.era_kana),
                name_romaji: Set(r.era_romaji),
                initial: Set(r.era_initial),
                start_date: Set(r.start_date),
                end_date: Set(r.end_date),
            }
            .insert(&txn)
            .await?;
        }
        for r in rows::<IndRow>(INDUSTRIES)? {
            industry::ActiveModel {
                code: Set(r.code),
                name: Set(r.name),
                middle_code_range: Set(r.middle_code_range),
            }
            .insert(&txn)
            .await?;
        }
        for (rev, text) in [("2022", OCC_2022), ("2011", OCC_2011)] {
            for r in rows::<OccRow>(text)? {
                occupation::ActiveModel {
                    revision: Set(rev.to_owned()),
                    level: Set(r.level),
                    code: Set(r.code),
                    name: Set(r.name),
                    parent_code: Set(Some(r.parent_code).filter(|p| !p.is_empty())),
                    ..Default::default()
                }
                .insert(&txn)
                .await?;
            }
        }
        txn.commit().await?;
    }
    for (text, verified) in [(MW_2024, true), (MW_2025, true), (MW_2026, false)] {
        let parsed = parse_wage_rows(rows::<WageRow>(text)?)
            .map_err(|e| anyhow::anyhow!("bundled minimum wages invalid: {e:?}"))?;
        insert_missing_wages(db, &parsed, verified).await?;
    }
    Ok(())
}

#[derive(Debug, Clone)]
pub struct ParsedWage {
    pub prefecture_code: String,
    pub hourly_yen: i32,
    pub effective_date: NaiveDate,
    pub source: String,
}

/// Check rows; every problem is reported with its line number (Japanese).
pub fn parse_wage_rows(rows: Vec<WageRow>) -> Result<Vec<ParsedWage>, Vec<String>> {
    let mut out = Vec::new();
    let mut problems = Vec::new();
    for (i, r) in rows.into_iter().enumerate() {
        let line = i + 2;
        let code = crate::domain::normalize::normalize_digits(r.pref_code.trim());
        let code = if code.len() == 1 {
            format!("0{code}")
        } else {
            code
        };
        let valid_code = code.len() == 2
            && code
                .parse::<u32>()
                .map(|n| (1..=47).contains(&n))
                .unwrap_or(false);
        let yen = crate::domain::normalize::normalize_digits(r.hourly_yen.trim()).replace(',', "");
        let yen = yen.parse::<i32>().ok().filter(|y| (500..=5000).contains(y));
        let date = NaiveDate::parse_from_str(r.effective_date.trim(), "%Y-%m-%d")
            .or_else(|_| NaiveDate::parse_from_str(r.effective_date.trim(), "%Y/%m/%d"))
            .ok();
        if !valid_code {
            problems.push(format!(
                "{line}行目: 都道府県コード「{}」が正しくありません（01〜47）",
                r.pref_code
            ));
        }
        if yen.is_none() {
            problems.push(format!(
                "{line}行目: 時間額「{}」が正しくありません（500〜5000円の整数）",
                r.hourly_yen
            ));
        }
        if date.is_none() {
            problems.push(format!(
                "{line}行目: 発効日「{}」が正しくありません（YYYY-MM-DD）",
                r.effective_date
            ));
        }
        if let (true, Some(hourly_yen), Some(effective_date)) = (valid_code, yen, date) {
            out.push(ParsedWage {
                prefecture_code: code,
                hourly_yen,
                effective_date,
                source: r
                    .verification_status
                    .filter(|s| !s.trim().is_empty())
                    .unwrap_or_else(|| MW_SOURCE_VERIFIED.to_owned()),
            });
        }
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

async fn insert_missing_wages<C: ConnectionTrait>(
    db: &C,
    rows: &[ParsedWage],
    verified: bool,
) -> Result<(), sea_orm::DbErr> {
    for r in rows {
        minimum_wage::Entity::insert(wage_model(r, verified))
            .on_conflict(
                OnConflict::columns([
                    minimum_wage::Column::PrefectureCode,
                    minimum_wage::Column::EffectiveDate,
                ])
                .do_nothing()
                .to_owned(),
            )
            .exec_without_returning(db)
            .await?;
    }
    Ok(())
}

fn wage_model(r: &ParsedWage, verified: bool) -> minimum_wage::ActiveModel {
    minimum_wage::ActiveModel {
        prefecture_code: Set(r.prefecture_code.clone()),
        hourly_yen: Set(r.hourly_yen),
        effective_date: Set(r.effective_date),
        fiscal_year: Set(wage_fiscal_year(r.effective_date)),
        verified: Set(verified),
        source: Set(r.source.clone()),
        created_at: Set(now()),
        ..Default::default()
    }
}

pub struct ImportReport {
    pub inserted: usize,
    pub updated: usize,
}

/// An admin's CSV (`pref_code,pref_name,hourly_yen,effective_date`): new rows are added, rows for
/// an existing prefecture and date are corrected. Imported rows count as confirmed by that admin.
pub async fn import_minimum_wages(
    db: &DatabaseConnection,
    actor: &Actor,
    csv_bytes: &[u8],
) -> ServiceResult<ImportReport> {
    let mut errors = FieldErrors::new();
    let text =
        match std::str::from_utf8(csv_bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(csv_bytes)) {
            Ok(t) => t.to_owned(),
            Err(_) => {
                errors.add("file", "CSVファイルはUTF-8で保存してください");
                return Err(ServiceError::Invalid(errors));
            }
        };
    let parsed = match rows::<WageRow>(&text) {
        Ok(r) if r.is_empty() => Err(vec!["データ行がありません".to_owned()]),
        Ok(r) => parse_wage_rows(r),
        Err(_) => Err(vec![
            "CSVの形式が正しくありません。1行目は「pref_code,pref_name,hourly_yen,effective_date」にしてください".to_owned(),
        ]),
    };
    let parsed = match parsed {
        Ok(p) => p,
        Err(problems) => {
            for p in problems.into_iter().take(20) {
                errors.add("file", p);
            }
            return Err(ServiceError::Invalid(errors));
        }
    };
    let txn = super::write_tx(db).await?;
    let (mut inserted, mut updated) = (0, 0);
    for r in &parsed {
        let existing = minimum_wage::Entity::find()
            .filter(minimum_wage::Column::PrefectureCode.eq(&r.prefecture_code))
            .filter(minimum_wage::Column::EffectiveDate.eq(r.effective_date))
            .one(&txn)
            .await?;
        let mut source = r.source.clone();
        if source == MW_SOURCE_VERIFIED {
            source = "管理者によるCSV取込".to_owned();
        }
        match existing {
            Some(m) => {
                let mut am: minimum_wage::ActiveModel = m.into();
                am.hourly_yen = Set(r.hourly_yen);
                am.verified = Set(true);
                am.source = Set(source);
                am.confirmed_at = Set(Some(now()));
                am.confirmed_by = Set(actor.id);
                am.update(&txn).await?;
                updated += 1;
            }
            None => {
                let mut am = wage_model(r, true);
                am.source = Set(source);
                am.confirmed_at = Set(Some(now()));
                am.confirmed_by = Set(actor.id);
                am.insert(&txn).await?;
                inserted += 1;
            }
        }
    }
    audit::record(
        &txn,
        actor,
        None,
        "import",
        "minimum_wage",
        None,
        format!("最低賃金CSVを取込（追加 {inserted}件、更新 {updated}件）"),
    )
    .await?;
    txn.commit().await?;
    Ok(ImportReport { inserted, updated })
}

/// An admin confirms an unverified table after checking it against the labour bureaus' notices.
pub async fn confirm_fiscal_year(
    db: &DatabaseConnection,
    actor: &Actor,
    fiscal_year: i32,
) -> ServiceResult<u64> {
    let txn = super::write_tx(db).await?;
    let db = &txn;
    let res = minimum_wage::Entity::update_many()
        .col_expr(minimum_wage::Column::Verified, true.into())
        .col_expr(minimum_wage::Column::ConfirmedAt, now().into())
        .col_expr(minimum_wage::Column::ConfirmedBy, actor.id.into())
        .filter(minimum_wage::Column::FiscalYear.eq(fiscal_year))
        .filter(minimum_wage::Column::Verified.eq(false))
        .exec(db)
        .await?;
    audit::record(
        db,
        actor,
        None,
        "confirm",
        "minimum_wage",
        Some(fiscal_year.to_string()),
        format!(
            "{fiscal_year}年度の最低賃金を確認済みに（{}件）",
            res.rows_affected
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(res.rows_affected)
}

/// The minimum wage in force in a prefecture on a date (the latest revision effective on or before it).
pub async fn minimum_wage_on<C: ConnectionTrait>(
    db: &C,
    prefecture_code: &str,
    date: NaiveDate,
) -> Result<Option<minimum_wage::Model>, sea_orm::DbErr> {
    minimum_wage::Entity::find()
        .filter(minimum_wage::Column::PrefectureCode.eq(prefecture_code))
        .filter(minimum_wage::Column::EffectiveDate.lte(date))
        .order_by_desc(minimum_wage::Column::EffectiveDate)
        .one(db)
        .await
}

/// The first minimum wage of a prefecture that takes effect after `after` and no later than
/// `until` (a rise already decided), if any.
pub async fn minimum_wage_rise_between<C: ConnectionTrait>(
    db: &C,
    prefecture_code: &str,
    after: NaiveDate,
    until: NaiveDate,
) -> Result<Option<minimum_wage::Model>, sea_orm::DbErr> {
    minimum_wage::Entity::find()
        .filter(minimum_wage::Column::PrefectureCode.eq(prefecture_code))
        .filter(minimum_wage::Column::EffectiveDate.gt(after))
        .filter(minimum_wage::Column::EffectiveDate.lte(until))
        .order_by_asc(minimum_wage::Column::EffectiveDate)
        .one(db)
        .await
}

pub async fn minimum_wages<C: ConnectionTrait>(
    db: &C,
) -> Result<Vec<minimum_wage::Model>, sea_orm::DbErr> {
    minimum_wage::Entity::find()
        .order_by_desc(minimum_wage::Column::FiscalYear)
        .order_by_asc(minimum_wage::Column::PrefectureCode)
        .all(db)
        .await
}

pub async fn prefectures<C: ConnectionTrait>(
    db: &C,
) -> Result<Vec<prefecture::Model>, sea_orm::DbErr> {
    prefecture::Entity::find()
        .order_by_asc(prefecture::Column::Code)
        .all(db)
        .await
}

pub async fn occupation_count<C: ConnectionTrait>(
    db: &C,
    revision: &str,
) -> Result<u64, sea_orm::DbErr> {
    occupation::Entity::find()
        .filter(occupation::Column::Revision.eq(revision))
        .count(db)
        .await
}

/// The kinds of reference code an input may name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CodeKind {
    Prefecture,
    Industry,
    Occupation,
}

impl CodeKind {
    pub fn label(self) -> &'static str {
        match self {
            CodeKind::Prefecture => "都道府県",
            CodeKind::Industry => "産業分類",
            CodeKind::Occupation => "職業分類",
        }
    }
}

/// Is `code` in the reference data (any revision of the occupation classification)? A value
/// longer than any code is answered without asking the database.
pub async fn code_exists<C: ConnectionTrait>(
    db: &C,
    kind: CodeKind,
    code: &str,
) -> Result<bool, sea_orm::DbErr> {
    if code.is_empty() || code.len() > 10 {
        return Ok(false);
    }
    let n = match kind {
        CodeKind::Prefecture => {
            prefecture::Entity::find()
                .filter(prefecture::Column::Code.eq(code))
                .count(db)
                .await?
        }
        CodeKind::Industry => {
            industry::Entity::find()
                .filter(industry::Column::Code.eq(code))
                .count(db)
                .await?
        }
        CodeKind::Occupation => {
            occupation::Entity::find()
                .filter(occupation::Column::Code.eq(code))
                .count(db)
                .await?
        }
    };
    Ok(n > 0)
}

/// (code, name) of every prefecture, for selects.
pub async fn prefecture_options<C: ConnectionTrait>(
    db: &C,
) -> Result<Vec<(String, String)>, sea_orm::DbErr> {
    Ok(prefectures(db)
        .await?
        .into_iter()
        .map(|p| (p.code, p.name))
        .collect())
}

/// (code, "A 農業、林業") of every JSIC division, for selects.
pub async fn industry_options<C: ConnectionTrait>(
    db: &C,
) -> Result<Vec<(String, String)>, sea_orm::DbErr> {
    Ok(industry::Entity::find()
        .order_by_asc(industry::Column::Code)
        .all(db)
        .await?
        .into_iter()
        .map(|i| (i.code.clone(), format!("{} {}", i.code, i.name)))
        .collect())
}

/// Occupations of the 2022 revision, each major group followed by its middle groups, for selects.
pub async fn occupation_options<C: ConnectionTrait>(
    db: &C,
) -> Result<Vec<(String, String)>, sea_orm::DbErr> {
    let all = occupation::Entity::find()
        .filter(occupation::Column::Revision.eq("2022"))
        .order_by_asc(occupation::Column::Code)
        .all(db)
        .await?;
    let mut out = Vec::new();
    for major in all.iter().filter(|o| o.level == "major") {
        out.push((
            major.code.clone(),
            format!("【{}】{}", major.code, occupation_display_name(&major.name)),
        ));
        for middle in all.iter().filter(|o| {
            o.level == "middle" && o.parent_code.as_deref() == Some(major.code.as_str())
        }) {
            out.push((
                middle.code.clone(),
                format!(
                    "　{} {}",
                    middle.code,
                    occupation_display_name(&middle.name)
                ),
            ));
        }
    }
    Ok(out)
}

/// The occupation codes a filter on `code` covers: a major group covers its middle groups.
pub async fn occupation_codes_under<C: ConnectionTrait>(
    db: &C,
    code: &str,
) -> Result<Vec<String>, sea_orm::DbErr> {
    let mut codes = vec![code.to_owned()];
    codes.extend(
        occupation::Entity::find()
            .filter(occupation::Column::Revision.eq("2022"))
            .filter(occupation::Column::ParentCode.eq(code))
            .all(db)
            .await?
            .into_iter()
            .map(|o| o.code),
    );
    Ok(codes)
}

pub async fn occupation_name<C: ConnectionTrait>(
    db: &C,
    code: &str,
) -> Result<String, sea_orm::DbErr> {
    Ok(occupation::Entity::find()
        .filter(occupation::Column::Revision.eq("2022"))
        .filter(occupation::Column::Code.eq(code))
        .one(db)
        .await?
        .map(|o| occupation_display_name(&o.name).to_owned())
        .unwrap_or_default())
}

pub async fn prefecture_name<C: ConnectionTrait>(
    db: &C,
    code: &str,
) -> Result<String, sea_orm::DbErr> {
    Ok(prefecture::Entity::find_by_id(code.to_owned())
        .one(db)
        .await?
        .map(|p| p.name)
        .unwrap_or_default())
}

/// Prefecture code → name, for pages that name many records at once.
pub async fn prefecture_names<C: ConnectionTrait>(
    db: &C,
) -> Result<std::collections::HashMap<String, String>, sea_orm::DbErr> {
    Ok(prefectures(db)
        .await?
        .into_iter()
        .map(|p| (p.code, p.name))
        .collect())
}

/// 2022 occupation code → name, for pages that name many records at once.
pub async fn occupation_names<C: ConnectionTrait>(
    db: &C,
) -> Result<std::collections::HashMap<String, String>, sea_orm::DbErr> {
    Ok(occupation::Entity::find()
        .filter(occupation::Column::Revision.eq("2022"))
        .all(db)
        .await?
        .into_iter()
        .map(|o| {
            let name = occupation_display_name(&o.name).to_owned();
            (o.code, name)
        })
        .collect())
}

/// What a person reads for an occupation whose name the bundled table lacks (some 中分類 of the
/// 2022 revision): never a blank option.
pub const UNNAMED_OCCUPATION: &str = "名称未確認";

pub fn occupation_display_name(name: &str) -> &str {
    if name.trim().is_empty() {
        UNNAMED_OCCUPATION
    } else {
        name
    }
}

/// The 2022 occupation codes that have no name yet, in code order (a short list).
pub async fn unnamed_occupations<C: ConnectionTrait>(
    db: &C,
) -> Result<Vec<occupation::Model>, sea_orm::DbErr> {
    occupation::Entity::find()
        .filter(occupation::Column::Revision.eq("2022"))
        .filter(occupation::Column::Name.eq(""))
        .order_by_asc(occupation::Column::Code)
        .all(db)
        .await
}

/// Names for 2022 occupation codes, one `code,name` per line (a CSV with or without a header),
/// as an admin checked them against the official table. Only existing codes are renamed; every
/// problem is reported with its line and nothing is saved unless all lines are good. One
/// transaction with its audit entry; returns how many names were set.
pub async fn import_occupation_names(
    db: &DatabaseConnection,
    actor: &super::Actor,
    text: &str,
) -> ServiceResult<usize> {
    use crate::validation::FieldErrors;
    let mut e = FieldErrors::new();
    let mut rows: Vec<(String, String)> = Vec::new();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    for (n, rec) in reader.records().enumerate() {
        let line = n + 1;
        let Ok(rec) = rec else {
            e.add("names", format!("{line}行目を読み取れません"));
            continue;
        };
        let code = crate::domain::normalize::nfkc(rec.get(0).unwrap_or("").trim());
        let name = crate::domain::normalize::nfkc(rec.get(1).unwrap_or("").trim());
        if line == 1 && code == "code" {
            continue;
        }
        if code.is_empty() && name.is_empty() {
            continue;
        }
        if name.is_empty() || name.chars().count() > 100 || name.chars().any(char::is_control) {
            e.add(
                "names",
                format!("{line}行目：名称を100文字以内で入力してください"),
            );
            continue;
        }
        rows.push((code, name));
    }
    if rows.is_empty() && e.is_empty() {
        e.add("names", "「コード,名称」の行を入力してください");
    }
    let tx = super::write_tx(db).await?;
    let codes: Vec<String> = rows.iter().map(|(c, _)| c.clone()).collect();
    let known: std::collections::HashMap<String, occupation::Model> = occupation::Entity::find()
        .filter(occupation::Column::Revision.eq("2022"))
        .filter(occupation::Column::Code.is_in(codes))
        .all(&tx)
        .await?
        .into_iter()
        .map(|o| (o.code.clone(), o))
        .collect();
    for (code, _) in &rows {
        if !known.contains_key(code) {
            e.add(
                "names",
                format!("職業分類（2022年改定）にないコードです：{code}"),
            );
        }
    }
    if !e.is_empty() {
        return Err(ServiceError::Invalid(e));
    }
    for (code, name) in &rows {
        let mut am: occupation::ActiveModel = known[code].clone().into();
        am.name = sea_orm::ActiveValue::Set(name.clone());
        sea_orm::ActiveModelTrait::update(am, &tx).await?;
    }
    super::audit::record(
        &tx,
        actor,
        None,
        "refdata.occupations",
        "occupation",
        None,
        format!(
            "職業分類の名称を{}件登録: {}",
            rows.len(),
            rows.iter()
                .map(|(c, _)| c.as_str())
                .collect::<Vec<_>>()
                .join(",")
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(rows.len())
}
