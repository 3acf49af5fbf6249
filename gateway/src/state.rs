//! The gateway's in-memory state: accounts, schemes, devices, and the bounded expiring stores.

use crate::config::{
    self, check_device_number, AccountConfig, Config, ConfigError, Connection, DeviceConfig,
    FaultMap, LifetimesConfig, Limits, SchemeConfig,
};
use crate::phone::Carrier;
use crate::store::{Expires, Full, Sharded};
use crate::tenant::PerTenant;
use crate::tokens::Keys;
use crate::util::{expiry_in, now_unix};
use hmac::{Hmac, KeyInit};
use parking_lot::{Mutex, RwLock};
use serde::Serialize;
use sha1::Sha1;
use sha2::Sha256;
use std::collections::{HashMap, VecDeque};
use std::hash::{BuildHasher, RandomState};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Instant;

/// Shared handle on the state.
pub type AppState = Arc<State>;

/// An account and its pre-keyed signature MACs.
pub struct Account {
    /// Account id.
    pub id: String,
    /// AccessKeyId.
    pub access_key_id: String,
    /// AccessKeySecret.
    pub secret: String,
    /// HMAC-SHA1 keyed with `secret + "&"` (signature v1).
    pub v1: Hmac<Sha1>,
    /// HMAC-SHA256 keyed with `secret` (ACS3-HMAC-SHA256).
    pub v3: Hmac<Sha256>,
    limiter: Option<Mutex<Bucket>>,
}

struct Bucket {
    rate: f64,
    tokens: f64,
    last: Instant,
}

impl Account {
    fn new(c: &AccountConfig) -> Account {
        let v1_key = format!("{}&", c.access_key_secret);
        Account {
            id: c.id.clone(),
            access_key_id: c.access_key_id.clone(),
            secret: c.access_key_secret.clone(),
            // HMAC takes keys of any length; the fallback is unreachable but keeps the path panic-free.
            v1: <Hmac<Sha1> as KeyInit>::new_from_slice(v1_key.as_bytes())
                .unwrap_or_else(|_| <Hmac<Sha1> as KeyInit>::new(&Default::default())),
            v3: <Hmac<Sha256> as KeyInit>::new_from_slice(c.access_key_secret.as_bytes())
                .unwrap_or_else(|_| <Hmac<Sha256> as KeyInit>::new(&Default::default())),
            limiter: c.qps.filter(|q| *q > 0).map(|q| {
                Mutex::new(Bucket {
                    rate: f64::from(q),
                    tokens: f64::from(q),
                    last: Instant::now(),
                })
            }),
        }
    }

    /// Takes one call from the account's throttle; `false` when it is exhausted.
    #[must_use]
    pub fn admit(&self) -> bool {
        let Some(l) = &self.limiter else { return true };
        let mut b = l.lock();
        let now = Instant::now();
        let elapsed = now.duration_since(b.last).as_secs_f64();
        b.last = now;
        b.tokens = (b.tokens + elapsed * b.rate).min(b.rate);
        if b.tokens >= 1.0 {
            b.tokens -= 1.0;
            true
        } else {
            false
        }
    }
}

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
    fn new(c: &SchemeConfig, base_url: &str) -> Scheme {
        let s = Scheme {
            scene_code: c.scene_code.clone(),
            account: c.account.clone(),
            url: c.url.clone(),
            origin: c.origin.clone(),
            endpoint: c.endpoint.as_deref().map_or_else(
                || base_url.to_owned(),
                |e| e.trim_end_matches('/').to_owned(),
            ),
            demoted: AtomicBool::new(c.demoted),
            remaining: AtomicU64::new(u64::MAX),
            at_life: AtomicU64::new(ACCESS_TOKEN_LIFETIME),
            jwt_life: AtomicU64::new(JWT_LIFETIME),
            sp_life: AtomicU64::new(0),
            simulated_environment: c.simulated_environment,
        };
        s.set_quota(c.quota);
        s.set_lifetimes(c.lifetimes);
        s
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
struct DeviceEntry {
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

/// Per-number carrier state: CM daily verifications, wrong middle-four entries, locks.
#[derive(Debug, Default, Clone)]
pub struct NumberState {
    /// Unix seconds of the CM verifications in the last 24 h (at most 10 kept).
    pub verifications: VecDeque<u64>,
    /// Wrong middle-four entries since the last success.
    pub wrong: u32,
    /// When the last wrong entry happened.
    pub wrong_at: u64,
    /// Locked until (0: not locked).
    pub locked_until: u64,
}

/// One day in seconds.
pub const DAY: u64 = 86_400;

impl Expires for NumberState {
    fn expires_at(&self) -> u64 {
        let last_verification = self.verifications.back().copied().unwrap_or(0);
        (last_verification + DAY)
            .max(if self.wrong > 0 {
                self.wrong_at + DAY
            } else {
                0
            })
            .max(self.locked_until)
    }
}

/// What the gateway remembers about one browser-side token (AccessToken, carrier ticket, login ticket) while it
/// lives: how often it was used, and whether it is spent.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct TokenUse {
    /// Uses so far (identity checks, masks or wrong entries, by kind of token).
    pub count: u32,
    /// The token can no longer be used.
    pub spent: bool,
    /// The token's own expiry: nothing needs remembering after it.
    pub exp: u64,
}

impl Expires for TokenUse {
    fn expires_at(&self) -> u64 {
        self.exp
    }
}

/// The kinds of browser-side token whose uses are counted (keys of [`State::uses`] never collide across kinds).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TokenKind {
    /// An AccessToken, by its id: identity checks made with it.
    Access,
    /// A carrier ticket, by its nonce: masks (and tokens) issued for it.
    CarrierTicket,
    /// A login ticket, by its id: wrong entries, and whether it is spent.
    LoginTicket,
}

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

