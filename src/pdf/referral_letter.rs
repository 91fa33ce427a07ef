//! 紹介状 (A4, statutory.md §7E): sheet 1 is the letter the seeker carries to the
//! employer, sheet 2 the 選考結果通知 the employer fills in and returns, and the
//! optional sheet 3 the 労働条件明示書 (the job order version shown to the seeker).
//!
//! Check boxes and blanks to write in are plain text ("□", full-width spaces,
//! empty lines in a value cell), so the generic [`Doc`] blocks are enough.
use super::{Doc, Fonts, Orientation};

pub struct LetterData {
    pub referral_number: String,
    /// Already 和暦, e.g. 令和8年11月24日.
    pub issued_on: String,
    pub employer_name: String,
    /// 担当者 name; empty → 「ご担当者」.
    pub employer_contact: String,
    pub office_name: String,
    pub office_address: String,
    pub office_phone: String,
    pub office_fax: String,
    pub office_email: String,
    pub staff_name: String,
    pub seeker_name: String,
    pub seeker_kana: String,
    pub seeker_number: String,
    /// Data minimisation (職業安定法第5条の5): 生年月日 and 住所 only when the employer needs them.
    pub include_birth_date_and_address: bool,
    pub seeker_birth_date: String,
    pub seeker_address: String,
    pub job_order_number: String,
    pub occupation_title: String,
    pub workplace: String,
    pub selection_method: String,
    /// 日時・場所; empty → 「別途ご連絡ください」.
    pub interview: String,
    pub documents: String,
    pub portal_url: Option<String>,
    /// Sheet 3: (section title, rows); empty = no sheet 3.
    pub conditions: Vec<(String, Vec<(String, String)>)>,
    pub conditions_version: i32,
    /// e.g. 令和8年11月24日・書面
    pub conditions_shown: String,
}

/// Renders the letter: 2 pages, or 3 with the 労働条件明示書.
pub fn render(d: &LetterData, fonts: &Fonts) -> anyhow::Result<Vec<u8>> {
    let mut doc = Doc::new(
        &format!("紹介状 {}", d.referral_number),
        Orientation::Portrait,
    );
    doc.footer(&format!(
        "{}　紹介番号 {}",
        d.office_name, d.referral_number
    ));
    letter(&mut doc, d);
    doc.page_break();
    result_notice(&mut doc, d);
    if !d.conditions.is_empty() {
        doc.page_break();
        conditions(&mut doc, d);
    }
    doc.render(fonts)
}

fn or<'a>(value: &'a str, fallback: &'a str) -> &'a str {
    if value.trim().is_empty() {
        fallback
    } else {
        value
    }
}

/// The office's contact lines, skipping empty ones.
fn office_lines(d: &LetterData, with_email: bool) -> Vec<String> {
    let mut lines = vec![d.office_name.clone()];
    if !d.office_address.trim().is_empty() {
        lines.push(d.office_address.clone());
    }
    let tel_fax: Vec<String> = [("TEL", &d.office_phone), ("FAX", &d.office_fax)]
        .into_iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .map(|(k, v)| format!("{k} {v}"))
        .collect();
    if !tel_fax.is_empty() {
        lines.push(tel_fax.join("　"));
    }
    if with_email && !d.office_email.trim().is_empty() {
        lines.push(format!("E-mail {}", d.office_email));
    }
    lines
}

/// Sheet 1 — 紹介状.
fn letter(doc: &mut Doc, d: &LetterData) {
    doc.right(&format!(
        "紹介番号　{}\n発行日　{}",
        d.referral_number, d.issued_on
    ));
    doc.heading("紹介状");
    doc.spacer(2.0);

    doc.paragraph(&format!(
        "{}\n{}　様",
        d.employer_name,
        or(&d.employer_contact, "ご担当者")
    ));
    let mut sender = office_lines(d, false);
    if !d.staff_name.trim().is_empty() {
        sender.push(format!("担当　{}", d.staff_name));
    }
    doc.right(&sender.join("\n"));
    doc.spacer(3.0);

    doc.paragraph(
        "　下記の者を紹介しますので、よろしくご選考くださいますようお願いいたします。\n\
         \u{3000}なお、選考結果は、別紙「選考結果通知」によりお知らせくださいますようお願いいたします。",
    );
    doc.spacer(1.0);
    doc.paragraph(&centred("記"));

    doc.subheading("紹介する求職者");
    let mut seeker = vec![
        ("フリガナ", d.seeker_kana.as_str()),
        ("氏名", d.seeker_name.as_str()),
        ("求職番号", d.seeker_number.as_str()),
    ];
    if d.include_birth_date_and_address {
        seeker.push(("生年月日", d.seeker_birth_date.as_str()));
        seeker.push(("住所", d.seeker_address.as_str()));
    }
    doc.fields(&seeker);

    doc.subheading("紹介する求人");
    doc.fields(&[
        ("求人番号", d.job_order_number.as_str()),
        ("職種", d.occupation_title.as_str()),
        ("就業場所", d.workplace.as_str()),
        ("選考方法", d.selection_method.as_str()),
        ("面接日時・場所", or(&d.interview, "別途ご連絡ください")),
        ("持参書類", d.documents.as_str()),
    ]);

    doc.paragraph(
        "※労働条件に変更がある場合は、職業安定法第5条の3第3項により、\n\
         \u{3000}採用前に書面等で求職者に明示してください。",
    );
    doc.right("以上");
}

