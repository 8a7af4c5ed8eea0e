//! `POST /api/snapshot`: a snapshot of the live index (token required).
//!
//! The request names the snapshot, never a path: `{"name": "nightly-1"}`
//! (1–64 of `A-Z a-z 0-9 _ . -`, not starting with `.`), or no body for
//! `snapshot-<UTC time>`. It goes into the server's snapshot folder
//! (`--snapshot-dir`, default: `<index>-snapshots` next to the index), so
//! a request can never write anywhere else.

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;

use crate::index::{AuditEntry, snapshot};
use crate::server::auth::authorize;
use crate::server::docs::SnapshotInput;
use crate::server::error::ErrorBody;
use crate::server::{ApiError, AppState};

/// Whether `name` may name a snapshot folder.
pub fn valid_name(name: &str) -> bool {
    (1..=64).contains(&name.len())
        && !name.starts_with('.')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_.-".contains(c))
}

/// `snapshot-<UTC time>`.
fn default_name() -> String {
    chrono::Utc::now()
        .format("snapshot-%Y%m%dT%H%M%S%.3fZ")
        .to_string()
}

fn snapshot_name(body: &[u8]) -> Result<String, ApiError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(default_name());
    }
    let value: Value = serde_json::from_slice(body).map_err(|e| {
        ApiError::bad_request("invalid_json", format!("the body is not valid JSON: {e}"))
    })?;
    match value.get("name") {
        _ if value.is_null() => Ok(default_name()),
        None | Some(Value::Null) if value.is_object() => Ok(default_name()),
        Some(Value::String(name)) if valid_name(name) => Ok(name.to_string()),
        _ => Err(ApiError::bad_request(
            "invalid_snapshot_name",
            "`name` must be 1 to 64 of A-Z a-z 0-9 _ . - and not start with `.`",
        )),
    }
}

/// A snapshot taken.
#[derive(Debug, Serialize, ToSchema)]
pub struct SnapshotTaken {
    pub name: String,
    pub path: String,
    pub articles: u64,
    /// Files hard-linked.
    pub linked: usize,
    /// Files copied.
    pub copied: usize,
    pub bytes: u64,
}

/// Snapshot the live index into the snapshot folder.
#[utoipa::path(
    post,
    path = "/api/snapshot",
    operation_id = "snapshot",
    request_body(content = Option<SnapshotInput>, description = "Optional (empty, null, or without `name`: snapshot-<UTC time>)"),
    security(("bearer" = [])),
    responses(
        (status = 201, description = "Taken", body = SnapshotTaken),
        (status = 400, description = "invalid_json or invalid_snapshot_name", body = ErrorBody),
        (status = 401, description = "unauthorized or invalid_token", body = ErrorBody),
        (status = 403, description = "writes_disabled", body = ErrorBody),
        (status = 409, description = "snapshot_exists or snapshots_unavailable", body = ErrorBody),
        (status = 500, description = "permission_denied", body = ErrorBody),
        (status = 507, description = "disk_full or file_too_large", body = ErrorBody),
    )
)]
pub async fn create(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<(StatusCode, Json<SnapshotTaken>), ApiError> {
    let who = authorize(&state, &headers)?;
    let name = snapshot_name(&body)?;
    let (Some(index_dir), Some(snapshots)) = (state.archive.dir(), state.snapshot_dir.as_deref())
    else {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            "snapshots_unavailable",
            "this server has no snapshot folder (an index in memory?)",
        ));
    };
    let index_dir = index_dir.to_path_buf();
    let dest = snapshots.join(&name);
    // API writes wait while the snapshot runs; a CLI ingest may commit
    // meanwhile, and the snapshot holds the commit it started from.
    let guard = state.write_lock.clone().lock_owned().await;
    let audit = state.audit.clone();
    let report = tokio::task::spawn_blocking(move || {
        let _guard = guard;
        let report = snapshot(&index_dir, &dest)?;
        let entry = AuditEntry::new("snapshot", &who)
            .count("articles", report.articles)
            .detail(dest.display().to_string());
        if let Err(e) = audit.append(&entry) {
            tracing::error!("the snapshot was taken but not logged: {e}");
        }
        Ok::<_, crate::Error>(report)
    })
    .await
    .map_err(|e| ApiError::internal("snapshot task failed", e))??;
    Ok((
        StatusCode::CREATED,
        Json(SnapshotTaken {
            name,
            path: report.path.display().to_string(),
            articles: report.articles,
            linked: report.linked,
            copied: report.copied,
            bytes: report.bytes,
        }),
    ))
}