/// Everything the handlers share.
pub struct State {
    /// Token keys.
    pub keys: Keys,
    /// Browser-facing base URL, no trailing slash.
    pub base_url: String,
    /// Sandbox control API and sample backend enabled.
    pub sandbox_api: bool,
    /// Size limits.
    pub limits: Limits,
    /// Faults every device sees.
    pub global_faults: FaultMap,
    /// Default device id.
    pub default_device: RwLock<String>,
    /// Sandbox facts, in sandbox mode.
    pub demo: Option<Demo>,
    /// Static demo pages directory.
    pub www_dir: PathBuf,
    /// Built SDK directory.
    pub sdk_dir: PathBuf,
    accounts: RwLock<HashMap<String, Arc<Account>>>,
    account_ids: RwLock<HashMap<String, Arc<Account>>>,
    schemes: RwLock<HashMap<String, Arc<Scheme>>>,
    devices: RwLock<HashMap<String, DeviceEntry>>,
    /// No sandbox API device expires before this Unix second (`u64::MAX`: there is none), so a sweep costs one
    /// load while none can have expired. Uses only push expiries later, so it stays a lower bound.
    devices_expire_from: AtomicU64,
    /// Seen signature nonces (keyed hash of AccessKeyId + nonce) until they leave the timestamp window, per
    /// account.
    pub nonces: PerTenant<u64, u64>,
    /// Spent spToken ids until they expire, per account (only the account's signed calls spend them).
    pub spent: PerTenant<u64, u64>,
    /// Uses of the browser-side tokens while they live, per account: identity checks per AccessToken, masks per
    /// carrier ticket, wrong entries and the spending of each login ticket.
    pub uses: PerTenant<u64, TokenUse>,
    /// Per-number carrier state.
    pub numbers: Sharded<String, NumberState>,
    /// What the sandbox control API created, against its caps.
    pub sandbox_created: crate::sandbox_guard::Created,
    /// SMS verification: sign names, templates, codes, inboxes, receipts.
    pub sms: crate::sms::Sms,
    id_hasher: RandomState,
}

/// A registry refused an insertion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RegistryError {
    /// The id is taken.
    Exists(String),
    /// The registry is at its configured size.
    Full(usize),
    /// A reference does not resolve or a value is invalid.
    Invalid(String),
}

impl std::fmt::Display for RegistryError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RegistryError::Exists(id) => write!(f, "{id} already exists"),
            RegistryError::Full(n) => write!(
                f,
                "the gateway holds its maximum of {n} entries of this kind"
            ),
            RegistryError::Invalid(why) => f.write_str(why),
        }
    }
}

