//! The rules a job order (求人) must satisfy before it is accepted: the 労働条件明示 items of
//! 職安則4条の2③ and the 指針, 最低賃金, 労基法34条 (休憩), the age rules of 労働施策総合推進法9条
//! and 施行規則1条の3①, and the gender rules of 男女雇用機会均等法5条. [`check`] returns every
//! problem at once, each tied to the form field (the [`JobOrderTerms`] field path) it is shown
//! next to. Errors block acceptance; warnings ask the staff to confirm.
use chrono::NaiveDate;
use unicode_normalization::UnicodeNormalization;

use super::gender_terms::{SEX_RESTRICTION_SUGGESTION, gendered_terms};
use super::job_order::{
    AgeException, ContractTerm, EmploymentForm, GenderException, JobOrderTerms, RenewalPossibility,
    SmokingMeasure, WageForm,
};
use super::wage::{
    check_minimum_wage, counted_wage_yen, daily_scheduled_minutes, hourly_equivalent_yen,
    monthly_scheduled_minutes, shift_working_minutes,
};

/// 法定労働時間 per week (労基法32条①).
const STATUTORY_WEEKLY_MINUTES: u32 = 40 * 60;
/// 法定労働時間 per day (労基法32条②).
const STATUTORY_DAILY_MINUTES: u32 = 8 * 60;
/// 36協定の限度時間 per month (労基法36条④).
const OVERTIME_MONTHLY_LIMIT_HOURS: u32 = 45;
/// Below this a "full-time" order is suspicious.
const FULL_TIME_MIN_WEEKLY_MINUTES: u32 = 30 * 60;
/// An hourly equivalent above this is probably a typo (e.g. a monthly amount as 時給).
const UNUSUAL_HOURLY_YEN: f64 = 5_000.0;

/// How serious an issue is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    /// The order cannot be accepted as it is.
    Error,
    /// Probably wrong or worth confirming; does not block acceptance.
    Warning,
}

/// One problem with a job order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Issue {
    /// The [`JobOrderTerms`] field path as used in forms, e.g. `"renewal.criteria"`.
    pub field: &'static str,
    /// A stable machine-readable code, e.g. `"required"`.
    pub code: &'static str,
    pub level: Level,
    /// The message shown next to the field, in Japanese.
    pub message: String,
}

/// What the rules need besides the order itself.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CheckContext {
    /// The 地域別最低賃金 in force at the workplace on the start date; `None` = not known.
    pub minimum_wage_yen: Option<u32>,
    pub minimum_wage_effective: Option<NaiveDate>,
    /// The prefecture of that minimum wage, e.g. "大阪府".
    pub minimum_wage_prefecture_name: String,
    /// The employer's 定年, used when the order does not state `retirement_age`.
    pub employer_retirement_age: Option<u32>,
    /// A higher minimum wage already decided for the same prefecture that takes effect during
    /// the order's validity: (hourly yen, effective date, the last day of the validity).
    pub upcoming_minimum_wage: Option<(u32, NaiveDate, NaiveDate)>,
}

/// Whether any issue is an error.
pub fn has_errors(issues: &[Issue]) -> bool {
    issues.iter().any(|i| i.level == Level::Error)
}

/// The weekly working minutes implied by the shifts: Σ over shifts of working minutes × the
/// number of distinct weekdays (0–6) listed, for proposing `weekly_minutes` in the form. Shifts
/// without weekdays (by arrangement) contribute nothing.
pub fn weekly_minutes_from_shifts(terms: &JobOrderTerms) -> u32 {
    terms
        .shifts
        .iter()
        .map(|shift| {
            let days = (0..7u8).filter(|d| shift.weekdays.contains(d)).count() as u32;
            shift_working_minutes(shift) * days
        })
        .sum()
}

/// Checks an order and returns every issue found (empty = acceptable).
pub fn check(terms: &JobOrderTerms, ctx: &CheckContext) -> Vec<Issue> {
    let mut out = Issues::default();
    check_required(terms, &mut out);
    check_employment_form(terms, &mut out);
    check_renewal(terms, &mut out);
    check_fixed_overtime(terms, &mut out);
    check_trial(terms, &mut out);
    check_shifts(terms, &mut out);
    check_minimum_wage_rule(terms, ctx, &mut out);
    check_age(terms, ctx, &mut out);
    check_gender(terms, &mut out);
    check_hours_and_wage_warnings(terms, &mut out);
    out.0
}

#[derive(Default)]
struct Issues(Vec<Issue>);

impl Issues {
    fn push(&mut self, level: Level, field: &'static str, code: &'static str, message: String) {
        self.0.push(Issue {
            field,
            code,
            level,
            message,
        });
    }

    fn error(&mut self, field: &'static str, code: &'static str, message: impl Into<String>) {
        self.push(Level::Error, field, code, message.into());
    }

    fn warning(&mut self, field: &'static str, code: &'static str, message: impl Into<String>) {
        self.push(Level::Warning, field, code, message.into());
    }

    fn required(&mut self, field: &'static str, message: &str) {
        self.error(field, "required", message);
    }

    fn require_text(&mut self, field: &'static str, value: &str, message: &str) {
        if is_blank(value) {
            self.required(field, message);
        }
    }
}

/// Blank after trimming (including the ideographic space).
fn is_blank(s: &str) -> bool {
    s.trim().is_empty()
}

fn is_dispatch(form: EmploymentForm) -> bool {
    matches!(
        form,
        EmploymentForm::DispatchFixed | EmploymentForm::DispatchIndefinite
    )
}

/// "01"–"47" (JIS X 0401).
fn is_prefecture_code(code: &str) -> bool {
    code.len() == 2
        && code.bytes().all(|b| b.is_ascii_digit())
        && code.parse::<u32>().is_ok_and(|n| (1..=47).contains(&n))
}

/// 明示 items that must be filled (職安則4条の2③, 指針, HW practice).
fn check_required(t: &JobOrderTerms, out: &mut Issues) {
    out.require_text(
        "occupation_title",
        &t.occupation_title,
        "職種名を入力してください。",
    );
    if t.openings == 0 {
        out.required("openings", "求人数を1人以上で入力してください。");
    }
    if t.employment_form == EmploymentForm::NonRegular {
        out.require_text(
            "employment_form_name",
            &t.employment_form_name,
            "正社員以外の雇用形態の名称（パート、契約社員など）を入力してください。",
        );
    }
    out.require_text(
        "job_description",
        &t.job_description,
        "仕事の内容を入力してください。",
    );
    out.require_text(
        "job_change_scope",
        &t.job_change_scope,
        "業務の変更の範囲を入力してください（変更がない場合は「変更なし」）。",
    );
    if let ContractTerm::Fixed { months: 0, days: 0 } = t.contract {
        out.required("contract.months", "契約期間を入力してください。");
    }

    if is_blank(&t.workplace_prefecture_code) {
        out.required(
            "workplace_prefecture_code",
            "就業場所の都道府県を選択してください。",
        );
    } else if !is_prefecture_code(t.workplace_prefecture_code.trim()) {
        out.error(
            "workplace_prefecture_code",
            "invalid",
            "就業場所の都道府県の指定が正しくありません。",
        );
    }
    out.require_text(
        "workplace_municipality",
        &t.workplace_municipality,
        "就業場所の市区町村を入力してください。",
    );
    out.require_text(
        "workplace_address",
        &t.workplace_address,
        "就業場所の番地・建物名（階・部屋番号まで）を入力してください。",
    );
    out.require_text(
        "workplace_change_scope",
        &t.workplace_change_scope,
        "就業場所の変更の範囲を入力してください（変更がない場合は「変更なし」）。",
    );
    match t.smoking_measure {
        SmokingMeasure::Unspecified => out.required(
            "smoking_measure",
            "受動喫煙防止措置（屋内禁煙、喫煙室あり など）を選択してください。",
        ),
        SmokingMeasure::Other => out.require_text(
            "smoking_note",
            &t.smoking_note,
            "受動喫煙防止措置の内容を入力してください。",
        ),
        _ => {}
    }
    out.require_text(
        "recruiter_name",
        &t.recruiter_name,
        "雇用しようとする者の氏名又は名称を入力してください。",
    );

    if t.shifts.is_empty() {
        out.required(
            "shifts",
            "始業・終業の時刻（勤務パターン）を1つ以上入力してください。",
        );
    }
    if t.weekly_minutes == 0 {
        out.required("weekly_minutes", "週所定労働時間を入力してください。");
    }
    match t.weekly_days {
        0 => out.required("weekly_days", "週所定労働日数を入力してください。"),
        1..=7 => {}
        _ => out.error(
            "weekly_days",
            "out_of_range",
            "週所定労働日数は1〜7日で入力してください。",
        ),
    }
    out.require_text(
        "holidays",
        &t.holidays,
        "休日を入力してください（例: 土日祝、シフト制）。",
    );

    if t.base_wage_min == 0 {
        out.required("base_wage_min", "基本給（下限）を入力してください。");
    }
    if t.base_wage_max != 0 && t.base_wage_max < t.base_wage_min {
        out.error(
            "base_wage_max",
            "wage_range",
            "基本給の上限が下限より低くなっています（幅がない場合は上限を空欄にしてください）。",
        );
    }
    out.require_text(
        "pay_closing_day",
        &t.pay_closing_day,
        "賃金締切日を入力してください。",
    );
    out.require_text("pay_day", &t.pay_day, "賃金支払日を入力してください。");
    out.require_text(
        "selection_method",
        &t.selection_method,
        "選考方法を入力してください。",
    );
}

