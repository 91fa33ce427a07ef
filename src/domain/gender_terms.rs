//! Gendered wording in job orders (男女雇用機会均等法5条 and its 指針).
//!
//! Job titles that name one sex (営業マン, ウェイトレス, 看護婦, ○○レディ …) and phrases that
//! restrict or favour one sex (男性歓迎, 女性のみ …) are not allowed in 募集・採用 unless both
//! sexes are clearly included: a title directly followed by "（男女）" (e.g. 営業マン（男女）) is
//! accepted, as the 指針 says. Phrases such as 女性活躍 that do not restrict are not listed.
//! Exceptions (指針 A–E, ポジティブ・アクション) are decided by the caller.
use unicode_normalization::UnicodeNormalization;

/// The suggestion given for phrases that restrict or favour one sex.
pub const SEX_RESTRICTION_SUGGESTION: &str = "性別を問わない表現にしてください";

/// One blocklist entry. `term` is matched after NFKC, so half-width katakana match too.
struct Entry {
    term: &'static str,
    suggestion: &'static str,
    /// Occurrences followed by one of these are other words (レディース, ボーイング, マンション).
    not_followed_by: &'static [&'static str],
    /// Occurrences preceded by one of these name both sexes (男性・女性歓迎).
    not_preceded_by: &'static [&'static str],
}

const MAN: &[&str] = &["ション"];
const BOTH_AFTER_MALE: &[&str] = &[
    "男性・",
    "男性、",
    "男性/",
    "男性や",
    "男性,",
    "男性及び",
    "男性も",
];
const BOTH_AFTER_FEMALE: &[&str] = &[
    "女性・",
    "女性、",
    "女性/",
    "女性や",
    "女性,",
    "女性及び",
    "女性も",
];

const fn noun(term: &'static str, suggestion: &'static str) -> Entry {
    Entry {
        term,
        suggestion,
        not_followed_by: &[],
        not_preceded_by: &[],
    }
}

const fn man(term: &'static str, suggestion: &'static str) -> Entry {
    Entry {
        term,
        suggestion,
        not_followed_by: MAN,
        not_preceded_by: &[],
    }
}

const fn male_phrase(term: &'static str) -> Entry {
    Entry {
        term,
        suggestion: SEX_RESTRICTION_SUGGESTION,
        not_followed_by: &[],
        not_preceded_by: BOTH_AFTER_FEMALE,
    }
}

const fn female_phrase(term: &'static str) -> Entry {
    Entry {
        term,
        suggestion: SEX_RESTRICTION_SUGGESTION,
        not_followed_by: &[],
        not_preceded_by: BOTH_AFTER_MALE,
    }
}

const BLOCKLIST: &[Entry] = &[
    man("営業マン", "営業職"),
    man("セールスマン", "販売員"),
    man("ビジネスマン", "ビジネスパーソン"),
    man("ガードマン", "警備員"),
    man("カメラマン", "フォトグラファー／撮影スタッフ"),
    noun("ウェイトレス", "ホールスタッフ"),
    noun("ウエイトレス", "ホールスタッフ"),
    noun("ウェイター", "ホールスタッフ"),
    noun("ウエイター", "ホールスタッフ"),
    noun("スチュワーデス", "客室乗務員"),
    noun("看護婦", "看護師"),
    noun("助産婦", "助産師"),
    noun("保母", "保育士"),
    noun("保父", "保育士"),
    noun("家政婦", "家事代行スタッフ"),
    noun("キャンペーンガール", "キャンペーンスタッフ"),
    // ○○レディ (保険レディ, ヤクルトレディ …), but not レディース/レディス (clothing).
    Entry {
        term: "レディ",
        suggestion: "スタッフ",
        not_followed_by: &["ース", "ス"],
        not_preceded_by: &[],
    },
    // ○○ボーイ (ベルボーイ …), but not ボーイング (the aircraft maker).
    Entry {
        term: "ボーイ",
        suggestion: "スタッフ",
        not_followed_by: &["ング"],
        not_preceded_by: &[],
    },
    male_phrase("男性歓迎"),
    male_phrase("男性のみ"),
    male_phrase("男性限定"),
    male_phrase("男性向き"),
    male_phrase("男性向け"),
    male_phrase("男性優遇"),
    female_phrase("女性歓迎"),
    female_phrase("女性のみ"),
    female_phrase("女性限定"),
    female_phrase("女性向き"),
    female_phrase("女性向け"),
    female_phrase("女性優遇"),
];

/// Whether the occurrence at `idx..idx + len` in `text` counts as gendered.
fn is_gendered_at(text: &str, entry: &Entry, idx: usize) -> bool {
    let before = &text[..idx];
    let after = &text[idx + entry.term.len()..];
    if entry.not_preceded_by.iter().any(|p| before.ends_with(p)) {
        return false;
    }
    if entry.not_followed_by.iter().any(|p| after.starts_with(p)) {
        return false;
    }
    // "営業マン（男女）": NFKC has turned the full-width parentheses into ASCII ones.
    let after = after.trim_start();
    !(after.starts_with("(男女)") || after.starts_with("(男女不問)"))
}