impl State {
    /// Builds the state from a configuration. `base_url` is the browser-facing base URL (no trailing slash),
    /// used when the configuration has no `public_url`.
    ///
    /// # Errors
    /// The configuration is invalid.
    pub fn new(
        cfg: &Config,
        listen_base: &str,
        www_dir: PathBuf,
        sdk_dir: PathBuf,
    ) -> Result<State, ConfigError> {
        cfg.validate()?;
        let base_url = cfg
            .public_url
            .as_deref()
            .unwrap_or(listen_base)
            .trim_end_matches('/')
            .to_owned();
        config::check_base_url(&base_url).map_err(|e| ConfigError(format!("base URL: {e}")))?;
        let master = match &cfg.secret {
            Some(s) => s.as_bytes().to_vec(),
            None => crate::util::random_bytes::<32>().to_vec(),
        };
        let limits = cfg.limits;
        let mut state = State {
            keys: Keys::derive(&master),
            base_url: base_url.clone(),
            sandbox_api: cfg.sandbox || cfg.sandbox_api,
            limits,
            global_faults: cfg.faults,
            default_device: RwLock::new(cfg.default_device.clone().unwrap_or_default()),
            demo: None,
            www_dir,
            sdk_dir,
            accounts: RwLock::new(HashMap::new()),
            account_ids: RwLock::new(HashMap::new()),
            schemes: RwLock::new(HashMap::new()),
            devices: RwLock::new(HashMap::new()),
            devices_expire_from: AtomicU64::new(u64::MAX),
            nonces: PerTenant::new(limits.nonces),
            spent: PerTenant::new(limits.spent_tokens),
            uses: PerTenant::new(limits.token_uses),
            numbers: Sharded::new(limits.numbers),
            sandbox_created: crate::sandbox_guard::Created::default(),
            sms: crate::sms::Sms::new(&cfg.sms, cfg.sandbox).map_err(ConfigError)?,
            id_hasher: RandomState::new(),
        };
        let err = |e: RegistryError| ConfigError(e.to_string());
        if cfg.sandbox {
            state.demo = Some(state.add_demo(&base_url).map_err(err)?);
        }
        for a in &cfg.accounts {
            state.add_account(a).map_err(err)?;
        }
        for s in &cfg.schemes {
            state.add_scheme(s).map_err(err)?;
        }
        for d in &cfg.devices {
            state.insert_device(d, true, true).map_err(err)?;
        }
        if state.default_device.read().is_empty() {
            let first = cfg
                .devices
                .first()
                .map(|d| d.id.clone())
                .unwrap_or_default();
            *state.default_device.write() = first;
        }
        Ok(state)
    }

    fn add_demo(&self, base_url: &str) -> Result<Demo, RegistryError> {
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
        // host so the pns_sim cookie (set per host) reaches the carriers.
        let port = base_url
            .rsplit_once(':')
            .map(|(_, p)| p)
            .filter(|p| p.bytes().all(|b| b.is_ascii_digit()));
        if base_url.starts_with("http://127.0.0.1") {
            let local = match port {
                Some(p) => format!("http://localhost:{p}"),
                None => "http://localhost".to_owned(),
            };
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
        *self.default_device.write() = config::DEMO_DEVICES[0].0.to_owned();
        Ok(Demo {
            account: config::DEMO_ACCOUNT_ID.into(),
            access_key_id: config::DEMO_ACCESS_KEY_ID.into(),
            access_key_secret: config::DEMO_ACCESS_KEY_SECRET.into(),
            scene_codes,
            devices,
        })
    }

    /// Registers an account.
    ///
    /// # Errors
    /// Its AccessKeyId exists, or the registry is full.
    pub fn add_account(&self, c: &AccountConfig) -> Result<Arc<Account>, RegistryError> {
        let mut keys = self.accounts.write();
        if keys.contains_key(&c.access_key_id) {
            return Err(RegistryError::Exists(c.access_key_id.clone()));
        }
        if keys.len() >= self.limits.accounts {
            return Err(RegistryError::Full(self.limits.accounts));
        }
        let a = Arc::new(Account::new(c));
        keys.insert(c.access_key_id.clone(), a.clone());
        self.account_ids.write().insert(c.id.clone(), a.clone());
        Ok(a)
    }

    /// The account holding `access_key_id`.
    #[must_use]
    pub fn account_by_key(&self, access_key_id: &str) -> Option<Arc<Account>> {
        self.accounts.read().get(access_key_id).cloned()
    }

    /// The account with id `id`.
    #[must_use]
    pub fn account_by_id(&self, id: &str) -> Option<Arc<Account>> {
        self.account_ids.read().get(id).cloned()
    }

    /// Registers a scheme.
    ///
    /// # Errors
    /// Its SceneCode exists, its account is unknown, or the registry is full.
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
        let s = Arc::new(Scheme::new(c, &self.base_url));
        map.insert(c.scene_code.clone(), s.clone());
        Ok(s)
    }

