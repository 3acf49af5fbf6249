//! Loopback load generator for the sandbox gateway's signed server API.
//!
//! Every request is signed here with Signature v1 (HMAC-SHA1) and a fresh `SignatureNonce`, so the gateway's
//! signature check and replay protection do their full work. N keep-alive HTTP/1.1 connections, each driven by one
//! task sending one request at a time; a fixed duration and a hard cap on the number of requests bound the run.
//!
//! Scenarios: `get-auth-token` (GetAuthToken) and `verify` (VerifyPhoneWithToken; the single-use spTokens are
//! minted before the timed phase through the sandbox device API, `/h5/v1/check` and the simulated carriers, and
//! only the verify phase is measured).
//!
//! Two ways to load: closed loop (default: each connection sends its next request as soon as the last answered,
//! which finds the maximum rate and the latency at saturation) and open loop (`--rate R`: requests are due at a
//! fixed total rate R spread over the connections; latency is measured from when each request was due, so time
//! spent waiting behind a slow answer counts, and the percentiles are those of a server offered R calls/s). The
//! runtime's timer only has whole-millisecond ticks, so each connection wakes a little early and a request sent
//! before its due time counts from its send instead (its latency is then the whole time it took).
//!
//! For each timed phase it also reports the CPU time the gateway (`--pid`) and the load generator itself used,
//! per call, from `/proc/<pid>/stat`: a figure the shared machine's stalls barely move, unlike the tail latency.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use bytes::Bytes;
use hmac::{Hmac, KeyInit, Mac};
use http_body_util::{BodyExt, Full};
use hyper::client::conn::http1;
use hyper::Request;
use hyper_util::rt::TokioIo;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde_json::Value;
use sha1::Sha1;
use tokio::net::TcpStream;

type BoxError = Box<dyn std::error::Error + Send + Sync>;
type Result<T> = std::result::Result<T, BoxError>;

/// RFC 3986 unreserved characters stay literal, everything else is percent-encoded (Signature v1).
const UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');
/// Upper bounds whatever the command line says.
const MAX_CONNECTIONS: usize = 1024;
const MAX_DURATION_S: u64 = 120;
const MAX_REQUESTS: u64 = 5_000_000;
const MAX_TOKENS: usize = 1_000_000;
/// Minting must finish within this, or the verify scenario is skipped.
const MINT_DEADLINE: Duration = Duration::from_secs(300);
const ORIGIN: &str = "http://loadgen.bench.example";

const USAGE: &str = "usage: pns-loadgen --target 127.0.0.1:PORT [--scenario get-auth-token|verify|all] \
[--connections 64] [--duration 10] [--max-requests 1000000] [--tokens 200000] [--per-device 500] [--rate R] [--sp-lifetime S] [--pid GATEWAY_PID]";
/// How early an open-loop connection wakes for its next call. The runtime's timer ends a sleep on the first
/// whole-millisecond tick at or after the time asked for, and the parked thread's wait is itself rounded up to
/// whole milliseconds, so a wake-up lands up to about two milliseconds late (measured: half the calls sent late
/// when waking one millisecond early, 6 % when waking two).
const WAKE_EARLY: Duration = Duration::from_millis(2);
/// Highest open-loop rate accepted (requests per second, all connections together).
const MAX_RATE: f64 = 1_000_000.0;

struct Args {
    target: String,
    scenarios: Vec<Scenario>,
    connections: usize,
    duration: Duration,
    max_requests: u64,
    tokens: usize,
    per_device: usize,
    /// Open-loop total rate in requests/s; `None` is closed loop.
    rate: Option<f64>,
    /// spToken lifetime of the load's scheme in seconds (`None`: the carriers' own, up to 30 min).
    sp_lifetime: Option<u64>,
    pid: Option<u32>,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Scenario {
    GetAuthToken,
    Verify,
}

impl Scenario {
    fn name(self) -> &'static str {
        match self {
            Scenario::GetAuthToken => "GetAuthToken",
            Scenario::Verify => "VerifyPhoneWithToken",
        }
    }
}

