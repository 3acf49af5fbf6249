#!/usr/bin/env bash
# cargo fmt, clippy -D warnings (native workspace and the SDK for wasm32), import cycles, and the typings check.
set -euo pipefail
cd "$(dirname "$0")/../.."
cargo fmt --all -- --check
cargo clippy --workspace --all-targets -- -D warnings
cargo clippy -p numberauth-web --target wasm32-unknown-unknown --all-targets -- -D warnings
# The load generator (bench/loadgen) is a Cargo project of its own, built into target/loadgen.
cargo fmt --manifest-path bench/loadgen/Cargo.toml -- --check
cargo clippy --manifest-path bench/loadgen/Cargo.toml --target-dir target/loadgen --all-targets -- -D warnings
# No import cycle between the files of the SDK's api/ and platform/ layers (and the check's own test).
node --test scripts/ci/module-cycles.test.mjs
node scripts/ci/module-cycles.mjs crate::api:src/api crate::platform:src/platform crate:core/src
node_modules/.bin/tsc --noEmit -p pkg-template
node_modules/.bin/tsc --noEmit -p sandbox-npm
