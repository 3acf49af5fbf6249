//! Simulated devices and their registry: configured devices stay, sandbox API ones expire when idle.

use super::{RegistryError, State};
use crate::config::{check_device_number, DeviceConfig};
use crate::phone::Carrier;
use crate::sim::{Connection, FaultMap};
use crate::util::{expiry_in, now_unix};
use serde::Serialize;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};

/// A simulated device: a SIM and a data connection.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Device {
    /// Id (cookie value).
    pub id: String,
    /// The SIM's carrier.
    pub carrier: Carrier,
    /// The SIM's number.
    pub number: String,
    /// Data connection.
    pub connection: Connection,
    /// Faults the device sees.
    pub faults: FaultMap,
}

/// A device in the registry, with what decides when it goes.
pub(super) struct DeviceEntry {
    device: Device,
    /// From the configuration (or the sandbox's demo devices): never expires.
    permanent: bool,
    /// Unix second from which a sandbox API device is gone unless used again (each use pushes it later).
    expires_at: AtomicU64,
}

impl DeviceEntry {
    fn live(&self, now: u64) -> bool {
        self.permanent || self.expires_at.load(Ordering::Relaxed) > now
    }
}

impl State {
    /// Creates or replaces a device on behalf of the sandbox API (`replace` false: refuse an existing id). A new
    /// device expires once unused for `limits.device_idle_secs`; replacing a configured device keeps it permanent.
    ///
    /// # Errors
    /// Invalid number for the carrier, the id exists, or the registry is full of live devices.
    pub fn put_device(&self, d: &DeviceConfig, replace: bool) -> Result<Device, RegistryError> {
        self.insert_device(d, replace, false)
    }

    pub(super) fn insert_device(
        &self,
        d: &DeviceConfig,
        replace: bool,
        permanent: bool,
    ) -> Result<Device, RegistryError> {
        check_device_number(d.carrier, &d.number).map_err(RegistryError::Invalid)?;
        let dev = Device {
            id: d.id.clone(),
            carrier: d.carrier,
            number: d.number.clone(),
            connection: d.connection,
            faults: d.faults,
        };
        let now = now_unix();
        let expires_at = expiry_in(self.limits.device_idle_secs);
        let mut map = self.devices.write();
        // An expired device that no sweep has dropped yet is as gone as one never created.
        let (exists, was_permanent) = match map.get(&d.id) {
            Some(e) if e.live(now) => (true, e.permanent),
            _ => (false, false),
        };
        if exists && !replace {
            return Err(RegistryError::Exists(d.id.clone()));
        }
        if !exists && !map.contains_key(&d.id) && map.len() >= self.limits.devices {
            // Full: make room by dropping the expired ones before refusing.
            self.drop_expired_devices(&mut map, now);
            if map.len() >= self.limits.devices {
                return Err(RegistryError::Full(self.limits.devices));
            }
        }
        let permanent = permanent || was_permanent;
        if !permanent {
            self.devices_expire_from
                .fetch_min(expires_at, Ordering::Relaxed);
        }
        map.insert(
            d.id.clone(),
            DeviceEntry {
                device: dev.clone(),
                permanent,
                expires_at: AtomicU64::new(expires_at),
            },
        );
        Ok(dev)
    }

    /// A copy of device `id`, if it exists and has not expired. This is a use of the device: a sandbox API
    /// device's idle time starts again.
    #[must_use]
    pub fn device(&self, id: &str) -> Option<Device> {
        let map = self.devices.read();
        let e = map.get(id).filter(|e| e.live(now_unix()))?;
        if !e.permanent {
            e.expires_at
                .fetch_max(expiry_in(self.limits.device_idle_secs), Ordering::Relaxed);
        }
        Some(e.device.clone())
    }

    /// Devices held, expired ones included until a sweep (or a creation that finds the registry full) drops
    /// them.
    #[must_use]
    pub fn device_count(&self) -> usize {
        self.devices.read().len()
    }

    /// Drops the expired devices of `map` and resets the earliest-expiry bound from those that remain.
    fn drop_expired_devices(&self, map: &mut HashMap<String, DeviceEntry>, now: u64) {
        map.retain(|_, e| e.live(now));
        let next = map
            .values()
            .filter(|e| !e.permanent)
            .map(|e| e.expires_at.load(Ordering::Relaxed))
            .min()
            .unwrap_or(u64::MAX);
        self.devices_expire_from.store(next, Ordering::Relaxed);
    }

    /// Drops expired sandbox API devices, unless none can have expired yet.
    pub(super) fn sweep_devices(&self, now: u64) {
        if self.devices_expire_from.load(Ordering::Relaxed) > now {
            return;
        }
        let mut map = self.devices.write();
        self.drop_expired_devices(&mut map, now);
    }
}
