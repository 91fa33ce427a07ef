//! Japanese text normalisation helpers.

use unicode_normalization::UnicodeNormalization;

/// Ideographic (full-width) space.
const FULL_WIDTH_SPACE: char = '\u{3000}';

/// Applies Unicode NFKC normalisation.
pub fn nfkc(s: &str) -> String {
    s.nfkc().collect()
}

/// Converts full-width digits (０-９) to ASCII, leaving everything else.
pub fn normalize_digits(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '０'..='９' => {
                char::from_u32(u32::from(c) - u32::from('０') + u32::from('0')).unwrap_or(c)
            }
            _ => c,
        })
        .collect()
}

/// Hyphen-like characters users type in phone numbers and postal codes
/// (checked after NFKC).
fn is_hyphen_like(c: char) -> bool {
    // '－' (U+FF0D) and 'ｰ' (U+FF70) are already mapped by NFKC.
    matches!(
        c,
        '-' | 'ー' | '\u{2010}'..='\u{2015}' | '\u{2043}' | '\u{2212}' | '\u{FE63}'
    )
}

/// Normalises a Japanese phone number, keeping the typed grouping.
///
/// Any run of hyphens (of any kind), whitespace or parentheses between digits
/// becomes a single '-': "（03）1234ー5678" → "03-1234-5678". Input without
/// separators yields digits only. Returns `None` unless there are 10 or 11
/// digits starting with '0', or if other characters are present.
pub fn normalize_phone(s: &str) -> Option<String> {
    let mut out = String::new();
    let mut digits = 0;
    let mut pending_separator = false;
    for c in s.nfkc() {
        if c.is_ascii_digit() {
            if pending_separator && !out.is_empty() {
                out.push('-');
            }
            pending_separator = false;
            out.push(c);
            digits += 1;
        } else if is_hyphen_like(c) || c.is_whitespace() || matches!(c, '(' | ')') {
            pending_separator = true;
        } else {
            return None;
        }
    }
    let valid = (10..=11).contains(&digits) && out.starts_with('0');
    valid.then_some(out)
}

/// Digits only (after NFKC), for duplicate matching of phone numbers.
pub fn phone_digits(s: &str) -> String {
    s.nfkc().filter(char::is_ascii_digit).collect()
}

/// Normalises a postal code to "123-4567".
///
/// Accepts an optional leading '〒', full-width characters, any hyphen-like
/// separator or none. Returns `None` for anything else.
pub fn normalize_postal_code(s: &str) -> Option<String> {
    let normalized = nfkc(s);
    let trimmed = normalized.trim();
    let body = trimmed.strip_prefix('〒').unwrap_or(trimmed).trim_start();

    let chars: Vec<char> = body.chars().collect();
    let (head, tail) = match chars.as_slice() {
        [a, b, c, sep, rest @ ..] if is_hyphen_like(*sep) && rest.len() == 4 => {
            ([*a, *b, *c], rest)
        }
        [a, b, c, rest @ ..] if rest.len() == 4 => ([*a, *b, *c], rest),
        _ => return None,
    };
    if !head.iter().chain(tail).all(char::is_ascii_digit) {
        return None;
    }
    let head: String = head.iter().collect();
    let tail: String = tail.iter().collect();
    Some(format!("{head}-{tail}"))
}

/// Converts to full-width katakana.
///
/// Applies NFKC (half-width katakana → full-width), maps hiragana
/// (U+3041–U+3096) to katakana, collapses whitespace runs to a single
/// full-width space and trims.
pub fn to_katakana(s: &str) -> String {
    let mut out = String::new();
    let mut pending_space = false;
    for c in s.nfkc() {
        if c.is_whitespace() {
            pending_space = true;
            continue;
        }
        if pending_space && !out.is_empty() {
            out.push(FULL_WIDTH_SPACE);
        }
        pending_space = false;
        let converted = match c {
            '\u{3041}'..='\u{3096}' => char::from_u32(u32::from(c) + 0x60).unwrap_or(c),
            _ => c,
        };
        out.push(converted);
    }
    out
}

/// Whether `s`, after [`to_katakana`], is a non-empty katakana name
/// (katakana, 'ー', '・' and full-width spaces only).
pub fn is_katakana_name(s: &str) -> bool {
    let kana = to_katakana(s);
    !kana.is_empty()
        && kana
            .chars()
            .all(|c| matches!(c, '\u{30A1}'..='\u{30FA}' | 'ー' | '・' | FULL_WIDTH_SPACE))
}

