//! The simulated device's conditions: its data connection and the carrier faults it sees.
//!
//! Shared by the configuration (which reads them), the state (which holds them) and the carrier simulation
//! (which acts on them), so none of those needs another for these types.

use crate::phone::Carrier;
use serde::{Deserialize, Serialize};

/// Upper bound of a `slow` fault (`delayMs`).
pub const MAX_DELAY_MS: u64 = 60_000;

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

impl FaultMap {
    /// Checks every `delayMs` is at most [`MAX_DELAY_MS`].
    ///
    /// # Errors
    /// The first delay out of range, in plain English.
    pub fn check(&self) -> Result<(), String> {
        for c in Carrier::ALL {
            let d = self.get(c).delay_ms;
            if d > MAX_DELAY_MS {
                return Err(format!(
                    "faults.{c}.delayMs = {d} is too long: at most {MAX_DELAY_MS} ms"
                ));
            }
        }
        Ok(())
    }
}
