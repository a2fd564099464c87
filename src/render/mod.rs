//! Stage 4 — render: catalogue + theme → the site's files, each streamed into
//! a [`Sink`] as its job runs.

pub mod badges;
mod cache;
pub mod cite;
pub mod exports;
pub mod gaps;
pub mod heatmap;
mod jsonld;
pub mod listing;
mod pages;
pub mod views;

use crate::config::Config;
use crate::diagnostic::{Diagnostic, Pos};
use crate::load::content::ContentPage;
use crate::load::history::History;
use crate::model::Catalogue;
use crate::routes::Route;
use crate::theme::Theme;
use rayon::prelude::*;
use serde::Serialize;
use std::io::Write;
use std::path::Path;

use crate::output::write_bytes;
pub use crate::output::{OutFile, Sink, write_error};
pub use cache::{PageCache, input_key, key_of};

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
    /// `<repository>/commit/`, for links to commits.
    pub commit_base: Option<String>,
    pub assets: std::collections::BTreeMap<String, String>,
    pub nav: Vec<NavItem>,
    pub card_count: usize,
    /// Slugs of the site's content pages (templates link to them only if present).
    pub pages: Vec<String>,
    /// The catalogue's version: the checkout's newest commit, if known.
    pub version: Option<crate::load::history::Commit>,
    /// Why the version is unknown (not a checkout, no git).
    pub version_notice: Option<String>,
}

pub struct Renderer<'a> {
    pub catalogue: &'a Catalogue,
    pub config: &'a Config,
    pub theme: &'a Theme,
    pub content: &'a [ContentPage],
    /// The site's git history (empty, with a notice, outside a checkout).
    pub history: &'a History,
    /// The `v*` tags' frozen exports (see `site::releases`).
    pub releases: &'a [crate::model::release::Release],
    pub site: SiteView,
    /// `site` as a template value, made once and shared by every render.
    site_value: tera::Value,
    /// Rendered card pages from earlier builds (serve mode).
    pub cache: Option<&'a dyn PageCache>,
    /// Hash of everything every page depends on (site data and templates).
    pub fingerprint: u64,
    reused: std::sync::atomic::AtomicUsize,
}

impl<'a> Renderer<'a> {
    pub fn new(
        catalogue: &'a Catalogue,
        config: &'a Config,
        theme: &'a Theme,
        content: &'a [ContentPage],
        history: &'a History,
    ) -> Self {
        let b = config.base();
        let mut nav = Vec::new();
        for (title, route) in [
            ("Benchmarks", Route::Browse("", 1)),
            ("Heatmaps", Route::Heatmaps),
            ("Gaps", Route::Gaps),
            ("Match", Route::Match),
            ("Compare", Route::Compare),
        ] {
            nav.push(NavItem {
                title: title.into(),
                url: b.url(route),
            });
        }
        nav.extend(content.iter().map(|p| NavItem {
            title: p.title.clone(),
            url: b.url(Route::Page(&p.slug)),
        }));
        let site = SiteView {
            title: config.title.clone(),
            description: config.description.clone(),
            abs_base: b.canonical(),
            base: b.path().to_string(),
            base_url: b.absolute(),
            repository: config.repository.clone(),
            commit_base: config
                .repository
                .as_ref()
                .map(|r| format!("{}/commit/", r.trim_end_matches('/'))),
            assets: theme.asset_map(),
            nav,
            card_count: catalogue.cards.len(),
            pages: content.iter().map(|p| p.slug.clone()).collect(),
            version: history.head().cloned(),
            version_notice: history.notice.clone(),
        };
        let fingerprint = input_key(
            theme.fingerprint,
            &serde_json::to_vec(&site).unwrap_or_default(),
        );
        Renderer {
            catalogue,
            config,
            theme,
            content,
            history,
            releases: &[],
            site_value: tera::Value::from_serializable(&site),
            site,
            cache: None,
            fingerprint,
            reused: std::sync::atomic::AtomicUsize::new(0),
        }
    }

    /// Renders `template` for the page at `path` into `w`.
    pub(crate) fn render(
        &self,
        template: &str,
        path: &str,
        w: &mut dyn Write,
        fill: impl FnOnce(&mut tera::Context),
    ) -> Result<(), Diagnostic> {
        let ctx = self.context(path, fill);
        self.theme
            .tera
            .render_to(template, &ctx, w)
            .map_err(|e| match e.kind() {
                // The page streams into its file: a failed write is the
                // disk's fault, not the template's.
                tera::ErrorKind::Io(kind) => write_error(path, &std::io::Error::from(*kind)),
                _ => self.template_error(template, path, e),
            })
    }

    fn context(&self, path: &str, fill: impl FnOnce(&mut tera::Context)) -> tera::Context {
        let mut ctx = tera::Context::new();
        // `from_serializable` cannot fail for `SiteView` (strings and maps
        // with string keys); it is made once in `new`.
        ctx.insert_value("site", self.site_value.clone());
        ctx.insert("path", path);
        fill(&mut ctx);
        ctx
    }

    fn template_error(&self, template: &str, path: &str, e: tera::Error) -> Diagnostic {
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
    }

    /// Renders `template` as a piece of the page at `path` (named in errors).
    pub(crate) fn fragment(
        &self,
        template: &str,
        path: &str,
        fill: impl FnOnce(&mut tera::Context),
    ) -> Result<String, Diagnostic> {
        let ctx = self.context(path, fill);
        self.theme
            .tera
            .render(template, &ctx)
            .map_err(|e| self.template_error(template, path, e))
    }

