//! One run: ours on the archive (ingest, latency, exactness, the HTTP
//! load, facets priced on the variant), the peers, topic relevance and the
//! scale runs, into one [`Report`].

use std::path::Path;

use dangjian::Article;
use dangjian::index::Archive;
use dangjian::search::ranking::Ranking;

use crate::error::Result;
use crate::exactness::check_with;
use crate::peers::lucene::{self, Outcome};
use crate::peers::sqlite::Tokenize;
use crate::peers::{Naive, PeerRun, Sqlite, jieba, measure, naive};
use crate::queries::BenchQuery;
use crate::scale::NaiveFigures;
use crate::stats::disk_bytes;
use crate::truth::Truth;
use crate::{Config, CorpusFigures, Report};
use crate::{chart, engine, facets, http, ingest, input, queries, raw, relevance, report, scale};

/// Runs the benchmark and writes the reports into `cfg.out`.
pub fn run(cfg: &Config) -> Result<Report> {
    std::fs::create_dir_all(&cfg.out).map_err(|e| crate::Error::io(&cfg.out, e))?;
    let mut articles = raw::read(&cfg.corpus)?;
    articles.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.id.cmp(&b.id)));
    if let Some(limit) = cfg.limit {
        articles.truncate(limit);
    }
    let text_bytes: u64 = articles.iter().map(raw::text_len).sum();
    let queries = queries::load(&cfg.queries)?;
    let input = input::queries(&articles);
    eprintln!(
        "bench: {} articles ({:.1} MB of title and body), {} queries, {} input strings",
        articles.len(),
        text_bytes as f64 / 1e6,
        queries.len(),
        input.len()
    );
    let mut needles: Vec<String> = queries
        .iter()
        .chain(&input)
        .flat_map(BenchQuery::literals)
        .collect();
    needles.sort();
    needles.dedup();
    let truth = Truth::scan(&articles, &needles);
    let exe = ingest::product_exe()?;
    let mut skipped = Vec::new();

    eprintln!("bench: ours");
    let jsonl = cfg.out.join("corpus.jsonl");
    crate::variant::write_jsonl(&jsonl, articles.iter().cloned())?;
    let index = cfg.out.join("index");
    let ingest = ingest::ingest(&exe, &cfg.dict, &jsonl, &index, articles.len(), text_bytes)?;
    let archive = Archive::open(&index)?;
    let (found, latency, errors) = engine::run_serial(&archive, &queries);
    let summary: Vec<(u64, Vec<String>)> =
        found.iter().map(|f| (f.total, f.top_ids.clone())).collect();
    let ids = |q: &str| engine::ids(&archive, q);
    let mut exactness = check_with(&queries, &summary, &truth, &articles, ids);
    exactness.add_errors(errors);
    let exactness_input = check_with(&input, &untimed(&input), &truth, &articles, ids);
    let latency_2_threads = engine::run_parallel(&archive, &queries, 2)?;
    let floor = engine::run_floor(&archive, &queries)?;
    let judgments = load_judgments(cfg)?;
    let mut ours_relevance = Vec::new();
    if let Some((j, _)) = &judgments {
        eprintln!("bench: relevance of {} judged topics", j.topics.len());
        for (name, ranking) in relevance::alternatives() {
            let scores = relevance::evaluate_ours(j, &archive, &ranking)?;
            ours_relevance.push((name.to_string(), scores));
        }
    }
    let validation = load_validation(cfg)?;
    let mut ours_validation = None;
    if let Some((v, _)) = &validation {
        eprintln!("bench: relevance of {} validation topics", v.topics.len());
        ours_validation = Some(relevance::evaluate_ours(v, &archive, &Ranking::default())?);
    }
    let as_pooled = pooled(cfg, &archive, validation.as_ref().map(|(v, _)| v))?;
    drop(archive);

    let mut http_figures = None;
    let mut http_uncached = None;
    if cfg.http_seconds > 0 {
        if http::wrk_available() {
            let load = |cache| http::run(&exe, &index, &queries, &cfg.out, cfg.http_seconds, cache);
            http_figures = load(http::Cache::On)?;
            http_uncached = load(http::Cache::Off)?;
        } else {
            skipped.push("HTTP load test: wrk is not installed (run bench/install.sh)".into());
        }
    }
    eprintln!("bench: facets, on the variant with columns and authors");
    let facet_figures = Some(facets::run(cfg, &exe, &articles, &queries, latency)?);

    let mut peer_runs = Vec::new();
    let mut naive_1x = None;
    let mut naive_relevance = None;
    let mut naive_validation = None;
    if cfg.peers {
        let sets = (queries.as_slice(), input.as_slice());
        let peers = Peers {
            cfg,
            articles: &articles,
            sets,
            truth: &truth,
            jsonl: &jsonl,
        };
        match peers.naive([
            judgments.as_ref().map(|(j, _)| j),
            validation.as_ref().map(|(v, _)| v),
        ]) {
            Ok((run, naive, [relevance, validation])) => {
                naive_1x = Some(naive);
                naive_relevance = relevance;
                naive_validation = validation;
                peer_runs.push(run);
            }
            Err(err) => skipped.push(format!("naive tantivy: failed: {err}")),
        }
        for tokenize in [
            Tokenize::Jieba(Box::new(jieba::with_user_dict(&cfg.dict)?)),
            Tokenize::Trigram,
        ] {
            let name = Sqlite::name_of(&tokenize);
            match peers.sqlite(tokenize) {
                Ok(run) => peer_runs.push(run),
                Err(err) => skipped.push(format!("{name}: failed: {err}")),
            }
        }
        for analyzer in [lucene::Analyzer::SmartCn, lucene::Analyzer::Cjk] {
            eprintln!("bench: {}", analyzer.name());
            match peers.lucene(analyzer) {
                Ok(Outcome::Ran(run)) => peer_runs.push(*run),
                Ok(Outcome::Missing(what)) => skipped.push(what),
                Err(err) => skipped.push(format!("{}: failed: {err}", analyzer.name())),
            }
        }
    }

    let mut scale_points = Vec::new();
    if cfg.scale > 1 && naive_1x.is_none() {
        eprintln!("bench: naive tantivy on the archive, for the scale figures");
        let dir = cfg.out.join("naive");
        naive_1x = Some(scale::naive(cfg, &articles, 1, &queries, &dir)?);
    }
    scale_points.push(scale::point(1, &ingest, &latency, naive_1x.as_ref()));
    if cfg.scale > 1 {
        scale_points.push(scale::run(cfg, &exe, &articles, &queries, cfg.scale)?);
    }

    let relevance_figures = judgments.map(|(_, source)| {
        let mut alternatives = ours_relevance;
        let ours = alternatives.remove(0).1;
        relevance::RelevanceFigures::new(source, ours, naive_relevance, alternatives)
    });
    let validation_figures =
        validation
            .zip(ours_validation)
            .map(|((_, source), ours)| relevance::ValidationFigures {
                judgments: source,
                ours,
                naive: naive_validation,
            });
    let report = Report {
        machine: report::machine(),
        corpus: CorpusFigures {
            path: cfg.corpus.display().to_string(),
            articles: articles.len(),
            text_bytes,
        },
        queries: queries.len(),
        input_queries: input.len(),
        ingest,
        latency,
        latency_2_threads,
        floor,
        exactness,
        exactness_input,
        facets: facet_figures,
        http: http_figures,
        http_uncached,
        scale: scale_points,
        peers: peer_runs,
        relevance: relevance_figures,
        validation: validation_figures,
        as_pooled,
        skipped,
    };
    report::write(&cfg.out, &report)?;
    chart::draw(&cfg.out, &report)?;
    Ok(report)
}

