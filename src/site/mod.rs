//! The pipeline driver: `load → validate → model` ([`load`]), then
//! `render ∥ index → write` ([`build`]). `cardsite check`, `build`, `search`
//! and `serve` all run it; `serve` re-runs it on every change.

mod build;
mod load;
pub mod releases;

pub use build::{
    BuildError, BuildOptions, BuildReport, Prepared, Progress, build, build_with_progress,
    display_path, prepare, prepare_cached, render_site,
};
pub use load::{Checked, check, load, registry};
