//! URL checks for links in cards.

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::load::{Kind, Node};
use crate::model::format::Links;
use std::path::Path;

/// Checks every link of a card: unsafe schemes are errors (and dropped),
/// scheme-less addresses get `https://` with a warning.
pub fn check_links(links: &mut Links, node: &Node, file: &Path, diags: &mut Diagnostics) {
    let mut check = |value: &mut Option<String>, pos| {
        let Some(url) = value.clone() else { return };
        match check_url(&url) {
            Ok(fixed) => *value = Some(fixed),
            Err((true, msg, hint)) => {
                *value = None;
                diags.push(Diagnostic::error("bad-link", file, pos, msg).with_hint(hint));
            }
            Err((false, msg, hint)) => {
                *value = Some(format!("https://{}", url.trim()));
                diags.push(Diagnostic::warning("bad-link", file, pos, msg).with_hint(hint));
            }
        }
    };
    for (name, value) in [
        ("paper", &mut links.paper),
        ("dataset", &mut links.dataset),
        ("code", &mut links.code),
        ("homepage", &mut links.homepage),
    ] {
        check(value, node.locate(&["links", name]));
    }
    let items = match node
        .get("links")
        .and_then(|l| l.get("other"))
        .map(|o| &o.kind)
    {
        Some(Kind::Seq(items)) => items.iter().map(|n| n.pos).collect(),
        _ => Vec::new(),
    };
    let mut kept = Vec::new();
    for (i, url) in links.other.drain(..).enumerate() {
        let mut v = Some(url);
        check(&mut v, items.get(i).copied().unwrap_or_default());
        kept.extend(v);
    }
    links.other = kept;
}

/// Ok(url, possibly fixed) or Err((is_error, message, hint)).
pub fn check_url(url: &str) -> Result<String, (bool, String, String)> {
    let u = url.trim();
    let lower = u.to_ascii_lowercase();
    let scheme = lower.split_once(':').map(|(s, _)| s).filter(|s| {
        s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
    });
    match scheme {
        Some("http") | Some("https") => {
            if u.contains(char::is_whitespace) {
                Err((
                    true,
                    format!("link contains spaces: `{u}`"),
                    "percent-encode spaces as %20".into(),
                ))
            } else {
                Ok(u.to_string())
            }
        }
        Some(s @ ("javascript" | "data" | "vbscript" | "file")) => Err((
            true,
            format!("`{s}:` links are not allowed"),
            "link to an http or https address".into(),
        )),
        Some(s)
            if !lower[s.len() + 1..].starts_with("//")
                && lower.contains('.')
                && s.contains('.') =>
        {
            Err((
                false,
                format!("link has no scheme: `{u}`"),
                "add https://".into(),
            ))
        }
        Some(s) => Err((
            true,
            format!("`{s}:` links are not allowed"),
            "link to an http or https address".into(),
        )),
        None if u.contains('.') && !u.starts_with('/') => Err((
            false,
            format!("link has no scheme: `{u}`"),
            "add https:// in front".into(),
        )),
        None => Err((
            true,
            format!("not a web address: `{u}`"),
            "link to an http or https address".into(),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn only_web_links_pass() {
        assert!(check_url("https://arxiv.org/abs/1").is_ok());
        assert!(check_url("JavaScript:alert(1)").unwrap_err().0);
        assert!(check_url("data:text/html,x").unwrap_err().0);
        assert!(!check_url("medhalt.github.io").unwrap_err().0);
        assert!(check_url("https://a b").is_err());
    }
}
