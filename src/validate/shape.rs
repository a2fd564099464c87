//! Checks a located YAML tree against a JSON Schema (the subset schemars
//! emits), reporting every mismatch rather than stopping at the first.

use super::suggest;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::load::{Kind, Node};
use serde_json::Value;
use std::borrow::Cow;
use std::fmt;
use std::path::Path;

/// Where a value sits in its file (`task.query_authorship.answer`, `domains[2]`),
/// built up as the walk descends and only written out for a diagnostic.
#[derive(Clone, Copy)]
enum Trail<'a> {
    Root,
    Key(&'a Trail<'a>, &'a str),
    Item(&'a Trail<'a>, usize),
}

impl Trail<'_> {
    fn is_root(&self) -> bool {
        matches!(self, Trail::Root)
    }
    /// "the file" at the root, else the path in backticks.
    fn place(&self, root: &str) -> String {
        if self.is_root() {
            root.to_string()
        } else {
            format!("`{self}`")
        }
    }
}

impl fmt::Display for Trail<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Trail::Root => Ok(()),
            Trail::Key(parent, key) if parent.is_root() => f.write_str(key),
            Trail::Key(parent, key) => write!(f, "{parent}.{key}"),
            Trail::Item(parent, i) => write!(f, "{parent}[{i}]"),
        }
    }
}

pub struct ShapeChecker<'a> {
    root: &'a Value,
    file: &'a Path,
}

impl<'a> ShapeChecker<'a> {
    pub fn new(schema: &'a Value, file: &'a Path) -> Self {
        ShapeChecker { root: schema, file }
    }

    /// Checks `node` against the schema's root; returns whether it conformed.
    pub fn check(&self, node: &Node, diags: &mut Diagnostics) -> bool {
        let mut mine = Diagnostics::default();
        self.visit(self.root, node, Trail::Root, &mut mine);
        // A malformed date does not stop the file's other checks.
        let blocking = mine
            .iter()
            .any(|d| d.severity == crate::diagnostic::Severity::Error && d.code != "bad-date");
        diags.extend(mine);
        !blocking
    }

    /// `minimum`, `maximum` and integer `format` ranges.
    fn bounds(&self, schema: &Value, node: &Node, path: Trail<'_>) -> Option<Diagnostic> {
        let x: f64 = match &node.kind {
            Kind::Int(i) => *i as f64,
            Kind::Float(f) => *f,
            _ => return None,
        };
        let min = schema.get("minimum").and_then(Value::as_f64);
        let max = schema.get("maximum").and_then(Value::as_f64);
        let (fmin, fmax) = schema
            .get("format")
            .and_then(Value::as_str)
            .and_then(format_range)
            .map_or((None, None), |(a, b)| (Some(a as f64), Some(b as f64)));
        let low = [min, fmin]
            .into_iter()
            .flatten()
            .fold(f64::NEG_INFINITY, f64::max);
        let high = [max, fmax]
            .into_iter()
            .flatten()
            .fold(f64::INFINITY, f64::min);
        (x < low || x > high).then(|| {
            Diagnostic::error(
                "bad-value",
                self.file,
                node.pos,
                format!("`{path}` is out of range: {x}"),
            )
            .with_hint(if low.is_finite() && high.is_finite() {
                format!("give a number from {low} to {high}")
            } else if low.is_finite() {
                format!("give a number of at least {low}")
            } else {
                format!("give a number of at most {high}")
            })
        })
    }

    fn resolve<'s>(&'s self, mut schema: &'s Value) -> &'s Value {
        for _ in 0..16 {
            let Some(r) = schema.get("$ref").and_then(Value::as_str) else {
                break;
            };
            let mut target = self.root;
            for part in r.trim_start_matches("#/").split('/') {
                target = &target[part];
            }
            schema = target;
        }
        schema
    }

