//! Layout engine: turns [`Block`]s into positioned drawing operations (page
//! content streams), then hands them to [`super::writer`].
//!
//! Coordinates are PDF points with the origin at the bottom-left corner;
//! `y` is the top of the next free space and decreases down the page.

use super::font::Subset;
use super::writer::{Content, write_pdf};
use super::{Block, Face, Fonts, Orientation, TextStyle};

/// Points per millimetre.
const MM: f32 = 72.0 / 25.4;
const A4_SHORT_MM: f32 = 210.0;
const A4_LONG_MM: f32 = 297.0;

const MARGIN_X: f32 = 15.0 * MM;
const MARGIN_TOP: f32 = 15.0 * MM;
const MARGIN_BOTTOM: f32 = 20.0 * MM;
const FOOTER_RULE_Y: f32 = 14.0 * MM;
const FOOTER_BASELINE_Y: f32 = 9.5 * MM;
const FOOTER_SIZE: f32 = 8.0;

const HEADING_SIZE: f32 = 16.0;
const SUBHEADING_SIZE: f32 = 11.5;
const BODY_SIZE: f32 = 10.0;
const SMALL_SIZE: f32 = 8.0;
const CELL_SIZE: f32 = 9.0;
const LINE_FACTOR: f32 = 1.5;

const CELL_PAD_X: f32 = 1.8 * MM;
const CELL_PAD_Y: f32 = 1.3 * MM;
const LABEL_FRACTION: f32 = 0.3;

const BORDER_WIDTH: f32 = 0.5;
const BORDER_GREY: f32 = 0.45;
const FILL_GREY: f32 = 0.92;
const FOOTER_GREY: f32 = 0.35;

/// Height of one line of text at `size`.
fn line_height(size: f32) -> f32 {
    size * LINE_FACTOR
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Align {
    Left,
    Center,
    Right,
}

/// One cell of a table row, already wrapped.
struct Cell {
    x: f32,
    w: f32,
    lines: Vec<String>,
    bold: bool,
    fill: bool,
}

/// A table row: cells side by side, all with the same font size.
struct Row {
    cells: Vec<Cell>,
    size: f32,
}

impl Row {
    fn lines(&self) -> usize {
        self.cells
            .iter()
            .map(|c| c.lines.len())
            .max()
            .unwrap_or(1)
            .max(1)
    }

    fn height_for(&self, lines: usize) -> f32 {
        lines as f32 * line_height(self.size) + 2.0 * CELL_PAD_Y
    }

    fn height(&self) -> f32 {
        self.height_for(self.lines())
    }
}

struct Writer<'a> {
    fonts: &'a Fonts,
    /// The glyphs used so far. Bold text is drawn from the same face, filled and
    /// stroked (synthetic bold), so the document embeds one font.
    subset: Subset<'a>,
    /// Scratch buffer for one run of glyphs.
    cids: Vec<u16>,
    page_w: f32,
    page_h: f32,
    pages: Vec<Content>,
    ops: Content,
    /// Top of the free space on the current page.
    y: f32,
    /// Nothing has been placed on the current page yet.
    fresh: bool,
}

impl<'a> Writer<'a> {
    fn left(&self) -> f32 {
        MARGIN_X
    }

    fn right(&self) -> f32 {
        self.page_w - MARGIN_X
    }

    fn width(&self) -> f32 {
        self.right() - self.left()
    }

    fn top(&self) -> f32 {
        self.page_h - MARGIN_TOP
    }

    fn bottom(&self) -> f32 {
        MARGIN_BOTTOM
    }

    /// Usable height of an empty page.
    fn page_content_height(&self) -> f32 {
        self.top() - self.bottom()
    }

