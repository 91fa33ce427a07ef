//! Dated legal checks of a carved position.
//!
//! Every threshold that depends on the date lives in ONE table, [`RULES`], with its start date and
//! its source; [`thresholds_on`] picks the row in force on a date. A change of law is a new row.
//! Sources: `shared/refdata/social_insurance_thresholds.md` (§1–§5) and `shared/spec/statutory.md`
//! §5. A `from` of 0001-01-01 means "long-standing; start date not tracked".
//!
//! The prefecture's minimum wage on the date is an input (it comes from the per-prefecture
//! minimum-wage table), not a row here.

use chrono::NaiveDate;
use serde::Serialize;

use super::Position;

/// What a dated row sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum RuleKey {
    /// 雇用保険: minimum weekly contracted minutes.
    EmploymentInsuranceWeeklyMinutes,
    /// 雇用保険: minimum expected days of employment.
    EmploymentInsuranceMinDays,
    /// 健保・厚年: the ¾ rule, in percent of a full-time worker's hours and days.
    ThreeQuartersPercent,
    /// 健保・厚年 短時間労働者: minimum weekly minutes.
    ShortTimeWeeklyMinutes,
    /// 健保・厚年 短時間労働者: minimum monthly wage in yen (0 = no wage requirement).
    ShortTimeMonthlyWageYen,
    /// 健保・厚年 短時間労働者: expected employment must be MORE than this many days.
    ShortTimeExpectedDaysOver,
    /// 健保・厚年 短時間労働者: employer must have at least this many insured (0 = any size).
    ShortTimeEmployerMinInsured,
    /// 障害者雇用率: 10–20 h/week counts 0.5 for 重度身体・重度知的・精神 (1 = yes).
    QuotaTenToTwentyHours,
    /// 障害者雇用率: 精神 20–30 h/week counts 1 (1 = yes).
    QuotaMentalShortCountsOne,
    /// 休憩: minutes for a day over 6 hours.
    BreakOver6h,
    /// 休憩: minutes for a day over 8 hours.
    BreakOver8h,
    /// 年休 比例付与: applies below this many weekly minutes …
    LeaveProportionalBelowWeeklyMinutes,
    /// … and at most this many days a week.
    LeaveProportionalMaxDays,
    /// 年休: first grant (after 6 months) of the normal table.
    LeaveFirstGrantNormal,
    /// 年休 比例付与: first grant for 4 / 3 / 2 / 1 days a week.
    LeaveFirstGrant4Days,
    LeaveFirstGrant3Days,
    LeaveFirstGrant2Days,
    LeaveFirstGrant1Day,
    /// 法定労働時間: minutes a day.
    LegalDailyMinutes,
    /// 法定労働時間: minutes a week.
    LegalWeeklyMinutes,
}

/// One dated row: from `from` (inclusive) on, `key` has `value`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Rule {
    pub key: RuleKey,
    /// (year, month, day).
    pub from: (i32, u32, u32),
    pub value: u32,
    pub source: &'static str,
}

const LONG: (i32, u32, u32) = (1, 1, 1);

const SRC_KOYO: &str = "雇用保険法6条（週20時間以上・31日以上の雇用見込み）";
const SRC_KOYO_2028: &str = "雇用保険法等の一部を改正する法律（令和6年法律第26号、令和6年5月17日公布）、基発0517第1号・職発0517第4号：週10時間以上、令和10年10月1日施行";
const SRC_SHAHO_34: &str =
    "健康保険法・厚生年金保険法の4分の3基準（週所定労働時間・月所定労働日数）";