    fn visit(&self, schema: &Value, node: &Node, path: Trail<'_>, diags: &mut Diagnostics) {
        let schema = self.resolve(schema);
        if let Some(alts) = schema
            .get("anyOf")
            .or_else(|| schema.get("oneOf"))
            .and_then(Value::as_array)
        {
            let alts: Vec<&Value> = alts.iter().map(|a| self.resolve(a)).collect();
            // The first alternative the value matches, with its warnings.
            for alt in &alts {
                let mut scratch = Diagnostics::default();
                self.visit(alt, node, path, &mut scratch);
                if !scratch.has_errors() {
                    diags.extend(scratch);
                    return;
                }
            }
            // Report against the alternative of the same JSON type, if any.
            if let Some(same) = alts.iter().find(|a| type_ok(a, node)) {
                return self.visit(same, node, path, diags);
            }
            let expected: Vec<String> = alts.iter().map(|a| expected_noun(a)).collect();
            diags.push(self.wrong_type(node, path, &expected.join(" or ")));
            return;
        }
        if !type_ok(schema, node) {
            diags.push(self.wrong_type(node, path, &expected_noun(schema)));
            return;
        }
        if let Some(expected) = schema.get("const")
            && node.to_json() != *expected
        {
            diags.push(
                Diagnostic::error(
                    "bad-value",
                    self.file,
                    node.pos,
                    format!("`{path}` must be {expected}"),
                )
                .with_hint(format!("write {expected}")),
            );
        }
        if let Some(allowed) = schema.get("enum").and_then(Value::as_array) {
            let json = node.to_json();
            if !allowed.contains(&json) {
                let names: Vec<&str> = allowed.iter().filter_map(Value::as_str).collect();
                let word = node.as_str().unwrap_or("");
                diags.push(
                    Diagnostic::error(
                        "bad-value",
                        self.file,
                        node.pos,
                        format!("`{path}` has a value that is not allowed: {json}"),
                    )
                    .with_hint(suggest::hint(word, &names)),
                );
            }
        }
        if let Some(d) = self.bounds(schema, node, path) {
            diags.push(d);
        }
        if let (Some(pattern), Some(s)) =
            (schema.get("pattern").and_then(Value::as_str), node.as_str())
            && pattern != DATE_PATTERN
            && !matches_pattern(pattern, s)
        {
            diags.push(
                Diagnostic::error(
                    "bad-value",
                    self.file,
                    node.pos,
                    format!("`{path}` does not match the pattern `{pattern}`: `{s}`"),
                )
                .with_hint("see `cardsite schema` for the expected form"),
            );
        }
        if let (Some(pattern), Some(s)) =
            (schema.get("pattern").and_then(Value::as_str), node.as_str())
            && pattern == DATE_PATTERN
            && !is_date(s)
        {
            diags.push(
                Diagnostic::error(
                    "bad-date",
                    self.file,
                    node.pos,
                    format!("`{path}` is not a date: `{s}`"),
                )
                .with_hint("write dates as YYYY-MM-DD, e.g. 2026-11-25"),
            );
        }
        match &node.kind {
            Kind::Map(entries) => self.visit_map(schema, node, entries, path, diags),
            Kind::Seq(items) => {
                if let Some(item_schema) = schema.get("items") {
                    for (i, item) in items.iter().enumerate() {
                        self.visit(item_schema, item, Trail::Item(&path, i), diags);
                    }
                }
            }
            _ => {}
        }
    }

