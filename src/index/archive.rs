//! [`Archive`]: an opened index with its analyzer and reader.

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use tantivy::collector::{Collector, DocSetCollector, TopDocs};
use tantivy::directory::MmapDirectory;
use tantivy::directory::error::LockError;
use tantivy::indexer::IndexWriterOptions;
use tantivy::query::{EnableScoring, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{
    DocAddress, Executor, Index, IndexReader, ReloadPolicy, Searcher, SegmentOrdinal,
    SegmentReader, TantivyDocument, TantivyError, Term, Warmer,
};

use super::columns::{FacetCache, SearcherFacets};
use super::schema::{self, Fields};
use super::stored::BodyCodec;
use super::unmapped::Unmapped;
use super::writer::ArchiveWriter;
use crate::analysis::{Analyzer, Fingerprint, dict_hash, load_user_dict};
use crate::article::{Article, Author};
use crate::corpus::USER_DICT;
use crate::date;
use crate::error::{Error, Result};

/// Where `reindex --dict` puts the new user dictionary until its commit.
pub const PENDING_DICT: &str = "userdict.txt.reindex";

/// The entries of the user dictionary at `path`; none when it is absent.
fn read_dict(path: &Path) -> Result<Vec<String>> {
    if path.exists() {
        load_user_dict(path)
    } else {
        Ok(Vec::new())
    }
}

/// Articles in the last commit.
fn num_committed_docs(index: &Index) -> Result<u64> {
    Ok(index
        .load_metas()?
        .segments
        .iter()
        .map(|s| u64::from(s.num_docs()))
        .sum())
}

/// The analyzer of the index in `dir`: jieba with the index's copy of the
/// user dictionary. A dictionary that a `reindex --dict` committed but had
/// not yet moved into place (it was killed in between) is moved now; one it
/// has not committed (it is running, or was killed before its commit) is
/// left alone: the next reindex overwrites it.
fn index_analyzer(index: &Index, dir: &Path) -> Result<Analyzer> {
    let dict = dir.join(USER_DICT);
    let pending = dir.join(PENDING_DICT);
    if pending.exists() {
        let made = Fingerprint::from_payload(index.load_metas()?.payload.as_deref());
        let pending_hash = dict_hash(&load_user_dict(&pending)?);
        let current_hash = dict_hash(&read_dict(&dict)?);
        if made.is_some_and(|m| m.user_dict == pending_hash && m.user_dict != current_hash) {
            std::fs::rename(&pending, &dict).map_err(|e| Error::io(&pending, e))?;
        }
    }
    Ok(Analyzer::new(&read_dict(&dict)?))
}

/// Refuses an index whose articles were made with another analyzer than
/// `analyzer`. An empty index takes any.
fn check_analyzer(index: &Index, dir: &Path, analyzer: &Analyzer) -> Result<()> {
    let metas = index.load_metas()?;
    let made = Fingerprint::from_payload(metas.payload.as_deref());
    let docs: u64 = metas.segments.iter().map(|s| u64::from(s.num_docs())).sum();
    let what = match made {
        None if docs == 0 => return Ok(()),
        None => "it records none (it was made before indexes recorded their analyzer)".to_string(),
        Some(made) => {
            let diffs = made.differences(analyzer.fingerprint());
            if diffs.is_empty() {
                return Ok(());
            }
            diffs.join(", ")
        }
    };
    Err(Error::AnalyzerChanged {
        dir: dir.to_path_buf(),
        what,
        remedy: "dangjian-search reindex [--dict FILE]".to_string(),
    })
}

/// Merges a writer runs at once: each holds its input's term dictionaries
/// (`index/merges.rs`), so they are bounded whatever the cores.
const MERGE_THREADS: usize = 2;

/// An opened index.
#[derive(Clone)]
pub struct Archive {
    index: Index,
    reader: IndexReader,
    fields: Fields,
    analyzer: Analyzer,
    dir: Option<PathBuf>,
    facets: Arc<FacetCache>,
    bodies: Arc<BodyCodec>,
    /// Searches a searcher of several segments on every core; made at the
    /// first such search ([`Archive::search`]).
    pool: Arc<OnceLock<Option<Executor>>>,
}

/// Figures about an index, for `stats` and `/api/stats`.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Stats {
    pub articles: u64,
    pub index_bytes: u64,
    pub segments: usize,
    /// RFC 3339 time of the last commit, if the directory says.
    pub last_commit: Option<String>,
}

