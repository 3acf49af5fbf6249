//! Codes sent and send times, per account and number: the frequency caps, expiry, single use, the cap on wrong
//! checks, `DuplicatePolicy`, and bounded memory (a cap per account and overall, an expiry sweep).

use super::config::SmsLimits;
use parking_lot::Mutex;
use std::collections::{HashMap, VecDeque};

/// Seconds in the daily window.
const DAY: u64 = 86_400;
/// Seconds in the hourly window.
const HOUR: u64 = 3_600;
/// Codes kept valid side by side for one number and scheme under `DuplicatePolicy` 2; the oldest goes first.
pub const MAX_VALID_CODES: usize = 10;

/// One code sent.
#[derive(Debug, Clone)]
struct Code {
    scheme: String,
    code: String,
    out_id: Option<String>,
    expires: u64,
    wrong: u32,
}

#[derive(Debug, Default)]
struct Entry {
    /// Send times (Unix seconds) in the last day, oldest first.
    sends: VecDeque<u64>,
    codes: Vec<Code>,
}

impl Entry {
    fn prune(&mut self, now: u64) {
        while self.sends.front().is_some_and(|t| t + DAY <= now) {
            self.sends.pop_front();
        }
        self.codes.retain(|c| c.expires > now);
    }

    fn is_empty(&self) -> bool {
        self.sends.is_empty() && self.codes.is_empty()
    }
}

/// Why a send is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SendRefused {
    /// Within `Interval` of the previous send: seconds left.
    Interval(u64),
    /// The hourly cap.
    Hour(u32),
    /// The daily cap.
    Day(u32),
    /// The account holds its maximum of numbers.
    AccountFull(usize),
    /// The store holds its maximum of numbers.
    Full(usize),
}

/// What a send stores.
#[derive(Debug, Clone)]
pub struct NewCode<'a> {
    /// Account id.
    pub account: &'a str,
    /// Scheme name.
    pub scheme: &'a str,
    /// Phone number.
    pub number: &'a str,
    /// The code, `None` when the caller fixed it (it cannot be checked).
    pub code: Option<&'a str>,
    /// `OutId`.
    pub out_id: Option<&'a str>,
    /// Seconds the code stays valid.
    pub valid_time: u64,
    /// Seconds that must pass since the previous send to this number.
    pub interval: u64,
    /// `DuplicatePolicy` 2.
    pub keep_valid: bool,
}

/// A check's input.
#[derive(Debug, Clone)]
pub struct Attempt<'a> {
    /// Account id.
    pub account: &'a str,
    /// Scheme name.
    pub scheme: &'a str,
    /// Phone number.
    pub number: &'a str,
    /// Code typed.
    pub code: &'a str,
    /// `OutId`: when given, only codes sent with it count.
    pub out_id: Option<&'a str>,
    /// `CaseAuthPolicy` 2.
    pub case_sensitive: bool,
}

struct Inner {
    entries: HashMap<(String, String), Entry>,
    per_account: HashMap<String, usize>,
}

/// The SMS code store.
pub struct CodeStore {
    limits: SmsLimits,
    inner: Mutex<Inner>,
}

impl CodeStore {
    /// An empty store bounded by `limits`.
    #[must_use]
    pub fn new(limits: SmsLimits) -> CodeStore {
        CodeStore {
            limits,
            inner: Mutex::new(Inner {
                entries: HashMap::new(),
                per_account: HashMap::new(),
            }),
        }
    }

    /// Applies the frequency rules and records the send (and its code) at `now`.
    ///
    /// # Errors
    /// A frequency rule or a size bound refuses it; nothing is recorded then.
    pub fn send(&self, c: &NewCode<'_>, now: u64) -> Result<(), SendRefused> {
        let mut g = self.inner.lock();
        let inner = &mut *g;
        let key = (c.account.to_owned(), c.number.to_owned());
        if let Some(e) = inner.entries.get_mut(&key) {
            e.prune(now);
            if let Some(last) = e.sends.back() {
                if c.interval > 0 && last + c.interval > now {
                    return Err(SendRefused::Interval(last + c.interval - now));
                }
            }
            let hour = e.sends.iter().filter(|t| **t + HOUR > now).count();
            if hour >= self.limits.per_hour as usize {
                return Err(SendRefused::Hour(self.limits.per_hour));
            }
            if e.sends.len() >= self.limits.per_day as usize {
                return Err(SendRefused::Day(self.limits.per_day));
            }
        } else {
            let n = inner.per_account.get(c.account).copied().unwrap_or(0);
            if n >= self.limits.numbers_per_account {
                return Err(SendRefused::AccountFull(self.limits.numbers_per_account));
            }
            if inner.entries.len() >= self.limits.numbers {
                return Err(SendRefused::Full(self.limits.numbers));
            }
            *inner.per_account.entry(c.account.to_owned()).or_insert(0) += 1;
        }
        let e = inner.entries.entry(key).or_default();
        e.sends.push_back(now);
        if !c.keep_valid {
            e.codes.retain(|old| old.scheme != c.scheme);
        }
        if let Some(code) = c.code {
            let same: Vec<usize> = (0..e.codes.len())
                .filter(|i| e.codes[*i].scheme == c.scheme)
                .collect();
            if same.len() >= MAX_VALID_CODES {
                e.codes.remove(same[0]);
            }
            e.codes.push(Code {
                scheme: c.scheme.to_owned(),
                code: code.to_owned(),
                out_id: c.out_id.map(str::to_owned),
                expires: now.saturating_add(c.valid_time),
                wrong: 0,
            });
        }
        Ok(())
    }

