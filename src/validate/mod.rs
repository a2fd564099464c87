//! Stage 2 — validate: turn located YAML trees into the typed [`Catalogue`],
//! collecting every problem (never stopping at the first).

mod answers;
pub mod card;
pub mod context;
pub mod evidence;
pub mod registry;
pub mod shape;
pub mod suggest;
#[cfg(test)]
mod testing;
pub mod urls;
pub mod verdict;

use crate::diagnostic::{Diagnostic, Diagnostics, Pos};
use crate::hash::input_key;
use crate::load::{SourceFile, SourceKind, Sources, yaml};
use crate::model::{Assessment, Catalogue, Context, ContextSource, Registry};
use card::CardParts;
use rayon::prelude::*;
use serde_json::Value;
use std::collections::BTreeMap;

/// Per-file validation context: shared read-only data plus the file's own
/// diagnostics (so files can be validated in parallel).
pub struct Ctx<'a> {
    pub registry: &'a Registry,
    pub card_schema: &'a Value,
    pub context_schema: &'a Value,
    pub diags: Diagnostics,
}

/// Validated cards and contexts by file, reused while a file's text and the
/// assumption registry (and, for contexts, the set of card files) are
/// unchanged (`serve` keeps one across rebuilds).
#[derive(Default)]
pub struct CardCache(FileCache<CardParts>, FileCache<Context>);

/// A file's result: what it yields when valid, and its diagnostics.
type Validated<T> = (Option<T>, Diagnostics);

/// Results by file path, with the key of the inputs they came from.
struct FileCache<T>(std::sync::Mutex<BTreeMap<std::path::PathBuf, (u64, Validated<T>)>>);

impl<T> Default for FileCache<T> {
    fn default() -> Self {
        FileCache(std::sync::Mutex::default())
    }
}

impl<T: Clone> FileCache<T> {
    /// The cached result for `file` if its inputs still hash to `key`, else
    /// `validate()`'s, remembered.
    fn get_or(
        cache: Option<&Self>,
        file: &std::path::Path,
        key: u64,
        validate: impl FnOnce() -> Validated<T>,
    ) -> Validated<T> {
        let Some(cache) = cache else {
            return validate();
        };
        let hit = cache.0.lock().ok().and_then(|map| {
            map.get(file)
                .filter(|(k, _)| *k == key)
                .map(|(_, v)| v.clone())
        });
        if let Some(hit) = hit {
            return hit;
        }
        let result = validate();
        if let Ok(mut map) = cache.0.lock() {
            map.insert(file.to_path_buf(), (key, result.clone()));
        }
        result
    }
}

/// Validates everything `sources` holds. The catalogue contains whatever was
/// valid; callers must check `diags.has_errors()` before publishing it.
pub fn validate(sources: &Sources, diags: &mut Diagnostics) -> Catalogue {
    validate_cached(sources, diags, None)
}

/// [`validate`], reusing and filling a [`CardCache`].
pub fn validate_cached(
    sources: &Sources,
    diags: &mut Diagnostics,
    cache: Option<&CardCache>,
) -> Catalogue {
    let of_kind = |k: SourceKind| -> Vec<usize> {
        (0..sources.files.len())
            .filter(|i| sources.files[*i].kind == k)
            .collect()
    };

    let registry = registry_of(sources, diags);
    let card_schema = crate::model::schema::card_schema(&registry, false);
    let registry_key = input_key(0, &serde_json::to_vec(&registry).unwrap_or_default());
    let context_schema = crate::model::schema::context_schema();
    let new_cx = || Ctx {
        registry: &registry,
        card_schema: &card_schema,
        context_schema: &context_schema,
        diags: Diagnostics::default(),
    };

    // Every card file counts, valid or not, so that one broken card does not
    // also break every context that assesses it.
    let stems: Vec<String> = of_kind(SourceKind::Card)
        .into_iter()
        .map(|i| sources.files[i].stem())
        .collect();
    let mut slugs: Vec<&str> = stems.iter().map(String::as_str).collect();
    slugs.sort_unstable();
    let slugs_key = input_key(registry_key, slugs.join("\n").as_bytes());
    // Cards: parse and validate file by file, so each tree is dropped as
    // soon as its card is built.
    // Contexts are parsed alongside (three large files would otherwise
    // leave a core idle while the last one parses).
    let (card_results, context_results): (Vec<Validated<CardParts>>, Vec<Validated<Context>>) =
        rayon::join(
            || {
                of_kind(SourceKind::Card)
                    .into_par_iter()
                    // Small pieces, so that a core never waits while the
                    // other works through a long run alone.
                    .with_max_len(64)
                    .map(|i| {
                        validate_file(
                            sources,
                            i,
                            cache.map(|c| &c.0),
                            registry_key,
                            &new_cx,
                            card::validate,
                        )
                    })
                    .collect()
            },
            || {
                of_kind(SourceKind::Context)
                    .into_par_iter()
                    .map(|i| {
                        validate_file(
                            sources,
                            i,
                            cache.map(|c| &c.1),
                            slugs_key,
                            &new_cx,
                            |file, n, cx| {
                                context::validate(file, n, cx)
                                    .inspect(|c| context::check_slugs(c, n, &slugs, cx))
                            },
                        )
                    })
                    .collect()
            },
        );
    let mut parts = Vec::new();
    for (p, d) in card_results {
        diags.extend(d);
        parts.extend(p);
    }
    check_duplicate_slugs(sources, diags);

    let mut contexts = Vec::new();
    for (c, d) in context_results {
        diags.extend(d);
        contexts.extend(c);
    }
    contexts.sort_by(|a, b| a.id.cmp(&b.id));

    place_inline_verdicts(&parts, &mut contexts, diags);

    let mut cards: Vec<_> = parts.into_iter().map(|p| p.card).collect();
    cards.sort_by(|a, b| a.slug.cmp(&b.slug));
    Catalogue {
        registry,
        cards,
        contexts,
    }
}

