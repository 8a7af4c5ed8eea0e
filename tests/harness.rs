//! Helpers for the tests that drive the real binary: starting it, a server
//! on a free loopback port, a tiny seeded random generator, and raw HTTP/1.1
//! over `std::net::TcpStream`.

#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// The real binary, with the environment that would change its defaults
/// removed.
pub fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_dangjian-search"));
    for var in [
        "DANGJIAN_INDEX",
        "DANGJIAN_ADDR",
        "DANGJIAN_WRITE_TOKEN",
        "DANGJIAN_CORPUS",
        "DANGJIAN_CORS_ORIGIN",
        "DANGJIAN_MAX_SEARCHES",
    ] {
        c.env_remove(var);
    }
    c.env("RUST_LOG", "warn");
    c
}

/// A port nobody listens on right now (on 127.0.0.1).
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// SplitMix64: small, seeded, good enough for picking delays and cases.
pub struct Rng(u64);

impl Rng {
    /// Seeded from `SEED` in the environment when set, else from the clock.
    /// The seed is printed so that a failing run can be replayed.
    pub fn from_env_or_clock(name: &str) -> Rng {
        let seed = std::env::var("SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| {
                SystemTime::now()
                    .duration_since(UNIX_EPOCH)
                    .map_or(1, |d| d.as_nanos() as u64)
            });
        eprintln!("{name}: SEED={seed}");
        Rng(seed)
    }

    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    pub fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }

    pub fn chance(&mut self, p: f64) -> bool {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }
}

/// The real binary serving on a free loopback port; killed when dropped.
pub struct Server {
    pub child: Child,
    pub port: u16,
    pub stderr_path: PathBuf,
}

impl Server {
    /// Starts `serve` over the index in `index` (built from the bundled
    /// corpus when missing), with `extra` arguments, and waits until
    /// `/api/health` answers.
    pub fn start(index: &Path, log_dir: &Path, extra: &[&str]) -> Server {
        let port = free_port();
        let stderr_path = log_dir.join(format!("server-{port}.log"));
        let log = std::fs::File::create(&stderr_path).unwrap();
        // `--index` after the subcommand: it is global, and that order
        // works whether or not top-level options conflict with subcommands.
        let child = bin()
            .arg("serve")
            .arg("--index")
            .arg(index)
            .args(["--addr", &format!("127.0.0.1:{port}"), "--corpus"])
            .arg(crate::fixtures::corpus_dir())
            .args(extra)
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .unwrap();
        let mut server = Server {
            child,
            port,
            stderr_path,
        };
        let deadline = Instant::now() + Duration::from_secs(120);
        loop {
            if let Some(r) = request(
                port,
                b"GET /api/health HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n",
                Duration::from_secs(5),
            )
            .response()
                && r.status == 200
            {
                break;
            }
            if let Ok(Some(status)) = server.child.try_wait() {
                panic!(
                    "the server exited before answering: {status}; log:\n{}",
                    server.log()
                );
            }
            assert!(
                Instant::now() < deadline,
                "the server did not come up; log:\n{}",
                server.log()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        server
    }

    /// Whether the process is still running.
    pub fn alive(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    /// What the server wrote to stderr so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.stderr_path).unwrap_or_default()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.child.kill().ok();
        self.child.wait().ok();
    }
}

/// A parsed HTTP response.
#[derive(Debug, Clone)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn json(&self) -> Option<serde_json::Value> {
        serde_json::from_slice(&self.body).ok()
    }

    /// `error.code` of a JSON error body.
    pub fn error_code(&self) -> Option<String> {
        self.json()?
            .get("error")?
            .get("code")?
            .as_str()
            .map(str::to_string)
    }
}

/// What came back on one connection.
#[derive(Debug)]
pub enum Outcome {
    /// A complete, parseable response.
    Answered(Response),
    /// The server closed (or reset) the connection without a response.
    Closed,
    /// Bytes came back that are not an HTTP response.
    Garbage(Vec<u8>),
    /// Nothing within the read timeout.
    TimedOut,
    /// Could not even connect.
    ConnectFailed(String),
}

impl Outcome {
    pub fn response(self) -> Option<Response> {
        match self {
            Outcome::Answered(r) => Some(r),
            _ => None,
        }
    }
}

/// Sends `raw` as it is on a fresh connection and reads the answer.
pub fn request(port: u16, raw: &[u8], timeout: Duration) -> Outcome {
    exchange(port, timeout, |s| s.write_all(raw))
}

/// Like [`request`], then half-closes the connection (the server sees EOF
/// after `raw`).
pub fn request_half_closed(port: u16, raw: &[u8], timeout: Duration) -> Outcome {
    exchange(port, timeout, |s| {
        s.write_all(raw)?;
        s.shutdown(Shutdown::Write)
    })
}

