//! What the calls of one instance share, apart from the exported class (server.rs), so that the call modules
//! (call.rs, verify.rs, login.rs) depend on this and server.rs on them, with no cycle between server.rs and them.

use std::cell::RefCell;

use crate::core::session::Session;
use crate::platform::logger::Logger;

/// The SDK version (`getVersion()`, and `sdkVersion` in identity checks).
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// One instance's state, shared by its calls in flight (each holds an `Rc`; no `RefCell` borrow ever lives
/// across an `await` or a call into JS).
#[derive(Debug)]
pub(crate) struct Inner {
    pub session: RefCell<Session>,
    pub log: Logger,
    pub endpoint: Option<String>,
}
