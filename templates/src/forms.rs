//! Form components: every field shows its label, keeps what was typed, and lists its errors
//! next to it (in Japanese).
use maud::{Markup, html};
use std::collections::BTreeMap;

pub type Errors = BTreeMap<String, Vec<String>>;

pub fn csrf(token: &str) -> Markup {
    html! { input type="hidden" name="_csrf" value=(token); }
}

/// The errors of one field, if any.
pub fn field_errors(errors: &Errors, name: &str) -> Markup {
    html! {
        @if let Some(msgs) = errors.get(name) {
            @for m in msgs { p.field-error id=(format!("{name}-error")) { (m) } }
        }
    }
}

/// A summary at the top of a form when anything is wrong.
pub fn error_summary(errors: &Errors) -> Markup {
    html! {
        @if !errors.is_empty() {
            div.error-summary role="alert" {
                p { "入力内容を確認してください（" (errors.values().map(Vec::len).sum::<usize>()) "件）。次の項目を直してから、もう一度送信してください。" }
                ul {
                    @for (field, messages) in errors {
                        @for m in messages {
                            li { a href=(format!("#{field}")) { (m) } }
                        }
                    }
                }
            }
        }
    }
}

pub struct Field<'a> {
    pub name: &'a str,
    pub label: &'a str,
    pub value: &'a str,
    pub kind: &'a str,
    pub required: bool,
    pub hint: Option<&'a str>,
    pub autocomplete: Option<&'a str>,
    /// The empty choice of an optional select (default: 選択してください).
    pub placeholder: Option<&'a str>,
}

impl<'a> Field<'a> {
    pub fn new(name: &'a str, label: &'a str, value: &'a str) -> Self {
        Self {
            name,
            label,
            value,
            kind: "text",
            required: false,
            hint: None,
            autocomplete: None,
            placeholder: None,
        }
    }
    pub fn kind(mut self, kind: &'a str) -> Self {
        self.kind = kind;
        self
    }
    pub fn required(mut self) -> Self {
        self.required = true;
        self
    }
    pub fn hint(mut self, hint: &'a str) -> Self {
        self.hint = Some(hint);
        self
    }
    pub fn placeholder(mut self, p: &'a str) -> Self {
        self.placeholder = Some(p);
        self
    }
    pub fn autocomplete(mut self, a: &'a str) -> Self {
        self.autocomplete = Some(a);
        self
    }
}

fn label(f: &Field, errors: &Errors) -> Markup {
    html! {
        label for=(f.name) {
            (f.label)
            @if f.required { span.req { "必須" } }
        }
        @if let Some(h) = f.hint { p.hint { (h) } }
        (field_errors(errors, f.name))
    }
}

pub fn input(f: Field, errors: &Errors) -> Markup {
    let invalid = errors.contains_key(f.name);
    html! {
        div.field.invalid[invalid] {
            (label(&f, errors))
            input id=(f.name) name=(f.name) type=(f.kind) value=(f.value)
                required[f.required] autocomplete=[f.autocomplete]
                aria-invalid=[invalid.then_some("true")]
                aria-describedby=[invalid.then(|| format!("{}-error", f.name))];
        }
    }
}

pub fn textarea(f: Field, errors: &Errors, rows: u32) -> Markup {
    let invalid = errors.contains_key(f.name);
    html! {
        div.field.invalid[invalid] {
            (label(&f, errors))
            textarea id=(f.name) name=(f.name) rows=(rows) required[f.required]
                aria-invalid=[invalid.then_some("true")] { (f.value) }
        }
    }
}

/// A select; `options` are (value, label).
pub fn select(f: Field, options: &[(String, String)], errors: &Errors) -> Markup {
    let invalid = errors.contains_key(f.name);
    html! {
        div.field.invalid[invalid] {
            (label(&f, errors))
            select id=(f.name) name=(f.name) required[f.required] aria-invalid=[invalid.then_some("true")] {
                // A required choice with no value yet starts blank: never a silent default.
                @if !f.required || f.value.is_empty() { option value="" { "（" (f.placeholder.unwrap_or("選択してください")) "）" } }
                @for (v, l) in options {
                    option value=(v) selected[v == f.value] { (l) }
                }
            }
        }
    }
}

pub fn checkbox(name: &str, label: &str, checked: bool) -> Markup {
    html! {
        div.field.check {
            label { input type="checkbox" name=(name) value="1" checked[checked]; " " (label) }
        }
    }
}
