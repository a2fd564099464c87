//! Stage 4b — index: the tantivy search index shipped with the site, in
//! `<output>/search/`: one segment split into chunks the browser fetches on
//! demand (see `cardsite_search::chunked`), a small manifest naming the
//! build, the hot chunks in one file, and a title index for instant first
//! results.

use crate::load::content::ContentPage;
use crate::model::Catalogue;
use cardsite_search::{Doc, OwnedBytes, SCHEMA_VERSION};
use titles::QuickBuilder;

mod titles;
use serde::Serialize;
use std::path::PathBuf;

/// The manifest the browser, CLI and server read first.
#[derive(Debug, Serialize, serde::Deserialize, PartialEq)]
pub struct Manifest {
    pub schema_version: u32,
    /// Hash over all files; changes whenever the index does.
    pub build: String,
    pub documents: usize,
    /// The folder of the chunks, below `search/` (chunk `<name>` is
    /// `<chunks>/<name>.bin`).
    pub chunks: String,
    /// The hot chunks (every query reads them), back to back in one file.
    pub hot: String,
    /// The hot file's bytes, base64, when it is at most [`HOT_INLINE_MAX`]
    /// bytes: the browser then opens the engine without another round trip
    /// (the file is written all the same, for tabs of an older worker).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hot_inline: Option<String>,
    /// How the index is split into chunks.
    pub index: cardsite_search::ChunkMap,
    /// The title index's shard list, below `search/` (`titles/index.json`;
    /// shard `<key>` is `titles/<key>.json`, see `titles`). A fixed name:
    /// every page links it before the manifest is read.
    pub titles: String,
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
    facets.extend(c.tags.iter().map(|t| format!("/tag/{}", facet_part(t))));
    for (id, a) in &c.answers {
        if let Some(cat_id) = &a.category {
            facets.push(format!("/category/{id}/{}", facet_part(cat_id)));
        }
    }
    let mut reasons = String::new();
    let mut strip = Vec::new();
    for ctx in &cat.contexts {
        if let Some(cells) = ctx.assessments.get(&c.slug) {
            let row: String = cat
                .registry
                .assumptions
                .iter()
                .map(|a| match cells.get(&a.id) {
                    Some(cell) => cell.verdict.as_str().chars().next().unwrap_or('-'),
                    None => '-',
                })
                .collect();
            strip.push(format!("{}={row}", ctx.id));
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
        strip: strip.join(" "),
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

/// The published index: the manifest, the hot file, every chunk and the
/// title index, each by its path in the output.
pub struct IndexFile {
    pub path: PathBuf,
    pub bytes: OwnedBytes,
}

/// The largest hot file the manifest carries inline: 64 KiB, about 19 KB
/// at 5,000 cards and 161 KB at 50,000 (mostly field norms, a byte per
/// document and scored field), where a separate, cacheable file is better.
pub const HOT_INLINE_MAX: usize = 64 * 1024;

/// Where the title index's shards live, below `search/`.
pub const TITLES_DIR: &str = "titles";

/// Where the chunks live, below `search/`.
pub const CHUNK_DIR: &str = "c";

/// A chunk's path below `search/`.
pub fn chunk_path(name: &str) -> String {
    format!("{CHUNK_DIR}/{name}.bin")
}

/// Writes the index and splits it into chunks of `chunk_size` bytes.
pub fn search_files(
    docs: impl Iterator<Item = Doc>,
    chunk_size: usize,
) -> Result<Vec<IndexFile>, IndexError> {
    let mut quick = QuickBuilder::default();
    let files = cardsite_search::write_index(docs.inspect(|d| quick.add(d)))
        .map_err(|e| IndexError::Engine(e.to_string()))?;
    let cardsite_search::ChunkedIndex { map, chunks, hot } =
        cardsite_search::chunk_index(files, chunk_size)
            .map_err(|e| IndexError::Engine(e.to_string()))?;
    let mut out = Vec::with_capacity(chunks.len() + 3);
    let hot_name = format!(
        "v{SCHEMA_VERSION}-hot-{}.bin",
        crate::hash::content_hash(&hot)
    );
    let documents = quick.len();
    let (list, shards) = quick.finish();
    let mut all: Vec<u8> = map.meta.as_bytes().to_vec();
    for f in map.files.values() {
        all.extend_from_slice(f.hash.as_bytes());
    }
    let mut title_files = Vec::with_capacity(shards.len() + 1);
    for (key, shard) in &shards {
        let name = format!("{TITLES_DIR}/{key}.json");
        let bytes = serde_json::to_vec(shard).map_err(json_err(&name))?;
        all.extend_from_slice(name.as_bytes());
        all.extend_from_slice(crate::hash::content_hash(&bytes).as_bytes());
        title_files.push((name, bytes));
    }
    let titles_name = format!("{TITLES_DIR}/index.json");
    title_files.push((
        titles_name.clone(),
        serde_json::to_vec(&list).map_err(json_err(&titles_name))?,
    ));
    let manifest = Manifest {
        schema_version: SCHEMA_VERSION,
        build: crate::hash::content_hash(&all),
        documents,
        chunks: CHUNK_DIR.to_string(),
        hot: hot_name.clone(),
        hot_inline: (hot.len() <= HOT_INLINE_MAX).then(|| {
            use base64::Engine as _;
            base64::engine::general_purpose::STANDARD.encode(&hot)
        }),
        index: map,
        titles: titles_name.clone(),
    };
    let search = PathBuf::from("search");
    out.push(IndexFile {
        path: search.join("manifest.json"),
        bytes: OwnedBytes::new(serde_json::to_vec(&manifest).map_err(json_err("manifest.json"))?),
    });
    out.push(IndexFile {
        path: search.join(&hot_name),
        bytes: OwnedBytes::new(hot),
    });
    // Fixed names: every page links the list before the manifest is read.
    out.extend(title_files.into_iter().map(|(name, bytes)| IndexFile {
        path: search.join(name),
        bytes: OwnedBytes::new(bytes),
    }));
    out.extend(chunks.into_iter().map(|c| IndexFile {
        path: search.join(chunk_path(&c.name)),
        bytes: c.bytes,
    }));
    Ok(out)
}

/// The index files, put back together from the chunks `get` reads (by
/// their path below `search/`).
pub fn assemble(
    manifest: &Manifest,
    mut get: impl FnMut(&str) -> Result<Vec<u8>, IndexError>,
) -> Result<cardsite_search::IndexFiles, IndexError> {
    let map = &manifest.index;
    let mut files = vec![("meta.json".to_string(), map.meta.as_bytes().to_vec())];
    for (name, f) in &map.files {
        let mut bytes = Vec::with_capacity(f.len);
        for i in 0..f.count(map.chunk_size) {
            bytes.extend_from_slice(f.payload(&get(&chunk_path(&f.chunk(i)))?));
        }
        files.push((name.clone(), bytes));
    }
    Ok(files)
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
    let files = assemble(&manifest, |p| read(dir.join(p)))?;
    let engine =
        cardsite_search::Engine::open(files).map_err(|e| IndexError::Engine(e.to_string()))?;
    Ok((manifest, engine))
}