fn parse_args() -> Result<Args> {
    let mut args = Args {
        target: String::new(),
        scenarios: vec![Scenario::GetAuthToken, Scenario::Verify],
        connections: 64,
        duration: Duration::from_secs(10),
        max_requests: 1_000_000,
        tokens: 200_000,
        per_device: 500,
        rate: None,
        sp_lifetime: None,
        pid: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        if flag == "--help" || flag == "-h" {
            println!("{USAGE}");
            std::process::exit(0);
        }
        let value = it
            .next()
            .ok_or_else(|| format!("{flag} needs a value\n{USAGE}"))?;
        match flag.as_str() {
            "--target" => args.target = value,
            "--scenario" => {
                args.scenarios = match value.as_str() {
                    "get-auth-token" => vec![Scenario::GetAuthToken],
                    "verify" => vec![Scenario::Verify],
                    "all" => vec![Scenario::GetAuthToken, Scenario::Verify],
                    other => return Err(format!("unknown scenario {other:?}\n{USAGE}").into()),
                }
            }
            "--connections" => args.connections = value.parse::<usize>()?.clamp(1, MAX_CONNECTIONS),
            "--duration" => {
                args.duration = Duration::from_secs(value.parse::<u64>()?.clamp(1, MAX_DURATION_S))
            }
            "--max-requests" => args.max_requests = value.parse::<u64>()?.clamp(1, MAX_REQUESTS),
            "--tokens" => args.tokens = value.parse::<usize>()?.clamp(1, MAX_TOKENS),
            "--per-device" => args.per_device = value.parse::<usize>()?.max(1),
            "--pid" => args.pid = Some(value.parse()?),
            "--sp-lifetime" => args.sp_lifetime = Some(value.parse::<u64>()?.clamp(1, 86_400)),
            "--rate" => {
                let r: f64 = value.parse()?;
                if !(r.is_finite() && r > 0.0) {
                    return Err(format!("--rate must be a positive number, got {value}").into());
                }
                args.rate = Some(r.min(MAX_RATE));
            }
            other => return Err(format!("unknown flag {other:?}\n{USAGE}").into()),
        }
    }
    if args.target.is_empty() {
        return Err(format!("--target is required\n{USAGE}").into());
    }
    let target = args
        .target
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_string();
    let host_ok = target.starts_with("127.")
        || target.starts_with("localhost:")
        || target.starts_with("[::1]:");
    if !host_ok {
        return Err(format!("refusing to send load anywhere but loopback: {target}").into());
    }
    args.target = target;
    Ok(args)
}

// ----------------------------------------------------------------------------------------------------------------
// HTTP: one keep-alive HTTP/1.1 connection per task.

struct Conn {
    target: String,
    sender: Option<http1::SendRequest<Full<Bytes>>>,
}

struct Answer {
    status: u16,
    body: Bytes,
}

impl Conn {
    fn new(target: &str) -> Self {
        Conn {
            target: target.to_string(),
            sender: None,
        }
    }

    async fn connect(&mut self) -> Result<&mut http1::SendRequest<Full<Bytes>>> {
        let needs_new = match &self.sender {
            Some(s) => s.is_closed(),
            None => true,
        };
        if needs_new {
            let stream = TcpStream::connect(&self.target).await?;
            stream.set_nodelay(true)?;
            let (sender, conn) = http1::handshake(TokioIo::new(stream)).await?;
            tokio::spawn(async move {
                // The connection ends when the sender is dropped or the peer closes; either is fine here.
                let _ = conn.await;
            });
            self.sender = Some(sender);
        }
        self.sender.as_mut().ok_or_else(|| "no connection".into())
    }

    async fn send(
        &mut self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: Bytes,
    ) -> Result<Answer> {
        let host = self.target.clone();
        let sender = self.connect().await?;
        sender.ready().await?;
        let mut builder = Request::builder()
            .method(method)
            .uri(path)
            .header("host", host);
        for (k, v) in headers {
            builder = builder.header(*k, *v);
        }
        let req = builder
            .header("content-length", body.len().to_string())
            .body(Full::new(body))?;
        let resp = match sender.send_request(req).await {
            Ok(r) => r,
            Err(e) => {
                self.sender = None;
                return Err(e.into());
            }
        };
        let status = resp.status().as_u16();
        let body = resp.into_body().collect().await?.to_bytes();
        Ok(Answer { status, body })
    }

    async fn json(
        &mut self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: Option<&Value>,
    ) -> Result<Value> {
        let bytes = match body {
            Some(v) => Bytes::from(serde_json::to_vec(v)?),
            None => Bytes::new(),
        };
        let answer = self.send(method, path, headers, bytes).await?;
        let parsed: Value = serde_json::from_slice(&answer.body)
            .map_err(|e| format!("{method} {path}: HTTP {} and no JSON ({e})", answer.status))?;
        if !(200..300).contains(&answer.status) {
            return Err(format!("{method} {path}: HTTP {}: {parsed}", answer.status).into());
        }
        Ok(parsed)
    }
}

