//! The real binary: ingest, search, stats, delete, and serving on a port.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::fixtures::{corpus_dir, page_id};

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_dangjian-search"));
    c.env_remove("DANGJIAN_INDEX")
        .env_remove("DANGJIAN_ADDR")
        .env("RUST_LOG", "warn");
    c
}

fn run(index: &Path, args: &[&str]) -> Output {
    bin().arg("--index").arg(index).args(args).output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn ingest_search_stats_delete() {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("idx");
    let corpus = corpus_dir();
    let o = run(&index, &["ingest", corpus.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(
        stdout(&o).contains("added 9, updated 0, deleted 0, unchanged 0, skipped 0"),
        "{}",
        stdout(&o)
    );

    let o = run(&index, &["ingest", corpus.to_str().unwrap()]);
    assert!(
        stdout(&o).contains("added 0, updated 0, deleted 0, unchanged 9"),
        "{}",
        stdout(&o)
    );

    let o = run(&index, &["search", "集体经济"]);
    let out = stdout(&o);
    assert!(out.starts_with("1 results"), "{out}");
    assert!(out.contains("集体经济激活社区“造血”功能"));
    assert!(!out.contains("<mark>"), "plain output off a terminal");

    let o = run(&index, &["search", "author:宋爽", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["total"], 3);

    let o = run(&index, &["stats"]);
    assert!(stdout(&o).contains("articles:    9"), "{}", stdout(&o));

    let o = run(&index, &["delete", &page_id(3)]);
    assert!(o.status.success());
    let o = run(&index, &["delete", &page_id(3)]);
    assert!(!o.status.success());
    let o = run(&index, &["stats"]);
    assert!(stdout(&o).contains("articles:    8"));
}

#[test]
fn a_malformed_archive_fails_with_file_and_line_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("idx");
    let good = dir.path().join("good.jsonl");
    std::fs::write(&good, "{\"id\":\"g\",\"title\":\"好\",\"body\":\"正文\"}\n").unwrap();
    assert!(
        run(&index, &["ingest", good.to_str().unwrap()])
            .status
            .success()
    );

    let bad = dir.path().join("bad.jsonl");
    std::fs::write(
        &bad,
        "{\"id\":\"1\",\"title\":\"t\",\"body\":\"b\"}\nnot json\n",
    )
    .unwrap();
    let o = run(&index, &["ingest", bad.to_str().unwrap()]);
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("bad.jsonl:2"), "{err}");
    assert!(stdout(&run(&index, &["stats"])).contains("articles:    1"));

    let o = run(&index, &["ingest", "--skip-bad", bad.to_str().unwrap()]);
    assert!(o.status.success());
    assert!(stdout(&o).contains("skipped 1"), "{}", stdout(&o));
}

#[test]
fn searching_without_an_index_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let o = run(&dir.path().join("none"), &["search", "x"]);
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("no index"));
}

fn http_get(port: u16, path: &str) -> Option<String> {
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

#[test]
fn serve_builds_the_index_and_answers_on_a_free_port() {
    let dir = tempfile::tempdir().unwrap();
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut child = bin()
        .arg("--index")
        .arg(dir.path().join("idx"))
        .args(["serve", "--addr", &format!("127.0.0.1:{port}"), "--corpus"])
        .arg(corpus_dir())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut health = None;
    while Instant::now() < deadline {
        if let Some(r) = http_get(port, "/api/health") {
            health = Some(r);
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let search = http_get(port, "/api/search?q=%E9%9B%86%E4%BD%93%E7%BB%8F%E6%B5%8E");
    child.kill().ok();
    child.wait().ok();
    let health = health.expect("server did not come up");
    assert!(health.contains("\"articles\":9"), "{health}");
    let search = search.unwrap();
    assert!(search.starts_with("HTTP/1.1 200"), "{search}");
    assert!(search.contains("集体经济激活社区"), "{search}");
}

#[test]
fn an_index_built_with_another_dictionary_is_refused_and_reindex_fixes_it() {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("idx");
    let corpus = corpus_dir();
    let corpus = corpus.to_str().unwrap();
    let bundled = corpus_dir().join("userdict.txt");
    let o = run(
        &index,
        &["ingest", corpus, "--dict", bundled.to_str().unwrap()],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));

    // Ingesting with another dictionary is refused, naming the way out.
    let other = dir.path().join("other.txt");
    std::fs::write(&other, "育才社区集体经济\n").unwrap();
    let other = other.to_str().unwrap();
    let o = run(&index, &["ingest", corpus, "--dict", other]);
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains(&format!("dangjian-search reindex --dict {other}")),
        "{err}"
    );
    assert!(stdout(&run(&index, &["stats"])).contains("articles:    9"));

    // An index whose terms were made with another dictionary than the one
    // it holds (as after an upgrade) is refused by every command.
    std::fs::write(index.join("userdict.txt"), "头雁工程\n").unwrap();
    let o = run(&index, &["search", "集体经济"]);
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("another analyzer"), "{err}");
    assert!(err.contains("dangjian-search reindex"), "{err}");

    // `reindex --dict` rebuilds it with the new dictionary.
    let o = run(&index, &["reindex", "--dict", other]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(
        stdout(&o).contains("reindexed 9 articles"),
        "{}",
        stdout(&o)
    );
    let o = run(&index, &["search", "育才社区集体经济", "--json"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["total"], 1);
    let o = run(&index, &["ingest", corpus, "--dict", other]);
    assert!(stdout(&o).contains("added 0, updated 9"), "{}", stdout(&o));
}