    /// The face whose metrics place text. Bold is synthetic (the regular outlines
    /// stroked, see [`Content::text`]) with the regular advances, so wrapping and
    /// centring use the regular face for both.
    fn face(&self) -> &'a Face {
        &self.fonts.regular
    }

    fn fits(&self, h: f32) -> bool {
        self.y - h >= self.bottom() - 0.01
    }

    fn new_page(&mut self) {
        self.pages.push(std::mem::take(&mut self.ops));
        self.y = self.top();
        self.fresh = true;
    }

    /// Starts a new page unless `h` fits (or the page is still empty).
    fn ensure(&mut self, h: f32) {
        if !self.fits(h) && !self.fresh {
            self.new_page();
        }
    }

    fn gap(&mut self, h: f32) {
        if !self.fresh {
            self.y -= h;
        }
    }

    // ---- drawing primitives -------------------------------------------------

    fn text(&mut self, x: f32, baseline: f32, text: &str, size: f32, bold: bool) {
        push_text(
            &mut self.ops,
            &mut self.subset,
            &mut self.cids,
            (x, baseline),
            text,
            size,
            bold,
        );
    }

    /// Draws one line of text in the line box starting at `top` spanning `[x, x + w]`.
    #[allow(clippy::too_many_arguments)]
    fn line_in_box(
        &mut self,
        text: &str,
        x: f32,
        w: f32,
        top: f32,
        size: f32,
        bold: bool,
        align: Align,
    ) {
        let face = self.face();
        let lh = line_height(size);
        let content = (face.ascent + face.descent) * size;
        let baseline = top - (lh - content) / 2.0 - face.ascent * size;
        let tx = match align {
            Align::Left => x,
            Align::Center => x + (w - face.text_width(text, size)) / 2.0,
            Align::Right => x + w - face.text_width(text, size),
        };
        self.text(tx, baseline, text, size, bold);
    }

    fn rect(&mut self, x: f32, top: f32, w: f32, h: f32, fill: bool) {
        let ops = &mut self.ops;
        ops.save();
        if fill {
            ops.fill_grey(FILL_GREY);
        }
        ops.stroke_grey(BORDER_GREY);
        ops.line_width(BORDER_WIDTH);
        ops.rect(x, top - h, w, h, fill);
        ops.restore();
    }

    fn hline(&mut self, x1: f32, x2: f32, y: f32, thickness: f32, shade: f32) {
        push_hline(&mut self.ops, x1, x2, y, thickness, shade);
    }

    // ---- blocks ---------------------------------------------------------------

    /// Places wrapped lines, breaking pages between lines as needed.
    fn lines(&mut self, lines: &[String], size: f32, bold: bool, align: Align) {
        let lh = line_height(size);
        for line in lines {
            self.ensure(lh);
            let (x, w) = (self.left(), self.width());
            self.line_in_box(line, x, w, self.y, size, bold, align);
            self.y -= lh;
            self.fresh = false;
        }
    }

    fn wrapped(&mut self, text: &str, size: f32, bold: bool, align: Align) {
        let lines = wrap(self.face(), text, size, self.width());
        self.lines(&lines, size, bold, align);
    }

    fn heading(&mut self, text: &str) {
        let lines = wrap(self.face(), text, HEADING_SIZE, self.width());
        // Keep a heading on one page and with at least a couple of lines of content.
        self.ensure(lines.len() as f32 * line_height(HEADING_SIZE) + 3.0 * line_height(BODY_SIZE));
        self.lines(&lines, HEADING_SIZE, true, Align::Center);
        self.gap(4.0 * MM);
    }

    fn subheading(&mut self, text: &str) {
        let lines = wrap(self.face(), text, SUBHEADING_SIZE, self.width());
        let space_before = 3.0 * MM;
        let needed = space_before
            + lines.len() as f32 * line_height(SUBHEADING_SIZE)
            + 2.0 * MM
            + 3.0 * line_height(BODY_SIZE);
        self.ensure(needed);
        self.gap(space_before);
        self.lines(&lines, SUBHEADING_SIZE, true, Align::Left);
        let (l, r, y) = (self.left(), self.right(), self.y);
        self.hline(l, r, y - 0.5, 0.8, 0.2);
        self.y -= 2.0 * MM;
    }

    fn row(&mut self, row: &Row, start: usize, count: usize) {
        let h = row.height_for(count);
        let top = self.y;
        for cell in &row.cells {
            self.rect(cell.x, top, cell.w, h, cell.fill);
        }
        let lh = line_height(row.size);
        for cell in &row.cells {
            let x = cell.x + CELL_PAD_X;
            let w = cell.w - 2.0 * CELL_PAD_X;
            for (i, line) in cell.lines.iter().skip(start).take(count).enumerate() {
                let line_top = top - CELL_PAD_Y - i as f32 * lh;
                self.line_in_box(line, x, w, line_top, row.size, cell.bold, Align::Left);
            }
        }
        self.y -= h;
        self.fresh = false;
    }

    /// Places a row, moving it to the next page if it does not fit; only a row
    /// taller than a whole page is split (between lines).
    fn place_row(&mut self, row: &Row, header: Option<&Row>) {
        let header_h = header.map_or(0.0, Row::height);
        let total = row.lines();
        let mut start = 0;
        while start < total {
            let remaining = total - start;
            if self.fits(row.height_for(remaining)) {
                self.row(row, start, remaining);
                return;
            }
            let at_top = self.fresh || self.y >= self.top() - header_h - 0.01;
            if at_top {
                let room = self.y - self.bottom() - 2.0 * CELL_PAD_Y;
                let fit = ((room / line_height(row.size)).floor().max(1.0) as usize).min(remaining);
                self.row(row, start, fit);
                start += fit;
                if start >= total {
                    return;
                }
            }
            self.new_page();
            if let Some(h) = header {
                self.row(h, 0, h.lines());
            }
        }
    }

    fn table(&mut self, header: Option<&Row>, rows: &[Row]) {
        let header_h = header.map_or(0.0, Row::height);
        let first_h = rows.first().map_or(0.0, Row::height);
        let space_before = 1.5 * MM;
        self.ensure(space_before + header_h + first_h.min(self.page_content_height() - header_h));
        self.gap(space_before);
        if let Some(h) = header {
            self.row(h, 0, h.lines());
        }
        for row in rows {
            self.place_row(row, header);
        }
        self.gap(3.0 * MM);
    }

    fn fields(&mut self, rows: &[(String, String)]) {
        let label_w = self.width() * LABEL_FRACTION;
        let value_w = self.width() - label_w;
        let (x0, x1) = (self.left(), self.left() + label_w);
        let inner = |w: f32| w - 2.0 * CELL_PAD_X;
        let rows: Vec<Row> = rows
            .iter()
            .map(|(label, value)| Row {
                size: BODY_SIZE,
                cells: vec![
                    Cell {
                        x: x0,
                        w: label_w,
                        lines: wrap(self.face(), label, BODY_SIZE, inner(label_w)),
                        bold: false,
                        fill: true,
                    },
                    Cell {
                        x: x1,
                        w: value_w,
                        lines: wrap(self.face(), value, BODY_SIZE, inner(value_w)),
                        bold: false,
                        fill: false,
                    },
                ],
            })
            .collect();
        self.table(None, &rows);
    }

    fn data_table(&mut self, headers: &[String], widths: &[f32], rows: &[Vec<String>]) {
        let n = headers.len().max(1);
        let usable = widths.len() == n
            && widths.iter().all(|w| w.is_finite() && *w > 0.0)
            && widths.iter().sum::<f32>() > 0.0;
        let fractions: Vec<f32> = if usable {
            let sum: f32 = widths.iter().sum();
            widths.iter().map(|w| w / sum).collect()
        } else {
            vec![1.0 / n as f32; n]
        };
        let mut columns = Vec::with_capacity(n);
        let mut x = self.left();
        for f in &fractions {
            let w = self.width() * f;
            columns.push((x, w));
            x += w;
        }
        let make_row = |cells: &[String], header: bool| Row {
            size: CELL_SIZE,
            cells: columns
                .iter()
                .enumerate()
                .map(|(i, &(x, w))| {
                    let text = cells.get(i).map_or("", String::as_str);
                    Cell {
                        x,
                        w,
                        lines: wrap(self.face(), text, CELL_SIZE, w - 2.0 * CELL_PAD_X),
                        bold: header,
                        fill: header,
                    }
                })
                .collect(),
        };
        let header = make_row(headers, true);
        let body: Vec<Row> = rows.iter().map(|r| make_row(r, false)).collect();
        self.table(Some(&header), &body);
    }

    /// Appends the footer (rule, optional text, "page / pages") to every page.
    fn footers(&mut self, footer: Option<&str>) {
        let total = self.pages.len();
        let (left, right) = (self.left(), self.right());
        let face = self.face();
        let subset = &mut self.subset;
        let cids = &mut self.cids;
        let footer_line = footer.and_then(|text| {
            let max = right - left - face.text_width("999 / 999", FOOTER_SIZE) - 8.0 * MM;
            let lines = wrap(face, text, FOOTER_SIZE, max);
            let first = lines.first()?;
            Some(if lines.len() > 1 {
                format!("{first}…")
            } else {
                first.clone()
            })
        });
        for (i, ops) in self.pages.iter_mut().enumerate() {
            let number = format!("{} / {}", i + 1, total);
            let number_w = face.text_width(&number, FOOTER_SIZE);
            ops.save();
            push_hline(ops, left, right, FOOTER_RULE_Y, 0.4, BORDER_GREY);
            ops.fill_grey(FOOTER_GREY);
            if let Some(text) = &footer_line {
                push_text(
                    ops,
                    subset,
                    cids,
                    (left, FOOTER_BASELINE_Y),
                    text,
                    FOOTER_SIZE,
                    false,
                );
            }
            push_text(
                ops,
                subset,
                cids,
                (right - number_w, FOOTER_BASELINE_Y),
                &number,
                FOOTER_SIZE,
                false,
            );
            ops.restore();
        }
    }
}

