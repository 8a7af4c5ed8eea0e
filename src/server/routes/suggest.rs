//! `GET /api/suggest`: completions of what the user is typing.

use axum::Json;
use axum::extract::{RawQuery, State};

use crate::search::suggest::{self, DEFAULT_SUGGESTIONS, SuggestResponse};
use crate::server::docs::SuggestParams;
use crate::server::error::ErrorBody;
use crate::server::params::{number, query_pairs};
use crate::server::slots::run_in_slot;
use crate::server::{ApiError, AppState};

/// Completions of a prefix: headline words and phrases, columns, tags,
/// people, places and organisations, most frequent first.
#[utoipa::path(
    get,
    path = "/api/suggest",
    operation_id = "suggest",
    params(SuggestParams),
    responses(
        (status = 200, description = "Most frequent first, one per text", body = SuggestResponse),
        (status = 400, description = "Bad parameter (invalid_limit, query_too_long, duplicate_parameter, invalid_utf8)", body = ErrorBody),
        (status = 503, description = "overloaded or search_timeout", body = ErrorBody),
    )
)]
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
