//! 業務切り出し提案書 (job-redesign proposal) for the employer: the carved positions with their
//! tasks, shifts, wage and legal notes, the weekly timeline as a grid, the tasks left with the
//! existing staff, and — only where the seekers' consent covers it — anonymised profiles and the
//! 障害者雇用率 count. Composed from data prepared by the caller; nothing is looked up here.
use super::{Doc, Fonts, Orientation};

/// One position as printed.
#[derive(Clone, Debug, Default)]
pub struct ProposalPosition {
    pub label: String,
    /// 週20時間（月〜金 各4時間）　時給1,300円　週の賃金 26,000円
    pub summary: String,
    /// Shift per working day, e.g. "月 9:00〜13:00（休憩なし）".
    pub shifts: Vec<String>,
    pub tasks: String,
    /// Legal notes, each as printed (with its ○ / × / ・ mark).
    pub checks: Vec<String>,
}

#[derive(Clone, Debug, Default)]
pub struct ProposalData {
    pub plan_id: i32,
    pub office_name: String,
    pub office_contact: String,
    /// Already 和暦.
    pub issued_on: String,
    /// Already 和暦: the date the legal notes apply.
    pub checked_on: String,
    pub employer_name: String,
    pub overview: Vec<(String, String)>,
    pub positions: Vec<ProposalPosition>,
    /// Column headings of the timeline grid after 「時刻」 (the business days).
    pub grid_days: Vec<String>,
    /// One row per hour: time, then who works in each day column.
    pub grid: Vec<Vec<String>>,
    /// ポジション, 曜日, 時間, 作業.
    pub schedule: Vec<Vec<String>>,
    pub unplaced: Vec<String>,
    /// Anonymised profiles (only with consent; empty = not printed).
    pub profiles: Vec<String>,
    /// 障害者雇用率 lines of the disclosed positions and their total (empty = not printed).
    pub quota: Vec<String>,
    pub objective: String,
}

/// Renders the proposal (A4 portrait).
pub fn render(d: &ProposalData, fonts: &Fonts) -> anyhow::Result<Vec<u8>> {
    let mut doc = Doc::new("業務切り出し提案書", Orientation::Portrait);
    doc.footer(&format!(
        "{}　業務切り出し提案書 #{}",
        d.office_name, d.plan_id
    ));
    doc.right(&d.issued_on);
    doc.heading("業務切り出し提案書");
    doc.paragraph(&format!("{} 御中", d.employer_name));
    doc.paragraph("貴社の業務を作業に分け、短時間で働く方が担える形に切り出した案をご提案します。各ポジションは、ご了承いただければ当紹介所の求人として受理し、求職者をご紹介します。勤務中の空き時間は労働時間として数えています。");
    let overview: Vec<(&str, &str)> = d
        .overview
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    doc.subheading("切り出しの概要");
    doc.fields(&overview);
    for p in &d.positions {
        doc.subheading(&p.label);
        let shifts = p.shifts.join("\n");
        let checks = p.checks.join("\n");
        doc.fields(&[
            ("勤務", p.summary.as_str()),
            ("勤務時間", shifts.as_str()),
            ("作業", p.tasks.as_str()),
            ("法令の確認", checks.as_str()),
        ]);
    }
    if !d.quota.is_empty() {
        doc.subheading("障害者雇用率の算定（本人の同意を得た方のみ）");
        doc.paragraph(&d.quota.join("\n"));
    }
    doc.subheading("週の時間割");
    let legend: Vec<String> = d
        .positions
        .iter()
        .enumerate()
        .map(|(n, p)| format!("{}＝{}", n + 1, p.label))
        .collect();
    doc.small(&format!(
        "表中の数字は勤務しているポジションです（{}）。",
        legend.join("、")
    ));
    let mut headers = vec!["時刻"];
    headers.extend(d.grid_days.iter().map(String::as_str));
    let widths: Vec<f32> = std::iter::once(1.2)
        .chain(d.grid_days.iter().map(|_| 2.0))
        .collect();
    doc.table(&headers, &widths, &d.grid);
    doc.table(
        &["ポジション", "曜日", "時間", "作業"],
        &[2.0, 1.0, 2.0, 6.0],
        &d.schedule,
    );
    if !d.unplaced.is_empty() {
        doc.subheading("既存の職員に残る作業");
        doc.paragraph(&d.unplaced.join("\n"));
    }
    if !d.profiles.is_empty() {
        doc.subheading("対象となる求職者（匿名）");
        doc.paragraph(&d.profiles.join("\n"));
        doc.small("求職者の情報は、本人の同意を得た範囲で、個人を特定できない形で記載しています。");
    }
    doc.small(&format!(
        "目的：{}　法令の確認は{}時点の基準によります。",
        d.objective, d.checked_on
    ));
    doc.paragraph(&d.office_contact);
    doc.render(fonts)
}
