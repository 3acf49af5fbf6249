//! The per-instance state machine: whether an identity check passed, for verification and for login.
//!
//! Each business type has its own slot. A check takes a generation number when it starts; when it ends, its
//! outcome (success with tickets, or anything else) replaces the slot only if no later check has started since,
//! so a slow early check can never overwrite a newer one. Token steps only read the slot: a token step that
//! times out or fails leaves the instance as it was, and every call starts afresh.

use super::codes::{Code, MSG_NOT_CHECKED};
use super::env::EnvInputs;
use super::gateway::{Biz, Checked};
use super::payload::Failure;

#[derive(Debug, Default)]
struct Slot {
    started: u32,
    checked: Option<Checked>,
}

/// A check in flight: hand it back to [`Session::finish_check`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CheckTicket {
    biz: Biz,
    generation: u32,
}

/// The state of one `PhoneNumberServer` instance.
#[derive(Debug, Default)]
pub struct Session {
    verify: Slot,
    login: Slot,
}

impl Session {
    /// A fresh, unchecked instance.
    #[must_use]
    pub fn new() -> Session {
        Session::default()
    }

    fn slot(&mut self, biz: Biz) -> &mut Slot {
        match biz {
            Biz::Verify => &mut self.verify,
            Biz::Login => &mut self.login,
        }
    }

    /// Records that a check starts.
    pub fn begin_check(&mut self, biz: Biz) -> CheckTicket {
        let slot = self.slot(biz);
        slot.started = slot.started.wrapping_add(1);
        CheckTicket {
            biz,
            generation: slot.started,
        }
    }

    /// Records how a check ended (`None`: failed, refused or timed out). Returns whether it was applied
    /// (false when a later check has started since).
    pub fn finish_check(&mut self, ticket: CheckTicket, outcome: Option<Checked>) -> bool {
        let slot = self.slot(ticket.biz);
        if slot.started != ticket.generation {
            return false;
        }
        slot.checked = outcome;
        true
    }

    /// Whether the last check for `biz` succeeded.
    #[must_use]
    pub fn is_checked(&self, biz: Biz) -> bool {
        match biz {
            Biz::Verify => self.verify.checked.is_some(),
            Biz::Login => self.login.checked.is_some(),
        }
    }

    /// The carriers' tickets of the last successful check, for a token step.
    ///
    /// # Errors
    ///
    /// 600025 (`身份校验失败`) with a detail when there is none.
    pub fn require_checked(&self, biz: Biz) -> Result<Checked, Failure> {
        let (slot, detail) = match biz {
            Biz::Verify => (
                &self.verify,
                "getVerifyToken ran before checkAuthAvailable succeeded on this instance",
            ),
            Biz::Login => (
                &self.login,
                "getLoginToken ran before checkLoginAvailable succeeded on this instance",
            ),
        };
        slot.checked.clone().ok_or_else(|| {
            let mut f = Failure::new(Code::AuthFailed, detail);
            f.msg = MSG_NOT_CHECKED;
            f
        })
    }

