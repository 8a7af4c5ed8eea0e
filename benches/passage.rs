//! Pasted-passage latency on the xwlb archive: random passages of 200 to
//! 2,000 characters cut from article bodies, searched in-process like the
//! API does (snippets and facets included). Prints p50 / p99 / max and how
//! many came back with their article first.
//!
//! It reads an index built beforehand (building one takes a minute):
//!
//! ```text
//! cargo run --release -- --index /tmp/xwlb-ime ingest ../shared/corpus/xwlb-2012-2026.jsonl.zst
//! cargo bench --bench passage -- /tmp/xwlb-ime
//! ```

mod common;

use std::time::Instant;

use dangjian::analysis::literal_units;
use dangjian::index::Archive;
use dangjian::search::{SearchRequest, search};
use tantivy::{DocAddress, TantivyDocument};

/// Passages timed.
const PASSAGES: usize = 200;
/// Times each passage is searched.
const ROUNDS: usize = 5;

/// xorshift64*: a fixed sequence, so every run times the same passages.
struct Rng(u64);
impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11) as usize % n.max(1)
    }
}

fn folded(text: &str) -> String {
    literal_units(text).into_iter().collect()
}

fn main() {
    let Some(dir) = common::index_arg("passage", "/tmp/xwlb-ime") else {
        return;
    };
    let archive = Archive::open(&dir).expect("open the index");
    let searcher = archive.reader().searcher();
    let addresses: Vec<DocAddress> = searcher
        .segment_readers()
        .iter()
        .enumerate()
        .flat_map(|(ord, s)| {
            s.doc_ids_alive()
                .map(move |d| DocAddress::new(ord as u32, d))
        })
        .collect();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut passages: Vec<(String, String)> = Vec::new();
    while passages.len() < PASSAGES {
        let doc: TantivyDocument = searcher.doc(addresses[rng.below(addresses.len())]).unwrap();
        let article = archive.article_from_doc(&doc);
        let body: Vec<char> = article.body.join("\n").chars().collect();
        if body.len() < 200 {
            continue;
        }
        let len = 200 + rng.below(body.len().min(2_000) - 200 + 1);
        let start = rng.below(body.len() - len + 1);
        passages.push((article.id, body[start..start + len].iter().collect()));
    }

    let mut times = Vec::new();
    let (mut first, mut containing) = (0, 0);
    for (id, passage) in &passages {
        let req = SearchRequest::new(passage.as_str());
        let res = search(&archive, &req).unwrap();
        match res.hits.first() {
            Some(h) if h.id == *id => first += 1,
            Some(h) => {
                let top = archive.get(&h.id).unwrap();
                let text = folded(&format!("{}\n{}", top.title, top.body.join("\n")));
                if text.contains(&folded(passage)) {
                    containing += 1;
                } else {
                    eprintln!(
                        "miss: {id} ranked {:?}",
                        res.hits.iter().position(|h| h.id == *id)
                    );
                }
            }
            None => eprintln!("miss: {id} not found"),
        }
        for _ in 0..ROUNDS {
            let t = Instant::now();
            search(&archive, &req).unwrap();
            times.push(t.elapsed().as_secs_f64() * 1e3);
        }
    }
    times.sort_by(f64::total_cmp);
    let pct = |p: f64| times[((times.len() - 1) as f64 * p).round() as usize];
    println!(
        "{} passages of 200-2,000 characters x {ROUNDS} rounds on {} articles: p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        passages.len(),
        addresses.len(),
        pct(0.5),
        pct(0.99),
        pct(1.0)
    );
    println!(
        "first: its own article {first}, another article that contains the passage {containing}, misses {}",
        passages.len() - first - containing
    );
}