/// Nothing found, for sets that are checked but not timed.
fn untimed(queries: &[BenchQuery]) -> Vec<(u64, Vec<String>)> {
    vec![(0, Vec::new()); queries.len()]
}

/// What every peer runs on.
struct Peers<'a> {
    cfg: &'a Config,
    articles: &'a [Article],
    sets: (&'a [BenchQuery], &'a [BenchQuery]),
    truth: &'a Truth,
    /// The articles as the JSONL every engine ingests.
    jsonl: &'a Path,
}

impl Peers<'_> {
    /// The naive peer: its run, its figures for the scale table and its
    /// topic relevance on each set of judged topics given.
    fn naive<const N: usize>(
        &self,
        judgments: [Option<&relevance::Judgments>; N],
    ) -> Result<(PeerRun, NaiveFigures, [Option<relevance::Relevance>; N])> {
        eprintln!("bench: naive tantivy");
        let dir = self.cfg.out.join("naive");
        let (naive, secs) = Naive::build(self.articles.iter().cloned(), &self.cfg.dict, &dir)?;
        let figures = self.ingest_figures(secs, &dir);
        let mut run =
            naive::quietly(|| measure(&naive, figures, self.sets, self.truth, self.articles));
        run.note = Some(format!(
            "the stock SnippetGenerator panicked on {} of the hits it highlighted",
            naive.snippet_panics.get()
        ));
        let mut relevance = [const { None }; N];
        for (out, j) in relevance.iter_mut().zip(judgments) {
            if let Some(j) = j {
                *out = Some(relevance::evaluate(j, |q| {
                    naive.ranked(q, relevance::DEPTH)
                })?);
            }
        }
        let scale = NaiveFigures {
            ingest_seconds: run.ingest_seconds,
            index_bytes: run.index_bytes,
            latency: run.latency,
        };
        Ok((run, scale, relevance))
    }

    fn sqlite(&self, tokenize: Tokenize) -> Result<PeerRun> {
        let name = Sqlite::name_of(&tokenize);
        eprintln!("bench: {name}");
        let file = match tokenize {
            Tokenize::Jieba(_) => "sqlite-jieba.db",
            Tokenize::Trigram => "sqlite-trigram.db",
        };
        let db = self.cfg.out.join(file);
        let (sqlite, secs) = Sqlite::build(self.articles, &db, tokenize)?;
        let figures = self.ingest_figures(secs, &db);
        Ok(measure(
            &sqlite,
            figures,
            self.sets,
            self.truth,
            self.articles,
        ))
    }

    fn lucene(&self, analyzer: lucene::Analyzer) -> Result<Outcome> {
        lucene::run(
            analyzer,
            &self.cfg.lucene_script,
            self.jsonl,
            self.sets,
            self.truth,
            self.articles,
            &self.cfg.out,
        )
    }

    fn ingest_figures(&self, seconds: f64, path: &Path) -> crate::IngestFigures {
        crate::IngestFigures::new(
            self.articles.len(),
            self.articles.iter().map(raw::text_len).sum(),
            seconds,
            None,
            disk_bytes(path),
        )
    }
}

