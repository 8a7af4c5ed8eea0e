//! The benchmark's Markdown and JSON reports.

use std::fmt::Write as _;
use std::path::Path;

use super::relevance::{Relevance, RelevanceFigures};
use super::stats::Latency;
use super::{Exactness, Report};
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
    let Some(last) = r.runs.last() else {
        return md;
    };
    let full = &last.ours;
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
    if let Some(h) = &r.http {
        let _ = writeln!(
            md,
            "## HTTP load (wrk, {} connections, {} s, the query mix)\n",
            h.connections, h.seconds
        );
        let _ = writeln!(
            md,
            "| requests | QPS | p50 ms | p99 ms | errors | server RSS |\n|---|---|---|---|---|---|"
        );
        let _ = writeln!(
            md,
            "| {} | {:.0} | {:.2} | {:.2} | {} | {} |\n",
            h.requests,
            h.qps,
            h.p50_ms,
            h.p99_ms,
            h.errors,
            h.server_rss_bytes
                .map_or("?".into(), |b| format!("{:.0} MB", b as f64 / 1e6))
        );
    }
    let _ = writeln!(
        md,
        "## Exactness against a brute-force scan (whole corpus)\n"
    );
    let _ = writeln!(
        md,
        "| engine | strings counted exactly | strings fully recalled | literal recall | quoted precision | two-term recall | headline's own article first | same headline first |"
    );
    let _ = writeln!(md, "|---|---|---|---|---|---|---|---|");
    md.push_str(&exact_row("ours", &full.exactness, true));
    for p in &last.peers {
        md.push_str(&exact_row(&p.name, &p.exactness, p.sets_known));
    }
    md.push('\n');
    if !last.peers.is_empty() {
        let _ = writeln!(md, "## Peers (whole corpus; ratio = ours / peer)\n");
        let _ = writeln!(
            md,
            "| engine | ingest s | index bytes | p50 ms | p95 ms | p99 ms | ingest ratio | size ratio | p50 ratio | p99 ratio |"
        );
        let _ = writeln!(md, "|---|---|---|---|---|---|---|---|---|---|");
        let _ = writeln!(
            md,
            "| ours | {:.1} | {} | {:.2} | {:.2} | {:.2} | | | | |",
            i.seconds, i.index_bytes, full.latency_1t.p50, full.latency_1t.p95, full.latency_1t.p99
        );
        for p in &last.peers {
            let ratio = |a: f64, b: f64| format!("{:.2}x", a / b.max(1e-9));
            let _ = writeln!(
                md,
                "| {} | {:.1} | {} | {:.2} | {:.2} | {:.2} | {} | {} | {} | {} |",
                p.name,
                p.ingest.seconds,
                p.ingest.index_bytes,
                p.latency.p50,
                p.latency.p95,
                p.latency.p99,
                ratio(i.seconds, p.ingest.seconds),
                ratio(i.index_bytes as f64, p.ingest.index_bytes as f64),
                ratio(full.latency_1t.p50, p.latency.p50),
                ratio(full.latency_1t.p99, p.latency.p99),
            );
        }
        md.push('\n');
        for p in &last.peers {
            if let Some(note) = &p.note {
                let _ = writeln!(md, "- {}: {note}", p.name);
            }
        }
        md.push('\n');
    }
    if r.runs.len() > 1 {
        let _ = writeln!(md, "## How cost grows (articles by date order)\n");
        let _ = writeln!(
            md,
            "| articles | engine | ingest s | index bytes | p50 ms | p99 ms |\n|---|---|---|---|---|---|"
        );
        for run in &r.runs {
            let o = &run.ours;
            let _ = writeln!(
                md,
                "| {} | ours | {:.1} | {} | {:.2} | {:.2} |",
                o.ingest.articles,
                o.ingest.seconds,
                o.ingest.index_bytes,
                o.latency_1t.p50,
                o.latency_1t.p99
            );
            for p in &run.peers {
                let _ = writeln!(
                    md,
                    "| {} | {} | {:.1} | {} | {:.2} | {:.2} |",
                    p.ingest.articles,
                    p.name,
                    p.ingest.seconds,
                    p.ingest.index_bytes,
                    p.latency.p50,
                    p.latency.p99
                );
            }
        }
        md.push_str("\n![latency vs corpus size](latency.svg)\n");
    }
    if let Some(rel) = &r.relevance {
        md.push_str(&relevance_section(rel));
    }
    md
}

fn exact_row(name: &str, e: &Exactness, sets_known: bool) -> String {
    let known = |v: String| if sets_known { v } else { "n/a".into() };
    format!(
        "| {name} | {}/{} ({:.1}%) | {} | {} | {} | {} | {}/{} ({:.1}%) | {}/{} ({:.1}%) |\n",
        e.counted_exactly,
        e.literal_queries,
        pct(e.counted_exactly, e.literal_queries),
        known(format!("{}/{}", e.full_recall, e.literal_queries)),
        known(format!("{:.4}", e.recall())),
        known(format!("{:.4}", e.precision())),
        known(format!("{}/{}", e.two_term_found, e.two_term_truth)),
        e.headline_first,
        e.headlines,
        pct(e.headline_first, e.headlines),
        e.headline_title_first,
        e.headlines,
        pct(e.headline_title_first, e.headlines),
    )
}

fn pct(a: usize, b: usize) -> f64 {
    100.0 * a as f64 / b.max(1) as f64
}

/// Topic relevance: ours, the naive peer, and the ranking alternatives.
fn relevance_section(rel: &RelevanceFigures) -> String {
    let mut md = String::new();
    let _ = writeln!(
        md,
        "## Topic relevance (judged topics: {})\n\n\
         nDCG@10 over the judged articles of each ranking (the condensed list), P@10, and the\n\
         share of unjudged articles in each top 10.\n",
        rel.judgments
    );
    let _ = writeln!(
        md,
        "| ranking | nDCG@10 | multi-word | single-term | P@10 | unjudged |\n|---|---|---|---|---|---|"
    );
    let row = |name: &str, s: &Relevance| {
        format!(
            "| {name} | {:.3} | {:.3} | {:.3} | {:.3} | {:.1}% |\n",
            s.ndcg10,
            s.ndcg10_multi,
            s.ndcg10_single,
            s.p10,
            s.unjudged_share * 100.0
        )
    };
    md.push_str(&row("ours", &rel.ours));
    if let Some(n) = &rel.naive {
        md.push_str(&row("naive tantivy-jieba (OR)", n));
    }
    for (name, s) in &rel.alternatives {
        md.push_str(&row(&format!("ours, {name}"), s));
    }
    md.push('\n');
    md
}
