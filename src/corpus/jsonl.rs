//! The JSONL reader: one article per line, plain, gzip or zstd compressed.
//!
//! Required: `id`, `title`, `body` (a string, split into paragraphs at line
//! breaks, or an array of paragraphs). Optional: `date` (`YYYY-MM-DD`),
//! `tags`, `url`, `column`, `kicker`, `authors` (`[{name, role}]` or
//! names), `source`. Every bad line is an error naming the file, the line and
//! the field.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use crate::article::{Article, Author, Role};
use crate::error::{Error, Result};

/// Reads the articles of one JSONL file, lazily, line by line.
pub struct JsonlReader {
    path: PathBuf,
    lines: Box<dyn BufRead + Send>,
    line_no: usize,
    buf: String,
    /// Decompressed bytes read so far.
    pub bytes_read: u64,
}

impl JsonlReader {
    /// Opens `path`, choosing the decompressor from its extension.
    pub fn open(path: &Path) -> Result<Self> {
        let file = File::open(path).map_err(|e| Error::io(path, e))?;
        let name = path.to_string_lossy();
        let raw: Box<dyn Read + Send> = if name.ends_with(".zst") {
            Box::new(zstd::Decoder::new(file).map_err(|e| Error::io(path, e))?)
        } else if name.ends_with(".gz") {
            Box::new(flate2::read::MultiGzDecoder::new(file))
        } else {
            Box::new(file)
        };
        Ok(JsonlReader {
            path: path.to_path_buf(),
            lines: Box::new(BufReader::with_capacity(1 << 20, raw)),
            line_no: 0,
            buf: String::new(),
            bytes_read: 0,
        })
    }
}

impl Iterator for JsonlReader {
    type Item = Result<Article>;

    fn next(&mut self) -> Option<Result<Article>> {
        loop {
            self.buf.clear();
            self.line_no += 1;
            let n = match self.lines.read_line(&mut self.buf) {
                Ok(0) => return None,
                Ok(n) => n,
                Err(e) => {
                    let message = format!("cannot read: {e}");
                    return Some(Err(self.bad("<line>", message)));
                }
            };
            self.bytes_read += n as u64;
            if self.buf.trim().is_empty() {
                continue;
            }
            return Some(
                parse_record(&self.buf, &self.path)
                    .map_err(|(field, message)| self.bad(&field, message)),
            );
        }
    }
}

impl JsonlReader {
    fn bad(&self, field: &str, message: String) -> Error {
        Error::BadRecord {
            path: self.path.clone(),
            line: self.line_no,
            field: field.to_string(),
            message,
        }
    }
}

type FieldError = (String, String);

fn field_err(field: &str, message: impl Into<String>) -> FieldError {
    (field.to_string(), message.into())
}

/// Parses one JSON object into an article.
pub fn parse_record(line: &str, path: &Path) -> Result<Article, FieldError> {
    let value: Value = serde_json::from_str(line)
        .map_err(|e| field_err("<json>", format!("not valid JSON: {e}")))?;
    let Value::Object(obj) = value else {
        return Err(field_err("<json>", "expected a JSON object"));
    };
    let mut article = article_from_object(&obj)?;
    if article.source.is_none() {
        article.source = path.file_name().map(|n| n.to_string_lossy().into_owned());
    }
    Ok(article)
}

/// The id a JSON number stands for: its integer, written without a fraction
/// (246.0 is the integer 246 in JSON, exact up to 2^53). None for a number
/// with a fraction.
fn number_id(n: &serde_json::Number) -> Option<String> {
    if n.is_u64() || n.is_i64() {
        return Some(n.to_string());
    }
    n.as_f64()
        .filter(|f| f.fract() == 0.0 && f.abs() < 9.0e15)
        .map(|f| format!("{}", f as i64))
}

/// The id under which an article posted with the JSON number `text` is
/// stored, when that differs from `text` (`842.0` and `8.42e2` are stored as
/// `842`); None for anything else.
pub fn number_id_alias(text: &str) -> Option<String> {
    let n: serde_json::Number = serde_json::from_str(text).ok()?;
    number_id(&n).filter(|id| id != text)
}

