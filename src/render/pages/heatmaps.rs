//! Context pages, each context's heatmap in its orders, the heatmaps index
//! and the gap charts.

use super::super::listing::{self, PAGE_ROWS};
use super::super::{Job, JobFn, Renderer, gaps, heatmap, views};
use crate::diagnostic::Diagnostic;
use crate::routes::{PagedKind, Route};
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

/// Rows on a heatmap page.
pub const HEATMAP_ROWS: usize = 200;
/// A domain or tag gets static filtered heatmap pages from this many
/// assessed benchmarks (finer filters are the search page's job).
pub const MIN_FILTER: usize = 20;

/// A domain or tag with enough benchmarks in a context for pages of its own.
pub(super) struct Filter {
    sub: String,
    name: String,
    kind: &'static str,
    /// Card indices, sorted.
    cards: Vec<usize>,
    /// The heatmap's row positions of these cards, most gaps first (made
    /// once, by the first of the filter's pages).
    ordered: OnceLock<Vec<usize>>,
}

fn filters(cat: &crate::model::Catalogue, assessed: &[usize]) -> Vec<Filter> {
    let mut out = Vec::new();
    for (kind, keys) in [
        (
            "domain",
            (|c: &crate::model::Card| c.domains.clone()) as fn(&crate::model::Card) -> Vec<String>,
        ),
        ("tag", |c: &crate::model::Card| c.tags.clone()),
    ] {
        // `assessed` is in card order, so each group's cards are sorted.
        for (slug, (name, cards)) in listing::grouped(cat, assessed, keys) {
            if cards.len() >= MIN_FILTER {
                out.push(Filter {
                    sub: format!("{kind}/{slug}/"),
                    name,
                    kind,
                    cards,
                    ordered: OnceLock::new(),
                });
            }
        }
    }
    out
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
        let assessed: Arc<Vec<usize>> = Arc::new(
            (0..cat.cards.len())
                .filter(|&k| ctx.assessments.contains_key(&cat.cards[k].slug))
                .collect(),
        );
        let pages = assessed.len().div_ceil(PAGE_ROWS).max(1);
        for page in 1..=pages {
            let assessed = assessed.clone();
            let path = Route::Paged(PagedKind::Context, &ctx.id, page).file();
            push(
                path.clone(),
                Box::new(move |w| {
                    let start = ((page - 1) * PAGE_ROWS).min(assessed.len());
                    let slice = &assessed[start..(start + PAGE_ROWS).min(assessed.len())];
                    let rows = r.rows(
                        "partials/context_row.html",
                        &path,
                        views::context_rows(cat, ctx, slice.iter().map(|&k| &cat.cards[k])),
                    )?;
                    let base = r.config.base();
                    let p = listing::pagination(page, pages, assessed.len(), PAGE_ROWS, |n| {
                        base.url(Route::Paged(PagedKind::Context, &ctx.id, n))
                    });
                    r.render("context.html", &path, w, |c| {
                        // The context without its assessments (the rows carry
                        // them): serialising all of them for the page header
                        // cost ~50 MB at 10,000 benchmarks.
                        c.insert("context", &super::super::exports::ContextRecord::of(ctx));
                        c.insert(
                            "description_html",
                            &ctx.description.as_deref().map(crate::markdown::render),
                        );
                        c.insert_value("rows", tera::Value::from(rows));
                        c.insert("assumptions", &cat.registry.assumptions);
                        c.insert("pagination", &p);
                    })
                }),
            );
        }
    }
}

