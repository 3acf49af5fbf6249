//! The bad-input table: one test per row, each naming the input and the answer it must get (HTTP status and
//! `Code` / `code` / `carrierRespCode` / `error`). Every row also checks the answer carries a message, so no
//! row may end in a 5xx, a hang or a panic. Each row starts its own gateway, so rows run in parallel.
//!
//! Read the rows as `module::input_is_<status>_<code>`.
mod common;

use common::{enc, iso, nonce, now, start, Gw, AK, SCENE, SK};
use hmac::{Hmac, KeyInit, Mac};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use std::time::Duration;

type Params = Vec<(String, String)>;

/// What a row sends.
enum Case {
    /// A v1 request: the action's valid parameters plus the common ones, edited, signed with the demo key,
    /// then the finished query edited (`post`), sent as `method` (query) or as a POST form body.
    V1 {
        action: &'static str,
        edit: fn(&Ctx, &mut Params),
        post: fn(&mut String),
        method: &'static str,
        form: bool,
        twice: bool,
    },
    /// An ACS3 request signed with the demo key; `pre` edits what is signed, `post` what is sent.
    V3 {
        action: &'static str,
        pre: fn(&mut V3),
        post: fn(&mut V3),
        twice: bool,
    },
    /// Anything else to `/`: method, query (after `/?`), headers, body.
    Raw {
        method: &'static str,
        query: fn(&Ctx) -> String,
        headers: &'static [(&'static str, &'static str)],
        body: fn(&Ctx) -> Vec<u8>,
    },
    /// `/h5/v1/check`: method, Origin header, body.
    H5 {
        method: &'static str,
        origin: fn(&Ctx) -> Option<String>,
        body: fn(&Ctx) -> Vec<u8>,
    },
    /// `/carrier/{vender}/v1/{op}`: method, Origin, `X-Pns-Sim`, body.
    Carrier {
        method: &'static str,
        path: &'static str,
        origin: fn(&Ctx) -> Option<String>,
        device: Option<&'static str>,
        body: fn(&Ctx) -> Vec<u8>,
    },
    /// Raw bytes on a fresh TCP connection (for what the HTTP layer refuses before the gateway sees it).
    Tcp { request: fn(&Ctx) -> Vec<u8> },
    /// `/sandbox/v1/...`: method, path below `/sandbox/v1/`, JSON body.
    Sandbox {
        method: &'static str,
        path: &'static str,
        body: fn() -> Vec<u8>,
    },
}

/// Per-row context: the row's own gateway and a valid token set from it.
struct Ctx {
    gw: Gw,
    url: String,
    origin: String,
    at: String,
    jwt: String,
    tickets: Value,
}

impl Ctx {
    async fn new() -> Ctx {
        let gw = start().await;
        let origin = gw.origin.clone();
        let (at, jwt) = gw.tokens(0).await;
        let tickets = gw.tickets(&origin, &at, &jwt, 0).await;
        Ctx {
            url: format!("{origin}/"),
            origin,
            at,
            jwt,
            tickets,
            gw,
        }
    }

    fn ticket(&self, vender: &str) -> String {
        Gw::ticket(&self.tickets, vender)
    }
}

