//! Stage 4 — render: catalogue + theme → the site's files, in memory.

pub mod content;
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
        nav.extend(content.iter().map(|p| NavItem {
            title: p.title.clone(),
            url: format!("{base}{}/", p.slug),
        }));
        let site = SiteView {
            title: config.title.clone(),
            description: config.description.clone(),
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
        files.push(OutFile {
            path: "robots.txt".into(),
            bytes: b"User-agent: *\nAllow: /\n".to_vec(),
        });
        Ok(files)
    }
}
