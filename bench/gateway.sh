#!/usr/bin/env bash
# Load benchmark of the gateway's signed server API on loopback: builds the gateway (release) and the load
# generator (bench/loadgen, its own Cargo project), starts a sandbox gateway on a free 127.0.0.1 port, runs the
# GetAuthToken and VerifyPhoneWithToken scenarios, stops the gateway and writes bench/gateway-report.md.
#
# Two passes: closed loop (each connection sends as soon as its last call answered: the maximum rate, and latency
# at saturation) and open loop at RATE calls/s (latency from when each call was due: what a server offered RATE
# calls/s answers). Knobs (environment): CONNECTIONS (64), DURATION (10 s per scenario), MAX_REQUESTS (1000000 per
# scenario), TOKENS (spTokens minted for each verify pass, 200000), SCENARIO (all | get-auth-token | verify),
# RATE (20000: the goal).
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"

CONNECTIONS="${CONNECTIONS:-64}"
DURATION="${DURATION:-10}"
MAX_REQUESTS="${MAX_REQUESTS:-1000000}"
TOKENS="${TOKENS:-200000}"
SCENARIO="${SCENARIO:-all}"
RATE="${RATE:-20000}"
report="$root/bench/gateway-report.md"

cargo build --release -q -p pns-gateway
cargo build --release -q --manifest-path bench/loadgen/Cargo.toml --target-dir target/loadgen
gateway_bin="$root/target/release/gateway"
loadgen_bin="$root/target/loadgen/release/pns-loadgen"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
log=$(mktemp)
"$gateway_bin" --sandbox --listen "127.0.0.1:${port}" >"$log" 2>&1 &
gateway_pid=$!
stop_gateway() {
  if kill -0 "$gateway_pid" 2>/dev/null; then
    kill "$gateway_pid" 2>/dev/null || true
    wait "$gateway_pid" 2>/dev/null || true
  fi
  rm -f "$log"
}
trap stop_gateway EXIT

for _ in $(seq 1 100); do
  if curl -fsS "http://127.0.0.1:${port}/healthz" >/dev/null 2>&1; then break; fi
  if ! kill -0 "$gateway_pid" 2>/dev/null; then echo "gateway exited:"; cat "$log"; exit 1; fi
  sleep 0.1
done
curl -fsS "http://127.0.0.1:${port}/healthz" >/dev/null || { echo "gateway did not start:"; cat "$log"; exit 1; }

loadgen_cmd=("$loadgen_bin" --target "127.0.0.1:${port}" --pid "$gateway_pid" --scenario "$SCENARIO"
  --connections "$CONNECTIONS" --duration "$DURATION" --max-requests "$MAX_REQUESTS" --tokens "$TOKENS")
loadavg_before=$(cut -d' ' -f1-3 /proc/loadavg)
echo "running: ${loadgen_cmd[*]}"
results=$("${loadgen_cmd[@]}")
echo "$results"
echo "running: ${loadgen_cmd[*]} --rate $RATE"
results_open=$("${loadgen_cmd[@]}" --rate "$RATE")
echo "$results_open"
loadavg_after=$(cut -d' ' -f1-3 /proc/loadavg)
stop_gateway
trap - EXIT

cpu_model=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//' || true)
commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
dirty=$(git --no-optional-locks -C "$root" status --porcelain 2>/dev/null | head -1)
[ -n "$dirty" ] && commit="$commit (with uncommitted changes)"

cat >"$report" <<EOF
# Gateway load benchmark

Signed server-API calls against one sandbox gateway on loopback, written by \`bench/gateway.sh\`.

- Date: $(date -u '+%Y-%m-%d %H:%M UTC')
- Machine: $(nproc) cores ($cpu_model), $(uname -sr); $(rustc --version)
- Code: commit $commit; gateway \`target/release/gateway --sandbox\` (\`cargo build --release -p pns-gateway\`)
- Command: \`CONNECTIONS=$CONNECTIONS DURATION=$DURATION MAX_REQUESTS=$MAX_REQUESTS TOKENS=$TOKENS SCENARIO=$SCENARIO RATE=$RATE bash bench/gateway.sh\`,
  which runs \`pns-loadgen --target 127.0.0.1:<port> --pid <gateway pid> --scenario $SCENARIO --connections $CONNECTIONS --duration $DURATION --max-requests $MAX_REQUESTS --tokens $TOKENS\`
  once closed loop, then once more with \`--rate $RATE\` (open loop)

Method: \`bench/loadgen\` (tokio + hyper) keeps $CONNECTIONS keep-alive HTTP/1.1 connections, each sending one request at a
time, for $DURATION s per scenario (or until $MAX_REQUESTS requests). Every request is \`POST /?<query>\` signed with
Signature v1 (HMAC-SHA1) with a fresh \`SignatureNonce\` and the current \`Timestamp\`, so the gateway verifies the
signature and records the nonce each time. \`VerifyPhoneWithToken\` uses single-use spTokens minted before its timed phase
(sandbox devices, \`/h5/v1/check\`, carrier \`token\`); only the verify calls are timed. A call counts as OK when it answers
HTTP 200 with \`Code: OK\` (and \`VerifyResult: PASS\` for verify). Latency is per request, measured in the load generator:
closed loop from the send; open loop from when the call was due, or from its send when that came first. The
load generator's timer only has whole-millisecond ticks, so each open-loop connection wakes a little before its
next call is due (\`WAKE_EARLY\` in \`bench/loadgen/src/main.rs\`) and sends it then if it is free; a call sent
after its due time (the connection was still waiting for an answer, or the load generator did not get the CPU in
time) counts from its due time, and the notes under each table say how many were and by how much. CPU per call is
the CPU time (user + system) the gateway and the load generator each used during the phase, from
\`/proc/<pid>/stat\`, divided by the calls. RSS is the gateway's \`VmRSS\` from
\`/proc/<pid>/status\` just before and just after each timed phase.

**The load generator runs on the same $(nproc) cores as the gateway**, and the machine is shared with other work
(load average 1/5/15 min just before the run: $loadavg_before; just after: $loadavg_after), so these numbers are a
lower bound for the gateway alone.

## Results

### Closed loop: the maximum rate

$results

### Open loop: $RATE calls/s offered

$results_open

Goal: at least 20,000 signed calls/s on these cores with p99 under 5 ms.
EOF
echo "wrote $report"
