//! Suggestion latency, one prefix at a time, on the xwlb archive (or the
//! bundled page when the archive is absent): the first one, two and three
//! characters of every query of the benchmark query set, as a user types
//! them. Prints p50/p99/max and fails if p99 is over 1 ms; criterion then
//! times the whole prefix set.
//!
//! Building the xwlb index in memory takes minutes; point
//! `DANGJIAN_BENCH_INDEX` at an index built by `ingest` to skip that.

mod common;

use std::path::PathBuf;
use std::time::Instant;

use criterion::{Criterion, criterion_group, criterion_main};
use dangjian::analysis::Analyzer;
use dangjian::index::Archive;
use dangjian::search::suggest::Suggester;

/// The budget: p99 of one suggestion, in milliseconds.
const P99_BUDGET_MS: f64 = 1.0;

fn archive() -> (Archive, String) {
    if let Some(dir) = std::env::var_os("DANGJIAN_BENCH_INDEX") {
        let dir = PathBuf::from(dir);
        let archive = Archive::open(&dir).expect("DANGJIAN_BENCH_INDEX is an index");
        return (archive, format!("index {}", dir.display()));
    }
    let (articles, corpus) = common::articles(usize::MAX);
    let archive =
        Archive::in_memory(Analyzer::from_dict_file(&common::user_dict()).unwrap()).unwrap();
    let mut writer = archive.writer(2, 512 * 1024 * 1024).unwrap();
    for a in &articles {
        writer.upsert(a).unwrap();
    }
    writer.commit().unwrap();
    archive.reload().unwrap();
    (archive, corpus.to_string())
}

fn suggest(c: &mut Criterion) {
    let (archive, corpus) = archive();
    let started = Instant::now();
    let suggester = Suggester::build(&archive.reader().searcher(), archive.fields()).unwrap();
    eprintln!(
        "suggest ({corpus}): {} articles, {} candidates, table built in {:.0} ms",
        archive.num_articles(),
        suggester.len(),
        started.elapsed().as_secs_f64() * 1e3
    );

    let set = common::queries();
    let mut prefixes: Vec<String> = Vec::new();
    for q in &set {
        let chars: Vec<char> = q.q.trim_matches('"').chars().collect();
        for n in 1..=3.min(chars.len()) {
            prefixes.push(chars[..n].iter().collect());
        }
    }
    prefixes.extend(["乡村", "头雁", "时代楷模", "高标准"].map(String::from));

    // What is timed must be right: every suggestion starts with its prefix.
    for p in ["乡村", "头雁"] {
        let got = suggester.suggest(p, 8);
        eprintln!(
            "  {p}: {:?}",
            got.iter().map(|s| (&s.text, s.count)).collect::<Vec<_>>()
        );
        assert!(got.iter().all(|s| s.text.starts_with(p)), "{p}: {got:?}");
    }
    assert!(!suggester.suggest("乡村", 8).is_empty());

    let mut ms: Vec<f64> = prefixes
        .iter()
        .map(|p| {
            let t = Instant::now();
            std::hint::black_box(suggester.suggest(p, 8));
            t.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    ms.sort_by(f64::total_cmp);
    let at = |p: f64| ms[((ms.len() - 1) as f64 * p).round() as usize];
    let (p50, p99, max) = (at(0.5), at(0.99), at(1.0));
    eprintln!(
        "suggest ({corpus}): {} prefixes, p50 {p50:.4} ms, p99 {p99:.4} ms, max {max:.4} ms",
        ms.len()
    );
    assert!(
        p99 <= P99_BUDGET_MS,
        "p99 {p99:.3} ms is over the {P99_BUDGET_MS} ms budget"
    );

    let mut group = c.benchmark_group(format!("suggest ({corpus})"));
    group.bench_function(format!("prefixes x{}", prefixes.len()), |b| {
        b.iter(|| {
            for p in &prefixes {
                std::hint::black_box(suggester.suggest(p, 8));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, suggest);
criterion_main!(benches);
