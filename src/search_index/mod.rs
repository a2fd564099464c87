//! Stage 4b — index: the tantivy search index shipped with the site, in
//! `<output>/search/`: one merged segment under content-hashed names, a
//! small manifest, and a tiny title index for instant first results.

use crate::load::content::ContentPage;
use crate::model::Catalogue;
use crate::output::OutFile;
use cardsite_search::{Doc, SCHEMA_VERSION};
use serde::Serialize;
use std::path::PathBuf;

/// The manifest the browser, CLI and server read first.
#[derive(Debug, Serialize, serde::Deserialize, PartialEq)]
pub struct Manifest {
    pub schema_version: u32,
    /// Hash over all files; changes whenever the index does.
    pub build: String,
    pub documents: usize,
    /// Index file name (as tantivy named it) → published file name.
    pub files: Vec<ManifestFile>,
    /// Published name of the title index.
    pub titles: String,
}

#[derive(Debug, Serialize, serde::Deserialize, PartialEq)]
pub struct ManifestFile {
    pub name: String,
    pub path: String,
    pub size: usize,
}

fn facet_part(s: &str) -> String {
    s.replace('/', "-")
}

/// One document per card and per content page, made one at a time (the
/// writer takes each as it comes, so they are never all held at once).
pub fn documents<'a>(
    cat: &'a Catalogue,
    content: &'a [ContentPage],
) -> impl Iterator<Item = Doc> + 'a {
    cat.cards
        .iter()
        .map(|c| card_document(cat, c))
        .chain(content.iter().map(page_document))
}

fn card_document(cat: &Catalogue, c: &crate::model::Card) -> Doc {
    let mut facets = vec!["/kind/benchmark".to_string()];
    facets.extend(
        c.domains
            .iter()
            .map(|d| format!("/domain/{}", facet_part(d))),
    );
    if let Some(y) = c.year {
        facets.push(format!("/year/{y}"));
    }
    for (id, a) in &c.answers {
        if let Some(cat_id) = &a.category {
            facets.push(format!("/category/{id}/{}", facet_part(cat_id)));
        }
    }
    let mut reasons = String::new();
    for ctx in &cat.contexts {
        if let Some(cells) = ctx.assessments.get(&c.slug) {
            for (id, cell) in cells {
                facets.push(format!(
                    "/verdict/{}:{id}/{}",
                    ctx.id,
                    cell.verdict.as_str()
                ));
                reasons.push_str(&cell.reason);
                reasons.push('\n');
            }
        }
    }
    let answers: Vec<&str> = c.answers.values().map(|a| a.text.as_str()).collect();
    Doc {
        url: crate::routes::Route::Card(&c.slug).path().into_owned(),
        kind: "benchmark".into(),
        title: c.title.clone(),
        name: c.benchmark_name.clone(),
        excerpt: c
            .summary
            .clone()
            .or_else(|| c.intended_use.clone())
            .unwrap_or_default(),
        answers: answers.join("\n"),
        reasons,
        citation: c.citation.clone(),
        tags: c.tags.clone(),
        domains: c.domains.clone(),
        body: [
            c.intended_use.as_deref().unwrap_or(""),
            c.notes.as_deref().unwrap_or(""),
        ]
        .join("\n"),
        keys: vec![c.slug.clone(), c.benchmark_name.clone(), c.title.clone()],
        facets,
    }
}

fn page_document(p: &ContentPage) -> Doc {
    Doc {
        url: crate::routes::Route::Page(&p.slug).path().into_owned(),
        kind: "page".into(),
        title: p.title.clone(),
        excerpt: p.text.chars().take(300).collect(),
        body: p.text.clone(),
        facets: vec!["/kind/page".into()],
        ..Doc::default()
    }
}

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
struct QuickBuilder {
    docs: Vec<(String, String, String)>,
    /// Per word: documents with it in the title or name, and the others.
    words: std::collections::BTreeMap<String, (Vec<u32>, Vec<u32>)>,
}

impl QuickBuilder {
    fn add(&mut self, d: &Doc) {
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

    fn finish(self) -> QuickIndex {
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

/// Writes the index; returns the files to publish under `search/`.
/// Why the search index could not be written or opened.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    #[error("{0}")]
    Engine(String),
    #[error("{file}: {source}")]
    Json {
        file: String,
        #[source]
        source: serde_json::Error,
    },
    #[error("{}: {source}", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("index schema v{found} is not v{SCHEMA_VERSION}")]
    Version { found: u32 },
}

fn json_err(file: &str) -> impl FnOnce(serde_json::Error) -> IndexError + '_ {
    move |source| IndexError::Json {
        file: file.to_string(),
        source,
    }
}

pub fn search_files(docs: impl Iterator<Item = Doc>) -> Result<Vec<OutFile>, IndexError> {
    let mut quick = QuickBuilder::default();
    let files = cardsite_search::write_index(docs.inspect(|d| quick.add(d)))
        .map_err(|e| IndexError::Engine(e.to_string()))?;
    let quick = quick.finish();
    let mut out = Vec::new();
    let mut manifest_files = Vec::new();
    let mut all = Vec::new();
    for (name, bytes) in files {
        let hash = crate::hash::content_hash(&bytes);
        let path = format!(
            "v{SCHEMA_VERSION}-{hash}-{}",
            name.replace(['/', '\\'], "_")
        );
        all.extend_from_slice(hash.as_bytes());
        manifest_files.push(ManifestFile {
            name,
            path: path.clone(),
            size: bytes.len(),
        });
        out.push(OutFile {
            path: PathBuf::from("search").join(&path),
            bytes,
        });
    }
    let titles = serde_json::to_vec(&quick).map_err(json_err("titles.json"))?;
    // A fixed name: every page links it before the manifest is read.
    let titles_name = "titles.json".to_string();
    all.extend_from_slice(titles_name.as_bytes());
    out.push(OutFile {
        path: PathBuf::from("search").join(&titles_name),
        bytes: titles,
    });
    let manifest = Manifest {
        schema_version: SCHEMA_VERSION,
        build: crate::hash::content_hash(&all),
        documents: quick.docs.len(),
        files: manifest_files,
        titles: titles_name,
    };
    out.push(OutFile {
        path: PathBuf::from("search/manifest.json"),
        bytes: serde_json::to_vec_pretty(&manifest).map_err(json_err("manifest.json"))?,
    });
    Ok(out)
}

/// Reads the index published in `output/search`.
pub fn open(output: &std::path::Path) -> Result<(Manifest, cardsite_search::Engine), IndexError> {
    let dir = output.join("search");
    let read =
        |path: PathBuf| std::fs::read(&path).map_err(|source| IndexError::Read { path, source });
    let manifest: Manifest = serde_json::from_slice(&read(dir.join("manifest.json"))?)
        .map_err(json_err("manifest.json"))?;
    if manifest.schema_version != SCHEMA_VERSION {
        return Err(IndexError::Version {
            found: manifest.schema_version,
        });
    }
    let mut files = Vec::new();
    for f in &manifest.files {
        files.push((f.name.clone(), read(dir.join(&f.path))?));
    }
    let engine =
        cardsite_search::Engine::open(files).map_err(|e| IndexError::Engine(e.to_string()))?;
    Ok((manifest, engine))
}
