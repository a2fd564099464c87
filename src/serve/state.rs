//! The site in memory: the last good build, the last outcome, a cache of
//! rendered pages so that a rebuild re-renders only what changed, and the
//! pages browsers have open (rendered before they are told to reload).

use super::site::{Files, Rest, Site};
use crate::diagnostic::{Diagnostic, Pos};
use crate::render::{PageCache, Renderer, Selection};
use crate::site::{BuildOptions, Prepared, prepare_cached};
use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex, RwLock};
use std::time::Instant;
use tokio::sync::broadcast;

/// The outcome of a rebuild, for the CLI and for the browser overlay.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Snapshot {
    pub ok: bool,
    pub generation: u64,
    pub files: usize,
    /// Card pages rendered this time; the rest came from the cache.
    pub rendered: usize,
    pub reused: usize,
    /// Until the reload event: card pages and the pages browsers have open.
    pub millis: u128,
    /// Of which loading, validating and preparing the theme.
    pub prepare_millis: u128,
    /// Until everything, aggregate pages and search index included, was
    /// ready (absent while that is still rendering).
    pub complete_millis: Option<u128>,
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
    /// The newest site whose every part rendered.
    last_good: RwLock<Arc<Site>>,
    status: RwLock<Snapshot>,
    cache: Cache,
    cards: crate::validate::CardCache,
    /// Site paths open in a browser (live-reload connections), counted.
    open: Mutex<HashMap<String, usize>>,
    /// Part 2 of the newest site, waiting to render, and whether a thread
    /// is rendering one (at most one at a time; a newer one replaces a
    /// waiting one).
    finishing: Mutex<(Option<Finish>, bool)>,
    /// "reload" after a good rebuild, "failed" after a bad one.
    pub events: broadcast::Sender<&'static str>,
    /// Flips to true when the server shuts down (ends event streams).
    pub stopping: tokio::sync::watch::Sender<bool>,
    building: tokio::sync::Mutex<()>,
}

/// Part 2 of a site, to render.
struct Finish {
    prepared: Arc<Prepared>,
    site: Arc<Site>,
    started: Instant,
    generation: u64,
}

/// Counts a browser page as open while it lives.
pub struct OpenPage {
    state: Arc<SiteState>,
    key: String,
}

