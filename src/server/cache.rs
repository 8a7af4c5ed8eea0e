//! Search responses kept for the same request on the same index: a page
//! that asks again (back, reload, a colleague searching the same story)
//! gets its answer without searching again.
//!
//! An entry is keyed by the request and the searcher generation it was
//! computed on. A commit (an ingest, a write through the API, a merge)
//! makes a new generation visible, and from then on no request looks up
//! the old entries: they are never served again and age out of the cache.
//! A response is computed on a searcher at least as new as the generation
//! it is filed under, so an entry never answers with an older index than
//! the one its key names.
//!
//! Identical searches that arrive while one of them runs wait for its
//! answer instead of running again (a popular query right after a commit,
//! or a page asked for twice): only one of them searches.
//!
//! What is kept is the response's JSON, less the time it took: `hits` and
//! `facets` as raw JSON, so that an answer from the cache is one copy of
//! bytes, with `took_ms` the time to find it and `cached: true`. The cache
//! is bounded by bytes (`--search-cache-mb`), with quick_cache's
//! scan-resistant eviction (S3-FIFO): a burst of one-off queries does not
//! push out the ones asked again.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use quick_cache::sync::{Cache, DefaultLifecycle, PlaceholderGuard};
use quick_cache::{DefaultHashBuilder, Weighter};
use serde::Serialize;
use serde_json::value::RawValue;

use crate::search::{SearchRequest, SearchResponse};

/// The default size of the cache, in MiB.
pub const DEFAULT_MB: u64 = 16;

/// What an entry costs beyond the bytes of its strings: the key, the
/// entry and their boxes, and quick_cache's own bookkeeping.
const ENTRY_OVERHEAD: u64 = 512;

#[derive(Clone, PartialEq, Eq, Hash)]
struct Key {
    generation: u64,
    request: SearchRequest,
}

/// A response without its timing.
struct Entry {
    total: u64,
    hits: Box<RawValue>,
    facets: Box<RawValue>,
}

#[derive(Clone)]
struct Bytes;

impl Weighter<Key, Arc<Entry>> for Bytes {
    fn weight(&self, key: &Key, entry: &Arc<Entry>) -> u64 {
        let r = &key.request;
        // Every string of the request is in the key: a filter may be as
        // long as a request body, and would hold that much.
        let strings = [&r.column, &r.author, &r.tag, &r.person, &r.place, &r.org]
            .into_iter()
            .flatten()
            .map(String::len)
            .sum::<usize>()
            + r.q.len();
        (strings + entry.hits.get().len() + entry.facets.get().len()) as u64 + ENTRY_OVERHEAD
    }
}

/// The JSON of a [`SearchResponse`], with `hits` and `facets` already
/// serialized: the same fields in the same order.
#[derive(Serialize)]
struct Answer<'a> {
    query: &'a str,
    total: u64,
    took_ms: f64,
    cached: bool,
    offset: usize,
    limit: usize,
    hits: &'a RawValue,
    facets: &'a RawValue,
}

type Guard<'a> = PlaceholderGuard<
    'a,
    Key,
    Arc<Entry>,
    Bytes,
    DefaultHashBuilder,
    DefaultLifecycle<Key, Arc<Entry>>,
>;

/// A search the cache has no answer for yet. While it is held, the same
/// search asked again waits for [`ResponseCache::keep`]; dropped without
/// an answer (an error, a timeout), one of the waiters searches instead.
pub struct Pending<'a>(Option<Guard<'a>>);

/// What [`ResponseCache::lookup`] found.
pub enum Lookup<'a> {
    /// The JSON answer.
    Answer(Vec<u8>),
    /// No answer: search, and hand the response to [`ResponseCache::keep`].
    Search(Pending<'a>),
}

/// How the cache has done since the server started.
#[derive(Debug, Clone, Copy, Serialize, utoipa::ToSchema)]
pub struct CacheStats {
    /// Searches answered from the cache.
    pub hits: u64,
    /// Searches not answered from it: run (their answers kept when they
    /// fit), or refused, failed or given up.
    pub misses: u64,
    /// Responses kept now.
    pub entries: u64,
    /// Their size in bytes, as the cache counts it.
    pub bytes: u64,
    /// The most it keeps, in bytes; 0 when the cache is off.
    pub capacity: u64,
}

