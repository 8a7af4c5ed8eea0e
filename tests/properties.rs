//! Property tests (proptest): the query parser and search, the highlighter,
//! the readers, and the literal-match invariant, on generated input.
//!
//! Each property runs a small number of cases by default so that
//! `cargo test` stays fast; `PROPTEST_CASES=N` runs N cases of each, e.g.
//! `PROPTEST_CASES=20000 cargo test --release --test tests properties`.

use std::collections::BTreeSet;
use std::path::Path;

use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::Config as ProptestConfig;

use dangjian::Article;
use dangjian::analysis::literal_units;
use dangjian::corpus::{
    KNOWN_COLUMNS, parse_byline, parse_record, read_page, split_trailing_credit,
};
use dangjian::index::Archive;
use dangjian::search::passage::Passage;
use dangjian::search::query::parse;
use dangjian::search::snippet::{Highlighter, visible_text};
use dangjian::search::{
    FRAGMENT_CHARS, MAX_QUERY_CHARS, MAX_TERMS, SearchRequest, Sort, matching_ids, search,
};

use dangjian::corpus::collect_sources;
use dangjian::index::{IngestOptions, ingest};

use crate::fixtures::{analyzer, corpus_dir, page_archive};

/// The bundled page in one segment, in page order (one indexing thread):
/// unlike `page_archive()`, whose segments depend on thread timing, the
/// same layout on every run.
fn one_segment_archive() -> &'static Archive {
    static ARCHIVE: std::sync::OnceLock<Archive> = std::sync::OnceLock::new();
    ARCHIVE.get_or_init(|| {
        let archive = Archive::in_memory(analyzer()).unwrap();
        let sources = collect_sources(&[corpus_dir()]).unwrap();
        let opts = IngestOptions {
            threads: 1,
            ..IngestOptions::default()
        };
        ingest(&archive, &sources, &opts).unwrap();
        archive
    })
}

/// `SKIP_KNOWN_BUGS=1` steers the properties around the bugs
/// already reported (see the tests at the end of this file), so that a long
/// campaign can look for new ones.
fn skip_known_bugs() -> bool {
    std::env::var_os("SKIP_KNOWN_BUGS").is_some_and(|v| v != "0")
}

/// `cases` unless `PROPTEST_CASES` says otherwise.
fn config(cases: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(cases);
    ProptestConfig {
        cases,
        // Failures found so far are the named tests at the end of this
        // file; no regression files in the tree.
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

// ---------------------------------------------------------------- inputs

/// Characters that make text hard: CJK, full-width forms, emoji, combining
/// marks, control characters, odd whitespace, quotes and brackets, and any
/// character at all.
fn hostile_char() -> impl Strategy<Value = char> {
    prop_oneof![
        6 => prop::char::range('\u{4E00}', '\u{9FFF}'),
        6 => prop::sample::select("集体经济社区头雁工程宝日呼吉尔党建乡村振兴史连成".chars().collect::<Vec<_>>()),
        4 => prop::char::range(' ', '~'),
        2 => prop::char::range('\u{FF01}', '\u{FF5E}'),
        2 => prop::sample::select(vec![
            '"', '＂', '“', '”', '\'', '(', ')', '[', ']', '{', '}', '<', '>', '&', '-', ':',
            '：', '，', '。', '、', '；', '！', '？', '…', '—', '·', '《', '》', '「', '」',
        ]),
        2 => prop::sample::select(vec![
            ' ', ' ', '\t', '\n', '\r', '\u{3000}', '\u{A0}', '\u{2028}', '\u{2029}',
            '\u{200B}', '\u{FEFF}', '\u{0B}', '\u{0C}', '\u{85}',
        ]),
        1 => prop::char::range('\u{1F300}', '\u{1FAFF}'),
        1 => prop::char::range('\u{0300}', '\u{036F}'),
        1 => prop::char::range('\u{0}', '\u{1F}'),
        1 => prop::char::range('\u{7F}', '\u{9F}'),
        1 => prop::sample::select(vec!['İ', 'ß', 'ẞ', 'Σ', 'ǅ', '\u{FFFD}', '\u{10FFFF}', '\u{E000}']),
        2 => any::<char>(),
    ]
}

fn hostile_string(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(hostile_char(), 0..=max).prop_map(|v| v.into_iter().collect())
}

/// A piece of a query: operators, field prefixes, quotes, words, junk.
fn query_token() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => hostile_string(8),
        3 => prop::sample::select(vec![
            "OR", "NOT", "-", "--", "\"", "＂", "\"\"", "title:", "author:", "column:", "tag:",
            "title:\"", "-title:", "-\"", "NOT\"", "AND", "||", "&&", "*", "?", "~", "^2", "\\",
            "(", ")", "[", "]", "{", "}", "<mark>", "&amp;", "%", "%ZZ", "+", ":", "：",
            "“", "”", "‘", "’", "「", "」", "『", "』", "《", "》", "－", "＋", "（", "）",
            "title：", "-“", "，", "。",
        ])
        .prop_map(str::to_string),
        3 => prop::sample::select(vec![
            "集体经济", "宝日呼吉尔", "头雁", "头雁工程", "史连成", "宋爽", "北疆党旗红", "掠影",
            "2023年", "市宝日", "充电桩", "乡村振兴", "党建", "社区", "a", "Ａ", "1",
        ])
        .prop_map(str::to_string),
    ]
}

