//! Parameters of `/api/search` (and of the routes that share its filters
//! or its limits: export, related, suggest), parsed by hand so that every
//! malformed value gets its own error code instead of a generic 400. `GET`
//! sends them as a query string, `POST` as a JSON object with the same
//! names (for pasted passages, which a URL should not have to carry); both
//! become the same list of pairs and go through the same checks.

use crate::search::{ExportFormat, SearchRequest, Sort};

use super::error::ApiError;

/// The parameters `/api/search` knows.
const KNOWN: &[&str] = &[
    "q",
    "limit",
    "offset",
    "sort",
    "from",
    "to",
    "column",
    "author",
    "tag",
    "person",
    "place",
    "org",
    "fragments",
    "fragment_chars",
    "facets",
    "explain",
];

/// The known parameters of a raw query string, decoded; a parameter given
/// twice is an error.
pub fn query_pairs(raw: Option<&str>, known: &[&str]) -> Result<Vec<(String, String)>, ApiError> {
    let raw = raw.unwrap_or("");
    let mut pairs: Vec<(String, String)> = Vec::new();
    for (k, v) in form_urlencoded::parse(raw.as_bytes()) {
        if !known.contains(&k.as_ref()) {
            continue;
        }
        // The decoder puts U+FFFD for bytes that are not UTF-8; a value
        // that holds one the query string did not send is not text.
        if v.contains('\u{FFFD}') && !sends_replacement_character(raw) {
            return Err(ApiError::bad_request(
                "invalid_utf8",
                format!("parameter `{k}` is not UTF-8 once percent-decoded"),
            ));
        }
        if pairs.iter().any(|(seen, _)| *seen == k) {
            return Err(ApiError::bad_request(
                "duplicate_parameter",
                format!("parameter `{k}` is given more than once"),
            ));
        }
        pairs.push((k.into_owned(), v.into_owned()));
    }
    Ok(pairs)
}

/// Whether a raw query string sends U+FFFD itself, as a character or
/// percent-encoded (`%EF%BF%BD`).
fn sends_replacement_character(raw: &str) -> bool {
    raw.contains('\u{FFFD}') || raw.to_ascii_uppercase().contains("%EF%BF%BD")
}

/// The known parameters of a JSON object body. Numbers and booleans may be
/// given as JSON numbers and booleans or as strings; `null` is the same as
/// leaving the parameter out.
pub fn json_pairs(body: &[u8], known: &[&str]) -> Result<Vec<(String, String)>, ApiError> {
    let value: serde_json::Value = serde_json::from_slice(body).map_err(|e| {
        ApiError::bad_request("invalid_json", format!("the body is not valid JSON: {e}"))
    })?;
    let serde_json::Value::Object(map) = value else {
        return Err(ApiError::bad_request(
            "invalid_json",
            "the body must be a JSON object of search parameters",
        ));
    };
    let mut pairs: Vec<(String, String)> = Vec::new();
    for (k, v) in map {
        if !known.contains(&k.as_str()) {
            continue;
        }
        let v = match v {
            serde_json::Value::Null => continue,
            serde_json::Value::String(s) => s,
            // 368.0 is the integer 368 in JSON.
            serde_json::Value::Number(n) => match n.as_f64() {
                Some(f) if n.is_f64() && f.fract() == 0.0 && f.abs() < 1e15 => {
                    format!("{}", f as i64)
                }
                _ => n.to_string(),
            },
            serde_json::Value::Bool(b) => b.to_string(),
            _ => {
                return Err(ApiError::bad_request(
                    "invalid_json",
                    format!("parameter `{k}` must be a string, a number or a boolean"),
                ));
            }
        };
        pairs.push((k, v));
    }
    Ok(pairs)
}

/// A whole-number parameter, or `default` when absent.
pub fn number(
    pairs: &[(String, String)],
    name: &str,
    code: &'static str,
    default: usize,
) -> Result<usize, ApiError> {
    match pairs.iter().find(|(k, _)| k == name) {
        None => Ok(default),
        Some((_, v)) => v.trim().parse().map_err(|_| {
            ApiError::bad_request(code, format!("`{name}` must be a whole number, not `{v}`"))
        }),
    }
}

