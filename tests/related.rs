//! Related coverage: the article itself never comes back, stories of the
//! same topic come first, re-runs of a headline come after distinct
//! stories, and the HTTP route answers in the search hits' shape.

use axum::http::StatusCode;

use dangjian::Article;
use dangjian::index::Archive;
use dangjian::search::related::related;

use crate::fixtures::{analyzer, find, page_archive};
use crate::http::get;

fn article(id: &str, title: &str, body: &str) -> Article {
    Article {
        id: id.into(),
        title: title.into(),
        body: vec![body.into()],
        date: Some("2024-05-01".into()),
        ..Article::default()
    }
}

/// Three 时代楷模 stories (one headline run twice), two farmland stories
/// and an unrelated one.
fn topics_archive() -> Archive {
    let archive = Archive::in_memory(analyzer()).unwrap();
    let mut w = archive.writer(1, 0).unwrap();
    for a in [
        article(
            "kaimo-1",
            "中宣部授予张桂梅“时代楷模”称号",
            "中宣部授予张桂梅“时代楷模”称号。张桂梅扎根边疆教育一线，创办女子高中，帮助大山里的女孩走出大山。时代楷模张桂梅的事迹感人至深。",
        ),
        article(
            "kaimo-1-rerun",
            "中宣部授予张桂梅“时代楷模”称号",
            "中宣部授予张桂梅“时代楷模”称号。张桂梅扎根边疆教育一线，创办女子高中。时代楷模张桂梅。",
        ),
        article(
            "kaimo-2",
            "中宣部授予黄文秀“时代楷模”称号",
            "中宣部追授黄文秀“时代楷模”称号。黄文秀扎根脱贫攻坚一线，带领村民发展产业。时代楷模黄文秀的事迹激励广大党员。",
        ),
        article(
            "kaimo-3",
            "“时代楷模”发布厅：守岛英雄王继才",
            "中宣部发布“时代楷模”王继才的先进事迹。王继才守岛三十二年，时代楷模的精神激励着广大党员干部。",
        ),
        article(
            "farm-1",
            "高标准农田建设提升粮食产能",
            "各地加快高标准农田建设，农田灌溉条件改善，粮食产能稳步提升。高标准农田让农民增收。",
        ),
        article(
            "farm-2",
            "河南新建高标准农田五百万亩",
            "河南今年新建高标准农田五百万亩，农田水利设施完善，粮食产能提升，高标准农田建设成效明显。",
        ),
        article(
            "other",
            "城市轨道交通运营里程增长",
            "全国城市轨道交通运营里程持续增长，地铁线路覆盖更多城市。",
        ),
    ] {
        w.upsert(&a).unwrap();
    }
    w.commit().unwrap();
    archive.reload().unwrap();
    archive
}

fn ids(archive: &Archive, id: &str, limit: usize) -> Vec<String> {
    related(archive, id, limit)
        .unwrap()
        .hits
        .into_iter()
        .map(|h| h.id)
        .collect()
}

#[test]
fn related_coverage_is_the_same_topic_and_never_the_article_itself() {
    let archive = topics_archive();
    let found = ids(&archive, "kaimo-2", 3);
    assert!(!found.contains(&"kaimo-2".to_string()));
    assert_eq!(found.len(), 3, "{found:?}");
    assert!(
        found.iter().all(|id| id.starts_with("kaimo")),
        "top 3 of a 时代楷模 story: {found:?}"
    );
    let found = ids(&archive, "farm-1", 1);
    assert_eq!(found, ["farm-2"]);
}

#[test]
fn a_rerun_of_the_same_headline_comes_after_distinct_stories() {
    let archive = topics_archive();
    let found = ids(&archive, "kaimo-1", 3);
    assert_eq!(found.len(), 3, "{found:?}");
    assert_eq!(found[2], "kaimo-1-rerun", "{found:?}");
    assert!(!found.contains(&"kaimo-1".to_string()));
}

#[test]
fn related_on_the_page_respects_the_limit_and_skips_the_article() {
    let archive = page_archive();
    let id = find("集体经济").hits[0].id.clone();
    let res = related(archive, &id, 2).unwrap();
    assert!(res.hits.len() <= 2);
    assert!(res.hits.iter().all(|h| h.id != id && h.snippets.is_empty()));
    assert_eq!(res.id, id);
}

#[test]
fn related_rejects_a_bad_limit_and_an_unknown_id() {
    let archive = page_archive();
    let id = find("集体经济").hits[0].id.clone();
    for limit in [0, 21] {
        let err = related(archive, &id, limit).unwrap_err();
        assert!(err.to_string().contains("limit"), "{err}");
    }
    assert!(matches!(
        related(archive, "no-such-id", 5),
        Err(dangjian::Error::NotFound(_))
    ));
}

#[tokio::test]
async fn the_related_route_answers_hits_and_error_codes() {
    let id = find("集体经济").hits[0].id.clone();
    let (status, v) = get(&format!("/api/articles/{id}/related")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(v["id"], id.as_str());
    let hits = v["hits"].as_array().unwrap();
    assert!(!hits.is_empty() && hits.len() <= 5);
    for key in [
        "id",
        "title",
        "title_html",
        "date",
        "authors",
        "tags",
        "score",
    ] {
        assert!(hits[0].get(key).is_some(), "hit misses {key}");
    }
    let (status, v) = get(&format!("/api/articles/{id}/related?limit=50")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(v["error"]["code"], "invalid_limit");
    let (status, v) = get(&format!("/api/articles/{id}/related?limit=x")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(v["error"]["code"], "invalid_limit");
    let (status, v) = get("/api/articles/nope/related").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(v["error"]["code"], "not_found");
}
