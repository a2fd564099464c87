//! Optional `cardsite.toml` at the site root.

use crate::diagnostic::{Diagnostic, Pos};
use crate::routes::{BaseUrl, BaseUrlError};
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
    /// The search index's settings (`[search]`).
    pub search: SearchConfig,
    /// `base_url`, parsed (once, when the file is read or the value set).
    #[serde(skip)]
    base: BaseUrl,
}

/// `[search]` in `cardsite.toml`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SearchConfig {
    /// Bytes per index chunk the browser fetches (default 4096; see
    /// docs/search.md for the measurement behind it).
    pub chunk_size: usize,
}

impl Default for SearchConfig {
    fn default() -> Self {
        SearchConfig { chunk_size: 4096 }
    }
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
            search: SearchConfig::default(),
            base: BaseUrl::default(),
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
        let pos_of = |start: usize| {
            let before = &text[..start.min(text.len())];
            let line = before.matches('\n').count() as u32 + 1;
            let col = before.rsplit('\n').next().unwrap_or("").chars().count() as u32 + 1;
            Pos::new(line, col)
        };
        let mut config: Config = toml::from_str(&text).map_err(|e| {
            Diagnostic::error(
                "bad-config",
                Path::new(FILE_NAME),
                e.span().map(|s| pos_of(s.start)).unwrap_or(Pos::new(0, 0)),
                e.message().to_string(),
            )
            .with_hint("keys: title, description, base_url, repository, branch, theme, and [search] chunk_size")
        })?;
        let raw = config.base_url.clone();
        config.set_base_url(&raw).map_err(|e| {
            let at = text
                .lines()
                .scan(0, |offset, l| {
                    let start = *offset;
                    *offset += l.len() + 1;
                    Some((start, l))
                })
                .find(|(_, l)| l.trim_start().starts_with("base_url"))
                .map(|(start, l)| pos_of(start + l.find('=').map_or(0, |i| i + 1)))
                .unwrap_or(Pos::FILE);
            Diagnostic::error(
                "bad-config",
                Path::new(FILE_NAME),
                at,
                format!("base_url: {e}"),
            )
            .with_hint("e.g. base_url = \"https://example.org/cards/\" or \"/cards/\"")
        })?;
        Ok(config)
    }

    /// Sets `base_url` (e.g. from `--base-url`), parsing it.
    pub fn set_base_url(&mut self, text: &str) -> Result<(), BaseUrlError> {
        self.base = BaseUrl::parse(text)?;
        self.base_url = text.to_string();
        Ok(())
    }

    /// Where the site is served from.
    pub fn base(&self) -> &BaseUrl {
        &self.base
    }
}