/// A query as a user might paste it, at most `max_chars` characters.
fn query(max_chars: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(
        (
            query_token(),
            prop::sample::select(vec!["", " ", " ", "  ", "\t", "\u{3000}"]),
        ),
        0..40,
    )
    .prop_map(move |parts| {
        let s: String = parts
            .into_iter()
            .flat_map(|(t, sep)| [t, sep.to_string()])
            .collect();
        s.chars().take(max_chars).collect()
    })
}

/// A short query a newsroom user might type: words of the bundled page
/// with operators, so that the query matches articles (the long random
/// ones rarely match anything, and then exclusions are never consulted).
fn realistic_query() -> impl Strategy<Value = String> {
    let word = prop::sample::select(vec![
        "集体经济",
        "宝日呼吉尔",
        "头雁",
        "头雁工程",
        "史连成",
        "宋爽",
        "充电桩",
        "乡村振兴",
        "党建",
        "社区",
        "马克思主义",
        "春耕灌溉",
        "鄂托克前旗",
        "议事会",
        "干部能力",
        "2023年",
        "基层",
        "党员",
        "群众",
        "服务",
        "银发",
        "乡土人才",
        "不存在的词",
    ]);
    let op = prop::sample::select(vec![
        "", "", "", "-", "NOT ", "OR ", "title:", "\"", "-\"", "author:", "column:",
    ]);
    prop::collection::vec((op, word), 1..6).prop_map(|parts| {
        parts
            .into_iter()
            .map(|(op, w)| {
                if op.ends_with('"') {
                    format!("{op}{w}\"")
                } else {
                    format!("{op}{w}")
                }
            })
            .collect::<Vec<_>>()
            .join(" ")
    })
}

fn sort() -> impl Strategy<Value = Sort> {
    prop::sample::select(vec![Sort::Relevance, Sort::DateDesc, Sort::DateAsc])
}

// ---------------------------------------------------------------- query