impl Drop for OpenPage {
    fn drop(&mut self) {
        let mut open = lock(&self.state.open);
        if let Some(n) = open.get_mut(&self.key) {
            *n -= 1;
            if *n == 0 {
                open.remove(&self.key);
            }
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl SiteState {
    pub fn new(opts: BuildOptions) -> SiteState {
        SiteState {
            opts,
            site: RwLock::default(),
            last_good: RwLock::default(),
            status: RwLock::default(),
            cache: Cache::default(),
            cards: crate::validate::CardCache::default(),
            open: Mutex::default(),
            finishing: Mutex::default(),
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

    fn publish(&self, site: Arc<Site>) {
        *self.site.write().unwrap_or_else(|e| e.into_inner()) = site;
    }

    pub fn snapshot(&self) -> Snapshot {
        self.status
            .read()
            .map(|s| s.clone())
            .unwrap_or_else(|e| e.into_inner().clone())
    }

    /// Marks a site path (e.g. `benchmarks/medqa/index.html`) as open in a
    /// browser until the returned guard drops.
    pub fn open_page(self: &Arc<Self>, key: String) -> OpenPage {
        *lock(&self.open).entry(key.clone()).or_insert(0) += 1;
        OpenPage {
            state: self.clone(),
            key,
        }
    }

    /// A file of the current site, waiting for its second part if needed.
    pub async fn file(&self, key: &str) -> Option<Arc<Vec<u8>>> {
        loop {
            let site = self.current();
            match site.file(key).await {
                Ok(found) => return found,
                // That version never finished; a newer one (or the last
                // good one) has replaced it.
                Err(_) if !Arc::ptr_eq(&site, &self.current()) => continue,
                Err(_) => return None,
            }
        }
    }

    /// The search engine of the current site (once its index is ready).
    pub async fn engine(&self) -> Option<Arc<Rest>> {
        loop {
            let site = self.current();
            match site.rest().await {
                Some(rest) => return Some(rest),
                None if !Arc::ptr_eq(&site, &self.current()) => continue,
                None => return None,
            }
        }
    }

    /// Rebuilds (one at a time); the new site replaces the old only when it
    /// built completely. Browsers are told once the pages they show are
    /// rebuilt (see `serve::site`).
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

    fn rebuild_blocking(self: &Arc<Self>) -> Snapshot {
        let start = Instant::now();
        let failed = |diagnostics: Vec<Diagnostic>| Snapshot {
            millis: start.elapsed().as_millis(),
            diagnostics,
            ..Snapshot::default()
        };
        let prepared = match prepare_cached(&self.opts, Some(&self.cards)) {
            Ok(p) => Arc::new(p),
            Err(d) => return self.record(failed(d.into_vec())),
        };
        let prepare_millis = start.elapsed().as_millis();
        // The first build renders everything at once; later ones render the
        // pages a reader may be looking at first.
        let first_build = self.last_good.read().map(|s| s.is_empty()).unwrap_or(true);
        let open: Vec<String> = lock(&self.open).keys().cloned().collect();
        let assets: Vec<&str> = prepared
            .theme
            .assets
            .iter()
            .map(|a| a.published.as_str())
            .collect();
        let wanted = |p: &str| {
            crate::routes::Route::is_card_file(p)
                || open.iter().any(|o| o == p)
                || assets.contains(&p)
        };
        let selection = if first_build {
            Selection::All
        } else {
            Selection::Only {
                wanted: &wanted,
                index: false,
            }
        };
        let renderer = prepared.renderer().with_cache(&self.cache);
        let files = match render_files(&renderer, selection) {
            Ok(f) => f,
            Err(errors) => {
                let mut d = prepared.checked.diagnostics.clone().into_vec();
                d.extend(errors);
                return self.record(failed(d));
            }
        };
        let cards = prepared.checked.catalogue.cards.len();
        let reused = renderer.reused();
        drop(renderer);
        // Forget cached pages of cards that no longer exist.
        lock(&self.cache.0).retain(|p, _| files.contains_key(p));
        let count = files.len();
        let site = Arc::new(if first_build {
            let engine = open_engine(&files);
            Site::complete(files, engine)
        } else {
            Site::partial(files)
        });
        self.publish(site.clone());
        let mut snapshot = Snapshot {
            ok: true,
            files: count,
            rendered: cards.saturating_sub(reused),
            reused,
            millis: start.elapsed().as_millis(),
            prepare_millis,
            diagnostics: prepared.checked.diagnostics.clone().into_vec(),
            ..Snapshot::default()
        };
        if first_build {
            snapshot.complete_millis = Some(snapshot.millis);
            *self.last_good.write().unwrap_or_else(|e| e.into_inner()) = site;
            return self.record(snapshot);
        }
        let snapshot = self.record(snapshot);
        self.finish_later(Finish {
            prepared,
            site,
            started: start,
            generation: snapshot.generation,
        });
        snapshot
    }

    /// Queues part 2 of a site; starts the thread that renders it if none
    /// is running.
    fn finish_later(self: &Arc<Self>, job: Finish) {
        let mut slot = lock(&self.finishing);
        if let Some(older) = slot.0.replace(job) {
            older.site.abandon();
        }
        if !slot.1 {
            slot.1 = true;
            let me = self.clone();
            std::thread::spawn(move || {
                loop {
                    let job = {
                        let mut slot = lock(&me.finishing);
                        match slot.0.take() {
                            Some(job) => job,
                            None => {
                                slot.1 = false;
                                return;
                            }
                        }
                    };
                    me.finish(job);
                }
            });
        }
    }

    fn finish(&self, job: Finish) {
        let first = job.site.first_paths();
        let wanted = |p: &str| !first.contains(p);
        let renderer = job.prepared.renderer().with_cache(&self.cache);
        let result = render_files(
            &renderer,
            Selection::Only {
                wanted: &wanted,
                index: true,
            },
        );
        drop(renderer);
        let current = Arc::ptr_eq(&job.site, &self.current());
        match result {
            Ok(files) => {
                let engine = open_engine(&files);
                job.site.finish(Rest { files, engine });
                *self.last_good.write().unwrap_or_else(|e| e.into_inner()) = job.site.clone();
                let mut status = self.status.write().unwrap_or_else(|e| e.into_inner());
                if status.generation == job.generation {
                    status.complete_millis = Some(job.started.elapsed().as_millis());
                }
            }
            Err(errors) => {
                job.site.abandon();
                if current {
                    // Back to the last version that rendered completely.
                    let good = self
                        .last_good
                        .read()
                        .map(|s| s.clone())
                        .unwrap_or_else(|e| e.into_inner().clone());
                    self.publish(good);
                    let mut d = job.prepared.checked.diagnostics.clone().into_vec();
                    d.extend(errors);
                    self.record(Snapshot {
                        millis: job.started.elapsed().as_millis(),
                        diagnostics: d,
                        ..Snapshot::default()
                    });
                    let _ = self.events.send("failed");
                }
            }
        }
    }
}

/// Collects rendered files straight into the map the server answers from,
/// keyed by site path (always with `/`).
#[derive(Default)]
struct FilesSink(Mutex<Files>);

impl crate::output::Sink for FilesSink {
    fn write_file(
        &self,
        path: &Path,
        fill: &mut dyn FnMut(&mut dyn std::io::Write) -> Result<(), Diagnostic>,
    ) -> Result<(), Diagnostic> {
        let mut bytes = Vec::new();
        fill(&mut bytes)?;
        lock(&self.0).insert(path.to_string_lossy().replace('\\', "/"), Arc::new(bytes));
        Ok(())
    }
}

/// Renders the selected files into a map by site path.
fn render_files(renderer: &Renderer, selection: Selection) -> Result<Files, Vec<Diagnostic>> {
    let sink = FilesSink::default();
    crate::site::render_site(renderer, selection, &sink)?;
    Ok(sink.0.into_inner().unwrap_or_else(|e| e.into_inner()))
}

/// Opens the search engine on the index files held in memory.
fn open_engine(files: &Files) -> Option<cardsite_search::Engine> {
    let manifest: crate::search_index::Manifest =
        serde_json::from_slice(files.get("search/manifest.json")?).ok()?;
    let index = crate::search_index::assemble(&manifest, |p| {
        files
            .get(&format!("search/{p}"))
            .map(|b| b.as_ref().clone())
            .ok_or(crate::search_index::IndexError::Engine(format!(
                "{p} missing"
            )))
    })
    .ok()?;
    cardsite_search::Engine::open(index).ok()
}