/// One file's result: cached while its inputs (`seed` and its text) are
/// unchanged, else its parsed tree run through `check`.
fn validate_file<'a, T: Clone>(
    sources: &Sources,
    i: usize,
    cache: Option<&FileCache<T>>,
    seed: u64,
    new_cx: &(dyn Fn() -> Ctx<'a> + Sync),
    check: impl FnOnce(&SourceFile, &crate::load::Node, &mut Ctx<'a>) -> Option<T>,
) -> Validated<T> {
    let file = &sources.files[i];
    let text = match file.load_text() {
        Ok(t) => t,
        Err(d) => {
            let mut diags = Diagnostics::default();
            diags.push(d);
            return (None, diags);
        }
    };
    let key = input_key(seed, text.as_bytes());
    FileCache::get_or(cache, &file.rel, key, || {
        let mut cx = new_cx();
        let result = match parse_text(file, &text) {
            Ok(n) => check(file, &n, &mut cx),
            Err(d) => {
                cx.diags.push(d);
                None
            }
        };
        (result, cx.diags)
    })
}

/// A source file's located tree (registry and context files may be large).
/// Checks one card's text as `check` would at `rel` (a path under `cards/`),
/// against `registry`: what an importer runs before it writes a card.
pub fn check_card_text(registry: &Registry, rel: &std::path::Path, text: &str) -> Diagnostics {
    let src = SourceFile {
        kind: SourceKind::Card,
        rel: rel.to_path_buf(),
        text: text.to_string(),
        reread: None,
    };
    let card_schema = crate::model::schema::card_schema(registry, false);
    let context_schema = crate::model::schema::context_schema();
    let mut cx = Ctx {
        registry,
        card_schema: &card_schema,
        context_schema: &context_schema,
        diags: Diagnostics::default(),
    };
    match parse(&src) {
        Ok(node) => {
            card::validate(&src, &node, &mut cx);
        }
        Err(d) => cx.diags.push(d),
    }
    cx.diags
}

/// The assumption registry alone (built-in plus `cards/_assumptions.yaml`):
/// what `cardsite schema` and `cardsite new` need, without reading any card.
pub fn registry_of(sources: &Sources, diags: &mut Diagnostics) -> Registry {
    let mut nodes = Vec::new();
    for (i, f) in sources.files.iter().enumerate() {
        if f.kind == SourceKind::Registry {
            match parse(f) {
                Ok(n) => nodes.push((i, n)),
                Err(d) => diags.push(d),
            }
        }
    }
    registry::load(sources, &nodes, diags)
}

fn parse(f: &SourceFile) -> Result<crate::load::Node, Diagnostic> {
    parse_text(f, &f.load_text()?)
}

fn parse_text(f: &SourceFile, text: &str) -> Result<crate::load::Node, Diagnostic> {
    yaml::parse_with(&f.rel, text, f.kind != SourceKind::Card)
}

fn check_duplicate_slugs(sources: &Sources, diags: &mut Diagnostics) {
    let mut seen: BTreeMap<String, &std::path::Path> = BTreeMap::new();
    for f in sources.files.iter().filter(|f| f.kind == SourceKind::Card) {
        let key = f.stem().to_lowercase();
        if let Some(first) = seen.get(&key) {
            diags.push(
                Diagnostic::error(
                    "duplicate-slug",
                    &f.rel,
                    Pos::FILE,
                    format!("slug `{}` is already used by {}", f.stem(), first.display()),
                )
                .with_hint("slugs must be unique across cards/ (ignoring case); rename one file"),
            );
        } else {
            seen.insert(key, &f.rel);
        }
    }
}

/// Inline `holds_at_deployment` answers go to the context their card's
/// `deployment_context` names (id or name); otherwise to a context made from
/// that prose (shared by identical prose), or to the card's own context.
fn place_inline_verdicts(
    parts: &[CardParts],
    contexts: &mut Vec<Context>,
    diags: &mut Diagnostics,
) {
    for p in parts.iter().filter(|p| !p.inline.is_empty()) {
        let prose = p
            .deployment_context
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty());
        let idx = match prose {
            Some(text) => contexts
                .iter()
                .position(|c| c.id == text || c.name == text)
                .or_else(|| {
                    contexts.iter().position(|c| {
                        c.source == ContextSource::Inline && c.description.as_deref() == Some(text)
                    })
                }),
            None => None,
        };
        let idx = idx.unwrap_or_else(|| {
            let (id, name, description) = match prose {
                Some(text) => (
                    format!("inline-{}", short_slug(text)),
                    short_name(text),
                    Some(text.to_string()),
                ),
                None => (
                    format!("{}-deployment", p.card.slug),
                    format!("{} deployment", p.card.title),
                    None,
                ),
            };
            contexts.push(Context {
                id,
                name,
                description,
                assessor: None,
                assessed: None,
                source: ContextSource::Inline,
                file: None,
                profile: BTreeMap::new(),
                assessments: BTreeMap::new(),
            });
            contexts.len() - 1
        });
        let ctx = &mut contexts[idx];
        for v in &p.inline {
            let cells = ctx.assessments.entry(v.slug.clone()).or_default();
            if let Some(existing) = cells.get(&v.assumption) {
                diags.push(
                    Diagnostic::error(
                        "duplicate-assessment",
                        &v.origin.file,
                        Pos::new(v.origin.line, v.origin.column),
                        format!(
                            "`{}` / `{}` is assessed for context `{}` both here and in {}:{}:{}",
                            v.slug,
                            v.assumption,
                            ctx.id,
                            existing.origin.file.display(),
                            existing.origin.line,
                            existing.origin.column
                        ),
                    )
                    .with_hint("keep one of the two verdicts"),
                );
                continue;
            }
            cells.insert(
                v.assumption.clone(),
                Assessment::plain(v.verdict, v.reason.clone(), v.origin.clone()),
            );
        }
    }
}

