use std::sync::OnceLock;

use super::layout::wrap;
use super::testing::check_pdf;
use super::*;

fn fonts() -> &'static Fonts {
    static FONTS: OnceLock<Fonts> = OnceLock::new();
    FONTS.get_or_init(|| Fonts::load().expect("embedded fonts parse"))
}

/// Writes the PDF to `$TSUNAGU_PDF_SAMPLE_DIR/<name>.pdf` when that variable is set,
/// so a human can look at it.
fn maybe_save(name: &str, bytes: &[u8]) {
    if let Some(dir) = std::env::var_os("TSUNAGU_PDF_SAMPLE_DIR") {
        let path = std::path::Path::new(&dir).join(format!("{name}.pdf"));
        std::fs::write(&path, bytes).expect("write sample PDF");
    }
}

fn pages_of(text: &str) -> Vec<&str> {
    text.split('\x0c')
        .filter(|p| !p.trim().is_empty())
        .collect()
}

fn sample_job_order() -> Doc {
    let mut doc = Doc::new("求人票", Orientation::Portrait);
    doc.footer("つなぐ市 就労支援センター　TEL 0120-000-000");
    doc.heading("求人票");
    doc.right("令和8年11月24日");
    doc.subheading("求人内容");
    doc.fields(&[
        ("求人番号", "13010-12345678"),
        ("職種", "清掃スタッフ"),
        (
            "仕事の内容",
            "市内公共施設（市民会館・図書館）の日常清掃業務です。床の掃除機がけ、モップがけ、トイレ清掃、ゴミの回収・分別を担当していただきます。未経験の方も丁寧に指導しますので安心してご応募ください。",
        ),
        ("就業場所", "つなぐ市中央1-2-3 市民会館 (Shimin Kaikan Building, 2F)"),
        ("賃金", "時給 1,150円〜1,300円"),
        ("就業時間", "8:30〜17:00（休憩60分）\n※土日祝は休み"),
    ]);
    doc.paragraph(
        "応募を希望される方は、ハローワーク紹介状と履歴書（写真貼付）を事前に郵送してください。書類選考の上、面接日時をご連絡します。",
    );
    doc.small("※この求人票の内容は令和8年11月24日現在のものです。");
    doc.subheading("紹介状況");
    let rows: Vec<Vec<String>> = (1..=45)
        .map(|i| {
            vec![
                format!("R8-{i:04}"),
                format!("求職者{i}"),
                if i % 7 == 0 {
                    "面接日程調整中。本人の希望により午前中の面接を希望、交通手段はバス。"
                        .to_owned()
                } else {
                    "書類選考中".to_owned()
                },
                format!("11月{}日", i % 30 + 1),
            ]
        })
        .collect();
    doc.table(
        &["受付番号", "氏名", "状況", "紹介日"],
        &[0.18, 0.22, 0.42, 0.18],
        &rows,
    );
    doc
}

#[test]
fn two_page_document_embeds_subset_font_and_repeats_header() {
    let bytes = sample_job_order().render(fonts()).expect("render");
    maybe_save("job_order", &bytes);
    assert!(bytes.len() < 200 * 1024, "PDF is {} bytes", bytes.len());

    let check = check_pdf(&bytes);
    assert!(
        check.fonts_embedded_and_subset,
        "fonts:\n{}",
        check.font_lines
    );
    assert!(
        check.font_lines.contains("BIZUDGothic"),
        "{}",
        check.font_lines
    );
    assert_eq!(check.pages, 2, "text:\n{}", check.text);

    for needle in [
        "求人票",
        "令和8年11月24日",
        "清掃スタッフ",
        "時給 1,150円",
        "R8-0045",
    ] {
        assert!(
            check.text.contains(needle),
            "missing {needle:?} in:\n{}",
            check.text
        );
    }
    let pages = pages_of(&check.text);
    assert_eq!(pages.len(), 2);
    for (i, page) in pages.iter().enumerate() {
        assert!(
            page.contains("受付番号"),
            "no table header on page {}",
            i + 1
        );
        assert!(
            page.contains(&format!("{} / 2", i + 1)),
            "no page number on page {}",
            i + 1
        );
        assert!(
            page.contains("就労支援センター"),
            "no footer on page {}",
            i + 1
        );
    }
}

