//! The HTTP side: pages from memory, live-reload events, build status and
//! `/api/search`.

use super::SiteState;
use axum::Router;
use axum::body::Body;
use axum::extract::{Query, RawQuery, State};
use axum::http::{HeaderValue, Response, StatusCode, Uri, header};
use axum::response::IntoResponse;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::routing::get;
use futures_util::stream::{self, Stream};
use std::convert::Infallible;
use std::sync::Arc;

type AppState = Arc<SiteState>;

pub const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; connect-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'";
const LIVE_JS: &str = include_str!("assets/live.js");
const OVERLAY_CSS: &str = include_str!("assets/overlay.css");
/// Added to every HTML page in serve mode (and only there).
const INJECT: &str = "<link rel=\"stylesheet\" href=\"/__cardsite/overlay.css\"><script src=\"/__cardsite/live.js\" defer></script>";
/// Served while no build has succeeded yet; live.js shows the errors.
const NO_SITE: &str = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Build failed</title></head><body><p>The site has not built yet.</p></body></html>";

pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/__cardsite/events", get(events))
        .route("/__cardsite/status", get(status))
        .route(
            "/__cardsite/live.js",
            get(|| async { asset(LIVE_JS, "text/javascript; charset=utf-8") }),
        )
        .route(
            "/__cardsite/overlay.css",
            get(|| async { asset(OVERLAY_CSS, "text/css; charset=utf-8") }),
        )
        .route("/api/search", get(search))
        .fallback(get(page))
        .with_state(state)
}

fn with_headers(mut r: Response<Body>, content_type: &str) -> Response<Body> {
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_str(content_type)
            .unwrap_or(HeaderValue::from_static("application/octet-stream")),
    );
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    r
}

