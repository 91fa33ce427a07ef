//! 法人番号 (corporate number, 法人番号法) check-digit validation.
//!
//! A corporate number has 13 digits: one check digit followed by 12 base digits. With `P_n` the
//! n-th base digit counted from the least significant one (the rightmost digit is n = 1) and
//! `Q_n` = 1 for odd n, 2 for even n:
//!
//! ```text
//! check = 9 - ((Σ_{n=1..12} P_n × Q_n) mod 9)
//! ```
//!
//! so the check digit is always 1–9 (never 0).
use unicode_normalization::UnicodeNormalization;

/// Computes the check digit for 12 base digits (ASCII values 0–9, most significant first).
fn check_digit(base: &[u32]) -> u32 {
    let sum: u32 = base
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &p)| if i % 2 == 0 { p } else { p * 2 })
        .sum();
    9 - sum % 9
}

/// Normalises a corporate number as typed (NFKC so full-width digits count; hyphens and spaces
/// ignored) and returns its 13 ASCII digits when the check digit is correct.
pub fn normalize_corporate_number(s: &str) -> Option<String> {
    let digits: String = s
        .nfkc()
        .filter(|c| !c.is_whitespace() && !is_hyphen_like(*c))
        .collect();
    if digits.len() != 13 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let values: Vec<u32> = digits.bytes().map(|b| u32::from(b - b'0')).collect();
    (values[0] == check_digit(&values[1..])).then_some(digits)
}

/// Whether `s` is a corporate number with a correct check digit (see
/// [`normalize_corporate_number`] for what input is accepted).
pub fn is_valid_corporate_number(s: &str) -> bool {
    normalize_corporate_number(s).is_some()
}

/// Hyphen-like characters left after NFKC (NFKC already maps '－' U+FF0D to '-').
fn is_hyphen_like(c: char) -> bool {
    matches!(
        c,
        '-' | '\u{2010}'
            | '\u{2011}'
            | '\u{2012}'
            | '\u{2013}'
            | '\u{2014}'
            | '\u{2015}'
            | '\u{2212}'
            | '\u{30FC}'
            | '\u{FF70}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nta_number_is_valid() {
        // 国税庁 7000012050002. Base digits 000012050002, from the right:
        // n=1..12 → 2,0,0,0,5,0,2,1,0,0,0,0.
        // odd n (×1): 2+0+5+2+0+0 = 9; even n (×2): (0+0+0+1+0+0)×2 = 2; Σ = 11.
        // 11 mod 9 = 2 → check = 9 - 2 = 7 ✓.
        assert_eq!(check_digit(&[0, 0, 0, 0, 1, 2, 0, 5, 0, 0, 0, 2]), 7);
        assert!(is_valid_corporate_number("7000012050002"));
    }

    #[test]
    fn second_government_number_is_valid() {
        // 5000012010024. Base 000012010024, from the right: 4,2,0,0,1,0,2,1,0,0,0,0.
        // odd: 4+0+1+2+0+0 = 7; even: (2+0+0+1+0+0)×2 = 6; Σ = 13; 13 mod 9 = 4 → 9 - 4 = 5 ✓.
        assert!(is_valid_corporate_number("5000012010024"));
        // 2000012010019. Base 000012010019, from the right: 9,1,0,0,1,0,2,1,0,0,0,0.
        // odd: 9+0+1+2 = 12; even: (1+0+0+1)×2 = 4; Σ = 16; 16 mod 9 = 7 → 9 - 7 = 2 ✓.
        assert!(is_valid_corporate_number("2000012010019"));
    }

    #[test]
    fn private_company_number_is_valid() {
        // 1180301018771. Base 180301018771, from the right: 1,7,7,8,1,0,1,0,3,0,8,1.
        // odd: 1+7+1+1+3+8 = 21; even: (7+8+0+0+0+1)×2 = 32; Σ = 53; 53 mod 9 = 8 → 9 - 8 = 1 ✓.
        assert!(is_valid_corporate_number("1180301018771"));
    }

    #[test]
    fn sum_divisible_by_nine_gives_check_nine() {
        // Base 000000000009: Σ = 9 (n=1, ×1); 9 mod 9 = 0 → check = 9.
        assert_eq!(check_digit(&[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9]), 9);
        assert!(is_valid_corporate_number("9000000000009"));
        assert!(!is_valid_corporate_number("0000000000009"));
    }

    #[test]
    fn wrong_check_digit_is_rejected() {
        for first in ['1', '2', '3', '4', '5', '6', '8', '9'] {
            let s = format!("{first}000012050002");
            assert!(!is_valid_corporate_number(&s), "{s}");
        }
    }

    #[test]
    fn transposed_digits_are_rejected() {
        // Swapping two adjacent base digits with different weights changes the sum.
        assert!(!is_valid_corporate_number("7000012500002"));
    }

    #[test]
    fn wrong_length_and_non_digits_are_rejected() {
        assert!(!is_valid_corporate_number(""));
        assert!(!is_valid_corporate_number("700001205000"));
        assert!(!is_valid_corporate_number("70000120500020"));
        assert!(!is_valid_corporate_number("7000O12050002"));
        assert!(!is_valid_corporate_number("T7000012050002"));
    }

    #[test]
    fn full_width_hyphens_and_spaces_are_accepted() {
        assert!(is_valid_corporate_number("７００００１２０５０００２"));
        assert!(is_valid_corporate_number("7-0000-1205-0002"));
        assert!(is_valid_corporate_number(
            "７－００００－１２０５－０００２"
        ));
        assert!(is_valid_corporate_number(" 7000 0120 50002\u{3000}"));
    }

    #[test]
    fn normalize_returns_ascii_digits() {
        assert_eq!(
            normalize_corporate_number("７－００００－１２０５－０００２").as_deref(),
            Some("7000012050002")
        );
        assert_eq!(normalize_corporate_number("8000012050002"), None);
        assert_eq!(normalize_corporate_number("abc"), None);
    }

    #[test]
    fn non_ascii_digits_other_than_full_width_are_rejected() {
        // Arabic-Indic digits are digits to Unicode but not to this format.
        assert!(!is_valid_corporate_number("٧٠٠٠٠١٢٠٥٠٠٠٢"));
    }
}