const SRC_SHAHO_2016: &str = "短時間労働者への適用拡大（平成28年10月1日〜：週20時間以上、月額8.8万円以上、1年以上の見込み、501人以上）";
const SRC_SHAHO_2022: &str = "適用拡大（令和4年10月1日〜：2か月を超える雇用見込み、101人以上）";
const SRC_SHAHO_2024: &str = "適用拡大（令和6年10月1日〜：特定適用事業所 被保険者51人以上）";
const SRC_SHAHO_2025: &str = "年金制度改正法（令和7年法律第74号、令和7年6月20日公布）";
const SRC_QUOTA: &str = "障害者雇用促進法（実雇用率の算定）、山形労働局ほか";
const SRC_BREAK: &str = "労働基準法34条";
const SRC_LEAVE: &str = "労働基準法39条3項・施行規則24条の3（比例付与）";
const SRC_HOURS: &str = "労働基準法32条";

/// All dated thresholds, with sources. Rows of one key are in date order.
#[rustfmt::skip]
pub static RULES: &[Rule] = &[
    Rule { key: RuleKey::EmploymentInsuranceWeeklyMinutes, from: LONG, value: 1200, source: SRC_KOYO },
    Rule { key: RuleKey::EmploymentInsuranceWeeklyMinutes, from: (2028, 10, 1), value: 600, source: SRC_KOYO_2028 },
    Rule { key: RuleKey::EmploymentInsuranceMinDays, from: LONG, value: 31, source: SRC_KOYO },
    Rule { key: RuleKey::ThreeQuartersPercent, from: LONG, value: 75, source: SRC_SHAHO_34 },
    Rule { key: RuleKey::ShortTimeWeeklyMinutes, from: (2016, 10, 1), value: 1200, source: SRC_SHAHO_2016 },
    Rule { key: RuleKey::ShortTimeMonthlyWageYen, from: (2016, 10, 1), value: 88_000, source: SRC_SHAHO_2016 },
    // The 2025 law abolishes the wage requirement on a date set by 政令 within 3 years of
    // promulgation. The exact date is UNVERIFIED; the latest possible date is used here.
    Rule { key: RuleKey::ShortTimeMonthlyWageYen, from: (2028, 6, 19), value: 0, source: "年金制度改正法（令和7年法律第74号）：賃金要件（8.8万円）を公布後3年以内の政令で定める日に撤廃（施行日未確認のため最終期限令和10年6月19日を採用）" },
    Rule { key: RuleKey::ShortTimeExpectedDaysOver, from: (2016, 10, 1), value: 364, source: SRC_SHAHO_2016 },
    Rule { key: RuleKey::ShortTimeExpectedDaysOver, from: (2022, 10, 1), value: 61, source: SRC_SHAHO_2022 },
    Rule { key: RuleKey::ShortTimeEmployerMinInsured, from: (2016, 10, 1), value: 501, source: SRC_SHAHO_2016 },
    Rule { key: RuleKey::ShortTimeEmployerMinInsured, from: (2022, 10, 1), value: 101, source: SRC_SHAHO_2022 },
    Rule { key: RuleKey::ShortTimeEmployerMinInsured, from: (2024, 10, 1), value: 51, source: SRC_SHAHO_2024 },
    Rule { key: RuleKey::ShortTimeEmployerMinInsured, from: (2027, 10, 1), value: 36, source: SRC_SHAHO_2025 },
    Rule { key: RuleKey::ShortTimeEmployerMinInsured, from: (2029, 10, 1), value: 21, source: SRC_SHAHO_2025 },
    Rule { key: RuleKey::ShortTimeEmployerMinInsured, from: (2032, 10, 1), value: 11, source: SRC_SHAHO_2025 },
    Rule { key: RuleKey::ShortTimeEmployerMinInsured, from: (2035, 10, 1), value: 0, source: SRC_SHAHO_2025 },
    Rule { key: RuleKey::QuotaTenToTwentyHours, from: LONG, value: 0, source: SRC_QUOTA },
    Rule { key: RuleKey::QuotaTenToTwentyHours, from: (2024, 4, 1), value: 1, source: "障害者雇用促進法（特定短時間労働者の算定、令和6年4月1日施行）" },
    Rule { key: RuleKey::QuotaMentalShortCountsOne, from: LONG, value: 0, source: SRC_QUOTA },
    Rule { key: RuleKey::QuotaMentalShortCountsOne, from: (2023, 4, 1), value: 1, source: "障害者雇用促進法（精神障害者の短時間労働者を1人と算定する特例、令和5年4月1日〜当分の間）" },
    Rule { key: RuleKey::BreakOver6h, from: LONG, value: 45, source: SRC_BREAK },
    Rule { key: RuleKey::BreakOver8h, from: LONG, value: 60, source: SRC_BREAK },
    Rule { key: RuleKey::LeaveProportionalBelowWeeklyMinutes, from: LONG, value: 1800, source: SRC_LEAVE },
    Rule { key: RuleKey::LeaveProportionalMaxDays, from: LONG, value: 4, source: SRC_LEAVE },
    Rule { key: RuleKey::LeaveFirstGrantNormal, from: LONG, value: 10, source: "労働基準法39条1項" },
    Rule { key: RuleKey::LeaveFirstGrant4Days, from: LONG, value: 7, source: SRC_LEAVE },
    Rule { key: RuleKey::LeaveFirstGrant3Days, from: LONG, value: 5, source: SRC_LEAVE },
    Rule { key: RuleKey::LeaveFirstGrant2Days, from: LONG, value: 3, source: SRC_LEAVE },
    Rule { key: RuleKey::LeaveFirstGrant1Day, from: LONG, value: 1, source: SRC_LEAVE },
    Rule { key: RuleKey::LegalDailyMinutes, from: LONG, value: 480, source: SRC_HOURS },
    Rule { key: RuleKey::LegalWeeklyMinutes, from: LONG, value: 2400, source: SRC_HOURS },
];

