//! Sokol et al.'s BenchmarkCards (JSON, from the corpus's GitHub repository,
//! MIT licence) → cardsite YAML.
//!
//! The corpus is untidy: the same field may be a string, a list or null;
//! "N/A" stands for nothing; links may lack a scheme; some cards appear
//! twice; some describe a different benchmark than their file name. Each of
//! these is handled and reported, never guessed at.

use super::yaml_out::{Doc, q};
use serde_json::Value;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The licence of the files read: the corpus's GitHub repository
/// (SokolAnn/BenchmarkCards) is MIT-licensed; its Hugging Face copy
/// (ASokol/BenchmarkCards) is CC BY 4.0, but that is not what is read here.
pub const LICENSE: &str = "MIT";
pub const ATTRIBUTION: &str = "Sokol et al., BenchmarkCards corpus (arXiv:2410.12974), GitHub repository SokolAnn/BenchmarkCards, MIT licence, Copyright (c) 2025 SokolAnn";
/// Written when the upstream card states no goal: `intended_use_case` is required.
pub const NO_GOAL: &str =
    "Not reported in the upstream BenchmarkCard (no `purpose_and_intended_users.goal`).";

/// One converted card.
#[derive(Debug, Clone)]
pub struct Converted {
    pub source: PathBuf,
    pub slug: String,
    pub name: String,
    pub abbreviation: Option<String>,
    pub yaml: String,
    pub domains: Vec<String>,
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Skipped {
    pub source: PathBuf,
    pub reason: String,
}

fn is_placeholder(s: &str) -> bool {
    matches!(
        s.trim().to_ascii_lowercase().as_str(),
        "" | "n/a" | "na" | "none" | "null" | "not applicable" | "unknown" | "-"
    )
}

/// A field that may be a string, a list of strings, or null → its strings.
pub fn strings(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::String(s)) if !is_placeholder(s) => vec![s.trim().to_string()],
        Some(Value::Array(items)) => items.iter().flat_map(|i| strings(Some(i))).collect(),
        _ => Vec::new(),
    }
}

/// A field as one string (lists joined), or `None`.
pub fn text(v: Option<&Value>) -> Option<String> {
    let s = strings(v);
    (!s.is_empty()).then(|| s.join("; "))
}

/// Deterministic slug: abbreviation if present, else the name up to a colon.
pub fn slug_for(name: &str, abbreviation: Option<&str>) -> String {
    let base = abbreviation.unwrap_or_else(|| name.split(':').next().unwrap_or(name));
    let mut out = String::new();
    for c in base.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_matches('-').to_string();
    if out.is_empty() {
        "imported-card".into()
    } else {
        out
    }
}

fn normalized(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .collect::<String>()
        .to_lowercase()
}

/// Sorts links into paper / dataset / code / homepage / other.
fn classify_links(
    urls: &[String],
    warnings: &mut Vec<String>,
    dropped: &mut Vec<String>,
) -> BTreeMap<&'static str, Vec<String>> {
    let mut out: BTreeMap<&'static str, Vec<String>> = BTreeMap::new();
    for raw in urls {
        let url = raw.trim();
        // The rules `check` applies to card links, so nothing written fails them.
        let url = match crate::validate::urls::check_url(url) {
            Ok(u) => u,
            Err(crate::validate::urls::UrlProblem::NoScheme { .. })
                if url.contains('.')
                    && !url.contains(char::is_whitespace)
                    && !url.contains(':') =>
            {
                warnings.push(format!("link `{url}` has no scheme; using https://{url}"));
                format!("https://{url}")
            }
            Err(_) => {
                warnings.push(format!(
                    "link `{url}` is not a valid web address; kept in the card's notes, not as a link"
                ));
                dropped.push(url.to_string());
                continue;
            }
        };
        let lower = url.to_lowercase();
        let kind = if lower.contains("arxiv.org")
            || lower.contains("doi.org")
            || lower.contains("aclanthology")
            || lower.contains("openreview")
        {
            "paper"
        } else if lower.contains("huggingface.co/datasets")
            || lower.contains("physionet")
            || lower.contains("kaggle")
        {
            "dataset"
        } else if lower.contains("github.com") || lower.contains("gitlab") {
            "code"
        } else {
            "homepage"
        };
        out.entry(kind).or_default().push(url);
    }
    out
}

