//! The ranking formula, written down in one place.
//!
//! A query is a sequence of terms (`社区 养老服务` has two). An article
//! matches when it has at least one of the plain terms and every quoted or
//! field term (`"…"`, `title:`, `author:` …). Its score is the sum of:
//!
//! 1. **For each term it has:**
//!    - *coverage*: [`Ranking::coverage`] for the term being there at all,
//!      verbatim or as all of its jieba words apart, and [`Ranking::literal`]
//!      more when it is there verbatim. An article with every term thus
//!      starts [`Ranking::coverage`] ahead, per term, of one that lacks a
//!      term: covering all the terms is what makes an article about a
//!      topic of several words, yet a rare term repeated throughout an
//!      article can still beat a passing mention of all of them.
//!    - *BM25* of the term's jieba words over the whole article (title,
//!      kicker and body as one text; tantivy's k1 = 1.2, b = 0.75);
//!    - *headline BM25*: the same words over title and kicker, times
//!      [`Ranking::heading`].
//!
//!    An `OR` group counts as one term: the better alternative scores.
//! 2. **Once, for the whole query** (when it has no `OR`):
//!    [`Ranking::known_item`] when the whole query stands verbatim in a
//!    title or kicker, so that a pasted headline finds its article first;
//!    and [`Ranking::exact_heading`] more when the query is the whole
//!    title or kicker, so that the headline itself beats longer ones
//!    containing it.
//!
//! 3. **Once, when every term is in the headline or the lead** (a query of
//!    two terms or more): [`Ranking::lead`], when each term (an `OR`
//!    group: one of its alternatives) stands verbatim in the title or
//!    kicker or within the body's first [`LEAD_UNITS`] characters. A story
//!    is about what its headline and first sentences name; an article that
//!    names the terms only further down mostly mentions them. (For one
//!    term the headline BM25 and the known-item signal already say it; the
//!    lead measured neither better nor worse there.) It is added to those
//!    of the best [`LEAD_POOL`] articles by the rest of the formula less
//!    its verbatim bonuses (the ones computed last, below) that have it,
//!    and every article is ranked again (a second stage: reading where the
//!    terms stand costs positions, worth reading only for the articles
//!    that can make the first pages; choosing the pool before the verbatim
//!    bonuses spares ranking 40 articles exactly, which for two common
//!    strings meant reading every match, and measured the same on every
//!    judged set). A one-character term counts wherever it is.
//!
//! Filters add nothing.
//!
//! How it is computed does not change it: a term found both verbatim and
//! as its words apart has its verbatim bonus ([`Ranking::literal`]) added
//! only to the articles that can still make the page (`compile::Deferred`,
//! `rescore`), since finding out whether the words stand together means
//! reading positions, for a common string in most of the archive. The page
//! is the one the whole formula gives; `tests/ranking.rs` checks it. `explain=true` returns this sum for each hit,
//! clause by clause, under these names ("term 社区", "verbatim", "all its
//! words", "words (BM25)", "headline words (BM25)", "whole query in a
//! headline", "whole query is a headline", "every term in the headline or
//! lead"). `docs/ranking.md` lists the alternatives measured on the
//! judged topics and why these weights won.

/// How much of a body's opening is its lead: about the first two
/// sentences of a news story (the dateline included), what a reader
/// skims before deciding what the story is about.
pub const LEAD_UNITS: u32 = 100;

/// How many of the best articles (by the formula less its verbatim
/// bonuses) can get [`Ranking::lead`]. The page is then exact for the
/// formula with it, at any depth, so no page repeats or skips an article.
pub const LEAD_POOL: usize = 40;

/// The weights of the formula. [`Ranking::default`] is what searches use.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Ranking {
    /// Each term the article has adds this much.
    pub coverage: f32,
    /// A term there verbatim adds this much more.
    pub literal: f32,
    /// Weight of the headline-words BM25 (the whole article's words count 1).
    pub heading: f32,
    /// The whole query verbatim in a title or kicker.
    pub known_item: f32,
    /// The whole query *is* a title or kicker: the headline itself comes
    /// before the headlines that contain it (联播快讯 before 国际联播快讯).
    pub exact_heading: f32,
    /// Every term of a query of two or more in the headline or the lead
    /// ([`LEAD_UNITS`]): added to the best [`LEAD_POOL`] articles before
    /// the verbatim bonuses, and every article ranked again.
    pub lead: f32,
    /// Every plain term must match (AND) instead of ranking by coverage;
    /// measured worse (see `docs/ranking.md`), kept for comparison.
    pub all_terms_required: bool,
}

impl Default for Ranking {
    fn default() -> Self {
        Ranking {
            coverage: 5.0,
            literal: 2.0,
            heading: 1.0,
            known_item: 12.0,
            exact_heading: 3.0,
            lead: 8.0,
            all_terms_required: false,
        }
    }
}
