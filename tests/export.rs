//! Export: every match, as many rows as the search's total, CSV with a BOM
//! and a header, JSON Lines, errors before anything is streamed, and the
//! CLI's `search --export`.

use std::process::Command;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;

use dangjian::search::export::COLUMNS;
use dangjian::search::{Export, ExportFormat, SearchRequest};
use dangjian::server::{AppState, app};

use crate::fixtures::{corpus_dir, find, page_archive};

const BOM: &str = "\u{feff}";

async fn get(uri: &str) -> (StatusCode, Option<String>, String) {
    let app = app(AppState::new(page_archive().clone(), None, 4));
    let res = app
        .oneshot(Request::get(uri).body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = res.status();
    let ctype = res
        .headers()
        .get(header::CONTENT_TYPE)
        .map(|v| v.to_str().unwrap().to_string());
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    (status, ctype, String::from_utf8(bytes.to_vec()).unwrap())
}

fn csv_rows(text: &str) -> (Vec<String>, Vec<csv::StringRecord>) {
    let body = text.strip_prefix(BOM).expect("CSV starts with a BOM");
    let mut reader = csv::Reader::from_reader(body.as_bytes());
    let header = reader.headers().unwrap().iter().map(String::from).collect();
    (header, reader.records().map(Result::unwrap).collect())
}

#[tokio::test]
async fn csv_export_has_a_bom_a_header_and_every_match() {
    let total = find("群众").total as usize;
    assert!(total > 1);
    let (status, ctype, text) = get("/api/export?q=%E7%BE%A4%E4%BC%97&format=csv").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(ctype.as_deref(), Some("text/csv; charset=utf-8"));
    let (header, rows) = csv_rows(&text);
    assert_eq!(header, COLUMNS);
    assert_eq!(rows.len(), total);
    let ids: Vec<&str> = rows.iter().map(|r| &r[0]).collect();
    for hit in find("群众").hits {
        assert!(ids.contains(&hit.id.as_str()), "{} missing", hit.id);
    }
}

#[tokio::test]
async fn jsonl_export_has_one_object_per_match_with_the_columns() {
    let total = find("群众").total as usize;
    let (status, ctype, text) = get("/api/export?q=%E7%BE%A4%E4%BC%97&format=jsonl").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(ctype.as_deref(), Some("application/x-ndjson"));
    let rows: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), total);
    for key in COLUMNS {
        assert!(rows[0].get(key).is_some(), "row misses {key}");
    }
}

#[tokio::test]
async fn an_export_without_q_is_the_whole_archive_narrowed_by_filters() {
    let (_, _, text) = get("/api/export").await;
    let (_, rows) = csv_rows(&text);
    assert_eq!(rows.len() as u64, page_archive().num_articles());
    let author = &find("集体经济").hits[0].authors[0].name;
    let mut req = SearchRequest::new("");
    req.author = Some(author.clone());
    let expected = Export::prepare(page_archive(), &req).unwrap().total();
    let uri = format!(
        "/api/export?author={}",
        form_urlencoded::byte_serialize(author.as_bytes()).collect::<String>()
    );
    let (_, _, text) = get(&uri).await;
    let (_, rows) = csv_rows(&text);
    assert_eq!(rows.len() as u64, expected);
    assert!(expected >= 1 && expected < page_archive().num_articles());
}

#[tokio::test]
async fn bad_export_parameters_get_their_code_before_any_row() {
    for (uri, code) in [
        ("/api/export?q=a&format=xlsx", "invalid_format"),
        ("/api/export?q=a&from=2024-13-01", "invalid_date"),
        ("/api/export?q=a&q=b", "duplicate_parameter"),
    ] {
        let (status, ctype, text) = get(uri).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{uri}");
        assert_eq!(ctype.as_deref(), Some("application/json"), "{uri}");
        let v: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["error"]["code"], code, "{uri}");
    }
}

async fn post(uri: &str, body: &str) -> (StatusCode, String) {
    let app = app(AppState::new(page_archive().clone(), None, 4));
    let res = app
        .oneshot(
            Request::post(uri)
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(body.to_string()))
                .unwrap(),
        )
        .await
        .unwrap();
    let status = res.status();
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    (status, String::from_utf8(bytes.to_vec()).unwrap())
}

#[tokio::test]
async fn an_export_honours_the_entity_filters_like_search() {
    let req = SearchRequest {
        person: Some("史连成".into()),
        ..SearchRequest::new("社区")
    };
    let total = dangjian::search::search(page_archive(), &req)
        .unwrap()
        .total;
    assert_eq!(total, 1);
    let uri = format!(
        "/api/export?q=%E7%A4%BE%E5%8C%BA&person={}",
        form_urlencoded::byte_serialize("史连成".as_bytes()).collect::<String>()
    );
    let (status, _, text) = get(&uri).await;
    assert_eq!(status, StatusCode::OK);
    let (_, rows) = csv_rows(&text);
    assert_eq!(rows.len() as u64, total);
    assert_eq!(&rows[0][2], "银发力量为基层治理助力添彩");
    for (name, value) in [("place", "正蓝旗"), ("org", "乌拉特中旗农牧科技局")] {
        let encoded: String = form_urlencoded::byte_serialize(value.as_bytes()).collect();
        let (status, _, text) = get(&format!("/api/export?{name}={encoded}")).await;
        assert_eq!(status, StatusCode::OK, "{name}");
        let rows = csv_rows(&text).1.len() as u64;
        assert!(
            rows >= 1 && rows < page_archive().num_articles(),
            "{name}: {rows}"
        );
    }
}

#[tokio::test]
async fn a_posted_export_takes_the_search_body_and_its_format() {
    let total = find("群众").total as usize;
    let (status, text) = post(
        "/api/export",
        r#"{"q": "群众", "format": "jsonl", "limit": 3}"#,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(text.lines().count(), total);
    let (status, text) = post("/api/export", r#"{"q": ["a"]}"#).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(text.contains("invalid_json"), "{text}");
}

#[test]
fn an_export_over_the_limit_is_refused_before_it_starts() {
    let req = SearchRequest::new("群众");
    let total = find("群众").total;
    let err = match Export::prepare_at_most(page_archive(), &req, total - 1) {
        Err(e) => e,
        Ok(_) => panic!("an export over the limit was prepared"),
    };
    assert!(matches!(
        err,
        dangjian::Error::InvalidParameter {
            code: "export_too_large",
            ..
        }
    ));
    let export = Export::prepare_at_most(page_archive(), &req, total).unwrap();
    let mut out = Vec::new();
    assert_eq!(export.write(ExportFormat::Jsonl, &mut out).unwrap(), total);
}

#[test]
fn cli_search_export_writes_every_match_to_stdout() {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("idx");
    let bin = || {
        let mut c = Command::new(env!("CARGO_BIN_EXE_dangjian-search"));
        c.env_remove("DANGJIAN_INDEX").env("RUST_LOG", "warn");
        c.arg("--index").arg(&index);
        c
    };
    let o = bin().arg("ingest").arg(corpus_dir()).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let o = bin()
        .args(["search", "群众", "--export", "csv"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let (header, rows) = csv_rows(&String::from_utf8(o.stdout).unwrap());
    assert_eq!(header, COLUMNS);
    assert_eq!(rows.len() as u64, find("群众").total);
    let o = bin()
        .args(["search", "", "--export", "jsonl"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let lines = String::from_utf8(o.stdout).unwrap().lines().count() as u64;
    assert_eq!(lines, page_archive().num_articles());
    let o = bin()
        .args(["search", "群众", "--export", "xlsx"])
        .output()
        .unwrap();
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("csv or jsonl"));
}
