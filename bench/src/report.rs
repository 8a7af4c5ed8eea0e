//! The benchmark's Markdown and JSON reports.

use std::fmt::Write as _;
use std::path::Path;

use crate::error::{Error, Result};
use crate::relevance::{PooledFigures, Relevance, RelevanceFigures, ValidationFigures};
use crate::stats::Latency;
use crate::{Exactness, Report};

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

/// Writes `bench.json` and `bench.md` into `out`.
pub fn write(out: &Path, report: &Report) -> Result<()> {
    let json = serde_json::to_string_pretty(report)
        .map_err(|e| Error::io(out, std::io::Error::other(e)))?;
    let path = out.join("bench.json");
    std::fs::write(&path, json).map_err(|e| Error::io(&path, e))?;
    let path = out.join("bench.md");
    std::fs::write(&path, markdown(report)).map_err(|e| Error::io(&path, e))
}

fn mb(bytes: Option<u64>) -> String {
    bytes.map_or("?".into(), |b| format!("{:.0} MB", b as f64 / 1e6))
}

fn opt(v: Option<f64>) -> String {
    v.map_or("–".into(), |v| format!("{v:.2}"))
}

fn lat_row(name: &str, l: &Latency) -> String {
    format!(
        "| {name} | {:.2} | {:.2} | {:.2} | {:.2} | {:.0} |\n",
        l.p50_ms, l.p95_ms, l.p99_ms, l.max_ms, l.qps
    )
}

/// How the figures are made: the same in every report.
const METHOD: &str = r#"## Method

- **Denominators.** Ingest MB/s and index / text divide by the title and body bytes (UTF-8) of the
  articles ingested, for every engine.
- **Ground truth.** The archive's own JSONL lines, read without the engine's reader, scanned with
  Aho-Corasick after a folding of its own (`bench/src/fold.rs`): full-width ASCII to ASCII, A–Z to
  a–z, traditional to simplified by OpenCC's t2s conversion of each character alone, every
  whitespace character a space, runs of spaces one space, ends trimmed. A text contains a query
  when its folded form contains the folded query.
- **Strings.** The committed set (`benches/queries.tsv`) is timed and checked; input-style strings
  made from the archive at run time (spaces, Latin letters, digits, full-width forms, punctuation,
  IME quotes “…” 「…」, traditional characters, pasted passages of 120–400 characters) are checked,
  not timed. A count is checked on the quoted form (as typed when the query is quoted).
- **Facets.** The xwlb items carry no column or author, so the queries are timed again on a variant
  where each article's column is the name in its title's leading 【…】 (none without one) and its
  authors are one name, or two for a quarter of the articles, picked from a fixed list of 24 by
  the CRC-32 of its id.
- **Scale.** `--scale K` ingests the archive copied K times: copy c gets ids `ID~c` and dates moved
  by 400·c years (which keeps leap days valid); ours and naive tantivy-jieba are timed on it.
- **Peers.** Naive tantivy-jieba, SQLite FTS5 + jieba and Lucene SmartCN segment words; SQLite FTS5
  `trigram` and Lucene CJKAnalyzer (bigrams) are marked `substring`. The jieba peers load our user
  dictionary. SQLite ranks with `bm25(docs, 0.0, 3.0, 1.0)` (id, title, body) and takes the total
  and the top 10 in one pass; strings under three characters go to `LIKE` on the trigram table.
  Lucene reports totals only (exactness on quoted forms, no recall); its QPS is the timed pass's
  wall clock. A query a peer fails on is counted as an error, never as an empty result.
"#;