proptest! {
    #![proptest_config(config(64))]

    /// The parser never fails; search either answers or, for a query with
    /// more than `MAX_TERMS` terms that is not a pasted passage, says
    /// `too_many_terms`; the answer is consistent with `matching_ids`.
    #[test]
    fn parser_and_search_take_any_query(
        q in prop_oneof![query(MAX_QUERY_CHARS), realistic_query()],
        sort in sort(),
        limit in 1usize..=100,
        offset in prop_oneof![Just(0usize), 0usize..=20],
        fragments in 0usize..=5,
        fragment_chars in FRAGMENT_CHARS,
    ) {
        let parsed = parse(&q);
        let terms = parsed.num_terms();
        let passage = Passage::detect(&q).is_some();
        for t in parsed.positive_terms().chain(&parsed.excluded) {
            prop_assert!(!t.text.trim().is_empty(), "empty term in {parsed:?}");
        }
        let req = SearchRequest {
            sort,
            limit,
            offset,
            fragments,
            fragment_chars,
            ..SearchRequest::new(q.clone())
        };
        for archive in [page_archive(), one_segment_archive()] {
        match search(archive, &req) {
            Ok(res) => {
                prop_assert!(terms <= MAX_TERMS || passage, "{terms} terms accepted: {q:?}");
                prop_assert!(res.hits.len() <= limit);
                prop_assert!(res.total as usize >= res.hits.len());
                let expected_hits = (res.total as usize).saturating_sub(offset).min(limit);
                prop_assert_eq!(res.hits.len(), expected_hits, "q = {:?}", q);
                for hit in &res.hits {
                    prop_assert!(hit.snippets.len() <= fragments);
                    for s in &hit.snippets {
                        let n = visible_text(s).chars().count();
                        prop_assert!(n <= fragment_chars, "{n} > {fragment_chars}: {s:?} for {q:?}");
                    }
                }
                let ids = matching_ids(archive, &req).unwrap();
                prop_assert_eq!(ids.len() as u64, res.total, "q = {:?}", q);
            }
            Err(dangjian::Error::InvalidParameter { code: "too_many_terms", .. }) => {
                prop_assert!(terms > MAX_TERMS && !passage, "too_many_terms for {terms} terms: {q:?}");
            }
            Err(e) => prop_assert!(false, "search failed for {q:?}: {e}"),
        }
        }
    }

    /// Longer than `MAX_QUERY_CHARS`: `query_too_long`, whatever it holds.
    #[test]
    fn an_overlong_query_is_refused_not_run(
        q in query(4 * MAX_QUERY_CHARS),
        pad in hostile_string(MAX_QUERY_CHARS),
    ) {
        let mut q = q;
        q.push_str(&pad);
        while q.chars().count() <= MAX_QUERY_CHARS {
            q.push('党');
        }
        let _ = parse(&q);
        let res = search(page_archive(), &SearchRequest::new(q.clone()));
        prop_assert!(
            matches!(res, Err(dangjian::Error::InvalidParameter { code: "query_too_long", .. })),
            "{:?} for a query of {} chars",
            res.map(|r| r.total),
            q.chars().count()
        );
    }
}

/// A raw query string for `/api/search`: names, values, separators and
/// (bad) percent-encodings.
fn raw_query_string() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        3 => prop::sample::select(vec![
            "q", "limit", "offset", "sort", "from", "to", "column", "author", "tag", "fragments",
            "fragment_chars", "facets", "utm", "=", "&", "&&", "==", "%", "%ZZ", "%E9%9B",
            "%E9%9B%86", "%00", "%FF", "+", "1", "0", "-1", "100", "101", "10000", "10001",
            "99999999999999999999", "relevance", "date_desc", "2023-06-02", "2023-02-30", "true",
            "false",
        ])
        .prop_map(str::to_string),
        1 => hostile_string(6),
    ];
    prop::collection::vec(piece, 0..16).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(config(256))]

    /// The HTTP parameter parser answers any query string with a request
    /// that passes validation or a 400 with a code.
    #[test]
    fn search_parameters_take_any_query_string(raw in raw_query_string()) {
        match dangjian::server::search_request(Some(&raw)) {
            Ok(req) => prop_assert!(req.validate().is_ok(), "{raw:?} gave an invalid request"),
            Err(e) => {
                prop_assert_eq!(e.status.as_u16(), 400, "{:?}: {:?}", raw, e);
                prop_assert!(!e.code.is_empty());
            }
        }
    }
}

