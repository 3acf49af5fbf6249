//! Stores partitioned by tenant (account): each account gets its own bounded [`Sharded`] store, so one account's
//! traffic — its backend's signed calls, or browsers holding its tokens — can fill only its own partition and
//! never take capacity another account needs (docs/security.md, findings 2 and 3).
//!
//! Partitions are created on first use. Their number is bounded by the account registry (`limits.accounts`):
//! every tenant key is the id of an account that signed the request or whose key sealed the token presented, so
//! the memory these stores can hold is at most `accounts × per-account capacity`.

use crate::store::{Expires, Full, Sharded};
use parking_lot::RwLock;
use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Arc;

/// One bounded store per tenant.
pub struct PerTenant<K, V> {
    parts: RwLock<HashMap<String, Arc<Sharded<K, V>>>>,
    per_tenant: usize,
}

impl<K: Hash + Eq, V: Expires> PerTenant<K, V> {
    /// No partitions yet; each will hold about `per_tenant` entries at most.
    #[must_use]
    pub fn new(per_tenant: usize) -> Self {
        PerTenant {
            parts: RwLock::new(HashMap::new()),
            per_tenant,
        }
    }

    /// The partition of `tenant`, created empty when absent.
    pub fn part(&self, tenant: &str) -> Arc<Sharded<K, V>> {
        if let Some(p) = self.parts.read().get(tenant) {
            return p.clone();
        }
        self.parts
            .write()
            .entry(tenant.to_owned())
            .or_insert_with(|| Arc::new(Sharded::new(self.per_tenant)))
            .clone()
    }

    /// The partition of `tenant`, if it was ever used.
    #[must_use]
    pub fn existing(&self, tenant: &str) -> Option<Arc<Sharded<K, V>>> {
        self.parts.read().get(tenant).cloned()
    }

    /// [`Sharded::insert_new`] in `tenant`'s partition.
    ///
    /// # Errors
    /// That partition is full of live entries.
    pub fn insert_new(&self, tenant: &str, k: K, v: V, now: u64) -> Result<bool, Full> {
        self.part(tenant).insert_new(k, v, now)
    }

    /// [`Sharded::update`] in `tenant`'s partition.
    ///
    /// # Errors
    /// The entry would have to be created and that partition is full.
    pub fn update<R>(
        &self,
        tenant: &str,
        k: K,
        now: u64,
        init: impl FnOnce() -> V,
        f: impl FnOnce(&mut V) -> R,
    ) -> Result<R, Full> {
        self.part(tenant).update(k, now, init, f)
    }

    /// [`Sharded::read`] in `tenant`'s partition (`None` also when the tenant has none).
    pub fn read<R>(&self, tenant: &str, k: &K, now: u64, f: impl FnOnce(&V) -> R) -> Option<R> {
        self.existing(tenant)?.read(k, now, f)
    }

    /// Drops every expired entry of every partition; returns how many remain.
    pub fn sweep(&self, now: u64) -> usize {
        let parts: Vec<_> = self.parts.read().values().cloned().collect();
        parts.iter().map(|p| p.sweep(now)).sum()
    }

    /// Entries over all partitions (expired ones included until swept).
    #[must_use]
    pub fn len(&self) -> usize {
        let parts: Vec<_> = self.parts.read().values().cloned().collect();
        parts.iter().map(|p| p.len()).sum()
    }

    /// Whether no partition holds anything.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Entries in `tenant`'s partition.
    #[must_use]
    pub fn len_of(&self, tenant: &str) -> usize {
        self.existing(tenant).map_or(0, |p| p.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_partition_leaves_the_others_room() {
        let s: PerTenant<u64, u64> = PerTenant::new(64);
        let mut refused = false;
        for k in 0..1_000 {
            if s.insert_new("a", k, 100, 0).is_err() {
                refused = true;
            }
        }
        assert!(refused, "tenant a's partition fills");
        assert!(s.len_of("a") <= 64);
        assert_eq!(s.insert_new("b", 1, 100, 0), Ok(true));
        assert_eq!(s.read("b", &1, 0, |v| *v), Some(100));
        assert_eq!(s.read("c", &1, 0, |v| *v), None);
        assert_eq!(s.sweep(200), 0);
        assert!(s.is_empty());
    }
}
