"""The gateway's signed server API driven by the vendor's own, unmodified Python client.

The client (`alibabacloud-dypnsapi20170525`, pinned in requirements.txt) is pointed at the sandbox gateway by
endpoint and protocol only. The browser's part of the flow (identity check, simulated carriers, sandbox devices)
is played with plain http.client calls, as protocol.md describes them. See NOTES.md for what the client sends and
what it expects back.

Environment: GATEWAY_BIN (the gateway binary, required), GATEWAY_ARGS (extra flags, optional).
"""

import base64
import http.client
import json
import os
import shlex
import socket
import subprocess
import tempfile
import time
import urllib.parse
import uuid

import pytest

# The vendor client sends through `requests`, which honours proxy variables: the gateway is on loopback.
for _var in ("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"):
    os.environ.pop(_var, None)

from alibabacloud_dypnsapi20170525 import models as dyp_models  # noqa: E402
from alibabacloud_dypnsapi20170525.client import Client as DypClient  # noqa: E402
from alibabacloud_tea_openapi import models as open_api_models  # noqa: E402
from darabonba.runtime import RuntimeOptions  # noqa: E402

# Numbers by carrier prefix (CM 138, CU 130/186, CT 189). Each test uses its own numbers, so the per-number CM daily
# limit and CM/CT lock never spill from one test into another.
CM_PREFIX, CU_PREFIX, CT_PREFIX = "138", "130", "189"


def _number(prefix):
    return prefix + "%08d" % (uuid.uuid4().int % 100_000_000)


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _find(obj, *names):
    """First value under any of `names` (case- and underscore-insensitive), searching nested dicts and lists."""
    wanted = {n.lower().replace("_", "") for n in names}
    stack = [obj]
    while stack:
        cur = stack.pop(0)
        if isinstance(cur, dict):
            for k, v in cur.items():
                if k.lower().replace("_", "") in wanted and v not in (None, ""):
                    return v
            stack.extend(cur.values())
        elif isinstance(cur, list):
            stack.extend(cur)
    return None


class Gateway:
    def __init__(self, port):
        self.port = port
        self.host = "127.0.0.1:%d" % port
        self.base = "http://" + self.host

    # --- plain HTTP, for the browser-side and sandbox calls ---
    def http(self, method, path, body=None, headers=None, content_type="application/json"):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            hdrs = dict(headers or {})
            data = None
            if body is not None:
                data = body if isinstance(body, (bytes, str)) else json.dumps(body)
                if isinstance(data, str):
                    data = data.encode("utf-8")
                hdrs.setdefault("Content-Type", content_type)
            conn.request(method, path, body=data, headers=hdrs)
            resp = conn.getresponse()
            raw = resp.read()
            try:
                parsed = json.loads(raw) if raw else None
            except ValueError:
                parsed = raw.decode("utf-8", "replace")
            return resp.status, {k.lower(): v for k, v in resp.getheaders()}, parsed
        finally:
            conn.close()

    def sandbox(self, method, path, body=None):
        status, _, parsed = self.http(method, "/sandbox/v1" + path, body)
        assert 200 <= status < 300, "%s /sandbox/v1%s -> %s %r" % (method, path, status, parsed)
        return parsed

    # --- the vendor client ---
    def client(self, ak, sk, **extra):
        cfg = open_api_models.Config(
            access_key_id=ak, access_key_secret=sk, endpoint=self.host, protocol="http", **extra
        )
        return DypClient(cfg)


@pytest.fixture(scope="module")
def gw():
    binary = os.environ.get("GATEWAY_BIN")
    if not binary:
        pytest.fail("GATEWAY_BIN is not set (run.sh sets it)")
    port = _free_port()
    log = tempfile.NamedTemporaryFile(prefix="gateway-vendor-test-", suffix=".log", delete=False)
    args = [binary, "--sandbox", "--listen", "127.0.0.1:%d" % port]
    args += shlex.split(os.environ.get("GATEWAY_ARGS", ""))
    proc = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT)
    g = Gateway(port)
    try:
        deadline = time.time() + 20
        while True:
            if proc.poll() is not None:
                pytest.fail("gateway exited with %s:\n%s" % (proc.returncode, open(log.name).read()))
            try:
                status, _, body = g.http("GET", "/healthz")
                if status == 200:
                    break
            except OSError:
                pass
            if time.time() > deadline:
                pytest.fail("gateway did not answer /healthz within 20 s:\n" + open(log.name).read())
            time.sleep(0.1)
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


