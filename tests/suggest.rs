//! Suggestions: prefixes complete to the archive's own words, columns and
//! tags, most frequent first, with stable error codes.

use axum::http::StatusCode;

use dangjian::Article;
use dangjian::index::Archive;
use dangjian::search::suggest::{Suggester, SuggestionKind};

use crate::fixtures::{analyzer, page_archive};
use crate::http::get;

fn suggester(archive: &Archive) -> Suggester {
    Suggester::build(&archive.reader().searcher(), archive.fields()).unwrap()
}

#[test]
fn a_headline_prefix_completes_to_headline_words_of_the_page() {
    let s = suggester(page_archive());
    let texts: Vec<String> = s.suggest("头雁", 8).into_iter().map(|x| x.text).collect();
    assert!(texts.iter().any(|t| t == "头雁"), "{texts:?}");
    let texts: Vec<String> = s.suggest("乡村", 8).into_iter().map(|x| x.text).collect();
    assert!(
        texts
            .iter()
            .any(|t| t.starts_with("乡村") && t.chars().count() > 2),
        "{texts:?}"
    );
    assert!(s.suggest("乡", 5).iter().all(|x| x.text.starts_with('乡')));
}

#[test]
fn suggestions_are_ranked_by_count_and_carry_their_kind() {
    let archive = Archive::in_memory(analyzer()).unwrap();
    let mut w = archive.writer(1, 0).unwrap();
    for (i, title) in [
        "乡村振兴见成效",
        "乡村振兴新篇章",
        "乡村旅游火起来",
        "乡村旅游",
        "乡村振兴",
    ]
    .iter()
    .enumerate()
    {
        w.upsert(&Article {
            id: format!("a{i}"),
            title: title.to_string(),
            body: vec!["正文".into()],
            column: Some("乡村观察".into()),
            tags: vec!["乡村振兴".into()],
            ..Article::default()
        })
        .unwrap();
    }
    w.commit().unwrap();
    archive.reload().unwrap();
    let got = suggester(&archive).suggest("乡村", 10);
    let counts: Vec<u64> = got.iter().map(|s| s.count).collect();
    assert!(counts.windows(2).all(|w| w[0] >= w[1]), "{got:?}");
    assert_eq!(got[0].text, "乡村");
    assert_eq!(got[0].count, 5);
    let find = |t: &str| got.iter().find(|s| s.text == t).cloned();
    assert_eq!(find("乡村振兴").unwrap().count, 5, "{got:?}");
    assert_eq!(find("乡村观察").unwrap().kind, SuggestionKind::Column);
    // One suggestion per text, whatever the kinds it has.
    assert_eq!(got.iter().filter(|s| s.text == "乡村振兴").count(), 1);
    assert!(suggester(&archive).suggest("ＸＹＺ", 5).is_empty());
}

#[tokio::test]
async fn the_suggest_route_answers_the_documented_shape_and_codes() {
    let (status, v) = get("/api/suggest?q=%E5%A4%B4%E9%9B%81&limit=3").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(v["query"], "头雁");
    let list = v["suggestions"].as_array().unwrap();
    assert!(!list.is_empty() && list.len() <= 3);
    for key in ["text", "kind", "count"] {
        assert!(list[0].get(key).is_some(), "suggestion misses {key}");
    }
    let (status, v) = get("/api/suggest").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(v["suggestions"], serde_json::json!([]));
    for (uri, code) in [
        ("/api/suggest?q=a&limit=0", "invalid_limit"),
        ("/api/suggest?q=a&limit=21", "invalid_limit"),
        ("/api/suggest?q=a&limit=x", "invalid_limit"),
        ("/api/suggest?q=a&q=b", "duplicate_parameter"),
    ] {
        let (status, v) = get(uri).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{uri}");
        assert_eq!(v["error"]["code"], code, "{uri}");
    }
    let long = "长".repeat(100);
    let (status, v) = get(&format!(
        "/api/suggest?q={}",
        form_urlencoded::byte_serialize(long.as_bytes()).collect::<String>()
    ))
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(v["error"]["code"], "query_too_long");
}

#[test]
fn people_places_and_organisations_of_the_page_are_suggested_with_their_kind() {
    let s = suggester(page_archive());
    let kind_of = |prefix: &str, text: &str| {
        s.suggest(prefix, 20)
            .into_iter()
            .find(|x| x.text == text)
            .map(|x| x.kind)
    };
    assert_eq!(kind_of("史连", "史连成"), Some(SuggestionKind::Person));
    assert_eq!(kind_of("正蓝", "正蓝旗"), Some(SuggestionKind::Place));
    assert_eq!(
        kind_of("乌拉特中旗农", "乌拉特中旗农牧科技局"),
        Some(SuggestionKind::Org)
    );
}