// ----------------------------------------------------------------------------------------------------------------
// Signature v1.

struct Signer {
    access_key_id: String,
    key: Vec<u8>,
    nonce_prefix: u64,
    counter: AtomicU64,
}

impl Signer {
    fn new(access_key_id: &str, secret: &str) -> Self {
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u128(
            SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or(0),
        );
        h.write_u32(std::process::id());
        Signer {
            access_key_id: access_key_id.to_string(),
            key: format!("{secret}&").into_bytes(),
            nonce_prefix: h.finish(),
            counter: AtomicU64::new(0),
        }
    }

    /// The signed query string (`...&Signature=...`) for `action` with its own parameters.
    fn query(&self, action: &str, params: &[(&str, &str)]) -> Result<String> {
        let nonce = format!(
            "{:016x}{:016x}",
            self.nonce_prefix,
            self.counter.fetch_add(1, Ordering::Relaxed)
        );
        self.query_with(action, params, &nonce, &iso8601_now())
    }

    fn query_with(
        &self,
        action: &str,
        params: &[(&str, &str)],
        nonce: &str,
        timestamp: &str,
    ) -> Result<String> {
        let mut all: Vec<(&str, &str)> = vec![
            ("AccessKeyId", &self.access_key_id),
            ("Action", action),
            ("Format", "JSON"),
            ("SignatureMethod", "HMAC-SHA1"),
            ("SignatureNonce", nonce),
            ("SignatureVersion", "1.0"),
            ("Timestamp", timestamp),
            ("Version", "2017-05-25"),
        ];
        all.extend_from_slice(params);
        all.sort_unstable_by(|a, b| a.0.cmp(b.0));
        let mut canonical = String::with_capacity(512);
        for (i, (k, v)) in all.iter().enumerate() {
            if i > 0 {
                canonical.push('&');
            }
            let _ = write!(
                canonical,
                "{}={}",
                utf8_percent_encode(k, UNRESERVED),
                utf8_percent_encode(v, UNRESERVED)
            );
        }
        let to_sign = format!("POST&%2F&{}", utf8_percent_encode(&canonical, UNRESERVED));
        let mut mac = <Hmac<Sha1> as KeyInit>::new_from_slice(&self.key)
            .map_err(|e| format!("hmac key: {e}"))?;
        mac.update(to_sign.as_bytes());
        let sig = base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes());
        let _ = write!(
            canonical,
            "&Signature={}",
            utf8_percent_encode(&sig, UNRESERVED)
        );
        Ok(canonical)
    }
}

/// Now as `YYYY-MM-DDTHH:MM:SSZ` (UTC).
fn iso8601_now() -> String {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// The string value of the first `"<name>"` key in a compact or pretty JSON body, without a full parse.
fn json_str_field<'a>(body: &'a [u8], name: &str) -> Option<&'a str> {
    let needle = format!("\"{name}\"");
    let text = std::str::from_utf8(body).ok()?;
    let at = text.find(&needle)? + needle.len();
    let rest = text[at..]
        .trim_start()
        .strip_prefix(':')?
        .trim_start()
        .strip_prefix('"')?;
    let end = rest.find('"')?;
    Some(&rest[..end])
}

fn find_key<'a>(v: &'a Value, names: &[&str]) -> Option<&'a Value> {
    match v {
        Value::Object(map) => {
            for (k, val) in map {
                let norm = k.replace('_', "").to_ascii_lowercase();
                if names.iter().any(|n| n.to_ascii_lowercase() == norm) && !val.is_null() {
                    return Some(val);
                }
            }
            map.values().find_map(|val| find_key(val, names))
        }
        Value::Array(items) => items.iter().find_map(|val| find_key(val, names)),
        _ => None,
    }
}

