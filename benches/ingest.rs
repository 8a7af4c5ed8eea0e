//! Ingest throughput: articles into a fresh in-memory index, committed,
//! in bytes of title and body per second.

mod common;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use dangjian::analysis::Analyzer;
use dangjian::index::Archive;
use dangjian::search::{SearchRequest, search};

fn ingest(c: &mut Criterion) {
    let (articles, _) = common::articles(5_000);
    let bytes: usize = articles
        .iter()
        .map(|a| a.title.len() + a.body_text().len())
        .sum();
    let analyzer = Analyzer::from_dict_file(&common::user_dict()).unwrap();
    let run = || {
        let archive = Archive::in_memory(analyzer.clone()).unwrap();
        let mut writer = archive.writer(2, 256 * 1024 * 1024).unwrap();
        for a in &articles {
            writer.upsert(a).unwrap();
        }
        writer.commit().unwrap();
        archive
    };
    // What is timed must work: every article is in, and findable by title.
    let archive = run();
    assert_eq!(archive.num_articles(), articles.len() as u64);
    let probe = format!(
        "\"{}\"",
        articles[articles.len() / 2].title.replace('"', "")
    );
    assert!(search(&archive, &SearchRequest::new(probe)).unwrap().total >= 1);

    let mut group = c.benchmark_group("ingest");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(10);
    group.bench_function("upsert+commit", |b| b.iter(run));
    group.finish();
}

criterion_group!(benches, ingest);
criterion_main!(benches);
