//! Crash safety of ingest with the real binary: ingest runs SIGKILLed at
//! random moments leave the index at its last commit, whole (every batch
//! all or nothing), searchable, and writable again; a second concurrent
//! writer is refused with a clear error.
//!
//! Opt-in, it takes minutes:
//! `cargo test --release --test tests -- --ignored crash --nocapture`.
//! `CRASH_BATCHES` (default 20), `CRASH_BATCH_SIZE` (default 3000),
//! `CRASH_KILLS_PER_BATCH` (default 2) and `SEED` change the run.

use std::collections::BTreeSet;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::json;

use dangjian::index::Archive;
use dangjian::search::{SearchRequest, matching_ids, search};

use crate::fixtures::corpus_dir;
use crate::harness::{Rng, bin};

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

const WORDS: &[&str] = &[
    "集体经济",
    "乡村振兴",
    "基层党组织",
    "党建引领",
    "社区治理",
    "头雁工程",
    "人才",
    "产业",
    "群众",
    "服务",
    "发展",
    "合作社",
    "网格员",
    "志愿者",
    "干部",
    "培训",
    "增收",
    "村民",
    "嘎查",
    "旗县",
    "街道",
    "党员",
    "示范",
    "创新",
    "项目",
    "农牧民",
    "生态",
    "文化",
    "振兴",
    "实践",
];
const PUNCT: &[&str] = &["，", "，", "、", "。", "；", "：", "！"];

/// A sentence of `min..=max` words.
fn sentence(rng: &mut Rng, min: usize, max: usize) -> String {
    let words = rng.range(min, max);
    let mut s = String::new();
    for i in 0..words {
        s.push_str(rng.pick(WORDS));
        if i + 1 < words && rng.chance(0.25) {
            s.push_str(rng.pick(PUNCT));
        }
    }
    s.push('。');
    s
}

/// The marker that only article `id` contains.
fn marker(id: &str) -> String {
    format!("〔{id}〕")
}

fn id(batch: usize, n: usize) -> String {
    format!("b{batch}-{n}")
}

/// Writes batch `b` as one JSONL file.
fn write_batch(dir: &Path, rng: &mut Rng, b: usize, size: usize) -> PathBuf {
    let path = dir.join(format!("batch-{b:02}.jsonl"));
    let mut f = BufWriter::new(std::fs::File::create(&path).unwrap());
    for n in 0..size {
        let id = id(b, n);
        let paragraphs: Vec<String> = (0..rng.range(2, 5))
            .map(|_| (0..rng.range(2, 5)).map(|_| sentence(rng, 4, 12)).collect())
            .collect();
        let mut body = paragraphs.join("\n");
        body.push_str(&format!("\n编号{}。", marker(&id)));
        let line = json!({
            "id": id,
            "title": format!("{}{}", sentence(rng, 2, 4).trim_end_matches('。'), b),
            "date": format!("20{:02}-{:02}-{:02}", 12 + b % 14, 1 + n % 12, 1 + n % 28),
            "column": rng.pick(&["北疆党旗红", "基层风采", "党建视窗"]),
            "body": body,
        });
        writeln!(f, "{line}").unwrap();
    }
    f.flush().unwrap();
    path
}

