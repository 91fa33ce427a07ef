//! 帳簿・報告: ledgers (screen, streamed CSV, PDF), the annual report, monthly statistics with
//! charts, the complaint register, the disclosure, the 29条 notices, retention.
use super::session::{Admin, CsrfToken, Staff};
use crate::domain::fiscal_year::{fiscal_year_of, format_fiscal_year};
use crate::error::{AppError, AppResult};
use crate::pdf::{Doc, Orientation};
use crate::present::csv::{CsvEncoding, CsvWriter};
use crate::present::format::{self, opts};
use crate::present::svg_chart;
use crate::services::complaints::{self, ComplaintFilter, ComplaintInput};
use crate::services::ledgers::{self, Ledger, LedgerFilter};
use crate::services::reports::{self, AnnualReport};
use crate::services::{audit, offices, refdata, retention};
use crate::state::AppState;
use crate::validation::FieldErrors;
use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use serde::Deserialize;
use templates::paperwork as tpl;

pub fn pdf_response(bytes: Vec<u8>, filename: &str) -> Response {
    (
        [
            (header::CONTENT_TYPE, "application/pdf".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("inline; filename=\"{filename}\""),
            ),
        ],
        bytes,
    )
        .into_response()
}

async fn render_pdf(state: &AppState, doc: Doc) -> AppResult<Vec<u8>> {
    Ok(crate::pdf::render_blocking(state.fonts.clone(), move |f| doc.render(f)).await?)
}

pub async fn menu(staff: Staff) -> Response {
    tpl::menu(&staff.ctx("reports"), fiscal_year_of(format::today())).into_response()
}

fn ledger_of(slug: &str) -> AppResult<Ledger> {
    Ledger::from_slug(slug).ok_or(AppError::NotFound)
}

fn filter_query(f: &LedgerFilter) -> String {
    serde_urlencoded::to_string([("from", &f.from), ("to", &f.to), ("state", &f.state)])
        .unwrap_or_default()
}

pub async fn ledger(
    State(state): State<AppState>,
    staff: Staff,
    Path(slug): Path<String>,
    Query(f): Query<LedgerFilter>,
) -> AppResult<Response> {
    let l = ledger_of(&slug)?;
    let total = ledgers::count(&state.db, staff.office.id, l, &f).await?;
    let pages = total.div_ceil(ledgers::PAGE_SIZE).max(1);
    let page = f.page.unwrap_or(1).clamp(1, pages);
    let rows = ledgers::rows(
        &state.db,
        staff.office.id,
        l,
        &f,
        page - 1,
        ledgers::PAGE_SIZE,
    )
    .await?;
    audit::record(
        &state.db,
        &staff.actor(),
        None,
        "view",
        "ledger",
        Some(l.slug().into()),
        format!("{}を閲覧", l.title()),
    )
    .await?;
    let q = filter_query(&f);
    let v = tpl::LedgerView {
        title: l.title(),
        slug: l.slug(),
        headers: l.headers(),
        rows: &rows,
        total,
        page,
        pages,
        from: &f.from,
        to: &f.to,
        state: &f.state,
        query: &q,
    };
    Ok(tpl::ledger(&staff.ctx("reports"), &v).into_response())
}

