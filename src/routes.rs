//! The site's URL layout: every page's and file's address comes from this
//! table, and every link is made from a [`BaseUrl`] parsed once. Rendering,
//! the search index, the exports, `serve` and the link check all ask here,
//! and templates reach it through the `url_for` function (see
//! `render::theme`).

use std::borrow::Cow;
use std::fmt;

/// Where the site is served from: an optional origin (`https://example.org`)
/// and the path prefix every link starts with (`/` or `/cards/`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrl {
    origin: Option<String>,
    path: String,
}

/// Why a `base_url` could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrlError(String);

impl fmt::Display for BaseUrlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for BaseUrlError {}

impl Default for BaseUrl {
    fn default() -> Self {
        BaseUrl {
            origin: None,
            path: "/".into(),
        }
    }
}

impl BaseUrl {
    /// Reads `https://example.org/cards/`, `/cards`, `cards/` or `/`.
    pub fn parse(text: &str) -> Result<BaseUrl, BaseUrlError> {
        let b = text.trim();
        if b.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(BaseUrlError(format!(
                "`{b}` contains white space; give a URL such as https://example.org/cards/"
            )));
        }
        let (origin, path) = match b
            .strip_prefix("https://")
            .or_else(|| b.strip_prefix("http://"))
        {
            Some(rest) => {
                let host_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
                if host_end == 0 {
                    return Err(BaseUrlError(format!("`{b}` has no host name")));
                }
                let origin = &b[..b.len() - rest.len() + host_end];
                (Some(origin.to_string()), &rest[host_end..])
            }
            None if b.contains("://") => {
                return Err(BaseUrlError(format!(
                    "`{b}`: only http and https sites are supported"
                )));
            }
            None => (None, b),
        };
        if path.contains(['?', '#']) {
            return Err(BaseUrlError(format!(
                "`{b}` has a query or fragment; give only the site's address"
            )));
        }
        let path = format!("/{}/", path.trim_matches('/')).replace("//", "/");
        Ok(BaseUrl { origin, path })
    }

    /// The path prefix of every link: `/` or `/cards/`.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The absolute URL of the site root (`https://example.org/cards/`), or
    /// "" when only a path is known.
    pub fn absolute(&self) -> String {
        self.origin
            .as_ref()
            .map(|o| format!("{o}{}", self.path))
            .unwrap_or_default()
    }

    /// The absolute URL when known, else the path: the prefix for feeds,
    /// sitemaps and robots.txt.
    pub fn canonical(&self) -> String {
        match &self.origin {
            Some(o) => format!("{o}{}", self.path),
            None => self.path.clone(),
        }
    }

    /// A route's absolute link when the origin is known, else its path link.
    pub fn url_absolute(&self, route: Route<'_>) -> String {
        format!("{}{}", self.canonical(), route.path())
    }

    /// A route's link, e.g. `/cards/benchmarks/medqa/`.
    pub fn url(&self, route: Route<'_>) -> String {
        format!("{}{}", self.path, route.path())
    }

    /// A link as written in a page → the site-relative path it points to
    /// (`benchmarks/medqa/`), when it lies under this base (absolute links
    /// to this site's origin count too).
    pub fn site_path<'u>(&self, link: &'u str) -> Option<&'u str> {
        let abs = self.absolute();
        if !abs.is_empty()
            && let Some(rest) = link.strip_prefix(&abs)
        {
            return Some(rest);
        }
        link.strip_prefix(&self.path)
    }
}

/// The page families split into pages ([`Route::Paged`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PagedKind {
    Assumption,
    Context,
    Design,
}

/// A heatmap page's order, as far as its address is concerned.
pub type OrderSuffix = &'static str;

