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
        if let (Some(pattern), Some(s)) =
            (schema.get("pattern").and_then(Value::as_str), node.as_str())
            && pattern == r"^\d{4}-\d{2}-\d{2}$"
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
