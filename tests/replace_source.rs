//! Re-ingesting a source replaces it: a corrected page holds exactly its
//! new articles, and the stories that did not change keep their ids.

use std::collections::BTreeSet;
use std::path::Path;

use dangjian::corpus::{Source, read_page};
use dangjian::index::{Archive, IngestOptions, IngestReport, ingest};
use dangjian::search::{SearchRequest, search};
use tantivy::query::AllQuery;

use crate::fixtures::{analyzer, page_path};

/// The page as printed, and as corrected: the photo item (heading, caption,
/// credit) removed and one headline fixed.
fn corrected_page() -> (String, String) {
    let original = std::fs::read_to_string(page_path()).unwrap();
    let corrected: String = original
        .lines()
        .filter(|l| {
            let l = l.trim();
            !(l == "保障春耕灌溉" || l.starts_with("春灌伊始") || l == "白燕荣 摄")
        })
        .map(|l| {
            format!(
                "{}\n",
                l.replace("让乡土人才“破土飘香”", "让乡土人才“破土生香”")
            )
        })
        .collect();
    assert_ne!(original, corrected);
    (original, corrected)
}

/// Every id in the index.
pub fn ids_in(archive: &Archive) -> BTreeSet<String> {
    let searcher = archive.reader().searcher();
    let all = searcher
        .search(&AllQuery, &tantivy::collector::DocSetCollector)
        .unwrap();
    all.into_iter()
        .map(|address| archive.article_head(&searcher.doc(address).unwrap()).id)
        .collect()
}

fn ingest_file(archive: &Archive, path: &Path, replace_source: bool) -> IngestReport {
    let source = Source::classify(path).unwrap();
    let opts = IngestOptions {
        replace_source,
        ..IngestOptions::default()
    };
    ingest(archive, &[source], &opts).unwrap()
}

#[test]
fn a_corrected_page_replaces_the_old_one_and_unchanged_stories_keep_their_ids() {
    let (original, corrected) = corrected_page();
    let name = "2023-07-12_p4.txt";
    let before: Vec<String> = read_page(&original, name, None)
        .into_iter()
        .map(|a| a.id)
        .collect();
    let after: BTreeSet<String> = read_page(&corrected, name, None)
        .into_iter()
        .map(|a| a.id)
        .collect();

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    let archive = Archive::in_memory(analyzer()).unwrap();
    std::fs::write(&path, &original).unwrap();
    ingest_file(&archive, &path, false);
    assert_eq!(ids_in(&archive), before.iter().cloned().collect());

    std::fs::write(&path, &corrected).unwrap();
    let report = ingest_file(&archive, &path, false);
    assert_eq!(
        ids_in(&archive),
        after,
        "exactly the corrected page's articles"
    );
    assert_eq!(archive.num_articles() as usize, after.len());
    let gone: Vec<&String> = before.iter().filter(|id| !after.contains(*id)).collect();
    assert_eq!(gone.len(), 1, "only the photo item went: {gone:?}");
    assert_eq!(
        (
            report.added,
            report.updated,
            report.deleted,
            report.unchanged
        ),
        (0, 1, 1, before.len() as u64 - 2),
        "{report:?}"
    );
    let fixed = search(&archive, &SearchRequest::new("title:破土生香")).unwrap();
    assert_eq!(fixed.total, 1);
    assert!(
        before.contains(&fixed.hits[0].id),
        "a fixed headline keeps its id"
    );
    let old = search(&archive, &SearchRequest::new("title:破土飘香")).unwrap();
    assert_eq!(old.total, 0, "the old headline is gone");
}

#[test]
fn a_jsonl_file_replaces_its_articles_only_with_replace_source() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("feed.jsonl");
    let line = |id: &str, title: &str| {
        format!(r#"{{"id":"{id}","title":"{title}","body":"{title}的正文。"}}"#)
    };
    let archive = Archive::in_memory(analyzer()).unwrap();
    std::fs::write(
        &path,
        [line("a", "甲"), line("b", "乙"), line("c", "丙")].join("\n"),
    )
    .unwrap();
    ingest_file(&archive, &path, false);
    std::fs::write(&path, [line("a", "甲"), line("b", "乙改")].join("\n")).unwrap();

    let report = ingest_file(&archive, &path, false);
    assert_eq!(
        (report.updated, report.unchanged, report.deleted),
        (1, 1, 0)
    );
    assert_eq!(
        archive.num_articles(),
        3,
        "without the flag nothing is deleted"
    );

    let report = ingest_file(&archive, &path, true);
    assert_eq!(
        (report.updated, report.unchanged, report.deleted),
        (0, 2, 1)
    );
    assert_eq!(ids_in(&archive), ["a", "b"].map(String::from).into());
}
