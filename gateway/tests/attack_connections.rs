//! Finding 1 of docs/security.md: idle, slowloris, endless-chunked and trickled-body connections are closed by the
//! connection timeouts, unfinished heads cannot grow past the head limit, the connection cap holds, and a normal
//! client is served throughout. Short configured timeouts keep the test to a few seconds.

mod common;

use pns_gateway::conn::ConnLimits;
use pns_gateway::Config;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const HEADER_MS: u64 = 800;
const BODY_MS: u64 = 800;
const PER_KIND: usize = 60;

fn config(max_connections: usize) -> Config {
    let mut cfg = Config::sandbox();
    cfg.connections = ConnLimits {
        max_connections,
        header_read_timeout_ms: HEADER_MS,
        body_timeout_ms: BODY_MS,
        max_head_bytes: 16 * 1024,
    };
    cfg
}

fn addr(base: &str) -> String {
    base.trim_start_matches("http://").to_owned()
}

/// Keeps writing `piece` every 100 ms (after `first`) until the gateway closes the connection; returns how long
/// the connection lived, or `None` if it was still open after `limit`.
async fn hold(
    addr: String,
    first: Vec<u8>,
    piece: &'static [u8],
    limit: Duration,
) -> Option<Duration> {
    let start = Instant::now();
    let mut s = TcpStream::connect(&addr).await.ok()?;
    if !first.is_empty() && s.write_all(&first).await.is_err() {
        return Some(start.elapsed());
    }
    let mut buf = [0u8; 4096];
    while start.elapsed() < limit {
        // Read whatever the gateway answers; EOF or an error means it closed the connection.
        let read = tokio::time::timeout(Duration::from_millis(100), s.read(&mut buf)).await;
        if let Ok(Ok(0) | Err(_)) = read {
            return Some(start.elapsed());
        }
        if !piece.is_empty() && s.write_all(piece).await.is_err() {
            return Some(start.elapsed());
        }
    }
    None
}

