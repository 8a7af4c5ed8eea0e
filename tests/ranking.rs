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

#[test]
fn a_headline_itself_comes_before_longer_headlines_containing_it() {
    let archive = Archive::in_memory(crate::fixtures::analyzer()).unwrap();
    let mut w = archive.writer(1, 0).unwrap();
    // The longer headline's body repeats the words, so its BM25 is higher.
    w.upsert(&article(
        "longer",
        "国际联播快讯",
        "联播快讯：联播快讯报道多国新闻。联播快讯。",
    ))
    .unwrap();
    w.upsert(&article("exact", "联播快讯", "今天的主要新闻有以下几条。"))
        .unwrap();
    w.commit().unwrap();
    archive.reload().unwrap();
    assert_eq!(ids(&archive, "联播快讯")[0], "exact");
    // Typed in traditional characters, it is still the same headline.
    assert_eq!(ids(&archive, "聯播快訊")[0], "exact");
}

#[test]
fn a_long_pasted_headline_finds_its_own_article_before_one_sharing_most_of_it() {
    let tail =
        "——论学习贯彻习近平总书记在庆祝建党一百周年大会上重要讲话精神，推动基层党建工作高质量发展";
    let own = format!("人民日报评论员文章：“一国两制”是个好制度{tail}");
    let other = format!("人民日报评论员文章：共享中华民族伟大复兴的荣光{tail}");
    let archive = Archive::in_memory(crate::fixtures::analyzer()).unwrap();
    let mut w = archive.writer(1, 0).unwrap();
    w.upsert(&article("other", &other, "正文一。")).unwrap();
    w.upsert(&article("own", &own, "正文二。")).unwrap();
    w.commit().unwrap();
    archive.reload().unwrap();
    assert_eq!(ids(&archive, &own)[0], "own");
}

#[test]
fn a_quoted_passage_counts_exactly_like_any_quoted_string() {
    let first = "村党支部书记带领群众发展特色种植，建起合作社，村集体经济收入逐年增加，群众的腰包鼓了起来。";
    let second =
        "村里还修了文化广场，组织党员志愿服务队定期入户走访，帮助留守老人解决生活中的困难和问题。";
    let passage = format!("{first}{second}");
    let archive = Archive::in_memory(crate::fixtures::analyzer()).unwrap();
    let mut w = archive.writer(1, 0).unwrap();
    w.upsert(&article(
        "whole",
        "某村的变化",
        &format!("开头。{passage}结尾。"),
    ))
    .unwrap();
    w.upsert(&article("half", "另一个村", &format!("{first}别的内容。")))
        .unwrap();
    w.commit().unwrap();
    archive.reload().unwrap();
    // Unquoted it is a pasted passage: the article sharing half of it
    // comes too, after the one that holds it.
    assert_eq!(ids(&archive, &passage), ["whole", "half"]);
    // Quoted, it is a literal: only the article that contains it.
    for quoted in [format!("\"{passage}\""), format!("“{passage}”")] {
        assert_eq!(ids(&archive, &quoted), ["whole"], "{quoted}");
    }
}

/// 400 articles drawn from a few phrases, so that many tie and most
/// queries match more articles than the first step of a deferred ranking
/// keeps; jieba splits the phrases differently as their neighbours change.
fn crowded_archive() -> Archive {
    const PARTS: [&str; 14] = [
        "央视网消息（新闻联播）：",
        "集体经济发展壮大",
        "村集体经济",
        "社区养老服务",
        "养老服务中心",
        "服务社区群众",
        "，",
        "。",
        "党员干部",
        "作风建设",
        "形式主义",
        "乡村振兴",
        "人才",
        "经济",
    ];
    let mut rng = crate::harness::Rng::new(7);
    let archive = Archive::in_memory(crate::fixtures::analyzer()).unwrap();
    let mut w = archive.writer(1, 0).unwrap();
    for i in 0..400 {
        let mut pick = |n: usize| -> String { (0..n).map(|_| rng.pick(&PARTS)).collect() };
        let title = pick(2);
        let body = format!("{}\n{}", pick(8), pick(6));
        w.upsert(&article(&format!("a{i}"), &title, &body)).unwrap();
    }
    w.commit().unwrap();
    archive.reload().unwrap();
    archive
}

