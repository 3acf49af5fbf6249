//! A bounded, sharded, expiring map: the building block of the nonce store, the spent-token store and the
//! per-number carrier state. Short critical sections only (never held across an `.await`).

use parking_lot::Mutex;
use std::collections::hash_map::Entry;
use std::collections::HashMap;
use std::hash::{BuildHasher, Hash, RandomState};

const SHARDS: usize = 32;

/// Something that can be dropped after a point in time.
pub trait Expires {
    /// Unix second after which the entry is no longer needed.
    fn expires_at(&self) -> u64;
}

impl Expires for u64 {
    fn expires_at(&self) -> u64 {
        *self
    }
}

/// The store is at its configured size even after dropping expired entries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Full {
    /// The configured capacity.
    pub capacity: usize,
}

/// One shard: its entries and a lower bound on their earliest expiry.
struct Shard<K, V> {
    map: HashMap<K, V>,
    /// No entry of `map` expires before this Unix second. A full shard refuses an insertion in O(1) while
    /// `now` is below it, instead of scanning every entry under the lock for ones to drop (which made each
    /// refused call of a full store cost a whole shard's scan).
    expires_from: u64,
}

impl<K, V> Default for Shard<K, V> {
    fn default() -> Self {
        Shard {
            map: HashMap::new(),
            expires_from: u64::MAX,
        }
    }
}

/// A map split into shards, each under its own short-lived lock, with a total capacity.
pub struct Sharded<K, V> {
    shards: Box<[Mutex<Shard<K, V>>]>,
    per_shard: usize,
    capacity: usize,
    hasher: RandomState,
}

impl<K: Hash + Eq, V: Expires> Sharded<K, V> {
    /// An empty store holding at most about `capacity` entries.
    #[must_use]
    pub fn new(capacity: usize) -> Self {
        let shards = (0..SHARDS).map(|_| Mutex::new(Shard::default())).collect();
        Sharded {
            shards,
            per_shard: capacity.div_ceil(SHARDS).max(1),
            capacity,
            hasher: RandomState::new(),
        }
    }

    fn shard(&self, k: &K) -> &Mutex<Shard<K, V>> {
        // The modulo keeps the index in range whatever the hash.
        let i = (self.hasher.hash_one(k) as usize) % self.shards.len();
        &self.shards[i]
    }

    /// Drops the expired entries of one shard. When all of them have expired the table is cleared instead: that
    /// keeps its allocation and also forgets the tombstones `retain` leaves behind, which would otherwise use up
    /// the table's spare room over a few fill-and-empty cycles (spent spTokens come in bursts) until the table
    /// doubled although it never held more entries.
    fn drop_expired(shard: &mut Shard<K, V>, now: u64) {
        if shard.expires_from > now {
            return;
        }
        let map = &mut shard.map;
        if map.values().all(|v| v.expires_at() <= now) {
            map.clear();
        } else {
            map.retain(|_, v| v.expires_at() > now);
        }
        shard.expires_from = map
            .values()
            .map(Expires::expires_at)
            .min()
            .unwrap_or(u64::MAX);
    }

    fn make_room(&self, shard: &mut Shard<K, V>, now: u64) -> Result<(), Full> {
        if shard.map.len() >= self.per_shard {
            Self::drop_expired(shard, now);
            if shard.map.len() >= self.per_shard {
                return Err(Full {
                    capacity: self.capacity,
                });
            }
        }
        Ok(())
    }

    /// Inserts `v` unless a live entry for `k` exists. `Ok(true)`: inserted; `Ok(false)`: already there.
    ///
    /// # Errors
    /// The store is full of live entries.
    pub fn insert_new(&self, k: K, v: V, now: u64) -> Result<bool, Full> {
        let mut shard = self.shard(&k).lock();
        if let Some(old) = shard.map.get(&k) {
            if old.expires_at() > now {
                return Ok(false);
            }
        } else {
            self.make_room(&mut shard, now)?;
        }
        shard.expires_from = shard.expires_from.min(v.expires_at());
        shard.map.insert(k, v);
        Ok(true)
    }

