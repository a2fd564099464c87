//! Stage 4 — render: catalogue + theme → the site's files, in memory.

pub mod content;
pub mod exports;
pub mod gaps;
pub mod heatmap;
pub mod markdown;
pub mod theme;
pub mod views;

use crate::config::Config;
use crate::diagnostic::{Diagnostic, Pos};
use crate::model::{AssumptionKind, Catalogue};
use content::ContentPage;
use rayon::prelude::*;
use serde::Serialize;
use std::path::{Path, PathBuf};
use theme::Theme;

/// One output file, relative to the output directory.
#[derive(Debug, Clone, PartialEq)]
pub struct OutFile {
    pub path: PathBuf,
    pub bytes: Vec<u8>,
}

#[derive(Serialize, Clone)]
pub struct NavItem {
    pub title: String,
    pub url: String,
}

/// Data every page sees as `site`.
#[derive(Serialize, Clone)]
pub struct SiteView {
    pub title: String,
    pub description: String,
    /// Path prefix all links start with, e.g. `/` or `/preview/`.
    pub base: String,
    /// Absolute URL of the site (for feeds and canonical links), may be empty.
    pub base_url: String,
    /// `base_url` when known, else `base`: the prefix for feed and sitemap URLs.
    pub abs_base: String,
    pub repository: Option<String>,
    pub assets: std::collections::BTreeMap<String, String>,
    pub nav: Vec<NavItem>,
    pub card_count: usize,
}

/// Splits a base URL into (absolute URL with trailing slash or "", path prefix).
pub fn split_base(base_url: &str) -> (String, String) {
    let b = base_url.trim();
    if let Some(rest) = b
        .strip_prefix("https://")
        .or_else(|| b.strip_prefix("http://"))
    {
        let path = rest.find('/').map(|i| &rest[i..]).unwrap_or("/");
        let path = format!("/{}/", path.trim_matches('/')).replace("//", "/");
        let origin = &b[..b.len() - rest.len() + rest.find('/').unwrap_or(rest.len())];
        (format!("{origin}{path}"), path)
    } else {
        let path = format!("/{}/", b.trim_matches('/')).replace("//", "/");
        (String::new(), path)
    }
}

pub struct Renderer<'a> {
    pub catalogue: &'a Catalogue,
    pub config: &'a Config,
    pub theme: &'a Theme,
    pub content: &'a [ContentPage],
    pub site: SiteView,
}

impl<'a> Renderer<'a> {
    pub fn new(
        catalogue: &'a Catalogue,
        config: &'a Config,
        theme: &'a Theme,
        content: &'a [ContentPage],
    ) -> Self {
        let (base_url, base) = split_base(&config.base_url);
        let mut nav = vec![NavItem {
            title: "Benchmarks".into(),
            url: base.clone(),
        }];
        for (title, path) in [
            ("Heatmaps", "heatmaps/"),
            ("Gaps", "gaps/"),
            ("Match", "match/"),
        ] {
            nav.push(NavItem {
                title: title.into(),
                url: format!("{base}{path}"),
            });
        }
        nav.extend(content.iter().map(|p| NavItem {
            title: p.title.clone(),
            url: format!("{base}{}/", p.slug),
        }));
        let site = SiteView {
            title: config.title.clone(),
            description: config.description.clone(),
            abs_base: if base_url.is_empty() {
                base.clone()
            } else {
                base_url.clone()
            },
            base,
            base_url,
            repository: config.repository.clone(),
            assets: theme.asset_map(),
            nav,
            card_count: catalogue.cards.len(),
        };
        Renderer {
            catalogue,
            config,
            theme,
            content,
            site,
        }
    }

    fn render(
        &self,
        template: &str,
        path: &str,
        fill: impl FnOnce(&mut tera::Context),
    ) -> Result<OutFile, Diagnostic> {
        let mut ctx = tera::Context::new();
        ctx.insert("site", &self.site);
        ctx.insert("path", path);
        fill(&mut ctx);
        let html = self.theme.tera.render(template, &ctx).map_err(|e| {
            Diagnostic::error(
                "template-render",
                &Path::new("themes")
                    .join(&self.config.theme)
                    .join("templates")
                    .join(template),
                Pos::FILE,
                format!(
                    "rendering {path} failed: {}",
                    e.to_string().lines().take(6).collect::<Vec<_>>().join(" ")
                ),
            )
            .with_hint("a template refers to a value or filter that does not exist")
        })?;
        Ok(OutFile {
            path: PathBuf::from(path),
            bytes: html.into_bytes(),
        })
    }

