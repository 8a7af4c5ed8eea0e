//! Named fixtures: the bundled page, and indexes built from it.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use dangjian::analysis::Analyzer;
use dangjian::corpus::{USER_DICT, collect_sources, read_page};
use dangjian::index::{Archive, IngestOptions, ingest};
use dangjian::search::{SearchRequest, SearchResponse, search};

/// The bundled corpus folder.
pub fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus")
}

/// The bundled newspaper page.
pub fn page_path() -> PathBuf {
    corpus_dir().join("000_d29847e9c32fafa7.txt")
}

/// The id the page reader gives the `n`th article (from 1) of the bundled
/// page: ids are hashes of what a story keeps, not positions.
pub fn page_id(n: usize) -> String {
    let text = std::fs::read_to_string(page_path()).unwrap();
    read_page(&text, "000_d29847e9c32fafa7.txt", None)[n - 1]
        .id
        .clone()
}

/// The project's analyzer (jieba + the bundled user dictionary), built once.
pub fn analyzer() -> Analyzer {
    static ANALYZER: OnceLock<Analyzer> = OnceLock::new();
    ANALYZER
        .get_or_init(|| Analyzer::from_dict_file(&corpus_dir().join(USER_DICT)).unwrap())
        .clone()
}

/// A fresh in-memory index of the bundled page (for tests that write).
pub fn fresh_page_archive() -> Archive {
    let archive = Archive::in_memory(analyzer()).unwrap();
    let sources = collect_sources(&[corpus_dir()]).unwrap();
    ingest(&archive, &sources, &IngestOptions::default()).unwrap();
    archive
}

/// The bundled page indexed once, shared by read-only tests.
pub fn page_archive() -> &'static Archive {
    static ARCHIVE: OnceLock<Archive> = OnceLock::new();
    ARCHIVE.get_or_init(fresh_page_archive)
}

/// Searches the shared page index with default options.
pub fn find(q: &str) -> SearchResponse {
    search(page_archive(), &SearchRequest::new(q)).unwrap()
}

/// Titles of the hits, best first.
pub fn titles(res: &SearchResponse) -> Vec<&str> {
    res.hits.iter().map(|h| h.title.as_str()).collect()
}
