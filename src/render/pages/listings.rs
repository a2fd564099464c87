//! The home page.

use super::super::{Job, JobFn, Renderer, heatmap, views};
use super::heatmaps::{Maps, summaries};
use crate::routes::Route;
use std::sync::Arc;

/// The home page.
pub(super) fn home_jobs<'r>(r: &'r Renderer<'r>, maps: &Arc<Maps<'r>>, jobs: &mut Vec<Job<'r>>) {
    let cat = r.catalogue;
    let mut push = |path: String, run: JobFn<'r>| jobs.push(Job { path, run });
    let m = maps.clone();
    push(
        Route::Home.file(),
        Box::new(move |w| {
            let rows = r.rows(
                "partials/index_row.html",
                "index.html",
                views::index_rows(cat),
            )?;
            r.render("index.html", "index.html", w, |c| {
                c.insert_value("rows", tera::Value::from(rows));
                c.insert("maps", &summaries(cat, &m));
                c.insert("legend", &heatmap::legend());
                c.insert(
                    "contexts",
                    &cat.contexts
                        .iter()
                        .map(|x| views::ContextRef {
                            id: x.id.clone(),
                            name: x.name.clone(),
                        })
                        .collect::<Vec<_>>(),
                );
                c.insert("assumptions", &cat.registry.assumptions);
            })
        }),
    );
}
