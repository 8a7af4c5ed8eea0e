//! `GET /api/suggest`: completions of what the user is typing.

use axum::Json;
use axum::extract::{RawQuery, State};

use crate::search::suggest::{self, DEFAULT_SUGGESTIONS, SuggestResponse};
use crate::server::params::{number, query_pairs};
use crate::server::slots::run_in_slot;
use crate::server::{ApiError, AppState};

pub async fn get(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Json<SuggestResponse>, ApiError> {
    let pairs = query_pairs(raw.as_deref(), &["q", "limit"])?;
    let q = pairs
        .iter()
        .find(|(k, _)| k == "q")
        .map(|(_, v)| v.clone())
        .unwrap_or_default();
    let limit = number(&pairs, "limit", "invalid_limit", DEFAULT_SUGGESTIONS)?;
    suggest::validate(&q, limit)?;
    let archive = state.archive.clone();
    let cache = state.suggestions.clone();
    let suggestions =
        run_in_slot(&state, move || Ok(cache.get(&archive)?.suggest(&q, limit))).await?;
    let query = pairs
        .into_iter()
        .find(|(k, _)| k == "q")
        .map(|(_, v)| v)
        .unwrap_or_default();
    Ok(Json(SuggestResponse { query, suggestions }))
}