/// A value in force on a date, with its source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Dated {
    pub value: u32,
    /// Start of the row (None = long-standing).
    pub since: Option<NaiveDate>,
    pub source: &'static str,
}

impl Dated {
    fn since_text(&self) -> String {
        self.since
            .map(|d| format!("、{}から", date_text(d)))
            .unwrap_or_default()
    }
}

/// All thresholds in force on one date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Thresholds {
    pub date: NaiveDate,
    pub employment_insurance_weekly_minutes: Dated,
    pub employment_insurance_min_days: Dated,
    pub three_quarters_percent: Dated,
    pub short_time_weekly_minutes: Dated,
    /// 0 = no wage requirement.
    pub short_time_monthly_wage_yen: Dated,
    pub short_time_expected_days_over: Dated,
    /// 0 = any employer size.
    pub short_time_employer_min_insured: Dated,
    pub quota_ten_to_twenty_hours: Dated,
    pub quota_mental_short_counts_one: Dated,
    pub break_over_6h: Dated,
    pub break_over_8h: Dated,
    pub leave_proportional_below_weekly_minutes: Dated,
    pub leave_proportional_max_days: Dated,
    /// First grant: normal table, then 4, 3, 2, 1 days a week.
    pub leave_first_grant: [Dated; 5],
    pub legal_daily_minutes: Dated,
    pub legal_weekly_minutes: Dated,
}

fn rule_on(key: RuleKey, date: NaiveDate) -> Dated {
    let rows = RULES.iter().filter(|r| r.key == key);
    let mut pick: Option<&Rule> = None;
    for r in rows {
        let from = NaiveDate::from_ymd_opt(r.from.0, r.from.1, r.from.2);
        if pick.is_none() || from.is_some_and(|f| f <= date) {
            pick = Some(r);
        }
    }
    match pick {
        Some(r) => Dated {
            value: r.value,
            since: (r.from != LONG)
                .then(|| NaiveDate::from_ymd_opt(r.from.0, r.from.1, r.from.2))
                .flatten(),
            source: r.source,
        },
        None => Dated {
            value: 0,
            since: None,
            source: "",
        },
    }
}