// ---------------------------------------------------------------- highlighter

/// What a fragment's text may be made of: the input with line breaks and
/// control characters shown as spaces (that is what escaping does).
fn shown(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// Checks escaping and tag balance of highlighted HTML.
fn check_html(html: &str) -> Result<(), String> {
    let mut rest = html;
    let mut open = false;
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix("<mark>") {
            if open {
                return Err(format!("nested <mark> in {html:?}"));
            }
            open = true;
            rest = r;
        } else if let Some(r) = rest.strip_prefix("</mark>") {
            if !open {
                return Err(format!("</mark> without <mark> in {html:?}"));
            }
            open = false;
            rest = r;
        } else if rest.starts_with('&') {
            let entity = ["&amp;", "&lt;", "&gt;", "&quot;", "&#39;"]
                .into_iter()
                .find(|e| rest.starts_with(e))
                .ok_or_else(|| format!("bare & in {html:?}"))?;
            rest = &rest[entity.len()..];
        } else {
            let c = rest.chars().next().unwrap_or_default();
            if matches!(c, '<' | '>' | '"' | '\'') {
                return Err(format!("unescaped {c:?} in {html:?}"));
            }
            if c.is_control() {
                return Err(format!("control character {c:?} in {html:?}"));
            }
            rest = &rest[c.len_utf8()..];
        }
    }
    if open {
        return Err(format!("unclosed <mark> in {html:?}"));
    }
    Ok(())
}

/// Text for the highlighter: mostly short, sometimes 10,000 characters.
fn highlight_text() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => hostile_string(300),
        1 => prop::collection::vec(hostile_char(), 10_000).prop_map(|v| v.into_iter().collect()),
        1 => (hostile_string(40), 1usize..400).prop_map(|(s, n)| s.repeat(n).chars().take(10_000).collect()),
    ]
}

/// Needles: pieces cut from the text (so that they match) and junk.
#[derive(Debug, Clone)]
enum NeedleSpec {
    Cut(Index, usize),
    Junk(String),
}

fn needles() -> impl Strategy<Value = Vec<NeedleSpec>> {
    prop::collection::vec(
        prop_oneof![
            3 => (any::<Index>(), 1usize..20).prop_map(|(i, n)| NeedleSpec::Cut(i, n)),
            1 => hostile_string(6).prop_map(NeedleSpec::Junk),
        ],
        0..5,
    )
}

fn make_needles(text: &str, specs: &[NeedleSpec]) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    specs
        .iter()
        .map(|s| match s {
            NeedleSpec::Cut(_, _) if chars.is_empty() => String::new(),
            NeedleSpec::Cut(i, n) => {
                let start = i.index(chars.len());
                chars[start..(start + n).min(chars.len())].iter().collect()
            }
            NeedleSpec::Junk(s) => s.clone(),
        })
        .collect()
}

/// Strips at most one `…` the highlighter added at either end and says
/// whether the rest occurs in `text`.
fn is_window_of(visible: &str, text: &str) -> bool {
    let starts = [visible, visible.strip_prefix('…').unwrap_or(visible)];
    starts.iter().any(|s| {
        [*s, s.strip_suffix('…').unwrap_or(s)]
            .iter()
            .any(|inner| text.contains(inner))
    })
}

