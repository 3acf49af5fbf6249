//! One-click login (`getLoginToken`, `closeLoginPage`): the page itself comes later.
//!
//! What is here already runs the shared front half (options, environment verdict, the login check's tickets),
//! so the page can be added behind it: after `checked_for`, ask each carrier's `/mask` in a race (as `verify` does
//! with `/token`, under `timeout`, which for this step covers only the wait for the masked number), draw the page
//! with the masked number (DOM code in a new `platform` module), then `/login` with the four digits.

use std::rc::Rc;

use wasm_bindgen::JsValue;

use super::call::{checked_for, log_start, settle, step_timeout};
use super::server::Inner;
use crate::core::codes::Code;
use crate::core::gateway::Biz;
use crate::core::options::Step;
use crate::core::payload::{CheckSuccess, Failure};
use crate::platform::random;

/// `getLoginToken`.
pub(crate) async fn login_token(inner: Rc<Inner>, opts: JsValue) -> Result<JsValue, JsValue> {
    let request_id = random::request_id();
    let outcome = run_login(&inner, &opts, &request_id);
    settle::<CheckSuccess>(&inner, Step::LoginToken, request_id, outcome)
}

fn run_login(inner: &Inner, opts: &JsValue, request_id: &str) -> Result<CheckSuccess, Failure> {
    let step = Step::LoginToken;
    let timeout = step_timeout(step, opts)?;
    let _checked = checked_for(inner, step, Biz::Login)?;
    log_start(inner, step, request_id, &timeout);
    Err(Failure::new(
        Code::Unknown,
        "getLoginToken: the one-click login page is not part of this build yet",
    ))
}

/// `closeLoginPage`: nothing to close yet.
pub(crate) fn close_page(_inner: &Inner) {}
