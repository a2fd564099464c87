//! The site in memory: the last good build, the last outcome, and a cache
//! of rendered pages so that a rebuild re-renders only what changed.

use crate::build::{BuildOptions, prepare_cached};
use crate::diagnostic::{Diagnostic, Pos};
use crate::render::PageCache;
use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex, RwLock};
use std::time::Instant;
use tokio::sync::broadcast;

/// One complete, immutable version of the site.
#[derive(Default)]
pub struct Site {
    pub files: HashMap<String, Arc<Vec<u8>>>,
    pub engine: Option<cardsite_search::Engine>,
}

/// The outcome of a rebuild, for the CLI and for the browser overlay.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Snapshot {
    pub ok: bool,
    pub generation: u64,
    pub files: usize,
    /// Card pages rendered this time; the rest came from the cache.
    pub rendered: usize,
    pub reused: usize,
    pub millis: u128,
    pub diagnostics: Vec<Diagnostic>,
}

/// Page path → (key of its inputs, rendered bytes).
type PageMap = HashMap<String, (u64, Arc<Vec<u8>>)>;

#[derive(Default)]
struct Cache(Mutex<PageMap>);

impl PageCache for Cache {
    fn get(&self, path: &str, key: u64) -> Option<Arc<Vec<u8>>> {
        let map = self.0.lock().unwrap_or_else(|e| e.into_inner());
        map.get(path)
            .filter(|(k, _)| *k == key)
            .map(|(_, b)| b.clone())
    }
    fn put(&self, path: &str, key: u64, bytes: Arc<Vec<u8>>) {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(path.to_string(), (key, bytes));
    }
}

pub struct SiteState {
    pub opts: BuildOptions,
    site: RwLock<Arc<Site>>,
    status: RwLock<Snapshot>,
    cache: Cache,
    cards: crate::validate::CardCache,
    /// "reload" after a good rebuild, "failed" after a bad one.
    pub events: broadcast::Sender<&'static str>,
    /// Flips to true when the server shuts down (ends event streams).
    pub stopping: tokio::sync::watch::Sender<bool>,
    building: tokio::sync::Mutex<()>,
}

impl SiteState {
    pub fn new(opts: BuildOptions) -> SiteState {
        SiteState {
            opts,
            site: RwLock::default(),
            status: RwLock::default(),
            cache: Cache::default(),
            cards: crate::validate::CardCache::default(),
            events: broadcast::channel(16).0,
            stopping: tokio::sync::watch::channel(false).0,
            building: tokio::sync::Mutex::new(()),
        }
    }

    pub fn current(&self) -> Arc<Site> {
        self.site
            .read()
            .map(|s| s.clone())
            .unwrap_or_else(|e| e.into_inner().clone())
    }

    pub fn snapshot(&self) -> Snapshot {
        self.status
            .read()
            .map(|s| s.clone())
            .unwrap_or_else(|e| e.into_inner().clone())
    }

    /// Rebuilds (one at a time); the new site replaces the old only when it
    /// built completely. Browsers are told once the swap is done.
    pub async fn rebuild(self: &Arc<Self>) -> Snapshot {
        let _one_at_a_time = self.building.lock().await;
        let me = self.clone();
        let snapshot = match tokio::task::spawn_blocking(move || me.rebuild_blocking()).await {
            Ok(s) => s,
            Err(e) => {
                let d = Diagnostic::error(
                    "internal",
                    Path::new(""),
                    Pos::FILE,
                    format!("rebuild crashed: {e}"),
                );
                self.record(Snapshot {
                    diagnostics: vec![d],
                    ..Snapshot::default()
                })
            }
        };
        let _ = self
            .events
            .send(if snapshot.ok { "reload" } else { "failed" });
        snapshot
    }

    fn record(&self, mut s: Snapshot) -> Snapshot {
        let mut w = self.status.write().unwrap_or_else(|e| e.into_inner());
        s.generation = w.generation + 1;
        *w = s.clone();
        s
    }

    fn rebuild_blocking(&self) -> Snapshot {
        let start = Instant::now();
        let failed = |diagnostics: Vec<Diagnostic>| Snapshot {
            millis: start.elapsed().as_millis(),
            diagnostics,
            ..Snapshot::default()
        };
        let prepared = match prepare_cached(&self.opts, Some(&self.cards)) {
            Ok(p) => p,
            Err(d) => return self.record(failed(d.into_vec())),
        };
        let renderer = prepared.renderer().with_cache(&self.cache);
        let files = match renderer.render_to_memory() {
            Ok(f) => f,
            Err(errors) => {
                let mut d = prepared.checked.diagnostics.clone().into_vec();
                d.extend(errors);
                return self.record(failed(d));
            }
        };
        let cards = prepared.checked.catalogue.cards.len();
        let reused = renderer.reused();
        let files: HashMap<String, Arc<Vec<u8>>> = files
            .into_iter()
            .map(|f| {
                (
                    f.path.to_string_lossy().replace('\\', "/"),
                    Arc::new(f.bytes),
                )
            })
            .collect();
        // Forget cached pages of cards that no longer exist.
        self.cache
            .0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .retain(|p, _| files.contains_key(p));
        let engine = open_engine(&files);
        let count = files.len();
        *self.site.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(Site { files, engine });
        self.record(Snapshot {
            ok: true,
            files: count,
            rendered: cards.saturating_sub(reused),
            reused,
            millis: start.elapsed().as_millis(),
            diagnostics: prepared.checked.diagnostics.into_vec(),
            ..Snapshot::default()
        })
    }
}

/// Opens the search engine on the index files held in memory.
fn open_engine(files: &HashMap<String, Arc<Vec<u8>>>) -> Option<cardsite_search::Engine> {
    let manifest: crate::index::Manifest =
        serde_json::from_slice(files.get("search/manifest.json")?).ok()?;
    let index = manifest
        .files
        .iter()
        .map(|f| {
            files
                .get(&format!("search/{}", f.path))
                .map(|b| (f.name.clone(), b.as_ref().clone()))
        })
        .collect::<Option<Vec<_>>>()?;
    cardsite_search::Engine::open(index).ok()
}
