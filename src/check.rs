//! The one load-and-validate entry point `check`, `build` and `serve` share.

use crate::config::Config;
use crate::diagnostic::Diagnostics;
use crate::load::Sources;
use crate::model::Catalogue;
use std::path::Path;

/// A validated site: its configuration, catalogue, theme and every diagnostic.
pub struct Checked {
    pub config: Config,
    pub catalogue: Catalogue,
    /// The loaded theme (`None` when its templates do not parse).
    pub theme: Option<crate::render::theme::Theme>,
    pub diagnostics: Diagnostics,
}

/// Loads and validates the site at `root`. Never fails: problems are
/// diagnostics, and the catalogue holds whatever was valid.
pub fn check(root: &Path) -> Checked {
    check_cached(root, None)
}

/// [`check`], reusing cards validated earlier whose files did not change.
pub fn check_cached(root: &Path, cache: Option<&crate::validate::CardCache>) -> Checked {
    let mut diagnostics = Diagnostics::default();
    let config = Config::load(root).unwrap_or_else(|d| {
        diagnostics.push(d);
        Config::default()
    });
    let sources = Sources::scan(root, &mut diagnostics);
    let catalogue = crate::validate::validate_cached(&sources, &mut diagnostics, cache);
    // The theme's templates must parse too (rendering is checked by `build`).
    let theme = crate::render::theme::load(root, &config.theme)
        .map_err(|d| diagnostics.push(d))
        .ok();
    diagnostics.finish(&|rel| {
        sources
            .text_of(rel)
            .or_else(|| std::fs::read_to_string(root.join(rel)).ok())
    });
    Checked {
        config,
        catalogue,
        theme,
        diagnostics,
    }
}
