//! Integration tests: drive the `cardsite` binary on fixture sites.

mod check;
mod support;
