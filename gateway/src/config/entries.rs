//! The configuration's entries: accounts, schemes (with their token lifetimes) and devices.

use super::limits::MAX_LIFETIME_SECS;
use crate::phone::Carrier;
use crate::sim::{Connection, FaultMap};
use serde::{Deserialize, Serialize};

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