fn find_str(v: &Value, names: &[&str]) -> Option<String> {
    match find_key(v, names)? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn vm_rss_kib(pid: Option<u32>) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{}/status", pid?)).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// CPU time (user + system, all threads) a process has used so far, from `/proc/<pid>/stat` (`self` for this one).
fn cpu_time(pid: &str) -> Option<Duration> {
    cpu_time_of_stat(&std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?)
}

/// `utime + stime` of a `/proc/<pid>/stat` line. Linux counts them in clock ticks of 1/100 s (`USER_HZ`, fixed at
/// 100 on the ABIs this runs on).
fn cpu_time_of_stat(stat: &str) -> Option<Duration> {
    // The command name (field 2) is in parentheses and may hold spaces and parentheses: count the fields after the
    // last closing one (field 3 on), so utime and stime are the 12th and 13th.
    let rest = &stat[stat.rfind(')')? + 1..];
    let mut fields = rest.split_whitespace().skip(11);
    let utime: u64 = fields.next()?.parse().ok()?;
    let stime: u64 = fields.next()?.parse().ok()?;
    Some(Duration::from_millis((utime + stime) * 10))
}

// ----------------------------------------------------------------------------------------------------------------
// Set-up: account, scheme, tokens.

struct Setup {
    signer: Arc<Signer>,
    scene: String,
    url: String,
}

async fn set_up(target: &str, sp_lifetime: Option<u64>) -> Result<Setup> {
    let mut conn = Conn::new(target);
    let info = conn.json("GET", "/sandbox/v1/info", &[], None).await?;
    let ak = find_str(&info, &["accessKeyId"]).ok_or("no accessKeyId in /sandbox/v1/info")?;
    let sk =
        find_str(&info, &["accessKeySecret"]).ok_or("no accessKeySecret in /sandbox/v1/info")?;
    // A scheme of our own, so that the demo scheme's quota is not touched.
    let url = format!("{ORIGIN}/");
    let mut body = serde_json::json!({ "url": url, "origin": ORIGIN });
    if let (Some(acc), Some(obj)) = (find_key(&info, &["accountId"]), body.as_object_mut()) {
        obj.insert("account".into(), acc.clone());
    }
    if let (Some(sp), Some(obj)) = (sp_lifetime, body.as_object_mut()) {
        obj.insert("lifetimes".into(), serde_json::json!({ "spToken": sp }));
    }
    let scheme = conn
        .json(
            "POST",
            "/sandbox/v1/schemes",
            &[("content-type", "application/json")],
            Some(&body),
        )
        .await?;
    let scene = find_str(&scheme, &["sceneCode"])
        .ok_or("no sceneCode in the POST /sandbox/v1/schemes answer")?;
    Ok(Setup {
        signer: Arc::new(Signer::new(&ak, &sk)),
        scene,
        url,
    })
}

fn auth_token_params<'a>(s: &'a Setup, biz: &'a str) -> [(&'a str, &'a str); 4] {
    [
        ("BizType", biz),
        ("Origin", ORIGIN),
        ("SceneCode", s.scene.as_str()),
        ("Url", s.url.as_str()),
    ]
}

struct Minted {
    token: String,
    number: String,
}

