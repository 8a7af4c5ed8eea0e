//! Snapshots: a consistent copy of one commit of a live index.
//!
//! Copying an index folder while a server commits can tear it: the copy
//! may hold a `meta.json` that names segment files it does not have, or
//! files that a merge deleted half-way. A snapshot instead copies exactly
//! the files of one commit:
//!
//! 1. it takes tantivy's meta lock (`.tantivy-meta.lock`), which tantivy's
//!    garbage collector also takes before deleting files, in this process
//!    or any other; while it is held no file of any commit goes away;
//! 2. it reads `meta.json` (written by rename, so never torn) and links
//!    every file of the segments it names (and the live-documents file of
//!    the right delete opstamp) into a new folder, copying where a hard link
//!    is not possible (another filesystem); segment files are never changed
//!    once written, so a hard link is as good as a copy;
//! 3. it writes that `meta.json`, the user dictionary and a copy (never a
//!    link: it is appended to) of the audit log, then renames the folder
//!    into place, so `DEST` either does not exist or is whole.
//!
//! Writers go on while it runs; only the garbage collection after a commit
//! waits for the lock, for as long as the links take.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use serde_json::Value;
use tantivy::directory::{Directory, META_LOCK, MmapDirectory};

use super::audit::AUDIT_FILE;
use super::stored::DICTIONARY_FILE;
use crate::corpus::USER_DICT;
use crate::error::{Error, Result};

/// What a snapshot did.
#[derive(Debug, Clone, serde::Serialize)]
pub struct SnapshotReport {
    /// The folder written.
    pub path: PathBuf,
    /// Articles of the commit copied.
    pub articles: u64,
    /// Files hard-linked and files copied.
    pub linked: usize,
    pub copied: usize,
    /// Bytes of the files (linked or copied).
    pub bytes: u64,
}

/// Takes a snapshot of the index in `index_dir` into `dest`, which must
/// not exist (its parent is created).
pub fn snapshot(index_dir: &Path, dest: &Path) -> Result<SnapshotReport> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |e| Error::io(path, e)
    };
    if !index_dir.join("meta.json").exists() {
        return Err(Error::NoIndex(index_dir.to_path_buf()));
    }
    if dest.exists() {
        return Err(Error::SnapshotExists(dest.to_path_buf()));
    }
    let name = dest
        .file_name()
        .ok_or_else(|| Error::SnapshotExists(dest.to_path_buf()))?
        .to_string_lossy()
        .into_owned();
    let parent = dest.parent().filter(|p| !p.as_os_str().is_empty());
    let parent = parent.unwrap_or_else(|| Path::new("."));
    std::fs::create_dir_all(parent).map_err(io(parent))?;
    let partial = parent.join(format!(".{name}.partial-{}", std::process::id()));
    if partial.exists() {
        std::fs::remove_dir_all(&partial).map_err(io(&partial))?;
    }
    std::fs::create_dir(&partial).map_err(io(&partial))?;
    let result = copy_commit(index_dir, &partial).and_then(|mut report| {
        std::fs::rename(&partial, dest).map_err(io(dest))?;
        report.path = dest.to_path_buf();
        Ok(report)
    });
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&partial);
    }
    result
}

/// Copies the last commit of `src` into the empty folder `dst`.
fn copy_commit(src: &Path, dst: &Path) -> Result<SnapshotReport> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |e| Error::io(path, e)
    };
    let directory =
        MmapDirectory::open(src).map_err(|e| Error::io(src, std::io::Error::other(e)))?;
    let _meta_lock = directory
        .acquire_lock(&META_LOCK)
        .map_err(|e| Error::io(src, std::io::Error::other(e)))?;
    let meta_path = src.join("meta.json");
    let meta_bytes = std::fs::read(&meta_path).map_err(io(&meta_path))?;
    let (files, articles) = commit_files(&meta_bytes).ok_or_else(|| {
        Error::io(
            &meta_path,
            std::io::Error::new(std::io::ErrorKind::InvalidData, "unreadable meta.json"),
        )
    })?;
    let mut report = SnapshotReport {
        path: dst.to_path_buf(),
        articles,
        linked: 0,
        copied: 0,
        bytes: 0,
    };
    let mut managed = Vec::new();
    for entry in std::fs::read_dir(src).map_err(io(src))? {
        let entry = entry.map_err(io(src))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if !belongs(&name, &files) {
            continue;
        }
        let from = entry.path();
        let to = dst.join(&name);
        report.bytes += entry.metadata().map(|m| m.len()).unwrap_or(0);
        if std::fs::hard_link(&from, &to).is_ok() {
            report.linked += 1;
        } else {
            std::fs::copy(&from, &to).map_err(io(&to))?;
            report.copied += 1;
        }
        managed.push(name);
    }
    // The copy's own list of files tantivy manages, so that its garbage
    // collector may delete them after a later merge there.
    managed.push("meta.json".to_string());
    managed.sort();
    write(
        &dst.join(".managed.json"),
        format!("{}\n", Value::from(managed)).as_bytes(),
    )?;
    write(&dst.join("meta.json"), &meta_bytes)?;
    drop(_meta_lock);
    for extra in [USER_DICT, AUDIT_FILE, DICTIONARY_FILE] {
        let from = src.join(extra);
        if from.exists() {
            let to = dst.join(extra);
            std::fs::copy(&from, &to).map_err(io(&to))?;
            report.copied += 1;
        }
    }
    Ok(report)
}

fn write(path: &Path, bytes: &[u8]) -> Result<()> {
    std::fs::write(path, bytes).map_err(|e| Error::io(path, e))
}

/// A commit's segment files, as (segment uuid, live-docs file of that
/// commit), and its article count, from its `meta.json`.
struct CommitFiles {
    segments: HashSet<String>,
    deletes: HashSet<String>,
}

fn commit_files(meta: &[u8]) -> Option<(CommitFiles, u64)> {
    let meta: Value = serde_json::from_slice(meta).ok()?;
    let mut files = CommitFiles {
        segments: HashSet::new(),
        deletes: HashSet::new(),
    };
    let mut articles = 0;
    for segment in meta.get("segments")?.as_array()? {
        let id = segment.get("segment_id")?.as_str()?.replace('-', "");
        let max_doc = segment.get("max_doc")?.as_u64()?;
        let deletes = segment.get("deletes").filter(|d| !d.is_null());
        let deleted = match deletes {
            Some(d) => {
                let opstamp = d.get("opstamp")?.as_u64()?;
                files.deletes.insert(format!("{id}.{opstamp}.del"));
                d.get("num_deleted_docs")?.as_u64()?
            }
            None => 0,
        };
        articles += max_doc - deleted;
        files.segments.insert(id);
    }
    Some((files, articles))
}

/// Whether the file `name` is part of the commit.
fn belongs(name: &str, files: &CommitFiles) -> bool {
    let Some((id, rest)) = name.split_once('.') else {
        return false;
    };
    if !files.segments.contains(id) || rest.ends_with(".temp") {
        return false;
    }
    !rest.ends_with("del") || files.deletes.contains(name)
}
