//! SendSmsVerifyCode / CheckSmsVerifyCode over loopback HTTP: answers, every rule and every refusal, with
//! both signature schemes. A refused send must store nothing: no message, no send time (the next valid send
//! is not held back by the interval).

mod common;

use common::{start, start_with, Sign};
use pns_gateway::config::Config;
use pns_gateway::sms::DEMO_SIGN_NAME;

const N: &str = "13800138000";

#[tokio::test]
async fn send_and_check_pass_once_with_the_vendor_answer_shapes() {
    let gw = start().await;
    let r = gw.sms_send(N, &[("OutId", "order-1")]).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["Code"], "OK");
    assert_eq!(r.body["Success"], true);
    let m = &r.body["Model"];
    assert!(m.get("VerifyCode").is_none(), "code only when asked: {m}");
    assert_eq!(m["OutId"], "order-1");
    assert_eq!(m["RequestId"], r.body["RequestId"]);
    assert!(m["BizId"].as_str().unwrap().ends_with("^0"));
    let inbox = gw.inbox(N).await;
    let msg = &inbox["messages"][0];
    assert_eq!(msg["bizId"], m["BizId"]);
    assert_eq!(msg["status"], "delivered");
    let code = msg["code"].as_str().unwrap().to_owned();
    assert_eq!(code.len(), 4, "default CodeLength 4");
    assert!(
        code.bytes().all(|b| b.is_ascii_digit()),
        "default CodeType 1"
    );
    let text = msg["text"].as_str().unwrap();
    assert!(text.starts_with(&format!("【{DEMO_SIGN_NAME}】")), "{text}");
    assert!(text.contains(&code) && text.contains("5分钟"), "{text}");

    let c = gw
        .v1(
            &Sign::demo(),
            "GET",
            "CheckSmsVerifyCode",
            &[
                ("PhoneNumber", N),
                ("VerifyCode", &code),
                ("OutId", "order-1"),
            ],
        )
        .await;
    assert_eq!(c.body["Code"], "OK", "{}", c.text);
    assert_eq!(c.body["Model"]["VerifyResult"], "PASS");
    assert_eq!(c.body["Model"]["OutId"], "order-1");
    // Single pass.
    assert_eq!(gw.sms_check(N, &code, &[]).await, "UNKNOWN");
}

#[tokio::test]
async fn both_signature_schemes_and_a_form_body() {
    let gw = start().await;
    let s = Sign::demo();
    let p = common::sms::send_params(N, &[("ReturnVerifyCode", "true"), ("Interval", "0")]);
    for v3 in [true, false] {
        // Each code is checked before the next send overwrites it (DuplicatePolicy 1).
        let r = if v3 {
            gw.v3(&s, "SendSmsVerifyCode", &p).await
        } else {
            gw.v1_form(&s, "SendSmsVerifyCode", &p).await
        };
        assert_eq!(r.body["Code"], "OK", "{}", r.text);
        let code = r.body["Model"]["VerifyCode"].as_str().unwrap();
        let c = gw
            .v3(
                &s,
                "CheckSmsVerifyCode",
                &[("PhoneNumber", N), ("VerifyCode", code)],
            )
            .await;
        assert_eq!(c.body["Model"]["VerifyResult"], "PASS", "{}", c.text);
    }
}

#[tokio::test]
async fn a_code_expires_after_valid_time() {
    let gw = start().await;
    let code = gw.sms_code(N, &[("ValidTime", "1")]).await;
    tokio::time::sleep(std::time::Duration::from_millis(2100)).await;
    assert_eq!(gw.sms_check(N, &code, &[]).await, "UNKNOWN");
}

#[tokio::test]
async fn interval_then_hourly_cap() {
    let gw = start().await;
    gw.sms_code(N, &[]).await;
    let r = gw.sms_send(N, &[]).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.body["Code"], "biz.FREQUENCY", "{}", r.text);
    assert_eq!(gw.inbox_len(N).await, 1, "a refused send stores no message");
    // Interval 0: the caps still count. Default 5 an hour.
    for _ in 0..4 {
        gw.sms_code(N, &[("Interval", "0")]).await;
    }
    let r = gw.sms_send(N, &[("Interval", "0")]).await;
    assert_eq!(r.body["Code"], "isv.BUSINESS_LIMIT_CONTROL", "{}", r.text);
    assert_eq!(r.body["Message"], "触发小时级流控Permits:5");
    // Another number is not held back.
    gw.sms_code("13800138001", &[]).await;
}

