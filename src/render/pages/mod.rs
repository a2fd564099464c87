//! Every file a site consists of, as independent rendering jobs: one
//! builder per family of pages, each next to the views it uses.

mod card_files;
mod cards;
mod heatmaps;
mod listings;
mod page_data;
mod releases;
mod site_files;

use super::{Job, Renderer};

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
    releases::release_jobs(r, &mut jobs);
    // The search index is written beside these by the driver (site::render_site).
    jobs
}
