//! The job order's staff page: the record read by `services::job_order_record` shaped for the view.
use super::format::{self, opts};
use super::job_order_sheet::{self, Names};
use crate::domain::states::StateName;
use crate::services::employers;
use crate::services::job_order_record::JobOrderRecord;
use templates::job_orders as tpl;

/// The printed sections of an order as the page's view shows them.
pub fn to_view(s: Vec<job_order_sheet::Section>) -> Vec<tpl::Section> {
    s.into_iter()
        .map(|s| tpl::Section {
            title: s.title.to_owned(),
            rows: s.rows.into_iter().map(|(k, v)| (k.to_owned(), v)).collect(),
        })
        .collect()
}

/// The order's page from its record.
pub fn page(rec: &JobOrderRecord) -> tpl::Detail {
    let o = &rec.order;
    let names = Names {
        prefecture: rec.prefecture_name.clone(),
        occupation: rec.occupation_name.clone(),
    };
    tpl::Detail {
        id: o.id,
        number: o.number.clone().unwrap_or_default(),
        title: rec.terms.occupation_title.clone(),
        employer_id: rec.employer.id,
        employer_name: rec.employer.name.clone(),
        state: o.state.label().to_owned(),
        state_code: o.state.code().to_owned(),
        change_pending: o.change_pending,
        facts: facts(rec),
        sections: to_view(job_order_sheet::sections(&rec.terms, &names)),
        versions: rec
            .versions
            .iter()
            .map(|(v, _)| (v.version, format!("{}受理", format::date(v.accepted_on))))
            .collect(),
        rejection: o.rejection_ground.as_ref().map(|g| {
            format!(
                "不受理（{}、{}）：{}",
                employers::label(employers::REJECTION_GROUNDS, g),
                o.rejected_on.map(format::date).unwrap_or_default(),
                o.rejection_reason
            )
        }),
        grounds: opts(employers::REJECTION_GROUNDS),
        draft_only: rec.draft_only,
    }
}

/// The facts of the order above its terms: number, state, dates, person in charge, source.
fn facts(rec: &JobOrderRecord) -> Vec<(String, String)> {
    let o = &rec.order;
    vec![
        (
            "求人番号".to_owned(),
            o.number.clone().unwrap_or_else(|| "（未受理）".into()),
        ),
        ("状態".to_owned(), o.state.label().to_owned()),
        (
            "受付年月日".to_owned(),
            o.received_on.map(format::date).unwrap_or_default(),
        ),
        (
            "受理日".to_owned(),
            o.accepted_on.map(format::date).unwrap_or_default(),
        ),
        (
            "有効期限".to_owned(),
            o.valid_until.map(format::date).unwrap_or_default(),
        ),
        (
            "終了日".to_owned(),
            o.closed_on.map(format::date).unwrap_or_default(),
        ),
        ("担当者".to_owned(), rec.staff_name.clone()),
        (
            "受付経路".to_owned(),
            match o.source.as_str() {
                "portal" => "求人者ポータル",
                "public" => "公開フォーム",
                "api" => "API",
                _ => "窓口",
            }
            .to_owned(),
        ),
    ]
}
