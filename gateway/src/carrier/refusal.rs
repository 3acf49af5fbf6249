//! Why a simulated carrier refuses, in its own code and message style, and the refusal the handlers return.

use crate::phone::Carrier;

/// Why a carrier refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// The SIM belongs to another carrier.
    NotSubscriber,
    /// Not on cellular data.
    NoCellular,
    /// Ticket missing, forged, for another carrier, expired, or of another origin.
    TicketInvalid,
    /// Wrong business type for the operation.
    BizMismatch,
    /// Maintenance fault.
    Maintenance,
    /// Carrier quota fault.
    Quota,
    /// Number blocked.
    Blocked,
    /// CM daily limit reached.
    DailyLimit,
    /// Wrong middle four digits.
    WrongDigits,
    /// Locked for 24 h.
    Locked,
    /// The cookie names no device.
    DeviceUnknown,
    /// Not a JSON body (HTTP 400).
    BadRequest,
}

impl Failure {
    /// The protocol's `carrierRespCode` (docs/protocol.md §3).
    pub fn resp_code(self) -> &'static str {
        match self {
            Failure::NotSubscriber => "NOT_SUBSCRIBER",
            Failure::NoCellular => "NO_CELLULAR",
            Failure::TicketInvalid => "TICKET_INVALID",
            Failure::BizMismatch => "BIZ_MISMATCH",
            Failure::Maintenance => "MAINTENANCE",
            Failure::Quota => "QUOTA",
            Failure::Blocked => "BLOCKED",
            Failure::DailyLimit => "DAILY_LIMIT",
            Failure::WrongDigits => "WRONG_DIGITS",
            Failure::Locked => "LOCKED",
            Failure::DeviceUnknown => "DEVICE_UNKNOWN",
            Failure::BadRequest => "BAD_REQUEST",
        }
    }

    /// The carrier's own code and message style (CM `103xxx`, CU numeric, CT `-xx`).
    pub fn sdk_style(self, c: Carrier) -> (&'static str, &'static str) {
        use Failure as F;
        match (c, self) {
            (Carrier::Cm, F::NotSubscriber) => ("103111", "网关IP错误"),
            (Carrier::Cm, F::NoCellular) => ("103102", "未使用数据网络"),
            (Carrier::Cm, F::TicketInvalid) => ("103101", "签名错误"),
            (Carrier::Cm, F::BizMismatch) => ("103119", "业务类型错误"),
            (Carrier::Cm, F::Maintenance) => ("103902", "系统维护"),
            (Carrier::Cm, F::Quota) => ("103211", "超出调用配额"),
            (Carrier::Cm, F::Blocked) => ("103412", "号码受限"),
            (Carrier::Cm, F::DailyLimit) => ("103126", "号码超出每日校验次数"),
            (Carrier::Cm, F::WrongDigits) => ("103130", "号码中间四位错误"),
            (Carrier::Cm, F::Locked) => ("103131", "号码已锁定"),
            (Carrier::Cm, F::DeviceUnknown | F::BadRequest) => ("103199", "请求无效"),
            (Carrier::Cu, F::NotSubscriber) => ("1102", "非联通号码"),
            (Carrier::Cu, F::NoCellular) => ("1101", "非蜂窝网络"),
            (Carrier::Cu, F::TicketInvalid) => ("1001", "签名校验失败"),
            (Carrier::Cu, F::BizMismatch) => ("1002", "业务类型不匹配"),
            (Carrier::Cu, F::Maintenance) => ("5001", "系统维护"),
            (Carrier::Cu, F::Quota) => ("5002", "超出配额"),
            (Carrier::Cu, F::Blocked) => ("3001", "号码受限"),
            (Carrier::Cu, F::DailyLimit) => ("3002", "超出次数限制"),
            (Carrier::Cu, F::WrongDigits) => ("4001", "号码校验失败"),
            (Carrier::Cu, F::Locked) => ("4002", "号码已锁定"),
            (Carrier::Cu, F::DeviceUnknown | F::BadRequest) => ("9999", "请求无效"),
            (Carrier::Ct, F::NotSubscriber) => ("-64", "非电信用户"),
            (Carrier::Ct, F::NoCellular) => ("-20", "非移动数据网络"),
            (Carrier::Ct, F::TicketInvalid) => ("-10", "签名无效"),
            (Carrier::Ct, F::BizMismatch) => ("-11", "业务类型错误"),
            (Carrier::Ct, F::Maintenance) => ("-30", "系统维护"),
            (Carrier::Ct, F::Quota) => ("-31", "超出配额"),
            (Carrier::Ct, F::Blocked) => ("-70", "号码受限"),
            (Carrier::Ct, F::DailyLimit) => ("-71", "超出次数限制"),
            (Carrier::Ct, F::WrongDigits) => ("-41", "号码校验失败"),
            (Carrier::Ct, F::Locked) => ("-42", "号码已锁定"),
            (Carrier::Ct, F::DeviceUnknown | F::BadRequest) => ("-99", "请求无效"),
        }
    }
}

/// A refused operation: why, in words for the developer, and (middle-four entries) how many tries are left.
pub struct Refusal {
    /// The kind of refusal, which picks the carrier's codes.
    pub failure: Failure,
    /// What went wrong and what to do, for the developer reading the answer.
    pub detail: String,
    /// Tries left after a wrong entry: `Some(Some(n))` on CM/CT, `Some(None)` on CU (it does not lock).
    pub remaining: Option<Option<u32>>,
}

/// A refusal with no tries count.
pub fn fail<T>(failure: Failure, detail: impl Into<String>) -> Result<T, Refusal> {
    Err(Refusal {
        failure,
        detail: detail.into(),
        remaining: None,
    })
}

/// The per-number or per-token store is at its cap: refused as the carrier's quota, nothing stored.
pub fn store_full(cap: usize) -> Refusal {
    Refusal {
        failure: Failure::Quota,
        detail: format!("the gateway's per-number store holds its maximum of {cap} numbers"),
        remaining: None,
    }
}
