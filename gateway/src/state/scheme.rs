//! Registered schemes: their Url, Origin and endpoint, and the switches the sandbox API can change.

use super::{RegistryError, State};
use crate::config::{LifetimesConfig, SchemeConfig};
use crate::phone::Carrier;
use crate::urls::{check_base_url, check_origin, check_url};
use serde::Serialize;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;

/// A registered scheme with its mutable switches.
pub struct Scheme {
    /// SceneCode.
    pub scene_code: String,
    /// Owner account id.
    pub account: String,
    /// Registered Url.
    pub url: String,
    /// Registered Origin.
    pub origin: String,
    /// Base URL the browser uses (JwtToken `iss`, carrier URLs).
    pub endpoint: String,
    demoted: AtomicBool,
    /// Checks still allowed; `u64::MAX` = unlimited.
    remaining: AtomicU64,
    at_life: AtomicU64,
    jwt_life: AtomicU64,
    /// 0 = the carrier's own.
    sp_life: AtomicU64,
    /// The SDK is told to let the simulated SIM decide the environment (sandbox demo schemes).
    pub simulated_environment: bool,
}

/// Default AccessToken lifetime (10 min).
pub const ACCESS_TOKEN_LIFETIME: u64 = 600;
/// Default JwtToken lifetime (1 h).
pub const JWT_LIFETIME: u64 = 3600;

/// A scheme as the sandbox API shows it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SchemeView {
    scene_code: String,
    account: String,
    url: String,
    origin: String,
    endpoint: String,
    quota: Option<u64>,
    demoted: bool,
    lifetimes: LifetimesConfig,
    simulated_environment: bool,
}

impl Scheme {
    /// The scheme of `c`, its Url, Origin and endpoint normalised (`crate::urls`) so that requests and
    /// `Origin` headers compare with the normalised forms.
    fn new(c: &SchemeConfig, base_url: &str) -> Result<Scheme, String> {
        let endpoint = match &c.endpoint {
            Some(e) => check_base_url(e).map_err(|m| format!("endpoint: {m}"))?,
            None => base_url.to_owned(),
        };
        let s = Scheme {
            scene_code: c.scene_code.clone(),
            account: c.account.clone(),
            url: check_url(&c.url)?,
            origin: check_origin(&c.origin)?,
            endpoint,
            demoted: AtomicBool::new(c.demoted),
            remaining: AtomicU64::new(u64::MAX),
            at_life: AtomicU64::new(ACCESS_TOKEN_LIFETIME),
            jwt_life: AtomicU64::new(JWT_LIFETIME),
            sp_life: AtomicU64::new(0),
            simulated_environment: c.simulated_environment,
        };
        s.set_quota(c.quota);
        s.set_lifetimes(c.lifetimes);
        Ok(s)
    }

    /// Demoted (600013)?
    #[must_use]
    pub fn demoted(&self) -> bool {
        self.demoted.load(Ordering::Relaxed)
    }

    /// Switches demotion.
    pub fn set_demoted(&self, d: bool) {
        self.demoted.store(d, Ordering::Relaxed);
    }

    /// Sets the number of checks still allowed (`None`: unlimited).
    pub fn set_quota(&self, q: Option<u64>) {
        self.remaining.store(
            q.map_or(u64::MAX, |q| q.min(u64::MAX - 1)),
            Ordering::Relaxed,
        );
    }

    /// Takes one identity check from the quota; `false` when used up.
    #[must_use]
    pub fn take_quota(&self) -> bool {
        self.remaining
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |r| match r {
                u64::MAX => Some(u64::MAX),
                0 => None,
                n => Some(n - 1),
            })
            .is_ok()
    }

    /// Overrides the lifetimes given (zero or absent fields keep the current value).
    pub fn set_lifetimes(&self, l: LifetimesConfig) {
        if let Some(v) = l.access_token.filter(|v| *v > 0) {
            self.at_life.store(v, Ordering::Relaxed);
        }
        if let Some(v) = l.jwt.filter(|v| *v > 0) {
            self.jwt_life.store(v, Ordering::Relaxed);
        }
        if let Some(v) = l.sp_token.filter(|v| *v > 0) {
            self.sp_life.store(v, Ordering::Relaxed);
        }
    }

    /// AccessToken lifetime.
    #[must_use]
    pub fn access_lifetime(&self) -> u64 {
        self.at_life.load(Ordering::Relaxed)
    }

    /// JwtToken lifetime.
    #[must_use]
    pub fn jwt_lifetime(&self) -> u64 {
        self.jwt_life.load(Ordering::Relaxed)
    }

    /// spToken (and login ticket) lifetime for `carrier`: the carrier's, or the scheme's if shorter.
    #[must_use]
    pub fn sp_lifetime(&self, carrier: Carrier) -> u64 {
        match self.sp_life.load(Ordering::Relaxed) {
            0 => carrier.sp_lifetime(),
            n => n.min(carrier.sp_lifetime()),
        }
    }

    /// The sandbox API's view.
    #[must_use]
    pub fn view(&self) -> SchemeView {
        let sp = self.sp_life.load(Ordering::Relaxed);
        SchemeView {
            scene_code: self.scene_code.clone(),
            account: self.account.clone(),
            url: self.url.clone(),
            origin: self.origin.clone(),
            endpoint: self.endpoint.clone(),
            quota: match self.remaining.load(Ordering::Relaxed) {
                u64::MAX => None,
                n => Some(n),
            },
            demoted: self.demoted(),
            lifetimes: LifetimesConfig {
                access_token: Some(self.access_lifetime()),
                jwt: Some(self.jwt_lifetime()),
                sp_token: (sp > 0).then_some(sp),
            },
            simulated_environment: self.simulated_environment,
        }
    }
}

impl State {
    /// Registers a scheme.
    ///
    /// # Errors
    /// Its SceneCode exists, its account is unknown, its Url, Origin or endpoint is malformed, or the registry is
    /// full.
    pub fn add_scheme(&self, c: &SchemeConfig) -> Result<Arc<Scheme>, RegistryError> {
        if self.account_by_id(&c.account).is_none() {
            return Err(RegistryError::Invalid(format!(
                "unknown account {}",
                c.account
            )));
        }
        let mut map = self.schemes.write();
        if map.contains_key(&c.scene_code) {
            return Err(RegistryError::Exists(c.scene_code.clone()));
        }
        if map.len() >= self.limits.schemes {
            return Err(RegistryError::Full(self.limits.schemes));
        }
        let s = Arc::new(Scheme::new(c, &self.base_url).map_err(RegistryError::Invalid)?);
        map.insert(c.scene_code.clone(), s.clone());
        Ok(s)
    }

    /// The scheme `scene_code`.
    #[must_use]
    pub fn scheme(&self, scene_code: &str) -> Option<Arc<Scheme>> {
        self.schemes.read().get(scene_code).cloned()
    }

    /// Whether some scheme is registered for `origin` (normalised, see [`crate::urls::header_origin`]).
    #[must_use]
    pub fn has_scheme_origin(&self, origin: &str) -> bool {
        self.schemes.read().values().any(|s| s.origin == origin)
    }

    /// Removes a scheme; `false` if it did not exist.
    pub fn remove_scheme(&self, scene_code: &str) -> bool {
        self.schemes.write().remove(scene_code).is_some()
    }
}