    /// Checks a code at `now`: `true` (PASS) spends the code; a miss counts against every code it could have
    /// been, and a code dies at its `wrong_checks`-th miss.
    pub fn check(&self, a: &Attempt<'_>, now: u64) -> bool {
        let mut g = self.inner.lock();
        let key = (a.account.to_owned(), a.number.to_owned());
        let Some(e) = g.entries.get_mut(&key) else {
            return false;
        };
        e.prune(now);
        let candidate = |c: &Code| {
            c.scheme == a.scheme && (a.out_id.is_none() || c.out_id.as_deref() == a.out_id)
        };
        let matches = |c: &Code| {
            if a.case_sensitive {
                c.code == a.code
            } else {
                c.code.eq_ignore_ascii_case(a.code)
            }
        };
        if let Some(i) = e.codes.iter().position(|c| candidate(c) && matches(c)) {
            e.codes.remove(i);
            return true;
        }
        let cap = self.limits.wrong_checks;
        for c in e.codes.iter_mut().filter(|c| candidate(c)) {
            c.wrong += 1;
        }
        e.codes.retain(|c| !candidate(c) || c.wrong < cap);
        false
    }

    /// Drops expired codes and send times older than a day, then numbers left with nothing.
    pub fn sweep(&self, now: u64) {
        let mut g = self.inner.lock();
        let inner = &mut *g;
        let per_account = &mut inner.per_account;
        inner.entries.retain(|(account, _), e| {
            e.prune(now);
            let keep = !e.is_empty();
            if !keep {
                if let Some(n) = per_account.get_mut(account) {
                    *n = n.saturating_sub(1);
                    if *n == 0 {
                        per_account.remove(account);
                    }
                }
            }
            keep
        });
    }

    /// Numbers with SMS state.
    #[must_use]
    pub fn len(&self) -> usize {
        self.inner.lock().entries.len()
    }

    /// Whether no number has SMS state.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn new_code<'a>(number: &'a str, code: &'a str) -> NewCode<'a> {
        NewCode {
            account: "a",
            scheme: "s",
            number,
            code: Some(code),
            out_id: None,
            valid_time: 300,
            interval: 60,
            keep_valid: false,
        }
    }

    #[test]
    fn sweep_forgets_a_day_old_number_and_frees_its_account_slot() {
        let s = CodeStore::new(SmsLimits {
            numbers_per_account: 1,
            ..SmsLimits::default()
        });
        s.send(&new_code("13800138000", "1234"), 1000).unwrap();
        assert_eq!(
            s.send(&new_code("13800138001", "1234"), 1000),
            Err(SendRefused::AccountFull(1))
        );
        s.sweep(1000 + DAY);
        assert!(s.is_empty());
        s.send(&new_code("13800138001", "1234"), 1000 + DAY)
            .unwrap();
    }

    #[test]
    fn daily_cap_counts_a_rolling_day_and_hourly_a_rolling_hour() {
        let s = CodeStore::new(SmsLimits {
            per_hour: 2,
            per_day: 3,
            ..SmsLimits::default()
        });
        let n = "13800138000";
        let t0 = 10_000;
        s.send(&new_code(n, "1"), t0).unwrap();
        s.send(&new_code(n, "2"), t0 + 60).unwrap();
        assert_eq!(
            s.send(&new_code(n, "3"), t0 + 120),
            Err(SendRefused::Hour(2))
        );
        s.send(&new_code(n, "3"), t0 + HOUR).unwrap();
        assert_eq!(
            s.send(&new_code(n, "4"), t0 + 2 * HOUR + 60),
            Err(SendRefused::Day(3))
        );
        s.send(&new_code(n, "4"), t0 + DAY).unwrap();
        assert_eq!(
            s.send(&new_code(n, "5"), t0 + DAY + 30),
            Err(SendRefused::Interval(30))
        );
    }
}
