//! The connection layer: accepts TCP connections and runs HTTP/1.1 on each, with the limits that keep slow or
//! idle clients from holding the gateway's descriptors and memory (docs/security.md, "Connections").
//!
//! - **Connection cap** (`max_connections`): a semaphore permit per open connection; at the cap the gateway stops
//!   accepting (new connections wait in the kernel's backlog, holding no descriptor of ours) until one closes. The
//!   cap is also kept below the process's open-file limit, so accepting can never run out of descriptors.
//! - **Header-read timeout** (`header_read_timeout_ms`, hyper's own): a connection must deliver a complete
//!   request head within this time of being accepted or of its previous answer, else it is closed. This is also the
//!   keep-alive **idle timeout**: hyper starts the clock as soon as it waits for the next head.
//! - **Body timeout** (`body_timeout_ms`, tower-http's `RequestBodyDeadlineLayer`): the whole request body must
//!   arrive within this time of its head (a deadline, not a gap between pieces, so a body trickled a byte at a
//!   time is cut too); a late body is cut, the handler answers that the body could not be read, and the
//!   connection closes (its body was not read to the end).
//! - **Head size** (`max_head_bytes`, hyper's `max_buf_size` and `max_header_size`): a connection's read buffer
//!   never grows past this, so an unfinished head costs at most this much; a longer head is answered 431.
//!
//! Memory held by connections is therefore at most about `max_connections × max_head_bytes` plus hyper's
//! fixed per-connection state (measured in `bench/slow-connections.sh`, figures in docs/security.md).
//!
//! Written on hyper's connection builder rather than `axum::serve`, which runs hyper without a timer (so no
//! header timeout can fire) and offers none of these limits.

use axum::Router;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use serde::Deserialize;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower_http::timeout::RequestBodyDeadlineLayer;

/// Smallest head limit hyper accepts (its read buffer's initial size); smaller values are refused at start-up.
pub const MIN_HEAD_BYTES: usize = 8 * 1024;
/// Descriptors kept free below the open-file limit for everything that is not a client connection (listener,
/// static files, the runtime's own).
pub const FD_RESERVE: u64 = 64;
/// How long the gateway waits before accepting again after `accept` failed for lack of resources.
const ACCEPT_BACKOFF: Duration = Duration::from_millis(50);

/// Limits on client connections (`[connections]` in the configuration, `--max-connections`,
/// `--header-timeout-ms`, `--body-timeout-ms`, `--max-head-bytes` on the command line).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ConnLimits {
    /// Open client connections at most (lowered at start-up to the open-file limit minus [`FD_RESERVE`]).
    pub max_connections: usize,
    /// Time to deliver a complete request head, counted from the accept or from the previous answer (so also
    /// the keep-alive idle timeout), in milliseconds.
    pub header_read_timeout_ms: u64,
    /// Time for the whole request body to arrive, counted from its head, in milliseconds.
    pub body_timeout_ms: u64,
    /// Largest request head (request line and headers) and read buffer per connection, in bytes.
    pub max_head_bytes: usize,
}

impl Default for ConnLimits {
    fn default() -> Self {
        ConnLimits {
            max_connections: 16_384,
            header_read_timeout_ms: 10_000,
            body_timeout_ms: 10_000,
            max_head_bytes: 32 * 1024,
        }
    }
}

/// Longest timeout accepted (either kind): 10 minutes.
pub const MAX_TIMEOUT_MS: u64 = 600_000;

impl ConnLimits {
    /// Checks every limit is in range.
    ///
    /// # Errors
    /// The first limit out of range, in plain English.
    pub fn check(&self) -> Result<(), String> {
        if self.max_connections == 0 {
            return Err("connections.max_connections must be at least 1".into());
        }
        for (name, v) in [
            ("header_read_timeout_ms", self.header_read_timeout_ms),
            ("body_timeout_ms", self.body_timeout_ms),
        ] {
            if v == 0 || v > MAX_TIMEOUT_MS {
                return Err(format!(
                    "connections.{name} = {v}: use 1 to {MAX_TIMEOUT_MS} ms"
                ));
            }
        }
        if self.max_head_bytes < MIN_HEAD_BYTES || self.max_head_bytes > 1024 * 1024 {
            return Err(format!(
                "connections.max_head_bytes = {}: use {MIN_HEAD_BYTES} to 1048576",
                self.max_head_bytes
            ));
        }
        Ok(())
    }

    /// The cap actually applied: `max_connections`, lowered to the process's open-file limit minus
    /// [`FD_RESERVE`] (after raising the soft limit to the hard one where the system allows it).
    #[must_use]
    pub fn effective_max_connections(&self) -> usize {
        let files = fd_limit();
        let room = usize::try_from(files.saturating_sub(FD_RESERVE)).unwrap_or(usize::MAX);
        self.max_connections.min(room.max(1))
    }
}

/// The soft open-file limit, raised to the hard limit first when possible (`u64::MAX` where there is none).
fn fd_limit() -> u64 {
    // Raising the soft limit is what servers commonly do at start-up; failing to is not an error here, the cap
    // then follows the lower limit.
    let _ = rlimit::increase_nofile_limit(u64::MAX);
    rlimit::getrlimit(rlimit::Resource::NOFILE).map_or(u64::MAX, |(soft, _)| soft)
}

/// Serves `app` on `listener` under `limits` until `shutdown` completes, then waits for open connections to end
/// (idle ones are closed at once, slow ones by their timeouts).
///
/// # Errors
/// None today: accept failures are retried (they are resource shortages or a client's aborted handshake); the
/// `Result` keeps the signature of `axum::serve`.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    limits: ConnLimits,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let permits = Arc::new(Semaphore::new(limits.effective_max_connections()));
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(Duration::from_millis(limits.header_read_timeout_ms))
        .max_buf_size(limits.max_head_bytes.max(MIN_HEAD_BYTES))
        .max_header_size(limits.max_head_bytes);
    let app = tower::ServiceBuilder::new()
        .layer(RequestBodyDeadlineLayer::new(Duration::from_millis(
            limits.body_timeout_ms,
        )))
        .service(app);
    let graceful = GracefulShutdown::new();
    tokio::pin!(shutdown);
    loop {
        let permit = tokio::select! {
            p = permits.clone().acquire_owned() => match p {
                Ok(p) => p,
                Err(_) => break,
            },
            () = &mut shutdown => break,
        };
        let tcp = tokio::select! {
            r = listener.accept() => match r {
                Ok((tcp, _)) => tcp,
                Err(_) => {
                    // Out of descriptors or memory, or a handshake the client aborted: retry shortly rather
                    // than spin or stop serving.
                    tokio::time::sleep(ACCEPT_BACKOFF).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        // Small request/answer exchanges: send each answer at once (no Nagle delay).
        let _ = tcp.set_nodelay(true);
        let conn =
            builder.serve_connection(TokioIo::new(tcp), TowerToHyperService::new(app.clone()));
        let conn = graceful.watch(conn);
        tokio::spawn(async move {
            // A connection ending in an error (timeout, reset, bad head) has nothing left to answer.
            let _ = conn.await;
            drop(permit);
        });
    }
    drop(listener);
    graceful.shutdown().await;
    Ok(())
}
