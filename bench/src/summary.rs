//! Several runs of the same command, summarised: each figure as the median
//! of the runs, with the lowest and highest (`--runs N` writes
//! `summary.md` beside `run-1` … `run-N`). The machines are noisy, so a
//! README figure is a median with its spread, never the best run.

use std::fmt::Write as _;
use std::path::Path;

use serde_json::Value;

use crate::error::{Error, Result};

/// How a figure is printed.
#[derive(Clone, Copy)]
enum Unit {
    /// Milliseconds, seconds, ratios: two decimals.
    Decimal,
    /// Queries per second, counts: no decimals.
    Whole,
    /// Bytes, printed as MB.
    Megabytes,
    /// A share, printed as a percentage.
    Share,
    /// Three decimals (nDCG).
    Score,
    /// A count out of the whole at this pointer (`562/562`).
    OutOf(&'static str),
}

/// Our figures: label, JSON pointer into `bench.json`, unit.
const OURS: &[(&str, &str, Unit)] = &[
    ("ingest seconds", "/ingest/seconds", Unit::Decimal),
    ("ingest MB/s", "/ingest/mb_per_s", Unit::Decimal),
    (
        "ingest peak memory",
        "/ingest/peak_rss_bytes",
        Unit::Megabytes,
    ),
    ("index bytes", "/ingest/index_bytes", Unit::Megabytes),
    ("index / text", "/ingest/index_ratio", Unit::Decimal),
    (
        "in-process p50 ms, 1 thread",
        "/latency/p50_ms",
        Unit::Decimal,
    ),
    (
        "in-process p99 ms, 1 thread",
        "/latency/p99_ms",
        Unit::Decimal,
    ),
    ("in-process QPS, 1 thread", "/latency/qps", Unit::Whole),
    (
        "in-process p50 ms, 2 threads",
        "/latency_2_threads/p50_ms",
        Unit::Decimal,
    ),
    (
        "in-process p99 ms, 2 threads",
        "/latency_2_threads/p99_ms",
        Unit::Decimal,
    ),
    (
        "in-process QPS, 2 threads",
        "/latency_2_threads/qps",
        Unit::Whole,
    ),
    (
        "floor p50 ms (bare TopDocs)",
        "/floor/p50_ms",
        Unit::Decimal,
    ),
    (
        "floor p99 ms (bare TopDocs)",
        "/floor/p99_ms",
        Unit::Decimal,
    ),
    (
        "p50 ms, variant with columns and authors",
        "/facets/latency/p50_ms",
        Unit::Decimal,
    ),
    (
        "p99 ms, variant with columns and authors",
        "/facets/latency/p99_ms",
        Unit::Decimal,
    ),
    ("HTTP QPS (wrk, 16 connections)", "/http/qps", Unit::Whole),
    ("HTTP p50 ms", "/http/p50_ms", Unit::Decimal),
    ("HTTP p99 ms", "/http/p99_ms", Unit::Decimal),
    ("HTTP errors", "/http/errors", Unit::Whole),
    ("HTTP QPS, cache off", "/http_uncached/qps", Unit::Whole),
    (
        "HTTP p50 ms, cache off",
        "/http_uncached/p50_ms",
        Unit::Decimal,
    ),
    (
        "HTTP p99 ms, cache off",
        "/http_uncached/p99_ms",
        Unit::Decimal,
    ),
    (
        "server memory after the load",
        "/http/rss_bytes",
        Unit::Megabytes,
    ),
    (
        "strings counted exactly",
        "/exactness/counted_exactly",
        Unit::OutOf("/exactness/literal_queries"),
    ),
    (
        "strings fully recalled",
        "/exactness/full_recall",
        Unit::OutOf("/exactness/literal_queries"),
    ),
    (
        "input strings counted exactly",
        "/exactness_input/counted_exactly",
        Unit::OutOf("/exactness_input/literal_queries"),
    ),
    (
        "same headline first",
        "/exactness/headline_title_first",
        Unit::OutOf("/exactness/headlines"),
    ),
    ("topic nDCG@10", "/relevance/dev_ndcg10", Unit::Score),
    (
        "topic nDCG@10, multi-word",
        "/relevance/dev_ndcg10_multi",
        Unit::Score,
    ),
    (
        "topic nDCG@10, single-term",
        "/relevance/dev_ndcg10_single",
        Unit::Score,
    ),
    ("topic P@10", "/relevance/dev_p10", Unit::Score),
    (
        "unjudged share of top 10s",
        "/relevance/dev_unjudged_share",
        Unit::Share,
    ),
    (
        "naive tantivy topic nDCG@10",
        "/relevance/naive_dev_ndcg10",
        Unit::Score,
    ),
    (
        "validation topics nDCG@10",
        "/validation/ours/ndcg10",
        Unit::Score,
    ),
    (
        "validation topics nDCG@10, multi-word",
        "/validation/ours/ndcg10_multi",
        Unit::Score,
    ),
    (
        "validation topics unjudged share",
        "/validation/ours/unjudged_share",
        Unit::Share,
    ),
    (
        "dev topics nDCG@10 as the held-out set is pooled",
        "/as_pooled/dev/ndcg10",
        Unit::Score,
    ),
    (
        "the same, multi-word",
        "/as_pooled/dev/ndcg10_multi",
        Unit::Score,
    ),
    (
        "validation topics nDCG@10 as the held-out set is pooled",
        "/as_pooled/validation/ndcg10",
        Unit::Score,
    ),
    (
        "the same, multi-word",
        "/as_pooled/validation/ndcg10_multi",
        Unit::Score,
    ),
];

/// Each peer's figures: label, JSON pointer into its entry of `peers`.
const PEER: &[(&str, &str, Unit)] = &[
    ("ingest s", "/ingest_seconds", Unit::Decimal),
    ("MB/s", "/mb_per_s", Unit::Decimal),
    ("index / text", "/index_ratio", Unit::Decimal),
    ("p50 ms", "/p50_ms", Unit::Decimal),
    ("p99 ms", "/p99_ms", Unit::Decimal),
    ("QPS", "/latency/qps", Unit::Whole),
    ("strings exact", "/strings_exact", Unit::Share),
    ("input strings exact", "/input_strings_exact", Unit::Share),
    ("literal recall", "/literal_recall", Unit::Share),
];

/// Reads `dir/run-1/bench.json` … `dir/run-N/bench.json` (`--runs N`, or
/// `--summary-only` after one), writes
/// `dir/summary.md` and returns it.
pub fn write(dir: &Path, runs: usize) -> Result<String> {
    let reports = (1..=runs)
        .map(|k| {
            let path = dir.join(format!("run-{k}")).join("bench.json");
            let text = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
            serde_json::from_str(&text).map_err(|e| Error::io(&path, std::io::Error::other(e)))
        })
        .collect::<Result<Vec<Value>>>()?;
    let md = markdown(&reports);
    let path = dir.join("summary.md");
    std::fs::write(&path, &md).map_err(|e| Error::io(&path, e))?;
    Ok(md)
}

/// The summary table of `reports` (parsed `bench.json` files).
pub fn markdown(reports: &[Value]) -> String {
    let mut md = format!(
        "# Benchmark summary\n\nThe median of {} runs of the same command, with the lowest and \
         highest in brackets.\n\n| figure | median (min–max) |\n|---|---|\n",
        reports.len()
    );
    for &(label, pointer, unit) in OURS {
        let values: Vec<f64> = reports.iter().filter_map(|r| number(r, pointer)).collect();
        let Some(mut cell) = cell(&values, unit) else {
            continue;
        };
        if let Unit::OutOf(whole) = unit {
            let wholes: Vec<f64> = reports.iter().filter_map(|r| number(r, whole)).collect();
            cell = format!(
                "{cell} of {}",
                self::cell(&wholes, Unit::Whole).unwrap_or_default()
            );
        }
        let _ = writeln!(md, "| {label} | {cell} |");
    }
    let names: Vec<&str> = reports
        .first()
        .and_then(|r| r["peers"].as_array())
        .map(|peers| peers.iter().filter_map(|p| p["name"].as_str()).collect())
        .unwrap_or_default();
    if !names.is_empty() {
        md.push_str("\n## Peers\n\n| engine |");
        for &(label, _, _) in PEER {
            let _ = write!(md, " {label} |");
        }
        md.push_str("\n|---|");
        md.push_str(&"---|".repeat(PEER.len()));
        md.push('\n');
        for name in names {
            let _ = write!(md, "| {name} |");
            for &(_, pointer, unit) in PEER {
                let values: Vec<f64> = reports
                    .iter()
                    .filter_map(|r| peer(r, name).and_then(|p| number(p, pointer)))
                    .collect();
                let _ = write!(
                    md,
                    " {} |",
                    cell(&values, unit).unwrap_or_else(|| "–".into())
                );
            }
            md.push('\n');
        }
    }
    md
}

fn peer<'a>(report: &'a Value, name: &str) -> Option<&'a Value> {
    report["peers"]
        .as_array()?
        .iter()
        .find(|p| p["name"].as_str() == Some(name))
}

