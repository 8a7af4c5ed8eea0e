//! `GET /api/openapi.json`: the OpenAPI 3 description of these routes.

use axum::http::header;
use axum::response::IntoResponse;

const SPEC: &str = include_str!("../openapi.json");

pub async fn spec() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], SPEC)
}
