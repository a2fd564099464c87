use super::{FAILED, OK};
use crate::report::{self, Format};
use std::path::Path;

/// `cardsite check`: report every problem; exit 1 when any is an error.
pub fn check(root: &Path, format: Format) -> i32 {
    let checked = crate::site::check(root);
    let d = &checked.diagnostics;
    report::print_diagnostics(d, format);
    if format == Format::Human {
        report::status(&format!(
            "checked {} cards and {} contexts: {} error{}, {} warning{}",
            checked.catalogue.cards.len(),
            checked.catalogue.contexts.len(),
            d.error_count(),
            if d.error_count() == 1 { "" } else { "s" },
            d.warning_count(),
            if d.warning_count() == 1 { "" } else { "s" },
        ));
    }
    if d.has_errors() { FAILED } else { OK }
}
