//! `GET /`: the search page, embedded in the binary.

use axum::http::header;
use axum::response::IntoResponse;

const PAGE: &str = include_str!("../page.html");

/// The search page.
#[utoipa::path(
    get,
    path = "/",
    operation_id = "page",
    responses((status = 200, description = "The search page", body = String, content_type = "text/html"))
)]
pub async fn index() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (
                header::CONTENT_SECURITY_POLICY,
                "default-src 'self'; style-src 'self' 'unsafe-inline'; script-src 'self' 'unsafe-inline'; img-src 'self' data:",
            ),
        ],
        PAGE,
    )
}
