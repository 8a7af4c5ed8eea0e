//! Search on the bundled page: finding, exactness, ranking, snippets,
//! filters and facets.

use dangjian::analysis::literal_units;
use dangjian::search::snippet::visible_text;
use dangjian::search::{SearchRequest, Sort, search};

use crate::fixtures::{find, page_archive, titles};

#[test]
fn each_story_is_found_first_by_its_own_terms() {
    for (q, title) in [
        ("宝日呼吉尔", "“为小伙儿办好每一件事，充实且幸福！”"),
        ("充电桩", "“为小伙儿办好每一件事，充实且幸福！”"),
        ("乡土人才", "让乡土人才“破土飘香”"),
        ("春耕灌溉", "保障春耕灌溉"),
        ("赤峰市 干部能力", "赤峰市打出持续提升干部能力“组合拳”"),
        ("凉亭 议事会", "凉亭里的议事会"),
        ("集体经济", "集体经济激活社区“造血”功能"),
        ("鄂托克前旗", "集体经济激活社区“造血”功能"),
        ("银发", "银发力量为基层治理助力添彩"),
        ("史连成", "银发力量为基层治理助力添彩"),
        ("马克思主义", "每周一学"),
        ("头雁工程", "培树“头雁” 锻造乡村振兴主力军"),
        ("头雁", "培树“头雁” 锻造乡村振兴主力军"),
    ] {
        let res = find(q);
        assert_eq!(titles(&res).first(), Some(&title), "query {q}");
    }
}

#[test]
fn word_parts_find_the_whole_word() {
    // jieba search mode indexes 集体 and 经济 inside 集体经济.
    assert!(titles(&find("集体")).contains(&"集体经济激活社区“造血”功能"));
    assert!(titles(&find("工程")).contains(&"培树“头雁” 锻造乡村振兴主力军"));
}

#[test]
fn strings_that_jieba_splits_differently_in_context_are_found() {
    // In 霍林郭勒市宝日呼吉尔街道 and 商都县18项镇前海子村 jieba's cuts do not
    // line up with the query's; the literal field finds them anyway.
    for q in [
        "宝日呼吉尔",
        "市宝日",
        "项镇前海子村",
        "18项镇",
        "史连成",
        "2023年",
    ] {
        assert!(find(q).total >= 1, "{q}");
        assert!(find(&format!("\"{q}\"")).total >= 1, "quoted {q}");
    }
}

/// Every article whose title or body contains `s` (normalized), by brute force.
fn grep_count(s: &str) -> u64 {
    let needle: String = literal_units(s).into_iter().collect();
    let archive = page_archive();
    let all = search(
        archive,
        &SearchRequest {
            limit: 100,
            ..SearchRequest::new("-zzzzqqq")
        },
    )
    .unwrap();
    all.hits
        .iter()
        .filter(|h| {
            let a = archive.get(&h.id).unwrap();
            let hay = |t: &str| {
                literal_units(t)
                    .into_iter()
                    .collect::<String>()
                    .contains(&needle)
            };
            hay(&a.title) || a.kicker.as_deref().is_some_and(hay) || hay(&a.body_text())
        })
        .count() as u64
}

