//! The title index: answers the first keystrokes while the engine loads.
//! It is sharded by the first letters of each word, so a keystroke fetches
//! one small file however large the catalogue: `titles/index.json` lists
//! the shards' keys, `titles/<key>.json` holds the words starting with
//! `<key>` and the documents they point to. A shard that would be larger
//! than [`SHARD_BYTES`] is split by one more letter (up to [`MAX_KEY`]);
//! it then keeps only its short words and the best documents for its
//! prefix (`top`), for a reader who has typed just those letters.

use cardsite_search::Doc;
use serde::Serialize;
use std::collections::BTreeMap;

/// Most documents listed per word (and per split prefix).
const QUICK_POSTINGS: usize = 8;
/// Shards are split when their JSON would be larger than this.
const SHARD_BYTES: usize = 12 * 1024;
/// Keys are two letters, more when split, up to `MAX_KEY` (never `index`,
/// the list's name).
const MIN_KEY: usize = 2;
const MAX_KEY: usize = 6;

fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 2)
        .map(str::to_lowercase)
}

/// The shard key of `word` at `len` letters: ASCII letters and digits as
/// they are, anything else as `_` (file names stay plain on every host;
/// search.js maps letters the same way).
pub fn shard_key(word: &str, len: usize) -> String {
    word.chars()
        .take(len)
        .map(|c| {
            if c.is_ascii_lowercase() || c.is_ascii_digit() {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// One shard: its documents (title, URL, kind), and per word the
/// documents holding it, title matches first.
#[derive(Serialize)]
pub struct Shard {
    pub docs: Vec<(String, String, String)>,
    pub words: BTreeMap<String, Vec<u32>>,
    /// For a split shard: the best documents for its prefix.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub top: Option<Vec<u32>>,
    /// For a split shard: the keys one letter longer that have a shard.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub split: Option<Vec<String>>,
}

/// The list of two-letter shards (`titles/index.json`): at most 37² keys
/// however large the catalogue; longer keys are listed by their parent.
#[derive(Serialize)]
pub struct ShardList {
    pub keys: Vec<String>,
}

/// Builds the quick index one document at a time.
#[derive(Default)]
pub struct QuickBuilder {
    docs: Vec<(String, String, String)>,
    /// Per word: documents with it in the title or name, and the others.
    words: rustc_hash::FxHashMap<String, (Vec<u32>, Vec<u32>)>,
}

impl QuickBuilder {
    pub fn add(&mut self, d: &Doc) {
        let i = self.docs.len() as u32;
        // Each distinct word once: in the title list if the title or name
        // has it, else in the other list.
        let mut title: Vec<String> = words(&d.title).chain(words(&d.name)).collect();
        title.sort_unstable();
        title.dedup();
        let mut other: Vec<String> = words(&d.excerpt)
            .chain(d.tags.iter().flat_map(|t| words(t)))
            .chain(d.domains.iter().flat_map(|t| words(t)))
            .collect();
        other.sort_unstable();
        other.dedup();
        for w in other {
            if title.binary_search(&w).is_err() {
                self.words.entry(w).or_default().1.push(i);
            }
        }
        for w in title {
            self.words.entry(w).or_default().0.push(i);
        }
        self.docs
            .push((d.title.clone(), d.url.clone(), d.kind.clone()));
    }

    /// Documents indexed.
    pub fn len(&self) -> usize {
        self.docs.len()
    }

    /// The shard list and the shards, by key.
    pub fn finish(mut self) -> (ShardList, Vec<(String, Shard)>) {
        let postings: BTreeMap<String, Vec<u32>> = std::mem::take(&mut self.words)
            .into_iter()
            .map(|(w, (title, other))| {
                let p = title.into_iter().chain(other).take(QUICK_POSTINGS);
                (w, p.collect())
            })
            .collect();
        let mut by_key: BTreeMap<String, Vec<&str>> = BTreeMap::new();
        for w in postings.keys() {
            by_key.entry(shard_key(w, MIN_KEY)).or_default().push(w);
        }
        let mut shards = Vec::new();
        for (key, group) in by_key {
            self.split(&postings, key, group, &mut shards);
        }
        let list = ShardList {
            keys: shards
                .iter()
                .map(|(k, _)| k.clone())
                .filter(|k| k.chars().count() <= MIN_KEY)
                .collect(),
        };
        (list, shards)
    }

    /// Makes the shard `key` of `group` (words starting with it), split by
    /// one more letter while too large.
    fn split(
        &self,
        postings: &BTreeMap<String, Vec<u32>>,
        key: String,
        group: Vec<&str>,
        out: &mut Vec<(String, Shard)>,
    ) {
        let whole = self.shard(postings, &group, None);
        let len = key.chars().count();
        let size = serde_json::to_vec(&whole).map_or(0, |b| b.len());
        if size <= SHARD_BYTES || len >= MAX_KEY {
            out.push((key, whole));
            return;
        }
        let mut here = Vec::new();
        let mut deeper: BTreeMap<String, Vec<&str>> = BTreeMap::new();
        for w in &group {
            let k = shard_key(w, len + 1);
            if k.chars().count() > len && k != "index" {
                deeper.entry(k).or_default().push(w);
            } else {
                here.push(*w);
            }
        }
        // The best documents for the prefix: those of its most common words.
        let mut common = group.clone();
        common.sort_by_key(|w| std::cmp::Reverse(postings[*w].len()));
        let mut top = Vec::new();
        for w in common {
            for d in &postings[w] {
                if top.len() < QUICK_POSTINGS && !top.contains(d) {
                    top.push(*d);
                }
            }
        }
        let mut shard = self.shard(postings, &here, Some(top));
        shard.split = Some(deeper.keys().cloned().collect());
        out.push((key, shard));
        for (k, g) in deeper {
            self.split(postings, k, g, out);
        }
    }

    /// A shard of `words`, its documents numbered from 0.
    fn shard(
        &self,
        postings: &BTreeMap<String, Vec<u32>>,
        words: &[&str],
        top: Option<Vec<u32>>,
    ) -> Shard {
        let mut docs = Vec::new();
        let mut local: BTreeMap<u32, u32> = BTreeMap::new();
        let mut number = |d: u32| {
            *local.entry(d).or_insert_with(|| {
                docs.push(self.docs[d as usize].clone());
                docs.len() as u32 - 1
            })
        };
        let words = words
            .iter()
            .map(|w| {
                (
                    w.to_string(),
                    postings[*w].iter().map(|d| number(*d)).collect(),
                )
            })
            .collect();
        let top = top.map(|t| t.into_iter().map(&mut number).collect());
        Shard {
            docs,
            words,
            top,
            split: None,
        }
    }
}