/// Stream a ledger as CSV, a page at a time (UTF-8 with BOM, or Shift_JIS with `encoding=sjis`).
pub async fn ledger_csv_response(
    state: &AppState,
    office_id: i32,
    l: Ledger,
    f: LedgerFilter,
) -> Response {
    let enc = CsvEncoding::from_param(f.encoding.as_deref());
    let content_type = enc.content_type();
    let (tx, rx) = tokio::sync::mpsc::channel::<Result<Vec<u8>, std::io::Error>>(4);
    let db = state.db.clone();
    tokio::spawn(async move {
        let mut w = CsvWriter::new(enc);
        if tx.send(Ok(w.record(l.headers()))).await.is_err() {
            return;
        }
        // Page by key, not by OFFSET: each page is an index range however deep.
        let mut at = ledgers::PageAt::After(None);
        loop {
            match ledgers::rows_at(&db, office_id, l, &f, at, 500).await {
                Ok((rows, _)) if rows.is_empty() => break,
                Ok((rows, last)) => {
                    let mut chunk = Vec::new();
                    for r in &rows {
                        let fields: Vec<&str> = r.iter().map(String::as_str).collect();
                        chunk.extend(w.record(&fields));
                    }
                    if tx.send(Ok(chunk)).await.is_err() {
                        return;
                    }
                    if rows.len() < 500 || last.is_none() {
                        break;
                    }
                    at = ledgers::PageAt::After(last);
                }
                Err(e) => {
                    tracing::error!(error = %e, "ledger export failed");
                    let _ = tx.send(Err(std::io::Error::other("export failed"))).await;
                    return;
                }
            }
        }
    });
    let stream = futures_util::stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|item| (item, rx))
    });
    let filename = format!("{}-{}.csv", l.slug(), format::today());
    (
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{filename}\""),
            ),
        ],
        Body::from_stream(stream),
    )
        .into_response()
}

pub async fn ledger_csv(
    State(state): State<AppState>,
    staff: Staff,
    Path(slug): Path<String>,
    Query(f): Query<LedgerFilter>,
) -> AppResult<Response> {
    let l = ledger_of(&slug)?;
    audit::record(
        &state.db,
        &staff.actor(),
        None,
        "export",
        "ledger",
        Some(l.slug().into()),
        format!("{}をCSVで出力", l.title()),
    )
    .await?;
    Ok(ledger_csv_response(&state, staff.office.id, l, f).await)
}

pub async fn ledger_pdf(
    State(state): State<AppState>,
    staff: Staff,
    Path(slug): Path<String>,
    Query(f): Query<LedgerFilter>,
) -> AppResult<Response> {
    let l = ledger_of(&slug)?;
    let mut doc = Doc::new(l.title(), Orientation::Landscape);
    doc.footer(&format!(
        "{}　{}　{}出力",
        staff.office.name,
        l.title(),
        format::date(format::today())
    ));
    doc.heading(l.title());
    let period = match (f.from.is_empty(), f.to.is_empty()) {
        (true, true) => "全期間".to_owned(),
        _ => format!("{}〜{}", f.from, f.to),
    };
    doc.right(&format!("{}　期間：{}", staff.office.name, period));
    let mut all = Vec::new();
    let mut page = 0;
    loop {
        let rows = ledgers::rows(&state.db, staff.office.id, l, &f, page, 500).await?;
        if rows.is_empty() {
            break;
        }
        all.extend(rows);
        page += 1;
    }
    doc.table(l.headers(), l.widths(), &all);
    audit::record(
        &state.db,
        &staff.actor(),
        None,
        "print",
        "ledger",
        Some(l.slug().into()),
        format!("{}を印刷", l.title()),
    )
    .await?;
    Ok(pdf_response(
        render_pdf(&state, doc).await?,
        &format!("{}.pdf", l.slug()),
    ))
}

