//! Listings that scale: the catalogue's benchmarks in static, paginated
//! pages — all of them in three orders, and by domain, tag, year,
//! documentation completeness and review tier — and the indexes of those
//! groups. Rust decides what each page holds; templates lay it out.

use crate::model::format::{ReviewStatus, ReviewerRole};
use crate::model::{Card, Catalogue};
use crate::routes::{BaseUrl, Route};
use serde::Serialize;
use std::collections::BTreeMap;

/// Rows on a listing page.
pub const PAGE_ROWS: usize = 100;
/// Groups on a page of a group index (domains, tags).
pub const INDEX_ROWS: usize = 300;
/// A domain or tag gets its own listing from this many benchmarks.
pub const MIN_GROUP: usize = 2;

/// One listing: an ordered set of benchmarks under `browse/<key>`.
pub struct Listing {
    /// The path below `browse/`: "" (all), `by-year/`, `domain/oncology/`.
    pub key: String,
    pub title: String,
    /// What the listing is: `all`, `domain`, `tag`, `year`, `documented`, `review`.
    pub kind: &'static str,
    /// Indices into the catalogue's cards, in the listing's order.
    pub cards: Vec<usize>,
}

impl Listing {
    pub fn pages(&self) -> usize {
        self.cards.len().div_ceil(PAGE_ROWS).max(1)
    }
}

/// A group of a kind (one domain, one tag, one year…) as its index lists it.
#[derive(Serialize, Clone)]
pub struct GroupLink {
    pub name: String,
    pub url: String,
    pub count: usize,
}

/// The index of one kind of group (`browse/domains/` …), in pages.
pub struct GroupIndex {
    pub key: &'static str,
    pub title: &'static str,
    pub groups: Vec<GroupLink>,
    /// Groups too small for a listing of their own.
    pub small: usize,
}

impl GroupIndex {
    /// Pages of the index (at least one, even when empty).
    pub fn pages(&self) -> usize {
        self.groups.len().div_ceil(INDEX_ROWS).max(1)
    }
}

/// `Oncology & Haematology` → `oncology-haematology`; empty → `other`.
pub fn slugify(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-');
    if out.is_empty() {
        "other".into()
    } else {
        out.to_string()
    }
}

/// How many registered assumptions a card answers with a category.
pub fn documented(cat: &Catalogue, card: &Card) -> usize {
    cat.registry
        .assumptions
        .iter()
        .filter(|a| {
            card.answers
                .get(&a.id)
                .is_some_and(|x| x.category.is_some())
        })
        .count()
}

fn by_title(cat: &Catalogue) -> Vec<usize> {
    let mut order: Vec<(String, usize)> = cat
        .cards
        .iter()
        .enumerate()
        .map(|(i, c)| (c.title.to_lowercase(), i))
        .collect();
    order.sort();
    order.into_iter().map(|(_, i)| i).collect()
}

/// Groups by a key per card (several keys per card allowed), each group in
/// title order; keys that slugify alike are one group (named as first seen).
pub(crate) fn grouped<'c>(
    cat: &'c Catalogue,
    order: &[usize],
    keys: impl Fn(&'c Card) -> Vec<String>,
) -> BTreeMap<String, (String, Vec<usize>)> {
    let mut groups: BTreeMap<String, (String, Vec<usize>)> = BTreeMap::new();
    for &i in order {
        let mut seen: Vec<String> = Vec::new();
        for name in keys(&cat.cards[i]) {
            let slug = slugify(&name);
            if seen.contains(&slug) {
                continue;
            }
            seen.push(slug.clone());
            groups
                .entry(slug)
                .or_insert_with(|| (name.trim().to_string(), Vec::new()))
                .1
                .push(i);
        }
    }
    groups
}