@pytest.fixture(scope="module")
def env(gw):
    """The demo AccessKey pair from /sandbox/v1/info and a scheme of our own for that account."""
    info = gw.sandbox("GET", "/info")
    ak = _find(info, "accessKeyId")
    sk = _find(info, "accessKeySecret")
    assert ak and sk, "no accessKeyId/accessKeySecret in /sandbox/v1/info: %r" % (info,)
    account = _find(info, "accountId")
    base = _find(info, "baseUrl", "publicUrl", "base")
    if isinstance(base, str):
        assert base.rstrip("/") == base, "base URL must have no trailing slash: %r" % base
    # Our own scheme: its own origin and quota, so nothing else counts against it.
    origin = "https://vendor-test-%s.example" % uuid.uuid4().hex[:8]
    body = {"url": origin + "/", "origin": origin}
    if account:
        body["account"] = account
    scheme = gw.sandbox("POST", "/schemes", body)
    scene = _find(scheme, "sceneCode")
    assert scene, "POST /sandbox/v1/schemes answered no sceneCode: %r" % (scheme,)
    return {
        "ak": ak,
        "sk": sk,
        "scene": scene,
        "url": origin + "/",
        "origin": origin,
        "info": info,
        "client": gw.client(ak, sk),
    }


RT = RuntimeOptions()


def get_auth_token(env, biz, client=None, **over):
    req = dyp_models.GetAuthTokenRequest(
        url=over.get("url", env["url"]),
        origin=over.get("origin", env["origin"]),
        scene_code=over.get("scene", env["scene"]),
        biz_type=biz,
    )
    return (client or env["client"]).get_auth_token_with_options(req, RT)


def tokens(env, biz):
    r = get_auth_token(env, biz)
    assert r.body.code == "OK", r.body.to_map()
    return r.body.token_info.access_token, r.body.token_info.jwt_token


def check(gw, env, biz, at, jwt, origin=None):
    body = {"accessToken": at, "jwtToken": jwt, "bizType": biz, "requestId": str(uuid.uuid4()), "sdkVersion": "1.0.0"}
    status, headers, parsed = gw.http(
        "POST",
        "/h5/v1/check",
        json.dumps(body),
        headers={"Origin": origin or env["origin"]},
        content_type="text/plain;charset=UTF-8",
    )
    return status, headers, parsed


def new_device(gw, carrier, number, connection="cellular"):
    dev = gw.sandbox(
        "POST", "/devices", {"carrier": carrier, "number": number, "connection": connection, "select": False}
    )
    dev_id = _find(dev, "id")
    assert dev_id, "POST /sandbox/v1/devices answered no id: %r" % (dev,)
    return str(dev_id)


def carrier_call(gw, env, entry, op, body, device):
    url = entry.get("url") or "/carrier/%s/v1/" % entry["vender"].lower()
    path = urllib.parse.urlsplit(url).path
    if not path.endswith("/"):
        path += "/"
    status, headers, parsed = gw.http(
        "POST",
        path + op,
        json.dumps(dict(body, requestId=str(uuid.uuid4()))),
        headers={"Origin": env["origin"], "X-Pns-Sim": device},
        content_type="text/plain;charset=UTF-8",
    )
    assert status == 200, "%s%s -> %s %r" % (path, op, status, parsed)
    return parsed


def carrier_entry(check_answer, carrier):
    for entry in check_answer.get("carriers") or []:
        if entry.get("vender") == carrier:
            return entry
    raise AssertionError("no %s ticket in %r" % (carrier, check_answer))


def verify_token(gw, env, carrier, number):
    """A verification spToken for a fresh device with that SIM: GetAuthToken → check → carrier token."""
    device = new_device(gw, carrier, number)
    at, jwt = tokens(env, 0)
    status, _, answer = check(gw, env, 0, at, jwt)
    assert status == 200 and answer.get("code") == 600000, answer
    entry = carrier_entry(answer, carrier)
    out = carrier_call(gw, env, entry, "token", {"ticket": entry["ticket"]}, device)
    assert out.get("ok") is True and str(out.get("token", "")).startswith("sp1."), out
    return out["token"]


