//! The files beside each card's page: `cite.bib`, `card.json`, `badge.svg`
//! and a verdict strip `<context>.svg` per context that assessed the card;
//! and the badges and citations the page itself shows.

use super::super::badges::{self, BadgeItem, Palette};
use super::super::cite::{self, CardCite};
use super::super::{Job, JobFn, Renderer, exports, views};
use crate::diagnostic::Diagnostic;
use crate::model::Card;
use crate::output::{write_bytes, write_error};
use crate::routes::Route;
use std::sync::Arc;

/// Each card's `cite.bib`, `card.json`, `badge.svg` and verdict strips.
pub(super) fn card_file_jobs<'r>(r: &'r Renderer<'r>, jobs: &mut Vec<Job<'r>>) {
    let cat = r.catalogue;
    let palette = Arc::new(Palette::of_theme(r.theme));
    let mut push = |path: String, run: JobFn<'r>| jobs.push(Job { path, run });
    for card in &cat.cards {
        let path = Route::CardBib(&card.slug).file();
        push(
            path.clone(),
            Box::new(move |w| {
                let url = r.config.base().url_absolute(Route::Card(&card.slug));
                write_bytes(
                    w,
                    &path,
                    cite::card_bib(card, &url, &r.site.title).as_bytes(),
                )
            }),
        );
        let path = Route::CardJson(&card.slug).file();
        push(
            path.clone(),
            Box::new(move |w| exports::card_json(cat, card, w).map_err(|e| write_error(&path, &e))),
        );
        let path = Route::CardBadge(&card.slug).file();
        let p = palette.clone();
        push(
            path.clone(),
            Box::new(move |w| {
                r.render("badge.svg", &path, w, |c| {
                    c.insert("badge", &badges::badge(cat, card));
                    c.insert("palette", &*p);
                })
            }),
        );
        for (ctx, verdicts) in views::contexts_for(cat, &card.slug) {
            let path = Route::CardStrip(&card.slug, &ctx.id).file();
            let p = palette.clone();
            push(
                path.clone(),
                Box::new(move |w| {
                    r.render("strip.svg", &path, w, |c| {
                        c.insert("strip", &badges::strip(cat, card, ctx, verdicts, &p));
                    })
                }),
            );
        }
    }
}

/// The "Cite" section of a card's page.
pub(super) fn card_cite(r: &Renderer<'_>, card: &Card) -> CardCite {
    let url = r.config.base().url_absolute(Route::Card(&card.slug));
    CardCite::of(card, &url, &r.site.title)
}

/// The badges a card's page shows, each with Markdown and HTML to embed it
/// (absolute links when the site's `base_url` has an origin).
pub(super) fn badge_items(
    r: &Renderer<'_>,
    card: &Card,
    page: &str,
) -> Result<Vec<BadgeItem>, Diagnostic> {
    let cat = r.catalogue;
    let base = r.config.base();
    let link = base.url_absolute(Route::Card(&card.slug));
    let doc = badges::badge(cat, card);
    let mut items = vec![(
        "Documentation".to_string(),
        "badge".to_string(),
        Route::CardBadge(&card.slug),
        format!("{}: {} with {}", card.title, doc.label, doc.text),
    )];
    for (ctx, _) in views::contexts_for(cat, &card.slug) {
        items.push((
            format!("Verdicts in {}", ctx.name),
            format!("strip-{}", ctx.id),
            Route::CardStrip(&card.slug, &ctx.id),
            format!("{}: verdicts in {}", card.title, ctx.name),
        ));
    }
    items
        .into_iter()
        .map(|(label, id, route, alt)| {
            let image = base.url_absolute(route);
            let html = r.fragment("partials/badge_embed.html", page, |c| {
                c.insert("link", &link);
                c.insert("image", &image);
                c.insert("alt", &alt);
            })?;
            Ok(BadgeItem {
                markdown: format!(
                    "[![{}]({})]({})",
                    badges::markdown_alt(&alt),
                    badges::markdown_url(&image),
                    badges::markdown_url(&link)
                ),
                html: html.trim().to_string(),
                src: base.url(route),
                label,
                id,
                alt,
            })
        })
        .collect()
}
