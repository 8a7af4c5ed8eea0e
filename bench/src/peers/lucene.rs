//! Lucene 8, with SmartChineseAnalyzer (words) or CJKAnalyzer
//! (overlapping character pairs, substring-capable): `peers/lucene/run.sh`
//! builds and runs a small Java program over the same articles and
//! queries and writes a JSON file of totals, top ids and timings.
//!
//! The program reports totals, not result sets, so exact counting is
//! judged on each string's quoted form (IME quotes become ASCII ones: the
//! classic query parser knows no others) and recall is not measured.
//! QPS is the timed pass's wall clock.

use std::path::Path;
use std::process::Command;

use dangjian::Article;
use serde::Deserialize;

use super::PeerRun;
use crate::error::{Error, Result};
use crate::exactness::check_with;
use crate::queries::BenchQuery;
use crate::stats::Latency;
use crate::truth::Truth;
use crate::{Exactness, IngestFigures};

/// Which analyzer.
#[derive(Debug, Clone, Copy)]
pub enum Analyzer {
    SmartCn,
    Cjk,
}

impl Analyzer {
    fn arg(self) -> &'static str {
        match self {
            Analyzer::SmartCn => "smartcn",
            Analyzer::Cjk => "cjk",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Analyzer::SmartCn => "Lucene 8 SmartChineseAnalyzer",
            Analyzer::Cjk => "Lucene 8 CJKAnalyzer (bigrams)",
        }
    }
}

#[derive(Deserialize)]
struct Out {
    ingest_seconds: f64,
    index_bytes: u64,
    timed_wall_seconds: f64,
    queries: Vec<OutQuery>,
}

#[derive(Deserialize)]
struct OutQuery {
    total: i64,
    error: Option<String>,
    top_ids: Vec<String>,
    ms: f64,
}

/// What running the peer gave: its figures, or why it could not run (a
/// missing tool: the run goes on without it).
pub enum Outcome {
    Ran(Box<PeerRun>),
    Missing(String),
}

/// Where each string query's quoted form is asked, after the timed set.
fn quoted_forms(queries: &[BenchQuery]) -> Vec<(String, String)> {
    queries
        .iter()
        .filter(|q| !matches!(q.kind.as_str(), "headline" | "two_terms"))
        .map(|q| (q.literals()[0].clone(), format!("\"{}\"", q.literals()[0])))
        .collect()
}

/// Runs the Lucene peer with `analyzer` on `jsonl` (the `articles`).
pub fn run(
    analyzer: Analyzer,
    script: &Path,
    jsonl: &Path,
    (queries, input): (&[BenchQuery], &[BenchQuery]),
    truth: &Truth,
    articles: &[Article],
    out_dir: &Path,
) -> Result<Outcome> {
    let checked = quoted_forms(queries);
    let checked_input = quoted_forms(input);
    let mut tsv = String::new();
    for q in queries {
        tsv.push_str(&format!("{}\t{}\n", q.kind, q.q.replace(['\t', '\n'], " ")));
    }
    for (_, quoted) in checked.iter().chain(&checked_input) {
        tsv.push_str(&format!("quoted\t{}\n", quoted.replace(['\t', '\n'], " ")));
    }
    let tag = analyzer.arg();
    let qfile = out_dir.join(format!("lucene-{tag}-queries.tsv"));
    std::fs::write(&qfile, tsv).map_err(|e| Error::io(&qfile, e))?;
    let index = out_dir.join(format!("lucene-{tag}-index"));
    let out = out_dir.join(format!("lucene-{tag}.json"));
    let _ = std::fs::remove_file(&out);
    let output = Command::new("bash")
        .arg(script)
        .arg(jsonl)
        .arg(&qfile)
        .arg(&index)
        .arg(&out)
        .arg(tag)
        .arg(queries.len().to_string())
        .output()
        .map_err(|e| Error::io(script, e))?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    if output.status.code() == Some(3) {
        return Ok(Outcome::Missing(format!(
            "{}: {}",
            analyzer.name(),
            stderr.trim()
        )));
    }
    if !output.status.success() || !out.exists() {
        return Err(Error::peer(analyzer.name(), stderr.trim()));
    }
    let text = std::fs::read_to_string(&out).map_err(|e| Error::io(&out, e))?;
    let parsed: Out = serde_json::from_str(&text).map_err(|e| Error::peer(analyzer.name(), e))?;
    if parsed.queries.len() != queries.len() + checked.len() + checked_input.len() {
        return Err(Error::peer(
            analyzer.name(),
            "answered another number of queries",
        ));
    }
    let (timed, rest) = parsed.queries.split_at(queries.len());
    let (quoted, quoted_input) = rest.split_at(checked.len());
    let ms: Vec<f64> = timed.iter().map(|q| q.ms).collect();
    let latency = Latency::of(&ms, parsed.timed_wall_seconds);
    let found: Vec<(u64, Vec<String>)> = timed
        .iter()
        .map(|q| (q.total.max(0) as u64, q.top_ids.clone()))
        .collect();
    let headlines = |q: &&BenchQuery| q.kind == "headline";
    let headline_queries: Vec<BenchQuery> = queries.iter().filter(headlines).cloned().collect();
    let headline_found: Vec<(u64, Vec<String>)> = queries
        .iter()
        .zip(&found)
        .filter(|(q, _)| q.kind == "headline")
        .map(|(_, f)| f.clone())
        .collect();
    let mut exactness = check_with(&headline_queries, &headline_found, truth, articles, |_| {
        Ok(Default::default())
    });
    let ids: std::collections::HashSet<&str> = articles.iter().map(|a| a.id.as_str()).collect();
    let count = |needle: &str| {
        truth.ids.get(needle).map_or(0, |v| {
            v.iter().filter(|id| ids.contains(id.as_str())).count()
        }) as i64
    };
    let judge = |e: &mut Exactness, checked: &[(String, String)], answers: &[OutQuery]| {
        let mut errors = Vec::new();
        for ((needle, quoted), a) in checked.iter().zip(answers) {
            e.literal_queries += 1;
            let expected = count(needle);
            if let Some(err) = &a.error {
                errors.push(format!("{quoted}: {err}"));
            } else if a.total == expected {
                e.counted_exactly += 1;
            } else {
                e.note_miss(format!(
                    "{quoted}: {} found, {expected} contain it",
                    a.total
                ));
            }
        }
        e.add_errors(errors);
    };
    judge(&mut exactness, &checked, quoted);
    let mut exactness_input = Exactness::default();
    judge(&mut exactness_input, &checked_input, quoted_input);
    let timed_errors: Vec<String> = queries
        .iter()
        .zip(timed)
        .filter_map(|(q, a)| a.error.as_ref().map(|e| format!("{}: {e}", q.q)))
        .collect();
    exactness.add_errors(timed_errors);
    let ingest = IngestFigures::new(
        articles.len(),
        articles.iter().map(crate::raw::text_len).sum(),
        parsed.ingest_seconds,
        None,
        parsed.index_bytes,
    );
    let mut run = PeerRun::new(
        analyzer.name(),
        matches!(analyzer, Analyzer::Cjk),
        ingest,
        latency,
        (exactness, exactness_input),
        false,
    );
    run.note =
        Some("totals only: exactness judged on the quoted forms, recall not measured".into());
    Ok(Outcome::Ran(Box::new(run)))
}
