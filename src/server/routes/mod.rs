//! The routes; one file per URL. The router and its OpenAPI description
//! are built together (`utoipa-axum`): a handler is routed by the path and
//! method its `#[utoipa::path]` states, so every route is described.

mod articles;
mod audit;
mod export;
mod health;
mod openapi;
mod page;
mod related;
mod search;
mod snapshot;
mod suggest;

use axum::Router;
use utoipa::OpenApi;
use utoipa::openapi::OpenApi as Spec;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::docs::ApiDoc;
use super::{ApiError, AppState};

pub fn router() -> Router<AppState> {
    router_and_spec().0
}

/// The OpenAPI document of [`router`].
pub fn spec() -> Spec {
    router_and_spec().1
}

/// The router and the description of every route in it.
fn router_and_spec() -> (Router<AppState>, Spec) {
    let (router, spec) = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(page::index))
        .routes(routes!(search::search, search::search_post))
        .routes(routes!(articles::upsert))
        .routes(routes!(articles::get_one, articles::delete))
        .routes(routes!(related::get))
        .routes(routes!(export::get, export::post))
        .routes(routes!(suggest::get))
        .routes(routes!(audit::audit))
        .routes(routes!(snapshot::create))
        .routes(routes!(health::health))
        .routes(routes!(health::stats))
        .routes(routes!(openapi::spec))
        .split_for_parts();
    let router = router.fallback(|| async {
        ApiError::new(
            axum::http::StatusCode::NOT_FOUND,
            "not_found",
            "no such route",
        )
    });
    (router, spec)
}