/// One line of text at (`x`, baseline).
fn push_text(
    ops: &mut Content,
    subset: &mut Subset,
    cids: &mut Vec<u16>,
    (x, baseline): (f32, f32),
    text: &str,
    size: f32,
    bold: bool,
) {
    if text.is_empty() {
        return;
    }
    cids.clear();
    cids.extend(text.chars().map(|c| subset.cid(c)));
    ops.text(size, x, baseline, cids, bold);
}

fn push_hline(ops: &mut Content, x1: f32, x2: f32, y: f32, thickness: f32, shade: f32) {
    ops.save();
    ops.stroke_grey(shade);
    ops.line_width(thickness);
    ops.line(x1, y, x2, y);
    ops.restore();
}

pub(super) fn render(
    title: &str,
    orientation: Orientation,
    footer: Option<&str>,
    blocks: &[Block],
    fonts: &Fonts,
) -> anyhow::Result<Vec<u8>> {
    let (w_mm, h_mm) = match orientation {
        Orientation::Portrait => (A4_SHORT_MM, A4_LONG_MM),
        Orientation::Landscape => (A4_LONG_MM, A4_SHORT_MM),
    };
    let page_w = w_mm * MM;
    let page_h = h_mm * MM;
    let mut w = Writer {
        fonts,
        subset: Subset::new(&fonts.regular),
        cids: Vec::new(),
        page_w,
        page_h,
        pages: Vec::new(),
        ops: Content::default(),
        y: page_h - MARGIN_TOP,
        fresh: true,
    };
    for block in blocks {
        match block {
            Block::Heading(t) => w.heading(t),
            Block::Subheading(t) => w.subheading(t),
            Block::Text(style, t) => {
                let size = match style {
                    TextStyle::Paragraph => BODY_SIZE,
                    TextStyle::Small => SMALL_SIZE,
                };
                w.wrapped(t, size, false, Align::Left);
                w.gap(0.3 * size);
            }
            Block::Right(t) => {
                w.wrapped(t, BODY_SIZE, false, Align::Right);
                w.gap(1.0 * MM);
            }
            Block::Fields(rows) => w.fields(rows),
            Block::Table {
                headers,
                widths,
                rows,
            } => w.data_table(headers, widths, rows),
            Block::Spacer(mm) => {
                let h = mm.max(0.0) * MM;
                if w.fits(h) {
                    w.y -= h;
                } else {
                    w.new_page();
                }
            }
            Block::PageBreak => {
                if !w.fresh {
                    w.new_page();
                }
            }
        }
    }
    w.new_page();
    w.footers(footer);

    let pages = std::mem::take(&mut w.pages);
    Ok(write_pdf(title, (page_w, page_h), pages, &mut w.subset))
}

