//! Staff roles and password rules.
use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Admin,
    Staff,
    /// システム管理者: an admin of its office who also keeps the deployment's reference data
    /// (minimum wages), which every office shares. Granted by the CLI only.
    System,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Admin, Role::Staff, Role::System];
    /// The roles an office admin may give on the admin pages.
    pub const OFFICE: [Role; 2] = [Role::Admin, Role::Staff];

    pub fn code(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Staff => "staff",
            Role::System => "system",
        }
    }
    pub fn parse(s: &str) -> Option<Role> {
        match s {
            "admin" => Some(Role::Admin),
            "staff" => Some(Role::Staff),
            "system" => Some(Role::System),
            _ => None,
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Role::Admin => "管理者",
            Role::Staff => "職員",
            Role::System => "システム管理者",
        }
    }
    /// May administer the office (users, office settings, audit log).
    pub fn is_admin(self) -> bool {
        matches!(self, Role::Admin | Role::System)
    }
    /// May change deployment-wide reference data.
    pub fn is_system(self) -> bool {
        self == Role::System
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

pub const MIN_PASSWORD_CHARS: usize = 10;

/// Why a password is refused, in Japanese, or `None` when it is acceptable.
pub fn password_problem(password: &str, email: &str) -> Option<String> {
    let n = password.chars().count();
    if n < MIN_PASSWORD_CHARS {
        return Some(format!(
            "パスワードは{MIN_PASSWORD_CHARS}文字以上にしてください"
        ));
    }
    if n > 200 {
        return Some("パスワードは200文字以内にしてください".into());
    }
    if !email.is_empty() && password.eq_ignore_ascii_case(email) {
        return Some("メールアドレスと同じパスワードは使えません".into());
    }
    if password
        .chars()
        .all(|c| c == password.chars().next().unwrap_or(c))
    {
        return Some("同じ文字の繰り返しは使えません".into());
    }
    common_password_problem(password).map(str::to_owned)
}

/// A few hundred of the most used passwords (lower case), one a line.
const COMMON_PASSWORDS: &str = include_str!("common_passwords.txt");

/// Keyboard rows and sequences people type as a password.
const SEQUENCES: &[&str] = &[
    "qwertyuiopasdfghjklzxcvbnm",
    "qwertzuiopasdfghjklyxcvbnm",
    "azertyuiopqsdfghjklmwxcvbn",
    "abcdefghijklmnopqrstuvwxyz",
    "1234567890",
    "0987654321",
    "01234567890",
    "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p",
    "1q2w3e4r5t6y7u8i9o0p",
    "zaq12wsxcde34rfv",
];

fn is_common_word(s: &str) -> bool {
    COMMON_PASSWORDS.lines().any(|l| l.trim() == s)
}

/// Why a guessable password is refused, or `None`: a common password (also with digits or
/// symbols added at the end or a capital first letter), only digits, a keyboard row or
/// sequence, or a short pattern repeated.
pub fn common_password_problem(password: &str) -> Option<&'static str> {
    let lower = password.to_lowercase();
    if lower.chars().all(|c| c.is_ascii_digit()) {
        return Some("数字だけのパスワードは使えません");
    }
    let n = lower.chars().count();
    let chars: Vec<char> = lower.chars().collect();
    for len in 1..=n / 2 {
        if n.is_multiple_of(len) && chars.chunks(len).all(|c| c == &chars[..len]) {
            return Some("同じ文字や短い文字列の繰り返しは使えません");
        }
    }
    // The word without what people add to pass a rule: digits and symbols at either end.
    let core = lower
        .trim_end_matches(|c: char| !c.is_alphabetic())
        .trim_start_matches(|c: char| !c.is_alphabetic());
    let in_sequence = |t: &str| {
        SEQUENCES
            .iter()
            .any(|s| s.contains(t) || s.chars().rev().collect::<String>().contains(t))
    };
    if in_sequence(&lower) || core.chars().count() >= 4 && in_sequence(core) {
        return Some("キーボードの並びや連続した文字は使えません");
    }
    if is_common_word(&lower)
        || is_common_word(core)
        || core.chars().count() >= 3 && SEQUENCES.iter().any(|s| s.starts_with(core))
    {
        return Some("よく使われるパスワードは使えません（推測されやすいため）");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_round_trip() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.code()), Some(r));
        }
        assert_eq!(Role::parse("root"), None);
        assert_eq!(Role::Admin.label(), "管理者");
    }

    #[test]
    fn password_rules() {
        assert!(password_problem("short", "").is_some());
        assert!(password_problem("aaaaaaaaaaaa", "").is_some());
        assert!(password_problem("a@example.jp", "A@example.jp").is_some());
        assert_eq!(password_problem("correct horse battery", "a@b.jp"), None);
        assert_eq!(password_problem("ながいパスワードです１２", ""), None);
    }

    #[test]
    fn guessable_passwords_are_refused() {
        for p in [
            "password12",
            "Password123",
            "PASSWORD2024!",
            "1234567890",
            "0987654321",
            "qwertyuiop",
            "asdfghjkl;",
            "1qaz2wsx3edc",
            "iloveyou123",
            "P@ssw0rd2024",
            "abcabcabcabc",
            "abcdefghijk",
            "12121212121212",
            "letmein!!!!",
            "tsunagu2026",
        ] {
            assert!(password_problem(p, "").is_some(), "{p}");
        }
        for p in [
            "correct horse battery",
            "a new long passphrase 7",
            "ながいパスワードです１２",
            "Kumo-no-ue-2026",
        ] {
            assert_eq!(password_problem(p, ""), None, "{p}");
        }
    }
}