    /// The scheme `scene_code`.
    #[must_use]
    pub fn scheme(&self, scene_code: &str) -> Option<Arc<Scheme>> {
        self.schemes.read().get(scene_code).cloned()
    }

    /// Whether some scheme is registered for `origin`.
    #[must_use]
    pub fn has_scheme_origin(&self, origin: &str) -> bool {
        self.schemes.read().values().any(|s| s.origin == origin)
    }

    /// Removes a scheme; `false` if it did not exist.
    pub fn remove_scheme(&self, scene_code: &str) -> bool {
        self.schemes.write().remove(scene_code).is_some()
    }

    /// Creates or replaces a device on behalf of the sandbox API (`replace` false: refuse an existing id). A new
    /// device expires once unused for `limits.device_idle_secs`; replacing a configured device keeps it permanent.
    ///
    /// # Errors
    /// Invalid number for the carrier, the id exists, or the registry is full of live devices.
    pub fn put_device(&self, d: &DeviceConfig, replace: bool) -> Result<Device, RegistryError> {
        self.insert_device(d, replace, false)
    }

    fn insert_device(
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
    fn sweep_devices(&self, now: u64) {
        if self.devices_expire_from.load(Ordering::Relaxed) > now {
            return;
        }
        let mut map = self.devices.write();
        self.drop_expired_devices(&mut map, now);
    }

    /// Records a signature nonce in `account`'s partition. `Ok(false)`: already seen (a replay).
    ///
    /// # Errors
    /// The account's nonce partition is full.
    pub fn remember_nonce(
        &self,
        account: &str,
        access_key_id: &str,
        nonce: &str,
        until: u64,
    ) -> Result<bool, Full> {
        let key = self.id_hasher.hash_one((access_key_id, nonce));
        self.nonces.insert_new(account, key, until, now_unix())
    }

    /// Marks an spToken id of `account` spent. `Ok(false)`: it already was.
    ///
    /// # Errors
    /// The account's spent-token partition is full.
    pub fn spend(&self, account: &str, jti: &str, until: u64) -> Result<bool, Full> {
        let key = self.id_hasher.hash_one(("spent", jti));
        self.spent.insert_new(account, key, until, now_unix())
    }

    /// Runs `f` on the use record of the token `id` of `kind`, issued to `account` and living until `exp`
    /// (created empty on first use).
    ///
    /// # Errors
    /// The record would have to be created and the account's partition is full.
    pub fn token_use<R>(
        &self,
        account: &str,
        kind: TokenKind,
        id: &str,
        exp: u64,
        f: impl FnOnce(&mut TokenUse) -> R,
    ) -> Result<R, Full> {
        let key = self.id_hasher.hash_one((kind, id));
        let init = || TokenUse {
            exp,
            ..TokenUse::default()
        };
        self.uses.update(account, key, now_unix(), init, f)
    }

    /// The use record of a token, if one exists.
    #[must_use]
    pub fn token_use_of(&self, account: &str, kind: TokenKind, id: &str) -> Option<TokenUse> {
        let key = self.id_hasher.hash_one((kind, id));
        self.uses.read(account, &key, now_unix(), |u| *u)
    }

    /// Drops expired nonces, spent ids, token uses, number states and idle sandbox API devices.
    pub fn sweep(&self) {
        let now = now_unix();
        self.nonces.sweep(now);
        self.spent.sweep(now);
        self.uses.sweep(now);
        self.numbers.sweep(now);
        self.sms.sweep(now);
        self.sweep_devices(now);
    }
}
