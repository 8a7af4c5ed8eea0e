//! `GET /api/search`.

use axum::Json;
use axum::extract::{RawQuery, State};

use crate::error::Error;
use crate::search::{self, SearchResponse};
use crate::server::{ApiError, AppState, QUEUE_WAIT, SEARCH_BUDGET, search_request};

pub async fn search(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Json<SearchResponse>, ApiError> {
    let req = search_request(raw.as_deref())?;
    let permit = tokio::time::timeout(QUEUE_WAIT, state.search_slots.clone().acquire_owned())
        .await
        .map_err(|_| ApiError::overloaded())?
        .map_err(|_| ApiError::overloaded())?;
    let archive = state.archive.clone();
    let task = tokio::task::spawn_blocking(move || {
        let _permit = permit;
        search::search(&archive, &req)
    });
    match tokio::time::timeout(SEARCH_BUDGET, task).await {
        Err(_) => Err(Error::Timeout(SEARCH_BUDGET.as_millis() as u64).into()),
        Ok(Err(join)) => Err(ApiError::internal("search task failed", join)),
        Ok(Ok(result)) => Ok(Json(result?)),
    }
}
