//! The HTTP load test: the real server in a child process, `wrk` from a
//! second process on loopback, 16 connections, the query mix.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde::Serialize;

use super::queries::BenchQuery;
use super::stats::rss_bytes;
use crate::error::{Error, Result};

/// What the load test measured.
#[derive(Debug, Clone, Serialize)]
pub struct HttpFigures {
    pub seconds: u64,
    pub connections: u32,
    pub requests: u64,
    pub qps: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
    /// Non-2xx answers plus socket errors.
    pub errors: u64,
    /// The server's resident memory after the load.
    pub rss_bytes: Option<u64>,
    /// The server's cache of responses after the load (`/api/health`):
    /// searches answered from it and searches run; `None` with the cache
    /// off.
    pub cache_hits: Option<u64>,
    pub cache_misses: Option<u64>,
}

/// Which server the load test runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cache {
    /// As it ships: with its cache of responses.
    On,
    /// `--search-cache-mb 0`: every request searches.
    Off,
}

/// Whether `wrk` runs here; `bench/install.sh` installs it.
pub fn wrk_available() -> bool {
    Command::new("wrk").arg("--version").output().is_ok()
}

fn get(port: u16, path: &str) -> Option<String> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    let mut out = String::new();
    s.read_to_string(&mut out).ok()?;
    Some(out)
}

/// Parses a wrk latency such as `1.23ms`, `850.00us` or `1.02s` into ms.
fn wrk_ms(s: &str) -> Option<f64> {
    let s = s.trim();
    let (num, factor) = if let Some(n) = s.strip_suffix("us") {
        (n, 1e-3)
    } else if let Some(n) = s.strip_suffix("ms") {
        (n, 1.0)
    } else if let Some(n) = s.strip_suffix('s') {
        (n, 1e3)
    } else {
        (s, 1.0)
    };
    num.parse::<f64>().ok().map(|v| v * factor)
}

/// Runs the load test against a server on `index`; `None` without wrk
/// (see [`wrk_available`]).
pub fn run(
    exe: &Path,
    index: &Path,
    queries: &[BenchQuery],
    out: &Path,
    seconds: u64,
    cache: Cache,
) -> Result<Option<HttpFigures>> {
    if !wrk_available() {
        return Ok(None);
    }
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map_err(|e| Error::io(out, e))?
        .port();
    let mut child = Command::new(exe)
        .arg("--index")
        .arg(index)
        .args(["serve", "--addr", &format!("127.0.0.1:{port}")])
        .args(match cache {
            Cache::On => &[][..],
            Cache::Off => &["--search-cache-mb", "0"][..],
        })
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| Error::io(exe, e))?;
    let deadline = Instant::now() + Duration::from_secs(60);
    while get(port, "/api/health").is_none() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(100));
    }
    let mut lua = String::from("local paths = {\n");
    for q in queries {
        let enc: String = form_urlencoded::byte_serialize(q.q.as_bytes()).collect();
        lua.push_str(&format!(
            "  \"/api/search?q={}\",\n",
            enc.replace('\\', "\\\\").replace('"', "\\\"")
        ));
    }
    lua.push_str(
        "}\nlocal i = 0\nrequest = function()\n  i = i + 1\n  return wrk.format(\"GET\", paths[(i % #paths) + 1])\nend\n",
    );
    let script = out.join("queries.lua");
    std::fs::write(&script, lua).map_err(|e| Error::io(&script, e))?;
    let output = Command::new("wrk")
        .args(["-t2", "-c16", &format!("-d{seconds}s"), "--latency", "-s"])
        .arg(&script)
        .arg(format!("http://127.0.0.1:{port}"))
        .output();
    let rss = rss_bytes(child.id());
    let health: Option<serde_json::Value> = get(port, "/api/health")
        .and_then(|r| r.split_once("\r\n\r\n").map(|(_, body)| body.to_string()))
        .and_then(|body| serde_json::from_str(&body).ok());
    let cache_count = |key: &str| {
        let stats = health.as_ref()?.get("search_cache")?;
        (stats.get("capacity")?.as_u64()? > 0).then(|| stats.get(key)?.as_u64())?
    };
    let _ = child.kill();
    let _ = child.wait();
    let output = output.map_err(|e| Error::io("wrk", e))?;
    let text = String::from_utf8_lossy(&output.stdout).into_owned();
    let name = match cache {
        Cache::On => "wrk.txt",
        Cache::Off => "wrk-uncached.txt",
    };
    std::fs::write(out.join(name), &text).map_err(|e| Error::io(out, e))?;
    let field = |prefix: &str| -> Option<String> {
        text.lines()
            .map(str::trim)
            .find(|l| l.starts_with(prefix))
            .map(|l| l[prefix.len()..].trim().to_string())
    };
    let requests = text
        .lines()
        .find(|l| l.contains("requests in"))
        .and_then(|l| l.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    let errors: u64 = field("Non-2xx or 3xx responses:")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
        + field("Socket errors:")
            .map(|v| {
                v.split(',')
                    .filter_map(|p| p.split_whitespace().last()?.parse::<u64>().ok())
                    .sum()
            })
            .unwrap_or(0);
    Ok(Some(HttpFigures {
        seconds,
        connections: 16,
        requests,
        qps: field("Requests/sec:")
            .and_then(|v| v.parse().ok())
            .unwrap_or(0.0),
        p50_ms: field("50%").and_then(|v| wrk_ms(&v)).unwrap_or(0.0),
        p99_ms: field("99%").and_then(|v| wrk_ms(&v)).unwrap_or(0.0),
        errors,
        rss_bytes: rss,
        cache_hits: cache_count("hits"),
        cache_misses: cache_count("misses"),
    }))
}
