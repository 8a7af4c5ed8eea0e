//! The write audit log: refused without a token, lists every accepted
//! write newest first with who made it, and survives restarts.

use serde_json::Value;

use crate::fixtures::page_path;
use crate::harness::{Server, bin, send};

fn audit(port: u16, query: &str, token: Option<&str>) -> (u16, Value) {
    let r = send(port, "GET", &format!("/api/audit{query}"), token, "");
    (r.status, r.json().unwrap_or_default())
}

fn actions(v: &Value) -> Vec<(String, String)> {
    v["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["action"].as_str().unwrap().to_string(),
                e["who"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn the_audit_log_names_every_write_and_its_author_across_restarts() {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("idx");
    let tokens = [
        "--write-token",
        "desk:d-secret",
        "--write-token",
        "plain-secret",
    ];
    let server = Server::start(&index, dir.path(), &tokens);
    let port = server.port;

    assert_eq!(audit(port, "", None).0, 401);
    assert_eq!(audit(port, "", Some("wrong")).0, 401);
    let article = r#"{"id":"a-1","title":"审计测试","body":"正文。"}"#;
    assert_eq!(
        send(port, "POST", "/api/articles", Some("d-secret"), article).status,
        200
    );
    assert_eq!(
        send(
            port,
            "DELETE",
            "/api/articles/a-1",
            Some("plain-secret"),
            ""
        )
        .status,
        200
    );
    assert_eq!(
        send(
            port,
            "DELETE",
            "/api/articles/a-1",
            Some("plain-secret"),
            ""
        )
        .status,
        404
    );

    let (status, v) = audit(port, "?limit=10", Some("plain-secret"));
    assert_eq!(status, 200, "{v}");
    assert_eq!(
        actions(&v),
        [("delete", "default"), ("upsert", "desk"), ("ingest", "cli")]
            .map(|(a, w)| (a.to_string(), w.to_string()))
    );
    assert_eq!(v["entries"][1]["ids"][0], "a-1");
    assert_eq!(v["entries"][1]["counts"]["added"], 1);
    assert!(v["next_before"].is_null(), "one page holds it all");

    let (_, first) = audit(port, "?limit=1", Some("d-secret"));
    let cursor = first["next_before"].as_u64().unwrap();
    let (_, rest) = audit(port, &format!("?limit=5&before={cursor}"), Some("d-secret"));
    assert_eq!(actions(&rest)[0].0, "upsert");
    let (status, v) = audit(port, "?limit=0", Some("d-secret"));
    assert_eq!(
        (status, v["error"]["code"].as_str()),
        (400, Some("invalid_limit"))
    );
    drop(server);

    let o = bin()
        .arg("--index")
        .arg(&index)
        .arg("ingest")
        .arg(page_path())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let server = Server::start(&index, dir.path(), &tokens);
    let (_, v) = audit(server.port, "", Some("d-secret"));
    let seen = actions(&v);
    assert_eq!(seen.len(), 4, "the log survived the restart: {seen:?}");
    assert_eq!(seen[0], ("ingest".to_string(), "cli".to_string()));
    assert_eq!(v["entries"][0]["counts"]["unchanged"], 9);
}
