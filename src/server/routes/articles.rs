//! `/api/articles`: read one article; upsert and delete with the token.

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;

use crate::article::Article;
use crate::corpus::article_from_object;
use crate::index::{AuditEntry, Upsert};
use crate::server::auth::authorize;
use crate::server::docs::{ArticleBatch, IdPath};
use crate::server::error::ErrorBody;
use crate::server::{ApiError, AppState};

/// Memory for the indexing buffer of one API write.
const WRITE_MEMORY: usize = 32 * 1024 * 1024;

/// What an upsert did.
#[derive(Debug, Serialize, ToSchema)]
pub struct UpsertResponse {
    pub added: u64,
    pub updated: u64,
    /// Articles identical to the stored ones (not rewritten).
    pub unchanged: u64,
}

/// What a delete did.
#[derive(Debug, Serialize, ToSchema)]
pub struct DeleteResponse {
    /// The deleted article's id.
    pub deleted: String,
}

/// One whole article, body as paragraphs.
#[utoipa::path(
    get,
    path = "/api/articles/{id}",
    operation_id = "getArticle",
    params(IdPath),
    responses(
        (status = 200, description = "The article", body = Article),
        (status = 404, description = "not_found", body = ErrorBody),
    )
)]
pub async fn get_one(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Article>, ApiError> {
    let archive = state.archive.clone();
    let article = tokio::task::spawn_blocking(move || archive.get(&id))
        .await
        .map_err(|e| ApiError::internal("read task failed", e))??;
    Ok(Json(article))
}

/// Reads the body as articles: one object or an array of them.
fn parse_articles(body: &[u8]) -> Result<Vec<Article>, ApiError> {
    let value: Value = serde_json::from_slice(body).map_err(|e| {
        ApiError::bad_request("invalid_json", format!("the body is not valid JSON: {e}"))
    })?;
    let items = match value {
        Value::Array(items) => items,
        obj @ Value::Object(_) => vec![obj],
        _ => {
            return Err(ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_article",
                "the body must be an article object or an array of them",
            ));
        }
    };
    if items.is_empty() {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_article",
            "the array holds no articles",
        ));
    }
    items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let obj = item.as_object().ok_or_else(|| {
                ApiError::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "invalid_article",
                    format!("article {i}: must be an object"),
                )
            })?;
            let mut article = article_from_object(obj).map_err(|(field, message)| {
                ApiError::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "invalid_article",
                    format!("article {i}: field `{field}`: {message}"),
                )
            })?;
            article.source.get_or_insert_with(|| "api".to_string());
            Ok(article)
        })
        .collect()
}

/// Upsert one article or an array of them; committed and searchable at
/// once.
#[utoipa::path(
    post,
    path = "/api/articles",
    operation_id = "upsertArticles",
    request_body = ArticleBatch,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Committed; searchable at once", body = UpsertResponse),
        (status = 400, description = "invalid_json", body = ErrorBody),
        (status = 401, description = "unauthorized or invalid_token", body = ErrorBody),
        (status = 403, description = "writes_disabled", body = ErrorBody),
        (status = 413, description = "payload_too_large", body = ErrorBody),
        (status = 422, description = "invalid_article", body = ErrorBody),
        (status = 503, description = "index_busy", body = ErrorBody),
        (status = 500, description = "permission_denied: the index folder may not be written; nothing was committed", body = ErrorBody),
        (status = 507, description = "disk_full or file_too_large; nothing was committed", body = ErrorBody),
    )
)]
pub async fn upsert(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<UpsertResponse>, ApiError> {
    let who = authorize(&state, &headers)?;
    let body = body.map_err(|r| ApiError::from_status(r.status()))?;
    let articles = parse_articles(&body)?;
    let guard = state.write_lock.clone().lock_owned().await;
    let archive = state.archive.clone();
    let audit = state.audit.clone();
    let (added, updated, unchanged) = tokio::task::spawn_blocking(move || {
        let _guard = guard;
        let mut writer = archive.writer(1, WRITE_MEMORY)?;
        let (mut added, mut updated, mut unchanged) = (0u64, 0u64, 0u64);
        for a in &articles {
            match writer.upsert(a)? {
                Upsert::Added => added += 1,
                Upsert::Updated => updated += 1,
                Upsert::Unchanged => unchanged += 1,
            }
        }
        writer.commit()?;
        let ids: Vec<&str> = articles.iter().map(|a| a.id.as_str()).collect();
        let entry = AuditEntry::new("upsert", &who)
            .ids(&ids)
            .count("added", added)
            .count("updated", updated)
            .count("unchanged", unchanged);
        if let Err(e) = audit.append(&entry) {
            tracing::error!("the write was committed but not logged: {e}");
        }
        Ok::<_, crate::Error>((added, updated, unchanged))
    })
    .await
    .map_err(|e| ApiError::internal("write task failed", e))??;
    Ok(Json(UpsertResponse {
        added,
        updated,
        unchanged,
    }))
}

/// Delete an article.
#[utoipa::path(
    delete,
    path = "/api/articles/{id}",
    operation_id = "deleteArticle",
    params(IdPath),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Deleted", body = DeleteResponse),
        (status = 401, description = "unauthorized or invalid_token", body = ErrorBody),
        (status = 403, description = "writes_disabled", body = ErrorBody),
        (status = 404, description = "not_found", body = ErrorBody),
        (status = 503, description = "index_busy", body = ErrorBody),
        (status = 500, description = "permission_denied: the index folder may not be written; nothing was committed", body = ErrorBody),
        (status = 507, description = "disk_full or file_too_large; nothing was committed", body = ErrorBody),
    )
)]
pub async fn delete(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Json<DeleteResponse>, ApiError> {
    let who = authorize(&state, &headers)?;
    let guard = state.write_lock.clone().lock_owned().await;
    let archive = state.archive.clone();
    let audit = state.audit.clone();
    let deleted = tokio::task::spawn_blocking(move || {
        let _guard = guard;
        let Some(stored) = archive.stored_id(&id)? else {
            return Err(crate::Error::NotFound(id));
        };
        let mut writer = archive.writer(1, WRITE_MEMORY)?;
        writer.delete(&stored)?;
        writer.commit()?;
        let entry = AuditEntry::new("delete", &who)
            .ids(std::slice::from_ref(&stored))
            .count("deleted", 1);
        if let Err(e) = audit.append(&entry) {
            tracing::error!("the delete was committed but not logged: {e}");
        }
        Ok(stored)
    })
    .await
    .map_err(|e| ApiError::internal("delete task failed", e))??;
    Ok(Json(DeleteResponse { deleted }))
}
