//! The content of a job order (求人) — every 労働条件明示 item of 職安則4条の2③ plus what Hello
//! Work's form asks — as plain data. One value of `JobOrderTerms` is one version of an order;
//! accepted versions are stored immutably as JSON. The rules that check it are in
//! `job_order_rules`.
use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

/// 雇用形態.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EmploymentForm {
    /// 正社員
    #[default]
    Regular,
    /// 正社員以外（パート、契約社員など; 名称は `employment_form_name`）
    NonRegular,
    /// 有期雇用派遣
    DispatchFixed,
    /// 無期雇用派遣（「正社員」と表示しない）
    DispatchIndefinite,
}

/// 契約期間.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum ContractTerm {
    /// 期間の定めなし（無期）
    #[default]
    Indefinite,
    /// 期間の定めあり（有期）: the length in months (a contract under a month: `days`).
    Fixed { months: u32, days: u32 },
}

/// 契約更新の可能性.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RenewalPossibility {
    #[default]
    Unspecified,
    /// 原則更新
    Usually,
    /// 条件付きで更新あり
    Conditional,
    /// 更新なし
    None,
}

/// 有期労働契約の更新 (則4条の2③2の3).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Renewal {
    pub possibility: RenewalPossibility,
    /// 更新の判断基準
    pub criteria: String,
    /// 通算契約期間又は更新回数の上限 (e.g. "通算5年"); empty with `no_upper_limit` = 上限なし
    pub upper_limit: String,
    pub no_upper_limit: bool,
}

/// 試用期間.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Trial {
    pub exists: bool,
    /// Length, e.g. "3か月".
    pub length: String,
    /// Whether the conditions during the trial differ (then `conditions_during` is required).
    pub conditions_differ: bool,
    pub conditions_during: String,
}

/// 受動喫煙防止措置 (則4条の2③9).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SmokingMeasure {
    #[default]
    Unspecified,
    /// 屋内禁煙
    IndoorBan,
    /// 屋内原則禁煙（喫煙専用室あり）
    SmokingRoom,
    /// 敷地内禁煙
    PremisesBan,
    /// 喫煙可
    Allowed,
    /// その他（`smoking_note` に記載）
    Other,
}

/// One shift pattern (就業時間). Times within a day; `end` before `start` means it ends next day.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shift {
    pub start: NaiveTime,
    pub end: NaiveTime,
    pub break_minutes: u32,
    /// Days of the week this shift is worked, 0 = Monday … 6 = Sunday; empty = by arrangement.
    pub weekdays: Vec<u8>,
}

/// 賃金形態.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WageForm {
    /// 時給
    #[default]
    Hourly,
    /// 日給
    Daily,
    /// 月給
    Monthly,
}

/// The kinds of allowance, which decide whether an allowance counts for the minimum wage
/// (最低賃金法4条③, 最賃則1条: 通勤手当, 精皆勤手当, 家族手当 do not count).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AllowanceKind {
    /// 職務・資格・役職などの定額的手当 (counts)
    #[default]
    Fixed,
    /// 精皆勤手当 (does not count)
    Attendance,
    /// 家族手当 (does not count)
    Family,
    /// 通勤手当 (does not count; normally in `commute_allowance` instead)
    Commute,
}

/// A monthly (月給), daily (日給) or hourly (時給) fixed allowance in yen per the wage form's period.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Allowance {
    pub name: String,
    pub kind: AllowanceKind,
    pub amount_yen: u32,
}

/// 固定残業代 (指針: three parts must be stated).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FixedOvertime {
    pub exists: bool,
    /// ① the amount of the fixed overtime pay (yen per wage period)
    pub amount_yen: u32,
    /// ② the hours of overtime it covers
    pub hours: u32,
    /// ③ overtime beyond those hours is paid in addition
    pub excess_paid: bool,
}

/// 支払周期.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PayCycle {
    /// 月払い
    #[default]
    Monthly,
    /// 週払い
    Weekly,
    /// 日払い
    Daily,
}

/// 加入保険.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Insurance {
    pub employment: bool,
    pub workers_comp: bool,
    pub health: bool,
    pub pension: bool,
}

/// 年齢制限の例外事由 (労働施策総合推進法施行規則1条の3①).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AgeException {
    /// 1号: 定年を上限に、無期で募集
    #[serde(rename = "1")]
    No1,
    /// 2号: 法令で特定年齢の就業が禁止・制限
    #[serde(rename = "2")]
    No2,
    /// 3号イ: 長期勤続によるキャリア形成（若年者等、無期）
    #[serde(rename = "3i")]
    No3I,
    /// 3号ロ: 技能・ノウハウの継承（特定の年齢層、30〜49歳の5〜10歳幅）
    #[serde(rename = "3ro")]
    No3Ro,
    /// 3号ハ: 芸術・芸能の表現の真実性
    #[serde(rename = "3ha")]
    No3Ha,
    /// 3号ニ: 60歳以上、又は国の施策の対象者に限定
    #[serde(rename = "3ni")]
    No3Ni,
}

