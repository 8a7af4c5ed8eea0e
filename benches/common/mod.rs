//! What the benches share: the corpus they run on, and the query set.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use dangjian::Article;
use dangjian::corpus::{JsonlReader, USER_DICT, read_page};

/// The xwlb archive, when the shared folder is there.
pub fn xwlb_path() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/xwlb-2012-2026.jsonl.zst");
    p.exists().then_some(p)
}

pub fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus")
}

pub fn user_dict() -> PathBuf {
    corpus_dir().join(USER_DICT)
}

/// Up to `limit` articles of the xwlb archive, or the bundled page's when
/// the archive is absent; says which on stderr.
pub fn articles(limit: usize) -> (Vec<Article>, &'static str) {
    match xwlb_path() {
        Some(p) => {
            let a: Vec<Article> = JsonlReader::open(&p)
                .expect("open xwlb")
                .take(limit)
                .collect::<Result<_, _>>()
                .expect("read xwlb");
            eprintln!("bench corpus: xwlb ({} articles)", a.len());
            (a, "xwlb")
        }
        None => {
            eprintln!(
                "bench corpus: ../shared/corpus/xwlb-2012-2026.jsonl.zst is absent; using the bundled page"
            );
            let path = corpus_dir().join("000_d29847e9c32fafa7.txt");
            let text = std::fs::read_to_string(&path).expect("bundled page");
            (
                read_page(&text, "000_d29847e9c32fafa7.txt", None),
                "bundled page",
            )
        }
    }
}

/// One query of the committed set (`kind<TAB>query<TAB>expected id`).
pub struct BenchQuery {
    pub kind: String,
    pub q: String,
}

/// The committed query set, `benches/queries.tsv` (the benchmark package
/// reads the same file with its own loader).
pub fn queries() -> Vec<BenchQuery> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/queries.tsv");
    std::fs::read_to_string(&path)
        .expect("benches/queries.tsv")
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .filter_map(|l| {
            let mut parts = l.splitn(3, '\t');
            let kind = parts.next()?.to_string();
            let q = parts.next().filter(|q| !q.is_empty())?.to_string();
            Some(BenchQuery { kind, q })
        })
        .collect()
}

/// The index a bench that reads one built beforehand runs on: the first
/// argument that is not a flag, else `DANGJIAN_BENCH_INDEX`, else
/// `default`. None (and says so) when there is no index there.
pub fn index_arg(bench: &str, default: &str) -> Option<PathBuf> {
    let dir: PathBuf = std::env::args()
        .skip(1)
        .find(|a| !a.starts_with("--"))
        .or_else(|| std::env::var("DANGJIAN_BENCH_INDEX").ok())
        .unwrap_or_else(|| default.into())
        .into();
    if !dangjian::index::Archive::exists(&dir) {
        println!(
            "{bench} bench skipped: no index at {} (see the header of benches/{bench}.rs)",
            dir.display()
        );
        return None;
    }
    Some(dir)
}
