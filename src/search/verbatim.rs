//! [`WordsOrVerbatim`]: the articles that have all of a term's jieba words,
//! or the term verbatim, reading positions only for articles lacking a word.
//!
//! A phrase of character pairs finds a string exactly, but tantivy's phrase
//! scorer reads the positions of every article holding all of its pairs:
//! for a string such as 央视网消息 that is nearly the whole archive, and
//! most of a search's time. An article that has all the term's words
//! matches anyway, so here the pairs' positions are read only for the
//! articles holding every pair but lacking a word (those where jieba split
//! the term differently in context). Which articles match is exactly what
//! `words OR phrase` matches; every match scores 1 (wrap it in a
//! [`ConstScoreQuery`](tantivy::query::ConstScoreQuery)).
//!
//! [`Literal::query`], the same without the words, is how a quoted string
//! or a title's literal is found. Either way the string's pairs that the
//! positions do not need narrow the articles to read first, when they are
//! rarer than those that are: for 第一书记 驻村 on the archive copied ten
//! times, the floor of the search went from 3.1–3.9 ms to 0.8–0.9 ms.
//!
//! The words and the pairs are looked up through the search's
//! [`Lookups`], as the term's BM25 clauses and its verbatim bonus on the
//! page look up the same terms again.

use std::fmt;
use std::sync::Arc;

use tantivy::postings::{Postings, SegmentPostings};
use tantivy::query::{EmptyQuery, EnableScoring, Explanation, Query, Scorer, TermQuery, Weight};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocId, DocSet, Score, SeekDangerResult, SegmentReader, TERMINATED, Term};

use super::at_or_after;
use super::lookups::Lookups;
use crate::analysis::{literal_plan, literal_units};

/// A string to find verbatim in one field of pairs or characters.
#[derive(Debug, Clone)]
pub enum Literal {
    /// One pair or one character: the articles holding it.
    Term(Term),
    /// A string of three or more units (or none).
    Phrase {
        /// Pairs at offsets (the first at 0) that cover the string: their
        /// positions decide. None for an empty string, which matches
        /// nothing.
        cover: Vec<(u32, Term)>,
        /// The string's other pairs. Every article holding the string
        /// holds them, so they only narrow the articles whose positions
        /// are read; one is read only where it is in at most half as many
        /// articles as every pair of the cover (集体经济: 体经 is in a few,
        /// 集体 and 经济 apart in many).
        others: Vec<Term>,
        /// The field of the openings of the texts the pairs index, and the
        /// string's units: an article whose opening holds the string holds
        /// it verbatim, no positions read ([`openings`](crate::index::openings)).
        openings: Option<(Field, String)>,
    },
}

impl Literal {
    /// What finds `text` verbatim in a field of `pairs` and its field of
    /// `chars`: the one character, the one pair, or the pairs at their
    /// offsets with the string's other pairs; no pairs for an empty string.
    /// `openings` is the field of the openings of the texts in `pairs`,
    /// when they have one.
    pub fn of(text: &str, pairs: Field, chars: Field, openings: Option<Field>) -> Literal {
        let units = literal_units(text);
        if units.len() == 1 {
            return Literal::Term(Term::from_field_text(chars, &units[0].to_string()));
        }
        let mut plan = literal_plan(&units);
        if plan.len() == 1 {
            return Literal::Term(Term::from_field_text(pairs, &plan.remove(0).1));
        }
        let mut others: Vec<String> = units
            .windows(2)
            .map(|w| w.iter().collect::<String>())
            .filter(|pair| plan.iter().all(|(_, s)| s != pair))
            .collect();
        others.sort_unstable();
        others.dedup();
        Literal::Phrase {
            cover: plan
                .into_iter()
                .map(|(off, s)| (off as u32, Term::from_field_text(pairs, &s)))
                .collect(),
            others: others
                .iter()
                .map(|s| Term::from_field_text(pairs, s))
                .collect(),
            openings: openings.map(|field| (field, units.iter().collect())),
        }
    }

    /// The query matching exactly the articles holding the string, its
    /// terms looked up through `lookups`.
    pub fn query(self, lookups: &Arc<Lookups>) -> Box<dyn Query> {
        match self {
            Literal::Term(term) => Box::new(TermQuery::new(term, IndexRecordOption::Basic)),
            Literal::Phrase { cover, .. } if cover.is_empty() => Box::new(EmptyQuery),
            phrase => Box::new(WordsOrVerbatim {
                words: Vec::new(),
                literals: vec![phrase],
                lookups: lookups.clone(),
            }),
        }
    }
}

