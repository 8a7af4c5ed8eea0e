//! The index: upsert by id, delete, atomic runs, one writer at a time.

use std::io::Write;
use std::path::Path;

use dangjian::corpus::{Source, collect_sources};
use dangjian::index::{Archive, IngestOptions, ingest};
use dangjian::search::{SearchRequest, search};
use dangjian::{Article, Error};

use crate::fixtures::{analyzer, corpus_dir, fresh_page_archive, page_id};

fn write_jsonl(path: &Path, lines: &[&str]) {
    let mut f = std::fs::File::create(path).unwrap();
    for l in lines {
        writeln!(f, "{l}").unwrap();
    }
}

#[test]
fn ingesting_the_corpus_folder_takes_only_the_page() {
    let sources = collect_sources(&[corpus_dir()]).unwrap();
    assert_eq!(sources.len(), 1, "{sources:?}");
    assert!(matches!(&sources[0], Source::Page(p) if p.ends_with("000_d29847e9c32fafa7.txt")));
    assert_eq!(fresh_page_archive().num_articles(), 9);
}

#[test]
fn re_ingest_is_idempotent_and_changes_replace() {
    let archive = fresh_page_archive();
    let sources = collect_sources(&[corpus_dir()]).unwrap();
    let report = ingest(&archive, &sources, &IngestOptions::default()).unwrap();
    assert_eq!(
        (
            report.added,
            report.updated,
            report.unchanged,
            report.deleted
        ),
        (0, 0, 9, 0)
    );
    assert_eq!(archive.num_articles(), 9);

    let mut a: Article = archive.get(&page_id(6)).unwrap();
    a.title = "改过的标题".into();
    let mut w = archive.writer(1, 0).unwrap();
    w.upsert(&a).unwrap();
    w.commit().unwrap();
    assert_eq!(archive.num_articles(), 9);
    assert_eq!(archive.get(&page_id(6)).unwrap().title, "改过的标题");
    let res = search(&archive, &SearchRequest::new("\"改过的标题\"")).unwrap();
    assert_eq!(res.total, 1);
}

#[test]
fn delete_by_id() {
    let archive = fresh_page_archive();
    let mut w = archive.writer(1, 0).unwrap();
    assert!(w.delete(&page_id(3)).unwrap());
    assert!(!w.delete("no-such-id").unwrap());
    w.commit().unwrap();
    assert_eq!(archive.num_articles(), 8);
    assert!(matches!(archive.get(&page_id(3)), Err(Error::NotFound(_))));
}

#[test]
fn a_bad_line_commits_nothing_unless_skip_bad() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mixed.jsonl");
    write_jsonl(
        &path,
        &[
            r#"{"id":"a","title":"甲","body":"第一篇","date":"2020-01-02"}"#,
            r#"{"id":"b","title":"乙"}"#,
            r#"{"id":"c","title":"丙","body":"第三篇"}"#,
        ],
    );
    let archive = Archive::in_memory(analyzer()).unwrap();
    let sources = vec![Source::Jsonl(path.clone())];
    let err = ingest(&archive, &sources, &IngestOptions::default()).unwrap_err();
    let msg = err.to_string();
    assert!(
        msg.contains("mixed.jsonl:2") && msg.contains("`body`"),
        "{msg}"
    );
    assert_eq!(archive.num_articles(), 0);

    let opts = IngestOptions {
        skip_bad: true,
        ..Default::default()
    };
    let report = ingest(&archive, &sources, &opts).unwrap();
    assert_eq!((report.added, report.skipped), (2, 1));
    assert!(report.skip_reasons[0].contains(":2"));
    assert_eq!(archive.num_articles(), 2);
}

#[test]
fn a_second_writer_gets_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let archive = Archive::open_or_create(dir.path(), None).unwrap();
    let first = archive.writer(1, 0).unwrap();
    let second = Archive::open(dir.path()).unwrap().writer(1, 0);
    assert!(
        matches!(second, Err(Error::IndexLocked(_))),
        "{:?}",
        second.err()
    );
    drop(first);
    assert!(archive.writer(1, 0).is_ok());
}

#[test]
fn the_index_reopens_with_its_dictionary() {
    let dir = tempfile::tempdir().unwrap();
    let archive =
        Archive::open_or_create(dir.path(), Some(&corpus_dir().join("userdict.txt"))).unwrap();
    let sources = collect_sources(&[corpus_dir()]).unwrap();
    ingest(&archive, &sources, &IngestOptions::default()).unwrap();
    drop(archive);
    let reopened = Archive::open(dir.path()).unwrap();
    assert_eq!(reopened.num_articles(), 9);
    assert_eq!(
        reopened.analyzer().query_words("温都尔额日格"),
        ["温都尔额日格"]
    );
    let res = search(&reopened, &SearchRequest::new("头雁工程")).unwrap();
    assert_eq!(res.total, 1);
}

#[test]
fn an_index_with_another_schema_gets_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let mut b = tantivy::schema::Schema::builder();
    b.add_text_field("title", tantivy::schema::STORED);
    tantivy::Index::create_in_dir(dir.path(), b.build()).unwrap();
    let err = Archive::open(dir.path()).err().expect("an error");
    assert!(matches!(err, Error::OldIndex(..)), "{err}");
    assert!(err.to_string().contains("ingest again"), "{err}");
    // `ingest` opens or creates: the same error, and the index is untouched.
    let err = Archive::open_or_create(dir.path(), None)
        .err()
        .expect("an error");
    assert!(matches!(err, Error::OldIndex(..)), "{err}");
    assert!(Archive::open(dir.path()).is_err());
}
