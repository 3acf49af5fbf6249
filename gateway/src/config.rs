//! The gateway's configuration: a TOML file, or the embedded sandbox default.
//!
//! ```toml
//! public_url = "http://127.0.0.1:8787"   # browser-facing base URL (default: http://<listen address>)
//! sandbox = false                         # add the demo account, schemes and subscribers
//! sandbox_api = false                     # enable /sandbox/v1/... and /demo-backend/...
//! secret = "any long string"              # derives the token keys (random at start-up when absent)
//! default_device = "phone1"
//!
//! [[accounts]]
//! id = "1000"
//! access_key_id = "LTAI..."
//! access_key_secret = "..."
//! qps = 1000                              # optional per-account throttle (Throttling.User)
//!
//! [[schemes]]
//! scene_code = "FC100000000000001"
//! account = "1000"
//! url = "https://shop.example/"
//! origin = "https://shop.example"
//! quota = 100000                          # identity checks still allowed (absent: unlimited)
//! demoted = false
//! lifetimes = { access_token = 600, jwt = 3600, sp_token = 120 }
//! simulated_environment = false           # sandbox: the SDK trusts the simulated SIM, not the browser's UA
//!
//! [[devices]]
//! id = "phone1"
//! carrier = "CM"
//! number = "13800138000"
//! connection = "cellular"                 # cellular | wifi | none
//! faults = { CM = { blocked = true } }
//!
//! [faults.CU]                             # faults every device sees
//! maintenance = true
//!
//! [limits]                                # optional: store sizes, the signature clock window, device idling
//! timestamp_window_secs = 900             # 1 to 86400: how old a signed request may be
//! future_skew_secs = 60                   # 0 to timestamp_window_secs: how far ahead it may be dated
//! devices = 100000                        # devices held at once (config and sandbox API ones together)
//! nonces = 4000000                        # per account: signature nonces remembered
//! spent_tokens = 1000000                  # per account: spent spTokens remembered
//! token_uses = 1000000                    # per account: use records of live AccessTokens and tickets
//! sandbox_accounts = 1000                 # accounts the sandbox control API may create
//! sandbox_schemes = 1000                  # live schemes the sandbox control API may hold
//! device_idle_secs = 1800                 # 1 to 86400: a sandbox API device unused this long is removed
//!
//! [connections]                           # optional: client connection limits (see gateway/src/conn.rs)
//! max_connections = 16384                 # open at once (also kept below the open-file limit)
//! header_read_timeout_ms = 10000          # complete request head within this (also the keep-alive idle timeout)
//! body_timeout_ms = 10000                 # the whole request body must arrive within this
//! max_head_bytes = 32768                  # request line + headers, and each connection's read buffer
//! ```
//!
//! Devices created through the sandbox control API (`POST /sandbox/v1/devices`) expire when idle: one that no
//! request has used for `limits.device_idle_secs` (default [`DEFAULT_DEVICE_IDLE_SECS`], 30 min) is removed, and a
//! later request naming it is answered as for a device that never existed. Using a device — a carrier request
//! naming it (cookie, `X-Pns-Sim` or as the default device), or a sandbox API call reading, patching or selecting
//! it — starts its idle time again. Devices of the `[[devices]]` list (and the sandbox's demo devices) never
//! expire, even when patched through the sandbox API.
//!
//! Ids (account ids, SceneCodes, device ids) are 1 to 64 characters from `A-Z a-z 0-9 - _`; hosts in URLs at most
//! 253 characters; lifetimes at most 86 400 s; `delayMs` at most 60 000.

use crate::phone::{self, Carrier};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::fmt;
use std::path::Path;