def login_token(gw, env, carrier, number):
    device = new_device(gw, carrier, number)
    at, jwt = tokens(env, 1)
    status, _, answer = check(gw, env, 1, at, jwt)
    assert status == 200 and answer.get("code") == 600000, answer
    entry = carrier_entry(answer, carrier)
    masked = carrier_call(gw, env, entry, "mask", {"ticket": entry["ticket"]}, device)
    assert masked.get("ok") is True, masked
    assert masked.get("maskedNumber") == number[:3] + "****" + number[7:], masked
    out = carrier_call(gw, env, entry, "login", {"loginTicket": masked["loginTicket"], "digits": number[3:7]}, device)
    assert out.get("ok") is True and str(out.get("token", "")).startswith("sp1."), out
    return out["token"]


def verify(env, sp_token, number, client=None):
    req = dyp_models.VerifyPhoneWithTokenRequest(sp_token=sp_token, phone_number=number)
    return (client or env["client"]).verify_phone_with_token_with_options(req, RT)


def get_phone(env, sp_token, client=None):
    req = dyp_models.GetPhoneWithTokenRequest(sp_token=sp_token)
    return (client or env["client"]).get_phone_with_token_with_options(req, RT)


def expect_business_code(call, code):
    """A business refusal (isv.*): HTTP 200 with the Code in the body, as the platform answers it (protocol.md §0),
    which the vendor client returns as a normal response model, not as an exception."""
    try:
        r = call()
    except Exception as e:  # the vendor client's ClientException / ServerException
        pytest.fail(
            "expected HTTP 200 with Code %s, the client raised %s (code %s, HTTP %s): %s"
            % (code, type(e).__name__, getattr(e, "code", None), getattr(e, "status_code", None), e)
        )
    assert r.status_code == 200, r.status_code
    assert r.body.code == code, "expected %s, got %r" % (code, r.body.to_map())
    assert r.body.request_id, r.body.to_map()
    assert r.body.message, r.body.to_map()
    return r


def expect_auth_failure(call, code):
    """An authentication failure: HTTP 4xx + JSON Code, surfaced by the client as ClientException.code."""
    from alibabacloud_tea_openapi.exceptions import ClientException

    with pytest.raises(ClientException) as info:
        r = call()
        pytest.fail("expected %s, the call succeeded: %r" % (code, r.body.to_map()))
    e = info.value
    assert e.code == code, "expected %s, got %s (HTTP %s): %s" % (code, e.code, e.status_code, e)
    assert 400 <= e.status_code < 500
    assert e.request_id and e.request_id != "None", e.data
    return e


def b64url_json(part):
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))


# ---------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("biz", [0, 1])
def test_get_auth_token(gw, env, biz):
    r = get_auth_token(env, biz)
    assert r.status_code == 200
    body = r.body
    assert isinstance(body, dyp_models.GetAuthTokenResponseBody)
    assert body.code == "OK", body.to_map()
    assert body.request_id
    at, jwt = body.token_info.access_token, body.token_info.jwt_token
    assert isinstance(at, str) and at.startswith("at1.") and at.count(".") == 2, at
    payload = b64url_json(at.split(".")[1])
    assert payload["sc"] == env["scene"] and payload["org"] == env["origin"] and payload["biz"] == biz, payload
    assert isinstance(jwt, str) and jwt.count(".") == 2, jwt
    claims = b64url_json(jwt.split(".")[1])
    assert claims["sub"] == env["scene"] and claims["org"] == env["origin"] and claims["biz"] == biz, claims
    assert claims["ati"] == payload["id"], (claims, payload)
    assert claims["iss"] == gw.base, claims
    # iat is the issue second; exp is rounded up so the token lives at least its hour (docs/protocol.md).
    assert 3600 <= claims["exp"] - claims["iat"] <= 3601, claims


