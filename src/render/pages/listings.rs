//! The home page (the catalogue at a glance) and the listings: static,
//! paginated pages of benchmark rows, and the indexes of their groups.

use super::super::listing::{self, GroupIndex, INDEX_ROWS, Listing, PAGE_ROWS};
use super::super::{Job, JobFn, Renderer, heatmap, views};
use super::heatmaps::{Maps, summaries};
use crate::diagnostic::Diagnostic;
use crate::routes::Route;
use rayon::prelude::*;
use std::sync::{Arc, OnceLock};

/// Each card's listing row as HTML, rendered once (in parallel, by the first
/// listing page that needs them) and shared by every listing it appears in.
type Rows = OnceLock<Result<Vec<tera::Value>, Diagnostic>>;

/// The home page and every listing page.
pub(super) fn home_jobs<'r>(
    r: &'r Renderer<'r>,
    maps: &Arc<Maps<'r>>,
    lists: &Arc<(Vec<Listing>, Vec<GroupIndex>)>,
    jobs: &mut Vec<Job<'r>>,
) {
    let cat = r.catalogue;
    let mut push = |path: String, run: JobFn<'r>| jobs.push(Job { path, run });
    let shared: Arc<Rows> = Arc::new(OnceLock::new());

    let m = maps.clone();
    let idx = lists.clone();
    push(
        Route::Home.file(),
        Box::new(move |w| {
            let pick = |order: Vec<usize>| -> Vec<views::IndexRow<'_>> {
                order
                    .into_iter()
                    .take(10)
                    .map(|i| views::index_row(cat, &cat.cards[i]))
                    .collect()
            };
            let mut newest: Vec<usize> = (0..cat.cards.len())
                .filter(|&i| cat.cards[i].added.is_some())
                .collect();
            newest.sort_by(|&a, &b| {
                cat.cards[b]
                    .added
                    .cmp(&cat.cards[a].added)
                    .then_with(|| cat.cards[a].title.cmp(&cat.cards[b].title))
            });
            let mut best: Vec<(usize, usize, usize)> = (0..cat.cards.len())
                .filter(|&i| cat.cards[i].is_reviewed())
                .map(|i| {
                    let c = &cat.cards[i];
                    let evidence: usize = c.answers.values().map(|a| a.evidence.len()).sum();
                    (listing::documented(cat, c), evidence, i)
                })
                .collect();
            best.sort_by(|a, b| {
                b.0.cmp(&a.0)
                    .then(b.1.cmp(&a.1))
                    .then(cat.cards[a.2].title.cmp(&cat.cards[b.2].title))
            });
            let newest = r.rows("partials/index_row.html", "index.html", pick(newest))?;
            let best = r.rows(
                "partials/index_row.html",
                "index.html",
                pick(best.into_iter().map(|x| x.2).collect()),
            )?;
            let tiers = [
                ("paper", crate::model::format::ReviewStatus::Paper),
                ("curated", crate::model::format::ReviewStatus::Curated),
                ("imported", crate::model::format::ReviewStatus::Imported),
            ]
            .map(|(k, s)| (k, cat.cards.iter().filter(|c| c.review.status == s).count()));
            r.render("index.html", "index.html", w, |c| {
                c.insert_value("newest", tera::Value::from(newest));
                c.insert_value("best", tera::Value::from(best));
                c.insert("tiers", &tiers.iter().map(|(k, n)| serde_json::json!({"tier": k, "count": n})).collect::<Vec<_>>());
                c.insert("groups", &idx.1.iter().map(|g| serde_json::json!({
                    "key": g.key, "title": g.title, "count": g.groups.len(), "top": &g.groups[..g.groups.len().min(8)]
                })).collect::<Vec<_>>());
                c.insert("maps", &summaries(cat, &m));
                c.insert("legend", &heatmap::legend());
                c.insert("contexts", &contexts(cat));
                c.insert("assumptions", &cat.registry.assumptions);
            })
        }),
    );

    for li in 0..lists.0.len() {
        for page in 1..=lists.0[li].pages() {
            let (lists, shared) = (lists.clone(), shared.clone());
            let path = Route::Browse(&lists.0[li].key, page).file();
            push(
                path.clone(),
                Box::new(move |w| {
                    let l = &lists.0[li];
                    let all = shared
                        .get_or_init(|| {
                            cat.cards
                                .par_iter()
                                .map(|c| {
                                    r.fragment("partials/index_row.html", "browse/", |x| {
                                        x.insert("r", &views::index_row(cat, c))
                                    })
                                    .map(|html| tera::Value::safe_string(&html))
                                })
                                .collect()
                        })
                        .as_ref()
                        .map_err(Clone::clone)?;
                    let start = (page - 1) * PAGE_ROWS;
                    let rows: Vec<tera::Value> = l.cards
                        [start.min(l.cards.len())..(start + PAGE_ROWS).min(l.cards.len())]
                        .iter()
                        .map(|&i| all[i].clone())
                        .collect();
                    let base = r.config.base();
                    let p = listing::pagination(page, l.pages(), l.cards.len(), PAGE_ROWS, |n| {
                        base.url(Route::Browse(&l.key, n))
                    });
                    let orders: Vec<_> = [("", "name"), ("by-year/", "year"), ("by-added/", "date added")]
                        .iter()
                        .map(|(k, label)| serde_json::json!({"label": label, "url": base.url(Route::Browse(k, 1)), "current": l.key == *k}))
                        .collect();
                    r.render("listing.html", &path, w, |c| {
                        c.insert("title", &l.title);
                        c.insert("kind", l.kind);
                        c.insert_value("rows", tera::Value::from(rows));
                        c.insert("pagination", &p);
                        c.insert("orders", &orders);
                        c.insert("contexts", &contexts(cat));
                    })
                }),
            );
        }
    }
    for gi in 0..lists.1.len() {
        let pages = lists.1[gi].pages();
        for page in 1..=pages {
            let lists = lists.clone();
            let path = Route::BrowseIndex(lists.1[gi].key, page).file();
            push(
                path.clone(),
                Box::new(move |w| {
                    let g = &lists.1[gi];
                    let start = (page - 1) * INDEX_ROWS;
                    let groups = &g.groups
                        [start.min(g.groups.len())..(start + INDEX_ROWS).min(g.groups.len())];
                    let base = r.config.base();
                    let p = listing::pagination(page, pages, g.groups.len(), INDEX_ROWS, |n| {
                        base.url(Route::BrowseIndex(g.key, n))
                    });
                    r.render("browse.html", &path, w, |c| {
                        c.insert("title", g.title);
                        c.insert("groups", groups);
                        c.insert("small", &g.small);
                        c.insert("min_group", &listing::MIN_GROUP);
                        c.insert("pagination", &p);
                    })
                }),
            );
        }
    }
}

fn contexts(cat: &crate::model::Catalogue) -> Vec<views::ContextRef> {
    cat.contexts
        .iter()
        .map(|x| views::ContextRef {
            id: x.id.clone(),
            name: x.name.clone(),
        })
        .collect()
}
