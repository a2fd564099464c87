//! A card's structured reference: the benchmark's citation split into
//! fields, from which the site writes BibTeX, CSL-JSON and a formatted
//! reference (`render::cite`).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The benchmark's primary publication as structured fields (the free-text
/// `citation` stays what the card page shows first). Give only what the
/// source states.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Reference {
    /// The authors in order, each "Family Given" (`Jin D`, `Soskin Hicks R`)
    /// or "Family, Given" (`Hincapié, M S`, needed when the family name
    /// could be mistaken for initials). `et al.` marks a list cut short.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub authors: Vec<String>,
    /// The work's title (required).
    pub title: String,
    /// Where it appeared: journal, proceedings, report series or preprint
    /// server, e.g. "Nature Medicine" or "arXiv:2505.08775".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub venue: Option<String>,
    /// Year of publication.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1000, max = 9999))]
    pub year: Option<i32>,
    /// The DOI alone, without `doi:` or `https://doi.org/`, e.g. `10.3390/app11146421`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = r"^10\.[0-9]{4,9}/\S+$"))]
    pub doi: Option<String>,
    /// Where the work can be read (http or https).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = r"^https?://\S+$"))]
    pub url: Option<String>,
}
