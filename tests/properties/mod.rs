//! Property tests (proptest): the query parser and search, the highlighter,
//! the readers, and the literal-match invariant, on generated input. Each
//! file holds one topic's properties and, after them, the named tests of
//! the bugs they found; `inputs` holds the generators they share.
//!
//! Each property runs a small number of cases by default so that
//! `cargo test` stays fast; `PROPTEST_CASES=N` runs N cases of each, e.g.
//! `PROPTEST_CASES=20000 cargo test --release --test tests properties`.

mod highlighter;
mod inputs;
mod literal;
mod query;
mod readers;

use proptest::test_runner::Config as ProptestConfig;

/// `SKIP_KNOWN_BUGS=1` steers the properties around the bugs
/// already reported (the named tests after each file's properties), so that a long
/// campaign can look for new ones.
pub(super) fn skip_known_bugs() -> bool {
    std::env::var_os("SKIP_KNOWN_BUGS").is_some_and(|v| v != "0")
}

/// `cases` unless `PROPTEST_CASES` says otherwise.
pub(super) fn config(cases: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(cases);
    ProptestConfig {
        cases,
        // Failures found so far are named tests beside the properties
        // that found them; no regression files in the tree.
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}
