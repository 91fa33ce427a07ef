//! 職業分類の名称 (admin): the codes without a name and the import of names.
use super::session::Admin;
use crate::error::{AppError, AppResult};
use crate::services::refdata;
use crate::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use serde::Deserialize;
use templates::occupations as tpl;

async fn unnamed(state: &AppState) -> AppResult<Vec<(String, String)>> {
    Ok(refdata::unnamed_occupations(&state.db)
        .await?
        .into_iter()
        .map(|o| (o.code, o.parent_code.unwrap_or_default()))
        .collect())
}

pub async fn show(State(state): State<AppState>, admin: Admin) -> AppResult<Response> {
    let rows = unnamed(&state).await?;
    Ok(tpl::names(&admin.0.ctx("admin"), &rows, "", &Default::default()).into_response())
}

#[derive(Deserialize)]
pub struct NamesForm {
    #[serde(default)]
    names: String,
}

pub async fn import(
    State(state): State<AppState>,
    admin: Admin,
    Form(f): Form<NamesForm>,
) -> AppResult<Response> {
    match refdata::import_occupation_names(&state.db, &admin.0.actor(), &f.names).await {
        Ok(_) => Ok(Redirect::to("/admin/occupations").into_response()),
        Err(AppError::Invalid(e)) => {
            let rows = unnamed(&state).await?;
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                tpl::names(&admin.0.ctx("admin"), &rows, &f.names, e.map()),
            )
                .into_response())
        }
        Err(e) => Err(e),
    }
}
