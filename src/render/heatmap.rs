//! Heatmap data: benchmarks × assumptions, per deployment context (verdicts)
//! and for designers (answer categories). Numbers are computed here; the
//! templates draw them as HTML tables styled by CSS.

use super::views::Cell;
use crate::model::{AssumptionKind, Catalogue, Context, Verdict};
use serde::Serialize;

#[derive(Serialize, Clone)]
pub struct Column {
    pub id: String,
    pub name: String,
    pub kind: &'static str,
    /// Share of assessed benchmarks where it holds (partially = half), e.g. "37.5".
    pub share: Option<String>,
    pub assessed: usize,
    pub not_assessed: usize,
}

#[derive(Serialize, Clone)]
pub struct Row<'a> {
    pub slug: &'a str,
    pub title: &'a str,
    pub year: Option<i32>,
    pub cells: Vec<Cell<'a>>,
    /// Gaps (does not hold = 1, partially = ½) among task / outcome assumptions.
    pub task_gaps: String,
    pub outcome_gaps: String,
    pub task_total: usize,
    pub outcome_total: usize,
    /// An imported card not yet reviewed: shown, but not counted in the shares.
    pub unreviewed: bool,
    #[serde(skip)]
    pub gap_score: f64,
    /// The title lower-cased, computed once for sorting.
    #[serde(skip)]
    pub sort_title: String,
    /// The card's index in the catalogue.
    #[serde(skip)]
    pub card: usize,
}

#[derive(Serialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Order {
    Gaps,
    Name,
    Year,
}

impl Order {
    pub const ALL: [Order; 3] = [Order::Gaps, Order::Name, Order::Year];
    /// Path under `/heatmaps/<context>/`.
    pub fn suffix(self) -> &'static str {
        match self {
            Order::Gaps => "",
            Order::Name => "by-name/",
            Order::Year => "by-year/",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Order::Gaps => "most gaps first",
            Order::Name => "by name",
            Order::Year => "by year",
        }
    }
}

/// One context's heatmap: its rows (most gaps first), borrowed from the
/// catalogue, and its column summaries.
pub struct Heatmap<'a> {
    pub context_id: &'a str,
    pub context_name: &'a str,
    pub columns: Vec<Column>,
    pub task_columns: usize,
    pub outcome_columns: usize,
    pub rows: Vec<Row<'a>>,
}

fn fmt_half(x: f64) -> String {
    if x.fract() == 0.0 {
        format!("{x:.0}")
    } else {
        format!("{x:.1}")
    }
}

/// The heatmap of one context: only the benchmarks assessed in it, most
/// gaps first.
pub fn context_heatmap<'a>(cat: &'a Catalogue, ctx: &'a Context) -> Heatmap<'a> {
    let assumptions = &cat.registry.assumptions;
    // Per column: the sum of scores and how many were assessed.
    let mut sums = vec![0.0f64; assumptions.len()];
    let mut counts = vec![0usize; assumptions.len()];
    let mut rows: Vec<Row> = Vec::new();
    let mut reviewed_rows = 0usize;
    for (card, c) in cat.cards.iter().enumerate() {
        let Some(verdicts) = ctx.assessments.get(&c.slug) else {
            continue;
        };
        let mut gaps = [0.0f64; 2];
        let mut totals = [0usize; 2];
        let mut cells = Vec::with_capacity(assumptions.len());
        let counted = c.is_reviewed();
        reviewed_rows += usize::from(counted);
        for (j, a) in assumptions.iter().enumerate() {
            let k = usize::from(a.kind == AssumptionKind::Outcome);
            totals[k] += 1;
            let x = verdicts.get(&a.id);
            if let Some(s) = x.and_then(|x| x.verdict.score()) {
                gaps[k] += 1.0 - s;
                if counted {
                    sums[j] += s;
                    counts[j] += 1;
                }
            }
            cells.push(Cell::of(&a.id, x));
        }
        rows.push(Row {
            slug: &c.slug,
            title: &c.title,
            year: c.year,
            cells,
            task_gaps: fmt_half(gaps[0]),
            outcome_gaps: fmt_half(gaps[1]),
            task_total: totals[0],
            outcome_total: totals[1],
            unreviewed: !counted,
            gap_score: gaps[0] + gaps[1],
            sort_title: c.title.to_lowercase(),
            card,
        });
    }
    rows.sort_by(|a, b| compare(a, b, Order::Gaps));
    let columns = assumptions
        .iter()
        .enumerate()
        .map(|(j, a)| Column {
            id: a.id.clone(),
            name: a.name.clone(),
            kind: a.kind.as_str(),
            share: (counts[j] > 0).then(|| format!("{:.0}", 100.0 * sums[j] / counts[j] as f64)),
            assessed: counts[j],
            not_assessed: reviewed_rows - counts[j],
        })
        .collect();
    Heatmap {
        context_id: &ctx.id,
        context_name: &ctx.name,
        columns,
        task_columns: cat.registry.of_kind(AssumptionKind::Task).count(),
        outcome_columns: cat.registry.of_kind(AssumptionKind::Outcome).count(),
        rows,
    }
}

fn compare(a: &Row, b: &Row, order: Order) -> std::cmp::Ordering {
    let by_title = || a.sort_title.cmp(&b.sort_title);
    match order {
        Order::Gaps => b.gap_score.total_cmp(&a.gap_score).then_with(by_title),
        Order::Name => by_title(),
        Order::Year => b.year.cmp(&a.year).then_with(by_title),
    }
}