/// The whole configuration.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Browser-facing base URL, no trailing slash. Default: `http://<listen address>`.
    #[serde(default)]
    pub public_url: Option<String>,
    /// Add the demo account, demo schemes and one demo subscriber per carrier (and enable the sandbox API).
    #[serde(default)]
    pub sandbox: bool,
    /// Enable the sandbox control API and the sample backend.
    #[serde(default)]
    pub sandbox_api: bool,
    /// Seed of the gateway's token keys. Random at start-up when absent (tokens then die with the process).
    #[serde(default)]
    pub secret: Option<String>,
    /// The device used when a carrier request names none.
    #[serde(default)]
    pub default_device: Option<String>,
    /// AccessKey holders.
    #[serde(default)]
    pub accounts: Vec<AccountConfig>,
    /// Registered schemes.
    #[serde(default)]
    pub schemes: Vec<SchemeConfig>,
    /// Simulated devices (SIM + data connection).
    #[serde(default)]
    pub devices: Vec<DeviceConfig>,
    /// Faults every device sees, per carrier.
    #[serde(default)]
    pub faults: FaultMap,
    /// Size limits of the in-memory state.
    #[serde(default)]
    pub limits: Limits,
    /// Limits on client connections (timeouts, cap, head size): see [`crate::conn`].
    #[serde(default)]
    pub connections: crate::conn::ConnLimits,
    /// SMS verification: sign names, templates, caps, receipts (`[sms]`).
    #[serde(default)]
    pub sms: crate::sms::config::SmsConfig,
}

/// An account and its AccessKey pair.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccountConfig {
    /// Account id (owner of schemes).
    pub id: String,
    /// AccessKeyId.
    pub access_key_id: String,
    /// AccessKeySecret.
    pub access_key_secret: String,
    /// Optional throttle: signed calls per second (burst of the same size).
    #[serde(default)]
    pub qps: Option<u32>,
}

/// Token lifetimes of a scheme, in seconds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct LifetimesConfig {
    /// AccessToken lifetime (default 600).
    #[serde(default, alias = "access_token")]
    pub access_token: Option<u64>,
    /// JwtToken lifetime (default 3600).
    #[serde(default)]
    pub jwt: Option<u64>,
    /// Upper bound on the spToken lifetime (default: the carrier's own).
    #[serde(default, alias = "sp_token")]
    pub sp_token: Option<u64>,
}

/// A registered scheme (方案).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SchemeConfig {
    /// SceneCode.
    pub scene_code: String,
    /// Owner account id.
    pub account: String,
    /// Registered page Url, `http(s)://host[:port]/`.
    pub url: String,
    /// Registered Origin, `http(s)://host[:port]`.
    pub origin: String,
    /// Base URL the browser uses for this scheme (JwtToken `iss`); default: the gateway's public URL.
    #[serde(default)]
    pub endpoint: Option<String>,
    /// Identity checks still allowed (absent: unlimited).
    #[serde(default)]
    pub quota: Option<u64>,
    /// Demoted (600013).
    #[serde(default)]
    pub demoted: bool,
    /// Token lifetimes.
    #[serde(default)]
    pub lifetimes: LifetimesConfig,
    /// Sandbox only: tell the SDK that the simulated SIM's connection, not the browser it runs in, decides
    /// whether the environment is suitable (so a laptop can run the demo). Off by default, and never useful in
    /// production: the real SIM is the browser's own.
    #[serde(default)]
    pub simulated_environment: bool,
}

/// The device's data connection.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Connection {
    /// Mobile data: carriers can recognise the subscriber.
    #[default]
    Cellular,
    /// Wi-Fi: no carrier can.
    Wifi,
    /// Offline.
    None,
}

/// Faults of one carrier as a device sees it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Fault {
    /// Carrier under maintenance.
    #[serde(default)]
    pub maintenance: bool,
    /// Carrier quota used up.
    #[serde(default)]
    pub quota: bool,
    /// Answer delay in milliseconds (bounded at 60 s).
    #[serde(default, alias = "delay_ms")]
    pub delay_ms: u64,
    /// The number is blocked by the carrier.
    #[serde(default)]
    pub blocked: bool,
}

