//! BibTeX: `@article` for a reference with a venue, `@misc` otherwise;
//! every field brace-balanced whatever the card says.

use super::{Author, Kind, Work};

/// Text in a BibTeX field: LaTeX's special characters spelled out, braces
/// as commands (so every entry stays brace-balanced), one line.
pub fn bib_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\textbackslash{}"),
            '{' => out.push_str("\\textbraceleft{}"),
            '}' => out.push_str("\\textbraceright{}"),
            '~' => out.push_str("\\textasciitilde{}"),
            '^' => out.push_str("\\textasciicircum{}"),
            '&' | '%' | '$' | '#' | '_' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_whitespace() => {
                if !out.ends_with(' ') {
                    out.push(' ')
                }
            }
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.trim().to_string()
}

/// A verbatim field (`url`, `doi`): no LaTeX escapes, but no braces,
/// backslashes or spaces either.
fn bib_verbatim(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.trim().chars() {
        match c {
            '{' => out.push_str("%7B"),
            '}' => out.push_str("%7D"),
            '\\' => out.push_str("%5C"),
            c if c.is_whitespace() || c.is_control() => out.push_str("%20"),
            c => out.push(c),
        }
    }
    out
}

/// A name part, braced when it holds the word "and" (BibTeX's separator).
fn bib_name_part(s: &str) -> String {
    let e = bib_escape(s);
    if e.split(' ').any(|w| w.eq_ignore_ascii_case("and")) {
        format!("{{{e}}}")
    } else {
        e
    }
}

impl Work {
    /// The BibTeX entry, ending in a newline.
    pub fn bibtex(&self) -> String {
        let mut fields: Vec<(&str, String)> = Vec::new();
        let mut names: Vec<String> = Vec::new();
        for a in &self.authors {
            match a {
                Author::Person { family, given, .. } => names.push(match given {
                    Some(g) => format!("{}, {}", bib_name_part(family), bib_name_part(g)),
                    None => bib_name_part(family),
                }),
                Author::Literal(l) => names.push(format!("{{{}}}", bib_escape(l))),
                Author::Others => {}
            }
        }
        if self.authors.contains(&Author::Others) {
            names.push("others".into());
        }
        if !names.is_empty() {
            fields.push(("author", names.join(" and ")));
        }
        fields.push(("title", format!("{{{}}}", bib_escape(&self.title))));
        if let Some(v) = &self.venue {
            let name = if self.kind == Kind::Article {
                "journal"
            } else {
                "howpublished"
            };
            fields.push((name, bib_escape(v)));
        }
        if let Some(p) = &self.publisher {
            fields.push(("publisher", format!("{{{}}}", bib_escape(p))));
        }
        if let Some(y) = self.year {
            fields.push(("year", y.to_string()));
        }
        if let Some(d) = &self.doi {
            fields.push(("doi", bib_verbatim(d)));
        }
        if let Some(u) = &self.url {
            fields.push(("url", bib_verbatim(u)));
        }
        if let Some(d) = &self.accessed {
            fields.push(("urldate", bib_escape(d)));
        }
        if let Some(n) = &self.note {
            fields.push(("note", bib_escape(n)));
        }
        let ty = if self.kind == Kind::Article {
            "article"
        } else {
            "misc"
        };
        let mut out = format!("@{ty}{{{},\n", self.key);
        for (name, value) in fields {
            out.push_str(&format!("  {name} = {{{value}}},\n"));
        }
        out.push_str("}\n");
        out
    }
}
