//! Delivery receipts: the vendor's JSON array POSTed to the configured URL once the carrier has an outcome,
//! with a timeout per push and a bounded list of retries (the vendor's: after 1, 5 and 10 minutes).

use super::config::ReceiptsConfig;
use serde::Serialize;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;
use time::format_description::BorrowedFormatItem;
use time::macros::{format_description, offset};
use time::OffsetDateTime;

/// One receipt, field for field the vendor's `DypnsSmsVerifyReport`.
#[derive(Clone, Debug, Serialize)]
pub struct Receipt {
    /// Receiving number.
    pub phone_number: String,
    /// Send time, `YYYY-MM-DD hh:mm:ss` in Beijing time (UTC+8), as the vendor writes it.
    pub send_time: String,
    /// Report time, same format.
    pub report_time: String,
    /// Whether the phone received it.
    pub success: bool,
    /// `DELIVERED`, or the carrier's failure status.
    pub err_code: String,
    /// The status in words.
    pub err_msg: String,
    /// Billed parts (70 characters per part, 67 when split), as a string.
    pub sms_size: String,
    /// `BizId` of the send.
    pub biz_id: String,
    /// `OutId` of the send (empty when none).
    pub out_id: String,
}

/// Beijing wall-clock time of a Unix millisecond, `YYYY-MM-DD hh:mm:ss`.
#[must_use]
pub fn beijing_time(unix_ms: u64) -> String {
    const FORMAT: &[BorrowedFormatItem<'static>] =
        format_description!("[year]-[month]-[day] [hour]:[minute]:[second]");
    let secs = i64::try_from(unix_ms / 1000).unwrap_or(i64::MAX);
    // Past the year 9999 (no clock of the gateway reaches it) the text is empty rather than a panic.
    OffsetDateTime::from_unix_timestamp(secs)
        .ok()
        .and_then(|t| t.checked_to_offset(offset!(+8)))
        .and_then(|t| t.format(FORMAT).ok())
        .unwrap_or_default()
}

/// The parts a text is billed as: one up to 70 characters, else 67-character parts.
#[must_use]
pub fn sms_parts(text: &str) -> usize {
    let n = text.chars().count();
    if n <= 70 {
        1
    } else {
        n.div_ceil(67)
    }
}

/// Pushes receipts in the background.
pub struct Receipts {
    config: ReceiptsConfig,
    client: reqwest::Client,
    in_flight: Arc<AtomicUsize>,
    max_in_flight: usize,
}

impl Receipts {
    /// A pusher for `config`, with at most `max_in_flight` receipts waiting or being sent.
    ///
    /// # Errors
    /// The HTTP client cannot be built.
    pub fn new(config: ReceiptsConfig, max_in_flight: usize) -> Result<Receipts, String> {
        let client = reqwest::Client::builder()
            .no_proxy()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_millis(config.timeout_ms))
            .build()
            .map_err(|e| format!("sms.receipts: cannot build the HTTP client: {e}"))?;
        Ok(Receipts {
            config,
            client,
            in_flight: Arc::new(AtomicUsize::new(0)),
            max_in_flight,
        })
    }

    /// Sends `receipt` after `delay_ms` (when the carrier reports), retrying on failure. Returns `false` when
    /// it is dropped: no async runtime, or the in-flight bound is reached.
    pub fn push(&self, receipt: Receipt, delay_ms: u64) -> bool {
        let Ok(rt) = tokio::runtime::Handle::try_current() else {
            return false;
        };
        let prev = self.in_flight.fetch_add(1, Ordering::AcqRel);
        if prev >= self.max_in_flight {
            self.in_flight.fetch_sub(1, Ordering::AcqRel);
            return false;
        }
        let client = self.client.clone();
        let url = self.config.url.clone();
        let delays = self.config.retry_delays_ms.clone();
        let in_flight = self.in_flight.clone();
        rt.spawn(async move {
            tokio::time::sleep(Duration::from_millis(delay_ms)).await;
            let body = serde_json::to_vec(&[receipt]).unwrap_or_default();
            let mut waits = delays.into_iter();
            loop {
                if post_once(&client, &url, &body).await {
                    break;
                }
                match waits.next() {
                    Some(ms) => tokio::time::sleep(Duration::from_millis(ms)).await,
                    None => break,
                }
            }
            in_flight.fetch_sub(1, Ordering::AcqRel);
        });
        true
    }

    /// Receipts waiting or being sent.
    #[must_use]
    pub fn in_flight(&self) -> usize {
        self.in_flight.load(Ordering::Acquire)
    }
}

/// One push: accepted when the answer is HTTP 200 with a JSON `code` that is a number (all the vendor checks).
async fn post_once(client: &reqwest::Client, url: &str, body: &[u8]) -> bool {
    let Ok(r) = client
        .post(url)
        .header("content-type", "application/json")
        .body(body.to_vec())
        .send()
        .await
    else {
        return false;
    };
    if r.status() != reqwest::StatusCode::OK {
        return false;
    }
    let Ok(bytes) = r.bytes().await else {
        return false;
    };
    serde_json::from_slice::<serde_json::Value>(&bytes)
        .ok()
        .and_then(|v| v.get("code").map(serde_json::Value::is_number))
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn beijing_time_is_utc_plus_eight() {
        assert_eq!(beijing_time(0), "1970-01-01 08:00:00");
        assert_eq!(beijing_time(1_709_210_096_999), "2024-02-29 20:34:56");
        assert_eq!(beijing_time(u64::MAX), "");
    }

    #[test]
    fn parts() {
        assert_eq!(sms_parts(&"a".repeat(70)), 1);
        assert_eq!(sms_parts(&"a".repeat(71)), 2);
    }
}
