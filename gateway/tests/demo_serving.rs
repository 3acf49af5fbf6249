//! What the demo's browser and its operator see besides the API: Markdown served with a charset, a favicon that is
//! not a 404, and the start-up banner's listening address when a configuration sets a public URL.

use pns_gateway::config::Config;
use pns_gateway::{Dirs, Gateway};
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

async fn start_with_dirs(dirs: Dirs) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let gw = Gateway::from_listener(&Config::sandbox(), listener, dirs).unwrap();
    let base = gw.state.base_url.clone();
    tokio::spawn(gw.serve());
    base
}

#[tokio::test]
async fn markdown_and_text_carry_utf8_and_the_favicon_is_not_a_404() {
    let dir = std::env::temp_dir().join(format!("pns-demo-serving-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("npm")).unwrap();
    std::fs::write(dir.join("npm/README.md"), "# 本机号码校验\n").unwrap();
    std::fs::write(dir.join("notes.txt"), "一键登录\n").unwrap();
    let base = start_with_dirs(Dirs {
        www: dir.clone(),
        sdk: dir.clone(),
    })
    .await;
    let http = reqwest::Client::builder().no_proxy().build().unwrap();
    for (path, want) in [
        ("/sdk/npm/README.md", "text/markdown; charset=utf-8"),
        ("/demo/notes.txt", "text/plain; charset=utf-8"),
    ] {
        let r = http.get(format!("{base}{path}")).send().await.unwrap();
        assert_eq!(r.status(), 200, "{path}");
        let ct = r.headers()["content-type"].to_str().unwrap().to_owned();
        assert_eq!(ct, want, "{path}");
        assert!(r.text().await.unwrap().contains('本') || path.ends_with(".txt"));
    }
    let fav = http
        .get(format!("{base}/favicon.ico"))
        .send()
        .await
        .unwrap();
    assert_eq!(fav.status(), 204);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn banner_prints_the_bound_address_and_the_configured_public_url() {
    let config = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/several-schemes.toml");
    let mut child = Command::new(env!("CARGO_BIN_EXE_gateway"))
        .args(["--config", config, "--listen", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let first = lines.next().unwrap().unwrap();
    let second = lines.next().unwrap().unwrap();
    child.kill().ok();
    child.wait().ok();
    let addr = first
        .strip_prefix("PhoneNumberServer gateway listening on http://127.0.0.1:")
        .unwrap_or_else(|| panic!("{first}"));
    let port: u16 = addr.parse().unwrap_or_else(|_| panic!("{first}"));
    assert_ne!(port, 0);
    assert_ne!(port, 8787, "the bound port, not the public URL's: {first}");
    assert_eq!(second, "  public URL:       http://127.0.0.1:8787");
}
