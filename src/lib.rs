//! cardsite: a static site generator for the BenchmarkCard catalogue.
//!
//! The pipeline is visible in the module names:
//! `load → validate → model (Catalogue) → render → write`.

// Diagnostics are the error type of a cold path; boxing them buys nothing.
#![allow(clippy::result_large_err)]

pub(crate) mod author;
pub mod commands;
pub(crate) mod config;
pub mod diagnostic;
pub(crate) mod hash;
pub mod load;
pub(crate) mod markdown;
pub mod model;
pub(crate) mod output;
pub mod render;
pub mod report;
pub(crate) mod routes;
pub(crate) mod search_index;
pub mod serve;
pub mod site;
pub(crate) mod theme;
pub mod validate;
pub mod verify;
pub(crate) mod write;
