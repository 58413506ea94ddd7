//! The session's loopback servers against the attacks of the security review (issue 12): a
//! nested session borrowing the enclosing account, secrets on command lines, a web page or relay
//! asking the metadata server, another user's processes exhausting gsudo's file descriptors or
//! using the token endpoint. Each attack is made the way an attacker would make it: another
//! user's process is run as `nobody` (the tests run as root in CI), and this user's processes
//! outside the session are this test's own.

mod common;

use std::path::PathBuf;
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use common::*;

const CORP_USER: &str = "corp-user";
const CORP_PASSWORD: &str = "corp-pw";
const BUCKETS: &str = "https://storage.googleapis.com/storage/v1/b?project=test-project";
/// Runs what follows as another local user.
const AS_NOBODY: &str = "setpriv --reuid=65534 --regid=65534 --clear-groups";
/// The clients these attacks are made with.
const FLOOD: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/clients/flood.py");
const TOKEN_CLIENT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/clients/token_client.py");
/// A Python that user may run (the test's own may be under root's home).
const NOBODY_PYTHON: &str = "env PATH=/usr/local/bin:/usr/bin:/bin python3";

/// Fails unless this test can run a process as another user (root can; CI runs as root).
fn require_root() {
    require("setpriv");
    assert!(
        nix::unistd::getuid().is_root(),
        "this test runs an attacker as another user, which needs root (CI runs as root)"
    );
}

/// Session flags sending `hosts` to the HTTPS emulator and trusting its CA upstream.
fn to_emulator(emulator: &Emulator, hosts: &[&str]) -> Vec<String> {
    let (port, ca) = emulator.https.clone().expect("an HTTPS emulator");
    let mut flags = vec![format!("--upstream-ca-file={}", ca.display())];
    for host in hosts {
        flags.push(format!("--proxy-resolve={host}:443:127.0.0.1:{port}"));
    }
    flags
}

