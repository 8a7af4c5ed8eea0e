//! Suggestions as the user types ("what is the term people use?").
//!
//! Candidates are the archive's own vocabulary, each with the number of
//! articles that have it: words and phrases (jieba's search mode indexes
//! 乡村振兴 as well as 乡村 and 振兴) of headlines, and of whole articles
//! when more than one has them; columns and tags. They are
//! read from the term dictionaries of the index, not from the stored
//! articles, so building the table for the whole xwlb archive is a walk
//! over a few hundred thousand terms. A table is built once per searcher
//! generation ([`SuggestCache`]) and answers a prefix with two binary
//! searches and one pass over the entries that have it.
//!
//! Each candidate has a [`SuggestionKind`]; the people, places and
//! organisations found at ingest (the entity facets) are sources like the
//! rest. A text that comes from several sources is one suggestion, with
//! the largest count and the most specific kind (张桂梅 is a person
//! before it is a word).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use serde::Serialize;
use tantivy::Searcher;
use tantivy::schema::Field;

use crate::analysis::normalize;
use crate::error::{Error, Result};
use crate::index::{Archive, Fields};

/// Suggestions listed when the caller does not say.
pub const DEFAULT_SUGGESTIONS: usize = 8;
/// Most suggestions one request may ask for.
pub const MAX_SUGGESTIONS: usize = 20;
/// Longest prefix, in characters.
pub const MAX_PREFIX_CHARS: usize = 64;

/// Where a suggestion comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SuggestionKind {
    /// A word or phrase of headlines (or of several articles).
    Word,
    Column,
    Tag,
    Person,
    Place,
    Org,
}

impl SuggestionKind {
    /// Which kind a text found in several sources keeps: the most specific.
    fn specificity(self) -> u8 {
        match self {
            SuggestionKind::Word => 0,
            SuggestionKind::Tag => 1,
            SuggestionKind::Column => 2,
            SuggestionKind::Org => 3,
            SuggestionKind::Place => 4,
            SuggestionKind::Person => 5,
        }
    }
}

/// One suggestion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Suggestion {
    pub text: String,
    pub kind: SuggestionKind,
    /// Number of articles that have it.
    pub count: u64,
}

/// The answer to a prefix.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SuggestResponse {
    pub query: String,
    /// Most frequent first.
    pub suggestions: Vec<Suggestion>,
}

/// Where suggestions come from.
#[derive(Debug, Clone, Copy)]
pub struct Source {
    pub field: Field,
    pub kind: SuggestionKind,
    /// Fewest articles a value must be in. A body word seen in one article
    /// only is more likely a segmentation accident than "the term people
    /// use"; a headline word, a column or a tag is chosen by an editor.
    pub min_count: u32,
}

/// The fields suggestions come from.
pub fn sources(fields: &Fields) -> Vec<Source> {
    let source = |field, kind, min_count| Source {
        field,
        kind,
        min_count,
    };
    vec![
        source(fields.heading_words, SuggestionKind::Word, 1),
        source(fields.words, SuggestionKind::Word, 2),
        source(fields.column, SuggestionKind::Column, 1),
        source(fields.tag, SuggestionKind::Tag, 1),
        source(fields.person, SuggestionKind::Person, 1),
        source(fields.place, SuggestionKind::Place, 1),
        source(fields.org, SuggestionKind::Org, 1),
    ]
}

#[derive(Debug)]
struct Entry {
    /// The normalized text, which prefixes are matched against.
    key: Box<str>,
    /// The text as indexed, when it is not the key (a column or tag in
    /// full-width letters); words are indexed normalized.
    text: Option<Box<str>>,
    kind: SuggestionKind,
    count: u32,
}

impl Entry {
    /// Suggestion order: more articles first, then shorter, then by text.
    fn rank(&self) -> (std::cmp::Reverse<u32>, usize, &str) {
        (std::cmp::Reverse(self.count), self.key.len(), &self.key)
    }
}

/// The prefix table of one searcher generation.
#[derive(Debug, Default)]
pub struct Suggester {
    /// Sorted by key.
    entries: Vec<Entry>,
}

impl Suggester {
    /// Reads the candidates of every source out of `searcher`'s term
    /// dictionaries.
    pub fn build(searcher: &Searcher, fields: &Fields) -> Result<Suggester> {
        let mut entries = Vec::new();
        for Source {
            field,
            kind,
            min_count,
        } in sources(fields)
        {
            let mut counts: HashMap<Vec<u8>, u32> = HashMap::new();
            for segment in searcher.segment_readers() {
                let index = segment.inverted_index(field)?;
                let mut terms = index
                    .terms()
                    .stream()
                    .map_err(|e| Error::io("<term dictionary>", e))?;
                while terms.advance() {
                    *counts.entry(terms.key().to_vec()).or_default() += terms.value().doc_freq;
                }
            }
            for (bytes, count) in counts {
                let Ok(text) = String::from_utf8(bytes) else {
                    continue;
                };
                if count < min_count || (kind == SuggestionKind::Word && !is_term(&text)) {
                    continue;
                }
                let key = normalize(&text);
                entries.push(Entry {
                    text: (key != text).then(|| text.into()),
                    key: key.into(),
                    kind,
                    count,
                });
            }
        }
        entries.sort_unstable_by(|a, b| a.key.cmp(&b.key));
        Ok(Suggester {
            entries: merge_same_keys(entries),
        })
    }

