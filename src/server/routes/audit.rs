//! `GET /api/audit`: the write audit log, newest first (token required).
//!
//! `limit` (1–1000, default 50) entries whose line starts before `before`
//! (an entry's `cursor`); `next_before` is the cursor to ask with for the
//! next page, `null` on the last one.

use axum::Json;
use axum::extract::{RawQuery, State};
use axum::http::HeaderMap;
use serde_json::{Value, json};

use crate::server::auth::authorize;
use crate::server::{ApiError, AppState};

/// Entries per page unless `limit` says.
pub const DEFAULT_LIMIT: usize = 50;
/// Most entries per page.
pub const MAX_LIMIT: usize = 1000;

pub async fn audit(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Result<Json<Value>, ApiError> {
    authorize(&state, &headers)?;
    let (mut limit, mut before) = (DEFAULT_LIMIT, None);
    for (k, v) in form_urlencoded::parse(raw.unwrap_or_default().as_bytes()) {
        match k.as_ref() {
            "limit" => {
                limit = v
                    .parse()
                    .ok()
                    .filter(|n| (1..=MAX_LIMIT).contains(n))
                    .ok_or_else(|| {
                        ApiError::bad_request(
                            "invalid_limit",
                            format!("`limit` must be a number from 1 to {MAX_LIMIT}"),
                        )
                    })?;
            }
            "before" => {
                before = Some(v.parse::<u64>().map_err(|_| {
                    ApiError::bad_request(
                        "invalid_before",
                        "`before` must be the `cursor` of an audit entry (a number)",
                    )
                })?);
            }
            _ => {}
        }
    }
    let log = state.audit.clone();
    let entries = tokio::task::spawn_blocking(move || log.read(limit, before))
        .await
        .map_err(|e| ApiError::internal("audit task failed", e))??;
    let next_before = (entries.len() == limit)
        .then(|| entries.last().and_then(|e| e.cursor))
        .flatten();
    Ok(Json(
        json!({"entries": entries, "next_before": next_before}),
    ))
}
