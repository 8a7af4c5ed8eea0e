//! The benchmark's Markdown and JSON reports.

use std::fmt::Write as _;
use std::path::Path;

use super::Report;
use super::stats::Latency;
use crate::error::{Error, Result};

/// Cores and memory of this machine.
pub fn machine() -> String {
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let mem = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|m| {
            let kb: u64 = m.lines().next()?.split_whitespace().nth(1)?.parse().ok()?;
            Some(format!("{:.0} GiB", kb as f64 / 1024.0 / 1024.0))
        })
        .unwrap_or_else(|| "unknown memory".into());
    format!("{cores} cores, {mem}")
}

fn lat_row(name: &str, l: &Latency) -> String {
    format!(
        "| {name} | {:.2} | {:.2} | {:.2} | {:.2} | {:.0} |\n",
        l.p50, l.p95, l.p99, l.max, l.qps
    )
}

/// Writes `bench.json` and `bench.md` into `out`.
pub fn write(out: &Path, report: &Report) -> Result<()> {
    let json = serde_json::to_string_pretty(report)
        .map_err(|e| Error::io(out, std::io::Error::other(e)))?;
    let path = out.join("bench.json");
    std::fs::write(&path, json).map_err(|e| Error::io(&path, e))?;
    let path = out.join("bench.md");
    std::fs::write(&path, markdown(report)).map_err(|e| Error::io(&path, e))
}

/// The Markdown report.
pub fn markdown(r: &Report) -> String {
    let mut md = String::new();
    let _ = writeln!(
        md,
        "# Benchmark\n\nMachine: {}. Corpus: {}. Queries: {}.\n",
        r.machine, r.corpus, r.queries
    );
    let Some(full) = r.runs.last() else {
        return md;
    };
    let i = &full.ingest;
    let _ = writeln!(md, "## Ingest (whole corpus)\n");
    let _ = writeln!(
        md,
        "| articles | seconds | MB/s | peak memory | index bytes | index / text |"
    );
    let _ = writeln!(md, "|---|---|---|---|---|---|");
    let _ = writeln!(
        md,
        "| {} | {:.1} | {:.2} | {} | {} | {:.2}x |\n",
        i.articles,
        i.seconds,
        i.mb_per_s,
        i.peak_rss_bytes
            .map_or("?".into(), |b| format!("{:.0} MB", b as f64 / 1e6)),
        i.index_bytes,
        i.index_ratio
    );
    let _ = writeln!(
        md,
        "## In-process latency (ms), top 10 with 3 snippets and facets\n"
    );
    let _ = writeln!(
        md,
        "| run | p50 | p95 | p99 | max | QPS |\n|---|---|---|---|---|---|"
    );
    md.push_str(&lat_row("1 thread", &full.latency_1t));
    if let Some(l) = &full.latency_2t {
        md.push_str(&lat_row("2 threads", l));
    }
    if let Some(l) = &full.floor {
        md.push_str(&lat_row("floor: same query, bare TopDocs, 1 thread", l));
        let _ = writeln!(
            md,
            "\np50 / floor p50 = {:.2}x\n",
            full.latency_1t.p50 / l.p50.max(1e-9)
        );
    }
    let e = &full.exactness;
    let _ = writeln!(md, "## Exactness against a brute-force scan\n");
    let _ = writeln!(md, "| figure | value |\n|---|---|");
    let _ = writeln!(
        md,
        "| string queries counted exactly (quoted form) | {}/{} ({:.1}%) |",
        e.counted_exactly,
        e.literal_queries,
        pct(e.counted_exactly, e.literal_queries)
    );
    let _ = writeln!(
        md,
        "| string queries finding every article that contains them | {}/{} ({:.1}%) |",
        e.full_recall,
        e.literal_queries,
        pct(e.full_recall, e.literal_queries)
    );
    let _ = writeln!(md, "| literal recall (articles) | {:.4} |", e.recall());
    let _ = writeln!(
        md,
        "| literal precision of quoted queries (articles) | {:.4} |",
        e.precision()
    );
    let _ = writeln!(
        md,
        "| two-term queries: articles with both strings found | {}/{} |",
        e.two_term_found, e.two_term_truth
    );
    let _ = writeln!(
        md,
        "| headlines: own article first | {}/{} ({:.1}%) |",
        e.headline_first,
        e.headlines,
        pct(e.headline_first, e.headlines)
    );
    let _ = writeln!(
        md,
        "| headlines: an article with that exact headline first | {}/{} ({:.1}%) |\n",
        e.headline_title_first,
        e.headlines,
        pct(e.headline_title_first, e.headlines)
    );
    if r.runs.len() > 1 {
        let _ = writeln!(md, "## How cost grows\n");
        let _ = writeln!(
            md,
            "| articles | ingest s | MB/s | index bytes | p50 ms | p99 ms |\n|---|---|---|---|---|---|"
        );
        for run in &r.runs {
            let _ = writeln!(
                md,
                "| {} | {:.1} | {:.2} | {} | {:.2} | {:.2} |",
                run.ingest.articles,
                run.ingest.seconds,
                run.ingest.mb_per_s,
                run.ingest.index_bytes,
                run.latency_1t.p50,
                run.latency_1t.p99
            );
        }
        md.push('\n');
    }
    md
}

fn pct(a: usize, b: usize) -> f64 {
    100.0 * a as f64 / b.max(1) as f64
}