    /// The front half of a token step (`getVerifyToken`, `getLoginToken`): the environment verdict first
    /// (600008 at once on a desktop or on Wi-Fi, unless the gateway of the last check is a sandbox, whose
    /// simulated SIM decides), then the last check's tickets (600025).
    ///
    /// # Errors
    ///
    /// 600008 or 600025, with details.
    pub fn token_step(&self, biz: Biz, method: &str, env: &EnvInputs) -> Result<Checked, Failure> {
        let checked = self.require_checked(biz);
        if !checked.as_ref().is_ok_and(|c| c.sandbox) {
            env.require_cellular_phone(method)?;
        }
        checked
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::env::Vender;
    use crate::gateway::Ticket;

    fn checked(t: &str) -> Checked {
        Checked {
            tickets: vec![Ticket {
                vender: Vender::Cm,
                base: "http://h/carrier/cm/v1".into(),
                ticket: t.into(),
            }],
            sandbox: false,
        }
    }

    fn ticket_of(s: &Session, biz: Biz) -> Option<String> {
        s.require_checked(biz)
            .ok()
            .map(|c| c.tickets[0].ticket.clone())
    }

    #[test]
    fn a_fresh_instance_is_unchecked_with_600025() {
        let s = Session::new();
        let f = s.require_checked(Biz::Verify).err();
        assert_eq!(
            f.as_ref().map(|f| (f.code.number(), f.msg)),
            Some((600025, "身份校验失败"))
        );
        assert_eq!(
            f.map(|f| f.detail).as_deref(),
            Some("getVerifyToken ran before checkAuthAvailable succeeded on this instance")
        );
        let f = s.require_checked(Biz::Login).err();
        assert!(f.is_some_and(|f| f.detail.contains("checkLoginAvailable")));
    }

    #[test]
    fn a_successful_check_enables_its_step_only() {
        let mut s = Session::new();
        let t = s.begin_check(Biz::Verify);
        assert!(s.finish_check(t, Some(checked("a"))));
        assert!(s.is_checked(Biz::Verify));
        assert_eq!(ticket_of(&s, Biz::Verify).as_deref(), Some("a"));
        assert!(!s.is_checked(Biz::Login));
        assert!(s.require_checked(Biz::Login).is_err());
    }

    #[test]
    fn a_failed_check_clears_the_slot() {
        let mut s = Session::new();
        let t = s.begin_check(Biz::Verify);
        s.finish_check(t, Some(checked("a")));
        let t = s.begin_check(Biz::Verify);
        assert!(s.finish_check(t, None));
        assert!(!s.is_checked(Biz::Verify));
    }

    #[test]
    fn a_stale_check_does_not_overwrite_a_newer_one() {
        let mut s = Session::new();
        let early = s.begin_check(Biz::Verify);
        let late = s.begin_check(Biz::Verify);
        assert!(s.finish_check(late, Some(checked("late"))));
        assert!(!s.finish_check(early, None));
        assert_eq!(ticket_of(&s, Biz::Verify).as_deref(), Some("late"));
        assert!(!s.finish_check(early, Some(checked("early"))));
        assert_eq!(ticket_of(&s, Biz::Verify).as_deref(), Some("late"));
    }

    #[test]
    fn a_timed_out_check_does_not_poison_the_instance() {
        let mut s = Session::new();
        let t = s.begin_check(Biz::Verify);
        s.finish_check(t, None); // timed out
        let t = s.begin_check(Biz::Verify);
        assert!(s.finish_check(t, Some(checked("again"))));
        assert_eq!(ticket_of(&s, Biz::Verify).as_deref(), Some("again"));
    }

    #[test]
    fn token_steps_only_read() {
        let mut s = Session::new();
        let t = s.begin_check(Biz::Verify);
        s.finish_check(t, Some(checked("a")));
        for _ in 0..3 {
            assert_eq!(ticket_of(&s, Biz::Verify).as_deref(), Some("a"));
        }
    }

    #[test]
    fn verify_and_login_slots_are_independent() {
        let mut s = Session::new();
        let v = s.begin_check(Biz::Verify);
        let l = s.begin_check(Biz::Login);
        assert!(s.finish_check(l, Some(checked("login"))));
        assert!(s.finish_check(v, None));
        assert_eq!(ticket_of(&s, Biz::Login).as_deref(), Some("login"));
        assert!(!s.is_checked(Biz::Verify));
    }

    const PHONE: &str = "Mozilla/5.0 (Linux; Android 14) Mobile Safari/537.36";

    fn env(ua: &str, conn: &str) -> EnvInputs {
        EnvInputs {
            user_agent: ua.into(),
            connection_type: Some(conn.into()),
            max_touch_points: 0.0,
        }
    }

    fn checked_on(s: &mut Session, biz: Biz, sandbox: bool) {
        let t = s.begin_check(biz);
        let mut c = checked("t");
        c.sandbox = sandbox;
        s.finish_check(t, Some(c));
    }

    fn code(r: Result<Checked, Failure>) -> u32 {
        r.map_or_else(|f| f.code.number(), |_| 600000)
    }

    #[test]
    fn token_step_on_a_phone_after_a_check() {
        let mut s = Session::new();
        checked_on(&mut s, Biz::Verify, false);
        assert_eq!(
            code(s.token_step(Biz::Verify, "getVerifyToken", &env(PHONE, "cellular"))),
            600000
        );
    }

    #[test]
    fn token_step_environment_comes_before_state() {
        let s = Session::new();
        assert_eq!(
            code(s.token_step(
                Biz::Verify,
                "getVerifyToken",
                &env("X11; Linux", "ethernet")
            )),
            600008
        );
        assert_eq!(
            code(s.token_step(Biz::Verify, "getVerifyToken", &env(PHONE, "wifi"))),
            600008
        );
        assert_eq!(
            code(s.token_step(Biz::Verify, "getVerifyToken", &env(PHONE, "cellular"))),
            600025
        );
    }

    #[test]
    fn token_step_refuses_wifi_after_a_real_check() {
        let mut s = Session::new();
        checked_on(&mut s, Biz::Verify, false);
        let f = s
            .token_step(Biz::Verify, "getVerifyToken", &env(PHONE, "wifi"))
            .err();
        assert!(f.is_some_and(
            |f| f.code == Code::EnvUnsuitable && f.detail.starts_with("getVerifyToken")
        ));
    }

    #[test]
    fn a_sandbox_gateway_lifts_the_environment_verdict() {
        let mut s = Session::new();
        checked_on(&mut s, Biz::Verify, true);
        assert_eq!(
            code(s.token_step(Biz::Verify, "getVerifyToken", &env("X11; Linux", "wifi"))),
            600000
        );
        // ...for its own business type only.
        assert_eq!(
            code(s.token_step(Biz::Login, "getLoginToken", &env("X11; Linux", "wifi"))),
            600008
        );
    }

    #[test]
    fn token_step_for_login_reads_the_login_slot() {
        let mut s = Session::new();
        checked_on(&mut s, Biz::Verify, false);
        let f = s
            .token_step(Biz::Login, "getLoginToken", &env(PHONE, "cellular"))
            .err();
        assert!(f.is_some_and(
            |f| f.code == Code::AuthFailed && f.detail.contains("checkLoginAvailable")
        ));
        checked_on(&mut s, Biz::Login, false);
        assert_eq!(
            code(s.token_step(Biz::Login, "getLoginToken", &env(PHONE, "cellular"))),
            600000
        );
    }

    #[test]
    fn instances_do_not_share_state() {
        let mut a = Session::new();
        let b = Session::new();
        let t = a.begin_check(Biz::Verify);
        a.finish_check(t, Some(checked("a")));
        assert!(a.is_checked(Biz::Verify));
        assert!(!b.is_checked(Biz::Verify));
    }
}