/// Matches the articles that `words` matches, and those where one of
/// `literals` stands verbatim.
#[derive(Clone)]
pub struct WordsOrVerbatim {
    /// The term's words, all needed (none: the literals alone).
    pub words: Vec<Term>,
    pub literals: Vec<Literal>,
    /// The search's term entries.
    pub lookups: Arc<Lookups>,
}

impl fmt::Debug for WordsOrVerbatim {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "WordsOrVerbatim({:?}, {:?})", self.words, self.literals)
    }
}

impl Query for WordsOrVerbatim {
    /// Only membership counts: no statistics are gathered.
    fn weight(&self, _: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(WordsOrVerbatimWeight {
            words: self.words.clone(),
            literals: self.literals.clone(),
            lookups: self.lookups.clone(),
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.words.iter().for_each(|t| visitor(t, false));
        for l in &self.literals {
            match l {
                Literal::Term(t) => visitor(t, false),
                Literal::Phrase { cover, others, .. } => {
                    cover.iter().for_each(|(_, t)| visitor(t, true));
                    others.iter().for_each(|t| visitor(t, false));
                }
            }
        }
    }
}

struct WordsOrVerbatimWeight {
    words: Vec<Term>,
    literals: Vec<Literal>,
    lookups: Arc<Lookups>,
}

impl WordsOrVerbatimWeight {
    /// The scorer, before it has looked for its first match.
    fn unsettled(&self, reader: &SegmentReader) -> tantivy::Result<WordsOrVerbatimScorer> {
        let mut literals = Vec::new();
        let mut openings = Vec::new();
        for l in &self.literals {
            // Where a pair is missing, no opening holds the string either.
            let Some(s) = LiteralScorer::new(reader, l, &self.lookups)? else {
                continue;
            };
            literals.push(s);
            if let Literal::Phrase {
                openings: Some((field, units)),
                ..
            } = l
            {
                openings.extend(openings_holding(reader, *field, units)?);
            }
        }
        let words = if self.words.is_empty() {
            None
        } else {
            LiteralScorer::all_of(reader, &self.words, &self.lookups)?
        };
        Ok(WordsOrVerbatimScorer {
            words,
            openings,
            literals,
            doc: 0,
        })
    }
}

impl Weight for WordsOrVerbatimWeight {
    fn scorer(&self, reader: &SegmentReader, _boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let mut scorer = self.unsettled(reader)?;
        scorer.settle(0);
        Ok(Box::new(scorer))
    }

    /// Starts at `target` without looking for a match before it or after
    /// it: a bonus checked on a page's articles, an exclusion or an
    /// intersection asks about a few articles only.
    fn scorer_danger(
        &self,
        reader: &SegmentReader,
        target: DocId,
        _boost: Score,
    ) -> tantivy::Result<(SeekDangerResult, Box<dyn Scorer>)> {
        let mut scorer = self.unsettled(reader)?;
        let found = scorer.seek_danger(target);
        Ok((found, Box::new(scorer)))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.scorer(reader, 1.0)?;
        if scorer.seek(doc) == doc {
            Ok(Explanation::new("all its words, or verbatim", 1.0))
        } else {
            Err(tantivy::TantivyError::InvalidArgument(format!(
                "document #({doc}) does not match"
            )))
        }
    }
}

/// The articles of `reader` whose opening, in `field`, holds `units`: a
/// segment has a few openings, each read in full.
fn openings_holding(
    reader: &SegmentReader,
    field: Field,
    units: &str,
) -> tantivy::Result<Vec<SegmentPostings>> {
    let inverted = reader.inverted_index(field)?;
    let mut terms = inverted.terms().stream()?;
    let mut out = Vec::new();
    while terms.advance() {
        let holds = std::str::from_utf8(terms.key()).is_ok_and(|o| o.contains(units));
        if holds {
            out.push(
                inverted.read_postings_from_terminfo(terms.value(), IndexRecordOption::Basic)?,
            );
        }
    }
    Ok(out)
}

/// `term`'s postings in `reader`, found through `lookups`.
fn read(
    reader: &SegmentReader,
    term: &Term,
    record: IndexRecordOption,
    lookups: &Lookups,
) -> tantivy::Result<Option<SegmentPostings>> {
    let Some(info) = lookups.term_info(reader, term)? else {
        return Ok(None);
    };
    let postings = reader
        .inverted_index(term.field())?
        .read_postings_from_terminfo(&info, record)?;
    Ok(Some(postings))
}

/// The articles holding every pair of a literal, in order; whether the
/// pairs stand together is read from their positions on demand.
struct LiteralScorer {
    /// The pairs' postings, rarest first, each with its offset in the
    /// string when it is one of the cover, whose positions are read.
    postings: Vec<(Option<u32>, SegmentPostings)>,
    /// Buffers for the cover's positions, in the order of `postings`.
    positions: Vec<Vec<u32>>,
}

impl LiteralScorer {
    /// `None` when a pair does not occur in the segment.
    fn new(
        reader: &SegmentReader,
        literal: &Literal,
        lookups: &Lookups,
    ) -> tantivy::Result<Option<Self>> {
        let (cover, others) = match literal {
            Literal::Term(t) => return Self::all_of(reader, std::slice::from_ref(t), lookups),
            // An empty string stands nowhere.
            Literal::Phrase { cover, .. } if cover.is_empty() => return Ok(None),
            Literal::Phrase { cover, others, .. } => (cover, others),
        };
        let mut postings = Vec::new();
        for (offset, term) in cover {
            match read(
                reader,
                term,
                IndexRecordOption::WithFreqsAndPositions,
                lookups,
            )? {
                Some(p) => postings.push((Some(*offset), p)),
                None => return Ok(None),
            }
        }
        let rarest = postings.iter().map(|(_, p)| p.doc_freq()).min();
        for term in others {
            let Some(info) = lookups.term_info(reader, term)? else {
                return Ok(None);
            };
            // Half as many articles at most: a pair about as common as the
            // cover's (the archive's boilerplate) would cost a list to walk
            // and narrow nothing.
            if rarest.is_some_and(|r| info.doc_freq.saturating_mul(2) <= r) {
                postings.push((
                    None,
                    reader
                        .inverted_index(term.field())?
                        .read_postings_from_terminfo(&info, IndexRecordOption::Basic)?,
                ));
            }
        }
        Ok(Some(Self::start(postings)))
    }

    /// The articles holding every one of `terms` (a term's words, or one
    /// pair), no positions read; `None` when one is not in the segment.
    fn all_of(
        reader: &SegmentReader,
        terms: &[Term],
        lookups: &Lookups,
    ) -> tantivy::Result<Option<Self>> {
        let mut postings = Vec::with_capacity(terms.len());
        for term in terms {
            match read(reader, term, IndexRecordOption::Basic, lookups)? {
                Some(p) => postings.push((None, p)),
                None => return Ok(None),
            }
        }
        Ok(Some(Self::start(postings)))
    }

    /// Rarest first, on the first article holding them all.
    fn start(mut postings: Vec<(Option<u32>, SegmentPostings)>) -> Self {
        postings.sort_by_key(|(_, p)| p.doc_freq());
        let mut scorer = LiteralScorer {
            positions: vec![Vec::new(); postings.len()],
            postings,
        };
        scorer.align(0);
        scorer
    }

    fn doc(&self) -> DocId {
        self.postings[0].1.doc()
    }

    /// Moves to the first article at or after `target` holding every pair.
    fn align(&mut self, target: DocId) -> DocId {
        let mut candidate = target;
        'search: loop {
            for (_, p) in &mut self.postings {
                let d = at_or_after(p, candidate);
                if d == TERMINATED {
                    return self.terminate();
                }
                if d > candidate {
                    candidate = d;
                    continue 'search;
                }
            }
            return candidate;
        }
    }

    /// Moves every pair to `target` or past it, without looking further:
    /// the next article holding every pair is at the returned article or
    /// after it, and it is `target` when every pair is there.
    fn reach(&mut self, target: DocId) -> DocId {
        let mut furthest = target;
        for (_, p) in &mut self.postings {
            furthest = furthest.max(at_or_after(p, target));
        }
        furthest
    }

    fn terminate(&mut self) -> DocId {
        for (_, p) in &mut self.postings {
            if p.doc() != TERMINATED {
                p.seek(TERMINATED);
            }
        }
        TERMINATED
    }

    /// Whether the cover's pairs stand together in the current article:
    /// some start `s` with the pair at offset `o` at position `s + o`, for
    /// every pair of the cover. The pair with the fewest positions in the
    /// article gives the starts to try.
    fn verbatim(&mut self) -> bool {
        self.verbatim_from(|_| true)
    }

    /// [`verbatim`](Self::verbatim), counting only the occurrences whose
    /// start position `starts` accepts.
    fn verbatim_from(&mut self, starts: impl Fn(u32) -> bool) -> bool {
        // (offset, index, number of positions)
        let mut anchor: Option<(u32, usize, usize)> = None;
        for (i, ((offset, p), out)) in self
            .postings
            .iter_mut()
            .zip(&mut self.positions)
            .enumerate()
        {
            if let Some(offset) = offset {
                p.positions(out);
                if anchor.is_none_or(|(_, _, n)| out.len() < n) {
                    anchor = Some((*offset, i, out.len()));
                }
            }
        }
        let Some((first, a, _)) = anchor else {
            return true;
        };
        let (postings, positions) = (&self.postings, &self.positions);
        positions[a].iter().any(|&at| {
            at.checked_sub(first).is_some_and(|start| {
                starts(start)
                    && postings
                        .iter()
                        .zip(positions)
                        .all(|((offset, _), pos)| match offset {
                            Some(o) => pos.binary_search(&(start + o)).is_ok(),
                            None => true,
                        })
            })
        })
    }
}

/// Which of `docs` (ascending, of one segment) hold `text` verbatim in a
/// field of `pairs` and its field of `chars`; with `within`, only an
/// occurrence that ends within the field's first `within` positions counts.
/// A string of one character has no positions (its field records only
/// which articles hold it): it counts wherever it is.
pub(super) fn holding(
    reader: &SegmentReader,
    text: &str,
    (pairs, chars): (Field, Field),
    within: Option<u32>,
    docs: &[DocId],
    lookups: &Lookups,
) -> tantivy::Result<Vec<bool>> {
    let mut out = vec![false; docs.len()];
    let units = literal_units(text);
    let scorer = match units.len() {
        0 => None,
        1 => LiteralScorer::all_of(
            reader,
            &[Term::from_field_text(chars, &units[0].to_string())],
            lookups,
        )?,
        _ => {
            let cover = literal_plan(&units)
                .into_iter()
                .map(|(offset, pair)| (offset as u32, Term::from_field_text(pairs, &pair)))
                .collect();
            let phrase = Literal::Phrase {
                cover,
                others: Vec::new(),
                openings: None,
            };
            LiteralScorer::new(reader, &phrase, lookups)?
        }
    };
    let Some(mut scorer) = scorer else {
        return Ok(out);
    };
    let span = units.len() as u32;
    let ends_within = |start: u32| within.is_none_or(|w| start + span <= w);
    for (held, &doc) in out.iter_mut().zip(docs) {
        let at = if scorer.doc() < doc {
            scorer.align(doc)
        } else {
            scorer.doc()
        };
        if at == TERMINATED {
            break;
        }
        *held = at == doc && (span == 1 || scorer.verbatim_from(ends_within));
    }
    Ok(out)
}

/// The scorer of [`WordsOrVerbatim`].
struct WordsOrVerbatimScorer {
    /// All the words (none when there are none, or one is missing).
    words: Option<LiteralScorer>,
    /// The articles whose opening holds a literal: verbatim matches.
    openings: Vec<SegmentPostings>,
    literals: Vec<LiteralScorer>,
    doc: DocId,
}

impl WordsOrVerbatimScorer {
    /// The first article at or after `target` with all the words, or an
    /// opening holding a literal: a match with no positions read.
    fn by_words(&mut self, target: DocId) -> DocId {
        let mut first = match &mut self.words {
            Some(w) if w.doc() < target => w.align(target),
            Some(w) => w.doc(),
            None => TERMINATED,
        };
        for o in &mut self.openings {
            first = first.min(at_or_after(o, target));
        }
        first
    }

