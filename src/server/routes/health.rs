//! `GET /api/health` and `GET /api/stats`.

use axum::Json;
use axum::extract::State;
use serde::Serialize;
use utoipa::ToSchema;

use crate::index::Stats;
use crate::server::cache::CacheStats;
use crate::server::{ApiError, AppState};

/// Liveness.
#[derive(Debug, Serialize, ToSchema)]
pub struct Health {
    /// Always `ok`.
    #[schema(example = "ok")]
    pub status: &'static str,
    /// Articles in the index.
    pub articles: u64,
    /// The cache of search responses since the server started.
    pub search_cache: CacheStats,
}

/// Liveness and article count.
#[utoipa::path(
    get,
    path = "/api/health",
    operation_id = "health",
    responses((status = 200, description = "OK", body = Health))
)]
pub async fn health(State(state): State<AppState>) -> Json<Health> {
    Json(Health {
        status: "ok",
        articles: state.archive.num_articles(),
        search_cache: state.responses.stats(),
    })
}

/// Index figures.
#[utoipa::path(
    get,
    path = "/api/stats",
    operation_id = "stats",
    responses((status = 200, description = "Stats", body = Stats))
)]
pub async fn stats(State(state): State<AppState>) -> Result<Json<Stats>, ApiError> {
    let archive = state.archive.clone();
    let stats = tokio::task::spawn_blocking(move || archive.stats())
        .await
        .map_err(|e| ApiError::internal("stats task failed", e))??;
    Ok(Json(stats))
}
