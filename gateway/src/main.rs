//! `gateway`: runs the PhoneNumberServer gateway.
//!
//! ```text
//! gateway [--sandbox | --config FILE] [--listen ADDR] [--public-url URL] [--www DIR] [--sdk-dir DIR]
//!         [--max-connections N] [--header-timeout-ms MS] [--body-timeout-ms MS] [--max-head-bytes N]
//! ```
#![forbid(unsafe_code)]

use pns_gateway::config::{self, Config};
use pns_gateway::{Dirs, Gateway};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "\
gateway: the PhoneNumberServer sandbox gateway (OpenAPI, identity check, simulated carriers)

USAGE:
    gateway [--sandbox | --config FILE] [--listen ADDR] [--public-url URL] [--www DIR] [--sdk-dir DIR]
            [--max-connections N] [--header-timeout-ms MS] [--body-timeout-ms MS] [--max-head-bytes N]

OPTIONS:
    --sandbox          embedded demo configuration (the default without --config)
    --config FILE      TOML configuration (see gateway/src/config.rs)
    --listen ADDR      listen address (default 127.0.0.1:8787)
    --public-url URL   browser-facing base URL (default http://<listen address>)
    --www DIR          demo pages served at /demo/ (default: www)
    --sdk-dir DIR      built SDK served at /sdk/ (default: dist)
    --max-connections N       client connections open at once (default 16384, kept below the open-file limit)
    --header-timeout-ms MS    time to send a complete request head, also the keep-alive idle timeout (10000)
    --body-timeout-ms MS      time for a whole request body to arrive (10000)
    --max-head-bytes N        largest request head and per-connection read buffer (32768)
    (these four override the configuration's [connections] table)
    -h, --help         this text
";

struct Args {
    config: Option<PathBuf>,
    sandbox: bool,
    listen: SocketAddr,
    public_url: Option<String>,
    dirs: Dirs,
    conn: ConnFlags,
}

/// Connection limits given on the command line (each overrides the configuration's).
#[derive(Default)]
struct ConnFlags {
    max_connections: Option<usize>,
    header_read_timeout_ms: Option<u64>,
    body_timeout_ms: Option<u64>,
    max_head_bytes: Option<usize>,
}

fn number<T: std::str::FromStr>(name: &str, v: &str) -> Result<T, String> {
    v.parse()
        .map_err(|_| format!("{name} {v:?}: expected a whole number"))
}

fn parse_args() -> Result<Option<Args>, String> {
    let mut a = Args {
        config: None,
        sandbox: false,
        listen: SocketAddr::from(([127, 0, 0, 1], 8787)),
        public_url: None,
        dirs: Dirs::default(),
        conn: ConnFlags::default(),
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let (name, inline) = match arg.split_once('=') {
            Some((n, v)) if n.starts_with("--") => (n.to_owned(), Some(v.to_owned())),
            _ => (arg.clone(), None),
        };
        let mut value = |what: &str| {
            inline
                .clone()
                .or_else(|| it.next())
                .ok_or(format!("{name} needs {what}"))
        };
        match name.as_str() {
            "-h" | "--help" => return Ok(None),
            "--sandbox" => a.sandbox = true,
            "--config" => a.config = Some(PathBuf::from(value("a file")?)),
            "--listen" => {
                let v = value("an address")?;
                a.listen = v
                    .parse()
                    .map_err(|_| format!("--listen {v:?}: expected e.g. 127.0.0.1:8787"))?;
            }
            "--public-url" => a.public_url = Some(value("a URL")?),
            "--www" => a.dirs.www = PathBuf::from(value("a directory")?),
            "--sdk-dir" => a.dirs.sdk = PathBuf::from(value("a directory")?),
            "--max-connections" => {
                a.conn.max_connections = Some(number(&name, &value("a number")?)?);
            }
            "--header-timeout-ms" => {
                a.conn.header_read_timeout_ms = Some(number(&name, &value("milliseconds")?)?);
            }
            "--body-timeout-ms" => {
                a.conn.body_timeout_ms = Some(number(&name, &value("milliseconds")?)?);
            }
            "--max-head-bytes" => {
                a.conn.max_head_bytes = Some(number(&name, &value("a number")?)?);
            }
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    if a.sandbox && a.config.is_some() {
        return Err(
            "--sandbox and --config exclude each other (set sandbox = true in the file instead)"
                .into(),
        );
    }
    Ok(Some(a))
}

fn banner(gw: &Gateway) {
    let s = &gw.state;
    println!("PhoneNumberServer gateway listening on {}", s.base_url);
    println!(
        "  OpenAPI (Dypnsapi 2017-05-25): {}/   identity check: {}/h5/v1/check",
        s.base_url, s.base_url
    );
    let Some(demo) = &s.demo else {
        return;
    };
    println!();
    println!("Sandbox mode (state in memory, nothing persisted)");
    println!("  demo page:        {}/demo/", s.base_url);
    println!("  AccessKeyId:      {}", demo.access_key_id);
    println!("  AccessKeySecret:  {}", demo.access_key_secret);
    println!("  account:          {}", demo.account);
    println!("  SignName:         {}", pns_gateway::sms::DEMO_SIGN_NAME);
    println!(
        "  TemplateCode:     {}",
        pns_gateway::sms::DEMO_TEMPLATE_CODE
    );
    for code in &demo.scene_codes {
        if let Some(sc) = s.scheme(code) {
            println!(
                "  scheme:           SceneCode={}  Url={}  Origin={}",
                sc.scene_code, sc.url, sc.origin
            );
        }
    }
    let default = s.default_device.read().clone();
    for id in &demo.devices {
        if let Some(d) = s.device(id) {
            let mark = if *id == default {
                "  (default device)"
            } else {
                ""
            };
            let conn = match d.connection {
                config::Connection::Cellular => "cellular",
                config::Connection::Wifi => "wifi",
                config::Connection::None => "no connection",
            };
            println!(
                "  subscriber {}:    {}  device {} on {conn}{mark}",
                d.carrier, d.number, d.id
            );
        }
    }
    println!("  control API:      {}/sandbox/v1/info", s.base_url);
    println!("  SMS inbox:        {}/demo/sms.html", s.base_url);
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(Some(a)) => a,
        Ok(None) => {
            print!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("gateway: {e}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let mut cfg = match &args.config {
        Some(path) => match Config::from_file(path) {
            Ok(c) => c,
            Err(e) => {
                eprintln!("gateway: {e}");
                return ExitCode::from(2);
            }
        },
        None => Config::sandbox(),
    };
    if let Some(u) = args.public_url {
        if let Err(e) = config::check_base_url(&u) {
            eprintln!("gateway: --public-url: {e}");
            return ExitCode::from(2);
        }
        cfg.public_url = Some(u);
    }
    let c = &mut cfg.connections;
    c.max_connections = args.conn.max_connections.unwrap_or(c.max_connections);
    c.header_read_timeout_ms = args
        .conn
        .header_read_timeout_ms
        .unwrap_or(c.header_read_timeout_ms);
    c.body_timeout_ms = args.conn.body_timeout_ms.unwrap_or(c.body_timeout_ms);
    c.max_head_bytes = args.conn.max_head_bytes.unwrap_or(c.max_head_bytes);
    let gw = match Gateway::bind(&cfg, args.listen, args.dirs).await {
        Ok(g) => g,
        Err(e) => {
            eprintln!("gateway: cannot start on {}: {e}", args.listen);
            return ExitCode::from(1);
        }
    };
    banner(&gw);
    let shutdown = async {
        #[cfg(unix)]
        {
            let term = async {
                match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                    Ok(mut s) => {
                        s.recv().await;
                    }
                    Err(_) => std::future::pending::<()>().await,
                }
            };
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                () = term => {}
            }
        }
        #[cfg(not(unix))]
        let _ = tokio::signal::ctrl_c().await;
        println!("gateway: shutting down");
    };
    match gw.serve_until(shutdown).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("gateway: {e}");
            ExitCode::from(1)
        }
    }
}
