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

use std::fmt;

use tantivy::postings::{Postings, SegmentPostings};
use tantivy::query::{EmptyQuery, EnableScoring, Explanation, Query, Scorer, TermQuery, Weight};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocId, DocSet, Score, SegmentReader, TERMINATED, Term};

/// A string to find verbatim in one field of pairs or characters.
#[derive(Debug, Clone)]
pub enum Literal {
    /// One pair or one character: the articles holding it.
    Term(Term),
    /// A string of three or more units.
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
    },
}

impl Literal {
    /// The query matching exactly the articles holding the string.
    pub fn query(self) -> Box<dyn Query> {
        match self {
            Literal::Term(term) => Box::new(TermQuery::new(term, IndexRecordOption::Basic)),
            Literal::Phrase { cover, .. } if cover.is_empty() => Box::new(EmptyQuery),
            phrase => Box::new(WordsOrVerbatim {
                words: Box::new(EmptyQuery),
                literals: vec![phrase],
            }),
        }
    }
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
                Literal::Phrase { cover, others } => {
                    cover.iter().for_each(|(_, t)| visitor(t, true));
                    others.iter().for_each(|t| visitor(t, false));
                }
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
    /// The pairs' postings, rarest first, each with its offset in the
    /// string when it is one of the cover, whose positions are read.
    postings: Vec<(Option<u32>, SegmentPostings)>,
    /// Buffers for the cover's positions, in the order of `postings`.
    positions: Vec<Vec<u32>>,
}

impl LiteralScorer {
    /// `None` when a pair does not occur in the segment.
    fn new(reader: &SegmentReader, literal: &Literal) -> tantivy::Result<Option<Self>> {
        let read = |term: &Term, record| -> tantivy::Result<Option<SegmentPostings>> {
            Ok(reader
                .inverted_index(term.field())?
                .read_postings(term, record)?)
        };
        let mut postings = Vec::new();
        match literal {
            Literal::Term(t) => match read(t, IndexRecordOption::Basic)? {
                Some(p) => postings.push((None, p)),
                None => return Ok(None),
            },
            // An empty string stands nowhere.
            Literal::Phrase { cover, .. } if cover.is_empty() => return Ok(None),
            Literal::Phrase { cover, others } => {
                for (offset, term) in cover {
                    match read(term, IndexRecordOption::WithFreqsAndPositions)? {
                        Some(p) => postings.push((Some(*offset), p)),
                        None => return Ok(None),
                    }
                }
                let rarest = postings.iter().map(|(_, p)| p.doc_freq()).min();
                for term in others {
                    let inverted = reader.inverted_index(term.field())?;
                    let Some(info) = inverted.get_term_info(term)? else {
                        return Ok(None);
                    };
                    // Half as many articles at most: a pair about as
                    // common as the cover's (the archive's boilerplate)
                    // would cost a list to walk and narrow nothing.
                    if rarest.is_some_and(|r| info.doc_freq.saturating_mul(2) <= r) {
                        postings.push((
                            None,
                            inverted
                                .read_postings_from_terminfo(&info, IndexRecordOption::Basic)?,
                        ));
                    }
                }
            }
        }
        postings.sort_by_key(|(_, p)| p.doc_freq());
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

    /// Whether the cover's pairs stand together in the current article:
    /// some start `s` with the pair at offset `o` at position `s + o`, for
    /// every pair of the cover. The pair with the fewest positions in the
    /// article gives the starts to try.
    fn verbatim(&mut self) -> bool {
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
                postings
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
