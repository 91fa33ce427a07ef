//! CSV export for Excel, encoded one record at a time.
//!
//! Excel (Japanese Windows) opens a CSV correctly only if it is either UTF-8
//! *with* a byte-order mark, or Shift_JIS in Microsoft's flavour (Windows-31J
//! / CP932). [`CsvWriter`] produces either, one record at a time, so a
//! handler can stream 100,000 rows without holding them in memory.
//!
//! Quoting follows RFC 4180 (done by the `csv` crate: a field is quoted only
//! when it contains a comma, a double quote, CR or LF; quotes are doubled)
//! and records end with CRLF, as Excel writes them.
//!
//! # Shift_JIS (CP932)
//!
//! Encoding uses [`encoding_rs::SHIFT_JIS`], which is the WHATWG Shift_JIS,
//! i.e. CP932 including the NEC special characters (①, ㈱, №) and the IBM
//! extensions (髙, 﨑, ⅰ). Before encoding, a few characters that encoding_rs
//! cannot encode (or encodes to something Excel shows differently) are folded
//! to the CP932 character Excel users expect to see:
//!
//! | input                         | written as (CP932)   | Excel shows |
//! |-------------------------------|----------------------|-------------|
//! | `〜` U+301C WAVE DASH         | 0x8160               | `～` U+FF5E  |
//! | `～` U+FF5E FULLWIDTH TILDE   | 0x8160 (unchanged)   | `～`         |
//! | `−` U+2212 MINUS SIGN         | 0x817C               | `－` U+FF0D  |
//! | `―` U+2015 HORIZONTAL BAR     | 0x815C (unchanged)   | `―`          |
//! | `—` U+2014 EM DASH            | 0x815C               | `―` U+2015   |
//! | `‖` U+2016 DOUBLE VERTICAL    | 0x8161               | `∥` U+2225   |
//! | `¢ £ ¬ ¦`                     | 0x8191 0x8192 0x81CA 0xFA55 | `￠ ￡ ￢ ￤` |
//! | `¥` U+00A5                    | 0x818F               | `￥` (not `\`) |
//! | `‾` U+203E                    | 0x8150               | `￣` (not `~`) |
//! | `‒ –` U+2012/U+2013           | 0x2D                 | `-`          |
//! | NO-BREAK SPACE U+00A0         | 0x20                 | space        |
//!
//! Any other character CP932 cannot hold (e.g. `𠮷`, emoji, `é`) is written
//! visibly as the geta mark followed by its code point, `〓[U+20BB7]`, and is
//! reported by [`CsvWriter::replaced`] so the UI can warn the user. Variation
//! selectors (U+FE00–FE0F, U+E0100–E01EF, e.g. the IVS on a kanji in a
//! person's name) are invisible and only pick a glyph of the preceding
//! character, so they are omitted from the text; they are still reported.

use std::collections::HashSet;

use encoding_rs::{EncoderResult, SHIFT_JIS};

/// The byte-order mark Excel needs to recognise UTF-8.
const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Output encoding of a CSV download.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CsvEncoding {
    /// UTF-8 with a byte-order mark (Excel 2016 and later).
    #[default]
    Utf8Bom,
    /// Windows-31J / CP932 (older Excel, many municipal systems).
    ShiftJis,
}

impl CsvEncoding {
    /// Parses a query parameter such as `?encoding=sjis`.
    ///
    /// `sjis`, `shift_jis` and `cp932` (any case, surrounding spaces ignored;
    /// `shift-jis` and `windows-31j` are accepted too) select Shift_JIS;
    /// anything else, including no parameter, selects UTF-8 with BOM.
    pub fn from_param(s: Option<&str>) -> CsvEncoding {
        match s.map(|s| s.trim().to_ascii_lowercase()).as_deref() {
            Some("sjis" | "shift_jis" | "shift-jis" | "cp932" | "windows-31j") => {
                CsvEncoding::ShiftJis
            }
            _ => CsvEncoding::Utf8Bom,
        }
    }

    /// The `Content-Type` header value for this encoding.
    pub fn content_type(&self) -> &'static str {
        match self {
            CsvEncoding::Utf8Bom => "text/csv; charset=utf-8",
            CsvEncoding::ShiftJis => "text/csv; charset=Shift_JIS",
        }
    }
}

