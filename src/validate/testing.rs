//! Helpers for the rules' unit tests: a YAML string → located tree, the
//! built-in registry, and diagnostics as (code, line, column).

use crate::diagnostic::Diagnostics;
use crate::load::{Node, yaml};
use crate::model::Registry;
use std::path::Path;

pub const CARD: &str = "cards/t.yaml";

/// The tree of `text`, parsed as a card (`large` as a context file).
pub fn tree(text: &str, large: bool) -> Node {
    yaml::parse_with(Path::new(CARD), text, large).expect("test YAML parses")
}

/// The built-in assumption registry.
pub fn registry() -> Registry {
    Registry::builtin()
}

/// (code, line, column) of each diagnostic, in order.
pub fn located(d: &Diagnostics) -> Vec<(&'static str, u32, u32)> {
    d.iter().map(|x| (x.code, x.line, x.column)).collect()
}

/// Runs `f` with a context over the built-in registry (no schemas: the
/// rules run after the shape check), returning its diagnostics too.
pub fn with_ctx<R>(f: impl FnOnce(&mut super::Ctx) -> R) -> (R, Diagnostics) {
    with_schema(&serde_json::Value::Null, f)
}

/// [`with_ctx`] with `schema` as both the card and the context schema.
pub fn with_schema<R>(
    schema: &serde_json::Value,
    f: impl FnOnce(&mut super::Ctx) -> R,
) -> (R, Diagnostics) {
    let registry = registry();
    let mut cx = super::Ctx {
        registry: &registry,
        card_schema: schema,
        context_schema: schema,
        diags: Diagnostics::default(),
    };
    let result = f(&mut cx);
    (result, cx.diags)
}
