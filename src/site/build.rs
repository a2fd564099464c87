//! Stages 4–5: render ∥ index → write, on top of [`super::load`]: one
//! pipeline that `cardsite build`, `search` and `serve` share.

use super::Checked;
use crate::diagnostic::{Diagnostic, Diagnostics, Pos};
use crate::load::content::ContentPage;
use crate::render::Renderer;
use crate::theme::Theme;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Defaults to `<root>/public`.
    pub output: Option<PathBuf>,
    /// Overrides `base_url` from cardsite.toml.
    pub base_url: Option<String>,
}

#[derive(Debug)]
pub struct BuildReport {
    pub output: PathBuf,
    /// Where the site is served from.
    pub base: crate::routes::BaseUrl,
    pub pages: usize,
    pub files: usize,
    pub cards: usize,
    pub elapsed: Duration,
    /// Time per stage, in pipeline order.
    pub stages: Vec<(&'static str, Duration)>,
    /// Warnings (a successful build has no errors).
    pub diagnostics: Diagnostics,
    /// Things the build could not do and did without (no git history).
    pub notices: Vec<String>,
}

#[derive(Debug)]
pub enum BuildError {
    /// Sources or templates have errors; nothing was written.
    Invalid(Diagnostics),
    /// Writing failed; the previous output is intact.
    Write(crate::write::WriteError),
}

/// Stages 1–3 and the theme: everything rendering needs.
pub struct Prepared {
    pub checked: Checked,
    pub content: Vec<ContentPage>,
    pub theme: Theme,
    /// The site's git history, read once.
    pub history: crate::load::history::History,
    /// The `v*` tags' frozen exports.
    pub releases: Vec<crate::model::release::Release>,
}

impl Prepared {
    pub fn renderer(&self) -> Renderer<'_> {
        Renderer::new(
            &self.checked.catalogue,
            &self.checked.config,
            &self.theme,
            &self.content,
            &self.history,
        )
        .with_releases(&self.releases)
    }
}

/// Loads, validates and prepares the theme; any error stops here.
pub fn prepare(opts: &BuildOptions) -> Result<Prepared, Diagnostics> {
    prepare_cached(opts, None)
}

/// [`prepare`] with a cache of validated cards (for `serve`).
pub fn prepare_cached(
    opts: &BuildOptions,
    cache: Option<&crate::validate::CardCache>,
) -> Result<Prepared, Diagnostics> {
    let mut checked = super::load(&opts.root, cache);
    let mut diags = std::mem::take(&mut checked.diagnostics);
    if let Some(b) = &opts.base_url
        && let Err(e) = checked.config.set_base_url(b)
    {
        diags.push(
            Diagnostic::error(
                "bad-base-url",
                Path::new("--base-url"),
                Pos::FILE,
                e.to_string(),
            )
            .with_hint("e.g. --base-url https://example.org/cards/ or --base-url /cards/"),
        );
    }
    let content = crate::load::content::load(&opts.root, &mut diags);
    let theme = crate::theme::load(&opts.root, &checked.config.theme)
        .map_err(|d| diags.push(d))
        .ok();
    diags.finish(&|rel| std::fs::read_to_string(opts.root.join(rel)).ok());
    match theme {
        Some(theme) if !diags.has_errors() => {
            checked.diagnostics = diags;
            let history = crate::load::history::History::read(&opts.root);
            let releases = if history.head().is_some() {
                super::releases::read(&opts.root)
            } else {
                Vec::new()
            };
            Ok(Prepared {
                history,
                releases,
                checked,
                content,
                theme,
            })
        }
        _ => Err(diags),
    }
}

fn render_errors(checked: &Checked, errors: Vec<Diagnostic>) -> Diagnostics {
    let mut d = checked.diagnostics.clone();
    for e in errors {
        d.push(e);
    }
    d
}

/// Builds the site into the output directory, atomically: files stream into
/// a staging directory that replaces the output only when all succeeded.
pub fn build(opts: &BuildOptions) -> Result<BuildReport, BuildError> {
    build_with_progress(opts, &|_| {})
}

/// A step of a build, reported as it starts (for progress on long builds).
#[derive(Debug, Clone, Copy)]
pub enum Progress {
    /// Sources loaded and validated: rendering `pages` pages begins.
    Rendering { cards: usize, pages: usize },
    /// Everything is written; the new output is being swapped in.
    Swapping,
}

