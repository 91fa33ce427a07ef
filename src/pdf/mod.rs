//! PDF generation: a small block-based document layer with its own PDF writer.
//!
//! Documents are A4 (portrait or landscape), built from blocks (headings,
//! paragraphs, label/value tables, data tables), laid out with automatic
//! wrapping and page breaks, and rendered with the embedded BIZ UDGothic font
//! (SIL OFL, see `assets/fonts/OFL-BIZUDGothic.txt`). The face is parsed
//! once ([`Fonts::load`]); each document embeds a subset of only the glyphs it
//! uses (TrueType outlines without hinting, at 128 units per em, as
//! `CIDFontType2` with a `ToUnicode` map so the text stays extractable). Bold
//! text is the regular face filled and stroked (synthetic bold), so a document
//! embeds one font: a two-sheet 紹介状 is about 20 KB and takes about 1 ms of
//! CPU (`cargo bench --bench referral_letter`).
//!
//! ```ignore
//! let fonts = Fonts::load()?; // once, at start-up
//! let mut doc = Doc::new("求人票", Orientation::Portrait);
//! doc.heading("求人票");
//! doc.right("令和8年11月24日");
//! doc.fields(&[("職種", "清掃スタッフ"), ("就業場所", "市役所本庁舎")]);
//! let bytes = doc.render(&fonts)?;
//! ```

mod font;
pub mod job_order_sheet;
mod layout;
pub mod proposal;
pub mod referral_letter;
pub mod testing;
mod writer;

pub(crate) use font::Face;

const REGULAR_TTF: &[u8] = include_bytes!("../../assets/fonts/BIZUDGothic-Regular.ttf");

/// Fonts parsed once at start-up (keep it in the application state and share it).
#[derive(Debug, Clone)]
pub struct Fonts {
    /// BIZ UDGothic Regular; bold text is drawn from it too (synthetic bold).
    pub(crate) regular: Face,
}

impl Fonts {
    /// Parses the embedded BIZ UDGothic Regular face.
    pub fn load() -> anyhow::Result<Fonts> {
        Ok(Fonts {
            regular: Face::parse(REGULAR_TTF, "BIZUDGothic-Regular")?,
        })
    }
}

/// Page orientation (the paper is always A4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Orientation {
    #[default]
    Portrait,
    Landscape,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TextStyle {
    Paragraph,
    Small,
}

#[derive(Debug, Clone)]
pub(crate) enum Block {
    Heading(String),
    Subheading(String),
    Text(TextStyle, String),
    Right(String),
    Fields(Vec<(String, String)>),
    Table {
        headers: Vec<String>,
        widths: Vec<f32>,
        rows: Vec<Vec<String>>,
    },
    Spacer(f32),
    PageBreak,
}

/// An A4 document built from blocks.
///
/// Text wraps to the available width (Japanese per character with basic
/// kinsoku rules, ASCII words kept together), pages break automatically and
/// every page gets a footer with "page / pages" and the optional footer text.
#[derive(Debug, Clone)]
pub struct Doc {
    title: String,
    orientation: Orientation,
    footer: Option<String>,
    blocks: Vec<Block>,
}

impl Doc {
    /// Starts an empty document; `title` becomes the PDF document title.
    pub fn new(title: &str, orientation: Orientation) -> Self {
        Self {
            title: title.to_owned(),
            orientation,
            footer: None,
            blocks: Vec::new(),
        }
    }

    /// Text printed at the bottom left of every page (e.g. office name).
    pub fn footer(&mut self, text: &str) {
        self.footer = Some(text.to_owned());
    }

    /// Large bold title, centred.
    pub fn heading(&mut self, text: &str) {
        self.blocks.push(Block::Heading(text.to_owned()));
    }

    /// Section heading with a rule underneath; kept together with what follows.
    pub fn subheading(&mut self, text: &str) {
        self.blocks.push(Block::Subheading(text.to_owned()));
    }

    /// Wrapped body text, 10 pt. `\n` starts a new line.
    pub fn paragraph(&mut self, text: &str) {
        self.blocks
            .push(Block::Text(TextStyle::Paragraph, text.to_owned()));
    }

    /// Wrapped small print, 8 pt.
    pub fn small(&mut self, text: &str) {
        self.blocks
            .push(Block::Text(TextStyle::Small, text.to_owned()));
    }

    /// Right-aligned line (dates, numbers); wraps if longer than the page.
    pub fn right(&mut self, text: &str) {
        self.blocks.push(Block::Right(text.to_owned()));
    }

    /// Label/value rows in a two-column bordered table (label column 30 %).
    /// Values wrap; a row is never split across pages unless it is taller
    /// than a whole page.
    pub fn fields(&mut self, rows: &[(&str, &str)]) {
        self.blocks.push(Block::Fields(
            rows.iter()
                .map(|(l, v)| ((*l).to_owned(), (*v).to_owned()))
                .collect(),
        ));
    }

    /// A bordered table whose header row is repeated on every page.
    ///
    /// `widths` are relative column widths (normalised, so `[1.0, 2.0]` and
    /// `[0.33, 0.67]` are the same); if their count does not match `headers`
    /// the columns get equal widths. Missing cells are left empty, extra
    /// cells are ignored.
    pub fn table(&mut self, headers: &[&str], widths: &[f32], rows: &[Vec<String>]) {
        self.blocks.push(Block::Table {
            headers: headers.iter().map(|h| (*h).to_owned()).collect(),
            widths: widths.to_vec(),
            rows: rows.to_vec(),
        });
    }

    /// Vertical space in millimetres.
    pub fn spacer(&mut self, mm: f32) {
        self.blocks.push(Block::Spacer(mm));
    }

    /// Starts a new page (no-op if the current page is still empty).
    pub fn page_break(&mut self) {
        self.blocks.push(Block::PageBreak);
    }

    /// Lays out the document and serialises it to PDF bytes (fonts subset).
    pub fn render(self, fonts: &Fonts) -> anyhow::Result<Vec<u8>> {
        layout::render(
            &self.title,
            self.orientation,
            self.footer.as_deref(),
            &self.blocks,
            fonts,
        )
        .map_err(|e: anyhow::Error| e.context("rendering PDF"))
    }
}

#[cfg(test)]
mod tests;

/// Render off the async threads (layout and subsetting take a few milliseconds of CPU).
pub async fn render_blocking<F>(fonts: std::sync::Arc<Fonts>, render: F) -> anyhow::Result<Vec<u8>>
where
    F: FnOnce(&Fonts) -> anyhow::Result<Vec<u8>> + Send + 'static,
{
    tokio::task::spawn_blocking(move || render(&fonts)).await?
}
