//! Pasted passages: "where did we print this?"
//!
//! A paragraph pasted into the search box is not a query of terms: its
//! words are everywhere, and one literal phrase of its hundreds of
//! character pairs would be slow and would miss the article as soon as the
//! paste breaks lines or quotes differently from the stored text. So a
//! passage is searched by a few *chunks*: runs of letters and digits
//! ([`CHUNK_UNITS`] characters, never across punctuation or whitespace),
//! spread evenly over the passage. Each chunk is a literal phrase (title,
//! kicker or body) that counts one point; an article needs at least half of
//! the chunks to match. The article that contains the passage has every
//! chunk, so it has the highest score there is; an article that only quotes
//! part of the passage has fewer. A long headline pasted whole reads as a
//! passage too: the article whose title or kicker it is gets one point
//! more, so that it beats the others that share its chunks.
//!
//! A query is a passage when it is not one quoted string (that is a
//! literal, counted exactly), it is long ([`PASSAGE_MIN_CHARS`] characters
//! or more, spaces aside) and reads like prose (it has sentence or clause
//! punctuation or a line break) or is more plain terms than a query may
//! have ([`MAX_TERMS`], no operators). Anything else goes through the query
//! language as usual.

use tantivy::Term;
use tantivy::query::{BooleanQuery, ConstScoreQuery, Occur, PhraseQuery, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};

use super::compile::Compiled;
use super::query;
use super::request::MAX_TERMS;
use crate::analysis::{exact_heading, folded_letters, literal_plan, literal_units};
use crate::corpus::parse_dateline;
use crate::index::Fields;

/// Characters (spaces aside) from which a query may be a passage.
pub const PASSAGE_MIN_CHARS: usize = 60;
/// Characters per chunk: long enough that a chunk is rare, short enough
/// that a passage of a few sentences has many.
pub const CHUNK_UNITS: usize = 8;
/// Most chunks looked up per passage: what a search costs.
pub const MAX_CHUNKS: usize = 12;
/// Most strings the highlighter marks for a passage.
const MAX_NEEDLES: usize = 64;
/// Marks that make a long query read as prose.
const PROSE_MARKS: &[char] = &['，', '。', '；', '！', '？', '、', '：', '\n'];
/// Where the highlighter's strings of a passage end.
const SENTENCE_MARKS: &[char] = &['。', '；', '！', '？', '!', '?', ';'];

/// A query read as a pasted passage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Passage {
    /// The chunks looked up, each a literal string.
    pub chunks: Vec<String>,
    /// The passage's sentences, for the highlighter.
    sentences: Vec<String>,
    /// The passage as a whole headline ([`exact_heading`]).
    heading: u64,
    /// The passage's letters and digits, folded, its dateline left out:
    /// what an article that holds it contains ([`contains_passage`]).
    letters: String,
}

/// Whether `texts` (an article's kicker, title and body, in print order)
/// hold the passage whose [`folded_letters`] are `passage`.
pub fn contains_passage<'a>(texts: impl IntoIterator<Item = &'a str>, passage: &str) -> bool {
    let article: String = texts.into_iter().map(folded_letters).collect();
    article.contains(passage)
}

impl Passage {
    /// The passage in `q`, if `q` reads as one.
    pub fn detect(q: &str) -> Option<Passage> {
        let units = literal_units(q);
        let chars = units.iter().filter(|c| **c != ' ').count();
        if chars < PASSAGE_MIN_CHARS {
            return None;
        }
        let parsed = query::parse(q);
        if is_one_quoted_string(&parsed) {
            // Quoted, a passage is a literal like any other: counted
            // exactly, as grep would.
            return None;
        }
        if !q.contains(PROSE_MARKS) && !is_plain_overlong(&parsed) {
            return None;
        }
        let chunks = pick_chunks(&units);
        if chunks.is_empty() {
            return None;
        }
        let sentences = q
            .split(|c: char| c.is_whitespace() || SENTENCE_MARKS.contains(&c))
            .filter(|s| s.chars().count() >= 2)
            .take(MAX_NEEDLES)
            .map(str::to_string)
            .collect();
        // A first paragraph pasted as printed opens with its dateline
        // (`本报讯（记者 王皓）`), which the stored body does not hold.
        let text = q.trim_start();
        let text = parse_dateline(text).map_or(text, |d| d.rest);
        Some(Passage {
            chunks,
            sentences,
            heading: exact_heading(q),
            letters: folded_letters(text),
        })
    }

    /// The query for the passage, with the request's `filters`.
    pub(crate) fn compile(&self, fields: &Fields, filters: Vec<Box<dyn Query>>) -> Compiled {
        let chunks: Vec<(Occur, Box<dyn Query>)> = self
            .chunks
            .iter()
            .map(|chunk| {
                let either: Box<dyn Query> = Box::new(BooleanQuery::new(vec![
                    (Occur::Should, phrase(fields.heading_lit, chunk)),
                    (Occur::Should, phrase(fields.body_lit, chunk)),
                ]));
                (
                    Occur::Should,
                    Box::new(ConstScoreQuery::new(either, 1.0)) as Box<dyn Query>,
                )
            })
            .collect();
        let needed = self.chunks.len().div_ceil(2);
        let text: Box<dyn Query> =
            Box::new(BooleanQuery::with_minimum_required_clauses(chunks, needed));
        let headline = TermQuery::new(
            Term::from_field_u64(fields.heading_exact, self.heading),
            IndexRecordOption::Basic,
        );
        let mut clauses = vec![
            (Occur::Must, text),
            (
                Occur::Should,
                Box::new(ConstScoreQuery::new(Box::new(headline), 1.0)) as Box<dyn Query>,
            ),
        ];
        for filter in filters {
            clauses.push((Occur::Must, Box::new(ConstScoreQuery::new(filter, 0.0))));
        }
        let query: Box<dyn Query> = Box::new(BooleanQuery::new(clauses));
        Compiled {
            query,
            deferred: None,
            literals: self.sentences.clone(),
            words: Vec::new(),
            passage: Some((self.letters.clone(), self.chunks.len() as f32)),
            lead: Default::default(),
        }
    }
}

