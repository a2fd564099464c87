//! Writing the index (native only: tantivy's writer needs threads).

use crate::IndexFiles;
use crate::schema::{Doc, register_tokenizer, schema};
use tantivy::indexer::NoMergePolicy;
use tantivy::schema::Facet;
use tantivy::{Directory, Index, TantivyDocument};

/// The writer's memory budget. Larger catalogues are indexed as several
/// segments, merged into one at the end.
const BUDGET: usize = 50_000_000;

/// Indexes `docs` in memory as one segment and returns its files.
pub fn write_index(docs: impl IntoIterator<Item = Doc>) -> tantivy::Result<IndexFiles> {
    write_with_budget(docs, BUDGET)
}

fn write_with_budget(
    docs: impl IntoIterator<Item = Doc>,
    budget: usize,
) -> tantivy::Result<IndexFiles> {
    let (schema, f) = schema();
    let index = Index::create_in_ram(schema);
    register_tokenizer(&index);
    let mut writer = index.writer_with_num_threads::<TantivyDocument>(1, budget)?;
    // Segments are merged once, below, when everything is in: a background
    // merge running meanwhile would race that merge ("segments that were
    // merged could not be found") whenever the budget splits the index.
    writer.set_merge_policy(Box::new(NoMergePolicy));
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

#[cfg(test)]
mod tests {
    use super::*;

    /// An index larger than the writer's budget is written as several
    /// segments and merged into one that holds every document.
    #[test]
    fn indexes_beyond_the_budget_merge_into_one_segment() {
        let n = 1500;
        let docs = (0..n).map(|i| Doc {
            url: format!("benchmarks/b{i}/"),
            kind: "benchmark".into(),
            title: format!("Benchmark {i}"),
            reasons: (0..400).map(|w| format!("w{i}x{w} ")).collect(),
            ..Doc::default()
        });
        // 15 MB is the smallest budget tantivy accepts.
        let files = write_with_budget(docs, 15_000_000).unwrap();
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
