//! One integration-test binary: the modules below share the fixtures.

mod cli;
mod corpus;
mod fixtures;
mod http;
mod index;
mod search;
