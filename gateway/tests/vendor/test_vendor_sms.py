"""SMS verification (SendSmsVerifyCode / CheckSmsVerifyCode) driven by the vendor's own, unmodified Python client.

The gateway is started with no configuration at all (no --sandbox, no --config: the embedded sandbox), and the
demo AccessKey pair, SignName and TemplateCode are read from its start-up banner, as a person would copy them.
The code a person would read on the simulated phone comes from the sandbox inbox's control API.

Environment: GATEWAY_BIN (the gateway binary, required).
"""

import os
import re
import subprocess
import tempfile
import time
import uuid

import pytest

from test_vendor_client import RT, Gateway, _free_port, expect_business_code  # noqa: F401 (env vars popped there)
from alibabacloud_dypnsapi20170525 import models as dyp_models


def _cm_number():
    return "138" + "%08d" % (uuid.uuid4().int % 100_000_000)


@pytest.fixture(scope="module")
def sms_gw():
    binary = os.environ.get("GATEWAY_BIN")
    if not binary:
        pytest.fail("GATEWAY_BIN is not set (run.sh sets it)")
    port = _free_port()
    log = tempfile.NamedTemporaryFile(prefix="gateway-vendor-sms-", suffix=".log", delete=False)
    proc = subprocess.Popen([binary, "--listen", "127.0.0.1:%d" % port], stdout=log, stderr=subprocess.STDOUT)
    g = Gateway(port)
    try:
        deadline = time.time() + 20
        banner = {}
        while True:
            if proc.poll() is not None:
                pytest.fail("gateway exited with %s:\n%s" % (proc.returncode, open(log.name).read()))
            text = open(log.name, encoding="utf-8").read()
            for label in ("AccessKeyId", "AccessKeySecret", "SignName", "TemplateCode"):
                m = re.search(r"^\s*%s:\s*(\S+)\s*$" % label, text, re.M)
                if m:
                    banner[label] = m.group(1)
            if len(banner) == 4:
                break
            if time.time() > deadline:
                pytest.fail("no AccessKey pair, SignName and TemplateCode in the start-up banner:\n" + text)
            time.sleep(0.1)
        g.banner = banner
        yield g
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()
        os.unlink(log.name)


def _clients(gw):
    ak, sk = gw.banner["AccessKeyId"], gw.banner["AccessKeySecret"]
    # ACS3-HMAC-SHA256 (the client's default) and v1 HMAC-SHA1 (its RPC path, signature_algorithm='v2').
    return {"acs3": gw.client(ak, sk), "v1": gw.client(ak, sk, signature_algorithm="v2")}


def _send(gw, client, number, **extra):
    req = dyp_models.SendSmsVerifyCodeRequest(
        phone_number=number,
        sign_name=extra.pop("sign_name", gw.banner["SignName"]),
        template_code=extra.pop("template_code", gw.banner["TemplateCode"]),
        template_param=extra.pop("template_param", '{"code":"##code##","min":"5"}'),
        **extra,
    )
    return client.send_sms_verify_code_with_options(req, RT)


def _check(client, number, code, **extra):
    req = dyp_models.CheckSmsVerifyCodeRequest(phone_number=number, verify_code=code, **extra)
    return client.check_sms_verify_code_with_options(req, RT)


def _inbox_code(gw, number):
    status, _, body = gw.http("GET", "/sandbox/v1/sms/inbox/%s/latest" % number)
    assert status == 200, body
    return body["code"]


@pytest.mark.parametrize("scheme", ["acs3", "v1"])
def test_send_read_the_phone_check(sms_gw, scheme):
    client = _clients(sms_gw)[scheme]
    number = _cm_number()
    r = _send(sms_gw, client, number, out_id="vendor-" + scheme, code_length=6)
    assert r.status_code == 200
    assert r.body.code == "OK" and r.body.success is True, r.body.to_map()
    assert r.body.model.biz_id and r.body.model.out_id == "vendor-" + scheme, r.body.to_map()
    assert r.body.model.verify_code is None, "the code comes back only with ReturnVerifyCode"
    code = _inbox_code(sms_gw, number)
    assert len(code) == 6 and code.isdigit()
    c = _check(client, number, code, out_id="vendor-" + scheme)
    assert c.body.code == "OK", c.body.to_map()
    assert c.body.model.verify_result == "PASS" and c.body.model.out_id == "vendor-" + scheme
    again = _check(client, number, code)
    assert again.body.model.verify_result == "UNKNOWN", "a code passes once"


@pytest.mark.parametrize("scheme", ["acs3", "v1"])
def test_return_verify_code_letters_and_case_policy(sms_gw, scheme):
    client = _clients(sms_gw)[scheme]
    number = _cm_number()
    r = _send(sms_gw, client, number, return_verify_code=True, code_type=3, code_length=8, valid_time=120)
    code = r.body.model.verify_code
    assert code and len(code) == 8 and code.islower(), r.body.to_map()
    assert _check(client, number, code.upper(), case_auth_policy=2).body.model.verify_result == "UNKNOWN"
    assert _check(client, number, code.upper(), case_auth_policy=1).body.model.verify_result == "PASS"


@pytest.mark.parametrize("scheme", ["acs3", "v1"])
def test_refusals_come_back_as_business_codes(sms_gw, scheme):
    client = _clients(sms_gw)[scheme]
    number = _cm_number()
    expect_business_code(lambda: _send(sms_gw, client, number, sign_name="NoSuchSign"), "isv.SMS_SIGNATURE_ILLEGAL")
    expect_business_code(lambda: _send(sms_gw, client, number, template_code="SMS_0"), "isv.SMS_TEMPLATE_ILLEGAL")
    expect_business_code(lambda: _send(sms_gw, client, "12345"), "isv.MOBILE_NUMBER_ILLEGAL")
    expect_business_code(lambda: _send(sms_gw, client, number, code_length=9), "isv.INVALID_PARAMETERS")
    expect_business_code(
        lambda: _send(sms_gw, client, number, template_param='{"code":1234}'), "isv.INVALID_JSON_PARAM"
    )
    assert _send(sms_gw, client, number).body.code == "OK", "the refusals stored nothing"
    expect_business_code(lambda: _send(sms_gw, client, number), "biz.FREQUENCY")
    # The client's CheckSmsVerifyCode answer model has no RequestId field: checked by hand.
    r = _check(client, number, "12-34")
    assert r.status_code == 200 and r.body.code == "isv.INVALID_PARAMETERS", r.body.to_map()
    assert r.body.message and r.body.model is None
