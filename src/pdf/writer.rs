//! PDF serialisation: page content streams and the file around them (catalog,
//! pages, a Type0 / CIDFontType2 font with its subset TrueType program and
//! `ToUnicode` map). Streams are deflated; the dictionaries go into one object
//! stream, indexed by a cross-reference stream.

use std::fmt::Write as _;
use std::io::Write as _;

use flate2::Compression;
use flate2::write::ZlibEncoder;

use super::font::Subset;

/// Deflate level of every stream. With zlib-rs, level 7 makes the bench letter 151 bytes
/// smaller than level 6 (font program 118, content 21, `ToUnicode` 10); level 9 makes it
/// 300 bytes larger (its font program: 360).
const DEFLATE_LEVEL: u32 = 7;

/// Line width of synthetic bold, per point of text size: the outline is filled and
/// stroked (text render mode 2). At 0.02 em the headings carry as much ink as with
/// BIZ UDGothic Bold (within 2 %, measured at 300 dpi; 0.03 gave 11 % more).
const BOLD_STROKE: f32 = 0.02;

/// One page's content stream being built (PDF operators, points, origin bottom-left).
///
/// The glyphs of text runs are kept aside and written by [`Content::finish`], after
/// the subset has numbered its glyphs for good.
#[derive(Debug, Default)]
pub(crate) struct Content {
    buf: String,
    /// The CIDs of all text runs, in order.
    glyphs: Vec<u16>,
    /// Per text run: where its string goes in `buf`, and its number of glyphs.
    runs: Vec<(usize, usize)>,
    /// The text object still open after the last run: its size, bold or not, and the
    /// run's position in hundredths of a point. The next run of the same size and
    /// weight goes into it with a relative `Td`; anything else closes it first.
    open: Option<(f32, bool, [i64; 2])>,
}

impl Content {
    /// `v` in hundredths, rounded (0 when not finite).
    fn hundredths(v: f32) -> i64 {
        let v = if v.is_finite() { v } else { 0.0 };
        (f64::from(v) * 100.0).round() as i64
    }

    /// Appends `v` rounded to 2 decimals, without trailing zeros, then a space.
    fn num(&mut self, v: f32) {
        self.num_hundredths(Self::hundredths(v));
    }

    fn num_hundredths(&mut self, hundredths: i64) {
        if hundredths < 0 {
            self.buf.push('-');
        }
        let a = hundredths.unsigned_abs();
        let (int, frac) = (a / 100, a % 100);
        let _ = write!(self.buf, "{int}");
        if frac != 0 {
            if frac % 10 == 0 {
                let _ = write!(self.buf, ".{}", frac / 10);
            } else {
                let _ = write!(self.buf, ".{frac:02}");
            }
        }
        self.buf.push(' ');
    }

    /// Ends the open text object, if any.
    fn close_text(&mut self) {
        if let Some((_, bold, _)) = self.open.take() {
            self.buf.push_str(Self::text_end(bold));
        }
    }

