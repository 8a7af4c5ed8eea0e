//! The real server under hostile HTTP: thousands of malformed, oversized,
//! truncated, slow and plain wrong requests over raw TCP. Nothing may get a
//! 5xx, every error the application answers is JSON with `error.code`, and
//! the server must still be healthy afterwards.
//!
//! `HOSTILE_REQUESTS=N` changes the number of requests (default 10,000).

use std::collections::BTreeMap;
use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::harness::{Outcome, Response, Rng, Server, enc, exchange, get, request};

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

fn get_req(target: &[u8]) -> Vec<u8> {
    let mut r = b"GET ".to_vec();
    r.extend_from_slice(target);
    r.extend_from_slice(b" HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
    r
}

fn with_body(method: &str, target: &str, headers: &[String], body: &[u8]) -> Vec<u8> {
    let mut r = format!("{method} {target} HTTP/1.1\r\nHost: t\r\nConnection: close\r\n");
    for h in headers {
        r.push_str(h);
        r.push_str("\r\n");
    }
    r.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
    let mut r = r.into_bytes();
    r.extend_from_slice(body);
    r
}

fn bearer(t: &str) -> String {
    format!("Authorization: Bearer {t}")
}

const QUERY_WORDS: &[&str] = &[
    "集体经济",
    "宝日呼吉尔",
    "\"头雁工程\"",
    "史连成 OR 头雁",
    "-集体 党建",
    "title:头雁",
    "author:宋爽",
    "NOT",
    "\"",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "%00",
    "😀🇨🇳",
    "e\u{301}\u{302}\u{303}",
    "\u{0}\u{1}\u{7f}",
    // Exclusions of 3+ characters (phrases of character pairs).
    "NOT 头雁工程",
    "NOT 宝日呼吉尔",
    "-史连成",
    "乡村振兴 -头雁工程",
    "集体经济 -\"马克思主义\"",
];

const BAD_VALUES: &[&str] = &[
    "",
    "-1",
    "0",
    "101",
    "1e3",
    "99999999999999999999999",
    "abc",
    "%ZZ",
    "%E9%9B",
    "%FF%FE",
    "NaN",
    " 5",
    "5 ",
    "+5",
    "0x10",
    "１０",
    "2023-02-30",
    "2023-13-01",
    "9999-99-99",
    "date_desc",
    "relevance%00",
    "true",
    "false",
    "yes",
];

const PARAMS: &[&str] = &[
    "limit",
    "offset",
    "sort",
    "from",
    "to",
    "fragments",
    "fragment_chars",
    "facets",
    "column",
    "author",
    "tag",
    "utm_source",
    "q[]",
    "",
];

/// A random hostile request.
fn make_case(rng: &mut Rng) -> Case {
    let plain = |family, wire, bytes| Case {
        family,
        wire,
        send: Send::Plain(bytes),
    };
    match rng.below(100) {
        // Search with random (mostly bad) parameter values.
        0..=24 => {
            let mut qs = Vec::new();
            if rng.chance(0.85) {
                qs.push(format!("q={}", enc(rng.pick(QUERY_WORDS))));
            }
            for _ in 0..rng.range(0, 4) {
                let p = rng.pick(PARAMS);
                let v = rng.pick(BAD_VALUES);
                // Some values go raw: bad percent-encodings, and ASCII that
                // the encoding would have escaped (`+`, `%`).
                let raw_ok = v.bytes().all(|b| b.is_ascii_graphic());
                let v = if raw_ok && (v.contains('%') || rng.chance(0.3)) {
                    v.to_string()
                } else {
                    enc(v)
                };
                qs.push(format!("{p}={v}"));
            }
            let target = format!("/api/search?{}", qs.join("&"));
            plain("bad_params", Wire::Valid, get_req(target.as_bytes()))
        }
        // Huge q (1 KB – 100 KB), encoded or raw. Past 65,534 bytes the
        // request target is over the limit of the `http` crate's `Uri`, and
        // hyper answers 414 itself, with an empty body.
        25..=27 => {
            let n = rng.range(1_000, 100_000);
            let q = if rng.chance(0.5) {
                enc(&"党".repeat(n / 9))
            } else {
                "a".repeat(n)
            };
            let target = format!("/api/search?q={q}");
            let wire = if target.len() > URI_LIMIT {
                Wire::OverParserLimit
            } else {
                Wire::Valid
            };
            plain("huge_q", wire, get_req(target.as_bytes()))
        }
        // Invalid percent-encoding.
        28..=35 => {
            let bad = rng.pick(&[
                "%ZZ",
                "%E9%9B",
                "%",
                "%%",
                "%E9",
                "%C0%AF",
                "%ED%A0%80",
                "%F4%90%80%80",
                "%00",
                "%0A%0D",
                "%2",
            ]);
            let target = match rng.below(3) {
                0 => format!("/api/search?q={bad}"),
                1 => format!("/api/search?q=党{bad}建&limit={bad}"),
                _ => format!("/api/articles/{bad}"),
            };
            plain("bad_percent", Wire::Valid, get_req(target.as_bytes()))
        }
        // Raw bytes that are not UTF-8 in the path or the query.
        36..=41 => {
            let junk: &[u8] = rng.pick(&[
                &[0xFF][..],
                &[0xE9, 0x9B],
                &[0xC0, 0xAF],
                &[0x80, 0x81, 0x82],
                &[0xED, 0xA0, 0x80],
                &[0xF8, 0x88, 0x80, 0x80, 0x80],
            ]);
            let mut target = match rng.below(3) {
                0 => b"/api/search?q=".to_vec(),
                1 => b"/api/articles/".to_vec(),
                _ => b"/api/".to_vec(),
            };
            target.extend_from_slice(junk);
            // Raw non-ASCII bytes are not allowed in a request target: the
            // HTTP parser may refuse them.
            plain("raw_non_utf8", Wire::Malformed, get_req(&target))
        }
        // Repeated parameters.
        42..=46 => {
            let p = rng.pick(&["q", "limit", "offset", "sort", "q", "from"]);
            let target = format!("/api/search?q=%E5%85%9A&{p}=1&{p}=2&{p}=3");
            plain("repeated_params", Wire::Valid, get_req(target.as_bytes()))
        }
        // Unknown routes.
        47..=52 => {
            let path = rng.pick(&[
                "/nope",
                "/api",
                "/api/",
                "/api/search/",
                "/api/articles",
                "/api/articles/",
                "/api/articles/../../etc/passwd",
                "/..%2F..%2Fetc%2Fpasswd",
                "/api//search",
                "//api/health",
                "/API/SEARCH?q=x",
                "/api/search%3Fq=x",
                "/api/articles/no-such-id",
                "/api/articles/%00",
                "/index.html",
                "/favicon.ico",
            ]);
            plain("unknown_route", Wire::Valid, get_req(path.as_bytes()))
        }
        // Wrong methods.
        53..=60 => {
            let method = rng.pick(&["PUT", "PATCH", "DELETE", "POST", "OPTIONS", "TRACE", "FOO"]);
            let path = rng.pick(&[
                "/api/search?q=x",
                "/api/health",
                "/api/stats",
                "/",
                "/api/openapi.json",
                "/api/articles",
            ]);
            plain(
                "wrong_method",
                Wire::Valid,
                with_body(method, path, &[], b"{}"),
            )
        }
        // Writes without a token, with a wrong one, with a bad header.
        61..=66 => {
            let auths = [
                String::new(),
                bearer("wrong"),
                bearer(""),
                "Authorization: Basic dXNlcjpwYXNz".to_string(),
                "Authorization: Bearer".to_string(),
                format!("Authorization: bearer {TOKEN}"),
                format!("Authorization: Bearer {TOKEN}x"),
                format!("Authorization: Bearer  {TOKEN} {TOKEN}"),
            ];
            let auth = auths[rng.below(auths.len())].clone();
            let headers: Vec<String> = if auth.is_empty() { vec![] } else { vec![auth] };
            let (method, path) = if rng.chance(0.7) {
                ("POST", "/api/articles".to_string())
            } else {
                (
                    "DELETE",
                    "/api/articles/000_d29847e9c32fafa7-03".to_string(),
                )
            };
            plain(
                "unauthorized_write",
                Wire::Valid,
                with_body(
                    method,
                    &path,
                    &headers,
                    br#"{"id":"x","title":"t","body":"b"}"#,
                ),
            )
        }
        // Writes with the token and a bad body.
        67..=74 => {
            let bodies: &[&[u8]] = &[
                b"",
                b"{",
                b"not json",
                b"[]",
                b"[1,2]",
                b"null",
                b"\"str\"",
                br#"{"id":"","title":"t","body":"b"}"#,
                br#"{"id":"x","title":"","body":"b"}"#,
                br#"{"id":"x","title":"t","body":""}"#,
                br#"{"id":"x","title":"t","body":3}"#,
                br#"{"id":"x","title":"t","body":"b","date":"2023-02-30"}"#,
                br#"{"id":"x","title":"t","body":"b","authors":[{"name":""}]}"#,
                br#"{"id":"x","title":"t","body":"b","authors":[{"name":"a","role":"boss"}]}"#,
                br#"{"id":{"a":1},"title":"t","body":"b"}"#,
                br#"{"id":"x\u0000y","title":"t","body":"b"}"#,
                b"\xff\xfe{}",
                br#"[{"id":"ok","title":"t","body":"b"},{"id":"bad"}]"#,
            ];
            let body = rng.pick(bodies);
            let ct = rng.pick(&[
                "Content-Type: application/json",
                "Content-Type: text/plain",
                "Content-Type: application/x-www-form-urlencoded",
            ]);
            plain(
                "bad_body",
                Wire::Valid,
                with_body(
                    "POST",
                    "/api/articles",
                    &[bearer(TOKEN), ct.to_string()],
                    body,
                ),
            )
        }
        // Oversized bodies: > 8 MiB, announced and sent.
        75 => {
            let body_len = 8 * 1024 * 1024 + rng.range(1, 1024 * 1024);
            let auth = if rng.chance(0.7) {
                bearer(TOKEN)
            } else {
                bearer("wrong")
            };
            let head = format!(
                "POST /api/articles HTTP/1.1\r\nHost: t\r\nConnection: close\r\n{auth}\r\nContent-Type: application/json\r\nContent-Length: {body_len}\r\n\r\n"
            );
            Case {
                family: "oversized_body",
                wire: Wire::Valid,
                send: Send::Big {
                    head: head.into_bytes(),
                    body_len,
                },
            }
        }
        // Truncated bodies: Content-Length larger than what is sent.
        76..=81 => {
            let sent = br#"{"id":"trunc","title":"t","bo"#;
            let claimed = sent.len() + rng.range(1, 100_000);
            let mut r = format!(
                "POST /api/articles HTTP/1.1\r\nHost: t\r\nConnection: close\r\n{}\r\nContent-Type: application/json\r\nContent-Length: {claimed}\r\n\r\n",
                bearer(TOKEN)
            )
            .into_bytes();
            r.extend_from_slice(sent);
            Case {
                family: "truncated_body",
                wire: Wire::Abandoned,
                send: if rng.chance(0.5) {
                    Send::WriteAndClose(r)
                } else {
                    Send::WriteAndHalfClose(r)
                },
            }
        }
        // Garbage request lines and broken HTTP.
        82..=91 => {
            let garbage: Vec<u8> = match rng.below(14) {
                0 => b"\r\n\r\n".to_vec(),
                1 => b"GET\r\n\r\n".to_vec(),
                2 => b"GET / HTTP/9.9\r\n\r\n".to_vec(),
                3 => b"GET / FOO/1.1\r\nHost: t\r\n\r\n".to_vec(),
                4 => b"G\x00ET / HTTP/1.1\r\n\r\n".to_vec(),
                5 => b"GET /api/health HTTP/1.1\r\nHost t\r\n\r\n".to_vec(),
                6 => b"GET /api/health HTTP/1.1\r\nContent-Length: -1\r\n\r\n".to_vec(),
                7 => {
                    b"GET /api/health HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nxx"
                        .to_vec()
                }
                8 => b"POST /api/articles HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nZZZ\r\n"
                    .to_vec(),
                9 => {
                    let mut h = b"GET /api/health HTTP/1.1\r\nX-Big: ".to_vec();
                    h.extend(std::iter::repeat_n(b'a', 200_000));
                    h.extend_from_slice(b"\r\n\r\n");
                    h
                }
                10 => (0..rng.range(1, 300))
                    .map(|_| (rng.next_u64() & 0xFF) as u8)
                    .collect(),
                11 => b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03".to_vec(),
                12 => b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".to_vec(),
                _ => {
                    let mut h = b"GET /api/health HTTP/1.1\r\n".to_vec();
                    for i in 0..500 {
                        h.extend_from_slice(format!("X-H{i}: v\r\n").as_bytes());
                    }
                    h.extend_from_slice(b"\r\n");
                    h
                }
            };
            Case {
                family: "garbage",
                wire: Wire::Malformed,
                // Half-closed: much of it is an incomplete request head that
                // the server would otherwise wait for (see
                // `an_incomplete_request_head_is_not_held_open`).
                send: Send::WriteAndHalfClose(garbage),
            }
        }
        // Ordinary requests in between: they must keep working.
        _ => {
            let path = rng.pick(&[
                "/api/health",
                "/api/stats",
                "/api/openapi.json",
                "/",
                "/api/articles/000_d29847e9c32fafa7-03",
            ]);
            let target = if rng.chance(0.5) {
                format!("/api/search?q={}", enc(rng.pick(QUERY_WORDS)))
            } else {
                path.to_string()
            };
            plain("ordinary", Wire::Valid, get_req(target.as_bytes()))
        }
    }
}

fn send_case(port: u16, case: &Case) -> Outcome {
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
struct Tally {
    requests: usize,
    by_status: BTreeMap<u16, usize>,
    by_code: BTreeMap<String, usize>,
    closed_without_response: usize,
    closed_by_family: BTreeMap<&'static str, usize>,
    /// Bare 4xx answers (no body) of the HTTP parser to malformed
    /// requests or requests over its limits, by status.
    bare_parser_4xx: BTreeMap<u16, usize>,
    failures: Vec<String>,
}

impl Tally {
    fn record(&mut self, case: &Case, outcome: Outcome) {
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
fn slow_client(port: u16, target: &str) -> Result<Response, String> {
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

#[test]
fn hostile_requests_never_get_a_5xx_and_leave_the_server_healthy() {
    let total: usize = std::env::var("HOSTILE_REQUESTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let dir = tempfile::tempdir().unwrap();
    // The index in one segment, in page order, so that every run searches
    // the same layout (the server's own ingest uses one thread per core).
    let out = crate::harness::bin()
        .arg("ingest")
        .arg("--index")
        .arg(dir.path().join("idx"))
        .arg(crate::fixtures::corpus_dir())
        .arg("--dict")
        .arg(crate::fixtures::corpus_dir().join("userdict.txt"))
        .args(["--threads", "1"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut server = Server::start(
        &dir.path().join("idx"),
        dir.path(),
        &["--write-token", TOKEN],
    );
    let port = server.port;
    let started = Instant::now();
    let mut seed_rng = Rng::from_env_or_clock("hostile_http");

    // Slow clients, alongside the flood.
    let slow: Vec<_> = [
        "/api/health",
        "/api/search?q=%E9%9B%86%E4%BD%93",
        "/api/search?q=x&limit=zz",
    ]
    .into_iter()
    .map(|t| std::thread::spawn(move || slow_client(port, t)))
    .collect();

    let tally = Arc::new(Mutex::new(Tally::default()));
    let next = Arc::new(AtomicUsize::new(0));
    let workers: Vec<_> = (0..THREADS)
        .map(|_| {
            let tally = tally.clone();
            let next = next.clone();
            let mut rng = Rng::new(seed_rng.next_u64());
            std::thread::spawn(move || {
                while next.fetch_add(1, Ordering::Relaxed) < total {
                    let case = make_case(&mut rng);
                    let outcome = send_case(port, &case);
                    tally.lock().unwrap().record(&case, outcome);
                }
            })
        })
        .collect();
    for w in workers {
        w.join().unwrap();
    }
    let slow: Vec<Result<Response, String>> = slow.into_iter().map(|h| h.join().unwrap()).collect();
    let flood_secs = started.elapsed().as_secs_f64();

    let alive = server.alive();
    let health = get(port, "/api/health");
    let tally = tally.lock().unwrap();
    let classes: BTreeMap<String, usize> =
        tally
            .by_status
            .iter()
            .fold(BTreeMap::new(), |mut m, (s, n)| {
                *m.entry(format!("{}xx", s / 100)).or_default() += n;
                m
            });
    println!(
        "hostile_http: {} requests in {flood_secs:.1} s ({:.0}/s) + {} slow clients; by class {classes:?}; by status {:?}; \
         closed without response {} {:?}; bare HTTP-parser 4xx {:?}; error codes {:?}",
        tally.requests,
        tally.requests as f64 / flood_secs,
        slow.len(),
        tally.by_status,
        tally.closed_without_response,
        tally.closed_by_family,
        tally.bare_parser_4xx,
        tally.by_code,
    );

    let log = server.log();
    assert!(alive, "the server died; log:\n{log}");
    let health = health.expect("no answer from /api/health after the flood");
    assert_eq!(health.status, 200, "{health:?}");
    assert_eq!(tally.requests, total);
    assert!(
        tally.failures.is_empty(),
        "{} failures, first ones:\n{}",
        tally.failures.len(),
        tally.failures.join("\n")
    );
    for r in &slow {
        let r = r.as_ref().unwrap();
        assert!(r.status < 500, "slow client got {r:?}");
        if r.status >= 400 {
            assert!(r.error_code().is_some(), "slow client got {r:?}");
        }
    }
    assert!(
        !log.contains("panicked"),
        "the server log shows a panic:\n{log}"
    );
}

/// How long the server keeps a connection whose request never completes:
/// `None` when it was still open after `patience`.
fn held_for(port: u16, sent: &'static [u8], patience: Duration) -> Option<Duration> {
    use std::io::Read;
    let started = Instant::now();
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.write_all(sent).unwrap();
    s.set_read_timeout(Some(Duration::from_millis(500)))
        .unwrap();
    let mut buf = [0u8; 4096];
    while started.elapsed() < patience {
        match s.read(&mut buf) {
            // Closed, reset, or an answer (a 408, say): the server let go.
            Ok(_) => return Some(started.elapsed()),
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) => {}
            Err(_) => return Some(started.elapsed()),
        }
    }
    None
}

/// A client that opens a connection and never finishes its request head
/// (slowloris), or never sends anything, must not hold the connection past
/// the documented 30 s request time.
#[test]
fn an_incomplete_request_head_is_not_held_open() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(&dir.path().join("idx"), dir.path(), &[]);
    let port = server.port;
    let patience = dangjian::server::REQUEST_TIMEOUT + Duration::from_secs(8);
    let probes: Vec<_> = [
        &b"GET /api/health HTTP/1.1\r\nHost: t\r\n"[..],
        &b"GET /api/sea"[..],
        &b""[..],
    ]
    .into_iter()
    .map(|sent| std::thread::spawn(move || (sent, held_for(port, sent, patience))))
    .collect();
    let results: Vec<_> = probes.into_iter().map(|p| p.join().unwrap()).collect();
    println!("incomplete request heads: {results:?}");
    for (sent, held) in results {
        assert!(
            held.is_some(),
            "a connection that sent {:?} was still open after {patience:?}",
            String::from_utf8_lossy(sent)
        );
    }
}