proptest! {
    #![proptest_config(config(64))]

    /// Fragments fit the budget, are made of the text, escape everything
    /// but balanced `<mark>` tags, and never invent U+FFFD.
    #[test]
    fn highlighter_fragments_are_safe_and_fit(
        text in highlight_text(),
        literal_specs in needles(),
        word_specs in needles(),
        count in 0usize..=6,
        max_chars in 3usize..=600,
    ) {
        let text = if skip_known_bugs() {
            // highlighter_takes_text_that_starts_with_whitespace
            text.trim_start().to_string()
        } else {
            text
        };
        let literals = make_needles(&text, &literal_specs);
        let words = make_needles(&text, &word_specs);
        let h = Highlighter::new(&literals, &words);
        let had_fffd = text.contains('\u{FFFD}');
        let shown_text = shown(&text);

        let title = h.highlight(&text);
        check_html(&title).map_err(TestCaseError::fail)?;
        prop_assert_eq!(visible_text(&title), shown_text.clone());

        let frags = h.fragments(&text, count, max_chars);
        prop_assert!(frags.len() <= count, "{} fragments > {}", frags.len(), count);
        for f in &frags {
            check_html(f).map_err(TestCaseError::fail)?;
            prop_assert!(had_fffd || !f.contains('\u{FFFD}'), "U+FFFD in {:?}", f);
            let visible = visible_text(f);
            let n = visible.chars().count();
            prop_assert!(n <= max_chars, "{} chars > {}: {:?}", n, max_chars, f);
            prop_assert!(is_window_of(&visible, &shown_text), "{:?} is not a window of the text", f);
        }
    }
}

// ---------------------------------------------------------------- readers

/// One line of a generated newspaper page.
fn page_line() -> impl Strategy<Value = String> {
    let han = || {
        prop::collection::vec(prop::char::range('\u{4E00}', '\u{9FA5}'), 2..=3)
            .prop_map(|v| v.into_iter().collect::<String>())
    };
    let sentence = || {
        prop::collection::vec(
            prop_oneof![
                8 => prop::char::range('\u{4E00}', '\u{9FA5}'),
                1 => prop::sample::select(vec!['，', '、', '“', '”', '1', '2', ' ']),
            ],
            1..60,
        )
        .prop_map(|v| v.into_iter().collect::<String>())
    };
    prop_oneof![
        // Headings and columns.
        3 => prop::collection::vec(prop::char::range('\u{4E00}', '\u{9FA5}'), 2..16)
            .prop_map(|v| v.into_iter().collect::<String>()),
        2 => prop::sample::select(KNOWN_COLUMNS.to_vec()).prop_map(str::to_string),
        // Bylines and photo credits.
        2 => (prop::sample::select(vec!["□本报记者 ", "本报记者 ", "■记者 ", "□", "通讯员 "]), han(),
              prop::option::of((prop::sample::select(vec![" 实习生 ", " 通讯员 ", " "]), han())))
            .prop_map(|(r, n, more)| match more {
                Some((r2, n2)) => format!("{r}{n}{r2}{n2}"),
                None => format!("{r}{n}"),
            }),
        1 => (han(), prop::option::of(han())).prop_map(|(a, b)| match b {
            Some(b) => format!("本报记者 {a} 通讯员 {b} 摄"),
            None => format!("{a} 摄"),
        }),
        // Body paragraphs: finished, broken, captions with a credit, lists.
        6 => (sentence(), prop::sample::select(vec!["。", "！", "", "，", "”", "：", "。”"]))
            .prop_map(|(s, end)| format!("{s}{end}")),
        1 => (sentence(), han()).prop_map(|(s, n)| format!("{s}。 本报记者 {n} 摄")),
        1 => (prop::sample::select(vec!["★", "●", "——", "“"]), sentence())
            .prop_map(|(m, s)| format!("{m}{s}。")),
        // Anything, and blank lines.
        2 => hostile_string(30),
        2 => prop::sample::select(vec!["", " ", "\u{3000}", "\t"]).prop_map(str::to_string),
    ]
}

fn page() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(page_line(), 0..40),
        prop::sample::select(vec!["\n", "\n\n", "\r\n"]),
    )
        .prop_map(|(lines, sep)| lines.join(sep))
}

