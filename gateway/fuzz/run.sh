#!/usr/bin/env bash
# Fuzzes every gateway parser for N seconds each (default 30): bash gateway/fuzz/run.sh [N] [target...]
#
# Needs only the stable toolchain: cargo-fuzz's nightly flags are allowed with RUSTC_BOOTSTRAP=1. The
# sanitizer defaults to none (FUZZ_SANITIZER=address also works where the toolchain ships the ASan runtime;
# the gateway forbids unsafe code, so panics, overflows and hangs are what is hunted). Crashing inputs land in
# gateway/fuzz/artifacts/<target>/; keep each one as gateway/fuzz/regressions/<target>/<name> plus a #[test]
# in gateway/tests/fuzz_regressions.rs. Not part of CI (it takes minutes).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
secs="${1:-30}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    targets=(v1_query v1_roundtrip v3_auth tokens config_toml h5_body http_routes)
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
    cargo install cargo-fuzz --locked
fi
export RUSTC_BOOTSTRAP=1
san="${FUZZ_SANITIZER:-none}"
cd "$here/.."
failed=()
for t in "${targets[@]}"; do
    corpus="$here/corpus/$t"
    mkdir -p "$corpus" "$here/artifacts/$t"
    seeds=()
    [ -d "$here/regressions/$t" ] && seeds=("$here/regressions/$t")
    echo "== $t: ${secs}s (sanitizer: $san)"
    if ! cargo fuzz run "$t" -s "$san" --target-dir "$root/target/fuzz" "$corpus" "${seeds[@]}" -- \
        -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len=70000 \
        -artifact_prefix="$here/artifacts/$t/" -print_final_stats=1; then
        failed+=("$t")
    fi
done
if [ ${#failed[@]} -gt 0 ]; then
    echo "fuzz: crashes in: ${failed[*]} (see gateway/fuzz/artifacts/)" >&2
    exit 1
fi
echo "fuzz: no crash in ${targets[*]}"