/// Mints `count` verification spTokens over `connections` connections (outside the timed phase).
async fn mint_tokens(args: &Args, setup: &Setup) -> Result<Vec<Vec<Minted>>> {
    let mut conn = Conn::new(&args.target);

    // Devices: CU and CT alternately (CM has a daily verification limit per number), per_device tokens each.
    let devices_needed = args.tokens.div_ceil(args.per_device);
    let mut devices = Vec::with_capacity(devices_needed);
    for i in 0..devices_needed {
        let (carrier, prefix) = if i % 2 == 0 {
            ("CU", "130")
        } else {
            ("CT", "189")
        };
        let number = format!(
            "{prefix}{:08}",
            (setup.signer.nonce_prefix % 50_000_000) as usize + i
        );
        let body = serde_json::json!({ "carrier": carrier, "number": number, "connection": "cellular", "select": false });
        let dev = conn
            .json(
                "POST",
                "/sandbox/v1/devices",
                &[("content-type", "application/json")],
                Some(&body),
            )
            .await?;
        let id = find_str(&dev, &["id"]).ok_or_else(|| format!("no device id in {dev}"))?;
        devices.push(Arc::new((carrier.to_string(), number, id)));
    }

    let workers = args.connections.min(args.tokens);
    let mut handles = Vec::with_capacity(workers);
    for w in 0..workers {
        let target = args.target.clone();
        let q = setup
            .signer
            .query("GetAuthToken", &auth_token_params(setup, "0"))?;
        let mine: Vec<_> = (w..args.tokens)
            .step_by(workers)
            .map(|i| Arc::clone(&devices[i / args.per_device]))
            .collect();
        handles.push(tokio::spawn(async move {
            let mut conn = Conn::new(&target);
            let mut out = Vec::with_capacity(mine.len());
            // One AccessToken and one identity check per worker: the gateway allows 10 checks per AccessToken,
            // and a CU or CT carrier ticket can be presented to `token` any number of times while it lives.
            let answer = conn
                .send("POST", &format!("/?{q}"), &[], Bytes::new())
                .await?;
            let parsed: Value = serde_json::from_slice(&answer.body)?;
            let at = find_str(&parsed, &["AccessToken"])
                .ok_or_else(|| format!("GetAuthToken failed: {parsed}"))?;
            let jwt = find_str(&parsed, &["JwtToken"])
                .ok_or_else(|| format!("GetAuthToken failed: {parsed}"))?;
            let check_body = serde_json::json!({
                "accessToken": at, "jwtToken": jwt, "bizType": 0, "requestId": "loadgen", "sdkVersion": "1.0.0"
            });
            let headers = [
                ("origin", ORIGIN),
                ("content-type", "text/plain;charset=UTF-8"),
            ];
            let checked = conn
                .json("POST", "/h5/v1/check", &headers, Some(&check_body))
                .await?;
            for dev in mine {
                let (carrier, number, id) = (&dev.0, &dev.1, &dev.2);
                let ticket = checked
                    .get("carriers")
                    .and_then(Value::as_array)
                    .and_then(|cs| {
                        cs.iter()
                            .find(|c| c.get("vender").and_then(Value::as_str) == Some(carrier))
                    })
                    .and_then(|c| c.get("ticket"))
                    .and_then(Value::as_str)
                    .ok_or_else(|| format!("/h5/v1/check gave no {carrier} ticket: {checked}"))?
                    .to_string();
                let path = format!("/carrier/{}/v1/token", carrier.to_ascii_lowercase());
                let body = serde_json::json!({ "ticket": ticket, "requestId": "loadgen" });
                let headers = [
                    ("origin", ORIGIN),
                    ("content-type", "text/plain;charset=UTF-8"),
                    ("x-pns-sim", id),
                ];
                let got = conn.json("POST", &path, &headers, Some(&body)).await?;
                let token = got
                    .get("token")
                    .and_then(Value::as_str)
                    .ok_or_else(|| format!("{path} gave no token: {got}"))?;
                out.push(Minted {
                    token: token.to_string(),
                    number: number.clone(),
                });
            }
            Ok::<_, BoxError>(out)
        }));
    }
    let mut per_worker = Vec::with_capacity(workers);
    for h in handles {
        per_worker.push(h.await??);
    }
    Ok(per_worker)
}

// ----------------------------------------------------------------------------------------------------------------
// Timed phase.

#[derive(Default)]
struct Stats {
    latencies_us: Vec<u32>,
    /// Open loop: how long after its due time each call was sent (0 when on time or early).
    late_us: Vec<u32>,
    ok: u64,
    errors: HashMap<String, u64>,
}

impl Stats {
    fn merge(&mut self, other: Stats) {
        self.latencies_us.extend(other.latencies_us);
        self.late_us.extend(other.late_us);
        self.ok += other.ok;
        for (k, v) in other.errors {
            *self.errors.entry(k).or_default() += v;
        }
    }
}

struct Outcome {
    scenario: Scenario,
    connections: usize,
    rate: Option<f64>,
    elapsed: Duration,
    stats: Stats,
    rss_before: Option<u64>,
    rss_after: Option<u64>,
    /// CPU time the gateway and the load generator used during the timed phase.
    gateway_cpu: Option<Duration>,
    loadgen_cpu: Option<Duration>,
    note: String,
}

fn classify(answer: &Answer, scenario: Scenario) -> Option<String> {
    let code = json_str_field(&answer.body, "Code");
    if answer.status != 200 || code != Some("OK") {
        return Some(match code {
            Some(c) => c.to_string(),
            None => format!("HTTP {}", answer.status),
        });
    }
    if scenario == Scenario::Verify {
        match json_str_field(&answer.body, "VerifyResult") {
            Some("PASS") => {}
            other => return Some(format!("VerifyResult {}", other.unwrap_or("missing"))),
        }
    }
    None
}

