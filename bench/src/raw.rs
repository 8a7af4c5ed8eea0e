//! The archive as its own lines say, read without the engine's reader:
//! each JSONL line (zstd, gzip or plain) parsed with `serde_json` into an
//! [`Article`] whose body is the line's body, unchanged, as one string.
//! The benchmark writes these back for every engine to ingest, and the
//! ground truth scans them.

use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use dangjian::Article;
use serde_json::Value;

use crate::error::{Error, Result};

/// The lines of a JSONL archive, decompressed by its extension.
fn lines(path: &Path) -> Result<impl Iterator<Item = std::io::Result<String>>> {
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let name = path.to_string_lossy();
    let reader: Box<dyn Read> = if name.ends_with(".zst") {
        Box::new(zstd::Decoder::new(file).map_err(|e| Error::io(path, e))?)
    } else if name.ends_with(".gz") {
        Box::new(flate2::read::GzDecoder::new(file))
    } else {
        Box::new(file)
    };
    Ok(BufReader::with_capacity(1 << 20, reader).lines())
}

/// A text field as the archive holds it: a string, or an array of
/// strings (paragraphs, joined by a line break).
fn text_of(v: Option<&Value>) -> Option<String> {
    match v {
        Some(Value::String(s)) => Some(s.clone()),
        Some(Value::Array(parts)) => Some(
            parts
                .iter()
                .filter_map(Value::as_str)
                .collect::<Vec<_>>()
                .join("\n"),
        ),
        _ => None,
    }
}

/// Every article of the archive at `path`, in file order. A line that is
/// not an object with a string `id` and `title` is an error: the
/// benchmark's archive must be whole.
pub fn read(path: &Path) -> Result<Vec<Article>> {
    let mut out = Vec::new();
    for (n, line) in lines(path)?.enumerate() {
        let line = line.map_err(|e| Error::io(path, e))?;
        if line.trim().is_empty() {
            continue;
        }
        let bad = |what: &str| {
            Error::io(
                path,
                std::io::Error::other(format!("line {}: {what}", n + 1)),
            )
        };
        let Ok(Value::Object(obj)) = serde_json::from_str::<Value>(&line) else {
            return Err(bad("not a JSON object"));
        };
        let string = |k: &str| obj.get(k).and_then(Value::as_str).map(str::to_string);
        let (Some(id), Some(title)) = (string("id"), string("title")) else {
            return Err(bad("no string id and title"));
        };
        out.push(Article {
            id,
            title,
            kicker: string("kicker"),
            date: string("date"),
            url: string("url"),
            tags: obj
                .get("tags")
                .and_then(Value::as_array)
                .map(|t| {
                    t.iter()
                        .filter_map(Value::as_str)
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default(),
            body: vec![text_of(obj.get("body")).unwrap_or_default()],
            ..Article::default()
        });
    }
    Ok(out)
}

/// Title and body bytes of `a`: the denominator of every throughput and
/// index-size figure.
pub fn text_len(a: &Article) -> u64 {
    (a.title.len() + a.body.iter().map(String::len).sum::<usize>()) as u64
}
