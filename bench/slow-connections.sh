#!/usr/bin/env bash
# 10,000 slow connections against one release gateway on loopback (docs/security.md, finding 1): half idle, half
# slowloris (a header line a second), reopened whenever the gateway's header-read timeout closes them, for DURATION
# s; meanwhile a normal client sends sequential GET /healthz on one keep-alive connection. Reports the gateway's
# RSS (sampled every 0.5 s) and the normal client's latency in bench/slow-connections-report.md.
# Knobs: SLOW (10000), DURATION (25), PROBES (2000).
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
SLOW="${SLOW:-10000}"
DURATION="${DURATION:-25}"
PROBES="${PROBES:-2000}"
report="$root/bench/slow-connections-report.md"
# Both the gateway and the flooding process need a descriptor per connection.
ulimit -n "$(ulimit -Hn)"
fds=$(ulimit -n)

cargo build --release -q -p pns-gateway
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
"$root/target/release/gateway" --sandbox --listen "127.0.0.1:${port}" >/dev/null 2>&1 &
gw=$!
flood=""
trap '[ -n "$flood" ] && kill $flood 2>/dev/null; kill $gw 2>/dev/null; wait 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:${port}/healthz" >/dev/null 2>&1 && break
  sleep 0.1
done
rss() { awk '/VmRSS/ {print $2}' "/proc/${gw}/status"; }
conns() { ls "/proc/${gw}/fd" 2>/dev/null | wc -l; }
rss_idle=$(rss)
baseline=$(python3 bench/flood.py probe --target "127.0.0.1:${port}" --count "$PROBES")

python3 bench/flood.py slow --target "127.0.0.1:${port}" --connections "$SLOW" --duration "$DURATION" >/tmp/slow-$$.json &
flood=$!
sleep 5
samples=$(mktemp)
( while kill -0 "$flood" 2>/dev/null; do echo "$(rss) $(conns)" >>"$samples"; sleep 0.5; done ) &
sampler=$!
during=$(python3 bench/flood.py probe --target "127.0.0.1:${port}" --count "$PROBES")
wait "$flood" || true
flood=""
wait "$sampler" 2>/dev/null || true
sent=$(cat /tmp/slow-$$.json); rm -f /tmp/slow-$$.json
rss_max=$(sort -n "$samples" | tail -1 | cut -d' ' -f1)
fd_max=$(sort -k2 -n "$samples" | tail -1 | cut -d' ' -f2)
rm -f "$samples"
sleep 12
rss_after=$(rss)
fd_after=$(conns)

cat >"$report" <<EOF
# Slow connections

$SLOW connections (half idle, half slowloris: a request head that never ends, one header line a second), each
reopened as soon as the gateway closes it, against one release gateway with its default connection limits
(header-read timeout 10 s, body deadline 10 s, head ≤ 32 KiB, cap 16,384 kept below the open-file limit). A normal
client sends $PROBES sequential \`GET /healthz\` on one keep-alive connection, 2 ms apart, before and during the flood.
Written by \`bench/slow-connections.sh\` (open-file limit $fds for both processes).

- Date: $(date -u '+%Y-%m-%d %H:%M UTC'); $(nproc) cores shared with other work (load average now: $(cut -d' ' -f1-3 /proc/loadavg))
- Code: commit $(git -C "$root" rev-parse --short HEAD)

| | gateway RSS | gateway descriptors | normal client |
|---|---|---|---|
| before the flood | $rss_idle kB | | $baseline |
| during (max of samples every 0.5 s) | $rss_max kB | $fd_max | $during |
| 12 s after it ended | $rss_after kB | $fd_after | |

The flooding process: $sent
EOF
cat "$report"
