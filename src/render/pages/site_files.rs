//! Content pages, the search and match pages, and the site's files: feed,
//! sitemap, robots.txt, schemas, theme assets and the exports.

use super::super::listing::{GroupIndex, Listing};
use super::super::{Job, JobFn, Renderer, cite, exports, views};
use crate::output::write_bytes;
use crate::routes::Route;
use std::sync::Arc;

/// URLs per sitemap file (the sitemaps.org limit).
pub const SITEMAP_URLS: usize = 50_000;
/// Entries in the feed: the newest cards.
pub const FEED_ENTRIES: usize = 50;
/// Benchmarks the compare page shows side by side.
pub const COMPARE_MAX: usize = 6;

/// Every page a search engine should know, as paths below the base.
fn sitemap_urls(r: &Renderer<'_>, lists: &(Vec<Listing>, Vec<GroupIndex>)) -> Vec<String> {
    let cat = r.catalogue;
    let mut urls: Vec<String> = [
        Route::Home,
        Route::Heatmaps,
        Route::Gaps,
        Route::Match,
        Route::Compare,
    ]
    .into_iter()
    .map(|r| r.path().into_owned())
    .collect();
    for l in &lists.0 {
        urls.extend((1..=l.pages()).map(|n| Route::Browse(&l.key, n).path().into_owned()));
    }
    for g in &lists.1 {
        urls.extend((1..=g.pages()).map(|n| Route::BrowseIndex(g.key, n).path().into_owned()));
    }
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
    if cite_page(r) {
        urls.push(Route::Cite.path().into_owned());
    }
    urls
}

/// Whether the site makes its own "How to cite" page (a content page at
/// `cite/` replaces it).
fn cite_page(r: &Renderer<'_>) -> bool {
    !r.content
        .iter()
        .any(|p| Route::Page(&p.slug).path() == Route::Cite.path())
}

/// Content pages, 404, search, match and compare.
pub(super) fn page_jobs<'r>(r: &'r Renderer<'r>, jobs: &mut Vec<Job<'r>>) {
    let cat = r.catalogue;
    let mut push = |path: String, run: JobFn<'r>| jobs.push(Job { path, run });
    for page in r.content {
        let path = Route::Page(&page.slug).file();
        push(
            path.clone(),
            Box::new(move |w| r.render("page.html", &path, w, |c| c.insert("page", page))),
        );
    }
    if cite_page(r) {
        push(
            Route::Cite.file(),
            Box::new(move |w| {
                let url = r.config.base().url_absolute(Route::Home);
                let catalogue = cite::Work::catalogue(cat, url, &r.site.title).citation();
                let example = cat.cards.iter().find(|c| c.reference.is_some());
                r.render("cite.html", "cite/index.html", w, |c| {
                    c.insert("catalogue", &catalogue);
                    c.insert("maintainers", cite::MAINTAINERS);
                    if let Some(card) = example {
                        c.insert(
                            "example",
                            &serde_json::json!({"slug": card.slug, "title": card.title}),
                        );
                    }
                })
            }),
        );
    }
    push(
        Route::NotFound.file(),
        Box::new(move |w| r.render("404.html", "404.html", w, |_| {})),
    );
    push(
        Route::Search.file(),
        Box::new(move |w| {
            let labels = super::page_data::search_labels(cat).to_string();
            r.render("search.html", "search/index.html", w, |c| {
                c.insert("search_labels", &labels);
            })
        }),
    );
    push(
        Route::Compare.file(),
        Box::new(move |w| {
            let data = super::page_data::compare_data(cat).to_string();
            r.render("compare.html", "compare/index.html", w, |c| {
                c.insert("compare_data", &data);
                c.insert("compare_max", &COMPARE_MAX);
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
}

/// The feed, sitemap, assets, schemas, robots.txt and exports.
pub(super) fn file_jobs<'r>(
    r: &'r Renderer<'r>,
    lists: &Arc<(Vec<Listing>, Vec<GroupIndex>)>,
    jobs: &mut Vec<Job<'r>>,
) {
    let cat = r.catalogue;
    let mut push = |path: String, run: JobFn<'r>| jobs.push(Job { path, run });
    push(
        Route::Feed.file(),
        Box::new(move |w| {
            let mut entries: Vec<_> = cat.cards.iter().filter(|c| c.added.is_some()).collect();
            entries.sort_by(|a, b| b.added.cmp(&a.added).then_with(|| a.slug.cmp(&b.slug)));
            entries.truncate(FEED_ENTRIES);
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
    // The sitemap is an index of parts of at most 50,000 URLs each.
    let urls = Arc::new(sitemap_urls(r, lists));
    let parts = urls.len().div_ceil(SITEMAP_URLS).max(1);
    push(
        Route::Sitemap.file(),
        Box::new(move |w| {
            let base = r.config.base();
            let parts: Vec<String> = (1..=parts)
                .map(|n| base.url_absolute(Route::SitemapPart(n)))
                .collect();
            r.render("sitemap_index.xml", "sitemap.xml", w, |c| {
                c.insert("parts", &parts)
            })
        }),
    );
    for n in 1..=parts {
        let urls = urls.clone();
        let path = Route::SitemapPart(n).file();
        push(
            path.clone(),
            Box::new(move |w| {
                let part = &urls[(n - 1) * SITEMAP_URLS..(n * SITEMAP_URLS).min(urls.len())];
                r.render("sitemap.xml", &path, w, |c| c.insert("urls", part))
            }),
        );
    }
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
            serde_json::to_writer_pretty(&mut *w, &schema)
                .map_err(|e| crate::output::write_error("schema/card.json", &e.into()))
        }),
    );
    push(
        Route::ContextSchema.file(),
        Box::new(move |w| {
            serde_json::to_writer_pretty(&mut *w, &crate::model::schema::context_schema())
                .map_err(|e| crate::output::write_error("schema/context.json", &e.into()))
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
    for (route, write) in exports::CATALOGUE_EXPORTS {
        let path = route.file();
        push(
            path.clone(),
            Box::new(move |w| write(cat, w).map_err(|e| crate::output::write_error(&path, &e))),
        );
    }
    push(
        Route::MatchJson.file(),
        Box::new(move |w| {
            exports::match_json(cat, r.config.base(), w)
                .map_err(|e| crate::output::write_error("match.json", &e))
        }),
    );
    // The search index is one job producing several files: `index_files`.
}
