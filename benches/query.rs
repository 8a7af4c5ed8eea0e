//! Query latency with snippets and facets, per kind of query from the
//! benchmark query set, on an index of the xwlb archive (or the bundled
//! page when the archive is absent).

mod common;

use criterion::{Criterion, criterion_group, criterion_main};
use dangjian::analysis::Analyzer;
use dangjian::index::Archive;
use dangjian::search::{SearchRequest, search};

fn query(c: &mut Criterion) {
    let (articles, corpus) = common::articles(usize::MAX);
    let archive =
        Archive::in_memory(Analyzer::from_dict_file(&common::user_dict()).unwrap()).unwrap();
    let mut writer = archive.writer(2, 512 * 1024 * 1024).unwrap();
    for a in &articles {
        writer.upsert(a).unwrap();
    }
    writer.commit().unwrap();

    let set = common::queries();
    let mut group = c.benchmark_group(format!("query ({corpus})"));
    group.sample_size(20);
    for kind in [
        "headline",
        "tag",
        "substring",
        "char",
        "two_terms",
        "quoted",
    ] {
        let qs: Vec<String> = if corpus == "xwlb" {
            set.iter()
                .filter(|q| q.kind == kind)
                .take(50)
                .map(|q| q.q.clone())
                .collect()
        } else {
            [
                "集体经济",
                "头雁工程",
                "\"生活困难户\"",
                "宝日呼吉尔 街道",
                "党",
            ]
            .iter()
            .map(|s| s.to_string())
            .collect()
        };
        // What is timed must be right: headlines find their article first.
        let found: usize = qs
            .iter()
            .map(|q| {
                search(&archive, &SearchRequest::new(q.as_str()))
                    .unwrap()
                    .hits
                    .len()
            })
            .sum();
        assert!(found > 0, "{kind}: nothing found");
        if kind == "headline" && corpus == "xwlb" {
            for q in set.iter().filter(|q| q.kind == "headline").take(50) {
                let res = search(&archive, &SearchRequest::new(q.q.as_str())).unwrap();
                assert_eq!(res.hits[0].title.trim(), q.q.trim(), "headline {}", q.q);
            }
        }
        group.bench_function(format!("{kind} x{}", qs.len()), |b| {
            b.iter(|| {
                for q in &qs {
                    search(&archive, &SearchRequest::new(q.as_str())).unwrap();
                }
            })
        });
        if corpus != "xwlb" {
            break;
        }
    }
    group.finish();
}

criterion_group!(benches, query);
criterion_main!(benches);
