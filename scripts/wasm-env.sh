# Sourced by scripts/build.sh and scripts/ci/wasm-tests.sh: the rustc flags of every wasm32 build of the SDK, the
# shipped module's and the wasm tests' alike (build.rs hashes them into the build id, so both must agree).
# --remap-path-prefix: the panic locations of dependencies name their source files, which would otherwise carry the
# build machine's cargo home into the shipped module (e.g. /root/.cargo/registry/src/index.crates.io-…/js-sys-…).
# Rust's own library paths are remapped by rustc already, and this crate's are relative.
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="--remap-path-prefix=${CARGO_HOME:-$HOME/.cargo}/registry/src/=crates/"
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS
