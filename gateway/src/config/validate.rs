//! The configuration check: cross-references, ids, numbers, URLs and bounds.

use super::limits::{MAX_DEVICE_IDLE_SECS, MAX_TIMESTAMP_WINDOW_SECS};
use super::{Config, ConfigError, DEMO_ACCOUNT_ID};
use crate::phone::{self, Carrier};
use crate::urls::{check_base_url, check_origin, check_url};
use std::collections::HashSet;

impl Config {
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

#[cfg(test)]
mod tests {
    use super::*;

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
