//! Every file a site consists of, as independent rendering jobs: one
//! builder per family of pages, each next to the views it uses.

mod card_files;
mod cards;
mod heatmaps;
mod listings;
mod site_files;

use super::{Job, OutFile, Renderer};

pub(crate) fn jobs<'r>(r: &'r Renderer<'r>) -> Vec<Job<'r>> {
    let maps = heatmaps::maps(r.catalogue);
    let lists = std::sync::Arc::new(super::listing::listings(r.catalogue, r.config.base()));
    let mut jobs: Vec<Job<'r>> = Vec::new();
    listings::home_jobs(r, &maps, &lists, &mut jobs);
    cards::card_jobs(r, &mut jobs);
    card_files::card_file_jobs(r, &mut jobs);
    heatmaps::context_jobs(r, &mut jobs);
    site_files::page_jobs(r, &mut jobs);
    heatmaps::heatmap_jobs(r, &maps, &mut jobs);
    site_files::file_jobs(r, &lists, &mut jobs);
    // The search index is one job producing several files: `index_files`.
    jobs
}

/// The search index's files (one job: tantivy writes them together).
pub(crate) fn index_files(r: &Renderer<'_>) -> Result<Vec<OutFile>, crate::diagnostic::Diagnostic> {
    let docs = crate::search_index::documents(r.catalogue, r.content);
    crate::search_index::search_files(docs).map_err(|e| {
        crate::diagnostic::Diagnostic::error(
            "search-index",
            std::path::Path::new("search"),
            crate::diagnostic::Pos::FILE,
            format!("building the search index failed: {e}"),
        )
    })
}