#[test]
fn a_deferred_ranking_pages_exactly_like_the_whole_query() {
    let (deferred, with_lead) = pages_like_the_whole_query(
        &crowded_archive(),
        &[
            "集体经济",
            "网消息（新闻",
            "社区养老服务",
            "社区 养老服务",
            "作风建设 形式主义",
            "经济 养老 人才",
            "乡村振兴 人才 集体经济 服务",
            "养老服务 OR 集体经济 党员",
            "\"集体经济\" 社区",
            "经济发展 -形式主义",
            "，集体",
        ],
        |_| {},
    );
    assert!(deferred >= 15, "only {deferred} searches were deferred");
    // The lead's pool chosen by base score, scored in full, merged in.
    assert!(
        with_lead >= 6,
        "only {with_lead} deferred searches gave the lead"
    );
}

/// A string verbatim in a few articles and its words apart in hundreds of
/// articles whose base scores lie closer together than its verbatim bonus:
/// the pool of the first step runs out, and the articles with the bonus
/// are scored on their own. In `segments` segments.
fn rare_verbatim_archive(segments: usize) -> Archive {
    let archive = Archive::in_memory(crate::fixtures::analyzer()).unwrap();
    let fillers = ["", "会议", "各方代表", "会议期间，各方代表"];
    for s in 0..segments {
        let mut w = archive.writer(1, 0).unwrap();
        for i in 0..300 / segments {
            let body = match i % 60 {
                7 => "侨界人士和在中国工作的外国专家座谈。".to_string(),
                31 => "他们和在中国留学的青年交流。".to_string(),
                _ => format!("中国代表在{}上和各方交流。", fillers[i % 4]),
            };
            let mut a = article(&format!("s{s}-{i}"), "交流活动", &body);
            // Two years, for a date filter.
            a.date = Some(format!("{}-05-01", 2023 + i % 2));
            w.upsert(&a).unwrap();
        }
        w.commit().unwrap();
    }
    archive.reload().unwrap();
    archive
}

#[test]
fn a_rare_verbatim_bonus_pages_like_the_whole_query() {
    for segments in [1, 3] {
        let archive = rare_verbatim_archive(segments);
        assert_eq!(
            archive.reader().searcher().segment_readers().len(),
            segments
        );
        let queries = [
            "和在中国",
            "和在中国 交流",
            // Some articles with the bonus are excluded.
            "和在中国 -侨界",
            "和在中国 title:交流",
        ];
        let (deferred, _) = pages_like_the_whole_query(&archive, &queries, |_| {});
        assert_eq!(deferred, 12, "{segments} segments");
        // And filtered: some articles with the bonus are out of the range.
        let from = chrono::NaiveDate::from_ymd_opt(2024, 1, 1);
        let (deferred, _) = pages_like_the_whole_query(&archive, &queries, |r| r.from = from);
        assert_eq!(deferred, 12, "{segments} segments, from 2024");
    }
}

/// Checks that `search` pages each query (its request made by `setup`), at
/// three offsets, like the whole compiled query (ids, order and scores) and
/// counts its total; returns how many of those searches were deferred, and
/// how many of those gave the lead's weight.
fn pages_like_the_whole_query(
    archive: &Archive,
    queries: &[&str],
    setup: impl Fn(&mut SearchRequest),
) -> (usize, usize) {
    use dangjian::search::compile::compile;
    use dangjian::search::ranking::LEAD_POOL;
    use tantivy::collector::{Count, TopDocs};
    use tantivy::schema::Value;

    let searcher = archive.reader().searcher();
    let mut counts = (0, 0);
    for q in queries {
        for offset in [0, 10, 35] {
            let mut req = SearchRequest::new(*q);
            setup(&mut req);
            req.offset = offset;
            let compiled = compile(&req, archive.fields(), archive.analyzer()).unwrap();
            counts.0 += usize::from(compiled.deferred.is_some());
            let want = offset + req.limit;
            // Every match with its score under the whole query.
            let (all, total) = searcher
                .search(
                    &compiled.query,
                    &(TopDocs::with_limit(100_000).order_by_score(), Count),
                )
                .unwrap();
            // The lead's pool: the best by the score without the deferred
            // bonuses (the whole score when there are none).
            let pool: Vec<_> = searcher
                .search(
                    compiled.matcher(),
                    &TopDocs::with_limit(LEAD_POOL).order_by_score(),
                )
                .unwrap()
                .into_iter()
                .map(|(_, a)| *all.iter().find(|(_, b)| *b == a).unwrap())
                .collect();
            let ranked = all[..all.len().min(want)].to_vec();
            let (top, given) = compiled
                .lead
                .apply(&searcher, archive.fields(), ranked, &pool, want)
                .unwrap();
            if compiled.deferred.is_some() && !given.is_empty() {
                counts.1 += 1;
            }
            let top: Vec<_> = top.into_iter().skip(offset).take(req.limit).collect();
            let expected: Vec<String> = top
                .iter()
                .map(|(_, a)| {
                    let doc: tantivy::TantivyDocument = searcher.doc(*a).unwrap();
                    doc.get_first(archive.fields().id)
                        .and_then(|v| v.as_str())
                        .unwrap()
                        .to_string()
                })
                .collect();
            let res = search(archive, &req).unwrap();
            assert_eq!(res.total, total as u64, "{q} total");
            let got: Vec<String> = res.hits.iter().map(|h| h.id.clone()).collect();
            assert_eq!(got, expected, "{q} at {offset}");
            for (hit, (score, _)) in res.hits.iter().zip(&top) {
                assert!((hit.score - score).abs() < 1e-4, "{q}: {hit:?} {score}");
            }
        }
    }
    counts
}

