//! The `[limits]` table: sizes of the in-memory stores, the signature clock window, device idling, and the
//! bounds the configuration check holds values to.

use serde::Deserialize;

/// Bounds on the in-memory state.
#[derive(Clone, Copy, Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Limits {
    /// Signature nonces remembered per account (the replay window is the timestamp window).
    pub nonces: usize,
    /// Spent spToken ids remembered per account until they expire.
    pub spent_tokens: usize,
    /// Use records of live browser-side tokens per account (identity checks per AccessToken, masks per carrier
    /// ticket, wrong entries per login ticket).
    pub token_uses: usize,
    /// Per-number carrier state (CM daily counts, wrong entries, locks).
    pub numbers: usize,
    /// Devices (config and sandbox API ones together).
    pub devices: usize,
    /// Schemes.
    pub schemes: usize,
    /// Accounts.
    pub accounts: usize,
    /// Accounts the sandbox control API may create (counted apart, within `accounts`).
    pub sandbox_accounts: usize,
    /// Live schemes the sandbox control API may hold (within `schemes`; a deleted one frees its place).
    pub sandbox_schemes: usize,
    /// Allowed clock difference of signed requests, in seconds.
    pub timestamp_window_secs: u64,
    /// How far ahead of the gateway's clock a signed request may be dated, in seconds (at most
    /// `timestamp_window_secs`). Small, so a request dated in the future cannot pin its nonce in the store for
    /// much longer than the window: a nonce is kept until its timestamp plus the window.
    pub future_skew_secs: u64,
    /// Seconds after its last use at which a device created through the sandbox API is removed (config devices
    /// never are).
    pub device_idle_secs: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            nonces: 4_000_000,
            spent_tokens: 1_000_000,
            token_uses: 1_000_000,
            numbers: 1_000_000,
            devices: 100_000,
            schemes: 10_000,
            accounts: 10_000,
            sandbox_accounts: 1_000,
            sandbox_schemes: 1_000,
            timestamp_window_secs: 900,
            future_skew_secs: DEFAULT_FUTURE_SKEW_SECS,
            device_idle_secs: DEFAULT_DEVICE_IDLE_SECS,
        }
    }
}

/// Longest token lifetime a scheme may set (any of `lifetimes`), in seconds: one day.
pub const MAX_LIFETIME_SECS: u64 = 86_400;
/// Default `limits.future_skew_secs`: one minute, the clock difference of hosts kept in time by NTP with room to
/// spare.
pub const DEFAULT_FUTURE_SKEW_SECS: u64 = 60;
/// Longest allowed clock difference of signed requests (`limits.timestamp_window_secs`): one day.
pub const MAX_TIMESTAMP_WINDOW_SECS: u64 = 86_400;
/// Default idle lifetime of a sandbox API device (`limits.device_idle_secs`): 30 minutes, far longer than any test
/// or demo session leaves a device unused, short enough that a long-running sandbox does not accumulate them.
pub const DEFAULT_DEVICE_IDLE_SECS: u64 = 1_800;
/// Longest idle lifetime of a sandbox API device (`limits.device_idle_secs`): one day. Devices meant to stay
/// belong in the configuration's `[[devices]]`, which never expire.
pub const MAX_DEVICE_IDLE_SECS: u64 = 86_400;
