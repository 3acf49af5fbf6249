//! Static files: the demo pages at `/demo/` and the built SDK at `/sdk/`.

use crate::state::AppState;
use axum::body::Body;
use axum::extract::{Request, State as AxState};
use axum::http::{StatusCode, Uri};
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
        Ok(r) => r.map(Body::new),
        Err(never) => match never {},
    }
}

/// `GET /demo/...` from the `www` directory.
pub async fn demo(AxState(state): AxState<AppState>, req: Request) -> Response {
    serve_under(&state.www_dir, "/demo", req).await
}

/// `GET /sdk/...` from the `dist` directory.
pub async fn sdk(AxState(state): AxState<AppState>, req: Request) -> Response {
    serve_under(&state.sdk_dir, "/sdk", req).await
}
