//! Context pages, each context's heatmap in its orders, the heatmaps index
//! and the gap charts.

use super::super::{Job, JobFn, Renderer, gaps, heatmap, views};
use crate::diagnostic::Diagnostic;
use crate::routes::Route;
use heatmap::{Heatmap, Order};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

/// Each context's heatmap, computed once by the first page that needs it,
/// and its rows rendered once for the three orders of its pages.
pub(super) struct Maps<'c> {
    pub(super) maps: OnceLock<Vec<Heatmap<'c>>>,
    pub(super) rows: Vec<SharedRows>,
}

type RenderedRows = Arc<Result<Vec<tera::Value>, Diagnostic>>;

/// One context's rendered rows, dropped when the last page that uses them
/// has taken them (at 10,000 benchmarks they are 14 MB per context).
pub(super) struct SharedRows {
    pub(super) slot: Mutex<Option<RenderedRows>>,
    pub(super) uses_left: AtomicUsize,
}

pub(super) fn heatmaps<'m, 'c>(
    cat: &'c crate::model::Catalogue,
    m: &'m Maps<'c>,
) -> &'m Vec<Heatmap<'c>> {
    use rayon::prelude::*;
    m.maps.get_or_init(|| {
        cat.contexts
            .par_iter()
            .map(|c| heatmap::context_heatmap(cat, c))
            .collect()
    })
}

pub(super) fn summaries<'c>(
    cat: &'c crate::model::Catalogue,
    m: &Maps<'c>,
) -> Vec<heatmap::Summary> {
    heatmaps(cat, m)
        .iter()
        .map(heatmap::Summary::from)
        .collect()
}

/// The rows of context `i`'s heatmap as HTML (most gaps first), rendered by
/// `partials/heatmap_row.html` once and shared by the three orders.
fn heatmap_rows<'c>(r: &Renderer<'c>, m: &Maps<'c>, i: usize, path: &str) -> RenderedRows {
    let hm = &heatmaps(r.catalogue, m)[i];
    let shared = &m.rows[i];
    let mut slot = shared.slot.lock().unwrap_or_else(|e| e.into_inner());
    let rows = slot
        .get_or_insert_with(|| Arc::new(r.rows("partials/heatmap_row.html", path, &hm.rows)))
        .clone();
    if shared.uses_left.fetch_sub(1, Ordering::Relaxed) == 1 {
        *slot = None;
    }
    rows
}

/// The shared heatmaps of a render: each context's computed once, by the
/// first page that needs it.
pub(super) fn maps<'c>(cat: &'c crate::model::Catalogue) -> Arc<Maps<'c>> {
    Arc::new(Maps {
        maps: OnceLock::new(),
        rows: cat
            .contexts
            .iter()
            .map(|_| SharedRows {
                slot: Mutex::new(None),
                uses_left: AtomicUsize::new(Order::ALL.len()),
            })
            .collect(),
    })
}

/// Each context's page (its header and its verdict rows).
pub(super) fn context_jobs<'r>(r: &'r Renderer<'r>, jobs: &mut Vec<Job<'r>>) {
    let cat = r.catalogue;
    let mut push = |path: String, run: JobFn<'r>| jobs.push(Job { path, run });
    for ctx in &cat.contexts {
        let path = Route::Context(&ctx.id).file();
        push(
            path.clone(),
            Box::new(move |w| {
                let rows = r.rows(
                    "partials/context_row.html",
                    &path,
                    views::context_rows(cat, ctx),
                )?;
                r.render("context.html", &path, w, |c| {
                    // The context without its assessments (the rows carry
                    // them): serialising all of them for the page header
                    // cost ~50 MB at 10,000 benchmarks.
                    c.insert("context", &views::ContextHead::from(ctx));
                    c.insert(
                        "description_html",
                        &ctx.description.as_deref().map(crate::markdown::render),
                    );
                    c.insert_value("rows", tera::Value::from(rows));
                    c.insert("assumptions", &cat.registry.assumptions);
                })
            }),
        );
    }
}

/// Each context's heatmap in every order, the heatmaps index, and the gaps page.
pub(super) fn heatmap_jobs<'r>(r: &'r Renderer<'r>, maps: &Arc<Maps<'r>>, jobs: &mut Vec<Job<'r>>) {
    let cat = r.catalogue;
    let mut push = |path: String, run: JobFn<'r>| jobs.push(Job { path, run });
    for (i, ctx) in cat.contexts.iter().enumerate() {
        for order in Order::ALL {
            let m = maps.clone();
            let path = Route::Heatmap(&ctx.id, order.suffix()).file();
            push(
                path.clone(),
                Box::new(move |w| {
                    let hm = &heatmaps(cat, &m)[i];
                    let rows = heatmap_rows(r, &m, i, &path);
                    let rows = rows.as_deref().map_err(Clone::clone)?;
                    let ordered: Vec<tera::Value> = hm
                        .order(order)
                        .into_iter()
                        .map(|k| rows[k].clone())
                        .collect();
                    r.render("heatmap.html", &path, w, |c| {
                        c.insert("hm", &hm.head(order));
                        c.insert_value("rows", tera::Value::from(ordered));
                        c.insert("legend", &heatmap::legend());
                        let orders: Vec<_> = Order::ALL
                            .iter()
                            .map(|o| serde_json::json!({"label": o.label(), "suffix": o.suffix(), "current": *o == order}))
                            .collect();
                        c.insert("orders", &orders);
                    })
                }),
            );
        }
    }
    let m = maps.clone();
    push(
        Route::Heatmaps.file(),
        Box::new(move |w| {
            let design = heatmap::design_heatmap(cat);
            let rows = r.rows(
                "partials/design_row.html",
                "heatmaps/index.html",
                &design.rows,
            )?;
            r.render("heatmaps.html", "heatmaps/index.html", w, |c| {
                c.insert(
                    "columns",
                    &heatmaps(cat, &m)
                        .first()
                        .map(|h| h.columns.clone())
                        .unwrap_or_else(|| heatmap::empty_columns(cat)),
                );
                c.insert("maps", &summaries(cat, &m));
                c.insert("design", &serde_json::json!({ "columns": &design.columns }));
                c.insert_value("rows", tera::Value::from(rows));
                c.insert("legend", &heatmap::legend());
            })
        }),
    );
    push(
        Route::Gaps.file(),
        Box::new(move |w| {
            r.render("gaps.html", "gaps/index.html", w, |c| {
                let charts: Vec<_> = cat
                    .cards
                    .iter()
                    .filter_map(|card| gaps::chart(cat, card))
                    .collect();
                c.insert("charts", &charts);
            })
        }),
    );
}
