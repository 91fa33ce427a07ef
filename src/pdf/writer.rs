//! PDF serialisation: page content streams and the file around them (catalog,
//! pages, Type0 / CIDFontType2 fonts with their subset TrueType programs and
//! `ToUnicode` maps, cross-reference table). Streams are deflated.

use std::fmt::Write as _;
use std::io::Write as _;

use flate2::Compression;
use flate2::write::ZlibEncoder;

use super::font::Subset;

/// Deflate level of content streams and font programs: the fast end of zlib
/// costs little size on these small, repetitive streams.
const DEFLATE_LEVEL: u32 = 6;

/// One page's content stream being built (PDF operators, points, origin bottom-left).
#[derive(Debug, Default)]
pub(crate) struct Content {
    buf: String,
}

impl Content {
    /// Appends `v` rounded to 2 decimals, without trailing zeros, then a space.
    fn num(&mut self, v: f32) {
        let v = if v.is_finite() { v } else { 0.0 };
        let hundredths = (f64::from(v) * 100.0).round() as i64;
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

    pub(crate) fn save(&mut self) {
        self.buf.push_str("q\n");
    }

    pub(crate) fn restore(&mut self) {
        self.buf.push_str("Q\n");
    }

    /// Non-stroking (fill and text) grey level, 0 = black, 1 = white.
    pub(crate) fn fill_grey(&mut self, level: f32) {
        self.num(level);
        self.buf.push_str("g\n");
    }

    pub(crate) fn stroke_grey(&mut self, level: f32) {
        self.num(level);
        self.buf.push_str("G\n");
    }

    pub(crate) fn line_width(&mut self, w: f32) {
        self.num(w);
        self.buf.push_str("w\n");
    }

    /// A rectangle from its bottom-left corner, stroked, or filled and stroked.
    pub(crate) fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, fill: bool) {
        for v in [x, y, w, h] {
            self.num(v);
        }
        self.buf.push_str(if fill { "re B\n" } else { "re S\n" });
    }

    pub(crate) fn line(&mut self, x1: f32, y1: f32, x2: f32, y2: f32) {
        self.num(x1);
        self.num(y1);
        self.buf.push_str("m ");
        self.num(x2);
        self.num(y2);
        self.buf.push_str("l S\n");
    }

