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
        assert!(page.with_extension("json").exists(), "{page:?} has no .json");
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
            check("dateline", a.dateline == e.dateline, format!("{:?}", a.dateline));
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
