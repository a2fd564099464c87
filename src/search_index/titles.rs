//! The title index: answers the first keystrokes while the engine loads.

use cardsite_search::Doc;
use serde::Serialize;

/// Most documents listed per word in the quick index.
const QUICK_POSTINGS: usize = 8;

/// The quick index answers the first keystrokes while the engine loads:
/// every document's title, URL and kind, and for each word of the titles,
/// names, tags, domains and excerpts, the first few documents holding it
/// (title matches first).
#[derive(Serialize)]
pub struct QuickIndex {
    pub docs: Vec<(String, String, String)>,
    pub words: std::collections::BTreeMap<String, Vec<u32>>,
}

fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 2)
        .map(str::to_lowercase)
}

/// Builds the quick index one document at a time.
#[derive(Default)]
pub struct QuickBuilder {
    docs: Vec<(String, String, String)>,
    /// Per word: documents with it in the title or name, and the others.
    words: std::collections::BTreeMap<String, (Vec<u32>, Vec<u32>)>,
}

impl QuickBuilder {
    pub fn add(&mut self, d: &Doc) {
        let i = self.docs.len() as u32;
        let mut seen = std::collections::HashSet::new();
        for w in words(&d.title).chain(words(&d.name)) {
            if seen.insert(w.clone()) {
                self.words.entry(w).or_default().0.push(i);
            }
        }
        let rest = [d.excerpt.as_str(), &d.tags.join(" "), &d.domains.join(" ")].join(" ");
        for w in words(&rest) {
            if seen.insert(w.clone()) {
                self.words.entry(w).or_default().1.push(i);
            }
        }
        self.docs
            .push((d.title.clone(), d.url.clone(), d.kind.clone()));
    }

    pub fn finish(self) -> QuickIndex {
        QuickIndex {
            docs: self.docs,
            words: self
                .words
                .into_iter()
                .map(|(w, (title, other))| {
                    (
                        w,
                        title
                            .into_iter()
                            .chain(other)
                            .take(QUICK_POSTINGS)
                            .collect(),
                    )
                })
                .collect(),
        }
    }
}