/// Encodes one record at a time into bytes.
///
/// The BOM is emitted with the first call for [`CsvEncoding::Utf8Bom`].
/// Quoting is RFC 4180 (the `csv` crate); line endings are CRLF (Excel).
/// Records may have different numbers of fields.
#[derive(Debug)]
pub struct CsvWriter {
    encoding: CsvEncoding,
    started: bool,
    replaced: Vec<char>,
    replaced_set: HashSet<char>,
}

impl CsvWriter {
    /// Creates a writer; nothing is emitted until the first [`record`](Self::record).
    pub fn new(enc: CsvEncoding) -> Self {
        CsvWriter {
            encoding: enc,
            started: false,
            replaced: Vec::new(),
            replaced_set: HashSet::new(),
        }
    }

    /// A writer for the records after the first (the byte-order mark is not written again),
    /// e.g. for one page of an export whose header another writer wrote.
    pub fn after_header(enc: CsvEncoding) -> Self {
        CsvWriter {
            started: true,
            ..Self::new(enc)
        }
    }

    /// Encodes one record, terminated by CRLF.
    ///
    /// An empty slice and a single empty field are both written as `""`
    /// (the `csv` crate's rule), so no line is ever blank.
    pub fn record(&mut self, fields: &[&str]) -> Vec<u8> {
        let line = quote_record(fields);
        let mut out = Vec::with_capacity(line.len() + UTF8_BOM.len());
        if !self.started {
            self.started = true;
            if self.encoding == CsvEncoding::Utf8Bom {
                out.extend_from_slice(UTF8_BOM);
            }
        }
        match self.encoding {
            CsvEncoding::Utf8Bom => out.extend_from_slice(line.as_bytes()),
            CsvEncoding::ShiftJis => self.encode_sjis(&line, &mut out),
        }
        out
    }

    /// Characters that Shift_JIS cannot hold, seen so far, in order of first
    /// appearance and without duplicates. Always empty for UTF-8.
    pub fn replaced(&self) -> &[char] {
        &self.replaced
    }

    fn note_replaced(&mut self, c: char) {
        if self.replaced_set.insert(c) {
            self.replaced.push(c);
        }
    }

    /// Appends `text` encoded as CP932 to `out`, folding and marking
    /// characters as described in the module documentation.
    fn encode_sjis(&mut self, text: &str, out: &mut Vec<u8>) {
        let mut folded = String::with_capacity(text.len());
        for c in text.chars() {
            if is_variation_selector(c) {
                self.note_replaced(c);
            } else {
                folded.push(fold_for_cp932(c));
            }
        }

        let mut encoder = SHIFT_JIS.new_encoder();
        let mut src = folded.as_str();
        loop {
            // Shift_JIS needs at most two bytes per character and is stateless.
            out.reserve(src.len() * 2 + 16);
            let (result, read) =
                encoder.encode_from_utf8_to_vec_without_replacement(src, out, true);
            src = &src[read..];
            match result {
                EncoderResult::InputEmpty => break,
                EncoderResult::OutputFull => {}
                EncoderResult::Unmappable(c) => {
                    self.note_replaced(c);
                    // The marker is plain ASCII plus 〓 (0x81AC), so it needs
                    // no CSV quoting and always encodes.
                    out.extend_from_slice(b"\x81\xAC");
                    out.extend_from_slice(format!("[U+{:04X}]", u32::from(c)).as_bytes());
                }
            }
        }
    }
}

/// A value a spreadsheet would run as a formula, made plain text.
///
/// Excel (and LibreOffice, Google Sheets) treat a cell starting with `=`, `+`, `-` or `@` as a
/// formula — also a tab or CR in front of one, and the full-width forms Japanese input methods
/// produce. Such a value gets a leading `'` (shown as text, never executed), unless it is a
/// plain number such as `-5` or `+1.5`, which a spreadsheet reads as that number and nothing
/// else. A lone sign (`-`, as in an empty column) is no formula and stays.
pub fn neutralise(field: &str) -> std::borrow::Cow<'_, str> {
    let Some(first) = field.chars().next() else {
        return field.into();
    };
    let trigger = matches!(
        fold_for_cp932(first),
        '=' | '+' | '-' | '@' | '\t' | '\r' | '\u{FF1D}' | '\u{FF0B}' | '\u{FF0D}' | '\u{FF20}'
    );
    if !trigger
        || field.chars().count() == 1 && !matches!(first, '\t' | '\r')
        || is_plain_number(field)
    {
        field.into()
    } else {
        format!("'{field}").into()
    }
}

