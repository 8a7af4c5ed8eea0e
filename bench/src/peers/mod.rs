//! The peers a newsroom would otherwise pick, run on the same articles and
//! queries:
//!
//! - word segmenters: tantivy with tantivy-jieba as a developer would
//!   start ([`naive`]), SQLite FTS5 over jieba-segmented text ([`sqlite`]),
//!   Lucene's SmartChineseAnalyzer ([`lucene`]);
//! - engines built to find any substring (`substring: true`): SQLite FTS5
//!   with its `trigram` tokenizer and Lucene's CJKAnalyzer (overlapping
//!   character pairs).
//!
//! Each jieba peer gets the same user dictionary as ours. A peer that fails
//! is reported as failed, and a query it fails on is counted as an error,
//! never as an empty result.

pub mod jieba;
pub mod lucene;
pub mod measure;
pub mod naive;
pub mod sqlite;

use std::collections::HashSet;

use serde::Serialize;

use crate::error::Result;
use crate::stats::Latency;
use crate::{Exactness, IngestFigures};

pub use measure::measure;
pub use naive::Naive;
pub use sqlite::Sqlite;

/// What a peer query found.
#[derive(Debug, Clone, Default)]
pub struct PeerHit {
    pub total: u64,
    pub top_ids: Vec<String>,
}

/// A peer engine run in this process.
pub trait Peer {
    fn name(&self) -> &'static str;
    /// Built to find any substring, not only whole words.
    fn substring(&self) -> bool;
    /// Top 10 with snippets, and the total.
    fn search(&self, q: &str) -> Result<PeerHit>;
    /// Every article `q` matches.
    fn ids(&self, q: &str) -> Result<HashSet<String>>;
}

/// One peer's figures on the archive. The flat fields are the stable keys
/// of `bench.json`; the nested ones hold the detail.
#[derive(Debug, Clone, Serialize)]
pub struct PeerRun {
    pub name: String,
    /// Built to find any substring (n-grams), not only whole words.
    pub substring: bool,
    pub ingest_seconds: f64,
    pub index_bytes: u64,
    /// Title and body MB per second, like ours.
    pub mb_per_s: f64,
    /// Index bytes per title and body byte, like ours.
    pub index_ratio: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
    /// Share of the committed set's strings counted exactly (quoted form).
    pub strings_exact: f64,
    /// Share of the input-style strings counted exactly.
    pub input_strings_exact: f64,
    /// Share of the articles containing the strings that were found;
    /// `None` where the peer reports totals only.
    pub literal_recall: Option<f64>,
    pub ingest: IngestFigures,
    pub latency: Latency,
    pub exactness: Exactness,
    pub exactness_input: Exactness,
    /// Anything worth knowing about the run.
    pub note: Option<String>,
}

impl PeerRun {
    /// The run from its measurements; `sets_known` is false where only
    /// totals are known (no recall).
    pub fn new(
        name: &str,
        substring: bool,
        ingest: IngestFigures,
        latency: Latency,
        (exactness, exactness_input): (Exactness, Exactness),
        sets_known: bool,
    ) -> PeerRun {
        let share = |e: &Exactness| e.counted_exactly as f64 / e.literal_queries.max(1) as f64;
        PeerRun {
            name: name.to_string(),
            substring,
            ingest_seconds: ingest.seconds,
            index_bytes: ingest.index_bytes,
            mb_per_s: ingest.mb_per_s,
            index_ratio: ingest.index_ratio,
            p50_ms: latency.p50_ms,
            p99_ms: latency.p99_ms,
            strings_exact: share(&exactness),
            input_strings_exact: share(&exactness_input),
            literal_recall: sets_known.then(|| exactness.recall()),
            ingest,
            latency,
            exactness,
            exactness_input,
            note: None,
        }
    }
}