// ---- line wrapping ------------------------------------------------------------

/// Characters that must not start a line (closing punctuation, small kana, …).
fn no_line_start(c: char) -> bool {
    "、。，．・：；？！゛゜ヽヾゝゞ々ー）］｝」』】〕〉》’”ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ"
        .contains(c)
}

/// Characters that must not end a line (opening brackets).
fn no_line_end(c: char) -> bool {
    "（［｛「『【〔〈《‘“".contains(c)
}

fn is_break_space(c: char) -> bool {
    c == ' '
}

/// Splits a line into wrap units: runs of non-space ASCII (words, numbers,
/// URLs), single spaces, and single non-ASCII characters.
fn tokens(line: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut word_start: Option<usize> = None;
    for (i, c) in line.char_indices() {
        let in_word = c.is_ascii() && !is_break_space(c);
        match (in_word, word_start) {
            (true, None) => word_start = Some(i),
            (true, Some(_)) => {}
            (false, start) => {
                if let Some(s) = start {
                    out.push(&line[s..i]);
                    word_start = None;
                }
                out.push(&line[i..i + c.len_utf8()]);
            }
        }
    }
    if let Some(s) = word_start {
        out.push(&line[s..]);
    }
    out
}

struct LineBuilder<'f> {
    face: &'f Face,
    size: f32,
    max: f32,
    lines: Vec<String>,
    cur: Vec<(String, f32)>,
}

