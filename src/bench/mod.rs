//! The benchmark behind `dangjian-search bench`: ingest, in-process latency,
//! exactness against a brute-force scan, the HTTP load test, the peers and
//! how cost grows with the corpus. Writes `bench.json` and `bench.md`.

mod chart;
mod engine;
mod http;
pub mod peers;
pub mod queries;
pub mod relevance;
pub mod report;
pub mod stats;
pub mod truth;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use serde::Serialize;

use crate::article::Article;
use crate::corpus::JsonlReader;
use crate::error::{Error, Result};
use crate::index::Archive;
use queries::BenchQuery;
use stats::Latency;
use truth::Truth;

/// What to run.
#[derive(Debug, Clone)]
pub struct Config {
    pub corpus: PathBuf,
    pub queries: PathBuf,
    pub out: PathBuf,
    pub dict: PathBuf,
    /// Corpus sizes for the scaling runs (articles, by date order); the
    /// whole corpus is always the last.
    pub sizes: Vec<usize>,
    /// This binary, run as a child for ingest and serve.
    pub exe: PathBuf,
    /// Run the peers too.
    pub peers: bool,
    /// The Lucene peer's script.
    pub lucene_script: PathBuf,
    /// Length of the HTTP load test; 0 skips it.
    pub http_seconds: u64,
    /// Use only the first articles (by date) as the whole corpus.
    pub limit: Option<usize>,
    /// Judged topics (`dev-topics.tsv`, `dev-qrels.json`); skipped when
    /// absent.
    pub relevance: PathBuf,
    /// Judgments added to them (same JSON shape), where present.
    pub added_judgments: PathBuf,
}

/// Ingest figures of one run.
#[derive(Debug, Clone, Serialize)]
pub struct IngestFigures {
    pub articles: usize,
    pub text_bytes: u64,
    pub seconds: f64,
    pub mb_per_s: f64,
    pub peak_rss_bytes: Option<u64>,
    pub index_bytes: u64,
    pub index_ratio: f64,
}

/// Exactness of one engine against the brute-force scan.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Exactness {
    /// String queries (substring, char, tag, quoted) checked.
    pub literal_queries: usize,
    /// Of those, how many counted exactly the articles that contain them.
    pub counted_exactly: usize,
    /// Of those, how many found every article that contains them.
    pub full_recall: usize,
    /// Articles containing the strings, summed, and how many were found.
    pub truth_total: u64,
    pub found_of_truth: u64,
    /// Articles returned for quoted queries, and how many contain the string.
    pub quoted_returned: u64,
    pub quoted_correct: u64,
    /// Articles containing both strings of a two-term query, summed, and
    /// how many the query found.
    pub two_term_truth: u64,
    pub two_term_found: u64,
    pub headlines: usize,
    /// The headline's own article first.
    pub headline_first: usize,
    /// An article with exactly that headline first (duplicates exist).
    pub headline_title_first: usize,
}

impl Exactness {
    pub fn recall(&self) -> f64 {
        self.found_of_truth as f64 / self.truth_total.max(1) as f64
    }
    pub fn precision(&self) -> f64 {
        self.quoted_correct as f64 / self.quoted_returned.max(1) as f64
    }
}

/// Our engine at one corpus size.
#[derive(Debug, Clone, Serialize)]
pub struct OurRun {
    pub ingest: IngestFigures,
    pub latency_1t: Latency,
    pub latency_2t: Option<Latency>,
    pub floor: Option<Latency>,
    pub exactness: Exactness,
}

/// Everything measured at one corpus size.
#[derive(Debug, Clone, Serialize)]
pub struct SizeRun {
    pub ours: OurRun,
    pub peers: Vec<peers::PeerRun>,
}

/// The whole report.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub machine: String,
    pub corpus: String,
    pub queries: usize,
    pub runs: Vec<SizeRun>,
    pub http: Option<http::HttpFigures>,
    /// Topic relevance on the whole corpus.
    pub relevance: Option<relevance::RelevanceFigures>,
}

