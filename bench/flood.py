#!/usr/bin/env python3
"""Bounded floods against a sandbox gateway on loopback, for bench/flood.sh and bench/slow-connections.sh.

Each flood runs for --duration seconds against --target (127.0.0.1:port only) and prints one JSON line with what it
sent. Standard library only (asyncio, raw HTTP/1.1), so CI and a fresh machine need nothing more.

  slow     --connections N   idle and slowloris connections (half each), reopened when the gateway closes them
  nonce    signed v1 calls of a second tenant with fresh nonces, as fast as 8 connections go
  replay   one AccessToken pair of a second tenant replayed to /h5/v1/check
  guess    middle-four guesses on CU with a second tenant's tokens (check, mask, wrong logins)
  sandbox  text/plain POSTs from a foreign origin to the sandbox control API
  probe    --count N sequential GET /healthz on one keep-alive connection; prints p50/p99/max in ms
"""
import argparse
import asyncio
import base64
import hashlib
import hmac
import json
import sys
import time
import urllib.parse
import uuid
from datetime import datetime, timezone


def loopback_only(target):
    host = target.rsplit(":", 1)[0]
    if host not in ("127.0.0.1", "localhost"):
        sys.exit(f"flood.py: refusing to send traffic to {target}: loopback only")


class Conn:
    """One keep-alive HTTP/1.1 connection."""

    def __init__(self, target):
        self.target = target
        self.r = self.w = None

    async def open(self):
        host, port = self.target.rsplit(":", 1)
        self.r, self.w = await asyncio.open_connection(host, int(port))

    async def request(self, method, path, headers=None, body=b""):
        if self.w is None:
            await self.open()
        h = {"Host": self.target, "Content-Length": str(len(body))}
        h.update(headers or {})
        head = f"{method} {path} HTTP/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in h.items()) + "\r\n"
        try:
            self.w.write(head.encode() + body)
            await self.w.drain()
            status_line = await self.r.readline()
            if not status_line:
                raise ConnectionError("closed")
            status = int(status_line.split()[1])
            length, close = 0, False
            while True:
                line = await self.r.readline()
                if line in (b"\r\n", b""):
                    break
                k, _, v = line.decode("latin-1").partition(":")
                if k.lower() == "content-length":
                    length = int(v.strip())
                if k.lower() == "connection" and "close" in v.lower():
                    close = True
            data = await self.r.readexactly(length) if length else b""
            if close:
                self.close()
            return status, data
        except (ConnectionError, asyncio.IncompleteReadError, OSError):
            self.close()
            raise

    def close(self):
        if self.w is not None:
            self.w.close()
        self.r = self.w = None


def iso_now():
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def enc(s):
    return urllib.parse.quote(s, safe="-_.~")


def signed_query(ak, sk, action, params):
    """A v1-signed query (HMAC-SHA1) for GET /."""
    p = {
        "Action": action, "Version": "2017-05-25", "Format": "JSON", "AccessKeyId": ak,
        "SignatureMethod": "HMAC-SHA1", "SignatureVersion": "1.0", "SignatureNonce": uuid.uuid4().hex,
        "Timestamp": iso_now(),
    }
    p.update(params)
    canonical = "&".join(f"{enc(k)}={enc(v)}" for k, v in sorted(p.items()))
    sts = "GET&%2F&" + enc(canonical)
    sig = base64.b64encode(hmac.new((sk + "&").encode(), sts.encode(), hashlib.sha1).digest()).decode()
    return "/?" + canonical + "&Signature=" + enc(sig)


async def tenant(target, origin):
    """A second tenant: an account, a scheme for `origin`, a CU device. Returns (ak, sk, scene, device, number)."""
    c = Conn(target)
    js = {"Content-Type": "application/json"}
    _, b = await c.request("POST", "/sandbox/v1/accounts", js, b"{}")
    acc = json.loads(b)
    body = json.dumps({"account": acc["accessKeyId"], "url": origin + "/", "origin": origin}).encode()
    _, b = await c.request("POST", "/sandbox/v1/schemes", js, body)
    scene = json.loads(b)["sceneCode"]
    _, b = await c.request("POST", "/sandbox/v1/devices", js, b'{"carrier":"CU","select":false}')
    dev = json.loads(b)
    c.close()
    return acc["accessKeyId"], acc["accessKeySecret"], scene, dev["id"], dev["number"]


async def tokens(c, ak, sk, scene, origin, biz):
    q = signed_query(ak, sk, "GetAuthToken", {"Url": origin + "/", "Origin": origin, "SceneCode": scene, "BizType": str(biz)})
    _, b = await c.request("GET", q)
    info = json.loads(b)["TokenInfo"]
    return info["AccessToken"], info["JwtToken"]


async def run_workers(n, worker, duration):
    deadline = time.monotonic() + duration
    counts = await asyncio.gather(*(worker(deadline) for _ in range(n)))
    return sum(counts)


