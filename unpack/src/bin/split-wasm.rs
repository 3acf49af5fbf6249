//! `split-wasm MODULE OUT`: writes MODULE's bytes with the code section regrouped by kind (`numberauth_unpack::split`)
//! to OUT, after checking that `join` gives MODULE back. Run by scripts/build.sh before LZMA.

use std::process::ExitCode;

fn run(args: &[String]) -> Result<(), String> {
    let [module, out] = args else {
        return Err("usage: split-wasm MODULE OUT".into());
    };
    let bytes = std::fs::read(module).map_err(|e| format!("{module}: {e}"))?;
    let split = numberauth_unpack::split(&bytes).map_err(|e| format!("{module}: {e}"))?;
    let mut back = vec![0; bytes.len()];
    numberauth_unpack::join(&split, &mut back)
        .map_err(|e| format!("{module}: join failed: {e:?}"))?;
    if back != bytes {
        return Err(format!("{module}: join gave back different bytes"));
    }
    std::fs::write(out, &split).map_err(|e| format!("{out}: {e}"))
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("split-wasm: {e}");
            ExitCode::FAILURE
        }
    }
}
