//! Finding 7 of docs/security.md: an ACS3 request whose body carries parameters must sign `content-type`, the
//! header that decides whether the body is read as parameters at all.

mod common;

use common::{iso, nonce, now, AK, SK};
use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};

/// `GetPhoneWithToken` with its parameters in a form body, signed over `signed` headers (lower case, sorted).
async fn v3_form(
    gw: &common::Gw,
    sign_content_type: bool,
    send_content_type: &str,
) -> serde_json::Value {
    let host = gw.base.trim_start_matches("http://").to_owned();
    let body = "SpToken=x";
    let body_hash = hex::encode(Sha256::digest(body.as_bytes()));
    let mut headers = vec![
        ("content-type", send_content_type.to_owned()),
        ("host", host),
        ("x-acs-action", "GetPhoneWithToken".to_owned()),
        ("x-acs-content-sha256", body_hash.clone()),
        ("x-acs-date", iso(now())),
        ("x-acs-signature-nonce", nonce()),
        ("x-acs-version", "2017-05-25".to_owned()),
    ];
    let signed_list: Vec<&(&str, String)> = headers
        .iter()
        .filter(|(k, _)| sign_content_type || *k != "content-type")
        .collect();
    let signed = signed_list
        .iter()
        .map(|(k, _)| *k)
        .collect::<Vec<_>>()
        .join(";");
    let ch: String = signed_list
        .iter()
        .map(|(k, v)| format!("{k}:{v}\n"))
        .collect();
    let creq = format!("POST\n/\n\n{ch}\n{signed}\n{body_hash}");
    let sts = format!(
        "ACS3-HMAC-SHA256\n{}",
        hex::encode(Sha256::digest(creq.as_bytes()))
    );
    let mut mac = Hmac::<Sha256>::new_from_slice(SK.as_bytes()).unwrap();
    mac.update(sts.as_bytes());
    let sig = hex::encode(mac.finalize().into_bytes());
    headers.retain(|(k, _)| *k != "host");
    let mut req = gw.http.post(format!("{}/", gw.base)).body(body);
    for (k, v) in &headers {
        req = req.header(*k, v);
    }
    let r = req
        .header(
            "authorization",
            format!("ACS3-HMAC-SHA256 Credential={AK},SignedHeaders={signed},Signature={sig}"),
        )
        .send()
        .await
        .unwrap();
    serde_json::from_str(&r.text().await.unwrap()).unwrap()
}

#[tokio::test]
async fn acs3_body_parameters_need_a_signed_content_type() {
    let gw = common::start().await;
    let form = "application/x-www-form-urlencoded";
    // Signed: the body's parameters are read and the call runs.
    let v = v3_form(&gw, true, form).await;
    assert_eq!(v["Code"], "isv.TOKEN_INVALID", "{v}");
    // Unsigned: refused before anything runs, whatever the content type says.
    for ct in [form, "text/plain"] {
        let v = v3_form(&gw, false, ct).await;
        assert_eq!(v["Code"], "IncompleteSignature", "{ct}: {v}");
        assert!(
            v["Message"].as_str().unwrap().contains("content-type"),
            "{v}"
        );
    }
}
