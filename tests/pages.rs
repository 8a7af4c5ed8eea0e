//! The page reader on the test pages of `tests/pages/`: invented stories in
//! the layout system's format, each page with the articles it must give
//! (`NAME.json` next to `NAME.txt`).

use std::path::{Path, PathBuf};

use dangjian::corpus::split_page;
use serde::Deserialize;

/// One article a test page must produce.
#[derive(Debug, Deserialize)]
struct Expected {
    title: String,
    #[serde(default)]
    column: Option<String>,
    #[serde(default)]
    kicker: Option<String>,
    #[serde(default)]
    dateline: Option<String>,
    /// `[name, role]` pairs.
    authors: Vec<(String, String)>,
    body: Vec<String>,
    /// Whether the reader must say it was unsure of this article.
    #[serde(default)]
    unsure: bool,
}

fn pages_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/pages")
}

fn test_pages() -> Vec<PathBuf> {
    let mut pages: Vec<PathBuf> = std::fs::read_dir(pages_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    pages.sort();
    pages
}

#[test]
fn there_are_at_least_ten_test_pages_each_with_its_articles() {
    let pages = test_pages();
    assert!(pages.len() >= 10, "{} test pages", pages.len());
    for page in pages {
        assert!(
            page.with_extension("json").exists(),
            "{page:?} has no .json"
        );
    }
}

#[test]
fn every_test_page_gives_exactly_its_articles() {
    let mut failures = Vec::new();
    for page in test_pages() {
        let name = page.file_name().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&page).unwrap();
        let expected: Vec<Expected> =
            serde_json::from_str(&std::fs::read_to_string(page.with_extension("json")).unwrap())
                .unwrap_or_else(|e| panic!("{name}.json: {e}"));
        let got = split_page(&text, &name, None);
        let titles: Vec<&str> = got.iter().map(|a| a.article.title.as_str()).collect();
        let want: Vec<&str> = expected.iter().map(|a| a.title.as_str()).collect();
        if titles != want {
            failures.push(format!("{name}: titles {titles:?}, want {want:?}"));
            continue;
        }
        for (g, e) in got.iter().zip(&expected) {
            let a = &g.article;
            let authors: Vec<(String, String)> = a
                .authors
                .iter()
                .map(|x| (x.name.clone(), x.role.as_str().to_string()))
                .collect();
            let mut check = |what: &str, ok: bool, detail: String| {
                if !ok {
                    failures.push(format!("{name} «{}» {what}: {detail}", e.title));
                }
            };
            check("column", a.column == e.column, format!("{:?}", a.column));
            check("kicker", a.kicker == e.kicker, format!("{:?}", a.kicker));
            check(
                "dateline",
                a.dateline == e.dateline,
                format!("{:?}", a.dateline),
            );
            check("authors", authors == e.authors, format!("{authors:?}"));
            check("body", a.body == e.body, format!("{:#?}", a.body));
            check(
                "doubts",
                g.doubts.is_empty() != e.unsure,
                format!("{:?}", g.doubts),
            );
            check("valid", a.clone().validate().is_ok(), String::new());
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn ingest_dry_run_shows_the_split_and_the_doubts_without_an_index() {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("idx");
    let page = pages_dir().join("10_no_byline.txt");
    let run = |json: bool| {
        let mut args = vec!["--index", index.to_str().unwrap(), "ingest", "--dry-run"];
        if json {
            args.push("--json");
        }
        args.push(page.to_str().unwrap());
        crate::harness::bin().args(&args).output().unwrap()
    };
    let o = run(false);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains("3 articles, 2 unsure"), "{text}");
    assert!(text.contains("孟飞 (reporter)"), "{text}");
    assert!(text.contains("unsure: no byline"), "{text}");

    let o = run(true);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let split = &v[0]["split"];
    assert_eq!(split.as_array().unwrap().len(), 3);
    assert_eq!(split[1]["title"], "全区新建党群服务中心500个");
    assert_eq!(split[1]["kicker"], "简讯");
    assert_eq!(split[0]["paragraphs"], 2);
    assert!(!split[1]["doubts"].as_array().unwrap().is_empty());
    assert!(!index.exists(), "a dry run must not create the index");
}

#[test]
fn a_dateline_taken_out_of_the_body_is_stored_and_still_found() {
    use dangjian::index::{Archive, IngestOptions, ingest};
    use dangjian::search::{SearchRequest, search};

    let archive = Archive::in_memory(crate::fixtures::analyzer()).unwrap();
    let sources =
        dangjian::corpus::collect_sources(&[pages_dir().join("02_dateline_bylines.txt")]).unwrap();
    let report = ingest(&archive, &sources, &IngestOptions::default()).unwrap();
    assert_eq!(report.added, 3);
    assert!(report.doubts.is_empty(), "{:?}", report.doubts);
    for q in ["新华社", "\"本报北京1月5日讯\"", "北京1月5日电"] {
        let res = search(&archive, &SearchRequest::new(q)).unwrap();
        assert!(res.total >= 1, "{q} finds nothing");
    }
    let hit = search(&archive, &SearchRequest::new("记者从农业农村部获悉")).unwrap();
    let stored = archive.get(&hit.hits[0].id).unwrap();
    assert_eq!(stored.dateline.as_deref(), Some("新华社北京1月5日电"));
    assert!(stored.body[0].starts_with("记者从农业农村部获悉"));
}
