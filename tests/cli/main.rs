//! Integration tests: drive the `cardsite` binary on fixture sites.

mod build;
mod catalogue;
mod check;
mod hosting;
mod support;
