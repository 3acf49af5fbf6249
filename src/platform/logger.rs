//! The console logger: `[PhoneNumberServer] …`, on by default, switched per instance by `setLoggerEnable`.

use std::cell::Cell;

use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::JsValue;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(catch, js_namespace = console, js_name = log)]
    fn console_log(prefix: &str, msg: &str) -> Result<(), JsValue>;
    #[wasm_bindgen(catch, js_namespace = console, js_name = log)]
    fn console_log_value(prefix: &str, msg: &str, value: &JsValue) -> Result<(), JsValue>;
    #[wasm_bindgen(catch, js_namespace = console, js_name = warn)]
    fn console_warn(prefix: &str, msg: &str, value: &JsValue) -> Result<(), JsValue>;
}

const PREFIX: &str = "[PhoneNumberServer]";

/// One instance's logger.
#[derive(Debug)]
pub struct Logger {
    enabled: Cell<bool>,
}

impl Logger {
    /// A logger, on or off.
    #[must_use]
    pub fn new(enabled: bool) -> Logger {
        Logger {
            enabled: Cell::new(enabled),
        }
    }

    /// Switches logging on or off.
    pub fn set_enabled(&self, enabled: bool) {
        self.enabled.set(enabled);
    }

    /// Whether logging is on.
    #[must_use]
    pub fn enabled(&self) -> bool {
        self.enabled.get()
    }

    /// Progress: `console.log(prefix, msg)`.
    pub fn info(&self, msg: &str) {
        if self.enabled.get() {
            let _ = console_log(PREFIX, msg);
        }
    }

    /// Progress with a value the console can expand: `console.log(prefix, msg, value)`.
    pub fn info_value(&self, msg: &str, value: &JsValue) {
        if self.enabled.get() {
            let _ = console_log_value(PREFIX, msg, value);
        }
    }

    /// Failures: `console.warn(prefix, msg, value)`.
    pub fn warn(&self, msg: &str, value: &JsValue) {
        if self.enabled.get() {
            let _ = console_warn(PREFIX, msg, value);
        }
    }
}
