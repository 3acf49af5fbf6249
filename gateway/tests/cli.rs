//! The `gateway` binary's command line: the flags that `scripts/`, `tests/e2e/helpers.mjs` and `sandbox-npm/`
//! pass, `--help`, and the exit status and message of each kind of bad command line.

use std::process::{Command, Output};

fn gateway(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gateway"))
        .args(args)
        .output()
        .expect("the gateway binary runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn help_names_every_flag_and_exits_zero() {
    for flag in ["--help", "-h"] {
        let o = gateway(&[flag]);
        assert_eq!(o.status.code(), Some(0), "{flag}");
        let out = String::from_utf8_lossy(&o.stdout);
        // sandbox-npm's test matches this first line.
        assert!(
            out.starts_with("gateway: the PhoneNumberServer sandbox gateway"),
            "{out}"
        );
        for name in [
            "--sandbox",
            "--config <FILE>",
            "--listen <ADDR>",
            "--public-url <URL>",
            "--www <DIR>",
            "--sdk-dir <DIR>",
            "--max-connections <N>",
            "--header-timeout-ms <MS>",
            "--body-timeout-ms <MS>",
            "--max-head-bytes <N>",
        ] {
            assert!(out.contains(name), "{name} missing from:\n{out}");
        }
    }
}

#[test]
fn unknown_flags_and_bad_values_exit_two_with_the_reason() {
    let cases: [(&[&str], &str); 6] = [
        (&["--bogus"], "--bogus"),
        (&["--listen", "nope"], "expected e.g. 127.0.0.1:8787"),
        (&["--listen"], "--listen"),
        (&["--max-connections", "many"], "--max-connections"),
        (&["--header-timeout-ms=-1"], "--header-timeout-ms"),
        (
            &["--sandbox", "--config", "gateway/examples/none.toml"],
            "--sandbox and --config exclude each other (set sandbox = true in the file instead)",
        ),
    ];
    for (args, want) in cases {
        let o = gateway(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(stderr(&o).contains(want), "{args:?}: {}", stderr(&o));
    }
}

#[test]
fn connection_flags_override_the_configuration_in_both_spellings() {
    // An out-of-range override reaches the configuration check, so start-up fails naming it: the value was read.
    for args in [
        ["--max-head-bytes", "4096"].as_slice(),
        ["--max-head-bytes=4096"].as_slice(),
    ] {
        let mut all = vec!["--listen", "127.0.0.1:0"];
        all.extend_from_slice(args);
        let o = gateway(&all);
        assert_eq!(o.status.code(), Some(1), "{args:?}: {}", stderr(&o));
        assert!(
            stderr(&o).contains("connections.max_head_bytes = 4096"),
            "{args:?}: {}",
            stderr(&o)
        );
    }
}

#[test]
fn a_bad_public_url_or_config_file_exits_two() {
    let o = gateway(&["--public-url", "ftp://x"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("gateway: --public-url: "),
        "{}",
        stderr(&o)
    );
    let o = gateway(&["--config", "/nonexistent/gateway.toml"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("cannot read /nonexistent/gateway.toml"),
        "{}",
        stderr(&o)
    );
}
