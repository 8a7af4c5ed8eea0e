//! Snapshots of a live index: taken while a server writes, they hold one
//! whole commit, serve on their own, and carry the audit log.

use std::process::Output;
use std::time::Duration;

use dangjian::index::Archive;

use crate::harness::{Server, article_count, bin, send};

const TOKEN: &str = "desk:s3cret";
const SECRET: &str = "s3cret";

fn article(i: usize) -> String {
    format!(r#"{{"id":"live-{i}","title":"快照期间写入的第{i}篇","body":"正文第{i}段。"}}"#)
}

fn run(args: &[&std::ffi::OsStr]) -> Output {
    bin().args(args).output().unwrap()
}

#[test]
fn a_snapshot_taken_while_a_server_writes_holds_one_whole_commit() {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("idx");
    let server = Server::start(&index, dir.path(), &["--write-token", TOKEN]);
    let port = server.port;
    let before = article_count(port);

    let writer = std::thread::spawn(move || {
        for i in 0..30 {
            let r = send(port, "POST", "/api/articles", Some(SECRET), &article(i));
            assert_eq!(r.status, 200, "{:?}", r.json());
            std::thread::sleep(Duration::from_millis(20));
        }
    });
    std::thread::sleep(Duration::from_millis(150));
    let dest = dir.path().join("copy");
    let o = run(&[
        "--index".as_ref(),
        index.as_os_str(),
        "snapshot".as_ref(),
        dest.as_os_str(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    writer.join().unwrap();
    let after = article_count(port);
    assert_eq!(after, before + 30);

    let copied = Archive::open(&dest).unwrap().num_articles();
    assert!(
        (before..=after).contains(&copied),
        "{before} <= {copied} <= {after}"
    );
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains(&format!("snapshot of {copied} articles")),
        "{out}"
    );
    assert!(
        dest.join("audit.jsonl").exists(),
        "the audit log travels with it"
    );

    // The copy serves on its own, with exactly that commit's articles.
    let copy = Server::start(&dest, dir.path(), &[]);
    assert_eq!(article_count(copy.port), copied);
    let r = crate::harness::get(
        copy.port,
        "/api/search?q=%E9%9B%86%E4%BD%93%E7%BB%8F%E6%B5%8E",
    )
    .unwrap();
    assert_eq!(r.json().unwrap()["total"], 1);
}

#[test]
fn the_api_takes_named_snapshots_into_its_snapshot_folder_only() {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("idx");
    let server = Server::start(&index, dir.path(), &["--write-token", TOKEN]);
    let port = server.port;
    let body = r#"{"name":"nightly-1"}"#;
    assert_eq!(send(port, "POST", "/api/snapshot", None, body).status, 401);

    let r = send(port, "POST", "/api/snapshot", Some(SECRET), body);
    assert_eq!(r.status, 201, "{:?}", r.json());
    let v = r.json().unwrap();
    assert_eq!(v["articles"], article_count(port));
    let made = dir.path().join("idx-snapshots").join("nightly-1");
    assert_eq!(
        Archive::open(&made).unwrap().num_articles(),
        article_count(port)
    );

    let r = send(port, "POST", "/api/snapshot", Some(SECRET), body);
    assert_eq!(
        (r.status, r.error_code().as_deref()),
        (409, Some("snapshot_exists"))
    );
    for bad in [
        r#"{"name":"../escape"}"#,
        r#"{"name":"/tmp/x"}"#,
        r#"{"name":".hidden"}"#,
    ] {
        let r = send(port, "POST", "/api/snapshot", Some(SECRET), bad);
        assert_eq!(
            (r.status, r.error_code().as_deref()),
            (400, Some("invalid_snapshot_name")),
            "{bad}"
        );
    }
    assert!(!dir.path().join("escape").exists());
    let r = send(port, "POST", "/api/snapshot", Some(SECRET), "");
    assert_eq!(r.status, 201, "a snapshot without a name gets the time");
}
