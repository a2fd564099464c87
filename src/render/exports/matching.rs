//! `match.json`: the small document the match page ranks in the browser.

use crate::model::Catalogue;
use std::io::{self, Write};

#[derive(serde::Serialize)]
struct MatchExport<'a> {
    assumptions: Vec<MatchAssumption<'a>>,
    cards: Vec<MatchCard<'a>>,
    contexts: Vec<MatchContext<'a>>,
}

#[derive(serde::Serialize)]
struct MatchAssumption<'a> {
    id: &'a str,
    name: &'a str,
    kind: &'static str,
    question: &'a str,
    categories: &'a [crate::model::Category],
}

#[derive(serde::Serialize)]
struct MatchCard<'a> {
    slug: &'a str,
    title: &'a str,
    url: String,
    answers: std::collections::BTreeMap<&'a str, MatchAnswer<'a>>,
}

/// A categorised answer: the category is all the ranking reads (the
/// answer's text is on the card page; carrying it made match.json grow
/// with every card's prose).
#[derive(serde::Serialize)]
struct MatchAnswer<'a> {
    category: &'a str,
}

#[derive(serde::Serialize)]
struct MatchContext<'a> {
    id: &'a str,
    name: &'a str,
    profile: &'a std::collections::BTreeMap<String, String>,
}

/// The small document the match page ranks in the browser, serialised
/// straight from the model into `w`.
pub fn match_json(
    cat: &Catalogue,
    base: &crate::routes::BaseUrl,
    w: &mut dyn Write,
) -> io::Result<()> {
    let export = MatchExport {
        assumptions: cat
            .registry
            .assumptions
            .iter()
            .map(|a| MatchAssumption {
                id: &a.id,
                name: &a.name,
                kind: a.kind.as_str(),
                question: &a.question,
                categories: &a.categories,
            })
            .collect(),
        // Imported cards wait for review before they are offered as matches.
        cards: cat
            .cards
            .iter()
            .filter(|c| c.is_reviewed())
            .map(|c| MatchCard {
                slug: &c.slug,
                title: &c.title,
                url: base.url(crate::routes::Route::Card(&c.slug)),
                answers: c
                    .answers
                    .iter()
                    .filter_map(|(id, a)| {
                        Some((
                            id.as_str(),
                            MatchAnswer {
                                category: a.category.as_deref()?,
                            },
                        ))
                    })
                    .collect(),
            })
            .collect(),
        contexts: cat
            .contexts
            .iter()
            .filter(|c| !c.profile.is_empty())
            .map(|c| MatchContext {
                id: &c.id,
                name: &c.name,
                profile: &c.profile,
            })
            .collect(),
    };
    let mut w = io::BufWriter::with_capacity(1 << 16, w);
    serde_json::to_writer(&mut w, &export)?;
    w.flush()
}