#[tokio::test]
async fn hourly_cap_from_the_config() {
    let cfg =
        Config::from_toml("sandbox = true\n[sms.limits]\nper_hour = 2\nper_day = 4\n").unwrap();
    let gw = start_with(cfg).await;
    gw.sms_code(N, &[("Interval", "0")]).await;
    gw.sms_code(N, &[("Interval", "0")]).await;
    let r = gw.sms_send(N, &[("Interval", "0")]).await;
    assert_eq!(r.body["Message"], "触发小时级流控Permits:2", "{}", r.text);
}

#[tokio::test]
async fn wrong_checks_kill_the_code_at_the_cap() {
    let gw = start().await;
    let code = gw.sms_code(N, &[]).await;
    let wrong = if code == "0000" { "1111" } else { "0000" };
    for _ in 0..2 {
        assert_eq!(gw.sms_check(N, wrong, &[]).await, "UNKNOWN");
    }
    // Two misses: still alive.
    assert_eq!(gw.sms_check(N, &code, &[]).await, "PASS");
    let code = gw.sms_code(N, &[("Interval", "0")]).await;
    for _ in 0..3 {
        assert_eq!(gw.sms_check(N, wrong, &[]).await, "UNKNOWN");
    }
    assert_eq!(
        gw.sms_check(N, &code, &[]).await,
        "UNKNOWN",
        "dead after 3 misses"
    );
}

#[tokio::test]
async fn duplicate_policy_overwrites_or_keeps() {
    let gw = start().await;
    let a = gw.sms_code(N, &[("Interval", "0")]).await;
    let b = gw.sms_code(N, &[("Interval", "0")]).await;
    if a != b {
        assert_eq!(
            gw.sms_check(N, &a, &[]).await,
            "UNKNOWN",
            "policy 1 overwrites"
        );
    }
    assert_eq!(gw.sms_check(N, &b, &[]).await, "PASS");
    let k = "13800138002";
    let a = gw
        .sms_code(k, &[("Interval", "0"), ("DuplicatePolicy", "2")])
        .await;
    let b = gw
        .sms_code(k, &[("Interval", "0"), ("DuplicatePolicy", "2")])
        .await;
    assert_eq!(gw.sms_check(k, &a, &[]).await, "PASS", "policy 2 keeps");
    if a != b {
        assert_eq!(gw.sms_check(k, &b, &[]).await, "PASS");
    }
}

#[tokio::test]
async fn code_types_lengths_and_case_policy() {
    let gw = start().await;
    for (t, ok) in [
        ("1", "0123456789"),
        ("2", "ABCDEFGHIJKLMNOPQRSTUVWXYZ"),
        ("3", "abcdefghijklmnopqrstuvwxyz"),
        ("5", "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"),
        ("6", "0123456789abcdefghijklmnopqrstuvwxyz"),
    ] {
        let code = gw
            .sms_code(
                N,
                &[("Interval", "0"), ("CodeType", t), ("CodeLength", "8")],
            )
            .await;
        assert_eq!(code.len(), 8);
        assert!(code.chars().all(|c| ok.contains(c)), "CodeType {t}: {code}");
        // Spend it, so the hourly cap is the only state left.
        assert_eq!(gw.sms_check(N, &code, &[]).await, "PASS");
    }
    let m = "13800138003";
    let code = gw
        .sms_code(m, &[("CodeType", "3"), ("Interval", "0")])
        .await;
    let upper = code.to_uppercase();
    assert_eq!(
        gw.sms_check(m, &upper, &[("CaseAuthPolicy", "2")]).await,
        "UNKNOWN"
    );
    assert_eq!(
        gw.sms_check(m, &upper, &[("CaseAuthPolicy", "1")]).await,
        "PASS"
    );
}