/// Every kind of page and file the site has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route<'a> {
    Home,
    Card(&'a str),
    /// A card's files beside its page: `benchmarks/<slug>/cite.bib` (its
    /// BibTeX), `card.json` (its record and verdicts), `badge.svg` (its
    /// documentation badge) and `<context>.svg` (its verdicts in a context).
    CardBib(&'a str),
    CardJson(&'a str),
    CardBadge(&'a str),
    CardStrip(&'a str, &'a str),
    /// How to cite the catalogue and a card.
    Cite,
    /// The tagged releases, one frozen release (`releases/<tag>/`) and its
    /// exports (`releases/<tag>/catalogue.json`, …).
    Releases,
    Release(&'a str),
    ReleaseFile(&'a str, &'a str),
    Assumption(&'a str),
    Context(&'a str),
    /// Page `n` of a paginated page family: an assumption's answers, a
    /// context's verdicts, the design heatmap (`heatmaps/`): `<base>page/<n>/`.
    Paged(PagedKind, &'a str, usize),
    /// A context's heatmap in one order (`""`, `by-name/`, `by-year/`).
    Heatmap(&'a str, OrderSuffix),
    /// Page `n` of a context's heatmap in one order or filter (`""`,
    /// `by-name/`, `domain/oncology/`, …): `heatmaps/<id>/<sub>page/<n>/`.
    HeatmapPage(&'a str, &'a str, usize),
    Heatmaps,
    Gaps,
    Match,
    /// Up to six benchmarks side by side (`compare/?b=a,b`), drawn in the
    /// browser from their `card.json`.
    Compare,
    Search,
    /// A `content/*.md` page.
    Page(&'a str),
    /// Page `n` (1-based) of a listing: `browse/<key>` or `browse/<key>page/<n>/`
    /// (`key` is "" for all benchmarks, or e.g. `domain/oncology/`).
    Browse(&'a str, usize),
    /// Page `n` of a group index, e.g. `browse/tags/` or `browse/tags/page/2/`.
    BrowseIndex(&'a str, usize),
    NotFound,
    Feed,
    /// The sitemap index, and its parts (`sitemaps/<n>.xml`, 1-based).
    Sitemap,
    SitemapPart(usize),
    Robots,
    CatalogueJson,
    CatalogueCsv,
    VerdictsCsv,
    AssumptionsCsv,
    MatchJson,
    CardSchema,
    ContextSchema,
    /// The search index's folder and its two JSON files.
    SearchIndex,
    SearchManifest,
    SearchTitles,
    /// A file by its published path (theme assets, search index files).
    File(&'a str),
}

impl<'a> Route<'a> {
    /// The route's path below the base: `benchmarks/medqa/`, `feed.xml`, ``.
    pub fn path(self) -> Cow<'a, str> {
        match self {
            Route::Home => "".into(),
            Route::Card(slug) => format!("benchmarks/{slug}/").into(),
            Route::CardBib(slug) => format!("benchmarks/{slug}/cite.bib").into(),
            Route::CardJson(slug) => format!("benchmarks/{slug}/card.json").into(),
            Route::CardBadge(slug) => format!("benchmarks/{slug}/badge.svg").into(),
            Route::CardStrip(slug, context) => {
                format!("benchmarks/{slug}/strip-{context}.svg").into()
            }
            Route::Cite => "cite/".into(),
            Route::Releases => "releases/".into(),
            Route::Release(tag) => format!("releases/{tag}/").into(),
            Route::ReleaseFile(tag, name) => format!("releases/{tag}/{name}").into(),
            Route::Assumption(id) => format!("assumptions/{id}/").into(),
            Route::Context(id) => format!("contexts/{id}/").into(),
            Route::Paged(kind, id, n) => {
                let first = match kind {
                    PagedKind::Assumption => Route::Assumption(id),
                    PagedKind::Context => Route::Context(id),
                    PagedKind::Design => Route::Heatmaps,
                }
                .path();
                if n <= 1 {
                    first
                } else {
                    format!("{first}page/{n}/").into()
                }
            }
            Route::Heatmap(id, suffix) => format!("heatmaps/{id}/{suffix}").into(),
            Route::HeatmapPage(id, sub, n) if n <= 1 => format!("heatmaps/{id}/{sub}").into(),
            Route::HeatmapPage(id, sub, n) => format!("heatmaps/{id}/{sub}page/{n}/").into(),
            Route::Heatmaps => "heatmaps/".into(),
            Route::Gaps => "gaps/".into(),
            Route::Match => "match/".into(),
            Route::Compare => "compare/".into(),
            Route::Search => "search/".into(),
            Route::Page(slug) => format!("{slug}/").into(),
            Route::Browse(key, n) if n <= 1 => format!("browse/{key}").into(),
            Route::Browse(key, n) => format!("browse/{key}page/{n}/").into(),
            Route::BrowseIndex(kind, n) if n <= 1 => format!("browse/{kind}/").into(),
            Route::BrowseIndex(kind, n) => format!("browse/{kind}/page/{n}/").into(),
            Route::NotFound => "404.html".into(),
            Route::Feed => "feed.xml".into(),
            Route::Sitemap => "sitemap.xml".into(),
            Route::SitemapPart(n) => format!("sitemaps/{n}.xml").into(),
            Route::Robots => "robots.txt".into(),
            Route::CatalogueJson => "catalogue.json".into(),
            Route::CatalogueCsv => "catalogue.csv".into(),
            Route::VerdictsCsv => "verdicts.csv".into(),
            Route::AssumptionsCsv => "assumptions.csv".into(),
            Route::MatchJson => "match.json".into(),
            Route::CardSchema => "schema/card.json".into(),
            Route::ContextSchema => "schema/context.json".into(),
            Route::SearchIndex => "search/".into(),
            Route::SearchManifest => "search/manifest.json".into(),
            Route::SearchTitles => "search/titles/index.json".into(),
            Route::File(path) => path.into(),
        }
    }

    /// The file the route is written to: a folder route's `index.html`.
    pub fn file(self) -> String {
        let p = self.path();
        if p.is_empty() || p.ends_with('/') {
            format!("{p}index.html")
        } else {
            p.into_owned()
        }
    }

    /// The route a template names in `url_for(route=…, id=…)`.
    pub fn named(name: &str, id: Option<&'a str>) -> Option<Route<'a>> {
        Some(match (name, id) {
            ("home", _) => Route::Home,
            ("card", Some(id)) => Route::Card(id),
            ("card_bib", Some(id)) => Route::CardBib(id),
            ("card_json", Some(id)) => Route::CardJson(id),
            ("card_badge", Some(id)) => Route::CardBadge(id),
            ("cite", _) => Route::Cite,
            ("releases", _) => Route::Releases,
            ("release", Some(tag)) => Route::Release(tag),
            ("assumption", Some(id)) => Route::Assumption(id),
            ("context", Some(id)) => Route::Context(id),
            ("heatmap", Some(id)) => Route::Heatmap(id, ""),
            ("heatmaps", _) => Route::Heatmaps,
            ("gaps", _) => Route::Gaps,
            ("match", _) => Route::Match,
            ("compare", _) => Route::Compare,
            ("search", _) => Route::Search,
            ("page", Some(id)) => Route::Page(id),
            ("browse", id) => Route::Browse(id.unwrap_or(""), 1),
            ("browse_index", Some(id)) => Route::BrowseIndex(id, 1),
            ("feed", _) => Route::Feed,
            ("catalogue_json", _) => Route::CatalogueJson,
            ("catalogue_csv", _) => Route::CatalogueCsv,
            ("verdicts_csv", _) => Route::VerdictsCsv,
            ("assumptions_csv", _) => Route::AssumptionsCsv,
            ("match_json", _) => Route::MatchJson,
            ("search_index", _) => Route::SearchIndex,
            ("search_manifest", _) => Route::SearchManifest,
            ("search_titles", _) => Route::SearchTitles,
            ("file", Some(path)) => Route::File(path),
            _ => return None,
        })
    }

    /// Whether an output file is a card page (rendered first: the pages
    /// people open most, and the bulk of the work).
    pub fn is_card_file(file: &str) -> bool {
        file.starts_with("benchmarks/")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls_are_parsed_once_into_origin_and_path() {
        let b = BaseUrl::parse("https://example.org/cards").unwrap();
        assert_eq!(b.path(), "/cards/");
        assert_eq!(b.absolute(), "https://example.org/cards/");
        assert_eq!(b.canonical(), "https://example.org/cards/");
        let b = BaseUrl::parse("https://example.org").unwrap();
        assert_eq!(
            (b.path(), b.absolute().as_str()),
            ("/", "https://example.org/")
        );
        for (text, path) in [
            ("/", "/"),
            ("", "/"),
            ("preview", "/preview/"),
            ("/a/b/", "/a/b/"),
        ] {
            let b = BaseUrl::parse(text).unwrap();
            assert_eq!(b.path(), path, "{text}");
            assert_eq!(b.absolute(), "");
            assert_eq!(b.canonical(), path);
        }
        for bad in ["ftp://x.org/", "https:///x", "https://x.org/a b", "/a?b=1"] {
            assert!(BaseUrl::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn routes_give_paths_files_and_links() {
        let b = BaseUrl::parse("https://example.org/sub/").unwrap();
        assert_eq!(b.url(Route::Card("medqa")), "/sub/benchmarks/medqa/");
        assert_eq!(Route::Card("medqa").file(), "benchmarks/medqa/index.html");
        assert_eq!(Route::Home.file(), "index.html");
        assert_eq!(
            Route::Heatmap("x", "by-year/").file(),
            "heatmaps/x/by-year/index.html"
        );
        assert_eq!(Route::Feed.file(), "feed.xml");
        assert_eq!(Route::Page("about").path(), "about/");
        assert_eq!(Route::Browse("", 1).file(), "browse/index.html");
        assert_eq!(Route::Browse("", 3).file(), "browse/page/3/index.html");
        assert_eq!(
            Route::Browse("tag/rag/", 2).path(),
            "browse/tag/rag/page/2/"
        );
        assert_eq!(Route::BrowseIndex("tags", 2).path(), "browse/tags/page/2/");
        assert_eq!(Route::named("card", Some("a")), Some(Route::Card("a")));
        assert_eq!(Route::named("card", None), None);
        assert_eq!(b.site_path("https://example.org/sub/gaps/"), Some("gaps/"));
        assert_eq!(b.site_path("/sub/gaps/"), Some("gaps/"));
        assert_eq!(b.site_path("/elsewhere/"), None);
        assert!(Route::is_card_file(&Route::Card("x").file()));
        assert_eq!(Route::CardBib("x").file(), "benchmarks/x/cite.bib");
        assert_eq!(Route::CardJson("x").file(), "benchmarks/x/card.json");
        assert_eq!(Route::CardBadge("x").file(), "benchmarks/x/badge.svg");
        assert_eq!(
            Route::CardStrip("x", "ctx").file(),
            "benchmarks/x/strip-ctx.svg"
        );
        assert_eq!(Route::Cite.file(), "cite/index.html");
        assert_eq!(Route::Compare.file(), "compare/index.html");
        assert_eq!(Route::named("compare", None), Some(Route::Compare));
        assert_eq!(
            Route::named("card_bib", Some("x")),
            Some(Route::CardBib("x"))
        );
    }
}
