//! The benchmark of `dangjian-search`, a package of its own so that the
//! product ships none of it: ingest, in-process latency, exactness against
//! a brute-force scan of the raw archive, the HTTP load test, the peers,
//! topic relevance and how cost grows when the archive is copied K times.
//! Writes `bench.json` (the keys below are stable, for scripts that
//! compare runs), `bench.md` and `latency.svg`.
//!
//! - [`run`] drives one run; [`ingest`] ingests with the product binary.
//! - [`raw`] reads the archive without the engine's reader; [`truth`] is
//!   the ground truth, with its own [`fold`]ing; [`exactness`] checks
//!   each engine against it.
//! - [`queries`] is the committed query set, [`input`] the input-style
//!   strings made from the archive at run time.
//! - [`variant`] makes the corpus variants: [`facets`] times the one with
//!   columns and authors, [`scale`] the archive copied K times.
//! - [`peers`] are the engines a newsroom would otherwise pick.
//! - [`report`] and [`chart`] write what was measured; [`summary`] the
//!   median of several runs.

pub mod chart;
pub mod engine;
pub mod error;
pub mod exactness;
pub mod facets;
pub mod fold;
pub mod http;
pub mod ingest;
pub mod input;
pub mod peers;
pub mod queries;
pub mod raw;
pub mod relevance;
pub mod report;
pub mod run;
pub mod scale;
pub mod stats;
pub mod summary;
pub mod truth;
pub mod variant;

use std::path::PathBuf;

use serde::Serialize;

pub use error::{Error, Result};
pub use exactness::Exactness;
pub use run::run;
use stats::Latency;

/// What to run.
#[derive(Debug, Clone)]
pub struct Config {
    /// The archive (JSONL, plain, `.gz` or `.zst`).
    pub corpus: PathBuf,
    /// The committed query set (`benches/queries.tsv`).
    pub queries: PathBuf,
    pub out: PathBuf,
    pub dict: PathBuf,
    /// Also run the archive copied this many times (1: only the archive).
    pub scale: usize,
    /// Run the peers too.
    pub peers: bool,
    /// The Lucene peer's script.
    pub lucene_script: PathBuf,
    /// Length of the HTTP load test; 0 skips it.
    pub http_seconds: u64,
    /// Use only the first articles (by date) as the archive.
    pub limit: Option<usize>,
    /// Judged topics (`dev-topics.tsv`, `dev-qrels.json`); skipped when
    /// absent.
    pub relevance: PathBuf,
    /// Judgments added to them (same JSON shape), where present.
    pub added_judgments: PathBuf,
    /// The validation topics and their judgments (`query<TAB>need` lines,
    /// `{query: {id: grade}}`); skipped when absent.
    pub validation: (PathBuf, PathBuf),
    /// The articles the held-out topics' pool would hold for each dev and
    /// validation topic (`query<TAB>id,id,…`); skipped when absent.
    pub heldout_pool: PathBuf,
}

/// The archive measured.
#[derive(Debug, Clone, Serialize)]
pub struct CorpusFigures {
    pub path: String,
    pub articles: usize,
    /// Title and body bytes (UTF-8): the denominator of every MB/s and
    /// index/text figure, for every engine.
    pub text_bytes: u64,
}

/// Ingest figures of one engine at one size.
#[derive(Debug, Clone, Serialize)]
pub struct IngestFigures {
    pub articles: usize,
    /// Title and body bytes ingested.
    pub text_bytes: u64,
    pub seconds: f64,
    /// `text_bytes` per second, in MB (10^6).
    pub mb_per_s: f64,
    pub peak_rss_bytes: Option<u64>,
    pub index_bytes: u64,
    /// `index_bytes / text_bytes`.
    pub index_ratio: f64,
}

impl IngestFigures {
    /// The figures from what was measured.
    pub fn new(
        articles: usize,
        text_bytes: u64,
        seconds: f64,
        peak_rss_bytes: Option<u64>,
        index_bytes: u64,
    ) -> Self {
        IngestFigures {
            articles,
            text_bytes,
            seconds,
            mb_per_s: text_bytes as f64 / 1e6 / seconds.max(1e-9),
            peak_rss_bytes,
            index_bytes,
            index_ratio: index_bytes as f64 / text_bytes.max(1) as f64,
        }
    }
}

/// Query latency on the variant with columns and authors: what facets
/// cost when they have something to count.
#[derive(Debug, Clone, Serialize)]
pub struct FacetFigures {
    /// Distinct columns and authors in the variant.
    pub columns: usize,
    pub authors: usize,
    /// Articles given a column (from the 【…】 title prefix).
    pub articles_with_column: usize,
    pub latency: Latency,
    /// The same queries on the plain archive, for the difference.
    pub plain_latency: Latency,
}

/// One size of the scale runs: the archive copied `factor` times.
#[derive(Debug, Clone, Serialize)]
pub struct ScalePoint {
    pub factor: usize,
    pub articles: usize,
    pub text_bytes: u64,
    pub ingest_seconds: f64,
    pub mb_per_s: f64,
    pub peak_rss_bytes: Option<u64>,
    pub index_bytes: u64,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub naive_ingest_seconds: Option<f64>,
    pub naive_index_bytes: Option<u64>,
    pub naive_p50_ms: Option<f64>,
    pub naive_p99_ms: Option<f64>,
}

/// The whole report: `bench.json`.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub machine: String,
    pub corpus: CorpusFigures,
    /// Queries timed (the committed set).
    pub queries: usize,
    /// Input-style strings checked for exactness (not timed).
    pub input_queries: usize,
    pub ingest: IngestFigures,
    /// In process, 1 thread, top 10, 3 snippets, facets.
    pub latency: Latency,
    pub latency_2_threads: Latency,
    /// The same compiled queries through bare `TopDocs`.
    pub floor: Latency,
    /// The committed query set against the ground truth.
    pub exactness: Exactness,
    /// The input-style strings against the ground truth.
    pub exactness_input: Exactness,
    pub facets: Option<FacetFigures>,
    /// The server as it ships, with its cache of responses.
    pub http: Option<http::HttpFigures>,
    /// The same load with the cache off: every request searches.
    pub http_uncached: Option<http::HttpFigures>,
    pub scale: Vec<ScalePoint>,
    pub peers: Vec<peers::PeerRun>,
    pub relevance: Option<relevance::RelevanceFigures>,
    /// The same on the project's validation topics.
    pub validation: Option<relevance::ValidationFigures>,
    /// Both sets scored as the held-out topics are pooled.
    pub as_pooled: Option<relevance::PooledFigures>,
    /// What did not run, and why (a missing tool, a failed peer).
    pub skipped: Vec<String>,
}