/// `-5`, `+12`, `-1,234.5`: an optional ASCII sign, digits with grouping commas, at most one
/// decimal point.
fn is_plain_number(s: &str) -> bool {
    let digits = s.strip_prefix(['-', '+']).unwrap_or(s);
    let mut dots = 0;
    digits.starts_with(|c: char| c.is_ascii_digit())
        && digits.ends_with(|c: char| c.is_ascii_digit())
        && digits.chars().all(|c| {
            if c == '.' {
                dots += 1;
            }
            c.is_ascii_digit() || c == ',' || c == '.'
        })
        && dots <= 1
}

/// Quotes one record with the `csv` crate (RFC 4180, CRLF), every field neutralised.
fn quote_record(fields: &[&str]) -> String {
    let fields: Vec<std::borrow::Cow<'_, str>> = fields.iter().map(|f| neutralise(f)).collect();
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .quote_style(csv::QuoteStyle::Necessary)
        .flexible(true)
        .buffer_capacity(256)
        .from_writer(Vec::new());
    // Writing to a Vec cannot fail and `flexible` allows any field count, so
    // these results are always `Ok`; should that ever change, the line is
    // still terminated below instead of panicking.
    let _ = w.write_record(fields.iter().map(|f| f.as_bytes()));
    let bytes = w.into_inner().unwrap_or_default();
    // The input was `&str` and quoting only adds ASCII, so this is UTF-8.
    let mut line = String::from_utf8(bytes)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
    if !line.ends_with("\r\n") {
        line.push_str("\r\n");
    }
    line
}

/// Maps characters encoding_rs cannot encode, or encodes to something Excel
/// displays differently, to the CP932 character Excel users expect.
fn fold_for_cp932(c: char) -> char {
    match c {
        '\u{301C}' => '\u{FF5E}', // WAVE DASH 〜 → FULLWIDTH TILDE ～ (0x8160)
        '\u{2212}' => '\u{FF0D}', // MINUS SIGN − → FULLWIDTH HYPHEN-MINUS － (0x817C)
        '\u{2014}' => '\u{2015}', // EM DASH — → HORIZONTAL BAR ― (0x815C)
        '\u{2016}' => '\u{2225}', // DOUBLE VERTICAL LINE ‖ → PARALLEL TO ∥ (0x8161)
        '\u{00A2}' => '\u{FFE0}', // ¢ → ￠
        '\u{00A3}' => '\u{FFE1}', // £ → ￡
        '\u{00AC}' => '\u{FFE2}', // ¬ → ￢
        '\u{00A6}' => '\u{FFE4}', // ¦ → ￤
        '\u{00A5}' => '\u{FFE5}', // ¥ → ￥ (encoding_rs would write 0x5C, shown as `\`)
        '\u{203E}' => '\u{FFE3}', // ‾ → ￣ (encoding_rs would write 0x7E, shown as `~`)
        '\u{2012}' | '\u{2013}' => '-',
        '\u{00A0}' => ' ',
        other => other,
    }
}

