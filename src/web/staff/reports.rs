//! 報告: the menu, the annual report (page, CSV, PDF) and the monthly statistics with charts.
use crate::domain::fiscal_year::{fiscal_year_of, format_fiscal_year};
use crate::error::AppResult;
use crate::pdf::{Doc, Orientation};
use crate::present::csv::{CsvEncoding, CsvWriter};
use crate::present::format::{self};
use crate::present::reports::{
    ANNUAL_NOTES, MONTHLY_HEADERS, annual_sections, month_label, month_rows, month_rows_wareki,
};
use crate::present::svg_chart;
use crate::services::reports::{self, AnnualReport};
use crate::services::{audit, refdata};
use crate::state::AppState;
use crate::web::respond::{pdf_response, render_pdf};
use crate::web::session::Staff;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use templates::paperwork as tpl;

pub async fn menu(staff: Staff) -> Response {
    tpl::menu(&staff.ctx("reports"), fiscal_year_of(format::today())).into_response()
}

#[derive(Deserialize, Default)]
pub struct YearQuery {
    #[serde(default)]
    pub fiscal_year: Option<i32>,
}

async fn annual_data(
    state: &AppState,
    office_id: i32,
    fy: i32,
) -> AppResult<(AnnualReport, Vec<tpl::ReportSection>)> {
    let r = reports::annual_report(&state.db, office_id, fy, format::today()).await?;
    let mut majors = std::collections::HashMap::new();
    for k in r.by_occupation.keys() {
        majors.insert(k.clone(), refdata::occupation_name(&state.db, k).await?);
    }
    let sections = annual_sections(
        &r,
        |c| {
            crate::services::job_seekers::label(crate::services::job_seekers::SUPPORT_CATEGORIES, c)
                .to_owned()
        },
        |k| match majors.get(k) {
            Some(n) if !n.is_empty() => format!("{k} {n}"),
            _ => k.to_owned(),
        },
    );
    Ok((r, sections))
}

pub async fn annual(
    State(state): State<AppState>,
    staff: Staff,
    Query(q): Query<YearQuery>,
) -> AppResult<Response> {
    let fy = q
        .fiscal_year
        .unwrap_or_else(|| fiscal_year_of(format::today()))
        .clamp(*reports::FISCAL_YEARS.start(), *reports::FISCAL_YEARS.end());
    let (r, sections) = annual_data(&state, staff.office.id, fy).await?;
    let links = vec![
        (
            format!("/reports/annual?fiscal_year={}", fy - 1),
            "← 前年度".to_owned(),
        ),
        (
            format!("/reports/annual?fiscal_year={}", fy + 1),
            "翌年度 →".to_owned(),
        ),
        (
            format!("/reports/annual/csv?fiscal_year={fy}"),
            "CSV".to_owned(),
        ),
        (
            format!("/reports/annual/pdf?fiscal_year={fy}"),
            "PDF".to_owned(),
        ),
    ];
    let intro = format!(
        "{}（{}〜{}）　{}",
        format_fiscal_year(fy),
        format::date(r.from),
        format::date(r.to),
        staff.office.name
    );
    Ok(tpl::report(
        &staff.ctx("reports"),
        &format!("事業報告 {}", format_fiscal_year(fy)),
        &intro,
        &links,
        &sections,
        ANNUAL_NOTES,
    )
    .into_response())
}

pub async fn annual_csv(
    State(state): State<AppState>,
    staff: Staff,
    Query(q): Query<YearQuery>,
) -> AppResult<Response> {
    let fy = q
        .fiscal_year
        .unwrap_or_else(|| fiscal_year_of(format::today()))
        .clamp(*reports::FISCAL_YEARS.start(), *reports::FISCAL_YEARS.end());
    let (_, sections) = annual_data(&state, staff.office.id, fy).await?;
    let mut w = CsvWriter::new(CsvEncoding::Utf8Bom);
    let mut out = w.record(&["区分", "項目", "値1", "値2", "値3", "値4"]);
    for (heading, rows, headers) in &sections {
        if !headers.is_empty() {
            let mut h: Vec<&str> = vec![heading.as_str()];
            h.extend(headers.iter().map(String::as_str));
            out.extend(w.record(&h));
        }
        for r in rows {
            let mut fields: Vec<&str> = vec![heading.as_str()];
            fields.extend(r.iter().map(String::as_str));
            out.extend(w.record(&fields));
        }
    }
    Ok((
        [
            (
                header::CONTENT_TYPE,
                CsvEncoding::Utf8Bom.content_type().to_owned(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"annual-{fy}.csv\""),
            ),
        ],
        out,
    )
        .into_response())
}