/// Converts one card; `Err` is a reason to skip it.
/// Why an upstream file cannot be converted (it is skipped with this reason).
#[derive(Debug, thiserror::Error)]
pub enum ConvertError {
    #[error("not valid JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("no `benchmark_details` section")]
    NoDetails,
    #[error("no benchmark name")]
    NoName,
}

/// Who signed off a card the corpus marks as approved by its authors.
pub const APPROVED_BY: &str =
    "The benchmark's authors (marked as author-approved in the BenchmarkCards corpus)";

/// The file name without the corpus's author-approved marker (a ⭐, with or
/// without an emoji variation selector, then optional spaces), when it has one.
pub fn author_approved(stem: &str) -> Option<&str> {
    let rest = stem.strip_prefix('\u{2b50}')?;
    Some(rest.trim_start_matches('\u{fe0f}').trim_start())
}

pub fn convert(path: &Path, json: &str, today: &str) -> Result<Converted, ConvertError> {
    let v: Value = serde_json::from_str(json)?;
    let bd = v.get("benchmark_details").ok_or(ConvertError::NoDetails)?;
    let name = text(bd.get("name")).ok_or(ConvertError::NoName)?;
    let abbreviation = text(bd.get("abbreviation"));
    let mut warnings = Vec::new();
    let slug = slug_for(&name, abbreviation.as_deref());
    let overview = text(bd.get("overview"));
    let domains = strings(bd.get("domains"));
    let languages = strings(bd.get("languages"));
    let data = v.get("data");
    let methodology = v.get("methodology");
    let purpose = v.get("purpose_and_intended_users");
    let metrics = strings(methodology.and_then(|m| m.get("metrics")));
    let source = text(data.and_then(|d| d.get("source")));
    let annotation = text(data.and_then(|d| d.get("annotation")));
    let size = text(data.and_then(|d| d.get("size")));
    let mut dropped = Vec::new();
    let links = classify_links(&strings(bd.get("resources")), &mut warnings, &mut dropped);

    // Report, don't guess: a card whose text never names its benchmark, or
    // whose file name names another, may describe something else.
    let file_stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    // The corpus marks cards its benchmarks' own authors approved with a ⭐
    // before the file name.
    let (approved, file_stem) = match author_approved(&file_stem) {
        Some(rest) => (true, rest.to_string()),
        None => (false, file_stem),
    };
    let short = abbreviation
        .clone()
        .unwrap_or_else(|| name.split(':').next().unwrap_or(&name).trim().to_string());
    if let Some(o) = &overview
        && !normalized(o).contains(&normalized(&short))
    {
        warnings.push(format!("its overview never mentions `{short}`: it may describe a different benchmark; check the source"));
    }
    let stem_n = normalized(file_stem.trim_end_matches(|c: char| c == '_' || c.is_ascii_digit()));
    if !stem_n.is_empty()
        && !normalized(&name).contains(&stem_n)
        && !stem_n.contains(&normalized(&short))
    {
        warnings.push(format!(
            "the file name suggests `{file_stem}` but the card names `{name}`"
        ));
    }

    let mut y = Doc::default();
    y.comment(&format!(
        "Imported by `cardsite import sokol` from {}.\nSource: {ATTRIBUTION}.\nPre-filled answers come from the source and are not verified; review before relying on them.",
        path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
    ));
    y.field(0, "benchmark_name", &q(&name));
    let primary = links.values().flatten().next().cloned();
    let citation = match &primary {
        Some(u) => format!("{name}. {u}"),
        None => name.clone(),
    };
    y.field(0, "citation", &q(&citation));
    y.opt(0, "title", Some(&short));
    y.opt(0, "abbreviation", abbreviation.as_deref());
    y.opt(0, "summary", overview.as_deref());
    y.field(0, "added", today);
    y.list(0, "domains", &domains);
    y.list(0, "languages", &languages);
    if !links.is_empty() {
        y.section(0, "links");
        for kind in ["paper", "dataset", "code", "homepage"] {
            if let Some(first) = links.get(kind).and_then(|l| l.first()) {
                y.field(1, kind, &q(first));
            }
        }
        let others: Vec<String> = links
            .values()
            .flat_map(|l| l.iter().skip(1).cloned())
            .collect();
        y.list(1, "other", &others);
    }
    if size.is_some() || source.is_some() {
        y.section(0, "data");
        y.opt(1, "size", size.as_deref());
        y.opt(1, "source", source.as_deref());
    }
    y.list(0, "metrics", &metrics);
    if !dropped.is_empty() {
        let listed: Vec<String> = dropped.iter().map(|u| format!("`{u}`")).collect();
        y.field(
            0,
            "notes",
            &q(&format!(
                "The upstream card also lists these resources, which are not valid web addresses: {}.",
                listed.join(", ")
            )),
        );
    }
    y.section(0, "review");
    y.field(1, "status", "imported");
    if approved {
        y.section(1, "reviewed_by");
        let _ = writeln!(y.0, "    - name: {}", q(APPROVED_BY));
        y.field(3, "role", "benchmark-author");
    }
    y.section(0, "provenance");
    y.field(
        1,
        "source",
        &q(&format!(
            "Sokol et al. BenchmarkCards corpus, {}",
            path.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        )),
    );
    y.field(1, "license", &q(LICENSE));
    y.field(1, "attribution", &q(ATTRIBUTION));
    y.field(1, "verified", "false");
    let goal = text(purpose.and_then(|p| p.get("goal")));
    y.section(0, "intended_use_case");
    y.field(1, "answer", &q(goal.as_deref().unwrap_or(NO_GOAL)));
    let who = match (&source, &annotation) {
        (Some(s), Some(a)) => Some(format!("Source: {s} Annotation: {a}")),
        (Some(s), None) => Some(format!("Source: {s}")),
        (None, Some(a)) => Some(format!("Annotation: {a}")),
        (None, None) => None,
    };
    if let Some(who) = &who {
        y.section(0, "task");
        y.section(1, "query_authorship");
        y.field(2, "answer", &q(who));
    }
    if !metrics.is_empty() {
        y.section(0, "outcome");
        y.section(1, "outcome_validity");
        y.field(
            2,
            "answer",
            &q(&format!("Metrics: {}.", metrics.join(", "))),
        );
    }
    Ok(Converted {
        source: path.to_path_buf(),
        slug,
        name,
        abbreviation,
        yaml: y.0,
        domains,
        warnings,
    })
}

