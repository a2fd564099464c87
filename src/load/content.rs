//! `content/*.md` pages with YAML front matter (`title`, `order`).

use crate::diagnostic::{Diagnostic, Diagnostics, Pos};
use serde::{Deserialize, Serialize};
use std::path::Path;

#[derive(Debug, Clone, Serialize)]
pub struct ContentPage {
    pub slug: String,
    pub title: String,
    pub order: i64,
    pub html: String,
    /// Plain text for the search index.
    pub text: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FrontMatter {
    title: String,
    #[serde(default)]
    order: i64,
}

/// Reads every `content/*.md`; problems become diagnostics.
pub fn load(root: &Path, diags: &mut Diagnostics) -> Vec<ContentPage> {
    let dir = root.join("content");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut pages = Vec::new();
    let mut paths: Vec<_> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    paths.sort();
    for path in paths {
        let rel = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
        let slug = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let text = match std::fs::read(&path)
            .map_err(|e| {
                Diagnostic::error("unreadable", &rel, Pos::FILE, format!("cannot read: {e}"))
            })
            .and_then(|b| crate::load::yaml::decode(&rel, b))
        {
            Ok(t) => t,
            Err(d) => {
                diags.push(d);
                continue;
            }
        };
        let text = text.replace("\r\n", "\n");
        let Some(rest) = text.strip_prefix("---\n") else {
            diags.push(
                Diagnostic::error(
                    "no-front-matter",
                    &rel,
                    Pos::new(1, 1),
                    "content page has no front matter",
                )
                .with_hint("start the file with:\n---\ntitle: Page title\norder: 1\n---"),
            );
            continue;
        };
        let Some(end) = rest.find("\n---") else {
            diags.push(
                Diagnostic::error(
                    "no-front-matter",
                    &rel,
                    Pos::new(1, 1),
                    "front matter is not closed by `---`",
                )
                .with_hint("add a line `---` after the front matter"),
            );
            continue;
        };
        let fm: FrontMatter = match serde_saphyr::from_str(&rest[..end]) {
            Ok(f) => f,
            Err(e) => {
                let line = e.location().map(|l| l.line() as u32 + 1).unwrap_or(1);
                diags.push(
                    Diagnostic::error(
                        "bad-front-matter",
                        &rel,
                        Pos::new(line, 1),
                        format!(
                            "front matter: {}",
                            e.without_snippet().to_string().lines().next().unwrap_or("")
                        ),
                    )
                    .with_hint("front matter holds `title:` and optional `order:`"),
                );
                continue;
            }
        };
        let body = rest[end + 4..]
            .trim_start_matches(|c| c != '\n')
            .trim_start_matches('\n');
        pages.push(ContentPage {
            slug,
            title: fm.title,
            order: fm.order,
            html: crate::markdown::render(body),
            text: crate::markdown::plain_text(body),
        });
    }
    pages.sort_by(|a, b| (a.order, &a.slug).cmp(&(b.order, &b.slug)));
    pages
}
