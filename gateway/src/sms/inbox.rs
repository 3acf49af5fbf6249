//! The sandbox's simulated phones' SMS inboxes (what the gateway "sent", Mailpit-style) and the switchable
//! delivery faults per number. Bounded: messages per number and numbers overall.

use parking_lot::Mutex;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, VecDeque};

/// Longest delivery delay a fault may set, in milliseconds (ten minutes).
pub const MAX_DELAY_MS: u64 = 600_000;

/// A delivery fault of one number.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FaultMode {
    /// Delivered at once.
    #[default]
    None,
    /// Delivered after `delayMs`.
    Delayed,
    /// The carrier reports a failed delivery.
    Failed,
    /// The phone is off or out of coverage: never delivered.
    Unreachable,
}

/// A number's fault.
#[derive(Clone, Copy, Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Fault {
    /// What goes wrong.
    pub mode: FaultMode,
    /// Delay of [`FaultMode::Delayed`], milliseconds.
    #[serde(default)]
    pub delay_ms: u64,
}

/// One message as the inbox shows it.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Message {
    /// Inbox-wide id, increasing.
    pub id: u64,
    /// Receiving number.
    pub phone_number: String,
    /// `SignName`.
    pub sign_name: String,
    /// `TemplateCode`.
    pub template_code: String,
    /// The rendered text, `【SignName】` first, as a phone shows it.
    pub text: String,
    /// The generated code (absent when the caller fixed it in `TemplateParam`).
    pub code: Option<String>,
    /// `BizId` of the send.
    pub biz_id: String,
    /// `OutId` of the send.
    pub out_id: Option<String>,
    /// When the gateway accepted the send, Unix milliseconds.
    pub sent_at: u64,
    /// When it reaches (or reached) the phone, Unix milliseconds; absent when it never does.
    pub delivered_at: Option<u64>,
    /// `delivered`, `pending` (delayed, not yet there), `failed` or `unreachable`, at the time of the listing.
    pub status: &'static str,
}

impl Message {
    fn with_status(&self, now_ms: u64) -> Message {
        let mut m = self.clone();
        m.status = match (self.status, self.delivered_at) {
            ("delivered", Some(t)) if t > now_ms => "pending",
            (s, _) => s,
        };
        m
    }
}

struct Phone {
    messages: VecDeque<Message>,
    fault: Fault,
    touched: u64,
}

struct Inner {
    phones: HashMap<String, Phone>,
    next_id: u64,
}

/// The inboxes.
pub struct Inbox {
    per_number: usize,
    numbers: usize,
    inner: Mutex<Inner>,
}

/// What a send hands the inbox.
#[derive(Clone, Debug)]
pub struct Delivery {
    /// Receiving number.
    pub phone_number: String,
    /// `SignName`.
    pub sign_name: String,
    /// `TemplateCode`.
    pub template_code: String,
    /// Rendered text without the sign.
    pub body: String,
    /// Generated code.
    pub code: Option<String>,
    /// `BizId`.
    pub biz_id: String,
    /// `OutId`.
    pub out_id: Option<String>,
}

impl Inbox {
    /// Empty inboxes: at most `per_number` messages each, `numbers` phones.
    #[must_use]
    pub fn new(per_number: usize, numbers: usize) -> Inbox {
        Inbox {
            per_number,
            numbers,
            inner: Mutex::new(Inner {
                phones: HashMap::new(),
                next_id: 1,
            }),
        }
    }

