//! Filters and their counts. A filter is a facet path such as
//! `/domain/Cardiology` or `/verdict/er:interaction_type/no`; its *group* is
//! its parent (`/domain`, `/verdict/er:interaction_type`). Filters of one
//! group are alternatives (OR), groups must all hold (AND), and each group's
//! counts are computed without its own filters, so choosing one value never
//! hides the others of its group (the usual disjunctive-facet rule).

use crate::query::{Engine, FacetCount, SearchError};
use std::collections::BTreeMap;
use tantivy::query::{Occur, Query};
use tantivy::schema::Facet;

pub(crate) mod disjunctive;

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
    /// Counts per facet value, from `leaves` (see [`disjunctive`]: a
    /// group with chosen filters is counted over the query without them).
    /// Order: the flat roots' values (`/kind`, `/domain`, `/year`, `/tag`),
    /// then the groups below /category and /verdict, sorted.
    pub(crate) fn facet_counts(leaves: &[(Facet, u64)], groups: &Groups) -> Vec<FacetCount> {
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
            under(g, &mut out);
        }
        out
    }
}

#[cfg(test)]
mod tests;