/// Parses a raw query string into a validated request.
pub fn search_request(raw: Option<&str>) -> Result<SearchRequest, ApiError> {
    from_pairs(&query_pairs(raw, KNOWN)?, true)
}

/// Parses a JSON body (`{"q": "...", "limit": 10, ...}`) into a validated
/// request.
pub fn search_request_json(body: &[u8]) -> Result<SearchRequest, ApiError> {
    from_pairs(&json_pairs(body, KNOWN)?, true)
}

/// The request and format of `GET /api/export`: the search's parameters
/// (paging aside), `format`, and a `q` that may be left out to export the
/// whole archive (narrowed by the filters).
pub fn export_request(raw: Option<&str>) -> Result<(SearchRequest, ExportFormat), ApiError> {
    let format = export_format(&query_pairs(raw, &["format"])?)?;
    Ok((from_pairs(&query_pairs(raw, KNOWN)?, false)?, format))
}

/// The request and format of `POST /api/export`: the same parameters as a
/// JSON object, for a pasted passage.
pub fn export_request_json(body: &[u8]) -> Result<(SearchRequest, ExportFormat), ApiError> {
    let format = export_format(&json_pairs(body, &["format"])?)?;
    Ok((from_pairs(&json_pairs(body, KNOWN)?, false)?, format))
}

fn export_format(pairs: &[(String, String)]) -> Result<ExportFormat, ApiError> {
    match pairs.first() {
        None => Ok(ExportFormat::Csv),
        Some((_, f)) => Ok(ExportFormat::parse(f)?),
    }
}