#[test]
fn quoted_phrases_count_exactly_like_grep() {
    let archive = page_archive();
    let all = search(
        archive,
        &SearchRequest {
            limit: 100,
            ..SearchRequest::new("-zzzzqqq")
        },
    )
    .unwrap();
    let mut checked = 0;
    for hit in &all.hits {
        let body: Vec<char> = archive.get(&hit.id).unwrap().body_text().chars().collect();
        for start in (0..body.len()).step_by(97) {
            for len in [1, 2, 3, 5, 8] {
                let s: String = body[start..(start + len).min(body.len())].iter().collect();
                if s.contains(['"', '\n']) || s.trim().is_empty() {
                    continue;
                }
                let res = find(&format!("\"{s}\""));
                assert_eq!(res.total, grep_count(&s), "\"{s}\"");
                assert!(
                    res.hits.iter().any(|h| h.id == hit.id),
                    "\"{s}\" misses {}",
                    hit.id
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 200, "only {checked} strings checked");
}

#[test]
fn quoted_phrases_across_repaired_breaks_are_exact() {
    for q in [
        "\"生活困难户\"",
        "\"实现了社区集体经济\"",
        "\"如此关心照顾我\"",
    ] {
        let res = find(q);
        assert_eq!(res.total, 1, "{q}");
    }
    assert_eq!(find("\"困难 户\"").total, 0);
}

#[test]
fn literal_matches_rank_above_words_apart() {
    // 社区治理 appears verbatim in the 银发 story; elsewhere only 社区 … 治理.
    let res = find("社区治理");
    assert!(res.total > 1);
    assert_eq!(res.hits[0].title, "银发力量为基层治理助力添彩");
}

#[test]
fn author_filter_finds_her_three_stories() {
    let res = find("author:宋爽");
    assert_eq!(res.total, 3);
    let res = search(
        page_archive(),
        &SearchRequest {
            author: Some("宋爽".into()),
            ..SearchRequest::new("乡村")
        },
    )
    .unwrap();
    assert!(res.total >= 1 && res.total <= 3);
}

#[test]
fn or_not_and_field_prefixes() {
    let either = find("史连成 OR 头雁工程");
    assert_eq!(either.total, 2);
    let without = find("乡村振兴 -头雁");
    assert!(!titles(&without).contains(&"培树“头雁” 锻造乡村振兴主力军"));
    assert_eq!(find("title:头雁").total, 1);
    assert_eq!(find("column:北疆党旗红").total, 1);
    assert_eq!(find("NOT 集体经济").total + find("集体经济").total, 9);
}

#[test]
fn pasted_headlines_come_first() {
    for hit in &search(
        page_archive(),
        &SearchRequest {
            limit: 100,
            ..SearchRequest::new("-zzzzqqq")
        },
    )
    .unwrap()
    .hits
    {
        let res = find(&hit.title);
        assert_eq!(res.hits[0].id, hit.id, "headline {}", hit.title);
    }
}

#[test]
fn hostile_queries_never_fail() {
    for q in [
        "\"",
        "\"\"",
        "-",
        "--",
        "OR",
        "NOT",
        "a OR",
        "OR OR OR",
        "title:",
        "author:",
        "(((",
        "【】：",
        "\"未闭合的引号",
        "-\"",
        "集体经济\"",
        "😀",
        "\u{0301}",
        "\u{0000}",
        "NOT -x",
    ] {
        let res = search(page_archive(), &SearchRequest::new(q));
        assert!(res.is_ok(), "{q:?}: {res:?}");
    }
}

#[test]
fn snippets_mark_the_query_and_fit_the_requested_length() {
    for chars in [20, 50, 80, 200] {
        let res = search(
            page_archive(),
            &SearchRequest {
                fragment_chars: chars,
                fragments: 3,
                ..SearchRequest::new("集体经济")
            },
        )
        .unwrap();
        let hit = &res.hits[0];
        assert!(hit.title_html.contains("<mark>集体经济</mark>"));
        assert!(!hit.snippets.is_empty() && hit.snippets.len() <= 3);
        for s in &hit.snippets {
            assert!(s.contains("<mark>集体经济</mark>"), "{s}");
            assert!(visible_text(s).chars().count() <= chars, "{chars}: {s}");
        }
    }
    let off = search(
        page_archive(),
        &SearchRequest {
            fragments: 0,
            ..SearchRequest::new("集体经济")
        },
    )
    .unwrap();
    assert!(off.hits[0].snippets.is_empty());
}

#[test]
fn a_title_only_match_gets_the_lead_as_snippet() {
    let res = find("破土飘香");
    let s = &res.hits[0].snippets[0];
    assert!(s.starts_with("这几天，巴彦淖尔市"), "{s}");
    assert!(!s.contains("<mark>"));
}

#[test]
fn filters_and_facets_add_up() {
    let all = find("社区");
    let columns: u64 = all.facets.column.iter().map(|c| c.count).sum();
    let with_column = all.hits.iter().filter(|h| h.column.is_some()).count() as u64;
    assert_eq!(columns, with_column);
    for c in &all.facets.column {
        let filtered = search(
            page_archive(),
            &SearchRequest {
                column: Some(c.value.clone()),
                ..SearchRequest::new("社区")
            },
        )
        .unwrap();
        assert_eq!(filtered.total, c.count, "column {}", c.value);
    }
    for name in ["宋爽", "许敬", "杨柳"] {
        let count = all
            .facets
            .author
            .iter()
            .find(|a| a.value == name)
            .map_or(0, |a| a.count);
        assert_eq!(count, find(&format!("社区 author:{name}")).total, "{name}");
    }
    let years: u64 = all.facets.year.iter().map(|y| y.count).sum();
    assert_eq!(years, 0, "the bundled page has no date");
}

#[test]
fn paging_and_sorting() {
    let all = search(
        page_archive(),
        &SearchRequest {
            limit: 100,
            ..SearchRequest::new("党员")
        },
    )
    .unwrap();
    let page2 = search(
        page_archive(),
        &SearchRequest {
            limit: 2,
            offset: 2,
            ..SearchRequest::new("党员")
        },
    )
    .unwrap();
    assert_eq!(page2.total, all.total);
    assert_eq!(page2.hits[0].id, all.hits[2].id);
    let by_date = search(
        page_archive(),
        &SearchRequest {
            sort: Sort::DateDesc,
            ..SearchRequest::new("党员")
        },
    )
    .unwrap();
    assert_eq!(by_date.total, all.total);
}

/// An article for the facet tests: column, author, tags and month from
/// its number, and `body` as its text.
fn facet_article(i: usize, column: &str, month: usize, body: &str) -> dangjian::Article {
    use dangjian::{Article, Author, Role};
    Article {
        id: format!("f{i}"),
        title: format!("第{i}篇稿件"),
        kicker: None,
        column: Some(column.to_string()),
        authors: vec![Author::new(format!("记者{}", i % 4), Role::Reporter)],
        date: Some(format!("{}-{:02}-15", 2019 + month / 12, month % 12 + 1)),
        tags: vec![format!("标签{}", i % 3), "共同".to_string()],
        url: None,
        source: None,
        dateline: None,
        body: vec![body.to_string()],
    }
}

/// Writes `batch` and deletes `delete` in one commit, keeping `live` (the
/// articles the index should hold) in step.
fn write_facet_articles(
    archive: &dangjian::index::Archive,
    live: &mut std::collections::BTreeMap<String, dangjian::Article>,
    batch: Vec<dangjian::Article>,
    delete: &[&str],
) {
    let mut w = archive.writer(1, 0).unwrap();
    for a in batch {
        w.upsert(&a).unwrap();
        live.insert(a.id.clone(), a);
    }
    for id in delete {
        assert!(w.delete(id).unwrap());
        live.remove(*id);
    }
    w.commit().unwrap();
    archive.reload().unwrap();
}

/// An archive in memory holding `batches`, one commit (and so one segment)
/// each, and the articles it holds by id.
fn facet_archive(
    batches: impl IntoIterator<Item = Vec<dangjian::Article>>,
) -> (
    dangjian::index::Archive,
    std::collections::BTreeMap<String, dangjian::Article>,
) {
    let archive = dangjian::index::Archive::in_memory(crate::fixtures::analyzer()).unwrap();
    let mut live = std::collections::BTreeMap::new();
    for batch in batches {
        write_facet_articles(&archive, &mut live, batch, &[]);
    }
    (archive, live)
}

/// Searches `q` and checks its total and its column, author, tag, month
/// and year facets against those counted from `matching`, the live
/// articles that contain it.
fn assert_facets(archive: &dangjian::index::Archive, q: &str, matching: &[&dangjian::Article]) {
    use std::collections::BTreeMap;

    let res = search(archive, &SearchRequest::new(q)).unwrap();
    assert_eq!(res.total, matching.len() as u64, "{q}");
    let mut want: [BTreeMap<String, u64>; 4] = Default::default();
    for a in matching {
        *want[0].entry(a.column.clone().unwrap()).or_default() += 1;
        for au in &a.authors {
            *want[1].entry(au.name.clone()).or_default() += 1;
        }
        for t in &a.tags {
            *want[2].entry(t.clone()).or_default() += 1;
        }
        *want[3]
            .entry(a.date.clone().unwrap()[..7].to_string())
            .or_default() += 1;
    }
    let got = |list: &[dangjian::search::FacetCount]| -> BTreeMap<String, u64> {
        list.iter().map(|f| (f.value.clone(), f.count)).collect()
    };
    let f = &res.facets;
    assert_eq!(got(&f.column), want[0], "{q}");
    assert_eq!(got(&f.author), want[1], "{q}");
    assert_eq!(got(&f.tag), want[2], "{q}");
    assert_eq!(got(&f.month), want[3], "{q}");
    let months: Vec<&String> = f.month.iter().map(|m| &m.value).collect();
    assert!(months.is_sorted(), "{months:?}");
    let years: u64 = f.year.iter().map(|y| y.count).sum();
    assert_eq!(years, matching.len() as u64, "{q}");
}

/// Facets are counted from per-segment tables built on a segment's first
/// search: after more segments, an update and a delete, the counts must
/// still be those of the live articles.
#[test]
fn facets_count_live_articles_across_segments() {
    use std::collections::BTreeMap;

    use dangjian::Article;
    use dangjian::index::Archive;

    let article = |i: usize, column: &str, month: usize| {
        facet_article(i, column, month, &format!("村里发展集体经济，第{i}篇。"))
    };
    let archive = Archive::in_memory(crate::fixtures::analyzer()).unwrap();
    let mut live: BTreeMap<String, Article> = BTreeMap::new();
    let check = |live: &BTreeMap<String, Article>| {
        assert_facets(&archive, "集体经济", &live.values().collect::<Vec<_>>());
    };
    write_facet_articles(
        &archive,
        &mut live,
        (0..10).map(|i| article(i, "甲栏", i)).collect(),
        &[],
    );
    check(&live);
    write_facet_articles(
        &archive,
        &mut live,
        (10..20).map(|i| article(i, "乙栏", i + 20)).collect(),
        &[],
    );
    check(&live);
    // An update moves f3 to another column, month and year; f5 goes.
    write_facet_articles(&archive, &mut live, vec![article(3, "丙栏", 40)], &["f5"]);
    check(&live);
    // Dates far apart in one segment.
    let far = [(100, "0001-01-15"), (101, "9999-12-15")].map(|(i, d)| Article {
        date: Some(d.to_string()),
        ..article(i, "甲栏", 0)
    });
    write_facet_articles(&archive, &mut live, far.into(), &[]);
    check(&live);
    assert!(archive.reader().searcher().segment_readers().len() >= 2);
}

/// A result set of more than half of a segment has its facets counted
/// from the segment's totals less the articles outside it: the counts
/// must be the same as for a small result set, deleted articles and
/// segments of either kind included.
#[test]
fn facets_of_most_of_the_archive_and_of_a_little_of_it_add_up() {
    use std::collections::BTreeMap;

    use dangjian::Article;
    use dangjian::index::Archive;

    // Three in four articles say 集体经济, the others 合作社; all say 第.
    let article = |i: usize, month: usize| {
        let (column, body) = if i % 4 == 0 {
            ("乙栏", format!("第{i}篇：村里办起合作社。"))
        } else {
            ("甲栏", format!("第{i}篇：村里发展集体经济。"))
        };
        facet_article(i, column, month, &body)
    };
    let archive = Archive::in_memory(crate::fixtures::analyzer()).unwrap();
    let mut live: BTreeMap<String, Article> = BTreeMap::new();
    let check = |live: &BTreeMap<String, Article>| {
        for q in ["集体经济", "合作社", "第"] {
            let matching: Vec<&Article> = live.values().filter(|a| a.body[0].contains(q)).collect();
            assert_facets(&archive, q, &matching);
        }
    };
    write_facet_articles(
        &archive,
        &mut live,
        (0..40).map(|i| article(i, i % 7)).collect(),
        &[],
    );
    check(&live);
    // Deletes on both sides, at the ends and in the middle of the segment.
    write_facet_articles(
        &archive,
        &mut live,
        Vec::new(),
        &["f0", "f1", "f20", "f38", "f39"],
    );
    check(&live);
    // A second, smaller segment.
    write_facet_articles(
        &archive,
        &mut live,
        (40..52).map(|i| article(i, 30 + i % 3)).collect(),
        &["f2"],
    );
    check(&live);
    assert!(archive.reader().searcher().segment_readers().len() >= 2);
}

/// An archive of several segments is searched on every core: the page,
/// its scores, the total and the facets are those of a search on one
/// thread, segment after segment.
#[test]
fn several_segments_search_on_every_core_as_on_one() {
    use dangjian::search::compile::compile;
    use tantivy::collector::{Count, TopDocs};

    let bodies = [
        "村里发展集体经济，合作社分红。",
        "社区养老服务中心开张，党员志愿者上门。",
        "集体经济薄弱村，党支部领办合作社。",
    ];
    let (archive, _) = facet_archive((0..4).map(|part| {
        (0..12)
            .map(|i| {
                let n = part * 12 + i;
                facet_article(n, "甲栏", n % 9, bodies[n % 3])
            })
            .collect()
    }));
    let searcher = archive.reader().searcher();
    assert!(searcher.segment_readers().len() >= 2);
    for q in ["集体经济", "合作社 党员", "\"养老服务\"", "村"] {
        let req = SearchRequest::new(q);
        let compiled = compile(&req, archive.fields(), archive.analyzer()).unwrap();
        let collector = (TopDocs::with_limit(50).order_by_score(), Count);
        let pooled = archive
            .search(&searcher, &compiled.query, &collector)
            .unwrap();
        let one = searcher.search(&compiled.query, &collector).unwrap();
        assert_eq!(pooled, one, "{q}");
        assert!(pooled.1 > 0, "{q}");
        let res = search(&archive, &req).unwrap();
        assert_eq!(res.total, one.1 as u64, "{q}");
    }
}

/// A string's pairs that are not needed to place it (体经 in 集体经济)
/// narrow the articles whose positions are read. They must never decide:
/// an article holding every pair of the string, but apart, does not have
/// it; one holding it does, however rare or common each pair is.
#[test]
fn strings_whose_pairs_all_stand_apart_are_not_found_verbatim() {
    let bodies = [
        "集体和经济都要发展。",
        "经济体经过集体讨论决定。",
        "村里发展集体经济，合作社分红。",
        "集体经济体制改革，集体经济。",
        "体经集体经经济济",
        "哈哈哈 哈哈",
        "哈哈哈哈哈笑声",
    ];
    let (archive, live) = facet_archive([bodies
        .iter()
        .enumerate()
        .map(|(n, body)| facet_article(n, "甲栏", n, body))
        .collect()]);
    for q in [
        "集体经济",
        "村集体经济",
        "经济体经",
        "体经集体经",
        "哈哈哈哈",
        "济体经过集体",
    ] {
        let holding: Vec<String> = live
            .values()
            .filter(|a| a.body[0].contains(q))
            .map(|a| a.id.clone())
            .collect();
        let quoted = search(&archive, &SearchRequest::new(format!("\"{q}\""))).unwrap();
        let mut found: Vec<String> = quoted.hits.iter().map(|h| h.id.clone()).collect();
        found.sort();
        assert_eq!(found, holding, "\"{q}\"");
        // Unquoted, an article with all its words apart matches too.
        let plain = search(&archive, &SearchRequest::new(q)).unwrap();
        for id in &holding {
            assert!(plain.hits.iter().any(|h| &h.id == id), "{q}: {id}");
        }
    }
}

/// A result set with few values is counted as a sorted list of them, and
/// its segments' lists added up as one list (or into the array of every
/// value, for a facet with few values); larger ones count into arrays,
/// and segments of both kinds add up. Every way must give the counts made
/// from the articles.
#[test]
fn facets_of_a_few_articles_among_many_values_add_up() {
    use dangjian::Article;

    // Every article has a column of its own: a segment has some 200
    // values, of which a few articles name a handful.
    let body = |i: usize| {
        let mut b = String::from("本报讯。");
        if [3, 250, 260, 599].contains(&i) {
            b.push_str("稀有词出现。");
        }
        if i < 25 || i == 210 || i == 211 {
            b.push_str("混合提到。");
        }
        b
    };
    let (archive, live) = facet_archive((0..3).map(|part| {
        (part * 200..part * 200 + 200)
            .map(|i| facet_article(i, &format!("栏目{i}"), i % 24, &body(i)))
            .collect()
    }));
    assert_eq!(archive.reader().searcher().segment_readers().len(), 3);
    for q in ["稀有词", "混合"] {
        let matching: Vec<&Article> = live.values().filter(|a| a.body[0].contains(q)).collect();
        assert_facets(&archive, q, &matching);
    }
}
