#!/usr/bin/env bash
# The SDK's pure-Rust core and the gateway's integration tests (real HTTP on loopback).
set -euo pipefail
cd "$(dirname "$0")/../.."
cargo test --workspace
