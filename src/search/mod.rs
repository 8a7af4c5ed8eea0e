//! Search: the query language, ranking, snippets, filters and facets.
//!
//! One module serves the CLI and the HTTP API: both build a
//! [`SearchRequest`] and get a [`SearchResponse`].
//!
//! - [`query`] parses what the user typed, leniently.
//! - `compile` turns it into a tantivy query with the ranking signals.
//! - [`passage`] searches a pasted paragraph by a few literal chunks.
//! - [`snippet`] highlights titles and picks the best fragments.
//! - [`facets`] counts columns, authors, tags, years and months.

pub mod compile;
mod engine;
pub mod explain;
pub mod facets;
mod labeled;
pub mod passage;
pub mod query;
pub mod ranking;
mod request;
pub mod snippet;

pub use engine::{matching_ids, search, search_floor};
pub use facets::{FacetCount, Facets};
pub use request::*;
