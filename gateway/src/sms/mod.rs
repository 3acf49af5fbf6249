//! SMS verification, the H5 fallback of number verification: the Dypnsapi actions `SendSmsVerifyCode` and
//! `CheckSmsVerifyCode` (`api`), their parameter rules (`rules`), the code store with its frequency caps
//! (`store`), the sandbox's simulated-phone inboxes with delivery faults (`inbox`) and their control API
//! (`control`), delivery receipts (`receipts`), and the sample backend's two calls (`demo`).

pub mod api;
pub mod config;
pub mod control;
pub mod demo;
pub mod inbox;
pub mod receipts;
pub mod rules;
pub mod store;

use config::SmsConfig;
use std::collections::{HashMap, HashSet};

/// The sandbox's demo `SignName` (printed at start-up).
pub const DEMO_SIGN_NAME: &str = "速通互联验证码";
/// The sandbox's demo `TemplateCode` (printed at start-up).
pub const DEMO_TEMPLATE_CODE: &str = "100001";
/// The demo template's text: `TemplateParam` fills `code` and `min`.
pub const DEMO_TEMPLATE_TEXT: &str =
    "您的验证码为${code}。尊敬的客户，以上验证码${min}分钟内有效，请注意保密，切勿告知他人。";

/// The SMS part of the gateway's state.
pub struct Sms {
    sign_names: HashSet<String>,
    templates: HashMap<String, String>,
    /// Limits in force.
    pub limits: config::SmsLimits,
    /// Codes and send times.
    pub codes: store::CodeStore,
    /// Simulated phones' inboxes and faults.
    pub inbox: inbox::Inbox,
    /// Receipt pusher, when configured.
    pub receipts: Option<receipts::Receipts>,
}

impl Sms {
    /// Builds the SMS state; `sandbox` adds the demo sign name and template.
    ///
    /// # Errors
    /// The `[sms]` section is invalid.
    pub fn new(c: &SmsConfig, sandbox: bool) -> Result<Sms, String> {
        c.check()?;
        let mut sign_names: HashSet<String> = c.sign_names.iter().cloned().collect();
        let mut templates: HashMap<String, String> = c
            .templates
            .iter()
            .map(|t| (t.code.clone(), t.text.clone()))
            .collect();
        if sandbox {
            sign_names.insert(DEMO_SIGN_NAME.to_owned());
            templates
                .entry(DEMO_TEMPLATE_CODE.to_owned())
                .or_insert_with(|| DEMO_TEMPLATE_TEXT.to_owned());
        }
        let receipts = c
            .receipts
            .clone()
            .map(|r| receipts::Receipts::new(r, c.limits.receipts_in_flight))
            .transpose()?;
        Ok(Sms {
            sign_names,
            templates,
            limits: c.limits,
            codes: store::CodeStore::new(c.limits),
            inbox: inbox::Inbox::new(c.limits.inbox_per_number, c.limits.inbox_numbers),
            receipts,
        })
    }

    /// Whether `name` is a registered sign name.
    #[must_use]
    pub fn has_sign_name(&self, name: &str) -> bool {
        self.sign_names.contains(name)
    }

    /// The text of template `code`.
    #[must_use]
    pub fn template(&self, code: &str) -> Option<&str> {
        self.templates.get(code).map(String::as_str)
    }

    /// Drops expired codes and day-old send times.
    pub fn sweep(&self, now: u64) {
        self.codes.sweep(now);
    }
}

/// Now, Unix milliseconds (the inbox's clock).
#[must_use]
pub fn now_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
}