/// The server's cache of search responses; off with a capacity of 0.
pub struct ResponseCache {
    cache: Option<Cache<Key, Arc<Entry>, Bytes>>,
    capacity: u64,
    hits: AtomicU64,
    misses: AtomicU64,
}

impl ResponseCache {
    /// A cache keeping up to `bytes` of responses.
    pub fn new(bytes: u64) -> Self {
        // About 10 KB a response with facets (the capacity is by bytes;
        // this only sizes the tables).
        let items = (bytes / 10_000).max(16) as usize;
        ResponseCache {
            cache: (bytes > 0).then(|| Cache::with_weighter(items, bytes, Bytes)),
            capacity: bytes,
            hits: AtomicU64::new(0),
            misses: AtomicU64::new(0),
        }
    }

    /// The JSON answer to `request` on searcher generation `generation`
    /// if it is kept, or waits for it while the same search runs; else the
    /// right to run it ([`Lookup::Search`]). `started` is when the request
    /// arrived.
    pub async fn lookup(
        &self,
        generation: u64,
        request: &SearchRequest,
        started: Instant,
    ) -> Lookup<'_> {
        let Some(cache) = &self.cache else {
            return Lookup::Search(Pending(None));
        };
        // The lookup borrows nothing: a key needs an owned request.
        let key = Key {
            generation,
            request: request.clone(),
        };
        match cache.get_value_or_guard_async(&key).await {
            Ok(entry) => {
                self.hits.fetch_add(1, Ordering::Relaxed);
                match answer(request, &entry, started.elapsed().as_secs_f64() * 1e3, true) {
                    Ok(json) => Lookup::Answer(json),
                    Err(_) => Lookup::Search(Pending(None)),
                }
            }
            Err(guard) => {
                self.misses.fetch_add(1, Ordering::Relaxed);
                Lookup::Search(Pending(Some(guard)))
            }
        }
    }

    /// The JSON of `response`, the answer to `request`, kept when `pending`
    /// holds its place in the cache.
    pub fn keep(
        &self,
        pending: Pending<'_>,
        request: &SearchRequest,
        response: &SearchResponse,
    ) -> serde_json::Result<Vec<u8>> {
        let entry = Entry {
            total: response.total,
            hits: serde_json::value::to_raw_value(&response.hits)?,
            facets: serde_json::value::to_raw_value(&response.facets)?,
        };
        let json = answer(request, &entry, response.took_ms, false)?;
        if let Some(guard) = pending.0 {
            // Fails only when the place was taken meanwhile, with the
            // same answer.
            let _ = guard.insert(Arc::new(entry));
        }
        Ok(json)
    }

    pub fn stats(&self) -> CacheStats {
        CacheStats {
            hits: self.hits.load(Ordering::Relaxed),
            misses: self.misses.load(Ordering::Relaxed),
            entries: self.cache.as_ref().map_or(0, |c| c.len() as u64),
            bytes: self.cache.as_ref().map_or(0, |c| c.weight()),
            capacity: self.capacity,
        }
    }
}

