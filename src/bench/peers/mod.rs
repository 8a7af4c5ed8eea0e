//! The peers a newsroom would otherwise pick, run on the same corpus and
//! queries: tantivy with tantivy-jieba as a developer would start,
//! SQLite FTS5 over jieba-segmented text, and Lucene's SmartChineseAnalyzer
//! (a Java program in `peers/lucene`, skipped where Java is absent).

mod lucene;
mod naive;
mod sqlite;

use std::collections::HashSet;
use std::path::Path;
use std::time::Instant;

use serde::Serialize;

use super::queries::BenchQuery;
use super::stats::Latency;
use super::truth::Truth;
use super::{Exactness, IngestFigures};
use crate::article::Article;
use crate::error::Result;

pub use lucene::run as run_lucene;
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
    /// Top 10 with snippets, and the total.
    fn search(&self, q: &str) -> Result<PeerHit>;
    /// Every article `q` matches.
    fn ids(&self, q: &str) -> Result<HashSet<String>>;
}

/// One peer's figures at one corpus size.
#[derive(Debug, Clone, Serialize)]
pub struct PeerRun {
    pub name: String,
    pub ingest: IngestFigures,
    pub latency: Latency,
    pub exactness: Exactness,
    /// False when only totals are known (recall and precision not measured).
    pub sets_known: bool,
    /// Anything worth knowing about the run.
    pub note: Option<String>,
}

/// Times the query set (after a warm-up pass) and checks exactness.
pub fn measure(
    peer: &dyn Peer,
    ingest: IngestFigures,
    queries: &[BenchQuery],
    truth: &Truth,
    subset: &[Article],
) -> Result<PeerRun> {
    for q in queries {
        peer.search(&q.q)?;
    }
    let started = Instant::now();
    let mut ms = Vec::with_capacity(queries.len());
    let mut found = Vec::with_capacity(queries.len());
    for q in queries {
        let t = Instant::now();
        let hit = peer.search(&q.q)?;
        ms.push(t.elapsed().as_secs_f64() * 1e3);
        found.push(hit);
    }
    let latency = Latency::of(&ms, started.elapsed().as_secs_f64());
    let exactness = super::check_with(queries, &found_ids(&found), truth, subset, |q| peer.ids(q))?;
    Ok(PeerRun {
        name: peer.name().to_string(),
        ingest,
        latency,
        exactness,
        sets_known: true,
        note: None,
    })
}

fn found_ids(found: &[PeerHit]) -> Vec<(u64, Vec<String>)> {
    found.iter().map(|f| (f.total, f.top_ids.clone())).collect()
}

/// Ingest figures for a peer's index at `path` (a folder or a file).
pub fn ingest_figures(articles: &[Article], seconds: f64, path: &Path) -> IngestFigures {
    let text_bytes: u64 = articles.iter().map(super::text_len).sum();
    let index_bytes = if path.is_dir() {
        super::stats::dir_bytes(path)
    } else {
        std::fs::metadata(path).map_or(0, |m| m.len())
    };
    IngestFigures {
        articles: articles.len(),
        text_bytes,
        seconds,
        mb_per_s: text_bytes as f64 / 1e6 / seconds.max(1e-9),
        peak_rss_bytes: None,
        index_bytes,
        index_ratio: index_bytes as f64 / text_bytes.max(1) as f64,
    }
}
