//! Turns a parsed [`Query`](super::query::Query) into a tantivy query.
//!
//! Which articles match: an unquoted term matches an article that has all of
//! its jieba words, or has the term verbatim (so recall never depends on how
//! jieba segments the article). A quoted term matches verbatim only. An
//! excluded term excludes the articles that contain it verbatim.
//!
//! How they rank is written down in [`super::ranking`].

use std::ops::Bound;

use tantivy::Term;
use tantivy::query::{
    AllQuery, BooleanQuery, ConstScoreQuery, DisjunctionMaxQuery, EmptyQuery, Occur, PhraseQuery,
    Query, RangeQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};

use super::labeled::Labeled;
use super::query::{self, Scope};
use super::ranking::Ranking;
use super::request::{MAX_TERMS, SearchRequest};
use crate::analysis::{Analyzer, literal_plan, literal_units};
use crate::date;
use crate::error::{Error, Result};
use crate::index::Fields;

/// A compiled query and what to highlight.
pub struct Compiled {
    pub query: Box<dyn Query>,
    /// Strings to mark: the terms and the whole query.
    pub literals: Vec<String>,
    /// Their jieba words.
    pub words: Vec<String>,
}

/// Compiles a search request (query and filters) with the default ranking.
pub fn compile(req: &SearchRequest, fields: &Fields, analyzer: &Analyzer) -> Result<Compiled> {
    compile_with(req, fields, analyzer, &Ranking::default())
}

/// Compiles a search request with the given ranking weights.
pub fn compile_with(
    req: &SearchRequest,
    fields: &Fields,
    analyzer: &Analyzer,
    ranking: &Ranking,
) -> Result<Compiled> {
    let c = Compiler {
        fields,
        analyzer,
        r: ranking,
    };
    if let Some(passage) = super::passage::Passage::detect(&req.q) {
        return Ok(passage.compile(fields, c.filters(req)?));
    }
    let parsed = query::parse(&req.q);
    if parsed.num_terms() > MAX_TERMS {
        return Err(Error::InvalidParameter {
            code: "too_many_terms",
            message: format!("a query may have at most {MAX_TERMS} terms"),
        });
    }
    // Quoted and field terms are conditions; of the plain terms, at least
    // one must match (coverage ranks the articles with all of them first).
    let mut required: Vec<Box<dyn Query>> = Vec::new();
    let mut optional: Vec<Box<dyn Query>> = Vec::new();
    let mut literals = Vec::new();
    let mut words = Vec::new();

    for group in &parsed.groups {
        let mut alternatives: Vec<Box<dyn Query>> = group.iter().map(|t| c.term(t)).collect();
        let q = if alternatives.len() == 1 {
            alternatives.remove(0)
        } else {
            // Either alternative; the better one counts, so an OR group
            // weighs like one term.
            Box::new(DisjunctionMaxQuery::new(alternatives))
        };
        if ranking.all_terms_required || group.iter().any(|t| t.quoted || t.scope != Scope::All) {
            required.push(q);
        } else {
            optional.push(q);
        }
    }
    for t in parsed.positive_terms() {
        if matches!(t.scope, Scope::All | Scope::Title) {
            literals.push(t.text.clone());
            if !t.quoted {
                words.extend(analyzer.query_words(&t.text));
            }
        }
    }
    match optional.len() {
        0 => {}
        1 => required.extend(optional),
        _ => required.push(should(optional)),
    }
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = match required.len() {
        0 => vec![(Occur::Must, Box::new(AllQuery))],
        _ => required.into_iter().map(|q| (Occur::Must, q)).collect(),
    };
    for t in &parsed.excluded {
        clauses.push((Occur::MustNot, c.excluded(t)));
    }

    // Signals over the whole query, when it is one sequence of terms (OR
    // alternatives are not joined into a phrase).
    let sequence: Option<Vec<&query::Term>> = parsed
        .groups
        .iter()
        .map(|g| match g.as_slice() {
            [t] if t.scope == Scope::All => Some(t),
            _ => None,
        })
        .collect();
    if let Some(terms) = sequence.filter(|t| !t.is_empty()) {
        let whole = terms
            .iter()
            .map(|t| t.text.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        clauses.push((
            Occur::Should,
            c.signal(
                "whole query in a headline",
                c.literal(Part::Heading, &whole),
                ranking.known_item,
            ),
        ));
        if terms.len() > 1 {
            literals.push(whole);
        }
    }

    for filter in c.filters(req)? {
        clauses.push((Occur::Must, Box::new(ConstScoreQuery::new(filter, 0.0))));
    }
    let query: Box<dyn Query> = match clauses.len() {
        1 if clauses[0].0 == Occur::Must => clauses.remove(0).1,
        _ => Box::new(BooleanQuery::new(clauses)),
    };
    Ok(Compiled {
        query,
        literals,
        words,
    })
}

fn should(qs: Vec<Box<dyn Query>>) -> Box<dyn Query> {
    Box::new(BooleanQuery::new(
        qs.into_iter().map(|q| (Occur::Should, q)).collect(),
    ))
}

fn must(qs: Vec<Box<dyn Query>>) -> Box<dyn Query> {
    Box::new(BooleanQuery::new(
        qs.into_iter().map(|q| (Occur::Must, q)).collect(),
    ))
}

/// Which text a literal match is looked for in.
#[derive(Debug, Clone, Copy)]
enum Part {
    /// Title and kicker.
    Heading,
    Body,
}

struct Compiler<'a> {
    fields: &'a Fields,
    analyzer: &'a Analyzer,
    r: &'a Ranking,
}

