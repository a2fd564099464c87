//! The build: `load → validate → model → render → write`, one function that
//! `cardsite build` and `cardsite serve` share.

use crate::check::Checked;
use crate::diagnostic::{Diagnostic, Diagnostics, Pos};
use crate::render::{OutFile, Renderer};
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
    /// The path prefix pages are served under, e.g. `/` or `/preview/`.
    pub base: String,
    pub pages: usize,
    pub files: usize,
    pub cards: usize,
    pub elapsed: Duration,
    /// Time per stage, in pipeline order.
    pub stages: Vec<(&'static str, Duration)>,
    /// Warnings (a successful build has no errors).
    pub diagnostics: Diagnostics,
}

#[derive(Debug)]
pub enum BuildError {
    /// Sources or templates have errors; nothing was written.
    Invalid(Diagnostics),
    /// Writing failed; the previous output is intact.
    Write(crate::write::WriteError),
}

/// Stages 1–4: everything but writing. Returns the files in memory.
pub fn render_site(opts: &BuildOptions) -> Result<(Checked, Vec<OutFile>), Diagnostics> {
    render_site_timed(opts, &mut Vec::new())
}

fn render_site_timed(
    opts: &BuildOptions,
    stages: &mut Vec<(&'static str, Duration)>,
) -> Result<(Checked, Vec<OutFile>), Diagnostics> {
    let t = Instant::now();
    let mut checked = crate::check::check(&opts.root);
    stages.push(("load + validate", t.elapsed()));
    let t = Instant::now();
    if let Some(b) = &opts.base_url {
        checked.config.base_url = b.clone();
    }
    let mut diags = std::mem::take(&mut checked.diagnostics);
    let content = crate::render::content::load(&opts.root, &mut diags);
    let theme = match crate::render::theme::load(&opts.root, &checked.config.theme) {
        Ok(t) => Some(t),
        Err(d) => {
            diags.push(d);
            None
        }
    };
    if diags.has_errors() {
        diags.finish(&|rel| std::fs::read_to_string(opts.root.join(rel)).ok());
        return Err(diags);
    }
    let Some(theme) = theme else {
        return Err(diags);
    };
    let renderer = Renderer::new(&checked.catalogue, &checked.config, &theme, &content);
    let rendered = renderer.render_all();
    stages.push(("render", t.elapsed()));
    match rendered {
        Ok(files) => {
            checked.diagnostics = diags;
            Ok((checked, files))
        }
        Err(errors) => {
            for e in errors {
                diags.push(e);
            }
            Err(diags)
        }
    }
}

/// Builds the site into the output directory, atomically.
pub fn build(opts: &BuildOptions) -> Result<BuildReport, BuildError> {
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
    let (checked, files) = render_site_timed(opts, &mut stages).map_err(BuildError::Invalid)?;
    let t = Instant::now();
    crate::write::write_atomic(&opts.root, &output, &files).map_err(BuildError::Write)?;
    stages.push(("write", t.elapsed()));
    Ok(BuildReport {
        output,
        base: crate::render::split_base(&checked.config.base_url).1,
        pages: files
            .iter()
            .filter(|f| f.path.extension().is_some_and(|e| e == "html"))
            .count(),
        files: files.len(),
        cards: checked.catalogue.cards.len(),
        elapsed: start.elapsed(),
        stages,
        diagnostics: checked.diagnostics,
    })
}

/// The output path for display (relative to the root when inside it).
pub fn display_path(root: &Path, p: &Path) -> String {
    p.strip_prefix(root).unwrap_or(p).display().to_string()
}
