//! What one number, one carrier ticket and one login ticket allow, on the simulated carriers.

/// CM: verifications per number per 24 h.
pub const CM_DAILY_LIMIT: usize = 10;
/// Wrong middle-four entries before CM/CT lock the number.
pub const MAX_WRONG_DIGITS: u32 = 3;
/// Wrong middle-four entries one login ticket allows, on every carrier (CU included): the ticket is spent by the
/// last one, so guessing needs a new `mask` for every few guesses.
pub const MAX_WRONG_PER_LOGIN_TICKET: u32 = 3;
/// `mask` calls one carrier ticket allows (each hands out a login ticket): a page checks once on load and calls
/// getLoginToken on every press, so a visitor who leaves the login page (700000) and comes back needs a new mask
/// each time; 10 lets them do that, and still bounds the login tickets, and so the guesses and the use records, one
/// identity check can lead to.
pub const MAX_MASKS_PER_TICKET: u32 = 10;