/// Runs the benchmark and writes the reports into `cfg.out`.
pub fn run(cfg: &Config) -> Result<Report> {
    std::fs::create_dir_all(&cfg.out).map_err(|e| Error::io(&cfg.out, e))?;
    let mut articles: Vec<Article> = JsonlReader::open(&cfg.corpus)?.collect::<Result<_>>()?;
    articles.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.id.cmp(&b.id)));
    if let Some(limit) = cfg.limit {
        articles.truncate(limit);
    }
    let queries = queries::load(&cfg.queries)?;
    eprintln!(
        "bench: {} articles, {} queries",
        articles.len(),
        queries.len()
    );

    let mut needles: Vec<String> = queries.iter().flat_map(BenchQuery::literals).collect();
    needles.sort();
    needles.dedup();
    let truth = Truth::scan(articles.iter(), &needles);

    let mut sizes: Vec<usize> = cfg
        .sizes
        .iter()
        .copied()
        .filter(|&n| n > 0 && n < articles.len())
        .collect();
    sizes.push(articles.len());
    let judgments = load_judgments(cfg)?;
    let mut runs = Vec::new();
    let mut http = None;
    let mut relevance_figures = None;
    for &n in &sizes {
        let subset = &articles[..n];
        let full = n == articles.len();
        eprintln!("bench: {n} articles");
        let jsonl = cfg.out.join(format!("corpus-{n}.jsonl"));
        write_jsonl(&jsonl, subset)?;
        let index = cfg.out.join(format!("index-{n}"));
        let ingest = ingest_child(cfg, &jsonl, &index, subset)?;
        let archive = Archive::open(&index)?;
        let (found, latency_1t) = engine::run_serial(&archive, &queries)?;
        let summary: Vec<(u64, Vec<String>)> =
            found.iter().map(|f| (f.total, f.top_ids.clone())).collect();
        let exactness = check_with(&queries, &summary, &truth, subset, |q| {
            engine::ids(&archive, q)
        })?;
        let (latency_2t, floor) = if full {
            (
                Some(engine::run_parallel(&archive, &queries, 2)?),
                Some(engine::run_floor(&archive, &queries)?),
            )
        } else {
            (None, None)
        };
        let mut ours_relevance = None;
        if full && let Some((judgments, _)) = &judgments {
            eprintln!(
                "bench: relevance of {} judged topics",
                judgments.topics.len()
            );
            let mut alternatives = Vec::new();
            for (name, ranking) in relevance::alternatives() {
                let scores = relevance::evaluate_ours(judgments, &archive, &ranking)?;
                alternatives.push((name.to_string(), scores));
            }
            ours_relevance = Some(alternatives);
        }
        drop(archive);
        if full && cfg.http_seconds > 0 {
            http = http::run(&cfg.exe, &index, &queries, &cfg.out, cfg.http_seconds)?;
        }
        let ours = OurRun {
            ingest,
            latency_1t,
            latency_2t,
            floor,
            exactness,
        };
        let mut peer_runs = Vec::new();
        if cfg.peers {
            eprintln!("bench: {n} articles: naive tantivy");
            let (naive, secs) = peers::Naive::build(subset, &cfg.out.join(format!("naive-{n}")))?;
            let figures = peers::ingest_figures(subset, secs, &cfg.out.join(format!("naive-{n}")));
            let prev = std::panic::take_hook();
            std::panic::set_hook(Box::new(|_| {}));
            let run = peers::measure(&naive, figures, &queries, &truth, subset);
            std::panic::set_hook(prev);
            let mut run = run?;
            if full && let (Some((j, source)), Some(alts)) = (&judgments, ours_relevance.take()) {
                let naive_scores = relevance::evaluate(j, |q| naive.ranked(q, relevance::DEPTH))?;
                relevance_figures = Some(relevance_report(source, alts, Some(naive_scores)));
            }
            run.note = Some(format!(
                "the stock SnippetGenerator panicked on {} of the hits it highlighted",
                naive.snippet_panics.get()
            ));
            peer_runs.push(run);
            drop(naive);
            eprintln!("bench: {n} articles: sqlite");
            let db = cfg.out.join(format!("sqlite-{n}.db"));
            let (sqlite, secs) = peers::Sqlite::build(subset, &db)?;
            let figures = peers::ingest_figures(subset, secs, &db);
            peer_runs.push(peers::measure(&sqlite, figures, &queries, &truth, subset)?);
            drop(sqlite);
            eprintln!("bench: {n} articles: lucene");
            if let Some(run) = peers::run_lucene(
                &cfg.lucene_script,
                &jsonl,
                &queries,
                &truth,
                subset,
                &cfg.out,
            )? {
                peer_runs.push(run);
            }
        }
        if let (Some((_, source)), Some(alts)) = (&judgments, ours_relevance) {
            relevance_figures = Some(relevance_report(source, alts, None));
        }
        runs.push(SizeRun {
            ours,
            peers: peer_runs,
        });
    }
    let text_bytes: u64 = articles.iter().map(text_len).sum();
    let report = Report {
        machine: report::machine(),
        corpus: format!(
            "{} ({} articles, {:.1} MB of title and body text)",
            cfg.corpus.display(),
            articles.len(),
            text_bytes as f64 / 1e6
        ),
        queries: queries.len(),
        runs,
        http,
        relevance: relevance_figures,
    };
    report::write(&cfg.out, &report)?;
    chart::draw(&cfg.out, &report.runs)?;
    Ok(report)
}