/// Adds `listing` (unless it lists no card) and its link, named
/// `link_name`, to a group index.
fn add(
    out: &mut Vec<Listing>,
    links: &mut Vec<GroupLink>,
    base: &BaseUrl,
    link_name: String,
    listing: Listing,
) {
    if listing.cards.is_empty() {
        return;
    }
    links.push(GroupLink {
        name: link_name,
        url: base.url(Route::Browse(&listing.key, 1)),
        count: listing.cards.len(),
    });
    out.push(listing);
}

/// Every listing of the catalogue, and the indexes of its groups.
pub fn listings(cat: &Catalogue, base: &BaseUrl) -> (Vec<Listing>, Vec<GroupIndex>) {
    let names = by_title(cat);
    let mut by_year = names.clone();
    by_year.sort_by_key(|&i| std::cmp::Reverse(cat.cards[i].year.unwrap_or(i32::MIN)));
    let mut by_added = names.clone();
    by_added.sort_by(|&a, &b| cat.cards[b].added.cmp(&cat.cards[a].added));
    let mut out = vec![
        Listing {
            key: String::new(),
            title: "All benchmarks, by name".into(),
            kind: "all",
            cards: names.clone(),
        },
        Listing {
            key: "by-year/".into(),
            title: "All benchmarks, newest first".into(),
            kind: "all",
            cards: by_year,
        },
        Listing {
            key: "by-added/".into(),
            title: "All benchmarks, by date added".into(),
            kind: "all",
            cards: by_added,
        },
    ];
    let mut indexes = Vec::new();
    type Keys<'k> = Box<dyn Fn(&'k Card) -> Vec<String> + 'k>;
    let kinds: [(&'static str, &'static str, &'static str, Keys<'_>); 2] = [
        (
            "domain",
            "domains",
            "Domains",
            Box::new(|c| c.domains.clone()),
        ),
        ("tag", "tags", "Tags", Box::new(|c| c.tags.clone())),
    ];
    for (kind, key, title, keys) in kinds {
        let mut groups: Vec<GroupLink> = Vec::new();
        let mut small = 0;
        for (slug, (name, cards)) in grouped(cat, &names, keys) {
            if cards.len() < MIN_GROUP {
                small += 1;
                continue;
            }
            let listing = Listing {
                key: format!("{kind}/{slug}/"),
                title: format!("{}: {name}", title.trim_end_matches('s')),
                kind,
                cards,
            };
            add(&mut out, &mut groups, base, name, listing);
        }
        groups.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.name.cmp(&b.name)));
        indexes.push(GroupIndex {
            key,
            title,
            groups,
            small,
        });
    }
    // Years, newest first.
    let years = grouped(cat, &names, |c| {
        c.year.map(|y| y.to_string()).into_iter().collect()
    });
    let mut year_links = Vec::new();
    for (slug, (name, cards)) in years.into_iter().rev() {
        let listing = Listing {
            key: format!("year/{slug}/"),
            title: format!("Benchmarks first released in {name}"),
            kind: "year",
            cards,
        };
        add(&mut out, &mut year_links, base, name, listing);
    }
    indexes.push(GroupIndex {
        key: "years",
        title: "Years",
        groups: year_links,
        small: 0,
    });
    // Documentation completeness (reviewed cards), and review tiers.
    let n = cat.registry.assumptions.len();
    let mut doc_links = Vec::new();
    for level in (0..=n).rev() {
        let cards: Vec<usize> = names
            .iter()
            .copied()
            .filter(|&i| cat.cards[i].is_reviewed() && documented(cat, &cat.cards[i]) == level)
            .collect();
        let listing = Listing {
            key: format!("documented/{level}/"),
            title: format!("Benchmarks with {level} of {n} assumptions answered and categorised"),
            kind: "documented",
            cards,
        };
        let name = format!("{level} of {n} assumptions answered and categorised");
        add(&mut out, &mut doc_links, base, name, listing);
    }
    for status in [
        ReviewStatus::Paper,
        ReviewStatus::Curated,
        ReviewStatus::Imported,
    ] {
        let cards: Vec<usize> = names
            .iter()
            .copied()
            .filter(|&i| cat.cards[i].review.status == status)
            .collect();
        let name = match status {
            ReviewStatus::Imported => "Needs review (imported, not yet reviewed)".to_string(),
            s => s.label().to_string(),
        };
        let listing = Listing {
            key: format!("review/{}/", status.as_str()),
            title: name.clone(),
            kind: "review",
            cards,
        };
        add(&mut out, &mut doc_links, base, name, listing);
    }
    // Cards a benchmark's own authors signed off, whatever their tier.
    let cards: Vec<usize> = names
        .iter()
        .copied()
        .filter(|&i| {
            cat.cards[i]
                .review
                .reviewed_by
                .iter()
                .any(|r| r.role == ReviewerRole::BenchmarkAuthor)
        })
        .collect();
    let name = "Reviewed by the benchmark's authors".to_string();
    let listing = Listing {
        key: "review/authors/".into(),
        title: name.clone(),
        kind: "review",
        cards,
    };
    add(&mut out, &mut doc_links, base, name, listing);
    indexes.push(GroupIndex {
        key: "documentation",
        title: "Documentation and review",
        groups: doc_links,
        small: 0,
    });
    (out, indexes)
}

