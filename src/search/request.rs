//! What a search asks for and what it answers: one shape for the library,
//! the CLI's `--json` and the HTTP API.

use chrono::NaiveDate;
use serde::Serialize;

use super::explain::ScoreExplanation;
use super::facets::Facets;
use crate::article::Author;
use crate::error::{Error, Result};

/// Most results on one page.
pub const MAX_LIMIT: usize = 100;
/// Deepest offset a search may page to.
pub const MAX_OFFSET: usize = 10_000;
/// Most snippet fragments per hit.
pub const MAX_FRAGMENTS: usize = 5;
/// Allowed snippet fragment lengths, in characters.
pub const FRAGMENT_CHARS: std::ops::RangeInclusive<usize> = 20..=500;
/// Longest query, in characters: room for a pasted passage of a page or
/// two (see [`passage`](super::passage)).
pub const MAX_QUERY_CHARS: usize = 5_000;
/// Most terms (OR-ed and excluded ones included) in one query.
pub const MAX_TERMS: usize = 32;

pub const DEFAULT_LIMIT: usize = 10;
pub const DEFAULT_FRAGMENTS: usize = 3;
pub const DEFAULT_FRAGMENT_CHARS: usize = 80;

/// Result order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Sort {
    #[default]
    Relevance,
    DateDesc,
    DateAsc,
}

impl Sort {
    /// Parses `relevance`, `date_desc` or `date_asc`.
    pub fn parse(s: &str) -> Result<Sort> {
        match s {
            "relevance" => Ok(Sort::Relevance),
            "date_desc" => Ok(Sort::DateDesc),
            "date_asc" => Ok(Sort::DateAsc),
            other => Err(Error::InvalidParameter {
                code: "invalid_sort",
                message: format!("sort must be relevance, date_desc or date_asc, not `{other}`"),
            }),
        }
    }
}

/// A search: the query, paging, order, filters and snippet shape.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SearchRequest {
    pub q: String,
    pub limit: usize,
    pub offset: usize,
    pub sort: Sort,
    /// Inclusive date range.
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// Exact column, author and tag filters.
    pub column: Option<String>,
    pub author: Option<String>,
    pub tag: Option<String>,
    /// Exact person, place and organisation filters (entities named in
    /// the article).
    pub person: Option<String>,
    pub place: Option<String>,
    pub org: Option<String>,
    /// Snippet fragments per hit; 0 turns snippets off.
    pub fragments: usize,
    pub fragment_chars: usize,
    /// Whether to count facets over the whole result set.
    pub facets: bool,
    /// Whether each hit carries its score breakdown.
    pub explain: bool,
}

impl Default for SearchRequest {
    fn default() -> Self {
        SearchRequest {
            q: String::new(),
            limit: DEFAULT_LIMIT,
            offset: 0,
            sort: Sort::Relevance,
            from: None,
            to: None,
            column: None,
            author: None,
            tag: None,
            person: None,
            place: None,
            org: None,
            fragments: DEFAULT_FRAGMENTS,
            fragment_chars: DEFAULT_FRAGMENT_CHARS,
            facets: true,
            explain: false,
        }
    }
}

impl SearchRequest {
    /// A request for `q` with every default.
    pub fn new(q: impl Into<String>) -> Self {
        SearchRequest {
            q: q.into(),
            ..Default::default()
        }
    }

    /// Checks every parameter against its limits.
    pub fn validate(&self) -> Result<()> {
        let bad = |code, message: String| Err(Error::InvalidParameter { code, message });
        if self.q.chars().count() > MAX_QUERY_CHARS {
            return bad(
                "query_too_long",
                format!(
                    "q is longer than {MAX_QUERY_CHARS} characters, the limit for a query or a pasted passage"
                ),
            );
        }
        if !(1..=MAX_LIMIT).contains(&self.limit) {
            return bad("invalid_limit", format!("limit must be 1 to {MAX_LIMIT}"));
        }
        if self.offset > MAX_OFFSET {
            return bad(
                "invalid_offset",
                format!("offset must be 0 to {MAX_OFFSET}"),
            );
        }
        if self.fragments > MAX_FRAGMENTS {
            return bad(
                "invalid_fragments",
                format!("fragments must be 0 to {MAX_FRAGMENTS}"),
            );
        }
        if !FRAGMENT_CHARS.contains(&self.fragment_chars) {
            return bad(
                "invalid_fragment_chars",
                format!(
                    "fragment_chars must be {} to {}",
                    FRAGMENT_CHARS.start(),
                    FRAGMENT_CHARS.end()
                ),
            );
        }
        Ok(())
    }
}

/// One result.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Hit {
    pub id: String,
    pub title: String,
    /// The title, escaped, with the matches marked.
    pub title_html: String,
    pub kicker: Option<String>,
    pub date: Option<String>,
    pub column: Option<String>,
    pub authors: Vec<Author>,
    pub tags: Vec<String>,
    pub score: f32,
    /// Escaped fragments with `<mark>` around the matches.
    pub snippets: Vec<String>,
    /// The score, clause by clause (with `explain`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explain: Option<ScoreExplanation>,
}

/// The answer to a [`SearchRequest`].
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SearchResponse {
    pub query: String,
    /// Exact number of matching articles.
    pub total: u64,
    pub took_ms: f64,
    /// Whether the server answered from its cache of responses (the same
    /// request on the same index, since the last change to it).
    pub cached: bool,
    pub offset: usize,
    pub limit: usize,
    pub hits: Vec<Hit>,
    pub facets: Facets,
}
