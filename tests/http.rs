//! The HTTP API through `app()` with `oneshot`: shapes, codes, auth, writes.

use axum::Router;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use tower::ServiceExt;

use dangjian::server::{AppState, app};

use crate::fixtures::{fresh_page_archive, page_archive, page_id};

const TOKEN: &str = "s3cret-token";

fn read_app() -> Router {
    app(AppState::new(page_archive().clone(), Some(TOKEN.into()), 4))
}

pub(crate) async fn call(
    app: Router,
    method: Method,
    uri: &str,
    token: Option<&str>,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let mut req = Request::builder().method(method).uri(uri);
    if let Some(t) = token {
        req = req.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    let req = match body {
        Some(b) => req
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(b.to_string())),
        None => req.body(Body::empty()),
    }
    .unwrap();
    let res = app.oneshot(req).await.unwrap();
    let status = res.status();
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    let value = serde_json::from_slice(&bytes)
        .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into_owned()));
    (status, value)
}

/// GET `uri` from the app over the bundled page.
pub(crate) async fn get(uri: &str) -> (StatusCode, Value) {
    call(read_app(), Method::GET, uri, None, None).await
}

fn enc(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

#[tokio::test]
async fn search_answers_the_documented_shape() {
    let (status, v) = get(&format!("/api/search?q={}", enc("集体经济"))).await;
    assert_eq!(status, StatusCode::OK);
    for key in [
        "query", "total", "took_ms", "offset", "limit", "hits", "facets",
    ] {
        assert!(v.get(key).is_some(), "missing {key}");
    }
    let hit = &v["hits"][0];
    assert_eq!(hit["title"], "集体经济激活社区“造血”功能");
    for key in [
        "id",
        "title",
        "title_html",
        "date",
        "column",
        "authors",
        "tags",
        "score",
        "snippets",
    ] {
        assert!(hit.get(key).is_some(), "hit misses {key}");
    }
    assert_eq!(
        hit["authors"][0],
        json!({"name": "许敬", "role": "reporter"})
    );
    assert!(hit["snippets"][0].as_str().unwrap().contains("<mark>"));
    for key in ["column", "author", "tag", "year", "month"] {
        assert!(v["facets"][key].is_array(), "facet {key}");
    }
}

#[tokio::test]
async fn bad_parameters_get_400_with_a_code() {
    for (query, code) in [
        ("", "missing_q"),
        ("q=a&limit=0", "invalid_limit"),
        ("q=a&limit=x", "invalid_limit"),
        ("q=a&offset=-1", "invalid_offset"),
        ("q=a&sort=x", "invalid_sort"),
        ("q=a&from=2023-13-01", "invalid_date"),
        ("q=a&fragments=9", "invalid_fragments"),
        ("q=a&fragment_chars=5000", "invalid_fragment_chars"),
        ("q=a&q=b", "duplicate_parameter"),
        ("q=%FF%FE", "invalid_utf8"),
    ] {
        let (status, v) = get(&format!("/api/search?{query}")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{query}");
        assert_eq!(v["error"]["code"], code, "{query}");
        assert!(v["error"]["message"].is_string());
    }
    let long = "长".repeat(dangjian::search::MAX_QUERY_CHARS + 1);
    let (status, v) = get(&format!("/api/search?q={}", enc(&long))).await;
    assert_eq!(
        (status, v["error"]["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("query_too_long"))
    );
}

#[tokio::test]
async fn unknown_routes_ids_and_methods_answer_json() {
    let (status, v) = get("/nope").await;
    assert_eq!(
        (status, v["error"]["code"].as_str()),
        (StatusCode::NOT_FOUND, Some("not_found"))
    );
    let (status, v) = get("/api/articles/no-such-id").await;
    assert_eq!(
        (status, v["error"]["code"].as_str()),
        (StatusCode::NOT_FOUND, Some("not_found"))
    );
    let (status, v) = call(read_app(), Method::PUT, "/api/search?q=a", None, None).await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(v["error"]["code"], "method_not_allowed");
}

#[tokio::test]
async fn article_health_stats_openapi_and_page() {
    let (status, v) = get(&format!("/api/articles/{}", page_id(7))).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(v["column"], "北疆党旗红");
    assert!(v["body"].as_array().unwrap().len() > 3);
    let (_, v) = get("/api/health").await;
    assert_eq!(
        (v["status"].as_str(), v["articles"].as_u64()),
        (Some("ok"), Some(9))
    );
    assert_eq!(v["search_cache"]["capacity"], 16 << 20);
    let (_, v) = get("/api/stats").await;
    assert_eq!(v["articles"], 9);
    let (_, v) = get("/api/openapi.json").await;
    assert!(v["openapi"].as_str().unwrap().starts_with("3."));
    for path in [
        "/api/search",
        "/api/articles",
        "/api/articles/{id}",
        "/api/health",
        "/api/stats",
    ] {
        assert!(v["paths"][path].is_object(), "{path}");
    }
    let (status, page) = get("/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.as_str().unwrap().contains("党建报道检索"));
}

#[tokio::test]
async fn writes_need_the_token() {
    let app = app(AppState::new(fresh_page_archive(), Some(TOKEN.into()), 4));
    let article = json!({"id": "new-1", "title": "新文章", "body": "内容"});
    let (status, v) = call(
        app.clone(),
        Method::POST,
        "/api/articles",
        None,
        Some(article.clone()),
    )
    .await;
    assert_eq!(
        (status, v["error"]["code"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("unauthorized"))
    );
    let (status, _) = call(
        app.clone(),
        Method::POST,
        "/api/articles",
        Some("wrong"),
        Some(article.clone()),
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _) = call(
        app.clone(),
        Method::DELETE,
        &format!("/api/articles/{}", page_id(1)),
        None,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    let disabled = dangjian::server::app(AppState::new(fresh_page_archive(), None, 4));
    let (status, v) = call(
        disabled,
        Method::POST,
        "/api/articles",
        Some(TOKEN),
        Some(article),
    )
    .await;
    assert_eq!(
        (status, v["error"]["code"].as_str()),
        (StatusCode::FORBIDDEN, Some("writes_disabled"))
    );
}

#[tokio::test]
async fn posted_articles_are_searchable_at_once_and_deletable() {
    let app = app(AppState::new(fresh_page_archive(), Some(TOKEN.into()), 4));
    let batch = json!([
        {"id": "api-1", "title": "雪域牧场集体增收", "body": ["第一段讲雪域牧场。", "第二段。"], "date": "2024-05-01",
         "column": "北疆党旗红", "authors": [{"name": "新记者", "role": "reporter"}], "tags": ["乡村振兴"]},
        {"id": "api-2", "title": "第二篇", "body": "雪域牧场的故事"}
    ]);
    let (status, v) = call(
        app.clone(),
        Method::POST,
        "/api/articles",
        Some(TOKEN),
        Some(batch.clone()),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(v, json!({"added": 2, "updated": 0, "unchanged": 0}));
    let (_, v) = call(
        app.clone(),
        Method::GET,
        &format!("/api/search?q={}", enc("雪域牧场")),
        None,
        None,
    )
    .await;
    assert_eq!(v["total"], 2);
    assert_eq!(
        v["facets"]["tag"][0],
        json!({"value": "乡村振兴", "count": 1})
    );
    assert_eq!(
        v["facets"]["month"][0],
        json!({"value": "2024-05", "count": 1})
    );

    let (_, v) = call(
        app.clone(),
        Method::POST,
        "/api/articles",
        Some(TOKEN),
        Some(batch),
    )
    .await;
    assert_eq!(
        v,
        json!({"added": 0, "updated": 0, "unchanged": 2}),
        "the same batch again writes nothing"
    );

    let (status, _) = call(
        app.clone(),
        Method::DELETE,
        "/api/articles/api-2",
        Some(TOKEN),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = call(
        app.clone(),
        Method::DELETE,
        "/api/articles/api-2",
        Some(TOKEN),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, v) = call(app, Method::GET, "/api/health", None, None).await;
    assert_eq!(v["articles"], 10);
}

#[tokio::test]
async fn an_id_posted_as_a_json_number_is_found_by_that_number() {
    let app = app(AppState::new(fresh_page_archive(), Some(TOKEN.into()), 4));
    let (status, v) = call(
        app.clone(),
        Method::POST,
        "/api/articles",
        Some(TOKEN),
        Some(json!({"id": 842.0, "title": "数字编号", "body": "正文"})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{v}");
    for path in ["842", "842.0", "8.42e2"] {
        let uri = format!("/api/articles/{path}");
        let (status, v) = call(app.clone(), Method::GET, &uri, None, None).await;
        assert_eq!(
            (status, v["id"].as_str()),
            (StatusCode::OK, Some("842")),
            "{path}"
        );
    }
    let (status, _) = call(app.clone(), Method::GET, "/api/articles/842.5", None, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, v) = call(
        app.clone(),
        Method::DELETE,
        "/api/articles/842.0",
        Some(TOKEN),
        None,
    )
    .await;
    assert_eq!(
        (status, v["deleted"].as_str()),
        (StatusCode::OK, Some("842"))
    );
    let (status, _) = call(app, Method::GET, "/api/articles/842", None, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn invalid_articles_get_422_and_bad_json_400() {
    let app = app(AppState::new(fresh_page_archive(), Some(TOKEN.into()), 4));
    let (status, v) = call(
        app.clone(),
        Method::POST,
        "/api/articles",
        Some(TOKEN),
        Some(json!({"id": "x", "title": "t"})),
    )
    .await;
    assert_eq!(
        (status, v["error"]["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("invalid_article"))
    );
    assert!(v["error"]["message"].as_str().unwrap().contains("body"));
    let (status, _) = call(
        app.clone(),
        Method::POST,
        "/api/articles",
        Some(TOKEN),
        Some(json!([])),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let req = Request::post("/api/articles")
        .header(header::AUTHORIZATION, format!("Bearer {TOKEN}"))
        .body(Body::from("{not json"))
        .unwrap();
    let res = app.clone().oneshot(req).await.unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let huge = vec![b'a'; dangjian::server::MAX_BODY_BYTES + 10];
    let req = Request::post("/api/articles")
        .header(header::AUTHORIZATION, format!("Bearer {TOKEN}"))
        .body(Body::from(huge))
        .unwrap();
    let res = app.oneshot(req).await.unwrap();
    assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);
}

#[tokio::test]
async fn script_in_a_title_stays_escaped() {
    let app = app(AppState::new(fresh_page_archive(), Some(TOKEN.into()), 4));
    let evil = json!({"id": "xss", "title": "<script>alert(1)</script>标题", "body": "正文<img src=x onerror=alert(1)>脚本测试"});
    let (status, _) = call(
        app.clone(),
        Method::POST,
        "/api/articles",
        Some(TOKEN),
        Some(evil),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (_, v) = call(
        app,
        Method::GET,
        &format!("/api/search?q={}", enc("脚本测试")),
        None,
        None,
    )
    .await;
    let hit = &v["hits"][0];
    assert!(
        hit["title_html"]
            .as_str()
            .unwrap()
            .starts_with("&lt;script&gt;")
    );
    let snippet = hit["snippets"][0].as_str().unwrap();
    assert!(
        snippet.contains("&lt;img") && !snippet.contains("<img"),
        "{snippet}"
    );
}

#[tokio::test]
async fn explain_breaks_each_score_down_by_clause() {
    let (status, body) =
        get("/api/search?q=%E5%A4%B4%E9%9B%81%20%E5%B7%A5%E7%A8%8B&explain=true").await;
    assert_eq!(status, StatusCode::OK);
    let hit = &body["hits"][0];
    let explain = &hit["explain"];
    let score = hit["score"].as_f64().unwrap();
    assert!(
        (explain["score"].as_f64().unwrap() - score).abs() < 1e-3,
        "{explain}"
    );
    let text = explain.to_string();
    for clause in ["term 头雁", "term 工程", "verbatim", "words (BM25)"] {
        assert!(text.contains(clause), "{clause} missing from {text}");
    }
    let (_, plain) = get("/api/search?q=%E5%A4%B4%E9%9B%81").await;
    assert!(plain["hits"][0].get("explain").is_none());
    let (status, body) = get("/api/search?q=a&explain=maybe").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["error"]["code"], "invalid_explain");
}

#[tokio::test]
async fn post_search_takes_the_parameters_as_json_and_finds_a_pasted_passage() {
    let post = |body: Value| call(read_app(), Method::POST, "/api/search", None, Some(body));
    let (status, v) = post(json!({"q": "集体经济", "limit": 1, "facets": false})).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    let (_, by_get) = get(&format!("/api/search?q={}", enc("集体经济"))).await;
    assert_eq!(v["total"], by_get["total"]);
    assert_eq!(v["hits"].as_array().unwrap().len(), 1);
    let id = v["hits"][0]["id"].as_str().unwrap().to_string();

    let (_, article) = get(&format!("/api/articles/{}", enc(&id))).await;
    let body: Vec<&str> = article["body"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap())
        .collect();
    let passage: String = body.join("\n").chars().take(400).collect();
    assert!(passage.chars().count() > 200);
    let (status, v) = post(json!({"q": passage})).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(v["hits"][0]["id"], id.as_str());

    let (status, v) = post(json!({"q": "长".repeat(dangjian::search::MAX_QUERY_CHARS + 1)})).await;
    assert_eq!(
        (status, v["error"]["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("query_too_long"))
    );
    let (status, v) = post(json!(["集体经济"])).await;
    assert_eq!(
        (status, v["error"]["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("invalid_json"))
    );
    let (status, v) = post(json!({"q": "集体经济", "limit": 0})).await;
    assert_eq!(v["error"]["code"], "invalid_limit", "{status}");
    let req = Request::post("/api/search")
        .body(Body::from("{not json"))
        .unwrap();
    let res = read_app().oneshot(req).await.unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn a_repeated_search_comes_from_the_cache_until_the_index_changes() {
    let app = app(AppState::new(fresh_page_archive(), Some(TOKEN.into()), 4));
    let uri = format!("/api/search?q={}", enc("集体经济"));
    let (_, first) = call(app.clone(), Method::GET, &uri, None, None).await;
    let (_, again) = call(app.clone(), Method::GET, &uri, None, None).await;
    assert_eq!(
        (first["cached"].as_bool(), again["cached"].as_bool()),
        (Some(false), Some(true))
    );
    for key in ["query", "total", "offset", "limit", "hits", "facets"] {
        assert_eq!(first[key], again[key], "{key}");
    }
    // Another page, or the same search as POST with other snippets, is
    // another request.
    let (_, page_two) = call(
        app.clone(),
        Method::GET,
        &format!("{uri}&offset=1"),
        None,
        None,
    )
    .await;
    assert_eq!(page_two["cached"], false);
    let body = json!({"q": "集体经济", "fragments": 1});
    let (_, post) = call(app.clone(), Method::POST, "/api/search", None, Some(body)).await;
    assert_eq!(post["cached"], false);

    // A write makes a new generation: the next search sees the new article.
    let article = json!({"id": "cache-1", "title": "集体经济新篇", "body": "村集体经济收入翻番。"});
    let (status, _) = call(
        app.clone(),
        Method::POST,
        "/api/articles",
        Some(TOKEN),
        Some(article),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (_, after) = call(app.clone(), Method::GET, &uri, None, None).await;
    assert_eq!(after["cached"], false);
    assert_eq!(
        after["total"].as_u64(),
        first["total"].as_u64().map(|t| t + 1)
    );
    assert!(
        after["hits"]
            .as_array()
            .unwrap()
            .iter()
            .any(|h| h["id"] == "cache-1")
    );
    let (status, _) = call(
        app.clone(),
        Method::DELETE,
        "/api/articles/cache-1",
        Some(TOKEN),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (_, deleted) = call(app.clone(), Method::GET, &uri, None, None).await;
    assert_eq!(
        (deleted["cached"].as_bool(), deleted["total"].as_u64()),
        (Some(false), first["total"].as_u64())
    );

    let (_, health) = call(app, Method::GET, "/api/health", None, None).await;
    assert!(health["search_cache"]["hits"].as_u64() >= Some(1));
    assert!(health["search_cache"]["entries"].as_u64() >= Some(1));
}

#[tokio::test]
async fn a_server_without_a_cache_answers_the_same() {
    let app = app(AppState::new(page_archive().clone(), None, 4).with_search_cache(0));
    let uri = format!("/api/search?q={}", enc("集体经济"));
    let (_, first) = call(app.clone(), Method::GET, &uri, None, None).await;
    let (_, again) = call(app.clone(), Method::GET, &uri, None, None).await;
    assert_eq!(
        (first["cached"].as_bool(), again["cached"].as_bool()),
        (Some(false), Some(false))
    );
    assert_eq!(first["hits"], again["hits"]);
    let (_, health) = call(app, Method::GET, "/api/health", None, None).await;
    assert_eq!(health["search_cache"]["capacity"], 0);
}