#[tokio::test]
async fn a_caller_fixed_code_is_sent_but_cannot_be_checked() {
    let gw = start().await;
    let r = gw
        .sms_send(
            N,
            &[
                ("TemplateParam", r#"{"code":"654321","min":"5"}"#),
                ("ReturnVerifyCode", "true"),
            ],
        )
        .await;
    assert_eq!(r.body["Code"], "OK", "{}", r.text);
    assert!(r.body["Model"].get("VerifyCode").is_none());
    let inbox = gw.inbox(N).await;
    assert!(inbox["messages"][0]["text"]
        .as_str()
        .unwrap()
        .contains("654321"));
    assert_eq!(gw.sms_check(N, "654321", &[]).await, "UNKNOWN");
}

#[tokio::test]
async fn scheme_name_and_out_id_scope_the_code() {
    let gw = start().await;
    let code = gw
        .sms_code(N, &[("SchemeName", "login"), ("OutId", "o1")])
        .await;
    assert_eq!(
        gw.sms_check(N, &code, &[]).await,
        "UNKNOWN",
        "default scheme"
    );
    assert_eq!(
        gw.sms_check(N, &code, &[("SchemeName", "login"), ("OutId", "o2")])
            .await,
        "UNKNOWN"
    );
    assert_eq!(
        gw.sms_check(N, &code, &[("SchemeName", "login"), ("OutId", "o1")])
            .await,
        "PASS"
    );
}

#[tokio::test]
async fn another_account_cannot_check_the_code() {
    let cfg = Config::from_toml(
        "sandbox = true\n[[accounts]]\nid = \"other\"\naccess_key_id = \"AK2\"\naccess_key_secret = \"SK2\"\n",
    )
    .unwrap();
    let gw = start_with(cfg).await;
    let code = gw.sms_code(N, &[]).await;
    let other = Sign::with("AK2", "SK2");
    let r = gw
        .v1(
            &other,
            "GET",
            "CheckSmsVerifyCode",
            &[("PhoneNumber", N), ("VerifyCode", &code)],
        )
        .await;
    assert_eq!(r.body["Model"]["VerifyResult"], "UNKNOWN", "{}", r.text);
    // Its frequency caps are its own too.
    let r = gw
        .v1(
            &other,
            "GET",
            "SendSmsVerifyCode",
            &common::sms::send_params(N, &[]),
        )
        .await;
    assert_eq!(r.body["Code"], "OK", "{}", r.text);
    assert_eq!(gw.sms_check(N, &code, &[]).await, "PASS");
}

#[tokio::test]
async fn per_account_number_cap() {
    let cfg = Config::from_toml("sandbox = true\n[sms.limits]\nnumbers_per_account = 1\n").unwrap();
    let gw = start_with(cfg).await;
    gw.sms_code(N, &[]).await;
    let r = gw.sms_send("13800138009", &[]).await;
    assert_eq!(r.status, 503, "{}", r.text);
    assert_eq!(r.body["Code"], "ServiceUnavailable");
    assert_eq!(gw.inbox_len("13800138009").await, 0);
}

#[tokio::test]
async fn unknown_sign_name_or_template_is_refused_and_stores_nothing() {
    let gw = start().await;
    let r = gw.sms_send(N, &[("SignName", "NoSuchSign")]).await;
    assert_eq!(r.body["Code"], "isv.SMS_SIGNATURE_ILLEGAL", "{}", r.text);
    let r = gw.sms_send(N, &[("TemplateCode", "SMS_0")]).await;
    assert_eq!(r.body["Code"], "isv.SMS_TEMPLATE_ILLEGAL", "{}", r.text);
    assert_eq!(gw.inbox_len(N).await, 0);
    gw.sms_code(N, &[]).await;
}

#[tokio::test]
async fn sign_names_and_templates_from_the_config() {
    let cfg = Config::from_toml(
        "sandbox = true\n[sms]\nsign_names = [\"Acme\"]\n[[sms.templates]]\ncode = \"SMS_1\"\ntext = \"Acme code ${c}\"\n",
    )
    .unwrap();
    let gw = start_with(cfg).await;
    let r = gw
        .sms_send(
            N,
            &[
                ("SignName", "Acme"),
                ("TemplateCode", "SMS_1"),
                ("TemplateParam", r###"{"c":"##code##"}"###),
            ],
        )
        .await;
    assert_eq!(r.body["Code"], "OK", "{}", r.text);
    let text = gw.inbox(N).await["messages"][0]["text"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(text.starts_with("【Acme】Acme code "), "{text}");
    assert_eq!(gw.inbox_len(N).await, 1);
    assert!(
        Config::from_toml("[sms]\n[[sms.templates]]\ncode = \"X\"\ntext = \"a ${b\"\n")
            .unwrap()
            .validate()
            .is_err()
    );
    for bad in [
        "per_hour = 0",
        "per_hour = 20\nper_day = 10",
        "per_day = 100001",
        "wrong_checks = 0",
    ] {
        let cfg = Config::from_toml(&format!("[sms.limits]\n{bad}\n")).unwrap();
        assert!(cfg.validate().is_err(), "{bad}");
    }
    assert!(Config::from_toml("[sms.receipts]\nurl = \"https://x\"\n")
        .unwrap()
        .validate()
        .is_err());
}

#[tokio::test]
async fn malformed_send_parameters_get_their_code_and_store_nothing() {
    let gw = start().await;
    let long_scheme = "s".repeat(21);
    let long_out = "o".repeat(65);
    let huge_param = format!(r###"{{"code":"##code##","min":"{}"}}"###, "5".repeat(3000));
    let cases: Vec<(&str, &str, &str)> = vec![
        ("CodeLength", "3", "isv.INVALID_PARAMETERS"),
        ("CodeLength", "9", "isv.INVALID_PARAMETERS"),
        ("CodeLength", "four", "isv.INVALID_PARAMETERS"),
        ("CodeType", "0", "isv.INVALID_PARAMETERS"),
        ("CodeType", "8", "isv.INVALID_PARAMETERS"),
        ("ValidTime", "0", "isv.INVALID_PARAMETERS"),
        ("ValidTime", "86401", "isv.INVALID_PARAMETERS"),
        ("Interval", "-1", "isv.INVALID_PARAMETERS"),
        ("DuplicatePolicy", "3", "isv.INVALID_PARAMETERS"),
        ("ReturnVerifyCode", "yes", "isv.INVALID_PARAMETERS"),
        ("AutoRetry", "2", "isv.INVALID_PARAMETERS"),
        ("SmsUpExtendCode", "12a", "isv.INVALID_PARAMETERS"),
        ("CountryCode", "1", "isv.INVALID_PARAMETERS"),
        ("SchemeName", &long_scheme, "isv.INVALID_PARAMETERS"),
        ("OutId", &long_out, "isv.INVALID_PARAMETERS"),
        ("TemplateParam", &huge_param, "isv.INVALID_PARAMETERS"),
        ("TemplateParam", "{", "isv.INVALID_JSON_PARAM"),
        (
            "TemplateParam",
            r#"{"code":1234,"min":"5"}"#,
            "isv.INVALID_JSON_PARAM",
        ),
        (
            "TemplateParam",
            r###"["##code##"]"###,
            "isv.INVALID_JSON_PARAM",
        ),
        (
            "TemplateParam",
            r###"{"code":"##code##"}"###,
            "isv.TEMPLATE_MISSING_PARAMETERS",
        ),
    ];
    for (k, v, want) in cases {
        let r = gw.sms_send(N, &[(k, v)]).await;
        assert_eq!(r.status, 200, "{k}={v}: {}", r.text);
        assert_eq!(r.body["Code"], want, "{k}={v}: {}", r.text);
        assert!(!r.body["Message"].as_str().unwrap().is_empty());
    }
    for bad in ["123", "1380013800", "23800138000", "138001380001"] {
        let r = gw.sms_send(bad, &[]).await;
        assert_eq!(
            r.body["Code"], "isv.MOBILE_NUMBER_ILLEGAL",
            "{bad}: {}",
            r.text
        );
    }
    for missing in ["PhoneNumber", "SignName", "TemplateCode", "TemplateParam"] {
        let p: Vec<_> = common::sms::send_params(N, &[])
            .into_iter()
            .filter(|(k, _)| *k != missing)
            .collect();
        let r = gw.v1(&Sign::demo(), "GET", "SendSmsVerifyCode", &p).await;
        assert_eq!(r.status, 400, "{missing}: {}", r.text);
        assert_eq!(r.body["Code"], "MissingParameter");
        assert!(r.body["Message"].as_str().unwrap().contains(missing));
    }
    assert_eq!(gw.inbox_len(N).await, 0, "nothing stored");
    gw.sms_code(N, &[]).await;
}

#[tokio::test]
async fn malformed_check_parameters_get_their_code_and_count_as_no_miss() {
    let gw = start().await;
    let code = gw.sms_code(N, &[]).await;
    for (k, v) in [
        ("VerifyCode", "12-4"),
        ("VerifyCode", "123456789"),
        ("CaseAuthPolicy", "3"),
        ("CountryCode", "852"),
    ] {
        let mut p = vec![("PhoneNumber", N), ("VerifyCode", code.as_str())];
        p.retain(|(pk, _)| *pk != k);
        p.push((k, v));
        let r = gw.v1(&Sign::demo(), "GET", "CheckSmsVerifyCode", &p).await;
        assert_eq!(
            r.body["Code"], "isv.INVALID_PARAMETERS",
            "{k}={v}: {}",
            r.text
        );
    }
    let r = gw
        .v1(
            &Sign::demo(),
            "GET",
            "CheckSmsVerifyCode",
            &[("PhoneNumber", N)],
        )
        .await;
    assert_eq!(r.body["Code"], "MissingParameter");
    assert_eq!(
        gw.sms_check("1234", &code, &[]).await,
        "isv.MOBILE_NUMBER_ILLEGAL"
    );
    assert_eq!(gw.sms_check(N, &code, &[]).await, "PASS");
}

#[tokio::test]
async fn unsigned_or_wrongly_signed_sms_calls_are_refused() {
    let gw = start().await;
    let s = Sign {
        wrong_secret: true,
        ..Sign::demo()
    };
    let r = gw
        .v1(
            &s,
            "GET",
            "SendSmsVerifyCode",
            &common::sms::send_params(N, &[]),
        )
        .await;
    assert_eq!(r.body["Code"], "SignatureDoesNotMatch", "{}", r.text);
    assert_eq!(gw.inbox_len(N).await, 0);
}