/// Each context's heatmap in every order, the heatmaps index, and the gaps page.
pub(super) fn heatmap_jobs<'r>(r: &'r Renderer<'r>, maps: &Arc<Maps<'r>>, jobs: &mut Vec<Job<'r>>) {
    let cat = r.catalogue;
    let mut push = |path: String, run: JobFn<'r>| jobs.push(Job { path, run });
    let base = r.config.base();
    for (i, ctx) in cat.contexts.iter().enumerate() {
        // Which benchmarks the context assessed, and the domains and tags
        // with enough of them for static filtered pages.
        let assessed: Vec<usize> = (0..cat.cards.len())
            .filter(|&k| ctx.assessments.contains_key(&cat.cards[k].slug))
            .collect();
        let pages = assessed.len().div_ceil(HEATMAP_ROWS).max(1);
        let filters = Arc::new(filters(cat, &assessed));
        // Each order's row positions, sorted once for all of its pages.
        let orders: Arc<Vec<OnceLock<Vec<usize>>>> =
            Arc::new(Order::ALL.iter().map(|_| OnceLock::new()).collect());
        let uses = Order::ALL.len() * pages
            + filters
                .iter()
                .map(|f| f.cards.len().div_ceil(HEATMAP_ROWS))
                .sum::<usize>();
        maps.rows[i].uses_left.store(uses, Ordering::Relaxed);
        // (sub-path, order, filter index, page)
        let mut views: Vec<(String, Order, Option<usize>, usize)> = Vec::new();
        for order in Order::ALL {
            views.extend((1..=pages).map(|p| (order.suffix().to_string(), order, None, p)));
        }
        for (fi, f) in filters.iter().enumerate() {
            let fp = f.cards.len().div_ceil(HEATMAP_ROWS);
            views.extend((1..=fp).map(|p| (f.sub.clone(), Order::Gaps, Some(fi), p)));
        }
        for (sub, order, filter, page) in views {
            let (m, filters, orders) = (maps.clone(), filters.clone(), orders.clone());
            let path = Route::HeatmapPage(&ctx.id, &sub, page).file();
            push(
                path.clone(),
                Box::new(move |w| {
                    let hm = &heatmaps(cat, &m)[i];
                    let rows = heatmap_rows(r, &m, i, &path);
                    let rows = rows.as_deref().map_err(Clone::clone)?;
                    let order_ix: &[usize] = match filter {
                        None => {
                            let o = Order::ALL.iter().position(|x| *x == order).unwrap_or(0);
                            orders[o].get_or_init(|| hm.order(order))
                        }
                        Some(fi) => filters[fi].ordered.get_or_init(|| {
                            let keep = &filters[fi].cards;
                            let mut ix = hm.order(order);
                            ix.retain(|&k| keep.binary_search(&hm.rows[k].card).is_ok());
                            ix
                        }),
                    };
                    let total = order_ix.len();
                    let pages = total.div_ceil(HEATMAP_ROWS).max(1);
                    let start = ((page - 1) * HEATMAP_ROWS).min(total);
                    let shown: Vec<tera::Value> = order_ix
                        [start..(start + HEATMAP_ROWS).min(total)]
                        .iter()
                        .map(|&k| rows[k].clone())
                        .collect();
                    let p = listing::pagination(page, pages, total, HEATMAP_ROWS, |n| {
                        base.url(Route::HeatmapPage(&ctx.id, &sub, n))
                    });
                    r.render("heatmap.html", &path, w, |c| {
                        c.insert("hm", &hm.head(order));
                        c.insert_value("rows", tera::Value::from(shown));
                        c.insert("legend", &heatmap::legend());
                        c.insert("pagination", &p);
                        c.insert(
                            "filter",
                            &filter.map(|fi| serde_json::json!({"name": filters[fi].name, "kind": filters[fi].kind})),
                        );
                        let links: Vec<_> = filters
                            .iter()
                            .enumerate()
                            .map(|(fj, f)| serde_json::json!({"name": f.name, "kind": f.kind, "count": f.cards.len(),
                                "url": base.url(Route::HeatmapPage(&ctx.id, &f.sub, 1)), "current": filter == Some(fj)}))
                            .collect();
                        c.insert("filters", &links);
                        let orders: Vec<_> = Order::ALL
                            .iter()
                            .map(|o| serde_json::json!({"label": o.label(), "url": base.url(Route::Heatmap(&ctx.id, o.suffix())), "current": filter.is_none() && *o == order}))
                            .collect();
                        c.insert("orders", &orders);
                    })
                }),
            );
        }
    }
    let design = Arc::new(heatmap::design_heatmap(cat));
    let pages = design.rows.len().div_ceil(HEATMAP_ROWS).max(1);
    for page in 1..=pages {
        let (m, design) = (maps.clone(), design.clone());
        let path = Route::Paged(PagedKind::Design, "", page).file();
        push(
            path.clone(),
            Box::new(move |w| {
                let start = ((page - 1) * HEATMAP_ROWS).min(design.rows.len());
                let slice = &design.rows[start..(start + HEATMAP_ROWS).min(design.rows.len())];
                let rows = r.rows("partials/design_row.html", &path, slice)?;
                let base = r.config.base();
                let p = listing::pagination(page, pages, design.rows.len(), HEATMAP_ROWS, |n| {
                    base.url(Route::Paged(PagedKind::Design, "", n))
                });
                r.render("heatmaps.html", &path, w, |c| {
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
                    c.insert("pagination", &p);
                })
            }),
        );
    }
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
