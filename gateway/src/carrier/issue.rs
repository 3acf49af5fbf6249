//! `token` and `mask` on a simulated carrier, and the checks `login` shares with them.

use super::limits::{CM_DAILY_LIMIT, MAX_MASKS_PER_TICKET, MAX_WRONG_DIGITS};
use super::refusal::{fail, store_full, Failure, Refusal};
use crate::phone::{self, Carrier};
use crate::state::{Device, NumberState, State, TokenKind, DAY};
use crate::tokens::{new_id, LoginClaims, SpClaims, TicketClaims};
use crate::urls::same_origin;
use crate::util::expiry_in;
use serde_json::Value;

/// What a successful operation hands back.
#[derive(Default)]
pub struct Issued {
    /// `token` (number verification) or the login spToken.
    pub token: Option<String>,
    /// `maskedNumber` (mask).
    pub masked_number: Option<String>,
    /// `loginTicket` (mask).
    pub login_ticket: Option<String>,
}

/// The carrier ticket of the body, opened and checked: this carrier's, unexpired, of this request's origin.
pub fn open_ticket(
    state: &State,
    c: Carrier,
    org: Option<&str>,
    body: &Value,
    now: u64,
) -> Result<TicketClaims, Refusal> {
    let Some(raw) = body.get("ticket").and_then(Value::as_str) else {
        return fail(
            Failure::TicketInvalid,
            "ticket is missing: pass this carrier's ticket from /h5/v1/check",
        );
    };
    let Ok(t) = state.keys.open_ticket(c, raw) else {
        return fail(
            Failure::TicketInvalid,
            format!("the ticket is forged, tampered or not {c}'s"),
        );
    };
    if t.exp <= now {
        return fail(
            Failure::TicketInvalid,
            "the ticket has expired (it lives as long as the AccessToken)",
        );
    }
    if !org.is_some_and(|o| same_origin(o, &t.org)) {
        return fail(
            Failure::TicketInvalid,
            format!(
                "the ticket was issued for origin {}, not this request's",
                t.org
            ),
        );
    }
    Ok(t)
}

/// The device's SIM is this carrier's and the number is not blocked.
pub fn subscriber(c: Carrier, device: &Device, blocked: bool) -> Result<(), Refusal> {
    if device.carrier != c {
        return fail(
            Failure::NotSubscriber,
            format!(
                "the SIM in use is {}'s: only that carrier can answer",
                device.carrier
            ),
        );
    }
    if blocked {
        return fail(Failure::Blocked, format!("{c} blocks this number"));
    }
    Ok(())
}

/// The spToken lifetime of the scheme named `scene` (the carrier's default when it is gone).
pub fn sp_lifetime(state: &State, c: Carrier, scene: &str) -> u64 {
    state
        .scheme(scene)
        .map_or(c.sp_lifetime(), |s| s.sp_lifetime(c))
}

/// `token`: a verification spToken, after CM's daily limit.
pub fn issue_token(
    state: &State,
    c: Carrier,
    device: &Device,
    t: &TicketClaims,
    now: u64,
) -> Result<Issued, Refusal> {
    if c == Carrier::Cm {
        let allowed = state
            .numbers
            .update(device.number.clone(), now, NumberState::default, |n| {
                while n.verifications.front().is_some_and(|at| at + DAY <= now) {
                    n.verifications.pop_front();
                }
                if n.verifications.len() >= CM_DAILY_LIMIT {
                    false
                } else {
                    n.verifications.push_back(now);
                    true
                }
            })
            .map_err(|f| store_full(f.capacity))?;
        if !allowed {
            return fail(
                Failure::DailyLimit,
                format!("this number was verified {CM_DAILY_LIMIT} times in the last 24 h"),
            );
        }
    }
    let sp = SpClaims {
        jti: new_id(),
        v: c,
        num: device.number.clone(),
        acc: t.acc.clone(),
        sc: t.sc.clone(),
        biz: 0,
        ati: t.ati.clone(),
        exp: expiry_in(sp_lifetime(state, c, &t.sc)),
    };
    Ok(Issued {
        token: Some(state.keys.seal_sp(&sp)),
        ..Issued::default()
    })
}

fn locked(state: &State, c: Carrier, number: &str, now: u64) -> Result<(), Refusal> {
    if !c.locks_after_wrong_digits() {
        return Ok(());
    }
    let until = state
        .numbers
        .read(&number.to_owned(), now, |n| n.locked_until)
        .unwrap_or(0);
    if until > now {
        return Err(Refusal {
            failure: Failure::Locked,
            detail: format!("{c} locked one-click login for this number after {MAX_WRONG_DIGITS} wrong entries; try again in {} s", until - now),
            remaining: Some(Some(0)),
        });
    }
    Ok(())
}

/// `mask`: the masked number and a login ticket, counted against the carrier ticket.
pub fn issue_mask(
    state: &State,
    c: Carrier,
    device: &Device,
    t: &TicketClaims,
    now: u64,
) -> Result<Issued, Refusal> {
    locked(state, c, &device.number, now)?;
    let taken = state
        .token_use(&t.acc, TokenKind::CarrierTicket, &t.n, t.exp, |u| {
            if u.count >= MAX_MASKS_PER_TICKET {
                false
            } else {
                u.count += 1;
                true
            }
        })
        .map_err(|f| store_full(f.capacity))?;
    if !taken {
        return fail(
            Failure::TicketInvalid,
            format!("this ticket was already used for {MAX_MASKS_PER_TICKET} masks: run the identity check again for a new one"),
        );
    }
    let lt = LoginClaims {
        jti: new_id(),
        v: c,
        num: device.number.clone(),
        acc: t.acc.clone(),
        sc: t.sc.clone(),
        org: t.org.clone(),
        ati: t.ati.clone(),
        tn: t.n.clone(),
        exp: expiry_in(sp_lifetime(state, c, &t.sc)),
    };
    Ok(Issued {
        masked_number: Some(phone::mask(&device.number)),
        login_ticket: Some(state.keys.seal_login(&lt)),
        ..Issued::default()
    })
}