/// 年齢.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgeCondition {
    /// `None` = 年齢不問.
    pub exception: Option<AgeException>,
    /// Lower bound, inclusive (e.g. 18歳以上).
    pub min: Option<u32>,
    /// Upper bound, exclusive as written in Japanese job ads (e.g. 35歳未満 → 35).
    pub max: Option<u32>,
    /// The reason, and for 2号 the legal basis.
    pub reason: String,
    /// 3号イ: 職務経験不問 and 新卒と同等の処遇.
    pub no_experience_required: bool,
    pub same_treatment_as_new_graduates: bool,
}

/// 性別に関する例外 (均等法 指針: A–E, ポジティブ・アクション).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GenderException {
    /// A 芸術・芸能の表現の真実性
    Art,
    /// B 守衛・警備員等の防犯上の要請
    Security,
    /// C 宗教上・風紀上・スポーツの競技の性質上
    Religion,
    /// D 労基法・保助看法等による就業制限
    LegalRestriction,
    /// E 海外勤務等の特別な事情
    Overseas,
    /// ポジティブ・アクション（女性が4割未満の職種で女性を優遇）
    PositiveAction,
}

/// One version of a job order's content.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobOrderTerms {
    // 1 求人区分等
    /// 職種名 (一般名称)
    pub occupation_title: String,
    /// 職業分類 code (2022 revision; a middle group "05" or finer)
    pub occupation_code: String,
    /// 求人数
    pub openings: u32,
    /// フルタイム (by hours) — false = パート
    pub full_time: bool,
    pub employment_form: EmploymentForm,
    /// 正社員以外の名称 (パート, 契約社員 …)
    pub employment_form_name: String,
    /// 派遣労働者として雇用する旨 (則4条の2③8)
    pub dispatch: bool,
    /// 公開してよいか (public job list)
    pub publishable: bool,

    // 3 仕事内容
    /// 業務の内容
    pub job_description: String,
    /// 業務の変更の範囲
    pub job_change_scope: String,
    pub contract: ContractTerm,
    pub renewal: Renewal,
    pub trial: Trial,
    /// 就業開始予定日 (the minimum wage in force on this date applies)
    pub start_date: Option<NaiveDate>,

    // 2 事業所 / 就業場所
    pub workplace_postal_code: String,
    pub workplace_prefecture_code: String,
    pub workplace_municipality: String,
    /// 番地・建物名・階・部屋番号まで
    pub workplace_address: String,
    pub nearest_station: String,
    /// 就業場所の変更の範囲
    pub workplace_change_scope: String,
    pub smoking_measure: SmokingMeasure,
    pub smoking_note: String,
    /// 雇用しようとする者の氏名又は名称 (則4条の2③7)
    pub recruiter_name: String,

    // 5 労働時間
    pub shifts: Vec<Shift>,
    /// 週所定労働時間 in minutes
    pub weekly_minutes: u32,
    /// 週所定労働日数
    pub weekly_days: u32,
    /// 月平均所定労働時間 in minutes (for 月給 → 時間額); 0 = derive from weekly × 52 ÷ 12
    pub monthly_scheduled_minutes: u32,
    /// 所定外労働 (残業) の有無 and its monthly average hours
    pub overtime: bool,
    pub overtime_monthly_hours: u32,
    /// 休日 (text: 土日祝, シフト制 …) and 年間休日数
    pub holidays: String,
    pub annual_holidays: Option<u32>,

    // 4 賃金・手当
    pub wage_form: WageForm,
    /// 基本給 (lower and upper bound of the range, yen per hour / day / month)
    pub base_wage_min: u32,
    pub base_wage_max: u32,
    pub allowances: Vec<Allowance>,
    pub fixed_overtime: FixedOvertime,
    /// 通勤手当 (text: 実費支給（上限 月20,000円）…)
    pub commute_allowance: String,
    /// 賃金締切日 and 支払日 (text)
    pub pay_closing_day: String,
    pub pay_day: String,
    pub pay_cycle: PayCycle,
    /// 昇給・賞与 (text)
    pub raises_and_bonuses: String,

    // 6 保険・年金・定年等
    pub insurance: Insurance,
    pub retirement_age: Option<u32>,

    // 年齢・性別・応募資格
    pub age: AgeCondition,
    pub gender_exception: Option<GenderException>,
    pub gender_exception_reason: String,
    /// 学歴, 必要な経験, 必要な免許・資格
    pub education: String,
    pub experience: String,
    pub licenses: String,

    // 7 求人PR / 8 選考方法
    pub pr: String,
    pub selection_method: String,
    pub application_documents: String,
    pub notes: String,
}