/// Sheet 2 — 選考結果通知 (filled in by the employer and returned).
fn result_notice(doc: &mut Doc, d: &LetterData) {
    doc.right("記入日　令和　　年　　月　　日");
    doc.heading("選考結果通知");
    doc.paragraph(&format!("{}　御中", d.office_name));
    doc.paragraph("　ご紹介いただいた求職者の選考結果を、下記のとおり通知します。");
    doc.fields(&[
        ("紹介番号", d.referral_number.as_str()),
        ("求人番号", d.job_order_number.as_str()),
        ("求職者氏名", d.seeker_name.as_str()),
        ("求人者名", d.employer_name.as_str()),
    ]);

    doc.subheading("選考結果（該当する□に印を付けてください）");
    // Only results the office can record: 採用, 不採用, 本人辞退. A decision still open is not a
    // result; the employer sends the slip once it is made.
    doc.fields(&[("結果", "□採用　　□不採用　　□本人辞退")]);
    doc.small("選考中で結果が決まっていない場合は、決まり次第ご返送ください。");

    doc.subheading("採用の場合");
    doc.fields(&[
        ("入社（予定）日", "令和　　　年　　　月　　　日"),
        ("雇用期間", "□期間の定めなし\n□期間の定めあり（　　　か月）"),
        (
            "労働条件の変更",
            "□なし\n□あり（内容：　　　　　　　　　　　　　　　　　　　　）\n\
             \u{3000}→ 求職者への書面等による明示　□済　□予定",
        ),
    ]);

    doc.subheading("不採用の場合");
    doc.fields(&[("理由（任意）", "\n")]);

    doc.subheading("ご記入者");
    doc.fields(&[("事業所名", ""), ("記入者（部署・氏名）", "")]);

    doc.subheading("返送先");
    let mut back = office_lines(d, true);
    back[0] = format!("{}　宛", back[0]);
    doc.paragraph(&back.join("\n"));
    let mut how = String::from("FAX・郵送・電子メールのいずれかでご返送ください。");
    if let Some(url) = d.portal_url.as_deref().filter(|u| !u.trim().is_empty()) {
        how.push_str(&format!(
            "\n選考結果は、求人者ポータル（{url}）からもご入力いただけます。"
        ));
    }
    doc.small(&how);
}

/// Sheet 3 — 労働条件明示書 (the job order version shown to the seeker).
fn conditions(doc: &mut Doc, d: &LetterData) {
    doc.heading(&format!(
        "労働条件明示書（求人票 第{}版）",
        d.conditions_version
    ));
    doc.paragraph(&format!("{}　様", d.seeker_name));
    doc.paragraph(
        "　職業安定法第5条の3第1項に基づき、紹介する求人の労働条件を次のとおり明示します。",
    );
    doc.fields(&[
        ("紹介番号", d.referral_number.as_str()),
        ("求人番号", d.job_order_number.as_str()),
        ("求人者名", d.employer_name.as_str()),
        ("明示日・方法", d.conditions_shown.as_str()),
    ]);
    for (title, rows) in &d.conditions {
        doc.subheading(title);
        let rows: Vec<(&str, &str)> = rows.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        doc.fields(&rows);
    }
    doc.small(
        "※この労働条件は紹介時点の求人票によるものです。変更がある場合は、\
         採用前に求人者から書面等で明示されます。",
    );
    doc.right(&d.office_name);
}

