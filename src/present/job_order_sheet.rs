//! The content of a job order as labelled text, section by section — every 労働条件明示 item —
//! for the detail page, the public page and the 求人票 PDF.
use crate::domain::choices::{self, label};
use crate::domain::job_order::*;
use crate::domain::wage;
use crate::domain::wareki::format_wareki;

pub struct Section {
    pub title: &'static str,
    pub rows: Vec<(&'static str, String)>,
}

/// Names the terms refer to by code.
#[derive(Default)]
pub struct Names {
    pub prefecture: String,
    pub occupation: String,
}

fn yen(n: u32) -> String {
    crate::present::format::yen(n.into())
}

fn code<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// `20時間`, `37時間30分`.
pub fn hours(minutes: u32) -> String {
    if minutes.is_multiple_of(60) {
        format!("{}時間", minutes / 60)
    } else {
        format!("{}時間{}分", minutes / 60, minutes % 60)
    }
}

pub fn shift_text(s: &Shift) -> String {
    let days: Vec<&str> = s
        .weekdays
        .iter()
        .filter_map(|d| choices::WEEKDAYS.get(*d as usize).copied())
        .collect();
    format!(
        "{}〜{}（休憩{}分、実働{}）{}",
        s.start.format("%-H:%M"),
        s.end.format("%-H:%M"),
        s.break_minutes,
        hours(wage::shift_working_minutes(s)),
        if days.is_empty() {
            String::new()
        } else {
            format!(" {}", days.join("・"))
        }
    )
}

pub fn wage_text(t: &JobOrderTerms) -> String {
    wage_range_text(t.wage_form, t.base_wage_min, t.base_wage_max)
}

/// 賃金形態 and the base wage's range (時給 1,200円〜1,500円).
pub fn wage_range_text(form: WageForm, min: u32, max: u32) -> String {
    let form = label(choices::WAGE_FORM, &code(&form));
    if max > min {
        format!("{form} {}〜{}", yen(min), yen(max))
    } else {
        format!("{form} {}", yen(min))
    }
}

pub fn weekly_hours_text(t: &JobOrderTerms) -> String {
    hours(t.weekly_minutes)
}

pub fn sections(t: &JobOrderTerms, n: &Names) -> Vec<Section> {
    let contract = match t.contract {
        ContractTerm::Indefinite => "期間の定めなし".to_owned(),
        ContractTerm::Fixed { months, days } => {
            let mut s = "期間の定めあり（".to_owned();
            if months > 0 {
                s.push_str(&format!("{months}か月"));
            }
            if days > 0 {
                s.push_str(&format!("{days}日"));
            }
            s.push('）');
            s
        }
    };
    let renewal = if matches!(t.contract, ContractTerm::Fixed { .. }) {
        let mut s = label(choices::RENEWAL, &code(&t.renewal.possibility)).to_owned();
        if !t.renewal.criteria.is_empty() {
            s.push_str(&format!("\n更新の判断基準：{}", t.renewal.criteria));
        }
        if t.renewal.no_upper_limit {
            s.push_str("\n更新上限：なし");
        } else if !t.renewal.upper_limit.is_empty() {
            s.push_str(&format!("\n更新上限：あり（{}）", t.renewal.upper_limit));
        }
        s
    } else {
        "—".to_owned()
    };
    let trial = if t.trial.exists {
        format!(
            "あり（{}）{}",
            t.trial.length,
            if t.trial.conditions_differ {
                format!("\n試用期間中の労働条件：{}", t.trial.conditions_during)
            } else {
                "\n試用期間中の労働条件：本採用後と同一".to_owned()
            }
        )
    } else {
        "なし".to_owned()
    };
    let employment = {
        let mut s = label(choices::EMPLOYMENT_FORM, &code(&t.employment_form)).to_owned();
        if !t.employment_form_name.is_empty() {
            s = format!("正社員以外（{}）", t.employment_form_name);
        }
        format!(
            "{s}／{}",
            if t.full_time {
                "フルタイム"
            } else {
                "パート"
            }
        )
    };
    let smoking = match t.smoking_measure {
        SmokingMeasure::Other => format!("その他（{}）", t.smoking_note),
        m => {
            let mut s = label(choices::SMOKING, &code(&m)).to_owned();
            if !t.smoking_note.is_empty() {
                s.push_str(&format!("（{}）", t.smoking_note));
            }
            s
        }
    };
    let shifts = t
        .shifts
        .iter()
        .map(shift_text)
        .collect::<Vec<_>>()
        .join("\n");
    let allowances = if t.allowances.is_empty() {
        "なし".to_owned()
    } else {
        t.allowances
            .iter()
            .map(|a| format!("{} {}", a.name, yen(a.amount_yen)))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let fixed_overtime = if t.fixed_overtime.exists {
        format!(
            "あり：固定残業代 {}（時間外労働{}時間分）。{}を超える時間外・休日・深夜労働の割増賃金は追加で支給します。基本給（固定残業代を除く） {}",
            yen(t.fixed_overtime.amount_yen),
            t.fixed_overtime.hours,
            format_args!("{}時間", t.fixed_overtime.hours),
            yen(t.base_wage_min)
        )
    } else {
        "なし".to_owned()
    };
    let insurance = {
        let i = &t.insurance;
        let list: Vec<&str> = [
            (i.employment, "雇用保険"),
            (i.workers_comp, "労災保険"),
            (i.health, "健康保険"),
            (i.pension, "厚生年金"),
        ]
        .iter()
        .filter(|(b, _)| *b)
        .map(|(_, l)| *l)
        .collect();
        if list.is_empty() {
            "なし".to_owned()
        } else {
            list.join("・")
        }
    };
    let age = match t.age.exception {
        None => "不問".to_owned(),
        Some(ex) => {
            let mut s = String::new();
            if let Some(min) = t.age.min {
                s.push_str(&format!("{min}歳以上"));
            }
            if let Some(max) = t.age.max {
                s.push_str(&format!("{max}歳未満"));
            }
            format!(
                "{s}（{}。{}）",
                label(choices::AGE_EXCEPTION, &code(&ex)),
                t.age.reason
            )
        }
    };
    let occupation = if n.occupation.is_empty() {
        t.occupation_title.clone()
    } else {
        format!(
            "{}（職業分類 {} {}）",
            t.occupation_title, t.occupation_code, n.occupation
        )
    };
    let first = vec![
        ("職種", occupation),
        ("求人数", format!("{}人", t.openings)),
        ("雇用形態", employment),
        (
            "派遣",
            if t.dispatch {
                "派遣労働者として雇用します".to_owned()
            } else {
                "該当しない".to_owned()
            },
        ),
    ];
    vec![
        Section {
            title: "求人区分",
            rows: first,
        },
        Section {
            title: "仕事の内容",
            rows: vec![
                ("業務の内容", t.job_description.clone()),
                ("業務の変更の範囲", t.job_change_scope.clone()),
                ("契約期間", contract),
                ("契約更新", renewal),
                ("試用期間", trial),
                (
                    "就業開始予定日",
                    t.start_date
                        .map(format_wareki)
                        .unwrap_or_else(|| "相談".into()),
                ),
            ],
        },
        Section {
            title: "就業場所",
            rows: vec![
                (
                    "所在地",
                    super::format::with_postal(
                        &t.workplace_postal_code,
                        &crate::domain::normalize::join_address(
                            &n.prefecture,
                            &t.workplace_municipality,
                            &t.workplace_address,
                        ),
                    ),
                ),
                ("最寄駅", t.nearest_station.clone()),
                ("就業場所の変更の範囲", t.workplace_change_scope.clone()),
                ("受動喫煙防止措置", smoking),
                ("募集者（雇用主）", t.recruiter_name.clone()),
            ],
        },
        Section {
            title: "労働時間・休日",
            rows: vec![
                ("就業時間", shifts),
                (
                    "週所定労働時間・日数",
                    format!("{}・週{}日", weekly_hours_text(t), t.weekly_days),
                ),
                (
                    "時間外労働",
                    if t.overtime {
                        format!("あり（月平均{}時間）", t.overtime_monthly_hours)
                    } else {
                        "なし".into()
                    },
                ),
                (
                    "休日",
                    format!(
                        "{}{}",
                        t.holidays,
                        t.annual_holidays
                            .map(|d| format!("（年間休日{d}日）"))
                            .unwrap_or_default()
                    ),
                ),
            ],
        },
        Section {
            title: "賃金",
            rows: vec![
                ("基本給", wage_text(t)),
                ("手当", allowances),
                ("固定残業代", fixed_overtime),
                (
                    "通勤手当",
                    if t.commute_allowance.is_empty() {
                        "なし".into()
                    } else {
                        t.commute_allowance.clone()
                    },
                ),
                (
                    "締切日・支払日",
                    format!("{}締め・{}支払", t.pay_closing_day, t.pay_day),
                ),
                (
                    "支払周期",
                    label(choices::PAY_CYCLE, &code(&t.pay_cycle)).to_owned(),
                ),
                ("昇給・賞与", t.raises_and_bonuses.clone()),
            ],
        },
        Section {
            title: "保険・定年",
            rows: vec![
                ("加入保険", insurance),
                (
                    "定年",
                    t.retirement_age
                        .map(|a| format!("{a}歳"))
                        .unwrap_or_else(|| "記載なし".into()),
                ),
            ],
        },
        Section {
            title: "応募資格・選考",
            rows: vec![
                ("年齢", age),
                ("学歴", or_dash(&t.education)),
                ("必要な経験", or_dash(&t.experience)),
                ("必要な免許・資格", or_dash(&t.licenses)),
                ("選考方法", t.selection_method.clone()),
                ("応募書類", or_dash(&t.application_documents)),
                ("求人PR", or_dash(&t.pr)),
                ("特記事項", or_dash(&t.notes)),
            ],
        },
    ]
}

fn or_dash(s: &str) -> String {
    if s.is_empty() {
        "—".into()
    } else {
        s.to_owned()
    }
}

/// Item-by-item differences between two versions: (section, item, before, after).
pub fn diff(a: &[Section], b: &[Section]) -> Vec<(&'static str, &'static str, String, String)> {
    let mut out = Vec::new();
    for (sa, sb) in a.iter().zip(b) {
        for ((la, va), (_, vb)) in sa.rows.iter().zip(&sb.rows) {
            if va != vb {
                out.push((sa.title, *la, va.clone(), vb.clone()));
            }
        }
    }
    out
}
