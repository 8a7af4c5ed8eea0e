//! `GET /api/openapi.json`: the OpenAPI description of these routes,
//! generated from the handlers' `#[utoipa::path]` annotations and the
//! types they take and answer (see `super::router_and_spec`), so that it
//! cannot drift from the router.

use std::sync::LazyLock;

use axum::http::header;
use axum::response::IntoResponse;

/// The document, rendered once.
static SPEC: LazyLock<String> = LazyLock::new(|| {
    super::router_and_spec()
        .1
        .to_pretty_json()
        .expect("the OpenAPI document serializes")
});

/// This OpenAPI document.
#[utoipa::path(
    get,
    path = "/api/openapi.json",
    operation_id = "openapi",
    responses((status = 200, description = "OpenAPI 3.1 document", content_type = "application/json", body = Object))
)]
pub async fn spec() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], SPEC.as_str())
}