fn ingest_cmd(index: &Path, file: &Path) -> Command {
    let mut c = bin();
    c.arg("ingest")
        .arg("--index")
        .arg(index)
        .arg(file)
        .arg("--dict")
        .arg(corpus_dir().join("userdict.txt"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    c
}

/// Runs an ingest to completion; panics unless it succeeds. Its duration.
fn ingest_ok(index: &Path, file: &Path) -> Duration {
    let started = Instant::now();
    let out = ingest_cmd(index, file).output().unwrap();
    assert!(
        out.status.success(),
        "ingest {} failed: {}",
        file.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    started.elapsed()
}

/// FNV-1a over the sorted ids, one per line.
fn checksum<'a>(ids: impl IntoIterator<Item = &'a String>) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for id in ids {
        for b in id.bytes().chain([b'\n']) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

fn batch_ids(b: usize, size: usize) -> BTreeSet<String> {
    (0..size).map(|n| id(b, n)).collect()
}

/// The ids in the index's last commit.
fn ids_in(index: &Path) -> (BTreeSet<String>, u64) {
    let archive = Archive::open(index).expect("the index no longer opens");
    let ids: Vec<String> = matching_ids(&archive, &SearchRequest::new("")).unwrap();
    let n = ids.len();
    let set: BTreeSet<String> = ids.into_iter().collect();
    assert_eq!(set.len(), n, "duplicate ids in the index");
    assert_eq!(archive.num_articles(), n as u64);
    (set, archive.num_articles())
}

/// A quoted search for some committed article's marker finds exactly it.
fn check_search(index: &Path, rng: &mut Rng, committed: &[usize], size: usize) {
    let archive = Archive::open(index).unwrap();
    for _ in 0..3 {
        let b = rng.pick(committed);
        let want = id(b, rng.below(size));
        let res = search(
            &archive,
            &SearchRequest::new(format!("\"{}\"", marker(&want))),
        )
        .unwrap();
        assert_eq!(res.total, 1, "searching for {want}");
        assert_eq!(res.hits[0].id, want);
    }
}

/// Whether process `pid` holds the index's writer lock, by `/proc/locks`
/// (tantivy takes an `flock` on `.tantivy-writer.lock`).
fn holds_writer_lock(index: &Path, pid: u32) -> bool {
    use std::os::unix::fs::MetadataExt;
    let Ok(meta) = std::fs::metadata(index.join(".tantivy-writer.lock")) else {
        return false;
    };
    let ino = meta.ino().to_string();
    let locks = std::fs::read_to_string("/proc/locks").unwrap_or_default();
    locks.lines().any(|l| {
        let f: Vec<&str> = l.split_whitespace().collect();
        // `1: FLOCK  ADVISORY  WRITE 1234 08:01:5678 0 EOF`
        f.len() >= 6 && f[4] == pid.to_string() && f[5].rsplit(':').next() == Some(ino.as_str())
    })
}

fn median(v: &[Duration]) -> Duration {
    let mut v = v.to_vec();
    v.sort();
    v[v.len() / 2]
}

#[test]
#[ignore = "slow (minutes): SIGKILLs ingest runs; cargo test --release --test tests -- --ignored crash"]
fn crash_safety_killed_ingests_lose_nothing_committed() {
    let batches = env_usize("CRASH_BATCHES", 20).max(2);
    let size = env_usize("CRASH_BATCH_SIZE", 3000).max(1);
    let kills_per_batch = env_usize("CRASH_KILLS_PER_BATCH", 2).max(1);
    let mut rng = Rng::from_env_or_clock("crash_safety");
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("idx");
    let started = Instant::now();

    let files: Vec<PathBuf> = (0..batches)
        .map(|b| write_batch(dir.path(), &mut rng, b, size))
        .collect();
    let bytes: u64 = files
        .iter()
        .map(|f| std::fs::metadata(f).unwrap().len())
        .sum();
    println!(
        "crash_safety: generated {batches} batches x {size} articles ({:.1} MB) in {:.1} s",
        bytes as f64 / 1e6,
        started.elapsed().as_secs_f64()
    );

    let mut committed: Vec<usize> = vec![0];
    let mut expected: BTreeSet<String> = batch_ids(0, size);
    let mut durations = vec![ingest_ok(&index, &files[0])];
    let (mut runs, mut kills, mut landed_after_commit, mut finished_first) = (1, 0, 0, 0);

    for (b, file) in files.iter().enumerate().skip(1) {
        for _ in 0..kills_per_batch {
            let typical = median(&durations);
            // Uniform over a typical run, or near its end (the commit).
            let frac = if rng.chance(0.5) {
                rng.below(1001) as f64 / 1000.0
            } else {
                0.8 + rng.below(251) as f64 / 1000.0
            };
            let delay = typical.mul_f64(frac);
            let mut child = ingest_cmd(&index, file)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap();
            runs += 1;
            std::thread::sleep(delay);
            let exited_before = child.try_wait().unwrap();
            let status = match exited_before {
                Some(s) => s,
                None => {
                    child.kill().unwrap(); // SIGKILL
                    child.wait().unwrap()
                }
            };
            let killed = exited_before.is_none();
            if killed {
                kills += 1;
            } else {
                finished_first += 1;
                assert!(
                    status.success(),
                    "batch {b} ingest failed on its own: {status}"
                );
            }

            let (ids, count) = ids_in(&index);
            let with_batch: BTreeSet<String> =
                expected.union(&batch_ids(b, size)).cloned().collect();
            if ids == with_batch && !expected.contains(&id(b, 0)) {
                // The kill came after the commit (or the run finished).
                if killed {
                    landed_after_commit += 1;
                }
                expected = with_batch;
                committed.push(b);
            } else {
                let lost: Vec<&String> = expected.difference(&ids).take(5).collect();
                let extra: Vec<&String> = ids.difference(&expected).take(5).collect();
                assert!(
                    ids == expected,
                    "batch {b}, kill after {delay:?} (killed: {killed}): the index holds {count} articles, \
                     expected {} (or {} with the whole batch); lost e.g. {lost:?}, extra e.g. {extra:?}",
                    expected.len(),
                    with_batch.len(),
                );
                assert!(!killed || !status.success());
            }
            assert_eq!(checksum(&ids), checksum(&expected));
            check_search(&index, &mut rng, &committed, size);
        }
        // Then the batch to completion.
        durations.push(ingest_ok(&index, file));
        runs += 1;
        if !committed.contains(&b) {
            committed.push(b);
            expected.extend(batch_ids(b, size));
        }
        let (ids, _) = ids_in(&index);
        assert_eq!(ids.len(), expected.len());
        assert_eq!(
            checksum(&ids),
            checksum(&expected),
            "after re-running batch {b}"
        );
    }

    // A second writer while an ingest runs: refused, clearly.
    // The first re-ingests every batch (at least ~8 MB), so that it holds
    // the lock for a while; the second starts once the kernel shows the
    // first holding it.
    let big = dir.path().join("all.jsonl");
    {
        let mut out = BufWriter::new(std::fs::File::create(&big).unwrap());
        for _ in 0..(8_000_000 / bytes.max(1)).max(1) {
            for f in &files {
                out.write_all(&std::fs::read(f).unwrap()).unwrap();
            }
        }
        out.flush().unwrap();
    }
    let small = dir.path().join("small.jsonl");
    std::fs::write(
        &small,
        "{\"id\":\"second\",\"title\":\"第二个写入者\",\"body\":\"不应写入\"}\n",
    )
    .unwrap();
    let mut first = ingest_cmd(&index, &big).spawn().unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    while !holds_writer_lock(&index, first.id()) {
        assert!(
            first.try_wait().unwrap().is_none(),
            "the first writer ended before taking the lock"
        );
        assert!(
            Instant::now() < deadline,
            "the first writer never took the lock"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let second = ingest_cmd(&index, &small).output().unwrap();
    let first = first.wait_with_output().unwrap();
    let second_err = String::from_utf8_lossy(&second.stderr);
    assert!(
        first.status.success(),
        "the first writer failed: {}",
        String::from_utf8_lossy(&first.stderr)
    );
    assert!(!second.status.success(), "the second writer succeeded");
    assert!(
        second_err.contains("locked by another writer"),
        "second writer: {second_err}"
    );
    let (ids, count) = ids_in(&index);
    assert_eq!(checksum(&ids), checksum(&expected));
    assert!(!ids.contains("second"));

    let lost = expected.difference(&ids).count();
    println!(
        "crash_safety: {runs} ingest runs, {kills} SIGKILLed ({landed_after_commit} after their commit), \
         {finished_first} finished before the kill; typical run {:.2} s; final {count} articles, checksum {:016x}; \
         articles lost: {lost}; second writer: {:?}; total {:.0} s",
        median(&durations).as_secs_f64(),
        checksum(&ids),
        second_err.trim(),
        started.elapsed().as_secs_f64()
    );
    assert_eq!(lost, 0);
    assert!(kills >= 20 || batches < 11, "only {kills} kills");
}
