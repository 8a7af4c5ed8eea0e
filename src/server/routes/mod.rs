//! The routes; one file per URL.

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
use axum::routing::get;

use super::{ApiError, AppState};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(page::index))
        .route("/api/search", get(search::search).post(search::search_post))
        .route("/api/articles", axum::routing::post(articles::upsert))
        .route(
            "/api/articles/{id}",
            get(articles::get_one).delete(articles::delete),
        )
        .route("/api/articles/{id}/related", get(related::get))
        .route("/api/export", get(export::get).post(export::post))
        .route("/api/suggest", get(suggest::get))
        .route("/api/audit", get(audit::audit))
        .route("/api/snapshot", axum::routing::post(snapshot::create))
        .route("/api/health", get(health::health))
        .route("/api/stats", get(health::stats))
        .route("/api/openapi.json", get(openapi::spec))
        .fallback(|| async {
            ApiError::new(
                axum::http::StatusCode::NOT_FOUND,
                "not_found",
                "no such route",
            )
        })
}