    fn text_end(bold: bool) -> &'static str {
        if bold { " ET Q\n" } else { " ET\n" }
    }

    pub(crate) fn save(&mut self) {
        self.close_text();
        self.buf.push_str("q\n");
    }

    pub(crate) fn restore(&mut self) {
        self.close_text();
        self.buf.push_str("Q\n");
    }

    /// Non-stroking (fill and text) grey level, 0 = black, 1 = white.
    pub(crate) fn fill_grey(&mut self, level: f32) {
        self.close_text();
        self.num(level);
        self.buf.push_str("g\n");
    }

    pub(crate) fn stroke_grey(&mut self, level: f32) {
        self.close_text();
        self.num(level);
        self.buf.push_str("G\n");
    }

    pub(crate) fn line_width(&mut self, w: f32) {
        self.close_text();
        self.num(w);
        self.buf.push_str("w\n");
    }

    /// A rectangle from its bottom-left corner, stroked, or filled and stroked.
    pub(crate) fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, fill: bool) {
        self.close_text();
        for v in [x, y, w, h] {
            self.num(v);
        }
        self.buf.push_str(if fill { "re B\n" } else { "re S\n" });
    }

    pub(crate) fn line(&mut self, x1: f32, y1: f32, x2: f32, y2: f32) {
        self.close_text();
        self.num(x1);
        self.num(y1);
        self.buf.push_str("m ");
        self.num(x2);
        self.num(y2);
        self.buf.push_str("l S\n");
    }

    /// One run of text in the document's font, glyphs given as CIDs. Bold is drawn
    /// filled and stroked with a line width of [`BOLD_STROKE`] × `size` and round
    /// joins, in the current stroking colour (black wherever bold text is drawn).
    ///
    /// Consecutive runs of one size and weight (the lines of a paragraph or a cell)
    /// share one text object, each moved by a relative `Td` from the one before: the
    /// rounded positions are the same as with a text object each (−100 bytes deflated
    /// in the bench letter).
    pub(crate) fn text(&mut self, size: f32, x: f32, y: f32, cids: &[u16], bold: bool) {
        let at = [Self::hundredths(x), Self::hundredths(y)];
        if let Some((open_size, open_bold, last)) = self.open
            && open_size == size
            && open_bold == bold
        {
            self.buf.push('\n');
            self.num_hundredths(at[0] - last[0]);
            self.num_hundredths(at[1] - last[1]);
            self.buf.push_str("Td ");
            self.push_run(cids);
            self.open = Some((size, bold, at));
            return;
        }
        self.close_text();
        if bold {
            // Round joins: no miter spikes at the outlines' sharp corners.
            self.buf.push_str("q 2 Tr 1 j ");
            self.num(size * BOLD_STROKE);
            self.buf.push_str("w ");
        }
        self.buf.push_str("BT /F0 ");
        self.num(size);
        self.buf.push_str("Tf ");
        self.num_hundredths(at[0]);
        self.num_hundredths(at[1]);
        self.buf.push_str("Td ");
        self.push_run(cids);
        self.open = Some((size, bold, at));
    }

    /// A run's string (written by [`Self::finish`]) and `Tj`.
    fn push_run(&mut self, cids: &[u16]) {
        self.runs.push((self.buf.len(), cids.len()));
        self.glyphs.extend_from_slice(cids);
        self.buf.push_str(" Tj");
    }

    /// The content stream, each CID written as `remap[cid]`: two bytes a glyph in a
    /// literal string (deflates to 50 bytes less than hex in the bench letter), with
    /// `(`, `)` and `\` escaped, and CR and LF too (a raw CR would be read as LF).
    fn finish(&self, remap: &[u16]) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.buf.len() + 3 * self.glyphs.len());
        let (mut at, mut g) = (0, 0);
        for &(pos, n) in &self.runs {
            out.extend_from_slice(&self.buf.as_bytes()[at..pos]);
            out.push(b'(');
            for &cid in &self.glyphs[g..g + n] {
                let cid = remap.get(usize::from(cid)).copied().unwrap_or(0);
                for b in cid.to_be_bytes() {
                    match b {
                        b'(' | b')' | b'\\' => out.extend_from_slice(&[b'\\', b]),
                        b'\r' => out.extend_from_slice(b"\\r"),
                        b'\n' => out.extend_from_slice(b"\\n"),
                        _ => out.push(b),
                    }
                }
            }
            out.push(b')');
            (at, g) = (pos, g + n);
        }
        out.extend_from_slice(&self.buf.as_bytes()[at..]);
        if let Some((_, bold, _)) = self.open {
            out.extend_from_slice(Self::text_end(bold).as_bytes());
        }
        out
    }
}

fn deflate(data: &[u8]) -> Vec<u8> {
    let mut enc = ZlibEncoder::new(
        Vec::with_capacity(data.len() / 2 + 64),
        Compression::new(DEFLATE_LEVEL),
    );
    // Writing into a Vec cannot fail.
    let _ = enc.write_all(data);
    enc.finish().unwrap_or_default()
}