    /// Number of candidates.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The `limit` most frequent candidates that start with `prefix`
    /// (normalized), one per text.
    pub fn suggest(&self, prefix: &str, limit: usize) -> Vec<Suggestion> {
        let prefix = normalize(prefix.trim());
        if prefix.is_empty() || limit == 0 {
            return Vec::new();
        }
        let start = self
            .entries
            .partition_point(|e| e.key.as_ref() < prefix.as_str());
        let len = self.entries[start..].partition_point(|e| e.key.starts_with(prefix.as_str()));
        let matches = &self.entries[start..start + len];
        // The best few by count, ties by shorter then smaller text: a
        // bounded insertion list, since `limit` is small.
        let mut best: Vec<&Entry> = Vec::with_capacity(limit + 1);
        let better = |a: &Entry, b: &Entry| a.rank() < b.rank();
        for e in matches {
            if best.len() == limit && !better(e, best[limit - 1]) {
                continue;
            }
            if let Some(same) = best.iter().position(|b| b.key == e.key) {
                if better(e, best[same]) {
                    best.remove(same);
                } else {
                    continue;
                }
            }
            let at = best.partition_point(|b| !better(e, b));
            best.insert(at, e);
            best.truncate(limit);
        }
        best.into_iter()
            .map(|e| Suggestion {
                text: e.text.as_deref().unwrap_or(&e.key).to_string(),
                kind: e.kind,
                count: u64::from(e.count),
            })
            .collect()
    }
}

/// One entry per key (`entries` sorted by key): the largest count, the
/// most specific kind, and that kind's text.
fn merge_same_keys(entries: Vec<Entry>) -> Vec<Entry> {
    let mut merged: Vec<Entry> = Vec::with_capacity(entries.len());
    for e in entries {
        match merged.last_mut() {
            Some(last) if last.key == e.key => {
                last.count = last.count.max(e.count);
                if e.kind.specificity() > last.kind.specificity() {
                    last.kind = e.kind;
                    last.text = e.text;
                }
            }
            _ => merged.push(e),
        }
    }
    merged
}

/// Whether a word is worth suggesting: two characters or more, not only
/// digits (one character completes nothing; numbers are not terms).
fn is_term(word: &str) -> bool {
    word.chars().count() >= 2 && !word.chars().all(|c| c.is_ascii_digit())
}

/// Validates a suggestion request's parameters.
pub fn validate(prefix: &str, limit: usize) -> Result<()> {
    if prefix.chars().count() > MAX_PREFIX_CHARS {
        return Err(Error::InvalidParameter {
            code: "query_too_long",
            message: format!("q is longer than {MAX_PREFIX_CHARS} characters"),
        });
    }
    if !(1..=MAX_SUGGESTIONS).contains(&limit) {
        return Err(Error::InvalidParameter {
            code: "invalid_limit",
            message: format!("limit must be 1 to {MAX_SUGGESTIONS}"),
        });
    }
    Ok(())
}

/// The [`Suggester`] of the newest searcher generation, rebuilt when a
/// commit makes a new generation visible.
#[derive(Default)]
pub struct SuggestCache {
    current: Mutex<Option<(u64, Arc<Suggester>)>>,
}

impl SuggestCache {
    /// The table for `archive`'s current searcher.
    pub fn get(&self, archive: &Archive) -> Result<Arc<Suggester>> {
        let searcher = archive.reader().searcher();
        let generation = searcher.generation().generation_id();
        // Held while building: concurrent requests wait for one build
        // instead of each doing it.
        let mut current = self.current.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some((g, table)) = current.as_ref()
            && *g == generation
        {
            return Ok(table.clone());
        }
        let table = Arc::new(Suggester::build(&searcher, archive.fields())?);
        *current = Some((generation, table.clone()));
        Ok(table)
    }
}

#[cfg(test)]
mod tests {
    use super::{Entry, SuggestionKind, is_term, merge_same_keys};

    #[test]
    fn a_text_from_several_sources_is_one_suggestion_of_the_specific_kind() {
        let e = |key: &str, kind, count| Entry {
            key: key.into(),
            text: None,
            kind,
            count,
        };
        let merged = merge_same_keys(vec![
            e("张桂梅", SuggestionKind::Word, 9),
            e("张桂梅", SuggestionKind::Person, 7),
            e("张家口", SuggestionKind::Place, 3),
        ]);
        assert_eq!(merged.len(), 2);
        assert_eq!(
            (merged[0].kind, merged[0].count),
            (SuggestionKind::Person, 9)
        );
        assert_eq!(merged[1].kind, SuggestionKind::Place);
    }

    #[test]
    fn single_characters_and_numbers_are_not_suggested() {
        assert!(is_term("乡村"));
        assert!(is_term("5g网络"));
        assert!(!is_term("乡"));
        assert!(!is_term("2023"));
    }
}