/// Suffixes that make a one-sex job title of any word before them (ビル清掃マン, 受付ガール):
/// (suffix, suggested suffix). Found inside words, not only as listed titles.
const SUFFIXES: &[(&str, &str)] = &[
    ("ウーマン", "スタッフ"),
    ("マン", "スタッフ"),
    ("ガール", "スタッフ"),
];

/// Words ending in a suffix above that do not name one sex (ロマン, ヒューマン, マンツーマン,
/// ジャーマン) — the 指針 forbids titles that name one sex, not these.
const NEUTRAL_STEMS: &[&str] = &["ロ", "ヒュー", "ツー", "ジャー", "シャー", "ドー"];

fn is_word_char(c: char) -> bool {
    matches!(c, '\u{30A1}'..='\u{30FA}' | 'ー' | '々' | '\u{4E00}'..='\u{9FFF}')
        || c.is_ascii_alphanumeric()
}

fn is_katakana(c: char) -> bool {
    matches!(c, '\u{30A1}'..='\u{30FA}' | 'ー')
}

/// Titles made with a gendered suffix: (start, title, suggestion), e.g. 「ビル清掃マン」 →
/// 「ビル清掃スタッフ」. The title is the run of katakana, kanji and letters before the suffix
/// (at most 10 characters); a suffix followed by more katakana is another word (マンション).
fn suffixed_titles(text: &str) -> Vec<(usize, String, String)> {
    let mut out = Vec::new();
    for (suffix, replacement) in SUFFIXES {
        for (idx, _) in text.match_indices(suffix) {
            let after = &text[idx + suffix.len()..];
            if after.chars().next().is_some_and(is_katakana) {
                continue;
            }
            let trimmed = after.trim_start();
            if trimmed.starts_with("(男女)") || trimmed.starts_with("(男女不問)") {
                continue;
            }
            let before = &text[..idx];
            let stem_start = before
                .char_indices()
                .rev()
                .take_while(|(_, c)| is_word_char(*c))
                .take(10)
                .last()
                .map(|(i, _)| i)
                .unwrap_or(idx);
            let stem = &text[stem_start..idx];
            if stem.is_empty() || NEUTRAL_STEMS.iter().any(|n| stem.ends_with(n)) {
                continue;
            }
            out.push((
                stem_start,
                format!("{stem}{suffix}"),
                format!("{stem}{replacement}"),
            ));
        }
    }
    out
}

