//! [`Unmapped`]: the index folder as writers see it, read with `pread`
//! into buffers of their own rather than mapped.
//!
//! A merge reads every byte of its input segments once. Through tantivy's
//! `MmapDirectory` each page it touches stays resident, counted in the
//! process's memory, until the merge lets go of its input: a scratch merge
//! of 237,000 articles of the xwlb archive copied ten times (about 700 MB
//! of index) peaked at 736 MB that way, and at 132 MB read through this
//! directory. A merge's memory is then what it holds at once (its input's
//! term dictionaries, a posting list, one segment's store while it is
//! copied, a window per open file), which is why merges may be large.
//!
//! Small reads in order take a window of the file (see [`ReadAt`]): the
//! final merge of a 1× ingest (74,545 articles, four segments) took
//! 4.7–4.8 s this way, 4.4–4.5 s mapped and 7.3–7.5 s with a system call
//! per read.
//!
//! Searches keep the mapped directory ([`Archive`](super::Archive)): they
//! read a few posting lists many times, which a mapping serves best.
//! Everything but reading goes to the `MmapDirectory` underneath (writes,
//! locks, the watch on `meta.json`), so a writer on this directory and a
//! reader on the mapped one see the same files.

use std::fs::File;
use std::io;
use std::ops::Range;
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use tantivy::directory::error::{DeleteError, LockError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    DirectoryLock, FileHandle, Lock, MmapDirectory, OwnedBytes, WatchCallback, WatchHandle,
    WritePtr,
};
use tantivy::{Directory, HasLen};

/// See the module doc.
#[derive(Debug, Clone)]
pub struct Unmapped {
    root: PathBuf,
    inner: MmapDirectory,
}

impl Unmapped {
    pub fn open(root: &Path) -> io::Result<Unmapped> {
        let inner = MmapDirectory::open(root).map_err(io::Error::other)?;
        Ok(Unmapped {
            root: root.to_path_buf(),
            inner,
        })
    }
}

/// One open file, read at offsets. A merge reads its input in order, in
/// small pieces (a term's postings, then the next term's), so a small read
/// that follows on from the one before takes a window of the file from
/// there on, and the reads after it that fall inside are slices of that
/// window: one system call and one buffer for many posting lists. A read
/// elsewhere (a delete looking one id up) reads just its bytes.
#[derive(Debug)]
struct ReadAt {
    file: File,
    len: usize,
    reads: Mutex<Reads>,
}

/// What [`ReadAt`] remembers of its reads.
#[derive(Debug, Default)]
struct Reads {
    /// The last window read, and where in the file it starts.
    window: Option<(usize, OwnedBytes)>,
    /// Where the last read ended.
    end: usize,
}

/// Bytes read at once for a small read that follows on from the last.
const WINDOW: usize = 256 * 1024;

impl ReadAt {
    fn read(&self, range: Range<usize>) -> io::Result<OwnedBytes> {
        let mut buf = vec![0; range.len()];
        self.file.read_exact_at(&mut buf, range.start as u64)?;
        Ok(OwnedBytes::new(buf))
    }
}

impl HasLen for ReadAt {
    fn len(&self) -> usize {
        self.len
    }
}

impl FileHandle for ReadAt {
    fn read_bytes(&self, range: Range<usize>) -> io::Result<OwnedBytes> {
        if range.end > self.len || range.start > range.end {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("bytes {range:?} of a file of {}", self.len),
            ));
        }
        if range.len() >= WINDOW {
            return self.read(range);
        }
        let mut reads = self
            .reads
            .lock()
            .map_err(|_| io::Error::other("a reader of this file panicked"))?;
        let follows_on = range.start >= reads.end && range.start - reads.end < WINDOW;
        reads.end = range.end;
        if let Some((start, bytes)) = reads.window.as_ref()
            && range.start >= *start
            && range.end <= start + bytes.len()
        {
            return Ok(bytes.slice(range.start - start..range.end - start));
        }
        if !follows_on {
            return self.read(range);
        }
        let end = (range.start + WINDOW).min(self.len);
        let bytes = self.read(range.start..end)?;
        let out = bytes.slice(0..range.len());
        reads.window = Some((range.start, bytes));
        Ok(out)
    }
}

