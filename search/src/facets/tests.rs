use crate::{Doc, Engine, chunk_index, write_index};
use std::collections::BTreeMap;

/// Six cards: (domain, year, tag, verdict); even ones are single-turn.
const CARDS: [(&str, u32, &str, &str); 6] = [
    ("a", 2020, "qa", "yes"),
    ("a", 2021, "qa", "no"),
    ("b", 2020, "dialog", "no"),
    ("b", 2021, "qa", "yes"),
    ("c", 2020, "dialog", "no"),
    ("c", 2022, "qa", "partially"),
];

/// Card `i`'s facets.
fn facets_of(i: usize) -> Vec<String> {
    let (d, y, t, v) = CARDS[i];
    vec![
        "/kind/benchmark".into(),
        format!("/domain/{d}"),
        format!("/year/{y}"),
        format!("/tag/{t}"),
        format!(
            "/category/interaction_type/{}",
            if i.is_multiple_of(2) {
                "single"
            } else {
                "multi"
            }
        ),
        format!("/verdict/er:interaction_type/{v}"),
    ]
}

/// The six cards, indexed.
fn engine() -> Engine {
    let docs = (0..CARDS.len()).map(|i| Doc {
        url: format!("benchmarks/b{i}/"),
        kind: "benchmark".into(),
        title: format!("Clinical bench {i}"),
        facets: facets_of(i),
        ..Doc::default()
    });
    Engine::open(write_index(docs).unwrap()).unwrap()
}