/// The validation topics and where they came from, or `None` (said on
/// stderr) when their files are absent.
fn load_validation(cfg: &Config) -> Result<Option<(relevance::Judgments, String)>> {
    let (topics, qrels) = &cfg.validation;
    if !topics.exists() || !qrels.exists() {
        eprintln!(
            "bench: no validation topics at {}: skipped",
            topics.display()
        );
        return Ok(None);
    }
    let judgments = relevance::Judgments::from_files(topics, qrels)?;
    Ok(Some((judgments, qrels.display().to_string())))
}

/// The dev topics (their shipped judgments) and the validation topics
/// scored as the held-out topics are pooled, or `None` (said on stderr)
/// without the pools or the dev set.
fn pooled(
    cfg: &Config,
    archive: &Archive,
    validation: Option<&relevance::Judgments>,
) -> Result<Option<relevance::PooledFigures>> {
    if !cfg.heldout_pool.exists() || !cfg.relevance.join("dev-qrels.json").exists() {
        eprintln!("bench: no held-out-style pools: skipped");
        return Ok(None);
    }
    let pool = relevance::read_pool(&cfg.heldout_pool)?;
    let dev = relevance::Judgments::load(&cfg.relevance, &[])?.within(&pool);
    let ranking = Ranking::default();
    Ok(Some(relevance::PooledFigures {
        pool: cfg.heldout_pool.display().to_string(),
        dev: relevance::evaluate_ours(&dev, archive, &ranking)?,
        validation: validation
            .map(|v| relevance::evaluate_ours(&v.within(&pool), archive, &ranking))
            .transpose()?,
    }))
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
