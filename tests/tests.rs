//! One integration-test binary: the modules below share the fixtures.

mod cli;
mod corpus;
mod crash_safety;
mod export;
mod fixtures;
mod harness;
mod hostile_http;
mod http;
mod index;
mod properties;
mod related;
mod search;
mod suggest;