    fn visit_map(
        &self,
        schema: &Value,
        node: &Node,
        entries: &[(Node, Node)],
        path: Trail<'_>,
        diags: &mut Diagnostics,
    ) {
        let props = schema.get("properties").and_then(Value::as_object);
        for (key, value) in entries {
            let name: Cow<str> = match &key.kind {
                Kind::Str(s) => Cow::Borrowed(s),
                _ => Cow::Owned(key.key_text()),
            };
            let child = Trail::Key(&path, &name);
            if let Some(s) = props.and_then(|p| p.get(name.as_ref())) {
                self.visit(s, value, child, diags);
                continue;
            }
            match schema.get("additionalProperties") {
                Some(Value::Bool(false)) => {
                    let names: Vec<&str> = props
                        .map(|p| p.keys().map(String::as_str).collect())
                        .unwrap_or_default();
                    let hint = match suggest::closest(&name, names.iter().copied()) {
                        Some(c) => format!("did you mean `{c}`?"),
                        None if names.is_empty() => "remove this field".to_string(),
                        None => format!("known fields here: {}", names.join(", ")),
                    };
                    let place = path.place("a card");
                    diags.push(
                        Diagnostic::error(
                            "unknown-field",
                            self.file,
                            key.pos,
                            format!("unknown field `{name}` in {place}"),
                        )
                        .with_hint(hint),
                    );
                }
                Some(extra @ Value::Object(_)) => self.visit(extra, value, child, diags),
                _ => {}
            }
        }
        if let Some(required) = schema.get("required").and_then(Value::as_array) {
            for r in required.iter().filter_map(Value::as_str) {
                if node.get(r).is_none() {
                    let place = path.place("the file");
                    diags.push(
                        Diagnostic::error(
                            "missing-field",
                            self.file,
                            node.pos,
                            format!("missing required field `{r}` in {place}"),
                        )
                        .with_hint(format!("add `{r}:` with a value")),
                    );
                }
            }
        }
    }

    fn wrong_type(&self, node: &Node, path: Trail<'_>, expected: &str) -> Diagnostic {
        let field = path.place("the file");
        let hint =
            if expected.contains("string") && matches!(node.kind, Kind::Seq(_) | Kind::Map(_)) {
                "write the value as text; quote it if it contains `: ` or starts with `[` or `{`"
            } else if expected.contains("string") {
                "put the value in quotes to make it text"
            } else {
                "see `cardsite schema` for the expected shape"
            };
        Diagnostic::error(
            "wrong-type",
            self.file,
            node.pos,
            format!("{field} should be {expected}, found {}", node.type_name()),
        )
        .with_hint(hint)
    }
}

fn types_of(schema: &Value) -> Vec<&str> {
    match schema.get("type") {
        Some(Value::String(s)) => vec![s.as_str()],
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
        _ => vec![],
    }
}

/// The keywords of the schemas `cardsite schema` emits that the checker
/// enforces, and those that only annotate. A test fails when a schema
/// emits any other keyword, so what editors see and what `check` applies
/// cannot drift apart.
pub const ENFORCED_KEYWORDS: &[&str] = &[
    "type",
    "properties",
    "required",
    "additionalProperties",
    "items",
    "anyOf",
    "oneOf",
    "$ref",
    "enum",
    "const",
    "pattern",
    "minimum",
    "maximum",
    "format",
];
pub const ANNOTATION_KEYWORDS: &[&str] =
    &["$defs", "$id", "$schema", "title", "description", "default"];

/// The pattern of `YYYY-MM-DD` dates, checked as real calendar dates.
const DATE_PATTERN: &str = r"^\d{4}-\d{2}-\d{2}$";

/// Whether `s` matches `pattern`; compiled patterns are kept (a schema has few).
fn matches_pattern(pattern: &str, s: &str) -> bool {
    use std::collections::HashMap;
    use std::sync::{Mutex, OnceLock};
    static CACHE: OnceLock<Mutex<HashMap<String, Option<regex::Regex>>>> = OnceLock::new();
    let mut cache = CACHE
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    let re = cache
        .entry(pattern.to_string())
        .or_insert_with(|| regex::Regex::new(pattern).ok());
    // A pattern the engine cannot read is the schema's fault, not the card's.
    re.as_ref().is_none_or(|re| re.is_match(s))
}

/// The integer range a `format` names (schemars: `uint64`, `int32`, …).
fn format_range(format: &str) -> Option<(i128, i128)> {
    Some(match format {
        "uint8" => (0, u8::MAX.into()),
        "uint16" => (0, u16::MAX.into()),
        "uint32" | "uint" => (0, u32::MAX.into()),
        "uint64" => (0, u64::MAX.into()),
        "int8" => (i8::MIN.into(), i8::MAX.into()),
        "int16" => (i16::MIN.into(), i16::MAX.into()),
        "int32" | "int" => (i32::MIN.into(), i32::MAX.into()),
        "int64" => (i64::MIN.into(), i64::MAX.into()),
        _ => return None,
    })
}

