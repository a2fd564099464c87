//! Card pages and assumption pages.

use super::super::{Job, JobFn, Renderer, views};
use crate::model::AssumptionKind;
use crate::routes::Route;

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
                r.render_keyed(
                    "card.html",
                    &path,
                    "card",
                    &views::card_view(cat, card, edit.as_deref()),
                    w,
                )
            }),
        );
    }
    for a in &cat.registry.assumptions {
        let path = Route::Assumption(&a.id).file();
        push(
            path.clone(),
            Box::new(move |w| {
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
                c.insert("answers", &views::assumption_answers(cat, a));
            })
            }),
        );
    }
}
