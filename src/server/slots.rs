//! Running CPU-bound work (searches and what is built like them) on the
//! blocking pool, within the search slots and the search time budget, so
//! that related coverage, exports and suggestions queue with searches
//! instead of starving them.

use tokio::sync::OwnedSemaphorePermit;

use super::{ApiError, AppState, QUEUE_WAIT, SEARCH_BUDGET};
use crate::error::{Error, Result};

/// Waits up to [`QUEUE_WAIT`] for a search slot: 503 `overloaded` if none
/// frees up.
pub async fn search_slot(state: &AppState) -> Result<OwnedSemaphorePermit, ApiError> {
    tokio::time::timeout(QUEUE_WAIT, state.search_slots.clone().acquire_owned())
        .await
        .map_err(|_| ApiError::overloaded())?
        .map_err(|_| ApiError::overloaded())
}

/// Runs `work` on the blocking pool holding a search slot; 503
/// `search_timeout` past [`SEARCH_BUDGET`].
pub async fn run_in_slot<T: Send + 'static>(
    state: &AppState,
    work: impl FnOnce() -> Result<T> + Send + 'static,
) -> Result<T, ApiError> {
    let permit = search_slot(state).await?;
    let task = tokio::task::spawn_blocking(move || {
        let _permit = permit;
        work()
    });
    match tokio::time::timeout(SEARCH_BUDGET, task).await {
        Err(_) => Err(Error::Timeout(SEARCH_BUDGET.as_millis() as u64).into()),
        Ok(Err(join)) => Err(ApiError::internal("search task failed", join)),
        Ok(Ok(result)) => Ok(result?),
    }
}