impl Compiler<'_> {
    /// A constant `score` for the documents `q` matches, labelled for
    /// `explain`; nothing when the weight is zero.
    fn signal(&self, label: &str, q: Box<dyn Query>, score: f32) -> Box<dyn Query> {
        if score <= 0.0 {
            return Box::new(EmptyQuery);
        }
        Labeled::boxed(label, Box::new(ConstScoreQuery::new(q, score)))
    }

    /// BM25 of `words` in `field`, each word a clause, labelled.
    fn bm25(&self, label: &str, field: Field, words: &[String], weight: f32) -> Box<dyn Query> {
        if weight <= 0.0 || words.is_empty() {
            return Box::new(EmptyQuery);
        }
        let q = should(
            words
                .iter()
                .map(|w| -> Box<dyn Query> {
                    Box::new(TermQuery::new(
                        Term::from_field_text(field, w),
                        IndexRecordOption::WithFreqs,
                    ))
                })
                .collect(),
        );
        let q: Box<dyn Query> = if (weight - 1.0).abs() > f32::EPSILON {
            Box::new(tantivy::query::BoostQuery::new(q, weight))
        } else {
            q
        };
        Labeled::boxed(label, q)
    }

    /// The query for one term: matching and scoring.
    fn term(&self, t: &query::Term) -> Box<dyn Query> {
        let f = self.fields;
        let r = self.r;
        let label = format!("term {}", t.text);
        let exact = |field: Field| -> Box<dyn Query> {
            let q = Box::new(TermQuery::new(
                Term::from_field_text(field, t.text.trim()),
                IndexRecordOption::Basic,
            ));
            Labeled::boxed(&label, Box::new(ConstScoreQuery::new(q, r.coverage)))
        };
        let (verbatim, words_field) = match t.scope {
            Scope::Author => return exact(f.author),
            Scope::Column => return exact(f.column),
            Scope::Tag => return exact(f.tag),
            Scope::Person => return exact(f.person),
            Scope::Place => return exact(f.place),
            Scope::Org => return exact(f.org),
            Scope::Title => (self.literal(Part::Heading, &t.text), f.heading_words),
            Scope::All => (
                should(vec![
                    self.literal(Part::Heading, &t.text),
                    self.literal(Part::Body, &t.text),
                ]),
                f.words,
            ),
        };
        let words = self.analyzer.query_words(&t.text);
        // A term that is one jieba word needs no word clause: jieba's words
        // are substrings of the text, so the verbatim match already finds
        // every article that has the word.
        let one_word = matches!(words.as_slice(), [w] if *w == literal_units(&t.text).iter().collect::<String>());
        let verbatim_score = r.coverage + r.literal;
        let matched: Box<dyn Query> = if t.quoted || words.is_empty() || one_word {
            Labeled::boxed(
                "verbatim",
                Box::new(ConstScoreQuery::new(verbatim, verbatim_score)),
            )
        } else {
            let all_words = must(
                words
                    .iter()
                    .map(|w| -> Box<dyn Query> {
                        Box::new(TermQuery::new(
                            Term::from_field_text(words_field, w),
                            IndexRecordOption::Basic,
                        ))
                    })
                    .collect(),
            );
            // The better of verbatim and all-words-apart.
            Box::new(DisjunctionMaxQuery::new(vec![
                Labeled::boxed(
                    "verbatim",
                    Box::new(ConstScoreQuery::new(verbatim, verbatim_score)),
                ),
                Labeled::boxed(
                    "all its words",
                    Box::new(ConstScoreQuery::new(all_words, r.coverage)),
                ),
            ]))
        };
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, matched)];
        if t.scope == Scope::All {
            clauses.push((
                Occur::Should,
                self.bm25("words (BM25)", f.words, &words, 1.0),
            ));
        }
        clauses.push((
            Occur::Should,
            self.bm25("headline words (BM25)", f.heading_words, &words, r.heading),
        ));
        Labeled::boxed(&label, Box::new(BooleanQuery::new(clauses)))
    }

    /// What an excluded term removes: the articles containing it verbatim
    /// (or having the exact author, column or tag).
    fn excluded(&self, t: &query::Term) -> Box<dyn Query> {
        let f = self.fields;
        let exact = |field: Field| -> Box<dyn Query> {
            Box::new(TermQuery::new(
                Term::from_field_text(field, t.text.trim()),
                IndexRecordOption::Basic,
            ))
        };
        match t.scope {
            Scope::Author => exact(f.author),
            Scope::Column => exact(f.column),
            Scope::Tag => exact(f.tag),
            Scope::Person => exact(f.person),
            Scope::Place => exact(f.place),
            Scope::Org => exact(f.org),
            Scope::Title => self.literal(Part::Heading, &t.text),
            Scope::All => should(vec![
                self.literal(Part::Heading, &t.text),
                self.literal(Part::Body, &t.text),
            ]),
        }
    }

    /// Matches exactly the documents whose heading or body contains `text`
    /// verbatim (after normalization).
    fn literal(&self, part: Part, text: &str) -> Box<dyn Query> {
        let f = self.fields;
        let (pairs, chars) = match part {
            Part::Heading => (f.heading_lit, f.heading_chars),
            Part::Body => (f.body_lit, f.body_chars),
        };
        let units = literal_units(text);
        if units.len() == 1 {
            return Box::new(TermQuery::new(
                Term::from_field_text(chars, &units[0].to_string()),
                IndexRecordOption::Basic,
            ));
        }
        let mut plan = literal_plan(&units);
        match plan.len() {
            0 => Box::new(EmptyQuery),
            1 => Box::new(TermQuery::new(
                Term::from_field_text(pairs, &plan.remove(0).1),
                IndexRecordOption::Basic,
            )),
            _ => Box::new(PhraseQuery::new_with_offset(
                plan.into_iter()
                    .map(|(off, s)| (off, Term::from_field_text(pairs, &s)))
                    .collect(),
            )),
        }
    }

    /// The request's filters, each a query the results must match.
    fn filters(&self, req: &SearchRequest) -> Result<Vec<Box<dyn Query>>> {
        let f = self.fields;
        let mut out: Vec<Box<dyn Query>> = Vec::new();
        if req.from.is_some() || req.to.is_some() {
            let bound = |d: Option<chrono::NaiveDate>| match d {
                Some(d) => Bound::Included(Term::from_field_i64(f.day, date::to_days(d))),
                None => Bound::Unbounded,
            };
            out.push(Box::new(RangeQuery::new(bound(req.from), bound(req.to))));
        }
        for (value, field) in [
            (&req.column, f.column),
            (&req.author, f.author),
            (&req.tag, f.tag),
            (&req.person, f.person),
            (&req.place, f.place),
            (&req.org, f.org),
        ] {
            if let Some(v) = value {
                out.push(Box::new(TermQuery::new(
                    Term::from_field_text(field, v.trim()),
                    IndexRecordOption::Basic,
                )));
            }
        }
        Ok(out)
    }
}