async fn timed(
    args: &Args,
    setup: &Setup,
    scenario: Scenario,
    mut tokens: Vec<Vec<Minted>>,
) -> Result<Outcome> {
    let rss_before = vm_rss_kib(args.pid);
    let gateway_pid = args.pid.map(|p| p.to_string());
    let cpu_before = (gateway_pid.as_deref().and_then(cpu_time), cpu_time("self"));
    let issued = Arc::new(AtomicU64::new(0));
    let workers = match scenario {
        Scenario::GetAuthToken => args.connections,
        Scenario::Verify => tokens.len(),
    };
    // Connect everything first so the timed phase measures requests, not handshakes.
    let mut conns = Vec::with_capacity(workers);
    for _ in 0..workers {
        let mut c = Conn::new(&args.target);
        c.connect().await?;
        conns.push(c);
    }
    let start = Instant::now();
    let deadline = start + args.duration;
    // Open loop: worker w's k-th request is due at start + (k * workers + w) / rate.
    let period = args
        .rate
        .map(|r| Duration::from_secs_f64(workers as f64 / r));
    let stagger = args.rate.map(|r| Duration::from_secs_f64(1.0 / r));
    let mut handles = Vec::with_capacity(workers);
    for (w, mut conn) in conns.into_iter().enumerate() {
        let issued = Arc::clone(&issued);
        let cap = args.max_requests;
        let signer = Arc::clone(&setup.signer);
        let scene = setup.scene.clone();
        let url = setup.url.clone();
        let mut mine = tokens.pop().unwrap_or_default();
        handles.push(tokio::spawn(async move {
            let mut st = Stats {
                latencies_us: Vec::with_capacity(4096),
                ..Stats::default()
            };
            let mut due = stagger.map(|d| start + d * u32::try_from(w).unwrap_or(u32::MAX));
            loop {
                if let Some(at) = due {
                    if at >= deadline {
                        break;
                    }
                    tokio::time::sleep_until(wake_time(at).into()).await;
                }
                if Instant::now() >= deadline || issued.fetch_add(1, Ordering::Relaxed) >= cap {
                    break;
                }
                let query = match scenario {
                    Scenario::GetAuthToken => signer.query(
                        "GetAuthToken",
                        &[
                            ("BizType", "0"),
                            ("Origin", ORIGIN),
                            ("SceneCode", &scene),
                            ("Url", &url),
                        ],
                    ),
                    Scenario::Verify => match mine.pop() {
                        Some(m) => signer.query(
                            "VerifyPhoneWithToken",
                            &[("PhoneNumber", &m.number), ("SpToken", &m.token)],
                        ),
                        None => break,
                    },
                };
                let query = match query {
                    Ok(q) => q,
                    Err(e) => {
                        *st.errors.entry(format!("signing: {e}")).or_default() += 1;
                        break;
                    }
                };
                let path = format!("/?{query}");
                let sent = Instant::now();
                let t0 = latency_start(due, sent);
                if let Some(at) = due {
                    st.late_us.push(micros(sent.saturating_duration_since(at)));
                }
                if let (Some(at), Some(p)) = (due.as_mut(), period) {
                    *at += p;
                }
                let result = conn.send("POST", &path, &[], Bytes::new()).await;
                st.latencies_us.push(micros(t0.elapsed()));
                match result {
                    Ok(answer) => match classify(&answer, scenario) {
                        None => st.ok += 1,
                        Some(code) => *st.errors.entry(code).or_default() += 1,
                    },
                    Err(e) => *st.errors.entry(format!("transport: {e}")).or_default() += 1,
                }
            }
            st
        }));
    }
    let mut stats = Stats::default();
    for h in handles {
        stats.merge(h.await?);
    }
    let elapsed = start.elapsed();
    let rss_after = vm_rss_kib(args.pid);
    let used = |before: Option<Duration>, after: Option<Duration>| after?.checked_sub(before?);
    let gateway_cpu = used(cpu_before.0, gateway_pid.as_deref().and_then(cpu_time));
    let loadgen_cpu = used(cpu_before.1, cpu_time("self"));
    Ok(Outcome {
        scenario,
        connections: workers,
        rate: args.rate,
        elapsed,
        stats,
        rss_before,
        rss_after,
        gateway_cpu,
        loadgen_cpu,
        note: String::new(),
    })
}

/// When to wake for a call due at `due`: [`WAKE_EARLY`] before it. Waking for `due` itself would add the timer's
/// rounding, up to a millisecond or two, to every open-loop call's latency; woken early, the call goes out a
/// little before it is due, and [`latency_start`] counts from whichever comes first.
fn wake_time(due: Instant) -> Instant {
    due.checked_sub(WAKE_EARLY).unwrap_or(due)
}