async def flood_slow(a):
    host, port = a.target.rsplit(":", 1)
    deadline = time.monotonic() + a.duration
    opened = 0

    async def one(i):
        nonlocal opened
        while time.monotonic() < deadline:
            try:
                r, w = await asyncio.open_connection(host, int(port))
            except OSError:
                await asyncio.sleep(0.2)
                continue
            opened += 1
            try:
                if i % 2:
                    w.write(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
                while time.monotonic() < deadline:
                    if i % 2:
                        w.write(b"X-a: b\r\n")
                        await w.drain()
                    try:
                        if not await asyncio.wait_for(r.read(1024), 1.0):
                            break
                    except asyncio.TimeoutError:
                        pass
            except OSError:
                pass
            w.close()

    await asyncio.gather(*(one(i) for i in range(a.connections)))
    return {"flood": "slow", "connections": a.connections, "opened": opened}


async def flood_nonce(a):
    ak, sk, *_ = await tenant(a.target, a.origin)

    async def worker(deadline):
        c, n = Conn(a.target), 0
        while time.monotonic() < deadline:
            await c.request("GET", signed_query(ak, sk, "GetPhoneWithToken", {"SpToken": "x"}))
            n += 1
        return n

    return {"flood": "nonce", "requests": await run_workers(8, worker, a.duration)}


async def flood_replay(a):
    ak, sk, scene, _, _ = await tenant(a.target, a.origin)
    c = Conn(a.target)
    at, jwt = await tokens(c, ak, sk, scene, a.origin, 0)
    body = json.dumps({"accessToken": at, "jwtToken": jwt, "bizType": 0}).encode()
    h = {"Origin": a.origin, "Content-Type": "text/plain;charset=UTF-8"}

    async def worker(deadline):
        c, n = Conn(a.target), 0
        while time.monotonic() < deadline:
            await c.request("POST", "/h5/v1/check", h, body)
            n += 1
        return n

    return {"flood": "replay", "requests": await run_workers(8, worker, a.duration)}


async def flood_guess(a):
    ak, sk, scene, dev, number = await tenant(a.target, a.origin)
    h = {"Origin": a.origin, "Content-Type": "text/plain;charset=UTF-8", "X-Pns-Sim": dev}

    async def worker(deadline):
        c, n, g = Conn(a.target), 0, 0
        while time.monotonic() < deadline:
            at, jwt = await tokens(c, ak, sk, scene, a.origin, 1)
            body = json.dumps({"accessToken": at, "jwtToken": jwt, "bizType": 1}).encode()
            for _ in range(12):
                _, b = await c.request("POST", "/h5/v1/check", h, body)
                n += 1
                chk = json.loads(b)
                if chk.get("code") != 600000:
                    continue
                ticket = next(x["ticket"] for x in chk["carriers"] if x["vender"] == "CU")
                for _ in range(4):
                    _, b = await c.request("POST", "/carrier/cu/v1/mask", h, json.dumps({"ticket": ticket}).encode())
                    n += 1
                    lt = json.loads(b).get("loginTicket")
                    if not lt:
                        continue
                    for _ in range(4):
                        g = (g + 1) % 10_000
                        digits = f"{g:04d}" if f"{g:04d}" != number[3:7] else "0000"
                        await c.request("POST", "/carrier/cu/v1/login", h, json.dumps({"loginTicket": lt, "digits": digits}).encode())
                        n += 1
                if time.monotonic() >= deadline:
                    break
        return n

    return {"flood": "guess", "requests": await run_workers(4, worker, a.duration)}


async def flood_sandbox(a):
    h = {"Origin": "http://evil.example", "Content-Type": "text/plain;charset=UTF-8"}

    async def worker(deadline):
        c, n = Conn(a.target), 0
        while time.monotonic() < deadline:
            await c.request("POST", "/sandbox/v1/devices", h, b'{"carrier":"CM"}')
            n += 1
        return n

    return {"flood": "sandbox", "requests": await run_workers(8, worker, a.duration)}


async def probe(a):
    c, lat = Conn(a.target), []
    for _ in range(a.count):
        t = time.perf_counter()
        status, _ = await c.request("GET", "/healthz")
        lat.append((time.perf_counter() - t) * 1000)
        if status != 200:
            sys.exit(f"probe: /healthz answered {status}")
        await asyncio.sleep(a.interval)
    lat.sort()
    pick = lambda q: lat[min(len(lat) - 1, int(q * len(lat)))]
    return {"probe": a.count, "p50_ms": round(pick(0.5), 3), "p99_ms": round(pick(0.99), 3), "max_ms": round(lat[-1], 3)}


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("kind", choices=["slow", "nonce", "replay", "guess", "sandbox", "probe"])
    p.add_argument("--target", required=True)
    p.add_argument("--origin", default=None, help="origin of the second tenant's scheme (default http://<target>)")
    p.add_argument("--duration", type=float, default=5.0)
    p.add_argument("--connections", type=int, default=1000)
    p.add_argument("--count", type=int, default=1000)
    p.add_argument("--interval", type=float, default=0.002)
    a = p.parse_args()
    loopback_only(a.target)
    a.origin = a.origin or f"http://{a.target}"
    fn = {"slow": flood_slow, "nonce": flood_nonce, "replay": flood_replay, "guess": flood_guess,
          "sandbox": flood_sandbox, "probe": probe}[a.kind]
    print(json.dumps(asyncio.run(fn(a))), flush=True)


if __name__ == "__main__":
    main()
