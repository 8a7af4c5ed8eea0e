//! One integration-test binary: the modules below share the fixtures.

mod audit;
mod cli;
mod corpus;
mod crash_safety;
mod entities;
mod export;
mod fixtures;
mod folding;
mod harness;
mod hostile_http;
mod http;
mod ime;
mod index;
mod openapi;
mod page_properties;
mod pages;
mod properties;
mod ranking;
mod related;
mod replace_source;
mod search;
mod snapshot;
mod suggest;
mod write_errors;
