//! Gap-decomposition charts: staged measurements as a step chart, each drop
//! attributed to the kind of the assumptions relaxed at that stage. Every
//! number shown is computed from the stored values.

use crate::model::{AssumptionKind, Card, Catalogue};
use serde::Serialize;

#[derive(Serialize, Clone)]
pub struct Stage {
    pub label: String,
    pub value: String,
    pub n: Option<u64>,
    /// Bar geometry in the SVG's coordinate space.
    pub x: f64,
    pub y: f64,
    pub height: f64,
    pub relaxes: Vec<String>,
}

#[derive(Serialize, Clone)]
pub struct Drop {
    pub from: String,
    pub to: String,
    pub pp: String,
    /// task, outcome, mixed or unattributed.
    pub kind: &'static str,
    pub x: f64,
    pub y: f64,
    pub height: f64,
    pub label_y: f64,
}

#[derive(Serialize, Clone)]
pub struct GapChart {
    pub slug: String,
    pub title: String,
    pub width: f64,
    pub height: f64,
    pub bar_width: f64,
    pub baseline: f64,
    pub stages: Vec<Stage>,
    pub drops: Vec<Drop>,
    pub first_value: String,
    pub last_value: String,
    pub total_pp: String,
    pub task_pp: String,
    pub outcome_pp: String,
    pub other_pp: Option<String>,
}

const PLOT_H: f64 = 200.0;
const TOP: f64 = 20.0;
const BAR_W: f64 = 70.0;
const GAP_W: f64 = 60.0;
const LEFT: f64 = 10.0;

pub fn chart(cat: &Catalogue, card: &Card) -> Option<GapChart> {
    let ms = &card.measurements;
    if ms.len() < 2 {
        return None;
    }
    let y_of = |v: f64| TOP + PLOT_H * (1.0 - v.clamp(0.0, 100.0) / 100.0);
    let x_of = |i: usize| LEFT + i as f64 * (BAR_W + GAP_W);
    let stages = ms
        .iter()
        .enumerate()
        .map(|(i, m)| Stage {
            label: m.label.clone(),
            value: format!("{:.1}", m.value),
            n: m.n,
            x: x_of(i),
            y: y_of(m.value),
            height: TOP + PLOT_H - y_of(m.value),
            relaxes: cat
                .registry
                .names_of(&m.relaxes)
                .into_iter()
                .map(str::to_string)
                .collect(),
        })
        .collect();
    let (mut task, mut outcome, mut other) = (0.0, 0.0, 0.0);
    let drops = ms
        .windows(2)
        .enumerate()
        .map(|(i, w)| {
            let d = w[0].value - w[1].value;
            let kinds: Vec<AssumptionKind> = w[1]
                .relaxes
                .iter()
                .filter_map(|r| cat.registry.get(r).map(|a| a.kind))
                .collect();
            let kind = if kinds.is_empty() {
                "unattributed"
            } else if kinds.iter().all(|k| *k == AssumptionKind::Task) {
                "task"
            } else if kinds.iter().all(|k| *k == AssumptionKind::Outcome) {
                "outcome"
            } else {
                "mixed"
            };
            match kind {
                "task" => task += d,
                "outcome" => outcome += d,
                _ => other += d,
            }
            let (hi, lo) = (
                y_of(w[0].value.max(w[1].value)),
                y_of(w[0].value.min(w[1].value)),
            );
            Drop {
                from: w[0].label.clone(),
                to: w[1].label.clone(),
                pp: format!("{d:.1}"),
                kind,
                x: x_of(i) + BAR_W,
                y: hi,
                height: lo - hi,
                label_y: (hi + lo) / 2.0 + 4.0,
            }
        })
        .collect();
    let total = ms[0].value - ms[ms.len() - 1].value;
    Some(GapChart {
        slug: card.slug.clone(),
        title: card.title.clone(),
        width: x_of(ms.len() - 1) + BAR_W + LEFT,
        height: TOP + PLOT_H + 20.0,
        bar_width: BAR_W,
        baseline: TOP + PLOT_H,
        stages,
        drops,
        first_value: format!("{:.1}", ms[0].value),
        last_value: format!("{:.1}", ms[ms.len() - 1].value),
        total_pp: format!("{total:.1}"),
        task_pp: format!("{task:.1}"),
        outcome_pp: format!("{outcome:.1}"),
        other_pp: (other.abs() > 1e-9).then(|| format!("{other:.1}")),
    })
}