fn type_ok(schema: &Value, node: &Node) -> bool {
    let types = types_of(schema);
    if types.is_empty() {
        return true;
    }
    types.iter().any(|t| {
        matches!(
            (*t, &node.kind),
            ("null", Kind::Null)
                | ("boolean", Kind::Bool(_))
                | ("integer", Kind::Int(_))
                | ("number", Kind::Int(_) | Kind::Float(_))
                | ("string", Kind::Str(_))
                | ("array", Kind::Seq(_))
                | ("object", Kind::Map(_))
        )
    })
}

fn expected_noun(schema: &Value) -> String {
    let nouns: Vec<&str> = types_of(schema)
        .into_iter()
        .filter(|t| *t != "null")
        .map(|t| match t {
            "boolean" => "true or false",
            "integer" => "a whole number",
            "number" => "a number",
            "string" => "a string",
            "array" => "a list",
            "object" => "a mapping",
            other => other,
        })
        .collect();
    if nouns.is_empty() {
        "a value".into()
    } else {
        nouns.join(" or ")
    }
}

fn is_date(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    let [y, m, d] = parts[..] else {
        return false;
    };
    if y.len() != 4
        || m.len() != 2
        || d.len() != 2
        || !s.bytes().all(|b| b.is_ascii_digit() || b == b'-')
    {
        return false;
    }
    let (Ok(y), Ok(m), Ok(d)) = (y.parse::<i32>(), m.parse::<u8>(), d.parse::<u8>()) else {
        return false;
    };
    time::Month::try_from(m).is_ok_and(|m| time::Date::from_calendar_date(y, m, d).is_ok())
}

#[cfg(test)]
mod keyword_tests {
    use super::{ANNOTATION_KEYWORDS, ENFORCED_KEYWORDS};
    use serde_json::Value;

    fn keywords(v: &Value, out: &mut std::collections::BTreeSet<String>) {
        match v {
            Value::Object(m) => {
                for (k, x) in m {
                    out.insert(k.clone());
                    if k == "properties" || k == "$defs" {
                        x.as_object()
                            .into_iter()
                            .flatten()
                            .for_each(|(_, y)| keywords(y, out));
                    } else {
                        keywords(x, out);
                    }
                }
            }
            Value::Array(a) => a.iter().for_each(|x| keywords(x, out)),
            _ => {}
        }
    }

    #[test]
    fn the_checker_honours_every_keyword_the_schemas_emit() {
        let registry = crate::model::Registry::builtin();
        let mut found = std::collections::BTreeSet::new();
        for schema in [
            crate::model::schema::card_schema(&registry, true),
            crate::model::schema::card_schema(&registry, false),
            crate::model::schema::context_schema(),
            crate::model::schema::registry_schema(),
        ] {
            keywords(&schema, &mut found);
        }
        let unknown: Vec<_> = found
            .iter()
            .filter(|k| {
                !ENFORCED_KEYWORDS.contains(&k.as_str())
                    && !ANNOTATION_KEYWORDS.contains(&k.as_str())
            })
            .collect();
        assert!(
            unknown.is_empty(),
            "schema keywords the checker ignores: {unknown:?}"
        );
    }
}

#[cfg(test)]
mod date_tests {
    #[test]
    fn dates_are_real_calendar_dates() {
        for ok in ["2026-12-03", "2024-02-29", "2000-02-29", "1999-12-31"] {
            assert!(super::is_date(ok), "{ok}");
        }
        for bad in [
            "2026-02-31",
            "2023-02-29",
            "1900-02-29",
            "2026-04-31",
            "2026-13-01",
            "2026-00-10",
            "2026-1-01",
            "+026-01-01",
        ] {
            assert!(!super::is_date(bad), "{bad}");
        }
    }
}