    fn edit_base(&self) -> Option<String> {
        self.config
            .repository
            .as_ref()
            .map(|r| format!("{}/edit/{}/", r.trim_end_matches('/'), self.config.branch))
    }

    /// Renders every page. Template errors are collected, not fatal one by one.
    pub fn render_all(&self) -> Result<Vec<OutFile>, Vec<Diagnostic>> {
        let cat = self.catalogue;
        let edit = self.edit_base();
        let mut jobs: Vec<Box<dyn Fn() -> Result<OutFile, Diagnostic> + Send + Sync + '_>> =
            Vec::new();
        jobs.push(Box::new(|| {
            self.render("index.html", "index.html", |c| {
                c.insert("rows", &views::index_rows(cat));
                c.insert(
                    "maps",
                    &cat.contexts
                        .iter()
                        .map(|x| heatmap::context_heatmap(cat, x, heatmap::Order::Gaps))
                        .map(|m| heatmap::Summary::from(&m))
                        .collect::<Vec<_>>(),
                );
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
        }));
        for card in &cat.cards {
            let edit = edit.clone();
            jobs.push(Box::new(move || {
                let path = format!("benchmarks/{}/index.html", card.slug);
                self.render("card.html", &path, |c| {
                    c.insert("card", &views::card_view(cat, card, edit.as_deref()))
                })
            }));
        }
        for a in &cat.registry.assumptions {
            jobs.push(Box::new(move || {
                let path = format!("assumptions/{}/index.html", a.id);
                self.render("assumption.html", &path, |c| {
                    c.insert("assumption", a);
                    c.insert("kind_label", a.kind.label());
                    c.insert("kind_note", match a.kind {
                        AssumptionKind::Task => "Task assumptions can be tested with conversation data from the deployment.",
                        AssumptionKind::Outcome => "Outcome assumptions need outcome data: behavioural studies or randomised trials.",
                    });
                    c.insert("answers", &views::assumption_answers(cat, a));
                })
            }));
        }
        for ctx in &cat.contexts {
            jobs.push(Box::new(move || {
                let path = format!("contexts/{}/index.html", ctx.id);
                self.render("context.html", &path, |c| {
                    c.insert("context", ctx);
                    c.insert(
                        "description_html",
                        &ctx.description.as_deref().map(markdown::render),
                    );
                    c.insert("rows", &views::context_rows(cat, ctx));
                    c.insert("assumptions", &cat.registry.assumptions);
                })
            }));
        }
        for page in self.content {
            jobs.push(Box::new(move || {
                let path = format!("{}/index.html", page.slug);
                self.render("page.html", &path, |c| c.insert("page", page))
            }));
        }
        jobs.push(Box::new(|| self.render("404.html", "404.html", |_| {})));
        for ctx in &cat.contexts {
            for order in heatmap::Order::ALL {
                jobs.push(Box::new(move || {
                    let path = format!("heatmaps/{}/{}index.html", ctx.id, order.suffix());
                    self.render("heatmap.html", &path, |c| {
                        c.insert("hm", &heatmap::context_heatmap(cat, ctx, order));
                        c.insert("legend", &heatmap::legend());
                        let orders: Vec<_> = heatmap::Order::ALL
                            .iter()
                            .map(|o| serde_json::json!({"label": o.label(), "suffix": o.suffix(), "current": *o == order}))
                            .collect();
                        c.insert("orders", &orders);
                    })
                }));
            }
        }
        jobs.push(Box::new(|| {
            self.render("heatmaps.html", "heatmaps/index.html", |c| {
                let maps: Vec<_> = cat
                    .contexts
                    .iter()
                    .map(|x| heatmap::context_heatmap(cat, x, heatmap::Order::Gaps))
                    .collect();
                c.insert(
                    "columns",
                    &maps
                        .first()
                        .map(|m| m.columns.clone())
                        .unwrap_or_else(|| heatmap::empty_columns(cat)),
                );
                c.insert("maps", &maps);
                c.insert("design", &heatmap::design_heatmap(cat));
                c.insert("legend", &heatmap::legend());
            })
        }));
        jobs.push(Box::new(|| {
            self.render("gaps.html", "gaps/index.html", |c| {
                let charts: Vec<_> = cat
                    .cards
                    .iter()
                    .filter_map(|card| gaps::chart(cat, card))
                    .collect();
                c.insert("charts", &charts);
            })
        }));
        jobs.push(Box::new(|| {
            self.render("match.html", "match/index.html", |c| {
                c.insert("assumptions", &cat.registry.assumptions);
                c.insert(
                    "contexts",
                    &cat.contexts
                        .iter()
                        .filter(|x| !x.profile.is_empty())
                        .map(|x| views::ContextRef {
                            id: x.id.clone(),
                            name: x.name.clone(),
                        })
                        .collect::<Vec<_>>(),
                );
            })
        }));
        jobs.push(Box::new(|| {
            let mut entries: Vec<_> = cat.cards.iter().filter(|c| c.added.is_some()).collect();
            entries.sort_by(|a, b| b.added.cmp(&a.added).then_with(|| a.slug.cmp(&b.slug)));
            let updated = entries.first().and_then(|c| c.added.clone()).unwrap_or_else(|| "1970-01-01".into());
            let entries: Vec<_> = entries
                .iter()
                .map(|c| serde_json::json!({"slug": c.slug, "title": c.title, "added": c.added, "summary": c.summary.as_deref().unwrap_or(&c.benchmark_name).trim()}))
                .collect();
            self.render("feed.xml", "feed.xml", |c| {
                c.insert("entries", &entries);
                c.insert("updated", &updated);
            })
        }));
        jobs.push(Box::new(|| {
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
            urls.extend(self.content.iter().map(|p| format!("{}/", p.slug)));
            self.render("sitemap.xml", "sitemap.xml", |c| c.insert("urls", &urls))
        }));
        let results: Vec<Result<OutFile, Diagnostic>> = jobs.par_iter().map(|j| j()).collect();
        let mut files = Vec::with_capacity(results.len() + 8);
        let mut errors = Vec::new();
        for r in results {
            match r {
                Ok(f) => files.push(f),
                Err(d) => errors.push(d),
            }
        }
        if !errors.is_empty() {
            errors.dedup_by(|a, b| a.file == b.file);
            return Err(errors);
        }
        for a in &self.theme.assets {
            files.push(OutFile {
                path: PathBuf::from(&a.published),
                bytes: a.bytes.clone(),
            });
        }
        let schema = crate::schema::card_schema(&cat.registry, true);
        files.push(OutFile {
            path: "schema/card.json".into(),
            bytes: serde_json::to_vec_pretty(&schema).unwrap_or_default(),
        });
        files.push(OutFile {
            path: "schema/context.json".into(),
            bytes: serde_json::to_vec_pretty(&crate::schema::context_schema()).unwrap_or_default(),
        });
        let sitemap = format!("Sitemap: {}sitemap.xml\n", self.site.abs_base);
        files.push(OutFile {
            path: "robots.txt".into(),
            bytes: format!("User-agent: *\nAllow: /\n{sitemap}").into_bytes(),
        });
        let json = |v: serde_json::Value| serde_json::to_vec_pretty(&v).unwrap_or_default();
        files.push(OutFile {
            path: "catalogue.json".into(),
            bytes: json(exports::catalogue_json(cat)),
        });
        files.push(OutFile {
            path: "catalogue.csv".into(),
            bytes: exports::catalogue_csv(cat).into_bytes(),
        });
        files.push(OutFile {
            path: "match.json".into(),
            bytes: serde_json::to_vec(&exports::match_json(cat, &self.site.base))
                .unwrap_or_default(),
        });
        Ok(files)
    }
}