#[derive(Deserialize, Default)]
pub struct YearQuery {
    #[serde(default)]
    pub fiscal_year: Option<i32>,
}

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
fn month_rows_wareki(months: &[reports::Month]) -> Vec<Vec<String>> {
    let mut rows = month_rows(months);
    for row in &mut rows {
        if let Ok(d) = chrono::NaiveDate::parse_from_str(&format!("{}-01", row[0]), "%Y-%m-%d") {
            row[0] = crate::domain::wareki::format_wareki_year_month(d);
        }
    }
    rows
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

fn month_label(m: &str) -> String {
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

pub async fn complaint_list(
    State(state): State<AppState>,
    staff: Staff,
    Query(f): Query<ComplaintFilter>,
) -> AppResult<Response> {
    let rows: Vec<tpl::ComplaintRow> = complaints::list(&state.db, staff.office.id, &f)
        .await?
        .into_iter()
        .map(|c| tpl::ComplaintRow {
            id: c.id,
            received: format::date(c.received_on),
            from: format!("{}　{}", complaints::label(&c.from_kind), c.from_name),
            subject: c.subject,
            closed: c
                .closed_on
                .map(format::date)
                .unwrap_or_else(|| "処理中".into()),
        })
        .collect();
    let q = serde_urlencoded::to_string([("from", &f.from), ("to", &f.to), ("state", &f.state)])
        .unwrap_or_default();
    Ok(tpl::complaints(&staff.ctx("reports"), &rows, &f.from, &f.to, &f.state, &q).into_response())
}

fn complaint_form_markup(
    staff: &Staff,
    title: &str,
    action: String,
    i: &ComplaintInput,
    e: &FieldErrors,
) -> maud::Markup {
    let kinds = opts(complaints::FROM_KINDS);
    let f = tpl::ComplaintForm {
        action,
        received_on: &i.received_on,
        from_kind: &i.from_kind,
        from_name: &i.from_name,
        contact: &i.contact,
        subject: &i.subject,
        response: &i.response,
        closed_on: &i.closed_on,
        kinds: &kinds,
    };
    tpl::complaint_form(&staff.ctx("reports"), title, &f, e.map())
}

pub async fn complaint_new(staff: Staff) -> Response {
    let i = ComplaintInput {
        received_on: format::today().to_string(),
        ..Default::default()
    };
    complaint_form_markup(
        &staff,
        "苦情の受付",
        "/complaints".into(),
        &i,
        &FieldErrors::new(),
    )
    .into_response()
}

pub async fn complaint_create(
    State(state): State<AppState>,
    staff: Staff,
    Form(i): Form<ComplaintInput>,
) -> AppResult<Response> {
    super::after_post(
        complaints::create(&state.db, &staff.actor(), staff.office.id, &i).await,
        |_| "/complaints".to_string(),
        |e| async move {
            Ok(complaint_form_markup(
                &staff,
                "苦情の受付",
                "/complaints".into(),
                &i,
                &e,
            ))
        },
    )
    .await
}

pub async fn complaint_edit(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i32>,
) -> AppResult<Response> {
    let c = complaints::get(&state.db, staff.office.id, id).await?;
    Ok(complaint_form_markup(
        &staff,
        "苦情の処理",
        format!("/complaints/{id}"),
        &ComplaintInput::from_model(&c),
        &FieldErrors::new(),
    )
    .into_response())
}

pub async fn complaint_update(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i32>,
    Form(i): Form<ComplaintInput>,
) -> AppResult<Response> {
    super::after_post(
        complaints::update(&state.db, &staff.actor(), staff.office.id, id, &i).await,
        |_| "/complaints".to_string(),
        |e| async move {
            Ok(complaint_form_markup(
                &staff,
                "苦情の処理",
                format!("/complaints/{id}"),
                &i,
                &e,
            ))
        },
    )
    .await
}

pub async fn complaint_pdf(
    State(state): State<AppState>,
    staff: Staff,
    Query(f): Query<ComplaintFilter>,
) -> AppResult<Response> {
    let rows: Vec<Vec<String>> = complaints::list(&state.db, staff.office.id, &f)
        .await?
        .into_iter()
        .map(|c| {
            vec![
                format::date(c.received_on),
                format!("{}　{}", complaints::label(&c.from_kind), c.from_name),
                c.subject,
                c.response,
                c.closed_on
                    .map(format::date)
                    .unwrap_or_else(|| "処理中".into()),
            ]
        })
        .collect();
    let mut doc = Doc::new("苦情処理簿", Orientation::Landscape);
    doc.footer(&format!("{}　苦情処理簿", staff.office.name));
    doc.heading("苦情処理簿");
    doc.right(&format!(
        "{}　{}出力",
        staff.office.name,
        format::date(format::today())
    ));
    doc.table(
        &[
            "受付日",
            "申出人",
            "苦情の内容",
            "処理の経過・結果",
            "処理完了日",
        ],
        &[2.0, 3.0, 6.0, 6.0, 2.0],
        &rows,
    );
    Ok(pdf_response(
        render_pdf(&state, doc).await?,
        "complaints.pdf",
    ))
}

fn disclosure_rows(o: &entity::office::Model) -> Vec<(String, String)> {
    vec![
        ("紹介所".into(), o.name.clone()),
        (
            "所在地".into(),
            format::with_postal(&o.postal_code, &o.address),
        ),
        (
            "連絡先".into(),
            format!("電話 {}　FAX {}　{}", o.phone, o.fax, o.email),
        ),
        ("取扱職種の範囲等".into(), o.scope_of_handling.clone()),
        (
            "苦情の処理に関する事項".into(),
            o.complaint_handling.clone(),
        ),
        (
            "個人情報の取扱いに関する事項".into(),
            o.privacy_policy.clone(),
        ),
    ]
}

/// The public disclosure page of an office (職業安定法第29条の5).
pub async fn disclosure_page(
    State(state): State<AppState>,
    Path(code): Path<String>,
) -> AppResult<Response> {
    let o = offices::find_by_code(&state.db, &code)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(tpl::disclosure(&o.name, &o.code, &disclosure_rows(&o)).into_response())
}

pub async fn disclosure_pdf(State(state): State<AppState>, staff: Staff) -> AppResult<Response> {
    let o = &staff.office;
    let mut doc = Doc::new("明示事項", Orientation::Portrait);
    doc.footer(&o.name);
    doc.right(&format::date(format::today()));
    doc.heading("取扱職種の範囲等・苦情処理・個人情報の取扱いについて");
    doc.paragraph("職業安定法第29条の5の規定に基づき、当紹介所が取り扱う職種の範囲等、苦情の処理及び個人情報の取扱いに関する事項を次のとおり明示します。");
    let rows = disclosure_rows(o);
    let r: Vec<(&str, &str)> = rows.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    doc.fields(&r);
    Ok(pdf_response(
        render_pdf(&state, doc).await?,
        "disclosure.pdf",
    ))
}

/// 職業安定法第29条 notices of starting / abolishing the business, filled from the settings.
pub async fn notice_pdf(
    State(state): State<AppState>,
    staff: Staff,
    Path(kind): Path<String>,
) -> AppResult<Response> {
    let o = &staff.office;
    let (title, body) = match kind.as_str() {
        "start" => (
            "無料職業紹介事業の開始について（通知）",
            "職業安定法第29条第2項の規定により、下記のとおり無料の職業紹介事業を開始するので通知します。",
        ),
        "end" => (
            "無料職業紹介事業の廃止について（通知）",
            "職業安定法第29条第2項の規定に基づき通知した無料の職業紹介事業を、下記のとおり廃止するので通知します。",
        ),
        _ => return Err(AppError::NotFound),
    };
    let pref = refdata::prefecture_name(&state.db, &o.prefecture_code).await?;
    let mut doc = Doc::new(title, Orientation::Portrait);
    doc.right("令和　　年　　月　　日");
    doc.paragraph("厚生労働大臣　殿");
    doc.right(&format!("{}{}長", pref, o.municipality));
    doc.spacer(4.0);
    doc.heading(title);
    doc.paragraph(body);
    doc.paragraph("記");
    let rows = [
        ("地方公共団体の名称", format!("{pref}{}", o.municipality)),
        ("事業所の名称", o.name.clone()),
        (
            "事業所の所在地",
            format::with_postal(&o.postal_code, &o.address),
        ),
        (
            "連絡先",
            format!("電話 {}　FAX {}　{}", o.phone, o.fax, o.email),
        ),
        ("取扱職種の範囲等", o.scope_of_handling.clone()),
        (
            if kind == "start" {
                "事業開始（予定）年月日"
            } else {
                "事業廃止（予定）年月日"
            },
            "令和　　年　　月　　日".into(),
        ),
    ];
    let r: Vec<(&str, &str)> = rows.iter().map(|(a, b)| (*a, b.as_str())).collect();
    doc.fields(&r);
    doc.small("※ 提出先・様式は所管の都道府県労働局に確認してください。");
    Ok(pdf_response(
        render_pdf(&state, doc).await?,
        &format!("notice-{kind}.pdf"),
    ))
}

fn personal_info_rows(o: &entity::office::Model) -> Vec<(String, String)> {
    vec![
        ("個人情報ファイルの名称".into(), format!("{} 求職者情報ファイル", o.name)),
        ("行政機関等の名称".into(), o.municipality.clone()),
        ("担当部署".into(), o.name.clone()),
        ("利用目的".into(), crate::services::job_seekers::PURPOSES.to_owned()),
        ("記録項目".into(), "求職番号、氏名、フリガナ、生年月日、住所、最寄駅、電話番号、電子メールアドレス、希望職種・勤務地・賃金・雇用形態、勤務可能な曜日・時間帯、学歴、免許・資格、職歴、支援区分、支援の段階、支援機関、相談記録、紹介・就職・定着確認の記録。本人の明示の同意がある場合に限り、障害の有無及び配慮事項（要配慮個人情報）。".into()),
        ("記録範囲".into(), "当紹介所に求職の申込みをした者".into()),
        ("記録情報の収集方法".into(), "本人から直接（窓口、書面）。本人の同意を得た場合に支援機関から。".into()),
        ("要配慮個人情報の有無".into(), "含む（本人の同意がある場合に限る）".into()),
        ("記録情報の経常的提供先".into(), "紹介先の求人者（紹介状の記載事項に限る）".into()),
        ("保存期間".into(), format!("求職登録の完結後{}年（経過後は匿名化）", o.retention_years)),
        ("開示請求等を受理する組織".into(), format!("{}（{}）", o.name, o.phone)),
    ]
}

pub async fn personal_info_file(staff: Staff) -> Response {
    tpl::text_page(
        &staff.ctx("reports"),
        "個人情報ファイル簿の記載事項（求職者情報）",
        &personal_info_rows(&staff.office),
        "/reports/personal-info-file/pdf",
    )
    .into_response()
}

pub async fn personal_info_file_pdf(
    State(state): State<AppState>,
    staff: Staff,
) -> AppResult<Response> {
    let mut doc = Doc::new("個人情報ファイル簿", Orientation::Portrait);
    doc.footer(&staff.office.name);
    doc.heading("個人情報ファイル簿（求職者情報ファイル）");
    let rows = personal_info_rows(&staff.office);
    let r: Vec<(&str, &str)> = rows.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    doc.fields(&r);
    Ok(pdf_response(
        render_pdf(&state, doc).await?,
        "personal-info-file.pdf",
    ))
}

fn kind_label(k: &str) -> &'static str {
    match k {
        "job_seeker" => "求職者",
        "employer" => "求人者（連絡担当者）",
        _ => "苦情",
    }
}

pub async fn retention_page(
    State(state): State<AppState>,
    Admin(staff): Admin,
    CsrfToken(_): CsrfToken,
) -> AppResult<Response> {
    let rows: Vec<(String, String, String)> = retention::due(&state.db, format::today())
        .await?
        .into_iter()
        .filter(|d| d.office_id == staff.office.id)
        .map(|d| {
            (
                kind_label(d.kind).to_owned(),
                d.label,
                format::date(d.completed_on),
            )
        })
        .collect();
    Ok(tpl::retention(&staff.ctx("admin"), staff.office.retention_years, &rows).into_response())
}

pub async fn retention_apply(
    State(state): State<AppState>,
    Admin(staff): Admin,
) -> AppResult<Response> {
    let done =
        retention::apply_for_office(&state.db, &staff.actor(), staff.office.id, format::today())
            .await?;
    tracing::info!(count = done.len(), "records anonymised");
    Ok(Redirect::to("/admin/retention").into_response())
}
