//! Latency percentiles and throughput.

use serde::Serialize;

/// Percentiles of a set of latencies, in milliseconds.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct Latency {
    pub count: usize,
    pub p50_ms: f64,
    pub p95_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
    pub mean_ms: f64,
    /// Queries per second over the whole run (wall clock).
    pub qps: f64,
}

impl Latency {
    /// Summarizes `ms` (one entry per query) measured over `wall_s` seconds.
    pub fn of(ms: &[f64], wall_s: f64) -> Latency {
        if ms.is_empty() {
            return Latency::default();
        }
        let mut v = ms.to_vec();
        v.sort_by(f64::total_cmp);
        let pct = |p: f64| v[((v.len() as f64 - 1.0) * p).round() as usize];
        Latency {
            count: v.len(),
            p50_ms: pct(0.50),
            p95_ms: pct(0.95),
            p99_ms: pct(0.99),
            max_ms: v[v.len() - 1],
            mean_ms: v.iter().sum::<f64>() / v.len() as f64,
            qps: v.len() as f64 / wall_s.max(1e-9),
        }
    }
}

/// Resident memory of process `pid` now, in bytes (Linux).
pub fn rss_bytes(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// Total size of the files in `path` (a folder, or one file), in bytes.
pub fn disk_bytes(path: &std::path::Path) -> u64 {
    if path.is_file() {
        return std::fs::metadata(path).map_or(0, |m| m.len());
    }
    std::fs::read_dir(path)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok()?.metadata().ok())
                .filter(|m| m.is_file())
                .map(|m| m.len())
                .sum()
        })
        .unwrap_or(0)
}

/// The peak memory the product prints at the end of an ingest
/// (`…; peak memory 726 MB`), in bytes.
pub fn peak_from_summary(stdout: &str) -> Option<u64> {
    stdout
        .split("peak memory ")
        .nth(1)
        .and_then(|s| s.split(' ').next())
        .and_then(|mb| mb.parse::<f64>().ok())
        .map(|mb| (mb * 1e6) as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_of_a_known_set() {
        let ms: Vec<f64> = (1..=100).map(f64::from).collect();
        let l = Latency::of(&ms, 2.0);
        assert_eq!((l.p50_ms, l.p99_ms, l.max_ms), (51.0, 99.0, 100.0));
        assert_eq!(l.qps, 50.0);
    }
}
