//! Shared pieces of the fuzz targets: one sandbox state, and a cursor that splits fuzz input into fields.

use pns_gateway::{Config, State};
use std::path::PathBuf;
use std::sync::OnceLock;

/// The base URL the fuzzed state believes it serves.
pub const BASE: &str = "http://127.0.0.1:8787";

/// A sandbox state (demo account, schemes and devices), built once per process.
///
/// # Panics
/// The embedded sandbox configuration is invalid (a bug of the gateway, not of the input).
pub fn state() -> &'static State {
    static S: OnceLock<State> = OnceLock::new();
    S.get_or_init(|| {
        State::new(
            &Config::sandbox(),
            BASE,
            PathBuf::from("www"),
            PathBuf::from("dist"),
        )
        .expect("the sandbox configuration is valid")
    })
}

/// Splits fuzz input into fields separated by a zero byte.
pub struct Fields<'a> {
    rest: &'a [u8],
}

impl<'a> Fields<'a> {
    /// Fields of `data`.
    #[must_use]
    pub fn new(data: &'a [u8]) -> Self {
        Fields { rest: data }
    }

    /// The next field (empty once the input is used up).
    pub fn bytes(&mut self) -> &'a [u8] {
        match self.rest.iter().position(|&b| b == 0) {
            Some(i) => {
                let (f, r) = self.rest.split_at(i);
                self.rest = &r[1..];
                f
            }
            None => std::mem::take(&mut self.rest),
        }
    }

    /// The next field as lossy UTF-8.
    pub fn text(&mut self) -> String {
        String::from_utf8_lossy(self.bytes()).into_owned()
    }

    /// The first byte of the next field (0 when empty).
    pub fn byte(&mut self) -> u8 {
        self.bytes().first().copied().unwrap_or(0)
    }

    /// Whatever is left.
    pub fn rest(&mut self) -> &'a [u8] {
        std::mem::take(&mut self.rest)
    }
}
