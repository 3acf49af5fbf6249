//! `PhoneNumberServer`: a thin newtype over one instance's state; the async steps live in `verify` and `login`.

use std::cell::RefCell;
use std::rc::Rc;

use std::future::Future;
use std::pin::Pin;

use js_sys::Promise;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::future_to_promise;

use super::convert::{self, arg, failure_to_error, to_js, Loose};
use super::inner::{Inner, VERSION};
use super::{login, verify};
use crate::core::codes::Code;
use crate::core::gateway::Biz;
use crate::core::options::{self, Field, ServerInput, Step};
use crate::core::payload::{EnvPayload, Failure};
use crate::core::session::Session;
use crate::platform::logger::Logger;
use crate::platform::navigator;

/// Every async method's Promise, through one `future_to_promise` instance: each generic instance would copy the
/// executor's polling code around its own future.
fn promise(f: Pin<Box<dyn Future<Output = Result<JsValue, JsValue>>>>) -> Promise {
    future_to_promise(f)
}

/// The number-authentication client (`new PhoneNumberServer(options?)`).
///
/// All state (whether an identity check passed, and the carriers' tickets) belongs to the instance. Every async
/// method returns a Promise that settles exactly once: it resolves to the success payload or rejects with an error
/// payload `{ code, msg, requestId, detail, content? }` (a plain object; the JS shim makes it an `Error`).
#[wasm_bindgen]
#[derive(Debug)]
pub struct PhoneNumberServer {
    inner: Rc<Inner>,
}

#[wasm_bindgen]
impl PhoneNumberServer {
    /// `new PhoneNumberServer(options?)`, options `{ endpoint?: string, logger?: boolean }`.
    ///
    /// `endpoint` (an absolute http(s) URL) overrides the gateway named by the JwtToken's issuer.
    ///
    /// # Errors
    ///
    /// Throws an `Error` with `code` 600028, `msg` and `detail` when the options are malformed.
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue) -> Result<PhoneNumberServer, JsValue> {
        let input: ServerInput<Loose> = convert::options(&options).ok_or_else(|| {
            failure_to_error(Failure::new(
                Code::BadArgument,
                "new PhoneNumberServer(options): the options object could not be read",
            ))
        })?;
        let parsed = options::server(&arg(&options), &input.endpoint.arg(), &input.logger.arg())
            .map_err(failure_to_error)?;
        let inner = Inner {
            session: RefCell::new(Session::new()),
            log: Logger::new(parsed.logger),
            endpoint: parsed.endpoint,
        };
        Ok(PhoneNumberServer {
            inner: Rc::new(inner),
        })
    }

    /// `setLoggerEnable(isEnabled)`: console logging on (truthy) or off (falsy). On by default.
    #[wasm_bindgen(js_name = setLoggerEnable)]
    pub fn set_logger_enable(&self, enabled: &JsValue) {
        self.inner.log.set_enabled(enabled.is_truthy());
    }

    /// `getVersion()`: the SDK version, e.g. `"1.0.0"`.
    ///
    /// Strings are returned as `JsValue`s: a `String` return costs each method a multi-value shim in the module.
    #[wasm_bindgen(js_name = getVersion)]
    #[must_use]
    pub fn get_version(&self) -> JsValue {
        JsValue::from_str(VERSION)
    }

    /// `getConnection()`: exactly `'wifi'`, `'cellular'` or `'unknown'`, from `navigator.connection.type`.
    #[wasm_bindgen(js_name = getConnection)]
    #[must_use]
    pub fn get_connection(&self) -> JsValue {
        JsValue::from_str(navigator::read().connection())
    }

    /// `checkEnvAvailable()`: `{ isPc, isWifi }`.
    #[wasm_bindgen(js_name = checkEnvAvailable)]
    #[must_use]
    pub fn check_env_available(&self) -> JsValue {
        let env = navigator::read();
        to_js(&EnvPayload {
            is_pc: env.is_pc(),
            is_wifi: env.is_wifi(),
        })
    }

    /// `checkAuthAvailable({ accessToken, jwtToken, timeout? })`: the identity check for number verification.
    ///
    /// Resolves to `{ code: 600000, msg: '鉴权成功', requestId }`.
    ///
    /// # Errors
    ///
    /// Rejects with 600028 (bad options), 600025 (tokens or origin refused; `content: { code, msg }` from the
    /// gateway), 600034, 600032, 600004, 600013, 600014 (the gateway's verdicts), 600015 (timeout, default 10 s),
    /// 600010 (network failure or malformed answer).
    #[wasm_bindgen(js_name = checkAuthAvailable)]
    pub fn check_auth_available(&self, opts: JsValue) -> Promise {
        promise(Box::pin(verify::check(
            self.inner.clone(),
            opts,
            Step::CheckAuth,
            Biz::Verify,
        )))
    }

    /// `checkLoginAvailable(opts)`: as [`Self::check_auth_available`], for one-click login (BizType 1).
    ///
    /// # Errors
    ///
    /// As [`Self::check_auth_available`].
    #[wasm_bindgen(js_name = checkLoginAvailable)]
    pub fn check_login_available(&self, opts: JsValue) -> Promise {
        promise(Box::pin(verify::check(
            self.inner.clone(),
            opts,
            Step::CheckLogin,
            Biz::Login,
        )))
    }

    /// `getVerifyToken({ timeout? })`: races the carriers in parallel; the first success gives the `spToken`.
    ///
    /// Resolves to `{ code: 600000, msg: '成功', spToken, isSuccess: true, vender, requestId }`.
    ///
    /// # Errors
    ///
    /// Rejects with 600028 (bad options), 600008 (desktop browser or Wi-Fi, at once), 600025 (no successful
    /// `checkAuthAvailable` on this instance), 600011 (no carrier issued a token; `content` has one entry per
    /// carrier), 600018 (the number is blocked), 600015 (timeout, default 25 s, covering the whole race), 600010
    /// (no carrier reachable).
    #[wasm_bindgen(js_name = getVerifyToken)]
    pub fn get_verify_token(&self, opts: JsValue) -> Promise {
        promise(Box::pin(verify::verify_token(self.inner.clone(), opts)))
    }

    /// `getLoginToken(opts)`: one-click login. Races the carriers for the masked number (under `timeout`), shows
    /// the authorization page (`authPageOption`), and sends the user's middle four digits to the carrier that
    /// knows the SIM; the page's `watch` callbacks are read from `opts`.
    ///
    /// Resolves to `{ code: 600000, msg: '成功', spToken, vender, requestId, clearInput, focusOn, setMessage }`.
    ///
    /// # Errors
    ///
    /// Rejects with 600028 (bad options, naming the field), 600008 and 600025 as `getVerifyToken` does, 600015
    /// (no masked number within `timeout`), 600011 (no carrier knows the SIM, the number is locked for 24 h, or the
    /// page was left or closed), 600030 (the page was hidden or tampered with at submit), 600010 (no carrier
    /// reachable, or a malformed answer).
    #[wasm_bindgen(js_name = getLoginToken)]
    pub fn get_login_token(&self, opts: JsValue) -> Promise {
        promise(Box::pin(login::login_token(self.inner.clone(), opts)))
    }

    /// `closeLoginPage()`: removes the login page; safe to call any number of times.
    #[wasm_bindgen(js_name = closeLoginPage)]
    pub fn close_login_page(&self) {
        login::close_page(&self.inner);
    }
}