    /// Moves to the first match at or after `target`.
    fn settle(&mut self, mut target: DocId) -> DocId {
        loop {
            if target == TERMINATED {
                self.doc = TERMINATED;
                return TERMINATED;
            }
            let by_words = self.by_words(target);
            // Nothing comes before it: the literals catch up when asked
            // about a later article (a common term has its words in most
            // articles, and its pairs need not be walked through them).
            if by_words == target {
                self.doc = target;
                return target;
            }
            let mut candidate = by_words;
            for l in &mut self.literals {
                let d = if l.doc() < target {
                    l.align(target)
                } else {
                    l.doc()
                };
                candidate = candidate.min(d);
            }
            if candidate == by_words {
                self.doc = candidate;
                return candidate;
            }
            // Every pair is there but a word is missing: positions decide.
            for l in &mut self.literals {
                if l.doc() == candidate && l.verbatim() {
                    self.doc = candidate;
                    return candidate;
                }
            }
            target = candidate + 1;
        }
    }
}

impl DocSet for WordsOrVerbatimScorer {
    fn advance(&mut self) -> DocId {
        if self.doc == TERMINATED {
            return TERMINATED;
        }
        self.settle(self.doc + 1)
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if target <= self.doc {
            return self.doc;
        }
        self.settle(target)
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    /// Whether `target` matches, reading positions only there. On a miss
    /// the scorer is left where only another `seek_danger` may follow (see
    /// [`DocSet::seek_danger`]), as tantivy's phrase scorer does.
    fn seek_danger(&mut self, target: DocId) -> SeekDangerResult {
        if target >= TERMINATED {
            return SeekDangerResult::SeekLowerBound(TERMINATED);
        }
        let by_words = self.by_words(target);
        let mut found = by_words == target;
        // No match before this one.
        let mut bound = by_words;
        for l in &mut self.literals {
            if found {
                break;
            }
            let at = l.reach(target);
            if at == target && l.verbatim() {
                found = true;
            } else {
                bound = bound.min(if at == target { target + 1 } else { at });
            }
        }
        if !found {
            return SeekDangerResult::SeekLowerBound(bound);
        }
        // A valid state again: every literal on an article holding all
        // its pairs.
        for l in &mut self.literals {
            l.align(target);
        }
        self.doc = target;
        SeekDangerResult::Found
    }

    fn size_hint(&self) -> u32 {
        self.literals
            .iter()
            .map(|l| l.postings[0].1.size_hint())
            .fold(
                self.words
                    .as_ref()
                    .map_or(0, |w| w.postings[0].1.size_hint()),
                u32::max,
            )
    }

    /// Like tantivy's phrase scorer: an article holding the pairs is cheap
    /// to find and dear to check, so an intersection should not be driven
    /// by this.
    fn cost(&self) -> u64 {
        let pairs = self
            .literals
            .iter()
            .map(|l| l.postings.iter().filter(|(o, _)| o.is_some()).count())
            .max()
            .unwrap_or(0);
        self.size_hint() as u64 * (10 * pairs as u64).max(1)
    }
}

impl Scorer for WordsOrVerbatimScorer {
    fn score(&mut self) -> Score {
        1.0
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use proptest::prelude::RngCore;
    use proptest::test_runner::{RngAlgorithm, TestRng};
    use tantivy::schema::{Schema, TextFieldIndexing, TextOptions};
    use tantivy::{Index, doc};

    use super::*;
    use crate::analysis::LiteralTokenizer;

    /// Bodies of 甲 (common), 乙 and 丙 (rare), so that some pairs are in
    /// most bodies and others in few, and every string's articles found
    /// by reading them.
    fn corpus() -> Vec<String> {
        let mut rng = TestRng::deterministic_rng(RngAlgorithm::ChaCha);
        let mut next = move |m: u64| rng.next_u64() % m;
        (0..300)
            .map(|_| {
                let len = next(40);
                (0..len)
                    .map(|_| match next(10) {
                        0..=5 => '甲',
                        6..=8 => '乙',
                        _ => '丙',
                    })
                    .collect()
            })
            .collect()
    }

    /// Pairs and characters of each body, and for every other body of at
    /// least six units its first six as its opening.
    fn index(bodies: &[String]) -> (Index, Field, Field, Field) {
        let mut schema = Schema::builder();
        let text = |tokenizer: &str, record| {
            TextOptions::default().set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer(tokenizer)
                    .set_index_option(record),
            )
        };
        let pairs = schema.add_text_field(
            "pairs",
            text("pairs", IndexRecordOption::WithFreqsAndPositions),
        );
        let chars = schema.add_text_field("chars", text("chars", IndexRecordOption::Basic));
        let opening = schema.add_text_field("opening", tantivy::schema::STRING);
        let index = Index::create_in_ram(schema.build());
        index
            .tokenizers()
            .register("pairs", LiteralTokenizer::pairs());
        index
            .tokenizers()
            .register("chars", LiteralTokenizer::chars());
        let mut writer = index.writer_with_num_threads(1, 15_000_000).unwrap();
        for (i, b) in bodies.iter().enumerate() {
            let mut d = doc!(pairs => b.as_str(), chars => b.as_str());
            if i % 2 == 0 && b.chars().count() >= 6 {
                d.add_text(opening, b.chars().take(6).collect::<String>());
            }
            writer.add_document(d).unwrap();
        }
        writer.commit().unwrap();
        (index, pairs, chars, opening)
    }