/// [`build`], calling `progress` as each long step starts.
pub fn build_with_progress(
    opts: &BuildOptions,
    progress: &dyn Fn(Progress),
) -> Result<BuildReport, BuildError> {
    let start = Instant::now();
    let output = opts
        .output
        .clone()
        .unwrap_or_else(|| opts.root.join("public"));
    if let Err(e) = crate::write::check_output(&opts.root, &output) {
        let mut d = Diagnostics::default();
        d.push(
            Diagnostic::error("unsafe-output", &output, Pos::FILE, e.to_string()).with_hint(
                "choose an output directory outside cards/, content/ and themes/, e.g. public/",
            ),
        );
        return Err(BuildError::Invalid(d));
    }
    let mut stages = Vec::new();
    let t = Instant::now();
    let prepared = prepare(opts).map_err(BuildError::Invalid)?;
    stages.push(("load + validate", t.elapsed()));

    let t = Instant::now();
    let cat = &prepared.checked.catalogue;
    let renderer = prepared.renderer();
    progress(Progress::Rendering {
        cards: cat.cards.len(),
        pages: renderer.page_count(),
    });
    let staging = crate::write::Staging::create(&output).map_err(BuildError::Write)?;
    let stats = render_site(
        &renderer,
        crate::render::Selection::All,
        &StagingSink {
            staging: &staging,
            output: &output,
        },
    )
    .map_err(|e| BuildError::Invalid(render_errors(&prepared.checked, e)))?;
    stages.push(("render + write", t.elapsed()));
    stages.push((
        "(of which search index, in parallel)",
        Duration::from_millis(stats.index_ms as u64),
    ));
    let t = Instant::now();
    progress(Progress::Swapping);
    staging.commit().map_err(BuildError::Write)?;
    stages.push(("swap", t.elapsed()));
    Ok(BuildReport {
        output,
        base: prepared.checked.config.base().clone(),
        pages: stats.pages,
        files: stats.files,
        cards: prepared.checked.catalogue.cards.len(),
        elapsed: start.elapsed(),
        stages,
        notices: prepared.history.notice.iter().cloned().collect(),
        diagnostics: prepared.checked.diagnostics,
    })
}

/// Stage 4: render ∥ index. The pages render on the thread pool while the
/// search index is written on one thread beside them, both into `sink`;
/// `build` and `serve` share this.
pub fn render_site(
    renderer: &Renderer<'_>,
    selection: crate::render::Selection<'_>,
    sink: &dyn crate::output::Sink,
) -> Result<crate::render::RenderStats, Vec<Diagnostic>> {
    let with_index = match selection {
        crate::render::Selection::All => true,
        crate::render::Selection::Only { index, .. } => index,
    };
    let (pages, index) = rayon::join(
        || renderer.render_pages(selection, sink),
        || -> Result<(usize, u128), Diagnostic> {
            if !with_index {
                return Ok((0, 0));
            }
            let started = Instant::now();
            let docs = crate::search_index::documents(renderer.catalogue, renderer.content);
            let chunk = renderer.config.search.chunk_size;
            let files = crate::search_index::search_files(docs, chunk).map_err(|e| {
                Diagnostic::error(
                    "search-index",
                    Path::new("search"),
                    Pos::FILE,
                    format!("building the search index failed: {e}"),
                )
            })?;
            let ms = started.elapsed().as_millis();
            let n = files.len();
            for f in files {
                sink.write_file(&f.path, &mut |w| {
                    crate::output::write_bytes(w, &f.path.to_string_lossy(), f.bytes.as_slice())
                })?;
            }
            Ok((n, ms))
        },
    );
    match (pages, index) {
        (Ok(mut stats), Ok((n, ms))) => {
            stats.files += n;
            stats.index_ms = ms as usize;
            Ok(stats)
        }
        (Err(mut errors), Err(d)) => {
            errors.push(d);
            errors.sort_by(|a, b| a.file.cmp(&b.file));
            Err(errors)
        }
        (Err(errors), Ok(_)) => Err(errors),
        (Ok(_), Err(d)) => Err(vec![d]),
    }
}

/// Streams each rendered file into its file in the staging directory.
struct StagingSink<'a> {
    staging: &'a crate::write::Staging,
    output: &'a Path,
}

impl crate::output::Sink for StagingSink<'_> {
    fn write_file(
        &self,
        path: &Path,
        fill: &mut dyn FnMut(&mut dyn std::io::Write) -> Result<(), Diagnostic>,
    ) -> Result<(), Diagnostic> {
        let mut w = crate::write::StagedFile::new(self.staging, path);
        fill(&mut w)?;
        w.finish()
            .map_err(|e| Diagnostic::error("write", self.output, Pos::FILE, e.to_string()))
    }
}

/// The output path for display (relative to the root when inside it).
pub fn display_path(root: &Path, p: &Path) -> String {
    p.strip_prefix(root).unwrap_or(p).display().to_string()
}
