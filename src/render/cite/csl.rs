//! CSL-JSON and the formatted reference.

use super::{Author, Kind, Work};
use serde_json::{Value, json};

impl Work {
    /// The CSL-JSON array of this one item: a field a line, each value on
    /// its line.
    pub fn csl_json(&self) -> String {
        let date = |d: &str| -> Option<Value> {
            let parts: Vec<i32> = d.split('-').map_while(|p| p.parse().ok()).collect();
            (!parts.is_empty()).then(|| json!({ "date-parts": [parts] }))
        };
        let authors: Vec<Value> = self
            .authors
            .iter()
            .filter_map(|a| match a {
                Author::Person { family, given, .. } => Some(match given {
                    Some(g) => json!({"family": family, "given": g}),
                    None => json!({ "family": family }),
                }),
                Author::Literal(l) => Some(json!({ "literal": l })),
                Author::Others => None,
            })
            .collect();
        let kind = match self.kind {
            Kind::Article => "article-journal",
            Kind::Misc => "article",
            Kind::Note => "document",
            Kind::Webpage => "webpage",
            Kind::Dataset => "dataset",
        };
        let text = |s: &Option<String>| s.as_ref().map(|s| json!(s));
        let fields: [(&str, Option<Value>); 11] = [
            ("id", Some(json!(self.key))),
            ("type", Some(json!(kind))),
            ("title", Some(json!(self.title))),
            ("author", (!authors.is_empty()).then(|| json!(authors))),
            (
                "issued",
                match (&self.issued, self.year) {
                    (Some(d), _) => date(d),
                    (None, Some(y)) => date(&y.to_string()),
                    (None, None) => None,
                },
            ),
            ("container-title", text(&self.venue)),
            ("publisher", text(&self.publisher)),
            ("DOI", text(&self.doi)),
            ("URL", text(&self.url)),
            ("accessed", self.accessed.as_deref().and_then(date)),
            ("note", text(&self.note)),
        ];
        let lines: Vec<String> = fields
            .into_iter()
            .filter_map(|(k, v)| Some(format!("    {}: {}", json!(k), v?)))
            .collect();
        format!("[\n  {{\n{}\n  }}\n]", lines.join(",\n"))
    }

    /// A reference in the catalogue's style: "Jin D, Pan E. Title. Venue,
    /// 2021. doi:…". A note-only work is its note.
    pub fn formatted(&self) -> String {
        if let (Kind::Note, Some(n)) = (self.kind, &self.note) {
            return n.trim().to_string();
        }
        let mut pieces: Vec<String> = Vec::new();
        let names: Vec<&str> = self
            .authors
            .iter()
            .map(|a| match a {
                Author::Person { written, .. } => written.as_str(),
                Author::Literal(l) => l.as_str(),
                Author::Others => "et al.",
            })
            .collect();
        if !names.is_empty() {
            pieces.push(names.join(", "));
        }
        pieces.push(self.title.clone());
        let year = self.year.map(|y| y.to_string());
        let place: Vec<&str> = [self.venue.as_deref(), year.as_deref()]
            .into_iter()
            .flatten()
            .collect();
        if !place.is_empty() {
            pieces.push(place.join(", "));
        }
        if let Some(d) = &self.doi {
            pieces.push(format!("doi:{d}"));
        }
        if let Some(u) = &self.url {
            pieces.push(u.clone());
        }
        if let Some(d) = &self.accessed {
            pieces.push(format!("Accessed {d}"));
        }
        let mut out = String::new();
        for p in pieces {
            out.push_str(p.trim());
            if !out.ends_with(['.', '?', '!']) {
                out.push('.');
            }
            out.push(' ');
        }
        out.trim_end().to_string()
    }
}
