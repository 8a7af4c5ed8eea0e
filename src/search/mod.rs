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
//! - [`related`] finds the coverage most like an article.
//! - [`export`] streams every match of a search as CSV or JSON Lines.
//! - [`suggest`] completes a prefix from the archive's vocabulary.

pub mod compile;
mod engine;
pub mod explain;
pub mod export;
pub mod facets;
mod labeled;
pub mod lead;
mod lookups;
mod optional;
pub mod passage;
pub mod query;
pub mod ranking;
pub mod related;
mod request;
mod rescore;
pub mod snippet;
pub mod suggest;
mod verbatim;

pub use engine::{matching_ids, rank, search, search_floor};
pub use export::{Export, ExportFormat};
pub use facets::{FacetCount, Facets};
pub use related::{RelatedResponse, related};
pub use request::*;

/// The first document of `d` at or after `target`, moving only forward
/// (`seek` asks for a target past the current document).
pub(crate) fn at_or_after<D: tantivy::DocSet + ?Sized>(
    d: &mut D,
    target: tantivy::DocId,
) -> tantivy::DocId {
    if d.doc() < target {
        d.seek(target)
    } else {
        d.doc()
    }
}

/// Sorts `list` by key and adds up the values of each key into one entry.
pub(crate) fn add_up_by_key<K: Ord + Copy, V: std::ops::AddAssign + Copy>(list: &mut Vec<(K, V)>) {
    list.sort_unstable_by_key(|&(k, _)| k);
    list.dedup_by(|next, kept| {
        let same = next.0 == kept.0;
        if same {
            kept.1 += next.1;
        }
        same
    });
}