    /// Every string of `len` units of 甲乙丙.
    fn strings(len: u32) -> Vec<String> {
        (0..3u32.pow(len))
            .map(|mut n| {
                (0..len)
                    .map(|_| {
                        let c = ['甲', '乙', '丙'][(n % 3) as usize];
                        n /= 3;
                        c
                    })
                    .collect()
            })
            .collect()
    }

    /// Walking the matches, and asking about articles one by one as a
    /// bonus or an exclusion does (`seek_danger`), both give exactly the
    /// articles holding the string, whether or not openings (every other
    /// article's first six units) find some of them without positions.
    #[test]
    fn a_literal_matches_exactly_the_articles_holding_it() {
        let bodies = corpus();
        let (index, pairs, chars, opening) = index(&bodies);
        let searcher = index.reader().unwrap().searcher();
        let segment = &searcher.segment_readers()[0];
        let schema = index.schema();
        // The openings do find articles.
        assert!(openings_holding(segment, opening, "甲甲").unwrap().len() > 10);
        for len in 1..=5 {
            for q in strings(len) {
                let holding: BTreeSet<DocId> = (0..bodies.len() as DocId)
                    .filter(|&d| bodies[d as usize].contains(&q))
                    .collect();
                for openings in [None, Some(opening)] {
                    let weight = Literal::of(&q, pairs, chars, openings)
                        .query(&Arc::default())
                        .weight(EnableScoring::disabled_from_schema(&schema))
                        .unwrap();
                    let mut walked = BTreeSet::new();
                    let mut scorer = weight.scorer(segment, 1.0).unwrap();
                    while scorer.doc() != TERMINATED {
                        walked.insert(scorer.doc());
                        scorer.advance();
                    }
                    assert_eq!(walked, holding, "{q}");
                    // Every third article, then every article, asked in order.
                    for step in [3, 1] {
                        let mut asked = BTreeSet::new();
                        let (first, mut scorer) = weight.scorer_danger(segment, 0, 1.0).unwrap();
                        if first == SeekDangerResult::Found {
                            asked.insert(0);
                        }
                        for target in (step..bodies.len() as DocId).step_by(step as usize) {
                            if scorer.seek_danger(target) == SeekDangerResult::Found {
                                assert_eq!(scorer.doc(), target, "{q}");
                                asked.insert(target);
                            }
                        }
                        let want: BTreeSet<DocId> =
                            holding.iter().copied().filter(|d| d % step == 0).collect();
                        assert_eq!(asked, want, "{q}, every {step}");
                    }
                }
            }
        }
    }

