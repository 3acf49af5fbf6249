//! What the sandbox control API created, counted against its own caps (`limits.sandbox_accounts`,
//! `limits.sandbox_schemes`; the rules are in `crate::sandbox_guard`).

use parking_lot::Mutex;
use std::collections::HashSet;
use std::sync::atomic::{AtomicUsize, Ordering};

/// What the control API created, against its own caps.
#[derive(Default)]
pub struct Created {
    accounts: AtomicUsize,
    schemes: Mutex<HashSet<String>>,
}

impl Created {
    /// Takes one of `cap` account creations; `false` when none is left.
    pub fn take_account(&self, cap: usize) -> bool {
        self.accounts
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| {
                (n < cap).then_some(n + 1)
            })
            .is_ok()
    }

    /// Gives an account creation back (the registry refused it).
    pub fn return_account(&self) {
        let _ = self
            .accounts
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| n.checked_sub(1));
    }

    /// Counts a new scheme against `cap` live ones; `false` when the cap is reached.
    pub fn take_scheme(&self, scene_code: &str, cap: usize) -> bool {
        let mut s = self.schemes.lock();
        if s.len() >= cap {
            return false;
        }
        s.insert(scene_code.to_owned());
        true
    }

    /// Frees the place of a scheme that was deleted or not created.
    pub fn forget_scheme(&self, scene_code: &str) {
        self.schemes.lock().remove(scene_code);
    }
}