impl Fault {
    /// Both faults combined (flags or-ed, the longer delay).
    #[must_use]
    pub fn merge(self, other: Fault) -> Fault {
        Fault {
            maintenance: self.maintenance || other.maintenance,
            quota: self.quota || other.quota,
            delay_ms: self.delay_ms.max(other.delay_ms),
            blocked: self.blocked || other.blocked,
        }
    }
}

/// Faults per carrier.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FaultMap {
    /// China Mobile.
    #[serde(rename = "CM", default, skip_serializing_if = "Option::is_none")]
    pub cm: Option<Fault>,
    /// China Unicom.
    #[serde(rename = "CU", default, skip_serializing_if = "Option::is_none")]
    pub cu: Option<Fault>,
    /// China Telecom.
    #[serde(rename = "CT", default, skip_serializing_if = "Option::is_none")]
    pub ct: Option<Fault>,
}

impl FaultMap {
    /// The fault of `carrier` (no fault when unset).
    #[must_use]
    pub fn get(&self, carrier: Carrier) -> Fault {
        match carrier {
            Carrier::Cm => self.cm,
            Carrier::Cu => self.cu,
            Carrier::Ct => self.ct,
        }
        .unwrap_or_default()
    }
}

/// A simulated device.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeviceConfig {
    /// Device id (the `pns_sim` cookie value).
    pub id: String,
    /// The SIM's carrier.
    pub carrier: Carrier,
    /// The SIM's number.
    pub number: String,
    /// Data connection.
    #[serde(default)]
    pub connection: Connection,
    /// Faults this device sees.
    #[serde(default)]
    pub faults: FaultMap,
}

/// Bounds on the in-memory state.
#[derive(Clone, Copy, Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Limits {
    /// Signature nonces remembered per account (the replay window is the timestamp window).
    pub nonces: usize,
    /// Spent spToken ids remembered per account until they expire.
    pub spent_tokens: usize,
    /// Use records of live browser-side tokens per account (identity checks per AccessToken, masks per carrier
    /// ticket, wrong entries per login ticket).
    pub token_uses: usize,
    /// Per-number carrier state (CM daily counts, wrong entries, locks).
    pub numbers: usize,
    /// Devices (config and sandbox API ones together).
    pub devices: usize,
    /// Schemes.
    pub schemes: usize,
    /// Accounts.
    pub accounts: usize,
    /// Accounts the sandbox control API may create (counted apart, within `accounts`).
    pub sandbox_accounts: usize,
    /// Live schemes the sandbox control API may hold (within `schemes`; a deleted one frees its place).
    pub sandbox_schemes: usize,
    /// Allowed clock difference of signed requests, in seconds.
    pub timestamp_window_secs: u64,
    /// How far ahead of the gateway's clock a signed request may be dated, in seconds (at most
    /// `timestamp_window_secs`). Small, so a request dated in the future cannot pin its nonce in the store for
    /// much longer than the window: a nonce is kept until its timestamp plus the window.
    pub future_skew_secs: u64,
    /// Seconds after its last use at which a device created through the sandbox API is removed (config devices
    /// never are).
    pub device_idle_secs: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            nonces: 4_000_000,
            spent_tokens: 1_000_000,
            token_uses: 1_000_000,
            numbers: 1_000_000,
            devices: 100_000,
            schemes: 10_000,
            accounts: 10_000,
            sandbox_accounts: 1_000,
            sandbox_schemes: 1_000,
            timestamp_window_secs: 900,
            future_skew_secs: DEFAULT_FUTURE_SKEW_SECS,
            device_idle_secs: DEFAULT_DEVICE_IDLE_SECS,
        }
    }
}

/// Longest host name in a Url, Origin or endpoint (the DNS limit). Together with the id limits of
/// [`valid_id`] it keeps every token the gateway issues under [`crate::tokens::MAX_TOKEN_LEN`].
pub const MAX_HOST_LEN: usize = 253;

