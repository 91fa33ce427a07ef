//! Test helpers that inspect a rendered PDF with poppler-utils
//! (`pdffonts`, `pdftotext`, `pdfinfo`; Debian package `poppler-utils`).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicU64, Ordering};

use anyhow::{Context, anyhow, bail};

/// What poppler sees in a PDF.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PdfCheck {
    /// At least one font, and every font is embedded (`emb=yes`) and subset (`sub=yes`).
    pub fonts_embedded_and_subset: bool,
    /// The font rows of `pdffonts` (header lines removed).
    pub font_lines: String,
    /// `pdftotext -layout` output (pages separated by form feeds).
    pub text: String,
    /// Page count from `pdfinfo`.
    pub pages: usize,
}

/// Inspects `bytes` with poppler-utils.
///
/// # Panics
/// If the tools are missing (with a message to install `poppler-utils`) or fail.
/// Use [`try_check_pdf`] for a `Result`.
pub fn check_pdf(bytes: &[u8]) -> PdfCheck {
    match try_check_pdf(bytes) {
        Ok(check) => check,
        Err(e) => panic!("check_pdf failed: {e:#}"),
    }
}

/// Like [`check_pdf`], returning an error instead of panicking.
pub fn try_check_pdf(bytes: &[u8]) -> anyhow::Result<PdfCheck> {
    let file = TempPdf::write(bytes)?;
    let path = file.path();

    let fonts = run("pdffonts", &[path.as_os_str()])?;
    let font_lines: Vec<&str> = fonts
        .lines()
        .skip(2)
        .filter(|l| !l.trim().is_empty())
        .collect();
    let fonts_embedded_and_subset = !font_lines.is_empty()
        && font_lines.iter().all(|line| {
            // name type encoding emb sub uni object-id generation; `type` may contain spaces,
            // so count from the end.
            let cols: Vec<&str> = line.split_whitespace().collect();
            cols.len() >= 6 && cols[cols.len() - 5] == "yes" && cols[cols.len() - 4] == "yes"
        });

    let text = run(
        "pdftotext",
        &["-layout".as_ref(), path.as_os_str(), "-".as_ref()],
    )?;

    let info = run("pdfinfo", &[path.as_os_str()])?;
    let pages = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .ok_or_else(|| anyhow!("pdfinfo printed no page count:\n{info}"))?;

    Ok(PdfCheck {
        fonts_embedded_and_subset,
        font_lines: font_lines.join("\n"),
        text,
        pages,
    })
}

fn run(tool: &str, args: &[&std::ffi::OsStr]) -> anyhow::Result<String> {
    let out = Command::new(tool).args(args).output().map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            anyhow!("`{tool}` not found: install poppler-utils (apt-get install poppler-utils)")
        } else {
            anyhow!("running `{tool}`: {e}")
        }
    })?;
    if !out.status.success() {
        bail!(
            "`{tool}` failed ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
    }
    String::from_utf8(out.stdout).with_context(|| format!("`{tool}` printed invalid UTF-8"))
}

/// A PDF written to the temp directory, removed on drop.
struct TempPdf(PathBuf);

impl TempPdf {
    fn write(bytes: &[u8]) -> anyhow::Result<Self> {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let name = format!(
            "tsunagu-pdf-check-{}-{}.pdf",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        );
        let path = std::env::temp_dir().join(name);
        std::fs::write(&path, bytes).with_context(|| format!("writing {}", path.display()))?;
        Ok(Self(path))
    }

    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempPdf {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// The letter `benches/referral_letter.rs` renders (number `i`; the third sheet with
/// `conditions`), with data like `../shared/bench/reportlab_letter.py`'s.
pub fn bench_letter(i: usize, conditions: bool) -> crate::pdf::referral_letter::LetterData {
    use crate::pdf::referral_letter::LetterData;
    let rows = |r: &[(&str, &str)]| -> Vec<(String, String)> {
        r.iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    };
    LetterData {
        referral_number: format!("R2026-{i:06}"),
        issued_on: "令和8年11月23日".into(),
        employer_name: "株式会社つなぐ清掃サービス".into(),
        employer_contact: "採用ご担当 山田 花子".into(),
        office_name: "テスト市無料職業紹介所".into(),
        office_address: "〒530-0001 大阪府テスト市本町1-2-3".into(),
        office_phone: "06-0000-0000".into(),
        office_fax: "06-0000-0001".into(),
        office_email: "shokai@city.test.example.jp".into(),
        staff_name: "佐藤".into(),
        seeker_name: "つなぐ 太郎".into(),
        seeker_kana: "ツナグ タロウ".into(),
        seeker_number: "S2026-000123".into(),
        include_birth_date_and_address: false,
        seeker_birth_date: "昭和60年4月1日".into(),
        seeker_address: "大阪府テスト市中央町1-1".into(),
        job_order_number: "K2026-000042".into(),
        occupation_title: "清掃員（短時間）".into(),
        workplace: "大阪府テスト市中央町5-6".into(),
        selection_method: "面接".into(),
        interview: "令和8年11月30日 10時00分".into(),
        documents: "履歴書".into(),
        portal_url: None,
        conditions: if conditions {
            vec![
                (
                    "仕事の内容".to_owned(),
                    rows(&[
                        ("業務の内容", "事務所・共用部の日常清掃、ゴミの回収と分別"),
                        ("業務の変更の範囲", "変更なし"),
                    ]),
                ),
                (
                    "契約期間".to_owned(),
                    rows(&[
                        ("雇用期間", "期間の定めあり（6か月）"),
                        ("契約更新の基準", "更新する場合があり（勤務成績により判断）"),
                    ]),
                ),
                (
                    "就業場所".to_owned(),
                    rows(&[
                        ("雇入れ直後", "大阪府テスト市中央町5-6"),
                        ("変更の範囲", "変更なし"),
                        ("受動喫煙防止措置", "屋内禁煙"),
                    ]),
                ),
                (
                    "労働時間・休日".to_owned(),
                    rows(&[
                        ("始業・終業", "9時00分〜13時00分"),
                        ("休日", "土曜日・日曜日・祝日"),
                    ]),
                ),
                (
                    "賃金".to_owned(),
                    rows(&[
                        ("基本給", "時給 1,150円"),
                        ("賃金締切日・支払日", "毎月末日締切、翌月15日支払"),
                    ]),
                ),
            ]
        } else {
            Vec::new()
        },
        conditions_version: 1,
        conditions_shown: "令和8年11月23日・書面".into(),
    }
}
