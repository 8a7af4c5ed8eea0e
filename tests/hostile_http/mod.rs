//! The real server under hostile HTTP: thousands of malformed, oversized,
//! truncated, slow and plain wrong requests over raw TCP. Nothing may get a
//! 5xx, every error the application answers is JSON with `error.code`, and
//! the server must still be healthy afterwards.
//!
//! `HOSTILE_REQUESTS=N` changes the number of requests (default 10,000).
//!
//! `cases` makes the hostile requests, `tally` sends them and counts what
//! came back, `flood` is the 10,000-request test, `slow_head` the test of
//! request heads that never complete. The case model is defined here.

mod cases;
mod flood;
mod slow_head;
mod tally;

use std::time::Duration;

const TOKEN: &str = "hostile-test-token";
const THREADS: usize = 4;
const TIMEOUT: Duration = Duration::from_secs(20);
/// Longest request target the `http` crate parses (`u16::MAX - 1`).
const URI_LIMIT: usize = 65_534;

/// Whether a request is well-formed HTTP/1.1 (so the application, not the
/// HTTP parser, must answer it, in JSON).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Wire {
    /// Well-formed: a JSON answer is required.
    Valid,
    /// Malformed at the HTTP level: the parser may answer with its own
    /// bare 4xx, or close without an answer.
    Malformed,
    /// Well-formed, but over a limit of the HTTP layer (request target
    /// longer than `URI_LIMIT`): its bare 4xx is allowed.
    OverParserLimit,
    /// We close (or half-close) before the request is complete: no answer
    /// is required.
    Abandoned,
}

/// One hostile request: a name (its family), the bytes, how it is sent.
struct Case {
    family: &'static str,
    wire: Wire,
    send: Send,
}

impl Case {
    /// The request line, for messages (at most 160 characters, lossy).
    fn request_line(&self) -> String {
        let bytes = match &self.send {
            Send::Plain(b) | Send::WriteAndClose(b) | Send::WriteAndHalfClose(b) => b,
            Send::Big { head, .. } => head,
        };
        let line = bytes.split(|b| *b == b'\n').next().unwrap_or_default();
        let line = String::from_utf8_lossy(line);
        let line = line.trim_end();
        let short: String = line.chars().take(160).collect();
        if short.len() < line.len() {
            format!("{short:?}…")
        } else {
            format!("{short:?}")
        }
    }
}

enum Send {
    /// Write all, then read.
    Plain(Vec<u8>),
    /// Write the head, then `body_len` bytes of body in chunks (the server
    /// may stop reading and answer first).
    Big { head: Vec<u8>, body_len: usize },
    /// Write, then close the connection without reading.
    WriteAndClose(Vec<u8>),
    /// Write, half-close, read.
    WriteAndHalfClose(Vec<u8>),
}
