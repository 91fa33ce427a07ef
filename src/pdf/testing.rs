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