/// The judged topics and where they came from, or `None` (said on
/// stderr) when the folder is absent.
fn load_judgments(cfg: &Config) -> Result<Option<(relevance::Judgments, String)>> {
    if !cfg.relevance.join("dev-qrels.json").exists() {
        eprintln!(
            "bench: no judged topics at {}: relevance skipped",
            cfg.relevance.display()
        );
        return Ok(None);
    }
    let judgments = relevance::Judgments::load(&cfg.relevance, &[&cfg.added_judgments])?;
    let mut source = cfg.relevance.display().to_string();
    if cfg.added_judgments.exists() {
        source.push_str(&format!(" + {}", cfg.added_judgments.display()));
    }
    Ok(Some((judgments, source)))
}

/// The relevance figures from our alternatives (the default first) and
/// the naive peer's scores.
fn relevance_report(
    source: &str,
    mut alternatives: Vec<(String, relevance::Relevance)>,
    naive: Option<relevance::Relevance>,
) -> relevance::RelevanceFigures {
    let ours = alternatives.remove(0).1;
    relevance::RelevanceFigures::new(source.to_string(), ours, naive, alternatives)
}

pub(crate) fn text_len(a: &Article) -> u64 {
    (a.title.len() + a.body.iter().map(String::len).sum::<usize>()) as u64
}

/// Writes `articles` as JSONL in the archive's own shape (body as one
/// string), for our ingest and the peers.
fn write_jsonl(path: &Path, articles: &[Article]) -> Result<()> {
    let mut out = String::new();
    for a in articles {
        let line = serde_json::json!({
            "id": a.id,
            "date": a.date,
            "title": a.title,
            "tags": a.tags,
            "url": a.url,
            "body": a.body_text(),
        });
        out.push_str(&line.to_string());
        out.push('\n');
    }
    std::fs::write(path, out).map_err(|e| Error::io(path, e))
}