fn number(v: &Value, pointer: &str) -> Option<f64> {
    v.pointer(pointer)?.as_f64()
}

/// `median (min–max)`, or the value alone when every run gave the same.
fn cell(values: &[f64], unit: Unit) -> Option<String> {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    let (first, last) = (*v.first()?, *v.last()?);
    let median = if v.len() % 2 == 1 {
        v[v.len() / 2]
    } else {
        (v[v.len() / 2 - 1] + v[v.len() / 2]) / 2.0
    };
    let show = |x: f64| match unit {
        Unit::Decimal => format!("{x:.2}"),
        Unit::Whole | Unit::OutOf(_) => format!("{x:.0}"),
        Unit::Megabytes => format!("{:.0} MB", x / 1e6),
        Unit::Share => format!("{:.1}%", x * 100.0),
        Unit::Score => format!("{x:.3}"),
    };
    let (m, lo, hi) = (show(median), show(first), show(last));
    Some(if lo == hi {
        m
    } else {
        format!("{m} ({lo}–{hi})")
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn a_figure_is_the_median_with_its_spread() {
        let runs = [4.0, 1.0, 2.5].map(
            |p| json!({"latency": {"p50_ms": p}, "peers": [{"name": "p", "p50_ms": p * 10.0}]}),
        );
        let md = markdown(&runs);
        assert!(
            md.contains("| in-process p50 ms, 1 thread | 2.50 (1.00–4.00) |"),
            "{md}"
        );
        assert!(
            md.contains("| p | – | – | – | 25.00 (10.00–40.00) |"),
            "{md}"
        );
        assert!(!md.contains("HTTP QPS"), "figures no run has are left out");
        let counted = |n: u64| json!({"exactness": {"counted_exactly": n, "literal_queries": 562}});
        let md = markdown(&[counted(562), counted(560), counted(562)]);
        assert!(
            md.contains("| strings counted exactly | 562 (560–562) of 562 |"),
            "{md}"
        );
    }

    #[test]
    fn the_same_figure_in_every_run_is_shown_once() {
        assert_eq!(cell(&[0.9, 0.9], Unit::Score).as_deref(), Some("0.900"));
        assert_eq!(
            cell(&[1.0, 3.0], Unit::Decimal).as_deref(),
            Some("2.00 (1.00–3.00)")
        );
        assert_eq!(cell(&[], Unit::Decimal), None);
    }
}
