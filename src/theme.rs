//! Themes: Tera templates and static assets. The default theme is built into
//! the binary; `<root>/themes/<name>/templates/*.html` and `.../static/*`
//! override it file by file.

use crate::diagnostic::{Diagnostic, Pos};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

macro_rules! embed {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../themes/default/templates/", $name)))),*]
    };
}
macro_rules! embed_static {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_bytes!(concat!("../themes/default/static/", $name)) as &[u8])),*]
    };
}

const TEMPLATES: &[(&str, &str)] = embed!(
    "base.html",
    "index.html",
    "card.html",
    "assumption.html",
    "context.html",
    "page.html",
    "404.html",
    "heatmap.html",
    "heatmaps.html",
    "gaps.html",
    "match.html",
    "feed.xml",
    "sitemap.xml",
    "partials/heatmap_table.html",
    "partials/heatmap_row.html",
    "partials/index_row.html",
    "partials/context_row.html",
    "partials/design_row.html",
    "partials/legend.html",
    "partials/gap_chart.html",
    "partials/evidence.html",
    "partials/pagination.html",
    "partials/catalogue_table.html",
    "listing.html",
    "sitemap_index.xml",
    "browse.html",
    "search.html",
    "cite.html",
    "releases.html",
    "release.html",
    "badge.svg",
    "strip.svg",
    "partials/cite_block.html",
    "partials/badge_embed.html",
    "partials/history.html",
    "compare.html",
);
const STATIC: &[(&str, &[u8])] = embed_static!(
    "style.css",
    "sort.js",
    "match.js",
    "favicon.svg",
    "search.js",
    "search-worker.js",
    "cardsite_search.js",
    "cardsite_search_bg.wasm",
    "copy.js",
    "compare.js",
    "correct.js",
);

/// A static file with its content-hashed published name.
#[derive(Debug, Clone)]
pub struct Asset {
    pub name: String,
    pub published: String,
    pub bytes: Vec<u8>,
}

pub struct Theme {
    pub tera: tera::Tera,
    pub assets: Vec<Asset>,
    /// Hash of every template's source (a changed template invalidates
    /// cached pages).
    pub fingerprint: u64,
}

impl Theme {
    /// Logical name (`style.css`) → published name (`style.1a2b3c4d.css`),
    /// keyed with `.`/`-` turned into `_` for templates (`style_css`).
    pub fn asset_map(&self) -> BTreeMap<String, String> {
        self.assets
            .iter()
            .map(|a| (a.name.replace(['.', '-'], "_"), a.published.clone()))
            .collect()
    }
}

fn hashed_name(name: &str, bytes: &[u8]) -> String {
    let hash = crate::hash::content_hash(bytes);
    match name.rsplit_once('.') {
        Some((stem, ext)) => format!("{stem}.{hash}.{ext}"),
        None => format!("{name}.{hash}"),
    }
}

