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

/// The values of `href="…"` and `src="…"` attributes of the tags in an
/// HTML document (escaped text such as `&lt;a href=…` is not a tag).
pub fn links_in(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for tag in html.split('<').skip(1) {
        let tag = tag.split('>').next().unwrap_or("");
        if tag.starts_with('!') || tag.starts_with('/') {
            continue;
        }
        for attr in [" href=\"", " src=\"", "\nhref=\"", "\nsrc=\""] {
            if let Some(i) = tag.find(attr) {
                let start = i + attr.len();
                if let Some(len) = tag[start..].find('"') {
                    out.push(unescape(&tag[start..start + len]));
                }
            }
        }
    }
    out
}

fn unescape(s: &str) -> String {
    s.replace("&amp;", "&")
        .replace("&#x2F;", "/")
        .replace("&#x27;", "'")
        .replace("&quot;", "\"")
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Ok(b) = u8::from_str_radix(&s[i + 1..i + 3], 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Checks every HTML page under `output`, whose pages are served at `base`
/// (a path such as `/` or `/preview/`).
pub fn check_dir(output: &Path, base: &str) -> LinkReport {
    let mut report = LinkReport::default();
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

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn finds_attributes_only() {
        let l = links_in(
            r#"<a href="/a/">x</a> <img src="b.png"> data-href="no" <p>href="text" &lt;a href="javascript:x"&gt;</p>"#,
        );
        assert_eq!(l, vec!["/a/", "b.png"]);
    }
}
