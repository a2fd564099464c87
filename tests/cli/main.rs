//! Integration tests: drive the `cardsite` binary on fixture sites.

mod browser;
mod build;
mod catalogue;
mod check;
mod cite;
mod contrib;
mod exports;
mod heatmaps;
mod hostile;
mod hosting;
mod listings;
mod matching;
mod search;
mod serve;
mod support;
mod workflows;
