//! Turns a parsed [`Query`](super::query::Query) into a tantivy query.
//!
//! Which articles match: an unquoted term matches an article that has all of
//! its jieba words, or has the term verbatim (so recall never depends on how
//! jieba segments the article). A quoted term matches verbatim only. An
//! excluded term excludes the articles that contain it verbatim.
//!
//! How they rank is written down in [`super::ranking`].

use std::ops::Bound;
use std::sync::Arc;

use tantivy::Term;
use tantivy::query::{
    AllQuery, BooleanQuery, ConstScoreQuery, DisjunctionMaxQuery, EmptyQuery, Occur, Query,
    RangeQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};

use super::labeled::Labeled;
use super::lead::{Lead, LeadTerm};
use super::lookups::Lookups;
use super::optional::{Bm25Term, WithOptional};
use super::query::{self, Scope};
use super::ranking::Ranking;
use super::request::{MAX_TERMS, SearchRequest};
use super::verbatim::{Literal, WordsOrVerbatim};
use crate::analysis::{Analyzer, exact_heading, literal_units};
use crate::date;
use crate::error::{Error, Result};
use crate::index::Fields;

/// A compiled query and what to highlight.
pub struct Compiled {
    pub query: Box<dyn Query>,
    /// The same ranking computed in two steps, when that is cheaper.
    pub deferred: Option<Deferred>,
    /// Strings to mark: the terms and the whole query.
    pub literals: Vec<String>,
    /// Their jieba words.
    pub words: Vec<String>,
    /// A pasted passage's letters and digits, and the score of an article
    /// with all its chunks: among the best-scored articles, those that
    /// hold the whole passage come first (`engine`).
    pub passage: Option<(String, f32)>,
    /// The second stage: every term in the headline or lead.
    pub lead: Lead,
}

/// [`Compiled::query`] split into a cheap query and bonuses added after:
/// `base` matches exactly the articles `query` matches, and an article's
/// score under `query` is its `base` score plus the weight of each bonus
/// it has (one of the bonus's queries matches it). The bonuses are the verbatim matches of terms also
/// found as their words apart, whose positions are the costly part of a
/// search; they are checked only for the articles that can make the page
/// (see `engine`).
pub struct Deferred {
    pub base: Box<dyn Query>,
    pub bonuses: Vec<(Vec<Box<dyn Query>>, f32)>,
    /// The query's filters and exclusions (part of `base`): an article
    /// with a bonus is a match only where they hold.
    pub conditions: Vec<(Occur, Box<dyn Query>)>,
}

impl Compiled {
    /// The query that finds the matches (for counting and exporting them).
    pub fn matcher(&self) -> &dyn Query {
        match &self.deferred {
            Some(d) => d.base.as_ref(),
            None => self.query.as_ref(),
        }
    }
}

/// One term's query, whole and split as in [`Deferred`].
struct TermQueries {
    full: Box<dyn Query>,
    base: Box<dyn Query>,
    bonus: Option<(Vec<Box<dyn Query>>, f32)>,
}

impl TermQueries {
    fn same(q: Box<dyn Query>) -> Self {
        TermQueries {
            base: q.box_clone(),
            full: q,
            bonus: None,
        }
    }
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
        lookups: Arc::default(),
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
    // Each kept twice: whole, and as the base of a deferred ranking.
    let mut required: Vec<TermQueries> = Vec::new();
    let mut optional: Vec<TermQueries> = Vec::new();
    let mut bonuses = Vec::new();
    let mut literals = Vec::new();
    let mut words = Vec::new();

