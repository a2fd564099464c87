//! Badges: a card's documentation badge (`badge.svg`) and its verdict strip
//! in each context that assessed it (`<context>.svg`), pure SVG drawn by the
//! theme's `badge.svg` and `strip.svg` templates in the theme's colours.

use super::views::Cell;
use crate::model::{Card, Catalogue, Context, Verdicts};
use serde::Serialize;

/// The colours a badge uses, read from the theme's `style.css` (its first,
/// light, definition of each custom property), the default theme's where a
/// property is missing or is not a hex colour.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Palette {
    pub bg: String,
    pub fg: String,
    pub panel: String,
    pub line: String,
    pub accent: String,
    pub yes_bg: String,
    pub yes_fg: String,
    pub part_bg: String,
    pub part_fg: String,
    pub no_bg: String,
    pub no_fg: String,
    pub unk_bg: String,
    pub unk_fg: String,
}

/// The default theme's light colours.
const DEFAULTS: [(&str, &str); 13] = [
    ("bg", "#ffffff"),
    ("fg", "#1b1f24"),
    ("panel", "#f6f8fa"),
    ("line", "#d0d7de"),
    ("accent", "#0550ae"),
    ("yes-bg", "#cfe8ff"),
    ("yes-fg", "#0b3b66"),
    ("part-bg", "#ffe8b3"),
    ("part-fg", "#5c3b00"),
    ("no-bg", "#f9d0c4"),
    ("no-fg", "#6b1d05"),
    ("unk-bg", "#e6e6e6"),
    ("unk-fg", "#333333"),
];

fn is_hex_colour(v: &str) -> bool {
    v.len() > 1
        && v.starts_with('#')
        && matches!(v.len() - 1, 3 | 4 | 6 | 8)
        && v[1..].chars().all(|c| c.is_ascii_hexdigit())
}

/// The first `--name: #hex;` in `css`.
fn property(css: &str, name: &str) -> Option<String> {
    let at = css.find(&format!("--{name}:"))? + name.len() + 3;
    let value = css[at..].split([';', '}']).next()?.trim();
    is_hex_colour(value).then(|| value.to_string())
}

impl Palette {
    pub fn from_css(css: &str) -> Palette {
        let [
            bg,
            fg,
            panel,
            line,
            accent,
            yes_bg,
            yes_fg,
            part_bg,
            part_fg,
            no_bg,
            no_fg,
            unk_bg,
            unk_fg,
        ] = DEFAULTS.map(|(name, default)| property(css, name).unwrap_or_else(|| default.into()));
        Palette {
            bg,
            fg,
            panel,
            line,
            accent,
            yes_bg,
            yes_fg,
            part_bg,
            part_fg,
            no_bg,
            no_fg,
            unk_bg,
            unk_fg,
        }
    }

    /// The palette of a theme (its `style.css`).
    pub fn of_theme(theme: &crate::theme::Theme) -> Palette {
        let css = theme
            .assets
            .iter()
            .find(|a| a.name == "style.css")
            .map(|a| String::from_utf8_lossy(&a.bytes).into_owned())
            .unwrap_or_default();
        Palette::from_css(&css)
    }

    /// (background, text) of a verdict's square.
    fn verdict(&self, verdict: &str) -> (&str, &str) {
        match verdict {
            "yes" => (&self.yes_bg, &self.yes_fg),
            "partially" => (&self.part_bg, &self.part_fg),
            "no" => (&self.no_bg, &self.no_fg),
            _ => (&self.unk_bg, &self.unk_fg),
        }
    }
}

/// Label of the documentation badge's left half.
pub const LABEL: &str = "BenchmarkCard";

/// Pixels per character of 11 px sans-serif text, generously: the text is
/// also fitted with `textLength`, so this only sets the badge's width.
const CHAR_WIDTH: usize = 7;

/// `badge.svg`'s data.
#[derive(Debug, Serialize)]
pub struct Badge {
    pub title: String,
    pub label: &'static str,
    pub text: String,
    pub label_width: usize,
    pub text_width: usize,
    pub width: usize,
}

/// The documentation badge: "assumptions documented: N/5 · contexts: M".
pub fn badge(cat: &Catalogue, card: &Card) -> Badge {
    let documented = super::listing::documented(cat, card);
    let contexts = cat
        .contexts
        .iter()
        .filter(|c| c.assessments.contains_key(&card.slug))
        .count();
    let text = format!(
        "assumptions documented: {documented}/{} · contexts: {contexts}",
        cat.registry.assumptions.len()
    );
    let label_width = LABEL.chars().count() * CHAR_WIDTH + 12;
    let text_width = text.chars().count() * CHAR_WIDTH + 12;
    Badge {
        title: format!("{}: {LABEL} with {text}", card.title),
        label: LABEL,
        text,
        label_width,
        text_width,
        width: label_width + text_width,
    }
}

/// One square of a verdict strip.
#[derive(Debug, Serialize)]
pub struct Square<'a> {
    pub x: usize,
    pub letter: &'static str,
    /// "Query authorship: Holds".
    pub title: String,
    pub fill: &'a str,
    pub ink: &'a str,
}

/// `strip.svg`'s data.
#[derive(Debug, Serialize)]
pub struct Strip<'a> {
    pub title: String,
    pub width: usize,
    pub squares: Vec<Square<'a>>,
}

/// Side of a square and the gap after it.
pub const SQUARE: usize = 20;
const GAP: usize = 2;

/// A card's verdicts in one context: a square per assumption, in the
/// registry's order.
pub fn strip<'a>(
    cat: &Catalogue,
    card: &Card,
    ctx: &Context,
    verdicts: &Verdicts,
    palette: &'a Palette,
) -> Strip<'a> {
    let squares: Vec<Square<'a>> = cat
        .registry
        .assumptions
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let cell = Cell::of(&a.id, verdicts.get(&a.id));
            let (fill, ink) = palette.verdict(cell.verdict);
            Square {
                x: i * (SQUARE + GAP),
                letter: cell.letter,
                title: format!("{}: {}", a.name, cell.label),
                fill,
                ink,
            }
        })
        .collect();
    let summary: Vec<&str> = squares.iter().map(|s| s.title.as_str()).collect();
    Strip {
        title: format!("{} in {}: {}", card.title, ctx.name, summary.join("; ")),
        width: (squares.len() * (SQUARE + GAP)).saturating_sub(GAP).max(1),
        squares,
    }
}

/// A badge as the card page shows it, with snippets to embed it elsewhere.
#[derive(Debug, Serialize)]
pub struct BadgeItem {
    /// "Documentation" or the context's name.
    pub label: String,
    /// Anchor-safe id of the snippets' `<pre>` blocks.
    pub id: String,
    /// The image's link on this site.
    pub src: String,
    pub alt: String,
    pub markdown: String,
    /// The HTML snippet, rendered by `partials/badge_embed.html`.
    pub html: String,
}

/// Markdown image text: brackets and backslashes escaped.
pub fn markdown_alt(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '[' | ']' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A link inside Markdown's `( )`: spaces and parentheses encoded.
pub fn markdown_url(s: &str) -> String {
    s.replace(' ', "%20")
        .replace('(', "%28")
        .replace(')', "%29")
}