/// Connects, lets `send` write (errors such as a reset while writing are
/// expected with hostile requests and do not stop the read), then reads
/// until the server closes or `timeout` passes.
pub fn exchange(
    port: u16,
    timeout: Duration,
    send: impl FnOnce(&mut TcpStream) -> std::io::Result<()>,
) -> Outcome {
    let mut stream = match TcpStream::connect(("127.0.0.1", port)) {
        Ok(s) => s,
        Err(e) => return Outcome::ConnectFailed(e.to_string()),
    };
    stream.set_read_timeout(Some(timeout)).ok();
    stream.set_write_timeout(Some(timeout)).ok();
    stream.set_nodelay(true).ok();
    let _ = send(&mut stream);
    read_response(&mut stream, timeout)
}

/// Reads one response (until the connection closes, or until a complete
/// response has been read).
pub fn read_response(stream: &mut TcpStream, timeout: Duration) -> Outcome {
    let deadline = Instant::now() + timeout;
    let mut buf = Vec::new();
    let mut chunk = [0u8; 64 * 1024];
    loop {
        if let Some(r) = parse_response(&buf, false) {
            return Outcome::Answered(r);
        }
        if Instant::now() > deadline {
            return if buf.is_empty() {
                Outcome::TimedOut
            } else {
                Outcome::Garbage(buf)
            };
        }
        match stream.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) =>
            {
                return if buf.is_empty() {
                    Outcome::TimedOut
                } else {
                    Outcome::Garbage(buf)
                };
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            // Reset by the peer: whatever arrived before counts.
            Err(_) => break,
        }
    }
    match parse_response(&buf, true) {
        Some(r) => Outcome::Answered(r),
        None if buf.is_empty() => Outcome::Closed,
        None => Outcome::Garbage(buf),
    }
}

/// Parses a complete response from `buf`; `None` while incomplete. `eof`:
/// the connection is closed, so a body without framing is complete.
pub fn parse_response(buf: &[u8], eof: bool) -> Option<Response> {
    let head_end = buf.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = std::str::from_utf8(&buf[..head_end]).ok()?;
    let mut lines = head.split("\r\n");
    let status_line = lines.next()?;
    let mut parts = status_line.splitn(3, ' ');
    if !parts.next()?.starts_with("HTTP/1.") {
        return None;
    }
    let status: u16 = parts.next()?.parse().ok()?;
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    let rest = &buf[head_end + 4..];
    let get = |name: &str| {
        headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.clone())
    };
    let body = if get("transfer-encoding").is_some_and(|v| v.eq_ignore_ascii_case("chunked")) {
        dechunk(rest)?
    } else if let Some(len) = get("content-length") {
        let len: usize = len.parse().ok()?;
        if rest.len() < len {
            return None;
        }
        rest[..len].to_vec()
    } else if eof {
        // Delimited by the close.
        rest.to_vec()
    } else {
        return None;
    };
    Some(Response {
        status,
        headers,
        body,
    })
}

fn dechunk(mut rest: &[u8]) -> Option<Vec<u8>> {
    let mut body = Vec::new();
    loop {
        let line_end = rest.windows(2).position(|w| w == b"\r\n")?;
        let size_text = std::str::from_utf8(&rest[..line_end]).ok()?;
        let size = usize::from_str_radix(size_text.split(';').next()?.trim(), 16).ok()?;
        rest = &rest[line_end + 2..];
        if size == 0 {
            return Some(body);
        }
        if rest.len() < size + 2 {
            return None;
        }
        body.extend_from_slice(&rest[..size]);
        rest = &rest[size + 2..];
    }
}

/// A well-formed GET, answered or not.
pub fn get(port: u16, path_and_query: &str) -> Option<Response> {
    let raw = format!("GET {path_and_query} HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
    request(port, raw.as_bytes(), Duration::from_secs(10)).response()
}

/// Percent-encodes `s` for a query string.
pub fn enc(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// Sends one request with a JSON body and, when given, a bearer token; the
/// answer (panics when there is none).
pub fn send(port: u16, method: &str, path: &str, token: Option<&str>, body: &str) -> Response {
    let auth = token.map_or_else(String::new, |t| format!("Authorization: Bearer {t}\r\n"));
    let raw = format!(
        "{method} {path} HTTP/1.1\r\nHost: t\r\nConnection: close\r\n{auth}Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    request(port, raw.as_bytes(), Duration::from_secs(60))
        .response()
        .unwrap_or_else(|| panic!("no answer to {method} {path}"))
}

/// The number of articles `/api/health` reports.
pub fn article_count(port: u16) -> u64 {
    get(port, "/api/health")
        .and_then(|r| r.json())
        .and_then(|v| v["articles"].as_u64())
        .expect("health answers with a count")
}
