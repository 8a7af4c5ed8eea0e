//! The benchmark's error type: the engine's errors, plus what only a
//! benchmark meets (a peer that fails, a tool that is not installed).

use std::path::PathBuf;

/// Everything the benchmark can fail with.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// An error from the engine under test.
    #[error(transparent)]
    Engine(#[from] dangjian::Error),

    /// Reading or writing a file, or starting a program, failed.
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    /// An error from tantivy itself (the naive peer).
    #[error("index error: {0}")]
    Tantivy(#[from] tantivy::TantivyError),

    /// A peer failed; the run reports it instead of counting nothing.
    #[error("peer {peer}: {message}")]
    Peer { peer: String, message: String },
}

/// The benchmark's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// Wraps an I/O error with the path it happened on.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    /// A peer's failure, with what it said.
    pub fn peer(peer: impl Into<String>, message: impl ToString) -> Self {
        Error::Peer {
            peer: peer.into(),
            message: message.to_string(),
        }
    }
}
