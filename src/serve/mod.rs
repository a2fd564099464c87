//! `cardsite serve`: `watch → rebuild → reload` on top of the same build
//! pipeline as `cardsite build`, serving the site from memory.

mod http;
mod site;
mod state;
mod watch;

pub use state::{SiteState, Snapshot};

use crate::site::BuildOptions;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub build: BuildOptions,
    pub bind: IpAddr,
    pub port: u16,
    pub poll: bool,
    pub open: bool,
}

#[derive(Debug)]
pub enum ServeError {
    /// The port is taken (or not ours to bind).
    Bind {
        addr: SocketAddr,
        error: std::io::Error,
    },
    Watch(String),
    Io(std::io::Error),
}

impl std::fmt::Display for ServeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ServeError::Bind { addr, error } if error.kind() == std::io::ErrorKind::AddrInUse => {
                write!(
                    f,
                    "port {} is already in use on {}; choose another with --port, e.g. --port {}",
                    addr.port(),
                    addr.ip(),
                    addr.port().saturating_add(1)
                )
            }
            ServeError::Bind { addr, error } => write!(f, "cannot listen on {addr}: {error}"),
            ServeError::Watch(e) => write!(f, "cannot watch the site's files: {e}"),
            ServeError::Io(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for ServeError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ServeError::Bind { error, .. } | ServeError::Io(error) => Some(error),
            ServeError::Watch(_) => None,
        }
    }
}

/// What the server tells its caller (the CLI prints these).
pub trait Events: Send + Sync + 'static {
    fn listening(&self, url: &str, loopback: bool);
    fn rebuilt(&self, snapshot: &Snapshot);
}

/// Runs until Ctrl-C (or until `shutdown` resolves).
pub fn run(
    mut opts: ServeOptions,
    events: Arc<dyn Events>,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<(), ServeError> {
    // Previews are served from the root of the local server, whatever
    // base_url the site is published under.
    opts.build.base_url = Some("/".into());
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(ServeError::Io)?;
    runtime.block_on(async move {
        let addr = SocketAddr::new(opts.bind, opts.port);
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|error| ServeError::Bind { addr, error })?;
        let local = listener.local_addr().map_err(ServeError::Io)?;
        let state = Arc::new(SiteState::new(opts.build.clone()));
        let first = state.rebuild().await;
        events.rebuilt(&first);
        let _watcher = watch::start(&opts, state.clone(), events.clone())?;
        let host = if local.ip().is_unspecified() {
            "127.0.0.1".to_string()
        } else {
            local.ip().to_string()
        };
        let url = format!(
            "http://{}:{}/",
            if host.contains(':') {
                format!("[{host}]")
            } else {
                host
            },
            local.port()
        );
        events.listening(&url, local.ip().is_loopback());
        if opts.open {
            let _ = std::process::Command::new(if cfg!(target_os = "macos") {
                "open"
            } else {
                "xdg-open"
            })
            .arg(&url)
            .spawn();
        }
        let stopping = state.stopping.clone();
        let signal = async move {
            shutdown.await;
            // End live-reload streams so open pages let the server stop.
            let _ = stopping.send(true);
        };
        axum::serve(listener, http::router(state))
            .with_graceful_shutdown(signal)
            .await
            .map_err(ServeError::Io)
    })
}
