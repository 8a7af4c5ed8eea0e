//! Sending a case and counting what came back: status, error code, bare
//! parser answers, closed connections, failures.

use std::collections::BTreeMap;
use std::io::Write;
use std::time::Duration;

use crate::harness::{Outcome, Response, exchange, request};

use super::cases::get_req;
use super::*;

pub(super) fn send_case(port: u16, case: &Case) -> Outcome {
    match &case.send {
        Send::Plain(bytes) => request(port, bytes, TIMEOUT),
        Send::Big { head, body_len } => exchange(port, TIMEOUT, |s| {
            s.write_all(head)?;
            let chunk = vec![b'['; 64 * 1024];
            let mut left = *body_len;
            while left > 0 {
                let n = left.min(chunk.len());
                s.write_all(&chunk[..n])?;
                left -= n;
            }
            Ok(())
        }),
        Send::WriteAndClose(bytes) => {
            let _ = exchange(port, Duration::from_millis(1), |s| {
                s.write_all(bytes)?;
                s.shutdown(std::net::Shutdown::Both)
            });
            Outcome::Closed
        }
        Send::WriteAndHalfClose(bytes) => crate::harness::request_half_closed(port, bytes, TIMEOUT),
    }
}

/// Tallies, shared by the worker threads.
#[derive(Default)]
pub(super) struct Tally {
    pub(super) requests: usize,
    pub(super) by_status: BTreeMap<u16, usize>,
    pub(super) by_code: BTreeMap<String, usize>,
    pub(super) closed_without_response: usize,
    pub(super) closed_by_family: BTreeMap<&'static str, usize>,
    /// Bare 4xx answers (no body) of the HTTP parser to malformed
    /// requests or requests over its limits, by status.
    pub(super) bare_parser_4xx: BTreeMap<u16, usize>,
    pub(super) failures: Vec<String>,
}

impl Tally {
    pub(super) fn record(&mut self, case: &Case, outcome: Outcome) {
        self.requests += 1;
        let fail = |t: &mut Tally, what: String| {
            if t.failures.len() < 50 {
                t.failures.push(format!(
                    "[{}] {} -> {what}",
                    case.family,
                    case.request_line()
                ));
            }
        };
        match outcome {
            Outcome::Answered(r) => {
                *self.by_status.entry(r.status).or_default() += 1;
                self.check(case, &r, fail);
            }
            Outcome::Closed => {
                self.closed_without_response += 1;
                *self.closed_by_family.entry(case.family).or_default() += 1;
                if matches!(case.wire, Wire::Valid | Wire::OverParserLimit)
                    && !matches!(case.send, Send::Big { .. })
                {
                    fail(self, "closed without a response".into());
                }
            }
            Outcome::Garbage(b) => fail(
                self,
                format!(
                    "not an HTTP response: {:?}",
                    String::from_utf8_lossy(&b[..b.len().min(200)])
                ),
            ),
            Outcome::TimedOut if case.wire == Wire::Abandoned => {
                self.closed_without_response += 1;
                *self.closed_by_family.entry(case.family).or_default() += 1;
            }
            Outcome::TimedOut => fail(self, format!("no answer within {TIMEOUT:?}")),
            Outcome::ConnectFailed(e) => fail(self, format!("connect failed: {e}")),
        }
    }

    fn check(&mut self, case: &Case, r: &Response, fail: impl Fn(&mut Tally, String)) {
        let body = String::from_utf8_lossy(&r.body[..r.body.len().min(300)]).into_owned();
        if r.status >= 500 {
            fail(self, format!("{} {body}", r.status));
        }
        if r.status >= 400 {
            match r.error_code() {
                Some(code) => *self.by_code.entry(code).or_default() += 1,
                None if case.wire != Wire::Valid && r.body.is_empty() => {
                    *self.bare_parser_4xx.entry(r.status).or_default() += 1;
                }
                None => fail(self, format!("{} without a JSON error: {body:?}", r.status)),
            }
        }
    }
}

/// Slow clients: one byte per 100 ms for a few seconds, then a complete
/// request that must be answered.
pub(super) fn slow_client(port: u16, target: &str) -> Result<Response, String> {
    let raw = get_req(target.as_bytes());
    let outcome = exchange(port, TIMEOUT, |s| {
        for b in &raw {
            s.write_all(&[*b])?;
            std::thread::sleep(Duration::from_millis(100));
        }
        Ok(())
    });
    match outcome {
        Outcome::Answered(r) => Ok(r),
        other => Err(format!("slow client to {target}: {other:?}")),
    }
}