pub fn load(root: &Path, theme: &str) -> Result<Theme, Diagnostic> {
    let dir = root.join("themes").join(theme);
    let rel_dir = PathBuf::from("themes").join(theme);
    if theme != "default" && !dir.is_dir() {
        return Err(Diagnostic::error(
            "missing-theme",
            Path::new(crate::config::FILE_NAME),
            Pos::FILE,
            format!("theme `{theme}` not found: no folder {}", rel_dir.display()),
        )
        .with_hint(
            "create the folder, or remove `theme` from cardsite.toml to use the default theme",
        ));
    }
    let mut templates: BTreeMap<String, (PathBuf, String)> = TEMPLATES
        .iter()
        .map(|(n, s)| {
            (
                n.to_string(),
                (rel_dir.join("templates").join(n), s.to_string()),
            )
        })
        .collect();
    for (name, rel, bytes) in read_dir_files(&dir.join("templates"), &rel_dir.join("templates"))? {
        if name.ends_with(".html") || name.ends_with(".xml") || name.ends_with(".svg") {
            let text = String::from_utf8(bytes).map_err(|_| {
                Diagnostic::error("not-utf8", &rel, Pos::FILE, "template is not UTF-8")
            })?;
            templates.insert(name, (rel, text));
        }
    }
    let mut tera = tera::Tera::default();
    // Badges are SVG: escaped like HTML and XML.
    tera.autoescape_on(vec![".html", ".htm", ".xml", ".svg"]);
    tera.register_function("url_for", url_for);
    let sources: Vec<(String, String)> = templates
        .iter()
        .map(|(n, (_, s))| (n.clone(), s.clone()))
        .collect();
    if let Err(e) = tera.add_raw_templates(sources) {
        let text = e.to_string();
        let name = templates
            .keys()
            .find(|n| text.contains(n.as_str()))
            .cloned();
        let file = name
            .and_then(|n| templates.get(&n).map(|t| t.0.clone()))
            .unwrap_or(rel_dir.join("templates"));
        return Err(Diagnostic::error(
            "template-syntax",
            &file,
            template_pos(&text),
            format!("template error: {}", first_lines(&text)),
        )
        .with_hint("fix the template syntax (Tera 2)"));
    }
    let mut statics: BTreeMap<String, Vec<u8>> = STATIC
        .iter()
        .map(|(n, b)| (n.to_string(), b.to_vec()))
        .collect();
    for (name, _, bytes) in read_dir_files(&dir.join("static"), &rel_dir.join("static"))? {
        statics.insert(name, bytes);
    }
    let assets = statics
        .into_iter()
        .map(|(name, bytes)| Asset {
            published: hashed_name(&name, &bytes),
            name,
            bytes,
        })
        .collect();
    let fingerprint = templates.iter().fold(0u64, |h, (name, (_, src))| {
        crate::hash::input_key(crate::hash::input_key(h, name.as_bytes()), src.as_bytes())
    });
    Ok(Theme {
        tera,
        assets,
        fingerprint,
    })
}

/// Tera reports `--> name.html:LINE:COL`; recover the position.
fn template_pos(text: &str) -> Pos {
    text.lines()
        .find_map(|l| {
            let rest = l.trim().strip_prefix("--> ")?;
            let mut parts = rest.rsplitn(3, ':');
            let col = parts.next()?.parse().ok()?;
            let line = parts.next()?.parse().ok()?;
            Some(Pos::new(line, col))
        })
        .unwrap_or(Pos::FILE)
}

fn first_lines(s: &str) -> String {
    s.lines()
        .next()
        .unwrap_or("")
        .trim_start_matches("error: ")
        .to_string()
}

fn read_dir_files(dir: &Path, rel: &Path) -> Result<Vec<(String, PathBuf, Vec<u8>)>, Diagnostic> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for e in entries.flatten() {
        let path = e.path();
        if !path.is_file() {
            continue;
        }
        let name = e.file_name().to_string_lossy().into_owned();
        let bytes = std::fs::read(&path).map_err(|err| {
            Diagnostic::error(
                "unreadable",
                &rel.join(&name),
                Pos::FILE,
                format!("cannot read: {err}"),
            )
        })?;
        out.push((name.clone(), rel.join(&name), bytes));
    }
    Ok(out)
}

/// `url_for(route="card", id=slug)`: a link from the route table
/// ([`crate::routes::Route::named`]) under the page's `site.base`, or under
/// `site.abs_base` with `absolute=true` (feeds, sitemaps).
fn url_for(kwargs: tera::Kwargs, state: &tera::State) -> tera::TeraResult<String> {
    let name: String = kwargs.must_get("route")?;
    let id: Option<String> = kwargs.get("id")?;
    let absolute: bool = kwargs.get("absolute")?.unwrap_or(false);
    let route = crate::routes::Route::named(&name, id.as_deref()).ok_or_else(|| {
        tera::Error::message(format!(
            "url_for: unknown route `{name}`, or it needs an `id`"
        ))
    })?;
    let site: Option<tera::Value> = state.get("site")?;
    let key = if absolute { "abs_base" } else { "base" };
    let base = site
        .as_ref()
        .and_then(tera::Value::as_map)
        .and_then(|m| m.get(&tera::value::Key::from(key)))
        .and_then(tera::Value::as_str)
        .unwrap_or("/");
    Ok(format!("{base}{}", route.path()))
}