/// Longest token lifetime a scheme may set (any of `lifetimes`), in seconds: one day.
pub const MAX_LIFETIME_SECS: u64 = 86_400;
/// Default `limits.future_skew_secs`: one minute, the clock difference of hosts kept in time by NTP with room to
/// spare.
pub const DEFAULT_FUTURE_SKEW_SECS: u64 = 60;
/// Longest allowed clock difference of signed requests (`limits.timestamp_window_secs`): one day.
pub const MAX_TIMESTAMP_WINDOW_SECS: u64 = 86_400;
/// Default idle lifetime of a sandbox API device (`limits.device_idle_secs`): 30 minutes, far longer than any test
/// or demo session leaves a device unused, short enough that a long-running sandbox does not accumulate them.
pub const DEFAULT_DEVICE_IDLE_SECS: u64 = 1_800;
/// Longest idle lifetime of a sandbox API device (`limits.device_idle_secs`): one day. Devices meant to stay
/// belong in the configuration's `[[devices]]`, which never expire.
pub const MAX_DEVICE_IDLE_SECS: u64 = 86_400;

impl LifetimesConfig {
    /// Checks every given lifetime is at most [`MAX_LIFETIME_SECS`] (0 and absent mean "keep the default").
    ///
    /// # Errors
    /// The first lifetime out of range, in plain English.
    pub fn check(&self) -> Result<(), String> {
        for (name, v) in [
            ("accessToken", self.access_token),
            ("jwt", self.jwt),
            ("spToken", self.sp_token),
        ] {
            if let Some(v) = v.filter(|v| *v > MAX_LIFETIME_SECS) {
                return Err(format!(
                    "lifetimes.{name} = {v} s is too long: at most {MAX_LIFETIME_SECS} s"
                ));
            }
        }
        Ok(())
    }
}

impl FaultMap {
    /// Checks every `delayMs` is at most [`crate::carrier::MAX_DELAY_MS`].
    ///
    /// # Errors
    /// The first delay out of range, in plain English.
    pub fn check(&self) -> Result<(), String> {
        for c in Carrier::ALL {
            let d = self.get(c).delay_ms;
            if d > crate::carrier::MAX_DELAY_MS {
                return Err(format!(
                    "faults.{c}.delayMs = {d} is too long: at most {} ms",
                    crate::carrier::MAX_DELAY_MS
                ));
            }
        }
        Ok(())
    }
}

/// A configuration that cannot be used, with the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError(pub String);

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ConfigError {}

/// The demo AccessKeyId of sandbox mode (printed at start-up).
pub const DEMO_ACCESS_KEY_ID: &str = "LTAI5tDemoSandboxKey0001";
/// The demo AccessKeySecret of sandbox mode (printed at start-up).
pub const DEMO_ACCESS_KEY_SECRET: &str = "DemoSandboxSecret0000000000001";
/// The demo account id.
pub const DEMO_ACCOUNT_ID: &str = "1000000000000001";
/// SceneCode of the demo scheme for the gateway's public URL.
pub const DEMO_SCENE_CODE: &str = "FC100000000000001";
/// SceneCode of the demo scheme for `http://localhost:<port>`.
pub const DEMO_SCENE_CODE_LOCALHOST: &str = "FC100000000000002";
/// The demo subscribers: (device id, carrier, number). The first is the default device.
pub const DEMO_DEVICES: [(&str, Carrier, &str); 3] = [
    ("demo-cm", Carrier::Cm, "13800138000"),
    ("demo-cu", Carrier::Cu, "18612345678"),
    ("demo-ct", Carrier::Ct, "18912345678"),
];

impl Config {
    /// The embedded sandbox default: demo account, schemes and subscribers are derived at start-up from
    /// the listen address (or `public_url`).
    #[must_use]
    pub fn sandbox() -> Config {
        Config {
            sandbox: true,
            sandbox_api: true,
            ..Config::default()
        }
    }