def test_check_issues_tickets_to_the_schemes_origin(gw, env):
    at, jwt = tokens(env, 0)
    status, headers, answer = check(gw, env, 0, at, jwt)
    assert status == 200 and answer["code"] == 600000, answer
    assert headers.get("access-control-allow-origin") == env["origin"]
    assert sorted(c["vender"] for c in answer["carriers"]) == ["CM", "CT", "CU"], answer
    assert all(c["ticket"].startswith("ct1.") for c in answer["carriers"]), answer
    # Another page's origin gets nothing.
    status, _, answer = check(gw, env, 0, at, jwt, origin="https://elsewhere.example")
    assert status == 200 and answer["code"] == 600025 and not answer.get("carriers"), answer
    # Tokens of the other BizType.
    status, _, answer = check(gw, env, 1, at, jwt)
    assert status == 200 and answer["code"] == 600032, answer


@pytest.mark.parametrize("carrier,prefix", [("CM", CM_PREFIX), ("CU", CU_PREFIX), ("CT", CT_PREFIX)])
def test_verify_pass(gw, env, carrier, prefix):
    number = _number(prefix)
    sp = verify_token(gw, env, carrier, number)
    r = verify(env, sp, number)
    assert r.status_code == 200
    assert isinstance(r.body, dyp_models.VerifyPhoneWithTokenResponseBody)
    assert r.body.code == "OK", r.body.to_map()
    assert r.body.gate_verify.verify_result == "PASS", r.body.to_map()
    assert isinstance(r.body.gate_verify.verify_id, str) and r.body.gate_verify.verify_id


def test_verify_reject(gw, env):
    number = _number(CM_PREFIX)
    other = number[:-1] + str((int(number[-1]) + 1) % 10)
    sp = verify_token(gw, env, "CM", number)
    r = verify(env, sp, other)
    assert r.body.code == "OK", r.body.to_map()
    assert r.body.gate_verify.verify_result == "REJECT", r.body.to_map()


def test_verify_other_carriers_number_is_parameters_mismatch(gw, env):
    sp = verify_token(gw, env, "CM", _number(CM_PREFIX))
    expect_business_code(lambda: verify(env, sp, _number(CU_PREFIX)), "isv.PARAMETERS_MISMATCH")


def test_illegal_number_does_not_spend_the_token(gw, env):
    number = _number(CT_PREFIX)
    sp = verify_token(gw, env, "CT", number)
    expect_business_code(lambda: verify(env, sp, "12345"), "isv.MOBILE_NUMBER_ILLEGAL")
    r = verify(env, sp, number)
    assert r.body.code == "OK" and r.body.gate_verify.verify_result == "PASS", r.body.to_map()


def test_token_reuse_is_token_invalid(gw, env):
    number = _number(CU_PREFIX)
    sp = verify_token(gw, env, "CU", number)
    assert verify(env, sp, number).body.gate_verify.verify_result == "PASS"
    expect_business_code(lambda: verify(env, sp, number), "isv.TOKEN_INVALID")


def test_unknown_token_is_token_invalid(gw, env):
    forged = "sp1." + base64.urlsafe_b64encode(os.urandom(64)).decode().rstrip("=")
    expect_business_code(lambda: verify(env, forged, _number(CM_PREFIX)), "isv.TOKEN_INVALID")


@pytest.mark.parametrize("carrier,prefix", [("CM", CM_PREFIX), ("CU", CU_PREFIX), ("CT", CT_PREFIX)])
def test_login_flow_get_phone(gw, env, carrier, prefix):
    number = _number(prefix)
    sp = login_token(gw, env, carrier, number)
    r = get_phone(env, sp)
    assert r.status_code == 200
    assert isinstance(r.body, dyp_models.GetPhoneWithTokenResponseBody)
    assert r.body.code == "OK", r.body.to_map()
    assert r.body.data.mobile == number, r.body.to_map()
    assert isinstance(r.body.data.mobile, str)
    expect_business_code(lambda: get_phone(env, sp), "isv.TOKEN_INVALID")


def test_verification_token_for_login_is_unauthorized(gw, env):
    number = _number(CT_PREFIX)
    sp = verify_token(gw, env, "CT", number)
    expect_business_code(lambda: get_phone(env, sp), "isv.TOKEN_UNAUTHORIZED_USED")


