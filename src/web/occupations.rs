//! 職業分類の名称: the codes without a name and the import of names. The occupation table is
//! shared by every office of the deployment, so only a システム管理者 may change it.
use super::session::{Admin, SystemAdmin};
use crate::error::AppResult;
use crate::services::ServiceError;
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

/// Office admins see the list read-only; a システム管理者 also gets the import form.
pub async fn show(State(state): State<AppState>, admin: Admin) -> AppResult<Response> {
    let rows = unnamed(&state).await?;
    let can_import = admin.0.is_system_admin();
    Ok(tpl::names(
        &admin.0.ctx("admin"),
        &rows,
        "",
        &Default::default(),
        can_import,
    )
    .into_response())
}

#[derive(Deserialize)]
pub struct NamesForm {
    #[serde(default)]
    names: String,
}

pub async fn import(
    State(state): State<AppState>,
    admin: SystemAdmin,
    Form(f): Form<NamesForm>,
) -> AppResult<Response> {
    match refdata::import_occupation_names(&state.db, &admin.0.actor(), &f.names).await {
        Ok(_) => Ok(Redirect::to("/admin/occupations").into_response()),
        Err(ServiceError::Invalid(e)) => {
            let rows = unnamed(&state).await?;
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                tpl::names(&admin.0.ctx("admin"), &rows, &f.names, e.map(), true),
            )
                .into_response())
        }
        Err(e) => Err(e.into()),
    }
}