    for group in &parsed.groups {
        let q = match group.as_slice() {
            [t] => {
                let mut q = c.term(t);
                bonuses.extend(q.bonus.take());
                q
            }
            // Either alternative; the better one counts, so an OR group
            // weighs like one term (and defers nothing: a bonus inside a
            // maximum does not simply add).
            _ => TermQueries::same(Box::new(DisjunctionMaxQuery::new(
                group.iter().map(|t| c.term(t).full).collect(),
            ))),
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
        _ => {
            let (full, base): (Vec<_>, Vec<_>) =
                optional.into_iter().map(|q| (q.full, q.base)).unzip();
            required.push(TermQueries {
                full: should(full),
                base: should(base),
                bonus: None,
            });
        }
    }
    let (mut clauses, mut base_clauses): (Vec<Clause>, Vec<Clause>) = match required.len() {
        0 => (
            vec![(Occur::Must, Box::new(AllQuery) as Box<dyn Query>)],
            vec![(Occur::Must, Box::new(AllQuery) as Box<dyn Query>)],
        ),
        _ => required
            .into_iter()
            .map(|q| ((Occur::Must, q.full), (Occur::Must, q.base)))
            .unzip(),
    };
    // The rest is the same in both.
    let mut shared: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    for t in &parsed.excluded {
        shared.push((Occur::MustNot, c.excluded(t)));
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
        shared.push((
            Occur::Should,
            c.signal(
                "whole query in a headline",
                c.literal(Part::Heading, &whole),
                ranking.known_item,
            ),
        ));
        shared.push((
            Occur::Should,
            c.signal(
                "whole query is a headline",
                Box::new(TermQuery::new(
                    Term::from_field_u64(fields.heading_exact, exact_heading(&whole)),
                    IndexRecordOption::Basic,
                )),
                ranking.exact_heading,
            ),
        ));
        if terms.len() > 1 {
            literals.push(whole);
        }
    }

    for filter in c.filters(req)? {
        shared.push((Occur::Must, Box::new(ConstScoreQuery::new(filter, 0.0))));
    }
    let mut conditions: Vec<Clause> = Vec::new();
    for (occur, q) in shared {
        if occur != Occur::Should {
            conditions.push((occur, q.box_clone()));
        }
        base_clauses.push((occur, q.box_clone()));
        clauses.push((occur, q));
    }
    // Field terms (author:, column: …) are conditions every match meets.
    let lead = Lead {
        groups: parsed
            .groups
            .iter()
            .filter(|g| {
                g.iter()
                    .all(|t| matches!(t.scope, Scope::All | Scope::Title))
            })
            .map(|g| {
                g.iter()
                    .map(|t| LeadTerm {
                        text: t.text.clone(),
                        headline_only: t.scope == Scope::Title,
                    })
                    .collect()
            })
            .collect(),
        weight: ranking.lead,
        lookups: c.lookups.clone(),
    };
    let deferred = (!bonuses.is_empty()).then(|| Deferred {
        base: boolean(base_clauses),
        bonuses,
        conditions,
    });
    Ok(Compiled {
        query: boolean(clauses),
        deferred,
        literals,
        words,
        passage: None,
        lead,
    })
}

type Clause = (Occur, Box<dyn Query>);

/// A labelled group of scoring-only clauses.
type Group = (String, Vec<Bm25Term>);

fn boolean(mut clauses: Vec<Clause>) -> Box<dyn Query> {
    match clauses.len() {
        1 if clauses[0].0 == Occur::Must => clauses.remove(0).1,
        _ => Box::new(BooleanQuery::new(clauses)),
    }
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
    /// Shared by every query made for this search.
    lookups: Arc<Lookups>,
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

    /// BM25 of each of `words` in `field`, scaled by `weight`: the clauses
    /// of one labelled group of a [`WithOptional`]; none when the weight is
    /// zero.
    fn bm25(&self, label: &str, field: Field, words: &[String], weight: f32) -> Group {
        if weight <= 0.0 {
            return (label.to_string(), Vec::new());
        }
        let clauses = words
            .iter()
            .map(|w| Bm25Term {
                term: Term::from_field_text(field, w),
                boost: weight,
            })
            .collect();
        (label.to_string(), clauses)
    }

    /// The query for one term: matching and scoring.
    fn term(&self, t: &query::Term) -> TermQueries {
        let f = self.fields;
        let r = self.r;
        let label = format!("term {}", t.text);
        let exact = |field: Field| -> TermQueries {
            let q = Box::new(TermQuery::new(
                Term::from_field_text(field, t.text.trim()),
                IndexRecordOption::Basic,
            ));
            TermQueries::same(Labeled::boxed(
                &label,
                Box::new(ConstScoreQuery::new(q, r.coverage)),
            ))
        };
        let (parts, words_field): (&[Part], Field) = match t.scope {
            Scope::Author => return exact(f.author),
            Scope::Column => return exact(f.column),
            Scope::Tag => return exact(f.tag),
            Scope::Person => return exact(f.person),
            Scope::Place => return exact(f.place),
            Scope::Org => return exact(f.org),
            Scope::Title => (&[Part::Heading], f.heading_words),
            Scope::All => (&[Part::Heading, Part::Body], f.words),
        };
        let verbatim = || -> Box<dyn Query> {
            match parts {
                [part] => self.literal(*part, &t.text),
                _ => should(parts.iter().map(|p| self.literal(*p, &t.text)).collect()),
            }
        };
        let words = self.analyzer.query_words(&t.text);
        let all_words = || {
            must(
                words
                    .iter()
                    .map(|w| -> Box<dyn Query> {
                        Box::new(TermQuery::new(
                            Term::from_field_text(words_field, w),
                            IndexRecordOption::Basic,
                        ))
                    })
                    .collect(),
            )
        };
        // The articles with all the words or with the term verbatim,
        // reading positions only for those lacking a word.
        let words_or_verbatim = || -> Box<dyn Query> {
            Box::new(WordsOrVerbatim {
                words: words
                    .iter()
                    .map(|w| Term::from_field_text(words_field, w))
                    .collect(),
                literals: parts
                    .iter()
                    .map(|p| self.literal_parts(*p, &t.text))
                    .collect(),
                lookups: self.lookups.clone(),
            })
        };
        // A term that is one jieba word is there verbatim wherever the word
        // is (jieba's words are substrings of the text): the word finds
        // most of its articles without reading positions.
        let units = literal_units(&t.text);
        let one_word = matches!(words.as_slice(), [w] if *w == units.iter().collect::<String>());
        // A string of one or two units is one term of the literal fields
        // (a character, a pair), found without positions: the articles
        // with the word are among its articles, so it alone finds them all.
        let one_literal_term = units.len() <= 2;
        let verbatim_score = r.coverage + r.literal;
        let labeled_verbatim = |q: Box<dyn Query>| {
            Labeled::boxed(
                "verbatim",
                Box::new(ConstScoreQuery::new(q, verbatim_score)),
            )
        };
        let (matched, base_matched, bonus) =
            if t.quoted || words.is_empty() || (one_word && one_literal_term) {
                let q = labeled_verbatim(verbatim());
                (q.box_clone(), q, None)
            } else if one_word {
                let q = labeled_verbatim(words_or_verbatim());
                (q.box_clone(), q, None)
            } else {
                // The better of verbatim and all-words-apart.
                let full: Box<dyn Query> = Box::new(DisjunctionMaxQuery::new(vec![
                    labeled_verbatim(verbatim()),
                    Labeled::boxed(
                        "all its words",
                        Box::new(ConstScoreQuery::new(all_words(), r.coverage)),
                    ),
                ]));
                // Deferred: coverage for either, the verbatim bonus later.
                let base = Box::new(ConstScoreQuery::new(words_or_verbatim(), r.coverage));
                let bonus: Vec<Box<dyn Query>> =
                    parts.iter().map(|p| self.literal(*p, &t.text)).collect();
                (full, base as Box<dyn Query>, Some((bonus, r.literal)))
            };
        // BM25 is read only where the term matches (see `optional`).
        let mut groups: Vec<Group> = Vec::new();
        if t.scope == Scope::All {
            groups.push(self.bm25("words (BM25)", f.words, &words, 1.0));
        }
        groups.push(self.bm25("headline words (BM25)", f.heading_words, &words, r.heading));
        groups.retain(|(_, clauses)| !clauses.is_empty());
        let scored = WithOptional {
            required: Box::new(EmptyQuery),
            groups,
            lookups: self.lookups.clone(),
        };
        let with = |matched: Box<dyn Query>| -> Box<dyn Query> {
            let mut q = scored.clone();
            q.required = matched;
            Labeled::boxed(&label, Box::new(q))
        };
        TermQueries {
            full: with(matched),
            base: with(base_matched),
            bonus: bonus.filter(|(_, w)| *w > 0.0),
        }
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
        self.literal_parts(part, text).query(&self.lookups)
    }

    /// What finds `text` verbatim in `part` ([`Literal::of`]).
    fn literal_parts(&self, part: Part, text: &str) -> Literal {
        let f = self.fields;
        match part {
            Part::Heading => Literal::of(text, f.heading_lit, f.heading_chars, None),
            Part::Body => Literal::of(text, f.body_lit, f.body_chars, Some(f.opening)),
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
