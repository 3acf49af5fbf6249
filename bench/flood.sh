#!/usr/bin/env bash
# Flood benchmark: a legitimate tenant's signed calls (bench/loadgen, the demo account, open loop at RATE calls/s
# for DURATION s) with no flood, then while each flood of bench/flood.py runs against the same gateway from
# another tenant or from no tenant at all (docs/security.md, findings 1-6). One gateway, one run; writes
# bench/flood-report.md. All traffic goes to 127.0.0.1. Knobs: RATE (2000), DURATION (4), CONNECTIONS (16),
# SLOW (2000 slow connections in the `slow` flood).
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
RATE="${RATE:-2000}"
DURATION="${DURATION:-4}"
CONNECTIONS="${CONNECTIONS:-16}"
SLOW="${SLOW:-2000}"
report="$root/bench/flood-report.md"
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

cargo build --release -q -p pns-gateway
cargo build --release -q --manifest-path bench/loadgen/Cargo.toml --target-dir target/loadgen
gateway_bin="$root/target/release/gateway"
loadgen_bin="$root/target/loadgen/release/pns-loadgen"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
log=$(mktemp)
"$gateway_bin" --sandbox --listen "127.0.0.1:${port}" >"$log" 2>&1 &
gateway_pid=$!
flood_pid=""
cleanup() {
  [ -n "$flood_pid" ] && kill "$flood_pid" 2>/dev/null || true
  kill "$gateway_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -f "$log"
}
trap cleanup EXIT
for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:${port}/healthz" >/dev/null 2>&1 && break
  sleep 0.1
done

rows=""
floods=""
for kind in none slow nonce replay guess sandbox; do
  out=$(mktemp)
  if [ "$kind" != none ]; then
    # The flood starts first and runs a little longer than the measured phase.
    python3 bench/flood.py "$kind" --target "127.0.0.1:${port}" --duration "$((DURATION + 3))" --connections "$SLOW" >"$out" &
    flood_pid=$!
    sleep 1.5
  fi
  table=$("$loadgen_bin" --target "127.0.0.1:${port}" --pid "$gateway_pid" --scenario get-auth-token \
    --connections "$CONNECTIONS" --duration "$DURATION" --max-requests 1000000 --tokens 1 --rate "$RATE")
  row=$(printf '%s\n' "$table" | grep -m1 '^| GetAuthToken\|^| get-auth-token' || true)
  [ -z "$row" ] && row=$(printf '%s\n' "$table" | grep '^|' | sed -n 3p)
  rows="${rows}| ${kind} ${row}"$'\n'
  if [ -n "$flood_pid" ]; then
    wait "$flood_pid" || true
    flood_pid=""
    floods="${floods}- ${kind}: $(cat "$out")"$'\n'
  fi
  rm -f "$out"
  echo "$kind: $row"
done
rss=$(awk '/VmRSS/ {print $2 " kB"}' "/proc/${gateway_pid}/status")
header=$(printf '%s\n' "$table" | grep '^|' | sed -n 1,2p)

cat >"$report" <<EOF
# Flood benchmark

A legitimate tenant (the demo account, \`bench/loadgen\`: signed GetAuthToken calls, open loop at $RATE calls/s over
$CONNECTIONS connections for $DURATION s) against one release gateway on loopback, first alone, then while each
flood of \`bench/flood.py\` runs against the same gateway. Written by \`bench/flood.sh\`.

- Date: $(date -u '+%Y-%m-%d %H:%M UTC'); machine: $(nproc) cores, shared with other work (load average now: $(cut -d' ' -f1-3 /proc/loadavg))
- Code: commit $(git -C "$root" rev-parse --short HEAD); gateway \`target/release/gateway --sandbox\` with its default limits
- The floods run on the same cores as the gateway and the load generator, so part of each slowdown is simply CPU
  taken by the flooding process. "gateway CPU per call" is all the gateway's CPU in the phase (serving the flood
  included) divided by the legitimate calls; the last column is the load benchmark's goal, not this benchmark's.
  What matters here: every legitimate call is answered OK under every flood, and how its latency moves.

Floods: \`slow\` $SLOW idle and slowloris connections, reopened as the gateway closes them; \`nonce\` a second tenant's
signed calls with fresh nonces (8 connections, as fast as they go); \`replay\` one AccessToken pair of a second tenant
replayed to \`/h5/v1/check\`; \`guess\` a second tenant's check → mask → wrong login loop on CU; \`sandbox\` text/plain
POSTs from a foreign origin to the sandbox control API.

## Legitimate tenant, per flood

| flood $(printf '%s\n' "$header" | sed -n 1p)
|---$(printf '%s\n' "$header" | sed -n 2p)
${rows}
## What each flood sent

${floods}
Gateway RSS after all floods: $rss.
EOF
echo "wrote $report"
