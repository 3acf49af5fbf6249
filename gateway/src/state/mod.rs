//! The gateway's in-memory state: accounts, schemes, devices, and the bounded expiring stores.

mod account;
mod created;
mod demo;
mod device;
mod records;
mod scheme;

pub use account::Account;
pub use created::Created;
pub use demo::Demo;
pub use device::Device;
pub use records::{NumberState, TokenKind, TokenUse, DAY};
pub use scheme::{Scheme, SchemeView, ACCESS_TOKEN_LIFETIME, JWT_LIFETIME};

use crate::config::{self, Config, ConfigError, Limits};
use crate::sim::FaultMap;
use crate::store::{Full, Sharded};
use crate::tenant::PerTenant;
use crate::tokens::Keys;
use crate::util::now_unix;
use device::DeviceEntry;
use parking_lot::RwLock;
use std::collections::HashMap;
use std::hash::{BuildHasher, RandomState};
use std::path::PathBuf;
use std::sync::atomic::AtomicU64;
use std::sync::Arc;

/// Shared handle on the state.
pub type AppState = Arc<State>;

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
    pub sandbox_created: Created,
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
        let base_url = config::check_base_url(cfg.public_url.as_deref().unwrap_or(listen_base))
            .map_err(|e| ConfigError(format!("base URL: {e}")))?;
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
            sandbox_created: Created::default(),
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
