use super::{FAILED, OK, USAGE};
use crate::report;
use crate::validate::card::is_valid_slug;
use std::path::Path;

/// `cardsite new <slug>`: write `cards/<slug>.yaml`, never overwriting.
pub fn new_card(root: &Path, slug: &str) -> i32 {
    if !is_valid_slug(slug) {
        report::status(&format!(
            "error: `{slug}` is not a valid slug\n  = hint: use lowercase letters, digits and hyphens, e.g. `medqa-2`"
        ));
        return USAGE;
    }
    let checked = crate::check::check(root);
    let cards = root.join("cards");
    let path = cards.join(format!("{slug}.yaml"));
    if let Some(existing) = checked
        .catalogue
        .cards
        .iter()
        .find(|c| c.slug.eq_ignore_ascii_case(slug))
    {
        report::status(&format!(
            "error: a card with slug `{slug}` exists already: {}\n  = hint: choose another slug, or edit that file",
            existing.file.display()
        ));
        return FAILED;
    }
    if path.exists() {
        report::status(&format!(
            "error: {} exists already; not overwriting it",
            path.display()
        ));
        return FAILED;
    }
    let base = checked.config.base();
    let schema_url = if base.absolute().is_empty() {
        "../public/schema/card.json".to_string()
    } else {
        format!(
            "{}{}",
            base.absolute(),
            crate::routes::Route::CardSchema.path()
        )
    };
    let text = crate::scaffold::new_card(
        slug,
        &checked.catalogue.registry,
        &schema_url,
        &super::today(),
    );
    if let Err(e) = std::fs::create_dir_all(&cards).and_then(|_| {
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .and_then(|mut f| {
                use std::io::Write;
                f.write_all(text.as_bytes())
            })
    }) {
        report::status(&format!("error: cannot write {}: {e}", path.display()));
        return FAILED;
    }
    report::status(&format!(
        "created {}\n  next: fill in the answers, then run `cardsite check`",
        path.display()
    ));
    OK
}
