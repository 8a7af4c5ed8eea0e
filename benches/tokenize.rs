//! Throughput of the word (jieba) and literal (character pair / character)
//! analyzers on real text, in bytes per second.

mod common;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use dangjian::analysis::{Analyzer, CHARS, LITERAL, WORDS};
use dangjian::index::Archive;
use tantivy::tokenizer::TokenStream;

fn tokenize(c: &mut Criterion) {
    let (articles, _) = common::articles(2_000);
    let text: String = articles
        .iter()
        .map(|a| a.body_text())
        .collect::<Vec<_>>()
        .join("\n");
    let archive =
        Archive::in_memory(Analyzer::from_dict_file(&common::user_dict()).unwrap()).unwrap();
    let mut group = c.benchmark_group("tokenize");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.sample_size(10);
    for name in [WORDS, LITERAL, CHARS] {
        let mut analyzer = archive.index().tokenizers().get(name).expect("registered");
        let mut count = 0;
        {
            let mut stream = analyzer.token_stream(&text);
            while stream.advance() {
                count += 1;
            }
        }
        assert!(count > text.len() / 10, "{name}: only {count} tokens");
        group.bench_function(name, |b| {
            b.iter(|| {
                let mut stream = analyzer.token_stream(&text);
                let mut n = 0usize;
                while stream.advance() {
                    n += 1;
                }
                n
            })
        });
    }
    group.finish();
}

criterion_group!(benches, tokenize);
criterion_main!(benches);
