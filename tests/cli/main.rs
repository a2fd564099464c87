//! Integration tests: drive the `cardsite` binary on fixture sites.

mod build;
mod check;
mod hosting;
mod support;