/// The thresholds in force on `date`.
pub fn thresholds_on(date: NaiveDate) -> Thresholds {
    use RuleKey as K;
    let r = |k| rule_on(k, date);
    Thresholds {
        date,
        employment_insurance_weekly_minutes: r(K::EmploymentInsuranceWeeklyMinutes),
        employment_insurance_min_days: r(K::EmploymentInsuranceMinDays),
        three_quarters_percent: r(K::ThreeQuartersPercent),
        short_time_weekly_minutes: r(K::ShortTimeWeeklyMinutes),
        short_time_monthly_wage_yen: r(K::ShortTimeMonthlyWageYen),
        short_time_expected_days_over: r(K::ShortTimeExpectedDaysOver),
        short_time_employer_min_insured: r(K::ShortTimeEmployerMinInsured),
        quota_ten_to_twenty_hours: r(K::QuotaTenToTwentyHours),
        quota_mental_short_counts_one: r(K::QuotaMentalShortCountsOne),
        break_over_6h: r(K::BreakOver6h),
        break_over_8h: r(K::BreakOver8h),
        leave_proportional_below_weekly_minutes: r(K::LeaveProportionalBelowWeeklyMinutes),
        leave_proportional_max_days: r(K::LeaveProportionalMaxDays),
        leave_first_grant: [
            r(K::LeaveFirstGrantNormal),
            r(K::LeaveFirstGrant4Days),
            r(K::LeaveFirstGrant3Days),
            r(K::LeaveFirstGrant2Days),
            r(K::LeaveFirstGrant1Day),
        ],
        legal_daily_minutes: r(K::LegalDailyMinutes),
        legal_weekly_minutes: r(K::LegalWeeklyMinutes),
    }
}

/// Statutory break for a day of `work_minutes` (労働基準法34条; not date-dependent so far).
pub fn required_break_minutes(work_minutes: u32) -> u32 {
    if work_minutes > 480 {
        60
    } else if work_minutes > 360 {
        45
    } else {
        0
    }
}

/// Kind of disability for the employment-quota count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
pub enum DisabilityKind {
    Physical,
    PhysicalSevere,
    Intellectual,
    IntellectualSevere,
    Mental,
}

impl DisabilityKind {
    /// Reads the seeker record's 手帳 type (`physical`, `intellectual`, `mental`) and grade as
    /// typed (身体: 1級・2級 = 重度; 療育手帳: A・A1・A2・Ⓐ・「重度」 = 重度). `None` when the type
    /// is not one of the three.
    pub fn from_record(kind: &str, grade: &str) -> Option<Self> {
        let g = crate::domain::normalize::nfkc(grade.trim());
        let g = g.to_uppercase();
        match kind {
            "physical" => {
                let first = g.chars().find(|c| c.is_ascii_digit());
                let severe = matches!(first, Some('1') | Some('2')) && !g.contains("10")
                    || g.contains("重度")
                    || g.contains('一')
                    || g.contains('二');
                Some(if severe {
                    Self::PhysicalSevere
                } else {
                    Self::Physical
                })
            }
            "intellectual" => {
                let severe = g.starts_with('A') || g.contains('Ⓐ') || g.contains("重度");
                Some(if severe {
                    Self::IntellectualSevere
                } else {
                    Self::Intellectual
                })
            }
            "mental" => Some(Self::Mental),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Physical => "身体障害者",
            Self::PhysicalSevere => "重度身体障害者",
            Self::Intellectual => "知的障害者",
            Self::IntellectualSevere => "重度知的障害者",
            Self::Mental => "精神障害者",
        }
    }

    fn severe(self) -> bool {
        matches!(self, Self::PhysicalSevere | Self::IntellectualSevere)
    }
}

/// What the legal checks need to know about a position.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct LegalInput {
    pub date: NaiveDate,
    pub hourly_yen: u32,
    /// Minimum wage of the workplace's prefecture in force on `date` (0 = unknown).
    pub minimum_wage_yen: u32,
    pub weekly_minutes: u32,
    pub days_per_week: u8,
    pub longest_day_minutes: u32,
    /// Break scheduled on the longest day.
    pub break_minutes: u32,
    /// Expected length of employment in days.
    pub expected_days: u32,
    /// 厚生年金 insured persons of the employer (for 特定適用事業所); `None` = not entered.
    pub employer_insured_count: Option<u32>,
    /// For the ¾ rule; usually 2400 (40 h).
    pub full_time_weekly_minutes: u32,
    /// For the ¾ rule; usually 5.
    pub full_time_days_per_week: u8,
    /// Day-time students are excluded from the short-time rule.
    pub student: bool,
    pub disability: Option<DisabilityKind>,
}