/// The two-character pieces of `s`, each once, in order of first appearance: what the seeker
/// name search looks up (the database keeps the same pieces of every stored name).
pub fn name_pieces(s: &str) -> Vec<String> {
    let chars: Vec<char> = s.chars().collect();
    let mut out: Vec<String> = Vec::new();
    for w in chars.windows(2) {
        let piece: String = w.iter().collect();
        if !out.contains(&piece) {
            out.push(piece);
        }
    }
    out
}

/// Name key for duplicate detection: NFKC, no whitespace, ASCII lowercase.
pub fn normalize_name_for_match(s: &str) -> String {
    s.nfkc()
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// Email normalisation: NFKC, trimmed, lowercase.
pub fn normalize_email(s: &str) -> String {
    nfkc(s).trim().to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_pieces_are_the_two_character_windows_once_each() {
        assert_eq!(name_pieces("佐藤花子"), ["佐藤", "藤花", "花子"]);
        assert_eq!(name_pieces("ククク"), ["クク"]);
        assert!(name_pieces("佐").is_empty());
        assert!(name_pieces("").is_empty());
    }

    #[test]
    fn nfkc_examples() {
        assert_eq!(nfkc("ＡＢＣ１２３"), "ABC123");
        assert_eq!(nfkc("ｶﾞｷﾞ"), "ガギ");
        assert_eq!(nfkc("㈱"), "(株)");
        assert_eq!(nfkc("\u{3000}"), " ");
    }

    #[test]
    fn normalize_digits_only_touches_digits() {
        assert_eq!(normalize_digits("０１２３４５６７８９"), "0123456789");
        assert_eq!(normalize_digits("令和８年ＡＢ"), "令和8年ＡＢ");
        assert_eq!(normalize_digits("abc"), "abc");
    }

    #[test]
    fn phone_with_hyphens() {
        assert_eq!(
            normalize_phone("03-1234-5678").as_deref(),
            Some("03-1234-5678")
        );
        assert_eq!(
            normalize_phone("０３－１２３４－５６７８").as_deref(),
            Some("03-1234-5678")
        );
        assert_eq!(
            normalize_phone("03ー1234ー5678").as_deref(),
            Some("03-1234-5678")
        );
        assert_eq!(
            normalize_phone("03‐1234‐5678").as_deref(),
            Some("03-1234-5678")
        );
        assert_eq!(
            normalize_phone("03−1234−5678").as_deref(),
            Some("03-1234-5678")
        );
        assert_eq!(
            normalize_phone("03ｰ1234ｰ5678").as_deref(),
            Some("03-1234-5678")
        );
        assert_eq!(
            normalize_phone("090-1234-5678").as_deref(),
            Some("090-1234-5678")
        );
        assert_eq!(
            normalize_phone("0120-123-456").as_deref(),
            Some("0120-123-456")
        );
    }

    #[test]
    fn phone_separator_runs_collapse() {
        assert_eq!(
            normalize_phone("03--1234 - 5678").as_deref(),
            Some("03-1234-5678")
        );
        assert_eq!(
            normalize_phone(" -03-1234-5678- ").as_deref(),
            Some("03-1234-5678")
        );
        assert_eq!(
            normalize_phone("(03)1234-5678").as_deref(),
            Some("03-1234-5678")
        );
        assert_eq!(
            normalize_phone("03（1234）5678").as_deref(),
            Some("03-1234-5678")
        );
        assert_eq!(
            normalize_phone("03 1234 5678").as_deref(),
            Some("03-1234-5678")
        );
    }

    #[test]
    fn phone_without_separators_is_digits_only() {
        assert_eq!(normalize_phone("0312345678").as_deref(), Some("0312345678"));
        assert_eq!(
            normalize_phone("０９０１２３４５６７８").as_deref(),
            Some("09012345678")
        );
    }

    #[test]
    fn phone_rejects_invalid() {
        for s in [
            "",
            "123-4567",
            "03-1234-567",
            "090-1234-56789",
            "1234567890",
            "+81-3-1234-5678",
            "03-1234-5678 内線12",
            "03.1234.5678",
            "03-1234-567a",
        ] {
            assert_eq!(normalize_phone(s), None, "{s:?}");
        }
    }

    #[test]
    fn phone_digits_examples() {
        assert_eq!(phone_digits("０３－１２３４－５６７８"), "0312345678");
        assert_eq!(phone_digits("(03) 1234-5678"), "0312345678");
        assert_eq!(phone_digits("abc"), "");
    }

    #[test]
    fn postal_code_accepts() {
        assert_eq!(
            normalize_postal_code("〒１２３－４５６７").as_deref(),
            Some("123-4567")
        );
        assert_eq!(
            normalize_postal_code("1234567").as_deref(),
            Some("123-4567")
        );
        assert_eq!(
            normalize_postal_code("123-4567").as_deref(),
            Some("123-4567")
        );
        assert_eq!(
            normalize_postal_code("〒 123ー4567 ").as_deref(),
            Some("123-4567")
        );
        assert_eq!(
            normalize_postal_code("１２３４５６７").as_deref(),
            Some("123-4567")
        );
    }

    #[test]
    fn postal_code_rejects() {
        for s in [
            "",
            "〒",
            "123456",
            "12345678",
            "12-34567",
            "123--4567",
            "123 4567",
            "abc-defg",
            "1234-567",
            "〒〒1234567",
            "１２３－４５６７８",
        ] {
            assert_eq!(normalize_postal_code(s), None, "{s:?}");
        }
    }

    #[test]
    fn katakana_conversion() {
        assert_eq!(to_katakana("やまだ たろう"), "ヤマダ\u{3000}タロウ");
        assert_eq!(to_katakana("ｶﾞｸｾｲ"), "ガクセイ");
        assert_eq!(
            to_katakana("  すずき\u{3000}\u{3000} はなこ  "),
            "スズキ\u{3000}ハナコ"
        );
        assert_eq!(to_katakana("らーめん"), "ラーメン");
        assert_eq!(to_katakana("ぁゔゖ"), "ァヴヶ");
        assert_eq!(to_katakana("ヤマダ"), "ヤマダ");
        assert_eq!(to_katakana("山田abc"), "山田abc");
        assert_eq!(to_katakana(""), "");
    }

    #[test]
    fn katakana_name_check() {
        assert!(is_katakana_name("ヤマダ タロウ"));
        assert!(is_katakana_name("やまだ　たろう"));
        assert!(is_katakana_name("ｼﾞｮﾝ･ｽﾐｽ"));
        assert!(is_katakana_name("ジョン・スミス"));
        assert!(is_katakana_name("ヴォーン"));
        assert!(!is_katakana_name("山田太郎"));
        assert!(!is_katakana_name("Yamada"));
        assert!(!is_katakana_name("ヤマダ1"));
        assert!(!is_katakana_name(""));
        assert!(!is_katakana_name("   "));
    }

    #[test]
    fn name_match_key() {
        assert_eq!(normalize_name_for_match(" 山田　太郎 "), "山田太郎");
        assert_eq!(normalize_name_for_match("ＹＡＭＡＤＡ Taro"), "yamadataro");
        assert_eq!(normalize_name_for_match("ﾔﾏﾀﾞ ﾀﾛｳ"), "ヤマダタロウ");
        assert_eq!(
            normalize_name_for_match("山田 太郎"),
            normalize_name_for_match("山田\u{3000}太郎")
        );
    }

    #[test]
    fn email_normalisation() {
        assert_eq!(
            normalize_email("  Taro.Yamada@Example.JP "),
            "taro.yamada@example.jp"
        );
        assert_eq!(
            normalize_email("ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ"),
            "taro@example.jp"
        );
        assert_eq!(normalize_email(""), "");
    }
}

/// An address as one line from its parts — prefecture, municipality, the rest — without
/// repeating a part the next one already starts with (「大阪府」 + 「大阪府豊中市…」 →
/// 「大阪府豊中市…」). Empty parts are skipped.
pub fn join_address(prefecture: &str, municipality: &str, rest: &str) -> String {
    let (prefecture, municipality, rest) = (prefecture.trim(), municipality.trim(), rest.trim());
    let mut out = String::new();
    let tail = format!(
        "{}{}",
        if rest.starts_with(municipality) {
            ""
        } else {
            municipality
        },
        rest
    );
    if !prefecture.is_empty() && !tail.starts_with(prefecture) {
        out.push_str(prefecture);
    }
    out.push_str(&tail);
    out
}

#[cfg(test)]
mod address_tests {
    use super::join_address;

    #[test]
    fn parts_are_not_repeated() {
        assert_eq!(
            join_address("大阪府", "", "大阪府豊中市中桜塚3-1-1"),
            "大阪府豊中市中桜塚3-1-1"
        );
        assert_eq!(
            join_address("大阪府", "豊中市", "中桜塚3-1-1"),
            "大阪府豊中市中桜塚3-1-1"
        );
        assert_eq!(
            join_address("大阪府", "豊中市", "豊中市中桜塚3-1-1"),
            "大阪府豊中市中桜塚3-1-1"
        );
        assert_eq!(join_address("", "豊中市", "中桜塚"), "豊中市中桜塚");
        assert_eq!(join_address("大阪府", "", ""), "大阪府");
    }
}