    /// Reads and parses a TOML file.
    ///
    /// # Errors
    /// The file cannot be read or is not a valid configuration.
    pub fn from_file(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| ConfigError(format!("cannot read {}: {e}", path.display())))?;
        Config::from_toml(&text)
    }

    /// Parses TOML text.
    ///
    /// # Errors
    /// The text is not valid TOML or not a valid configuration.
    pub fn from_toml(text: &str) -> Result<Config, ConfigError> {
        toml::from_str(text).map_err(|e| ConfigError(format!("invalid configuration: {e}")))
    }

    /// Checks cross-references and formats.
    ///
    /// # Errors
    /// The first problem found, in plain English.
    pub fn validate(&self) -> Result<(), ConfigError> {
        if let Some(u) = &self.public_url {
            check_base_url(u).map_err(|e| ConfigError(format!("public_url: {e}")))?;
        }
        self.connections.check().map_err(ConfigError)?;
        let w = self.limits.timestamp_window_secs;
        if w == 0 || w > MAX_TIMESTAMP_WINDOW_SECS {
            return Err(ConfigError(format!(
                "limits.timestamp_window_secs = {w}: use 1 to {MAX_TIMESTAMP_WINDOW_SECS}"
            )));
        }
        let skew = self.limits.future_skew_secs;
        if skew > w {
            return Err(ConfigError(format!(
                "limits.future_skew_secs = {skew}: use 0 to limits.timestamp_window_secs ({w})"
            )));
        }
        let idle = self.limits.device_idle_secs;
        if idle == 0 || idle > MAX_DEVICE_IDLE_SECS {
            return Err(ConfigError(format!(
                "limits.device_idle_secs = {idle}: use 1 to {MAX_DEVICE_IDLE_SECS} (seconds a sandbox API device may stay unused; configured [[devices]] never expire)"
            )));
        }
        self.faults
            .check()
            .map_err(|e| ConfigError(format!("faults: {e}")))?;
        self.sms.check().map_err(ConfigError)?;
        let mut keys = HashSet::new();
        let mut ids = HashSet::new();
        for a in &self.accounts {
            if a.id.is_empty() || a.access_key_id.is_empty() || a.access_key_secret.is_empty() {
                return Err(ConfigError(
                    "accounts: id, access_key_id and access_key_secret must not be empty".into(),
                ));
            }
            if !valid_id(&a.id) {
                return Err(ConfigError(format!(
                    "accounts: id {:?} must be 1 to 64 characters from A-Z a-z 0-9 - _",
                    a.id
                )));
            }
            if !keys.insert(a.access_key_id.as_str()) {
                return Err(ConfigError(format!(
                    "accounts: AccessKeyId {} appears twice",
                    a.access_key_id
                )));
            }
            ids.insert(a.id.as_str());
        }
        let mut scenes = HashSet::new();
        for s in &self.schemes {
            if !valid_id(&s.scene_code) {
                return Err(ConfigError(format!(
                    "schemes: scene_code {:?} must be 1 to 64 characters from A-Z a-z 0-9 - _",
                    s.scene_code
                )));
            }
            if !scenes.insert(s.scene_code.as_str()) {
                return Err(ConfigError(format!(
                    "schemes: SceneCode {} appears twice",
                    s.scene_code
                )));
            }
            let known =
                ids.contains(s.account.as_str()) || (self.sandbox && s.account == DEMO_ACCOUNT_ID);
            if !known {
                return Err(ConfigError(format!(
                    "scheme {}: unknown account {}",
                    s.scene_code, s.account
                )));
            }
            check_url(&s.url).map_err(|e| ConfigError(format!("scheme {}: {e}", s.scene_code)))?;
            check_origin(&s.origin)
                .map_err(|e| ConfigError(format!("scheme {}: {e}", s.scene_code)))?;
            if let Some(e) = &s.endpoint {
                check_base_url(e)
                    .map_err(|e| ConfigError(format!("scheme {}: endpoint: {e}", s.scene_code)))?;
            }
            s.lifetimes
                .check()
                .map_err(|e| ConfigError(format!("scheme {}: {e}", s.scene_code)))?;
        }
        let mut devices = HashSet::new();
        for d in &self.devices {
            if !devices.insert(d.id.as_str()) {
                return Err(ConfigError(format!("devices: id {} appears twice", d.id)));
            }
            if !valid_id(&d.id) {
                return Err(ConfigError(format!(
                    "devices: id {:?} must be 1 to 64 characters from A-Z a-z 0-9 - _ (it becomes a cookie value)",
                    d.id
                )));
            }
            check_device_number(d.carrier, &d.number)
                .map_err(|e| ConfigError(format!("device {}: {e}", d.id)))?;
            d.faults
                .check()
                .map_err(|e| ConfigError(format!("device {}: {e}", d.id)))?;
        }
        if let Some(dd) = &self.default_device {
            if !devices.contains(dd.as_str()) && !self.sandbox {
                return Err(ConfigError(format!(
                    "default_device {dd} is not among the devices"
                )));
            }
        }
        Ok(())
    }
}

