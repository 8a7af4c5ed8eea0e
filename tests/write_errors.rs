//! Write errors stay harmless: an ingest or API write that fails for lack
//! of room (a file-size limit, `ulimit -f`, with SIGXFSZ ignored so that
//! the write fails instead of killing the process) or of permission names
//! the cause, fails with a code, keeps the last commit whole and releases
//! the lock, so the next write works.

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use dangjian::index::Archive;

use crate::fixtures::corpus_dir;
use crate::harness::{Server, article_count, free_port, get, send};

/// File-size limit for the limited runs, in the shell's `ulimit -f` units
/// (512 or 1024 bytes): far below what the big batch needs.
const LIMIT_BLOCKS: u32 = 256;

/// The binary with `args`, run by a shell with a file-size limit and
/// SIGXFSZ ignored.
fn limited(args: &[&str]) -> Command {
    let mut c = Command::new("sh");
    c.arg("-c")
        .arg(format!(
            "trap '' XFSZ; ulimit -f {LIMIT_BLOCKS}; exec \"$0\" \"$@\""
        ))
        .arg(env!("CARGO_BIN_EXE_dangjian-search"))
        .args(args)
        .env_remove("DANGJIAN_WRITE_TOKEN")
        .env("RUST_LOG", "warn");
    c
}

fn cli(index: &Path, args: &[&str]) -> Output {
    crate::harness::bin()
        .arg("--index")
        .arg(index)
        .args(args)
        .output()
        .unwrap()
}

fn article(i: usize) -> String {
    let body = format!("第{i}篇：") + &"基层党组织建设持续加强，乡村振兴扎实推进。".repeat(60);
    format!(r#"{{"id":"big-{i}","title":"大批文章第{i}篇","body":"{body}"}}"#)
}

/// A JSONL archive far bigger, once indexed, than the limit.
fn big_jsonl(path: &Path, n: usize) {
    let lines: Vec<String> = (0..n).map(article).collect();
    std::fs::write(path, lines.join("\n")).unwrap();
}

#[test]
fn an_ingest_stopped_by_a_file_size_limit_keeps_the_last_commit_and_the_next_ingest_works() {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("idx");
    let o = cli(&index, &["ingest", corpus_dir().to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let big = dir.path().join("big.jsonl");
    big_jsonl(&big, 600);

    let index_arg = index.to_str().unwrap();
    let o = limited(&["--index", index_arg, "ingest", big.to_str().unwrap()])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success(), "the limited ingest must fail");
    assert!(
        stderr.contains("file too large"),
        "names the cause: {stderr}"
    );
    assert!(stderr.contains("nothing was committed"), "{stderr}");
    assert_eq!(
        Archive::open(&index).unwrap().num_articles(),
        9,
        "last commit whole"
    );

    // The lock was released: the same ingest without the limit works.
    let o = cli(&index, &["ingest", big.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(Archive::open(&index).unwrap().num_articles(), 609);
}

#[test]
fn an_api_write_stopped_by_a_file_size_limit_answers_507_and_the_archive_stays_whole() {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("idx");
    let o = cli(&index, &["ingest", corpus_dir().to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let port = free_port();
    let addr = format!("127.0.0.1:{port}");
    let child = limited(&["serve", "--index", index.to_str().unwrap(), "--addr", &addr])
        .args(["--write-token", "s3cret"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Dropping `Server` kills the child.
    let _server = Server {
        child,
        port,
        stderr_path: dir.path().join("none.log"),
    };
    let deadline = Instant::now() + Duration::from_secs(60);
    while get(port, "/api/health").is_none_or(|r| r.status != 200) {
        assert!(Instant::now() < deadline, "the server did not come up");
        std::thread::sleep(Duration::from_millis(100));
    }

    let batch = format!("[{}]", (0..600).map(article).collect::<Vec<_>>().join(","));
    let r = send(port, "POST", "/api/articles", Some("s3cret"), &batch);
    assert_eq!(
        (r.status, r.error_code().as_deref()),
        (507, Some("file_too_large")),
        "{:?}",
        r.json()
    );
    assert_eq!(article_count(port), 9, "the last commit is what is served");
    let small = r#"{"id":"small-1","title":"小文章","body":"短。"}"#;
    let r = send(port, "POST", "/api/articles", Some("s3cret"), small);
    assert_eq!(r.status, 200, "the lock was released: {:?}", r.json());
    assert_eq!(article_count(port), 10);
}

#[test]
fn an_ingest_into_a_read_only_folder_says_permission_denied() {
    let uid = Command::new("id").arg("-u").output().unwrap();
    if String::from_utf8_lossy(&uid.stdout).trim() == "0" {
        eprintln!("skipped: running as root, where a read-only folder does not stop writes");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("idx");
    let o = cli(&index, &["ingest", corpus_dir().to_str().unwrap()]);
    assert!(o.status.success());
    let big = dir.path().join("big.jsonl");
    big_jsonl(&big, 20);
    set_read_only(&index, true);
    let o = cli(&index, &["ingest", big.to_str().unwrap()]);
    set_read_only(&index, false);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success());
    assert!(stderr.contains("permission denied"), "{stderr}");
    assert_eq!(Archive::open(&index).unwrap().num_articles(), 9);
}

fn set_read_only(dir: &Path, read_only: bool) {
    let mut perms = std::fs::metadata(dir).unwrap().permissions();
    perms.set_readonly(read_only);
    std::fs::set_permissions(dir, perms).unwrap();
}
