//! The embedded lists (names, companies, places) and the builders of synthetic terms and weekly
//! availabilities.
use super::*;

pub(super) const SURNAMES: &[(&str, &str)] = &[
    ("佐藤", "サトウ"),
    ("鈴木", "スズキ"),
    ("高橋", "タカハシ"),
    ("田中", "タナカ"),
    ("伊藤", "イトウ"),
    ("渡辺", "ワタナベ"),
    ("山本", "ヤマモト"),
    ("中村", "ナカムラ"),
    ("小林", "コバヤシ"),
    ("加藤", "カトウ"),
    ("吉田", "ヨシダ"),
    ("山田", "ヤマダ"),
    ("佐々木", "ササキ"),
    ("山口", "ヤマグチ"),
    ("松本", "マツモト"),
    ("井上", "イノウエ"),
    ("木村", "キムラ"),
    ("林", "ハヤシ"),
    ("斎藤", "サイトウ"),
    ("清水", "シミズ"),
    ("山崎", "ヤマザキ"),
    ("森", "モリ"),
    ("池田", "イケダ"),
    ("橋本", "ハシモト"),
];

pub(super) const GIVEN_NAMES: &[(&str, &str)] = &[
    ("翔太", "ショウタ"),
    ("陽菜", "ヒナ"),
    ("健一", "ケンイチ"),
    ("美咲", "ミサキ"),
    ("大輔", "ダイスケ"),
    ("さくら", "サクラ"),
    ("拓也", "タクヤ"),
    ("裕子", "ユウコ"),
    ("直樹", "ナオキ"),
    ("恵", "メグミ"),
    ("和也", "カズヤ"),
    ("真由美", "マユミ"),
    ("誠", "マコト"),
    ("愛", "アイ"),
    ("浩二", "コウジ"),
    ("由美子", "ユミコ"),
    ("亮", "リョウ"),
    ("彩", "アヤ"),
    ("隆", "タカシ"),
    ("幸子", "サチコ"),
];

pub(super) const COMPANY_STEMS: &[(&str, &str)] = &[
    ("あおば", "アオバ"),
    ("ひかり", "ヒカリ"),
    ("みどり", "ミドリ"),
    ("さくら", "サクラ"),
    ("ふじ", "フジ"),
    ("やまと", "ヤマト"),
    ("にじいろ", "ニジイロ"),
    ("つばさ", "ツバサ"),
    ("はなまる", "ハナマル"),
    ("こだま", "コダマ"),
    ("すずらん", "スズラン"),
    ("ほしぞら", "ホシゾラ"),
];

pub(super) const COMPANY_KINDS: &[(&str, &str, &str)] = &[
    ("清掃サービス", "セイソウサービス", "R"),
    ("食品", "ショクヒン", "E"),
    ("介護センター", "カイゴセンター", "P"),
    ("物流", "ブツリュウ", "H"),
    ("印刷", "インサツ", "E"),
    ("農園", "ノウエン", "A"),
    ("商事", "ショウジ", "I"),
    ("製作所", "セイサクショ", "E"),
    ("ホテル", "ホテル", "M"),
    ("ベーカリー", "ベーカリー", "E"),
    ("リネン", "リネン", "N"),
    ("ストア", "ストア", "I"),
];

/// Prefectures (JIS codes) and some of their municipalities.
pub(super) const PLACES: &[(&str, &[&str])] = &[
    (
        "13",
        &[
            "千代田区",
            "中央区",
            "港区",
            "新宿区",
            "文京区",
            "台東区",
            "墨田区",
            "江東区",
            "品川区",
            "目黒区",
            "大田区",
            "世田谷区",
            "渋谷区",
            "中野区",
            "杉並区",
            "豊島区",
            "北区",
            "荒川区",
            "板橋区",
            "練馬区",
            "足立区",
            "葛飾区",
            "江戸川区",
            "八王子市",
            "立川市",
            "武蔵野市",
            "三鷹市",
            "府中市",
            "調布市",
            "町田市",
        ],
    ),
    (
        "27",
        &[
            "大阪市北区",
            "大阪市中央区",
            "堺市堺区",
            "豊中市",
            "吹田市",
            "高槻市",
            "枚方市",
            "東大阪市",
            "茨木市",
            "八尾市",
        ],
    ),
    (
        "14",
        &[
            "横浜市中区",
            "横浜市港北区",
            "川崎市川崎区",
            "相模原市中央区",
            "横須賀市",
            "藤沢市",
            "平塚市",
            "茅ヶ崎市",
            "大和市",
            "厚木市",
        ],
    ),
    (
        "01",
        &[
            "札幌市中央区",
            "札幌市北区",
            "旭川市",
            "函館市",
            "釧路市",
            "帯広市",
            "小樽市",
            "苫小牧市",
        ],
    ),
    (
        "40",
        &[
            "福岡市博多区",
            "福岡市中央区",
            "北九州市小倉北区",
            "久留米市",
            "飯塚市",
            "大牟田市",
            "春日市",
            "筑紫野市",
        ],
    ),
    (
        "23",
        &[
            "名古屋市中区",
            "名古屋市中村区",
            "豊田市",
            "岡崎市",
            "一宮市",
            "豊橋市",
            "春日井市",
            "安城市",
        ],
    ),
    (
        "04",
        &[
            "仙台市青葉区",
            "仙台市宮城野区",
            "石巻市",
            "大崎市",
            "名取市",
            "塩竈市",
        ],
    ),
    (
        "34",
        &[
            "広島市中区",
            "広島市南区",
            "福山市",
            "呉市",
            "東広島市",
            "尾道市",
        ],
    ),
];

