//! Filters and their counts. A filter is a facet path such as
//! `/domain/Cardiology` or `/verdict/er:interaction_type/no`; its *group* is
//! its parent (`/domain`, `/verdict/er:interaction_type`). Filters of one
//! group are alternatives (OR), groups must all hold (AND), and each group's
//! counts are computed without its own filters, so choosing one value never
//! hides the others of its group (the usual disjunctive-facet rule).

use crate::query::{Engine, FacetCount, SearchError};
use std::collections::BTreeMap;
use tantivy::collector::{Collector, FacetCollector, SegmentCollector};
use tantivy::fastfield::FacetReader;
use tantivy::query::{AllQuery, BooleanQuery, ConstScoreQuery, Occur, Query, TermQuery};
use tantivy::schema::{Facet, IndexRecordOption};
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

/// Facet roots offered as filters, with counts.
pub(crate) const FACET_ROOTS: &[&str] =
    &["/kind", "/domain", "/year", "/tag", "/category", "/verdict"];
/// Roots whose facets have a group level (assumption, or context:assumption).
pub(crate) const NESTED_ROOTS: &[&str] = &["/category", "/verdict"];

/// A boolean query's clauses.
pub(crate) type Clauses = Vec<(Occur, Box<dyn Query>)>;

/// Filters by group (the group's facet path → its chosen facets).
pub(crate) type Groups = BTreeMap<String, Vec<Facet>>;

/// The group of a filter: its parent facet (a root filter is its own group).
pub fn filter_group(filter: &str) -> Result<String, SearchError> {
    let facet = parse(filter)?;
    let path = facet.to_path();
    Ok(match path.len() {
        0 | 1 => facet.to_string(),
        n => Facet::from_path(&path[..n - 1]).to_string(),
    })
}

fn parse(filter: &str) -> Result<Facet, SearchError> {
    Facet::from_text(filter)
        .ok()
        .filter(|f| !f.is_root())
        .ok_or_else(|| SearchError::Query(format!("not a filter: `{filter}`")))
}

/// Groups `filters` (duplicates dropped).
pub(crate) fn groups(filters: &[String]) -> Result<Groups, SearchError> {
    let mut out = Groups::new();
    for f in filters {
        let facet = parse(f)?;
        let values = out.entry(filter_group(f)?).or_default();
        if !values.contains(&facet) {
            values.push(facet);
        }
    }
    Ok(out)
}

impl Engine {
    /// One clause per group (except `skip`): any of its facets. Filters
    /// narrow, they do not rank: their score is zero.
    pub(crate) fn filter_clauses(&self, groups: &Groups, skip: Option<&str>) -> Clauses {
        groups
            .iter()
            .filter(|(g, _)| Some(g.as_str()) != skip)
            .map(|(_, facets)| {
                let any: Vec<(Occur, Box<dyn Query>)> = facets
                    .iter()
                    .map(|f| {
                        let q: Box<dyn Query> = Box::new(TermQuery::new(
                            tantivy::Term::from_facet(self.fields.facets, f),
                            IndexRecordOption::Basic,
                        ));
                        (Occur::Should, q)
                    })
                    .collect();
                let q: Box<dyn Query> =
                    Box::new(ConstScoreQuery::new(Box::new(BooleanQuery::new(any)), 0.0));
                (Occur::Must, q)
            })
            .collect()
    }

    /// The query without `skip`'s filters (everything when nothing is left).
    fn query_without(&self, text: &Clauses, groups: &Groups, skip: &str) -> Box<dyn Query> {
        let mut must: Vec<(Occur, Box<dyn Query>)> =
            text.iter().map(|(o, q)| (*o, q.box_clone())).collect();
        must.extend(self.filter_clauses(groups, Some(skip)));
        if must.is_empty() {
            Box::new(AllQuery)
        } else {
            Box::new(BooleanQuery::new(must))
        }
    }

