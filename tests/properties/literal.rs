//! The literal-match invariant: a quoted substring finds exactly the
//! articles that contain it.

use std::collections::BTreeSet;

use proptest::prelude::*;
use proptest::sample::Index;

use dangjian::Article;
use dangjian::analysis::literal_units;
use dangjian::index::Archive;
use dangjian::search::{SearchRequest, matching_ids};

use super::config;
use super::inputs::*;
use crate::fixtures::analyzer;

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
                // One or two characters that are one word: the articles
                // with the word hold the string, so it finds exactly those
                // with the string (matched by its literal term alone).
                if needle.chars().count() <= 2 && archive.analyzer().query_words(&sub) == [needle.clone()] {
                    prop_assert_eq!(&found, &expected, "unquoted {:?} over {:#?}", sub, articles);
                }
            }
        }
    }
}