/// The gendered terms found in `text`, each once, in order of first appearance, as
/// (term, suggested wording). For sex-restricting phrases the suggestion is
/// [`SEX_RESTRICTION_SUGGESTION`]. The text is NFKC-normalised first. Listed titles (営業マン)
/// keep their own suggestion; any other title made with a gendered suffix (ビル清掃マン) is
/// found inside the text too.
pub fn gendered_terms(text: &str) -> Vec<(String, String)> {
    let text: String = text.nfkc().collect();
    let mut found: Vec<(usize, usize, String, String)> = BLOCKLIST
        .iter()
        .filter_map(|entry| {
            text.match_indices(entry.term)
                .map(|(idx, _)| idx)
                .find(|&idx| is_gendered_at(&text, entry, idx))
                .map(|idx| {
                    (
                        idx,
                        idx + entry.term.len(),
                        entry.term.to_owned(),
                        entry.suggestion.to_owned(),
                    )
                })
        })
        .collect();
    for (start, title, suggestion) in suffixed_titles(&text) {
        let end = start + title.len();
        // A listed title (営業マン) inside this one, or the same title seen before, is enough.
        let covered = found
            .iter()
            .any(|(s, e, t, _)| (*s >= start && *e <= end) || *t == title);
        if !covered {
            found.push((start, end, title, suggestion));
        }
    }
    found.sort_by_key(|(idx, end, _, _)| (*idx, std::cmp::Reverse(*end)));
    found
        .into_iter()
        .map(|(_, _, term, suggestion)| (term, suggestion))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(p: &[(&str, &str)]) -> Vec<(String, String)> {
        p.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn titles_made_with_a_gendered_suffix_are_found_inside_words() {
        assert_eq!(
            gendered_terms("ビル清掃マン（午前のみ）"),
            pairs(&[("ビル清掃マン", "ビル清掃スタッフ")])
        );
        assert_eq!(
            gendered_terms("急募！配送マン・倉庫マン"),
            pairs(&[("配送マン", "配送スタッフ"), ("倉庫マン", "倉庫スタッフ")])
        );
        assert_eq!(
            gendered_terms("受付ガール募集"),
            pairs(&[("受付ガール", "受付スタッフ")])
        );
        assert_eq!(
            gendered_terms("ｷｬﾘｱｳｰﾏﾝ歓迎"),
            pairs(&[("キャリアウーマン", "キャリアスタッフ")])
        );
        // A listed title keeps its own suggestion and is reported once.
        assert_eq!(
            gendered_terms("ベテラン営業マン"),
            pairs(&[("営業マン", "営業職")])
        );
    }

    #[test]
    fn suffix_words_that_name_no_sex_are_allowed() {
        for text in [
            "ロマンあふれる仕事",
            "ヒューマンリソース部",
            "マンツーマン指導",
            "マンガ喫茶の受付",
            "パフォーマンス重視",
            "マンション清掃",
            "清掃マン（男女）",
            "コマンド入力",
            "ガールズバー",
        ] {
            assert!(gendered_terms(text).is_empty(), "{text}");
        }
    }

    #[test]
    fn neutral_text_has_no_terms() {
        assert!(gendered_terms("").is_empty());
        assert!(gendered_terms("営業職（法人向けルート営業）。未経験歓迎。").is_empty());
        assert!(gendered_terms("ホールスタッフ・看護師・保育士・警備員・客室乗務員").is_empty());
    }

    #[test]
    fn job_titles_are_found_with_suggestions() {
        let cases = [
            ("営業マン募集", "営業マン", "営業職"),
            ("ウェイトレス", "ウェイトレス", "ホールスタッフ"),
            ("ウェイター", "ウェイター", "ホールスタッフ"),
            ("ウエイトレス", "ウエイトレス", "ホールスタッフ"),
            ("病棟看護婦", "看護婦", "看護師"),
            ("保育園の保母", "保母", "保育士"),
            ("スチュワーデス", "スチュワーデス", "客室乗務員"),
            ("カメラマン", "カメラマン", "フォトグラファー／撮影スタッフ"),
            ("ガードマン", "ガードマン", "警備員"),
            ("ビジネスマン", "ビジネスマン", "ビジネスパーソン"),
            ("セールスマン", "セールスマン", "販売員"),
            ("家政婦", "家政婦", "家事代行スタッフ"),
        ];
        for (text, term, suggestion) in cases {
            assert_eq!(gendered_terms(text), pairs(&[(term, suggestion)]), "{text}");
        }
    }

    #[test]
    fn lady_and_boy_titles_are_found() {
        assert_eq!(
            gendered_terms("保険レディ"),
            pairs(&[("レディ", "スタッフ")])
        );
        assert_eq!(
            gendered_terms("ヤクルトレディー"),
            pairs(&[("レディ", "スタッフ")])
        );
        assert_eq!(
            gendered_terms("ホテルのベルボーイ"),
            pairs(&[("ボーイ", "スタッフ")])
        );
    }

    #[test]
    fn words_that_merely_contain_a_term_are_not_found() {
        assert!(gendered_terms("レディースアパレルの販売").is_empty());
        assert!(gendered_terms("レディス館の売場").is_empty());
        assert!(gendered_terms("ボーイング787の整備補助").is_empty());
        assert!(gendered_terms("分譲マンション管理").is_empty());
    }

    #[test]
    fn half_width_katakana_is_normalised() {
        assert_eq!(gendered_terms("営業ﾏﾝ"), pairs(&[("営業マン", "営業職")]));
        assert_eq!(
            gendered_terms("ｳｪｲﾄﾚｽ"),
            pairs(&[("ウェイトレス", "ホールスタッフ")])
        );
    }

    #[test]
    fn term_followed_by_both_sexes_is_allowed() {
        assert!(gendered_terms("営業マン（男女）").is_empty());
        assert!(gendered_terms("営業マン(男女)募集").is_empty());
        assert!(gendered_terms("カメラマン （男女不問）").is_empty());
        // Only directly after the term: elsewhere it does not help.
        assert_eq!(
            gendered_terms("営業マン募集（男女）"),
            pairs(&[("営業マン", "営業職")])
        );
    }

    #[test]
    fn one_allowed_occurrence_does_not_hide_another() {
        assert_eq!(
            gendered_terms("営業マン（男女）。ベテラン営業マンが指導"),
            pairs(&[("営業マン", "営業職")])
        );
    }

    #[test]
    fn sex_restricting_phrases_are_found() {
        for phrase in [
            "男性歓迎",
            "女性歓迎",
            "男性のみ",
            "女性のみ",
            "男性限定",
            "女性限定",
            "男性向き",
            "女性向き",
        ] {
            let text = format!("力仕事のため{phrase}です");
            assert_eq!(
                gendered_terms(&text),
                pairs(&[(phrase, SEX_RESTRICTION_SUGGESTION)]),
                "{phrase}"
            );
        }
    }

    #[test]
    fn non_restricting_phrases_are_allowed() {
        assert!(gendered_terms("女性活躍推進企業。男女とも歓迎").is_empty());
        assert!(gendered_terms("男性・女性歓迎").is_empty());
        assert!(gendered_terms("女性も男性も活躍中").is_empty());
    }

    #[test]
    fn several_terms_in_order_each_once() {
        assert_eq!(
            gendered_terms("女性歓迎！ウェイトレス・ウェイター募集。ウェイトレス経験者優遇"),
            pairs(&[
                ("女性歓迎", SEX_RESTRICTION_SUGGESTION),
                ("ウェイトレス", "ホールスタッフ"),
                ("ウェイター", "ホールスタッフ"),
            ])
        );
    }
}
