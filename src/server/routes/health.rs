//! `GET /api/health` and `GET /api/stats`.

use axum::Json;
use axum::extract::State;
use serde_json::{Value, json};

use crate::index::Stats;
use crate::server::{ApiError, AppState};

pub async fn health(State(state): State<AppState>) -> Json<Value> {
    Json(json!({"status": "ok", "articles": state.archive.num_articles()}))
}

pub async fn stats(State(state): State<AppState>) -> Result<Json<Stats>, ApiError> {
    let archive = state.archive.clone();
    let stats = tokio::task::spawn_blocking(move || archive.stats())
        .await
        .map_err(|e| ApiError::internal("stats task failed", e))??;
    Ok(Json(stats))
}
