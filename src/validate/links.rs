//! URL checks for links in cards.

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
