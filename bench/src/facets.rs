//! What facets cost when they have something to count: the query set
//! timed on the variant with columns and authors ([`variant::with_facets`]),
//! beside the plain archive's figure.

use std::collections::HashSet;

use dangjian::Article;
use dangjian::index::Archive;

use crate::error::Result;
use crate::queries::BenchQuery;
use crate::stats::Latency;
use crate::{Config, FacetFigures, engine, ingest, raw, variant};

/// Ingests the variant of `articles` and times `queries` on it.
pub fn run(
    cfg: &Config,
    exe: &std::path::Path,
    articles: &[Article],
    queries: &[BenchQuery],
    plain_latency: Latency,
) -> Result<FacetFigures> {
    let jsonl = cfg.out.join("corpus-facets.jsonl");
    variant::write_jsonl(&jsonl, articles.iter().map(variant::with_facets))?;
    let index = cfg.out.join("index-facets");
    let text_bytes = articles.iter().map(raw::text_len).sum();
    ingest::ingest(exe, &cfg.dict, &jsonl, &index, articles.len(), text_bytes)?;
    let archive = Archive::open(&index)?;
    let (_, latency, _) = engine::run_serial(&archive, queries);
    let columns: HashSet<String> = articles
        .iter()
        .filter_map(|a| variant::column_of(&a.title))
        .collect();
    let authors: HashSet<String> = articles
        .iter()
        .flat_map(|a| variant::with_facets(a).authors)
        .map(|a| a.name)
        .collect();
    Ok(FacetFigures {
        columns: columns.len(),
        authors: authors.len(),
        articles_with_column: articles
            .iter()
            .filter(|a| variant::column_of(&a.title).is_some())
            .count(),
        latency,
        plain_latency,
    })
}