    /// One run of text: font resource `/F{font}`, glyphs given as CIDs.
    pub(crate) fn text(&mut self, font: usize, size: f32, x: f32, y: f32, cids: &[u16]) {
        let _ = write!(self.buf, "BT /F{font} ");
        self.num(size);
        self.buf.push_str("Tf ");
        self.num(x);
        self.num(y);
        self.buf.push_str("Td <");
        for cid in cids {
            let _ = write!(self.buf, "{cid:04X}");
        }
        self.buf.push_str("> Tj ET\n");
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

/// A PDF file being written object by object.
struct File {
    out: Vec<u8>,
    /// Byte offset of each object (index = object number − 1).
    offsets: Vec<usize>,
}

impl File {
    fn begin(&mut self, id: usize) {
        if self.offsets.len() < id {
            self.offsets.resize(id, 0);
        }
        self.offsets[id - 1] = self.out.len();
        let _ = writeln!(self.out, "{id} 0 obj");
    }

    fn object(&mut self, id: usize, body: &str) {
        self.begin(id);
        self.out.extend_from_slice(body.as_bytes());
        self.out.extend_from_slice(b"\nendobj\n");
    }

    /// A deflated stream; `extra` goes into its dictionary.
    fn stream(&mut self, id: usize, extra: &str, data: &[u8]) {
        let packed = deflate(data);
        self.begin(id);
        let _ = write!(
            self.out,
            "<</Length {}/Filter/FlateDecode{extra}>>\nstream\n",
            packed.len()
        );
        self.out.extend_from_slice(&packed);
        self.out.extend_from_slice(b"\nendstream\nendobj\n");
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

fn to_unicode_cmap(subset: &Subset) -> String {
    let pairs: Vec<(u16, char)> = subset.unicode_pairs().collect();
    let mut s = String::from(
        "/CIDInit/ProcSet findresource begin\n12 dict begin\nbegincmap\n\
         /CIDSystemInfo<</Registry(Adobe)/Ordering(UCS)/Supplement 0>>def\n\
         /CMapName/Adobe-Identity-UCS def\n/CMapType 2 def\n\
         1 begincodespacerange\n<0000><FFFF>\nendcodespacerange\n",
    );
    for chunk in pairs.chunks(100) {
        let _ = writeln!(s, "{} beginbfchar", chunk.len());
        for (cid, c) in chunk {
            let _ = write!(s, "<{cid:04X}><");
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                let _ = write!(s, "{unit:04X}");
            }
            s.push_str(">\n");
        }
        s.push_str("endbfchar\n");
    }
    s.push_str("endcmap\nCMapName currentdict/CMap defineresource pop\nend\nend\n");
    s
}

/// `/W` entries for the CIDs whose width differs from `dw`, as runs of consecutive CIDs.
fn width_array(widths: &[i32], dw: i32) -> String {
    let mut s = String::from("[");
    let mut cid = 0;
    while cid < widths.len() {
        if widths[cid] == dw {
            cid += 1;
            continue;
        }
        let _ = write!(s, "{cid}[");
        while cid < widths.len() && widths[cid] != dw {
            let _ = write!(s, "{} ", widths[cid]);
            cid += 1;
        }
        s.pop();
        s.push(']');
    }
    s.push(']');
    s
}

/// Writes the whole file. `fonts[i]` is resource `/F{i}`; fonts with no glyphs are left out.
pub(crate) fn write_pdf(
    title: &str,
    page_size: (f32, f32),
    pages: Vec<Content>,
    fonts: &mut [Subset],
) -> Vec<u8> {
    let mut file = File {
        out: Vec::with_capacity(32 * 1024),
        offsets: Vec::new(),
    };
    file.out.extend_from_slice(b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n");
    const CATALOG: usize = 1;
    const PAGES: usize = 2;
    const INFO: usize = 3;
    let mut next = 4;
    // Five objects per used font: Type0, CIDFont, descriptor, program, ToUnicode.
    let font_ids: Vec<Option<usize>> = fonts
        .iter()
        .map(|s| {
            (!s.is_empty()).then(|| {
                let id = next;
                next += 5;
                id
            })
        })
        .collect();
    let first_page = next;

    file.object(CATALOG, "<</Type/Catalog/Pages 2 0 R>>");
    let mut kids = String::new();
    for i in 0..pages.len() {
        let _ = write!(kids, "{} 0 R ", first_page + 2 * i);
    }
    let mut font_dict = String::new();
    for (i, id) in font_ids.iter().enumerate() {
        if let Some(id) = id {
            let _ = write!(font_dict, "/F{i} {id} 0 R");
        }
    }
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

    for (subset, id) in fonts.iter_mut().zip(&font_ids) {
        let Some(id) = *id else { continue };
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
        file.stream(id + 4, "", to_unicode_cmap(subset).as_bytes());
    }

    for (i, page) in pages.iter().enumerate() {
        let id = first_page + 2 * i;
        file.object(
            id,
            &format!("<</Type/Page/Parent 2 0 R/Contents {} 0 R>>", id + 1),
        );
        file.stream(id + 1, "", page.buf.as_bytes());
    }

    let xref = file.out.len();
    let count = file.offsets.len() + 1;
    let _ = write!(file.out, "xref\n0 {count}\n0000000000 65535 f \n");
    for off in &file.offsets {
        let _ = writeln!(file.out, "{off:010} 00000 n ");
    }
    let _ = write!(
        file.out,
        "trailer\n<</Size {count}/Root 1 0 R/Info 3 0 R>>\nstartxref\n{xref}\n%%EOF\n"
    );
    file.out
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
            "[1[500 500]4[250]]"
        );
        assert_eq!(width_array(&[1000, 1000], 1000), "[]");
    }

    #[test]
    fn title_is_utf16_with_bom() {
        assert_eq!(text_string("紹A"), "<FEFF7D390041>");
    }
}
