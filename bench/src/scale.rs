//! How cost grows: the archive copied K times ([`variant::copy`]),
//! ingested by us and by the naive peer, and the query set timed on both.

use std::path::Path;

use dangjian::Article;
use dangjian::index::Archive;

use crate::error::{Error, Result};
use crate::peers::{self, Naive};
use crate::queries::BenchQuery;
use crate::stats::{Latency, disk_bytes};
use crate::{Config, IngestFigures, ScalePoint, engine, ingest, raw, variant};

/// The naive peer's figures at one size.
pub struct NaiveFigures {
    pub ingest_seconds: f64,
    pub index_bytes: u64,
    pub latency: Latency,
}

/// The naive peer on `articles` copied `factor` times, in `dir`.
pub fn naive(
    cfg: &Config,
    articles: &[Article],
    factor: usize,
    queries: &[BenchQuery],
    dir: &Path,
) -> Result<NaiveFigures> {
    let copies = (0..factor).flat_map(|c| articles.iter().map(move |a| variant::copy(a, c)));
    let (peer, seconds) = Naive::build(copies, &cfg.dict, dir)?;
    let (latency, _, _) = peers::naive::quietly(|| peers::measure::time(&peer, queries));
    Ok(NaiveFigures {
        ingest_seconds: seconds,
        index_bytes: disk_bytes(dir),
        latency,
    })
}

/// The scale point of our figures and the naive peer's.
pub fn point(
    factor: usize,
    ours: &IngestFigures,
    latency: &Latency,
    naive: Option<&NaiveFigures>,
) -> ScalePoint {
    ScalePoint {
        factor,
        articles: ours.articles,
        text_bytes: ours.text_bytes,
        ingest_seconds: ours.seconds,
        mb_per_s: ours.mb_per_s,
        peak_rss_bytes: ours.peak_rss_bytes,
        index_bytes: ours.index_bytes,
        p50_ms: latency.p50_ms,
        p99_ms: latency.p99_ms,
        naive_ingest_seconds: naive.map(|n| n.ingest_seconds),
        naive_index_bytes: naive.map(|n| n.index_bytes),
        naive_p50_ms: naive.map(|n| n.latency.p50_ms),
        naive_p99_ms: naive.map(|n| n.latency.p99_ms),
    }
}

/// Ours and naive on the archive copied `factor` times. The copies'
/// files and indexes are removed afterwards (at 10× they take gigabytes).
pub fn run(
    cfg: &Config,
    exe: &Path,
    articles: &[Article],
    queries: &[BenchQuery],
    factor: usize,
) -> Result<ScalePoint> {
    eprintln!("bench: the archive copied {factor} times: ours");
    let jsonl = cfg.out.join(format!("corpus-x{factor}.jsonl"));
    let copies = (0..factor).flat_map(|c| articles.iter().map(move |a| variant::copy(a, c)));
    variant::write_jsonl(&jsonl, copies)?;
    let index = cfg.out.join(format!("index-x{factor}"));
    let text_bytes: u64 = articles.iter().map(raw::text_len).sum::<u64>() * factor as u64;
    let n = articles.len() * factor;
    let ours = ingest::ingest(exe, &cfg.dict, &jsonl, &index, n, text_bytes)?;
    let archive = Archive::open(&index)?;
    let (_, latency, _) = engine::run_serial(&archive, queries);
    drop(archive);
    eprintln!("bench: the archive copied {factor} times: naive tantivy");
    let naive_dir = cfg.out.join(format!("naive-x{factor}"));
    let naive = naive(cfg, articles, factor, queries, &naive_dir);
    std::fs::remove_file(&jsonl).map_err(|e| Error::io(&jsonl, e))?;
    for d in [&index, &naive_dir] {
        if d.exists() {
            std::fs::remove_dir_all(d).map_err(|e| Error::io(d, e))?;
        }
    }
    let naive = naive?;
    Ok(point(factor, &ours, &latency, Some(&naive)))
}