fn short_slug(text: &str) -> String {
    let mut out = String::new();
    for w in text
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(8)
    {
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(&w.to_ascii_lowercase());
    }
    out
}

fn short_name(text: &str) -> String {
    let t = text.trim().trim_start_matches("Use case:").trim();
    let first = t.split(['.', ';']).next().unwrap_or(t).trim();
    let mut name: String = first.chars().take(80).collect();
    if let Some(c) = name.get(0..1) {
        name = c.to_uppercase() + &name[1..];
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn sources(text: &str) -> Sources {
        Sources {
            root: PathBuf::from("/site"),
            files: vec![SourceFile {
                kind: SourceKind::Card,
                rel: PathBuf::from("cards/a.yaml"),
                text: text.into(),
                reread: None,
            }],
        }
    }

    /// A scan keeps no card's text: each is read again when validated, and
    /// a card gone by then is reported, not lost silently.
    #[test]
    fn cards_are_read_when_validated_and_a_vanished_one_is_reported() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("cards")).unwrap();
        for name in ["a", "b"] {
            std::fs::write(
                dir.path().join(format!("cards/{name}.yaml")),
                format!("benchmark_name: {name}\ncitation: c\n"),
            )
            .unwrap();
        }
        let mut d = Diagnostics::default();
        let sources = Sources::scan(dir.path(), &mut d);
        assert_eq!(sources.files.len(), 2);
        assert!(
            sources
                .files
                .iter()
                .all(|f| f.text.is_empty() && f.reread.is_some())
        );
        assert_eq!(sources.text_of(std::path::Path::new("cards/a.yaml")), None);
        std::fs::remove_file(dir.path().join("cards/b.yaml")).unwrap();
        let cat = validate(&sources, &mut d);
        assert_eq!(cat.cards.len(), 1);
        assert_eq!(cat.cards[0].benchmark_name, "a");
        let gone: Vec<_> = d.iter().filter(|x| x.code == "unreadable").collect();
        assert_eq!(gone.len(), 1, "{:?}", d.iter().collect::<Vec<_>>());
        assert!(gone[0].message.starts_with("cannot read"));
    }

    #[test]
    fn cached_cards_follow_their_text() {
        let cache = CardCache::default();
        let mut d = Diagnostics::default();
        let cat = validate_cached(
            &sources("benchmark_name: One\ncitation: c\n"),
            &mut d,
            Some(&cache),
        );
        assert_eq!(cat.cards[0].benchmark_name, "One");
        let cat = validate_cached(
            &sources("benchmark_name: One\ncitation: c\n"),
            &mut d,
            Some(&cache),
        );
        assert_eq!(cat.cards[0].benchmark_name, "One");
        let cat = validate_cached(
            &sources("benchmark_name: Two\ncitation: c\n"),
            &mut d,
            Some(&cache),
        );
        assert_eq!(cat.cards[0].benchmark_name, "Two");
        let mut broken = Diagnostics::default();
        let cat = validate_cached(&sources("benchmark_name: [\n"), &mut broken, Some(&cache));
        assert!(cat.cards.is_empty() && broken.has_errors());
        let mut again = Diagnostics::default();
        validate_cached(&sources("benchmark_name: [\n"), &mut again, Some(&cache));
        assert_eq!(
            again.error_count(),
            broken.error_count(),
            "cached diagnostics are reported again"
        );
    }
}
