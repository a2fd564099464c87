//! Every file a site consists of, as independent rendering jobs.

use super::{Job, OutFile, Renderer, exports, gaps, heatmap, views};
use crate::diagnostic::Diagnostic;
use crate::model::AssumptionKind;
use crate::output::write_bytes;
use crate::routes::Route;
use heatmap::{Heatmap, Order};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

/// Each context's heatmap, computed once by the first page that needs it,
/// and its rows rendered once for the three orders of its pages.
struct Maps<'c> {
    maps: OnceLock<Vec<Heatmap<'c>>>,
    rows: Vec<SharedRows>,
}

type RenderedRows = Arc<Result<Vec<tera::Value>, Diagnostic>>;

/// One context's rendered rows, dropped when the last page that uses them
/// has taken them (at 10,000 benchmarks they are 14 MB per context).
struct SharedRows {
    slot: Mutex<Option<RenderedRows>>,
    uses_left: AtomicUsize,
}

fn heatmaps<'m, 'c>(cat: &'c crate::model::Catalogue, m: &'m Maps<'c>) -> &'m Vec<Heatmap<'c>> {
    use rayon::prelude::*;
    m.maps.get_or_init(|| {
        cat.contexts
            .par_iter()
            .map(|c| heatmap::context_heatmap(cat, c))
            .collect()
    })
}

fn summaries<'c>(cat: &'c crate::model::Catalogue, m: &Maps<'c>) -> Vec<heatmap::Summary> {
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