fn f(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

fn counts(r: &crate::Results) -> BTreeMap<String, u64> {
    r.facets
        .iter()
        .map(|c| (c.facet.clone(), c.count))
        .collect()
}

#[test]
fn groups_are_parents_of_filters() {
    assert_eq!(crate::filter_group("/domain/a").unwrap(), "/domain");
    assert_eq!(
        crate::filter_group("/verdict/er:interaction_type/no").unwrap(),
        "/verdict/er:interaction_type"
    );
    assert_eq!(crate::filter_group("/kind").unwrap(), "/kind");
    assert!(crate::filter_group("domain").is_err());
    assert!(crate::filter_group("/").is_err());
}

#[test]
fn or_within_a_group_and_across_groups() {
    let e = engine();
    assert_eq!(
        e.search("clinical", 10, &f(&["/domain/a"])).unwrap().total,
        2
    );
    // OR within the domain group.
    let r = e
        .search("clinical", 10, &f(&["/domain/a", "/domain/b"]))
        .unwrap();
    assert_eq!(r.total, 4);
    // AND with the year group: (a or b) and 2020.
    let r = e
        .search(
            "clinical",
            10,
            &f(&["/domain/a", "/domain/b", "/year/2020"]),
        )
        .unwrap();
    assert_eq!(r.total, 2);
    let mut urls: Vec<_> = r.hits.iter().map(|h| h.url.as_str()).collect();
    urls.sort();
    assert_eq!(urls, ["benchmarks/b0/", "benchmarks/b2/"]);
    // (2020 or 2022) and (verdict no): b2, b4.
    let r = e
        .search(
            "",
            10,
            &f(&[
                "/year/2020",
                "/year/2022",
                "/verdict/er:interaction_type/no",
            ]),
        )
        .unwrap();
    assert_eq!(r.total, 2);
    // Filters do not rank: the same order with and without them.
    let all = e.search("bench", 10, &[]).unwrap();
    let some = e.search("bench", 10, &f(&["/kind/benchmark"])).unwrap();
    assert_eq!(
        all.hits.iter().map(|h| h.score).collect::<Vec<_>>(),
        some.hits.iter().map(|h| h.score).collect::<Vec<_>>()
    );
    // A duplicate filter changes nothing; a bad one is a query error.
    assert_eq!(
        e.search("", 10, &f(&["/domain/a", "/domain/a"]))
            .unwrap()
            .total,
        2
    );
    assert!(matches!(
        e.search("", 10, &f(&["domain"])),
        Err(crate::SearchError::Query(_))
    ));
}

#[test]
fn each_groups_counts_ignore_its_own_filters() {
    let e = engine();
    let r = e
        .search("clinical", 10, &f(&["/domain/a", "/year/2020"]))
        .unwrap();
    assert_eq!(r.total, 1);
    let c = counts(&r);
    // Domains counted with the year filter only: 2020 has a, b, c once each.
    assert_eq!(c["/domain/a"], 1);
    assert_eq!(c["/domain/b"], 1);
    assert_eq!(c["/domain/c"], 1);
    // Years counted with the domain filter only: a has 2020 and 2021.
    assert_eq!(c["/year/2020"], 1);
    assert_eq!(c["/year/2021"], 1);
    assert!(!c.contains_key("/year/2022"));
    // Other groups are counted over the whole query (domain a, 2020: b0).
    assert_eq!(c["/tag/qa"], 1);
    assert!(!c.contains_key("/tag/dialog"));
    assert_eq!(c["/verdict/er:interaction_type/yes"], 1);
    assert_eq!(c["/category/interaction_type/single"], 1);
    assert_eq!(c["/kind/benchmark"], 1);

    // A nested group's counts ignore its own filters too.
    let r = e
        .search("", 10, &f(&["/verdict/er:interaction_type/no"]))
        .unwrap();
    assert_eq!(r.total, 3);
    let c = counts(&r);
    assert_eq!(c["/verdict/er:interaction_type/no"], 3);
    assert_eq!(c["/verdict/er:interaction_type/yes"], 2);
    assert_eq!(c["/verdict/er:interaction_type/partially"], 1);
    assert_eq!(c["/domain/a"], 1);
    assert_eq!(c["/domain/c"], 1);

    // Without filters, counts are over all matches.
    let c = counts(&e.search("clinical", 10, &[]).unwrap());
    assert_eq!(c["/domain/a"], 2);
    assert_eq!(c["/tag/qa"], 4);
    assert_eq!(c["/tag/dialog"], 2);
}

#[test]
fn a_chunked_index_counts_as_the_whole_index() {
    // Documents read in small chunks on demand.
    let files = {
        let docs = (0..6).map(|i| Doc {
            url: format!("benchmarks/b{i}/"),
            kind: "benchmark".into(),
            title: format!("Clinical bench {i}"),
            facets: vec![
                format!("/domain/d{}", i % 3),
                format!("/year/{}", 2020 + i % 2),
            ],
            ..Doc::default()
        });
        write_index(docs).unwrap()
    };
    let whole = Engine::open(files.clone()).unwrap();
    let split = chunk_index(files, 128).unwrap();
    let by_name: std::collections::HashMap<_, _> = split
        .chunks
        .into_iter()
        .map(|c| (c.name, c.bytes.as_slice().to_vec()))
        .collect();
    let source = std::sync::Arc::new(crate::ChunkSource::new(split.map));
    source.add_hot(&split.hot).unwrap();
    let chunked = Engine::open_chunked(source.clone()).unwrap();
    let filters = f(&["/domain/d0", "/domain/d1", "/year/2021"]);
    let expected = whole.search("clinical", 10, &filters).unwrap();
    let got = loop {
        match chunked
            .search_chunked("clinical", 10, &filters, true)
            .unwrap()
        {
            crate::Attempt::Done(r) => break r,
            crate::Attempt::Need { need } => {
                for n in need {
                    source.add(&n, by_name[&n].clone());
                }
            }
        }
    };
    assert_eq!(got, expected);
    assert!(counts(&got)["/domain/d2"] > 0, "{:?}", got.facets);
}

/// Every combination of up to three filters from a pool spanning four
/// groups: hits and counts equal a direct computation over the six cards
/// (a value of group G counts the cards in every chosen group but G).
#[test]
fn counts_equal_a_direct_computation_for_every_filter_set() {
    let e = engine();
    let cards: Vec<Vec<String>> = (0..CARDS.len()).map(facets_of).collect();
    let pool = [
        "/domain/a",
        "/domain/c",
        "/year/2020",
        "/year/2022",
        "/tag/dialog",
        "/verdict/er:interaction_type/no",
        "/verdict/er:interaction_type/yes",
        "/kind",
    ];
    let group = |v: &str| crate::filter_group(v).unwrap();
    // Does a card pass the chosen filters of every group (but `skip`)?
    let passes = |card: &[String], chosen: &[&str], skip: Option<&str>| {
        let mut groups: BTreeMap<String, Vec<&str>> = BTreeMap::new();
        for c in chosen {
            groups.entry(group(c)).or_default().push(c);
        }
        groups
            .iter()
            .filter(|(g, _)| Some(g.as_str()) != skip)
            .all(|(_, vs)| {
                vs.iter().any(|v| {
                    card.iter()
                        .any(|x| x == v || x.starts_with(&format!("{v}/")))
                })
            })
    };
    let mut sets: Vec<Vec<&str>> = vec![vec![]];
    for a in 0..pool.len() {
        sets.push(vec![pool[a]]);
        for b in a + 1..pool.len() {
            sets.push(vec![pool[a], pool[b]]);
            for c in b + 1..pool.len() {
                sets.push(vec![pool[a], pool[b], pool[c]]);
            }
        }
    }
    for chosen in &sets {
        let r = e.search("clinical", 10, &f(chosen)).unwrap();
        let expected_total = cards.iter().filter(|c| passes(c, chosen, None)).count();
        assert_eq!(r.total, expected_total, "total for {chosen:?}");
        // Without counts the filters narrow alike.
        let plain = e.search_with("clinical", 10, &f(chosen), false).unwrap();
        assert_eq!(
            plain.total, expected_total,
            "total without counts, {chosen:?}"
        );
        assert!(plain.facets.is_empty());
        let mut expected: BTreeMap<String, u64> = BTreeMap::new();
        for card in &cards {
            for value in card {
                let g = group(value);
                let skip = chosen.iter().any(|c| group(c) == g).then_some(g.as_str());
                if passes(card, chosen, skip) {
                    *expected.entry(value.clone()).or_default() += 1;
                }
            }
        }
        assert_eq!(counts(&r), expected, "counts for {chosen:?}");
    }
}
