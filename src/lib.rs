//! Full-text search for a newspaper archive of party-building stories.
//!
//! - [`corpus`] reads newspaper pages and JSONL archives into [`Article`]s.
//! - [`analysis`] turns Chinese text into terms: jieba words for ranking and
//!   character n-grams so that no literal match is ever missed.
//! - [`index`] keeps the articles in a tantivy index: schema, upsert, delete.
//! - [`search`] runs the query language, ranking, snippets and facets.
//! - [`server`] is the HTTP API and the web page.
//! - [`bench`] is the benchmark behind `dangjian-search bench`.

pub mod analysis;
pub mod article;
pub mod bench;
pub mod corpus;
pub mod date;
pub mod error;
pub mod index;
pub mod search;
pub mod server;
pub mod storage;

pub use article::{Article, Author, Role};
pub use error::{Error, Result};
