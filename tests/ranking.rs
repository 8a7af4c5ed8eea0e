//! Ranking as users notice it: articles about all the terms of a topic come
//! first, articles with only some of them still come, and the clauses of
//! `src/search/ranking.rs` decide the order.

use dangjian::index::Archive;
use dangjian::search::{SearchRequest, search};
use dangjian::{Article, Author, Role};

fn article(id: &str, title: &str, body: &str) -> Article {
    Article {
        id: id.into(),
        title: title.into(),
        kicker: None,
        column: None,
        authors: vec![Author::new("记者甲", Role::Reporter)],
        date: Some("2024-05-01".into()),
        tags: vec![],
        url: None,
        source: None,
        dateline: None,
        body: body.split('\n').map(str::to_string).collect(),
    }
}

/// Eight articles: the topic 作风建设 形式主义 covered by two, one term in a
/// headline of others, filler around them.
fn archive() -> Archive {
    let archive = Archive::in_memory(crate::fixtures::analyzer()).unwrap();
    let mut w = archive.writer(1, 0).unwrap();
    let articles = [
        article(
            "headline-only",
            "作风建设永远在路上",
            "会议强调，各级党组织要持续推进工作，把各项任务落到实处，确保取得实效。",
        ),
        article(
            "both",
            "某县整治基层负担",
            "该县把作风建设作为重点，集中整治形式主义、官僚主义。\n作风建设成效明显，形式主义问题得到纠正。",
        ),
        article(
            "both-apart",
            "乡镇干部减负纪实",
            "基层反映文山会海问题突出，形式主义加重了负担。\n县委随后部署，抓好作风建设，为基层松绑。",
        ),
        article(
            "other-only",
            "文件精简工作综述",
            "会议要求，坚决反对形式主义，精简文件和会议，让干部把时间用在抓落实上。",
        ),
        article(
            "filler-1",
            "春耕生产忙",
            "各地抓住农时，开展春耕生产，田间地头一片繁忙。",
        ),
        article(
            "filler-2",
            "社区养老服务",
            "社区办起老年食堂，养老服务送到家门口。",
        ),
        article(
            "filler-3",
            "村里修了新路",
            "道路硬化后，村民出行方便了，农产品也好卖了。",
        ),
        article(
            "filler-4",
            "党员志愿服务队",
            "党员志愿服务队走进社区，为群众办实事。",
        ),
    ];
    for a in &articles {
        w.upsert(a).unwrap();
    }
    w.commit().unwrap();
    archive.reload().unwrap();
    archive
}

fn ids(archive: &Archive, q: &str) -> Vec<String> {
    let res = search(archive, &SearchRequest::new(q)).unwrap();
    res.hits.into_iter().map(|h| h.id).collect()
}

#[test]
fn articles_with_every_term_outrank_a_headline_with_one() {
    let archive = archive();
    let got = ids(&archive, "作风建设 形式主义");
    assert_eq!(&got[..2], ["both", "both-apart"], "{got:?}");
}

#[test]
fn articles_with_some_of_the_terms_still_come_after() {
    let archive = archive();
    let got = ids(&archive, "作风建设 形式主义");
    assert_eq!(got.len(), 4, "{got:?}");
    assert!(got[2..].contains(&"headline-only".to_string()), "{got:?}");
    assert!(got[2..].contains(&"other-only".to_string()), "{got:?}");
}

#[test]
fn quoted_and_field_terms_stay_conditions() {
    let archive = archive();
    let got = ids(&archive, "\"作风建设\" 形式主义");
    assert!(!got.contains(&"other-only".to_string()), "{got:?}");
    assert_eq!(got[0], "both");
    let got = ids(&archive, "title:作风建设 形式主义");
    assert!(got.is_empty(), "{got:?}");
    let got = ids(&archive, "title:作风建设 任务");
    assert_eq!(got, ["headline-only"]);
}

#[test]
fn a_pasted_headline_finds_its_article_first() {
    let archive = archive();
    assert_eq!(ids(&archive, "乡镇干部减负纪实")[0], "both-apart");
    assert_eq!(ids(&archive, "作风建设永远在路上")[0], "headline-only");
}

#[test]
fn or_alternatives_count_as_one_term() {
    let archive = archive();
    let got = ids(&archive, "作风建设 OR 文件精简 形式主义");
    assert_eq!(got.len(), 4, "{got:?}");
    assert!(got[..3].contains(&"other-only".to_string()), "{got:?}");
}
