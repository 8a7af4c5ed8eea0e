//! `GET /api/audit`: the write audit log, newest first (token required).
//!
//! `limit` (1–1000, default 50) entries whose line starts before `before`
//! (an entry's `cursor`); `next_before` is the cursor to ask with for the
//! next page, `null` on the last one.

use axum::Json;
use axum::extract::{RawQuery, State};
use axum::http::HeaderMap;
use serde::Serialize;
use utoipa::ToSchema;

use crate::index::AuditEntry;

use crate::server::auth::authorize;
use crate::server::docs::AuditParams;
use crate::server::error::ErrorBody;
use crate::server::{ApiError, AppState};

/// Entries per page unless `limit` says.
pub const DEFAULT_LIMIT: usize = 50;
/// Most entries per page.
pub const MAX_LIMIT: usize = 1000;

/// A page of the audit log.
#[derive(Debug, Serialize, ToSchema)]
pub struct AuditPage {
    /// Newest first.
    pub entries: Vec<AuditEntry>,
    /// `before=` for the next page; null on the last.
    pub next_before: Option<u64>,
}

/// The write audit log, newest first.
#[utoipa::path(
    get,
    path = "/api/audit",
    operation_id = "audit",
    params(AuditParams),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "A page of entries", body = AuditPage),
        (status = 400, description = "invalid_limit or invalid_before", body = ErrorBody),
        (status = 401, description = "unauthorized or invalid_token", body = ErrorBody),
        (status = 403, description = "writes_disabled", body = ErrorBody),
    )
)]
pub async fn audit(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Result<Json<AuditPage>, ApiError> {
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
    Ok(Json(AuditPage {
        entries,
        next_before,
    }))
}
