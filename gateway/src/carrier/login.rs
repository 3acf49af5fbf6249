//! `login` on a simulated carrier: the middle four digits, counted per login ticket and, on CM/CT, per number.

use super::issue::{sp_lifetime, subscriber, Issued};
use super::limits::{MAX_WRONG_DIGITS, MAX_WRONG_PER_LOGIN_TICKET};
use super::refusal::{fail, store_full, Failure, Refusal};
use crate::phone::{self, Carrier};
use crate::state::{Device, NumberState, State, TokenKind, DAY};
use crate::tokens::{new_id, SpClaims};
use crate::urls::same_origin;
use crate::util::expiry_in;
use serde_json::Value;

/// `login`: the middle four digits against the login ticket's number; a login spToken when right.
pub fn login(
    state: &State,
    c: Carrier,
    device: &Device,
    org: Option<&str>,
    body: &Value,
    blocked: bool,
    now: u64,
) -> Result<Issued, Refusal> {
    let Some(raw) = body.get("loginTicket").and_then(Value::as_str) else {
        return fail(
            Failure::TicketInvalid,
            "loginTicket is missing: pass the loginTicket from mask",
        );
    };
    let lt = match state.keys.open_login(raw) {
        Ok(lt) if lt.v == c => lt,
        _ => {
            return fail(
                Failure::TicketInvalid,
                format!("the loginTicket is forged, tampered or not {c}'s"),
            )
        }
    };
    if lt.exp <= now {
        return fail(
            Failure::TicketInvalid,
            "the loginTicket has expired: call mask again",
        );
    }
    if !org.is_some_and(|o| same_origin(o, &lt.org)) {
        return fail(
            Failure::TicketInvalid,
            format!(
                "the loginTicket was issued for origin {}, not this request's",
                lt.org
            ),
        );
    }
    subscriber(c, device, blocked)?;
    if device.number != lt.num {
        return fail(
            Failure::NotSubscriber,
            "the SIM in use is not the one the masked number was shown for",
        );
    }
    let digits = body.get("digits").and_then(Value::as_str).unwrap_or("");
    let right = digits == phone::middle_four(&lt.num);
    // The ticket's record and the number's state are read and changed under their locks together (always taken
    // in this order), so concurrent guesses are counted one by one: none is compared after the ticket is spent
    // or the number locked.
    let outcome = state
        .token_use(&lt.acc, TokenKind::LoginTicket, &lt.jti, lt.exp, |u| {
            if u.spent {
                return Ok(Guess::Spent);
            }
            let guess = state
                .numbers
                .update(lt.num.clone(), now, NumberState::default, |n| {
                    judge(n, c, right, now)
                })?;
            match guess {
                Guess::Right => u.spent = true,
                Guess::Wrong(_) | Guess::LockedNow => {
                    u.count += 1;
                    if u.count >= MAX_WRONG_PER_LOGIN_TICKET {
                        u.spent = true;
                    }
                }
                Guess::Locked(_) | Guess::Spent => {}
            }
            Ok(guess)
        })
        .and_then(|r| r)
        .map_err(|f: crate::store::Full| store_full(f.capacity))?;
    let wrong = match outcome {
        Guess::Spent => {
            return fail(
                Failure::TicketInvalid,
                "the loginTicket was already used (or had its wrong entries): call mask again",
            )
        }
        Guess::Locked(left) => {
            return Err(Refusal {
                failure: Failure::Locked,
                detail: format!("{c} locked one-click login for this number after {MAX_WRONG_DIGITS} wrong entries; try again in {left} s"),
                remaining: Some(Some(0)),
            })
        }
        Guess::Right => {
            let sp = SpClaims {
                jti: new_id(),
                v: c,
                num: lt.num.clone(),
                acc: lt.acc.clone(),
                sc: lt.sc.clone(),
                biz: 1,
                ati: lt.ati.clone(),
                exp: expiry_in(sp_lifetime(state, c, &lt.sc)),
            };
            return Ok(Issued {
                token: Some(state.keys.seal_sp(&sp)),
                ..Issued::default()
            });
        }
        Guess::LockedNow => None,
        Guess::Wrong(n) => Some(n),
    };
    let shape_hint = if digits.len() == 4 && digits.bytes().all(|b| b.is_ascii_digit()) {
        ""
    } else {
        " (digits must be the four middle digits, e.g. \"1234\")"
    };
    match wrong {
        None => Err(Refusal {
            failure: Failure::Locked,
            detail: format!("{MAX_WRONG_DIGITS} wrong entries: {c} locked one-click login for this number for 24 h"),
            remaining: Some(Some(0)),
        }),
        Some(n) if c.locks_after_wrong_digits() => Err(Refusal {
            failure: Failure::WrongDigits,
            detail: format!("the middle four digits are wrong{shape_hint}"),
            remaining: Some(Some(MAX_WRONG_DIGITS.saturating_sub(n))),
        }),
        Some(_) => Err(Refusal {
            failure: Failure::WrongDigits,
            detail: format!("the middle four digits are wrong{shape_hint}; {c} does not lock the number, but a loginTicket allows {MAX_WRONG_PER_LOGIN_TICKET} wrong entries (then call mask again)"),
            remaining: Some(None),
        }),
    }
}

/// What one middle-four entry led to.
enum Guess {
    /// The login ticket was already spent (nothing compared).
    Spent,
    /// CM/CT: the number is locked for this many more seconds (nothing compared).
    Locked(u64),
    /// Right: the ticket is spent and a login spToken issued.
    Right,
    /// Wrong; for CM/CT the number's wrong entries so far.
    Wrong(u32),
    /// Wrong, and CM/CT locked the number with it.
    LockedNow,
}

/// Checks the number's lock and counts the entry, all under the number's lock.
fn judge(n: &mut NumberState, c: Carrier, right: bool, now: u64) -> Guess {
    if c.locks_after_wrong_digits() && n.locked_until > now {
        return Guess::Locked(n.locked_until - now);
    }
    if right {
        n.wrong = 0;
        return Guess::Right;
    }
    if n.wrong > 0 && n.wrong_at + DAY <= now {
        n.wrong = 0;
    }
    n.wrong += 1;
    n.wrong_at = now;
    if c.locks_after_wrong_digits() && n.wrong >= MAX_WRONG_DIGITS {
        n.locked_until = now + DAY;
        n.wrong = 0;
        Guess::LockedNow
    } else {
        Guess::Wrong(n.wrong)
    }
}