impl Directory for Unmapped {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        let failed = |e: io::Error| match e.kind() {
            io::ErrorKind::NotFound => OpenReadError::FileDoesNotExist(path.to_path_buf()),
            _ => OpenReadError::wrap_io_error(e, path.to_path_buf()),
        };
        let file = File::open(self.root.join(path)).map_err(failed)?;
        let len = file.metadata().map_err(failed)?.len();
        let len = usize::try_from(len).map_err(|e| failed(io::Error::other(e)))?;
        Ok(Arc::new(ReadAt {
            file,
            len,
            reads: Mutex::new(Reads::default()),
        }))
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        self.inner.delete(path)
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        self.inner.exists(path)
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        self.inner.open_write(path)
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        self.inner.atomic_read(path)
    }

    fn atomic_write(&self, path: &Path, data: &[u8]) -> io::Result<()> {
        self.inner.atomic_write(path, data)
    }

    fn sync_directory(&self) -> io::Result<()> {
        self.inner.sync_directory()
    }

    fn acquire_lock(&self, lock: &Lock) -> Result<DirectoryLock, LockError> {
        self.inner.acquire_lock(lock)
    }

    fn watch(&self, watch_callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        self.inner.watch(watch_callback)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;
    use tantivy::directory::TerminatingWrite;

    /// A folder with the file `f` of `n` bytes written through the mapped
    /// directory, and those bytes.
    fn folder_with_a_file(n: usize) -> (tempfile::TempDir, MmapDirectory, Vec<u8>) {
        let dir = tempfile::tempdir().unwrap();
        let bytes: Vec<u8> = (0..n).map(|i| (i * 7 % 251) as u8).collect();
        let mapped = MmapDirectory::open(dir.path()).unwrap();
        let mut w = mapped.open_write(Path::new("f")).unwrap();
        w.write_all(&bytes).unwrap();
        w.terminate().unwrap();
        (dir, mapped, bytes)
    }

    #[test]
    fn reads_the_bytes_the_mapped_directory_reads() {
        let n = 3 * WINDOW + 123;
        let (dir, mapped, _) = folder_with_a_file(n);
        let unmapped = Unmapped::open(dir.path()).unwrap();
        let (a, b) = (
            mapped.open_read(Path::new("f")).unwrap(),
            unmapped.open_read(Path::new("f")).unwrap(),
        );
        assert_eq!(a.len(), b.len());
        let mut ranges = vec![
            0..0,
            0..1,
            17..4_113,
            n - 1..n,
            n..n,
            0..n,
            WINDOW - 5..WINDOW + 5,
            5..WINDOW + 5,
        ];
        // In order, as a merge reads (across windows and the file's end),
        // and back again.
        ranges.extend((0..n / 997).map(|i| i * 997..(i * 997 + 1_300).min(n)));
        ranges.extend((0..n / 997).rev().map(|i| i * 997..i * 997 + 150));
        for range in ranges {
            assert_eq!(
                a.read_bytes_slice(range.clone()).unwrap().as_slice(),
                b.read_bytes_slice(range.clone()).unwrap().as_slice(),
                "{range:?}"
            );
        }
        let handle = unmapped.get_file_handle(Path::new("f")).unwrap();
        assert!(handle.read_bytes(n - 10..n + 1).is_err());
    }

    #[test]
    fn threads_reading_one_file_get_their_own_bytes() {
        let n = 2 * WINDOW + 7;
        let (dir, _, bytes) = folder_with_a_file(n);
        let handle = Unmapped::open(dir.path())
            .unwrap()
            .get_file_handle(Path::new("f"))
            .unwrap();
        std::thread::scope(|s| {
            for t in 0..4usize {
                let (handle, bytes) = (&handle, &bytes);
                s.spawn(move || {
                    // Each thread in order from its own start, overlapping
                    // the others'.
                    let mut at = t * 1_000;
                    while at + 300 <= n {
                        let got = handle.read_bytes(at..at + 300).unwrap();
                        assert_eq!(got.as_slice(), &bytes[at..at + 300]);
                        at += 977;
                    }
                });
            }
        });
    }

    #[test]
    fn a_missing_file_is_said_to_be_missing() {
        let dir = tempfile::tempdir().unwrap();
        let unmapped = Unmapped::open(dir.path()).unwrap();
        assert!(matches!(
            unmapped.open_read(Path::new("nothing")),
            Err(OpenReadError::FileDoesNotExist(_))
        ));
    }
}
