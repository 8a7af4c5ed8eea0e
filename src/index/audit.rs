//! The write audit log: who changed the archive, when, and how.
//!
//! Every accepted write (an API upsert or delete, a CLI ingest or delete, a
//! snapshot) appends one JSON line to [`AUDIT_FILE`] in the index folder,
//! after its commit. The file lives with the index, so it survives
//! restarts and a snapshot carries it. Lines are appended with one `write`
//! on a file opened for appending, so writers in several processes (a
//! server and a CLI ingest) do not interleave within a line.
//!
//! An entry's *cursor* is the byte offset of its line: lines never move, so
//! `before=<cursor>` pages back through the log however much is appended
//! meanwhile.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// The log's file name in the index folder.
pub const AUDIT_FILE: &str = "audit.jsonl";

/// Writes naming more ids than this record the counts only.
pub const MAX_IDS: usize = 100;

/// One accepted write.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct AuditEntry {
    /// RFC 3339, UTC.
    pub time: String,
    /// `upsert`, `delete`, `ingest` or `snapshot`.
    pub action: String,
    /// The write token's label, or `cli`.
    pub who: String,
    /// The ids written or deleted (absent for bulk writes: see `counts`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ids: Vec<String>,
    /// What the write did: `added`, `updated`, `deleted`, `unchanged`, …
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub counts: BTreeMap<String, u64>,
    /// The sources of an ingest, the folder of a snapshot.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// Where the line starts in the log (set when read back).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursor: Option<u64>,
}

impl AuditEntry {
    /// An entry for `action` by `who`, timed now.
    pub fn new(action: &str, who: &str) -> AuditEntry {
        AuditEntry {
            time: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
            action: action.to_string(),
            who: who.to_string(),
            ids: Vec::new(),
            counts: BTreeMap::new(),
            detail: None,
            cursor: None,
        }
    }

    /// Records `ids` when there are at most [`MAX_IDS`].
    pub fn ids<S: AsRef<str>>(mut self, ids: &[S]) -> AuditEntry {
        if ids.len() <= MAX_IDS {
            self.ids = ids.iter().map(|s| s.as_ref().to_string()).collect();
        }
        self
    }

    pub fn count(mut self, name: &str, n: u64) -> AuditEntry {
        self.counts.insert(name.to_string(), n);
        self
    }

    pub fn detail(mut self, detail: impl Into<String>) -> AuditEntry {
        self.detail = Some(detail.into());
        self
    }
}

/// The audit log of one index folder (none for an index in memory).
#[derive(Debug, Clone, Default)]
pub struct AuditLog {
    path: Option<PathBuf>,
}

impl AuditLog {
    /// The log in the index folder `dir`; `None` keeps no log.
    pub fn new(dir: Option<&Path>) -> AuditLog {
        AuditLog {
            path: dir.map(|d| d.join(AUDIT_FILE)),
        }
    }

    /// Appends `entry` as one line.
    pub fn append(&self, entry: &AuditEntry) -> Result<()> {
        let Some(path) = &self.path else {
            return Ok(());
        };
        let mut line = serde_json::to_vec(&AuditEntry {
            cursor: None,
            ..entry.clone()
        })
        .map_err(|e| Error::io(path, e.into()))?;
        line.push(b'\n');
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .map_err(|e| Error::io(path, e))?;
        file.write_all(&line).map_err(|e| Error::io(path, e))
    }

    /// At most `limit` entries, newest first, of those whose line starts
    /// before the byte offset `before` (all when `None`). A line that does
    /// not parse (a torn last line after a crash) is left out.
    pub fn read(&self, limit: usize, before: Option<u64>) -> Result<Vec<AuditEntry>> {
        let Some(path) = &self.path else {
            return Ok(Vec::new());
        };
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(Error::io(path, e)),
        };
        // Only complete lines: one being appended right now has no newline.
        let end = bytes.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        let mut lines = Vec::new();
        let mut offset = 0u64;
        for line in bytes[..end].split(|&b| b == b'\n') {
            lines.push((offset, line));
            offset += line.len() as u64 + 1;
        }
        let entries = lines
            .into_iter()
            .rev()
            .filter(|(start, line)| !line.is_empty() && before.is_none_or(|b| *start < b))
            .filter_map(|(start, line)| {
                let mut entry: AuditEntry = serde_json::from_slice(line).ok()?;
                entry.cursor = Some(start);
                Some(entry)
            })
            .take(limit)
            .collect();
        Ok(entries)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_back_newest_first_and_pages_with_the_cursor() {
        let dir = tempfile::tempdir().unwrap();
        let log = AuditLog::new(Some(dir.path()));
        for i in 0..5 {
            log.append(&AuditEntry::new("delete", "cli").ids(&[format!("a{i}")]))
                .unwrap();
        }
        let page = log.read(2, None).unwrap();
        assert_eq!(page[0].ids, vec!["a4"]);
        assert_eq!(page[1].ids, vec!["a3"]);
        let next = log.read(10, page[1].cursor).unwrap();
        let ids: Vec<&str> = next.iter().map(|e| e.ids[0].as_str()).collect();
        assert_eq!(ids, ["a2", "a1", "a0"]);
    }

    #[test]
    fn a_torn_last_line_is_left_out() {
        let dir = tempfile::tempdir().unwrap();
        let log = AuditLog::new(Some(dir.path()));
        log.append(&AuditEntry::new("ingest", "cli").count("added", 3))
            .unwrap();
        let mut f = std::fs::OpenOptions::new()
            .append(true)
            .open(dir.path().join(AUDIT_FILE))
            .unwrap();
        f.write_all(b"{\"time\":\"2026-").unwrap();
        let all = log.read(10, None).unwrap();
        assert_eq!(all.len(), 1);
        assert_eq!(all[0].counts["added"], 3);
    }
}
