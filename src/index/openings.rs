//! Openings: the boilerplate that a large share of an archive's bodies
//! begin with, indexed as one exact term per article.
//!
//! Most items of a broadcaster's archive open with the same words
//! (央视网消息（新闻联播）：), so any string cut from them (网消息（新闻,
//! 新闻联播）：) is verbatim in nearly every article, and finding it
//! verbatim read the positions of its character pairs in every one of
//! them: these were the slowest searches of the archive. An article whose
//! body opens with one of the index's frequent openings also has that
//! opening, as its literal units, in the `opening` field; a search for a
//! string the opening contains takes those articles as verbatim matches
//! without reading a position (`search::verbatim`), and reads positions
//! only for the rest.
//!
//! Which openings are frequent is learnt once, from the first articles an
//! ingest writes into an index that has none ([`learn`]); a writer then
//! takes the ones the index already holds ([`of_index`]). An index that
//! has none (its archive has no such boilerplate, or it was written from
//! pages or the API) tries again at each JSONL ingest, from that run's
//! first 5,000 articles, which wait in memory until then as they do for the
//! bodies' dictionary; articles written before keep no opening and are
//! read by positions. Recall never
//! depends on it: an article's opening term is always a prefix of its
//! body's units, so every article it finds holds the string, and every
//! other article is read by positions as before.

use std::collections::HashMap;

use tantivy::schema::Field;
use tantivy::{Searcher, TantivyError};

use crate::analysis::literal_units;

/// An opening ends at the first colon (`：`, folded to `:`) within this
/// many units of the body's start.
const MAX_UNITS: usize = 24;

/// A learnt opening begins at least this share of the bodies it was learnt
/// from, and at least [`MIN_ARTICLES`] of them.
const MIN_SHARE: f64 = 0.01;
const MIN_ARTICLES: usize = 20;

/// The opening of `body`: its literal units up to and including the first
/// colon, when there is one within [`MAX_UNITS`] units (at least two
/// before it).
pub fn opening_of(body: &str) -> Option<String> {
    // Only the first units are needed; a colon ends the search.
    let head: String = body.chars().take(MAX_UNITS * 2).collect();
    let units = literal_units(&head);
    let colon = units.iter().take(MAX_UNITS).position(|&c| c == ':')?;
    (colon >= 2).then(|| units[..=colon].iter().collect())
}

/// The openings at least [`MIN_SHARE`] of `bodies` (and [`MIN_ARTICLES`])
/// begin with.
pub fn learn<'a>(bodies: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut counts: HashMap<String, usize> = HashMap::new();
    let mut total = 0usize;
    for body in bodies {
        total += 1;
        if let Some(o) = opening_of(body) {
            *counts.entry(o).or_default() += 1;
        }
    }
    let least = ((total as f64 * MIN_SHARE).ceil() as usize).max(MIN_ARTICLES);
    let mut learnt: Vec<String> = counts
        .into_iter()
        .filter(|&(_, n)| n >= least)
        .map(|(o, _)| o)
        .collect();
    learnt.sort_unstable();
    learnt
}

/// The openings indexed in `field` in any segment of `searcher`.
pub fn of_index(searcher: &Searcher, field: Field) -> tantivy::Result<Vec<String>> {
    let mut all = Vec::new();
    for reader in searcher.segment_readers() {
        let inverted = reader.inverted_index(field)?;
        let mut terms = inverted.terms().stream()?;
        while terms.advance() {
            let text = std::str::from_utf8(terms.key())
                .map_err(|e| TantivyError::InternalError(format!("opening term: {e}")))?;
            all.push(text.to_string());
        }
    }
    all.sort_unstable();
    all.dedup();
    Ok(all)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_opening_runs_to_the_first_colon_near_the_start() {
        assert_eq!(
            opening_of("央视网消息（新闻联播）：今天，习近平……").as_deref(),
            Some("央视网消息(新闻联播):")
        );
        assert_eq!(
            opening_of("本报讯 记者张三：村里……").as_deref(),
            Some("本报讯 记者张三:")
        );
        // No colon near the start, or nothing before it.
        assert_eq!(opening_of("近年来，该旗发展集体经济。居民增收。"), None);
        assert_eq!(opening_of(&format!("{}：", "长".repeat(30))), None);
        assert_eq!(opening_of("：开头"), None);
    }

    #[test]
    fn learns_only_the_openings_of_many_bodies() {
        let mut bodies = vec!["央视网消息（新闻联播）：正文".to_string(); 30];
        bodies.extend((0..70).map(|i| format!("记者{i}报道：正文")));
        bodies.push("央视网消息（新闻联播）：另一篇".to_string());
        let learnt = learn(bodies.iter().map(String::as_str));
        assert_eq!(learnt, vec!["央视网消息(新闻联播):".to_string()]);
        // Below the least number of articles, nothing.
        assert!(learn(bodies[..10].iter().map(String::as_str)).is_empty());
    }
}
