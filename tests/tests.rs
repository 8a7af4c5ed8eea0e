//! One integration-test binary: the modules below share the fixtures.

mod audit;
mod cli;
mod corpus;
mod crash_safety;
mod entities;
mod fixtures;
mod folding;
mod harness;
mod hostile_http;
mod http;
mod ime;
mod index;
mod page_properties;
mod pages;
mod properties;
mod ranking;
mod replace_source;
mod search;
mod snapshot;
mod write_errors;