/// Where a call's latency starts. Closed loop (`due` is `None`): when it is sent. Open loop: when it was due, so
/// that a late send counts (waiting behind a slow answer on the same connection, or for the CPU), or when it was
/// sent if that came first (then the latency is the whole time the call took).
fn latency_start(due: Option<Instant>, sent: Instant) -> Instant {
    due.map_or(sent, |at| at.min(sent))
}

/// Open loop: how many calls went out after their due time, and by how much (`sorted` in microseconds). Those
/// delays are inside the latencies above.
fn lateness(sorted: &[u32]) -> String {
    if sorted.is_empty() {
        return String::new();
    }
    let late = sorted.iter().filter(|&&us| us > 0).count();
    format!(
        " Sent after their due time: {late} of {} calls ({:.1} %); that delay, which the latencies include: p99 {:.2} ms, longest {:.2} ms.",
        sorted.len(),
        100.0 * late as f64 / sorted.len() as f64,
        pct(sorted, 0.99),
        pct(sorted, 1.0)
    )
}

fn micros(d: Duration) -> u32 {
    u32::try_from(d.as_micros()).unwrap_or(u32::MAX)
}

fn pct(sorted: &[u32], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let idx = ((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1;
    f64::from(sorted[idx]) / 1000.0
}

/// CPU time per call in microseconds, or `n/a` when it could not be read.
fn per_call(cpu: Option<Duration>, calls: usize) -> String {
    match cpu {
        Some(t) if calls > 0 => format!("{:.1}", t.as_secs_f64() * 1e6 / calls as f64),
        _ => "n/a".into(),
    }
}

fn kib(v: Option<u64>) -> String {
    v.map(|k| format!("{:.1} MiB", k as f64 / 1024.0))
        .unwrap_or_else(|| "n/a".into())
}

fn report(outcomes: &mut [Outcome]) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "| scenario | load | connections | duration (s) | requests | OK | requests/s | p50 (ms) | p90 (ms) | p99 (ms) | max (ms) | gateway CPU per call (µs) | load generator CPU per call (µs) | gateway RSS before → after | goal ≥ 20,000/s, p99 < 5 ms |"
    );
    let _ = writeln!(
        s,
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|"
    );
    for o in outcomes.iter_mut() {
        o.stats.latencies_us.sort_unstable();
        o.stats.late_us.sort_unstable();
        let n = o.stats.latencies_us.len();
        let secs = o.elapsed.as_secs_f64().max(1e-9);
        let rate = n as f64 / secs;
        let p99 = pct(&o.stats.latencies_us, 0.99);
        let _ = writeln!(
            s,
            "| {} | {} | {} | {:.2} | {} | {} | {:.0} | {:.2} | {:.2} | {:.2} | {:.2} | {} | {} | {} → {} | {} |",
            o.scenario.name(),
            o.rate.map_or_else(
                || "closed loop".to_string(),
                |r| format!("open loop, {r:.0}/s offered")
            ),
            o.connections,
            secs,
            n,
            o.stats.ok,
            rate,
            pct(&o.stats.latencies_us, 0.50),
            pct(&o.stats.latencies_us, 0.90),
            p99,
            pct(&o.stats.latencies_us, 1.0),
            per_call(o.gateway_cpu, n),
            per_call(o.loadgen_cpu, n),
            kib(o.rss_before),
            kib(o.rss_after),
            // Open loop: the offered rate must be the goal's and be kept up with (within 1 %).
            if o.rate.map_or(rate, |r| if rate >= 0.99 * r { r } else { rate }) >= 20_000.0
                && p99 < 5.0
                && o.stats.errors.is_empty()
            {
                "met"
            } else {
                "not met"
            },
        );
    }
    let _ = writeln!(s);
    for o in outcomes.iter() {
        let mut errs: Vec<_> = o.stats.errors.iter().collect();
        errs.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        let late = lateness(&o.stats.late_us);
        if errs.is_empty() {
            let _ = writeln!(s, "- {}: no errors.{late}{}", o.scenario.name(), o.note);
        } else {
            let list: Vec<String> = errs.iter().map(|(k, v)| format!("`{k}` × {v}")).collect();
            let _ = writeln!(
                s,
                "- {}: errors by Code: {}.{late}{}",
                o.scenario.name(),
                list.join(", "),
                o.note
            );
        }
    }
    s
}

