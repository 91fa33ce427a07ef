//! The office's own papers: the 29条の5 disclosure PDF, the 29条 notices, the personal-information file.
use crate::error::{AppError, AppResult};
use crate::pdf::{Doc, Orientation};
use crate::present::format::{self};
use crate::services::refdata;
use crate::state::AppState;
use crate::web::respond::{pdf_response, render_pdf};
use crate::web::session::Staff;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use templates::paperwork as tpl;

pub async fn disclosure_pdf(State(state): State<AppState>, staff: Staff) -> AppResult<Response> {
    let o = &staff.office;
    let mut doc = Doc::new("明示事項", Orientation::Portrait);
    doc.footer(&o.name);
    doc.right(&format::date(format::today()));
    doc.heading("取扱職種の範囲等・苦情処理・個人情報の取扱いについて");
    doc.paragraph("職業安定法第29条の5の規定に基づき、当紹介所が取り扱う職種の範囲等、苦情の処理及び個人情報の取扱いに関する事項を次のとおり明示します。");
    let rows = crate::present::office::disclosure_rows(o);
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