/// Writes a script into the user's home, for a session to run with sh.
fn script(user: &User, name: &str, text: &str) -> PathBuf {
    let path = user.path(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// Point 1: `gsudo -s weaker ...` inside a session acts as `weaker`, not as the enclosing
/// account, and its proxy still goes through the user's own proxy.
#[test]
fn a_nested_session_acts_as_its_own_account_through_the_users_proxy() {
    require("gcloud");
    require("curl");
    let emulator = Emulator::start_https();
    let (port, ca) = emulator.https.clone().unwrap();
    // The user's company proxy is the only way to Google: nothing maps Google's hosts, so a
    // nested proxy either goes through it or through the enclosing session's proxy.
    let corp = UserProxy::start(CORP_USER, CORP_PASSWORD, port, &[]);
    let mut user = user_without_storage_override(&emulator);
    user.env.insert(
        "HTTPS_PROXY".into(),
        format!("http://{CORP_USER}:{CORP_PASSWORD}@127.0.0.1:{}", corp.port),
    );
    user.env.insert("NO_PROXY".into(), "127.0.0.1".into());
    user.env
        .insert("CALLER_TOKEN".into(), emulator.alice_token());
    let upstream_ca = format!("--upstream-ca-file={}", ca.display());
    // Inside the deployer's session, a session as the reader: gcloud, and curl holding alice's
    // token (on stdin, not its argv), list buckets.
    let inner = script(
        &user,
        "inner.sh",
        &format!(
            "gcloud storage buckets list --format='value(name)' || exit 1\n\
             printf 'header = \"Authorization: Bearer %s\"\\n' \"$CALLER_TOKEN\" | \
             curl -sS -K - -o /dev/null -w '%{{http_code}}\\n' '{BUCKETS}'\n"
        ),
    );
    let outer = script(
        &user,
        "outer.sh",
        &format!(
            "'{gsudo}' -s {READER} -R 'JIRA-7 inner' {upstream_ca} sh '{inner}'\n",
            gsudo = env!("CARGO_BIN_EXE_gsudo"),
            inner = inner.display(),
        ),
    );
    let out = user.run_as(DEPLOYER, &[&upstream_ca, "sh", outer.to_str().unwrap()]);
    assert_ok(&out);
    assert_eq!(stdout(&out), "test-releases\ntest-secrets\n200\n");
    // Every call the inner command made reached Google as the reader, with the inner reason.
    let lists = assert_every_call_ran_as(&emulator, "storage.buckets.list", READER);
    assert_eq!(lists.len(), 2, "{lists:?}");
    for entry in &lists {
        assert!(reason(entry).ends_with(": JIRA-7 inner"), "{entry}");
    }
    // Through the user's proxy, with the user's credentials.
    let seen = corp.seen();
    assert!(
        seen.iter()
            .any(|c| c.target == "storage.googleapis.com:443" && c.authorized),
        "{seen:?}"
    );
}

/// Point 2: gcloud hands its proxy settings to gsutil and bq on their command lines, which
/// every local user can read; no session secret may be among them.
#[test]
fn no_session_secret_is_on_any_command_line_while_gsutil_and_bq_run() {
    require("gcloud");
    require("gsutil");
    require("bq");
    let emulator = Emulator::start_https();
    let user = user_without_storage_override(&emulator);
    let flags = to_emulator(
        &emulator,
        &["storage.googleapis.com", "bigquery.googleapis.com"],
    );
    let mut session = LiveSession::start(
        &user,
        &flags,
        "echo \"$HTTPS_PROXY\"; echo \"$GOOGLE_APPLICATION_CREDENTIALS\"; \
         gcloud auth print-access-token; read go; \
         gsutil ls >/dev/null 2>&1; echo \"gsutil $?\"; \
         bq ls >/dev/null 2>&1; echo \"bq $?\"",
    );
    // The session's secrets: the proxy's, the refresh token, the current access token.
    let proxy_url = session.line();
    let proxy_secret = proxy_url
        .split_once("gsudo:")
        .and_then(|(_, rest)| rest.split_once('@'))
        .map(|(secret, _)| secret.to_owned())
        .unwrap();
    let credentials: serde_json::Value =
        serde_json::from_slice(&std::fs::read(session.line()).unwrap()).unwrap();
    let refresh = credentials["refresh_token"].as_str().unwrap().to_owned();
    let access = session.line();
    let secrets = [proxy_secret, refresh, access];
    assert!(secrets.iter().all(|s| s.len() >= 16), "{}", secrets.len());

    // Every command line on the machine, read over and over while gsutil and bq run.
    let stop = Arc::new(AtomicBool::new(false));
    let seen: Arc<Mutex<Vec<String>>> = Arc::default();
    let sampler = {
        let (stop, seen) = (Arc::clone(&stop), Arc::clone(&seen));
        std::thread::spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                for entry in std::fs::read_dir("/proc").unwrap().flatten() {
                    let Ok(cmdline) = std::fs::read(entry.path().join("cmdline")) else {
                        continue;
                    };
                    let line = String::from_utf8_lossy(&cmdline).replace('\0', " ");
                    if line.contains("proxy") || secrets.iter().any(|s| line.contains(s)) {
                        let mut seen = seen.lock().unwrap();
                        if !seen.contains(&line) {
                            seen.push(line);
                        }
                    }
                }
            }
            secrets
        })
    };
    session.send("go");
    let gsutil = session.line();
    let bq = session.line();
    stop.store(true, Ordering::Relaxed);
    let secrets = sampler.join().unwrap();
    session.finish();
    let seen = seen.lock().unwrap();
    // The sampler saw both tools with the proxy settings gcloud gave them ...
    assert!(
        seen.iter().any(|l| l.contains("Boto:proxy_port=")),
        "{gsutil}: {seen:#?}"
    );
    assert!(
        seen.iter().any(|l| l.contains("--proxy_port")),
        "{bq}: {seen:#?}"
    );
    // ... and no secret on any command line.
    for line in seen.iter() {
        for secret in &secrets {
            assert!(!line.contains(secret.as_str()), "a secret in argv: {line}");
        }
    }
}

/// What the metadata server said to curl: `CODE` with the body's first line, or curl's exit
/// status when no answer came.
const METADATA_CURL: &str = "meta() { out=$(curl -s -w ' %{http_code}' \"$@\" \
     \"http://$GCE_METADATA_HOST/computeMetadata/v1/instance/service-accounts/default/email\"); \
     status=$?; [ $status -eq 0 ] && echo \"$out\" | head -1 || echo \"exit $status\"; }";

