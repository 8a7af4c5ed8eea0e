//! Search latency by kind of query, on an index built beforehand: every
//! query of the benchmark query set (`benches/queries.tsv`), three rounds
//! after a warm-up pass, in-process on one thread, as the API searches (top
//! 10, 3 snippets, facets), and beside it the floor (the same compiled query
//! with a bare `TopDocs`). Prints p50 and p99 per kind and the slowest
//! queries. Meant for comparing two builds on the same machine one after
//! the other; the benchmark package gives the reported figures.
//!
//! Flags: `--min-total=N` times only the queries with at least N matches
//! (by the warm-up pass); `--no-facets` and `--no-snippets` turn those
//! parts of the search off, to see what each costs.
//!
//! ```text
//! cargo run --release -- --index /tmp/xwlb ingest ../shared/corpus/xwlb-2012-2026.jsonl.zst
//! cargo bench --bench kinds -- /tmp/xwlb
//! cargo bench --bench kinds -- /tmp/xwlb --min-total=40000
//! ```

mod common;

use std::collections::BTreeMap;

use std::time::Instant;

use dangjian::index::Archive;
use dangjian::search::{SearchRequest, search, search_floor};

/// Rounds over the query set.
const ROUNDS: usize = 3;

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

fn main() {
    let Some(dir) = common::index_arg("kinds", "/tmp/xwlb") else {
        return;
    };
    let archive = Archive::open(&dir).expect("open the index");
    let flag = |name: &str| std::env::args().any(|a| a == name);
    let (no_facets, no_snippets) = (flag("--no-facets"), flag("--no-snippets"));
    let min_total: u64 = std::env::args()
        .find_map(|a| a.strip_prefix("--min-total=")?.parse().ok())
        .unwrap_or(0);
    let request = |q: &str| {
        let mut req = SearchRequest::new(q);
        req.facets = !no_facets;
        if no_snippets {
            req.fragments = 0;
        }
        req
    };
    // The warm-up pass, which also picks the queries to time.
    let set: Vec<_> = common::queries()
        .into_iter()
        .filter(|q| search(&archive, &request(&q.q)).expect("search").total >= min_total)
        .collect();
    // (full ms, floor ms, query) by kind, and over all kinds.
    let mut by_kind: BTreeMap<&str, Vec<(f64, f64, &str)>> = BTreeMap::new();
    for _ in 0..ROUNDS {
        for q in &set {
            let req = request(&q.q);
            let t = Instant::now();
            search(&archive, &req).expect("search");
            let full = t.elapsed().as_secs_f64() * 1e3;
            let t = Instant::now();
            search_floor(&archive, &req).expect("floor");
            let floor = t.elapsed().as_secs_f64() * 1e3;
            for kind in [q.kind.as_str(), "all"] {
                by_kind.entry(kind).or_default().push((full, floor, &q.q));
            }
        }
    }
    println!(
        "{ROUNDS} rounds of {} queries on {}",
        set.len(),
        dir.display()
    );
    println!("kind        count   p50 ms   p99 ms | floor p50   p99");
    for (kind, runs) in &by_kind {
        let mut full: Vec<f64> = runs.iter().map(|r| r.0).collect();
        let mut floor: Vec<f64> = runs.iter().map(|r| r.1).collect();
        full.sort_by(f64::total_cmp);
        floor.sort_by(f64::total_cmp);
        println!(
            "{kind:10} {:6} {:8.2} {:8.2} | {:8.2} {:6.2}",
            runs.len(),
            percentile(&full, 0.5),
            percentile(&full, 0.99),
            percentile(&floor, 0.5),
            percentile(&floor, 0.99)
        );
    }
    let mut slowest = by_kind.remove("all").unwrap_or_default();
    slowest.sort_by(|a, b| b.0.total_cmp(&a.0));
    println!("slowest (full ms, floor ms, query):");
    for (full, floor, q) in slowest.iter().take(10) {
        println!(
            "{full:8.2} {floor:8.2}  {}",
            q.chars().take(40).collect::<String>()
        );
    }
}