fn answer(
    request: &SearchRequest,
    entry: &Entry,
    took_ms: f64,
    cached: bool,
) -> serde_json::Result<Vec<u8>> {
    serde_json::to_vec(&Answer {
        query: &request.q,
        total: entry.total,
        took_ms,
        cached,
        offset: request.offset,
        limit: request.limit,
        hits: &entry.hits,
        facets: &entry.facets,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::{Facets, SearchResponse};

    fn response(req: &SearchRequest) -> SearchResponse {
        SearchResponse {
            query: req.q.clone(),
            total: 3,
            took_ms: 1.5,
            cached: false,
            offset: req.offset,
            limit: req.limit,
            hits: Vec::new(),
            facets: Facets::default(),
        }
    }

    async fn answer_of(
        cache: &ResponseCache,
        generation: u64,
        req: &SearchRequest,
    ) -> Option<Vec<u8>> {
        match cache.lookup(generation, req, Instant::now()).await {
            Lookup::Answer(json) => Some(json),
            Lookup::Search(_) => None,
        }
    }

    /// Looks `req` up, and when it is not kept, answers and keeps `res`.
    async fn search(
        cache: &ResponseCache,
        generation: u64,
        req: &SearchRequest,
        res: &SearchResponse,
    ) -> Vec<u8> {
        match cache.lookup(generation, req, Instant::now()).await {
            Lookup::Answer(json) => json,
            Lookup::Search(pending) => cache.keep(pending, req, res).unwrap(),
        }
    }

    #[tokio::test]
    async fn an_answer_from_the_cache_is_the_response_itself_but_its_timing() {
        let cache = ResponseCache::new(1 << 20);
        let req = SearchRequest::new("集体经济");
        let res = response(&req);
        let first = search(&cache, 7, &req, &res).await;
        assert_eq!(first, serde_json::to_vec(&res).unwrap());
        let again = answer_of(&cache, 7, &req).await.expect("kept");
        let mut again: serde_json::Value = serde_json::from_slice(&again).unwrap();
        assert_eq!(again["cached"], true);
        again["cached"] = false.into();
        again["took_ms"] = 1.5.into();
        assert_eq!(again, serde_json::to_value(&res).unwrap());
        let stats = cache.stats();
        assert_eq!((stats.hits, stats.misses, stats.entries), (1, 1, 1));
    }

    #[tokio::test]
    async fn another_generation_or_request_is_not_answered() {
        let cache = ResponseCache::new(1 << 20);
        let req = SearchRequest::new("集体经济");
        search(&cache, 7, &req, &response(&req)).await;
        assert!(answer_of(&cache, 8, &req).await.is_none());
        let page_two = SearchRequest {
            offset: 10,
            ..req.clone()
        };
        assert!(answer_of(&cache, 7, &page_two).await.is_none());
        assert_eq!(cache.stats().misses, 3);
    }

    #[tokio::test]
    async fn the_same_search_asked_meanwhile_waits_for_the_first() {
        let cache = Arc::new(ResponseCache::new(1 << 20));
        let req = SearchRequest::new("集体经济");
        let Lookup::Search(pending) = cache.lookup(7, &req, Instant::now()).await else {
            panic!("nothing kept yet");
        };
        let waiter = {
            let (cache, req) = (cache.clone(), req.clone());
            tokio::spawn(async move { answer_of(&cache, 7, &req).await })
        };
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        assert!(!waiter.is_finished(), "it waits for the search under way");
        cache.keep(pending, &req, &response(&req)).unwrap();
        assert!(waiter.await.unwrap().is_some(), "and gets its answer");
        assert_eq!((cache.stats().hits, cache.stats().misses), (1, 1));

        // A search that ends without an answer hands the search on.
        let other = SearchRequest::new("头雁工程");
        let Lookup::Search(pending) = cache.lookup(7, &other, Instant::now()).await else {
            panic!("nothing kept yet");
        };
        let waiter = {
            let (cache, other) = (cache.clone(), other.clone());
            tokio::spawn(async move { answer_of(&cache, 7, &other).await })
        };
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        drop(pending);
        assert!(
            waiter.await.unwrap().is_none(),
            "the waiter searches itself"
        );
    }

    #[tokio::test]
    async fn a_request_weighs_all_its_strings() {
        let cache = ResponseCache::new(1 << 20);
        // A filter as long as a request body may be: no article has it,
        // and its answer is small, but the key would hold the filter.
        let huge = SearchRequest {
            column: Some("栏".repeat(1 << 20)),
            ..SearchRequest::new("集体经济")
        };
        search(&cache, 7, &huge, &response(&huge)).await;
        assert!(
            answer_of(&cache, 7, &huge).await.is_none(),
            "too heavy to keep"
        );
        for i in 0..200 {
            let req = SearchRequest {
                tag: Some(format!("{i}{}", "签".repeat(10_000))),
                ..SearchRequest::new("集体经济")
            };
            search(&cache, 7, &req, &response(&req)).await;
        }
        let stats = cache.stats();
        assert!(stats.bytes <= stats.capacity, "{stats:?}");
        assert!(stats.entries < 200, "{stats:?}");
    }

    #[tokio::test]
    async fn a_cache_of_no_bytes_keeps_nothing() {
        let cache = ResponseCache::new(0);
        let req = SearchRequest::new("集体经济");
        let json = search(&cache, 7, &req, &response(&req)).await;
        assert!(!json.is_empty());
        assert!(answer_of(&cache, 7, &req).await.is_none());
        assert_eq!(cache.stats().entries, 0);
    }
}
