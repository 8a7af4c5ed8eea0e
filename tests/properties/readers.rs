//! The readers: a page reader and a JSONL record parser that take any text,
//! and lose no line of a page.

use std::collections::BTreeSet;
use std::path::Path;

use proptest::prelude::*;
use proptest::sample::Index;

use dangjian::Article;
use dangjian::corpus::{
    KNOWN_COLUMNS, parse_byline, parse_record, read_page, split_trailing_credit,
};

use super::config;
use super::inputs::*;

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
