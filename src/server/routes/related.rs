//! `GET /api/articles/{id}/related`: the coverage most like an article.

use axum::Json;
use axum::extract::{Path, RawQuery, State};

use crate::search::related::{DEFAULT_RELATED, RelatedResponse, related};
use crate::server::docs::{IdPath, RelatedParams};
use crate::server::error::ErrorBody;
use crate::server::params::{number, query_pairs};
use crate::server::slots::run_in_slot;
use crate::server::{ApiError, AppState};

/// The coverage most like an article: hits shaped like search hits,
/// without snippets, never the article itself.
#[utoipa::path(
    get,
    path = "/api/articles/{id}/related",
    operation_id = "relatedArticles",
    params(IdPath, RelatedParams),
    responses(
        (status = 200, description = "Most related first; a re-run of the same headline after the distinct stories", body = RelatedResponse),
        (status = 400, description = "Bad parameter (invalid_limit, duplicate_parameter, invalid_utf8)", body = ErrorBody),
        (status = 404, description = "not_found", body = ErrorBody),
        (status = 503, description = "overloaded or search_timeout", body = ErrorBody),
    )
)]
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
