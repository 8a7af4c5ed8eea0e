//! Queries as Chinese users type and paste them: IME punctuation and
//! pasted passages, on the bundled page.

use dangjian::Error;
use dangjian::search::{MAX_QUERY_CHARS, SearchRequest, search};

use crate::fixtures::{find, page_archive};

fn ids(q: &str) -> Vec<String> {
    let mut ids: Vec<String> = find(q).hits.into_iter().map(|h| h.id).collect();
    ids.sort();
    ids
}

fn total(q: &str) -> u64 {
    find(q).total
}

#[test]
fn ime_quoted_strings_count_exactly_like_ascii_quoted_ones() {
    for phrase in ["集体经济", "头雁", "乡村振兴", "基层治理"] {
        let ascii = total(&format!("\"{phrase}\""));
        assert!(ascii >= 1, "{phrase}");
        for (open, close) in [
            ("“", "”"),
            ("‘", "’"),
            ("「", "」"),
            ("『", "』"),
            ("＂", "＂"),
        ] {
            let q = format!("{open}{phrase}{close}");
            assert_eq!(total(&q), ascii, "{q}");
            assert_eq!(ids(&q), ids(&format!("\"{phrase}\"")), "{q}");
        }
    }
}

#[test]
fn a_quotation_pasted_inside_ime_quotes_keeps_its_own_marks() {
    // The page prints 谁家的“大事小情”都在: quoted whole in the same marks,
    // the inner pair is part of the string, as inside ASCII quotes.
    let inner = "街道社区谁家的“大事小情”都在她的心里记着";
    let ascii = find(&format!("\"{inner}\""));
    assert_eq!(ascii.total, 1);
    for q in [format!("“{inner}”"), format!("‘{inner}’")] {
        assert_eq!(ids(&q), ids(&format!("\"{inner}\"")), "{q}");
    }
    // Without its marks the string is not on the page.
    assert_eq!(total("“街道社区谁家的大事小情都在她的心里记着”"), 0);
    // Nor is 王莹 right before the quotation, though both are on the page:
    // closed at the inner mark, this was 王莹 quoted and the rest loose.
    assert_eq!(total("“王莹“大事小情””"), 0);
    assert_eq!(total("\"王莹“大事小情”\""), 0);
}

#[test]
fn an_ime_quoted_string_is_exact_not_loose() {
    // 集体 and 经济 apart would match more loosely than the quoted string.
    let quoted = find("“社区集体”");
    let loose = find("社区集体");
    assert!(quoted.total <= loose.total);
    assert_eq!(quoted.total, find("\"社区集体\"").total);
}

#[test]
fn full_width_colon_is_a_field_prefix() {
    assert_eq!(ids("title：头雁"), ids("title:头雁"));
    assert!(total("title：头雁") >= 1);
    assert_eq!(ids("author：宋爽"), ids("author:宋爽"));
    assert_eq!(total("author：宋爽"), 3);
}

#[test]
fn full_width_minus_excludes() {
    let all = total("集体经济");
    assert!(all >= 1);
    assert_eq!(ids("－鄂托克前旗 集体经济"), ids("-鄂托克前旗 集体经济"));
    assert!(total("－鄂托克前旗 集体经济") < all);
    assert_eq!(ids("党建 －“头雁”"), ids("党建 -\"头雁\""));
}

#[test]
fn full_width_plus_and_parentheses_match_like_ascii() {
    assert_eq!(ids("（头雁）"), ids("(头雁)"));
    assert_eq!(ids("＋头雁"), ids("+头雁"));
}

#[test]
fn book_title_marks_search_the_title_inside_as_a_phrase() {
    assert_eq!(ids("《头雁工程》"), ids("\"头雁工程\""));
    assert!(total("《头雁工程》") >= 1);
    assert_eq!(
        ids("《头雁工程》 －《乡村振兴》"),
        ids("\"头雁工程\" -\"乡村振兴\"")
    );
}

/// Every article's body, id first.
fn bodies() -> Vec<(String, String)> {
    let archive = page_archive();
    let searcher = archive.reader().searcher();
    let mut out = Vec::new();
    for (ord, seg) in searcher.segment_readers().iter().enumerate() {
        for doc in seg.doc_ids_alive() {
            let d: tantivy::TantivyDocument = searcher
                .doc(tantivy::DocAddress::new(ord as u32, doc))
                .unwrap();
            let a = archive.article_from_doc(&d);
            out.push((a.id, a.body.join("\n")));
        }
    }
    out
}

