//! Opening an index from its files and answering queries.

use crate::IndexFiles;
use crate::schema::{Fields, TOKENIZER, register_tokenizer, schema};
use serde::Serialize;
use std::path::Path;
use tantivy::collector::{Count, TopDocs};
use tantivy::directory::RamDirectory;
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, FuzzyTermQuery, Occur, Query, QueryParser,
    TermQuery,
};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::snippet::SnippetGenerator;
use tantivy::{Directory, Index, IndexReader, ReloadPolicy, TantivyDocument, Term};

mod prefix;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Snippet {
    pub text: String,
    /// Byte ranges of `text` to highlight.
    pub highlights: Vec<(usize, usize)>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    pub url: String,
    pub title: String,
    pub kind: String,
    pub score: f32,
    pub snippet: Snippet,
    /// The card's verdict strip (see [`crate::Doc::strip`]); empty for
    /// pages and for cards no context assesses.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub strip: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FacetCount {
    pub facet: String,
    pub count: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Results {
    pub total: usize,
    pub hits: Vec<Hit>,
    /// Counts per facet value, for filters: among all matches, except
    /// that a group with chosen filters is counted without them.
    pub facets: Vec<FacetCount>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum SearchError {
    /// The index files are missing or unreadable.
    Index(String),
    /// The query could not be parsed; the message says why.
    Query(String),
}

impl std::fmt::Display for SearchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SearchError::Index(m) => write!(f, "search index unusable: {m}"),
            SearchError::Query(m) => write!(f, "{m}"),
        }
    }
}

impl std::error::Error for SearchError {}

pub struct Engine {
    pub(crate) index: Index,
    pub(crate) reader: IndexReader,
    pub(crate) fields: Fields,
    /// The chunks, for an index read on demand (see `chunked`).
    pub(crate) source: Option<std::sync::Arc<crate::chunked::ChunkSource>>,
}

impl Engine {
    /// Opens an index from its files (as written by `write_index`).
    pub fn open(files: IndexFiles) -> Result<Engine, SearchError> {
        let dir = RamDirectory::create();
        for (name, bytes) in &files {
            dir.atomic_write(Path::new(name), bytes)
                .map_err(|e| SearchError::Index(e.to_string()))?;
        }
        Engine::open_index(
            Index::open(dir).map_err(|e| SearchError::Index(e.to_string()))?,
            None,
        )
    }

    /// Opens an index, remembering its chunk source when it has one.
    pub(crate) fn open_index(
        index: Index,
        source: Option<std::sync::Arc<crate::chunked::ChunkSource>>,
    ) -> Result<Engine, SearchError> {
        // Never query an index whose schema differs from ours (fields would
        // point at the wrong columns).
        if index.schema() != schema().0 {
            return Err(SearchError::Index(
                "the index was built by another version of cardsite; rebuild the site".into(),
            ));
        }
        register_tokenizer(&index);
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(|e: tantivy::TantivyError| SearchError::Index(e.to_string()))?;
        Ok(Engine {
            index,
            reader,
            fields: schema().1,
            source,
        })
    }

    fn parser(&self) -> QueryParser {
        let f = &self.fields;
        let mut p =
            QueryParser::for_index(&self.index, f.weighted().iter().map(|(x, _)| *x).collect());
        for (field, boost) in f.weighted() {
            p.set_field_boost(field, boost);
        }
        p.set_conjunction_by_default();
        p
    }

    fn chunks_missing(&self) -> bool {
        self.source.as_ref().is_some_and(|s| s.has_missing())
    }

    /// The query's text part as one query (see [`Engine::text_clauses`]);
    /// an empty text matches everything, scoring zero, when there are
    /// filters to narrow it (filters are applied by the collector, see
    /// `facets::disjunctive`).
    pub(crate) fn text_query(
        &self,
        query: &str,
        filtered: bool,
    ) -> Result<Box<dyn Query>, SearchError> {
        let text = self.text_clauses(query)?;
        if !text.is_empty() {
            Ok(Box::new(BooleanQuery::new(text)))
        } else if filtered {
            Ok(Box::new(ConstScoreQuery::new(Box::new(AllQuery), 0.0)))
        } else {
            Err(SearchError::Query("type something to search for".into()))
        }
    }