/// Where an object is written.
#[derive(Debug, Clone, Copy)]
enum Slot {
    Free,
    /// At this byte offset of the file.
    At(usize),
    /// The n-th object of the object stream.
    Packed(usize),
}

/// A PDF file being written object by object. Streams are written as they come;
/// the other objects (dictionaries) are gathered into one deflated object stream,
/// written by [`File::finish`] with a cross-reference stream (PDF 1.5).
struct File {
    out: Vec<u8>,
    /// Where each object is (index = object number − 1).
    slots: Vec<Slot>,
    /// The object stream's header (object numbers and offsets) and objects.
    packed_header: String,
    packed: String,
    packed_count: usize,
}

impl File {
    fn new(capacity: usize) -> Self {
        let mut out = Vec::with_capacity(capacity);
        out.extend_from_slice(b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n");
        Self {
            out,
            slots: Vec::new(),
            packed_header: String::new(),
            packed: String::with_capacity(2048),
            packed_count: 0,
        }
    }

    fn set(&mut self, id: usize, slot: Slot) {
        if self.slots.len() < id {
            self.slots.resize(id, Slot::Free);
        }
        self.slots[id - 1] = slot;
    }

    /// A dictionary (or other non-stream) object, into the object stream.
    fn object(&mut self, id: usize, body: &str) {
        self.set(id, Slot::Packed(self.packed_count));
        self.packed_count += 1;
        let _ = write!(self.packed_header, "{id} {} ", self.packed.len());
        self.packed.push_str(body);
        self.packed.push('\n');
    }

    /// A deflated stream; `extra` goes into its dictionary.
    fn stream(&mut self, id: usize, extra: &str, data: &[u8]) {
        let packed = deflate(data);
        self.set(id, Slot::At(self.out.len()));
        let _ = write!(
            self.out,
            "{id} 0 obj\n<</Length {}/Filter/FlateDecode{extra}>>\nstream\n",
            packed.len()
        );
        self.out.extend_from_slice(&packed);
        self.out.extend_from_slice(b"\nendstream\nendobj\n");
    }

    /// Writes the object stream and the cross-reference stream (whose dictionary is
    /// the trailer) and returns the file.
    fn finish(mut self, root: usize, info: usize) -> Vec<u8> {
        let objstm = self.slots.len() + 1;
        let header = std::mem::take(&mut self.packed_header);
        let body = std::mem::take(&mut self.packed);
        let data = format!("{header}{body}");
        self.stream(
            objstm,
            &format!(
                "/Type/ObjStm/N {}/First {}",
                self.packed_count,
                header.len()
            ),
            data.as_bytes(),
        );
        let xref = self.slots.len() + 1;
        let xref_at = self.out.len();
        self.set(xref, Slot::At(xref_at));
        // Field widths: type (1 byte), offset or object stream number, index.
        let width = |v: usize| (usize::BITS - v.leading_zeros()).div_ceil(8).max(1) as usize;
        let w2 = width(xref_at.max(objstm));
        let w3 = width(self.packed_count);
        let mut table = Vec::with_capacity((self.slots.len() + 1) * (1 + w2 + w3));
        let mut entry = |kind: u8, a: usize, b: usize| {
            table.push(kind);
            table.extend_from_slice(&a.to_be_bytes()[8 - w2..]);
            table.extend_from_slice(&b.to_be_bytes()[8 - w3..]);
        };
        entry(0, 0, 0);
        for slot in &self.slots {
            match *slot {
                Slot::Free => entry(0, 0, 0),
                Slot::At(offset) => entry(1, offset, 0),
                Slot::Packed(index) => entry(2, objstm, index),
            }
        }
        self.stream(
            xref,
            &format!(
                "/Type/XRef/Size {}/W[1 {w2} {w3}]/Root {root} 0 R/Info {info} 0 R",
                xref + 1
            ),
            &table,
        );
        let _ = write!(self.out, "startxref\n{xref_at}\n%%EOF\n");
        self.out
    }
}

/// `text` as a PDF text string (UTF-16BE with a byte order mark, hex).
fn text_string(text: &str) -> String {
    let mut s = String::from("<FEFF");
    for unit in text.encode_utf16() {
        let _ = write!(s, "{unit:04X}");
    }
    s.push('>');
    s
}

fn utf16_hex(s: &mut String, c: char) {
    let mut units = [0u16; 2];
    for unit in c.encode_utf16(&mut units) {
        let _ = write!(s, "{unit:04X}");
    }
}

/// The `ToUnicode` CMap: each run of consecutive CIDs (within one block of 256 codes)
/// as one `bfrange` with an array of destinations, `<first><last>[<u1><u2>…]`
/// (PDF 32000-1, 9.10.3): the CIDs are written once per run instead of once per
/// character, which deflates to a third less than `bfchar` lines.
fn to_unicode_cmap(pairs: &[(u16, char)]) -> String {
    let mut runs: Vec<&[(u16, char)]> = Vec::new();
    let mut i = 0;
    while i < pairs.len() {
        let first = pairs[i].0;
        let mut n = 1;
        while let Some(&(next, _)) = pairs.get(i + n) {
            if u32::from(next) != u32::from(first) + n as u32 || next >> 8 != first >> 8 {
                break;
            }
            n += 1;
        }
        runs.push(&pairs[i..i + n]);
        i += n;
    }
    let mut s = String::from(
        "/CIDInit/ProcSet findresource begin\n12 dict begin\nbegincmap\n\
         /CIDSystemInfo<</Registry(Adobe)/Ordering(UCS)/Supplement 0>>def\n\
         /CMapName/Adobe-Identity-UCS def\n/CMapType 2 def\n\
         1 begincodespacerange\n<0000><FFFF>\nendcodespacerange\n",
    );
    for chunk in runs.chunks(100) {
        let _ = writeln!(s, "{} beginbfrange", chunk.len());
        for run in chunk {
            let (first, last) = (run[0].0, run[run.len() - 1].0);
            let _ = write!(s, "<{first:04X}><{last:04X}>[");
            for &(_, c) in *run {
                s.push('<');
                utf16_hex(&mut s, c);
                s.push('>');
            }
            s.push_str("]\n");
        }
        s.push_str("endbfrange\n");
    }
    s.push_str("endcmap\nCMapName currentdict/CMap defineresource pop\nend\nend\n");
    s
}

/// `/W` entries for the CIDs whose width differs from `dw`: runs of consecutive CIDs
/// of one width as `first last w`, other runs as `first[w …]`.
fn width_array(widths: &[i32], dw: i32) -> String {
    let same_from = |cid: usize| {
        widths[cid..]
            .iter()
            .take_while(|&&w| w == widths[cid])
            .count()
    };
    let mut parts: Vec<String> = Vec::new();
    let mut cid = 0;
    while cid < widths.len() {
        if widths[cid] == dw {
            cid += 1;
            continue;
        }
        let same = same_from(cid);
        if same > 1 {
            parts.push(format!("{} {} {}", cid, cid + same - 1, widths[cid]));
            cid += same;
            continue;
        }
        // Up to the next default width or run of equal widths.
        let first = cid;
        let mut list = Vec::new();
        while cid < widths.len() && widths[cid] != dw && (cid == first || same_from(cid) == 1) {
            list.push(widths[cid].to_string());
            cid += 1;
        }
        parts.push(format!("{first}[{}]", list.join(" ")));
    }
    let mut s = String::from("[");
    for part in parts {
        if !s.ends_with(['[', ']']) {
            s.push(' ');
        }
        s.push_str(&part);
    }
    s.push(']');
    s
}

/// Writes the whole file: the pages, drawn with `subset` as font resource `/F0`
/// (left out when no text was drawn).
pub(crate) fn write_pdf(
    title: &str,
    page_size: (f32, f32),
    pages: Vec<Content>,
    subset: &mut Subset,
) -> Vec<u8> {
    let mut file = File::new(24 * 1024);
    const CATALOG: usize = 1;
    const PAGES: usize = 2;
    const INFO: usize = 3;
    // Five objects for the font: Type0, CIDFont, descriptor, program, ToUnicode.
    let font_id = (!subset.is_empty()).then_some(4);
    let first_page = if font_id.is_some() { 9 } else { 4 };

    file.object(CATALOG, "<</Type/Catalog/Pages 2 0 R>>");
    let mut kids = String::new();
    for i in 0..pages.len() {
        let _ = write!(kids, "{} 0 R ", first_page + 2 * i);
    }
    let font_dict = font_id.map_or(String::new(), |id| format!("/F0 {id} 0 R"));
    let mut media = Content::default();
    media.num(page_size.0);
    media.num(page_size.1);
    file.object(
        PAGES,
        &format!(
            "<</Type/Pages/Count {}/Kids[{}]/MediaBox[0 0 {}]/Resources<</Font<<{font_dict}>>>>>>",
            pages.len(),
            kids.trim_end(),
            media.buf.trim_end()
        ),
    );
    let now = chrono::Utc::now().format("D:%Y%m%d%H%M%SZ");
    file.object(
        INFO,
        &format!(
            "<</Title{}/Producer(tsunagu)/CreationDate({now})/ModDate({now})>>",
            text_string(title)
        ),
    );

    let remap = subset.sort_by_unicode();
    if let Some(id) = font_id {
        let program = subset.font_program();
        let widths = subset.widths();
        let face = subset.face;
        let name = format!("{}+{}", subset.tag(), face.name);
        file.object(
            id,
            &format!(
                "<</Type/Font/Subtype/Type0/BaseFont/{name}/Encoding/Identity-H\
                 /DescendantFonts[{} 0 R]/ToUnicode {} 0 R>>",
                id + 1,
                id + 4
            ),
        );
        file.object(
            id + 1,
            &format!(
                "<</Type/Font/Subtype/CIDFontType2/BaseFont/{name}\
                 /CIDSystemInfo<</Registry(Adobe)/Ordering(Identity)/Supplement 0>>\
                 /FontDescriptor {} 0 R/DW 1000/W{}/CIDToGIDMap/Identity>>",
                id + 2,
                width_array(&widths, 1000)
            ),
        );
        let [x0, y0, x1, y1] = face.bbox();
        file.object(
            id + 2,
            &format!(
                "<</Type/FontDescriptor/FontName/{name}/Flags 4/FontBBox[{x0} {y0} {x1} {y1}]\
                 /ItalicAngle 0/Ascent {}/Descent {}/CapHeight {}/StemV {}/FontFile2 {} 0 R>>",
                face.ascent_units(),
                face.descent_units(),
                face.cap_height_units(),
                face.stem_v(),
                id + 3
            ),
        );
        file.stream(id + 3, &format!("/Length1 {}", program.len()), &program);
        let pairs: Vec<(u16, char)> = subset.unicode_pairs().collect();
        file.stream(id + 4, "", to_unicode_cmap(&pairs).as_bytes());
    }

    for (i, page) in pages.iter().enumerate() {
        let id = first_page + 2 * i;
        file.object(
            id,
            &format!("<</Type/Page/Parent 2 0 R/Contents {} 0 R>>", id + 1),
        );
        file.stream(id + 1, "", &page.finish(&remap));
    }

    file.finish(CATALOG, INFO)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_short_and_rounded() {
        let mut c = Content::default();
        for v in [0.0, 1.0, -2.5, 3.14659, 841.8898, 0.004, -0.006, f32::NAN] {
            c.num(v);
        }
        assert_eq!(c.buf, "0 1 -2.5 3.15 841.89 0 -0.01 0 ");
    }

    #[test]
    fn widths_list_only_runs_that_differ_from_the_default() {
        assert_eq!(
            width_array(&[1000, 500, 500, 1000, 250], 1000),
            "[1 2 500 4[250]]"
        );
        assert_eq!(
            width_array(&[1000, 500, 250, 250, 250, 600, 700, 1000, 500, 500], 1000),
            "[1[500]2 4 250 5[600 700]8 9 500]"
        );
        assert_eq!(width_array(&[1000, 1000], 1000), "[]");
    }

    #[test]
    fn to_unicode_uses_one_range_with_an_array_per_run_of_cids() {
        let pairs = [
            (1, ' '),
            (2, '0'),
            (3, '紹'),
            (4, '\u{3000}'),
            (6, '😀'),
            (7, 'A'),
        ];
        let cmap = to_unicode_cmap(&pairs);
        assert!(
            cmap.contains(
                "2 beginbfrange\n<0001><0004>[<0020><0030><7D39><3000>]\n\
                 <0006><0007>[<D83DDE00><0041>]\nendbfrange\nendcmap"
            ),
            "{cmap}"
        );
        // A range never crosses a block of 256 codes.
        let cmap = to_unicode_cmap(&[(0xFF, 'a'), (0x100, 'b')]);
        assert!(
            cmap.contains("2 beginbfrange\n<00FF><00FF>[<0061>]\n<0100><0100>[<0062>]\n"),
            "{cmap}"
        );
    }

    #[test]
    fn content_writes_the_final_glyph_numbers_and_synthetic_bold() {
        let mut c = Content::default();
        c.text(10.0, 1.0, 2.0, &[1, 2], false);
        c.line_width(0.5);
        c.text(16.0, 3.0, 4.0, &[3], true);
        let out = c.finish(&[0, 3, 1, 2]);
        assert_eq!(
            out,
            b"BT /F0 10 Tf 1 2 Td (\0\x03\0\x01) Tj ET\n0.5 w\n\
              q 2 Tr 1 j 0.32 w BT /F0 16 Tf 3 4 Td (\0\x02) Tj ET Q\n"
        );
    }

    #[test]
    fn runs_of_one_size_and_weight_share_a_text_object() {
        let mut c = Content::default();
        c.text(10.0, 42.52, 700.0, &[1], false);
        c.text(10.0, 42.52, 685.0, &[2], false);
        // Positions are rounded before the difference: 50.004 → 50, 670.006 → 670.01.
        c.text(10.0, 50.004, 670.006, &[1], false);
        c.text(11.5, 42.52, 650.0, &[2], true);
        c.text(11.5, 42.52, 640.0, &[1], true);
        c.text(10.0, 42.52, 600.0, &[2], false);
        c.rect(1.0, 2.0, 3.0, 4.0, false);
        c.text(10.0, 42.52, 590.0, &[1], false);
        let out = c.finish(&[0, 0x41, 0x42]);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "BT /F0 10 Tf 42.52 700 Td (\0A) Tj\n0 -15 Td (\0B) Tj\n7.48 -14.99 Td (\0A) Tj ET\n\
             q 2 Tr 1 j 0.23 w BT /F0 11.5 Tf 42.52 650 Td (\0B) Tj\n0 -10 Td (\0A) Tj ET Q\n\
             BT /F0 10 Tf 42.52 600 Td (\0B) Tj ET\n1 2 3 4 re S\n\
             BT /F0 10 Tf 42.52 590 Td (\0A) Tj ET\n"
        );
    }

    #[test]
    fn string_delimiters_and_line_ends_in_glyph_codes_are_escaped() {
        let mut c = Content::default();
        let cids = [0x28, 0x29, 0x5C, 0x0D, 0x0A, 0x2829, 0x41];
        c.text(10.0, 0.0, 0.0, &[1, 2, 3, 4, 5, 6, 7], false);
        let mut remap = vec![0u16];
        remap.extend(cids);
        let out = c.finish(&remap);
        assert_eq!(
            out,
            b"BT /F0 10 Tf 0 0 Td (\0\\(\0\\)\0\\\\\0\\r\0\\n\\(\\)\0A) Tj ET\n"
        );
    }

    #[test]
    fn title_is_utf16_with_bom() {
        assert_eq!(text_string("紹A"), "<FEFF7D390041>");
    }
}