/// Builds an article from a JSON object (a JSONL line or an HTTP body).
pub fn article_from_object(obj: &Map<String, Value>) -> Result<Article, FieldError> {
    let id = match obj.get("id") {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Null) | None => return Err(field_err("id", "is required")),
        Some(value) => value
            .as_number()
            .and_then(number_id)
            .ok_or_else(|| field_err("id", "must be a string"))?,
    };
    let title = required_string(obj, "title")?;
    let body = match obj.get("body") {
        Some(Value::String(s)) => s.lines().map(str::to_string).collect(),
        Some(Value::Array(items)) => items
            .iter()
            .map(|v| {
                v.as_str()
                    .map(str::to_string)
                    .ok_or_else(|| field_err("body", "must be a string or an array of strings"))
            })
            .collect::<Result<Vec<_>, _>>()?,
        Some(Value::Null) | None => return Err(field_err("body", "is required")),
        Some(_) => return Err(field_err("body", "must be a string or an array of strings")),
    };
    let tags = match obj.get("tags") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => items
            .iter()
            .map(|v| {
                v.as_str()
                    .map(|s| s.trim().to_string())
                    .ok_or_else(|| field_err("tags", "must be an array of strings"))
            })
            .collect::<Result<Vec<_>, _>>()?,
        Some(_) => return Err(field_err("tags", "must be an array of strings")),
    };
    let authors = match obj.get("authors") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => items
            .iter()
            .map(parse_author)
            .collect::<Result<Vec<_>, _>>()?,
        Some(_) => return Err(field_err("authors", "must be an array")),
    };
    let article = Article {
        id,
        title,
        kicker: optional_string(obj, "kicker")?,
        column: optional_string(obj, "column")?,
        authors,
        date: optional_string(obj, "date")?,
        dateline: optional_string(obj, "dateline")?,
        tags,
        url: optional_string(obj, "url")?,
        source: optional_string(obj, "source")?,
        body,
    };
    article.validate().map_err(|e| match e {
        Error::InvalidArticle { field, message } => (field, message),
        Error::InvalidDate(d) => field_err("date", format!("`{d}` is not a YYYY-MM-DD date")),
        other => field_err("<article>", other.to_string()),
    })
}

fn required_string(obj: &Map<String, Value>, field: &str) -> Result<String, FieldError> {
    match obj.get(field) {
        Some(Value::String(s)) if !s.trim().is_empty() => Ok(s.clone()),
        Some(Value::String(_)) => Err(field_err(field, "must not be empty")),
        Some(Value::Null) | None => Err(field_err(field, "is required")),
        Some(_) => Err(field_err(field, "must be a string")),
    }
}

fn optional_string(obj: &Map<String, Value>, field: &str) -> Result<Option<String>, FieldError> {
    match obj.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(field_err(field, "must be a string")),
    }
}

fn parse_author(value: &Value) -> Result<Author, FieldError> {
    match value {
        Value::String(name) => Ok(Author::new(name.trim(), Role::Reporter)),
        Value::Object(o) => {
            let name = required_string(o, "name").map_err(|(_, m)| field_err("authors.name", m))?;
            let role = match o.get("role") {
                None | Some(Value::Null) => Role::Reporter,
                Some(v) => serde_json::from_value(v.clone()).map_err(|_| {
                    field_err(
                        "authors.role",
                        "must be one of reporter, intern, correspondent, photographer, commentator",
                    )
                })?,
            };
            Ok(Author::new(name.trim(), role))
        }
        _ => Err(field_err(
            "authors",
            "each author must be a name or {name, role}",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(line: &str) -> Result<Article, FieldError> {
        parse_record(line, Path::new("a.jsonl"))
    }

    #[test]
    fn reads_an_xwlb_style_line() {
        let a = parse(r#"{"id":"V1","date":"2012-07-02","title":"标题","tags":[],"url":"u","body":"第一段。\r\n    第二段。"}"#).unwrap();
        assert_eq!(a.body, vec!["第一段。", "第二段。"]);
        assert_eq!(a.date.as_deref(), Some("2012-07-02"));
        assert_eq!(a.source.as_deref(), Some("a.jsonl"));
    }

    #[test]
    fn an_integral_number_is_an_integer_id() {
        let a = parse(r#"{"id":-246.0,"title":"t","body":"b"}"#).unwrap();
        assert_eq!(a.id, "-246");
        assert_eq!(
            parse(r#"{"id":1.5,"title":"t","body":"b"}"#).unwrap_err().0,
            "id"
        );
    }

    #[test]
    fn names_the_bad_field() {
        assert_eq!(parse(r#"{"title":"t","body":"b"}"#).unwrap_err().0, "id");
        assert_eq!(
            parse(r#"{"id":"1","title":"","body":"b"}"#).unwrap_err().0,
            "title"
        );
        assert_eq!(
            parse(r#"{"id":"1","title":"t","body":3}"#).unwrap_err().0,
            "body"
        );
        assert_eq!(
            parse(r#"{"id":"1","title":"t","body":"b","date":"2023-13-01"}"#)
                .unwrap_err()
                .0,
            "date"
        );
        assert_eq!(
            parse(r#"{"id":"1","title":"t","body":"b","tags":"x"}"#)
                .unwrap_err()
                .0,
            "tags"
        );
        assert_eq!(parse("{not json").unwrap_err().0, "<json>");
    }
}
