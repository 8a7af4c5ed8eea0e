//! The HTTP service: the JSON API under `/api` and the search page at `/`.
//!
//! [`app`] builds the router from an [`AppState`] (tests drive it with
//! `tower::ServiceExt::oneshot`, no socket); [`serve`] binds it and shuts
//! down gracefully on Ctrl-C or SIGTERM.
//!
//! Searches run on the blocking pool, at most `max_searches` at once; a
//! search that cannot start within [`QUEUE_WAIT`] gets 503 `overloaded`,
//! one that runs past [`SEARCH_BUDGET`] gets 503 `search_timeout`.

pub mod auth;
pub mod cache;
pub mod docs;
mod error;
mod params;
mod routes;
mod slots;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderValue, Response, header};
use axum::response::IntoResponse;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto::Builder;
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::sync::{Mutex, Semaphore};
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::cors::CorsLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

pub use auth::WriteToken;
pub use error::{ApiError, ErrorBody};
pub use params::{search_request, search_request_json};
pub use routes::spec as openapi;

use crate::index::{Archive, AuditLog};
use crate::search::suggest::SuggestCache;
use cache::ResponseCache;

/// Largest request body (a batch of articles).
pub const MAX_BODY_BYTES: usize = 8 * 1024 * 1024;
/// Longest a request may take, end to end.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
/// How long a search waits for a free slot before 503 `overloaded`.
pub const QUEUE_WAIT: Duration = Duration::from_millis(500);
/// Time budget of one search.
pub const SEARCH_BUDGET: Duration = Duration::from_secs(5);
/// Longest a client may take to send a request head.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(10);

/// How the server runs.
#[derive(Debug, Clone)]
pub struct Config {
    pub addr: SocketAddr,
    /// Write tokens, `label:secret` or `secret`; writes are enabled only
    /// with one.
    pub write_tokens: Vec<String>,
    /// Where `POST /api/snapshot` puts snapshots (off when `None`).
    pub snapshot_dir: Option<PathBuf>,
    /// CORS is off unless an origin is given.
    pub cors_origin: Option<String>,
    pub max_searches: usize,
    /// The most bytes of search responses kept ([`cache`]); 0 turns the
    /// cache off.
    pub search_cache_bytes: u64,
}

/// What every handler shares.
#[derive(Clone)]
pub struct AppState {
    pub archive: Archive,
    /// Accepted write tokens; none disables writes.
    pub tokens: Arc<[WriteToken]>,
    /// The log of accepted writes, in the index folder.
    pub audit: AuditLog,
    /// The folder `POST /api/snapshot` writes into.
    pub snapshot_dir: Option<Arc<Path>>,
    pub search_slots: Arc<Semaphore>,
    /// API writes go one at a time.
    pub write_lock: Arc<Mutex<()>>,
    /// The suggestion table of the newest searcher generation.
    pub suggestions: Arc<SuggestCache>,
    /// Search responses kept for the same request on the same index.
    pub responses: Arc<ResponseCache>,
}

impl AppState {
    /// The state with at most one write token (`label:secret` or
    /// `secret`); see [`with_tokens`](AppState::with_tokens) for more.
    pub fn new(archive: Archive, write_token: Option<String>, max_searches: usize) -> Self {
        AppState {
            audit: AuditLog::new(archive.dir()),
            archive,
            tokens: write_token
                .iter()
                .filter_map(|t| WriteToken::parse(t))
                .collect(),
            snapshot_dir: None,
            search_slots: Arc::new(Semaphore::new(max_searches.max(1))),
            write_lock: Arc::new(Mutex::new(())),
            suggestions: Arc::default(),
            responses: Arc::new(ResponseCache::new(cache::DEFAULT_MB << 20)),
        }
    }
}

impl AppState {
    /// Replaces the write tokens (`label:secret` or `secret` each).
    pub fn with_tokens(mut self, tokens: &[String]) -> Self {
        self.tokens = tokens.iter().filter_map(|t| WriteToken::parse(t)).collect();
        self
    }

