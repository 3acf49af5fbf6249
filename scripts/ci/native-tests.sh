#!/usr/bin/env bash
# The SDK's pure-Rust core and the gateway's integration tests (real HTTP on loopback), then the load generator's
# own unit tests (bench/loadgen, a Cargo project of its own).
set -euo pipefail
cd "$(dirname "$0")/../.."
cargo test --workspace
cargo test --manifest-path bench/loadgen/Cargo.toml --target-dir target/loadgen