/// `text` preceded by enough full-width spaces to sit in the middle of a body line
/// (A4 portrait, 180 mm of text at 10 pt ≈ 51 full-width characters).
fn centred(text: &str) -> String {
    const LINE_EM: usize = 51;
    let pad = LINE_EM.saturating_sub(text.chars().count()) / 2;
    format!("{}{text}", "　".repeat(pad))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::testing::check_pdf;

    fn sample() -> LetterData {
        LetterData {
            referral_number: "S2026-000123".into(),
            issued_on: "令和8年11月24日".into(),
            employer_name: "株式会社つなぐ清掃".into(),
            employer_contact: "総務部　山田 花子".into(),
            office_name: "豊中市無料職業紹介所".into(),
            office_address: "〒561-8501 大阪府豊中市中桜塚3丁目1番1号 豊中市役所第二庁舎1階"
                .into(),
            office_phone: "06-6858-5111".into(),
            office_fax: "06-6858-5112".into(),
            office_email: "shokai@city.toyonaka.example.jp".into(),
            staff_name: "佐藤 一郎".into(),
            seeker_name: "鈴木 太郎".into(),
            seeker_kana: "スズキ タロウ".into(),
            seeker_number: "Q2026-00456".into(),
            include_birth_date_and_address: false,
            seeker_birth_date: "昭和60年4月1日".into(),
            seeker_address: "大阪府豊中市本町1丁目2番3号".into(),
            job_order_number: "K2026-00001".into(),
            occupation_title: "施設清掃スタッフ（パート）".into(),
            workplace: "豊中市立文化芸術センター（大阪府豊中市曽根東町3丁目7番2号）".into(),
            selection_method: "面接（1回）・書類選考".into(),
            interview: "令和8年11月28日（金）14時00分\n株式会社つなぐ清掃 本社2階 会議室（大阪府豊中市岡上の町1丁目1番1号）".into(),
            documents: "履歴書（写真貼付）、本紹介状".into(),
            portal_url: Some("https://tsunagu.city.toyonaka.example.jp/employer".into()),
            conditions: Vec::new(),
            conditions_version: 2,
            conditions_shown: "令和8年11月24日・書面（窓口で交付）".into(),
        }
    }

    /// Every 職業安定法施行規則第4条の2第3項 item, as a job order snapshot would carry them.
    fn with_conditions(mut d: LetterData) -> LetterData {
        let section = |title: &str, rows: &[(&str, &str)]| {
            (
                title.to_owned(),
                rows.iter()
                    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                    .collect::<Vec<_>>(),
            )
        };
        d.conditions = vec![
            section(
                "求人者",
                &[
                    ("氏名又は名称", "株式会社つなぐ清掃"),
                    ("派遣労働者としての雇用", "該当しない"),
                ],
            ),
            section(
                "仕事の内容",
                &[
                    (
                        "業務の内容",
                        "ホール・ロビー・トイレなど共用部の日常清掃、ゴミの回収と分別",
                    ),
                    ("業務の変更の範囲", "変更なし"),
                ],
            ),
            section(
                "契約期間",
                &[
                    ("雇用期間", "期間の定めあり（6か月）"),
                    ("試用期間", "あり（1か月、労働条件の変更なし）"),
                    (
                        "契約更新の基準",
                        "更新する場合があり（勤務成績・業務量により判断）\n更新上限：通算契約期間5年まで",
                    ),
                ],
            ),
            section(
                "就業場所",
                &[
                    ("雇入れ直後", "豊中市立文化芸術センター"),
                    ("変更の範囲", "市内の当社受託施設"),
                    ("受動喫煙防止措置", "屋内禁煙"),
                ],
            ),
            section(
                "労働時間・休日",
                &[
                    ("始業・終業", "9時00分〜13時00分"),
                    ("休憩", "なし"),
                    ("所定外労働", "なし"),
                    ("休日", "土曜日・日曜日・祝日、年末年始（12月29日〜1月3日）"),
                ],
            ),
            section(
                "賃金",
                &[
                    ("基本給", "時給 1,200円"),
                    ("通勤手当", "実費支給（上限 月10,000円）"),
                    ("賃金締切日・支払日", "毎月末日締切、翌月15日支払"),
                ],
            ),
            section(
                "社会保険等",
                &[(
                    "加入保険",
                    "雇用保険・労災保険（健康保険・厚生年金は適用なし）",
                )],
            ),
        ];
        d
    }

    fn fonts() -> Fonts {
        Fonts::load().unwrap()
    }

    #[test]
    fn letter_has_key_texts_two_pages_and_embedded_subset_fonts() {
        let bytes = render(&sample(), &fonts()).unwrap();
        let check = check_pdf(&bytes);
        assert!(check.fonts_embedded_and_subset, "{}", check.font_lines);
        for t in [
            "紹介状",
            "S2026-000123",
            "令和8年11月24日",
            "株式会社つなぐ清掃",
            "山田 花子",
            "鈴木 太郎",
            "スズキ タロウ",
            "Q2026-00456",
            "K2026-00001",
            "06-6858-5112",
            "選考結果通知",
            "□採用",
            "□本人辞退",
            "□期間の定めなし",
            "第5条の3第3項",
            "求人者ポータル",
        ] {
            assert!(check.text.contains(t), "{t} in {}", check.text);
        }
        assert_eq!(check.pages, 2, "{}", check.text);
        // Data minimisation: no birth date / address by default.
        assert!(!check.text.contains("生年月日"), "{}", check.text);
        assert!(!check.text.contains("昭和60年4月1日"), "{}", check.text);
        assert!(!check.text.contains("本町1丁目"), "{}", check.text);
        // One font (synthetic bold) at 128 units per em, the face's box in the glyph
        // headers: 23.4 KB; at 256 units per em 28.8 KB; with two faces at 2048 units
        // per em this letter was 46.6 KB.
        assert!(bytes.len() < 26_000, "{} bytes", bytes.len());
    }

    #[test]
    fn birth_date_and_address_only_when_flag_set() {
        let mut d = sample();
        d.include_birth_date_and_address = true;
        let check = check_pdf(&render(&d, &fonts()).unwrap());
        for t in ["生年月日", "昭和60年4月1日", "本町1丁目2番3号"] {
            assert!(check.text.contains(t), "{t} in {}", check.text);
        }
        assert_eq!(check.pages, 2, "{}", check.text);
    }

    #[test]
    fn empty_contact_interview_and_portal_use_fallbacks() {
        let mut d = sample();
        d.employer_contact = String::new();
        d.interview = " ".into();
        d.portal_url = None;
        let check = check_pdf(&render(&d, &fonts()).unwrap());
        assert!(check.text.contains("ご担当者"), "{}", check.text);
        assert!(check.text.contains("別途ご連絡ください"), "{}", check.text);
        assert!(!check.text.contains("求人者ポータル"), "{}", check.text);
        assert_eq!(check.pages, 2, "{}", check.text);
    }

    #[test]
    fn conditions_add_a_third_sheet() {
        let mut d = with_conditions(sample());
        d.conditions.truncate(3);
        let bytes = render(&d, &fonts()).unwrap();
        let check = check_pdf(&bytes);
        assert!(check.fonts_embedded_and_subset, "{}", check.font_lines);
        assert_eq!(check.pages, 3, "{}", check.text);
        let third = check.text.split('\x0c').nth(2).unwrap_or_default();
        for t in [
            "労働条件明示書（求人票 第2版）",
            "令和8年11月24日・書面",
            "業務の変更の範囲",
            "通算契約期間5年まで",
        ] {
            assert!(third.contains(t), "{t} in {third}");
        }
        assert!(bytes.len() < 150_000, "{} bytes", bytes.len());
    }

    /// Issue 11: at most half the bytes of the reportlab renderer (41.7 KB), i.e. 20 KB,
    /// for the two sheets of the letter `benches/referral_letter.rs` renders (the same
    /// data; the file's length does not depend on the time it is made).
    #[test]
    fn the_bench_letter_is_at_most_20_kb() {
        let d = crate::pdf::testing::bench_letter(1, false);
        let bytes = render(&d, &fonts()).unwrap();
        assert!(bytes.len() <= 20 * 1024, "{} bytes", bytes.len());
        let check = check_pdf(&bytes);
        assert!(check.fonts_embedded_and_subset, "{}", check.font_lines);
        assert_eq!(check.pages, 2, "{}", check.text);
        for t in ["紹介状", "R2026-000001", "つなぐ 太郎", "選考結果通知"] {
            assert!(check.text.contains(t), "{t} in {}", check.text);
        }
    }

    /// The full sample; set `TSUNAGU_PDF_SAMPLE_DIR` to keep it for a look.
    #[test]
    fn full_sample_starts_conditions_on_a_new_page() {
        let mut d = with_conditions(sample());
        d.include_birth_date_and_address = true;
        let bytes = render(&d, &fonts()).unwrap();
        if let Some(dir) = std::env::var_os("TSUNAGU_PDF_SAMPLE_DIR") {
            let path = std::path::Path::new(&dir).join("referral_letter.pdf");
            std::fs::write(path, &bytes).unwrap();
        }
        let check = check_pdf(&bytes);
        let pages: Vec<&str> = check.text.split('\x0c').collect();
        assert!(check.pages >= 3, "{}", check.text);
        assert!(pages[0].contains("第5条の3第3項") && !pages[0].contains("□採用"));
        assert!(pages[1].contains("□採用") && !pages[1].contains("労働条件明示書"));
        assert!(pages[2].contains("労働条件明示書"), "{}", pages[2]);
        for t in ["受動喫煙防止措置", "時給 1,200円", "厚生年金"] {
            assert!(check.text.contains(t), "{t} in {}", check.text);
        }
        assert!(bytes.len() < 150_000, "{} bytes", bytes.len());
    }
}