async fn healthz_ms(http: &reqwest::Client, base: &str) -> f64 {
    let t = Instant::now();
    let r = http
        .get(format!("{base}/healthz"))
        .timeout(Duration::from_secs(2))
        .send()
        .await
        .expect("the normal client is answered");
    assert_eq!(r.status(), 200);
    t.elapsed().as_secs_f64() * 1000.0
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn idle_slowloris_endless_chunked_and_trickled_connections_are_closed() {
    let gw = common::start_with(config(10_000)).await;
    let a = addr(&gw.base);
    let limit = Duration::from_millis(HEADER_MS + BODY_MS + 2_500);
    let mut tasks = Vec::new();
    for _ in 0..PER_KIND {
        // Idle: connects and sends nothing.
        tasks.push(("idle", tokio::spawn(hold(a.clone(), vec![], b"", limit))));
        // Slowloris: a head that never ends, one header line at a time.
        tasks.push((
            "slowloris",
            tokio::spawn(hold(
                a.clone(),
                b"GET /healthz HTTP/1.1\r\nHost: x\r\n".to_vec(),
                b"X-a: b\r\n",
                limit,
            )),
        ));
        // Endless chunked body to an endpoint that reads its body.
        tasks.push((
            "endless-chunked",
            tokio::spawn(hold(
                a.clone(),
                b"POST /h5/v1/check HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n".to_vec(),
                b"1\r\n \r\n",
                limit,
            )),
        ));
        // Trickled body: announces 10,000 bytes, sends one every 100 ms.
        tasks.push((
            "trickled-body",
            tokio::spawn(hold(
                a.clone(),
                b"POST /h5/v1/check HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 10000\r\n\r\n".to_vec(),
                b" ",
                limit,
            )),
        ));
    }
    // A normal client keeps being served while the attack runs.
    let mut worst = 0f64;
    for _ in 0..10 {
        tokio::time::sleep(Duration::from_millis(100)).await;
        worst = worst.max(healthz_ms(&gw.http, &gw.base).await);
    }
    for (kind, t) in tasks {
        let lived = t.await.unwrap();
        let lived =
            lived.unwrap_or_else(|| panic!("a {kind} connection was still open after {limit:?}"));
        let bound = Duration::from_millis(HEADER_MS + BODY_MS + 1_500);
        assert!(
            lived <= bound,
            "a {kind} connection lived {lived:?}, more than {bound:?}"
        );
    }
    assert!(worst < 1_000.0, "the normal client waited {worst} ms");
    // Everything was closed: the gateway answers at once.
    healthz_ms(&gw.http, &gw.base).await;
}

#[tokio::test]
async fn a_head_larger_than_the_limit_is_refused_without_buffering_it() {
    let gw = common::start_with(config(10_000)).await;
    let mut s = TcpStream::connect(addr(&gw.base)).await.unwrap();
    s.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
        .await
        .unwrap();
    // 64 KiB of header lines against a 16 KiB limit: the gateway answers 431 and closes before the end.
    let line = format!("X-pad: {}\r\n", "a".repeat(1000));
    let mut answer = Vec::new();
    for _ in 0..64 {
        if s.write_all(line.as_bytes()).await.is_err() {
            break;
        }
    }
    let _ = tokio::time::timeout(Duration::from_secs(3), s.read_to_end(&mut answer)).await;
    let text = String::from_utf8_lossy(&answer);
    assert!(text.starts_with("HTTP/1.1 431"), "answer: {text:?}");
}

#[tokio::test]
async fn the_connection_cap_holds_and_frees_as_connections_time_out() {
    let cap = 20;
    let gw = common::start_with(config(cap)).await;
    let a = addr(&gw.base);
    // Fill the cap with idle connections.
    let mut idle = Vec::new();
    for _ in 0..cap {
        idle.push(TcpStream::connect(&a).await.unwrap());
    }
    tokio::time::sleep(Duration::from_millis(100)).await;
    // A further connection is not served while the cap is full...
    let start = Instant::now();
    let mut extra = TcpStream::connect(&a).await.unwrap();
    extra
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    let mut answer = Vec::new();
    let early =
        tokio::time::timeout(Duration::from_millis(300), extra.read_to_end(&mut answer)).await;
    assert!(
        early.is_err(),
        "answered beyond the cap: {:?}",
        String::from_utf8_lossy(&answer)
    );
    // ...and is once the idle ones time out.
    tokio::time::timeout(Duration::from_secs(5), extra.read_to_end(&mut answer))
        .await
        .expect("served once idle connections timed out")
        .unwrap();
    let waited = start.elapsed();
    assert!(String::from_utf8_lossy(&answer).starts_with("HTTP/1.1 200"));
    assert!(
        waited >= Duration::from_millis(HEADER_MS / 2)
            && waited < Duration::from_millis(HEADER_MS + 2_000),
        "waited {waited:?}"
    );
    drop(idle);
}

#[test]
fn connection_limits_are_checked() {
    let mut cfg = config(10);
    cfg.connections.max_head_bytes = 100;
    assert!(cfg.validate().unwrap_err().0.contains("max_head_bytes"));
    let mut cfg = config(0);
    assert!(cfg.validate().unwrap_err().0.contains("max_connections"));
    cfg = config(10);
    cfg.connections.body_timeout_ms = 0;
    assert!(cfg.validate().unwrap_err().0.contains("body_timeout_ms"));
    let parsed = Config::from_toml(
        "[connections]\nmax_connections = 5\nheader_read_timeout_ms = 1000\nbody_timeout_ms = 2000\nmax_head_bytes = 9000\n",
    )
    .unwrap();
    assert_eq!(
        parsed.connections,
        ConnLimits {
            max_connections: 5,
            header_read_timeout_ms: 1000,
            body_timeout_ms: 2000,
            max_head_bytes: 9000
        }
    );
    assert!(Config::from_toml("[connections]\nidle = 5\n").is_err());
}
