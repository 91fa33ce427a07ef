//! 求人票 (A4): the office, the 求人番号 and validity, then every 労働条件明示 item by section.
use super::{Doc, Fonts, Orientation};

pub struct SheetData {
    pub office_name: String,
    pub office_contact: String,
    pub number: String,
    pub employer_name: String,
    pub accepted_on: String,
    pub valid_until: String,
    pub version: i32,
    pub printed_on: String,
    /// (section title, rows of (label, value))
    pub sections: Vec<(String, Vec<(String, String)>)>,
}

pub fn render(d: &SheetData, fonts: &Fonts) -> anyhow::Result<Vec<u8>> {
    let mut doc = Doc::new(&format!("求人票 {}", d.number), Orientation::Portrait);
    doc.footer(&format!(
        "{}　求人番号 {}　第{}版",
        d.office_name, d.number, d.version
    ));
    doc.right(&format!("印刷日 {}", d.printed_on));
    doc.heading("求人票");
    doc.fields(&[
        ("求人番号", d.number.as_str()),
        ("事業所", d.employer_name.as_str()),
        ("受理日", d.accepted_on.as_str()),
        ("有効期限", d.valid_until.as_str()),
    ]);
    for (title, rows) in &d.sections {
        doc.subheading(title);
        let rows: Vec<(&str, &str)> = rows.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        doc.fields(&rows);
    }
    doc.subheading("応募・お問い合わせ");
    doc.paragraph(&d.office_contact);
    doc.small("この求人票は、職業安定法第5条の3に基づき労働条件を明示するものです。内容は受理日時点のものです。");
    doc.render(fonts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_has_every_section_and_an_embedded_subset_font() {
        let fonts = Fonts::load().unwrap();
        let d = SheetData {
            office_name: "豊中市無料職業紹介所".into(),
            office_contact: "豊中市無料職業紹介所　電話 06-6858-5111".into(),
            number: "K2026-00001".into(),
            employer_name: "株式会社つなぐ清掃".into(),
            accepted_on: "令和8年11月24日".into(),
            valid_until: "令和9年1月31日".into(),
            version: 1,
            printed_on: "令和8年11月24日".into(),
            sections: vec![
                (
                    "仕事の内容".into(),
                    vec![
                        ("業務の内容".into(), "共用部の清掃".into()),
                        ("業務の変更の範囲".into(), "変更なし".into()),
                    ],
                ),
                (
                    "賃金".into(),
                    vec![("基本給".into(), "時給 1,500円".into())],
                ),
            ],
        };
        let bytes = render(&d, &fonts).unwrap();
        let check = crate::pdf::testing::check_pdf(&bytes);
        assert!(check.fonts_embedded_and_subset, "{}", check.font_lines);
        for t in [
            "求人票",
            "K2026-00001",
            "業務の変更の範囲",
            "時給 1,500円",
            "令和9年1月31日",
        ] {
            assert!(check.text.contains(t), "{t} in {}", check.text);
        }
        assert!(bytes.len() < 200_000, "{} bytes", bytes.len());
    }
}
