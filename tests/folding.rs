//! Folding for matching: traditional characters, zeros, middle dots,
//! zero-width characters and spaces find what they stand for, and the
//! headline's two values (title, kicker) are never joined.

use dangjian::Article;
use dangjian::index::Archive;
use dangjian::search::{SearchRequest, search};

use crate::fixtures::{analyzer, find};

fn ids(q: &str) -> Vec<String> {
    let mut ids: Vec<String> = find(q).hits.into_iter().map(|h| h.id).collect();
    ids.sort();
    ids
}

#[test]
fn traditional_queries_find_what_their_simplified_forms_find() {
    for (traditional, simplified) in [
        ("黨建", "党建"),
        ("黨員", "党员"),
        ("幹部", "干部"),
        ("鄉村振興", "乡村振兴"),
        ("集體經濟", "集体经济"),
        ("頭雁", "头雁"),
        ("學習", "学习"),
    ] {
        let want = ids(simplified);
        assert!(!want.is_empty(), "{simplified} is in the bundled page");
        assert_eq!(ids(traditional), want, "{traditional}");
        assert_eq!(
            ids(&format!("\"{traditional}\"")),
            ids(&format!("\"{simplified}\"")),
            "quoted {traditional}"
        );
    }
}

#[test]
fn traditional_snippets_stay_as_printed_and_mark_the_match() {
    let res = find("\"黨建\"");
    let hit = &res.hits[0];
    let snippet = hit.snippets.join("");
    assert!(snippet.contains("<mark>党建</mark>"), "{snippet}");
}

fn archive_of(articles: &[Article]) -> Archive {
    let archive = Archive::in_memory(analyzer()).unwrap();
    let mut w = archive.writer(1, 0).unwrap();
    for a in articles {
        w.upsert(&a.clone().validate().unwrap()).unwrap();
    }
    w.commit().unwrap();
    archive
}

fn article(id: &str, title: &str, kicker: Option<&str>, body: &str) -> Article {
    Article {
        id: id.into(),
        title: title.into(),
        kicker: kicker.map(str::to_string),
        body: vec![body.into()],
        ..Article::default()
    }
}

fn total(archive: &Archive, q: &str) -> u64 {
    search(archive, &SearchRequest::new(q)).unwrap().total
}

#[test]
fn a_quoted_string_never_runs_from_the_title_into_the_kicker() {
    let archive = archive_of(&[article(
        "a",
        "发展集体经济",
        Some("激活社区造血功能"),
        "正文。",
    )]);
    assert_eq!(total(&archive, "\"集体经济\""), 1);
    assert_eq!(total(&archive, "\"激活社区\""), 1);
    for q in [
        "\"经济激活\"",
        "\"济激\"",
        "\"集体经济激活社区\"",
        "\"经济 激活\"",
    ] {
        assert_eq!(total(&archive, q), 0, "{q}");
    }
}

#[test]
fn stored_text_with_variants_is_found_by_the_plain_form_and_back() {
    let archive = archive_of(&[
        article(
            "dots",
            "阿卜杜・热合曼走访牧民",
            None,
            "二○一二年，阿卜杜•热合曼在\u{200B}嘎查\u{00A0}\u{3000}调研。",
        ),
        article("plain", "另一篇", None, "二〇一二年的报道，没有别的。"),
    ]);
    for q in [
        "\"阿卜杜·热合曼\"",
        "\"阿卜杜‧热合曼\"",
        "\"在嘎查 调研\"",
        "\"在嘎查  调研\"",
        "\"在\u{200B}嘎查\u{3000}调研\"",
    ] {
        assert_eq!(total(&archive, q), 1, "{q}");
    }
    assert_eq!(total(&archive, "\"二○一二年\""), 2);
    assert_eq!(total(&archive, "\"二〇一二年\""), 2);
    let res = search(&archive, &SearchRequest::new("\"阿卜杜·热合曼\"")).unwrap();
    assert_eq!(
        res.hits[0].title_html,
        "<mark>阿卜杜・热合曼</mark>走访牧民"
    );
    assert_eq!(
        res.hits[0].title, "阿卜杜・热合曼走访牧民",
        "stored as printed"
    );
}