/// Stories that name a topic's terms in their headline or first sentences
/// are about it; one that names them only further down mostly mentions
/// them, however often.
fn lead_archive() -> Archive {
    let archive = Archive::in_memory(crate::fixtures::analyzer()).unwrap();
    let mut w = archive.writer(1, 0).unwrap();
    let filler = "会议还研究了其他事项，对下一阶段工作作出安排，要求各部门密切配合、形成合力。";
    let late = format!(
        "{}\n{}\n社区养老服务是民生实事，社区养老服务要做细做实，社区养老服务中心要办好。",
        filler.repeat(2),
        filler
    );
    let articles = [
        article("late", "区政府召开常务会议", &late),
        article(
            "lead",
            "老有所养暖人心",
            "记者走进社区，看到养老服务送到了老人身边。\n老人们说，日子越过越舒心。",
        ),
        article(
            "headline",
            "社区养老服务见闻",
            "老人们在食堂吃上了热乎饭，志愿者定期上门。",
        ),
    ];
    for a in &articles {
        w.upsert(a).unwrap();
    }
    w.commit().unwrap();
    archive.reload().unwrap();
    archive
}

#[test]
fn every_term_in_the_headline_or_lead_comes_first() {
    let archive = lead_archive();
    let got = ids(&archive, "社区 养老服务");
    assert_eq!(got.len(), 3, "{got:?}");
    assert_eq!(got[2], "late", "{got:?}");
    // Without the signal, the article that repeats the terms wins.
    use dangjian::search::compile::compile_with;
    use dangjian::search::ranking::Ranking;
    use tantivy::collector::TopDocs;
    let req = SearchRequest::new("社区 养老服务");
    let off = Ranking {
        lead: 0.0,
        ..Ranking::default()
    };
    let compiled = compile_with(&req, archive.fields(), archive.analyzer(), &off).unwrap();
    let searcher = archive.reader().searcher();
    let top = searcher
        .search(&compiled.query, &TopDocs::with_limit(3).order_by_score())
        .unwrap();
    let without: Vec<String> = top
        .iter()
        .map(|(_, a)| {
            let doc: tantivy::TantivyDocument = searcher.doc(*a).unwrap();
            archive.article_head(&doc).id
        })
        .collect();
    let at = |list: &[String], id: &str| list.iter().position(|x| x == id).unwrap();
    assert!(at(&without, "late") < at(&without, "lead"), "{without:?}");
    assert!(at(&got, "lead") < at(&got, "late"), "{got:?}");
}

#[test]
fn the_lead_signal_is_explained() {
    let archive = lead_archive();
    let mut req = SearchRequest::new("社区 养老服务");
    req.explain = true;
    let res = search(&archive, &req).unwrap();
    for hit in &res.hits {
        let e = hit.explain.as_ref().unwrap();
        assert!((e.score - hit.score).abs() < 1e-3, "{hit:?}");
        let named = e
            .lines()
            .iter()
            .any(|l| l.contains("every term in the headline or lead"));
        assert_eq!(named, hit.id != "late", "{}: {:?}", hit.id, e.lines());
    }
}

/// One term has its headline signals; the lead's is for covering several.
#[test]
fn a_single_term_has_no_lead_signal() {
    let archive = lead_archive();
    let mut req = SearchRequest::new("养老服务");
    req.explain = true;
    let res = search(&archive, &req).unwrap();
    assert_eq!(res.hits.len(), 3);
    for hit in &res.hits {
        let lines = hit.explain.as_ref().unwrap().lines();
        assert!(
            !lines.iter().any(|l| l.contains("headline or lead")),
            "{}: {lines:?}",
            hit.id
        );
    }
}
