use super::{FAILED, OK, USAGE};
use crate::author::NewCardError;
use crate::report;
use std::path::Path;

/// `cardsite new <slug>`: write `cards/<slug>.yaml`, never overwriting.
pub fn new_card(root: &Path, slug: &str) -> i32 {
    match crate::author::create(root, slug, &super::today()) {
        Ok(path) => {
            report::status(&format!(
                "created {}\n  next: fill in the answers, then run `cardsite check`",
                path.display()
            ));
            OK
        }
        Err(e @ NewCardError::BadSlug(_)) => {
            report::status(&format!(
                "error: {e}\n  = hint: use lowercase letters, digits and hyphens, e.g. `medqa-2`"
            ));
            USAGE
        }
        Err(e @ NewCardError::Exists { .. }) => {
            report::status(&format!(
                "error: {e}\n  = hint: choose another slug, or edit that file"
            ));
            FAILED
        }
        Err(e) => {
            report::status(&format!("error: {e}"));
            FAILED
        }
    }
}
