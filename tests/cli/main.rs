//! Integration tests: drive the `cardsite` binary on fixture sites.

mod browser;
mod build;
mod catalogue;
mod check;
mod cite;
mod contrib;
mod exports;
mod heatmaps;
mod history;
mod hostile;
mod hosting;
mod jsonld;
mod listings;
mod matching;
mod search;
mod serve;
mod support;
mod workflows;