    fn phone<'a>(&self, inner: &'a mut Inner, number: &str, now_ms: u64) -> &'a mut Phone {
        if !inner.phones.contains_key(number) && inner.phones.len() >= self.numbers {
            // Full: the phone used longest ago makes room, as a mail catcher drops its oldest mail.
            if let Some(oldest) = inner
                .phones
                .iter()
                .min_by_key(|(_, p)| p.touched)
                .map(|(k, _)| k.clone())
            {
                inner.phones.remove(&oldest);
            }
        }
        let p = inner
            .phones
            .entry(number.to_owned())
            .or_insert_with(|| Phone {
                messages: VecDeque::new(),
                fault: Fault::default(),
                touched: now_ms,
            });
        p.touched = now_ms;
        p
    }

    /// Stores a sent message under the number's fault; returns it as stored.
    pub fn deliver(&self, d: Delivery, now_ms: u64) -> Message {
        let mut g = self.inner.lock();
        let id = g.next_id;
        g.next_id += 1;
        let per_number = self.per_number;
        let p = self.phone(&mut g, &d.phone_number, now_ms);
        let (status, delivered_at) = match p.fault.mode {
            FaultMode::None => ("delivered", Some(now_ms)),
            FaultMode::Delayed => ("delivered", Some(now_ms + p.fault.delay_ms)),
            FaultMode::Failed => ("failed", None),
            FaultMode::Unreachable => ("unreachable", None),
        };
        let m = Message {
            id,
            text: format!("【{}】{}", d.sign_name, d.body),
            phone_number: d.phone_number,
            sign_name: d.sign_name,
            template_code: d.template_code,
            code: d.code,
            biz_id: d.biz_id,
            out_id: d.out_id,
            sent_at: now_ms,
            delivered_at,
            status,
        };
        if p.messages.len() >= per_number {
            p.messages.pop_front();
        }
        p.messages.push_back(m.clone());
        m
    }

    /// A number's messages, newest first (all statuses).
    #[must_use]
    pub fn list(&self, number: &str, now_ms: u64) -> Vec<Message> {
        let g = self.inner.lock();
        g.phones.get(number).map_or_else(Vec::new, |p| {
            p.messages
                .iter()
                .rev()
                .map(|m| m.with_status(now_ms))
                .collect()
        })
    }

    /// The newest message that reached the phone and carries a code.
    #[must_use]
    pub fn latest_code(&self, number: &str, now_ms: u64) -> Option<Message> {
        self.list(number, now_ms)
            .into_iter()
            .find(|m| m.status == "delivered" && m.code.is_some())
    }

    /// Empties one number's inbox (`Some`) or every inbox; faults stay. Returns the messages removed.
    pub fn clear(&self, number: Option<&str>) -> usize {
        let mut g = self.inner.lock();
        match number {
            Some(n) => g.phones.get_mut(n).map_or(0, |p| {
                let k = p.messages.len();
                p.messages.clear();
                k
            }),
            None => g
                .phones
                .values_mut()
                .map(|p| {
                    let k = p.messages.len();
                    p.messages.clear();
                    k
                })
                .sum(),
        }
    }

    /// Sets a number's fault.
    pub fn set_fault(&self, number: &str, fault: Fault, now_ms: u64) {
        let mut g = self.inner.lock();
        self.phone(&mut g, number, now_ms).fault = fault;
    }

    /// A number's fault.
    #[must_use]
    pub fn fault(&self, number: &str) -> Fault {
        self.inner
            .lock()
            .phones
            .get(number)
            .map_or_else(Fault::default, |p| p.fault)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(n: &str) -> Delivery {
        Delivery {
            phone_number: n.into(),
            sign_name: "S".into(),
            template_code: "T".into(),
            body: "b".into(),
            code: Some("1234".into()),
            biz_id: "1^0".into(),
            out_id: None,
        }
    }

    #[test]
    fn bounded_per_number_and_in_numbers() {
        let i = Inbox::new(2, 2);
        for t in 0..3 {
            i.deliver(d("13800138000"), t);
        }
        assert_eq!(i.list("13800138000", 10).len(), 2);
        i.deliver(d("13800138001"), 20);
        i.deliver(d("13800138002"), 30);
        // The phone used longest ago (…000) made room.
        assert!(i.list("13800138000", 40).is_empty());
        assert_eq!(i.list("13800138002", 40).len(), 1);
    }
}
