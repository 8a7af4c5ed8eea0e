//! `/api/search`: `GET` with a query string, `POST` with the same
//! parameters as a JSON object (long pasted passages).

use std::time::Instant;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{RawQuery, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};

use crate::error::Error;
use crate::search::{self, SearchRequest, SearchResponse};
use crate::server::cache::Lookup;
use crate::server::docs::{Filters, SearchParams};
use crate::server::error::ErrorBody;
use crate::server::slots::run_in_slot_by;
use crate::server::{
    ApiError, AppState, QUEUE_WAIT, SEARCH_BUDGET, search_request, search_request_json,
};

/// Search articles.
#[utoipa::path(
    get,
    path = "/api/search",
    operation_id = "search",
    params(SearchParams, Filters),
    responses(
        (status = 200, description = "Results", body = SearchResponse),
        (status = 400, description = "Bad parameter (missing_q, invalid_limit, invalid_offset, invalid_sort, invalid_date, invalid_fragments, invalid_fragment_chars, invalid_facets, invalid_explain, query_too_long, too_many_terms, duplicate_parameter, invalid_utf8)", body = ErrorBody),
        (status = 503, description = "overloaded or search_timeout", body = ErrorBody),
    )
)]
pub async fn search(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    run(state, search_request(raw.as_deref())?).await
}

/// Search articles, parameters in a JSON body: the same search as `GET`,
/// so that a long query (a pasted passage) never travels in a URL. Numbers
/// and booleans may be JSON numbers and booleans or strings; null is the
/// same as leaving the parameter out.
#[utoipa::path(
    post,
    path = "/api/search",
    operation_id = "searchPost",
    request_body = SearchParams,
    responses(
        (status = 200, description = "Results", body = SearchResponse),
        (status = 400, description = "Bad parameter or body (invalid_json and the codes of GET)", body = ErrorBody),
        (status = 413, description = "payload_too_large", body = ErrorBody),
        (status = 503, description = "overloaded or search_timeout", body = ErrorBody),
    )
)]
pub async fn search_post(
    State(state): State<AppState>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let body = body.map_err(|r| ApiError::from_status(r.status()))?;
    run(state, search_request_json(&body)?).await
}

/// Answers from the cache of responses, or runs the search on the blocking
/// pool, behind the search slots, and keeps its answer. A request has one
/// deadline, a slot's wait and a search's budget from its arrival, whether
/// it waits for the same search under way, for a slot or for its own
/// search: a search that takes over from one that failed gets only what is
/// left.
async fn run(state: AppState, req: SearchRequest) -> Result<Response, ApiError> {
    let started = Instant::now();
    let deadline = tokio::time::Instant::from_std(started + QUEUE_WAIT + SEARCH_BUDGET);
    let generation = state
        .archive
        .reader()
        .searcher()
        .generation()
        .generation_id();
    let responses = state.responses.clone();
    let pending = match tokio::time::timeout_at(
        deadline,
        responses.lookup(generation, &req, started),
    )
    .await
    {
        Err(_) => return Err(Error::Timeout(SEARCH_BUDGET.as_millis() as u64).into()),
        Ok(Lookup::Answer(json)) => return Ok(json_response(json)),
        Ok(Lookup::Search(pending)) => pending,
    };
    let archive = state.archive.clone();
    let request = req.clone();
    let response =
        run_in_slot_by(&state, deadline, move || search::search(&archive, &request)).await?;
    let json = responses
        .keep(pending, &req, &response)
        .map_err(|e| ApiError::internal("serializing a search response", e))?;
    Ok(json_response(json))
}

fn json_response(json: Vec<u8>) -> Response {
    ([(header::CONTENT_TYPE, "application/json")], json).into_response()
}
