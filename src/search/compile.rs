//! Turns a parsed [`Query`](super::query::Query) into a tantivy query.
//!
//! An unquoted term matches when the article has all of its jieba words, or
//! has the term literally; the literal match scores higher. A quoted term
//! matches literally only. On top of the terms, ranking adds the whole query
//! as a literal phrase (the headline of a known item) and the words of all
//! terms as a sloppy phrase (proximity).

use std::ops::Bound;

use tantivy::Term;
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, EmptyQuery, Occur, PhraseQuery, Query,
    RangeQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};

use super::query::{self, Scope};
use super::request::{MAX_TERMS, SearchRequest};
use crate::analysis::{Analyzer, literal_plan, literal_units};
use crate::date;
use crate::error::{Error, Result};
use crate::index::Fields;

/// Title and kicker matches count this much more than body matches.
const HEADING_BOOST: f32 = 3.0;
/// A literal match of a term counts this much more than its words apart.
const LITERAL_BOOST: f32 = 2.0;
/// The whole query, verbatim, in a headline: the known-item signal.
const KNOWN_ITEM_BOOST: f32 = 12.0;
/// The whole query, verbatim, in the body.
const EXACT_PHRASE_BOOST: f32 = 2.0;
/// All the query's terms within this many characters: proximity.
const PROXIMITY_SLOP: u32 = 24;

/// A compiled query and what to highlight.
pub struct Compiled {
    pub query: Box<dyn Query>,
    /// Strings to mark: the terms and the whole query.
    pub literals: Vec<String>,
    /// Their jieba words.
    pub words: Vec<String>,
}