/// Where line `line` (trimmed) ended up, if anywhere.
fn find_line(articles: &[Article], line: &str) -> bool {
    let has_authors =
        |a: &Article, want: &[dangjian::Author]| want.iter().all(|w| a.authors.contains(w));
    articles.iter().any(|a| {
        a.title.contains(line)
            || a.kicker.as_deref().is_some_and(|k| k.contains(line))
            || a.column.as_deref() == Some(line)
            || a.body_text().contains(line)
            || parse_byline(line).is_some_and(|au| has_authors(a, &au))
            || split_trailing_credit(line)
                .is_some_and(|(cap, au)| a.body_text().contains(cap) && has_authors(a, &au))
    })
}

proptest! {
    #![proptest_config(config(64))]

    /// The page reader takes any text; every article it makes passes
    /// validation (else ingesting the page would fail) and has its own id.
    #[test]
    fn read_page_takes_any_text(text in prop_oneof![hostile_string(400), page()]) {
        let articles = read_page(&text, "x.txt", None);
        let mut ids = BTreeSet::new();
        for a in &articles {
            prop_assert!(ids.insert(a.id.clone()), "duplicate id {}", a.id);
            let valid = a.clone().validate();
            prop_assert!(valid.is_ok(), "{:?} does not validate: {:?}", a, valid.err());
        }
    }

    /// Nothing on a page is dropped: every non-empty line is a title, a
    /// kicker, a column, authors, or (part of) the body of some article.
    #[test]
    fn every_line_of_a_page_ends_up_somewhere(text in page()) {
        let articles = read_page(&text, "x.txt", None);
        for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
            prop_assert!(find_line(&articles, line), "line {:?} of {:?} is lost: {:#?}", line, text, articles);
        }
    }
}

/// A JSON value that is sometimes of the right type for an article field.
fn json_value() -> impl Strategy<Value = serde_json::Value> {
    use serde_json::{Value, json};
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>().prop_map(|f| json!(f)),
        Just(json!(u64::MAX)),
        hostile_string(20).prop_map(Value::String),
        prop::sample::select(vec![
            "2023-06-02",
            "2023-02-30",
            "0000-01-01",
            "9999-12-31",
            "2023-6-2",
            "reporter",
            "photographer",
            "x",
            "",
            " "
        ])
        .prop_map(|s| Value::String(s.to_string())),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec(
                (
                    prop::sample::select(vec!["name", "role", "id", "title", "x"]),
                    inner
                ),
                0..3
            )
            .prop_map(|kv| Value::Object(
                kv.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
            )),
        ]
    })
}