/// 派遣 (則4条の2③8) and forms that do not fit the contract.
fn check_employment_form(t: &JobOrderTerms, out: &mut Issues) {
    let fixed = matches!(t.contract, ContractTerm::Fixed { .. });
    if is_dispatch(t.employment_form) && !t.dispatch {
        out.error(
            "dispatch",
            "dispatch_flag",
            "雇用形態が派遣のため、派遣労働者として雇用する旨を明示してください。",
        );
    }
    if !is_dispatch(t.employment_form) && t.dispatch {
        out.warning(
            "employment_form",
            "dispatch_flag",
            "派遣労働者として雇用する場合は、雇用形態を「有期雇用派遣」又は「無期雇用派遣」にしてください。",
        );
    }
    match t.employment_form {
        EmploymentForm::Regular if fixed => out.warning(
            "employment_form",
            "regular_fixed",
            "契約期間の定めがある求人を「正社員」とすると誤解を招きます。雇用形態を確認してください。",
        ),
        EmploymentForm::DispatchIndefinite if fixed => out.warning(
            "contract",
            "dispatch_contract",
            "無期雇用派遣ですが、契約期間の定めがあります。雇用形態か契約期間を確認してください。",
        ),
        EmploymentForm::DispatchFixed if !fixed => out.warning(
            "contract",
            "dispatch_contract",
            "有期雇用派遣ですが、契約期間の定めがありません。雇用形態か契約期間を確認してください。",
        ),
        _ => {}
    }
}

/// 有期労働契約の更新 (則4条の2③2の3).
fn check_renewal(t: &JobOrderTerms, out: &mut Issues) {
    if !matches!(t.contract, ContractTerm::Fixed { .. }) {
        return;
    }
    let r = &t.renewal;
    match r.possibility {
        RenewalPossibility::Unspecified => out.required(
            "renewal.possibility",
            "契約更新の可能性（原則更新／条件付きで更新あり／更新なし）を選択してください。",
        ),
        RenewalPossibility::Usually | RenewalPossibility::Conditional => {
            out.require_text(
                "renewal.criteria",
                &r.criteria,
                "契約更新の判断基準を入力してください。",
            );
            if is_blank(&r.upper_limit) && !r.no_upper_limit {
                out.required(
                    "renewal.upper_limit",
                    "通算契約期間又は更新回数の上限を入力するか、「上限なし」を選んでください。",
                );
            }
            if !is_blank(&r.upper_limit) && r.no_upper_limit {
                out.warning(
                    "renewal.upper_limit",
                    "upper_limit_conflict",
                    "更新の上限が入力されていますが、「上限なし」も選ばれています。どちらかにしてください。",
                );
            }
        }
        RenewalPossibility::None => {}
    }
}

/// 固定残業代 (指針: 金額, 時間数, 超過分の追加支払).
fn check_fixed_overtime(t: &JobOrderTerms, out: &mut Issues) {
    let fo = &t.fixed_overtime;
    if !fo.exists {
        return;
    }
    if fo.amount_yen == 0 {
        out.required(
            "fixed_overtime.amount_yen",
            "固定残業代の金額を入力してください。",
        );
    }
    if fo.hours == 0 {
        out.required(
            "fixed_overtime.hours",
            "固定残業代に含まれる時間外労働の時間数を入力してください。",
        );
    }
    if !fo.excess_paid {
        out.error(
            "fixed_overtime.excess_paid",
            "excess_unpaid",
            "固定残業時間を超える時間外・休日・深夜労働の割増賃金は追加で支払う旨を明示してください。",
        );
    }
}

/// 試用期間 (則4条の2③2の2).
fn check_trial(t: &JobOrderTerms, out: &mut Issues) {
    if !t.trial.exists {
        return;
    }
    out.require_text(
        "trial.length",
        &t.trial.length,
        "試用期間の長さを入力してください（例: 3か月）。",
    );
    if t.trial.conditions_differ {
        out.require_text(
            "trial.conditions_during",
            &t.trial.conditions_during,
            "試用期間中の労働条件を入力してください。",
        );
    }
}

/// Each shift: weekdays in range, some working time, 休憩 (労基法34条), 1日8時間.
fn check_shifts(t: &JobOrderTerms, out: &mut Issues) {
    for (i, shift) in t.shifts.iter().enumerate() {
        let label = format!(
            "勤務パターン{}（{}〜{}）",
            i + 1,
            shift.start.format("%-H:%M"),
            shift.end.format("%-H:%M")
        );
        if shift.weekdays.iter().any(|&d| d > 6) {
            out.error(
                "shifts",
                "invalid",
                format!("{label}の曜日の指定が正しくありません。"),
            );
        }
        let working = shift_working_minutes(shift);
        if working == 0 {
            out.error(
                "shifts",
                "invalid",
                format!("{label}は休憩時間が勤務時間以上になっています。"),
            );
            continue;
        }
        let needed = if working > 8 * 60 {
            60
        } else if working > 6 * 60 {
            45
        } else {
            0
        };
        if shift.break_minutes < needed {
            out.error(
                "shifts",
                "break",
                format!(
                    "{label}は労働時間が{}のため、休憩が{needed}分以上必要です（労働基準法34条）。",
                    fmt_minutes(working)
                ),
            );
        }
        if working > STATUTORY_DAILY_MINUTES {
            out.warning(
                "shifts",
                "over_statutory_hours",
                format!(
                    "{label}は労働時間が{}で、法定労働時間（1日8時間）を超えています。変形労働時間制などの根拠を確認してください。",
                    fmt_minutes(working)
                ),
            );
        }
    }
}