async fn run(args: Args) -> Result<()> {
    let setup = set_up(&args.target, args.sp_lifetime).await?;
    let rss_start = vm_rss_kib(args.pid);
    let mut outcomes = Vec::new();
    for scenario in args.scenarios.clone() {
        match scenario {
            Scenario::GetAuthToken => {
                outcomes.push(timed(&args, &setup, scenario, Vec::new()).await?)
            }
            Scenario::Verify => {
                let t0 = Instant::now();
                let minted = tokio::time::timeout(MINT_DEADLINE, mint_tokens(&args, &setup))
                    .await
                    .map_err(|_| "minting spTokens took longer than the deadline")??;
                let count: usize = minted.iter().map(Vec::len).sum();
                let mint_s = t0.elapsed().as_secs_f64();
                let mut o = timed(&args, &setup, scenario, minted).await?;
                o.note = format!(
                    " ({count} spTokens minted beforehand in {mint_s:.1} s through /h5/v1/check + carrier token, not timed; \
                     the phase ends early when they run out)"
                );
                outcomes.push(o);
            }
        }
    }
    println!("{}", report(&mut outcomes));
    println!(
        "Gateway RSS at the start (after set-up): {}.",
        kib(rss_start)
    );
    Ok(())
}

fn main() {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    };
    let rt = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("tokio runtime: {e}");
            std::process::exit(1);
        }
    };
    if let Err(e) = rt.block_on(run(args)) {
        eprintln!("loadgen: {e}");
        std::process::exit(1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn v1_signature_matches_an_independent_implementation() {
        // Expected value computed with Python's urllib.parse.quote(safe="-_.~") + hmac/hashlib + base64.
        let signer = Signer::new("LTAIdemo", "sec");
        let params = [
            ("BizType", "0"),
            ("Origin", ORIGIN),
            ("SceneCode", "FC1 \u{fc}"),
            ("Url", "http://loadgen.bench.example/"),
        ];
        let nonce = "00000000000000ab0000000000000001";
        let q = signer
            .query_with("GetAuthToken", &params, nonce, "2026-11-22T08:00:00Z")
            .expect("signing");
        assert!(
            q.ends_with("&Signature=wDTl3r0mjUFeFPnFi8ikGQEqUHs%3D"),
            "{q}"
        );
        assert!(q.contains("SceneCode=FC1%20%C3%BC"), "{q}");
    }

    #[test]
    fn open_loop_calls_wake_early_and_count_from_the_earlier_of_due_and_sent() {
        let due = Instant::now() + Duration::from_secs(1);
        assert_eq!(wake_time(due), due - WAKE_EARLY);
        let early = due - Duration::from_micros(400);
        let late = due + Duration::from_micros(700);
        assert_eq!(
            latency_start(Some(due), early),
            early,
            "an early send counts from the send"
        );
        assert_eq!(
            latency_start(Some(due), late),
            due,
            "a late send counts from the due time"
        );
        assert_eq!(
            latency_start(None, late),
            late,
            "closed loop counts from the send"
        );
    }

    #[test]
    fn cpu_time_of_a_stat_line() {
        // pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime ...
        let stat =
            "4242 (a (weird) name) S 1 4242 4242 0 -1 4194560 900 0 3 0 250 131 0 0 20 0 3 0 77";
        assert_eq!(cpu_time_of_stat(stat), Some(Duration::from_millis(3810)));
        assert_eq!(cpu_time_of_stat("4242 (gateway) S 1 2"), None);
        assert_eq!(cpu_time_of_stat("no parentheses"), None);
        assert!(cpu_time("self").is_some(), "this process's own line parses");
    }

    #[test]
    fn lateness_summary() {
        assert_eq!(lateness(&[]), "");
        let mut delays = vec![0u32; 98];
        delays.extend([1500, 4000]);
        let text = lateness(&delays);
        assert!(text.contains("2 of 100 calls (2.0 %)"), "{text}");
        assert!(text.contains("p99 1.50 ms, longest 4.00 ms"), "{text}");
    }

    #[test]
    fn iso8601_shape() {
        let t = iso8601_now();
        assert_eq!(t.len(), 20, "{t}");
        assert!(t.ends_with('Z') && &t[10..11] == "T", "{t}");
    }

    #[test]
    fn json_field_extraction() {
        let compact = br#"{"Code":"OK","Message":"x"}"#;
        assert_eq!(json_str_field(compact, "Code"), Some("OK"));
        let spaced = br#"{ "Code" : "isv.TOKEN_INVALID" }"#;
        assert_eq!(json_str_field(spaced, "Code"), Some("isv.TOKEN_INVALID"));
        assert_eq!(json_str_field(b"not json", "Code"), None);
    }
}