/// Whether `id` is usable as a device id or SceneCode: 1 to 64 characters from `A-Z a-z 0-9 - _`.
#[must_use]
pub fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Checks that a device's number is a mobile number of its carrier.
///
/// # Errors
/// Plain-English reason.
pub fn check_device_number(carrier: Carrier, number: &str) -> Result<(), String> {
    match phone::carrier_of(number) {
        None => Err(format!(
            "number {number:?} is not an 11-digit mainland mobile number (e.g. 13800138000)"
        )),
        Some(c) if c != carrier => Err(format!(
            "number {number} belongs to {c}, not {carrier} (its prefix decides the carrier)"
        )),
        Some(_) => Ok(()),
    }
}

/// Splits `scheme://authority` + rest; validates scheme and authority (`host[:port]`).
fn split_origin(s: &str) -> Result<(&str, &str), &'static str> {
    let rest = s
        .strip_prefix("http://")
        .or_else(|| s.strip_prefix("https://"))
        .ok_or("it must start with http:// or https://")?;
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(end);
    if authority.is_empty() {
        return Err("the host is missing");
    }
    let (host, port) = if let Some(v6) = authority.strip_prefix('[') {
        let (inside, after) = v6
            .split_once(']')
            .ok_or("an IPv6 host must be in brackets")?;
        if inside.is_empty()
            || !inside
                .bytes()
                .all(|b| b.is_ascii_hexdigit() || b == b':' || b == b'.')
        {
            return Err("the IPv6 host is malformed");
        }
        match after {
            "" => (inside, None),
            p => (
                inside,
                Some(
                    p.strip_prefix(':')
                        .ok_or("unexpected text after the host")?,
                ),
            ),
        }
    } else {
        match authority.rsplit_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (authority, None),
        }
    };
    if host.len() > MAX_HOST_LEN {
        return Err("the host is longer than 253 characters");
    }
    let bracketed = authority.starts_with('[');
    if host.is_empty()
        || !host.bytes().all(|b| {
            b.is_ascii_alphanumeric() || b == b'.' || b == b'-' || (bracketed && b == b':')
        })
    {
        return Err(
            "the host may hold only letters, digits, '.' and '-' (no user info, no spaces)",
        );
    }
    if let Some(p) = port {
        let ok = !p.is_empty()
            && p.len() <= 5
            && p.bytes().all(|b| b.is_ascii_digit())
            && p.parse::<u32>().is_ok_and(|n| (1..=65535).contains(&n));
        if !ok {
            return Err("the port must be a number from 1 to 65535");
        }
    }
    Ok((&s[..s.len() - tail.len()], tail))
}

/// Validates a scheme's page `Url`: `http(s)://host[:port]/`, with the trailing slash and nothing after it.
///
/// # Errors
/// What is wrong, with a correct example.
pub fn check_url(url: &str) -> Result<(), String> {
    let example = "e.g. Url=https://www.example.com/ or Url=http://127.0.0.1:8787/";
    match split_origin(url) {
        Err(why) => Err(format!("Url {url:?} is malformed: {why}; {example}")),
        Ok((_, "")) => Err(format!(
            "Url {url:?} must end with a slash after the host (protocol + // + host + /); {example}"
        )),
        Ok((_, "/")) => Ok(()),
        Ok((_, _)) => Err(format!(
            "Url {url:?} must be exactly protocol + // + host[:port] + / with no path, query or fragment; {example}"
        )),
    }
}

