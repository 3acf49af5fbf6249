#!/usr/bin/env bash
# Memory soak of the gateway: signed GetAuthToken and VerifyPhoneWithToken calls at a fixed open-loop rate for
# about ten minutes, the gateway's RSS sampled every 10 s, written to bench/soak-report.md.
#
# The gateway's stores are bounded by rate × retention by design: signature nonces stay for the timestamp window
# (900 s by default), spent spToken ids until the token's lifetime (CU 30 min, CT 10 min), sandbox devices until
# unused for `limits.device_idle_secs` (30 min by default). So that steady state comes within the soak, it runs with
# a 60 s window and a 60 s device idle lifetime (bench/soak.toml) and 120 s spTokens (the load's own scheme,
# `--sp-lifetime 120`: a token must outlive its minting plus the 60 s phase). Each verify phase creates its own
# devices (RATE × 60 / 500 spTokens per device: 360 at 3000 calls/s), all before minting, and uses them only while
# minting (10 to 25 s on these shared cores; the report gives the longest): a device must stay through its
# creation and the whole minting, which 60 s does with a margin, and each round's devices are gone long before the
# next round creates its own. After about four minutes every store holds at most two minutes of traffic (the
# nonce store's tables also double once in the second round, as deletions leave tombstones in them), and memory
# that still grows in the second half is a leak. Knobs: ROUNDS (5 rounds of two 60 s phases), RATE (3000 calls/s).
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
ROUNDS="${ROUNDS:-5}"
RATE="${RATE:-3000}"
PHASE_S=60
report="$root/bench/soak-report.md"

cargo build --release -q -p pns-gateway
cargo build --release -q --manifest-path bench/loadgen/Cargo.toml --target-dir target/loadgen
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
log=$(mktemp); samples=$(mktemp)
target/release/gateway --config bench/soak.toml --listen "127.0.0.1:${port}" >"$log" 2>&1 &
gateway_pid=$!
sampler_pid=""
cleanup() {
  [ -n "$sampler_pid" ] && kill "$sampler_pid" 2>/dev/null || true
  kill "$gateway_pid" 2>/dev/null || true
  wait "$gateway_pid" 2>/dev/null || true
  rm -f "$log" "$samples"
}
trap cleanup EXIT
for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:${port}/healthz" >/dev/null 2>&1 && break
  kill -0 "$gateway_pid" 2>/dev/null || { echo "gateway exited:"; cat "$log"; exit 1; }
  sleep 0.1
done

start=$(date +%s)
( while kill -0 "$gateway_pid" 2>/dev/null; do
    rss=$(awk '/^VmRSS:/ {print $2}' "/proc/$gateway_pid/status" 2>/dev/null || echo 0)
    echo "$(( $(date +%s) - start )) $rss" >>"$samples"
    sleep 10
  done ) &
sampler_pid=$!

tokens=$((RATE * PHASE_S))
errors=0
mint_max=0
for round in $(seq 1 "$ROUNDS"); do
  echo "round $round/$ROUNDS"
  for scenario in get-auth-token verify; do
    out=$(target/loadgen/release/pns-loadgen --target "127.0.0.1:${port}" --pid "$gateway_pid" --scenario "$scenario" \
      --connections 32 --duration "$PHASE_S" --rate "$RATE" --tokens "$tokens" --sp-lifetime 120)
    # The loadgen's last column is the throughput goal of bench/gateway.sh, not a verdict on a soak.
    echo "$out" | grep '^| [GV]' | sed 's/ [^|]* |$//' || true
    echo "$out" | grep -q 'no errors' || errors=$((errors + 1))
    # Device creation plus minting: how long the phase's devices must stay without being expired.
    mint=$(echo "$out" | sed -n 's/.*minted beforehand in \([0-9.]*\) s.*/\1/p' | head -n 1)
    if [ -n "$mint" ]; then
      echo "  spTokens minted in $mint s"
      mint_max=$(awk -v a="$mint_max" -v b="$mint" 'BEGIN { print (b > a ? b : a) }')
    fi
  done
done
kill "$sampler_pid" 2>/dev/null || true; sampler_pid=""
elapsed=$(( $(date +%s) - start ))

{
  echo "# Gateway memory soak"
  echo
  echo "Written by \`bash bench/soak.sh\` (ROUNDS=$ROUNDS RATE=$RATE) on $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores."
  echo "Each round: ${PHASE_S} s of signed GetAuthToken, then ${PHASE_S} s of signed VerifyPhoneWithToken (spTokens minted"
  echo "just before, through /h5/v1/check and the carriers), open loop at $RATE calls/s, 32 connections, every request"
  echo "signed (v1) with a fresh nonce. Gateway: \`target/release/gateway --config bench/soak.toml\` (60 s timestamp"
  echo "window; sandbox devices removed after 60 s unused); the load's scheme issues 120 s spTokens. Each verify phase"
  echo "creates $(( (tokens + 499) / 500 )) devices and uses them only while minting its spTokens (at most ${mint_max} s"
  echo "from the first creation to the last token this run), so each round's devices are removed before the next round's"
  echo "are created. ${elapsed} s in all; phases with any error: $errors."
  echo
  echo "| time (s) | gateway RSS (MiB) |"
  echo "|---:|---:|"
  awk '{ printf "| %d | %.1f |\n", $1, $2 / 1024 }' "$samples"
  echo
  awk 'NR == 1 { first = $2 } { rss[NR] = $2; t[NR] = $1 }
       END {
         # the second half of the run, long after every store (nonces, spent ids, devices) reached its steady state
         half = t[NR] / 2
         for (i = 1; i <= NR; i++) if (t[i] >= half) { if (!lo || rss[i] < lo) lo = rss[i]; if (rss[i] > hi) hi = rss[i]; if (!s) s = rss[i]; e = rss[i] }
         printf "Start %.1f MiB. Second half (from %d s to the end): min %.1f, max %.1f MiB; first %.1f, last %.1f MiB (%+.1f %%).\n",
           first / 1024, half, lo / 1024, hi / 1024, s / 1024, e / 1024, s ? 100 * (e - s) / s : 0 }' "$samples"
} >"$report"
cat "$report"
[ "$errors" -eq 0 ]
