//! cardsite: a static site generator for the BenchmarkCard catalogue.
//!
//! The pipeline is visible in the module names:
//! `load → validate → model (Catalogue) → render → write`.

// Diagnostics are the error type of a cold path; boxing them buys nothing.
#![allow(clippy::result_large_err)]

pub mod build;
pub mod check;
pub mod commands;
pub mod config;
pub mod diagnostic;
pub mod import;
pub mod index;
pub mod linkcheck;
pub mod load;
pub mod model;
pub mod render;
pub mod report;
pub mod routes;
pub mod scaffold;
pub mod schema;
pub mod serve;
pub mod urlpath;
pub mod validate;
pub mod write;
