//! Link checking of a built site: every internal link and asset must
//! resolve to a file; external links are listed, not fetched.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

#[derive(Debug, Default)]
pub struct LinkReport {
    pub pages: usize,
    pub internal: usize,
    /// (page, target) pairs that do not resolve.
    pub broken: Vec<(PathBuf, String)>,
    /// (page, target) links outside the site base.
    pub outside_base: Vec<(PathBuf, String)>,
    pub external: BTreeSet<String>,
}

/// Attributes whose values are URLs: links, sources, and the search box's
/// asset URLs (`data-*`).
const ATTRIBUTES: &[&[u8]] = &[
    b"href",
    b"src",
    b"data-worker",
    b"data-glue",
    b"data-wasm",
    b"data-manifest",
    b"data-titles",
    b"data-src",
];

/// The URLs in an HTML (or Atom / sitemap XML) document: the values of URL
/// attributes of its tags, whichever quoting they use, with character
/// references decoded by a WHATWG tokenizer, and the text of `<loc>`
/// elements. Text that merely looks like a tag (`&lt;a href=…`) is not one.
pub fn links_in(doc: &str) -> Vec<String> {
    use html5gum::{DefaultEmitter, Token, Tokenizer};
    let mut emitter = DefaultEmitter::default();
    // Script and style contents are text, not tags.
    emitter.naively_switch_states(true);
    let mut out = Vec::new();
    let mut in_loc = false;
    for Ok(token) in Tokenizer::new_with_emitter(doc, emitter) {
        match token {
            Token::StartTag(tag) => {
                in_loc = &tag.name[..] == b"loc";
                for name in ATTRIBUTES {
                    if let Some(v) = tag.attributes.get(*name) {
                        out.push(String::from_utf8_lossy(&v.value).trim().to_string());
                    }
                }
            }
            Token::String(text) if in_loc => {
                out.push(String::from_utf8_lossy(&text.value).trim().to_string());
            }
            Token::EndTag(_) => in_loc = false,
            _ => {}
        }
    }
    out
}

fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .into_owned()
}

/// Checks every HTML page under `output`, whose pages are served at
/// `site`'s path (`/` or `/preview/`), treating absolute URLs under its
/// origin (e.g. `https://deploy-preview-42--example.netlify.app/`) as
/// internal, and checks the feed, the sitemap and the search index's manifest.
pub fn check_site(output: &Path, site: &crate::routes::BaseUrl) -> LinkReport {
    let (base, base_url) = (site.path(), site.absolute());
    let (base, base_url) = (base, base_url.as_str());
    let mut report = LinkReport::default();
    check_xml_and_search(output, base, base_url, &mut report);
    for entry in walkdir::WalkDir::new(output)
        .into_iter()
        .filter_map(Result::ok)
    {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "html") {
            continue;
        }
        let Ok(html) = std::fs::read_to_string(path) else {
            continue;
        };
        report.pages += 1;
        let rel_page = path.strip_prefix(output).unwrap_or(path).to_path_buf();
        let page_dir = rel_page.parent().map(Path::to_path_buf).unwrap_or_default();
        for link in links_in(&html) {
            let link = match link.strip_prefix(base_url).filter(|_| !base_url.is_empty()) {
                Some(rest) => format!("{base}{rest}"),
                None => link,
            };
            let lower = link.to_ascii_lowercase();
            if lower.starts_with("http://")
                || lower.starts_with("https://")
                || lower.starts_with("//")
            {
                report.external.insert(link);
                continue;
            }
            if lower.starts_with("mailto:") || link.starts_with('#') || link.is_empty() {
                continue;
            }
            report.internal += 1;
            let target = link.split(['#', '?']).next().unwrap_or("");
            let resolved = if let Some(abs) = target.strip_prefix('/') {
                match ("/".to_string() + abs).strip_prefix(base) {
                    Some(inside) => PathBuf::from(percent_decode(inside)),
                    None => {
                        report.outside_base.push((rel_page.clone(), link.clone()));
                        continue;
                    }
                }
            } else {
                page_dir.join(percent_decode(target))
            };
            let mut file = output.join(&resolved);
            if target.ends_with('/') || file.is_dir() {
                file = file.join("index.html");
            }
            let inside = file
                .canonicalize()
                .map(|f| f.starts_with(output.canonicalize().unwrap_or_default()))
                .unwrap_or(false);
            if !file.is_file() || !inside {
                report.broken.push((rel_page.clone(), link));
            }
        }
    }
    report.broken.sort();
    report.outside_base.sort();
    report
}

/// Resolves a site-absolute path (`/base/x/`) to a file in `output`.
fn resolve(output: &Path, base: &str, path: &str) -> Option<PathBuf> {
    let inside = ("/".to_string() + path.trim_start_matches('/'))
        .strip_prefix(base)
        .map(str::to_string)?;
    let target = inside.split(['#', '?']).next().unwrap_or("");
    let mut file = output.join(percent_decode(target));
    if target.is_empty() || target.ends_with('/') || file.is_dir() {
        file = file.join("index.html");
    }
    Some(file)
}

