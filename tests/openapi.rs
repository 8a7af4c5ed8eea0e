//! The OpenAPI description is generated from the code: every route the
//! router answers is in it, every route in it is answered, and its error
//! answers are the API's error shape.

use std::collections::BTreeSet;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;

use dangjian::server::{AppState, app, openapi};

use crate::fixtures::page_archive;

/// The routes the README's API table documents, as `(METHOD, /path)`.
fn readme_routes() -> BTreeSet<(String, String)> {
    let readme = include_str!("../README.md");
    readme
        .lines()
        .filter_map(|l| l.strip_prefix("| `"))
        .filter_map(|l| l.split_once('`').map(|(route, _)| route))
        .filter_map(|route| route.split_once(' '))
        .filter(|(method, _)| ["GET", "POST", "DELETE"].contains(method))
        .map(|(method, path)| {
            let path = path.split('?').next().unwrap_or(path);
            (method.to_string(), path.to_string())
        })
        .collect()
}

/// The `(METHOD, /path)` pairs the spec describes.
fn spec_routes() -> BTreeSet<(String, String)> {
    let spec: Value = serde_json::to_value(openapi()).unwrap();
    let mut routes = BTreeSet::new();
    for (path, item) in spec["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            if ["get", "post", "delete", "put", "patch"].contains(&method.as_str()) {
                routes.insert((method.to_uppercase(), path.clone()));
            }
        }
    }
    routes
}

/// Whether the router has a handler for `method` on `path` (not the
/// fallback's 404, not a 405).
async fn routed(method: &str, path: &str) -> bool {
    let uri = path.replace("{id}", "no-such-id");
    let req = Request::builder()
        .method(Method::from_bytes(method.as_bytes()).unwrap())
        .uri(uri)
        .body(Body::empty())
        .unwrap();
    let res = app(AppState::new(page_archive().clone(), None, 4))
        .oneshot(req)
        .await
        .unwrap();
    let status = res.status();
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    let fallback = status == StatusCode::NOT_FOUND
        && serde_json::from_slice::<Value>(&bytes)
            .is_ok_and(|v| v["error"]["message"] == "no such route");
    status != StatusCode::METHOD_NOT_ALLOWED && !fallback
}

#[tokio::test]
async fn every_route_of_the_router_is_in_the_generated_spec() {
    let spec = spec_routes();
    // What the router answers, probed with every method on every path the
    // spec or the README names.
    let paths: BTreeSet<String> = spec
        .iter()
        .chain(readme_routes().iter())
        .map(|(_, p)| p.clone())
        .collect();
    for path in &paths {
        for method in ["GET", "POST", "DELETE", "PUT", "PATCH"] {
            let described = spec.contains(&(method.to_string(), path.clone()));
            assert_eq!(
                routed(method, path).await,
                described,
                "{method} {path}: routed and described must agree"
            );
        }
    }
    for route in readme_routes() {
        assert!(
            spec.contains(&route),
            "{route:?} is in the README, not the spec"
        );
    }
    for route in [
        ("GET", "/api/search"),
        ("POST", "/api/search"),
        ("GET", "/api/articles/{id}/related"),
        ("GET", "/api/export"),
        ("POST", "/api/export"),
        ("GET", "/api/suggest"),
        ("POST", "/api/snapshot"),
        ("GET", "/api/audit"),
        ("GET", "/api/openapi.json"),
    ] {
        let route = (route.0.to_string(), route.1.to_string());
        assert!(spec.contains(&route), "{route:?} missing");
    }
}

#[tokio::test]
async fn the_served_spec_is_the_generated_one_with_the_error_format() {
    let res = app(AppState::new(page_archive().clone(), None, 4))
        .oneshot(
            Request::get("/api/openapi.json")
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    let served: Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(served, serde_json::to_value(openapi()).unwrap());
    let error = &served["components"]["schemas"]["Error"];
    assert_eq!(error["required"], serde_json::json!(["error"]));
    let search = &served["paths"]["/api/search"]["get"];
    let names: Vec<&str> = search["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    for name in ["q", "limit", "from", "person", "place", "org", "explain"] {
        assert!(names.contains(&name), "{name} not in {names:?}");
    }
    let bad = &search["responses"]["400"]["content"]["application/json"]["schema"]["$ref"];
    assert_eq!(bad, "#/components/schemas/Error");
}
