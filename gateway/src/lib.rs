//! The PhoneNumberServer gateway: one async HTTP server that plays every server of the H5
//! number-authentication flow — the signed Dypnsapi OpenAPI for a page's backend, the SDK's identity check,
//! three simulated carriers, a sandbox control API, a sample backend and the static demo pages.
//!
//! The wire contract is `docs/protocol.md`. Start it in-process with [`Gateway::bind`] + [`Gateway::serve`],
//! or build the [`axum::Router`] yourself with [`build_app`].
#![forbid(unsafe_code)]

pub mod api_error;
pub mod carrier;
pub mod config;
pub mod conn;
pub mod demo_backend;
pub mod h5;
pub mod http;
pub mod openapi;
pub mod phone;
pub mod sandbox;
pub mod sandbox_guard;
pub mod signing;
pub mod sim;
pub mod sms;
pub mod state;
pub mod static_files;
pub mod store;
pub mod tenant;
pub mod tokens;
pub mod urls;
pub mod util;

pub use config::Config;
pub use state::{AppState, State};

use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use axum::response::{Redirect, Response};
use axum::routing::{any, get};
use axum::Router;
use std::future::Future;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;

/// Largest OpenAPI request body.
pub const OPENAPI_MAX_BODY: usize = 64 * 1024;
/// How often expired nonces, spent ids and number states are dropped.
pub const SWEEP_INTERVAL: Duration = Duration::from_secs(5);

/// Where the static files live.
#[derive(Clone, Debug)]
pub struct Dirs {
    /// Demo pages, served at `/demo/`.
    pub www: PathBuf,
    /// Built SDK, served at `/sdk/`.
    pub sdk: PathBuf,
}

impl Default for Dirs {
    fn default() -> Self {
        Dirs {
            www: PathBuf::from("www"),
            sdk: PathBuf::from("dist"),
        }
    }
}

/// The browser-facing base URL for a listen address (unspecified addresses become `127.0.0.1`).
#[must_use]
pub fn base_url_for(addr: SocketAddr) -> String {
    let ip = addr.ip();
    if ip.is_unspecified() || ip.is_loopback() && ip.is_ipv4() {
        format!("http://127.0.0.1:{}", addr.port())
    } else if ip.is_ipv6() {
        format!("http://[{ip}]:{}", addr.port())
    } else {
        format!("http://{ip}:{}", addr.port())
    }
}

/// Builds the router over `state`.
pub fn build_app(state: AppState) -> Router {
    Router::new()
        .route(
            "/",
            any(openapi::root).layer(DefaultBodyLimit::max(OPENAPI_MAX_BODY)),
        )
        .route(
            "/h5/v1/check",
            any(h5::check).layer(DefaultBodyLimit::max(h5::MAX_BODY)),
        )
        .route(
            "/carrier/{carrier}/v1/{op}",
            any(carrier::handle).layer(DefaultBodyLimit::max(carrier::MAX_BODY)),
        )
        .route("/healthz", get(|| async { "ok" }))
        .route("/favicon.ico", get(static_files::favicon))
        .route("/demo", get(|| async { Redirect::permanent("/demo/") }))
        .route("/demo/", get(static_files::demo))
        .route("/demo/{*path}", get(static_files::demo))
        .route("/sdk/{*path}", get(static_files::sdk))
        .merge(sandbox::router(state.clone()))
        .merge(sms::control::router(state.clone()))
        .merge(demo_backend::router(state.clone()))
        .merge(sms::demo::router(state.clone()))
        .fallback(not_found)
        .with_state(state)
}

async fn not_found() -> Response {
    http::plain_error(
        StatusCode::NOT_FOUND,
        "NOT_FOUND",
        "no such endpoint (see docs/protocol.md)",
    )
}

/// A bound, configured gateway, ready to serve.
pub struct Gateway {
    /// The shared state (tests use it to inspect or tweak the sandbox).
    pub state: AppState,
    listener: TcpListener,
    conn: conn::ConnLimits,
}

impl Gateway {
    /// Binds `addr` and builds the state (the base URL follows the bound port unless `public_url` is set).
    ///
    /// # Errors
    /// The address cannot be bound, or the configuration is invalid.
    pub async fn bind(
        config: &Config,
        addr: SocketAddr,
        dirs: Dirs,
    ) -> Result<Gateway, Box<dyn std::error::Error + Send + Sync>> {
        let listener = TcpListener::bind(addr).await?;
        Gateway::from_listener(config, listener, dirs)
    }

    /// Builds the state for an already bound listener.
    ///
    /// # Errors
    /// The listener has no local address, or the configuration is invalid.
    pub fn from_listener(
        config: &Config,
        listener: TcpListener,
        dirs: Dirs,
    ) -> Result<Gateway, Box<dyn std::error::Error + Send + Sync>> {
        let local = listener.local_addr()?;
        let state = State::new(config, &base_url_for(local), dirs.www, dirs.sdk)?;
        Ok(Gateway {
            state: Arc::new(state),
            listener,
            conn: config.connections,
        })
    }

    /// The bound address.
    ///
    /// # Errors
    /// The socket has no local address.
    pub fn local_addr(&self) -> std::io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// Serves until the process ends.
    ///
    /// # Errors
    /// The server fails.
    pub async fn serve(self) -> std::io::Result<()> {
        self.serve_until(std::future::pending()).await
    }

    /// Serves until `shutdown` completes, then finishes in-flight requests. Connections are limited as
    /// [`conn::serve`] describes.
    ///
    /// # Errors
    /// The server fails.
    pub async fn serve_until(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        let weak = Arc::downgrade(&self.state);
        let sweeper = tokio::spawn(async move {
            let mut every = tokio::time::interval(SWEEP_INTERVAL);
            every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
            loop {
                every.tick().await;
                match weak.upgrade() {
                    Some(s) => s.sweep(),
                    None => break,
                }
            }
        });
        let app = build_app(self.state);
        let r = conn::serve(self.listener, app, self.conn, shutdown).await;
        sweeper.abort();
        r
    }
}
