//! Every file a site consists of, as independent rendering jobs.

use super::{Job, OutFile, Renderer, exports, gaps, heatmap, markdown, views};
use crate::diagnostic::Diagnostic;
use crate::model::AssumptionKind;
use heatmap::{Heatmap, Order};
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

fn raw(path: &str, bytes: Vec<u8>) -> OutFile {
    OutFile {
        path: PathBuf::from(path),
        bytes,
    }
}

/// Each context's heatmap, computed once by the first page that needs it,
/// and its rows rendered once for the three orders of its pages.
struct Maps<'c> {
    maps: OnceLock<Vec<Heatmap<'c>>>,
    rows: Vec<OnceLock<Result<Vec<tera::Value>, Diagnostic>>>,
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
fn heatmap_rows<'m, 'c>(
    r: &Renderer<'c>,
    m: &'m Maps<'c>,
    i: usize,
    path: &str,
) -> Result<&'m [tera::Value], Diagnostic> {
    let hm = &heatmaps(r.catalogue, m)[i];
    let rows = m.rows[i].get_or_init(|| {
        let head = hm.head(Order::Gaps);
        hm.rows
            .iter()
            .map(|row| {
                r.fragment("partials/heatmap_row.html", path, |c| {
                    c.insert("hm", &head);
                    c.insert("r", row);
                })
                .map(|html| tera::Value::safe_string(&html))
            })
            .collect()
    });
    rows.as_deref().map_err(Clone::clone)
}