/// A JSONL line: an object with some article fields, maybe cut short or
/// with junk spliced in, or anything at all.
fn jsonl_line() -> impl Strategy<Value = String> {
    let fields = || {
        prop::collection::vec(
            (
                prop::sample::select(vec![
                    "id", "title", "body", "date", "tags", "url", "column", "kicker", "authors",
                    "source", "extra",
                ]),
                json_value(),
            ),
            0..10,
        )
        .prop_map(|kv| {
            serde_json::Value::Object(kv.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
                .to_string()
        })
    };
    prop_oneof![
        4 => fields(),
        2 => (fields(), any::<Index>(), hostile_string(5)).prop_map(|(s, i, junk)| {
            let cut = (0..=i.index(s.len() + 1)).rev().find(|&c| s.is_char_boundary(c)).unwrap_or(0);
            format!("{}{junk}", &s[..cut])
        }),
        1 => hostile_string(100),
    ]
}

proptest! {
    #![proptest_config(config(256))]

    /// A JSONL line is an article or an error naming a field, never a
    /// panic; an accepted article is already valid.
    #[test]
    fn parse_record_takes_any_line(line in jsonl_line()) {
        match parse_record(&line, Path::new("x.jsonl")) {
            Ok(a) => {
                let again = a.clone().validate();
                prop_assert!(again.is_ok(), "accepted but invalid: {:?}", a);
                prop_assert_eq!(again.unwrap(), a);
            }
            Err((field, message)) => {
                prop_assert!(!field.is_empty() && !message.is_empty());
            }
        }
    }
}

// ---------------------------------------------------------------- literal invariant

/// Characters for generated articles: a small alphabet, so that substrings
/// repeat within and across articles, with full-width forms and
/// whitespace that normalization folds.
fn article_char() -> impl Strategy<Value = char> {
    prop_oneof![
        8 => prop::sample::select("党建集体经济社区头雁工程乡村振兴".chars().collect::<Vec<_>>()),
        2 => prop::sample::select("abAB12ＡＢａ１２".chars().collect::<Vec<_>>()),
        2 => prop::sample::select("，。、“”-():!？ ".chars().collect::<Vec<_>>()),
        1 => prop::sample::select(vec![' ', '\u{3000}', '\t', '\n']),
        1 => hostile_char(),
    ]
}

fn article_text(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(article_char(), 0..max).prop_map(|v| v.into_iter().collect())
}

fn generated_articles() -> impl Strategy<Value = Vec<Article>> {
    prop::collection::vec(
        (
            article_text(30),
            prop::collection::vec(article_text(150), 1..4),
        ),
        1..7,
    )
    .prop_map(|items| {
        items
            .into_iter()
            .enumerate()
            .map(|(i, (title, body))| {
                Article {
                    id: format!("a{i}"),
                    // A leading character keeps the title non-empty.
                    title: format!("党{title}"),
                    body: body.into_iter().chain(["建".to_string()]).collect(),
                    ..Article::default()
                }
                .validate()
                .unwrap()
            })
            .collect()
    })
}

fn units(s: &str) -> String {
    literal_units(s).into_iter().collect()
}

proptest! {
    #![proptest_config(config(48))]

    /// A quoted string cut from an article finds that article, and finds
    /// exactly the articles whose title or body contains it (grep).
    #[test]
    fn a_quoted_substring_finds_exactly_the_articles_containing_it(
        articles in generated_articles(),
        picks in prop::collection::vec((any::<Index>(), any::<bool>(), any::<Index>(), 1usize..40), 1..10),
    ) {
        let archive = Archive::in_memory(analyzer()).unwrap();
        let mut w = archive.writer(1, 0).unwrap();
        for a in &articles {
            w.upsert(a).unwrap();
        }
        w.commit().unwrap();

        for (which, in_title, start, len) in picks {
            let a = &articles[which.index(articles.len())];
            let field = if in_title { a.title.clone() } else { a.body_text() };
            let chars: Vec<char> = field.chars().collect();
            let start = start.index(chars.len());
            let sub: String = chars[start..(start + len).min(chars.len())].iter().collect();
            let needle = units(&sub);
            if sub.contains(['"', '＂']) || needle.is_empty() {
                continue;
            }
            let q = format!("\"{sub}\"");
            let found: BTreeSet<String> = matching_ids(&archive, &SearchRequest::new(q.clone()))
                .unwrap()
                .into_iter()
                .collect();
            let expected: BTreeSet<String> = articles
                .iter()
                .filter(|b| units(&b.title).contains(&needle) || units(&b.body_text()).contains(&needle))
                .map(|b| b.id.clone())
                .collect();
            prop_assert!(found.contains(&a.id), "{q:?} from {:?} does not find it; found {found:?}", a);
            prop_assert_eq!(&found, &expected, "query {:?} over {:#?}", q, articles);

            // Unquoted, a single term: still found wherever it occurs
            // verbatim (it may find more, by its jieba words).
            let plain_term = !sub.contains(char::is_whitespace)
                && !sub.starts_with('-')
                && !["OR", "NOT"].contains(&sub.as_str())
                && !["title:", "author:", "column:", "tag:", "person:", "place:", "org:"]
                    .iter()
                    .any(|p| sub.starts_with(p));
            if plain_term {
                let found: BTreeSet<String> = matching_ids(&archive, &SearchRequest::new(sub.clone()))
                    .unwrap()
                    .into_iter()
                    .collect();
                prop_assert!(
                    expected.is_subset(&found),
                    "unquoted {:?} misses {:?} over {:#?}",
                    sub,
                    expected.difference(&found).collect::<Vec<_>>(),
                    articles
                );
            }
        }
    }
}

// ---------------------------------------------------------------- found by the properties

/// Found by `highlighter_fragments_are_safe_and_fit` (minimal input: text
/// `" "`, no needles, count 1, max_chars 3): with no match, a text whose
/// first `max_chars - 2` characters are whitespace makes `window` return
/// `(0, 0)` and `decorate` then reads `chars[e - 1]` with `e = 0`:
/// "attempt to subtract with overflow" (debug), index out of bounds
/// (release). Stored bodies are trimmed, so search does not reach it; any
/// other caller of the public highlighter does.
#[test]
fn highlighter_takes_text_that_starts_with_whitespace() {
    let h = Highlighter::new(&["集体经济".to_string()], &[]);
    for text in [
        " ".to_string(),
        "\n\n正文。".to_string(),
        " ".repeat(100) + "正文。",
    ] {
        let frags = h.fragments(&text, 3, 80);
        for f in &frags {
            assert!(visible_text(f).chars().count() <= 80);
        }
    }
}

/// Found by the same property with `max_chars` below 3: the window keeps at
/// least one character and adds `…` on both sides, so a fragment has 3
/// visible characters whatever the budget. The HTTP API and the CLI only
/// allow 20..=500, so they do not reach it; the documented contract of
/// `fragments` ("at most `max_chars` characters") is broken for 1 and 2.
#[test]
fn highlighter_fragments_fit_budgets_below_three() {
    let text = "前言。".repeat(10) + "这里说到了集体经济的发展" + &"后记，".repeat(10);
    let h = Highlighter::new(&["集体经济".to_string()], &[]);
    for max in [1, 2] {
        for f in h.fragments(&text, 3, max) {
            let n = visible_text(&f).chars().count();
            assert!(n <= max, "max_chars {max}: {n} visible chars in {f:?}");
        }
    }
}

/// Found by `search::or_not_and_field_prefixes` failing now and then:
/// excluding a term of 3+ characters (a phrase of character pairs) panics
/// in builds with debug assertions (`cargo test`, `cargo run` without
/// `--release`) whenever, in some segment, the phrase's terms occur and the
/// first article the rest of the query matches comes before the phrase's
/// first match: tantivy 0.27's `PhraseScorer::seek_danger` asserts
/// `target >= self.doc()`, which `Exclude::new` does not guarantee
/// ("target (0) should be greater than or equal to doc (1)"). Over HTTP on
/// a debug build that is a 500. Release builds skip the assertion; the
/// results there are right (the default `seek_danger` logic holds).
#[test]
fn excluding_a_phrase_works_whatever_the_order_of_articles() {
    let archive = Archive::in_memory(analyzer()).unwrap();
    let mut w = archive.writer(1, 0).unwrap();
    for (id, body) in [
        ("a", "各地推进乡村振兴。"),
        ("b", "头雁工程助力乡村振兴。"),
        ("c", "乡村振兴，头雁领航。"),
    ] {
        let article = Article {
            id: id.into(),
            title: format!("标题{id}"),
            body: vec![body.into()],
            ..Article::default()
        };
        w.upsert(&article.validate().unwrap()).unwrap();
    }
    w.commit().unwrap();
    for (q, want) in [
        ("乡村振兴 -头雁工程", vec!["a", "c"]),
        ("乡村振兴 -\"头雁工程\"", vec!["a", "c"]),
        ("乡村振兴 NOT 助力乡村", vec!["a", "c"]),
        ("乡村振兴 -不存在的词", vec!["a", "b", "c"]),
    ] {
        let mut ids = matching_ids(&archive, &SearchRequest::new(q)).unwrap();
        ids.sort();
        assert_eq!(ids, want, "{q}");
    }
}