    /// The clauses a query's text makes (none for an empty text).
    pub(crate) fn text_clauses(&self, query: &str) -> Result<crate::facets::Clauses, SearchError> {
        let text = query.trim();
        let mut must: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        if !text.is_empty() {
            let parsed = self
                .parser()
                .parse_query(text)
                .map_err(|e| SearchError::Query(explain(&e)))?;
            match self.expanded_prefix(query) {
                Some(prefix) => {
                    // Everything but the last word must match; the last word
                    // matches as typed (stemmed) or as a prefix.
                    let head = &text[..text.rfind(char::is_whitespace).map(|i| i + 1).unwrap_or(0)];
                    let mut last: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Should, parsed)];
                    for (field, boost) in self.fields.weighted() {
                        let q = FuzzyTermQuery::new_prefix(
                            Term::from_field_text(field, &prefix),
                            0,
                            true,
                        );
                        last.push((
                            Occur::Should,
                            Box::new(BoostQuery::new(Box::new(q), boost * 0.8)),
                        ));
                    }
                    let last = Box::new(BooleanQuery::new(last));
                    if head.trim().is_empty() {
                        must.push((Occur::Must, last));
                    } else {
                        let head_q = self
                            .parser()
                            .parse_query(head.trim())
                            .map_err(|e| SearchError::Query(explain(&e)))?;
                        let full = self
                            .parser()
                            .parse_query(text)
                            .map_err(|e| SearchError::Query(explain(&e)))?;
                        let prefixed =
                            BooleanQuery::new(vec![(Occur::Must, head_q), (Occur::Must, last)]);
                        must.push((
                            Occur::Must,
                            Box::new(BooleanQuery::new(vec![
                                (Occur::Should, full),
                                (Occur::Should, Box::new(prefixed)),
                            ])),
                        ));
                    }
                }
                None => must.push((Occur::Must, parsed)),
            }
            // A query that is exactly a benchmark's slug or name ranks it first.
            let key = Term::from_field_text(self.fields.keys, &text.to_lowercase());
            let exact: Box<dyn Query> = Box::new(BoostQuery::new(
                Box::new(TermQuery::new(key, IndexRecordOption::Basic)),
                20.0,
            ));
            let matched = must
                .pop()
                .map(|(_, q)| q)
                .unwrap_or_else(|| exact.box_clone());
            must.push((
                Occur::Must,
                Box::new(BooleanQuery::new(vec![
                    (Occur::Should, matched),
                    (Occur::Should, exact),
                ])),
            ));
        }
        Ok(must)
    }

    /// Runs a query with facet counts. Syntax: words (all must match),
    /// `"a phrase"`, `field:word` (title, name, excerpt, answers, reasons,
    /// citation, tags, domains, body), `-word`; the last word also matches as
    /// a prefix. `filters` are facet paths such as `/domain/Healthcare`:
    /// any of a group's (`/domain`), and every group (see `facets`).
    pub fn search(
        &self,
        query: &str,
        limit: usize,
        filters: &[String],
    ) -> Result<Results, SearchError> {
        self.search_with(query, limit, filters, true)
    }

    /// [`Engine::search`]; without `facets` the counts are skipped (the
    /// search-as-you-type box needs only the best hits, and quickly).
    pub fn search_with(
        &self,
        query: &str,
        limit: usize,
        filters: &[String],
        facets: bool,
    ) -> Result<Results, SearchError> {
        self.run(query, limit, filters, facets, true)
    }

    /// Runs a query; without `docs` the hits' stored documents are not read
    /// (their titles and snippets stay empty: for preloading).
    pub(crate) fn run(
        &self,
        query: &str,
        limit: usize,
        filters: &[String],
        facets: bool,
        docs: bool,
    ) -> Result<Results, SearchError> {
        let searcher = self.reader.searcher();
        let index_err = |e: tantivy::TantivyError| SearchError::Index(e.to_string());
        let top_docs = TopDocs::with_limit(limit.max(1)).order_by_score();
        let groups = crate::facets::groups(filters)?;
        let q = self.text_query(query, !groups.is_empty())?;
        let (top, total, facets) = if facets || !groups.is_empty() {
            // Filters and their counts in one pass over what the text
            // matches (see `facets::disjunctive`).
            let collector = crate::facets::disjunctive::Disjunctive {
                inner: (top_docs, Count),
                groups: &groups,
                count: facets,
            };
            let ((top, total), leaves) = searcher.search(&*q, &collector).map_err(index_err)?;
            (top, total, Self::facet_counts(&leaves, &groups))
        } else {
            // Neither: the facets are not read at all.
            let (top, total) = searcher
                .search(&*q, &(top_docs, Count))
                .map_err(index_err)?;
            (top, total, Vec::new())
        };
        // Plain queries search `all`; highlights need the same words as
        // terms of the excerpt field.
        let mut excerpt_parser = QueryParser::for_index(&self.index, vec![self.fields.excerpt]);
        excerpt_parser.set_conjunction_by_default();
        let (excerpt_q, _) = excerpt_parser.parse_query_lenient(query.trim());
        let mut snippets = SnippetGenerator::create(&searcher, &*excerpt_q, self.fields.excerpt)
            .map_err(index_err)?;
        snippets.set_max_num_chars(180);
        let top = if docs { top } else { Vec::new() };
        let mut hits = Vec::with_capacity(top.len());
        for (score, addr) in top {
            let doc: TantivyDocument = match searcher.doc(addr) {
                Ok(doc) => doc,
                // A chunked index lacks this document's block: note it and
                // go on, so one round fetches every block the page needs.
                Err(_) if self.chunks_missing() => continue,
                Err(e) => return Err(index_err(e)),
            };
            let text = |f| {
                doc.get_first(f)
                    .and_then(|v| v.as_str())
                    .unwrap_or("")
                    .to_string()
            };
            let s = snippets.snippet_from_doc(&doc);
            let snippet = if s.is_empty() {
                let excerpt = text(self.fields.excerpt);
                let cut = excerpt
                    .char_indices()
                    .nth(180)
                    .map(|(i, _)| i)
                    .unwrap_or(excerpt.len());
                Snippet {
                    text: excerpt[..cut].to_string(),
                    highlights: vec![],
                }
            } else {
                Snippet {
                    text: s.fragment().to_string(),
                    highlights: s.highlighted().iter().map(|r| (r.start, r.end)).collect(),
                }
            };
            hits.push(Hit {
                url: text(self.fields.url),
                title: text(self.fields.title),
                kind: text(self.fields.kind),
                score,
                snippet,
                strip: text(self.fields.strip),
            });
        }
        Ok(Results {
            total,
            hits,
            facets,
        })
    }

    /// The tokenizer name, for callers that want to check compatibility.
    pub fn tokenizer() -> &'static str {
        TOKENIZER
    }
}

fn explain(e: &tantivy::query::QueryParserError) -> String {
    use tantivy::query::QueryParserError as E;
    match e {
        E::SyntaxError(s) => format!(
            "cannot read the query ({s}); quote phrases with \"…\" and write fields as field:word"
        ),
        E::FieldDoesNotExist(f) => format!(
            "no field `{f}`; fields: title, name, excerpt, answers, reasons, citation, tags, domains, body"
        ),
        E::FieldDoesNotHavePositionsIndexed(f) => format!(
            "`{f}:` matches words, not phrases; search the phrase without `{f}:` (or in `title:`)"
        ),
        other => format!("cannot run the query: {other}"),
    }
}
