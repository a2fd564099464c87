//! URL checks for links in cards.

use crate::diagnostic::{Diagnostic, Diagnostics, Pos};
use crate::load::{Kind, Node};
use crate::model::format::Links;
use std::path::Path;

/// What is wrong with a link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UrlProblem {
    /// Not a web address, or an unsafe scheme: the link is dropped (an error).
    Rejected { message: String, hint: String },
    /// A web address without its scheme: `https://` is added (a warning).
    NoScheme { message: String, hint: String },
}

impl UrlProblem {
    pub fn is_error(&self) -> bool {
        matches!(self, UrlProblem::Rejected { .. })
    }

    /// The located diagnostic for this problem.
    pub fn diagnostic(&self, file: &Path, pos: Pos) -> Diagnostic {
        match self {
            UrlProblem::Rejected { message, hint } => {
                Diagnostic::error("bad-link", file, pos, message.clone()).with_hint(hint.clone())
            }
            UrlProblem::NoScheme { message, hint } => {
                Diagnostic::warning("bad-link", file, pos, message.clone()).with_hint(hint.clone())
            }
        }
    }
}

fn rejected(message: String, hint: &str) -> UrlProblem {
    UrlProblem::Rejected {
        message,
        hint: hint.into(),
    }
}

fn no_scheme(message: String, hint: &str) -> UrlProblem {
    UrlProblem::NoScheme {
        message,
        hint: hint.into(),
    }
}

/// Checks the link at `pos`: returns it (with `https://` added where it had
/// no scheme) or `None` when rejected, reporting the problem either way.
pub fn checked(url: &str, file: &Path, pos: Pos, diags: &mut Diagnostics) -> Option<String> {
    match check_url(url) {
        Ok(fixed) => Some(fixed),
        Err(p) => {
            diags.push(p.diagnostic(file, pos));
            (!p.is_error()).then(|| format!("https://{}", url.trim()))
        }
    }
}

/// Checks every link of a card: unsafe schemes are errors (and dropped),
/// scheme-less addresses get `https://` with a warning.
pub fn check_links(links: &mut Links, node: &Node, file: &Path, diags: &mut Diagnostics) {
    let mut check = |value: &mut Option<String>, pos| {
        let Some(url) = value.clone() else { return };
        *value = checked(&url, file, pos, diags);
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

/// The link, trimmed, or what is wrong with it.
pub fn check_url(url: &str) -> Result<String, UrlProblem> {
    let u = url.trim();
    let lower = u.to_ascii_lowercase();
    let scheme = lower.split_once(':').map(|(s, _)| s).filter(|s| {
        s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
    });
    match scheme {
        Some("http") | Some("https") => {
            if u.contains(char::is_whitespace) {
                Err(rejected(
                    format!("link contains spaces: `{u}`"),
                    "percent-encode spaces as %20",
                ))
            } else {
                Ok(u.to_string())
            }
        }
        Some(s @ ("javascript" | "data" | "vbscript" | "file")) => Err(rejected(
            format!("`{s}:` links are not allowed"),
            "link to an http or https address",
        )),
        Some(s)
            if !lower[s.len() + 1..].starts_with("//")
                && lower.contains('.')
                && s.contains('.') =>
        {
            Err(no_scheme(
                format!("link has no scheme: `{u}`"),
                "add https://",
            ))
        }
        Some(s) => Err(rejected(
            format!("`{s}:` links are not allowed"),
            "link to an http or https address",
        )),
        None if u.contains('.') && !u.starts_with('/') => Err(no_scheme(
            format!("link has no scheme: `{u}`"),
            "add https:// in front",
        )),
        None => Err(rejected(
            format!("not a web address: `{u}`"),
            "link to an http or https address",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn only_web_links_pass() {
        assert!(check_url("https://arxiv.org/abs/1").is_ok());
        assert!(check_url("JavaScript:alert(1)").unwrap_err().is_error());
        assert!(check_url("data:text/html,x").unwrap_err().is_error());
        assert!(!check_url("medhalt.github.io").unwrap_err().is_error());
        assert!(check_url("https://a b").is_err());
    }
}
