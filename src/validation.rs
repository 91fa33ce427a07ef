//! Field errors collected for a form: what the services return and what the views show.
use std::collections::BTreeMap;

/// Messages by field (`.0`), and a machine-readable code for each message (`.1`, same order;
/// `invalid` unless a rule gave its own) for the JSON API.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FieldErrors(
    pub BTreeMap<String, Vec<String>>,
    pub BTreeMap<String, Vec<String>>,
);

impl FieldErrors {
    pub fn new() -> Self {
        Self::default()
    }
    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        self.add_coded(field, "invalid", message);
    }
    pub fn add_coded(&mut self, field: &str, code: &str, message: impl Into<String>) {
        self.0
            .entry(field.to_owned())
            .or_default()
            .push(message.into());
        self.1
            .entry(field.to_owned())
            .or_default()
            .push(code.to_owned());
    }
    /// (field, code, message) for every problem.
    pub fn entries(&self) -> Vec<(String, String, String)> {
        let mut out = Vec::new();
        for (field, msgs) in &self.0 {
            let codes = self.1.get(field);
            for (i, m) in msgs.iter().enumerate() {
                let code = codes
                    .and_then(|c| c.get(i))
                    .cloned()
                    .unwrap_or_else(|| "invalid".into());
                out.push((field.clone(), code, m.clone()));
            }
        }
        out
    }
    /// Add every problem of another set (codes kept).
    pub fn merge(&mut self, other: FieldErrors) {
        for (field, code, message) in other.entries() {
            self.add_coded(&field, &code, message);
        }
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub fn has(&self, field: &str) -> bool {
        self.0.contains_key(field)
    }
    pub fn map(&self) -> &BTreeMap<String, Vec<String>> {
        &self.0
    }
    /// `Ok(())` when empty, else the errors (`?` turns them into the caller's error type).
    pub fn into_result(self) -> Result<(), FieldErrors> {
        if self.is_empty() { Ok(()) } else { Err(self) }
    }
}

impl From<validator::ValidationErrors> for FieldErrors {
    fn from(errs: validator::ValidationErrors) -> Self {
        let mut out = FieldErrors::new();
        for (field, list) in errs.field_errors() {
            for e in list {
                let msg = e
                    .message
                    .as_ref()
                    .map(|m| m.to_string())
                    .unwrap_or_else(|| "入力内容を確認してください".to_owned());
                out.add(field.as_ref(), msg);
            }
        }
        out
    }
}

/// Run the `validator` rules of an input and add any extra checks on top.
pub fn check<T: validator::Validate>(input: &T) -> FieldErrors {
    match input.validate() {
        Ok(()) => FieldErrors::new(),
        Err(e) => e.into(),
    }
}

/// An optional date field: empty is `None`; something unreadable gets `message` on the field.
pub fn optional_date(
    errors: &mut FieldErrors,
    field: &str,
    value: &str,
    message: &str,
) -> Option<chrono::NaiveDate> {
    if value.trim().is_empty() {
        return None;
    }
    crate::domain::wareki::parse_date(value).or_else(|| {
        errors.add(field, message);
        None
    })
}
