//! The index: upsert by id, delete, atomic runs, one writer at a time.

use std::io::Write;
use std::path::Path;

use dangjian::analysis::{Fingerprint, NORMALIZER_VERSION};
use dangjian::corpus::{Source, collect_sources};
use dangjian::index::stored::{DICTIONARY_FILE, DICTIONARY_MIN_SAMPLES};
use dangjian::index::{Archive, IngestOptions, PENDING_DICT, ingest, reindex};
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
fn an_ingest_ends_in_one_segment_without_stale_files() {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    let archive = Archive::open_or_create(&index, None).unwrap();
    let opts = IngestOptions {
        threads: 2,
        ..Default::default()
    };
    for part in 0..3 {
        let path = dir.path().join(format!("part-{part}.jsonl"));
        let lines: Vec<String> = (0..40)
            .map(|i| format!(r#"{{"id":"p{part}-{i}","title":"第{part}批第{i}篇","body":"村集体经济第{i}段"}}"#))
            .collect();
        write_jsonl(&path, &lines.iter().map(String::as_str).collect::<Vec<_>>());
        ingest(&archive, &[Source::Jsonl(path)], &opts).unwrap();
        assert_eq!(
            archive.index().searchable_segment_ids().unwrap().len(),
            1,
            "after part {part}"
        );
    }
    let idx_files = std::fs::read_dir(&index)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "idx")
        })
        .count();
    assert_eq!(idx_files, 1, "the merged segments' files are gone");
    let res = search(&archive, &SearchRequest::new("村集体经济")).unwrap();
    assert_eq!(res.total, 120);
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

#[test]
fn an_index_whose_body_was_stored_as_text_gets_a_clear_error() {
    // The same fields, but the body stored as text, as before it was
    // stored in GB18030: opening it must not show articles without bodies.
    let dir = tempfile::tempdir().unwrap();
    let current = dangjian::index::schema::build().0;
    let mut b = tantivy::schema::Schema::builder();
    for (_, entry) in current.fields() {
        if entry.name() == "body" {
            b.add_text_field("body", tantivy::schema::STORED);
        } else {
            b.add_field(entry.clone());
        }
    }
    tantivy::Index::create_in_dir(dir.path(), b.build()).unwrap();
    for err in [
        Archive::open(dir.path()).err().expect("an error"),
        Archive::open_or_create(dir.path(), None)
            .err()
            .expect("an error"),
    ] {
        assert!(matches!(err, Error::OldIndex(..)), "{err}");
        assert!(err.to_string().contains("ingest again"), "{err}");
    }
}

/// An index of the bundled corpus in `dir`, made with the bundled
/// dictionary.
fn corpus_index(dir: &Path) {
    let archive = Archive::open_or_create(dir, Some(&corpus_dir().join("userdict.txt"))).unwrap();
    let sources = collect_sources(&[corpus_dir()]).unwrap();
    ingest(&archive, &sources, &IngestOptions::default()).unwrap();
}

#[test]
fn every_commit_records_the_analyzer_it_was_made_with() {
    let dir = tempfile::tempdir().unwrap();
    corpus_index(dir.path());
    let archive = Archive::open(dir.path()).unwrap();
    let metas = archive.index().load_metas().unwrap();
    let made = Fingerprint::from_payload(metas.payload.as_deref()).expect("a fingerprint");
    assert_eq!(&made, archive.analyzer().fingerprint());
    assert_eq!(made.normalizer, NORMALIZER_VERSION);
}

