//! Hits and filter counts in one pass over the documents the query's text
//! matches (the filters left out of the query itself).
//!
//! Each document's facets are read once. A document that is in every chosen
//! group (one of the group's filters among its facets) is a hit: it goes to
//! the inner collector (top hits, total) and every facet it has is counted.
//! A document missing exactly one group `g` counts only toward `g`'s own
//! values: that is the query with `g`'s filters left out, the usual rule for
//! disjunctive facets, without a pass per group. A document missing two
//! groups counts for nothing.

use std::collections::BTreeMap;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, ColumnValues, StrColumn};
use tantivy::schema::Facet;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

/// Every facet of the counted documents with its count, in facet order.
pub(crate) type Leaves = Vec<(Facet, u64)>;

/// More values than this on one document is a damaged read (a chunk not
/// fetched yet reads as zeros); the attempt is retried once it is in.
const MAX_FACETS_PER_DOC: usize = 4096;

/// Wraps `inner` (which sees only the hits) and counts facets.
/// Without `count` it only filters: no facet is counted or named.
pub(crate) struct Disjunctive<'a, C> {
    pub inner: C,
    /// The chosen filters, group by group.
    pub groups: &'a super::Groups,
    pub count: bool,
}

/// A chosen group, resolved in one segment's facet dictionary.
struct Group {
    /// The ordinals of the group's values (its facets sort together).
    range: std::ops::Range<u64>,
    /// The ordinals each chosen filter matches: the facet and the facets
    /// below it (a filter `/kind` matches every `/kind/…`).
    chosen: Vec<std::ops::Range<u64>>,
}

/// At most this many groups with filters at once (a bit each).
const MAX_GROUPS: usize = 64;

pub(crate) struct DisjunctiveSegment<C> {
    inner: C,
    column: StrColumn,
    ords: Column<u64>,
    groups: Vec<Group>,
    /// Every group's bit.
    all: u64,
    /// The ordinals some filter matches start here…
    first: u64,
    /// …and each maps to the groups whose filters match it.
    matches: Vec<u64>,
    values: Vec<u64>,
    counts: Vec<u64>,
}

/// Bounds of the keys below `facet` in the facet dictionary (the separator
/// is byte 0), with or without the facet itself.
fn bounds(facet: &Facet, with_itself: bool) -> (Vec<u8>, Vec<u8>) {
    let key = facet.encoded_str().as_bytes();
    let mut lo = key.to_vec();
    if !with_itself {
        lo.push(0);
    }
    let mut hi = key.to_vec();
    hi.push(1);
    (lo, hi)
}

