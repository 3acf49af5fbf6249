//! `gateway`: runs the PhoneNumberServer gateway.
//!
//! Run `gateway --help` for the flags.
//!
//! ```text
//! gateway [--sandbox | --config FILE] [--listen ADDR] [--public-url URL] [--www DIR] [--sdk-dir DIR]
//!         [--max-connections N] [--header-timeout-ms MS] [--body-timeout-ms MS] [--max-head-bytes N]
//! ```
#![forbid(unsafe_code)]

use clap::error::ErrorKind;
use clap::{CommandFactory, Parser};
use pns_gateway::config::{self, Config};
use pns_gateway::{Dirs, Gateway};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

/// The command line. Flag names and meanings are the ones `scripts/`, `tests/e2e/helpers.mjs` and `sandbox-npm/`
/// pass; clap parses them (`--flag value` and `--flag=value` both work).
#[derive(Parser)]
#[command(
    name = "gateway",
    about = "gateway: the PhoneNumberServer sandbox gateway (OpenAPI, identity check, simulated carriers)",
    after_help = "The four connection flags override the configuration's [connections] table."
)]
struct Args {
    /// embedded demo configuration (the default without --config)
    #[arg(long)]
    sandbox: bool,
    /// TOML configuration (see gateway/src/config/mod.rs)
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// listen address
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8787", value_parser = parse_listen)]
    listen: SocketAddr,
    /// browser-facing base URL (default: http:// and the listen address)
    #[arg(long, value_name = "URL")]
    public_url: Option<String>,
    /// demo pages served at /demo/
    #[arg(long, value_name = "DIR", default_value = "www")]
    www: PathBuf,
    /// built SDK served at /sdk/
    #[arg(long, value_name = "DIR", default_value = "dist")]
    sdk_dir: PathBuf,
    #[command(flatten)]
    conn: ConnFlags,
}

/// Connection limits given on the command line (each overrides the configuration's).
#[derive(clap::Args)]
struct ConnFlags {
    /// client connections open at once (default 16384, kept below the open-file limit)
    #[arg(long, value_name = "N")]
    max_connections: Option<usize>,
    /// time to send a complete request head, also the keep-alive idle timeout (default 10000)
    #[arg(long = "header-timeout-ms", value_name = "MS")]
    header_read_timeout_ms: Option<u64>,
    /// time for a whole request body to arrive (default 10000)
    #[arg(long, value_name = "MS")]
    body_timeout_ms: Option<u64>,
    /// largest request head and per-connection read buffer (default 32768)
    #[arg(long, value_name = "N")]
    max_head_bytes: Option<usize>,
}

/// `--listen`: a socket address, with the example the old hand-written parser gave.
fn parse_listen(v: &str) -> Result<SocketAddr, String> {
    v.parse()
        .map_err(|_| format!("{v:?}: expected e.g. 127.0.0.1:8787"))
}

/// Parses the command line; on `--help` or a usage error clap prints and exits (0 for help, 2 for errors).
fn parse_args() -> Args {
    let a = Args::parse();
    if a.sandbox && a.config.is_some() {
        // Checked here rather than with clap's `conflicts_with` to keep the hint about the file's own switch.
        Args::command()
            .error(
                ErrorKind::ArgumentConflict,
                "--sandbox and --config exclude each other (set sandbox = true in the file instead)",
            )
            .exit();
    }
    a
}

fn banner(gw: &Gateway) {
    let s = &gw.state;
    // The bound address, not the base URL: with a config's public_url (or 0.0.0.0) the two differ.
    let listening = gw
        .local_addr()
        .map_or_else(|_| String::from("?"), |a| format!("http://{a}"));
    println!("PhoneNumberServer gateway listening on {listening}");
    if s.base_url != listening {
        println!("  public URL:       {}", s.base_url);
    }
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
    let args = parse_args();
    let dirs = Dirs {
        www: args.www,
        sdk: args.sdk_dir,
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
    let gw = match Gateway::bind(&cfg, args.listen, dirs).await {
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
