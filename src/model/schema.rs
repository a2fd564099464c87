//! JSON Schemas for editors and for the validator, generated from the file
//! format types and patched with the site's assumption registry.

use crate::model::format::{CardFile, ContextFile, RegistryFile};
use crate::model::{AssumptionKind, Registry};
use serde_json::{Value, json};

fn to_value(s: schemars::Schema) -> Value {
    s.to_value()
}

/// The card schema. With `strict`, `task:` and `outcome:` accept only the
/// registry's ids and each `category` only that assumption's categories (what
/// editors get); otherwise any id (the validator explains unknown ids itself).
pub fn card_schema(registry: &Registry, strict: bool) -> Value {
    let mut schema = to_value(schemars::schema_for!(CardFile));
    schema["$id"] = json!("https://cardsite.dev/schema/card.json");
    for kind in [AssumptionKind::Task, AssumptionKind::Outcome] {
        let mut props = serde_json::Map::new();
        for a in registry.of_kind(kind) {
            let mut answer = schema["$defs"]["AnswerFile"].clone();
            answer["description"] = json!(format!("{} — {}", a.name, a.question));
            if strict && !a.categories.is_empty() {
                let mut ids: Vec<Value> = a.categories.iter().map(|c| json!(c.id)).collect();
                ids.push(Value::Null);
                answer["properties"]["category"]["enum"] = Value::Array(ids);
            }
            props.insert(a.id.clone(), answer);
        }
        let field = &mut schema["properties"][kind.as_str()];
        field["type"] = json!("object");
        field["properties"] = Value::Object(props);
        field["additionalProperties"] = if strict {
            json!(false)
        } else {
            json!({"$ref": "#/$defs/AnswerFile"})
        };
    }
    schema
}

pub fn context_schema() -> Value {
    to_value(schemars::schema_for!(ContextFile))
}

pub fn registry_schema() -> Value {
    to_value(schemars::schema_for!(RegistryFile))
}