    /// Counts per facet value, from `leaves` (every facet of the documents
    /// the whole query matches, counted once per document); a group with
    /// chosen filters is counted again over the query without them. Order:
    /// the flat roots' values (`/kind`, `/domain`, `/year`, `/tag`), then
    /// the groups below /category and /verdict, sorted.
    pub(crate) fn facet_counts(
        &self,
        searcher: &tantivy::Searcher,
        leaves: &[(Facet, u64)],
        text: &Clauses,
        groups: &Groups,
    ) -> Result<Vec<FacetCount>, SearchError> {
        // Each value with its group (its parent path).
        let leaves: Vec<(String, u64)> = leaves
            .iter()
            .map(|(f, count)| (f.to_string(), *count))
            .collect();
        let parents: Vec<String> = leaves
            .iter()
            .map(|(s, _)| s.rfind('/').map_or("", |i| &s[..i]).to_string())
            .collect();
        let under = |group: &str, out: &mut Vec<FacetCount>| {
            out.extend(
                leaves
                    .iter()
                    .zip(&parents)
                    .filter(|(_, p)| p.as_str() == group)
                    .map(|((facet, count), _)| FacetCount {
                        facet: facet.clone(),
                        count: *count,
                    }),
            );
        };
        let mut out = Vec::new();
        let mut nested: Vec<String> = Vec::new();
        for root in FACET_ROOTS {
            if NESTED_ROOTS.contains(root) {
                let prefix = format!("{root}/");
                nested.extend(parents.iter().filter(|g| g.starts_with(&prefix)).cloned());
            } else if groups.contains_key(*root) {
                self.count_group(searcher, text, groups, root, &mut out)?;
            } else {
                under(root, &mut out);
            }
        }
        // Chosen nested groups are counted on their own, even when the
        // other filters leave none of their values.
        nested.extend(
            groups
                .keys()
                .filter(|g| NESTED_ROOTS.iter().any(|r| g.starts_with(&format!("{r}/"))))
                .cloned(),
        );
        // In facet order (as tantivy sorts them), each group once: its
        // values come in a run, so most repeats go before the sort.
        nested.dedup();
        nested.sort_by_cached_key(|g| {
            Facet::from_text(g)
                .map(|f| f.encoded_str().to_string())
                .unwrap_or_default()
        });
        nested.dedup();
        for g in &nested {
            if groups.contains_key(g) {
                self.count_group(searcher, text, groups, g, &mut out)?;
            } else {
                under(g, &mut out);
            }
        }
        Ok(out)
    }

    /// Counts `group`'s values over the query without its own filters.
    fn count_group(
        &self,
        searcher: &tantivy::Searcher,
        text: &Clauses,
        groups: &Groups,
        group: &str,
        out: &mut Vec<FacetCount>,
    ) -> Result<(), SearchError> {
        let q = self.query_without(text, groups, group);
        let mut c = FacetCollector::for_field("facets");
        c.add_facet(Facet::from_text(group).map_err(|e| SearchError::Query(e.to_string()))?);
        let counts = searcher
            .search(&*q, &c)
            .map_err(|e| SearchError::Index(e.to_string()))?;
        out.extend(counts.get(group).map(|(f, count)| FacetCount {
            facet: f.to_string(),
            count,
        }));
        Ok(())
    }
}

/// Counts every facet of the matching documents, each once per document:
/// what [`Engine::facet_counts`] groups. One pass, inside the query's own
/// (tantivy's `FacetCollector` needs a pass per level of the facet tree).
pub(crate) struct LeafCounts;

pub(crate) struct LeafSegmentCounts {
    reader: FacetReader,
    counts: Vec<u64>,
}

impl Collector for LeafCounts {
    type Fruit = Vec<(Facet, u64)>;
    type Child = LeafSegmentCounts;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<LeafSegmentCounts> {
        let reader = segment.facet_reader("facets")?;
        let counts = vec![0; reader.num_facets()];
        Ok(LeafSegmentCounts { reader, counts })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, segments: Vec<Vec<(Facet, u64)>>) -> tantivy::Result<Self::Fruit> {
        let mut all: BTreeMap<Facet, u64> = BTreeMap::new();
        for (facet, count) in segments.into_iter().flatten() {
            *all.entry(facet).or_default() += count;
        }
        Ok(all.into_iter().collect())
    }
}

impl SegmentCollector for LeafSegmentCounts {
    type Fruit = Vec<(Facet, u64)>;

    fn collect(&mut self, doc: DocId, _: Score) {
        let mut previous = u64::MAX;
        for ord in self.reader.facet_ords(doc) {
            if ord != previous {
                self.counts[ord as usize] += 1;
            }
            previous = ord;
        }
    }

    fn harvest(self) -> Self::Fruit {
        // One walk through the facet dictionary (looking each ordinal up
        // decodes its block again: at 5,000 cards that cost more than the
        // counting). A read that fails (a chunk not fetched yet) ends the
        // walk; the attempt is asked again once the chunk is in.
        let mut out = Vec::new();
        let Ok(mut terms) = self.reader.facet_dict().stream() else {
            return out;
        };
        while terms.advance() {
            let count = self
                .counts
                .get(terms.term_ord() as usize)
                .copied()
                .unwrap_or(0);
            if count > 0
                && let Ok(facet) = Facet::from_encoded(terms.key().to_vec())
            {
                out.push((facet, count));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests;