    /// Renders each of a long table's rows with the row template
    /// `template` (the row is `r`) and returns them as escaped HTML, for the
    /// page template to place. A page with 10,000 rows then never holds all
    /// of them as template values at once.
    pub(crate) fn rows<T: Serialize>(
        &self,
        template: &str,
        path: &str,
        items: impl IntoIterator<Item = T>,
    ) -> Result<Vec<tera::Value>, Diagnostic> {
        items
            .into_iter()
            .map(|row| {
                self.fragment(template, path, |c| c.insert("r", &row))
                    .map(|html| tera::Value::safe_string(&html))
            })
            .collect()
    }

    pub(crate) fn edit_base(&self) -> Option<String> {
        self.config
            .repository
            .as_ref()
            .map(|r| format!("{}/edit/{}/", r.trim_end_matches('/'), self.config.branch))
    }

    /// Pages taken from the cache so far.
    pub fn reused(&self) -> usize {
        self.reused.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Publishes these releases under `/releases/`.
    pub fn with_releases(mut self, releases: &'a [crate::model::release::Release]) -> Self {
        self.releases = releases;
        self
    }

    /// Uses (and fills) a cache of rendered card pages.
    pub fn with_cache(mut self, cache: &'a dyn PageCache) -> Self {
        self.cache = Some(cache);
        self
    }

    /// Renders a page whose output depends only on `inputs` (and the
    /// fingerprint), reusing the cached output when they are unchanged.
    pub(crate) fn render_keyed<T: Serialize>(
        &self,
        template: &str,
        path: &str,
        name: &'static str,
        inputs: &T,
        w: &mut dyn Write,
    ) -> Result<(), Diagnostic> {
        let Some(cache) = self.cache else {
            return self.render(template, path, w, |c| c.insert(name, inputs));
        };
        let key = key_of(self.fingerprint, inputs);
        let bytes = match cache.get(path, key) {
            Some(bytes) => {
                self.reused
                    .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                bytes
            }
            None => {
                let html = self.fragment(template, path, |c| c.insert(name, inputs))?;
                let bytes = std::sync::Arc::new(html.into_bytes());
                cache.put(path, key, bytes.clone());
                bytes
            }
        };
        write_bytes(w, path, &bytes)
    }

    /// Renders every page and file, handing each to `sink` as soon as it is
    /// ready (so a large site is never held in memory at once). Returns the
    /// number of files, or every error found.
    /// How many HTML pages a build writes (the job list, counted).
    pub fn page_count(&self) -> usize {
        pages::jobs(self)
            .iter()
            .filter(|j| j.path.ends_with(".html"))
            .count()
    }

    /// Renders the selected pages and files (not the search index: the
    /// driver runs that beside this, see `site::render_site`).
    pub fn render_pages(
        &self,
        selection: Selection<'_>,
        sink: &dyn Sink,
    ) -> Result<RenderStats, Vec<Diagnostic>> {
        let wanted: &(dyn Fn(&str) -> bool + Sync) = match selection {
            Selection::All => &|_| true,
            Selection::Only { wanted, .. } => wanted,
        };
        let mut jobs = pages::jobs(self);
        jobs.retain(|j| wanted(&j.path));
        // The few large aggregate pages and exports first, the many small
        // card pages after: then the cores finish together instead of one
        // waiting while the other renders a late 10 MB page.
        jobs.sort_by_key(|j| Route::is_card_file(&j.path));
        let results = jobs
            .par_iter()
            // Rayon splits a list only a few times unless work is stolen;
            // without a cap one core rendered the last ~2,500 card pages
            // alone while the other sat idle.
            .with_max_len(8)
            .map(|job| {
                sink.write_file(Path::new(&job.path), &mut |w| (job.run)(w))?;
                Ok(job.path.ends_with(".html"))
            })
            .collect::<Vec<Result<bool, Diagnostic>>>();
        let mut stats = RenderStats::default();
        let mut errors = Vec::new();
        for r in results {
            match r {
                Ok(html) => {
                    stats.files += 1;
                    stats.pages += usize::from(html);
                }
                Err(d) => errors.push(d),
            }
        }
        stats.reused = self.reused.load(std::sync::atomic::Ordering::Relaxed);
        if errors.is_empty() {
            Ok(stats)
        } else {
            errors.sort_by(|a, b| a.file.cmp(&b.file));
            errors.dedup_by(|a, b| a.file == b.file && a.code == b.code);
            Err(errors)
        }
    }
}

#[derive(Debug, Default, Clone, Copy)]
pub struct RenderStats {
    pub files: usize,
    pub pages: usize,
    /// Pages taken from the cache instead of rendered.
    pub reused: usize,
    /// Time spent writing the search index (alongside page rendering).
    pub index_ms: usize,
}

/// One unit of rendering work: the file it produces, and how.
pub(crate) struct Job<'a> {
    pub path: String,
    pub run: JobFn<'a>,
}

pub(crate) type JobFn<'a> =
    Box<dyn Fn(&mut dyn Write) -> Result<(), Diagnostic> + Send + Sync + 'a>;

/// Which files a render produces.
#[derive(Clone, Copy)]
pub enum Selection<'s> {
    /// Every file, the search index included.
    All,
    /// The files whose paths `wanted` accepts, and the index if `index`.
    Only {
        wanted: &'s (dyn Fn(&str) -> bool + Sync),
        index: bool,
    },
}

#[cfg(test)]
mod cite_tests;
#[cfg(test)]
mod sink_tests;