/// Every `.json` file (any case) under the given files and folders, sorted.
pub fn inputs(paths: &[PathBuf]) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for p in paths {
        if p.is_dir() {
            for e in walkdir::WalkDir::new(p).into_iter().filter_map(Result::ok) {
                if e.path()
                    .extension()
                    .is_some_and(|x| x.eq_ignore_ascii_case("json"))
                {
                    files.push(e.into_path());
                }
            }
        } else {
            files.push(p.clone());
        }
    }
    files.sort();
    files.dedup();
    files
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn messy_fields_and_slugs() {
        assert_eq!(
            strings(Some(&serde_json::json!("N/A"))),
            Vec::<String>::new()
        );
        assert_eq!(
            strings(Some(&serde_json::json!(["a", null, "N/A", "b"]))),
            vec!["a", "b"]
        );
        assert_eq!(strings(Some(&Value::Null)), Vec::<String>::new());
        assert_eq!(
            slug_for("AfriMed-QA: A Pan-African Benchmark", Some("AfriMed-QA")),
            "afrimed-qa"
        );
        assert_eq!(
            slug_for("MedDialog: Two Large-scale Datasets", None),
            "meddialog"
        );
        let (mut w, mut dropped) = (vec![], vec![]);
        let l = classify_links(
            &[
                "medhalt.github.io".into(),
                "https://arxiv.org/abs/1".into(),
                "https://example.org/a b".into(),
                "javascript:alert(1)".into(),
            ],
            &mut w,
            &mut dropped,
        );
        assert_eq!(l["homepage"], ["https://medhalt.github.io"]);
        assert_eq!(l["paper"], ["https://arxiv.org/abs/1"]);
        assert_eq!(w.len(), 3);
        assert_eq!(dropped, ["https://example.org/a b", "javascript:alert(1)"]);
    }

    #[test]
    fn the_author_approved_marker() {
        assert_eq!(author_approved("\u{2b50}MedQA"), Some("MedQA"));
        assert_eq!(author_approved("\u{2b50}\u{fe0f} MedQA"), Some("MedQA"));
        assert_eq!(author_approved("MedQA"), None);
        assert_eq!(author_approved("MedQA\u{2b50}"), None);
    }
}
