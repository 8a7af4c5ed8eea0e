//! Write tokens: who may write, and under which name the audit log says
//! they did.
//!
//! `--write-token label:secret` (repeatable) gives a token a label; a
//! token without a label (`--write-token secret`) keeps working under the
//! label `default`. A label is 1 to 32 of `A-Z a-z 0-9 _ . -`; anything else
//! before the first `:` makes the whole string the secret.

use axum::http::{HeaderMap, StatusCode, header};
use subtle::ConstantTimeEq;

use super::{ApiError, AppState};

/// The label of a token given without one.
pub const DEFAULT_LABEL: &str = "default";

/// One accepted bearer token.
#[derive(Clone)]
pub struct WriteToken {
    pub label: String,
    secret: String,
}

impl std::fmt::Debug for WriteToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WriteToken")
            .field("label", &self.label)
            .finish_non_exhaustive()
    }
}

impl WriteToken {
    /// Reads `label:secret` or `secret`; `None` for an empty secret.
    pub fn parse(text: &str) -> Option<WriteToken> {
        let text = text.trim();
        let labelled = text.split_once(':').filter(|(label, secret)| {
            !secret.is_empty()
                && (1..=32).contains(&label.len())
                && label
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "_.-".contains(c))
        });
        let (label, secret) = labelled.unwrap_or((DEFAULT_LABEL, text));
        (!secret.is_empty()).then(|| WriteToken {
            label: label.to_string(),
            secret: secret.to_string(),
        })
    }
}

/// Checks the bearer token in constant time against every token; the
/// label of the one that matches.
pub fn authorize(state: &AppState, headers: &HeaderMap) -> Result<String, ApiError> {
    if state.tokens.is_empty() {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "writes_disabled",
            "writes are disabled: start the server with --write-token",
        ));
    }
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .ok_or_else(|| {
            ApiError::new(
                StatusCode::UNAUTHORIZED,
                "unauthorized",
                "this route needs an `Authorization: Bearer <token>` header",
            )
        })?;
    let given = given.trim().as_bytes();
    // Every token is compared, so the time says nothing about which matched.
    let mut found = None;
    for token in state.tokens.iter() {
        if bool::from(given.ct_eq(token.secret.as_bytes())) {
            found = Some(token.label.clone());
        }
    }
    found.ok_or_else(|| {
        ApiError::new(
            StatusCode::UNAUTHORIZED,
            "invalid_token",
            "the bearer token is not valid",
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_without_a_label_keeps_working_under_the_default_label() {
        let t = WriteToken::parse("s3cret").unwrap();
        assert_eq!((t.label.as_str(), t.secret.as_str()), ("default", "s3cret"));
        let t = WriteToken::parse("desk-7:abc:def").unwrap();
        assert_eq!((t.label.as_str(), t.secret.as_str()), ("desk-7", "abc:def"));
        let t = WriteToken::parse("not a label:x").unwrap();
        assert_eq!(t.label, "default");
        assert!(WriteToken::parse("  ").is_none());
    }
}