/// The Markdown report.
pub fn markdown(r: &Report) -> String {
    let mut md = String::new();
    let _ = writeln!(
        md,
        "# Benchmark\n\nMachine: {}. Corpus: {} ({} articles, {:.1} MB of title and body text).\n\
         Queries: {} timed (the committed set), {} input-style strings checked.\n",
        r.machine,
        r.corpus.path,
        r.corpus.articles,
        r.corpus.text_bytes as f64 / 1e6,
        r.queries,
        r.input_queries
    );
    if !r.skipped.is_empty() {
        let _ = writeln!(md, "Not run:\n");
        for s in &r.skipped {
            let _ = writeln!(md, "- {s}");
        }
        md.push('\n');
    }
    let i = &r.ingest;
    let _ = writeln!(
        md,
        "## Ingest\n\nMB/s and index / text divide by the title and body bytes, for every engine.\n"
    );
    let _ = writeln!(
        md,
        "| articles | seconds | MB/s | peak memory | index bytes | index / text |\n|---|---|---|---|---|---|"
    );
    let _ = writeln!(
        md,
        "| {} | {:.1} | {:.2} | {} | {} | {:.2}x |\n",
        i.articles,
        i.seconds,
        i.mb_per_s,
        mb(i.peak_rss_bytes),
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
    md.push_str(&lat_row("1 thread", &r.latency));
    md.push_str(&lat_row("2 threads", &r.latency_2_threads));
    md.push_str(&lat_row(
        "floor: same query, bare TopDocs, 1 thread",
        &r.floor,
    ));
    if let Some(f) = &r.facets {
        md.push_str(&lat_row(
            &format!(
                "1 thread, variant with columns and authors ({} columns on {} articles, {} authors)",
                f.columns, f.articles_with_column, f.authors
            ),
            &f.latency,
        ));
    }
    let _ = writeln!(
        md,
        "\np50 / floor p50 = {:.2}x\n",
        r.latency.p50_ms / r.floor.p50_ms.max(1e-9)
    );
    if let Some(h) = &r.http {
        let _ = writeln!(
            md,
            "## HTTP load (wrk, {} connections, {} s, the query mix)\n",
            h.connections, h.seconds
        );
        let _ = writeln!(
            md,
            "| server | requests | QPS | p50 ms | p99 ms | errors | server RSS | answered from the cache |\n|---|---|---|---|---|---|---|---|"
        );
        let rows = [
            ("as it ships", Some(h)),
            ("cache off", r.http_uncached.as_ref()),
        ];
        for (name, h) in rows {
            let Some(h) = h else { continue };
            let share = match (h.cache_hits, h.cache_misses) {
                (Some(hits), Some(misses)) if hits + misses > 0 => {
                    format!("{:.1}%", 100.0 * hits as f64 / (hits + misses) as f64)
                }
                _ => "–".into(),
            };
            let _ = writeln!(
                md,
                "| {name} | {} | {:.0} | {:.2} | {:.2} | {} | {} | {share} |",
                h.requests,
                h.qps,
                h.p50_ms,
                h.p99_ms,
                h.errors,
                mb(h.rss_bytes)
            );
        }
        let _ = writeln!(
            md,
            "\nThe mix repeats its {} queries in order, so after the first pass the server answers most of them from its cache of responses; with the cache off every request searches.\n",
            r.queries
        );
    }
    md.push_str(&exactness_section(r));
    md.push_str(&peers_section(r));
    md.push_str(&scale_section(r));
    if let Some(rel) = &r.relevance {
        md.push_str(&relevance_section(rel));
    }
    if let Some(v) = &r.validation {
        md.push_str(&validation_section(v));
    }
    if let Some(p) = &r.as_pooled {
        md.push_str(&pooled_section(p));
    }
    md.push_str(METHOD);
    md
}

fn exactness_section(r: &Report) -> String {
    let mut md = String::new();
    let _ = writeln!(
        md,
        "## Exactness against a brute-force scan of the raw archive\n\n\
         The committed set, then the input-style strings (spaces, Latin letters, digits, full-width\n\
         forms, punctuation, IME quotes, traditional characters, pasted passages).\n"
    );
    let _ = writeln!(
        md,
        "| engine | strings counted exactly | strings fully recalled | literal recall | quoted precision | two-term recall | headline's own article first | same headline first | errors |"
    );
    let _ = writeln!(md, "|---|---|---|---|---|---|---|---|---|");
    md.push_str(&exact_row("ours", &r.exactness, true));
    for p in &r.peers {
        md.push_str(&exact_row(
            &p.name,
            &p.exactness,
            p.literal_recall.is_some(),
        ));
    }
    md.push_str(&exact_row("ours, input strings", &r.exactness_input, true));
    for p in &r.peers {
        md.push_str(&exact_row(
            &format!("{}, input strings", p.name),
            &p.exactness_input,
            p.literal_recall.is_some(),
        ));
    }
    md.push('\n');
    for (name, e) in [
        ("ours", &r.exactness),
        ("ours, input strings", &r.exactness_input),
    ] {
        if !e.misses.is_empty() || !e.error_examples.is_empty() {
            let _ = writeln!(md, "Misses and errors of {name} (the first few):\n");
            for m in e.misses.iter().chain(&e.error_examples) {
                let _ = writeln!(md, "- {m}");
            }
            md.push('\n');
        }
    }
    md
}

fn peers_section(r: &Report) -> String {
    let mut md = String::new();
    if r.peers.is_empty() {
        return md;
    }
    let i = &r.ingest;
    let _ = writeln!(md, "## Peers (ratio = ours / peer)\n");
    let _ = writeln!(
        md,
        "| engine | substring | ingest s | MB/s | index / text | p50 ms | p99 ms | QPS | strings exact | input strings exact | ingest ratio | size ratio | p50 ratio | p99 ratio |"
    );
    let _ = writeln!(
        md,
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
    );
    let exact = |e: &Exactness| format!("{}/{}", e.counted_exactly, e.literal_queries);
    let _ = writeln!(
        md,
        "| ours | yes | {:.1} | {:.2} | {:.2}x | {:.2} | {:.2} | {:.0} | {} | {} | | | | |",
        i.seconds,
        i.mb_per_s,
        i.index_ratio,
        r.latency.p50_ms,
        r.latency.p99_ms,
        r.latency.qps,
        exact(&r.exactness),
        exact(&r.exactness_input)
    );
    for p in &r.peers {
        let ratio = |a: f64, b: f64| format!("{:.2}x", a / b.max(1e-9));
        let _ = writeln!(
            md,
            "| {} | {} | {:.1} | {:.2} | {:.2}x | {:.2} | {:.2} | {:.0} | {} | {} | {} | {} | {} | {} |",
            p.name,
            if p.substring { "yes" } else { "no" },
            p.ingest_seconds,
            p.mb_per_s,
            p.index_ratio,
            p.p50_ms,
            p.p99_ms,
            p.latency.qps,
            exact(&p.exactness),
            exact(&p.exactness_input),
            ratio(i.seconds, p.ingest_seconds),
            ratio(i.index_bytes as f64, p.index_bytes as f64),
            ratio(r.latency.p50_ms, p.p50_ms),
            ratio(r.latency.p99_ms, p.p99_ms),
        );
    }
    md.push('\n');
    for p in &r.peers {
        if let Some(note) = &p.note {
            let _ = writeln!(md, "- {}: {note}", p.name);
        }
        if p.exactness.errors + p.exactness_input.errors > 0 {
            let _ = writeln!(
                md,
                "- {}: {} queries failed, e.g. {}",
                p.name,
                p.exactness.errors + p.exactness_input.errors,
                p.exactness
                    .error_examples
                    .iter()
                    .chain(&p.exactness_input.error_examples)
                    .next()
                    .map_or("", String::as_str)
            );
        }
    }
    md.push('\n');
    md
}

fn scale_section(r: &Report) -> String {
    let mut md = String::new();
    let _ = writeln!(
        md,
        "## Scale (the archive copied K times; ours and naive tantivy-jieba)\n"
    );
    let _ = writeln!(
        md,
        "| factor | articles | ingest s | MB/s | peak memory | index bytes | p50 ms | p99 ms | naive ingest s | naive p50 ms | naive p99 ms |"
    );
    let _ = writeln!(md, "|---|---|---|---|---|---|---|---|---|---|---|");
    for s in &r.scale {
        let _ = writeln!(
            md,
            "| {} | {} | {:.1} | {:.2} | {} | {} | {:.2} | {:.2} | {} | {} | {} |",
            s.factor,
            s.articles,
            s.ingest_seconds,
            s.mb_per_s,
            mb(s.peak_rss_bytes),
            s.index_bytes,
            s.p50_ms,
            s.p99_ms,
            opt(s.naive_ingest_seconds),
            opt(s.naive_p50_ms),
            opt(s.naive_p99_ms),
        );
    }
    md.push_str("\n![latency and ingest against archive size](latency.svg)\n\n");
    md
}

fn exact_row(name: &str, e: &Exactness, sets_known: bool) -> String {
    let known = |v: String| if sets_known { v } else { "n/a".into() };
    format!(
        "| {name} | {}/{} ({:.1}%) | {} | {} | {} | {} | {}/{} ({:.1}%) | {}/{} ({:.1}%) | {} |\n",
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
        e.errors,
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
    md.push_str(&relevance_table(
        &rel.ours,
        rel.naive.as_ref(),
        &rel.alternatives,
    ));
    md
}

/// The same table on the validation topics: ours as it ships, and naive.
fn validation_section(v: &ValidationFigures) -> String {
    let mut md = String::new();
    let _ = writeln!(
        md,
        "## Topic relevance on the validation topics ({})\n\n\
         Topics never used to choose the ranking, judged blind by the same rules.\n",
        v.judgments
    );
    md.push_str(&relevance_table(&v.ours, v.naive.as_ref(), &[]));
    md
}

/// Both sets as the held-out topics are pooled.
fn pooled_section(p: &PooledFigures) -> String {
    let mut md = String::new();
    let _ = writeln!(
        md,
        "## Topic relevance as the held-out topics are pooled ({})\n\n\
         Only the judged articles that the first release (21faf5b) or naive tantivy-jieba \
         (OR, AND) ranks in a top 10 count, as in the issue's held-out set; the rest of \
         our ranking is dropped (condensed list).\n",
        p.pool
    );
    let mut rows = vec![("ours, dev topics".to_string(), &p.dev)];
    if let Some(v) = &p.validation {
        rows.push(("ours, validation topics".to_string(), v));
    }
    md.push_str(&scores_table(&rows));
    md
}

/// A table of rankings' scores: ours, naive's when it ran, then each
/// alternative of ours.
fn relevance_table(
    ours: &Relevance,
    naive: Option<&Relevance>,
    alternatives: &[(String, Relevance)],
) -> String {
    let mut rows = vec![("ours".to_string(), ours)];
    if let Some(n) = naive {
        rows.push(("naive tantivy-jieba (OR)".to_string(), n));
    }
    for (name, s) in alternatives {
        rows.push((format!("ours, {name}"), s));
    }
    scores_table(&rows)
}

/// A table of named scores, one row each.
fn scores_table(rows: &[(String, &Relevance)]) -> String {
    let mut md = String::from(
        "| ranking | nDCG@10 | multi-word | single-term | P@10 | unjudged |\n|---|---|---|---|---|---|\n",
    );
    for (name, s) in rows {
        let _ = writeln!(
            md,
            "| {name} | {:.3} | {:.3} | {:.3} | {:.3} | {:.1}% |",
            s.ndcg10,
            s.ndcg10_multi,
            s.ndcg10_single,
            s.p10,
            s.unjudged_share * 100.0
        );
    }
    md.push('\n');
    md
}