#[test]
fn ingesting_with_another_dictionary_is_refused_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    corpus_index(dir.path());
    let other = dir.path().join("other-dict.txt");
    std::fs::write(&other, "育才社区集体经济\n").unwrap();
    let err = Archive::open_or_create(dir.path(), Some(&other))
        .err()
        .expect("refused");
    assert!(matches!(err, Error::AnalyzerChanged { .. }), "{err}");
    assert!(
        err.to_string().contains(&format!(
            "dangjian-search reindex --dict {}",
            other.display()
        )),
        "{err}"
    );
    let index_dict = std::fs::read_to_string(dir.path().join("userdict.txt")).unwrap();
    let bundled = std::fs::read_to_string(corpus_dir().join("userdict.txt")).unwrap();
    assert_eq!(index_dict, bundled, "the index keeps its dictionary");
    assert_eq!(Archive::open(dir.path()).unwrap().num_articles(), 9);
}

#[test]
fn an_index_made_with_another_analyzer_is_refused_until_reindexed() {
    let dir = tempfile::tempdir().unwrap();
    corpus_index(dir.path());
    // The index's dictionary changed behind its back: its terms no longer
    // match the analyzer it would open with.
    assert_eq!(
        word_count(&Archive::open(dir.path()).unwrap(), "育才社区集体经济"),
        0
    );
    std::fs::write(dir.path().join("userdict.txt"), "育才社区集体经济\n").unwrap();
    let err = Archive::open(dir.path()).err().expect("refused");
    assert!(matches!(err, Error::AnalyzerChanged { .. }), "{err}");
    assert!(err.to_string().contains("user dictionary crc32:"), "{err}");
    assert!(err.to_string().contains("dangjian-search reindex"), "{err}");

    let report = reindex(dir.path(), None, 1, false).unwrap();
    assert_eq!(report.articles, 9);
    let archive = Archive::open(dir.path()).unwrap();
    assert_eq!(archive.num_articles(), 9);
    assert_eq!(
        archive.analyzer().query_words("育才社区集体经济"),
        ["育才社区集体经济"]
    );
    let res = search(&archive, &SearchRequest::new("育才社区集体经济")).unwrap();
    assert_eq!(res.total, 1);
    assert_eq!(
        word_count(&archive, "育才社区集体经济"),
        1,
        "the rebuilt words"
    );
}

/// Articles whose `words` field has `word`.
fn word_count(archive: &Archive, word: &str) -> usize {
    let q = tantivy::query::TermQuery::new(
        tantivy::Term::from_field_text(archive.fields().words, word),
        tantivy::schema::IndexRecordOption::Basic,
    );
    archive
        .reader()
        .searcher()
        .search(&q, &tantivy::collector::Count)
        .unwrap()
}

#[test]
fn reindex_keeps_every_stored_field() {
    let dir = tempfile::tempdir().unwrap();
    corpus_index(dir.path());
    let before = Archive::open(dir.path()).unwrap();
    let ids = dangjian::search::matching_ids(&before, &SearchRequest::new("的")).unwrap();
    assert!(ids.len() >= 5);
    let old: Vec<Article> = ids.iter().map(|id| before.get(id).unwrap()).collect();
    drop(before);
    let other = dir.path().join("other-dict.txt");
    std::fs::write(&other, "头雁工程\n").unwrap();
    reindex(dir.path(), Some(&other), 1, false).unwrap();
    let after = Archive::open(dir.path()).unwrap();
    for a in &old {
        assert_eq!(&after.get(&a.id).unwrap(), a);
    }
    assert_eq!(
        std::fs::read_to_string(dir.path().join("userdict.txt")).unwrap(),
        "头雁工程\n"
    );
}

