//! Markdown → HTML with raw HTML shown as text and unsafe link schemes removed.

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, html};

/// Renders CommonMark (plus tables, strikethrough) safely: inline and block
/// HTML is escaped, `javascript:`/`data:`/`vbscript:` links become inert.
pub fn render(text: &str) -> String {
    let parser = Parser::new_ext(text, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH);
    let events = parser.map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type,
            dest_url: safe_url(dest_url),
            title,
            id,
        }),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Image {
            link_type,
            dest_url: safe_url(dest_url),
            title,
            id,
        }),
        other => other,
    });
    let mut out = String::with_capacity(text.len() * 3 / 2);
    html::push_html(&mut out, events);
    out
}

/// The text of a Markdown document without markup (for search).
pub fn plain_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for event in Parser::new_ext(text, Options::ENABLE_TABLES) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak | Event::End(_) if !out.ends_with([' ', '\n']) => {
                out.push(' ');
            }
            _ => {}
        }
    }
    out.trim().to_string()
}

fn safe_url(url: CowStr<'_>) -> CowStr<'_> {
    let lower: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    if ["javascript:", "data:", "vbscript:", "file:"]
        .iter()
        .any(|s| lower.starts_with(s))
    {
        CowStr::Borrowed("#")
    } else {
        url
    }
}

#[cfg(test)]
mod tests {
    use super::render;
    #[test]
    fn raw_html_is_text_and_bad_links_inert() {
        let html = render(
            "Hi <script>alert(1)</script> [x](javascript:alert(1)) ![i](data:x)\n\n<div onclick=x>\n",
        );
        assert!(!html.contains("<script>"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
        assert!(!html.contains("data:x"), "{html}");
        assert!(!html.contains("<div"), "{html}");
        assert!(render("**b** [ok](https://x.org)").contains("<a href=\"https://x.org\">ok</a>"));
    }
}
