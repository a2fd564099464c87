//! Writing the index (native only: tantivy's writer needs threads).

use crate::IndexFiles;
use crate::schema::{Doc, register_tokenizer, schema};
use tantivy::schema::Facet;
use tantivy::{Directory, Index, TantivyDocument};

/// Indexes `docs` in memory as one segment and returns its files.
pub fn write_index(docs: impl IntoIterator<Item = Doc>) -> tantivy::Result<IndexFiles> {
    let (schema, f) = schema();
    let index = Index::create_in_ram(schema);
    register_tokenizer(&index);
    let mut writer = index.writer_with_num_threads::<TantivyDocument>(1, 50_000_000)?;
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
        for p in &d.facets {
            if let Ok(facet) = Facet::from_text(p) {
                doc.add_facet(f.facets, facet);
            }
        }
        writer.add_document(doc)?;
    }
    writer.commit()?;
    let ids = index.searchable_segment_ids()?;
    if ids.len() > 1 {
        writer.merge(&ids).wait()?;
    }
    writer.wait_merging_threads()?;
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