pub async fn annual_pdf(
    State(state): State<AppState>,
    staff: Staff,
    Query(q): Query<YearQuery>,
) -> AppResult<Response> {
    let fy = q
        .fiscal_year
        .unwrap_or_else(|| fiscal_year_of(format::today()))
        .clamp(*reports::FISCAL_YEARS.start(), *reports::FISCAL_YEARS.end());
    let (r, sections) = annual_data(&state, staff.office.id, fy).await?;
    let mut doc = Doc::new("事業報告", Orientation::Portrait);
    doc.footer(&format!(
        "{}　事業報告 {}",
        staff.office.name,
        format_fiscal_year(fy)
    ));
    doc.heading(&format!("職業紹介事業報告（{}）", format_fiscal_year(fy)));
    doc.right(&format!(
        "{}　{}〜{}",
        staff.office.name,
        format::date(r.from),
        format::date(r.to)
    ));
    doc.fields(&[("取扱職種の範囲等", staff.office.scope_of_handling.as_str())]);
    for (heading, rows, headers) in &sections {
        doc.subheading(heading);
        let cols = rows
            .iter()
            .map(Vec::len)
            .max()
            .unwrap_or(2)
            .max(headers.len())
            .max(2);
        let h: Vec<&str> = if headers.is_empty() {
            let mut v = vec!["項目", "件数"];
            v.resize(cols, "");
            v
        } else {
            headers.iter().map(String::as_str).collect()
        };
        let mut widths = vec![3.0];
        widths.resize(cols, 1.0);
        doc.table(&h, &widths, rows);
    }
    doc.small(ANNUAL_NOTES);
    audit::record(
        &state.db,
        &staff.actor(),
        None,
        "print",
        "annual_report",
        Some(fy.to_string()),
        "事業報告を印刷",
    )
    .await?;
    Ok(pdf_response(
        render_pdf(&state, doc).await?,
        &format!("annual-{fy}.pdf"),
    ))
}

#[derive(Deserialize, Default)]
pub struct MonthQuery {
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub to: String,
}

async fn months_for(
    state: &AppState,
    office: &entity::office::Model,
    q: &MonthQuery,
) -> AppResult<(Vec<reports::Month>, String, String)> {
    let (def_from, def_to) = reports::last_months(format::today(), 12);
    let from = reports::parse_month(&q.from).unwrap_or(def_from);
    let to = reports::parse_month(&q.to).unwrap_or(def_to);
    Ok((
        reports::monthly_report(&state.db, office.id, from, to, office.population).await?,
        format!("{:04}-{:02}", from.0, from.1),
        format!("{:04}-{:02}", to.0, to.1),
    ))
}

pub async fn monthly(
    State(state): State<AppState>,
    staff: Staff,
    Query(q): Query<MonthQuery>,
) -> AppResult<Response> {
    let (months, from, to) = months_for(&state, &staff.office, &q).await?;
    let labels: Vec<String> = months.iter().map(|m| month_label(&m.month)).collect();
    let s = |name: &str, f: &dyn Fn(&reports::Month) -> Option<f64>| svg_chart::Series {
        name: name.into(),
        values: months.iter().map(f).collect(),
    };
    let counts = [
        s("有効求人数", &|m| Some(m.valid_openings as f64)),
        s("有効求職者数", &|m| Some(m.valid_seekers as f64)),
    ];
    let flows = [
        s("新規求人数", &|m| Some(m.new_openings as f64)),
        s("新規求職者数", &|m| Some(m.new_seekers as f64)),
        s("紹介件数", &|m| Some(m.referrals as f64)),
        s("就職件数", &|m| Some(m.placements as f64)),
    ];
    let ratio = [s("有効求人倍率", &|m| m.ratio)];
    let charts = vec![
        svg_chart::line_chart(&svg_chart::LineChart {
            title: "有効求人数と有効求職者数",
            labels: &labels,
            series: &counts,
            y_label: "人",
            width: 760,
            height: 320,
        }),
        svg_chart::bar_chart(&svg_chart::BarChart {
            title: "新規求人・新規求職・紹介・就職",
            labels: &labels,
            series: &flows,
            y_label: "件・人",
            width: 760,
            height: 320,
        }),
        svg_chart::line_chart(&svg_chart::LineChart {
            title: "有効求人倍率",
            labels: &labels,
            series: &ratio,
            y_label: "倍",
            width: 760,
            height: 260,
        }),
    ];
    let csv = format!("/reports/monthly/csv?from={from}&to={to}");
    Ok(tpl::monthly(
        &staff.ctx("reports"),
        &from,
        &to,
        &charts,
        MONTHLY_HEADERS,
        &month_rows_wareki(&months),
        &csv,
    )
    .into_response())
}

pub async fn monthly_csv(
    State(state): State<AppState>,
    staff: Staff,
    Query(q): Query<MonthQuery>,
) -> AppResult<Response> {
    let (months, _, _) = months_for(&state, &staff.office, &q).await?;
    let mut w = CsvWriter::new(CsvEncoding::Utf8Bom);
    let mut out = w.record(MONTHLY_HEADERS);
    for r in month_rows(&months) {
        let fields: Vec<&str> = r.iter().map(String::as_str).collect();
        out.extend(w.record(&fields));
    }
    Ok((
        [
            (
                header::CONTENT_TYPE,
                CsvEncoding::Utf8Bom.content_type().to_owned(),
            ),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"monthly.csv\"".to_owned(),
            ),
        ],
        out,
    )
        .into_response())
}
