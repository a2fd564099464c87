//! The card's assumptions, answers and verdicts in the `cardsite:`
//! vocabulary, and the sentences of `rai:dataLimitations`.

use crate::model::format::{Departure, Evidence};
use crate::model::{Assessment, Card, Catalogue, Verdict};
use crate::render::views::contexts_for;
use crate::routes::{BaseUrl, Route};
use serde_json::{Value, json};

/// Each assumption the card answers or a context assessed, registry order.
pub(super) fn assumptions(cat: &Catalogue, card: &Card, b: &BaseUrl) -> Vec<Value> {
    let ctxs = contexts_for(cat, &card.slug);
    cat.registry
        .assumptions
        .iter()
        .filter_map(|a| {
            let ans = card.answers.get(&a.id);
            let verdicts: Vec<Value> = ctxs
                .iter()
                .filter_map(|(ctx, v)| {
                    let x = v.get(&a.id)?;
                    Some(json!({
                        "@type": "cardsite:Verdict",
                        "cardsite:context": {
                            "@type": "cardsite:DeploymentContext",
                            "cardsite:contextId": ctx.id,
                            "name": ctx.name,
                            "url": b.url_absolute(Route::Context(&ctx.id)),
                        },
                        "cardsite:holds": x.verdict.as_str(),
                        "cardsite:reason": x.reason,
                        "cardsite:assessedBy": x.assessor.as_str(),
                        "cardsite:assessed": ctx.assessed,
                        "cardsite:locator": x.locator(),
                        "cardsite:evidence": evidence(x.evidence()),
                        "cardsite:departs": x.departs().map(departs),
                    }))
                })
                .collect();
            if ans.is_none() && verdicts.is_empty() {
                return None;
            }
            Some(json!({
                "@type": "cardsite:Assumption",
                "cardsite:assumptionId": a.id,
                "name": a.name,
                "url": b.url_absolute(Route::Assumption(&a.id)),
                "cardsite:kind": a.kind.as_str(),
                "cardsite:question": ans.map_or(a.question.as_str(), |x| &x.question),
                "cardsite:answer": ans.map(|x| &x.text),
                "cardsite:category": ans.and_then(|x| x.category.as_deref()),
                "cardsite:evidence": evidence(ans.map_or(&[], |x| &x.evidence)),
                "cardsite:departs": ans.and_then(|x| x.departs.as_ref()).map(departs),
                "cardsite:verdict": verdicts,
            }))
        })
        .collect()
}

/// `rai:dataLimitations`: the assumptions the card documents (each one is
/// where the benchmark may differ from a deployment), the verdicts that say
/// one does not hold, and the card's notes.
pub(super) fn limitations(cat: &Catalogue, card: &Card) -> Vec<String> {
    let mut out: Vec<String> = cat
        .registry
        .assumptions
        .iter()
        .filter_map(|a| {
            let ans = card.answers.get(&a.id)?;
            Some(format!(
                "{} ({} assumption): {}",
                a.name,
                a.kind.as_str(),
                ans.text.trim()
            ))
        })
        .collect();
    for (ctx, verdicts) in contexts_for(cat, &card.slug) {
        for (id, x) in verdicts {
            let Some(how) = fails(x) else { continue };
            let name = cat.registry.get(id).map_or(id.as_str(), |a| &a.name);
            out.push(format!(
                "{name} {how} in the deployment context \"{}\": {}",
                ctx.name,
                x.reason.trim()
            ));
        }
    }
    out.extend(card.notes.clone());
    out.retain(|s| !s.trim().is_empty());
    out
}

fn fails(a: &Assessment) -> Option<&'static str> {
    match a.verdict {
        Verdict::No => Some("does not hold"),
        Verdict::Partially => Some("holds only partially"),
        Verdict::Yes | Verdict::Unknown => None,
    }
}

fn evidence(ev: &[Evidence]) -> Vec<Value> {
    ev.iter()
        .map(|e| {
            json!({
                "@type": "Quotation",
                "text": e.quote,
                "isBasedOn": e.url,
                "cardsite:locator": e.locator,
            })
        })
        .collect()
}

fn departs(d: &Departure) -> Value {
    json!({
        "@type": "cardsite:Departure",
        "cardsite:from": d.from.as_str(),
        "cardsite:said": d.said,
        "cardsite:why": d.why,
    })
}