/// 最低賃金法4条: the counted wages converted to an hourly amount must not be below the minimum.
fn check_minimum_wage_rule(t: &JobOrderTerms, ctx: &CheckContext, out: &mut Issues) {
    let Some(minimum) = ctx.minimum_wage_yen else {
        out.warning(
            "base_wage_min",
            "minimum_wage_unknown",
            "就業場所・就業開始日に適用される最低賃金が登録されていないため、最低賃金を確認できません。",
        );
        return;
    };
    let Some(c) = check_minimum_wage(t, minimum) else {
        return; // nothing to compare: the missing wage or hours are reported as required
    };
    let prefecture = if is_blank(&ctx.minimum_wage_prefecture_name) {
        "就業場所の都道府県"
    } else {
        ctx.minimum_wage_prefecture_name.trim()
    };
    if c.ok {
        // Lawful today, but a decided rise during the validity would leave it below.
        if let Some((next, from, until)) = ctx.upcoming_minimum_wage
            && let Some(n) = check_minimum_wage(t, next)
            && !n.ok
        {
            out.warning(
                "base_wage_min",
                "minimum_wage_rise",
                format!(
                    "{prefecture}の最低賃金は{}から{}円に上がります。この求人の有効期間（{}まで）の途中で、時間額{}円の賃金が最低賃金を下回ります。{}から賃金を引き上げる予定があれば記載してください。",
                    super::wareki::format_wareki(from),
                    fmt_thousands(u64::from(next)),
                    super::wareki::format_wareki(until),
                    fmt_yen_2(n.hourly_equivalent),
                    super::wareki::format_wareki(from),
                ),
            );
        }
        return;
    }
    let effective = ctx
        .minimum_wage_effective
        .map(|d| format!("（{}発効）", super::wareki::format_wareki(d)))
        .unwrap_or_default();
    let counted = counted_wage_yen(t);
    let conversion = match t.wage_form {
        WageForm::Hourly => String::new(),
        WageForm::Daily => format!(
            "（日額{}円 ÷ 1日の所定労働時間{}）",
            fmt_thousands(counted),
            fmt_minutes(daily_scheduled_minutes(t))
        ),
        WageForm::Monthly => format!(
            "（月額{}円 ÷ 1か月平均所定労働時間{}）",
            fmt_thousands(counted),
            fmt_minutes(monthly_scheduled_minutes(t))
        ),
    };
    out.error(
        "base_wage_min",
        "minimum_wage",
        format!(
            "最低賃金の対象となる賃金を時間額に換算すると{}円{conversion}で、{prefecture}の最低賃金{}円{effective}を下回っています。",
            fmt_yen_2(c.hourly_equivalent),
            fmt_thousands(u64::from(minimum)),
        ),
    );
}

/// 年齢制限 (労働施策総合推進法9条, 施行規則1条の3①).
fn check_age(t: &JobOrderTerms, ctx: &CheckContext, out: &mut Issues) {
    let age = &t.age;
    let Some(exception) = age.exception else {
        if age.min.is_some() || age.max.is_some() {
            out.error(
                "age.exception",
                "age_without_exception",
                "年齢を制限する場合は例外事由を選んでください。例外事由に当たらない場合は「年齢不問」にしてください（労働施策総合推進法9条）。",
            );
        }
        return;
    };
    let indefinite = t.contract == ContractTerm::Indefinite;

    if exception == AgeException::No2 {
        out.require_text(
            "age.reason",
            &age.reason,
            "年齢制限の根拠となる法令（例: 労働基準法62条）を入力してください。",
        );
    } else {
        out.require_text(
            "age.reason",
            &age.reason,
            "年齢制限の理由を入力してください。",
        );
    }
    if let (Some(min), Some(max)) = (age.min, age.max)
        && min >= max
    {
        out.error(
            "age.max",
            "age_range",
            "年齢の上限は下限より大きくしてください（上限は「○歳未満」の数字です）。",
        );
    }

    let min_not_allowed = |out: &mut Issues, name: &str| {
        if age.min.is_some() {
            out.error(
                "age.min",
                "age_min_not_allowed",
                format!("例外事由{name}では年齢の下限は設けられません。"),
            );
        }
    };
    let indefinite_only = |out: &mut Issues, name: &str| {
        if !indefinite {
            out.error(
                "age.exception",
                "age_indefinite_only",
                format!("例外事由{name}は期間の定めのない労働契約の場合に限られます。"),
            );
        }
    };

    match exception {
        AgeException::No1 => {
            indefinite_only(out, "1号");
            min_not_allowed(out, "1号");
            match t.retirement_age.or(ctx.employer_retirement_age) {
                None => out.error(
                    "retirement_age",
                    "retirement_age_unknown",
                    "例外事由1号は定年を上限とする場合に限られます。定年の年齢を入力してください。",
                ),
                Some(r) if age.max != Some(r) => out.error(
                    "age.max",
                    "age_max_retirement",
                    format!("例外事由1号では、年齢の上限を定年と同じ{r}歳未満にしてください。"),
                ),
                Some(_) => {}
            }
        }
        AgeException::No2 => {
            if age.min.is_none() {
                out.error(
                    "age.min",
                    "age_min_required",
                    "例外事由2号では、法令で定める年齢（例: 18歳以上）を下限として入力してください。",
                );
            }
        }
        AgeException::No3I => {
            indefinite_only(out, "3号イ");
            min_not_allowed(out, "3号イ");
            if age.max.is_none() {
                out.error(
                    "age.max",
                    "age_max_required",
                    "例外事由3号イでは年齢の上限（○歳未満）を入力してください。",
                );
            }
            if !age.no_experience_required {
                out.error(
                    "age.no_experience_required",
                    "age_3i_conditions",
                    "例外事由3号イでは職務経験を不問とする必要があります。",
                );
            }
            if !age.same_treatment_as_new_graduates {
                out.error(
                    "age.same_treatment_as_new_graduates",
                    "age_3i_conditions",
                    "例外事由3号イでは新規学卒者と同等の処遇とする必要があります。",
                );
            }
        }
        AgeException::No3Ro => check_age_3ro(t, indefinite, out),
        AgeException::No3Ha => {}
        AgeException::No3Ni => {
            let reason: String = age.reason.nfkc().collect();
            let for_programme = reason.contains("施策") || reason.contains("トライアル");
            if age.min.is_none_or(|m| m < 60) && !for_programme {
                out.error(
                    "age.min",
                    "age_3ni",
                    "例外事由3号ニは、60歳以上に限る場合か、国の施策（トライアル雇用など）を活用する場合に限られます。下限を60歳以上にするか、理由に活用する施策を書いてください。",
                );
            }
        }
    }
}

/// 3号ロ: a 5–10 year band within 30–49 (max is exclusive, so max ≤ 50).
fn check_age_3ro(t: &JobOrderTerms, indefinite: bool, out: &mut Issues) {
    let age = &t.age;
    if !indefinite {
        // The 期間の定めのない requirement of 3号ロ is marked unverified in the spec ([R]).
        out.warning(
            "age.exception",
            "age_indefinite_only",
            "例外事由3号ロは期間の定めのない労働契約で募集する場合に限られます。契約期間を確認してください。",
        );
    }
    if age.min.is_none() {
        out.error(
            "age.min",
            "age_min_required",
            "例外事由3号ロでは年齢の下限を入力してください。",
        );
    }
    if age.max.is_none() {
        out.error(
            "age.max",
            "age_max_required",
            "例外事由3号ロでは年齢の上限を入力してください。",
        );
    }
    if let (Some(min), Some(max)) = (age.min, age.max) {
        let width = max.saturating_sub(min);
        if min < 30 || max > 50 || !(5..=10).contains(&width) {
            out.error(
                "age.min",
                "age_band",
                "例外事由3号ロの年齢層は30〜49歳のうち5〜10歳の幅にしてください（例: 30歳以上40歳未満）。",
            );
        }
    }
}