impl Archive {
    /// Opens the index in `dir`, creating it when there is none. When
    /// `dict` names an existing user dictionary it is copied into a new (or
    /// empty) index, so that searches segment queries with the same words
    /// as ingest; an index that has articles made with another dictionary
    /// is refused ([`Error::AnalyzerChanged`]): `reindex --dict` changes it.
    pub fn open_or_create(dir: &Path, dict: Option<&Path>) -> Result<Archive> {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        let index_dict = dir.join(USER_DICT);
        let directory =
            MmapDirectory::open(dir).map_err(|e| Error::io(dir, std::io::Error::other(e)))?;
        let index = match schema::builder().open_or_create(directory) {
            Err(TantivyError::SchemaError(e)) => {
                return Err(Error::OldIndex(dir.to_path_buf(), e));
            }
            other => other?,
        };
        if let Some(dict) = dict.filter(|d| d.exists()) {
            let given = dict_hash(&load_user_dict(dict)?);
            let current = dict_hash(&read_dict(&index_dict)?);
            if given != current {
                if num_committed_docs(&index)? > 0 {
                    return Err(Error::AnalyzerChanged {
                        dir: dir.to_path_buf(),
                        what: format!(
                            "its user dictionary is {current}, {} is {given}",
                            dict.display()
                        ),
                        remedy: format!("dangjian-search reindex --dict {}", dict.display()),
                    });
                }
                std::fs::copy(dict, &index_dict).map_err(|e| Error::io(dict, e))?;
            }
        }
        let analyzer = index_analyzer(&index, dir)?;
        check_analyzer(&index, dir, &analyzer)?;
        Archive::wrap(index, analyzer, Some(dir))
    }

    /// Opens an existing index; an error when `dir` holds none, or when
    /// its terms were made with another analyzer.
    pub fn open(dir: &Path) -> Result<Archive> {
        let (index, analyzer) = Archive::open_parts(dir)?;
        check_analyzer(&index, dir, &analyzer)?;
        Archive::wrap(index, analyzer, Some(dir))
    }

    /// Opens an existing index with `analyzer` for new terms, whatever its
    /// terms were made with: what `reindex` rebuilds from.
    pub fn open_to_rebuild(dir: &Path, analyzer: Analyzer) -> Result<Archive> {
        let (index, _) = Archive::open_parts(dir)?;
        Archive::wrap(index, analyzer, Some(dir))
    }

    fn open_parts(dir: &Path) -> Result<(Index, Analyzer)> {
        if !Archive::exists(dir) {
            return Err(Error::NoIndex(dir.to_path_buf()));
        }
        let index = Index::open_in_dir(dir)?;
        // Same field names are not enough: a field that changed type (the
        // body, once text, now bytes) would read as missing.
        if index.schema() != schema::build().0 {
            return Err(Error::OldIndex(
                dir.to_path_buf(),
                "its fields differ from this version's".into(),
            ));
        }
        let analyzer = index_analyzer(&index, dir)?;
        Ok((index, analyzer))
    }

    /// Whether `dir` holds an index.
    pub fn exists(dir: &Path) -> bool {
        dir.join("meta.json").exists()
    }

    /// A fresh index in memory (tests, benchmarks).
    pub fn in_memory(analyzer: Analyzer) -> Result<Archive> {
        Archive::wrap(schema::builder().create_in_ram()?, analyzer, None)
    }

