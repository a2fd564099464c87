//! Filters and their counts. A filter is a facet path such as
//! `/domain/Cardiology` or `/verdict/er:interaction_type/no`; its *group* is
//! its parent (`/domain`, `/verdict/er:interaction_type`). Filters of one
//! group are alternatives (OR), groups must all hold (AND), and each group's
//! counts are computed without its own filters, so choosing one value never
//! hides the others of its group (the usual disjunctive-facet rule).

use crate::query::{Engine, FacetCount, SearchError};
use std::collections::BTreeMap;
use tantivy::collector::FacetCollector;
use tantivy::query::{AllQuery, BooleanQuery, ConstScoreQuery, Occur, Query, TermQuery};
use tantivy::schema::{Facet, IndexRecordOption};

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

    /// Counts per facet value. `q` is the whole query (text and every
    /// filter) and `text` its text part; a group with chosen filters is
    /// counted again over the query without them. Facets are two levels
    /// deep below /category and /verdict: a first pass finds the groups, a
    /// second counts their values.
    pub(crate) fn facet_counts(
        &self,
        searcher: &tantivy::Searcher,
        q: &dyn Query,
        text: &Clauses,
        groups: &Groups,
    ) -> Result<Vec<FacetCount>, SearchError> {
        let index_err = |e: tantivy::TantivyError| SearchError::Index(e.to_string());
        let emit =
            |out: &mut Vec<FacetCount>, counts: &tantivy::collector::FacetCounts, g: &str| {
                out.extend(counts.get(g).map(|(f, count)| FacetCount {
                    facet: f.to_string(),
                    count,
                }));
            };
        let mut roots = FacetCollector::for_field("facets");
        for root in FACET_ROOTS {
            roots.add_facet(*root);
        }
        let counts = searcher.search(q, &roots).map_err(index_err)?;
        let mut out = Vec::new();
        let mut nested = Vec::new();
        for root in FACET_ROOTS {
            if NESTED_ROOTS.contains(root) {
                nested.extend(counts.get(*root).map(|(f, _)| f.clone()));
            } else if groups.contains_key(*root) {
                self.count_group(searcher, text, groups, root, &mut out)?;
            } else {
                emit(&mut out, &counts, root);
            }
        }
        // Chosen nested groups are counted on their own, even when the
        // other filters leave none of their values.
        for g in groups.keys() {
            let facet = Facet::from_text(g).map_err(|e| SearchError::Query(e.to_string()))?;
            if NESTED_ROOTS.iter().any(|r| g.starts_with(&format!("{r}/")))
                && !nested.contains(&facet)
            {
                nested.push(facet);
            }
        }
        nested.sort();
        let mut values = FacetCollector::for_field("facets");
        let mut plain = Vec::new();
        for g in &nested {
            let name = g.to_string();
            if !groups.contains_key(&name) {
                values.add_facet(g.clone());
                plain.push(name);
            }
        }
        let values = if plain.is_empty() {
            None
        } else {
            Some(searcher.search(q, &values).map_err(index_err)?)
        };
        for g in &nested {
            let name = g.to_string();
            match &values {
                Some(v) if plain.contains(&name) => emit(&mut out, v, &name),
                _ => self.count_group(searcher, text, groups, &name, &mut out)?,
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

#[cfg(test)]
mod tests;