/// 男女雇用機会均等法5条.
///
/// With an exception (指針 A–E) gendered wording is allowed, but its reason is required. With
/// ポジティブ・アクション only wording in favour of women is allowed, so phrases favouring men
/// (男性歓迎 …) are still errors.
fn check_gender(t: &JobOrderTerms, out: &mut Issues) {
    let fields: [(&'static str, &str); 7] = [
        ("occupation_title", &t.occupation_title),
        ("job_description", &t.job_description),
        ("pr", &t.pr),
        ("notes", &t.notes),
        ("experience", &t.experience),
        ("education", &t.education),
        ("licenses", &t.licenses),
    ];
    if let Some(exception) = t.gender_exception {
        out.require_text(
            "gender_exception_reason",
            &t.gender_exception_reason,
            "性別に関する例外の理由（根拠）を入力してください。",
        );
        if exception != GenderException::PositiveAction {
            return;
        }
    }
    let positive_action = t.gender_exception == Some(GenderException::PositiveAction);
    for (field, text) in fields {
        for (term, suggestion) in gendered_terms(text) {
            if positive_action && !term.starts_with("男性") {
                continue;
            }
            let message = if suggestion == SEX_RESTRICTION_SUGGESTION {
                format!(
                    "「{term}」は性別を限定する表現です。{suggestion}（男女雇用機会均等法5条）。"
                )
            } else {
                format!(
                    "「{term}」は性別を限定する表現です。「{suggestion}」など性別を問わない表現にするか、「{term}（男女）」のように男女とも対象であることを明記してください（男女雇用機会均等法5条）。"
                )
            };
            out.error(field, "gendered_term", message);
        }
    }
}

/// Warnings: 36協定, 法定労働時間, unusual wages, full-time flag.
fn check_hours_and_wage_warnings(t: &JobOrderTerms, out: &mut Issues) {
    if t.overtime_monthly_hours > OVERTIME_MONTHLY_LIMIT_HOURS {
        out.warning(
            "overtime_monthly_hours",
            "long_overtime",
            format!(
                "月平均の残業時間が{}時間で、36協定の上限（原則 月45時間）を超えています。特別条項の有無を確認してください。",
                t.overtime_monthly_hours
            ),
        );
    }
    if t.weekly_minutes > STATUTORY_WEEKLY_MINUTES {
        out.warning(
            "weekly_minutes",
            "over_statutory_hours",
            format!(
                "週所定労働時間が{}で、法定労働時間（週40時間）を超えています。変形労働時間制や特例措置対象事業場かどうかを確認してください。",
                fmt_minutes(t.weekly_minutes)
            ),
        );
    }
    if let Some(hourly) = hourly_equivalent_yen(t)
        && hourly > UNUSUAL_HOURLY_YEN
    {
        out.warning(
            "base_wage_min",
            "unusual_wage",
            format!(
                "基本給を時間額に換算すると{}円と非常に高額です。賃金形態（時給・日給・月給）と金額を確認してください。",
                fmt_yen_2(hourly)
            ),
        );
    }
    if t.full_time && t.weekly_minutes > 0 && t.weekly_minutes < FULL_TIME_MIN_WEEKLY_MINUTES {
        out.warning(
            "full_time",
            "full_time_mismatch",
            format!(
                "フルタイムとなっていますが、週所定労働時間が{}です。パートではないか確認してください。",
                fmt_minutes(t.weekly_minutes)
            ),
        );
    }
    if !t.full_time && t.weekly_minutes >= STATUTORY_WEEKLY_MINUTES {
        out.warning(
            "full_time",
            "full_time_mismatch",
            format!(
                "パートとなっていますが、週所定労働時間が{}です。フルタイムではないか確認してください。",
                fmt_minutes(t.weekly_minutes)
            ),
        );
    }
}

/// 1234567 → "1,234,567".
fn fmt_thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Yen with two decimals, rounded down so an amount just below the minimum never shows as equal:
/// 1142.857 → "1,142.85".
fn fmt_yen_2(yen: f64) -> String {
    let cents = (yen * 100.0 + 1e-6).floor().max(0.0) as u64;
    format!("{}.{:02}", fmt_thousands(cents / 100), cents % 100)
}

/// 420 → "7時間", 345 → "5時間45分", 10400 → "173時間20分".
fn fmt_minutes(minutes: u32) -> String {
    match (minutes / 60, minutes % 60) {
        (h, 0) => format!("{h}時間"),
        (h, m) => format!("{h}時間{m}分"),
    }
}

#[cfg(test)]
mod tests {
    use super::super::job_order::{
        Allowance, AllowanceKind, FixedOvertime, Insurance, Renewal, Shift, Trial,
    };
    use super::*;
    use chrono::NaiveTime;

    fn t(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    fn shift(start: NaiveTime, end: NaiveTime, break_minutes: u32) -> Shift {
        Shift {
            start,
            end,
            break_minutes,
            weekdays: vec![0, 1, 2, 3, 4],
        }
    }

    /// A lawful part-time 清掃スタッフ order in 大阪府: 時給1,300円, 9:00–13:00 Mon–Fri, 週20時間,
    /// a 6-month contract usually renewed.
    fn valid_terms() -> JobOrderTerms {
        JobOrderTerms {
            occupation_title: "清掃スタッフ".into(),
            occupation_code: "09".into(),
            openings: 2,
            full_time: false,
            employment_form: EmploymentForm::NonRegular,
            employment_form_name: "パート".into(),
            dispatch: false,
            publishable: true,
            job_description: "オフィスビル共用部（廊下・トイレ・給湯室）の日常清掃".into(),
            job_change_scope: "変更なし".into(),
            contract: ContractTerm::Fixed { months: 6, days: 0 },
            renewal: Renewal {
                possibility: RenewalPossibility::Usually,
                criteria: "勤務成績、業務量により判断".into(),
                upper_limit: String::new(),
                no_upper_limit: true,
            },
            trial: Trial::default(),
            start_date: NaiveDate::from_ymd_opt(2025, 11, 1),
            workplace_postal_code: "530-0001".into(),
            workplace_prefecture_code: "27".into(),
            workplace_municipality: "大阪市北区".into(),
            workplace_address: "梅田1丁目1番1号 梅田ビル3階".into(),
            nearest_station: "大阪駅".into(),
            workplace_change_scope: "変更なし".into(),
            smoking_measure: SmokingMeasure::IndoorBan,
            smoking_note: String::new(),
            recruiter_name: "株式会社なにわビルサービス".into(),
            shifts: vec![shift(t(9, 0), t(13, 0), 0)],
            weekly_minutes: 20 * 60,
            weekly_days: 5,
            monthly_scheduled_minutes: 0,
            overtime: false,
            overtime_monthly_hours: 0,
            holidays: "土日祝".into(),
            annual_holidays: Some(120),
            wage_form: WageForm::Hourly,
            base_wage_min: 1300,
            base_wage_max: 1400,
            allowances: vec![],
            fixed_overtime: FixedOvertime::default(),
            commute_allowance: "実費支給（上限 月10,000円）".into(),
            pay_closing_day: "月末".into(),
            pay_day: "翌月15日".into(),
            pay_cycle: Default::default(),
            raises_and_bonuses: "昇給あり（前年度実績 時給20円）".into(),
            insurance: Insurance {
                employment: true,
                workers_comp: true,
                health: false,
                pension: false,
            },
            retirement_age: None,
            age: Default::default(),
            gender_exception: None,
            gender_exception_reason: String::new(),
            education: "不問".into(),
            experience: "不問".into(),
            licenses: String::new(),
            pr: "未経験の方も丁寧に指導します。".into(),
            selection_method: "面接".into(),
            application_documents: "履歴書".into(),
            notes: String::new(),
        }
    }

    /// 大阪府 2025年度: 1,177円, 2025-10-16 発効.
    fn ctx() -> CheckContext {
        CheckContext {
            minimum_wage_yen: Some(1177),
            minimum_wage_effective: NaiveDate::from_ymd_opt(2025, 10, 16),
            minimum_wage_prefecture_name: "大阪府".into(),
            employer_retirement_age: Some(60),
            upcoming_minimum_wage: None,
        }
    }

    /// (field, code, level) of every issue.
    fn summary(terms: &JobOrderTerms) -> Vec<(&'static str, &'static str, Level)> {
        check(terms, &ctx())
            .into_iter()
            .map(|i| (i.field, i.code, i.level))
            .collect()
    }

    fn errors(terms: &JobOrderTerms) -> Vec<(&'static str, &'static str)> {
        check(terms, &ctx())
            .into_iter()
            .filter(|i| i.level == Level::Error)
            .map(|i| (i.field, i.code))
            .collect()
    }

    fn only_error(terms: &JobOrderTerms, field: &'static str, code: &'static str) {
        assert_eq!(summary(terms), vec![(field, code, Level::Error)]);
    }

    fn only_warning(terms: &JobOrderTerms, field: &'static str, code: &'static str) {
        assert_eq!(summary(terms), vec![(field, code, Level::Warning)]);
    }

    fn message(terms: &JobOrderTerms, code: &str) -> String {
        check(terms, &ctx())
            .into_iter()
            .find(|i| i.code == code)
            .map(|i| i.message)
            .unwrap_or_else(|| panic!("no issue {code}"))
    }

    // ---- the fixture -----------------------------------------------------------------------

    #[test]
    fn valid_terms_have_no_issues() {
        let issues = check(&valid_terms(), &ctx());
        assert!(issues.is_empty(), "{issues:?}");
        assert!(!has_errors(&issues));
    }

    #[test]
    fn has_errors_ignores_warnings() {
        let warning = Issue {
            field: "full_time",
            code: "full_time_mismatch",
            level: Level::Warning,
            message: String::new(),
        };
        assert!(!has_errors(std::slice::from_ref(&warning)));
        let error = Issue {
            level: Level::Error,
            ..warning.clone()
        };
        assert!(has_errors(&[warning, error]));
    }

    #[test]
    fn empty_terms_report_every_required_item_at_once() {
        let issues = check(&JobOrderTerms::default(), &ctx());
        assert!(has_errors(&issues));
        let required: Vec<&str> = issues
            .iter()
            .filter(|i| i.code == "required")
            .map(|i| i.field)
            .collect();
        assert_eq!(
            required,
            vec![
                "occupation_title",
                "openings",
                "job_description",
                "job_change_scope",
                "workplace_prefecture_code",
                "workplace_municipality",
                "workplace_address",
                "workplace_change_scope",
                "smoking_measure",
                "recruiter_name",
                "shifts",
                "weekly_minutes",
                "weekly_days",
                "holidays",
                "base_wage_min",
                "pay_closing_day",
                "pay_day",
                "selection_method",
            ]
        );
        assert!(issues.iter().all(|i| !i.message.is_empty()));
    }

    // ---- required items ----------------------------------------------------------------------

    #[test]
    fn blank_text_items_are_required() {
        type Setter = fn(&mut JobOrderTerms);
        let cases: [(&str, Setter); 12] = [
            ("occupation_title", |t| t.occupation_title = " ".into()),
            ("job_description", |t| t.job_description.clear()),
            ("job_change_scope", |t| {
                t.job_change_scope = "\u{3000}".into()
            }),
            ("workplace_prefecture_code", |t| {
                t.workplace_prefecture_code.clear()
            }),
            ("workplace_municipality", |t| {
                t.workplace_municipality.clear()
            }),
            ("workplace_address", |t| t.workplace_address.clear()),
            ("workplace_change_scope", |t| {
                t.workplace_change_scope.clear()
            }),
            ("holidays", |t| t.holidays.clear()),
            ("pay_closing_day", |t| t.pay_closing_day.clear()),
            ("pay_day", |t| t.pay_day.clear()),
            ("recruiter_name", |t| t.recruiter_name.clear()),
            ("selection_method", |t| t.selection_method.clear()),
        ];
        for (field, set) in cases {
            let mut terms = valid_terms();
            set(&mut terms);
            assert_eq!(
                summary(&terms),
                vec![(field, "required", Level::Error)],
                "{field}"
            );
        }
    }

    #[test]
    fn openings_must_be_at_least_one() {
        let mut terms = valid_terms();
        terms.openings = 0;
        only_error(&terms, "openings", "required");
        terms.openings = 1;
        assert!(check(&terms, &ctx()).is_empty());
    }

    #[test]
    fn prefecture_code_must_be_01_to_47() {
        for code in ["00", "48", "270", "2７", "osaka"] {
            let mut terms = valid_terms();
            terms.workplace_prefecture_code = code.into();
            only_error(&terms, "workplace_prefecture_code", "invalid");
        }
        let mut terms = valid_terms();
        terms.workplace_prefecture_code = "01".into();
        assert!(check(&terms, &ctx()).is_empty());
    }

    #[test]
    fn smoking_measure_must_be_chosen() {
        let mut terms = valid_terms();
        terms.smoking_measure = SmokingMeasure::Unspecified;
        only_error(&terms, "smoking_measure", "required");
    }

    #[test]
    fn smoking_other_needs_a_note() {
        let mut terms = valid_terms();
        terms.smoking_measure = SmokingMeasure::Other;
        only_error(&terms, "smoking_note", "required");
        terms.smoking_note = "屋外に喫煙所あり".into();
        assert!(check(&terms, &ctx()).is_empty());
    }

    #[test]
    fn at_least_one_shift_is_required() {
        let mut terms = valid_terms();
        terms.shifts.clear();
        only_error(&terms, "shifts", "required");
    }

    #[test]
    fn weekly_minutes_are_required() {
        let mut terms = valid_terms();
        terms.weekly_minutes = 0;
        only_error(&terms, "weekly_minutes", "required");
    }

    #[test]
    fn weekly_days_must_be_1_to_7() {
        let mut terms = valid_terms();
        terms.weekly_days = 0;
        only_error(&terms, "weekly_days", "required");
        terms.weekly_days = 8;
        only_error(&terms, "weekly_days", "out_of_range");
        terms.weekly_days = 7;
        assert!(check(&terms, &ctx()).is_empty());
    }

    #[test]
    fn base_wage_is_required() {
        let mut terms = valid_terms();
        terms.base_wage_min = 0;
        terms.base_wage_max = 0;
        only_error(&terms, "base_wage_min", "required");
    }

    #[test]
    fn wage_range_must_not_be_inverted() {
        let mut terms = valid_terms();
        terms.base_wage_max = 1200;
        only_error(&terms, "base_wage_max", "wage_range");
        terms.base_wage_max = 0; // no range
        assert!(check(&terms, &ctx()).is_empty());
        terms.base_wage_max = 1300; // equal is fine
        assert!(check(&terms, &ctx()).is_empty());
    }

    #[test]
    fn non_regular_needs_a_form_name() {
        let mut terms = valid_terms();
        terms.employment_form_name.clear();
        only_error(&terms, "employment_form_name", "required");
    }

    #[test]
    fn fixed_contract_needs_a_length() {
        let mut terms = valid_terms();
        terms.contract = ContractTerm::Fixed { months: 0, days: 0 };
        only_error(&terms, "contract.months", "required");
        terms.contract = ContractTerm::Fixed {
            months: 0,
            days: 20,
        };
        assert!(check(&terms, &ctx()).is_empty());
    }

    // ---- dispatch and employment form ------------------------------------------------------

    #[test]
    fn dispatch_forms_need_the_dispatch_flag() {
        let mut terms = valid_terms();
        terms.employment_form = EmploymentForm::DispatchFixed;
        only_error(&terms, "dispatch", "dispatch_flag");
        terms.dispatch = true;
        assert!(check(&terms, &ctx()).is_empty());

        let mut terms = valid_terms();
        terms.employment_form = EmploymentForm::DispatchIndefinite;
        terms.contract = ContractTerm::Indefinite;
        only_error(&terms, "dispatch", "dispatch_flag");
        terms.dispatch = true;
        assert!(check(&terms, &ctx()).is_empty());
    }

    #[test]
    fn dispatch_flag_without_dispatch_form_is_a_warning() {
        let mut terms = valid_terms();
        terms.dispatch = true;
        only_warning(&terms, "employment_form", "dispatch_flag");
    }

    #[test]
    fn dispatch_form_must_fit_the_contract() {
        let mut terms = valid_terms();
        terms.employment_form = EmploymentForm::DispatchIndefinite;
        terms.dispatch = true; // but the fixture's contract is 6 months
        only_warning(&terms, "contract", "dispatch_contract");

        let mut terms = valid_terms();
        terms.employment_form = EmploymentForm::DispatchFixed;
        terms.dispatch = true;
        terms.contract = ContractTerm::Indefinite;
        only_warning(&terms, "contract", "dispatch_contract");
    }

    #[test]
    fn regular_with_fixed_term_is_a_warning() {
        let mut terms = valid_terms();
        terms.employment_form = EmploymentForm::Regular;
        only_warning(&terms, "employment_form", "regular_fixed");
        terms.contract = ContractTerm::Indefinite;
        assert!(check(&terms, &ctx()).is_empty());
    }

    // ---- renewal ---------------------------------------------------------------------------

    #[test]
    fn fixed_term_needs_renewal_possibility() {
        let mut terms = valid_terms();
        terms.renewal = Renewal::default();
        only_error(&terms, "renewal.possibility", "required");
        terms.renewal.possibility = RenewalPossibility::None;
        assert!(check(&terms, &ctx()).is_empty());
    }

    #[test]
    fn indefinite_contract_needs_no_renewal() {
        let mut terms = valid_terms();
        terms.contract = ContractTerm::Indefinite;
        terms.renewal = Renewal::default();
        assert!(check(&terms, &ctx()).is_empty());
    }

    #[test]
    fn renewal_needs_criteria() {
        let mut terms = valid_terms();
        terms.renewal.possibility = RenewalPossibility::Conditional;
        terms.renewal.criteria.clear();
        only_error(&terms, "renewal.criteria", "required");
    }

    #[test]
    fn renewal_needs_upper_limit_or_no_limit() {
        let mut terms = valid_terms();
        terms.renewal.no_upper_limit = false;
        only_error(&terms, "renewal.upper_limit", "required");
        terms.renewal.upper_limit = "通算5年".into();
        assert!(check(&terms, &ctx()).is_empty());
        terms.renewal.no_upper_limit = true;
        only_warning(&terms, "renewal.upper_limit", "upper_limit_conflict");
    }

    // ---- 固定残業代 and 試用期間 ---------------------------------------------------------------

    fn with_fixed_overtime() -> JobOrderTerms {
        let mut terms = valid_terms();
        terms.fixed_overtime = FixedOvertime {
            exists: true,
            amount_yen: 30_000,
            hours: 20,
            excess_paid: true,
        };
        terms
    }

    #[test]
    fn complete_fixed_overtime_is_ok() {
        assert!(check(&with_fixed_overtime(), &ctx()).is_empty());
    }

    #[test]
    fn fixed_overtime_needs_amount_hours_and_excess_pay() {
        let mut terms = with_fixed_overtime();
        terms.fixed_overtime.amount_yen = 0;
        only_error(&terms, "fixed_overtime.amount_yen", "required");

        let mut terms = with_fixed_overtime();
        terms.fixed_overtime.hours = 0;
        only_error(&terms, "fixed_overtime.hours", "required");

        let mut terms = with_fixed_overtime();
        terms.fixed_overtime.excess_paid = false;
        only_error(&terms, "fixed_overtime.excess_paid", "excess_unpaid");
    }

    #[test]
    fn trial_needs_length_and_differing_conditions() {
        let mut terms = valid_terms();
        terms.trial = Trial {
            exists: true,
            length: String::new(),
            conditions_differ: false,
            conditions_during: String::new(),
        };
        only_error(&terms, "trial.length", "required");
        terms.trial.length = "3か月".into();
        assert!(check(&terms, &ctx()).is_empty());
        terms.trial.conditions_differ = true;
        only_error(&terms, "trial.conditions_during", "required");
        terms.trial.conditions_during = "時給1,250円".into();
        assert!(check(&terms, &ctx()).is_empty());
    }

    // ---- shifts and breaks -----------------------------------------------------------------

    fn full_time_terms(s: Shift) -> JobOrderTerms {
        let mut terms = valid_terms();
        terms.full_time = true;
        terms.weekly_minutes = 35 * 60;
        terms.shifts = vec![s];
        terms
    }

    #[test]
    fn over_six_hours_needs_45_minutes_break() {
        // 9:00–15:30 with 15 min break = 6h15 working.
        let terms = full_time_terms(shift(t(9, 0), t(15, 30), 15));
        only_error(&terms, "shifts", "break");
        assert!(message(&terms, "break").contains("45分以上"));
        let terms = full_time_terms(shift(t(9, 0), t(15, 45), 45)); // 6h exactly
        assert!(check(&terms, &ctx()).is_empty());
        let terms = full_time_terms(shift(t(9, 0), t(16, 0), 0)); // 7h, no break
        only_error(&terms, "shifts", "break");
    }

    #[test]
    fn six_hours_exactly_needs_no_break() {
        let terms = full_time_terms(shift(t(9, 0), t(15, 0), 0));
        assert!(check(&terms, &ctx()).is_empty());
    }

    #[test]
    fn over_eight_hours_needs_60_minutes_break() {
        // 9:00–18:00 with 45 min = 8h15 working.
        let mut terms = full_time_terms(shift(t(9, 0), t(18, 0), 45));
        terms.weekly_minutes = 40 * 60;
        let issues = check(&terms, &ctx());
        let codes: Vec<_> = issues.iter().map(|i| (i.code, i.level)).collect();
        assert_eq!(
            codes,
            vec![
                ("break", Level::Error),
                ("over_statutory_hours", Level::Warning)
            ]
        );
        assert!(issues[0].message.contains("60分以上"));
        assert!(issues[0].message.contains("勤務パターン1（9:00〜18:00）"));
        // With 60 minutes the working time is 8h: lawful.
        terms.shifts[0].break_minutes = 60;
        assert!(check(&terms, &ctx()).is_empty());
    }

    #[test]
    fn night_shift_break_counts_across_midnight() {
        // 22:00–7:00 = 9h span; with 60 min break 8h working.
        let mut terms = full_time_terms(shift(t(22, 0), t(7, 0), 60));
        terms.weekly_minutes = 40 * 60;
        assert!(check(&terms, &ctx()).is_empty());
        terms.shifts[0].break_minutes = 30;
        assert_eq!(errors(&terms), vec![("shifts", "break")]);
    }

    #[test]
    fn each_shift_is_checked() {
        let mut terms = valid_terms();
        terms.shifts.push(shift(t(13, 0), t(20, 0), 0)); // 7h, no break
        let issues = check(&terms, &ctx());
        assert_eq!(issues.len(), 1);
        assert!(issues[0].message.contains("勤務パターン2"));
    }

    #[test]
    fn invalid_weekdays_and_all_break_shifts_are_errors() {
        let mut terms = valid_terms();
        terms.shifts[0].weekdays = vec![0, 7];
        only_error(&terms, "shifts", "invalid");
        let mut terms = valid_terms();
        terms.shifts[0].break_minutes = 240;
        only_error(&terms, "shifts", "invalid");
    }

    #[test]
    fn weekly_minutes_from_shifts_sums_distinct_weekdays() {
        let mut terms = valid_terms();
        assert_eq!(weekly_minutes_from_shifts(&terms), 5 * 240);
        terms.shifts.push(Shift {
            start: t(10, 0),
            end: t(16, 0),
            break_minutes: 45,
            weekdays: vec![5, 5, 9], // Saturday (listed twice), and an invalid day
        });
        assert_eq!(weekly_minutes_from_shifts(&terms), 5 * 240 + 315);
        terms.shifts.push(Shift {
            start: t(10, 0),
            end: t(12, 0),
            break_minutes: 0,
            weekdays: vec![], // by arrangement
        });
        assert_eq!(weekly_minutes_from_shifts(&terms), 5 * 240 + 315);
        terms.shifts.clear();
        assert_eq!(weekly_minutes_from_shifts(&terms), 0);
    }

    // ---- minimum wage ----------------------------------------------------------------------

    #[test]
    fn wage_at_minimum_is_ok() {
        let mut terms = valid_terms();
        terms.base_wage_min = 1177;
        assert!(check(&terms, &ctx()).is_empty());
    }

    #[test]
    fn hourly_wage_below_minimum_is_an_error() {
        let mut terms = valid_terms();
        terms.base_wage_min = 1176;
        only_error(&terms, "base_wage_min", "minimum_wage");
        assert_eq!(
            message(&terms, "minimum_wage"),
            "最低賃金の対象となる賃金を時間額に換算すると1,176.00円で、大阪府の最低賃金1,177円（令和7年10月16日発効）を下回っています。"
        );
    }

    #[test]
    fn monthly_wage_below_minimum_explains_the_conversion() {
        let mut terms = valid_terms();
        terms.full_time = true;
        terms.employment_form = EmploymentForm::Regular;
        terms.contract = ContractTerm::Indefinite;
        terms.wage_form = WageForm::Monthly;
        terms.base_wage_min = 200_000;
        terms.base_wage_max = 0;
        terms.shifts = vec![shift(t(9, 0), t(18, 0), 60)];
        terms.weekly_minutes = 40 * 60;
        only_error(&terms, "base_wage_min", "minimum_wage");
        assert_eq!(
            message(&terms, "minimum_wage"),
            "最低賃金の対象となる賃金を時間額に換算すると1,153.84円（月額200,000円 ÷ 1か月平均所定労働時間173時間20分）で、大阪府の最低賃金1,177円（令和7年10月16日発効）を下回っています。"
        );
        // A 職務手当 of 5,000 lifts it to 1,182.69/h; an 精皆勤手当 would not.
        terms.allowances = vec![Allowance {
            name: "精皆勤手当".into(),
            kind: AllowanceKind::Attendance,
            amount_yen: 5_000,
        }];
        only_error(&terms, "base_wage_min", "minimum_wage");
        terms.allowances[0].kind = AllowanceKind::Fixed;
        assert!(check(&terms, &ctx()).is_empty());
    }

    #[test]
    fn daily_wage_below_minimum_is_an_error() {
        let mut terms = valid_terms();
        terms.wage_form = WageForm::Daily;
        terms.base_wage_min = 4_700; // ÷ 4h = 1,175
        terms.base_wage_max = 0;
        only_error(&terms, "base_wage_min", "minimum_wage");
        assert!(
            message(&terms, "minimum_wage").contains("（日額4,700円 ÷ 1日の所定労働時間4時間）")
        );
        terms.base_wage_min = 4_708; // 1,177
        assert!(check(&terms, &ctx()).is_empty());
    }

    #[test]
    fn minimum_wage_message_without_date_or_prefecture() {
        let mut terms = valid_terms();
        terms.base_wage_min = 1000;
        let ctx = CheckContext {
            minimum_wage_yen: Some(1177),
            ..Default::default()
        };
        let issues = check(&terms, &ctx);
        assert_eq!(
            issues[0].message,
            "最低賃金の対象となる賃金を時間額に換算すると1,000.00円で、就業場所の都道府県の最低賃金1,177円を下回っています。"
        );
    }

    #[test]
    fn a_decided_rise_during_the_validity_is_a_warning() {
        let mut terms = valid_terms();
        terms.base_wage_min = 1180;
        terms.base_wage_max = 1180;
        let mut ctx = ctx();
        ctx.upcoming_minimum_wage = Some((
            1237,
            NaiveDate::from_ymd_opt(2026, 10, 1).unwrap(),
            NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
        ));
        let issues = check(&terms, &ctx);
        let rise = issues
            .iter()
            .find(|i| i.code == "minimum_wage_rise")
            .expect("a warning about the rise");
        assert_eq!(rise.level, Level::Warning);
        assert_eq!(rise.field, "base_wage_min");
        assert!(
            rise.message.contains("令和8年10月1日から1,237円"),
            "{}",
            rise.message
        );
        assert!(
            rise.message.contains("令和8年11月30日まで"),
            "{}",
            rise.message
        );
        assert!(!has_errors(&issues), "{issues:?}");
        // A wage that stays above the new minimum gets no warning.
        terms.base_wage_min = 1300;
        terms.base_wage_max = 1300;
        assert!(
            !check(&terms, &ctx)
                .iter()
                .any(|i| i.code == "minimum_wage_rise")
        );
    }

    #[test]
    fn unknown_minimum_wage_is_a_warning() {
        let ctx = CheckContext {
            minimum_wage_yen: None,
            ..ctx()
        };
        let issues = check(&valid_terms(), &ctx);
        assert_eq!(issues.len(), 1);
        assert_eq!(
            (issues[0].field, issues[0].code, issues[0].level),
            ("base_wage_min", "minimum_wage_unknown", Level::Warning)
        );
    }

    #[test]
    fn unusually_high_wage_is_a_warning() {
        let mut terms = valid_terms();
        terms.base_wage_min = 200_000; // a monthly amount typed as 時給
        terms.base_wage_max = 0;
        only_warning(&terms, "base_wage_min", "unusual_wage");
        terms.base_wage_min = 5_000;
        assert!(check(&terms, &ctx()).is_empty());
    }

    // ---- age -------------------------------------------------------------------------------

    fn indefinite() -> JobOrderTerms {
        let mut terms = valid_terms();
        terms.contract = ContractTerm::Indefinite;
        terms
    }

    fn with_age(
        mut terms: JobOrderTerms,
        exception: AgeException,
        min: Option<u32>,
        max: Option<u32>,
        reason: &str,
    ) -> JobOrderTerms {
        terms.age.exception = Some(exception);
        terms.age.min = min;
        terms.age.max = max;
        terms.age.reason = reason.into();
        terms
    }

    #[test]
    fn age_limit_without_exception_is_an_error() {
        let mut terms = valid_terms();
        terms.age.max = Some(40);
        only_error(&terms, "age.exception", "age_without_exception");
        let mut terms = valid_terms();
        terms.age.min = Some(20);
        only_error(&terms, "age.exception", "age_without_exception");
    }

    #[test]
    fn age_exception_needs_a_reason() {
        let terms = with_age(indefinite(), AgeException::No3Ha, Some(5), Some(13), "");
        only_error(&terms, "age.reason", "required");
        let terms = with_age(indefinite(), AgeException::No3Ha, Some(5), Some(13), "子役");
        assert!(check(&terms, &ctx()).is_empty());
    }

    #[test]
    fn age_bounds_must_not_be_inverted() {
        let terms = with_age(indefinite(), AgeException::No3Ha, Some(13), Some(5), "子役");
        only_error(&terms, "age.max", "age_range");
    }

    #[test]
    fn exception_1_up_to_retirement_age_is_ok() {
        // 定年 from the employer (60) or from the order.
        let terms = with_age(
            indefinite(),
            AgeException::No1,
            None,
            Some(60),
            "定年が60歳のため",
        );
        assert!(check(&terms, &ctx()).is_empty());
        let mut terms = with_age(indefinite(), AgeException::No1, None, Some(65), "定年65歳");
        terms.retirement_age = Some(65);
        assert!(check(&terms, &ctx()).is_empty());
    }

    #[test]
    fn exception_1_rejects_fixed_term_lower_bound_and_other_max() {
        // "60歳未満（契約6か月）" ×
        let terms = with_age(valid_terms(), AgeException::No1, None, Some(60), "定年");
        only_error(&terms, "age.exception", "age_indefinite_only");
        // "40歳以上60歳未満" ×
        let terms = with_age(indefinite(), AgeException::No1, Some(40), Some(60), "定年");
        only_error(&terms, "age.min", "age_min_not_allowed");
        // "60歳未満（定年63）" ×
        let mut terms = with_age(indefinite(), AgeException::No1, None, Some(60), "定年");
        terms.retirement_age = Some(63);
        only_error(&terms, "age.max", "age_max_retirement");
        assert!(message(&terms, "age_max_retirement").contains("63歳未満"));
        // No max at all.
        let terms = with_age(indefinite(), AgeException::No1, None, None, "定年");
        only_error(&terms, "age.max", "age_max_retirement");
    }

    #[test]
    fn exception_1_needs_a_known_retirement_age() {
        let terms = with_age(indefinite(), AgeException::No1, None, Some(60), "定年");
        let ctx = CheckContext {
            employer_retirement_age: None,
            ..ctx()
        };
        let issues = check(&terms, &ctx);
        assert_eq!(issues.len(), 1);
        assert_eq!(
            (issues[0].field, issues[0].code),
            ("retirement_age", "retirement_age_unknown")
        );
    }

    #[test]
    fn exception_2_needs_legal_basis_and_lower_bound() {
        let ok = with_age(
            valid_terms(),
            AgeException::No2,
            Some(18),
            None,
            "警備業法14条により18歳未満は警備業務に従事できないため",
        );
        assert!(check(&ok, &ctx()).is_empty());
        let terms = with_age(
            valid_terms(),
            AgeException::No2,
            None,
            Some(60),
            "警備業法14条",
        );
        only_error(&terms, "age.min", "age_min_required");
        let terms = with_age(valid_terms(), AgeException::No2, Some(18), None, "");
        only_error(&terms, "age.reason", "required");
        assert!(message(&terms, "required").contains("法令"));
    }

    fn with_3i(terms: JobOrderTerms, min: Option<u32>, max: Option<u32>) -> JobOrderTerms {
        let mut terms = with_age(
            terms,
            AgeException::No3I,
            min,
            max,
            "長期勤続によるキャリア形成のため",
        );
        terms.age.no_experience_required = true;
        terms.age.same_treatment_as_new_graduates = true;
        terms
    }

    #[test]
    fn exception_3i_with_all_conditions_is_ok() {
        assert!(check(&with_3i(indefinite(), None, Some(35)), &ctx()).is_empty());
    }

    #[test]
    fn exception_3i_rules() {
        only_error(
            &with_3i(valid_terms(), None, Some(35)),
            "age.exception",
            "age_indefinite_only",
        );
        only_error(
            &with_3i(indefinite(), None, None),
            "age.max",
            "age_max_required",
        );
        only_error(
            &with_3i(indefinite(), Some(18), Some(35)),
            "age.min",
            "age_min_not_allowed",
        );
        let mut terms = with_3i(indefinite(), None, Some(35));
        terms.age.no_experience_required = false;
        only_error(&terms, "age.no_experience_required", "age_3i_conditions");
        let mut terms = with_3i(indefinite(), None, Some(35));
        terms.age.same_treatment_as_new_graduates = false;
        only_error(
            &terms,
            "age.same_treatment_as_new_graduates",
            "age_3i_conditions",
        );
    }

    #[test]
    fn exception_3ro_band_rules() {
        let reason = "熟練技能の継承のため、30代の社員が少ないため";
        for (min, max) in [(30, 40), (30, 35), (40, 50), (35, 45)] {
            let terms = with_age(
                indefinite(),
                AgeException::No3Ro,
                Some(min),
                Some(max),
                reason,
            );
            assert!(check(&terms, &ctx()).is_empty(), "{min}–{max}");
        }
        // Outside 30–49, narrower than 5 or wider than 10 years.
        for (min, max) in [(25, 35), (45, 55), (30, 34), (30, 41)] {
            let terms = with_age(
                indefinite(),
                AgeException::No3Ro,
                Some(min),
                Some(max),
                reason,
            );
            only_error(&terms, "age.min", "age_band");
        }
        let terms = with_age(indefinite(), AgeException::No3Ro, None, Some(40), reason);
        only_error(&terms, "age.min", "age_min_required");
        let terms = with_age(indefinite(), AgeException::No3Ro, Some(30), None, reason);
        only_error(&terms, "age.max", "age_max_required");
        // Fixed-term: a warning (the 無期 requirement is unverified in the spec).
        let terms = with_age(
            valid_terms(),
            AgeException::No3Ro,
            Some(30),
            Some(40),
            reason,
        );
        only_warning(&terms, "age.exception", "age_indefinite_only");
    }

    #[test]
    fn exception_3ni_rules() {
        let terms = with_age(
            valid_terms(),
            AgeException::No3Ni,
            Some(60),
            None,
            "高年齢者の雇用促進",
        );
        assert!(check(&terms, &ctx()).is_empty());
        let terms = with_age(
            valid_terms(),
            AgeException::No3Ni,
            Some(45),
            None,
            "ﾄﾗｲｱﾙ雇用助成金を活用するため",
        );
        assert!(check(&terms, &ctx()).is_empty());
        let terms = with_age(
            valid_terms(),
            AgeException::No3Ni,
            Some(35),
            Some(55),
            "就職氷河期世代を対象とする国の施策を活用",
        );
        assert!(check(&terms, &ctx()).is_empty());
        let terms = with_age(
            valid_terms(),
            AgeException::No3Ni,
            Some(50),
            None,
            "経験豊富な方",
        );
        only_error(&terms, "age.min", "age_3ni");
        let terms = with_age(
            valid_terms(),
            AgeException::No3Ni,
            None,
            Some(30),
            "若手育成",
        );
        only_error(&terms, "age.min", "age_3ni");
    }

    // ---- gender ----------------------------------------------------------------------------

    #[test]
    fn gendered_title_is_an_error_with_the_suggestion() {
        let mut terms = valid_terms();
        terms.occupation_title = "営業マン".into();
        only_error(&terms, "occupation_title", "gendered_term");
        let msg = message(&terms, "gendered_term");
        assert!(msg.contains("「営業マン」"), "{msg}");
        assert!(msg.contains("「営業職」"), "{msg}");
        terms.occupation_title = "営業マン（男女）".into();
        assert!(check(&terms, &ctx()).is_empty());
    }

    #[test]
    fn gendered_terms_are_reported_on_each_field() {
        let mut terms = valid_terms();
        terms.job_description = "客室の清掃（ルームメイド）。女性のみ".into();
        terms.pr = "女性向きの職場です".into();
        terms.notes = "ｳｪｲﾄﾚｽ経験者".into();
        terms.experience = "家政婦の経験".into();
        terms.education = "男性限定".into();
        terms.licenses = "看護婦免許".into();
        assert_eq!(
            errors(&terms),
            vec![
                ("job_description", "gendered_term"),
                ("pr", "gendered_term"),
                ("notes", "gendered_term"),
                ("experience", "gendered_term"),
                ("education", "gendered_term"),
                ("licenses", "gendered_term"),
            ]
        );
        assert!(message(&terms, "gendered_term").contains(SEX_RESTRICTION_SUGGESTION));
    }

    #[test]
    fn fields_not_scanned_for_gender() {
        // The employer's name may contain anything.
        let mut terms = valid_terms();
        terms.recruiter_name = "株式会社ガードマン".into();
        assert!(check(&terms, &ctx()).is_empty());
    }

    #[test]
    fn gender_exception_allows_terms_but_needs_a_reason() {
        let mut terms = valid_terms();
        terms.occupation_title = "ガードマン".into();
        terms.gender_exception = Some(GenderException::Security);
        only_error(&terms, "gender_exception_reason", "required");
        terms.gender_exception_reason = "女性利用者の身体検査を行う業務のため".into();
        assert!(check(&terms, &ctx()).is_empty());
    }

    #[test]
    fn positive_action_allows_only_favouring_women() {
        let mut terms = valid_terms();
        terms.gender_exception = Some(GenderException::PositiveAction);
        terms.gender_exception_reason = "当該職種の女性比率が2割のため".into();
        terms.pr = "女性歓迎".into();
        assert!(check(&terms, &ctx()).is_empty());
        terms.pr = "男性歓迎".into();
        only_error(&terms, "pr", "gendered_term");
    }

    // ---- other warnings ---------------------------------------------------------------------

    #[test]
    fn long_overtime_is_a_warning() {
        let mut terms = valid_terms();
        terms.overtime = true;
        terms.overtime_monthly_hours = 45;
        assert!(check(&terms, &ctx()).is_empty());
        terms.overtime_monthly_hours = 46;
        only_warning(&terms, "overtime_monthly_hours", "long_overtime");
        assert!(message(&terms, "long_overtime").contains("46時間"));
    }

    #[test]
    fn weekly_hours_over_40_is_a_warning() {
        let mut terms = valid_terms();
        terms.full_time = true;
        terms.weekly_minutes = 40 * 60;
        assert!(check(&terms, &ctx()).is_empty());
        terms.weekly_minutes = 41 * 60 + 30;
        only_warning(&terms, "weekly_minutes", "over_statutory_hours");
        assert!(message(&terms, "over_statutory_hours").contains("41時間30分"));
    }

    #[test]
    fn full_time_flag_must_fit_weekly_hours() {
        let mut terms = valid_terms();
        terms.full_time = true; // with 20h a week
        only_warning(&terms, "full_time", "full_time_mismatch");
        terms.weekly_minutes = 30 * 60;
        assert!(check(&terms, &ctx()).is_empty());

        let mut terms = valid_terms();
        terms.weekly_minutes = 40 * 60; // パート with 40h
        only_warning(&terms, "full_time", "full_time_mismatch");
        terms.weekly_minutes = 39 * 60;
        assert!(check(&terms, &ctx()).is_empty());
    }

    // ---- formatting helpers ----------------------------------------------------------------

    #[test]
    fn formatting_helpers() {
        assert_eq!(fmt_thousands(0), "0");
        assert_eq!(fmt_thousands(999), "999");
        assert_eq!(fmt_thousands(1000), "1,000");
        assert_eq!(fmt_thousands(1_234_567), "1,234,567");
        assert_eq!(fmt_yen_2(1142.857), "1,142.85");
        assert_eq!(fmt_yen_2(1142.85), "1,142.85");
        assert_eq!(fmt_minutes(420), "7時間");
        assert_eq!(fmt_minutes(10_400), "173時間20分");
    }
}