/// Validates an `Origin`: `http(s)://host[:port]` with no trailing slash.
///
/// # Errors
/// What is wrong, with a correct example.
pub fn check_origin(origin: &str) -> Result<(), String> {
    let example = "e.g. Origin=https://www.example.com or Origin=http://127.0.0.1:8787";
    match split_origin(origin) {
        Err(why) => Err(format!("Origin {origin:?} is malformed: {why}; {example}")),
        Ok((_, "")) => Ok(()),
        Ok((_, "/")) => Err(format!(
            "Origin {origin:?} must not end with a slash (protocol + // + host[:port]); {example}"
        )),
        Ok((_, _)) => Err(format!(
            "Origin {origin:?} must be exactly protocol + // + host[:port] with no path, query or fragment; {example}"
        )),
    }
}

/// Validates a base URL (`http(s)://host[:port]`, a trailing slash tolerated and removed by the caller).
///
/// # Errors
/// What is wrong.
pub fn check_base_url(url: &str) -> Result<(), String> {
    check_origin(url.strip_suffix('/').unwrap_or(url))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_and_origin_formats() {
        assert!(check_url("http://127.0.0.1:8787/").is_ok());
        assert!(check_url("https://www.example.com/").is_ok());
        assert!(check_url("http://[::1]:8787/").is_ok());
        let e = check_url("https://www.example.com").unwrap_err();
        assert!(
            e.contains("must end with a slash") && e.contains("https://www.example.com/"),
            "{e}"
        );
        assert!(check_url("https://www.example.com/page")
            .unwrap_err()
            .contains("no path"));
        assert!(check_url("https://www.example.com/?a=1").is_err());
        assert!(check_url("ftp://www.example.com/")
            .unwrap_err()
            .contains("http://"));
        assert!(check_url("https://user@www.example.com/").is_err());
        assert!(check_url("https://www.example.com:99999/")
            .unwrap_err()
            .contains("port"));
        assert!(check_url("https:///").is_err());
        assert!(check_origin("http://127.0.0.1:8787").is_ok());
        assert!(check_origin("http://localhost").is_ok());
        assert!(check_origin("http://127.0.0.1:8787/")
            .unwrap_err()
            .contains("must not end with a slash"));
        assert!(check_origin("http://a.example/x").is_err());
        assert!(check_origin("null").is_err());
        assert!(check_origin("").is_err());
    }

    #[test]
    fn toml_configuration_parses_and_validates() {
        let c = Config::from_toml(
            r#"
            public_url = "http://gw.example:8080"
            default_device = "p1"
            [[accounts]]
            id = "1"
            access_key_id = "AK1"
            access_key_secret = "S1"
            [[schemes]]
            scene_code = "FC1"
            account = "1"
            url = "https://shop.example/"
            origin = "https://shop.example"
            quota = 5
            lifetimes = { access_token = 1, jwt = 2, sp_token = 3 }
            [[devices]]
            id = "p1"
            carrier = "CU"
            number = "18612345678"
            connection = "wifi"
            faults = { CU = { blocked = true, delayMs = 5 } }
            [faults.CM]
            maintenance = true
            "#,
        )
        .unwrap();
        c.validate().unwrap();
        assert_eq!(c.schemes[0].lifetimes.access_token, Some(1));
        assert!(c.devices[0].faults.get(Carrier::Cu).blocked);
        assert!(c.faults.get(Carrier::Cm).maintenance);
        assert!(Config::from_toml("nonsense = 1").is_err());
        let bad = Config::from_toml(
            "[[devices]]\nid = \"x\"\ncarrier = \"CM\"\nnumber = \"18612345678\"\n",
        )
        .unwrap();
        assert!(bad.validate().unwrap_err().0.contains("belongs to CU"));
    }
}