/// One link of a page list.
#[derive(Serialize)]
pub struct PageLink {
    pub number: usize,
    pub url: String,
    pub current: bool,
}

/// Prev / next and the page numbers of one page of a listing (numbers near
/// the current page, the first and the last, with gaps as `None`).
#[derive(Serialize)]
pub struct Pagination {
    pub page: usize,
    pub pages: usize,
    pub total: usize,
    pub first_row: usize,
    pub last_row: usize,
    pub prev: Option<String>,
    pub next: Option<String>,
    pub links: Vec<Option<PageLink>>,
}

/// The pagination of page `page` (1-based) of `pages`, linking with `url`.
pub fn pagination(
    page: usize,
    pages: usize,
    total: usize,
    per_page: usize,
    url: impl Fn(usize) -> String,
) -> Pagination {
    let mut links = Vec::new();
    let mut last = 0;
    for n in 1..=pages {
        if n == 1 || n == pages || n.abs_diff(page) <= 2 {
            if last + 1 < n {
                links.push(None);
            }
            links.push(Some(PageLink {
                number: n,
                url: url(n),
                current: n == page,
            }));
            last = n;
        }
    }
    Pagination {
        page,
        pages,
        total,
        first_row: ((page - 1) * per_page + 1).min(total),
        last_row: (page * per_page).min(total),
        prev: (page > 1).then(|| url(page - 1)),
        next: (page < pages).then(|| url(page + 1)),
        links,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_and_pagination() {
        assert_eq!(slugify("Oncology & Haematology"), "oncology-haematology");
        assert_eq!(slugify("  ---  "), "other");
        assert_eq!(slugify("Médecine"), "m-decine");
        let p = pagination(5, 10, 950, 100, |n| format!("/p/{n}/"));
        let nums: Vec<Option<usize>> = p
            .links
            .iter()
            .map(|l| l.as_ref().map(|l| l.number))
            .collect();
        assert_eq!(
            nums,
            [
                Some(1),
                None,
                Some(3),
                Some(4),
                Some(5),
                Some(6),
                Some(7),
                None,
                Some(10)
            ]
        );
        assert_eq!((p.first_row, p.last_row), (401, 500));
        assert_eq!(p.prev.as_deref(), Some("/p/4/"));
        let last = pagination(10, 10, 950, 100, |n| n.to_string());
        assert_eq!((last.first_row, last.last_row, last.next), (901, 950, None));
        let one = pagination(1, 1, 0, 100, |n| n.to_string());
        assert_eq!((one.first_row, one.last_row, one.links.len()), (0, 0, 1));
    }
}
