//! Sandbox mode's demo account, schemes and subscribers.

use super::{RegistryError, State};
use crate::config::{self, AccountConfig, DeviceConfig, LifetimesConfig, SchemeConfig};
use crate::sim::{Connection, FaultMap};
use std::net::Ipv4Addr;
use url::{Host, Url};

/// Sandbox facts printed at start-up and served by `/sandbox/v1/info`.
#[derive(Clone, Debug)]
pub struct Demo {
    /// Demo account id.
    pub account: String,
    /// Demo AccessKeyId.
    pub access_key_id: String,
    /// Demo AccessKeySecret.
    pub access_key_secret: String,
    /// Demo SceneCodes.
    pub scene_codes: Vec<String>,
    /// Demo device ids.
    pub devices: Vec<String>,
}

impl State {
    pub(super) fn add_demo(&self, base_url: &str) -> Result<Demo, RegistryError> {
        self.add_account(&AccountConfig {
            id: config::DEMO_ACCOUNT_ID.into(),
            access_key_id: config::DEMO_ACCESS_KEY_ID.into(),
            access_key_secret: config::DEMO_ACCESS_KEY_SECRET.into(),
            qps: None,
        })?;
        let mut scene_codes = vec![config::DEMO_SCENE_CODE.to_owned()];
        self.add_scheme(&SchemeConfig {
            scene_code: config::DEMO_SCENE_CODE.into(),
            account: config::DEMO_ACCOUNT_ID.into(),
            url: format!("{base_url}/"),
            origin: base_url.to_owned(),
            endpoint: None,
            quota: None,
            demoted: false,
            lifetimes: LifetimesConfig::default(),
            // The demo runs on a laptop: its simulated SIM, picked in the demo's panel, is the phone.
            simulated_environment: true,
        })?;
        // The same page reached as http://localhost:<port>: its own scheme, and the browser stays on that
        // host so the pns_sim cookie (set per host) reaches the carriers. `base_url` is normalised
        // (crate::urls), so it parses.
        if let Some(local) = localhost_twin(base_url) {
            self.add_scheme(&SchemeConfig {
                scene_code: config::DEMO_SCENE_CODE_LOCALHOST.into(),
                account: config::DEMO_ACCOUNT_ID.into(),
                url: format!("{local}/"),
                origin: local.clone(),
                endpoint: Some(local),
                quota: None,
                demoted: false,
                lifetimes: LifetimesConfig::default(),
                simulated_environment: true,
            })?;
            scene_codes.push(config::DEMO_SCENE_CODE_LOCALHOST.to_owned());
        }
        let mut devices = Vec::new();
        for (id, carrier, number) in config::DEMO_DEVICES {
            self.insert_device(
                &DeviceConfig {
                    id: id.into(),
                    carrier,
                    number: number.into(),
                    connection: Connection::Cellular,
                    faults: FaultMap::default(),
                },
                true,
                true,
            )?;
            devices.push(id.to_owned());
        }
        // The configuration's own `default_device` (set before the demo is added) wins over the demo's.
        if self.default_device.read().is_empty() {
            *self.default_device.write() = config::DEMO_DEVICES[0].0.to_owned();
        }
        Ok(Demo {
            account: config::DEMO_ACCOUNT_ID.into(),
            access_key_id: config::DEMO_ACCESS_KEY_ID.into(),
            access_key_secret: config::DEMO_ACCESS_KEY_SECRET.into(),
            scene_codes,
            devices,
        })
    }
}

/// `http://localhost[:port]` for a base URL `http://127.0.0.1[:port]`; `None` for any other base URL.
fn localhost_twin(base_url: &str) -> Option<String> {
    let mut url = Url::parse(base_url).ok()?;
    if url.scheme() != "http" || url.host() != Some(Host::Ipv4(Ipv4Addr::LOCALHOST)) {
        return None;
    }
    url.set_host(Some("localhost")).ok()?;
    Some(url.origin().ascii_serialization())
}

#[cfg(test)]
mod tests {
    use super::localhost_twin;

    #[test]
    fn only_the_ipv4_loopback_base_url_gets_a_localhost_twin() {
        assert_eq!(
            localhost_twin("http://127.0.0.1:8787").as_deref(),
            Some("http://localhost:8787")
        );
        assert_eq!(
            localhost_twin("http://127.0.0.1").as_deref(),
            Some("http://localhost")
        );
        // A prefix match would have taken these for the loopback address.
        assert_eq!(localhost_twin("http://127.0.0.10:8787"), None);
        assert_eq!(localhost_twin("http://127.0.0.1.example:8787"), None);
        assert_eq!(localhost_twin("https://127.0.0.1:8787"), None);
        assert_eq!(localhost_twin("http://gw.example:8787"), None);
    }
}
