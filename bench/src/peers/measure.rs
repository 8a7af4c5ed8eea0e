//! Timing an in-process peer on the query set and checking what it finds.

use std::time::Instant;

use dangjian::Article;

use super::{Peer, PeerHit, PeerRun};
use crate::IngestFigures;
use crate::exactness::check_with;
use crate::queries::BenchQuery;
use crate::stats::Latency;
use crate::truth::Truth;

/// Times `queries` on `peer` (one warm-up pass, then one pass on the wall
/// clock) and checks `queries` and `input` against `truth`. A query the
/// peer fails on is timed, counted in the exactness errors and listed.
pub fn measure(
    peer: &dyn Peer,
    ingest: IngestFigures,
    (queries, input): (&[BenchQuery], &[BenchQuery]),
    truth: &Truth,
    articles: &[Article],
) -> PeerRun {
    let (latency, found, errors) = time(peer, queries);
    let mut exactness = check_with(queries, &found, truth, articles, |q| peer.ids(q));
    exactness.add_errors(errors);
    let none: Vec<(u64, Vec<String>)> = vec![(0, Vec::new()); input.len()];
    let exactness_input = check_with(input, &none, truth, articles, |q| peer.ids(q));
    PeerRun::new(
        peer.name(),
        peer.substring(),
        ingest,
        latency,
        (exactness, exactness_input),
        true,
    )
}

/// What each query found: its total and top ids.
pub type Found = Vec<(u64, Vec<String>)>;

/// The latency of `queries` on `peer`, what each found (nothing where it
/// failed) and the failures.
pub fn time(peer: &dyn Peer, queries: &[BenchQuery]) -> (Latency, Found, Vec<String>) {
    for q in queries {
        let _ = peer.search(&q.q);
    }
    let started = Instant::now();
    let mut ms = Vec::with_capacity(queries.len());
    let mut found = Vec::with_capacity(queries.len());
    let mut errors = Vec::new();
    for q in queries {
        let t = Instant::now();
        let hit = peer.search(&q.q);
        ms.push(t.elapsed().as_secs_f64() * 1e3);
        let hit = hit.unwrap_or_else(|err| {
            errors.push(format!("{}: {err}", q.q));
            PeerHit::default()
        });
        found.push((hit.total, hit.top_ids));
    }
    let latency = Latency::of(&ms, started.elapsed().as_secs_f64());
    (latency, found, errors)
}
