//! Running CPU-bound work (searches and what is built like them) on the
//! blocking pool, within the search slots and the search time budget, so
//! that related coverage, exports and suggestions queue with searches
//! instead of starving them.

use tokio::sync::OwnedSemaphorePermit;
use tokio::time::Instant;

use super::{ApiError, AppState, QUEUE_WAIT, SEARCH_BUDGET};
use crate::error::{Error, Result};

/// Waits up to `wait` for a search slot: 503 `overloaded` if none frees
/// up.
async fn search_slot(
    state: &AppState,
    wait: std::time::Duration,
) -> Result<OwnedSemaphorePermit, ApiError> {
    tokio::time::timeout(wait, state.search_slots.clone().acquire_owned())
        .await
        .map_err(|_| ApiError::overloaded())?
        .map_err(|_| ApiError::overloaded())
}

/// Runs `work` on the blocking pool holding a search slot: 503
/// `overloaded` when no slot frees up within [`QUEUE_WAIT`],
/// `search_timeout` past [`SEARCH_BUDGET`].
pub async fn run_in_slot<T: Send + 'static>(
    state: &AppState,
    work: impl FnOnce() -> Result<T> + Send + 'static,
) -> Result<T, ApiError> {
    run_in_slot_by(state, Instant::now() + QUEUE_WAIT + SEARCH_BUDGET, work).await
}

/// [`run_in_slot`] for a request that has waited already: the slot's wait
/// and the budget are cut to what is left before `deadline`.
pub async fn run_in_slot_by<T: Send + 'static>(
    state: &AppState,
    deadline: Instant,
    work: impl FnOnce() -> Result<T> + Send + 'static,
) -> Result<T, ApiError> {
    let left = || deadline.saturating_duration_since(Instant::now());
    let permit = search_slot(state, QUEUE_WAIT.min(left())).await?;
    let task = tokio::task::spawn_blocking(move || {
        let _permit = permit;
        work()
    });
    match tokio::time::timeout(SEARCH_BUDGET.min(left()), task).await {
        Err(_) => Err(Error::Timeout(SEARCH_BUDGET.as_millis() as u64).into()),
        Ok(Err(join)) => Err(ApiError::internal("search task failed", join)),
        Ok(Ok(result)) => Ok(result?),
    }
}
