//! Ten thousand hostile requests (`HOSTILE_REQUESTS=N`), then slow clients:
//! no 5xx, JSON errors, a healthy server afterwards.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use crate::harness::{Response, Rng, Server, get};

use super::cases::make_case;
use super::tally::{Tally, send_case, slow_client};
use super::*;

#[test]
fn hostile_requests_never_get_a_5xx_and_leave_the_server_healthy() {
    let total: usize = std::env::var("HOSTILE_REQUESTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let dir = tempfile::tempdir().unwrap();
    // The index in one segment, in page order, so that every run searches
    // the same layout (the server's own ingest uses one thread per core).
    let out = crate::harness::bin()
        .arg("ingest")
        .arg("--index")
        .arg(dir.path().join("idx"))
        .arg(crate::fixtures::corpus_dir())
        .arg("--dict")
        .arg(crate::fixtures::corpus_dir().join("userdict.txt"))
        .args(["--threads", "1"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut server = Server::start(
        &dir.path().join("idx"),
        dir.path(),
        &["--write-token", TOKEN],
    );
    let port = server.port;
    let started = Instant::now();
    let mut seed_rng = Rng::from_env_or_clock("hostile_http");

    // Slow clients, alongside the flood.
    let slow: Vec<_> = [
        "/api/health",
        "/api/search?q=%E9%9B%86%E4%BD%93",
        "/api/search?q=x&limit=zz",
    ]
    .into_iter()
    .map(|t| std::thread::spawn(move || slow_client(port, t)))
    .collect();

    let tally = Arc::new(Mutex::new(Tally::default()));
    let next = Arc::new(AtomicUsize::new(0));
    let workers: Vec<_> = (0..THREADS)
        .map(|_| {
            let tally = tally.clone();
            let next = next.clone();
            let mut rng = Rng::new(seed_rng.next_u64());
            std::thread::spawn(move || {
                while next.fetch_add(1, Ordering::Relaxed) < total {
                    let case = make_case(&mut rng);
                    let outcome = send_case(port, &case);
                    tally.lock().unwrap().record(&case, outcome);
                }
            })
        })
        .collect();
    for w in workers {
        w.join().unwrap();
    }
    let slow: Vec<Result<Response, String>> = slow.into_iter().map(|h| h.join().unwrap()).collect();
    let flood_secs = started.elapsed().as_secs_f64();

    let alive = server.alive();
    let health = get(port, "/api/health");
    let tally = tally.lock().unwrap();
    let classes: BTreeMap<String, usize> =
        tally
            .by_status
            .iter()
            .fold(BTreeMap::new(), |mut m, (s, n)| {
                *m.entry(format!("{}xx", s / 100)).or_default() += n;
                m
            });
    println!(
        "hostile_http: {} requests in {flood_secs:.1} s ({:.0}/s) + {} slow clients; by class {classes:?}; by status {:?}; \
         closed without response {} {:?}; bare HTTP-parser 4xx {:?}; error codes {:?}",
        tally.requests,
        tally.requests as f64 / flood_secs,
        slow.len(),
        tally.by_status,
        tally.closed_without_response,
        tally.closed_by_family,
        tally.bare_parser_4xx,
        tally.by_code,
    );

    let log = server.log();
    assert!(alive, "the server died; log:\n{log}");
    let health = health.expect("no answer from /api/health after the flood");
    assert_eq!(health.status, 200, "{health:?}");
    assert_eq!(tally.requests, total);
    assert!(
        tally.failures.is_empty(),
        "{} failures, first ones:\n{}",
        tally.failures.len(),
        tally.failures.join("\n")
    );
    for r in &slow {
        let r = r.as_ref().unwrap();
        assert!(r.status < 500, "slow client got {r:?}");
        if r.status >= 400 {
            assert!(r.error_code().is_some(), "slow client got {r:?}");
        }
    }
    assert!(
        !log.contains("panicked"),
        "the server log shows a panic:\n{log}"
    );
}