/// Point 3: the metadata server answers only requests addressed to it, from no web page, on
/// connections of the session's own processes.
#[test]
fn the_metadata_server_refuses_other_hosts_pages_relays_and_other_users() {
    require("curl");
    require_root();
    let emulator = Emulator::start();
    let user = User::new(&emulator);
    let flavor = "-H 'Metadata-Flavor: Google'";
    let mut session = LiveSession::start(
        &user,
        &[],
        &format!(
            "{METADATA_CURL}\n\
             echo \"$GCE_METADATA_HOST\"\n\
             meta {flavor}\n\
             meta {flavor} -H 'Host: metadata.google.internal'\n\
             meta {flavor} -H 'Host: evil.example'\n\
             meta {flavor} -H \"Host: evil.example:${{GCE_METADATA_HOST##*:}}\"\n\
             meta {flavor} -H 'Origin: http://evil.example'\n\
             meta {flavor} -H 'Referer: http://evil.example/page'\n\
             {AS_NOBODY} curl -s {flavor} \
               \"http://$GCE_METADATA_HOST/computeMetadata/v1/instance/service-accounts/default/email\"; \
             echo \"exit $?\"\n"
        ),
    );
    let host = session.line();
    let answers: Vec<String> = (0..7).map(|_| session.line()).collect();
    let email = format!("{DEPLOYER} 200");
    let refused = |why: &str| format!("Request refused: {why}");
    assert_eq!(answers[0], email);
    assert_eq!(answers[1], email);
    assert_eq!(answers[2], refused("it is addressed to another host"));
    assert_eq!(answers[3], refused("it is addressed to another host"));
    assert_eq!(answers[4], refused("it came from a web page"));
    assert_eq!(answers[5], refused("it came from a web page"));
    // Another user's process gets no answer at all: its connection is closed at accept.
    assert!(
        answers[6].starts_with("exit ") && answers[6] != "exit 0",
        "{answers:?}"
    );
    // A relay of this user outside the session (this test, say, forwarding a browser's
    // request) gets no answer either, whatever it sends.
    let relay = Command::new("curl")
        .args(["-s", "-H", "Metadata-Flavor: Google", "-w", "%{http_code}"])
        .arg(format!(
            "http://{host}/computeMetadata/v1/instance/service-accounts/default/token"
        ))
        .output()
        .unwrap();
    assert!(!relay.status.success(), "{}", stdout(&relay));
    assert_eq!(stdout(&relay), "000");
    session.finish();
}

/// Point 4: another user's flood of half-sent requests to every loopback server of the session
/// neither holds gsudo's descriptors nor stops the session's own token refreshes.
#[test]
fn another_users_flood_does_not_stop_the_sessions_refreshes() {
    require("gcloud");
    require_python("socket");
    require_root();
    let emulator = Emulator::start();
    let user = User::new(&emulator);
    // The flooder (as nobody) opens 1,100 connections to each of the token endpoint, the
    // metadata server and the proxy and says so; only then does gcloud refresh its token,
    // through the proxy and the token endpoint; then the flooder counts what gsudo closed.
    let out = user.run_as(
        DEPLOYER,
        &[
            "sh",
            "-c",
            &format!(
                "token=$(python3 -c 'import json, os, urllib.parse; \
                 print(urllib.parse.urlparse(json.load(open(os.environ[\"GOOGLE_APPLICATION_CREDENTIALS\"]))[\"token_uri\"]).port)'); \
                 {AS_NOBODY} {NOBODY_PYTHON} '{FLOOD}' 1100 \"$token\" \"${{GCE_METADATA_HOST##*:}}\" \"${{HTTPS_PROXY##*:}}\" | \
                 {{ read flooding; echo \"$flooding\"; \
                   gcloud auth print-access-token >/dev/null && echo refreshed; cat; }}"
            ),
        ],
    );
    assert_ok(&out);
    assert_eq!(
        stdout(&out),
        "flooding 3300\nrefreshed\nclosed 3300\n",
        "{}",
        stderr(&out)
    );
}

/// Point 5: the token endpoint and /tokeninfo answer the session's processes only: neither
/// another user's process nor one of this user's outside the session gets a token or an
/// answer about one, even holding the session's credential file.
#[test]
fn the_token_endpoint_answers_the_sessions_processes_only() {
    require("gcloud");
    require_python("urllib");
    require_root();
    let emulator = Emulator::start();
    let user = User::new(&emulator);
    let client = |python: &str| {
        format!("{python} '{TOKEN_CLIENT}' \"$token\" < \"$GOOGLE_APPLICATION_CREDENTIALS\"")
    };
    let mut session = LiveSession::start(
        &user,
        &[],
        &format!(
            "echo \"$GOOGLE_APPLICATION_CREDENTIALS\"\n\
             token=$(gcloud auth print-access-token)\n\
             echo \"$token\"\n\
             {own}\n\
             {AS_NOBODY} {nobody}\n",
            own = client("python3"),
            nobody = client(NOBODY_PYTHON),
        ),
    );
    let credentials = session.line();
    let token = session.line();
    // The session's own process: a token, and the token confirmed.
    assert_eq!(session.line(), "token 200 access_token");
    assert_eq!(session.line(), "tokeninfo 200");
    // Another user's process, given the credential file on its stdin: no answer to either.
    assert_eq!(session.line(), "token none");
    assert_eq!(session.line(), "tokeninfo none");
    // This user's process outside the session, holding the file: no answer either.
    let outside = Command::new("python3")
        .args([TOKEN_CLIENT, &token])
        .stdin(std::fs::File::open(&credentials).unwrap())
        .output()
        .unwrap();
    assert_eq!(stdout(&outside), "token none\ntokeninfo none\n");
    session.finish();
}
