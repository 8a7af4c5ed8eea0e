//! The index: where articles live between ingest and search.
//!
//! - [`schema`] is the only place field names live.
//! - [`Archive`] opens or creates an index, registers the analyzers and
//!   hands out searchers, writers and stored articles.
//! - [`ArchiveWriter`] upserts and deletes by id; nothing is visible until
//!   its single commit, so a crash leaves the last commit whole.
//! - [`ingest`](ingest::ingest) drives a writer over pages and archives.
//! - [`reindex`](reindex::reindex) rebuilds every article from the index
//!   itself with another analyzer or user dictionary, in one commit.
//! - [`columns`] keeps each segment's facet values as flat arrays.
//! - [`snapshot`](snapshot::snapshot) copies one commit of a live index.
//! - [`audit`] is the log of accepted writes, in the index folder.
//! - [`openings`] learns the boilerplate bodies open with, indexed as one
//!   term per article.
//! - [`stored`] is how bodies are stored: GB18030, then zstd against a
//!   dictionary of the index's own bodies.

mod archive;
pub mod audit;
pub mod columns;
mod document;
pub mod ingest;
mod merges;
pub mod openings;
pub mod reindex;
pub mod schema;
pub mod snapshot;
pub mod stored;
mod unmapped;
mod writer;

pub use archive::{Archive, PENDING_DICT, Stats};
pub use audit::{AuditEntry, AuditLog};
pub use ingest::{IngestOptions, IngestReport, ingest};
pub use reindex::{ReindexReport, reindex};
pub use schema::Fields;
pub use snapshot::{SnapshotReport, snapshot};
pub use writer::{API_ORIGIN, ArchiveWriter, Prepared, Upsert};