/// Checks and converts the known parameters, each given at most once.
/// Without `q_required`, a missing `q` is the empty query (every article).
fn from_pairs(pairs: &[(String, String)], q_required: bool) -> Result<SearchRequest, ApiError> {
    let get = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    let q = match get("q") {
        Some(q) if !q.trim().is_empty() => q.to_string(),
        _ if !q_required => String::new(),
        _ => {
            return Err(ApiError::bad_request(
                "missing_q",
                "parameter `q` is required",
            ));
        }
    };
    let mut req = SearchRequest::new(q);
    let number =
        |name: &str, code: &'static str, default: usize| number(pairs, name, code, default);
    req.limit = number("limit", "invalid_limit", req.limit)?;
    req.offset = number("offset", "invalid_offset", req.offset)?;
    req.fragments = number("fragments", "invalid_fragments", req.fragments)?;
    req.fragment_chars = number(
        "fragment_chars",
        "invalid_fragment_chars",
        req.fragment_chars,
    )?;
    if let Some(s) = get("sort") {
        req.sort = Sort::parse(s)?;
    }
    let date = |name: &str| -> Result<Option<chrono::NaiveDate>, ApiError> {
        get(name)
            .filter(|v| !v.is_empty())
            .map(|v| {
                crate::date::parse(v).map_err(|_| {
                    ApiError::bad_request(
                        "invalid_date",
                        format!("`{name}` must be YYYY-MM-DD, not `{v}`"),
                    )
                })
            })
            .transpose()
    };
    req.from = date("from")?;
    req.to = date("to")?;
    let text = |name: &str| {
        get(name)
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_string)
    };
    req.column = text("column");
    req.author = text("author");
    req.tag = text("tag");
    req.person = text("person");
    req.place = text("place");
    req.org = text("org");
    req.facets = match get("facets") {
        None | Some("true") | Some("1") => true,
        Some("false") | Some("0") => false,
        Some(v) => {
            return Err(ApiError::bad_request(
                "invalid_facets",
                format!("`facets` must be true or false, not `{v}`"),
            ));
        }
    };
    req.explain = match get("explain") {
        None | Some("false") | Some("0") => false,
        Some("true") | Some("1") => true,
        Some(v) => {
            return Err(ApiError::bad_request(
                "invalid_explain",
                format!("`explain` must be true or false, not `{v}`"),
            ));
        }
    };
    req.validate()?;
    Ok(req)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(raw: &str) -> &'static str {
        search_request(Some(raw)).unwrap_err().code
    }

    #[test]
    fn each_bad_parameter_has_its_code() {
        assert_eq!(code(""), "missing_q");
        assert_eq!(code("q=%20"), "missing_q");
        assert_eq!(code("q=a&limit=0"), "invalid_limit");
        assert_eq!(code("q=a&limit=abc"), "invalid_limit");
        assert_eq!(code("q=a&limit=101"), "invalid_limit");
        assert_eq!(code("q=a&offset=10001"), "invalid_offset");
        assert_eq!(code("q=a&sort=best"), "invalid_sort");
        assert_eq!(code("q=a&from=2023-02-30"), "invalid_date");
        assert_eq!(code("q=a&fragments=6"), "invalid_fragments");
        assert_eq!(code("q=a&fragment_chars=10"), "invalid_fragment_chars");
        assert_eq!(code("q=a&q=b"), "duplicate_parameter");
        assert_eq!(code("q=%ED%A0%80"), "invalid_utf8");
        assert_eq!(code("q=%FF%FE"), "invalid_utf8");
        assert_eq!(code("q=a&limit=%FF"), "invalid_utf8");
        // U+FFFD sent as such is text.
        assert_eq!(search_request(Some("q=%EF%BF%BD")).unwrap().q, "\u{FFFD}");
        assert_eq!(code(&format!("q={}", "长".repeat(5_001))), "query_too_long");
    }

    #[test]
    fn json_bodies_take_the_same_parameters() {
        let r = search_request_json(
            r#"{"q": "集体经济", "limit": 5, "facets": false, "sort": "date_desc", "tag": null}"#
                .as_bytes(),
        )
        .unwrap();
        assert_eq!((r.q.as_str(), r.limit, r.facets), ("集体经济", 5, false));
        assert_eq!(r.sort, Sort::DateDesc);
        let r = search_request_json(br#"{"q": "a", "limit": "7"}"#).unwrap();
        assert_eq!(r.limit, 7);
        let r = search_request_json(br#"{"q": "a", "limit": 7.0}"#).unwrap();
        assert_eq!(r.limit, 7);
        let code = |b: &[u8]| search_request_json(b).unwrap_err().code;
        assert_eq!(code(b"{not json"), "invalid_json");
        assert_eq!(code(b"[1]"), "invalid_json");
        assert_eq!(code(br#"{"q": ["a"]}"#), "invalid_json");
        assert_eq!(code(br#"{"limit": 3}"#), "missing_q");
        assert_eq!(code(br#"{"q": "a", "limit": 1.5}"#), "invalid_limit");
        let long = format!(r#"{{"q": "{}"}}"#, "长".repeat(5_001));
        assert_eq!(code(long.as_bytes()), "query_too_long");
    }

    #[test]
    fn export_takes_the_search_filters_a_format_and_no_q() {
        let (r, f) = export_request(Some("tag=x&person=%E5%8F%B2&format=jsonl")).unwrap();
        assert_eq!(
            (r.q.as_str(), r.tag.as_deref(), r.person.as_deref(), f),
            ("", Some("x"), Some("史"), ExportFormat::Jsonl)
        );
        assert_eq!(export_request(None).unwrap().1, ExportFormat::Csv);
        let err = export_request(Some("q=a&format=xlsx")).unwrap_err();
        assert_eq!(err.code, "invalid_format");
        let err = export_request(Some("format=csv&format=csv")).unwrap_err();
        assert_eq!(err.code, "duplicate_parameter");
        let (r, f) = export_request_json(br#"{"q": "a", "place": "p", "format": "csv"}"#).unwrap();
        assert_eq!((r.place.as_deref(), f), (Some("p"), ExportFormat::Csv));
        let err = export_request_json(b"[]").unwrap_err();
        assert_eq!(err.code, "invalid_json");
    }

    #[test]
    fn defaults_and_lenient_decoding() {
        let r = search_request(Some("q=%E9%9B%86%E4%BD%93%ZZ&utm=1")).unwrap();
        assert_eq!(r.limit, 10);
        assert!(r.q.starts_with("集体"));
    }
}