    fn wrap(index: Index, analyzer: Analyzer, dir: Option<&Path>) -> Result<Archive> {
        analyzer.register(&index);
        let fields = Fields::from_schema(&index.schema()).map_err(|e| {
            Error::OldIndex(
                dir.map_or_else(|| PathBuf::from("<memory>"), Path::to_path_buf),
                e.to_string(),
            )
        })?;
        let bodies = Arc::new(BodyCodec::open(dir)?);
        let facets = Arc::new(FacetCache::default());
        let warmer: Arc<dyn Warmer> = facets.clone();
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::OnCommitWithDelay)
            .warmers(vec![Arc::downgrade(&warmer)])
            .try_into()?;
        Ok(Archive {
            index,
            reader,
            fields,
            analyzer,
            dir: dir.map(Path::to_path_buf),
            facets,
            bodies,
            pool: Arc::new(OnceLock::new()),
        })
    }

    /// Runs `query` with `collector` over `searcher`. The segments of an
    /// index are searched one per core at a time when it has several (an
    /// archive of over 100,000 articles, where merges stop, or one between
    /// merges), as tantivy's executor does: on the 10× archive's fifteen
    /// segments the kinds loop's p99 went from 65 to 37 ms on two cores.
    /// One segment is searched on the calling thread, with no hand-over.
    pub fn search<C: Collector>(
        &self,
        searcher: &Searcher,
        query: &dyn Query,
        collector: &C,
    ) -> Result<C::Fruit> {
        Ok(match self.pool_for(searcher) {
            Some(pool) => {
                let scoring = if collector.requires_scoring() {
                    EnableScoring::enabled_from_searcher(searcher)
                } else {
                    EnableScoring::disabled_from_searcher(searcher)
                };
                searcher.search_with_executor(query, collector, pool, scoring)?
            }
            None => searcher.search(query, collector)?,
        })
    }

    /// Runs `work` on each segment of `searcher` (by ordinal), on the
    /// cores as [`search`](Self::search) does, and returns its results in
    /// segment order.
    pub fn each_segment<R: Send>(
        &self,
        searcher: &Searcher,
        work: impl Fn(SegmentOrdinal, &SegmentReader) -> tantivy::Result<R> + Sync,
    ) -> Result<Vec<R>> {
        let segments = searcher.segment_readers().iter().enumerate();
        let run =
            |(ordinal, reader): (usize, &SegmentReader)| work(ordinal as SegmentOrdinal, reader);
        Ok(match self.pool_for(searcher) {
            Some(pool) => pool.map(run, segments)?,
            None => segments.map(run).collect::<tantivy::Result<Vec<R>>>()?,
        })
    }

    /// The pool to search `searcher` on: none for a single segment, which
    /// is searched on the calling thread, with no hand-over.
    fn pool_for(&self, searcher: &Searcher) -> &Option<Executor> {
        if searcher.segment_readers().len() > 1 {
            self.pool.get_or_init(|| {
                let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
                // Without a pool (one core, or no thread to be had), the
                // segments are searched in turn.
                (cores > 1)
                    .then(|| Executor::multi_thread(cores, "search-").ok())
                    .flatten()
            })
        } else {
            &None
        }
    }

    pub fn index(&self) -> &Index {
        &self.index
    }

    pub fn fields(&self) -> &Fields {
        &self.fields
    }

    pub fn analyzer(&self) -> &Analyzer {
        &self.analyzer
    }

    pub fn reader(&self) -> &IndexReader {
        &self.reader
    }

    /// The facet values of each of `searcher`'s segments, by segment
    /// ordinal, and merged.
    pub fn facet_columns(&self, searcher: &Searcher) -> Result<SearcherFacets> {
        Ok(self.facets.for_searcher(searcher)?)
    }

    /// How bodies are stored (and the dictionary they are compressed
    /// against).
    pub fn bodies(&self) -> &BodyCodec {
        &self.bodies
    }

    /// The directory, for an index on disk.
    pub fn dir(&self) -> Option<&Path> {
        self.dir.as_deref()
    }

    /// A writer for upserts and deletes. `threads` indexing threads share
    /// `memory_bytes` of buffer. A second writer on the same index gets
    /// [`Error::IndexLocked`].
    pub fn writer(&self, threads: usize, memory_bytes: usize) -> Result<ArchiveWriter> {
        let threads = threads.max(1);
        let memory = memory_bytes.max(threads * 16_000_000);
        let options = IndexWriterOptions::builder()
            .num_worker_threads(threads)
            .memory_budget_per_thread(memory / threads)
            .num_merge_threads(MERGE_THREADS)
            .build();
        let index = self.writing_index()?;
        match index.writer_with_options::<super::document::ArticleDoc>(options) {
            Ok(w) => {
                w.set_merge_policy(Box::new(super::merges::BoundedMerges::new(
                    super::merges::MERGE_MAX_DOCS,
                )));
                ArchiveWriter::new(self.clone(), w)
            }
            Err(TantivyError::LockFailure(LockError::LockBusy, _)) => Err(Error::IndexLocked(
                self.dir
                    .clone()
                    .unwrap_or_else(|| PathBuf::from("<memory>")),
            )),
            Err(e) => Err(e.into()),
        }
    }

    /// The index as writers open it: read through [`Unmapped`], so that a
    /// merge holds only what it works on, not every page of its input.
    fn writing_index(&self) -> Result<Index> {
        Ok(match &self.dir {
            Some(dir) => {
                let index = Index::open(Unmapped::open(dir).map_err(|e| Error::io(dir, e))?)?;
                self.analyzer.register(&index);
                index
            }
            None => self.index.clone(),
        })
    }

    /// Makes the latest commit visible to searches now, rather than after
    /// the reader notices it.
    pub fn reload(&self) -> Result<()> {
        Ok(self.reader.reload()?)
    }

    /// Number of articles in the last commit the reader sees.
    pub fn num_articles(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// The id under which the article that `id` names is stored, if it
    /// exists: `id` itself, or for an id posted as a JSON number (`842.0`),
    /// the integer it was stored as (`842`).
    pub fn stored_id(&self, id: &str) -> Result<Option<String>> {
        Ok(self.find(id)?.map(|(stored, _)| stored))
    }

    /// The stored id of the article `id` names ([`stored_id`](Self::stored_id))
    /// and where the article is.
    fn find(&self, id: &str) -> Result<Option<(String, DocAddress)>> {
        if let Some(address) = self.address_of(id)? {
            return Ok(Some((id.to_string(), address)));
        }
        match crate::corpus::number_id_alias(id) {
            Some(alias) => Ok(self.address_of(&alias)?.map(|address| (alias, address))),
            None => Ok(None),
        }
    }

    /// Where the article with `id` is, if it exists.
    pub fn address_of(&self, id: &str) -> Result<Option<DocAddress>> {
        let query = TermQuery::new(
            Term::from_field_text(self.fields.id, id),
            IndexRecordOption::Basic,
        );
        let found = self
            .reader
            .searcher()
            .search(&query, &TopDocs::with_limit(1).order_by_score())?;
        Ok(found.first().map(|(_, address)| *address))
    }

    /// The ids of the committed articles that came from `origin` (a source
    /// file's name, or `api`).
    pub fn ids_of_origin(&self, origin: &str) -> Result<Vec<String>> {
        let query = TermQuery::new(
            Term::from_field_text(self.fields.origin, origin),
            IndexRecordOption::Basic,
        );
        let searcher = self.reader.searcher();
        let mut ids = Vec::new();
        for address in searcher.search(&query, &DocSetCollector)? {
            let doc: TantivyDocument = searcher.doc(address)?;
            if let Some(id) = doc.get_first(self.fields.id).and_then(|v| v.as_str()) {
                ids.push(id.to_string());
            }
        }
        ids.sort_unstable();
        Ok(ids)
    }

    /// The stored article with `id`.
    pub fn get(&self, id: &str) -> Result<Article> {
        let (_, address) = self
            .find(id)?
            .ok_or_else(|| Error::NotFound(id.to_string()))?;
        let doc: TantivyDocument = self.reader.searcher().doc(address)?;
        Ok(self.article_from_doc(&doc))
    }

    /// Rebuilds an article from its stored fields.
    pub fn article_from_doc(&self, doc: &TantivyDocument) -> Article {
        Article {
            body: self
                .stored_body(doc)
                .map(|b| b.split('\n').map(str::to_string).collect())
                .unwrap_or_default(),
            ..self.article_head(doc)
        }
    }

    /// The stored body: paragraphs joined by newlines.
    pub fn stored_body(&self, doc: &TantivyDocument) -> Option<String> {
        doc.get_first(self.fields.body)
            .and_then(|v| v.as_bytes())
            .and_then(|b| self.bodies.decode(b))
    }

    /// An article's stored fields but its body (left empty): what a
    /// search hit needs.
    pub fn article_head(&self, doc: &TantivyDocument) -> Article {
        let f = &self.fields;
        let text = |field| {
            doc.get_first(field)
                .and_then(|v| v.as_str().map(str::to_string))
        };
        let authors: Vec<Author> = text(f.authors_json)
            .and_then(|j| serde_json::from_str(&j).ok())
            .unwrap_or_default();
        Article {
            id: text(f.id).unwrap_or_default(),
            title: text(f.title).unwrap_or_default(),
            kicker: text(f.kicker),
            column: text(f.column),
            authors,
            date: doc
                .get_first(f.day)
                .and_then(|v| v.as_i64())
                .map(date::from_days),
            tags: doc
                .get_all(f.tag)
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect(),
            url: text(f.url),
            source: text(f.source),
            dateline: text(f.dateline),
            body: Vec::new(),
        }
    }

    /// Counts and sizes of the index.
    pub fn stats(&self) -> Result<Stats> {
        let searcher = self.reader.searcher();
        let segments = self.index.searchable_segment_metas()?.len();
        let (index_bytes, last_commit) = match &self.dir {
            Some(dir) => {
                let mut bytes = 0;
                for entry in std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))? {
                    let entry = entry.map_err(|e| Error::io(dir, e))?;
                    bytes += entry.metadata().map(|m| m.len()).unwrap_or(0);
                }
                let modified = std::fs::metadata(dir.join("meta.json"))
                    .and_then(|m| m.modified())
                    .ok()
                    .map(|t| chrono::DateTime::<chrono::Utc>::from(t).to_rfc3339());
                (bytes, modified)
            }
            None => (
                searcher
                    .space_usage()
                    .map(|u| u.total().get_bytes())
                    .unwrap_or(0),
                None,
            ),
        };
        Ok(Stats {
            articles: searcher.num_docs(),
            index_bytes,
            segments,
            last_commit,
        })
    }
}
