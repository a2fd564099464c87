//! `cardsite new <slug>`: a commented card to fill in.

use crate::model::{AssumptionKind, Registry};
use std::fmt::Write;

/// The text of a new card, with every registered question.
pub fn new_card(slug: &str, registry: &Registry, schema_url: &str, today: &str) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "# yaml-language-server: $schema={schema_url}");
    let _ = writeln!(
        s,
        "# BenchmarkCard for `{slug}`. Fields marked (required) must be filled;"
    );
    let _ = writeln!(
        s,
        "# the rest are recommended. `cardsite check` explains any problem."
    );
    s.push_str(
        r#"
benchmark_name: ""   # (required) the benchmark's name, e.g. "MedQA (USMLE)"
citation: ""         # (required) full reference, BibTeX key or DOI
# reference:         # the citation's parts, for BibTeX and CSL-JSON (only title required)
#   authors: ["Family Given", "Family Given"]
#   title: ""
#   venue: ""
#   year: 2024
#   doi: "10.xxxx/..."
#   url: "https://"
# version: ""        # dataset version, split, or date accessed
# title: ""          # display title, if different from benchmark_name
summary: |
  Two to four sentences, in Markdown, on what the benchmark contains.
# year: 2024         # publication year
"#,
    );
    let _ = writeln!(s, "added: {today}   # date the card joined the catalogue");
    s.push_str(
        r#"domains: []          # e.g. [Healthcare, Emergency medicine]
tags: []
links:
  paper: ""          # https:// link to the paper (http and https only)
  # dataset: ""
  # code: ""
  # homepage: ""
review:
  status: curated    # paper | curated | imported (curated: written from primary sources, with evidence)
  # reviewed_by:
  #   - name: ""
  #     role: maintainer   # maintainer | benchmark-author
  #     date: YYYY-MM-DD
provenance:
  source: ""         # the sources these facts come from (never how they were found)
  sources:           # every source read: title, link, date read
    - title: ""
      url: ""
      read: YYYY-MM-DD
  verified: false    # true only once checked against the source

intended_use_case:
  answer: ""         # (required upstream) what clinical task is the benchmark designed to evaluate?
"#,
    );
    for kind in [AssumptionKind::Task, AssumptionKind::Outcome] {
        let _ = writeln!(s);
        let _ = match kind {
            AssumptionKind::Task => {
                writeln!(s, "# Task assumptions: testable from conversation data.")
            }
            AssumptionKind::Outcome => writeln!(
                s,
                "# Outcome assumptions: need behavioural studies or trials."
            ),
        };
        let _ = writeln!(s, "{}:", kind.as_str());
        for a in registry.of_kind(kind) {
            let _ = writeln!(s, "  {}:", a.id);
            let _ = writeln!(s, "    question: {:?}", a.question);
            let _ = writeln!(
                s,
                "    answer: \"\"       # a factual answer about the benchmark's design"
            );
            if !a.categories.is_empty() {
                let ids: Vec<&str> = a.categories.iter().map(|c| c.id.as_str()).collect();
                let _ = writeln!(s, "    # category: {}", ids.join(" | "));
            }
            let _ = writeln!(
                s,
                "    # evidence:       # the source's own words (at most 30), with its link and where in it"
            );
            let _ = writeln!(
                s,
                "    #   - {{quote: \"\", url: \"https://\", locator: \"§2\"}}"
            );
        }
    }
    s.push_str(
        r#"
# Verdicts for a deployment ("does this hold?") go in cards/contexts/<id>.yaml:
#   assessments:
#     <slug>:
#       query_authorship: "No. Patients write their own queries."
#       interaction_type:             # or structured, saying who assessed it and on what evidence
#         verdict: "no"
#         reason: "Deployment is multi-turn."
#         assessor: maintainers       # paper | authors | maintainers
#         evidence: [{quote: "", url: "https://", locator: ""}]
# notes: ""
"#,
    );
    s
}
