//! Typed values with `parse`: what a person typed becomes a value that is known to be well
//! formed (郵便番号 `123-4567`, 電話番号 with its grouping, フリガナ in katakana, 法人番号 with
//! its check digit, 求人番号 / 求職番号 / 紹介番号), or a message saying what is wrong.
use super::corporate_number::normalize_corporate_number;
use super::normalize::{is_katakana_name, normalize_phone, normalize_postal_code, to_katakana};
use super::numbering::{NumberKind, format_number};
use std::fmt;

/// A value parsed from what a person typed; `Err` is the message shown next to the field.
pub trait ParseValue: Sized {
    fn parse(typed: &str) -> Result<Self, &'static str>;
    fn into_string(self) -> String;
}

macro_rules! text_value {
    ($(#[$doc:meta])* $name:ident, $normalize:expr, $message:literal) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq)]
        pub struct $name(String);

        impl $name {
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl ParseValue for $name {
            fn parse(typed: &str) -> Result<Self, &'static str> {
                let f: fn(&str) -> Option<String> = $normalize;
                f(typed.trim()).map($name).ok_or($message)
            }
            fn into_string(self) -> String {
                self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

text_value!(
    /// 郵便番号, always `123-4567` (a leading 〒, full-width digits and any hyphen accepted).
    PostalCode,
    normalize_postal_code,
    "郵便番号は「123-4567」の形で入力してください"
);

text_value!(
    /// 電話番号: 10 or 11 digits from 0, the typed grouping kept as hyphens.
    Phone,
    normalize_phone,
    "電話番号を市外局番から入力してください（例：06-1234-5678）"
);

text_value!(
    /// フリガナ in full-width katakana (hiragana and half-width katakana are converted).
    Kana,
    |s| {
        let k = to_katakana(s);
        is_katakana_name(&k).then_some(k)
    },
    "フリガナはカタカナで入力してください"
);

text_value!(
    /// 法人番号: 13 digits with a correct check digit.
    CorporateNumber,
    normalize_corporate_number,
    "法人番号（13桁）が正しくありません。チェックデジットが一致しません"
);

/// A record's readable number: 求人番号 `K2026-00042`, 求職番号 `S2026-00007`, 紹介番号
/// `R2026-00123`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RecordNo {
    pub kind: NumberKind,
    pub fiscal_year: i32,
    pub seq: i32,
}

impl RecordNo {
    /// Parses a number as typed (full-width characters, lower case and missing zeros are
    /// accepted: `ｋ2026-42` → `K2026-00042`).
    pub fn parse(typed: &str) -> Result<Self, &'static str> {
        const MESSAGE: &str = "番号は「K2026-00042」の形で入力してください";
        let s = super::normalize::nfkc(typed.trim()).to_ascii_uppercase();
        let mut chars = s.chars();
        let kind = match chars.next() {
            Some('K') => NumberKind::JobOrder,
            Some('S') => NumberKind::JobSeeker,
            Some('R') => NumberKind::Referral,
            _ => return Err(MESSAGE),
        };
        let (year, seq) = chars.as_str().split_once('-').ok_or(MESSAGE)?;
        let fiscal_year: i32 = year.parse().map_err(|_| MESSAGE)?;
        let seq: i32 = seq.parse().map_err(|_| MESSAGE)?;
        if !(1989..=2200).contains(&fiscal_year) || seq < 1 {
            return Err(MESSAGE);
        }
        Ok(Self {
            kind,
            fiscal_year,
            seq,
        })
    }

    /// The number if it is of `kind`.
    pub fn parse_kind(typed: &str, kind: NumberKind) -> Result<Self, &'static str> {
        Self::parse(typed).and_then(|n| {
            if n.kind == kind {
                Ok(n)
            } else {
                Err(match kind {
                    NumberKind::JobOrder => "求人番号は「K」で始まります（例：K2026-00042）",
                    NumberKind::JobSeeker => "求職番号は「S」で始まります（例：S2026-00007）",
                    NumberKind::Referral => "紹介番号は「R」で始まります（例：R2026-00123）",
                })
            }
        })
    }
}

impl fmt::Display for RecordNo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&format_number(self.kind, self.fiscal_year, self.seq))
    }
}

impl crate::validation::FieldErrors {
    /// An optional typed value: empty stays empty; a bad value is reported on `field` and
    /// kept as typed, so the form shows it again.
    pub fn optional<T: ParseValue>(&mut self, field: &str, typed: &str) -> String {
        let v = typed.trim();
        if v.is_empty() {
            return String::new();
        }
        match T::parse(v) {
            Ok(x) => x.into_string(),
            Err(message) => {
                self.add(field, message);
                v.to_owned()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_parse_what_people_type() {
        assert_eq!(
            PostalCode::parse("〒５６０ー００２２").unwrap().as_str(),
            "560-0022"
        );
        assert!(PostalCode::parse("56-0022").is_err());
        assert_eq!(
            Phone::parse("（06）1234－5678").unwrap().as_str(),
            "06-1234-5678"
        );
        assert!(Phone::parse("1234").is_err());
        assert_eq!(
            Kana::parse("つなぐ ｾｲｿｳ").unwrap().as_str(),
            "ツナグ　セイソウ"
        );
        assert!(Kana::parse("綱具").is_err());
        assert!(CorporateNumber::parse("1234567890123").is_err());
    }

    #[test]
    fn record_numbers_round_trip() {
        let n = RecordNo::parse("ｋ２０２６－４２").unwrap();
        assert_eq!(n.to_string(), "K2026-00042");
        assert_eq!(n.kind, NumberKind::JobOrder);
        assert!(RecordNo::parse_kind("S2026-00007", NumberKind::JobOrder).is_err());
        assert!(RecordNo::parse("X2026-1").is_err());
        assert!(RecordNo::parse("K2026-0").is_err());
    }

    #[test]
    fn optional_values_keep_bad_input() {
        let mut e = crate::validation::FieldErrors::new();
        assert_eq!(e.optional::<PostalCode>("postal_code", " "), "");
        assert_eq!(
            e.optional::<PostalCode>("postal_code", "5600022"),
            "560-0022"
        );
        assert_eq!(e.optional::<PostalCode>("postal_code", "abc"), "abc");
        assert!(e.has("postal_code"));
    }
}