pub(crate) fn jobs<'r>(r: &'r Renderer<'r>) -> Vec<Job<'r>> {
    let cat = r.catalogue;
    let edit = r.edit_base();
    // Each context's heatmap is computed once, by the first page that needs
    // it, and shared by its pages.
    let maps: Arc<Maps> = Arc::new(Maps {
        maps: OnceLock::new(),
        rows: cat.contexts.iter().map(|_| OnceLock::new()).collect(),
    });

    let mut jobs: Vec<Job<'r>> = Vec::new();
    let mut push = |path: String, run: super::JobFn<'r>| jobs.push(Job { path, run });

    let m = maps.clone();
    push(
        "index.html".into(),
        Box::new(move || {
            r.render("index.html", "index.html", |c| {
                c.insert("rows", &views::index_rows(cat));
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
        let path = format!("benchmarks/{}/index.html", card.slug);
        push(
            path.clone(),
            Box::new(move || {
                r.render_keyed(
                    "card.html",
                    &path,
                    "card",
                    &views::card_view(cat, card, edit.as_deref()),
                )
            }),
        );
    }
    for a in &cat.registry.assumptions {
        let path = format!("assumptions/{}/index.html", a.id);
        push(
            path.clone(),
            Box::new(move || {
                r.render("assumption.html", &path, |c| {
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
        let path = format!("contexts/{}/index.html", ctx.id);
        push(
            path.clone(),
            Box::new(move || {
                r.render("context.html", &path, |c| {
                    c.insert("context", ctx);
                    c.insert(
                        "description_html",
                        &ctx.description.as_deref().map(markdown::render),
                    );
                    c.insert("rows", &views::context_rows(cat, ctx));
                    c.insert("assumptions", &cat.registry.assumptions);
                })
            }),
        );
    }
    for page in r.content {
        let path = format!("{}/index.html", page.slug);
        push(
            path.clone(),
            Box::new(move || r.render("page.html", &path, |c| c.insert("page", page))),
        );
    }
    push(
        "404.html".into(),
        Box::new(move || r.render("404.html", "404.html", |_| {})),
    );
    push(
        "search/index.html".into(),
        Box::new(move || r.render("search.html", "search/index.html", |_| {})),
    );
    for (i, ctx) in cat.contexts.iter().enumerate() {
        for order in Order::ALL {
            let m = maps.clone();
            let path = format!("heatmaps/{}/{}index.html", ctx.id, order.suffix());
            push(
                path.clone(),
                Box::new(move || {
                    let hm = &heatmaps(cat, &m)[i];
                    let rows = heatmap_rows(r, &m, i, &path)?;
                    let ordered: Vec<tera::Value> = hm
                        .order(order)
                        .into_iter()
                        .map(|k| rows[k].clone())
                        .collect();
                    r.render("heatmap.html", &path, |c| {
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
        "heatmaps/index.html".into(),
        Box::new(move || {
            r.render("heatmaps.html", "heatmaps/index.html", |c| {
                c.insert(
                    "columns",
                    &heatmaps(cat, &m)
                        .first()
                        .map(|h| h.columns.clone())
                        .unwrap_or_else(|| heatmap::empty_columns(cat)),
                );
                c.insert("maps", &summaries(cat, &m));
                c.insert("design", &heatmap::design_heatmap(cat));
                c.insert("legend", &heatmap::legend());
            })
        }),
    );
    push(
        "gaps/index.html".into(),
        Box::new(move || {
            r.render("gaps.html", "gaps/index.html", |c| {
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
        "match/index.html".into(),
        Box::new(move || {
            r.render("match.html", "match/index.html", |c| {
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
        "feed.xml".into(),
        Box::new(move || {
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
            r.render("feed.xml", "feed.xml", |c| {
                c.insert("entries", &entries);
                c.insert("updated", &updated);
            })
        }),
    );
    push(
        "sitemap.xml".into(),
        Box::new(move || {
            let mut urls = vec![
                String::new(),
                "heatmaps/".into(),
                "gaps/".into(),
                "match/".into(),
            ];
            urls.extend(cat.cards.iter().map(|c| format!("benchmarks/{}/", c.slug)));
            urls.extend(
                cat.registry
                    .assumptions
                    .iter()
                    .map(|a| format!("assumptions/{}/", a.id)),
            );
            urls.extend(
                cat.contexts
                    .iter()
                    .flat_map(|c| [format!("contexts/{}/", c.id), format!("heatmaps/{}/", c.id)]),
            );
            urls.extend(r.content.iter().map(|p| format!("{}/", p.slug)));
            r.render("sitemap.xml", "sitemap.xml", |c| c.insert("urls", &urls))
        }),
    );
    for a in &r.theme.assets {
        push(
            a.published.clone(),
            Box::new(move || Ok(raw(&a.published, a.bytes.clone()))),
        );
    }
    push(
        "schema/card.json".into(),
        Box::new(move || {
            Ok(raw(
                "schema/card.json",
                serde_json::to_vec_pretty(&crate::schema::card_schema(&cat.registry, true))
                    .unwrap_or_default(),
            ))
        }),
    );
    push(
        "schema/context.json".into(),
        Box::new(move || {
            Ok(raw(
                "schema/context.json",
                serde_json::to_vec_pretty(&crate::schema::context_schema()).unwrap_or_default(),
            ))
        }),
    );
    push(
        "robots.txt".into(),
        Box::new(move || {
            Ok(raw(
                "robots.txt",
                format!(
                    "User-agent: *\nAllow: /\nSitemap: {}sitemap.xml\n",
                    r.site.abs_base
                )
                .into_bytes(),
            ))
        }),
    );
    push(
        "catalogue.json".into(),
        Box::new(move || Ok(raw("catalogue.json", exports::catalogue_json(cat)))),
    );
    push(
        "catalogue.csv".into(),
        Box::new(move || {
            Ok(raw(
                "catalogue.csv",
                exports::catalogue_csv(cat).into_bytes(),
            ))
        }),
    );
    push(
        "match.json".into(),
        Box::new(move || Ok(raw("match.json", exports::match_json(cat, &r.site.base)))),
    );
    // The search index is one job producing several files: `index_files`.
    jobs
}

/// The search index's files (one job: tantivy writes them together).
pub(crate) fn index_files(r: &Renderer<'_>) -> Result<Vec<OutFile>, crate::diagnostic::Diagnostic> {
    let docs = crate::index::documents(r.catalogue, r.content);
    crate::index::search_files(docs).map_err(|e| {
        crate::diagnostic::Diagnostic::error(
            "search-index",
            std::path::Path::new("search"),
            crate::diagnostic::Pos::FILE,
            format!("building the search index failed: {e}"),
        )
    })
}
