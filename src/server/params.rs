//! Query-string parameters of `GET /api/search` (and of the routes that
//! share its filters or its limits), parsed by hand so that every malformed
//! value gets its own error code instead of a generic 400.

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
    "fragments",
    "fragment_chars",
    "facets",
];

/// The known parameters of a raw query string, decoded; a parameter given
/// twice is an error.
pub fn query_pairs(raw: Option<&str>, known: &[&str]) -> Result<Vec<(String, String)>, ApiError> {
    let mut pairs: Vec<(String, String)> = Vec::new();
    for (k, v) in form_urlencoded::parse(raw.unwrap_or("").as_bytes()) {
        if !known.contains(&k.as_ref()) {
            continue;
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
    request(raw, true)
}

/// The request and format of `GET /api/export`: the search's parameters
/// (paging aside), `format`, and a `q` that may be left out to export the
/// whole archive (narrowed by the filters).
pub fn export_request(raw: Option<&str>) -> Result<(SearchRequest, ExportFormat), ApiError> {
    let format = query_pairs(raw, &["format"])?;
    let format = match format.first() {
        None => ExportFormat::Csv,
        Some((_, f)) => ExportFormat::parse(f)?,
    };
    Ok((request(raw, false)?, format))
}

fn request(raw: Option<&str>, q_required: bool) -> Result<SearchRequest, ApiError> {
    let pairs = query_pairs(raw, KNOWN)?;
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
        |name: &str, code: &'static str, default: usize| number(&pairs, name, code, default);
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
        assert_eq!(code(&format!("q={}", "长".repeat(300))), "query_too_long");
    }

    #[test]
    fn export_takes_the_search_filters_a_format_and_no_q() {
        let (r, f) = export_request(Some("tag=x&format=jsonl")).unwrap();
        assert_eq!(
            (r.q.as_str(), r.tag.as_deref(), f),
            ("", Some("x"), ExportFormat::Jsonl)
        );
        assert_eq!(export_request(None).unwrap().1, ExportFormat::Csv);
        let err = export_request(Some("q=a&format=xlsx")).unwrap_err();
        assert_eq!(err.code, "invalid_format");
        let err = export_request(Some("format=csv&format=csv")).unwrap_err();
        assert_eq!(err.code, "duplicate_parameter");
    }

    #[test]
    fn defaults_and_lenient_decoding() {
        let r = search_request(Some("q=%E9%9B%86%E4%BD%93%ZZ&utm=1")).unwrap();
        assert_eq!(r.limit, 10);
        assert!(r.q.starts_with("集体"));
    }
}
