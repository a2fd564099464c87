//! Stages 1–3: load the sources and validate them into the catalogue (and,
//! for `cardsite check`, the theme's templates).

use crate::config::Config;
use crate::diagnostic::Diagnostics;
use crate::load::Sources;
use crate::model::Catalogue;
use std::path::Path;

/// A validated site: its configuration, catalogue, theme and every diagnostic.
pub struct Checked {
    pub config: Config,
    pub catalogue: Catalogue,
    pub diagnostics: Diagnostics,
}

/// Loads and validates the site at `root`, and compiles its theme's
/// templates (what `cardsite check` reports). Never fails: problems are
/// diagnostics, and the catalogue holds whatever was valid.
pub fn check(root: &Path) -> Checked {
    let mut checked = load(root, None);
    if let Err(d) = crate::theme::load(root, &checked.config.theme) {
        checked.diagnostics.push(d);
        checked
            .diagnostics
            .finish(&|rel| std::fs::read_to_string(root.join(rel)).ok());
    }
    checked
}

/// Loads and validates the site's sources, reusing cards validated earlier
/// whose files did not change.
pub fn load(root: &Path, cache: Option<&crate::validate::CardCache>) -> Checked {
    let mut diagnostics = Diagnostics::default();
    let config = Config::load(root).unwrap_or_else(|d| {
        diagnostics.push(d);
        Config::default()
    });
    let sources = Sources::scan(root, &mut diagnostics);
    let catalogue = crate::validate::validate_cached(&sources, &mut diagnostics, cache);
    diagnostics.finish(&|rel| {
        sources
            .text_of(rel)
            .or_else(|| std::fs::read_to_string(root.join(rel)).ok())
    });
    Checked {
        config,
        catalogue,
        diagnostics,
    }
}

/// The site's assumption registry, reading no card: for `cardsite schema`
/// and `cardsite new`. Also returns the card files' slugs.
pub fn registry(
    root: &Path,
) -> (
    crate::model::Registry,
    Vec<(String, std::path::PathBuf)>,
    Diagnostics,
) {
    let mut diagnostics = Diagnostics::default();
    let sources = Sources::scan(root, &mut diagnostics);
    let registry = crate::validate::registry_of(&sources, &mut diagnostics);
    let slugs = sources
        .files
        .iter()
        .filter(|f| f.kind == crate::load::SourceKind::Card)
        .map(|f| (f.stem(), f.rel.clone()))
        .collect();
    (registry, slugs, diagnostics)
}