/// The feed's and sitemap's URLs, and every file the search manifest names.
fn check_xml_and_search(output: &Path, base: &str, base_url: &str, report: &mut LinkReport) {
    let mut names = vec![PathBuf::from("feed.xml"), PathBuf::from("sitemap.xml")];
    if let Ok(parts) = std::fs::read_dir(output.join("sitemaps")) {
        let mut parts: Vec<PathBuf> = parts
            .filter_map(Result::ok)
            .map(|e| PathBuf::from("sitemaps").join(e.file_name()))
            .collect();
        parts.sort();
        names.extend(parts);
    }
    for name in &names {
        let Ok(xml) = std::fs::read_to_string(output.join(name)) else {
            continue;
        };
        for url in links_in(&xml) {
            let path = match url.strip_prefix(base_url).filter(|_| !base_url.is_empty()) {
                Some(rest) => format!("{base}{rest}"),
                None if url.starts_with('/') => url.clone(),
                None => {
                    report.external.insert(url);
                    continue;
                }
            };
            report.internal += 1;
            if !resolve(output, base, &path).is_some_and(|f| f.is_file()) {
                report.broken.push((name.clone(), url));
            }
        }
    }
    let manifest = output.join("search/manifest.json");
    if let Ok(text) = std::fs::read_to_string(&manifest) {
        match serde_json::from_str::<crate::search_index::Manifest>(&text) {
            Ok(m) => {
                let cs = m.index.chunk_size;
                let chunks = m.index.files.values().flat_map(|f| {
                    (0..f.count(cs)).map(|i| crate::search_index::chunk_path(&f.chunk(i)))
                });
                for f in chunks.chain([m.titles.clone(), m.hot.clone()]) {
                    report.internal += 1;
                    if !output.join("search").join(&f).is_file() {
                        report
                            .broken
                            .push((PathBuf::from("search/manifest.json"), f));
                    }
                }
            }
            Err(_) => report.broken.push((
                PathBuf::from("search/manifest.json"),
                "(unreadable manifest)".into(),
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn search_files_and_feed_urls_are_checked() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::create_dir_all(d.join("search")).unwrap();
        std::fs::write(
            d.join("index.html"),
            r#"<form data-manifest="/search/manifest.json" data-wasm="/engine.wasm"></form>"#,
        )
        .unwrap();
        std::fs::write(d.join("search/manifest.json"), r#"{"schema_version":6,"build":"x","documents":1,"chunks":"c","hot":"v6-hot-1.bin","index":{"chunk_size":4,"meta":"{}","files":{"a.idx":{"len":6,"hash":"ab"}},"hot":[]},"titles":"titles.json"}"#).unwrap();
        std::fs::write(d.join("search/titles.json"), "[]").unwrap();
        std::fs::write(d.join("search/v6-hot-1.bin"), "").unwrap();
        std::fs::create_dir_all(d.join("search/c")).unwrap();
        std::fs::write(d.join("search/c/ab-0.bin"), "abcd").unwrap();
        std::fs::write(
            d.join("feed.xml"),
            r#"<feed><link href="https://x.org/a/benchmarks/gone/"/></feed>"#,
        )
        .unwrap();
        let r = check_site(
            d,
            &crate::routes::BaseUrl::parse("https://x.org/a/").unwrap(),
        );
        let broken: Vec<String> = r
            .broken
            .iter()
            .map(|(p, l)| format!("{} {l}", p.display()))
            .collect();
        assert!(
            broken.contains(&"search/manifest.json c/ab-1.bin".to_string())
                && !broken
                    .iter()
                    .any(|b| b.contains("ab-0") || b.contains("hot")),
            "the second chunk is missing: {broken:?}"
        );
        assert!(
            broken
                .iter()
                .any(|b| b.starts_with("feed.xml https://x.org/a/benchmarks/gone/")),
            "{broken:?}"
        );
        assert!(
            r.outside_base.iter().any(|(_, l)| l == "/engine.wasm"),
            "{:?}",
            r.outside_base
        );
    }

    #[test]
    fn finds_attributes_only_whatever_their_quoting() {
        let l = links_in(
            r#"<a href="/a/">x</a> <img src='b.png'> <link href=c.css> <a HREF="/d?x=1&amp;y=2"> data-href="no" <p>href="text" &lt;a href="javascript:x"&gt;</p><script>let s = '<a href="/no/">';</script><!-- <a href="/no2/"> -->"#,
        );
        assert_eq!(l, vec!["/a/", "b.png", "c.css", "/d?x=1&y=2"]);
        let xml =
            "<urlset><url><loc>https://x.org/a/</loc></url><url><loc> /b/ </loc></url></urlset>";
        assert_eq!(links_in(xml), vec!["https://x.org/a/", "/b/"]);
    }
}