/// Compiles a search request (query and filters).
pub fn compile(req: &SearchRequest, fields: &Fields, analyzer: &Analyzer) -> Result<Compiled> {
    let parsed = query::parse(&req.q);
    if parsed.num_terms() > MAX_TERMS {
        return Err(Error::InvalidParameter {
            code: "too_many_terms",
            message: format!("a query may have at most {MAX_TERMS} terms"),
        });
    }
    // A lone term carries the known-item signal itself: its headline match
    // gets the known-item boost instead of a second, identical clause.
    let lone_term = parsed.excluded.is_empty()
        && matches!(parsed.groups.as_slice(), [g] if g.len() == 1 && g[0].scope == Scope::All);
    let c = Compiler {
        fields,
        analyzer,
        heading_boost: if lone_term {
            KNOWN_ITEM_BOOST
        } else {
            HEADING_BOOST
        },
    };
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    let mut literals = Vec::new();
    let mut words = Vec::new();

    for group in &parsed.groups {
        let mut alternatives: Vec<(Occur, Box<dyn Query>)> =
            group.iter().map(|t| (Occur::Should, c.term(t))).collect();
        let q = if alternatives.len() == 1 {
            alternatives.remove(0).1
        } else {
            Box::new(BooleanQuery::new(alternatives))
        };
        clauses.push((Occur::Must, q));
    }
    for t in parsed.positive_terms() {
        if matches!(t.scope, Scope::All | Scope::Title) {
            literals.push(t.text.clone());
            if !t.quoted {
                words.extend(analyzer.query_words(&t.text));
            }
        }
    }
    if clauses.is_empty() {
        clauses.push((Occur::Must, Box::new(AllQuery)));
    }
    for t in &parsed.excluded {
        clauses.push((Occur::MustNot, c.term(t)));
    }

    // Ranking signals over the whole query.
    let all_scope: Vec<&query::Term> = parsed
        .positive_terms()
        .filter(|t| t.scope == Scope::All)
        .collect();
    if !all_scope.is_empty() && !lone_term {
        let whole = all_scope
            .iter()
            .map(|t| t.text.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        clauses.push((
            Occur::Should,
            boost(c.literal(Part::Heading, &whole), KNOWN_ITEM_BOOST),
        ));
        if all_scope.len() > 1 {
            clauses.push((
                Occur::Should,
                boost(c.literal(Part::Body, &whole), EXACT_PHRASE_BOOST),
            ));
            literals.push(whole);
            if let Some(near) = c.proximity(&all_scope) {
                clauses.push((Occur::Should, near));
            }
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

fn boost(q: Box<dyn Query>, by: f32) -> Box<dyn Query> {
    Box::new(BoostQuery::new(q, by))
}

fn should(qs: Vec<Box<dyn Query>>) -> Box<dyn Query> {
    Box::new(BooleanQuery::new(
        qs.into_iter().map(|q| (Occur::Should, q)).collect(),
    ))
}

/// Which text a literal match is looked for in.
#[derive(Debug, Clone, Copy)]
enum Part {
    /// Title and kicker.
    Heading,
    Body,
}
use Part::{Body as BODY, Heading as HEADING};

struct Compiler<'a> {
    fields: &'a Fields,
    analyzer: &'a Analyzer,
    /// How much a term's match in the headline counts.
    heading_boost: f32,
}

impl Compiler<'_> {
    /// The query for one term.
    fn term(&self, t: &query::Term) -> Box<dyn Query> {
        let f = self.fields;
        let exact = |field: Field| -> Box<dyn Query> {
            Box::new(TermQuery::new(
                Term::from_field_text(field, t.text.trim()),
                IndexRecordOption::Basic,
            ))
        };
        // Where a literal match is looked for, and the field whose words
        // must all be there.
        let (lit_fields, word_field): (Vec<(Part, f32)>, Field) = match t.scope {
            Scope::Author => return exact(f.author),
            Scope::Column => return exact(f.column),
            Scope::Tag => return exact(f.tag),
            Scope::Person => return exact(f.person),
            Scope::Place => return exact(f.place),
            Scope::Org => return exact(f.org),
            Scope::Title => (vec![(HEADING, 1.0)], f.heading_words),
            Scope::All => (vec![(HEADING, self.heading_boost), (BODY, 1.0)], f.words),
        };
        let literal = should(
            lit_fields
                .iter()
                .map(|&(part, b)| boost(self.literal(part, &t.text), b))
                .collect(),
        );
        if t.quoted {
            return literal;
        }
        let words = self.analyzer.query_words(&t.text);
        // A term that is one jieba word needs no word clause: jieba's words
        // are substrings of the text, so the literal match already finds
        // every article that has the word.
        let one_word = matches!(words.as_slice(), [w] if *w == literal_units(&t.text).iter().collect::<String>());
        if words.is_empty() || one_word {
            return literal;
        }
        let all_in = |field: Field| -> Vec<(Occur, Box<dyn Query>)> {
            words
                .iter()
                .map(|w| {
                    let q: Box<dyn Query> = Box::new(TermQuery::new(
                        Term::from_field_text(field, w),
                        IndexRecordOption::WithFreqs,
                    ));
                    (Occur::Must, q)
                })
                .collect()
        };
        let mut all_words = all_in(word_field);
        if t.scope == Scope::All {
            // The words all in the headline rank higher; optional, so it
            // is only looked at for articles that have the words.
            all_words.push((
                Occur::Should,
                boost(
                    Box::new(BooleanQuery::new(all_in(f.heading_words))),
                    self.heading_boost,
                ),
            ));
        }
        should(vec![
            boost(literal, LITERAL_BOOST),
            Box::new(BooleanQuery::new(all_words)),
        ])
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
                IndexRecordOption::WithFreqs,
            )),
            _ => Box::new(PhraseQuery::new_with_offset(
                plan.into_iter()
                    .map(|(off, s)| (off, Term::from_field_text(pairs, &s)))
                    .collect(),
            )),
        }
    }

    /// The terms near each other, in order, in the body: a sloppy phrase of
    /// each term's first character pair.
    fn proximity(&self, terms: &[&query::Term]) -> Option<Box<dyn Query>> {
        let mut phrase = Vec::new();
        let mut offset = 0;
        for t in terms {
            let units = literal_units(&t.text);
            if units.len() >= 2 {
                let pair: String = units[..2].iter().collect();
                phrase.push((offset, Term::from_field_text(self.fields.body_lit, &pair)));
            }
            offset += units.len() + 1;
        }
        (phrase.len() > 1).then(|| {
            Box::new(PhraseQuery::new_with_offset_and_slop(
                phrase,
                PROXIMITY_SLOP,
            )) as Box<dyn Query>
        })
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
