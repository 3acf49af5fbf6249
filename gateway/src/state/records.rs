//! What the gateway remembers per number and per browser-side token while it matters.

use crate::store::Expires;
use std::collections::VecDeque;

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

/// The kinds of browser-side token whose uses are counted (keys of `State::uses` never collide across kinds).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TokenKind {
    /// An AccessToken, by its id: identity checks made with it.
    Access,
    /// A carrier ticket, by its nonce: masks (and tokens) issued for it.
    CarrierTicket,
    /// A login ticket, by its id: wrong entries, and whether it is spent.
    LoginTicket,
}