#[test]
fn a_reindex_killed_before_or_after_its_commit_leaves_a_whole_index() {
    let dir = tempfile::tempdir().unwrap();
    corpus_index(dir.path());
    let pending = dir.path().join(PENDING_DICT);
    // Killed before the commit (or still running): the new dictionary is
    // only pending, and the old index opens as it was, with its own.
    let index_dict = dir.path().join("userdict.txt");
    let old_dict = std::fs::read_to_string(&index_dict).unwrap();
    std::fs::write(&pending, "头雁工程\n").unwrap();
    let archive = Archive::open(dir.path()).unwrap();
    assert_eq!(archive.num_articles(), 9);
    assert_eq!(std::fs::read_to_string(&index_dict).unwrap(), old_dict);
    drop(archive);

    // Killed between the commit and moving the dictionary into place:
    // the next open finishes the move.
    let other = dir.path().join("other-dict.txt");
    std::fs::write(&other, "头雁工程\n").unwrap();
    reindex(dir.path(), Some(&other), 1, false).unwrap();
    assert!(!pending.exists());
    std::fs::rename(&index_dict, &pending).unwrap();
    std::fs::copy(corpus_dir().join("userdict.txt"), &index_dict).unwrap();
    let archive = Archive::open(dir.path()).unwrap();
    assert_eq!(archive.num_articles(), 9);
    assert_eq!(std::fs::read_to_string(&index_dict).unwrap(), "头雁工程\n");
}

#[test]
fn an_empty_index_takes_any_dictionary() {
    let dir = tempfile::tempdir().unwrap();
    drop(Archive::open_or_create(dir.path(), None).unwrap());
    let other = dir.path().join("other-dict.txt");
    std::fs::write(&other, "头雁工程\n").unwrap();
    let archive = Archive::open_or_create(dir.path(), Some(&other)).unwrap();
    assert_eq!(archive.analyzer().query_words("头雁工程"), ["头雁工程"]);
}

/// `n` different articles of party-building phrases, as JSONL lines.
fn phrase_articles(n: usize) -> Vec<String> {
    const PHRASES: [&str; 16] = [
        "基层党组织",
        "乡村振兴",
        "集体经济",
        "第一书记",
        "社区治理",
        "党员干部",
        "为民服务",
        "村规民约",
        "产业发展",
        "人才振兴",
        "疫情防控",
        "志愿服务",
        "养老服务",
        "网格化管理",
        "红色教育",
        "合作社",
    ];
    let mut seed: u64 = 7;
    (0..n)
        .map(|i| {
            let mut body = format!("第{i}篇：");
            for _ in 0..30 {
                seed = seed
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                body.push_str(PHRASES[(seed >> 60) as usize]);
                body.push(if seed & 0x300 == 0 { '。' } else { '，' });
            }
            serde_json::json!({"id": format!("a{i}"), "title": format!("标题{i}"), "body": body})
                .to_string()
        })
        .collect()
}

fn body_of(line: &str) -> String {
    let v: serde_json::Value = serde_json::from_str(line).unwrap();
    v["body"].as_str().unwrap().to_string()
}

#[test]
fn a_large_ingest_compresses_the_bodies_and_every_one_comes_back() {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    let lines = phrase_articles(DICTIONARY_MIN_SAMPLES + 100);
    let path = dir.path().join("many.jsonl");
    let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
    write_jsonl(&path, &refs);
    // A server opened the empty index before the ingest made the dictionary.
    let server = Archive::open_or_create(&index, None).unwrap();
    assert!(!server.bodies().has_dictionary());
    let writer = Archive::open_or_create(&index, None).unwrap();
    ingest(&writer, &[Source::Jsonl(path)], &IngestOptions::default()).unwrap();
    assert!(index.join(DICTIONARY_FILE).exists());
    server.reader().reload().unwrap();
    let reopened = Archive::open(&index).unwrap();
    for (i, line) in lines.iter().enumerate().step_by(97) {
        let body = body_of(line);
        for archive in [&server, &writer, &reopened] {
            assert_eq!(archive.get(&format!("a{i}")).unwrap().body_text(), body);
        }
    }
    // Compressed: far below the two bytes a character of GB18030.
    let store: u64 = std::fs::read_dir(&index)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "store"))
        .map(|p| std::fs::metadata(p).unwrap().len())
        .sum();
    let gb_bytes: usize = lines.iter().map(|l| 2 * body_of(l).chars().count()).sum();
    assert!(
        store * 3 < gb_bytes as u64,
        "store {store}, text {gb_bytes}"
    );

    // A snapshot carries the dictionary with it.
    let copy = dir.path().join("copy");
    dangjian::index::snapshot(&index, &copy).unwrap();
    let copied = Archive::open(&copy).unwrap();
    assert_eq!(copied.get("a5").unwrap().body_text(), body_of(&lines[5]));
}