/// What a heatmap page knows besides its rows: the context, the columns
/// and the order the rows are in.
#[derive(Serialize)]
pub struct Head<'h> {
    pub context_id: &'h str,
    pub context_name: &'h str,
    pub columns: &'h [Column],
    pub task_columns: usize,
    pub outcome_columns: usize,
    pub order: Order,
    pub order_label: &'static str,
}

impl<'a> Heatmap<'a> {
    /// Positions of the rows in another order (the three orders of a
    /// context share one set of rendered rows).
    pub fn order(&self, order: Order) -> Vec<usize> {
        let mut index: Vec<usize> = (0..self.rows.len()).collect();
        index.sort_by(|&a, &b| compare(&self.rows[a], &self.rows[b], order));
        index
    }

    pub fn head(&self, order: Order) -> Head<'_> {
        Head {
            context_id: self.context_id,
            context_name: self.context_name,
            columns: &self.columns,
            task_columns: self.task_columns,
            outcome_columns: self.outcome_columns,
            order,
            order_label: order.label(),
        }
    }
}

#[derive(Serialize, Clone)]
pub struct CategoryCell {
    pub assumption: String,
    /// Category id, or "none" when unanswered or uncategorised.
    pub category: String,
    pub label: String,
    /// Position in the assumption's vocabulary (for the palette), 0-based.
    pub index: usize,
}

#[derive(Serialize, Clone)]
pub struct DesignRow {
    pub slug: String,
    pub title: String,
    pub cells: Vec<CategoryCell>,
}

#[derive(Serialize, Clone)]
pub struct CategoryCount {
    pub id: String,
    pub label: String,
    pub index: usize,
    pub count: usize,
}

#[derive(Serialize, Clone)]
pub struct DesignColumn {
    pub id: String,
    pub name: String,
    pub kind: &'static str,
    pub counts: Vec<CategoryCount>,
}

#[derive(Serialize, Clone)]
pub struct DesignHeatmap {
    pub columns: Vec<DesignColumn>,
    pub rows: Vec<DesignRow>,
}

/// Benchmarks × assumptions coloured by the designers' answer categories.
pub fn design_heatmap(cat: &Catalogue) -> DesignHeatmap {
    let assumptions = &cat.registry.assumptions;
    let mut rows: Vec<DesignRow> = cat
        .cards
        .iter()
        .map(|c| DesignRow {
            slug: c.slug.clone(),
            title: c.title.clone(),
            cells: assumptions
                .iter()
                .map(|a| {
                    let ans = c.answers.get(&a.id);
                    let cat_id = ans.and_then(|x| x.category.clone());
                    let index = cat_id
                        .as_ref()
                        .and_then(|id| a.categories.iter().position(|x| &x.id == id));
                    CategoryCell {
                        assumption: a.id.clone(),
                        label: match (&cat_id, index) {
                            (Some(_), Some(i)) => a.categories[i].label.clone(),
                            (Some(id), None) => id.clone(),
                            (None, _) if ans.is_some() => "Not categorised".into(),
                            _ => "Not answered".into(),
                        },
                        category: cat_id.unwrap_or_else(|| "none".into()),
                        index: index.unwrap_or(usize::MAX).min(9),
                    }
                })
                .collect(),
        })
        .collect();
    rows.sort_by_cached_key(|r| r.title.to_lowercase());
    let columns = assumptions
        .iter()
        .map(|a| DesignColumn {
            id: a.id.clone(),
            name: a.name.clone(),
            kind: a.kind.as_str(),
            counts: a
                .categories
                .iter()
                .enumerate()
                .map(|(i, c)| CategoryCount {
                    id: c.id.clone(),
                    label: c.label.clone(),
                    index: i,
                    count: rows
                        .iter()
                        .filter(|r| {
                            r.cells
                                .iter()
                                .any(|x| x.assumption == a.id && x.category == c.id)
                        })
                        .count(),
                })
                .collect(),
        })
        .collect();
    DesignHeatmap { columns, rows }
}

/// The verdict legend, in display order.
#[derive(Serialize)]
pub struct LegendItem {
    pub verdict: &'static str,
    pub letter: &'static str,
    pub label: &'static str,
}

pub fn legend() -> Vec<LegendItem> {
    [
        Verdict::Yes,
        Verdict::Partially,
        Verdict::No,
        Verdict::Unknown,
    ]
    .into_iter()
    .map(|v| LegendItem {
        verdict: v.as_str(),
        letter: v.letter(),
        label: v.label(),
    })
    .chain(std::iter::once(LegendItem {
        verdict: "none",
        letter: "–",
        label: "Not assessed",
    }))
    .collect()
}

/// A context's column shares only (for the home page's small heatmap).
#[derive(Serialize, Clone)]
pub struct Summary {
    pub context_id: String,
    pub context_name: String,
    pub benchmarks: usize,
    pub columns: Vec<Column>,
}

impl From<&Heatmap<'_>> for Summary {
    fn from(h: &Heatmap) -> Self {
        Summary {
            context_id: h.context_id.to_string(),
            context_name: h.context_name.to_string(),
            benchmarks: h.rows.len(),
            columns: h.columns.clone(),
        }
    }
}

/// Column headers when there is no context at all.
pub fn empty_columns(cat: &Catalogue) -> Vec<Column> {
    cat.registry
        .assumptions
        .iter()
        .map(|a| Column {
            id: a.id.clone(),
            name: a.name.clone(),
            kind: a.kind.as_str(),
            share: None,
            assessed: 0,
            not_assessed: 0,
        })
        .collect()
}