pub(super) const STATIONS: &[&str] = &["駅前", "中央", "東口", "西口", "本町", "新町"];

/// A municipality of the office's area: a town keeps to a few, the nation uses every place.
pub(super) struct Area {
    pub(super) places: Vec<(String, String)>,
}

impl Area {
    pub(super) fn new(scale: Scale) -> Self {
        let mut places = Vec::new();
        let n_pref = match scale {
            Scale::Tiny | Scale::Town => 1,
            Scale::City => 1,
            Scale::Nation => PLACES.len(),
        };
        for (pref, munis) in &PLACES[..n_pref] {
            let take = match scale {
                Scale::Tiny => 4,
                Scale::Town => 6,
                Scale::City => 15,
                Scale::Nation => munis.len(),
            };
            for m in munis.iter().take(take) {
                places.push(((*pref).to_owned(), (*m).to_owned()));
            }
        }
        Self { places }
    }
    pub(super) fn pick(&self, rng: &mut Rng) -> &(String, String) {
        // The office's own area (the first places) is the busiest.
        if rng.chance(0.5) {
            &self.places[rng.below(self.places.len().min(3))]
        } else {
            rng.pick(&self.places)
        }
    }
}

pub(super) fn name(rng: &mut Rng) -> (String, String) {
    let (s, sk) = *rng.pick(SURNAMES);
    let (g, gk) = *rng.pick(GIVEN_NAMES);
    (format!("{s}　{g}"), format!("{sk}　{gk}"))
}

pub(super) fn address(rng: &mut Rng) -> String {
    format!(
        "{}丁目{}番{}号",
        rng.range(1, 5),
        rng.range(1, 30),
        rng.range(1, 20)
    )
}

pub(super) fn phone(rng: &mut Rng, prefix: &str) -> (String, String) {
    let a = rng.range(1000, 9999);
    let b = rng.range(1000, 9999);
    (format!("{prefix}-{a}-{b}"), format!("{prefix}{a}{b}"))
}

pub(super) fn time(minutes: i64) -> NaiveTime {
    NaiveTime::from_hms_opt((minutes / 60 % 24) as u32, (minutes % 60) as u32, 0)
        .unwrap_or_default()
}

/// The occupations orders and seekers are drawn from: middle groups of the 2022 classification.
pub(super) struct Occupations {
    pub(super) middle: Vec<(String, String)>,
    pub(super) majors: HashMap<String, String>,
}

/// Weekdays (0 = Monday) for `n` days a week, weekdays first.
pub(super) fn weekdays(rng: &mut Rng, n: usize) -> Vec<u8> {
    let mut days: Vec<u8> = (0..7).collect();
    // Mostly Monday–Friday; sometimes a weekend day.
    let mut out = Vec::new();
    while out.len() < n {
        let d = if rng.chance(0.8) {
            days[rng.below(5.min(days.len()))]
        } else {
            days[rng.below(days.len())]
        };
        if let Some(i) = days.iter().position(|x| *x == d) {
            days.remove(i);
            out.push(d);
        }
        if days.is_empty() {
            break;
        }
    }
    out.sort_unstable();
    out
}