/// The valid action parameters of each action (for VerifyPhoneWithToken / GetPhoneWithToken a well-formed
/// but unknown token: a valid request then answers `isv.TOKEN_INVALID`).
fn action_params(ctx: &Ctx, action: &str) -> Params {
    let p = |v: &[(&str, &str)]| -> Params {
        v.iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    };
    match action {
        "GetAuthToken" => p(&[
            ("Url", &ctx.url),
            ("Origin", &ctx.origin),
            ("SceneCode", SCENE),
            ("BizType", "0"),
        ]),
        "VerifyPhoneWithToken" => p(&[
            (
                "SpToken",
                "sp1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            ),
            ("PhoneNumber", "13800138000"),
        ]),
        _ => p(&[(
            "SpToken",
            "sp1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        )]),
    }
}

fn common_params(action: &str) -> Params {
    [
        ("Action", action.to_owned()),
        ("Version", "2017-05-25".to_owned()),
        ("Format", "JSON".to_owned()),
        ("AccessKeyId", AK.to_owned()),
        ("SignatureMethod", "HMAC-SHA1".to_owned()),
        ("SignatureVersion", "1.0".to_owned()),
        ("SignatureNonce", nonce()),
        ("Timestamp", iso(now())),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect()
}

/// Signs `params` (v1, demo secret) and returns the encoded query with `Signature` last.
fn sign_v1(method: &str, params: &Params) -> String {
    common::signed_v1(&common::Sign::demo(), method, params.clone(), &[])
}

/// Sets (or adds) parameter `k`.
fn set(p: &mut Params, k: &str, v: &str) {
    match p.iter_mut().find(|(n, _)| n == k) {
        Some(e) => e.1 = v.to_owned(),
        None => p.push((k.to_owned(), v.to_owned())),
    }
}

fn drop_param(p: &mut Params, k: &str) {
    p.retain(|(n, _)| n != k);
}

/// An ACS3 request under construction.
struct V3 {
    /// Headers sent and signed (lower-case names), `host` included.
    headers: Vec<(String, String)>,
    /// The `SignedHeaders` list; `None`: every header in `headers`.
    signed: Option<String>,
    query: Params,
    body: Vec<u8>,
    /// The finished `Authorization` value (set after signing; `post` may replace it).
    auth: String,
    /// Headers `post` removes from what is sent.
    unsent: Vec<String>,
}

impl V3 {
    fn set(&mut self, k: &str, v: &str) {
        match self.headers.iter_mut().find(|(n, _)| n == k) {
            Some(e) => e.1 = v.to_owned(),
            None => self.headers.push((k.to_owned(), v.to_owned())),
        }
    }
}

fn sign_v3(r: &mut V3, host: &str) {
    let body_hash = hex::encode(Sha256::digest(&r.body));
    if !r.headers.iter().any(|(k, _)| k == "x-acs-content-sha256") {
        r.headers
            .push(("x-acs-content-sha256".into(), body_hash.clone()));
    }
    if !r.headers.iter().any(|(k, _)| k == "host") {
        r.headers.push(("host".into(), host.to_owned()));
    }
    r.headers.sort();
    let signed = r.signed.clone().unwrap_or_else(|| {
        r.headers
            .iter()
            .map(|(k, _)| k.as_str())
            .collect::<Vec<_>>()
            .join(";")
    });
    let mut q: Vec<(String, String)> = r.query.iter().map(|(k, v)| (enc(k), enc(v))).collect();
    q.sort();
    let cq = q
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&");
    let ch: String = signed
        .split(';')
        .map(|name| {
            let v = r
                .headers
                .iter()
                .find(|(k, _)| k == name)
                .map_or("", |(_, v)| v.as_str());
            format!("{name}:{}\n", v.trim())
        })
        .collect();
    let creq = format!("POST\n/\n{cq}\n{ch}\n{signed}\n{body_hash}");
    let sts = format!(
        "ACS3-HMAC-SHA256\n{}",
        hex::encode(Sha256::digest(creq.as_bytes()))
    );
    let mut mac = Hmac::<Sha256>::new_from_slice(SK.as_bytes()).unwrap();
    mac.update(sts.as_bytes());
    r.auth = format!(
        "ACS3-HMAC-SHA256 Credential={AK},SignedHeaders={signed},Signature={}",
        hex::encode(mac.finalize().into_bytes())
    );
}

fn no_edit(_: &Ctx, _: &mut Params) {}
fn no_post(_: &mut String) {}
fn no_v3(_: &mut V3) {}
fn no_body(_: &Ctx) -> Vec<u8> {
    Vec::new()
}
fn page_origin(c: &Ctx) -> Option<String> {
    Some(c.origin.clone())
}
fn no_origin(_: &Ctx) -> Option<String> {
    None
}

/// The answer's code, whichever shape the endpoint uses.
fn code_of(body: &Value) -> String {
    for k in ["Code", "code", "carrierRespCode", "error"] {
        match &body[k] {
            Value::String(s) => return s.clone(),
            Value::Number(n) => return n.to_string(),
            _ => {}
        }
    }
    String::new()
}

/// The answer's message, whichever shape the endpoint uses.
fn message_of(body: &Value) -> String {
    for k in ["Message", "detail", "message", "msg", "carrierSdkMsg"] {
        if let Some(s) = body[k].as_str() {
            return s.to_owned();
        }
    }
    String::new()
}

/// Writes `request` while reading the answer (the server may answer and close before reading it all);
/// returns the status of the answer's first line.
async fn tcp_status(ctx: &Ctx, request: Vec<u8>) -> u16 {
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
    let addr = ctx.gw.base.trim_start_matches("http://");
    let stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let (mut rd, mut wr) = stream.into_split();
    let writer = tokio::spawn(async move {
        let _ = wr.write_all(&request).await;
        wr
    });
    let mut answer = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match rd.read(&mut buf).await {
            Ok(0) | Err(_) => break,
            Ok(n) => answer.extend_from_slice(&buf[..n]),
        }
        if answer.windows(4).any(|w| w == b"\r\n\r\n") {
            break;
        }
    }
    drop(writer.await);
    let head = String::from_utf8_lossy(&answer);
    head.split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no HTTP answer: {head:?}"))
}

async fn send(ctx: &Ctx, case: &Case) -> common::Resp {
    let http = &ctx.gw.http;
    let base = &ctx.gw.base;
    let req = match case {
        Case::V1 {
            action,
            edit,
            post,
            method,
            form,
            ..
        } => {
            let mut p = common_params(action);
            p.extend(action_params(ctx, action));
            edit(ctx, &mut p);
            let sign_method = if *form { "POST" } else { method };
            let mut q = sign_v1(sign_method, &p);
            post(&mut q);
            if *form {
                http.post(format!("{base}/"))
                    .header("content-type", "application/x-www-form-urlencoded")
                    .body(q)
            } else {
                http.request(method.parse().unwrap(), format!("{base}/?{q}"))
            }
        }
        Case::V3 {
            action, pre, post, ..
        } => {
            let host = base.trim_start_matches("http://").to_owned();
            let mut r = V3 {
                headers: vec![
                    ("x-acs-action".into(), (*action).to_owned()),
                    ("x-acs-version".into(), "2017-05-25".into()),
                    ("x-acs-date".into(), iso(now())),
                    ("x-acs-signature-nonce".into(), nonce()),
                    ("user-agent".into(), "bad-input-table".into()),
                ],
                signed: None,
                query: action_params(ctx, action),
                body: Vec::new(),
                auth: String::new(),
                unsent: Vec::new(),
            };
            pre(&mut r);
            sign_v3(&mut r, &host);
            post(&mut r);
            let wire: String = form_urlencoded::Serializer::new(String::new())
                .extend_pairs(r.query.iter())
                .finish();
            let mut req = http.post(format!("{base}/?{wire}")).body(r.body.clone());
            for (k, v) in &r.headers {
                if k != "host" && !r.unsent.contains(k) {
                    req = req.header(k.as_str(), v.as_str());
                }
            }
            if !r.auth.is_empty() {
                req = req.header("authorization", r.auth.as_str());
            }
            req
        }
        Case::Raw {
            method,
            query,
            headers,
            body,
        } => {
            let q = query(ctx);
            let url = if q.is_empty() {
                format!("{base}/")
            } else {
                format!("{base}/?{q}")
            };
            let mut req = http.request(method.parse().unwrap(), url).body(body(ctx));
            for (k, v) in *headers {
                req = req.header(*k, *v);
            }
            req
        }
        Case::H5 {
            method,
            origin,
            body,
        } => {
            let mut req = http
                .request(method.parse().unwrap(), format!("{base}/h5/v1/check"))
                .header("content-type", "text/plain;charset=UTF-8")
                .body(body(ctx));
            if let Some(o) = origin(ctx) {
                req = req.header("origin", o);
            }
            req
        }
        Case::Carrier {
            method,
            path,
            origin,
            device,
            body,
        } => {
            let mut req = http
                .request(method.parse().unwrap(), format!("{base}/carrier/{path}"))
                .header("content-type", "text/plain;charset=UTF-8")
                .body(body(ctx));
            if let Some(o) = origin(ctx) {
                req = req.header("origin", o);
            }
            if let Some(d) = device {
                req = req.header("x-pns-sim", *d);
            }
            req
        }
        Case::Tcp { request } => {
            let status =
                tokio::time::timeout(Duration::from_secs(20), tcp_status(ctx, request(ctx)))
                    .await
                    .expect("the gateway answered within 20 s");
            return common::Resp {
                status,
                headers: reqwest::header::HeaderMap::new(),
                body: Value::Null,
                text: String::new(),
            };
        }
        Case::Sandbox { method, path, body } => http
            .request(method.parse().unwrap(), format!("{base}/sandbox/v1/{path}"))
            .header("content-type", "application/json")
            .body(body()),
    };
    let r = tokio::time::timeout(Duration::from_secs(20), req.send())
        .await
        .expect("the gateway answered within 20 s")
        .expect("the gateway answered");
    let status = r.status().as_u16();
    let headers = r.headers().clone();
    let text = r.text().await.unwrap_or_default();
    common::Resp {
        status,
        headers,
        body: serde_json::from_str(&text).unwrap_or(Value::Null),
        text,
    }
}

/// Runs one row: the answer must have `status` and `code`, and a message whenever it has a code.
async fn row(case: Case, status: u16, code: &str) {
    let ctx = Ctx::new().await;
    let twice = matches!(
        case,
        Case::V1 { twice: true, .. } | Case::V3 { twice: true, .. }
    );
    let mut r = send(&ctx, &case).await;
    if twice {
        // The second, identical request (same nonce) is the row under test.
        let again = match &case {
            Case::V1 {
                action,
                method,
                form,
                ..
            } => {
                let mut p = common_params(action);
                p.extend(action_params(&ctx, action));
                set(&mut p, "SignatureNonce", "fixed-nonce-for-replay");
                let q = sign_v1(if *form { "POST" } else { method }, &p);
                let first = ctx
                    .gw
                    .http
                    .get(format!("{}/?{q}", ctx.gw.base))
                    .send()
                    .await
                    .unwrap();
                assert!(first.status().as_u16() < 500);
                ctx.gw
                    .http
                    .get(format!("{}/?{q}", ctx.gw.base))
                    .send()
                    .await
                    .unwrap()
            }
            _ => unreachable!("only v1 rows replay by hand"),
        };
        let status = again.status().as_u16();
        let headers = again.headers().clone();
        let text = again.text().await.unwrap_or_default();
        r = common::Resp {
            status,
            headers,
            body: serde_json::from_str(&text).unwrap_or(Value::Null),
            text,
        };
    }
    assert!(r.status < 500, "5xx: {} {}", r.status, r.text);
    assert_eq!(
        (r.status, code_of(&r.body).as_str()),
        (status, code),
        "answer: {}",
        r.text
    );
    if !code.is_empty() {
        assert!(
            !message_of(&r.body).is_empty(),
            "the answer has no message: {}",
            r.text
        );
    }
}

/// `name: case => status, "code";` becomes `#[tokio::test] async fn name()`.
macro_rules! table {
    ($($name:ident : $case:expr => $status:expr, $code:expr;)*) => {
        $(
            #[tokio::test]
            async fn $name() {
                row($case, $status, $code).await;
            }
        )*
    };
}

/// A signed v1 GET of `ACTION` with `edit` applied to its parameters.
macro_rules! v1 {
    ($edit:expr) => {
        Case::V1 {
            action: ACTION,
            edit: $edit,
            post: no_post,
            method: "GET",
            form: false,
            twice: false,
        }
    };
}

/// A v1 GET of `ACTION` whose finished query is edited after signing.
macro_rules! v1_post {
    ($post:expr) => {
        Case::V1 {
            action: ACTION,
            edit: no_edit,
            post: $post,
            method: "GET",
            form: false,
            twice: false,
        }
    };
}

/// A v1 request of `ACTION` sent with another method.
macro_rules! v1_method {
    ($m:expr) => {
        Case::V1 {
            action: ACTION,
            edit: no_edit,
            post: no_post,
            method: $m,
            form: false,
            twice: false,
        }
    };
}

/// A v1 form-body POST of `ACTION`, edited after signing.
macro_rules! v1_form {
    ($edit:expr, $post:expr) => {
        Case::V1 {
            action: ACTION,
            edit: $edit,
            post: $post,
            method: "POST",
            form: true,
            twice: false,
        }
    };
}

/// An ACS3 request of `ACTION`.
macro_rules! v3 {
    ($pre:expr, $post:expr) => {
        Case::V3 {
            action: ACTION,
            pre: $pre,
            post: $post,
            twice: false,
        }
    };
}

/// The rows every action shares: signature, encoding, method, version, timestamps, nonces, sizes.
macro_rules! common_rows {
    ($ok_status:expr, $ok_code:expr) => {
        table! {
            well_formed_request_is_the_baseline: v1!(no_edit) => $ok_status, $ok_code;
            well_formed_acs3_request_is_the_baseline: v3!(no_v3, no_v3) => $ok_status, $ok_code;
            well_formed_form_body_is_the_baseline: v1_form!(no_edit, no_post) => $ok_status, $ok_code;

            missing_access_key_id_is_400_missing_parameter: v1!(|_, p| drop_param(p, "AccessKeyId")) => 400, "MissingParameter";
            missing_signature_is_400_missing_parameter: v1_post!(|q| *q = q.split("&Signature=").next().unwrap_or_default().to_owned()) => 400, "MissingParameter";
            missing_signature_nonce_is_400_missing_parameter: v1!(|_, p| drop_param(p, "SignatureNonce")) => 400, "MissingParameter";
            missing_timestamp_is_400_missing_parameter: v1!(|_, p| drop_param(p, "Timestamp")) => 400, "MissingParameter";
            missing_signature_method_is_400_missing_parameter: v1!(|_, p| drop_param(p, "SignatureMethod")) => 400, "MissingParameter";
            missing_action_is_400_missing_parameter: v1!(|_, p| drop_param(p, "Action")) => 400, "MissingParameter";
            missing_version_is_400_missing_parameter: v1!(|_, p| drop_param(p, "Version")) => 400, "MissingParameter";
            empty_access_key_id_is_400_missing_parameter: v1!(|_, p| set(p, "AccessKeyId", "")) => 400, "MissingParameter";
            empty_signature_nonce_is_400_missing_parameter: v1!(|_, p| set(p, "SignatureNonce", "")) => 400, "MissingParameter";
            empty_timestamp_is_400_missing_parameter: v1!(|_, p| set(p, "Timestamp", "")) => 400, "MissingParameter";
            empty_action_is_400_missing_parameter: v1!(|_, p| set(p, "Action", "")) => 400, "MissingParameter";
            empty_version_is_400_missing_parameter: v1!(|_, p| set(p, "Version", "")) => 400, "MissingParameter";
            empty_signature_is_400_missing_parameter: v1_post!(|q| {
                let head = q.split("&Signature=").next().unwrap_or_default().to_owned();
                *q = format!("{head}&Signature=");
            }) => 400, "MissingParameter";

            unknown_access_key_id_is_404_invalid_access_key_id: v1!(|_, p| set(p, "AccessKeyId", "LTAI5tNobodyHasThisKey")) => 404, "InvalidAccessKeyId.NotFound";
            signature_of_another_secret_is_400_signature_does_not_match: v1_post!(|q| *q = q.replace("&Signature=", "&Signature=AAAA")) => 400, "SignatureDoesNotMatch";
            signature_not_base64_is_400_signature_does_not_match: v1_post!(|q| {
                let head = q.split("&Signature=").next().unwrap_or_default().to_owned();
                *q = format!("{head}&Signature=%21%21not-base64%21%21");
            }) => 400, "SignatureDoesNotMatch";
            parameter_changed_after_signing_is_400_signature_does_not_match: v1_post!(|q| *q = q.replace("Format=JSON", "Format=XML")) => 400, "SignatureDoesNotMatch";
            parameter_added_after_signing_is_400_signature_does_not_match: v1_post!(|q| q.push_str("&Extra=1")) => 400, "SignatureDoesNotMatch";
            signature_method_hmac_sha256_is_400_invalid_signature_method: v1!(|_, p| set(p, "SignatureMethod", "HMAC-SHA256")) => 400, "InvalidSignatureMethod";
            signature_method_lower_case_is_400_invalid_signature_method: v1!(|_, p| set(p, "SignatureMethod", "hmac-sha1")) => 400, "InvalidSignatureMethod";
            signature_version_2_is_400_invalid_signature_method: v1!(|_, p| set(p, "SignatureVersion", "2.0")) => 400, "InvalidSignatureMethod";

            version_2020_is_400_invalid_version: v1!(|_, p| set(p, "Version", "2020-01-01")) => 400, "InvalidVersion";
            version_garbage_is_400_invalid_version: v1!(|_, p| set(p, "Version", "latest")) => 400, "InvalidVersion";
            unknown_action_is_404_invalid_action: v1!(|_, p| set(p, "Action", "DescribeEverything")) => 404, "InvalidAction.NotFound";
            action_in_lower_case_is_404_invalid_action: v1!(|_, p| {
                let a = p.iter().find(|(k, _)| k == "Action").map(|(_, v)| v.to_lowercase()).unwrap_or_default();
                set(p, "Action", &a);
            }) => 404, "InvalidAction.NotFound";

            duplicate_action_in_query_is_400_invalid_parameter: v1_post!(|q| q.push_str("&Action=GetAuthToken")) => 400, "InvalidParameter";
            duplicate_signature_is_400_invalid_parameter: v1_post!(|q| q.push_str("&Signature=AAAA")) => 400, "InvalidParameter";
            parameter_in_query_and_form_body_is_400_invalid_parameter: Case::Raw {
                method: "POST",
                query: |_| "Version=2017-05-25".into(),
                headers: &[("content-type", "application/x-www-form-urlencoded")],
                body: |_| b"Version=2017-05-25&Action=GetAuthToken".to_vec(),
            } => 400, "InvalidParameter";
            sixty_five_parameters_is_400_invalid_parameter: v1!(|_, p| for i in 0..60 { set(p, &format!("P{i}"), "x") }) => 400, "InvalidParameter";

            lone_percent_sign_is_400_invalid_parameter: v1_post!(|q| q.push_str("&Bad=%")) => 400, "InvalidParameter";
            percent_with_non_hex_digits_is_400_invalid_parameter: v1_post!(|q| q.push_str("&Bad=%G1")) => 400, "InvalidParameter";
            truncated_percent_escape_is_400_invalid_parameter: v1_post!(|q| q.push_str("&Bad=%F")) => 400, "InvalidParameter";
            percent_escape_in_a_name_is_400_invalid_parameter: v1_post!(|q| q.push_str("&B%Zd=1")) => 400, "InvalidParameter";
            non_utf8_escapes_in_query_are_400_invalid_parameter: v1_post!(|q| q.push_str("&Bad=%FF%FE")) => 400, "InvalidParameter";
            overlong_utf8_escape_is_400_invalid_parameter: v1_post!(|q| q.push_str("&Bad=%C0%AF")) => 400, "InvalidParameter";
            lone_surrogate_escape_is_400_invalid_parameter: v1_post!(|q| q.push_str("&Bad=%ED%A0%80")) => 400, "InvalidParameter";
            non_utf8_bytes_in_form_body_are_400_invalid_parameter: Case::Raw {
                method: "POST",
                query: |_| String::new(),
                headers: &[("content-type", "application/x-www-form-urlencoded")],
                body: |_| b"Action=GetAuthToken&Bad=\xff\xfe".to_vec(),
            } => 400, "InvalidParameter";
            malformed_percent_in_form_body_is_400_invalid_parameter: v1_form!(no_edit, |q| q.push_str("&Bad=%%")) => 400, "InvalidParameter";
            signed_unicode_values_are_not_refused_as_encoding: v1!(|_, p| set(p, "Note", "号 ünï 😀")) => $ok_status, $ok_code;

            method_put_is_405_unsupported_http_method: v1_method!("PUT") => 405, "UnsupportedHTTPMethod";
            method_delete_is_405_unsupported_http_method: v1_method!("DELETE") => 405, "UnsupportedHTTPMethod";
            method_patch_is_405_unsupported_http_method: v1_method!("PATCH") => 405, "UnsupportedHTTPMethod";
            method_options_is_405_unsupported_http_method: v1_method!("OPTIONS") => 405, "UnsupportedHTTPMethod";
            signed_post_with_parameters_in_the_query_is_accepted: Case::V1 {
                action: ACTION, edit: no_edit, post: no_post, method: "POST", form: false, twice: false,
            } => $ok_status, $ok_code;
            json_body_is_400_missing_parameter: Case::Raw {
                method: "POST",
                query: |_| String::new(),
                headers: &[("content-type", "application/json")],
                body: |_| br#"{"Action":"GetAuthToken","Version":"2017-05-25"}"#.to_vec(),
            } => 400, "MissingParameter";

            timestamp_in_words_is_400_invalid_timestamp_format: v1!(|_, p| set(p, "Timestamp", "yesterday")) => 400, "InvalidTimeStamp.Format";
            timestamp_without_zone_is_400_invalid_timestamp_format: v1!(|_, p| set(p, "Timestamp", "2024-01-01T00:00:00")) => 400, "InvalidTimeStamp.Format";
            timestamp_with_offset_is_400_invalid_timestamp_format: v1!(|_, p| set(p, "Timestamp", "2024-01-01T08:00:00+08:00")) => 400, "InvalidTimeStamp.Format";
            timestamp_in_unix_seconds_is_400_invalid_timestamp_format: v1!(|_, p| set(p, "Timestamp", "1700000000")) => 400, "InvalidTimeStamp.Format";
            timestamp_february_30_is_400_invalid_timestamp_format: v1!(|_, p| set(p, "Timestamp", "2024-02-30T00:00:00Z")) => 400, "InvalidTimeStamp.Format";
            timestamp_hour_24_is_400_invalid_timestamp_format: v1!(|_, p| set(p, "Timestamp", "2024-01-01T24:00:00Z")) => 400, "InvalidTimeStamp.Format";
            timestamp_16_minutes_ahead_is_400_invalid_timestamp_expired: v1!(|_, p| set(p, "Timestamp", &iso(now() + 16 * 60))) => 400, "InvalidTimeStamp.Expired";
            timestamp_16_minutes_behind_is_400_invalid_timestamp_expired: v1!(|_, p| set(p, "Timestamp", &iso(now() - 16 * 60))) => 400, "InvalidTimeStamp.Expired";
            timestamp_year_9999_is_400_invalid_timestamp_expired: v1!(|_, p| set(p, "Timestamp", "9999-12-31T23:59:59Z")) => 400, "InvalidTimeStamp.Expired";
            timestamp_year_0000_is_400_invalid_timestamp_expired: v1!(|_, p| set(p, "Timestamp", "0000-01-01T00:00:00Z")) => 400, "InvalidTimeStamp.Expired";

            replayed_nonce_is_400_signature_nonce_used: Case::V1 {
                action: ACTION, edit: no_edit, post: no_post, method: "GET", form: false, twice: true,
            } => 400, "SignatureNonceUsed";
            nonce_of_257_bytes_is_400_invalid_parameter: v1!(|_, p| set(p, "SignatureNonce", &"n".repeat(257))) => 400, "InvalidParameter";
            nonce_of_10k_bytes_is_400_invalid_parameter: v1!(|_, p| set(p, "SignatureNonce", &"n".repeat(10_000))) => 400, "InvalidParameter";
            nonce_of_256_bytes_is_accepted: v1!(|_, p| set(p, "SignatureNonce", &format!("{:n<256}", nonce()))) => $ok_status, $ok_code;

            query_of_1_mib_is_431_from_the_http_layer: Case::Tcp { request: |_| {
                format!("GET /?Action={ACTION}&Big={} HTTP/1.1\r\nHost: x\r\n\r\n", "x".repeat(1 << 20)).into_bytes()
            } } => 431, "";
            // Heads are limited to connections.max_head_bytes (32 KiB by default): hyper answers 431.
            query_of_100_kb_is_431_from_the_http_layer: Case::Tcp { request: |_| {
                format!("GET /?Action={ACTION}&Big={} HTTP/1.1\r\nHost: x\r\n\r\n", "x".repeat(100_000)).into_bytes()
            } } => 431, "";
            query_of_40_kib_is_431_from_the_http_layer: Case::Tcp { request: |_| {
                format!("GET /?Action={ACTION}&Big={} HTTP/1.1\r\nHost: x\r\n\r\n", "x".repeat(40 * 1024)).into_bytes()
            } } => 431, "";
            query_of_20_kib_is_400_signature_does_not_match: v1_post!(|q| { q.push_str("&Big="); q.push_str(&"x".repeat(20 * 1024)); }) => 400, "SignatureDoesNotMatch";
            form_body_over_64_kib_is_413_request_body_too_large: v1_form!(no_edit, |q| { q.push_str("&Big="); q.push_str(&"x".repeat(65 * 1024)); }) => 413, "RequestBodyTooLarge";

            acs3_scheme_misspelt_is_400_incomplete_signature: v3!(no_v3, |r| r.auth = r.auth.replacen("ACS3-HMAC-SHA256", "ACS3-HMAC-SHA1", 1)) => 400, "IncompleteSignature";
            acs3_header_with_nothing_after_the_scheme_is_400_incomplete_signature: v3!(no_v3, |r| r.auth = "ACS3-HMAC-SHA256".into()) => 400, "IncompleteSignature";
            acs3_without_credential_is_400_incomplete_signature: v3!(no_v3, |r| r.auth = r.auth.replace(&format!("Credential={AK},"), "")) => 400, "IncompleteSignature";
            acs3_without_signed_headers_is_400_incomplete_signature: v3!(no_v3, |r| {
                let (head, tail) = r.auth.split_once("SignedHeaders=").unwrap();
                let sig = tail.split_once(',').unwrap().1;
                r.auth = format!("{head}{sig}");
            }) => 400, "IncompleteSignature";
            acs3_without_signature_is_400_incomplete_signature: v3!(no_v3, |r| r.auth = r.auth.split(",Signature=").next().unwrap().to_owned()) => 400, "IncompleteSignature";
            acs3_with_empty_signature_is_400_incomplete_signature: v3!(no_v3, |r| r.auth = format!("{},Signature=", r.auth.split(",Signature=").next().unwrap())) => 400, "IncompleteSignature";
            acs3_element_without_equals_is_400_incomplete_signature: v3!(no_v3, |r| r.auth.push_str(",Garbage")) => 400, "IncompleteSignature";
            acs3_credential_given_twice_is_400_incomplete_signature: v3!(no_v3, |r| r.auth.push_str(",Credential=LTAI5tOther")) => 400, "IncompleteSignature";
            acs3_signature_not_hex_is_400_signature_does_not_match: v3!(no_v3, |r| r.auth = format!("{},Signature=zz", r.auth.split(",Signature=").next().unwrap())) => 400, "SignatureDoesNotMatch";
            acs3_unknown_credential_is_404_invalid_access_key_id: v3!(no_v3, |r| r.auth = r.auth.replace(AK, "LTAI5tNobodyHasThisKey")) => 404, "InvalidAccessKeyId.NotFound";
            acs3_signed_headers_without_host_is_400_incomplete_signature: v3!(|r| r.signed = Some("x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version".into()), no_v3) => 400, "IncompleteSignature";
            acs3_signed_headers_without_x_acs_date_is_400_incomplete_signature: v3!(|r| r.signed = Some("host;x-acs-action;x-acs-signature-nonce;x-acs-version".into()), no_v3) => 400, "IncompleteSignature";
            acs3_signed_headers_in_upper_case_is_400_incomplete_signature: v3!(|r| r.signed = Some("Host;x-acs-action;x-acs-date;x-acs-signature-nonce;x-acs-version".into()), no_v3) => 400, "IncompleteSignature";
            acs3_signed_headers_listing_an_absent_header_is_400_incomplete_signature: v3!(|r| r.signed = Some("host;x-acs-action;x-acs-date;x-acs-signature-nonce;x-acs-version;x-not-sent".into()), no_v3) => 400, "IncompleteSignature";
            acs3_signed_headers_listing_a_header_twice_is_400_incomplete_signature: v3!(|r| r.signed = Some("host;host;x-acs-action;x-acs-date;x-acs-signature-nonce;x-acs-version".into()), no_v3) => 400, "IncompleteSignature";
            acs3_signed_headers_with_empty_entry_is_400_incomplete_signature: v3!(|r| r.signed = Some("host;;x-acs-action;x-acs-date;x-acs-signature-nonce;x-acs-version".into()), no_v3) => 400, "IncompleteSignature";
            acs3_signed_headers_listing_100_names_is_400_incomplete_signature: v3!(|r| {
                let many: Vec<String> = (0..100).map(|i| format!("x-h{i}")).collect();
                r.signed = Some(format!("host;x-acs-action;x-acs-date;x-acs-signature-nonce;x-acs-version;{}", many.join(";")));
            }, no_v3) => 400, "IncompleteSignature";
            acs3_signed_header_changed_after_signing_is_400_signature_does_not_match: v3!(no_v3, |r| r.set("user-agent", "changed")) => 400, "SignatureDoesNotMatch";
            acs3_query_changed_after_signing_is_400_signature_does_not_match: v3!(no_v3, |r| r.query.push(("Extra".into(), "1".into()))) => 400, "SignatureDoesNotMatch";
            acs3_body_changed_after_signing_is_400_signature_does_not_match: v3!(no_v3, |r| r.body = b"tampered".to_vec()) => 400, "SignatureDoesNotMatch";
            acs3_content_sha256_of_another_body_is_400_signature_does_not_match: v3!(|r| r.set("x-acs-content-sha256", &"0".repeat(64)), no_v3) => 400, "SignatureDoesNotMatch";
            acs3_without_x_acs_action_is_400_missing_parameter: v3!(no_v3, |r| r.unsent.push("x-acs-action".into())) => 400, "MissingParameter";
            acs3_without_x_acs_version_is_400_missing_parameter: v3!(no_v3, |r| r.unsent.push("x-acs-version".into())) => 400, "MissingParameter";
            acs3_without_x_acs_date_is_400_missing_parameter: v3!(no_v3, |r| r.unsent.push("x-acs-date".into())) => 400, "MissingParameter";
            acs3_with_empty_nonce_is_400_missing_parameter: v3!(|r| r.set("x-acs-signature-nonce", ""), no_v3) => 400, "MissingParameter";
            acs3_nonce_of_10k_bytes_is_400_invalid_parameter: v3!(|r| r.set("x-acs-signature-nonce", &"n".repeat(10_000)), no_v3) => 400, "InvalidParameter";
            acs3_date_malformed_is_400_invalid_timestamp_format: v3!(|r| r.set("x-acs-date", "Mon, 01 Jan 2024 00:00:00 GMT"), no_v3) => 400, "InvalidTimeStamp.Format";
            acs3_date_an_hour_ahead_is_400_invalid_timestamp_expired: v3!(|r| r.set("x-acs-date", &iso(now() + 3600)), no_v3) => 400, "InvalidTimeStamp.Expired";
            acs3_date_an_hour_behind_is_400_invalid_timestamp_expired: v3!(|r| r.set("x-acs-date", &iso(now() - 3600)), no_v3) => 400, "InvalidTimeStamp.Expired";
            acs3_wrong_version_is_400_invalid_version: v3!(|r| r.set("x-acs-version", "2020-01-01"), no_v3) => 400, "InvalidVersion";
            acs3_unknown_action_is_404_invalid_action: v3!(|r| r.set("x-acs-action", "DescribeEverything"), no_v3) => 404, "InvalidAction.NotFound";
        }
    };
}

mod get_auth_token {
    use super::*;
    const ACTION: &str = "GetAuthToken";

    common_rows!(200, "OK");

    /// A GetAuthToken with `Url` / `Origin` set to `v`.
    macro_rules! url {
        ($v:expr) => {
            v1!(|_, p| set(p, "Url", $v))
        };
    }
    macro_rules! origin {
        ($v:expr) => {
            v1!(|_, p| set(p, "Origin", $v))
        };
    }

    table! {
        missing_url_is_400_missing_parameter: v1!(|_, p| drop_param(p, "Url")) => 400, "MissingParameter";
        missing_origin_is_400_missing_parameter: v1!(|_, p| drop_param(p, "Origin")) => 400, "MissingParameter";
        missing_scene_code_is_400_missing_parameter: v1!(|_, p| drop_param(p, "SceneCode")) => 400, "MissingParameter";
        missing_biz_type_is_400_missing_parameter: v1!(|_, p| drop_param(p, "BizType")) => 400, "MissingParameter";
        empty_url_is_400_missing_parameter: url!("") => 400, "MissingParameter";
        empty_origin_is_400_missing_parameter: origin!("") => 400, "MissingParameter";
        empty_scene_code_is_400_missing_parameter: v1!(|_, p| set(p, "SceneCode", "")) => 400, "MissingParameter";
        empty_biz_type_is_400_missing_parameter: v1!(|_, p| set(p, "BizType", "")) => 400, "MissingParameter";

        biz_type_x_is_isv_invalid_parameters: v1!(|_, p| set(p, "BizType", "x")) => 200, "isv.INVALID_PARAMETERS";
        biz_type_2_is_isv_invalid_parameters: v1!(|_, p| set(p, "BizType", "2")) => 200, "isv.INVALID_PARAMETERS";
        biz_type_minus_1_is_isv_invalid_parameters: v1!(|_, p| set(p, "BizType", "-1")) => 200, "isv.INVALID_PARAMETERS";
        biz_type_00_is_isv_invalid_parameters: v1!(|_, p| set(p, "BizType", "00")) => 200, "isv.INVALID_PARAMETERS";
        biz_type_with_space_is_isv_invalid_parameters: v1!(|_, p| set(p, "BizType", " 0")) => 200, "isv.INVALID_PARAMETERS";
        biz_type_1_0_is_isv_invalid_parameters: v1!(|_, p| set(p, "BizType", "1.0")) => 200, "isv.INVALID_PARAMETERS";
        biz_type_of_10k_digits_is_isv_invalid_parameters: v1!(|_, p| set(p, "BizType", &"1".repeat(10_000))) => 200, "isv.INVALID_PARAMETERS";

        unknown_scene_code_is_isv_scene_query_fail: v1!(|_, p| set(p, "SceneCode", "FC999999999999999")) => 200, "isv.SCENE_QUERY_FAIL";
        scene_code_of_10k_chars_is_isv_scene_query_fail: v1!(|_, p| set(p, "SceneCode", &"F".repeat(10_000))) => 200, "isv.SCENE_QUERY_FAIL";
        scene_code_in_lower_case_is_isv_scene_query_fail: v1!(|_, p| set(p, "SceneCode", &SCENE.to_lowercase())) => 200, "isv.SCENE_QUERY_FAIL";
        // Spellings of the registered Url (no trailing slash, an upper-case scheme) are normalised and accepted: tests/url_normalisation.rs.
        url_with_path_is_isv_invalid_parameters: v1!(|c, p| set(p, "Url", &format!("{}index.html", c.url))) => 200, "isv.INVALID_PARAMETERS";
        url_with_query_is_isv_invalid_parameters: v1!(|c, p| set(p, "Url", &format!("{}?a=1", c.url))) => 200, "isv.INVALID_PARAMETERS";
        url_with_fragment_is_isv_invalid_parameters: v1!(|c, p| set(p, "Url", &format!("{}#top", c.url))) => 200, "isv.INVALID_PARAMETERS";
        url_with_userinfo_is_isv_invalid_parameters: v1!(|c, p| set(p, "Url", &c.url.replace("http://", "http://user:pw@"))) => 200, "isv.INVALID_PARAMETERS";
        url_with_ftp_scheme_is_isv_invalid_parameters: v1!(|c, p| set(p, "Url", &c.url.replace("http://", "ftp://"))) => 200, "isv.INVALID_PARAMETERS";
        url_javascript_is_isv_invalid_parameters: url!("javascript:alert(1)//") => 200, "isv.INVALID_PARAMETERS";
        url_with_upper_case_host_is_isv_invalid_parameters: url!("http://LOCALHOST.EXAMPLE/") => 200, "isv.INVALID_PARAMETERS";
        url_with_port_0_is_isv_invalid_parameters: url!("http://127.0.0.1:0/") => 200, "isv.INVALID_PARAMETERS";
        url_with_port_99999_is_isv_invalid_parameters: url!("http://127.0.0.1:99999/") => 200, "isv.INVALID_PARAMETERS";
        url_with_empty_port_is_isv_invalid_parameters: url!("http://127.0.0.1:/") => 200, "isv.INVALID_PARAMETERS";
        url_with_idn_host_is_isv_invalid_parameters: url!("http://例子.测试/") => 200, "isv.INVALID_PARAMETERS";
        url_with_punycode_host_of_another_page_is_isv_invalid_parameters: url!("http://xn--fsqu00a.xn--0zwm56d/") => 200, "isv.INVALID_PARAMETERS";
        url_with_inner_whitespace_is_isv_invalid_parameters: url!("http://127.0.0 .1/") => 200, "isv.INVALID_PARAMETERS";
        url_with_trailing_whitespace_is_isv_invalid_parameters: v1!(|c, p| set(p, "Url", &format!("{} ", c.url))) => 200, "isv.INVALID_PARAMETERS";
        url_with_two_colons_in_the_host_is_isv_invalid_parameters: url!("http://a:b:8080/") => 200, "isv.INVALID_PARAMETERS";
        url_without_host_is_isv_invalid_parameters: url!("http:///") => 200, "isv.INVALID_PARAMETERS";
        url_of_60_kib_is_isv_invalid_parameters: v1_form!(|c, p| set(p, "Url", &format!("{}{}", c.url, "a".repeat(60 * 1024))), no_post) => 200, "isv.INVALID_PARAMETERS";
        url_of_another_page_is_isv_invalid_parameters: url!("https://elsewhere.example/") => 200, "isv.INVALID_PARAMETERS";
        // An Origin with a trailing slash is normalised and accepted: tests/url_normalisation.rs.
        origin_with_path_is_isv_invalid_parameters: v1!(|c, p| set(p, "Origin", &format!("{}/x", c.origin))) => 200, "isv.INVALID_PARAMETERS";
        origin_with_query_is_isv_invalid_parameters: v1!(|c, p| set(p, "Origin", &format!("{}?a=1", c.origin))) => 200, "isv.INVALID_PARAMETERS";
        origin_with_fragment_is_isv_invalid_parameters: v1!(|c, p| set(p, "Origin", &format!("{}#x", c.origin))) => 200, "isv.INVALID_PARAMETERS";
        origin_with_userinfo_is_isv_invalid_parameters: v1!(|c, p| set(p, "Origin", &c.origin.replace("http://", "http://user@"))) => 200, "isv.INVALID_PARAMETERS";
        origin_with_file_scheme_is_isv_invalid_parameters: origin!("file://") => 200, "isv.INVALID_PARAMETERS";
        origin_null_is_isv_invalid_parameters: origin!("null") => 200, "isv.INVALID_PARAMETERS";
        origin_with_upper_case_host_is_isv_invalid_parameters: origin!("http://ELSEWHERE.EXAMPLE") => 200, "isv.INVALID_PARAMETERS";
        origin_with_port_0_is_isv_invalid_parameters: origin!("http://127.0.0.1:0") => 200, "isv.INVALID_PARAMETERS";
        origin_with_port_99999_is_isv_invalid_parameters: origin!("http://127.0.0.1:99999") => 200, "isv.INVALID_PARAMETERS";
        origin_with_idn_host_is_isv_invalid_parameters: origin!("http://例子.测试") => 200, "isv.INVALID_PARAMETERS";
        origin_with_leading_whitespace_is_isv_invalid_parameters: v1!(|c, p| set(p, "Origin", &format!(" {}", c.origin))) => 200, "isv.INVALID_PARAMETERS";
        origin_with_newline_is_isv_invalid_parameters: v1!(|c, p| set(p, "Origin", &format!("{}\r\nX-Evil: 1", c.origin))) => 200, "isv.INVALID_PARAMETERS";
        origin_with_ipv6_zone_is_isv_invalid_parameters: origin!("http://[fe80::1%25eth0]") => 200, "isv.INVALID_PARAMETERS";
        origin_of_another_page_is_isv_invalid_parameters: origin!("https://elsewhere.example") => 200, "isv.INVALID_PARAMETERS";
    }
}

mod verify_phone_with_token {
    use super::*;
    const ACTION: &str = "VerifyPhoneWithToken";

    common_rows!(200, "isv.TOKEN_INVALID");

    macro_rules! number {
        ($v:expr) => {
            v1!(|_, p| set(p, "PhoneNumber", $v))
        };
    }

    table! {
        missing_sp_token_is_400_missing_parameter: v1!(|_, p| drop_param(p, "SpToken")) => 400, "MissingParameter";
        missing_phone_number_is_400_missing_parameter: v1!(|_, p| drop_param(p, "PhoneNumber")) => 400, "MissingParameter";
        empty_sp_token_is_400_missing_parameter: v1!(|_, p| set(p, "SpToken", "")) => 400, "MissingParameter";
        empty_phone_number_is_400_missing_parameter: number!("") => 400, "MissingParameter";

        phone_number_of_10_digits_is_isv_mobile_number_illegal: number!("1380013800") => 200, "isv.MOBILE_NUMBER_ILLEGAL";
        phone_number_of_12_digits_is_isv_mobile_number_illegal: number!("138001380001") => 200, "isv.MOBILE_NUMBER_ILLEGAL";
        phone_number_with_plus_86_is_isv_mobile_number_illegal: number!("+8613800138000") => 200, "isv.MOBILE_NUMBER_ILLEGAL";
        phone_number_with_spaces_is_isv_mobile_number_illegal: number!("138 0013 8000") => 200, "isv.MOBILE_NUMBER_ILLEGAL";
        phone_number_with_letters_is_isv_mobile_number_illegal: number!("1380013800x") => 200, "isv.MOBILE_NUMBER_ILLEGAL";
        phone_number_in_fullwidth_digits_is_isv_mobile_number_illegal: number!("１３８００１３８０００") => 200, "isv.MOBILE_NUMBER_ILLEGAL";
        phone_number_with_unknown_prefix_is_isv_mobile_number_illegal: number!("12012345678") => 200, "isv.MOBILE_NUMBER_ILLEGAL";
        phone_number_negative_is_isv_mobile_number_illegal: number!("-3800138000") => 200, "isv.MOBILE_NUMBER_ILLEGAL";
        phone_number_of_10k_digits_is_isv_mobile_number_illegal: v1!(|_, p| set(p, "PhoneNumber", &"1".repeat(10_000))) => 200, "isv.MOBILE_NUMBER_ILLEGAL";

        sp_token_of_10k_chars_is_isv_token_invalid: v1!(|_, p| set(p, "SpToken", &"A".repeat(10_000))) => 200, "isv.TOKEN_INVALID";
        sp_token_prefix_only_is_isv_token_invalid: v1!(|_, p| set(p, "SpToken", "sp1.")) => 200, "isv.TOKEN_INVALID";
        sp_token_not_base64_is_isv_token_invalid: v1!(|_, p| set(p, "SpToken", "sp1.!!!!")) => 200, "isv.TOKEN_INVALID";
        sp_token_with_unicode_is_isv_token_invalid: v1!(|_, p| set(p, "SpToken", "sp1.号号号号")) => 200, "isv.TOKEN_INVALID";
        access_token_as_sp_token_is_isv_token_invalid: v1!(|c, p| set(p, "SpToken", &c.at)) => 200, "isv.TOKEN_INVALID";
        jwt_as_sp_token_is_isv_token_invalid: v1!(|c, p| set(p, "SpToken", &c.jwt)) => 200, "isv.TOKEN_INVALID";
        carrier_ticket_as_sp_token_is_isv_token_invalid: v1!(|c, p| set(p, "SpToken", &c.ticket("CM"))) => 200, "isv.TOKEN_INVALID";
    }
}

mod get_phone_with_token {
    use super::*;
    const ACTION: &str = "GetPhoneWithToken";

    common_rows!(200, "isv.TOKEN_INVALID");

    table! {
        missing_sp_token_is_400_missing_parameter: v1!(|_, p| drop_param(p, "SpToken")) => 400, "MissingParameter";
        empty_sp_token_is_400_missing_parameter: v1!(|_, p| set(p, "SpToken", "")) => 400, "MissingParameter";
        sp_token_of_10k_chars_is_isv_token_invalid: v1!(|_, p| set(p, "SpToken", &"A".repeat(10_000))) => 200, "isv.TOKEN_INVALID";
        sp_token_of_4097_chars_with_prefix_is_isv_token_invalid: v1!(|_, p| set(p, "SpToken", &format!("sp1.{}", "A".repeat(4093)))) => 200, "isv.TOKEN_INVALID";
        sp_token_prefix_only_is_isv_token_invalid: v1!(|_, p| set(p, "SpToken", "sp1.")) => 200, "isv.TOKEN_INVALID";
        sp_token_with_padding_is_isv_token_invalid: v1!(|_, p| set(p, "SpToken", "sp1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==")) => 200, "isv.TOKEN_INVALID";
        sp_token_with_control_characters_is_isv_token_invalid: v1!(|_, p| set(p, "SpToken", "sp1.\u{0}\u{1}\u{7f}")) => 200, "isv.TOKEN_INVALID";
        login_ticket_prefix_is_isv_token_invalid: v1!(|_, p| set(p, "SpToken", "lt1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")) => 200, "isv.TOKEN_INVALID";
        access_token_as_sp_token_is_isv_token_invalid: v1!(|c, p| set(p, "SpToken", &c.at)) => 200, "isv.TOKEN_INVALID";
    }
}

/// Requests to `/` that are no action at all.
mod openapi_root {
    use super::*;

    table! {
        query_without_action_is_400_missing_parameter: Case::Raw { method: "GET", query: |_| "Foo=1".into(), headers: &[], body: no_body } => 400, "MissingParameter";
        post_without_anything_is_400_missing_parameter: Case::Raw { method: "POST", query: |_| String::new(), headers: &[], body: no_body } => 400, "MissingParameter";
        bearer_authorization_is_400_missing_parameter: Case::Raw { method: "GET", query: |_| String::new(), headers: &[("authorization", "Bearer abc")], body: no_body } => 400, "MissingParameter";
        acs3_header_alone_is_400_incomplete_signature: Case::Raw { method: "POST", query: |_| String::new(), headers: &[("authorization", "ACS3-HMAC-SHA256 Credential=x")], body: no_body } => 400, "IncompleteSignature";
        unsigned_duplicate_action_is_400_invalid_parameter: Case::Raw { method: "GET", query: |_| "Action=A&Action=B".into(), headers: &[], body: no_body } => 400, "InvalidParameter";
        put_is_405_unsupported_http_method: Case::Raw { method: "PUT", query: |_| String::new(), headers: &[], body: |_| b"x".to_vec() } => 405, "UnsupportedHTTPMethod";
        bare_get_redirects_to_the_demo: Case::Raw { method: "GET", query: |_| String::new(), headers: &[], body: no_body } => 303, "";
    }
}

mod h5_check {
    use super::*;

    fn json_body(v: Value) -> Vec<u8> {
        v.to_string().into_bytes()
    }
    macro_rules! h5 {
        ($body:expr) => {
            Case::H5 {
                method: "POST",
                origin: page_origin,
                body: $body,
            }
        };
    }

    table! {
        valid_check_is_the_baseline: h5!(|c| json_body(json!({"accessToken": c.at, "jwtToken": c.jwt, "bizType": 0}))) => 200, "600000";
        not_json_is_400_600028: h5!(|_| b"accessToken=at1".to_vec()) => 400, "600028";
        empty_body_is_400_600028: h5!(no_body) => 400, "600028";
        non_utf8_body_is_400_600028: h5!(|_| b"{\"accessToken\": \"\xff\xfe\"}".to_vec()) => 400, "600028";
        truncated_json_is_400_600028: h5!(|_| b"{\"accessToken\": ".to_vec()) => 400, "600028";
        json_array_is_600028: h5!(|_| b"[1,2,3]".to_vec()) => 200, "600028";
        json_string_is_600028: h5!(|_| b"\"hello\"".to_vec()) => 200, "600028";
        json_null_is_600028: h5!(|_| b"null".to_vec()) => 200, "600028";
        empty_object_is_600028: h5!(|_| b"{}".to_vec()) => 200, "600028";
        access_token_a_number_is_600028: h5!(|c| json_body(json!({"accessToken": 1, "jwtToken": c.jwt, "bizType": 0}))) => 200, "600028";
        access_token_null_is_600028: h5!(|c| json_body(json!({"accessToken": null, "jwtToken": c.jwt, "bizType": 0}))) => 200, "600028";
        access_token_empty_is_600028: h5!(|c| json_body(json!({"accessToken": "", "jwtToken": c.jwt, "bizType": 0}))) => 200, "600028";
        jwt_token_missing_is_600028: h5!(|c| json_body(json!({"accessToken": c.at, "bizType": 0}))) => 200, "600028";
        jwt_token_an_object_is_600028: h5!(|c| json_body(json!({"accessToken": c.at, "jwtToken": {"a": [1]}, "bizType": 0}))) => 200, "600028";
        biz_type_missing_is_600028: h5!(|c| json_body(json!({"accessToken": c.at, "jwtToken": c.jwt}))) => 200, "600028";
        biz_type_a_string_is_600028: h5!(|c| json_body(json!({"accessToken": c.at, "jwtToken": c.jwt, "bizType": "0"}))) => 200, "600028";
        biz_type_2_is_600028: h5!(|c| json_body(json!({"accessToken": c.at, "jwtToken": c.jwt, "bizType": 2}))) => 200, "600028";
        biz_type_minus_1_is_600028: h5!(|c| json_body(json!({"accessToken": c.at, "jwtToken": c.jwt, "bizType": -1}))) => 200, "600028";
        biz_type_half_is_600028: h5!(|c| json_body(json!({"accessToken": c.at, "jwtToken": c.jwt, "bizType": 0.5}))) => 200, "600028";
        biz_type_null_is_600028: h5!(|c| json_body(json!({"accessToken": c.at, "jwtToken": c.jwt, "bizType": null}))) => 200, "600028";
        biz_type_1e400_is_400_600028: h5!(|c| format!(r#"{{"accessToken":"{}","jwtToken":"{}","bizType":1e400}}"#, c.at, c.jwt).into_bytes()) => 400, "600028";
        nested_garbage_is_600028: h5!(|_| json_body(json!({"accessToken": [[[{"x": [null, true, {"y": []}]}]]], "jwtToken": {"": {"": {}}}, "bizType": [0]}))) => 200, "600028";
        nesting_200_deep_is_400_600028: h5!(|_| format!("{}{}", "[".repeat(200), "]".repeat(200)).into_bytes()) => 400, "600028";
        body_over_16_kib_is_413_600028: h5!(|c| json_body(json!({"accessToken": c.at, "jwtToken": c.jwt, "bizType": 0, "pad": "x".repeat(17 * 1024)}))) => 413, "600028";
        request_id_of_10k_chars_still_gets_an_answer: h5!(|c| json_body(json!({"accessToken": c.at, "jwtToken": c.jwt, "bizType": 0, "requestId": "r".repeat(10_000)}))) => 200, "600000";
        forged_access_token_is_600025: h5!(|c| json_body(json!({"accessToken": "at1.e30.AAAA", "jwtToken": c.jwt, "bizType": 0}))) => 200, "600025";
        tokens_swapped_are_600025: h5!(|c| json_body(json!({"accessToken": c.jwt, "jwtToken": c.at, "bizType": 0}))) => 200, "600025";
        access_token_of_10k_chars_is_600025: h5!(|c| json_body(json!({"accessToken": "A".repeat(10_000), "jwtToken": c.jwt, "bizType": 0}))) => 200, "600025";
        jwt_with_alg_none_is_600025: h5!(|c| {
            let payload = c.jwt.split('.').nth(1).unwrap_or_default();
            json_body(json!({"accessToken": c.at, "jwtToken": format!("eyJhbGciOiJub25lIn0.{payload}."), "bizType": 0}))
        }) => 200, "600025";
        wrong_biz_type_is_600032: h5!(|c| json_body(json!({"accessToken": c.at, "jwtToken": c.jwt, "bizType": 1}))) => 200, "600032";
        missing_origin_is_600025: Case::H5 { method: "POST", origin: no_origin, body: |c| json_body(json!({"accessToken": c.at, "jwtToken": c.jwt, "bizType": 0})) } => 200, "600025";
        origin_null_is_600025: Case::H5 { method: "POST", origin: |_| Some("null".into()), body: |c| json_body(json!({"accessToken": c.at, "jwtToken": c.jwt, "bizType": 0})) } => 200, "600025";
        other_origin_is_600025: Case::H5 { method: "POST", origin: |_| Some("https://evil.example".into()), body: |c| json_body(json!({"accessToken": c.at, "jwtToken": c.jwt, "bizType": 0})) } => 200, "600025";
        // An Origin header with a trailing slash is normalised and accepted: tests/url_normalisation.rs.
        get_is_405_600028: Case::H5 { method: "GET", origin: page_origin, body: no_body } => 405, "600028";
        put_is_405_600028: Case::H5 { method: "PUT", origin: page_origin, body: |_| b"{}".to_vec() } => 405, "600028";
    }
}

mod carrier {
    use super::*;

    fn json_body(v: Value) -> Vec<u8> {
        v.to_string().into_bytes()
    }
    macro_rules! cm_token {
        ($body:expr) => {
            Case::Carrier {
                method: "POST",
                path: "cm/v1/token",
                origin: page_origin,
                device: Some("demo-cm"),
                body: $body,
            }
        };
    }

    table! {
        valid_token_request_is_the_baseline: cm_token!(|c| json_body(json!({"ticket": c.ticket("CM")}))) => 200, "103000";
        not_json_is_400_bad_request: cm_token!(|_| b"ticket=ct1".to_vec()) => 400, "BAD_REQUEST";
        empty_body_is_400_bad_request: cm_token!(no_body) => 400, "BAD_REQUEST";
        non_utf8_body_is_400_bad_request: cm_token!(|_| b"{\"ticket\":\"\xff\"}".to_vec()) => 400, "BAD_REQUEST";
        json_array_is_400_bad_request: cm_token!(|_| b"[]".to_vec()) => 400, "BAD_REQUEST";
        json_string_is_400_bad_request: cm_token!(|_| b"\"ct1\"".to_vec()) => 400, "BAD_REQUEST";
        json_null_is_400_bad_request: cm_token!(|_| b"null".to_vec()) => 400, "BAD_REQUEST";
        nesting_200_deep_is_400_bad_request: cm_token!(|_| format!("{}{}", "{\"a\":".repeat(200), "}".repeat(200)).into_bytes()) => 400, "BAD_REQUEST";
        body_over_16_kib_is_413_bad_request: cm_token!(|c| json_body(json!({"ticket": c.ticket("CM"), "pad": "x".repeat(17 * 1024)}))) => 413, "BAD_REQUEST";
        empty_object_is_ticket_invalid: cm_token!(|_| b"{}".to_vec()) => 200, "TICKET_INVALID";
        ticket_a_number_is_ticket_invalid: cm_token!(|_| json_body(json!({"ticket": 1}))) => 200, "TICKET_INVALID";
        ticket_null_is_ticket_invalid: cm_token!(|_| json_body(json!({"ticket": null}))) => 200, "TICKET_INVALID";
        ticket_nested_garbage_is_ticket_invalid: cm_token!(|_| json_body(json!({"ticket": {"v": ["CM", {"x": null}]}}))) => 200, "TICKET_INVALID";
        ticket_of_10k_chars_is_ticket_invalid: cm_token!(|_| json_body(json!({"ticket": "A".repeat(10_000)}))) => 200, "TICKET_INVALID";
        ticket_of_another_carrier_is_ticket_invalid: cm_token!(|c| json_body(json!({"ticket": c.ticket("CU")}))) => 200, "TICKET_INVALID";
        access_token_as_ticket_is_ticket_invalid: cm_token!(|c| json_body(json!({"ticket": c.at}))) => 200, "TICKET_INVALID";
        missing_origin_is_ticket_invalid: Case::Carrier { method: "POST", path: "cm/v1/token", origin: no_origin, device: Some("demo-cm"), body: |c| json_body(json!({"ticket": c.ticket("CM")})) } => 200, "TICKET_INVALID";
        other_origin_is_ticket_invalid: Case::Carrier { method: "POST", path: "cm/v1/token", origin: |_| Some("https://evil.example".into()), device: Some("demo-cm"), body: |c| json_body(json!({"ticket": c.ticket("CM")})) } => 200, "TICKET_INVALID";
        verification_ticket_to_mask_is_biz_mismatch: Case::Carrier { method: "POST", path: "cm/v1/mask", origin: page_origin, device: Some("demo-cm"), body: |c| json_body(json!({"ticket": c.ticket("CM")})) } => 200, "BIZ_MISMATCH";
        login_without_login_ticket_is_ticket_invalid: Case::Carrier { method: "POST", path: "ct/v1/login", origin: page_origin, device: Some("demo-ct"), body: |_| json_body(json!({"digits": "1234"})) } => 200, "TICKET_INVALID";
        login_with_forged_login_ticket_is_ticket_invalid: Case::Carrier { method: "POST", path: "ct/v1/login", origin: page_origin, device: Some("demo-ct"), body: |_| json_body(json!({"loginTicket": "lt1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "digits": 1234})) } => 200, "TICKET_INVALID";
        unknown_device_is_device_unknown: Case::Carrier { method: "POST", path: "cm/v1/token", origin: page_origin, device: Some("no-such-device"), body: |c| json_body(json!({"ticket": c.ticket("CM")})) } => 200, "DEVICE_UNKNOWN";
        sim_of_another_carrier_is_not_subscriber: Case::Carrier { method: "POST", path: "cm/v1/token", origin: page_origin, device: Some("demo-cu"), body: |c| json_body(json!({"ticket": c.ticket("CM")})) } => 200, "NOT_SUBSCRIBER";
        get_is_405_bad_request: Case::Carrier { method: "GET", path: "cm/v1/token", origin: page_origin, device: Some("demo-cm"), body: no_body } => 405, "BAD_REQUEST";
        unknown_carrier_is_404_not_found: Case::Carrier { method: "POST", path: "xx/v1/token", origin: page_origin, device: None, body: |_| b"{}".to_vec() } => 404, "NOT_FOUND";
        upper_case_carrier_is_404_not_found: Case::Carrier { method: "POST", path: "CM/v1/token", origin: page_origin, device: None, body: |_| b"{}".to_vec() } => 404, "NOT_FOUND";
        unknown_operation_is_404_not_found: Case::Carrier { method: "POST", path: "cm/v1/unmask", origin: page_origin, device: None, body: |_| b"{}".to_vec() } => 404, "NOT_FOUND";
    }
}

mod sandbox_api {
    use super::*;

    macro_rules! post {
        ($path:expr, $body:expr) => {
            Case::Sandbox {
                method: "POST",
                path: $path,
                body: || $body.to_vec(),
            }
        };
    }
    macro_rules! patch {
        ($path:expr, $body:expr) => {
            Case::Sandbox {
                method: "PATCH",
                path: $path,
                body: || $body.to_vec(),
            }
        };
    }

    table! {
        device_with_unknown_carrier_is_400_bad_json: post!("devices", br#"{"carrier": "XX", "select": false}"#) => 400, "BAD_JSON";
        device_with_lower_case_carrier_is_400_bad_json: post!("devices", br#"{"carrier": "cm", "select": false}"#) => 400, "BAD_JSON";
        device_with_numeric_carrier_is_400_bad_json: post!("devices", br#"{"carrier": 1, "select": false}"#) => 400, "BAD_JSON";
        device_with_short_number_is_400_invalid: post!("devices", br#"{"number": "1380013800", "select": false}"#) => 400, "INVALID";
        device_with_number_of_another_carrier_is_400_invalid: post!("devices", br#"{"carrier": "CT", "number": "13800138000", "select": false}"#) => 400, "INVALID";
        device_with_fullwidth_number_is_400_invalid: post!("devices", "{\"number\": \"１３８００１３８０００\", \"select\": false}".as_bytes()) => 400, "INVALID";
        device_with_numeric_number_is_400_bad_json: post!("devices", br#"{"number": 13800138000, "select": false}"#) => 400, "BAD_JSON";
        device_with_unknown_connection_is_400_bad_json: post!("devices", br#"{"connection": "5g", "select": false}"#) => 400, "BAD_JSON";
        device_with_negative_delay_is_400_bad_json: post!("devices", br#"{"faults": {"CM": {"delayMs": -1}}, "select": false}"#) => 400, "BAD_JSON";
        device_with_delay_over_60_s_is_400_invalid: post!("devices", br#"{"faults": {"CM": {"delayMs": 60001}}, "select": false}"#) => 400, "INVALID";
        device_with_delay_of_1e30_is_400_bad_json: post!("devices", br#"{"faults": {"CM": {"delayMs": 1e30}}, "select": false}"#) => 400, "BAD_JSON";
        device_with_delay_as_text_is_400_bad_json: post!("devices", br#"{"faults": {"CM": {"delayMs": "3000"}}, "select": false}"#) => 400, "BAD_JSON";
        device_with_faults_of_unknown_carrier_is_400_bad_json: post!("devices", br#"{"faults": {"XX": {"blocked": true}}, "select": false}"#) => 400, "BAD_JSON";
        device_with_unknown_fault_is_400_bad_json: post!("devices", br#"{"faults": {"CM": {"fire": true}}, "select": false}"#) => 400, "BAD_JSON";
        device_with_unknown_field_is_400_bad_json: post!("devices", br#"{"imei": "1", "select": false}"#) => 400, "BAD_JSON";
        device_id_with_space_is_400_invalid: post!("devices", br#"{"id": "a b", "select": false}"#) => 400, "INVALID";
        device_id_with_semicolon_is_400_invalid: post!("devices", br#"{"id": "a;Path=/x", "select": false}"#) => 400, "INVALID";
        device_id_of_65_chars_is_400_invalid: post!("devices", format!(r#"{{"id": "{}", "select": false}}"#, "a".repeat(65)).as_bytes()) => 400, "INVALID";
        device_id_taken_is_409_exists: post!("devices", br#"{"id": "demo-cm", "select": false}"#) => 409, "EXISTS";
        device_not_json_is_400_bad_json: post!("devices", b"carrier=CM") => 400, "BAD_JSON";
        device_json_array_is_400_bad_json: post!("devices", b"[]") => 400, "BAD_JSON";
        device_null_fields_are_the_defaults: post!("devices", br#"{"carrier": null, "number": null, "connection": null, "faults": null, "select": false}"#) => 201, "";
        device_body_over_16_kib_is_413_bad_body: post!("devices", format!(r#"{{"id": "{}"}}"#, "a".repeat(17 * 1024)).as_bytes()) => 413, "BAD_BODY";
        patch_unknown_device_is_404_not_found: patch!("devices/no-such-device", br#"{"connection": "wifi"}"#) => 404, "NOT_FOUND";
        patch_device_with_negative_delay_is_400_bad_json: patch!("devices/demo-cu", br#"{"faults": {"CU": {"delayMs": -5}}}"#) => 400, "BAD_JSON";
        patch_device_with_huge_delay_is_400_invalid: patch!("devices/demo-cu", br#"{"faults": {"CU": {"delayMs": 86400000}}}"#) => 400, "INVALID";
        patch_device_with_bad_number_is_400_invalid: patch!("devices/demo-cu", br#"{"number": "999"}"#) => 400, "INVALID";
        patch_device_with_empty_body_is_400_bad_json: patch!("devices/demo-cu", b"") => 400, "BAD_JSON";
        select_unknown_device_is_404_not_found: post!("devices/nope/select", b"") => 404, "NOT_FOUND";

        scheme_without_url_is_400_bad_json: post!("schemes", br#"{"origin": "https://a.example"}"#) => 400, "BAD_JSON";
        // A url without its trailing slash is normalised and accepted: tests/url_normalisation.rs.
        scheme_with_origin_with_path_is_400_invalid: post!("schemes", br#"{"url": "https://a.example/", "origin": "https://a.example/x"}"#) => 400, "INVALID";
        scheme_with_two_colon_host_is_400_invalid: post!("schemes", br#"{"url": "https://a:b:1/", "origin": "https://a:b:1"}"#) => 400, "INVALID";
        scheme_with_bad_endpoint_is_400_invalid: post!("schemes", br#"{"url": "https://a.example/", "origin": "https://a.example", "endpoint": "ftp://x"}"#) => 400, "INVALID";
        scheme_with_unknown_account_is_400_invalid: post!("schemes", br#"{"url": "https://a.example/", "origin": "https://a.example", "account": "nobody"}"#) => 400, "INVALID";
        scheme_with_bad_scene_code_is_400_invalid: post!("schemes", br#"{"sceneCode": "FC 1", "url": "https://a.example/", "origin": "https://a.example"}"#) => 400, "INVALID";
        scheme_with_existing_scene_code_is_409_exists: post!("schemes", br#"{"sceneCode": "FC100000000000001", "url": "https://a.example/", "origin": "https://a.example"}"#) => 409, "EXISTS";
        scheme_with_negative_quota_is_400_bad_json: post!("schemes", br#"{"url": "https://a.example/", "origin": "https://a.example", "quota": -1}"#) => 400, "BAD_JSON";
        scheme_with_text_quota_is_400_bad_json: post!("schemes", br#"{"url": "https://a.example/", "origin": "https://a.example", "quota": "10"}"#) => 400, "BAD_JSON";
        scheme_with_huge_lifetime_is_400_invalid: post!("schemes", br#"{"url": "https://a.example/", "origin": "https://a.example", "lifetimes": {"accessToken": 18446744073709551615}}"#) => 400, "INVALID";
        scheme_with_negative_lifetime_is_400_bad_json: post!("schemes", br#"{"url": "https://a.example/", "origin": "https://a.example", "lifetimes": {"jwt": -1}}"#) => 400, "BAD_JSON";
        scheme_with_unknown_lifetime_is_400_bad_json: post!("schemes", br#"{"url": "https://a.example/", "origin": "https://a.example", "lifetimes": {"forever": 1}}"#) => 400, "BAD_JSON";
        patch_unknown_scheme_is_404_not_found: patch!("schemes/FC000", br#"{"demoted": true}"#) => 404, "NOT_FOUND";
        patch_scheme_with_huge_lifetime_is_400_invalid: patch!("schemes/FC100000000000002", br#"{"lifetimes": {"spToken": 100000}}"#) => 400, "INVALID";
        patch_scheme_with_negative_quota_is_400_bad_json: patch!("schemes/FC100000000000002", br#"{"quota": -1}"#) => 400, "BAD_JSON";
        patch_scheme_with_text_demoted_is_400_bad_json: patch!("schemes/FC100000000000002", br#"{"demoted": "yes"}"#) => 400, "BAD_JSON";
        delete_unknown_scheme_is_404_not_found: Case::Sandbox { method: "DELETE", path: "schemes/FC000", body: Vec::new } => 404, "NOT_FOUND";

        account_with_negative_qps_is_400_bad_json: post!("accounts", br#"{"qps": -1}"#) => 400, "BAD_JSON";
        account_with_qps_over_u32_is_400_bad_json: post!("accounts", br#"{"qps": 10000000000}"#) => 400, "BAD_JSON";
        account_with_text_qps_is_400_bad_json: post!("accounts", br#"{"qps": "10"}"#) => 400, "BAD_JSON";
        account_with_unknown_field_is_400_bad_json: post!("accounts", br#"{"secret": "mine"}"#) => 400, "BAD_JSON";
        unknown_sandbox_path_is_404_not_found: Case::Sandbox { method: "GET", path: "nothing-here", body: Vec::new } => 404, "NOT_FOUND";
        devices_with_wrong_method_is_405_method_not_allowed: Case::Sandbox { method: "GET", path: "devices", body: Vec::new } => 405, "METHOD_NOT_ALLOWED";
    }
}
