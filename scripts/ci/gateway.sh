# Sourced by test steps: start_gateway BIN [ARGS...] starts a sandbox gateway on a free loopback port,
# waits until it answers, exports GATEWAY_URL, and stops it when the calling script exits.
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
start_gateway() {
  local bin=$1; shift
  local port; port=$(free_port)
  GATEWAY_LOG=$(mktemp)
  "$bin" --sandbox --listen "127.0.0.1:${port}" --www www --sdk-dir dist "$@" >"$GATEWAY_LOG" 2>&1 &
  GATEWAY_PID=$!
  trap 'kill "$GATEWAY_PID" 2>/dev/null || true' EXIT
  export GATEWAY_URL="http://127.0.0.1:${port}"
  for _ in $(seq 1 100); do
    if curl -fsS "$GATEWAY_URL/healthz" >/dev/null 2>&1; then return 0; fi
    sleep 0.1
  done
  echo "gateway did not start:"; cat "$GATEWAY_LOG"; return 1
}
