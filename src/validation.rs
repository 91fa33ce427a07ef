//! Field errors collected for a form: what the services return and what the views show.
use std::collections::BTreeMap;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FieldErrors(pub BTreeMap<String, Vec<String>>);

impl FieldErrors {
    pub fn new() -> Self {
        Self::default()
    }
    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        self.0
            .entry(field.to_owned())
            .or_default()
            .push(message.into());
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
    /// `Ok(())` when empty, else the errors as an [`AppError::Invalid`](crate::error::AppError).
    pub fn into_result(self) -> Result<(), crate::error::AppError> {
        if self.is_empty() {
            Ok(())
        } else {
            Err(crate::error::AppError::Invalid(self))
        }
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
