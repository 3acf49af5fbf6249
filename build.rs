//! Computes the SDK's build id: a hash of what the compiler gets for the wasm module (the crate's sources and
//! manifests, the lock file, the target, the profile and its settings, the flags). `scripts/build.sh` reads it back
//! out of the optimised module it ships (dist/build-id.txt), and the wasm tests, built by
//! `scripts/ci/wasm-tests.sh`, check that their own build of the crate has the same id: proof that they test the code
//! the shipped module was compiled from, with the same profile and flags.
//!
//! std's `DefaultHasher` (SipHash with fixed keys) is enough: both sides are hashed by the same toolchain in one
//! checkout, and the id only has to tell builds apart, not resist forgery.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::{env, fs};

fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files_under(&path, out);
        } else {
            out.push(path);
        }
    }
}

fn main() {
    let root = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let mut files = vec![
        root.join("Cargo.toml"),
        root.join("Cargo.lock"),
        root.join("build.rs"),
    ];
    files_under(&root.join("src"), &mut files);
    files_under(&root.join("core/src"), &mut files);
    files.sort();

    let mut h = DefaultHasher::new();
    for file in &files {
        file.strip_prefix(&root).unwrap_or(file).hash(&mut h);
        fs::read(file).unwrap_or_default().hash(&mut h);
    }
    // The profile's directory (target/<triple>/<profile>/build/…) names a custom profile; OPT_LEVEL and DEBUG
    // alone would not tell wasm-release from another profile with the same two settings.
    let out_dir = PathBuf::from(env::var_os("OUT_DIR").unwrap_or_default());
    let profile_dir = out_dir.ancestors().nth(3).and_then(Path::file_name);
    profile_dir.hash(&mut h);
    for key in [
        "TARGET",
        "OPT_LEVEL",
        "DEBUG",
        "PROFILE",
        "CARGO_ENCODED_RUSTFLAGS",
        "CARGO_CFG_PANIC",
        "CARGO_CFG_TARGET_FEATURE",
    ] {
        key.hash(&mut h);
        env::var(key).unwrap_or_default().hash(&mut h);
    }
    println!("cargo:rustc-env=NUMBERAUTH_BUILD_ID={:016x}", h.finish());
    println!("cargo:rerun-if-changed=src");
    println!("cargo:rerun-if-changed=core/src");
    println!("cargo:rerun-if-changed=Cargo.toml");
    println!("cargo:rerun-if-changed=Cargo.lock");
    println!("cargo:rerun-if-changed=build.rs");
}