impl<C: Collector> Collector for Disjunctive<'_, C> {
    type Fruit = (C::Fruit, Leaves);
    type Child = DisjunctiveSegment<C::Child>;

    fn for_segment(
        &self,
        ordinal: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<Self::Child> {
        let column = segment.fast_fields().str("facets")?.ok_or_else(|| {
            tantivy::TantivyError::SchemaError("the index has no `facets` column".into())
        })?;
        let dict = column.dictionary();
        let ord_of = |key: &[u8]| -> tantivy::Result<u64> {
            use tantivy::columnar::TermOrdHit;
            Ok(match dict.term_ord_or_next(key)? {
                TermOrdHit::Exact(o) | TermOrdHit::Next(o) => o.min(dict.num_terms() as u64),
            })
        };
        if self.groups.len() > MAX_GROUPS {
            return Err(tantivy::TantivyError::InvalidArgument(format!(
                "at most {MAX_GROUPS} groups of filters at once"
            )));
        }
        let mut groups = Vec::with_capacity(self.groups.len());
        for (path, chosen) in self.groups {
            let group = Facet::from_text(path)
                .map_err(|e| tantivy::TantivyError::InvalidArgument(e.to_string()))?;
            let range = |f: &Facet, with_itself: bool| -> tantivy::Result<_> {
                let (lo, hi) = bounds(f, with_itself);
                Ok(ord_of(&lo)?..ord_of(&hi)?)
            };
            groups.push(Group {
                range: range(&group, false)?,
                chosen: chosen
                    .iter()
                    .map(|f| range(f, true))
                    .collect::<tantivy::Result<_>>()?,
            });
        }
        let chosen = || groups.iter().flat_map(|g| &g.chosen);
        let first = chosen().map(|r| r.start).min().unwrap_or(0);
        let end = chosen().map(|r| r.end).max().unwrap_or(0).max(first);
        let mut matches = vec![0u64; (end - first) as usize];
        for (bit, g) in groups.iter().enumerate() {
            for r in &g.chosen {
                for ord in r.clone() {
                    matches[(ord - first) as usize] |= 1 << bit;
                }
            }
        }
        Ok(DisjunctiveSegment {
            inner: self.inner.for_segment(ordinal, segment)?,
            ords: column.ords().clone(),
            counts: vec![0; if self.count { column.num_terms() } else { 0 }],
            all: match groups.len() {
                MAX_GROUPS => u64::MAX,
                n => (1 << n) - 1,
            },
            first,
            matches,
            groups,
            column,
            values: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        self.inner.requires_scoring()
    }

    fn merge_fruits(
        &self,
        segments: Vec<<Self::Child as SegmentCollector>::Fruit>,
    ) -> tantivy::Result<Self::Fruit> {
        let mut inner = Vec::with_capacity(segments.len());
        let mut all: BTreeMap<Facet, u64> = BTreeMap::new();
        for (fruit, leaves) in segments {
            inner.push(fruit);
            for (facet, count) in leaves {
                *all.entry(facet).or_default() += count;
            }
        }
        Ok((self.inner.merge_fruits(inner)?, all.into_iter().collect()))
    }
}

impl<C: SegmentCollector> SegmentCollector for DisjunctiveSegment<C> {
    type Fruit = (C::Fruit, Leaves);

    fn collect(&mut self, doc: DocId, score: Score) {
        let rows = self.ords.index.value_row_ids(doc);
        let n = rows.end.saturating_sub(rows.start) as usize;
        if n > MAX_FACETS_PER_DOC {
            return;
        }
        self.values.resize(n, 0);
        self.ords
            .values
            .get_range(rows.start as u64, &mut self.values);
        let mut inside = 0;
        if !self.matches.is_empty() {
            for &ord in &self.values {
                if let Some(m) = ord
                    .checked_sub(self.first)
                    .and_then(|i| self.matches.get(i as usize))
                {
                    inside |= m;
                }
            }
        }
        let outside = self.all & !inside;
        let only = match outside.count_ones() {
            0 => None,
            1 => Some(&self.groups[outside.trailing_zeros() as usize].range),
            _ => return,
        };
        if only.is_none() {
            self.inner.collect(doc, score);
        }
        if self.counts.is_empty() {
            return;
        }
        // A document's values are sorted; a facet added twice counts once.
        let mut previous = u64::MAX;
        for &ord in &self.values {
            if ord != previous
                && only.is_none_or(|r| r.contains(&ord))
                && let Some(c) = self.counts.get_mut(ord as usize)
            {
                *c += 1;
            }
            previous = ord;
        }
    }

    fn harvest(self) -> Self::Fruit {
        // Names only the facets counted, reading just their dictionary
        // blocks. A read that fails (a chunk not fetched yet) ends it; the
        // attempt is asked again once the chunk is in.
        let ords: Vec<u64> = (0..self.counts.len() as u64)
            .filter(|&o| self.counts[o as usize] > 0)
            .collect();
        let mut names = Vec::with_capacity(ords.len());
        let _ = self
            .column
            .dictionary()
            .sorted_ords_to_term_cb(&ords, |key| names.push(key.to_vec()));
        let leaves = ords
            .iter()
            .zip(names)
            .filter_map(|(&o, key)| {
                let facet = Facet::from_encoded(key).ok()?;
                Some((facet, self.counts[o as usize]))
            })
            .collect();
        (self.inner.harvest(), leaves)
    }
}
