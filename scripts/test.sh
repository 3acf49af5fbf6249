#!/usr/bin/env bash
# Runs every test: lint, native Rust tests (SDK core + gateway over loopback HTTP), the SDK build with its size
# budget, wasm tests in headless Chromium against a live gateway, the vendor's Python client against the gateway,
# and the Playwright tests of the built package. Usage: npm test
# Each step is its own script in scripts/ci/; logs go to target/test-logs/.
set -uo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
LOGS=target/test-logs
mkdir -p "$LOGS"
rm -f "$LOGS"/*.log

bash scripts/setup.sh || { echo "setup failed"; exit 1; }

failed_steps=()
run_step() {
  local name=$1; shift
  printf '\n=== %s ===\n' "$name"
  local start=$SECONDS
  if "$@" 2>&1 | tee "$LOGS/$name.log"; then
    printf '=== %s: ok (%ss) ===\n' "$name" $((SECONDS - start))
  else
    printf '=== %s: FAILED (%ss) ===\n' "$name" $((SECONDS - start))
    failed_steps+=("$name")
  fi
}

run_step lint        bash scripts/ci/lint.sh
run_step native      bash scripts/ci/native-tests.sh
run_step build       bash scripts/build.sh
run_step wasm        bash scripts/ci/wasm-tests.sh
run_step vendor      bash scripts/ci/vendor-tests.sh
run_step js          bash scripts/ci/js-tests.sh

# One closing line over every runner: cargo/wasm-bindgen-test ("N passed; M failed"), pytest -q ("N passed, M failed
# in Xs", with or without "===" around it), node's test runner ("# pass N", "# fail N").
passed=0; failedn=0
for f in "$LOGS"/*.log; do
  read -r p q < <(awk '
    /^test result: /            { for (i=1;i<=NF;i++) { if ($(i+1) ~ /^passed;?$/) p+=$i; if ($(i+1) ~ /^failed;?$/) q+=$i } }
    /^(ℹ|#) pass [0-9]+$/       { p+=$NF }
    /^(ℹ|#) fail [0-9]+$/       { q+=$NF }
    /^(=+ )?[0-9]+ (passed|failed).* in [0-9.]+s/ { for (i=1;i<=NF;i++) { if ($(i+1) ~ /^passed,?$/) p+=$i; if ($(i+1) ~ /^failed,?$/) q+=$i } }
    END { print p+0, q+0 }' "$f")
  passed=$((passed + p)); failedn=$((failedn + q))
done
echo
if [ ${#failed_steps[@]} -gt 0 ]; then
  echo "failed steps: ${failed_steps[*]}"
  [ "$failedn" -gt 0 ] || failedn=${#failed_steps[@]}
fi
echo "${passed} passed, ${failedn} failed"
[ ${#failed_steps[@]} -eq 0 ]
