//! Writing the index (native only; the browser engine only reads).

use crate::IndexFiles;
use crate::schema::{Doc, register_tokenizer, schema};
use tantivy::directory::RamDirectory;
use tantivy::schema::Facet;
use tantivy::{Directory, Index, IndexSettings, TantivyDocument};

/// Sizes the writer's tables (the smallest tantivy accepts). The writer
/// grows past it rather than splitting the index: the catalogue is indexed
/// as one segment.
const BUDGET: usize = 15_000_000;

/// Stored documents are compressed in blocks of about this many bytes. A
/// browser reads whole blocks for each hit it shows, so they are small
/// (tantivy's default is 16 KiB); see docs/search.md for the measurement.
pub const DOCSTORE_BLOCK: usize = 4096;

/// Indexes `docs` in memory as one segment and returns its files.
///
/// A single-segment writer (public in tantivy, though left out of its docs)
/// indexes on the calling thread: tantivy's
/// `IndexWriter` queues up to 10,000 documents for its own indexing thread
/// (at 10,000 cards that queue held the whole catalogue, ~50 MB) and then
/// needs a merge whenever its budget splits the index.
pub fn write_index(docs: impl IntoIterator<Item = Doc>) -> tantivy::Result<IndexFiles> {
    let (schema, f) = schema();
    // The analyzer is registered on a throwaway index, whose tokenizer
    // manager the writer's index then shares.
    let tokenizers = {
        let scratch = Index::create_in_ram(schema.clone());
        register_tokenizer(&scratch);
        scratch.tokenizers().clone()
    };
    let mut writer = Index::builder()
        .schema(schema)
        .tokenizers(tokenizers)
        .settings(IndexSettings {
            docstore_blocksize: DOCSTORE_BLOCK,
            ..IndexSettings::default()
        })
        .single_segment_index_writer::<TantivyDocument>(RamDirectory::create(), BUDGET)?;
    for d in docs {
        let mut doc = TantivyDocument::default();
        doc.add_text(f.url, &d.url);
        doc.add_text(f.kind, &d.kind);
        doc.add_text(f.title, &d.title);
        doc.add_text(f.name, &d.name);
        doc.add_text(f.excerpt, &d.excerpt);
        doc.add_text(f.answers, &d.answers);
        doc.add_text(f.reasons, &d.reasons);
        doc.add_text(f.citation, &d.citation);
        for t in &d.tags {
            doc.add_text(f.tags, t);
        }
        for t in &d.domains {
            doc.add_text(f.domains, t);
        }
        doc.add_text(f.body, &d.body);
        for text in [
            &d.title,
            &d.name,
            &d.excerpt,
            &d.answers,
            &d.reasons,
            &d.citation,
        ]
        .into_iter()
        .chain(&d.tags)
        .chain(&d.domains)
        .chain([&d.body])
        {
            doc.add_text(f.all, text);
        }
        for k in &d.keys {
            doc.add_text(f.keys, k.to_lowercase());
        }
        if !d.strip.is_empty() {
            doc.add_text(f.strip, &d.strip);
        }
        for p in &d.facets {
            if let Ok(facet) = Facet::from_text(p) {
                doc.add_facet(f.facets, facet);
            }
        }
        writer.add_document(doc)?;
    }
    let index = writer.finalize()?;
    let dir = index.directory();
    let mut names: Vec<String> = dir
        .list_managed_files()
        .into_iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    names.push("meta.json".into());
    names.sort();
    names.dedup();
    let mut files = Vec::new();
    for name in names {
        let path = std::path::Path::new(&name);
        if !dir.exists(path).unwrap_or(false) || name.ends_with(".lock") || name == ".managed.json"
        {
            continue;
        }
        let internal =
            |e: String| tantivy::TantivyError::InternalError(format!("reading {name}: {e}"));
        // Raw bytes, footers included (open_read would check and strip them).
        let bytes = dir.atomic_read(path).map_err(|e| internal(e.to_string()))?;
        files.push((name.clone(), bytes));
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An index larger than the writer's budget is still one segment that
    /// holds every document.
    #[test]
    fn indexes_beyond_the_budget_are_one_complete_segment() {
        let n = 1500;
        let docs = (0..n).map(|i| Doc {
            url: format!("benchmarks/b{i}/"),
            kind: "benchmark".into(),
            title: format!("Benchmark {i}"),
            reasons: (0..400).map(|w| format!("w{i}x{w} ")).collect(),
            ..Doc::default()
        });
        let files = write_index(docs).unwrap();
        let segments = files.iter().filter(|(n, _)| n.ends_with(".idx")).count();
        assert_eq!(
            segments,
            1,
            "{:?}",
            files.iter().map(|f| &f.0).collect::<Vec<_>>()
        );
        let engine = crate::Engine::open(files).unwrap();
        assert_eq!(engine.search("benchmark", 5, &[]).unwrap().total, n);
        assert_eq!(engine.search("w1499x399", 5, &[]).unwrap().total, 1);
    }
}
