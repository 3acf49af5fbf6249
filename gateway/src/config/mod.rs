//! The gateway's configuration: a TOML file, or the embedded sandbox default.
//!
//! ```toml
//! public_url = "http://127.0.0.1:8787"   # browser-facing base URL (default: http://<listen address>)
//! sandbox = false                         # add the demo account, schemes and subscribers
//! sandbox_api = false                     # enable /sandbox/v1/... and /demo-backend/...
//! secret = "any long string"              # derives the token keys (random at start-up when absent)
//! default_device = "phone1"            # also with sandbox = true (whose own default is demo-cm)
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
//! url = "https://shop.example/"                # http(s)://host[:port]/, normalised (see below)
//! origin = "https://shop.example"              # http(s)://host[:port], compared with the Origin header normalised
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
//! Ids (account ids, SceneCodes, device ids) are 1 to 64 characters from `A-Z a-z 0-9 - _`; lifetimes at most
//! 86 400 s; `delayMs` at most 60 000. URLs (`public_url`, `url`, `origin`, `endpoint`, `sms.receipts.url`) are
//! parsed and normalised by [`crate::urls`]: `origin = "http://LOCALHOST:80"` is kept as `http://localhost`, the
//! origin a browser sends; user info, paths in an origin, schemes other than http(s), white space and more than
//! 2,048 characters are refused (docs/protocol.md, "URLs and origins").

mod entries;
mod limits;
mod validate;

pub use crate::sim::{Connection, Fault, FaultMap};
pub use crate::urls::{check_base_url, check_origin, check_url, MAX_HOST_LEN};
pub use entries::{AccountConfig, DeviceConfig, LifetimesConfig, SchemeConfig};
pub use limits::{
    Limits, DEFAULT_DEVICE_IDLE_SECS, DEFAULT_FUTURE_SKEW_SECS, MAX_DEVICE_IDLE_SECS,
    MAX_LIFETIME_SECS, MAX_TIMESTAMP_WINDOW_SECS,
};
pub use validate::{check_device_number, valid_id};

use crate::phone::Carrier;
use serde::Deserialize;
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
}
