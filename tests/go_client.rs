//! A Go program in a session, authenticating as Terraform's google provider does: Application
//! Default Credentials from `golang.org/x/oauth2/google` (Debian's golang-golang-x-oauth2-google-dev,
//! which .ci/run installs with golang-go), then plain `net/http` to Google's real host names,
//! which the session's proxy sends to the emulator. Built once per test run, offline (GOPATH
//! mode over /usr/share/gocode, no module proxy, no toolchain download).

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use common::*;
use serde_json::{Value, json};

/// The program's source, and where Debian installs the Go libraries it imports.
const SOURCE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/go/adc");
const GOPATH: &str = "/usr/share/gocode";
/// Built here once, beside cargo's other test scratch files.
const BUILT: &str = concat!(env!("CARGO_TARGET_TMPDIR"), "/go");

/// The built program, compiled on first use by this test binary. A missing Go toolchain or
/// library fails the test, as any missing real client does.
fn program() -> &'static Path {
    static PROGRAM: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    let built = PROGRAM.get_or_init(|| {
        let go = require("go");
        let library = Path::new(GOPATH).join("src/golang.org/x/oauth2/google");
        if !library.is_dir() {
            return Err(format!(
                "{} is missing: install golang-golang-x-oauth2-google-dev (as .ci/run does); this test needs the real library",
                library.display()
            ));
        }
        let out = Path::new(BUILT).join("adc");
        let build = Command::new(go)
            .args(["build", "-o"])
            .arg(&out)
            .arg(".")
            .current_dir(SOURCE)
            // GOPATH mode over Debian's sources; nothing may be fetched, not even a toolchain.
            .env("GO111MODULE", "off")
            .env("GOPATH", GOPATH)
            .env("GOCACHE", Path::new(BUILT).join("cache"))
            .env("GOPROXY", "off")
            .env("GOFLAGS", "")
            .env("GOTOOLCHAIN", "local")
            .env("GOENV", "off")
            .output()
            .map_err(|e| e.to_string())?;
        if !build.status.success() {
            return Err(format!("go build failed:\n{}", stderr(&build)));
        }
        Ok(out)
    });
    match built {
        Ok(path) => path,
        Err(why) => panic!("{why}"),
    }
}

/// The session's flags that send every Google API host to the HTTPS emulator and trust its CA.
fn to_emulator(emulator: &Emulator) -> Vec<String> {
    let (port, ca) = emulator.https.clone().expect("an HTTPS emulator");
    vec![
        "--proxy-resolve".into(),
        format!("*.googleapis.com:443:127.0.0.1:{port}"),
        "--upstream-ca-file".into(),
        ca.display().to_string(),
    ]
}

/// Runs the Go program in a session as DEPLOYER, after `prelude` (shell), and returns what it
/// printed.
fn run_in_session(emulator: &Emulator, user: &User, prelude: &str) -> Value {
    let program = program().to_str().unwrap().to_owned();
    let script = format!("{prelude}\nexec \"$1\" test-project");
    let mut args: Vec<String> = to_emulator(emulator);
    args.extend(["sh".into(), "-c".into(), script, "sh".into(), program]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = user.run_as(DEPLOYER, &args);
    ok_json(&out)
}

/// The one storage call the program made ran as the account, for alice, with the reason.
fn assert_listed_as_the_account(emulator: &Emulator) {
    let list = the_one_call_as(emulator, "storage.buckets.list", DEPLOYER, ALICE);
    assert!(reason(&list).ends_with(": JIRA-123 test"), "{list}");
}

#[test]
fn go_finds_the_session_credentials_file_and_acts_as_the_account() {
    let emulator = Emulator::start_https();
    let user = User::new(&emulator);
    let result = run_in_session(&emulator, &user, "");
    assert_eq!(result["credentials"], "authorized_user");
    assert_eq!(result["email"], DEPLOYER);
    assert_eq!(result["status"], 200);
    assert_eq!(result["buckets"], json!(["test-releases", "test-secrets"]));
    assert_listed_as_the_account(&emulator);
}

#[test]
fn go_without_a_credentials_file_uses_the_session_metadata_server() {
    let emulator = Emulator::start_https();
    let user = User::new(&emulator);
    // No GOOGLE_APPLICATION_CREDENTIALS, and a HOME without gcloud's well-known ADC file: Go
    // falls back to the metadata server that GCE_METADATA_HOST names.
    let empty = user.path("empty-home");
    std::fs::create_dir(&empty).unwrap();
    let prelude = format!(
        "unset GOOGLE_APPLICATION_CREDENTIALS; HOME='{}'; export HOME",
        empty.display()
    );
    let result = run_in_session(&emulator, &user, &prelude);
    assert_eq!(result["credentials"], "compute_metadata");
    assert_eq!(result["project"], "test-project");
    assert_eq!(result["email"], DEPLOYER);
    assert_eq!(result["status"], 200);
    assert_eq!(result["buckets"], json!(["test-releases", "test-secrets"]));
    assert_listed_as_the_account(&emulator);
}

#[test]
fn go_reading_the_users_own_adc_file_still_calls_google_as_the_account() {
    let emulator = Emulator::start_https();
    let user = User::new(&emulator);
    // Go's well-known ADC file is $HOME/.config/gcloud/..., whatever CLOUDSDK_CONFIG says, so
    // without GOOGLE_APPLICATION_CREDENTIALS it finds the user's own file and refreshes alice's
    // token (here straight at the emulator's loopback token URI; a real file's
    // oauth2.googleapis.com would be answered by the proxy with the session's token). Its call
    // to storage.googleapis.com goes through the session's proxy, which puts the session's
    // token on it.
    let result = run_in_session(&emulator, &user, "unset GOOGLE_APPLICATION_CREDENTIALS");
    assert_eq!(result["credentials"], "authorized_user");
    assert_eq!(result["email"], ALICE);
    assert_eq!(result["status"], 200);
    assert_listed_as_the_account(&emulator);
}

#[test]
fn go_in_the_sandbox_reaches_googles_real_host_offline() {
    // Nothing configured: Go's net/http follows the session's HTTPS_PROXY to
    // storage.googleapis.com, which the sandbox sends to its emulator.
    let program = program();
    let tmp = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_gsudo"))
        .args(["sandbox", "--"])
        .arg(program)
        .arg("sandbox-project")
        .env("TMPDIR", tmp.path())
        .env("HOME", tmp.path().join("home"))
        .env("XDG_CONFIG_HOME", tmp.path().join("home/.config"))
        .env("XDG_STATE_HOME", tmp.path().join("home/.local/state"))
        .env_remove("GSUDO_SERVICE_ACCOUNT")
        .env_remove("GSUDO_REASON")
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    let result = ok_json(&out);
    assert_eq!(result["credentials"], "authorized_user");
    assert_eq!(
        result["email"],
        "deployer@sandbox-project.iam.gserviceaccount.com"
    );
    assert_eq!(result["status"], 200);
    let buckets = result["buckets"].as_array().unwrap();
    assert!(buckets.iter().any(|b| b == "sandbox-releases"), "{result}");
}
