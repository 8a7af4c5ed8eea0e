//! `/api/export`: every match of a search, streamed as CSV or JSON Lines.
//! `GET` takes the search's query string, `POST` the same parameters as a
//! JSON object (a pasted passage), like `/api/search`.
//!
//! The matches are counted (and an export over the limit refused) before
//! the answer starts; then a blocking task writes rows into a small
//! bounded channel that the response body drains, so a slow client slows
//! the export down rather than making it buffer. A client that goes away
//! closes the channel and stops the task.

use std::io::{BufWriter, Write};

use axum::body::{Body, Bytes};
use axum::extract::rejection::BytesRejection;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use tokio::sync::mpsc;

use crate::search::{Export, ExportFormat, SearchRequest};
use crate::server::docs::{ExportParams, Filters};
use crate::server::error::ErrorBody;
use crate::server::params::{export_request, export_request_json};
use crate::server::slots::run_in_slot;
use crate::server::{ApiError, AppState};

/// Bytes per chunk of the body.
const CHUNK_BYTES: usize = 64 * 1024;
/// Chunks in flight between the export task and the client.
const CHUNKS_IN_FLIGHT: usize = 4;

const OK: &str = "Every matching article, in index order, with columns id, date, title, column, authors, tags, url, score; CSV starts with a UTF-8 BOM and a header row. The X-Total-Count header says how many rows follow.";

/// Export every match of a search as CSV or JSON Lines.
#[utoipa::path(
    get,
    path = "/api/export",
    operation_id = "export",
    params(ExportParams, Filters),
    responses(
        (status = 200, description = OK, headers(("X-Total-Count" = u64, description = "Number of rows")),
            content((String = "text/csv"), (String = "application/x-ndjson"))),
        (status = 400, description = "Bad parameter, answered before any row (invalid_format, export_too_large, invalid_date, query_too_long, too_many_terms, duplicate_parameter, invalid_utf8)", body = ErrorBody),
        (status = 503, description = "overloaded or search_timeout", body = ErrorBody),
    )
)]
pub async fn get(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let (req, format) = export_request(raw.as_deref())?;
    stream(state, req, format).await
}

/// Export every match of a search, parameters in a JSON body (as
/// `POST /api/search`, plus `format`).
#[utoipa::path(
    post,
    path = "/api/export",
    operation_id = "exportPost",
    request_body = ExportParams,
    responses(
        (status = 200, description = OK, headers(("X-Total-Count" = u64, description = "Number of rows")),
            content((String = "text/csv"), (String = "application/x-ndjson"))),
        (status = 400, description = "Bad parameter or body, answered before any row (invalid_json and the codes of GET)", body = ErrorBody),
        (status = 413, description = "payload_too_large", body = ErrorBody),
        (status = 503, description = "overloaded or search_timeout", body = ErrorBody),
    )
)]
pub async fn post(
    State(state): State<AppState>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let body = body.map_err(|r| ApiError::from_status(r.status()))?;
    let (req, format) = export_request_json(&body)?;
    stream(state, req, format).await
}

/// Counts the matches (refusing too many before a byte is sent), then
/// streams the rows.
async fn stream(
    state: AppState,
    req: SearchRequest,
    format: ExportFormat,
) -> Result<Response, ApiError> {
    let archive = state.archive.clone();
    let export = run_in_slot(&state, move || Export::prepare(&archive, &req)).await?;
    let total = export.total();

    let (tx, rx) = mpsc::channel::<std::io::Result<Bytes>>(CHUNKS_IN_FLIGHT);
    tokio::task::spawn_blocking(move || {
        let mut out = BufWriter::with_capacity(CHUNK_BYTES, ChannelWriter { tx: tx.clone() });
        let written = export.write(format, &mut out).and_then(|n| {
            out.flush().map_err(|e| crate::Error::io("<export>", e))?;
            Ok(n)
        });
        match written {
            Ok(n) if n != total => tracing::warn!(n, total, "export wrote another count"),
            Ok(_) => {}
            Err(e) => {
                tracing::warn!("export stopped: {e}");
                let _ = tx.blocking_send(Err(std::io::Error::other(e.to_string())));
            }
        }
    });
    // Fused: the compression layer may poll the body again after its end,
    // which a bare `unfold` answers with a panic.
    let chunks = futures_util::stream::unfold(rx, |mut rx| async {
        rx.recv().await.map(|chunk| (chunk, rx))
    });
    let body = Body::from_stream(futures_util::StreamExt::fuse(chunks));
    let filename = format!(
        "attachment; filename=\"dangjian-export.{}\"",
        format.extension()
    );
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(format.content_type()),
    );
    if let Ok(v) = HeaderValue::from_str(&filename) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    headers.insert("x-total-count", HeaderValue::from(total));
    Ok(response)
}

/// A `Write` that hands each buffer to the response body.
struct ChannelWriter {
    tx: mpsc::Sender<std::io::Result<Bytes>>,
}

impl Write for ChannelWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.tx
            .blocking_send(Ok(Bytes::copy_from_slice(buf)))
            .map_err(|_| std::io::Error::new(std::io::ErrorKind::BrokenPipe, "client went away"))?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
