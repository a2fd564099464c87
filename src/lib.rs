//! cardsite: a static site generator for the BenchmarkCard catalogue.
//!
//! The pipeline is visible in the module names:
//! `load → validate → model (Catalogue) → render → write`.

// Diagnostics are the error type of a cold path; boxing them buys nothing.
#![allow(clippy::result_large_err)]

pub mod author;
pub mod commands;
pub mod config;
pub mod diagnostic;
pub mod hash;
pub mod load;
pub mod markdown;
pub mod model;
pub mod output;
pub mod render;
pub mod report;
pub mod routes;
pub mod search_index;
pub mod serve;
pub mod site;
pub mod theme;
pub mod validate;
pub mod verify;
pub mod write;
