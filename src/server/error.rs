//! [`ApiError`]: every error the API returns, as
//! `{"error": {"code": "<stable_snake_case>", "message": "<sentence>"}}`.
//!
//! User errors pass through as they are; internal errors are logged and
//! hidden behind `internal`.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

use crate::error::Error;
use crate::storage::StorageCause;

/// An error answer of the API.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            status,
            code,
            message: message.into(),
        }
    }

    pub fn bad_request(code: &'static str, message: impl Into<String>) -> Self {
        ApiError::new(StatusCode::BAD_REQUEST, code, message)
    }

    pub fn overloaded() -> Self {
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "overloaded",
            "too many searches at once; try again shortly",
        )
    }

    pub fn internal(context: &str, err: impl std::fmt::Display) -> Self {
        tracing::error!("{context}: {err}");
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "internal error; it has been logged",
        )
    }

    /// The error for a status that the router or a middleware produced.
    pub fn from_status(status: StatusCode) -> Self {
        let (code, message) = match status {
            StatusCode::NOT_FOUND => ("not_found", "no such route"),
            StatusCode::METHOD_NOT_ALLOWED => {
                ("method_not_allowed", "method not allowed on this route")
            }
            StatusCode::PAYLOAD_TOO_LARGE => ("payload_too_large", "request body too large"),
            StatusCode::REQUEST_TIMEOUT => ("request_timeout", "the request took too long"),
            StatusCode::UNSUPPORTED_MEDIA_TYPE => {
                ("unsupported_media_type", "unsupported content type")
            }
            s if s.is_server_error() => ("internal", "internal error"),
            _ => ("bad_request", "bad request"),
        };
        ApiError::new(status, code, message)
    }
}

/// The body of every error answer; the OpenAPI description is generated
/// from it.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Error)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

/// What went wrong.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorDetail {
    /// Stable snake_case code, e.g. `missing_q`, `invalid_limit`,
    /// `not_found`, `overloaded`; the README lists them by status.
    #[schema(example = "missing_q")]
    pub code: String,
    /// A sentence for people.
    pub message: String,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody {
            error: ErrorDetail {
                code: self.code.to_string(),
                message: self.message,
            },
        };
        (self.status, Json(body)).into_response()
    }
}

impl From<Error> for ApiError {
    fn from(err: Error) -> Self {
        match err {
            Error::InvalidParameter { code, message } => ApiError::bad_request(code, message),
            Error::InvalidDate(_) => ApiError::bad_request("invalid_date", err.to_string()),
            Error::NotFound(_) => {
                ApiError::new(StatusCode::NOT_FOUND, "not_found", err.to_string())
            }
            Error::InvalidArticle { .. } => ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_article",
                err.to_string(),
            ),
            Error::IndexLocked(_) => ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "index_busy",
                "another writer (an ingest?) holds the index; try again when it is done",
            ),
            Error::Timeout(_) => ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "search_timeout",
                err.to_string(),
            ),
            Error::SnapshotExists(_) => {
                ApiError::new(StatusCode::CONFLICT, "snapshot_exists", err.to_string())
            }
            other => match StorageCause::of(&other) {
                Some(cause) => {
                    tracing::error!("write failed: {other}");
                    let status = match cause {
                        StorageCause::Permission => StatusCode::INTERNAL_SERVER_ERROR,
                        _ => StatusCode::INSUFFICIENT_STORAGE,
                    };
                    ApiError::new(
                        status,
                        cause.code(),
                        format!(
                            "the write failed ({}); nothing was committed, the archive is as it was",
                            cause.explain()
                        ),
                    )
                }
                None => ApiError::internal("request failed", other),
            },
        }
    }
}
