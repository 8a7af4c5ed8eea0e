//! The `dangjian-search` binary: `main` calls `run`, which returns an exit
//! code; errors print with their whole chain.

mod cli;

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use clap::Parser;
use tracing_subscriber::EnvFilter;

use cli::{Cli, Command, IngestArgs, ReindexArgs, RelatedArgs, SearchArgs, ServeArgs};
use dangjian::corpus::{USER_DICT, collect_sources};
use dangjian::index::{
    Archive, AuditEntry, AuditLog, IngestOptions, IngestReport, ingest, snapshot,
};
use dangjian::search::{self, Export, ExportFormat, SearchRequest, Sort, snippet::visible_text};
use dangjian::storage::StorageCause;

/// jemalloc gives freed memory back to the system after a few seconds.
/// glibc's malloc kept the indexing buffers an ingest had flushed: its
/// threshold for mapping a block on its own rises to the size of the
/// largest one freed, so tantivy's 1 MiB arena pages came from heaps that
/// fragment and never shrink.
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

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
        Some(Command::Reindex(args)) => run_reindex(index, &args),
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
        Some(Command::Snapshot { dest }) => {
            let report = snapshot(index, &dest)
                .map_err(|e| write_failure(e, "snapshot failed; nothing was written to DEST"))?;
            audit(
                index,
                &AuditEntry::new("snapshot", CLI)
                    .count("articles", report.articles)
                    .detail(dest.display().to_string()),
            );
            println!(
                "snapshot of {} articles in {} ({} files linked, {} copied, {:.1} MB)",
                report.articles,
                report.path.display(),
                report.linked,
                report.copied,
                report.bytes as f64 / 1e6
            );
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Delete { id }) => {
            let archive = Archive::open(index)?;
            let Some(id) = archive.stored_id(&id)? else {
                eprintln!("no article with id `{id}`");
                return Ok(ExitCode::FAILURE);
            };
            let mut writer = archive.writer(1, 0)?;
            if writer.delete(&id)? {
                writer
                    .commit()
                    .map_err(|e| write_failure(e, "delete failed; nothing was committed"))?;
                audit(
                    index,
                    &AuditEntry::new("delete", CLI)
                        .ids(&[&id])
                        .count("deleted", 1),
                );
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
    // The corpus's dictionary goes only into a new index: an existing one
    // keeps the dictionary its articles were made with.
    let dict = needs_corpus.then(|| args.corpus.join(USER_DICT));
    let archive = Archive::open_or_create(index, dict.as_deref())
        .with_context(|| format!("opening the index at {}", index.display()))?;
    if needs_corpus {
        tracing::info!(corpus = %args.corpus.display(), "index is empty: indexing the bundled corpus");
        let sources = collect_sources(std::slice::from_ref(&args.corpus))?;
        let report = ingest(&archive, &sources, &IngestOptions::default())
            .map_err(|e| write_failure(e, "indexing the corpus failed; nothing was committed"))?;
        audit(
            index,
            &ingest_entry(&report, &args.corpus.display().to_string()),
        );
        tracing::info!(
            added = report.added,
            seconds = report.seconds,
            "corpus indexed"
        );
    }
    let snapshot_dir = args.snapshot_dir.unwrap_or_else(|| {
        let name = index
            .file_name()
            .map_or_else(|| "index".into(), |n| n.to_string_lossy().into_owned());
        index.with_file_name(format!("{name}-snapshots"))
    });
    let config = dangjian::server::Config {
        addr: args.addr,
        write_tokens: args.write_tokens,
        snapshot_dir: Some(snapshot_dir),
        cors_origin: args.cors_origin,
        max_searches: args.max_searches,
        search_cache_bytes: args.search_cache_mb.saturating_mul(1 << 20),
    };
    // Searches hold a slot each; a few threads more serve exports and
    // article reads. Without the cap the pool grew past the slots (a thread
    // spawned while another was still handing its slot back), and a new
    // thread can take a malloc arena of its own: 18 threads against 14, and
    // 3 MB more heap, after the benchmark's load.
    let blocking_threads = config.max_searches.max(1) + 4;
    tokio::runtime::Builder::new_multi_thread()
        .max_blocking_threads(blocking_threads)
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
    if args.dry_run {
        let previews = dangjian::corpus::preview(&sources, date)?;
        let mut out = std::io::stdout().lock();
        if args.json {
            serde_json::to_writer_pretty(&mut out, &previews)?;
            writeln!(out)?;
        } else {
            write!(out, "{}", dangjian::corpus::render_preview(&previews))?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    let archive = Archive::open_or_create(index, Some(&args.dict))
        .map_err(|e| write_failure(e, &format!("opening the index at {}", index.display())))?;
    let opts = IngestOptions {
        date,
        skip_bad: args.skip_bad,
        progress: true,
        threads: args.threads,
        replace_source: args.replace_source,
    };
    let report = ingest(&archive, &sources, &opts).map_err(|e| {
        write_failure(
            e,
            "ingest failed; nothing was committed, the last commit is intact",
        )
    })?;
    let names: Vec<String> = args.paths.iter().map(|p| p.display().to_string()).collect();
    audit(index, &ingest_entry(&report, &names.join(" ")));
    for reason in &report.skip_reasons {
        eprintln!("skipped: {reason}");
    }
    for doubt in &report.doubts {
        eprintln!("unsure: {doubt}");
    }
    let peak = peak_rss_bytes().map_or_else(String::new, |b| {
        format!("; peak memory {:.0} MB", b as f64 / 1e6)
    });
    println!(
        "added {}, updated {}, deleted {}, unchanged {}, skipped {} in {:.2} s ({:.1} MB/s); {} articles in the index{peak}",
        report.added,
        report.updated,
        report.deleted,
        report.unchanged,
        report.skipped,
        report.seconds,
        report.mb_per_s(),
        archive.num_articles()
    );
    Ok(ExitCode::SUCCESS)
}

fn run_reindex(index: &Path, args: &ReindexArgs) -> anyhow::Result<ExitCode> {
    let report = dangjian::index::reindex(index, args.dict.as_deref(), args.threads, true)
        .context("reindex failed; the index is as it was")?;
    println!(
        "reindexed {} articles in {:.2} s",
        report.articles, report.seconds
    );
    Ok(ExitCode::SUCCESS)
}

/// Who the audit log names for writes made from the command line.
const CLI: &str = "cli";

/// Appends to the index's audit log; a failure is reported, not fatal
/// (the write it records is committed).
fn audit(index: &Path, entry: &AuditEntry) {
    if let Err(e) = AuditLog::new(Some(index)).append(entry) {
        eprintln!("warning: the write was committed but the audit log could not record it: {e}");
    }
}

fn ingest_entry(report: &IngestReport, sources: &str) -> AuditEntry {
    AuditEntry::new("ingest", CLI)
        .count("added", report.added)
        .count("updated", report.updated)
        .count("deleted", report.deleted)
        .count("unchanged", report.unchanged)
        .count("skipped", report.skipped)
        .detail(sources)
}

/// A failed write as the user should read it: what failed, what state the
/// index is in, and the cause when the disk, a size limit or permissions
/// are to blame.
fn write_failure(err: dangjian::Error, what: &str) -> anyhow::Error {
    match StorageCause::of(&err) {
        Some(cause) => anyhow::Error::new(err).context(format!("{what} ({})", cause.explain())),
        None => anyhow::Error::new(err).context(what.to_string()),
    }
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
        person: args.person.clone(),
        place: args.place.clone(),
        org: args.org.clone(),
        fragments: args.fragments,
        fragment_chars: args.fragment_chars,
        facets: args.json,
        explain: args.explain,
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
        if let Some(e) = &hit.explain {
            for line in e.lines() {
                writeln!(out, "   {line}")?;
            }
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

/// Peak resident memory of this process so far, in bytes (Linux), for the
/// ingest summary line (the benchmark reads it from there).
fn peak_rss_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}