    /// Runs `f` on the live entry for `k`, creating it with `init` when absent or expired.
    ///
    /// # Errors
    /// The entry would have to be created and the store is full.
    pub fn update<R>(
        &self,
        k: K,
        now: u64,
        init: impl FnOnce() -> V,
        f: impl FnOnce(&mut V) -> R,
    ) -> Result<R, Full> {
        let mut guard = self.shard(&k).lock();
        let shard = &mut *guard;
        if !shard.map.contains_key(&k) {
            self.make_room(shard, now)?;
        }
        let v = match shard.map.entry(k) {
            Entry::Occupied(o) => {
                let v = o.into_mut();
                if v.expires_at() <= now {
                    *v = init();
                }
                v
            }
            Entry::Vacant(e) => e.insert(init()),
        };
        let r = f(v);
        // `f` may have moved the expiry either way: keep the bound a lower bound.
        shard.expires_from = shard.expires_from.min(v.expires_at());
        Ok(r)
    }

    /// Reads the live entry for `k` through `f`.
    pub fn read<R>(&self, k: &K, now: u64, f: impl FnOnce(&V) -> R) -> Option<R> {
        let shard = self.shard(k).lock();
        shard.map.get(k).filter(|v| v.expires_at() > now).map(f)
    }

    /// Drops every expired entry; returns how many remain.
    pub fn sweep(&self, now: u64) -> usize {
        self.shards
            .iter()
            .map(|s| {
                let mut m = s.lock();
                Self::drop_expired(&mut m, now);
                m.map.len()
            })
            .sum()
    }

    /// Number of entries (expired ones included until swept).
    #[must_use]
    pub fn len(&self) -> usize {
        self.shards.iter().map(|s| s.lock().map.len()).sum()
    }

    /// Whether the store holds nothing.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn insert_expire_and_capacity() {
        let s: Sharded<u32, u64> = Sharded::new(SHARDS);
        assert_eq!(s.insert_new(1, 10, 0), Ok(true));
        assert_eq!(s.insert_new(1, 10, 5), Ok(false));
        assert_eq!(
            s.insert_new(1, 20, 10),
            Ok(true),
            "expired entries are replaced"
        );
        // One entry per shard: fill until some shard refuses.
        let mut refused = false;
        for k in 2..200 {
            if s.insert_new(k, 100, 10).is_err() {
                refused = true;
                break;
            }
        }
        assert!(refused);
        assert_eq!(s.sweep(1000), 0);
        assert!(s.is_empty());
        assert_eq!(s.update(7, 0, || 50, |v| *v), Ok(50));
        assert_eq!(s.read(&7, 0, |v| *v), Some(50));
        assert_eq!(s.read(&7, 60, |v| *v), None);
    }

    /// Room for entries without growing, summed over the shards (`HashMap::capacity` counts what is left after
    /// tombstones, so it falls when deletions leave them).
    fn room(s: &Sharded<u64, u64>) -> usize {
        s.shards.iter().map(|m| m.lock().map.capacity()).sum()
    }

    #[test]
    fn bursts_that_expire_entirely_reuse_the_same_tables() {
        // Bursts of spent ids that all expire before the next burst, as in the gateway memory soak: with `retain`
        // the tombstones of each burst ate the spare room until every table doubled around the fifth burst.
        let s: Sharded<u64, u64> = Sharded::new(1_000_000);
        let mut key = 0u64;
        let mut first = None;
        for burst in 0..12u64 {
            let exp = 100 * burst + 50;
            for _ in 0..100_000 {
                key = key
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                assert_eq!(s.insert_new(key, exp, exp - 50), Ok(true));
            }
            let r = room(&s);
            assert_eq!(
                *first.get_or_insert(r),
                r,
                "burst {burst}: tombstones took room, or a table doubled"
            );
            assert_eq!(s.sweep(exp), 0);
        }
    }
}
