//! The hostile requests: families of malformed, oversized, truncated and
//! plain wrong requests, drawn at random.

use crate::harness::{Rng, enc};

use super::*;

pub(super) fn get_req(target: &[u8]) -> Vec<u8> {
    let mut r = b"GET ".to_vec();
    r.extend_from_slice(target);
    r.extend_from_slice(b" HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
    r
}

pub(super) fn with_body(method: &str, target: &str, headers: &[String], body: &[u8]) -> Vec<u8> {
    let mut r = format!("{method} {target} HTTP/1.1\r\nHost: t\r\nConnection: close\r\n");
    for h in headers {
        r.push_str(h);
        r.push_str("\r\n");
    }
    r.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
    let mut r = r.into_bytes();
    r.extend_from_slice(body);
    r
}

pub(super) fn bearer(t: &str) -> String {
    format!("Authorization: Bearer {t}")
}

pub(super) const QUERY_WORDS: &[&str] = &[
    "集体经济",
    "宝日呼吉尔",
    "\"头雁工程\"",
    "史连成 OR 头雁",
    "-集体 党建",
    "title:头雁",
    "author:宋爽",
    "NOT",
    "\"",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "%00",
    "😀🇨🇳",
    "e\u{301}\u{302}\u{303}",
    "\u{0}\u{1}\u{7f}",
    // Exclusions of 3+ characters (phrases of character pairs).
    "NOT 头雁工程",
    "NOT 宝日呼吉尔",
    "-史连成",
    "乡村振兴 -头雁工程",
    "集体经济 -\"马克思主义\"",
];

pub(super) const BAD_VALUES: &[&str] = &[
    "",
    "-1",
    "0",
    "101",
    "1e3",
    "99999999999999999999999",
    "abc",
    "%ZZ",
    "%E9%9B",
    "%FF%FE",
    "NaN",
    " 5",
    "5 ",
    "+5",
    "0x10",
    "１０",
    "2023-02-30",
    "2023-13-01",
    "9999-99-99",
    "date_desc",
    "relevance%00",
    "true",
    "false",
    "yes",
];

pub(super) const PARAMS: &[&str] = &[
    "limit",
    "offset",
    "sort",
    "from",
    "to",
    "fragments",
    "fragment_chars",
    "facets",
    "column",
    "author",
    "tag",
    "utm_source",
    "q[]",
    "",
];

/// A random hostile request.
pub(super) fn make_case(rng: &mut Rng) -> Case {
    let plain = |family, wire, bytes| Case {
        family,
        wire,
        send: Send::Plain(bytes),
    };
    match rng.below(100) {
        // Search with random (mostly bad) parameter values.
        0..=24 => {
            let mut qs = Vec::new();
            if rng.chance(0.85) {
                qs.push(format!("q={}", enc(rng.pick(QUERY_WORDS))));
            }
            for _ in 0..rng.range(0, 4) {
                let p = rng.pick(PARAMS);
                let v = rng.pick(BAD_VALUES);
                // Some values go raw: bad percent-encodings, and ASCII that
                // the encoding would have escaped (`+`, `%`).
                let raw_ok = v.bytes().all(|b| b.is_ascii_graphic());
                let v = if raw_ok && (v.contains('%') || rng.chance(0.3)) {
                    v.to_string()
                } else {
                    enc(v)
                };
                qs.push(format!("{p}={v}"));
            }
            let target = format!("/api/search?{}", qs.join("&"));
            plain("bad_params", Wire::Valid, get_req(target.as_bytes()))
        }
        // Huge q (1 KB – 100 KB), encoded or raw. Past 65,534 bytes the
        // request target is over the limit of the `http` crate's `Uri`, and
        // hyper answers 414 itself, with an empty body.
        25..=27 => {
            let n = rng.range(1_000, 100_000);
            let q = if rng.chance(0.5) {
                enc(&"党".repeat(n / 9))
            } else {
                "a".repeat(n)
            };
            let target = format!("/api/search?q={q}");
            let wire = if target.len() > URI_LIMIT {
                Wire::OverParserLimit
            } else {
                Wire::Valid
            };
            plain("huge_q", wire, get_req(target.as_bytes()))
        }
        // Invalid percent-encoding.
        28..=35 => {
            let bad = rng.pick(&[
                "%ZZ",
                "%E9%9B",
                "%",
                "%%",
                "%E9",
                "%C0%AF",
                "%ED%A0%80",
                "%F4%90%80%80",
                "%00",
                "%0A%0D",
                "%2",
            ]);
            let target = match rng.below(3) {
                0 => format!("/api/search?q={bad}"),
                1 => format!("/api/search?q=党{bad}建&limit={bad}"),
                _ => format!("/api/articles/{bad}"),
            };
            plain("bad_percent", Wire::Valid, get_req(target.as_bytes()))
        }
        // Raw bytes that are not UTF-8 in the path or the query.
        36..=41 => {
            let junk: &[u8] = rng.pick(&[
                &[0xFF][..],
                &[0xE9, 0x9B],
                &[0xC0, 0xAF],
                &[0x80, 0x81, 0x82],
                &[0xED, 0xA0, 0x80],
                &[0xF8, 0x88, 0x80, 0x80, 0x80],
            ]);
            let mut target = match rng.below(3) {
                0 => b"/api/search?q=".to_vec(),
                1 => b"/api/articles/".to_vec(),
                _ => b"/api/".to_vec(),
            };
            target.extend_from_slice(junk);
            // Raw non-ASCII bytes are not allowed in a request target: the
            // HTTP parser may refuse them.
            plain("raw_non_utf8", Wire::Malformed, get_req(&target))
        }
        // Repeated parameters.
        42..=46 => {
            let p = rng.pick(&["q", "limit", "offset", "sort", "q", "from"]);
            let target = format!("/api/search?q=%E5%85%9A&{p}=1&{p}=2&{p}=3");
            plain("repeated_params", Wire::Valid, get_req(target.as_bytes()))
        }
        // Unknown routes.
        47..=52 => {
            let path = rng.pick(&[
                "/nope",
                "/api",
                "/api/",
                "/api/search/",
                "/api/articles",
                "/api/articles/",
                "/api/articles/../../etc/passwd",
                "/..%2F..%2Fetc%2Fpasswd",
                "/api//search",
                "//api/health",
                "/API/SEARCH?q=x",
                "/api/search%3Fq=x",
                "/api/articles/no-such-id",
                "/api/articles/%00",
                "/index.html",
                "/favicon.ico",
            ]);
            plain("unknown_route", Wire::Valid, get_req(path.as_bytes()))
        }
        // Wrong methods.
        53..=60 => {
            let method = rng.pick(&["PUT", "PATCH", "DELETE", "POST", "OPTIONS", "TRACE", "FOO"]);
            let path = rng.pick(&[
                "/api/search?q=x",
                "/api/health",
                "/api/stats",
                "/",
                "/api/openapi.json",
                "/api/articles",
            ]);
            plain(
                "wrong_method",
                Wire::Valid,
                with_body(method, path, &[], b"{}"),
            )
        }
        // Writes without a token, with a wrong one, with a bad header.
        61..=66 => {
            let auths = [
                String::new(),
                bearer("wrong"),
                bearer(""),
                "Authorization: Basic dXNlcjpwYXNz".to_string(),
                "Authorization: Bearer".to_string(),
                format!("Authorization: bearer {TOKEN}"),
                format!("Authorization: Bearer {TOKEN}x"),
                format!("Authorization: Bearer  {TOKEN} {TOKEN}"),
            ];
            let auth = auths[rng.below(auths.len())].clone();
            let headers: Vec<String> = if auth.is_empty() { vec![] } else { vec![auth] };
            let (method, path) = if rng.chance(0.7) {
                ("POST", "/api/articles".to_string())
            } else {
                (
                    "DELETE",
                    "/api/articles/000_d29847e9c32fafa7-03".to_string(),
                )
            };
            plain(
                "unauthorized_write",
                Wire::Valid,
                with_body(
                    method,
                    &path,
                    &headers,
                    br#"{"id":"x","title":"t","body":"b"}"#,
                ),
            )
        }
        // Writes with the token and a bad body.
        67..=74 => {
            let bodies: &[&[u8]] = &[
                b"",
                b"{",
                b"not json",
                b"[]",
                b"[1,2]",
                b"null",
                b"\"str\"",
                br#"{"id":"","title":"t","body":"b"}"#,
                br#"{"id":"x","title":"","body":"b"}"#,
                br#"{"id":"x","title":"t","body":""}"#,
                br#"{"id":"x","title":"t","body":3}"#,
                br#"{"id":"x","title":"t","body":"b","date":"2023-02-30"}"#,
                br#"{"id":"x","title":"t","body":"b","authors":[{"name":""}]}"#,
                br#"{"id":"x","title":"t","body":"b","authors":[{"name":"a","role":"boss"}]}"#,
                br#"{"id":{"a":1},"title":"t","body":"b"}"#,
                br#"{"id":"x\u0000y","title":"t","body":"b"}"#,
                b"\xff\xfe{}",
                br#"[{"id":"ok","title":"t","body":"b"},{"id":"bad"}]"#,
            ];
            let body = rng.pick(bodies);
            let ct = rng.pick(&[
                "Content-Type: application/json",
                "Content-Type: text/plain",
                "Content-Type: application/x-www-form-urlencoded",
            ]);
            plain(
                "bad_body",
                Wire::Valid,
                with_body(
                    "POST",
                    "/api/articles",
                    &[bearer(TOKEN), ct.to_string()],
                    body,
                ),
            )
        }
        // Oversized bodies: > 8 MiB, announced and sent.
        75 => {
            let body_len = 8 * 1024 * 1024 + rng.range(1, 1024 * 1024);
            let auth = if rng.chance(0.7) {
                bearer(TOKEN)
            } else {
                bearer("wrong")
            };
            let head = format!(
                "POST /api/articles HTTP/1.1\r\nHost: t\r\nConnection: close\r\n{auth}\r\nContent-Type: application/json\r\nContent-Length: {body_len}\r\n\r\n"
            );
            Case {
                family: "oversized_body",
                wire: Wire::Valid,
                send: Send::Big {
                    head: head.into_bytes(),
                    body_len,
                },
            }
        }
        // Truncated bodies: Content-Length larger than what is sent.
        76..=81 => {
            let sent = br#"{"id":"trunc","title":"t","bo"#;
            let claimed = sent.len() + rng.range(1, 100_000);
            let mut r = format!(
                "POST /api/articles HTTP/1.1\r\nHost: t\r\nConnection: close\r\n{}\r\nContent-Type: application/json\r\nContent-Length: {claimed}\r\n\r\n",
                bearer(TOKEN)
            )
            .into_bytes();
            r.extend_from_slice(sent);
            Case {
                family: "truncated_body",
                wire: Wire::Abandoned,
                send: if rng.chance(0.5) {
                    Send::WriteAndClose(r)
                } else {
                    Send::WriteAndHalfClose(r)
                },
            }
        }
        // Garbage request lines and broken HTTP.
        82..=91 => {
            let garbage: Vec<u8> = match rng.below(14) {
                0 => b"\r\n\r\n".to_vec(),
                1 => b"GET\r\n\r\n".to_vec(),
                2 => b"GET / HTTP/9.9\r\n\r\n".to_vec(),
                3 => b"GET / FOO/1.1\r\nHost: t\r\n\r\n".to_vec(),
                4 => b"G\x00ET / HTTP/1.1\r\n\r\n".to_vec(),
                5 => b"GET /api/health HTTP/1.1\r\nHost t\r\n\r\n".to_vec(),
                6 => b"GET /api/health HTTP/1.1\r\nContent-Length: -1\r\n\r\n".to_vec(),
                7 => {
                    b"GET /api/health HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nxx"
                        .to_vec()
                }
                8 => b"POST /api/articles HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nZZZ\r\n"
                    .to_vec(),
                9 => {
                    let mut h = b"GET /api/health HTTP/1.1\r\nX-Big: ".to_vec();
                    h.extend(std::iter::repeat_n(b'a', 200_000));
                    h.extend_from_slice(b"\r\n\r\n");
                    h
                }
                10 => (0..rng.range(1, 300))
                    .map(|_| (rng.next_u64() & 0xFF) as u8)
                    .collect(),
                11 => b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03".to_vec(),
                12 => b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".to_vec(),
                _ => {
                    let mut h = b"GET /api/health HTTP/1.1\r\n".to_vec();
                    for i in 0..500 {
                        h.extend_from_slice(format!("X-H{i}: v\r\n").as_bytes());
                    }
                    h.extend_from_slice(b"\r\n");
                    h
                }
            };
            Case {
                family: "garbage",
                wire: Wire::Malformed,
                // Half-closed: much of it is an incomplete request head that
                // the server would otherwise wait for (see
                // `an_incomplete_request_head_is_not_held_open`).
                send: Send::WriteAndHalfClose(garbage),
            }
        }
        // Ordinary requests in between: they must keep working.
        _ => {
            let path = rng.pick(&[
                "/api/health",
                "/api/stats",
                "/api/openapi.json",
                "/",
                "/api/articles/000_d29847e9c32fafa7-03",
            ]);
            let target = if rng.chance(0.5) {
                format!("/api/search?q={}", enc(rng.pick(QUERY_WORDS)))
            } else {
                path.to_string()
            };
            plain("ordinary", Wire::Valid, get_req(target.as_bytes()))
        }
    }
}
