//! One version of the site in memory, published in two parts so that a
//! browser reloads as soon as the pages it shows are rebuilt:
//!
//! 1. the card pages, the theme's assets and every page a browser has open
//!    (rendered before the reload event);
//! 2. the rest — aggregate pages, exports, the search index — rendered right
//!    after. A request for a file of part 2 waits until part 2 is ready, so
//!    nothing stale or half-built is ever served.

use std::collections::HashMap;
use std::sync::Arc;
use tokio::sync::watch;

pub type Files = HashMap<String, Arc<Vec<u8>>>;

/// The second part of a site.
pub struct Rest {
    pub files: Files,
    pub engine: Option<cardsite_search::Engine>,
}

#[derive(Clone)]
enum State {
    Pending,
    Ready(Arc<Rest>),
    /// Never finished: a newer version replaced it, or rendering it failed.
    Gone,
}

pub struct Site {
    /// Part 1 (for a site built in one go: everything but the index).
    pub files: Files,
    rest: watch::Sender<State>,
}

impl Default for Site {
    fn default() -> Site {
        Site::complete(Files::new(), None)
    }
}

impl Site {
    /// A site built in one go.
    pub fn complete(files: Files, engine: Option<cardsite_search::Engine>) -> Site {
        Site {
            files,
            rest: watch::channel(State::Ready(Arc::new(Rest {
                files: Files::new(),
                engine,
            })))
            .0,
        }
    }

    /// Part 1 only; [`Site::finish`] or [`Site::abandon`] follows.
    pub fn partial(files: Files) -> Site {
        Site {
            files,
            rest: watch::channel(State::Pending).0,
        }
    }

    /// No build has succeeded yet.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    pub fn finish(&self, rest: Rest) {
        self.rest.send_replace(State::Ready(Arc::new(rest)));
    }

    pub fn abandon(&self) {
        self.rest.send_if_modified(|s| {
            let pending = matches!(s, State::Pending);
            if pending {
                *s = State::Gone;
            }
            pending
        });
    }

    /// Part 2, once rendered; `None` if it never will be.
    pub async fn rest(&self) -> Option<Arc<Rest>> {
        let mut rx = self.rest.subscribe();
        let state = rx
            .wait_for(|s| !matches!(s, State::Pending))
            .await
            .map(|s| s.clone())
            .unwrap_or(State::Gone);
        match state {
            State::Ready(r) => Some(r),
            _ => None,
        }
    }

    /// A file of either part (waiting for part 2 if needed). `None`: not a
    /// file of this site, or part 2 never came (ask the newer site).
    pub async fn file(&self, key: &str) -> Result<Option<Arc<Vec<u8>>>, Gone> {
        if let Some(b) = self.files.get(key) {
            return Ok(Some(b.clone()));
        }
        match self.rest().await {
            Some(rest) => Ok(rest.files.get(key).cloned()),
            None => Err(Gone),
        }
    }

    /// All paths of part 1 (part 2 renders the others).
    pub fn first_paths(&self) -> std::collections::HashSet<&str> {
        self.files.keys().map(String::as_str).collect()
    }
}

/// Part 2 of a site will never be ready.
#[derive(Debug)]
pub struct Gone;
