//! Static files: the demo pages at `/demo/` and the built SDK at `/sdk/`.

use crate::state::AppState;
use axum::body::Body;
use axum::extract::{Request, State as AxState};
use axum::http::{header, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use std::path::Path;
use tower::ServiceExt as _;
use tower_http::services::ServeDir;

async fn serve_under(dir: &Path, prefix: &str, req: Request) -> Response {
    let (mut parts, _) = req.into_parts();
    let rest = parts.uri.path().strip_prefix(prefix).unwrap_or("/");
    let rest = if rest.is_empty() { "/" } else { rest };
    let Ok(uri) = rest.parse::<Uri>() else {
        return StatusCode::BAD_REQUEST.into_response();
    };
    parts.uri = uri;
    let req = Request::from_parts(parts, Body::empty());
    match ServeDir::new(dir).oneshot(req).await {
        Ok(r) if r.status() == StatusCode::NOT_FOUND => crate::http::plain_error(
            StatusCode::NOT_FOUND,
            "NOT_FOUND",
            format!(
                "no such file under {} (build the SDK or pass --www / --sdk-dir)",
                dir.display()
            ),
        ),
        Ok(r) => with_charset(r.map(Body::new)),
        Err(never) => match never {},
    }
}

/// Text types the file server sends without a charset (Markdown, plain text) get `charset=utf-8`: a browser would
/// otherwise read the Chinese in the SDK's README as Latin-1.
fn with_charset(mut r: Response) -> Response {
    let Some(ct) = r
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
    else {
        return r;
    };
    if ct.starts_with("text/") && !ct.to_ascii_lowercase().contains("charset") {
        if let Ok(v) = HeaderValue::from_str(&format!("{ct}; charset=utf-8")) {
            r.headers_mut().insert(header::CONTENT_TYPE, v);
        }
    }
    r
}

/// `GET /favicon.ico`: browsers ask for it on every demo page; "no icon" (204) instead of a 404 in their console.
pub async fn favicon() -> Response {
    StatusCode::NO_CONTENT.into_response()
}

/// `GET /demo/...` from the `www` directory.
pub async fn demo(AxState(state): AxState<AppState>, req: Request) -> Response {
    serve_under(&state.www_dir, "/demo", req).await
}

/// `GET /sdk/...` from the `dist` directory.
pub async fn sdk(AxState(state): AxState<AppState>, req: Request) -> Response {
    serve_under(&state.sdk_dir, "/sdk", req).await
}
