//! Optional `cardsite.toml` at the site root.

use crate::diagnostic::{Diagnostic, Pos};
use serde::{Deserialize, Serialize};
use std::path::Path;

pub const FILE_NAME: &str = "cardsite.toml";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Site title shown in the header.
    pub title: String,
    /// One-line description for the home page and feeds.
    pub description: String,
    /// Absolute URL the site is served from, e.g. `https://example.org/cards/`.
    pub base_url: String,
    /// Repository URL for "edit this card" links (GitHub-style `/edit/<branch>/`).
    pub repository: Option<String>,
    /// Branch used in edit links.
    pub branch: String,
    /// Theme folder name under `themes/`.
    pub theme: String,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            title: "BenchmarkCards".into(),
            description: "Where healthcare LLM benchmarks and deployments diverge: the assumptions behind each benchmark, and whether they hold.".into(),
            base_url: "/".into(),
            repository: None,
            branch: "main".into(),
            theme: "default".into(),
        }
    }
}

impl Config {
    /// Reads `<root>/cardsite.toml`, or the defaults when it is absent.
    pub fn load(root: &Path) -> Result<Config, Diagnostic> {
        let path = root.join(FILE_NAME);
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Config::default()),
            Err(e) => {
                return Err(Diagnostic::error(
                    "unreadable",
                    Path::new(FILE_NAME),
                    Pos::FILE,
                    format!("cannot read: {e}"),
                ));
            }
        };
        toml::from_str(&text).map_err(|e| {
            let (line, column) = e
                .span()
                .map(|s| {
                    let before = &text[..s.start.min(text.len())];
                    let line = before.matches('\n').count() as u32 + 1;
                    let col = before.rsplit('\n').next().unwrap_or("").chars().count() as u32 + 1;
                    (line, col)
                })
                .unwrap_or((0, 0));
            Diagnostic::error(
                "bad-config",
                Path::new(FILE_NAME),
                Pos::new(line, column),
                e.message().to_string(),
            )
            .with_hint("keys: title, description, base_url, repository, branch, theme")
        })
    }
}