impl LegalInput {
    /// Input for a carved position, with a 40-hour, 5-day full-time reference and no student.
    pub fn for_position(
        date: NaiveDate,
        hourly_yen: u32,
        minimum_wage_yen: u32,
        position: &Position,
        expected_days: u32,
        employer_insured_count: Option<u32>,
    ) -> Self {
        let longest = (0..7).max_by_key(|&d| (position.daily[d], std::cmp::Reverse(d)));
        LegalInput {
            date,
            hourly_yen,
            minimum_wage_yen,
            weekly_minutes: u32::from(position.weekly_minutes),
            days_per_week: position.daily.iter().filter(|&&m| m > 0).count() as u8,
            longest_day_minutes: longest.map_or(0, |d| u32::from(position.daily[d])),
            break_minutes: longest.map_or(0, |d| u32::from(position.breaks[d])),
            expected_days,
            employer_insured_count,
            full_time_weekly_minutes: 2400,
            full_time_days_per_week: 5,
            student: false,
            disability: None,
        }
    }
}

/// The result of one rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Check {
    pub rule: &'static str,
    /// The condition holds (for coverage rules: the worker is covered / counted).
    pub ok: bool,
    /// `ok == false` is a breach of law (minimum wage, breaks, working hours); otherwise the check
    /// is information for the employer and the worker.
    pub requirement: bool,
    /// Japanese, with the threshold and its source and date.
    pub text: String,
    /// The check cannot be decided from what was entered (the text says what to ask).
    #[serde(default)]
    pub unknown: bool,
}

/// The outcome of the coverage rule `rule` (`employment_insurance`, `health_pension`,
/// `disability_quota`): `Some(covered)`, or `None` when it cannot be decided or is absent.
pub fn coverage(checks: &[Check], rule: &str) -> Option<bool> {
    checks
        .iter()
        .find(|c| c.rule == rule && !c.unknown)
        .map(|c| c.ok)
}

/// "4時間", "4時間30分", "30分".
pub fn hours_text(minutes: u32) -> String {
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("{m}分"),
        (h, 0) => format!("{h}時間"),
        (h, m) => format!("{h}時間{m}分"),
    }
}

/// A date as a person reads it: 和暦 (令和8年12月1日).
fn date_text(d: NaiveDate) -> String {
    crate::domain::wareki::format_wareki(d)
}

fn ymd_text(from: (i32, u32, u32)) -> String {
    NaiveDate::from_ymd_opt(from.0, from.1, from.2).map_or_else(
        || format!("{}年{}月{}日", from.0, from.1, from.2),
        date_text,
    )
}

fn yen(v: u32) -> String {
    let s = v.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out + "円"
}

/// Monthly contracted wage: weekly wage × 52 ÷ 12.
fn monthly_wage(i: &LegalInput) -> u64 {
    u64::from(i.hourly_yen) * u64::from(i.weekly_minutes) * 52 / (60 * 12)
}

/// The 障害者雇用率 count of a worker of `kind` at `weekly` contracted minutes on `date`, in
/// halves (0, 1 = 0.5人, 2 = 1人, 4 = 2人).
pub fn quota_count_halves(kind: DisabilityKind, weekly: u32, date: NaiveDate) -> u32 {
    quota_halves(kind, weekly, &thresholds_on(date))
}

