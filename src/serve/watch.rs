//! Watching the site's sources: events are filtered (editor temp files,
//! the output directory), debounced and coalesced, and at most one rebuild
//! waits behind the running one.

use super::{Events, ServeError, ServeOptions, SiteState};
use notify::{RecursiveMode, Watcher};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

/// Quiet time after the last event before rebuilding.
pub const DEBOUNCE: Duration = Duration::from_millis(25);

/// Files editors write beside the real one while saving.
pub fn is_noise(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    name.starts_with(".#")
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".swo")
        || name.ends_with(".tmp")
        || name.contains("___jb_tmp___")
        || name.contains("___jb_old___")
        || name == "4913"
        || name == ".DS_Store"
}

/// Keeps the watcher alive; dropping it stops watching.
pub struct Handle {
    _watcher: Box<dyn Watcher + Send>,
}

pub fn start(
    opts: &ServeOptions,
    state: Arc<SiteState>,
    events: Arc<dyn Events>,
) -> Result<Handle, ServeError> {
    let root = opts.build.root.clone();
    let output = opts
        .build
        .output
        .clone()
        .unwrap_or_else(|| root.join("public"));
    let output = output.canonicalize().unwrap_or(output);
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<PathBuf>();
    let handler = move |res: notify::Result<notify::Event>| {
        if let Ok(event) = res {
            if matches!(event.kind, notify::EventKind::Access(_)) {
                return;
            }
            for p in event.paths {
                let _ = tx.send(p);
            }
        }
    };
    let mut watcher: Box<dyn Watcher + Send> = if opts.poll {
        let config = notify::Config::default().with_poll_interval(Duration::from_millis(200));
        Box::new(
            notify::PollWatcher::new(handler, config)
                .map_err(|e| ServeError::Watch(e.to_string()))?,
        )
    } else {
        Box::new(
            notify::recommended_watcher(handler).map_err(|e| ServeError::Watch(e.to_string()))?,
        )
    };
    for dir in ["cards", "content", "themes"] {
        let p = root.join(dir);
        if p.is_dir() {
            watcher
                .watch(&p, RecursiveMode::Recursive)
                .map_err(|e| ServeError::Watch(format!("{}: {e}", p.display())))?;
        }
    }
    // The root itself, non-recursively, for cardsite.toml and for folders
    // created after start.
    watcher
        .watch(&root, RecursiveMode::NonRecursive)
        .map_err(|e| ServeError::Watch(e.to_string()))?;

    tokio::spawn(async move {
        while let Some(first) = rx.recv().await {
            let mut relevant = is_relevant(&first, &root, &output);
            // Coalesce everything that arrives until things are quiet.
            loop {
                match tokio::time::timeout(DEBOUNCE, rx.recv()).await {
                    Ok(Some(p)) => relevant |= is_relevant(&p, &root, &output),
                    Ok(None) => return,
                    Err(_) => break,
                }
            }
            if relevant {
                let snapshot = state.rebuild().await;
                events.rebuilt(&snapshot);
            }
        }
    });
    Ok(Handle { _watcher: watcher })
}

fn is_relevant(path: &Path, root: &Path, output: &Path) -> bool {
    if is_noise(path)
        || path.starts_with(output)
        || path.components().any(|c| c.as_os_str() == ".git")
    {
        return false;
    }
    match path.strip_prefix(root) {
        Ok(rel) => {
            let first = rel
                .components()
                .next()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .unwrap_or_default();
            matches!(
                first.as_str(),
                "cards" | "content" | "themes" | crate::config::FILE_NAME
            )
        }
        // Events may come with canonical paths.
        Err(_) => root.canonicalize().ok().is_some_and(|r| {
            path.starts_with(r.join("cards"))
                || path.starts_with(r.join("content"))
                || path.starts_with(r.join("themes"))
                || path == r.join(crate::config::FILE_NAME)
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn editor_noise_is_ignored() {
        for n in [
            "cards/.a.yaml.swp",
            "cards/a.yaml~",
            "cards/.#a.yaml",
            "cards/4913",
            "cards/a.yaml___jb_tmp___",
        ] {
            assert!(is_noise(Path::new(n)), "{n}");
        }
        assert!(!is_noise(Path::new("cards/a.yaml")));
        let root = Path::new("/site");
        assert!(is_relevant(
            Path::new("/site/cards/a.yaml"),
            root,
            Path::new("/site/public")
        ));
        assert!(!is_relevant(
            Path::new("/site/public/index.html"),
            root,
            Path::new("/site/public")
        ));
        assert!(!is_relevant(
            Path::new("/site/README.md"),
            root,
            Path::new("/site/public")
        ));
        assert!(is_relevant(
            Path::new("/site/cardsite.toml"),
            root,
            Path::new("/site/public")
        ));
    }
}