/// Ingests `jsonl` into a fresh `index` with a child process, as a user
/// would, and reads its summary line.
fn ingest_child(
    cfg: &Config,
    jsonl: &Path,
    index: &Path,
    subset: &[Article],
) -> Result<IngestFigures> {
    if index.exists() {
        std::fs::remove_dir_all(index).map_err(|e| Error::io(index, e))?;
    }
    let started = Instant::now();
    let output = Command::new(&cfg.exe)
        .arg("--index")
        .arg(index)
        .arg("ingest")
        .arg(jsonl)
        .arg("--dict")
        .arg(&cfg.dict)
        .output()
        .map_err(|e| Error::io(&cfg.exe, e))?;
    let seconds = started.elapsed().as_secs_f64();
    let stdout = String::from_utf8_lossy(&output.stdout);
    if !output.status.success() {
        return Err(Error::io(
            jsonl,
            std::io::Error::other(String::from_utf8_lossy(&output.stderr).into_owned()),
        ));
    }
    let peak = stdout
        .split("peak memory ")
        .nth(1)
        .and_then(|s| s.split(' ').next())
        .and_then(|mb| mb.parse::<f64>().ok())
        .map(|mb| (mb * 1e6) as u64);
    let text_bytes = std::fs::metadata(jsonl).map(|m| m.len()).unwrap_or(0);
    let index_bytes = stats::dir_bytes(index);
    Ok(IngestFigures {
        articles: subset.len(),
        text_bytes,
        seconds,
        mb_per_s: text_bytes as f64 / 1e6 / seconds,
        peak_rss_bytes: peak,
        index_bytes,
        index_ratio: index_bytes as f64 / text_bytes.max(1) as f64,
    })
}

/// Checks what each query found (`found`: total and top ids per query)
/// against the brute-force truth; `ids` gives every article a query matches.
pub(crate) fn check_with(
    queries: &[BenchQuery],
    found: &[(u64, Vec<String>)],
    truth: &Truth,
    subset: &[Article],
    ids: impl Fn(&str) -> Result<HashSet<String>>,
) -> Result<Exactness> {
    let titles: HashMap<&str, &str> = subset
        .iter()
        .map(|a| (a.id.as_str(), a.title.as_str()))
        .collect();
    let mut e = Exactness::default();
    let truth_in = |needle: &str| -> HashSet<&str> {
        truth.ids.get(needle).map_or_else(HashSet::new, |v| {
            v.iter()
                .map(String::as_str)
                .filter(|id| titles.contains_key(id))
                .collect()
        })
    };
    for (q, (_total, top)) in queries.iter().zip(found) {
        match q.kind.as_str() {
            "headline" => {
                let Some(expected) = &q.expected else {
                    continue;
                };
                let Some(title) = titles.get(expected.as_str()) else {
                    continue;
                };
                e.headlines += 1;
                if top.first() == Some(expected) {
                    e.headline_first += 1;
                }
                if top.first().and_then(|id| titles.get(id.as_str())) == Some(title) {
                    e.headline_title_first += 1;
                }
            }
            "two_terms" => {
                let sets: Vec<HashSet<&str>> = q.literals().iter().map(|s| truth_in(s)).collect();
                let both: Vec<&str> = sets[0]
                    .iter()
                    .copied()
                    .filter(|id| sets[1..].iter().all(|s| s.contains(id)))
                    .collect();
                let results = ids(&q.q)?;
                e.two_term_truth += both.len() as u64;
                e.two_term_found += both.iter().filter(|id| results.contains(**id)).count() as u64;
            }
            _ => {
                let s = &q.literals()[0];
                let t = truth_in(s);
                let quoted = ids(&format!("\"{s}\""))?;
                let results = if q.kind == "quoted" {
                    quoted.clone()
                } else {
                    ids(s)?
                };
                e.literal_queries += 1;
                e.truth_total += t.len() as u64;
                let hit = t.iter().filter(|id| results.contains(**id)).count();
                e.found_of_truth += hit as u64;
                if hit == t.len() {
                    e.full_recall += 1;
                }
                e.quoted_returned += quoted.len() as u64;
                let correct = quoted.iter().filter(|id| t.contains(id.as_str())).count();
                e.quoted_correct += correct as u64;
                if quoted.len() == t.len() && correct == t.len() {
                    e.counted_exactly += 1;
                }
            }
        }
    }
    Ok(e)
}
