//! The two OpenAPI actions, run after the request's signature is verified (see `openapi::dispatch`).

use super::inbox::Delivery;
use super::now_ms;
use super::receipts::{beijing_time, sms_parts, Receipt};
use super::rules::{self, Refusal};
use super::store::{Attempt, NewCode, SendRefused};
use crate::api_error::ApiError;
use crate::http::json;
use crate::signing::Verified;
use crate::state::State;
use crate::util::{now_unix, random_digits};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Serialize;

impl From<Refusal> for ApiError {
    fn from(r: Refusal) -> ApiError {
        if r.code == rules::MISSING {
            ApiError::new(StatusCode::BAD_REQUEST, "MissingParameter", r.message)
        } else {
            ApiError::isv(r.code, r.message)
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct SendModel<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    verify_code: Option<&'a str>,
    biz_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    out_id: Option<&'a str>,
    request_id: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct CheckModel<'a> {
    verify_result: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    out_id: Option<&'a str>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct Answer<'a, M> {
    request_id: &'a str,
    code: &'static str,
    message: &'static str,
    success: bool,
    model: M,
}

fn refused(r: &SendRefused) -> ApiError {
    match r {
        SendRefused::Interval(left) => ApiError::isv(
            "biz.FREQUENCY",
            format!("check frequency failed: the Interval since the last code to this number has not passed ({left} s left)"),
        ),
        SendRefused::Hour(n) => {
            ApiError::isv("isv.BUSINESS_LIMIT_CONTROL", format!("触发小时级流控Permits:{n}"))
        }
        SendRefused::Day(n) => {
            ApiError::isv("isv.BUSINESS_LIMIT_CONTROL", format!("触发天级流控Permits:{n}"))
        }
        SendRefused::AccountFull(n) => ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "ServiceUnavailable",
            format!("This account holds SMS state for its maximum of {n} numbers; retry when codes expire."),
        ),
        SendRefused::Full(n) => ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "ServiceUnavailable",
            format!("The gateway holds SMS state for its maximum of {n} numbers; retry when codes expire."),
        ),
    }
}

/// `SendSmsVerifyCode`.
///
/// # Errors
/// A malformed parameter, an unknown sign name or template, a frequency rule or a full store.
pub fn send(state: &State, v: &Verified, rid: &str) -> Result<Response, ApiError> {
    let sms = &state.sms;
    let req = rules::send_request(|n| v.param(n))?;
    if !sms.has_sign_name(&req.sign_name) {
        return Err(ApiError::isv(
            "isv.SMS_SIGNATURE_ILLEGAL",
            format!(
                "该账号下找不到对应签名 (SignName {:?} is not registered; the sandbox prints its demo SignName at start-up)",
                req.sign_name
            ),
        ));
    }
    let Some(text) = sms.template(&req.template_code) else {
        return Err(ApiError::isv(
            "isv.SMS_TEMPLATE_ILLEGAL",
            format!(
                "该账号下找不到对应模板 (TemplateCode {:?} is not registered; the sandbox prints its demo TemplateCode at start-up)",
                req.template_code
            ),
        ));
    };
    let code = req
        .generated
        .then(|| rules::generate_code(req.code_type, req.code_length));
    let body = rules::render(text, &req.params, code.as_deref().unwrap_or(""))?;
    sms.codes
        .send(
            &NewCode {
                account: &v.account.id,
                scheme: &req.scheme,
                number: &req.number,
                code: code.as_deref(),
                out_id: req.out_id.as_deref(),
                valid_time: req.valid_time,
                interval: req.interval,
                keep_valid: req.keep_valid,
            },
            now_unix(),
        )
        .map_err(|r| refused(&r))?;
    // The shape of the platform's BizId: digits, '^', the part index.
    let biz_id = format!("{}^0", random_digits(18));
    let now = now_ms();
    let m = sms.inbox.deliver(
        Delivery {
            phone_number: req.number.clone(),
            sign_name: req.sign_name.clone(),
            template_code: req.template_code.clone(),
            body,
            code: code.clone(),
            biz_id: biz_id.clone(),
            out_id: req.out_id.clone(),
        },
        now,
    );
    if let Some(r) = &sms.receipts {
        let (err_code, err_msg) = match m.status {
            "failed" => ("UNDELIV", "delivery failed (sandbox fault)"),
            "unreachable" => (
                "EXPIRED",
                "the phone is off or out of coverage (sandbox fault)",
            ),
            _ => ("DELIVERED", "用户接收成功"),
        };
        let report_at = m.delivered_at.unwrap_or(now);
        r.push(
            Receipt {
                phone_number: req.number.clone(),
                send_time: beijing_time(now),
                report_time: beijing_time(report_at),
                success: m.status == "delivered",
                err_code: err_code.into(),
                err_msg: err_msg.into(),
                sms_size: sms_parts(&m.text).to_string(),
                biz_id: biz_id.clone(),
                out_id: req.out_id.clone().unwrap_or_default(),
            },
            report_at.saturating_sub(now),
        );
    }
    Ok(json(
        StatusCode::OK,
        &Answer {
            request_id: rid,
            code: "OK",
            message: "成功",
            success: true,
            model: SendModel {
                verify_code: if req.return_code {
                    code.as_deref()
                } else {
                    None
                },
                biz_id: &biz_id,
                out_id: req.out_id.as_deref(),
                request_id: rid,
            },
        },
    ))
}

/// `CheckSmsVerifyCode`.
///
/// # Errors
/// A malformed parameter.
pub fn check(state: &State, v: &Verified, rid: &str) -> Result<Response, ApiError> {
    let req = rules::check_request(|n| v.param(n))?;
    let pass = state.sms.codes.check(
        &Attempt {
            account: &v.account.id,
            scheme: &req.scheme,
            number: &req.number,
            code: &req.code,
            out_id: req.out_id.as_deref(),
            case_sensitive: req.case_sensitive,
        },
        now_unix(),
    );
    Ok(json(
        StatusCode::OK,
        &Answer {
            request_id: rid,
            code: "OK",
            message: "成功",
            success: true,
            model: CheckModel {
                verify_result: if pass { "PASS" } else { "UNKNOWN" },
                out_id: req.out_id.as_deref(),
            },
        },
    ))
}
