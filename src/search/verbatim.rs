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

use std::fmt;

use tantivy::postings::{Postings, SegmentPostings};
use tantivy::query::{EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocId, DocSet, Score, SegmentReader, TERMINATED, Term};

/// A string to find verbatim in one field of pairs or characters.
#[derive(Debug, Clone)]
pub enum Literal {
    /// One pair or one character: the articles holding it.
    Term(Term),
    /// Pairs at offsets (the first at 0) that cover the string; none for
    /// an empty string, which matches nothing.
    Phrase(Vec<(u32, Term)>),
}

/// Matches the articles that `words` matches, and those where one of
/// `literals` stands verbatim.
pub struct WordsOrVerbatim {
    /// All the term's words (a conjunction).
    pub words: Box<dyn Query>,
    pub literals: Vec<Literal>,
}

impl Clone for WordsOrVerbatim {
    fn clone(&self) -> Self {
        WordsOrVerbatim {
            words: self.words.box_clone(),
            literals: self.literals.clone(),
        }
    }
}

impl fmt::Debug for WordsOrVerbatim {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "WordsOrVerbatim({:?}, {:?})", self.words, self.literals)
    }
}

impl Query for WordsOrVerbatim {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        // Only membership counts: no statistics are gathered.
        let plain = match enable_scoring.searcher() {
            Some(searcher) => EnableScoring::disabled_from_searcher(searcher),
            None => EnableScoring::disabled_from_schema(enable_scoring.schema()),
        };
        Ok(Box::new(WordsOrVerbatimWeight {
            words: self.words.weight(plain)?,
            literals: self.literals.clone(),
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.words.query_terms(visitor);
        for l in &self.literals {
            match l {
                Literal::Term(t) => visitor(t, false),
                Literal::Phrase(terms) => terms.iter().for_each(|(_, t)| visitor(t, true)),
            }
        }
    }
}

struct WordsOrVerbatimWeight {
    words: Box<dyn Weight>,
    literals: Vec<Literal>,
}

impl Weight for WordsOrVerbatimWeight {
    fn scorer(&self, reader: &SegmentReader, _boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let mut literals = Vec::new();
        for l in &self.literals {
            if let Some(s) = LiteralScorer::new(reader, l)? {
                literals.push(s);
            }
        }
        let mut scorer = WordsOrVerbatimScorer {
            words: self.words.scorer(reader, 1.0)?,
            literals,
            doc: 0,
        };
        scorer.settle(0);
        Ok(Box::new(scorer))
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

/// The articles holding every pair of a literal, in order; whether the
/// pairs stand together is read from their positions on demand.
struct LiteralScorer {
    /// Each pair's postings and its offset in the string.
    postings: Vec<(u32, SegmentPostings)>,
    positions: Vec<Vec<u32>>,
}

impl LiteralScorer {
    /// `None` when a pair does not occur in the segment.
    fn new(reader: &SegmentReader, literal: &Literal) -> tantivy::Result<Option<Self>> {
        let (terms, record) = match literal {
            // An empty string stands nowhere.
            Literal::Phrase(terms) if terms.is_empty() => return Ok(None),
            Literal::Term(t) => (vec![(0, t.clone())], IndexRecordOption::Basic),
            Literal::Phrase(terms) => (terms.clone(), IndexRecordOption::WithFreqsAndPositions),
        };
        let mut postings = Vec::with_capacity(terms.len());
        for (offset, term) in terms {
            match reader
                .inverted_index(term.field())?
                .read_postings(&term, record)?
            {
                Some(p) => postings.push((offset, p)),
                None => return Ok(None),
            }
        }
        let mut scorer = LiteralScorer {
            positions: vec![Vec::new(); postings.len()],
            postings,
        };
        scorer.align(0);
        Ok(Some(scorer))
    }

    fn doc(&self) -> DocId {
        self.postings[0].1.doc()
    }

    /// Moves to the first article at or after `target` holding every pair.
    fn align(&mut self, target: DocId) -> DocId {
        let mut candidate = target;
        'search: loop {
            for (_, p) in &mut self.postings {
                let d = if p.doc() < candidate {
                    p.seek(candidate)
                } else {
                    p.doc()
                };
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

    fn terminate(&mut self) -> DocId {
        for (_, p) in &mut self.postings {
            if p.doc() != TERMINATED {
                p.seek(TERMINATED);
            }
        }
        TERMINATED
    }

    /// Whether the pairs stand together in the current article.
    fn verbatim(&mut self) -> bool {
        if self.postings.len() == 1 {
            return true;
        }
        for ((_, p), out) in self.postings.iter_mut().zip(&mut self.positions) {
            p.positions(out);
        }
        let (first, rest) = self.positions.split_at(1);
        first[0].iter().any(|&start| {
            rest.iter()
                .zip(&self.postings[1..])
                .all(|(pos, (offset, _))| pos.binary_search(&(start + offset)).is_ok())
        })
    }
}

/// The scorer of [`WordsOrVerbatim`].
struct WordsOrVerbatimScorer {
    words: Box<dyn Scorer>,
    literals: Vec<LiteralScorer>,
    doc: DocId,
}

impl WordsOrVerbatimScorer {
    /// Moves to the first match at or after `target`.
    fn settle(&mut self, mut target: DocId) -> DocId {
        loop {
            if target == TERMINATED {
                self.doc = TERMINATED;
                return TERMINATED;
            }
            let by_words = if self.words.doc() < target {
                self.words.seek(target)
            } else {
                self.words.doc()
            };
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

    fn size_hint(&self) -> u32 {
        self.literals
            .iter()
            .map(|l| l.postings[0].1.size_hint())
            .fold(self.words.size_hint(), u32::max)
    }
}

impl Scorer for WordsOrVerbatimScorer {
    fn score(&mut self) -> Score {
        1.0
    }
}