def test_wrong_secret_is_signature_does_not_match(gw, env):
    bad = gw.client(env["ak"], env["sk"] + "x")
    expect_auth_failure(lambda: get_auth_token(env, 0, client=bad), "SignatureDoesNotMatch")
    expect_auth_failure(lambda: verify(env, "sp1.x", _number(CM_PREFIX), client=bad), "SignatureDoesNotMatch")


def test_unknown_key_is_not_found(gw, env):
    stranger = gw.client("LTAI" + uuid.uuid4().hex[:20], env["sk"])
    expect_auth_failure(lambda: get_auth_token(env, 0, client=stranger), "InvalidAccessKeyId.NotFound")
    expect_auth_failure(lambda: get_phone(env, "sp1.x", client=stranger), "InvalidAccessKeyId.NotFound")


@pytest.mark.parametrize(
    "bad_url",
    [
        "not a url",
        "ftp://vendor-test.example/",
        "https://vendor-test.example",
        "https://vendor-test.example/a/",
        # Characters the client's form-style URL encoding and the v3 canonical query treat differently
        # (space as '+', literal '+', '~', '*', quotes, non-ASCII): still a signed request, refused for the Url.
        "https://vendor test.example/a+b~*'()ü",
    ],
)
def test_bad_url_is_invalid_parameters(gw, env, bad_url):
    expect_business_code(lambda: get_auth_token(env, 0, url=bad_url), "isv.INVALID_PARAMETERS")


def test_unknown_scene_code(gw, env):
    expect_business_code(lambda: get_auth_token(env, 0, scene="FC" + uuid.uuid4().hex[:10]), "isv.SCENE_QUERY_FAIL")


def test_v1_signature_from_the_same_client(gw, env):
    """signature_algorithm='v2' makes this client use its RPC path, signed with v1 HMAC-SHA1 (see NOTES.md)."""
    v1 = gw.client(env["ak"], env["sk"], signature_algorithm="v2")
    r = get_auth_token(env, 0, client=v1)
    assert r.body.code == "OK" and r.body.token_info.access_token.startswith("at1."), r.body.to_map()
    number = _number(CM_PREFIX)
    sp = verify_token(gw, env, "CM", number)
    r = verify(env, sp, number, client=v1)
    assert r.body.code == "OK" and r.body.gate_verify.verify_result == "PASS", r.body.to_map()
    bad = gw.client(env["ak"], env["sk"] + "x", signature_algorithm="v2")
    expect_auth_failure(lambda: get_auth_token(env, 0, client=bad), "SignatureDoesNotMatch")


def _v1_signed_query(params, secret):
    """A v1 (HMAC-SHA1) signed query, built here only to replay one nonce: the vendor client never repeats one."""
    import hashlib
    import hmac

    def pct(v):
        return urllib.parse.quote(str(v), safe="-_.~")

    canon = "&".join("%s=%s" % (pct(k), pct(v)) for k, v in sorted(params.items()))
    to_sign = "POST&%2F&" + pct(canon)
    sig = base64.b64encode(hmac.new((secret + "&").encode(), to_sign.encode(), hashlib.sha1).digest()).decode()
    return urllib.parse.urlencode(dict(params, Signature=sig))


def test_v1_replayed_nonce_is_refused(gw, env):
    params = {
        "Action": "GetAuthToken",
        "Version": "2017-05-25",
        "Format": "JSON",
        "AccessKeyId": env["ak"],
        "SignatureMethod": "HMAC-SHA1",
        "SignatureVersion": "1.0",
        "SignatureNonce": uuid.uuid4().hex,
        "Timestamp": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "Url": env["url"],
        "Origin": env["origin"],
        "SceneCode": env["scene"],
        "BizType": "0",
    }
    query = _v1_signed_query(params, env["sk"])
    status, _, first = gw.http("POST", "/?" + query)
    assert status == 200 and first.get("Code") == "OK", (status, first)
    status, _, again = gw.http("POST", "/?" + query)
    assert 400 <= status < 500 and again.get("Code") == "SignatureNonceUsed", (status, again)
    # The same parameters in a form body are accepted too (fresh nonce).
    params["SignatureNonce"] = uuid.uuid4().hex
    status, _, form = gw.http(
        "POST", "/", _v1_signed_query(params, env["sk"]), content_type="application/x-www-form-urlencoded"
    )
    assert status == 200 and form.get("Code") == "OK", (status, form)
