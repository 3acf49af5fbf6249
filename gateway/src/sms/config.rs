//! The `[sms]` section of the configuration: sign names and templates that exist, frequency caps, store bounds
//! and the optional delivery-receipt push.

use serde::Deserialize;

/// SMS verification settings.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SmsConfig {
    /// Sign names (`SignName`) that exist, besides the sandbox's demo one.
    #[serde(default)]
    pub sign_names: Vec<String>,
    /// Templates (`TemplateCode`) that exist, besides the sandbox's demo one.
    #[serde(default)]
    pub templates: Vec<TemplateConfig>,
    /// Frequency caps and store bounds.
    #[serde(default)]
    pub limits: SmsLimits,
    /// Where delivery receipts are pushed; none when absent.
    #[serde(default)]
    pub receipts: Option<ReceiptsConfig>,
}

/// A template: its code and text, with `${name}` variables filled from `TemplateParam`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TemplateConfig {
    /// `TemplateCode`.
    pub code: String,
    /// Text, e.g. `Your code is ${code}, valid for ${min} minutes.`
    pub text: String,
}

/// The receipt push (the vendor's "HTTP batch push mode").
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReceiptsConfig {
    /// `http://` URL that receives the JSON array.
    pub url: String,
    /// Waits before each retry after a failed push, in milliseconds. The vendor retries after 1, 5 and
    /// 10 minutes, then gives up: that is the default.
    #[serde(default = "default_retry_delays")]
    pub retry_delays_ms: Vec<u64>,
    /// Time allowed for one push (connect and answer), in milliseconds.
    #[serde(default = "default_timeout_ms")]
    pub timeout_ms: u64,
}

fn default_retry_delays() -> Vec<u64> {
    vec![60_000, 300_000, 600_000]
}

fn default_timeout_ms() -> u64 {
    5_000
}

/// Frequency caps (per account and number) and bounds of the in-memory SMS state.
#[derive(Clone, Copy, Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SmsLimits {
    /// Codes sent to one number in a rolling hour (the vendor's default: 5).
    pub per_hour: u32,
    /// Codes sent to one number in a rolling day (the vendor's default: 10).
    pub per_day: u32,
    /// Wrong `CheckSmsVerifyCode` calls a code survives; the next wrong one kills it.
    pub wrong_checks: u32,
    /// Numbers with SMS state (codes, send times) one account may hold at once.
    pub numbers_per_account: usize,
    /// Numbers with SMS state over all accounts.
    pub numbers: usize,
    /// Messages kept in one simulated phone's inbox (the oldest goes first).
    pub inbox_per_number: usize,
    /// Simulated phones with an inbox.
    pub inbox_numbers: usize,
    /// Receipt pushes waiting or in flight; sends beyond it get no receipt.
    pub receipts_in_flight: usize,
}

impl Default for SmsLimits {
    fn default() -> Self {
        SmsLimits {
            per_hour: 5,
            per_day: 10,
            wrong_checks: 3,
            numbers_per_account: 100_000,
            numbers: 1_000_000,
            inbox_per_number: 50,
            inbox_numbers: 10_000,
            receipts_in_flight: 10_000,
        }
    }
}

/// Largest `sms.limits.per_day`.
pub const MAX_PER_DAY: u32 = 100_000;
/// Longest sign name, in characters.
pub const MAX_SIGN_NAME_CHARS: usize = 64;
/// Longest template code, in characters.
pub const MAX_TEMPLATE_CODE_CHARS: usize = 64;
/// Longest template text, in characters.
pub const MAX_TEMPLATE_TEXT_CHARS: usize = 1_000;

impl SmsConfig {
    /// Checks names, template texts, caps and the receipt URL.
    ///
    /// # Errors
    /// The first problem, in plain English.
    pub fn check(&self) -> Result<(), String> {
        for s in &self.sign_names {
            let n = s.chars().count();
            if n == 0 || n > MAX_SIGN_NAME_CHARS {
                return Err(format!(
                    "sms.sign_names: {s:?} must be 1 to {MAX_SIGN_NAME_CHARS} characters"
                ));
            }
        }
        for t in &self.templates {
            let n = t.code.chars().count();
            if n == 0 || n > MAX_TEMPLATE_CODE_CHARS {
                return Err(format!(
                    "sms.templates: code {:?} must be 1 to {MAX_TEMPLATE_CODE_CHARS} characters",
                    t.code
                ));
            }
            let n = t.text.chars().count();
            if n == 0 || n > MAX_TEMPLATE_TEXT_CHARS {
                return Err(format!(
                    "sms.templates: the text of {} must be 1 to {MAX_TEMPLATE_TEXT_CHARS} characters",
                    t.code
                ));
            }
            crate::sms::rules::template_variables(&t.text)
                .map_err(|e| format!("sms.templates: {}: {e}", t.code))?;
        }
        let l = &self.limits;
        // per_day also bounds the send times and codes kept per number.
        if l.per_hour == 0 || l.per_day < l.per_hour || l.per_day > MAX_PER_DAY {
            return Err(format!(
                "sms.limits: per_hour = {} and per_day = {}: use 1 <= per_hour <= per_day <= {MAX_PER_DAY}",
                l.per_hour, l.per_day
            ));
        }
        if l.wrong_checks == 0 {
            return Err("sms.limits.wrong_checks: at least 1".into());
        }
        if l.numbers_per_account == 0
            || l.numbers == 0
            || l.inbox_per_number == 0
            || l.inbox_numbers == 0
        {
            return Err(
                "sms.limits: numbers, numbers_per_account, inbox_numbers and inbox_per_number must be at least 1"
                    .into(),
            );
        }
        if let Some(r) = &self.receipts {
            crate::urls::check_receipt_url(&r.url).map_err(|e| format!("sms.receipts.url {e}"))?;
            if r.retry_delays_ms.len() > 10 || r.retry_delays_ms.iter().any(|d| *d > 3_600_000) {
                return Err(
                    "sms.receipts.retry_delays_ms: at most 10 retries, each at most 3600000 ms"
                        .into(),
                );
            }
            if r.timeout_ms == 0 || r.timeout_ms > 60_000 {
                return Err("sms.receipts.timeout_ms: use 1 to 60000".into());
            }
        }
        Ok(())
    }
}
