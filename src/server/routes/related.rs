//! `GET /api/articles/{id}/related`: the coverage most like an article.

use axum::Json;
use axum::extract::{Path, RawQuery, State};

use crate::search::related::{DEFAULT_RELATED, RelatedResponse, related};
use crate::server::params::{number, query_pairs};
use crate::server::slots::run_in_slot;
use crate::server::{ApiError, AppState};

pub async fn get(
    State(state): State<AppState>,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Json<RelatedResponse>, ApiError> {
    let pairs = query_pairs(raw.as_deref(), &["limit"])?;
    let limit = number(&pairs, "limit", "invalid_limit", DEFAULT_RELATED)?;
    let archive = state.archive.clone();
    let res = run_in_slot(&state, move || related(&archive, &id, limit)).await?;
    Ok(Json(res))
}