/// Whether `q` is one quoted string and nothing else.
fn is_one_quoted_string(q: &query::Query) -> bool {
    q.excluded.is_empty()
        && matches!(q.groups.as_slice(), [g] if matches!(g.as_slice(), [t] if t.quoted))
}

/// Whether `q` is more plain terms than a query may have, with no
/// operator, quote or field: text pasted with spaces rather than
/// punctuation.
fn is_plain_overlong(q: &query::Query) -> bool {
    q.num_terms() > MAX_TERMS
        && q.excluded.is_empty()
        && q.groups
            .iter()
            .all(|g| matches!(g.as_slice(), [t] if !t.quoted && t.scope == query::Scope::All))
}

/// Up to [`MAX_CHUNKS`] chunks spread evenly over the passage: windows of
/// [`CHUNK_UNITS`] letters or digits (or of the longest run there is, when
/// punctuation leaves none that long), never overlapping.
fn pick_chunks(units: &[char]) -> Vec<String> {
    let runs: Vec<&[char]> = units
        .split(|c| !c.is_alphanumeric())
        .filter(|r| r.len() >= 2)
        .collect();
    let Some(len) = runs.iter().map(|r| r.len()).max() else {
        return Vec::new();
    };
    let len = len.min(CHUNK_UNITS);
    let windows: Vec<&[char]> = runs.iter().flat_map(|r| r.chunks_exact(len)).collect();
    let k = windows.len().min(MAX_CHUNKS);
    let mut chunks: Vec<String> = (0..k)
        .map(|i| windows[i * windows.len() / k].iter().collect())
        .collect();
    let mut seen = std::collections::HashSet::new();
    chunks.retain(|c| seen.insert(c.clone()));
    chunks
}

/// Matches the documents whose `field` (a literal pair field) holds
/// `text`, a string of two or more characters without spaces.
fn phrase(field: Field, text: &str) -> Box<dyn Query> {
    let units: Vec<char> = text.chars().collect();
    let mut plan = literal_plan(&units);
    if plan.len() == 1 {
        return Box::new(TermQuery::new(
            Term::from_field_text(field, &plan.remove(0).1),
            IndexRecordOption::WithFreqs,
        ));
    }
    Box::new(PhraseQuery::new_with_offset(
        plan.into_iter()
            .map(|(off, s)| (off, Term::from_field_text(field, &s)))
            .collect(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    const PROSE: &str = "近年来，内蒙古自治区通辽市霍林郭勒市宝日呼吉尔街道坚持党建引领，\
        把发展壮大村集体经济作为抓党建促乡村振兴的重要抓手。\
        街道党工委书记说，社区的充电桩和议事会都是这样办起来的。";

    #[test]
    fn short_queries_are_not_passages() {
        assert_eq!(Passage::detect("集体经济 头雁 -工程"), None);
        assert_eq!(Passage::detect("“改革创新”，党建"), None);
    }

    #[test]
    fn long_prose_is_a_passage() {
        let p = Passage::detect(PROSE).expect("a passage");
        assert!(p.chunks.len() >= 4, "{:?}", p.chunks);
        for c in &p.chunks {
            assert_eq!(c.chars().count(), CHUNK_UNITS);
            assert!(PROSE.contains(c.as_str()), "{c} is not in the passage");
        }
    }

    #[test]
    fn long_query_without_prose_is_a_query_unless_too_many_terms() {
        let terms = "集体经济 头雁工程 ".repeat(4);
        assert_eq!(Passage::detect(&terms), None);
        let many = "集体经济 ".repeat(MAX_TERMS + 1);
        assert!(Passage::detect(&many).is_some());
        let ored = vec!["集体经济"; MAX_TERMS + 1].join(" OR ");
        assert_eq!(Passage::detect(&ored), None, "operators make it a query");
    }

    #[test]
    fn chunks_never_cross_punctuation_or_whitespace() {
        let pasted = PROSE.replace('，', "，\n\n  ");
        let p = Passage::detect(&pasted).expect("a passage");
        for c in &p.chunks {
            assert!(c.chars().all(char::is_alphanumeric), "{c}");
        }
        assert!(p.chunks.len() <= MAX_CHUNKS);
    }

    #[test]
    fn chunks_spread_over_the_whole_passage() {
        let long: String = (0..40)
            .map(|i| format!("第{i}段话讲的是完全不同的事情，"))
            .collect();
        let p = Passage::detect(&long).expect("a passage");
        assert_eq!(p.chunks.len(), MAX_CHUNKS);
        let last = p.chunks.last().unwrap();
        let at = long.find(last.as_str()).unwrap();
        assert!(at > long.len() / 2, "the last chunk {last} is early");
    }
}
