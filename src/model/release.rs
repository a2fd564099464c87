//! A tagged release of the catalogue: the exports built from the cards a
//! `v*` tag holds, frozen so a paper can cite exactly the verdicts it read.

use serde::Serialize;
use std::sync::Arc;

/// One `v*` tag and what the build made of it.
#[derive(Debug, Clone, Serialize)]
pub struct Release {
    pub tag: String,
    /// The commit the tag points at.
    pub commit: String,
    pub short: String,
    /// The tag's date (an annotated tag's own, else its commit's), `YYYY-MM-DD`.
    pub date: String,
    /// How many cards the release holds (0 when unavailable).
    pub cards: usize,
    /// The frozen exports, by file name.
    #[serde(skip)]
    pub files: Vec<(String, Arc<Vec<u8>>)>,
    /// Why the release has no exports (its cards fail `check`, or git failed).
    pub unavailable: Option<String>,
}

/// A tag usable as one URL path segment and one file name: letters, digits,
/// `.`, `-`, `_` and `+`, not starting with a dot.
pub fn tag_is_path_safe(tag: &str) -> bool {
    !tag.is_empty()
        && !tag.starts_with('.')
        && tag
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | '+'))
}

#[cfg(test)]
mod tests {
    #[test]
    fn path_safe_tags() {
        for ok in ["v1", "v1.2.0", "v2026-12-03", "v1.0+build_2"] {
            assert!(super::tag_is_path_safe(ok), "{ok}");
        }
        for bad in ["", "v1/rc", "..", ".v1", "v1 rc", "v1?x", "v1#", "v1%2f"] {
            assert!(!super::tag_is_path_safe(bad), "{bad}");
        }
    }
}
