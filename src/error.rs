//! One error type for the library, with a `Result` alias.
//!
//! Every variant says what went wrong *and where*: which file, which line,
//! which field or parameter. The binary wraps these in `anyhow` for display;
//! the HTTP layer maps them to stable error codes.

use std::path::PathBuf;

/// Everything the library can fail with.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Reading or writing a file failed.
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    /// A line of a JSONL archive is not a valid article.
    #[error("{path}:{line}: field `{field}`: {message}")]
    BadRecord {
        path: PathBuf,
        line: usize,
        field: String,
        message: String,
    },

    /// An article handed to the library (e.g. over HTTP) is not valid.
    #[error("invalid article: field `{field}`: {message}")]
    InvalidArticle { field: String, message: String },

    /// A date that is not `YYYY-MM-DD`.
    #[error("invalid date `{0}`: expected YYYY-MM-DD")]
    InvalidDate(String),

    /// Another process holds the index writer lock.
    #[error(
        "the index at {0} is locked by another writer (is an ingest or a server with writes running?)"
    )]
    IndexLocked(PathBuf),

    /// The index was made by a version with another schema.
    #[error(
        "the index at {0} was built by an older version of this program ({1}): delete it and ingest again"
    )]
    OldIndex(PathBuf, String),

    /// The index's terms were made with another analyzer (normalizer,
    /// jieba dictionary or user dictionary) than the one asked for.
    #[error(
        "the index at {dir} was made with another analyzer: {what}; rebuild it from what it stores with `{remedy}`"
    )]
    AnalyzerChanged {
        dir: PathBuf,
        what: String,
        remedy: String,
    },

    /// There is no index where one was expected.
    #[error("no index at {0}: run `ingest` first")]
    NoIndex(PathBuf),

    /// A snapshot's destination exists already.
    #[error("{0} exists already: a snapshot goes into a new folder")]
    SnapshotExists(PathBuf),

    /// No article has this id.
    #[error("no article with id `{0}`")]
    NotFound(String),

    /// A search parameter is out of range or malformed. `code` is stable
    /// and machine-readable (`invalid_limit`, `query_too_long`, …).
    #[error("{message}")]
    InvalidParameter { code: &'static str, message: String },

    /// A search took longer than its time budget.
    #[error("the search took longer than its time budget of {0} ms")]
    Timeout(u64),

    /// An error from tantivy itself.
    #[error("index error: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// Wraps an I/O error with the path it happened on.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}
