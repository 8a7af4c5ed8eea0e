//! What an I/O error during a write means for the person running it.
//!
//! A write that fails because the disk is full, a file-size limit was
//! reached or the index folder may not be written is not a bug: it needs a
//! message that names the cause and a stable code, on the command line and
//! in the API. tantivy keeps some I/O errors only as text (an indexing
//! thread's failure reaches `commit` as `ErrorInThread(String)`), so the
//! cause is found by the error's kind where there is one, and by the OS
//! error number in its text otherwise.

use crate::error::Error;

/// Why a write could not be stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StorageCause {
    /// ENOSPC: no space left on the device.
    DiskFull,
    /// EFBIG: a file grew past the file-size limit (`ulimit -f`).
    FileTooLarge,
    /// EACCES, EPERM, EROFS: the index folder may not be written.
    Permission,
}

impl StorageCause {
    /// The stable, machine-readable code (API `error.code`).
    pub fn code(self) -> &'static str {
        match self {
            StorageCause::DiskFull => "disk_full",
            StorageCause::FileTooLarge => "file_too_large",
            StorageCause::Permission => "permission_denied",
        }
    }

    /// A sentence for people.
    pub fn explain(self) -> &'static str {
        match self {
            StorageCause::DiskFull => "disk full: no space left on the device",
            StorageCause::FileTooLarge => {
                "file too large: a file reached the file-size limit (ulimit -f)"
            }
            StorageCause::Permission => {
                "permission denied: the index folder may not be written (read-only?)"
            }
        }
    }

    fn from_io(e: &std::io::Error) -> Option<StorageCause> {
        use std::io::ErrorKind as K;
        match (e.kind(), e.raw_os_error()) {
            (K::StorageFull, _) | (_, Some(28)) => Some(StorageCause::DiskFull),
            (K::FileTooLarge, _) | (_, Some(27)) => Some(StorageCause::FileTooLarge),
            (K::PermissionDenied | K::ReadOnlyFilesystem, _) | (_, Some(1 | 13 | 30)) => {
                Some(StorageCause::Permission)
            }
            _ => None,
        }
    }

    /// The cause of a write error, if it is one of these.
    pub fn of(err: &Error) -> Option<StorageCause> {
        match err {
            Error::Io { source, .. } => StorageCause::from_io(source),
            Error::Tantivy(tantivy::TantivyError::IoError(e)) => StorageCause::from_io(e),
            other => StorageCause::from_text(&format!("{other} {other:?}")),
        }
    }

    /// Finds an OS error number or kind in an error's text.
    fn from_text(text: &str) -> Option<StorageCause> {
        let has = |needles: &[&str]| needles.iter().any(|n| text.contains(n));
        if has(&["os error 28", "code: 28,", "StorageFull"]) {
            Some(StorageCause::DiskFull)
        } else if has(&["os error 27", "code: 27,", "FileTooLarge"]) {
            Some(StorageCause::FileTooLarge)
        } else if has(&[
            "os error 13",
            "os error 30",
            "os error 1)",
            "code: 13,",
            "code: 30,",
            "PermissionDenied",
            "ReadOnlyFilesystem",
        ]) {
            Some(StorageCause::Permission)
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_cause_in_a_thread_error_known_only_as_text() {
        let err = Error::Tantivy(tantivy::TantivyError::ErrorInThread(
            "IoError(Os { code: 27, kind: FileTooLarge, message: \"File too large\" })".into(),
        ));
        assert_eq!(StorageCause::of(&err), Some(StorageCause::FileTooLarge));
        let err = Error::io("x", std::io::Error::from_raw_os_error(28));
        assert_eq!(StorageCause::of(&err), Some(StorageCause::DiskFull));
        let err = Error::io("x", std::io::Error::from_raw_os_error(30));
        assert_eq!(StorageCause::of(&err), Some(StorageCause::Permission));
        assert_eq!(StorageCause::of(&Error::NotFound("a".into())), None);
    }
}
