use super::{FAILED, OK, USAGE};
use crate::report::{self, Format};
use crate::site::{BuildError, BuildOptions};
use std::path::Path;
use std::time::SystemTime;

/// Newest modification time among the site's sources.
fn newest_source(root: &Path) -> Option<SystemTime> {
    ["cards", "content", "themes", crate::config::FILE_NAME]
        .iter()
        .flat_map(|p| {
            walkdir::WalkDir::new(root.join(p))
                .into_iter()
                .filter_map(Result::ok)
        })
        .filter_map(|e| e.metadata().ok()?.modified().ok())
        .max()
}

/// `cardsite search`: query the built index, building first when it is
/// missing or older than the sources.
pub fn search(
    opts: &BuildOptions,
    query: &str,
    limit: usize,
    filters: &[String],
    json: bool,
) -> i32 {
    let output = opts
        .output
        .clone()
        .unwrap_or_else(|| opts.root.join("public"));
    let manifest = output.join("search/manifest.json");
    let built_at = std::fs::metadata(&manifest).and_then(|m| m.modified()).ok();
    let stale = match (built_at, newest_source(&opts.root)) {
        (None, _) => true,
        (Some(b), Some(s)) => s > b,
        (Some(_), None) => false,
    };
    // An index written by another cardsite version is stale too. Open it
    // once; reopen only after rebuilding.
    let mut opened = if stale {
        None
    } else {
        crate::search_index::open(&output).ok()
    };
    if opened.is_none() {
        report::status(&format!(
            "building the site into {} first…",
            output.display()
        ));
        match crate::site::build(opts) {
            Ok(_) => {}
            Err(BuildError::Invalid(d)) => {
                report::print_diagnostics(&d, Format::Human);
                return FAILED;
            }
            Err(BuildError::Write(e)) => {
                report::status(&format!("error: {e}"));
                return FAILED;
            }
        }
    }
    let opened = match opened
        .take()
        .map(Ok)
        .unwrap_or_else(|| crate::search_index::open(&output))
    {
        Ok(x) => x,
        Err(e) => {
            report::status(&format!(
                "error: cannot open the search index: {e}\n  = hint: run `cardsite build`"
            ));
            return FAILED;
        }
    };
    let (_, engine) = opened;
    match engine.search(query, limit, filters) {
        Ok(results) => {
            if json {
                report::out(&serde_json::to_string_pretty(&results).unwrap_or_default());
            } else {
                let mut text = format!(
                    "{} result{} for `{query}`\n",
                    results.total,
                    if results.total == 1 { "" } else { "s" }
                );
                for (i, h) in results.hits.iter().enumerate() {
                    text.push_str(&format!(
                        "{:>3}. {} — /{} ({:.2})\n",
                        i + 1,
                        h.title,
                        h.url,
                        h.score
                    ));
                    if !h.snippet.text.is_empty() {
                        text.push_str(&format!("     {}\n", h.snippet.text.replace('\n', " ")));
                    }
                    if !h.strip.is_empty() {
                        text.push_str(&format!("     verdicts: {}\n", h.strip));
                    }
                }
                text.push_str(&facet_lines(&results.facets));
                report::out(&text);
            }
            OK
        }
        Err(cardsite_search::SearchError::Query(m)) => {
            report::status(&format!("error: {m}"));
            USAGE
        }
        Err(e) => {
            report::status(&format!("error: {e}"));
            FAILED
        }
    }
}

/// The filter counts as text: per group (a facet's parent), its largest
/// values with their counts, to pass back as `--filter PATH`.
fn facet_lines(facets: &[cardsite_search::FacetCount]) -> String {
    const SHOWN: usize = 5;
    let mut groups: std::collections::BTreeMap<&str, Vec<&cardsite_search::FacetCount>> =
        std::collections::BTreeMap::new();
    for f in facets {
        let group = f.facet.rsplit_once('/').map_or("", |(g, _)| g);
        groups.entry(group).or_default().push(f);
    }
    if groups.is_empty() {
        return String::new();
    }
    let mut text = String::from("filters (--filter PATH):\n");
    for (group, mut values) in groups {
        values.sort_by(|a, b| b.count.cmp(&a.count).then(a.facet.cmp(&b.facet)));
        let shown: Vec<String> = values
            .iter()
            .take(SHOWN)
            .map(|f| format!("{} ({})", f.facet, f.count))
            .collect();
        let more = values.len().saturating_sub(SHOWN);
        text.push_str(&format!("  {group}: {}", shown.join(", ")));
        if more > 0 {
            text.push_str(&format!(", and {more} more (--json lists all)"));
        }
        text.push('\n');
    }
    text
}