impl LineBuilder<'_> {
    fn cur_width(&self) -> f32 {
        self.cur.iter().map(|(_, w)| w).sum()
    }

    fn flush(&mut self) {
        let line: String = self.cur.drain(..).map(|(t, _)| t).collect();
        self.lines.push(line.trim_end_matches(' ').to_owned());
    }

    fn push(&mut self, tok: &str) {
        let w = self.face.text_width(tok, self.size);
        if self.cur_width() + w <= self.max + 0.01 {
            self.cur.push((tok.to_owned(), w));
            return;
        }
        if tok.chars().all(is_break_space) {
            // A space at the end of a line is dropped, never carried over.
            self.flush();
            return;
        }
        if w > self.max && tok.chars().count() > 1 {
            // A word longer than the line: break it between characters.
            for (i, c) in tok.char_indices() {
                self.push(&tok[i..i + c.len_utf8()]);
            }
            return;
        }
        if self.cur.is_empty() {
            // A single character wider than the box: place it anyway.
            self.cur.push((tok.to_owned(), w));
            return;
        }
        // Kinsoku: carry the previous character along rather than start a line
        // with closing punctuation, and never leave an opening bracket at the end.
        let mut carry = Vec::new();
        let starts_bad = tok.chars().next().is_some_and(no_line_start);
        if starts_bad && self.cur.len() > 1 {
            carry.extend(self.cur.pop());
        }
        while self.cur.len() > 1
            && self
                .cur
                .last()
                .and_then(|(t, _)| t.chars().last())
                .is_some_and(no_line_end)
        {
            carry.extend(self.cur.pop());
        }
        carry.reverse();
        self.flush();
        self.cur = carry;
        self.cur.push((tok.to_owned(), w));
    }
}

/// Wraps `text` into lines no wider than `max` points (hard breaks on `\n`).
/// Always returns at least one (possibly empty) line.
pub(crate) fn wrap(face: &Face, text: &str, size: f32, max: f32) -> Vec<String> {
    let mut builder = LineBuilder {
        face,
        size,
        max: max.max(size),
        lines: Vec::new(),
        cur: Vec::new(),
    };
    for raw in text.split('\n') {
        let clean: String = raw
            .chars()
            .filter_map(|c| match c {
                '\t' => Some(' '),
                c if c.is_control() => None,
                c => Some(c),
            })
            .collect();
        for tok in tokens(&clean) {
            builder.push(tok);
        }
        builder.flush();
    }
    builder.lines
}