    /// Every string of one to four units, over a sample of the articles
    /// (some skipped, so that a look-up moves past articles it is not
    /// asked about): held where it stands anywhere, and with a bound where
    /// an occurrence ends within the bound.
    #[test]
    fn holding_finds_the_articles_asked_about_and_where_the_string_ends() {
        let bodies = corpus();
        let (index, pairs, chars, _) = index(&bodies);
        let searcher = index.reader().unwrap().searcher();
        let segment = &searcher.segment_readers()[0];
        let docs: Vec<DocId> = (0..bodies.len() as DocId).filter(|d| d % 3 != 1).collect();
        for len in 1..=4 {
            for s in strings(len) {
                for within in [None, Some(5), Some(12)] {
                    let got = holding(
                        segment,
                        &s,
                        (pairs, chars),
                        within,
                        &docs,
                        &Lookups::default(),
                    )
                    .unwrap();
                    let expected: Vec<bool> = docs
                        .iter()
                        .map(|&d| {
                            let body: Vec<char> = bodies[d as usize].chars().collect();
                            let units: Vec<char> = s.chars().collect();
                            let end = match within {
                                // One character counts wherever it is.
                                Some(w) if units.len() > 1 => (w as usize).min(body.len()),
                                _ => body.len(),
                            };
                            body[..end]
                                .windows(units.len())
                                .any(|w| w == units.as_slice())
                        })
                        .collect();
                    assert_eq!(got, expected, "{s} within {within:?}");
                }
            }
        }
    }
}
