//! `cargo run --release -p dangjian-bench -- [--out DIR] [--scale K]
//! [--no-peers] [--http-seconds N] [--runs N [--summary-only]] [--relevance DIR]
//! [--added-judgments FILE]`: the benchmark, from the repository root. Relative paths are
//! taken from the working directory; the defaults name the repository's
//! files wherever it is run from.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Parser;

/// The benchmark of dangjian-search: ingest, latency, exactness, HTTP
/// load, peers, relevance and scale; writes OUT/bench.json, bench.md and
/// latency.svg.
#[derive(Debug, Parser)]
#[command(version, about)]
struct Args {
    /// Where the reports and scratch indexes go.
    #[arg(long, default_value = "bench-out")]
    out: PathBuf,
    /// Also run the archive copied K times (new ids, dates moved by 400
    /// years a copy); 1 runs the archive only.
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u16).range(1..=20))]
    scale: u16,
    /// Skip the peers (naive tantivy, SQLite FTS5 jieba and trigram,
    /// Lucene SmartCN and CJK).
    #[arg(long)]
    no_peers: bool,
    /// Seconds of HTTP load (wrk, 16 connections); 0 skips it.
    #[arg(long, default_value_t = 30)]
    http_seconds: u64,
    /// Judged topic queries (dev-topics.tsv, dev-qrels.json) [default:
    /// ../shared/relevance beside the repository].
    #[arg(long)]
    relevance: Option<PathBuf>,
    /// Judgments of our own, added to those (see docs/ranking.md)
    /// [default: benches/relevance/dev-qrels-added.json].
    #[arg(long)]
    added_judgments: Option<PathBuf>,
    /// The JSONL archive [default: ../shared/corpus/xwlb-2012-2026.jsonl.zst
    /// beside the repository].
    #[arg(long)]
    corpus: Option<PathBuf>,
    /// The query set [default: benches/queries.tsv].
    #[arg(long)]
    queries: Option<PathBuf>,
    /// User dictionary [default: corpus/userdict.txt].
    #[arg(long)]
    dict: Option<PathBuf>,
    /// Use only the first N articles (by date) as the archive.
    #[arg(long)]
    limit: Option<usize>,
    /// Run everything N times, into OUT/run-1 … OUT/run-N, and write
    /// OUT/summary.md: each figure's median with its lowest and highest.
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u16).range(1..=9))]
    runs: u16,
    /// Only write OUT/summary.md, from the OUT/run-1 … run-N an earlier
    /// `--runs N` left.
    #[arg(long, requires = "runs")]
    summary_only: bool,
}

/// The repository root: this package's parent folder.
fn repo() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

fn main() -> ExitCode {
    match run() {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> anyhow::Result<ExitCode> {
    let args = Args::parse();
    let or_repo = |p: Option<PathBuf>, default: &str| p.unwrap_or_else(|| repo().join(default));
    let corpus = or_repo(args.corpus, "../shared/corpus/xwlb-2012-2026.jsonl.zst");
    if !corpus.exists() {
        println!(
            "bench skipped: corpus {} is absent (see README, Benchmarks)",
            corpus.display()
        );
        return Ok(ExitCode::SUCCESS);
    }
    let cfg = dangjian_bench::Config {
        corpus,
        queries: or_repo(args.queries, "benches/queries.tsv"),
        out: args.out.clone(),
        dict: or_repo(args.dict, "corpus/userdict.txt"),
        scale: usize::from(args.scale),
        peers: !args.no_peers,
        lucene_script: repo().join("bench/peers/lucene/run.sh"),
        http_seconds: args.http_seconds,
        limit: args.limit,
        relevance: or_repo(args.relevance, "../shared/relevance"),
        added_judgments: or_repo(
            args.added_judgments,
            "benches/relevance/dev-qrels-added.json",
        ),
        validation: (
            repo().join("benches/relevance/validation-topics.tsv"),
            repo().join("benches/relevance/validation-qrels.json"),
        ),
        heldout_pool: repo().join("benches/relevance/heldout-pool.tsv"),
    };
    if args.summary_only {
        print!(
            "{}",
            dangjian_bench::summary::write(&args.out, usize::from(args.runs))?
        );
        return Ok(ExitCode::SUCCESS);
    }
    if args.runs == 1 {
        let report = dangjian_bench::run(&cfg)?;
        print!("{}", dangjian_bench::report::markdown(&report));
        println!(
            "reports: {0}/bench.md, {0}/bench.json, {0}/latency.svg",
            args.out.display()
        );
        return Ok(ExitCode::SUCCESS);
    }
    let runs = usize::from(args.runs);
    for k in 1..=runs {
        eprintln!("bench: run {k} of {runs}");
        let out = args.out.join(format!("run-{k}"));
        dangjian_bench::run(&dangjian_bench::Config { out, ..cfg.clone() })?;
    }
    print!("{}", dangjian_bench::summary::write(&args.out, runs)?);
    println!(
        "reports: {0}/summary.md, and each run's in {0}/run-1 … run-{runs}",
        args.out.display()
    );
    Ok(ExitCode::SUCCESS)
}
