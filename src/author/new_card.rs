//! `cardsite new <slug>`: write `cards/<slug>.yaml` from the template,
//! never overwriting anything.

use std::path::{Path, PathBuf};

/// Why a new card was not written.
#[derive(Debug, thiserror::Error)]
pub enum NewCardError {
    #[error("`{0}` is not a valid slug")]
    BadSlug(String),
    #[error("a card with slug `{slug}` exists already: {}", existing.display())]
    Exists { slug: String, existing: PathBuf },
    #[error("cannot write {}: {source}", path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// Writes `cards/<slug>.yaml` under `root` and returns its path.
pub fn create(root: &Path, slug: &str, today: &str) -> Result<PathBuf, NewCardError> {
    if !crate::validate::card::is_valid_slug(slug) {
        return Err(NewCardError::BadSlug(slug.to_string()));
    }
    let (registry, slugs, _) = crate::site::registry(root);
    let cards = root.join("cards");
    let path = cards.join(format!("{slug}.yaml"));
    if let Some((_, existing)) = slugs.iter().find(|(s, _)| s.eq_ignore_ascii_case(slug)) {
        return Err(NewCardError::Exists {
            slug: slug.to_string(),
            existing: existing.clone(),
        });
    }
    // The schema link editors follow: the published one when the site's
    // address is known, else the one a local build writes.
    let config = crate::config::Config::load(root).unwrap_or_default();
    let base = config.base();
    let schema_url = if base.absolute().is_empty() {
        format!("../public/{}", crate::routes::Route::CardSchema.path())
    } else {
        base.url_absolute(crate::routes::Route::CardSchema)
    };
    let text = super::template::new_card(slug, &registry, &schema_url, today);
    let write = |e| NewCardError::Write {
        path: path.clone(),
        source: e,
    };
    std::fs::create_dir_all(&cards).map_err(write)?;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => NewCardError::Exists {
                slug: slug.to_string(),
                existing: path.strip_prefix(root).unwrap_or(&path).to_path_buf(),
            },
            _ => write(e),
        })?;
    std::io::Write::write_all(&mut f, text.as_bytes()).map_err(write)?;
    Ok(path)
}