fn asset(text: &'static str, content_type: &str) -> Response<Body> {
    with_headers(Response::new(Body::from(text)), content_type)
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "bib" => "application/x-bibtex; charset=utf-8",
        "svg" => "image/svg+xml",
        "wasm" => "application/wasm",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// Decodes `%XX`; `None` for invalid UTF-8.
fn percent_decode(s: &str) -> Option<String> {
    percent_encoding::percent_decode_str(s)
        .decode_utf8()
        .ok()
        .map(|c| c.into_owned())
}

/// The site file a request path names, or `None` for anything that tries to
/// leave the site (`..`, backslashes, NUL).
pub fn site_key(path: &str) -> Option<String> {
    let decoded = percent_decode(path)?;
    if decoded.contains(['\\', '\0']) || decoded.split('/').any(|seg| seg == ".." || seg == ".") {
        return None;
    }
    let key = decoded.trim_start_matches('/');
    Some(if key.is_empty() || key.ends_with('/') {
        format!("{key}index.html")
    } else {
        key.to_string()
    })
}

fn inject(html: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(html);
    match text.find("</head>") {
        Some(i) => [&text[..i], INJECT, &text[i..]].concat().into_bytes(),
        None => [INJECT.as_bytes(), html].concat(),
    }
}

async fn page(State(state): State<AppState>, uri: Uri) -> Response<Body> {
    if state.current().is_empty() {
        let r = Response::builder()
            .status(StatusCode::SERVICE_UNAVAILABLE)
            .body(Body::from(inject(NO_SITE.as_bytes())))
            .unwrap_or_default();
        return with_headers(r, "text/html; charset=utf-8");
    }
    let not_found = async || {
        let body = state
            .file("404.html")
            .await
            .map(|b| inject(&b))
            .unwrap_or_else(|| b"not found".to_vec());
        let r = Response::builder()
            .status(StatusCode::NOT_FOUND)
            .body(Body::from(body))
            .unwrap_or_default();
        with_headers(r, "text/html; charset=utf-8")
    };
    let Some(key) = site_key(uri.path()) else {
        return not_found().await;
    };
    if let Some(bytes) = state.file(&key).await {
        let ct = content_type(&key);
        let body = if ct.starts_with("text/html") {
            inject(&bytes)
        } else {
            bytes.as_ref().clone()
        };
        return with_headers(Response::new(Body::from(body)), ct);
    }
    if state.file(&format!("{key}/index.html")).await.is_some() {
        let to = format!("{}/", uri.path());
        return Response::builder()
            .status(StatusCode::PERMANENT_REDIRECT)
            .header(header::LOCATION, to)
            .body(Body::empty())
            .unwrap_or_default();
    }
    not_found().await
}

async fn status(State(state): State<AppState>) -> impl IntoResponse {
    with_headers(
        Response::new(Body::from(
            serde_json::to_vec(&state.snapshot()).unwrap_or_default(),
        )),
        "application/json",
    )
}

#[derive(serde::Deserialize)]
struct EventParams {
    /// The page the browser shows (rendered first after a change).
    #[serde(default)]
    path: Option<String>,
}

async fn events(
    State(state): State<AppState>,
    Query(p): Query<EventParams>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let rx = state.events.subscribe();
    let stop = state.stopping.subscribe();
    let open = p
        .path
        .as_deref()
        .and_then(site_key)
        .map(|key| state.open_page(key));
    let stream = stream::unfold(
        (rx, stop, state, open),
        |(mut rx, mut stop, state, open)| async move {
            loop {
                let msg = tokio::select! {
                    _ = stop.wait_for(|s| *s) => None,
                    msg = rx.recv() => Some(msg),
                };
                match msg {
                    None | Some(Err(tokio::sync::broadcast::error::RecvError::Closed)) => {
                        return None;
                    }
                    Some(Err(tokio::sync::broadcast::error::RecvError::Lagged(_))) => continue,
                    Some(Ok(kind)) => {
                        let generation = state.snapshot().generation;
                        return Some((
                            Ok(Event::default().event(kind).data(generation.to_string())),
                            (rx, stop, state, open),
                        ));
                    }
                }
            }
        },
    );
    Sse::new(stream).keep_alive(KeepAlive::default())
}

/// `/api/search`'s parameters: `q`, `limit`, and `filter` (repeatable:
/// any of a group's filters, every group; see `cardsite_search`).
struct SearchParams {
    q: String,
    limit: usize,
    filters: Vec<String>,
}

impl SearchParams {
    fn parse(raw: Option<&str>) -> SearchParams {
        let mut p = SearchParams {
            q: String::new(),
            limit: 10,
            filters: Vec::new(),
        };
        for pair in raw.unwrap_or("").split('&').filter(|s| !s.is_empty()) {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            let v = percent_encoding::percent_decode_str(&v.replace('+', " "))
                .decode_utf8_lossy()
                .into_owned();
            match k {
                "q" => p.q = v,
                "limit" => p.limit = v.parse().unwrap_or(10),
                "filter" => p.filters.push(v),
                _ => {}
            }
        }
        p
    }
}

async fn search(State(state): State<AppState>, RawQuery(raw): RawQuery) -> Response<Body> {
    let p = SearchParams::parse(raw.as_deref());
    let json = |code: StatusCode, v: serde_json::Value| {
        let r = Response::builder()
            .status(code)
            .body(Body::from(v.to_string()))
            .unwrap_or_default();
        with_headers(r, "application/json")
    };
    let rest = state.engine().await;
    let Some(engine) = rest.as_ref().and_then(|r| r.engine.as_ref()) else {
        return json(
            StatusCode::SERVICE_UNAVAILABLE,
            serde_json::json!({"error": "the search index is not built yet"}),
        );
    };
    match engine.search(&p.q, p.limit.min(100), &p.filters) {
        Ok(r) => json(StatusCode::OK, serde_json::to_value(r).unwrap_or_default()),
        Err(e) => json(
            StatusCode::BAD_REQUEST,
            serde_json::json!({"error": e.to_string()}),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::site_key;
    #[test]
    fn search_parameters_repeat_filters_and_decode() {
        let p = super::SearchParams::parse(Some(
            "q=heart+bench&filter=%2Fdomain%2FCardiology&filter=/year/2024&limit=3",
        ));
        assert_eq!(p.q, "heart bench");
        assert_eq!(p.limit, 3);
        assert_eq!(p.filters, ["/domain/Cardiology", "/year/2024"]);
        assert_eq!(super::SearchParams::parse(None).limit, 10);
    }

    #[test]
    fn traversal_is_refused() {
        assert_eq!(site_key("/").as_deref(), Some("index.html"));
        assert_eq!(
            site_key("/benchmarks/medqa/").as_deref(),
            Some("benchmarks/medqa/index.html")
        );
        assert_eq!(site_key("/style.css").as_deref(), Some("style.css"));
        for bad in [
            "/../Cargo.toml",
            "/%2e%2e/Cargo.toml",
            "/a/%2E%2E/%2e%2e/x",
            "/..%2fCargo.toml",
            "/a\\b",
            "/%00",
        ] {
            assert_eq!(site_key(bad), None, "{bad}");
        }
    }
}
