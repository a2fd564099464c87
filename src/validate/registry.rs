//! `cards/_assumptions.yaml`: the site's additions to the built-in registry.

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::load::{Node, SourceKind, Sources};
use crate::model::format::RegistryFile;
use crate::model::{AssumptionKind, Registry};

pub fn load(sources: &Sources, nodes: &[(usize, Node)], diags: &mut Diagnostics) -> Registry {
    let mut files =
        match serde_saphyr::from_str::<RegistryFile>(crate::model::registry::BUILTIN_YAML) {
            Ok(f) => f.assumptions,
            Err(_) => Vec::new(),
        };
    for (i, node) in nodes {
        let src = &sources.files[*i];
        if src.kind != SourceKind::Registry {
            continue;
        }
        let schema = crate::model::schema::registry_schema();
        if !super::shape::ShapeChecker::new(&schema, &src.rel).check(node, diags) {
            continue;
        }
        let Ok(raw) = crate::load::de::from_node::<RegistryFile>(node) else {
            continue;
        };
        let items = match node.get("assumptions").map(|n| &n.kind) {
            Some(crate::load::Kind::Seq(items)) => items.as_slice(),
            _ => &[],
        };
        for (a, n) in raw.assumptions.into_iter().zip(items) {
            let mut ok = true;
            if !a
                .id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
                || a.id.is_empty()
            {
                diags.push(
                    Diagnostic::error(
                        "bad-id",
                        &src.rel,
                        n.locate(&["id"]),
                        format!("assumption id `{}` is not valid", a.id),
                    )
                    .with_hint("use lowercase letters, digits and underscores"),
                );
                ok = false;
            }
            if AssumptionKind::parse(&a.kind).is_none() {
                diags.push(
                    Diagnostic::error(
                        "bad-value",
                        &src.rel,
                        n.locate(&["kind"]),
                        format!(
                            "assumption kind `{}` is neither `task` nor `outcome`",
                            a.kind
                        ),
                    )
                    .with_hint(super::suggest::hint(&a.kind, &["task", "outcome"])),
                );
                ok = false;
            }
            if ok {
                files.push(a);
            }
        }
    }
    Registry::from_files(&files)
}