    /// Keeps up to `bytes` of search responses; 0 turns the cache off.
    pub fn with_search_cache(mut self, bytes: u64) -> Self {
        self.responses = Arc::new(ResponseCache::new(bytes));
        self
    }

    /// Enables `POST /api/snapshot` into `dir`.
    pub fn with_snapshot_dir(mut self, dir: Option<PathBuf>) -> Self {
        self.snapshot_dir = dir.map(Arc::from);
        self
    }
}

/// The router with every route and middleware.
pub fn app(state: AppState) -> Router {
    routes::router()
        .with_state(state)
        .layer(axum::middleware::map_response(json_errors))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(CompressionLayer::new())
        .layer(TimeoutLayer::with_status_code(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            REQUEST_TIMEOUT,
        ))
        .layer(CatchPanicLayer::custom(
            |_: Box<dyn std::any::Any + Send>| {
                ApiError::internal("handler panicked", "panic").into_response()
            },
        ))
        .layer(TraceLayer::new_for_http())
}

/// Turns the plain-text error answers of the router and middleware (405,
/// 413, 408, …) into the API's JSON error shape.
async fn json_errors(response: Response<Body>) -> Response<Body> {
    let status = response.status();
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    if (status.is_client_error() || status.is_server_error()) && !is_json {
        let allow = response.headers().get(header::ALLOW).cloned();
        let mut json = ApiError::from_status(status).into_response();
        if let Some(allow) = allow {
            json.headers_mut().insert(header::ALLOW, allow);
        }
        return json;
    }
    response
}

/// Binds `config.addr` and serves until Ctrl-C or SIGTERM.
pub async fn serve(archive: Archive, config: Config) -> std::io::Result<()> {
    if !config.write_tokens.is_empty() && !config.addr.ip().is_loopback() {
        tracing::warn!(
            addr = %config.addr,
            "writes are enabled on a non-loopback address: anyone who can reach it and has the token can change the archive"
        );
    }
    let state = AppState::new(archive, None, config.max_searches)
        .with_tokens(&config.write_tokens)
        .with_snapshot_dir(config.snapshot_dir)
        .with_search_cache(config.search_cache_bytes);
    let mut router = app(state);
    if let Some(origin) = &config.cors_origin {
        let origin = HeaderValue::from_str(origin)
            .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidInput, e))?;
        router = router.layer(CorsLayer::new().allow_origin(origin));
    }
    let listener = tokio::net::TcpListener::bind(config.addr).await?;
    tracing::info!("listening on http://{}", listener.local_addr()?);
    // hyper is driven directly, rather than through `axum::serve`, to give
    // it a timer: a client that never finishes its request head is cut off
    // after HEADER_TIMEOUT instead of holding a connection forever.
    let mut builder = Builder::new(TokioExecutor::new()).http1_only();
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(HEADER_TIMEOUT);
    let graceful = GracefulShutdown::new();
    let shutdown = shutdown_signal();
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let stream = match accepted {
                    Ok((stream, _)) => stream,
                    Err(e) => {
                        // Out of file descriptors and the like: wait, go on.
                        tracing::warn!("accept failed: {e}");
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        continue;
                    }
                };
                let _ = stream.set_nodelay(true);
                let service = TowerToHyperService::new(router.clone());
                let builder = builder.clone();
                let watcher = graceful.watcher();
                tokio::spawn(async move {
                    // hyper's header timer starts at the first byte; a
                    // client that sends nothing at all is dropped here.
                    if !matches!(tokio::time::timeout(HEADER_TIMEOUT, stream.readable()).await, Ok(Ok(()))) {
                        return;
                    }
                    let conn = builder.serve_connection(TokioIo::new(stream), service);
                    let _ = watcher.watch(conn.into_owned()).await;
                });
            }
            () = &mut shutdown => break,
        }
    }
    drop(listener);
    tokio::select! {
        () = graceful.shutdown() => {},
        () = tokio::time::sleep(Duration::from_secs(10)) => {
            tracing::warn!("connections still open after 10 s; closing");
        },
    }
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
