//! Command-line arguments (clap derive). Arguments only: `main.rs` turns
//! them into calls on the library.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// Full-text search for the party-building newspaper archive.
///
/// With no subcommand it runs `serve` with its defaults: it builds the index
/// from `corpus/` when the index is missing or empty, then serves the API
/// and the search page on 127.0.0.1:8080.
#[derive(Debug, Parser)]
#[command(version, about, long_about)]
pub struct Cli {
    /// Index directory.
    #[arg(long, global = true, env = "DANGJIAN_INDEX", default_value = "index")]
    pub index: PathBuf,

    /// `serve`'s options, for the binary run without a subcommand.
    #[command(flatten)]
    pub serve: ServeArgs,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the HTTP API and the search page.
    Serve(ServeArgs),
    /// Ingest newspaper pages (*.txt) and JSONL archives (*.jsonl, .jsonl.gz,
    /// .jsonl.zst), files or folders, in one atomic commit.
    Ingest(IngestArgs),
    /// Search the index from the terminal.
    Search(SearchArgs),
    /// Show article count, index size and segments.
    Stats,
    /// List the coverage most like an article.
    Related(RelatedArgs),
    /// Rebuild every article from what the index stores, with this
    /// program's analyzer and the given (or the index's) user dictionary, in
    /// one atomic commit: what an index made with another analyzer or
    /// dictionary needs.
    Reindex(ReindexArgs),
    /// Delete one article by id.
    Delete {
        /// The article id.
        id: String,
    },
    /// Copy the last commit of the index into DEST (a new folder), safely
    /// while a server serves and writes; hard links where the filesystem
    /// allows. `serve --index DEST` serves the copy.
    Snapshot {
        /// The folder to create.
        dest: PathBuf,
    },
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "DANGJIAN_ADDR", default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    /// Bearer token that enables writes (POST/DELETE /api/articles, POST
    /// /api/snapshot, GET /api/audit), as `label:secret` (the audit log
    /// names the label) or `secret` (label `default`). Repeatable. Without
    /// one, writes are disabled.
    #[arg(
        long = "write-token",
        env = "DANGJIAN_WRITE_TOKEN",
        hide_env_values = true
    )]
    pub write_tokens: Vec<String>,
    /// Where POST /api/snapshot puts snapshots (default: `<index>-snapshots`
    /// next to the index folder).
    #[arg(long, env = "DANGJIAN_SNAPSHOT_DIR")]
    pub snapshot_dir: Option<PathBuf>,
    /// Corpus indexed when the index is missing or empty.
    #[arg(long, env = "DANGJIAN_CORPUS", default_value = "corpus")]
    pub corpus: PathBuf,
    /// Allowed CORS origin (e.g. https://newsroom.example). CORS is off
    /// unless set.
    #[arg(long, env = "DANGJIAN_CORS_ORIGIN")]
    pub cors_origin: Option<String>,
    /// Most searches run at once (default: twice the CPU cores); more
    /// queue, and one that waits 500 ms gets 503. Searches are CPU-bound:
    /// more at once than the cores can run only makes each one slower.
    #[arg(long, env = "DANGJIAN_MAX_SEARCHES", default_value_t = default_max_searches())]
    pub max_searches: usize,
    /// MiB of search responses kept for the same request on the same
    /// index (a commit retires them); 0 turns the cache off.
    #[arg(long, env = "DANGJIAN_SEARCH_CACHE_MB", default_value_t = dangjian::server::cache::DEFAULT_MB)]
    pub search_cache_mb: u64,
}

#[derive(Debug, Args)]
pub struct IngestArgs {
    /// Files or folders to ingest.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Date of the pages (YYYY-MM-DD); default: from the file name.
    #[arg(long)]
    pub date: Option<String>,
    /// Skip bad JSONL lines instead of failing; report them.
    #[arg(long)]
    pub skip_bad: bool,
    /// A JSONL file replaces what it held before: its articles missing from
    /// the new version are deleted (pages always replace).
    #[arg(long)]
    pub replace_source: bool,
    /// User dictionary (one term per line), copied into the index.
    #[arg(long, default_value = "corpus/userdict.txt")]
    pub dict: PathBuf,
    /// Indexing threads (0: one per core).
    #[arg(long, default_value_t = 0)]
    pub threads: usize,
    /// Print how each page would be split into articles (and where the
    /// reader is unsure), without opening or changing the index.
    #[arg(long)]
    pub dry_run: bool,
    /// With --dry-run: print JSON instead of text.
    #[arg(long, requires = "dry_run")]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ReindexArgs {
    /// New user dictionary (one term per line), copied into the index;
    /// default: the one the index has.
    #[arg(long)]
    pub dict: Option<PathBuf>,
    /// Indexing threads (0: one per core).
    #[arg(long, default_value_t = 0)]
    pub threads: usize,
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// The query: terms, "quoted phrases", OR, -term,
    /// title:/author:/column:/tag:/person:/place:/org:.
    pub query: String,
    #[arg(long, default_value_t = 10)]
    pub limit: usize,
    #[arg(long, default_value_t = 0)]
    pub offset: usize,
    /// relevance, date_desc or date_asc.
    #[arg(long, default_value = "relevance")]
    pub sort: String,
    /// First date (YYYY-MM-DD), inclusive.
    #[arg(long)]
    pub from: Option<String>,
    /// Last date (YYYY-MM-DD), inclusive.
    #[arg(long)]
    pub to: Option<String>,
    #[arg(long)]
    pub column: Option<String>,
    #[arg(long)]
    pub author: Option<String>,
    #[arg(long)]
    pub tag: Option<String>,
    /// Only articles naming this person.
    #[arg(long)]
    pub person: Option<String>,
    /// Only articles naming this place.
    #[arg(long)]
    pub place: Option<String>,
    /// Only articles naming this organisation.
    #[arg(long)]
    pub org: Option<String>,
    /// Snippet fragments per hit (0 turns them off).
    #[arg(long, default_value_t = 3)]
    pub fragments: usize,
    /// Characters per fragment.
    #[arg(long, default_value_t = 80)]
    pub fragment_chars: usize,
    /// Print the same JSON the HTTP API returns.
    #[arg(long)]
    pub json: bool,
    /// Write every match (not a page) to stdout as csv or jsonl; an empty
    /// query exports the whole archive, narrowed by the filters.
    #[arg(long, value_name = "FORMAT", conflicts_with = "json")]
    pub export: Option<String>,
    /// Show each hit's score, clause by clause.
    #[arg(long)]
    pub explain: bool,
}

#[derive(Debug, Args)]
pub struct RelatedArgs {
    /// The article id.
    pub id: String,
    /// How many related articles (1 to 20).
    #[arg(long, default_value_t = 5)]
    pub limit: usize,
    /// Print the same JSON the HTTP API returns.
    #[arg(long)]
    pub json: bool,
}

/// Twice the CPU cores: enough to keep every core busy while other
/// requests are parsed and answered.
fn default_max_searches() -> usize {
    2 * std::thread::available_parallelism().map_or(2, |n| n.get())
}
