//! One integration-test binary: the modules below share the fixtures.

mod cli;
mod corpus;
mod crash_safety;
mod fixtures;
mod folding;
mod harness;
mod hostile_http;
mod http;
mod ime;
mod index;
mod properties;
mod ranking;
mod search;