#[test]
fn fields_row_moves_to_next_page_instead_of_splitting() {
    // 38 paragraphs leave roughly 4 lines of room at the bottom of page 1:
    // enough for a one-line row, not for the six-line one.
    let mut doc = Doc::new("test", Orientation::Portrait);
    for i in 0..38 {
        doc.paragraph(&format!("埋め草の行 {i}"));
    }
    doc.fields(&[
        ("短い", "一行だけ"),
        ("備考", "一行目\n二行目\n三行目\n四行目\n五行目\n六行目"),
    ]);
    let bytes = doc.render(fonts()).expect("render");
    maybe_save("keep_row", &bytes);
    let check = check_pdf(&bytes);
    let pages = pages_of(&check.text);
    assert_eq!(check.pages, 2, "{}", check.text);
    assert!(
        pages[0].contains("埋め草の行 37") && pages[0].contains("一行だけ"),
        "{}",
        check.text
    );
    assert!(!pages[0].contains("一行目"), "{}", check.text);
    assert!(
        pages[1].contains("一行目") && pages[1].contains("六行目"),
        "{}",
        check.text
    );
}

#[test]
fn awkward_content_stays_inside_its_boxes() {
    let mut doc = Doc::new("edge cases", Orientation::Portrait);
    doc.footer(&"とても長いフッターの文章です。".repeat(20));
    doc.heading("令和8年度 つなぐ市就労支援センター 求職者別紹介状況一覧表（月次報告・詳細版）");
    doc.subheading("URL・長い英単語・空欄");
    doc.fields(&[
        (
            "URL",
            "https://example.jp/tsunagu/job-orders/13010-12345678?view=print&lang=ja",
        ),
        ("", ""),
        ("とても長いラベルの例（改行されるはず）", "値"),
        (
            "Tab\tand\u{7}control",
            "「括弧」で始まる値、。句読点の連続！？",
        ),
    ]);
    let rows = vec![
        vec![
            "1".to_owned(),
            "Supercalifragilisticexpialidocious".to_owned(),
        ],
        vec!["2".to_owned()],
    ];
    doc.table(&["No", "幅の狭い列"], &[0.9, 0.1], &rows);
    doc.table(&["A", "B"], &[1.0], &rows); // mismatched widths: equal columns
    doc.spacer(500.0);
    doc.page_break();
    doc.page_break();
    doc.right("以上");
    let bytes = doc.render(fonts()).expect("render");
    maybe_save("edge_cases", &bytes);
    let check = check_pdf(&bytes);
    assert!(check.fonts_embedded_and_subset);
    assert!(check.text.contains("以上"));
}

#[test]
fn row_taller_than_a_page_is_split() {
    let long: String = (1..=120).map(|i| format!("第{i}行\n")).collect();
    let mut doc = Doc::new("test", Orientation::Landscape);
    doc.table(&["項目", "内容"], &[1.0, 3.0], &[vec!["長い".into(), long]]);
    let bytes = doc.render(fonts()).expect("render");
    maybe_save("split_row", &bytes);
    let check = check_pdf(&bytes);
    assert!(check.pages >= 3, "{}", check.pages);
    assert!(check.text.contains("第1行") && check.text.contains("第120行"));
    for page in pages_of(&check.text) {
        assert!(page.contains("項目"), "header missing:\n{page}");
    }
}

#[test]
fn empty_document_has_one_page() {
    let check = check_pdf(
        &Doc::new("empty", Orientation::Portrait)
            .render(fonts())
            .expect("render"),
    );
    assert_eq!(check.pages, 1);
    assert!(check.text.contains("1 / 1"));
}

#[test]
fn japanese_wraps_per_character_and_ascii_words_stay_together() {
    let face = &fonts().regular;
    // BIZ UDGothic: full-width = 1 em, ASCII = 0.5 em. 10 pt text, 50 pt box = 5 kanji.
    let lines = wrap(face, "一二三四五六七八九十", 10.0, 50.0);
    assert_eq!(lines, ["一二三四五", "六七八九十"]);

    let lines = wrap(face, "hello world again", 10.0, 60.0);
    assert_eq!(lines, ["hello world", "again"]);

    // Over-long words are broken between characters.
    let lines = wrap(face, "abcdefghijklmnop", 10.0, 40.0);
    assert_eq!(lines, ["abcdefgh", "ijklmnop"]);

    // Kinsoku: "。" does not start a line, "「" does not end one.
    let lines = wrap(face, "一二三四五。", 10.0, 50.0);
    assert_eq!(lines, ["一二三四", "五。"]);
    let lines = wrap(face, "一二三四「五」", 10.0, 50.0);
    assert_eq!(lines, ["一二三四", "「五」"]);

    assert_eq!(wrap(face, "", 10.0, 50.0), [""]);
    assert_eq!(wrap(face, "a\nb", 10.0, 50.0), ["a", "b"]);
}

#[test]
fn fonts_can_be_shared_between_threads() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Fonts>();
}
