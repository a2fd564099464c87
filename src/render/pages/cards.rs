//! Card pages and assumption pages.

use super::super::listing::{self, PAGE_ROWS};
use super::super::{Job, JobFn, Renderer, jsonld, views};
use crate::model::AssumptionKind;
use crate::routes::{PagedKind, Route};

/// Each card's page, and each assumption's page.
pub(super) fn card_jobs<'r>(r: &'r Renderer<'r>, jobs: &mut Vec<Job<'r>>) {
    let cat = r.catalogue;
    let edit = r.edit_base();
    let mut push = |path: String, run: JobFn<'r>| jobs.push(Job { path, run });
    for card in &cat.cards {
        let edit = edit.clone();
        let path = Route::Card(&card.slug).file();
        push(
            path.clone(),
            Box::new(move |w| {
                let history = r.history.of(&card.file);
                let modified = history.as_ref().map(|h| h.last.date.as_str());
                let extras = views::CardExtras {
                    cite: super::card_files::card_cite(r, card),
                    badges: super::card_files::badge_items(r, card, &path)?,
                    jsonld: Some(jsonld::for_page(r, card, modified)),
                    history,
                };
                r.render_keyed(
                    "card.html",
                    &path,
                    "card",
                    &views::card_view(cat, card, edit.as_deref(), extras),
                    w,
                )
            }),
        );
    }
    for a in &cat.registry.assumptions {
        let answered: std::sync::Arc<Vec<usize>> = std::sync::Arc::new(
            (0..cat.cards.len())
                .filter(|&k| cat.cards[k].answers.contains_key(&a.id))
                .collect(),
        );
        let pages = answered.len().div_ceil(PAGE_ROWS).max(1);
        for page in 1..=pages {
            let answered = answered.clone();
            let path = Route::Paged(PagedKind::Assumption, &a.id, page).file();
            push(
                path.clone(),
                Box::new(move |w| {
                    let start = ((page - 1) * PAGE_ROWS).min(answered.len());
                    let slice = &answered[start..(start + PAGE_ROWS).min(answered.len())];
                    let base = r.config.base();
                    let p = listing::pagination(page, pages, answered.len(), PAGE_ROWS, |n| {
                        base.url(Route::Paged(PagedKind::Assumption, &a.id, n))
                    });
                    r.render("assumption.html", &path, w, |c| {
                        c.insert("assumption", a);
                        c.insert("kind_label", a.kind.label());
                        c.insert(
                            "kind_note",
                            match a.kind {
                                AssumptionKind::Task => "Task assumptions can be tested with conversation data from the deployment.",
                                AssumptionKind::Outcome => "Outcome assumptions need outcome data: behavioural studies or randomised trials.",
                            },
                        );
                        c.insert(
                            "answers",
                            &views::assumption_answers(a, slice.iter().map(|&k| &cat.cards[k])),
                        );
                        c.insert("pagination", &p);
                    })
                }),
            );
        }
    }
}
