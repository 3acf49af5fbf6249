#!/usr/bin/env bash
# The gateway's server API driven by the vendor's own, unmodified Python client (see NOTES.md).
# Installs the pinned client if missing, builds the gateway unless GATEWAY_BIN is given, runs the tests.
# Extra arguments go to pytest (e.g. -k login -x).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
PYTHON="${PYTHON:-python3}"

# Install when any pinned requirement is missing or at another version.
if ! "$PYTHON" - "$here/requirements.txt" <<'PY'
import sys
from importlib.metadata import version, PackageNotFoundError
ok = True
for line in open(sys.argv[1]):
    line = line.split("#", 1)[0].strip()
    if not line:
        continue
    name, _, want = line.partition("==")
    try:
        have = version(name)
    except PackageNotFoundError:
        have = None
    if have != want:
        ok = False
sys.exit(0 if ok else 1)
PY
then
  echo "vendor tests: installing $here/requirements.txt"
  "$PYTHON" -m pip install -q --disable-pip-version-check -r "$here/requirements.txt"
fi

if [ -z "${GATEWAY_BIN:-}" ]; then
  (cd "$root" && cargo build -q -p pns-gateway)
  GATEWAY_BIN="$root/target/debug/gateway"
fi
export GATEWAY_BIN

cd "$here"
exec "$PYTHON" -m pytest -p no:cacheprovider -q -rfE test_vendor_client.py test_vendor_sms.py "$@"
