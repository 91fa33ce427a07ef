//! The JSON API under `/api/v1` (bearer tokens), one module per resource. The OpenAPI document
//! at `/api/openapi.json` (with Swagger UI at `/api/docs/`, served by the app itself) is
//! generated from the same router that serves the API (`utoipa_axum::OpenApiRouter` with
//! `routes!`): a route cannot be served undocumented, nor documented and not served.
pub mod carving;
pub mod employers;
pub mod job_orders;
pub mod office;
pub mod placements;
pub mod referrals;
pub mod reports;
pub mod schema;
pub mod seekers;

use crate::state::AppState;
use axum::Router;
use serde::Serialize;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_swagger_ui::SwaggerUi;

/// What the document says besides its paths: the title, the bearer scheme, the error body.
#[derive(OpenApi)]
#[openapi(
    info(title = "つなぐ API", description = "無料職業紹介所 業務システム tsunagu の JSON API。`Authorization: Bearer <token>`（トークンは「アカウント設定」または `tsunagu token create` で発行）。"),
    components(schemas(ErrorOut)),
    modifiers(&BearerAuth),
    security(("bearer" = []))
)]
pub struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// Every API route with its description, one resource module at a time.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .merge(office::routes())
        .merge(employers::routes())
        .merge(job_orders::routes())
        .merge(seekers::routes())
        .merge(referrals::routes())
        .merge(placements::routes())
        .merge(reports::routes())
        .merge(carving::routes())
}

/// The API's routes and, from the same list, its document and viewer.
pub fn router() -> Router<AppState> {
    let (api, doc) = routes().split_for_parts();
    api.merge(SwaggerUi::new("/api/docs").url("/api/openapi.json", doc))
}

#[derive(Serialize, ToSchema)]
pub struct ErrorOut {
    error: String,
    detail: String,
}

#[cfg(test)]
mod tests {
    /// Every API route, by method and path. The router and the document come from the same
    /// `routes!` lists, so what is served is what is documented; this list says what that is,
    /// so a route that disappears from both (or appears in both unnoticed) fails here.
    const KNOWN: &[(&str, &str)] = &[
        ("get", "/api/v1/me"),
        ("get", "/api/v1/office"),
        ("get", "/api/v1/minimum-wages"),
        ("get", "/api/v1/employers"),
        ("post", "/api/v1/employers"),
        ("get", "/api/v1/employers/{id}"),
        ("get", "/api/v1/job-orders"),
        ("post", "/api/v1/job-orders"),
        ("get", "/api/v1/job-orders/{id}"),
        ("post", "/api/v1/job-orders/{id}/accept"),
        ("post", "/api/v1/job-orders/{id}/reject"),
        ("get", "/api/v1/job-orders/{id}/breakdown"),
        ("put", "/api/v1/job-orders/{id}/breakdown"),
        ("post", "/api/v1/job-orders/{id}/carving-plans"),
        ("post", "/api/v1/carving-plans/{id}/job-orders"),
        ("get", "/api/v1/job-seekers"),
        ("post", "/api/v1/job-seekers"),
        ("get", "/api/v1/referrals"),
        ("post", "/api/v1/referrals"),
        ("get", "/api/v1/referrals/{id}/letter.pdf"),
        ("post", "/api/v1/referrals/{id}/result"),
        ("get", "/api/v1/placements"),
        ("get", "/api/v1/follow-ups"),
        ("post", "/api/v1/follow-ups/{id}"),
        ("get", "/api/v1/ledgers/job-orders.csv"),
        ("get", "/api/v1/ledgers/job-seekers.csv"),
        ("get", "/api/v1/ledgers/referrals.csv"),
        ("get", "/api/v1/reports/annual"),
        ("get", "/api/v1/reports/monthly"),
    ];

    #[test]
    fn the_document_lists_every_route() {
        let doc = serde_json::to_value(super::routes().into_openapi()).unwrap();
        let mut documented: Vec<(String, String)> = doc["paths"]
            .as_object()
            .unwrap()
            .iter()
            .flat_map(|(path, item)| {
                item.as_object()
                    .unwrap()
                    .keys()
                    .filter(|k| ["get", "post", "put", "patch", "delete"].contains(&k.as_str()))
                    .map(move |m| (m.clone(), path.clone()))
            })
            .collect();
        documented.sort();
        let mut known: Vec<(String, String)> = KNOWN
            .iter()
            .map(|(m, p)| (m.to_string(), p.to_string()))
            .collect();
        known.sort();
        assert_eq!(documented, known);
        // Each operation is listed under its resource in Swagger UI.
        for (method, path) in KNOWN {
            let tags = &doc["paths"][path][method]["tags"];
            assert_eq!(tags.as_array().map(Vec::len), Some(1), "{method} {path}");
        }
        // What the document says besides its paths.
        assert!(doc["components"]["securitySchemes"]["bearer"].is_object());
        assert_eq!(doc["info"]["title"], "つなぐ API");
        for schema in [
            "ErrorOut",
            "JobOrderOut",
            "JobOrderTerms",
            "Shift",
            "EmployerOut",
        ] {
            assert!(doc["components"]["schemas"][schema].is_object(), "{schema}");
        }
    }
}