#[test]
fn a_reindex_gives_an_index_of_small_writes_its_dictionary() {
    let dir = tempfile::tempdir().unwrap();
    let lines = phrase_articles(DICTIONARY_MIN_SAMPLES);
    let archive = Archive::open_or_create(dir.path(), None).unwrap();
    for chunk in lines.chunks(500) {
        let mut w = archive.writer(1, 0).unwrap();
        for line in chunk {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            let article = Article {
                id: v["id"].as_str().unwrap().into(),
                title: v["title"].as_str().unwrap().into(),
                body: vec![body_of(line)],
                ..Article::default()
            };
            w.upsert(&article).unwrap();
        }
        w.commit().unwrap();
    }
    assert!(!archive.bodies().has_dictionary());
    drop(archive);
    reindex(dir.path(), None, 1, false).unwrap();
    assert!(dir.path().join(DICTIONARY_FILE).exists());
    let after = Archive::open(dir.path()).unwrap();
    assert!(after.bodies().has_dictionary());
    assert_eq!(after.get("a7").unwrap().body_text(), body_of(&lines[7]));
}

/// An ingest learns the opening most bodies share, indexes it for the
/// articles that have it (also in a later run), and strings cut from it
/// (or running on into the body) count exactly the articles holding them.
#[test]
fn a_shared_opening_is_learnt_and_strings_in_it_count_exactly() {
    use dangjian::analysis::normalize;
    use dangjian::index::openings;

    let dir = tempfile::tempdir().unwrap();
    let archive = Archive::open_or_create(&dir.path().join("index"), None).unwrap();
    let opening = "央视网消息（新闻联播）：";
    let mut texts: Vec<(String, String)> = Vec::new();
    for part in 0..2 {
        let path = dir.path().join(format!("part-{part}.jsonl"));
        let lines: Vec<String> = (0..60)
            .map(|i| {
                let body = match i % 4 {
                    0 => format!("昨晚的新闻联播报道了第{i}个村。央视网消息（新闻"),
                    1 if i < 20 => format!("记者{i}报道：网消息（新闻联播）"),
                    _ => format!("{opening}今天，第{i}个村发展集体经济。"),
                };
                let title = format!("第{part}批第{i}篇");
                texts.push((title.clone(), body.clone()));
                format!(r#"{{"id":"p{part}-{i}","title":"{title}","body":"{body}"}}"#)
            })
            .collect();
        write_jsonl(&path, &lines.iter().map(String::as_str).collect::<Vec<_>>());
        ingest(&archive, &[Source::Jsonl(path)], &IngestOptions::default()).unwrap();
        let searcher = archive.reader().searcher();
        assert_eq!(
            openings::of_index(&searcher, archive.fields().opening).unwrap(),
            vec![normalize(opening)],
            "after part {part}"
        );
        for q in [
            "新闻联播）：",
            "网消息（新闻",
            "消息（新",
            "联播）：今天",
            "：今天，第1",
            "央视网消息（新闻联播）：今天，第2个村",
            "新闻联播",
        ] {
            let want = texts
                .iter()
                .filter(|(t, b)| normalize(b).contains(&normalize(q)) || t.contains(q))
                .count();
            for query in [format!("\"{q}\""), q.to_string()] {
                let res = search(&archive, &SearchRequest::new(&query)).unwrap();
                if query.starts_with('"') {
                    assert_eq!(res.total as usize, want, "{query} after part {part}");
                } else {
                    assert!(res.total as usize >= want, "{query} after part {part}");
                }
            }
        }
    }
}
