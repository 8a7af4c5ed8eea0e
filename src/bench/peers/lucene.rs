//! Lucene with SmartChineseAnalyzer: `peers/lucene/run.sh` builds and runs
//! a small Java program over the same articles and queries and writes a
//! JSON file of totals, top ids and timings.

use std::collections::HashSet;
use std::path::Path;
use std::process::Command;

use serde::Deserialize;

use super::{PeerRun, ingest_figures};
use crate::article::Article;
use crate::bench::queries::BenchQuery;
use crate::bench::stats::Latency;
use crate::bench::truth::Truth;
use crate::bench::{Exactness, check_with};
use crate::error::{Error, Result};

#[derive(Deserialize)]
struct Out {
    ingest_seconds: f64,
    index_bytes: u64,
    queries: Vec<OutQuery>,
}

#[derive(Deserialize)]
struct OutQuery {
    total: i64,
    top_ids: Vec<String>,
    ms: f64,
}

/// Runs the Lucene peer; `None` (with a message) where it cannot run.
pub fn run(
    script: &Path,
    jsonl: &Path,
    queries: &[BenchQuery],
    truth: &Truth,
    subset: &[Article],
    out_dir: &Path,
) -> Result<Option<PeerRun>> {
    // The query set as is, then each string query quoted: Lucene reports
    // only totals, so exact counting is judged on the quoted forms.
    let strings: Vec<&BenchQuery> = queries
        .iter()
        .filter(|q| matches!(q.kind.as_str(), "substring" | "char" | "tag"))
        .collect();
    let mut tsv = String::new();
    for q in queries {
        tsv.push_str(&format!(
            "{}\t{}\t{}\n",
            q.kind,
            q.q,
            q.expected.as_deref().unwrap_or("")
        ));
    }
    for q in &strings {
        tsv.push_str(&format!("quoted\t\"{}\"\t\n", q.q));
    }
    let qfile = out_dir.join("lucene-queries.tsv");
    std::fs::write(&qfile, tsv).map_err(|e| Error::io(&qfile, e))?;
    let index = out_dir.join(format!("lucene-index-{}", subset.len()));
    let out = out_dir.join(format!("lucene-{}.json", subset.len()));
    let _ = std::fs::remove_file(&out);
    let status = Command::new("bash")
        .arg(script)
        .arg(jsonl)
        .arg(&qfile)
        .arg(&index)
        .arg(&out)
        .status()
        .map_err(|e| Error::io(script, e))?;
    if !status.success() || !out.exists() {
        eprintln!("bench: lucene peer skipped (see its output above)");
        return Ok(None);
    }
    let text = std::fs::read_to_string(&out).map_err(|e| Error::io(&out, e))?;
    let parsed: Out =
        serde_json::from_str(&text).map_err(|e| Error::io(&out, std::io::Error::other(e)))?;
    let n = queries.len();
    let (main, quoted) = parsed.queries.split_at(n.min(parsed.queries.len()));
    let ms: Vec<f64> = main.iter().map(|q| q.ms).collect();
    let latency = Latency::of(&ms, ms.iter().sum::<f64>() / 1e3);
    let found: Vec<(u64, Vec<String>)> = main
        .iter()
        .map(|q| (q.total.max(0) as u64, q.top_ids.clone()))
        .collect();
    // Headlines only: sets are unknown, so the string checks come from totals.
    let headlines: Vec<BenchQuery> = queries
        .iter()
        .filter(|q| q.kind == "headline")
        .cloned()
        .collect();
    let headline_found: Vec<(u64, Vec<String>)> = queries
        .iter()
        .zip(&found)
        .filter(|(q, _)| q.kind == "headline")
        .map(|(_, f)| f.clone())
        .collect();
    let mut exactness: Exactness = check_with(&headlines, &headline_found, truth, subset, |_| {
        Ok(HashSet::new())
    })?;
    let ids: HashSet<&str> = subset.iter().map(|a| a.id.as_str()).collect();
    let count = |needle: &str| {
        truth.ids.get(needle).map_or(0, |v| {
            v.iter().filter(|id| ids.contains(id.as_str())).count()
        }) as i64
    };
    for (q, f) in queries.iter().zip(main) {
        if q.kind == "quoted" {
            exactness.literal_queries += 1;
            if f.total == count(&q.literals()[0]) {
                exactness.counted_exactly += 1;
            }
        }
    }
    for (q, f) in strings.iter().zip(quoted) {
        exactness.literal_queries += 1;
        if f.total == count(&q.q) {
            exactness.counted_exactly += 1;
        }
    }
    let mut ingest = ingest_figures(subset, parsed.ingest_seconds, &index);
    ingest.index_bytes = parsed.index_bytes;
    ingest.index_ratio = parsed.index_bytes as f64 / ingest.text_bytes.max(1) as f64;
    Ok(Some(PeerRun {
        name: "Lucene 8 SmartChineseAnalyzer".into(),
        ingest,
        latency,
        exactness,
        sets_known: false,
        note: Some(
            "recall and precision need result sets; the Java peer reports totals only".into(),
        ),
    }))
}