fn first_id(q: &str) -> Option<String> {
    find(q).hits.first().map(|h| h.id.clone())
}

#[test]
fn a_pasted_passage_brings_its_article_first() {
    let mut tried = 0;
    for (id, body) in bodies() {
        let chars: Vec<char> = body.chars().collect();
        for (start, len) in [(0, 200), (chars.len() / 3, 300), (10, 1_000)] {
            if start + len > chars.len() {
                continue;
            }
            let passage: String = chars[start..start + len].iter().collect();
            tried += 1;
            assert_eq!(first_id(&passage), Some(id.clone()), "{passage}");
        }
    }
    assert!(tried >= 10, "only {tried} passages");
}

#[test]
fn a_passage_pasted_with_other_line_breaks_and_spaces_still_finds_its_article() {
    let (id, body) = bodies()
        .into_iter()
        .max_by_key(|(_, b)| b.chars().count())
        .unwrap();
    let passage: String = body.chars().take(600).collect();
    for pasted in [
        passage.replace('\n', ""),
        passage.replace('\n', "\r\n\r\n"),
        passage.replace('，', "，\u{3000} "),
        format!("  {passage}  \n"),
    ] {
        assert_eq!(first_id(&pasted), Some(id.clone()), "{pasted}");
    }
}

#[test]
fn a_passage_finds_its_article_before_a_near_duplicate_that_scores_the_same() {
    use dangjian::Article;
    use dangjian::index::Archive;
    // A yearly story whose versions differ only in a list of names: every
    // chunk of a paste (runs of eight letters or digits) is in both.
    let story = |names: &str| {
        format!(
            "春节前夕，中央领导同志分别看望或委托有关方面负责同志看望了老同志，\
             向老同志们致以节日的问候和美好的祝愿。看望的老同志有：{names}。\
             老同志们对党和国家各项事业取得的成就感到由衷高兴，表示坚决拥护党中央。"
        )
    };
    let archive = Archive::in_memory(crate::fixtures::analyzer()).unwrap();
    let mut w = archive.writer(1, 0).unwrap();
    for (id, names) in [
        ("decoy", "张明、李华、王强"),
        ("source", "赵刚、钱林、孙伟"),
    ] {
        let article = Article {
            id: id.into(),
            title: "中央领导同志看望老同志".into(),
            body: vec![story(names)],
            ..Article::default()
        };
        w.upsert(&article.validate().unwrap()).unwrap();
    }
    w.commit().unwrap();
    let pasted = story("赵刚、钱林、孙伟");
    // As printed, with its dateline (not in the stored body), other
    // punctuation and line breaks.
    for paste in [
        pasted.clone(),
        pasted.replace('，', "，\n"),
        format!("本报讯（记者 王皓）{pasted}"),
        pasted.replace('，', ","),
    ] {
        let res = search(&archive, &SearchRequest::new(paste.as_str())).unwrap();
        let ids: Vec<&str> = res.hits.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["source", "decoy"], "{paste}");
        assert_eq!(res.hits[0].score, res.hits[1].score, "a tie of chunks");
    }
}

#[test]
fn empty_quotes_are_the_empty_string_every_article_contains() {
    let all = search(page_archive(), &SearchRequest::new(""))
        .unwrap()
        .total;
    for q in ["“”", "「」", "\"\""] {
        assert_eq!(total(q), all, "{q}");
    }
    // With a term beside them, the quotes add nothing and the term counts.
    assert_eq!(total("“” 集体经济"), total("集体经济"));
}

#[test]
fn a_passage_keeps_the_filters() {
    let (id, body) = bodies().into_iter().next().unwrap();
    let passage: String = body.chars().take(200).collect();
    let req = SearchRequest {
        author: Some("nobody-at-all".into()),
        ..SearchRequest::new(passage.clone())
    };
    assert_eq!(search(page_archive(), &req).unwrap().total, 0);
    assert_eq!(first_id(&passage), Some(id));
}

#[test]
fn a_query_past_the_limit_is_refused_with_its_code() {
    let q = "党".repeat(MAX_QUERY_CHARS + 1);
    let err = search(page_archive(), &SearchRequest::new(q)).unwrap_err();
    match err {
        Error::InvalidParameter { code, message } => {
            assert_eq!(code, "query_too_long");
            assert!(message.contains(&MAX_QUERY_CHARS.to_string()), "{message}");
        }
        other => panic!("{other}"),
    }
    let q = "党".repeat(MAX_QUERY_CHARS);
    assert!(search(page_archive(), &SearchRequest::new(q)).is_ok());
}
