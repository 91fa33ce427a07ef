//! The job-order form and the printed sections of an order, shared by the staff pages, the
//! employers' portal and the public job pages.
use crate::domain::choices;
use crate::error::AppResult;
use crate::present::format::opts;
use crate::present::job_order_sheet::Names;
use crate::services::job_order_form::JobOrderForm;
use crate::services::refdata;
use crate::state::AppState;
use crate::validation::FieldErrors;
use std::collections::BTreeMap;
use templates::job_orders as tpl;

/// Everything the form needs besides its values.
pub async fn form_choices(
    state: &AppState,
) -> AppResult<BTreeMap<&'static str, Vec<(String, String)>>> {
    let mut c = BTreeMap::new();
    c.insert("occupation", refdata::occupation_options(&state.db).await?);
    c.insert("prefecture", refdata::prefecture_options(&state.db).await?);
    c.insert("employment_form", opts(choices::EMPLOYMENT_FORM));
    c.insert("contract", opts(choices::CONTRACT));
    c.insert("renewal", opts(choices::RENEWAL));
    c.insert("smoking", opts(choices::SMOKING));
    c.insert("wage_form", opts(choices::WAGE_FORM));
    c.insert("allowance_kind", opts(choices::ALLOWANCE_KIND));
    c.insert("pay_cycle", opts(choices::PAY_CYCLE));
    c.insert("age_exception", opts(choices::AGE_EXCEPTION));
    c.insert("gender_exception", opts(choices::GENDER_EXCEPTION));
    Ok(c)
}

/// The form's plain fields as a map, for the view.
pub fn form_values(form: &JobOrderForm) -> BTreeMap<String, String> {
    match serde_json::to_value(form) {
        Ok(serde_json::Value::Object(m)) => m
            .into_iter()
            .filter_map(|(k, v)| v.as_str().map(|s| (k, s.to_owned())))
            .collect(),
        _ => BTreeMap::new(),
    }
}

pub struct FormPage<'a> {
    /// The version of the order the form edits (`job_orders::lock_token`); a save over a newer
    /// version is refused instead of losing the other person's change.
    pub lock: Option<String>,
    pub title: &'a str,
    pub action: String,
    pub employer_name: &'a str,
    pub can_accept: bool,
    pub submit_label: &'a str,
    pub section: &'static str,
}

/// Render the form; warnings are the messages marked 【確認】.
pub async fn render_form(
    state: &AppState,
    ctx: &templates::layout::PageCtx,
    p: &FormPage<'_>,
    form: &JobOrderForm,
    errors: &FieldErrors,
) -> AppResult<maud::Markup> {
    let form = form.clone().padded();
    let values = form_values(&form);
    let shifts: Vec<(String, String, String, Vec<String>)> = form
        .shifts
        .iter()
        .map(|s| {
            (
                s.start.clone(),
                s.end.clone(),
                s.break_minutes.clone(),
                s.weekdays.clone(),
            )
        })
        .collect();
    let allowances: Vec<(String, String, String)> = form
        .allowances
        .iter()
        .map(|a| (a.name.clone(), a.kind.clone(), a.amount.clone()))
        .collect();
    let warnings: Vec<String> = errors
        .map()
        .values()
        .flatten()
        .filter(|m| m.starts_with("【確認】"))
        .cloned()
        .collect();
    let only_warnings = !warnings.is_empty()
        && errors
            .map()
            .values()
            .flatten()
            .all(|m| m.starts_with("【確認】"));
    let choices = form_choices(state).await?;
    let v = tpl::FormView {
        action: p.action.clone(),
        employer_name: p.employer_name,
        values: &values,
        shifts: &shifts,
        allowances: &allowances,
        choices: &choices,
        warnings: if only_warnings { &warnings } else { &[] },
        can_accept: p.can_accept,
        submit_label: p.submit_label,
        lock: p.lock.as_deref(),
    };
    Ok(tpl::form(ctx, p.title, &v, errors.map()))
}

pub async fn names(
    state: &AppState,
    t: &crate::domain::job_order::JobOrderTerms,
) -> AppResult<Names> {
    Ok(Names {
        prefecture: refdata::prefecture_name(&state.db, &t.workplace_prefecture_code).await?,
        occupation: refdata::occupation_name(&state.db, &t.occupation_code).await?,
    })
}