fn is_variation_selector(c: char) -> bool {
    matches!(c, '\u{FE00}'..='\u{FE0F}' | '\u{E0100}'..='\u{E01EF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sjis_decode(bytes: &[u8]) -> String {
        let (text, had_errors) = SHIFT_JIS.decode_without_bom_handling(bytes);
        assert!(!had_errors, "invalid Shift_JIS: {bytes:02X?}");
        text.into_owned()
    }

    #[test]
    fn from_param_and_content_type() {
        for p in [
            "sjis",
            "shift_jis",
            "cp932",
            "SJIS",
            " Shift_JIS ",
            "windows-31j",
        ] {
            assert_eq!(
                CsvEncoding::from_param(Some(p)),
                CsvEncoding::ShiftJis,
                "{p}"
            );
        }
        for p in [None, Some(""), Some("utf8"), Some("utf-8"), Some("euc-jp")] {
            assert_eq!(CsvEncoding::from_param(p), CsvEncoding::Utf8Bom, "{p:?}");
        }
        assert_eq!(
            CsvEncoding::Utf8Bom.content_type(),
            "text/csv; charset=utf-8"
        );
        assert_eq!(
            CsvEncoding::ShiftJis.content_type(),
            "text/csv; charset=Shift_JIS"
        );
    }

    #[test]
    fn utf8_bom_exactly_once() {
        let mut w = CsvWriter::new(CsvEncoding::Utf8Bom);
        let mut all = Vec::new();
        all.extend(w.record(&["氏名", "年齢"]));
        all.extend(w.record(&["山田 太郎", "30"]));
        all.extend(w.record(&["佐藤", "41"]));
        assert!(all.starts_with(UTF8_BOM));
        let count = all.windows(3).filter(|w| *w == UTF8_BOM).count();
        assert_eq!(count, 1);
        assert_eq!(
            std::str::from_utf8(&all[3..]).unwrap(),
            "氏名,年齢\r\n山田 太郎,30\r\n佐藤,41\r\n"
        );
    }

    #[test]
    fn shift_jis_has_no_bom() {
        let mut w = CsvWriter::new(CsvEncoding::ShiftJis);
        let first = w.record(&["a"]);
        assert_eq!(first, b"a\r\n");
    }

    #[test]
    fn crlf_line_endings() {
        for enc in [CsvEncoding::Utf8Bom, CsvEncoding::ShiftJis] {
            let mut w = CsvWriter::new(enc);
            w.record(&["header"]);
            let bytes = w.record(&["x", "y"]);
            assert_eq!(bytes, b"x,y\r\n", "{enc:?}");
        }
    }

    #[test]
    fn quoting_rfc4180() {
        let mut w = CsvWriter::new(CsvEncoding::ShiftJis);
        let bytes = w.record(&[
            "a,b",
            "say \"hi\"",
            "line1\nline2",
            "cr\r\nlf",
            "plain",
            "",
            " 空白 ",
        ]);
        assert_eq!(
            sjis_decode(&bytes),
            "\"a,b\",\"say \"\"hi\"\"\",\"line1\nline2\",\"cr\r\nlf\",plain,, 空白 \r\n"
        );
    }

    #[test]
    fn empty_records_do_not_panic() {
        let mut w = CsvWriter::new(CsvEncoding::Utf8Bom);
        assert_eq!(w.record(&[]), b"\xEF\xBB\xBF\"\"\r\n");
        assert_eq!(w.record(&[""]), b"\"\"\r\n");
        let mut w = CsvWriter::new(CsvEncoding::ShiftJis);
        assert_eq!(w.record(&[]), b"\"\"\r\n");
    }

    #[test]
    fn shift_jis_round_trip() {
        let text =
            "漢字・ひらがな・カタカナ・①⑳・㈱・№・髙橋・﨑・ⅰ・ｶﾀｶﾅﾊﾝｶｸ･ｰ・ＡＢＣ・abc・～・―・＼";
        let mut w = CsvWriter::new(CsvEncoding::ShiftJis);
        let bytes = w.record(&[text, "求人番号"]);
        assert_eq!(sjis_decode(&bytes), format!("{text},求人番号\r\n"));
        assert!(w.replaced().is_empty(), "{:?}", w.replaced());
    }

    #[test]
    fn cp932_specific_bytes() {
        let mut w = CsvWriter::new(CsvEncoding::ShiftJis);
        // ① NEC row 13, ㈱ NEC row 13, 髙 IBM extension (not NEC-selected),
        // ｱ half-width kana.
        assert_eq!(w.record(&["①㈱髙ｱ"]), b"\x87\x40\x87\x8A\xFB\xFC\xB1\r\n");
    }

    #[test]
    fn dashes_and_tildes_fold_to_what_excel_shows() {
        let mut w = CsvWriter::new(CsvEncoding::ShiftJis);
        // Bytes as Excel (CP932) reads them.
        let cases: [(&str, &[u8], &str); 9] = [
            ("\u{FF5E}", b"\x81\x60", "～"), // fullwidth tilde: round trip
            ("\u{301C}", b"\x81\x60", "～"), // wave dash → ～
            ("\u{2212}", b"\x81\x7C", "－"), // minus sign → －
            ("\u{FF0D}", b"\x81\x7C", "－"), // fullwidth hyphen-minus: round trip
            ("\u{2015}", b"\x81\x5C", "―"),  // horizontal bar: round trip
            ("\u{2014}", b"\x81\x5C", "―"),  // em dash → ―
            ("\u{2016}", b"\x81\x61", "∥"),  // double vertical line → ∥
            ("\u{00A5}", b"\x81\x8F", "￥"), // yen sign stays a yen sign
            ("\u{2013}", b"-", "-"),         // en dash → hyphen
        ];
        for (input, bytes, shown) in cases {
            let out = w.record(&[input]);
            assert_eq!(&out[..out.len() - 2], bytes, "{input}");
            assert_eq!(sjis_decode(&out[..out.len() - 2]), shown, "{input}");
        }
        assert!(w.replaced().is_empty());
    }

    #[test]
    fn unmappable_characters_become_visible_markers() {
        let mut w = CsvWriter::new(CsvEncoding::ShiftJis);
        let bytes = w.record(&["𠮷野家", "😀OK", "Café"]);
        assert_eq!(
            sjis_decode(&bytes),
            "〓[U+20BB7]野家,〓[U+1F600]OK,Caf〓[U+00E9]\r\n"
        );
        let bytes = w.record(&["𠮷田", "葛\u{E0100}飾"]);
        assert_eq!(sjis_decode(&bytes), "〓[U+20BB7]田,葛飾\r\n");
        assert_eq!(w.replaced(), &['𠮷', '😀', 'é', '\u{E0100}']);
    }

    #[test]
    fn marker_inside_quoted_field() {
        let mut w = CsvWriter::new(CsvEncoding::ShiftJis);
        let bytes = w.record(&["😀,\"x\""]);
        assert_eq!(sjis_decode(&bytes), "\"〓[U+1F600],\"\"x\"\"\"\r\n");
    }

    #[test]
    fn formulas_become_text_in_both_encodings() {
        let cases: [(&str, &str); 14] = [
            (
                "=HYPERLINK(\"http://evil\")",
                "\"'=HYPERLINK(\"\"http://evil\"\")\"",
            ),
            ("+81 6 1234", "'+81 6 1234"),
            ("-1+2", "'-1+2"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\t=1", "'\t=1"),
            ("\r=1", "\"'\r=1\""),
            ("＝1+1", "'＝1+1"),
            ("-5", "-5"),
            ("+3", "+3"),
            ("-1,234.5", "\"-1,234.5\""),
            ("-", "-"),
            ("山田", "山田"),
            ("a=b", "a=b"),
            ("1-2", "1-2"),
        ];
        for enc in [CsvEncoding::Utf8Bom, CsvEncoding::ShiftJis] {
            let mut w = CsvWriter::new(enc);
            w.record(&["header"]);
            for (input, expected) in cases {
                let bytes = w.record(&[input]);
                let text = match enc {
                    CsvEncoding::Utf8Bom => String::from_utf8(bytes).unwrap(),
                    CsvEncoding::ShiftJis => sjis_decode(&bytes),
                };
                assert_eq!(text, format!("{expected}\r\n"), "{enc:?} {input:?}");
            }
            // An en dash becomes `-` in Shift_JIS, so it is treated as one.
            let bytes = w.record(&["\u{2013}1+1"]);
            assert!(bytes.starts_with(b"'"), "{enc:?}");
        }
    }

    #[test]
    fn utf8_keeps_everything() {
        let mut w = CsvWriter::new(CsvEncoding::Utf8Bom);
        let bytes = w.record(&["𠮷😀〜−"]);
        assert_eq!(&bytes[3..], "𠮷😀〜−\r\n".as_bytes());
        assert!(w.replaced().is_empty());
    }

    #[test]
    fn long_field_grows_output() {
        let long = "髙".repeat(10_000) + &"😀".repeat(100);
        let mut w = CsvWriter::new(CsvEncoding::ShiftJis);
        let bytes = w.record(&[&long]);
        let decoded = sjis_decode(&bytes);
        assert_eq!(decoded.matches('髙').count(), 10_000);
        assert_eq!(decoded.matches("〓[U+1F600]").count(), 100);
        assert_eq!(w.replaced(), &['😀']);
    }
}
