//! 法人番号: 13 digits, the first a check digit over the other twelve.
use unicode_normalization::UnicodeNormalization;

/// The 13 ASCII digits of a valid 法人番号 (full-width digits, hyphens and spaces accepted).
pub fn normalize_corporate_number(s: &str) -> Option<String> {
    let digits: String = s
        .nfkc()
        .filter(|c| !matches!(c, '-' | ' ' | '\u{3000}'))
        .collect();
    if digits.len() != 13 || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let d: Vec<u32> = digits.chars().filter_map(|c| c.to_digit(10)).collect();
    // P_n is the n-th digit from the right of the 12 base digits; Q_n is 1 for odd n, 2 for even n.
    let sum: u32 = (1..=12)
        .map(|n| d[13 - n] * if n % 2 == 1 { 1 } else { 2 })
        .sum();
    (d[0] == 9 - sum % 9).then_some(digits)
}

pub fn is_valid_corporate_number(s: &str) -> bool {
    normalize_corporate_number(s).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn check_digit() {
        // 国税庁
        assert!(is_valid_corporate_number("7000012050002"));
        assert!(is_valid_corporate_number("７０００－０１２０５０００２"));
        assert!(!is_valid_corporate_number("8000012050002"));
        assert!(!is_valid_corporate_number("700001205000"));
    }
}
