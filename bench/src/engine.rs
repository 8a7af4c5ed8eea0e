//! Running the query set against our engine: latency on one and two
//! threads, the floor, and what each query found.

use std::collections::HashSet;
use std::sync::Mutex;
use std::time::Instant;

use serde::Serialize;

use super::queries::BenchQuery;
use super::stats::Latency;
use crate::error::Result;
use dangjian::index::Archive;
use dangjian::search::{SearchRequest, matching_ids, search, search_floor};

/// What one query found.
#[derive(Debug, Clone, Serialize)]
pub struct Found {
    pub total: u64,
    pub top_ids: Vec<String>,
    pub ms: f64,
}

/// The request every benchmark query makes: top 10, 3 snippets, facets.
pub fn request(q: &str) -> SearchRequest {
    SearchRequest::new(q)
}

/// Runs every query once on this thread (after one warm-up pass): what
/// each found, the latency, and the queries that failed (found nothing).
pub fn run_serial(archive: &Archive, queries: &[BenchQuery]) -> (Vec<Found>, Latency, Vec<String>) {
    for q in queries {
        let _ = search(archive, &request(&q.q));
    }
    let started = Instant::now();
    let mut found = Vec::with_capacity(queries.len());
    let mut errors = Vec::new();
    for q in queries {
        let t = Instant::now();
        let res = search(archive, &request(&q.q));
        let ms = t.elapsed().as_secs_f64() * 1e3;
        let (total, top_ids) = match res {
            Ok(res) => (res.total, res.hits.iter().map(|h| h.id.clone()).collect()),
            Err(err) => {
                errors.push(format!("{}: {err}", q.q));
                (0, Vec::new())
            }
        };
        found.push(Found { total, top_ids, ms });
    }
    let wall = started.elapsed().as_secs_f64();
    let ms: Vec<f64> = found.iter().map(|f| f.ms).collect();
    (found, Latency::of(&ms, wall), errors)
}

/// Runs the queries split over `threads` threads; latency of each query
/// and the overall throughput.
pub fn run_parallel(archive: &Archive, queries: &[BenchQuery], threads: usize) -> Result<Latency> {
    let ms = Mutex::new(Vec::with_capacity(queries.len()));
    let started = Instant::now();
    std::thread::scope(|s| {
        for t in 0..threads {
            let ms = &ms;
            s.spawn(move || {
                let mut local = Vec::new();
                for q in queries.iter().skip(t).step_by(threads) {
                    let start = Instant::now();
                    if search(archive, &request(&q.q)).is_ok() {
                        local.push(start.elapsed().as_secs_f64() * 1e3);
                    }
                }
                ms.lock().expect("latency lock").extend(local);
            });
        }
    });
    let wall = started.elapsed().as_secs_f64();
    let ms = ms.into_inner().expect("latency lock");
    Ok(Latency::of(&ms, wall))
}

/// The floor: the same compiled queries through bare `TopDocs`.
pub fn run_floor(archive: &Archive, queries: &[BenchQuery]) -> Result<Latency> {
    let mut ms = Vec::with_capacity(queries.len());
    let started = Instant::now();
    for q in queries {
        let t = Instant::now();
        search_floor(archive, &request(&q.q))?;
        ms.push(t.elapsed().as_secs_f64() * 1e3);
    }
    Ok(Latency::of(&ms, started.elapsed().as_secs_f64()))
}

/// The ids of every article `q` matches.
pub fn ids(archive: &Archive, q: &str) -> Result<HashSet<String>> {
    Ok(matching_ids(archive, &request(q))?.into_iter().collect())
}