/// Count for the employment quota in halves (0, 1 = 0.5, 2 = 1, 4 = 2).
fn quota_halves(kind: DisabilityKind, weekly: u32, th: &Thresholds) -> u32 {
    let severe = kind.severe();
    let mental = kind == DisabilityKind::Mental;
    match weekly {
        w if w >= 1800 => {
            if severe {
                4
            } else {
                2
            }
        }
        w if w >= 1200 => {
            if severe || (mental && th.quota_mental_short_counts_one.value == 1) {
                2
            } else {
                1
            }
        }
        w if w >= 600 && (severe || mental) && th.quota_ten_to_twenty_hours.value == 1 => 1,
        _ => 0,
    }
}

/// "0人", "0.5人", "1人", "1.5人" …
pub fn halves_text(h: u32) -> String {
    match h {
        0 => "0人".into(),
        1 => "0.5人".into(),
        h if h % 2 == 0 => format!("{}人", h / 2),
        h => format!("{}.5人", h / 2),
    }
}

/// Checks a position against the law in force on `i.date`.
pub fn legal_checks(i: &LegalInput) -> Vec<Check> {
    let th = thresholds_on(i.date);
    let on = date_text(i.date);
    let week = hours_text(i.weekly_minutes);
    let mut out = Vec::new();

    // 最低賃金
    let ok = i.minimum_wage_yen > 0 && i.hourly_yen >= i.minimum_wage_yen;
    out.push(Check {
        rule: "minimum_wage",
        ok,
        requirement: true,
        text: if i.minimum_wage_yen == 0 {
            "最低賃金: 就業場所の都道府県の地域別最低賃金が設定されていないため確認できません"
                .into()
        } else {
            format!(
                "最低賃金: 時給{}は地域別最低賃金{}（{on}時点、最低賃金法）{}",
                yen(i.hourly_yen),
                yen(i.minimum_wage_yen),
                if ok {
                    "以上です"
                } else {
                    "を下回ります（減額特例は労働局長の許可が必要）"
                }
            )
        },
        unknown: i.minimum_wage_yen == 0,
    });

    // 雇用保険
    let ei = th.employment_insurance_weekly_minutes;
    let days = th.employment_insurance_min_days;
    let ok = i.weekly_minutes >= ei.value && i.expected_days >= days.value;
    let mut text = format!(
        "雇用保険: {}（週{week}、雇用見込み{}日。基準: 週{}以上かつ{}日以上の雇用見込み、{on}時点、{}{}）",
        if ok {
            "加入対象です"
        } else {
            "加入対象外です"
        },
        i.expected_days,
        hours_text(ei.value),
        days.value,
        ei.source,
        ei.since_text(),
    );
    let later = thresholds_on(NaiveDate::from_ymd_opt(2028, 10, 1).unwrap_or(i.date));
    let later_min = later.employment_insurance_weekly_minutes.value;
    if !ok && i.date < later.date && i.weekly_minutes >= later_min && i.expected_days >= days.value
    {
        text.push_str(&format!(
            "。{}からは週{}以上に拡大され、加入対象になります",
            date_text(later.date),
            hours_text(later_min)
        ));
    }
    out.push(Check {
        rule: "employment_insurance",
        ok,
        requirement: false,
        text,
        unknown: false,
    });

    // 健康保険・厚生年金
    let pct = th.three_quarters_percent.value;
    let three_q = u64::from(i.weekly_minutes) * 100
        >= u64::from(i.full_time_weekly_minutes) * u64::from(pct)
        && u64::from(i.days_per_week) * 100
            >= u64::from(i.full_time_days_per_week) * u64::from(pct);
    let wage_req = th.short_time_monthly_wage_yen;
    let size_req = th.short_time_employer_min_insured;
    let monthly = monthly_wage(i);
    let mut missing: Vec<String> = Vec::new();
    if i.weekly_minutes < th.short_time_weekly_minutes.value {
        missing.push(format!(
            "週{}以上",
            hours_text(th.short_time_weekly_minutes.value)
        ));
    }
    if wage_req.value > 0 && monthly < u64::from(wage_req.value) {
        missing.push(format!(
            "月額賃金{}以上（見込み月額{}）",
            yen(wage_req.value),
            yen(monthly as u32)
        ));
    }
    if i.expected_days <= th.short_time_expected_days_over.value {
        missing.push(if th.short_time_expected_days_over.value < 100 {
            "2か月を超える雇用見込み".to_string()
        } else {
            "1年以上の雇用見込み".to_string()
        });
    }
    if i.student {
        missing.push("学生でないこと".into());
    }
    // The employer's size decides only when everything else is met and the size matters.
    let size_unknown = size_req.value > 0 && i.employer_insured_count.is_none();
    if let Some(n) = i.employer_insured_count
        && size_req.value > 0
        && n < size_req.value
    {
        missing.push(format!(
            "特定適用事業所（被保険者{}人以上、現在{}人）",
            size_req.value, n
        ));
    }
    let short_ok = missing.is_empty() && !size_unknown;
    let ok = three_q || short_ok;
    let mut text = if !three_q && missing.is_empty() && size_unknown {
        format!(
            "健康保険・厚生年金: 事業所の厚生年金の被保険者数が未入力のため判定できません。週{week}で短時間労働者のほかの要件は満たしています。求人者に、厚生年金保険の被保険者数（{}時点で{}人以上の特定適用事業所か）を確認してください（{}{}）",
            on,
            size_req.value,
            size_req.source,
            size_req.since_text(),
        )
    } else if three_q {
        format!(
            "健康保険・厚生年金: 加入対象です（週{week}・週{}日が通常の労働者の4分の3以上。{}）",
            i.days_per_week, th.three_quarters_percent.source
        )
    } else if short_ok {
        format!(
            "健康保険・厚生年金: 短時間労働者として加入対象です（週{week}。{on}時点の要件: 週{}以上{}、2か月超の見込み、学生でない{}。{}{}）",
            hours_text(th.short_time_weekly_minutes.value),
            if wage_req.value > 0 {
                format!("、月額{}以上", yen(wage_req.value))
            } else {
                String::new()
            },
            if size_req.value > 0 {
                format!("、被保険者{}人以上の事業所", size_req.value)
            } else {
                "（企業規模要件なし）".to_string()
            },
            size_req.source,
            size_req.since_text(),
        )
    } else {
        format!(
            "健康保険・厚生年金: 加入対象外です（4分の3基準に達せず、短時間労働者の要件のうち{}を満たしません。{on}時点、{}{}）",
            missing.join("・"),
            size_req.source,
            size_req.since_text(),
        )
    };
    let promulgated = NaiveDate::from_ymd_opt(2025, 6, 20).unwrap_or(i.date);
    if wage_req.value > 0 && i.date >= promulgated {
        text.push_str(&format!(
            "。賃金要件（8.8万円）は政令で定める日（{}まで）に撤廃予定です（施行日未確認）",
            ymd_text((2028, 6, 19))
        ));
    }
    if size_req.value > 0 {
        let next = RULES.iter().find(|r| {
            r.key == RuleKey::ShortTimeEmployerMinInsured
                && NaiveDate::from_ymd_opt(r.from.0, r.from.1, r.from.2).is_some_and(|f| f > i.date)
        });
        if let Some(n) = next {
            text.push_str(&format!(
                "。企業規模要件は{}から{}",
                ymd_text(n.from),
                if n.value == 0 {
                    "撤廃されます".to_string()
                } else {
                    format!("被保険者{}人以上になります", n.value)
                }
            ));
        }
    }
    out.push(Check {
        rule: "health_pension",
        ok,
        requirement: false,
        text,
        unknown: !three_q && missing.is_empty() && size_unknown,
    });

    // 障害者雇用率
    if let Some(kind) = i.disability {
        let h = quota_halves(kind, i.weekly_minutes, &th);
        let src = if (600..1200).contains(&i.weekly_minutes) {
            th.quota_ten_to_twenty_hours
        } else if (1200..1800).contains(&i.weekly_minutes) && kind == DisabilityKind::Mental {
            th.quota_mental_short_counts_one
        } else {
            rule_on(RuleKey::QuotaTenToTwentyHours, NaiveDate::MIN)
        };
        let text = if h > 0 {
            format!(
                "障害者雇用率: {}・週{week}で{}と算定されます（{on}時点、{}{}）",
                kind.label(),
                halves_text(h),
                src.source,
                src.since_text()
            )
        } else if i.weekly_minutes < 600 {
            format!(
                "障害者雇用率: 週10時間未満のため算定されません（{}）。超短時間雇用（IDEA）の積算型雇用率では週{week}を積算します",
                kind.label()
            )
        } else {
            format!(
                "障害者雇用率: {}・週{week}は算定されません（週10〜20時間は重度身体・重度知的・精神のみ0.5人、{on}時点、{}{}）",
                kind.label(),
                src.source,
                src.since_text()
            )
        };
        out.push(Check {
            rule: "disability_quota",
            ok: h > 0,
            requirement: false,
            text,
            unknown: false,
        });
    }

    // 年次有給休暇
    let prop = i.weekly_minutes < th.leave_proportional_below_weekly_minutes.value
        && u32::from(i.days_per_week) <= th.leave_proportional_max_days.value;
    let grant = if prop {
        match i.days_per_week {
            4 => th.leave_first_grant[1].value,
            3 => th.leave_first_grant[2].value,
            2 => th.leave_first_grant[3].value,
            1 => th.leave_first_grant[4].value,
            _ => 0,
        }
    } else {
        th.leave_first_grant[0].value
    };
    out.push(Check {
        rule: "paid_leave",
        ok: !prop,
        requirement: false,
        text: if prop {
            format!(
                "年次有給休暇: 週{week}・週{}日のため比例付与です。6か月経過時の付与日数は{grant}日（週30時間未満かつ週4日以下、{}）",
                i.days_per_week, th.leave_first_grant[1].source
            )
        } else {
            format!(
                "年次有給休暇: 通常の付与です。6か月経過時の付与日数は{grant}日（{}）",
                th.leave_first_grant[0].source
            )
        },
        unknown: false,
    });

    // 休憩
    let need = if i.longest_day_minutes > 480 {
        th.break_over_8h.value
    } else if i.longest_day_minutes > 360 {
        th.break_over_6h.value
    } else {
        0
    };
    let ok = i.break_minutes >= need;
    // Only the rule that applies to this position's hours is quoted.
    let text = if i.longest_day_minutes <= 360 {
        format!(
            "休憩: 1日の労働時間は最長{}で6時間以下のため、休憩の付与義務はありません{}（{}）",
            hours_text(i.longest_day_minutes),
            if i.break_minutes > 0 {
                format!("（予定の休憩{}）", hours_text(i.break_minutes))
            } else {
                String::new()
            },
            th.break_over_6h.source
        )
    } else {
        format!(
            "休憩: 最も長い日の労働時間{}は{}を超えるため{}以上の休憩が必要で、予定は{}です{}（{}）",
            hours_text(i.longest_day_minutes),
            if i.longest_day_minutes > 480 {
                "8時間"
            } else {
                "6時間"
            },
            hours_text(need),
            hours_text(i.break_minutes),
            if ok {
                ""
            } else {
                "。休憩が不足しています"
            },
            th.break_over_6h.source
        )
    };
    out.push(Check {
        rule: "breaks",
        ok,
        requirement: true,
        text,
        unknown: false,
    });

    // 法定労働時間
    let ok = i.longest_day_minutes <= th.legal_daily_minutes.value
        && i.weekly_minutes <= th.legal_weekly_minutes.value;
    out.push(Check {
        rule: "working_hours",
        ok,
        requirement: true,
        text: format!(
            "労働時間: 1日最長{}・週{week}（法定労働時間 1日{}・週{}{}、{}）",
            hours_text(i.longest_day_minutes),
            hours_text(th.legal_daily_minutes.value),
            hours_text(th.legal_weekly_minutes.value),
            if ok {
                "以内"
            } else {
                "を超えています。36協定と割増賃金が必要です"
            },
            th.legal_daily_minutes.source
        ),
        unknown: false,
    });
    out
}
