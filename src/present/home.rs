//! The staff home page from the office's overview.
use super::audit::audit_rows;
use super::format;
use crate::domain::fiscal_year;
use crate::services::office_overview::{Bounded, OfficeOverview};
use chrono::NaiveDate;
use templates::pages;

/// A bounded count on a card: 「1,234」 or 「1万以上」.
fn count_text((n, more): Bounded) -> String {
    format::bounded(n, more, "")
}

pub fn page(o: OfficeOverview, today: NaiveDate) -> pages::HomeView {
    let mut work = vec![
        (
            "受付中の求人".to_owned(),
            count_text(o.open_orders),
            "/job-orders?state=open".to_owned(),
        ),
        (
            "審査待ちの求人（新規・変更）".to_owned(),
            count_text(o.pending_orders),
            "/job-orders?state=pending".to_owned(),
        ),
        (
            "有効な求職者".to_owned(),
            count_text(o.active_seekers),
            "/job-seekers".to_owned(),
        ),
        (
            "結果待ちの紹介".to_owned(),
            count_text(o.open_referrals),
            "/referrals?state=referred".to_owned(),
        ),
        (
            "今週の定着確認".to_owned(),
            count_text(o.follow_ups_due),
            "/follow-ups".to_owned(),
        ),
    ];
    if o.rejections_to_review > 0 {
        work.push((
            "根拠（3号・4号）の確認が必要な不受理".to_owned(),
            o.rejections_to_review.to_string(),
            "/reports/rejection-review".to_owned(),
        ));
    }
    pages::HomeView {
        work,
        today: format::date(today),
        fiscal_year: fiscal_year::format_fiscal_year(fiscal_year::fiscal_year_of(today)),
        staff_count: o.staff_count,
        minimum_wage: o.minimum_wage.map(|w| {
            format!(
                "{}（{}発効{}）",
                format::yen(w.hourly_yen.into()),
                format::date(w.effective_date),
                if w.verified { "" } else { "・未確認" }
            )
        }),
        unverified_wage_years: o
            .unverified_wage_years
            .into_iter()
            .map(fiscal_year::format_fiscal_year)
            .collect(),
        recent: audit_rows(o.recent),
    }
}