pub(crate) fn jobs<'r>(r: &'r Renderer<'r>) -> Vec<Job<'r>> {
    let cat = r.catalogue;
    let edit = r.edit_base();
    // Each context's heatmap is computed once, by the first page that needs
    // it, and shared by its pages.
    let maps: Arc<Maps> = Arc::new(Maps {
        maps: OnceLock::new(),
        rows: cat
            .contexts
            .iter()
            .map(|_| SharedRows {
                slot: Mutex::new(None),
                uses_left: AtomicUsize::new(Order::ALL.len()),
            })
            .collect(),
    });

    let mut jobs: Vec<Job<'r>> = Vec::new();
    let mut push = |path: String, run: super::JobFn<'r>| jobs.push(Job { path, run });

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
    for card in &cat.cards {
        let edit = edit.clone();
        let path = Route::Card(&card.slug).file();
        push(
            path.clone(),
            Box::new(move |w| {
                r.render_keyed(
                    "card.html",
                    &path,
                    "card",
                    &views::card_view(cat, card, edit.as_deref()),
                    w,
                )
            }),
        );
    }
    for a in &cat.registry.assumptions {
        let path = Route::Assumption(&a.id).file();
        push(
            path.clone(),
            Box::new(move |w| {
                r.render("assumption.html", &path, w, |c| {
                c.insert("assumption", a);
                c.insert("kind_label", a.kind.label());
                c.insert(
                    "kind_note",
                    match a.kind {
                        AssumptionKind::Task => "Task assumptions can be tested with conversation data from the deployment.",
                        AssumptionKind::Outcome => "Outcome assumptions need outcome data: behavioural studies or randomised trials.",
                    },
                );
                c.insert("answers", &views::assumption_answers(cat, a));
            })
            }),
        );
    }
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
    for page in r.content {
        let path = Route::Page(&page.slug).file();
        push(
            path.clone(),
            Box::new(move |w| r.render("page.html", &path, w, |c| c.insert("page", page))),
        );
    }
    push(
        Route::NotFound.file(),
        Box::new(move |w| r.render("404.html", "404.html", w, |_| {})),
    );
    push(
        Route::Search.file(),
        Box::new(move |w| r.render("search.html", "search/index.html", w, |_| {})),
    );
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
    push(
        Route::Match.file(),
        Box::new(move |w| {
            r.render("match.html", "match/index.html", w, |c| {
                c.insert("assumptions", &cat.registry.assumptions);
                let with_profile: Vec<_> = cat
                    .contexts
                    .iter()
                    .filter(|x| !x.profile.is_empty())
                    .map(|x| views::ContextRef {
                        id: x.id.clone(),
                        name: x.name.clone(),
                    })
                    .collect();
                c.insert("contexts", &with_profile);
            })
        }),
    );
    push(
        Route::Feed.file(),
        Box::new(move |w| {
            let mut entries: Vec<_> = cat.cards.iter().filter(|c| c.added.is_some()).collect();
            entries.sort_by(|a, b| b.added.cmp(&a.added).then_with(|| a.slug.cmp(&b.slug)));
            let updated = entries
                .first()
                .and_then(|c| c.added.clone())
                .unwrap_or_else(|| "1970-01-01".into());
            let entries: Vec<_> = entries
            .iter()
            .map(|c| serde_json::json!({"slug": c.slug, "title": c.title, "added": c.added, "summary": c.summary.as_deref().unwrap_or(&c.benchmark_name).trim()}))
            .collect();
            r.render("feed.xml", "feed.xml", w, |c| {
                c.insert("entries", &entries);
                c.insert("updated", &updated);
            })
        }),
    );
    push(
        Route::Sitemap.file(),
        Box::new(move |w| {
            let mut urls: Vec<String> = [Route::Home, Route::Heatmaps, Route::Gaps, Route::Match]
                .into_iter()
                .map(|r| r.path().into_owned())
                .collect();
            urls.extend(
                cat.cards
                    .iter()
                    .map(|c| Route::Card(&c.slug).path().into_owned()),
            );
            urls.extend(
                cat.registry
                    .assumptions
                    .iter()
                    .map(|a| Route::Assumption(&a.id).path().into_owned()),
            );
            urls.extend(cat.contexts.iter().flat_map(|c| {
                [
                    Route::Context(&c.id).path().into_owned(),
                    Route::Heatmap(&c.id, "").path().into_owned(),
                ]
            }));
            urls.extend(
                r.content
                    .iter()
                    .map(|p| Route::Page(&p.slug).path().into_owned()),
            );
            r.render("sitemap.xml", "sitemap.xml", w, |c| c.insert("urls", &urls))
        }),
    );
    for a in &r.theme.assets {
        push(
            a.published.clone(),
            Box::new(move |w| write_bytes(w, &a.published, &a.bytes)),
        );
    }
    push(
        Route::CardSchema.file(),
        Box::new(move |w| {
            let schema = crate::model::schema::card_schema(&cat.registry, true);
            let bytes = serde_json::to_vec_pretty(&schema).unwrap_or_default();
            write_bytes(w, "schema/card.json", &bytes)
        }),
    );
    push(
        Route::ContextSchema.file(),
        Box::new(move |w| {
            let bytes = serde_json::to_vec_pretty(&crate::model::schema::context_schema())
                .unwrap_or_default();
            write_bytes(w, "schema/context.json", &bytes)
        }),
    );
    push(
        Route::Robots.file(),
        Box::new(move |w| {
            let text = format!(
                "User-agent: *\nAllow: /\nSitemap: {}{}\n",
                r.site.abs_base,
                Route::Sitemap.path()
            );
            write_bytes(w, "robots.txt", text.as_bytes())
        }),
    );
    // The exports stream into their files: at 10,000 cards they are tens
    // of megabytes each.
    push(
        Route::CatalogueJson.file(),
        Box::new(move |w| {
            exports::catalogue_json(cat, w).map_err(|e| super::write_error("catalogue.json", &e))
        }),
    );
    push(
        Route::CatalogueCsv.file(),
        Box::new(move |w| {
            exports::catalogue_csv(cat, w).map_err(|e| super::write_error("catalogue.csv", &e))
        }),
    );
    push(
        Route::MatchJson.file(),
        Box::new(move |w| {
            exports::match_json(cat, r.config.base(), w)
                .map_err(|e| super::write_error("match.json", &e))
        }),
    );
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