#[allow(clippy::too_many_arguments)]
pub(super) fn order_terms(
    rng: &mut Rng,
    occupation: &(String, String),
    place: &(String, String),
    employer_name: &str,
    minimum_wage: u32,
) -> JobOrderTerms {
    let short = rng.chance(0.65);
    let days_n = if short {
        rng.range(1, 4) as usize
    } else {
        rng.range(4, 5) as usize
    };
    let span = if short {
        rng.range(2, 5) * 60
    } else {
        rng.range(6, 9) * 60
    };
    let start = rng.range(7, 22 - span / 60).max(6) * 60 + *rng.pick(&[0i64, 30]);
    let break_minutes: u32 = if span > 8 * 60 {
        60
    } else if span > 6 * 60 {
        45
    } else {
        0
    };
    let days = weekdays(rng, days_n);
    let working = span as u32 - break_minutes;
    let weekly_minutes = working * days.len() as u32;
    let full_time = weekly_minutes >= 30 * 60;
    let base = (minimum_wage + rng.range(0, 40) as u32 * 10).div_ceil(10) * 10;
    let fixed = rng.chance(0.4);
    let months = *rng.pick(&[3u32, 6, 12]);
    JobOrderTerms {
        occupation_title: occupation.1.clone(),
        occupation_code: occupation.0.clone(),
        openings: rng.range(1, 3) as u32,
        full_time,
        employment_form: if full_time && rng.chance(0.5) {
            EmploymentForm::Regular
        } else {
            EmploymentForm::NonRegular
        },
        employment_form_name: if full_time {
            "契約社員"
        } else {
            "パート"
        }
        .into(),
        dispatch: false,
        publishable: rng.chance(0.85),
        job_description: format!(
            "{}の仕事です。未経験の方にも丁寧にお教えします。短い時間から始められます。",
            occupation.1
        ),
        job_change_scope: "変更なし".into(),
        contract: if fixed {
            ContractTerm::Fixed { months, days: 0 }
        } else {
            ContractTerm::Indefinite
        },
        renewal: if fixed {
            Renewal {
                possibility: RenewalPossibility::Conditional,
                criteria: "勤務成績、業務量により判断".into(),
                upper_limit: "通算5年".into(),
                no_upper_limit: false,
            }
        } else {
            Renewal::default()
        },
        trial: Default::default(),
        start_date: None,
        workplace_postal_code: format!("{:03}-{:04}", rng.range(100, 999), rng.range(0, 9999)),
        workplace_prefecture_code: place.0.clone(),
        workplace_municipality: place.1.clone(),
        workplace_address: address(rng),
        nearest_station: format!("{}駅", rng.pick(STATIONS)),
        workplace_change_scope: "変更なし".into(),
        smoking_measure: SmokingMeasure::IndoorBan,
        smoking_note: String::new(),
        recruiter_name: employer_name.to_owned(),
        shifts: vec![Shift {
            start: time(start),
            end: time(start + span),
            break_minutes,
            weekdays: days.clone(),
        }],
        weekly_minutes,
        weekly_days: days.len() as u32,
        monthly_scheduled_minutes: 0,
        overtime: false,
        overtime_monthly_hours: 0,
        holidays: "シフトによる".into(),
        annual_holidays: None,
        wage_form: WageForm::Hourly,
        base_wage_min: base,
        base_wage_max: base + rng.range(0, 20) as u32 * 10,
        allowances: Vec::new(),
        fixed_overtime: Default::default(),
        commute_allowance: "実費支給（上限 月10,000円）".into(),
        pay_closing_day: "月末".into(),
        pay_day: "翌月25日".into(),
        pay_cycle: PayCycle::Monthly,
        raises_and_bonuses: "なし".into(),
        insurance: Insurance {
            employment: weekly_minutes >= 20 * 60,
            workers_comp: true,
            health: weekly_minutes >= 30 * 60,
            pension: weekly_minutes >= 30 * 60,
        },
        retirement_age: None,
        age: Default::default(),
        gender_exception: None,
        gender_exception_reason: String::new(),
        education: "不問".into(),
        experience: "不問".into(),
        licenses: "不要".into(),
        pr: "短時間・週1日から相談できます。".into(),
        selection_method: "面接".into(),
        application_documents: "履歴書".into(),
        notes: String::new(),
    }
}

pub(super) fn seeker_availability(rng: &mut Rng) -> Availability {
    let mut a = Availability::default();
    let n = rng.range(1, 5) as usize;
    let from = rng.range(8, 14) * 60;
    let to = (from + rng.range(3, 8) * 60).min(22 * 60);
    for d in weekdays(rng, n) {
        a.days[d as usize] = vec![Window {
            start: from as u16,
            end: to as u16,
        }];
    }
    a.max_weekly_minutes = *rng.pick(&[0u32, 10 * 60, 20 * 60, 30 * 60]);
    a.max_daily_minutes = *rng.pick(&[0u32, 4 * 60, 6 * 60]);
    a
}

pub(super) fn name_only(rng: &mut Rng) -> String {
    name(rng).0
}
