//! Accounts: the AccessKey pair, its pre-keyed signature MACs and the optional per-account throttle.

use super::{RegistryError, State};
use crate::config::AccountConfig;
use hmac::{Hmac, KeyInit};
use parking_lot::Mutex;
use sha1::Sha1;
use sha2::Sha256;
use std::sync::Arc;
use std::time::Instant;

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

impl State {
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
}
