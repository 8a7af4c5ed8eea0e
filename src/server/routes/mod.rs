//! The routes; one file per URL.

mod articles;
mod export;
mod health;
mod openapi;
mod page;
mod related;
mod search;
mod suggest;

use axum::Router;
use axum::routing::get;

use super::{ApiError, AppState};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(page::index))
        .route("/api/search", get(search::search))
        .route("/api/articles", axum::routing::post(articles::upsert))
        .route(
            "/api/articles/{id}",
            get(articles::get_one).delete(articles::delete),
        )
        .route("/api/articles/{id}/related", get(related::get))
        .route("/api/export", get(export::get))
        .route("/api/suggest", get(suggest::get))
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
