//! The annual report and the monthly statistics as rows: for the page, the CSV and the PDF alike.
use crate::services::reports::{self, AnnualReport};
use templates::paperwork as tpl;

fn n(v: u64) -> String {
    v.to_string()
}

/// The annual report as sections of rows: (heading, rows, column headers).
pub fn annual_sections(
    r: &AnnualReport,
    support_label: impl Fn(&str) -> String,
    major_label: impl Fn(&str) -> String,
) -> Vec<tpl::ReportSection> {
    let term_headers = vec![
        "".to_owned(),
        "常用".into(),
        "臨時".into(),
        "日雇".into(),
        "計".into(),
    ];
    let t = |label: &str, b: &reports::ByTerm| {
        vec![
            label.to_owned(),
            n(b.regular),
            n(b.temporary),
            n(b.daily),
            n(b.total),
        ]
    };
    let mut sections = vec![
        (
            "求人".to_owned(),
            vec![
                t("新規求人（件数）", &r.new_orders),
                t("新規求人（人数）", &r.new_openings),
                t("有効求人（件数・3月末日）", &r.valid_orders_at_end),
                t("有効求人（人数・3月末日）", &r.valid_openings_at_end),
            ],
            term_headers.clone(),
        ),
        (
            "求職・紹介".to_owned(),
            vec![
                vec!["新規求職申込件数".into(), n(r.new_seekers)],
                vec!["有効求職者数（3月末日）".into(), n(r.valid_seekers_at_end)],
                vec!["紹介件数".into(), n(r.referrals)],
            ],
            vec![],
        ),
        (
            "就職".to_owned(),
            vec![
                t("就職件数", &r.placements),
                vec!["うち無期雇用".into(), n(r.placements_indefinite)],
                vec![
                    "うち6か月以内の離職（解雇を除く）".into(),
                    n(r.left_within_6_months_not_dismissal),
                ],
                vec!["離職の有無が判明しない者".into(), n(r.unknown)],
            ],
            term_headers,
        ),
        (
            "短時間".to_owned(),
            vec![
                vec!["週20時間未満の新規求人".into(), n(r.short_orders_under_20h)],
                vec!["週10時間未満の新規求人".into(), n(r.short_orders_under_10h)],
                vec!["週20時間未満の就職".into(), n(r.short_placements_under_20h)],
                vec!["週10時間未満の就職".into(), n(r.short_placements_under_10h)],
                vec!["業務の切り出しで作られた求人".into(), n(r.redesign_orders)],
            ],
            vec![],
        ),
    ];
    sections.push((
        "職業分類（大分類）別".to_owned(),
        r.by_occupation
            .iter()
            .map(|(k, (a, b))| vec![major_label(k), n(*a), n(*b)])
            .collect(),
        vec!["".into(), "新規求人".into(), "就職".into()],
    ));
    sections.push((
        "支援区分別".to_owned(),
        r.by_support
            .iter()
            .map(|(k, (a, b))| vec![support_label(k), n(*a), n(*b)])
            .collect(),
        vec!["".into(), "新規求職".into(), "就職".into()],
    ));
    // 不受理: the total, then every ground of 職業安定法第5条の6第1項 (zeros too, so the
    // figure is never missing from the report).
    let mut other: Vec<Vec<String>> = vec![vec![
        "不受理（合計）".into(),
        n(r.rejections.values().sum()),
    ]];
    other.extend(
        crate::services::employers::REJECTION_GROUNDS
            .iter()
            .map(|(g, label)| {
                vec![
                    format!("　うち第5条の6第1項{label}"),
                    n(r.rejections.get(*g).copied().unwrap_or(0)),
                ]
            }),
    );
    other.push(vec!["苦情（受付）".into(), n(r.complaints)]);
    other.push(vec!["苦情（処理完了）".into(), n(r.complaints_closed)]);
    sections.push(("不受理・苦情".to_owned(), other, vec![]));
    sections
}

pub const ANNUAL_NOTES: &str = "数値はすべて個々の記録から集計しています。新規求人＝年度内に受理した求人。有効求人・有効求職＝3月末日に有効期間内で終了していないもの。就職件数＝採用年月日が年度内のもの（常用＝無期又は4か月以上、臨時＝1か月以上4か月未満、日雇＝1か月未満）。判明不能＝離職の記録がなく、6か月後の定着確認で在職が確認されていないもの。見学・体験・実習は職業紹介ではないため含みません。";

pub const MONTHLY_HEADERS: &[&str] = &[
    "月",
    "新規求人数",
    "有効求人数",
    "新規求職者数",
    "有効求職者数",
    "紹介件数",
    "就職件数",
    "有効求人倍率",
    "新規求職者（人口10万人あたり）",
    "就職（人口10万人あたり）",
];

pub fn month_rows(months: &[reports::Month]) -> Vec<Vec<String>> {
    let f = |v: Option<f64>| v.map(|x| format!("{x:.2}")).unwrap_or_else(|| "—".into());
    months
        .iter()
        .map(|m| {
            vec![
                m.month.clone(),
                n(m.new_openings),
                n(m.valid_openings),
                n(m.new_seekers),
                n(m.valid_seekers),
                n(m.referrals),
                n(m.placements),
                f(m.ratio),
                f(m.new_seekers_per_100k),
                f(m.placements_per_100k),
            ]
        })
        .collect()
}

/// The monthly table as a person reads it: the month in 和暦 (「令和8年11月」); the CSV keeps
/// `YYYY-MM`.
pub fn month_rows_wareki(months: &[reports::Month]) -> Vec<Vec<String>> {
    let mut rows = month_rows(months);
    for row in &mut rows {
        if let Ok(d) = chrono::NaiveDate::parse_from_str(&format!("{}-01", row[0]), "%Y-%m-%d") {
            row[0] = crate::domain::wareki::format_wareki_year_month(d);
        }
    }
    rows
}

pub fn month_label(m: &str) -> String {
    match reports::parse_month(m) {
        Some((y, mo)) => match chrono::NaiveDate::from_ymd_opt(y, mo, 1)
            .and_then(crate::domain::wareki::era_of)
        {
            Some((era, year)) => format!("{}{}.{}", era.initial, year, mo),
            None => m.to_owned(),
        },
        None => m.to_owned(),
    }
}
