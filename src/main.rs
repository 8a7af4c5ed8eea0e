//! The `dangjian-search` binary: `main` calls `run`, which returns an exit
//! code; errors print with their whole chain.

mod cli;

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use clap::Parser;
use tracing_subscriber::EnvFilter;

use cli::{Cli, Command, IngestArgs, RelatedArgs, SearchArgs, ServeArgs};
use dangjian::corpus::{USER_DICT, collect_sources};
use dangjian::index::{Archive, IngestOptions, ingest};
use dangjian::search::{self, Export, ExportFormat, SearchRequest, Sort, snippet::visible_text};

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .init();
    match run() {
        Ok(code) => code,
        Err(err) => {
            if err
                .chain()
                .filter_map(|e| e.downcast_ref::<std::io::Error>())
                .any(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
            {
                return ExitCode::SUCCESS;
            }
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> anyhow::Result<ExitCode> {
    let cli = Cli::parse();
    let index = cli.index.as_path();
    match cli.command {
        None => serve(index, cli.serve),
        Some(Command::Serve(args)) => serve(index, args),
        Some(Command::Ingest(args)) => run_ingest(index, &args),
        Some(Command::Search(args)) => run_search(index, &args),
        Some(Command::Related(args)) => run_related(index, &args),
        Some(Command::Bench(args)) => {
            if !args.corpus.exists() {
                println!(
                    "bench skipped: corpus {} is absent (see README, Performance)",
                    args.corpus.display()
                );
                return Ok(ExitCode::SUCCESS);
            }
            let cfg = dangjian::bench::Config {
                corpus: args.corpus,
                queries: args.queries,
                out: args.out.clone(),
                dict: args.dict,
                sizes: args.sizes,
                exe: std::env::current_exe()?,
                peers: !args.no_peers,
                lucene_script: "peers/lucene/run.sh".into(),
                http_seconds: args.http_seconds,
                limit: args.limit,
            };
            let report = dangjian::bench::run(&cfg)?;
            print!("{}", dangjian::bench::report::markdown(&report));
            println!(
                "reports: {}/bench.md, {}/bench.json",
                args.out.display(),
                args.out.display()
            );
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Stats) => {
            let stats = Archive::open(index)?.stats()?;
            println!("articles:    {}", stats.articles);
            println!("index bytes: {}", stats.index_bytes);
            println!("segments:    {}", stats.segments);
            if let Some(t) = stats.last_commit {
                println!("last commit: {t}");
            }
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Delete { id }) => {
            let archive = Archive::open(index)?;
            let mut writer = archive.writer(1, 0)?;
            if writer.delete(&id)? {
                writer.commit()?;
                println!("deleted {id}");
                Ok(ExitCode::SUCCESS)
            } else {
                eprintln!("no article with id `{id}`");
                Ok(ExitCode::FAILURE)
            }
        }
    }
}

fn serve(index: &Path, args: ServeArgs) -> anyhow::Result<ExitCode> {
    let needs_corpus = !Archive::exists(index) || Archive::open(index)?.num_articles() == 0;
    let archive = Archive::open_or_create(index, Some(&args.corpus.join(USER_DICT)))
        .with_context(|| format!("opening the index at {}", index.display()))?;
    if needs_corpus {
        tracing::info!(corpus = %args.corpus.display(), "index is empty: indexing the bundled corpus");
        let sources = collect_sources(std::slice::from_ref(&args.corpus))?;
        let report = ingest(&archive, &sources, &IngestOptions::default())?;
        tracing::info!(
            added = report.added,
            seconds = report.seconds,
            "corpus indexed"
        );
    }
    let config = dangjian::server::Config {
        addr: args.addr,
        write_token: args.write_token,
        cors_origin: args.cors_origin,
        max_searches: args.max_searches,
    };
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?
        .block_on(dangjian::server::serve(archive, config))?;
    Ok(ExitCode::SUCCESS)
}

fn run_ingest(index: &Path, args: &IngestArgs) -> anyhow::Result<ExitCode> {
    let date = args
        .date
        .as_deref()
        .map(dangjian::date::parse)
        .transpose()
        .context("--date")?;
    let sources = collect_sources(&args.paths)?;
    if sources.is_empty() {
        anyhow::bail!("no pages (*.txt) or archives (*.jsonl[.gz|.zst]) in the given paths");
    }
    let archive = Archive::open_or_create(index, Some(&args.dict))
        .with_context(|| format!("opening the index at {}", index.display()))?;
    let opts = IngestOptions {
        date,
        skip_bad: args.skip_bad,
        progress: true,
        threads: args.threads,
    };
    let report =
        ingest(&archive, &sources, &opts).context("ingest failed; nothing was committed")?;
    for reason in &report.skip_reasons {
        eprintln!("skipped: {reason}");
    }
    let peak = dangjian::bench::stats::peak_rss_bytes().map_or_else(String::new, |b| {
        format!("; peak memory {:.0} MB", b as f64 / 1e6)
    });
    println!(
        "added {}, updated {}, skipped {} in {:.2} s ({:.1} MB/s); {} articles in the index{peak}",
        report.added,
        report.updated,
        report.skipped,
        report.seconds,
        report.mb_per_s(),
        archive.num_articles()
    );
    Ok(ExitCode::SUCCESS)
}

fn run_search(index: &Path, args: &SearchArgs) -> anyhow::Result<ExitCode> {
    let archive = Archive::open(index)?;
    let date = |d: &Option<String>| d.as_deref().map(dangjian::date::parse).transpose();
    let req = SearchRequest {
        q: args.query.clone(),
        limit: args.limit,
        offset: args.offset,
        sort: Sort::parse(&args.sort)?,
        from: date(&args.from).context("--from")?,
        to: date(&args.to).context("--to")?,
        column: args.column.clone(),
        author: args.author.clone(),
        tag: args.tag.clone(),
        fragments: args.fragments,
        fragment_chars: args.fragment_chars,
        facets: args.json,
    };
    if let Some(format) = &args.export {
        let export = Export::prepare(&archive, &req)?;
        let out = std::io::BufWriter::new(std::io::stdout().lock());
        let n = export.write(ExportFormat::parse(format)?, out)?;
        eprintln!("exported {n} articles");
        return Ok(ExitCode::SUCCESS);
    }
    let res = search::search(&archive, &req)?;
    let mut out = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &res)?;
        writeln!(out)?;
        return Ok(ExitCode::SUCCESS);
    }
    let color = std::io::stdout().is_terminal();
    let show = |html: &str| {
        if color {
            visible_text(
                &html
                    .replace("<mark>", "\u{1b}[1;31m")
                    .replace("</mark>", "\u{1b}[0m"),
            )
        } else {
            visible_text(html)
        }
    };
    writeln!(out, "{} results ({:.1} ms)", res.total, res.took_ms)?;
    for (i, hit) in res.hits.iter().enumerate() {
        writeln!(out, "\n{}. {}", req.offset + i + 1, show(&hit.title_html))?;
        let mut meta = vec![hit.id.clone()];
        meta.extend(hit.date.clone());
        meta.extend(hit.column.clone());
        if !hit.authors.is_empty() {
            let names: Vec<String> = hit
                .authors
                .iter()
                .map(|a| format!("{} ({})", a.name, a.role.as_str()))
                .collect();
            meta.push(names.join(", "));
        }
        writeln!(out, "   {}", meta.join(" · "))?;
        for s in &hit.snippets {
            writeln!(out, "   {}", show(s))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn run_related(index: &Path, args: &RelatedArgs) -> anyhow::Result<ExitCode> {
    let archive = Archive::open(index)?;
    let res = search::related(&archive, &args.id, args.limit)?;
    let mut out = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &res)?;
        writeln!(out)?;
        return Ok(ExitCode::SUCCESS);
    }
    writeln!(out, "related to {} ({:.1} ms)", res.id, res.took_ms)?;
    for (i, hit) in res.hits.iter().enumerate() {
        let mut meta = vec![hit.id.clone()];
        meta.extend(hit.date.clone());
        meta.extend(hit.column.clone());
        writeln!(out, "\n{}. {}", i + 1, hit.title)?;
        writeln!(out, "   {}", meta.join(" · "))?;
    }
    Ok(ExitCode::SUCCESS)
}
