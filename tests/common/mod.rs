//! The test bench: the emulator as a user would start it (`gsudo-emulator serve`), a made-up user
//! whose home, gcloud configuration and ADC file live in a temporary directory, and the built
//! gsudo binary run with the real clients installed on this machine.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

use serde_json::Value;

pub mod terminal;
mod world;

pub use world::World;

pub const DEPLOYER: &str = "deployer@test-project.iam.gserviceaccount.com";
pub const READER: &str = "reader@test-project.iam.gserviceaccount.com";
pub const LOCKED: &str = "locked@test-project.iam.gserviceaccount.com";
pub const ALICE: &str = "alice@example.com";
pub const ALICE_REFRESH: &str = "test-refresh-alice";

/// A small world: alice may become deployer; deployer may become reader; nobody may become
/// locked. deployer lists the project's buckets and reads one.
pub fn test_world() -> String {
    World::default()
        .test_project(&[
            &format!("serviceAccount:{DEPLOYER}"),
            &format!("serviceAccount:{READER}"),
        ])
        .user(ALICE, ALICE_REFRESH)
        .account(DEPLOYER, &[&format!("user:{ALICE}")])
        .account(READER, &[&format!("serviceAccount:{DEPLOYER}")])
        .account(LOCKED, &[])
        .with(&format!(
            r#"
[[buckets]]
name = "test-releases"
project = "test-project"
readers = ["serviceAccount:{DEPLOYER}"]
objects = ["v1/app.tar.gz", "v2/app.tar.gz"]

[[buckets]]
name = "test-secrets"
project = "test-project"
readers = []
objects = ["keys.txt"]
"#
        ))
        .text()
}

/// Fails the test when a real client it needs is not installed: a missing client is never a
/// silent pass.
pub fn require(program: &str) -> PathBuf {
    which(program).unwrap_or_else(|| {
        panic!("{program} is not installed on this machine, and this test needs the real one")
    })
}

/// Fails the test when a Python package it needs (tests/requirements.txt) is not installed, as
/// `require` does for programs.
pub fn require_python(module: &str) {
    require("python3");
    let found = Command::new("python3")
        .args(["-c", &format!("import {module}")])
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    assert!(
        found,
        "python3 cannot import {module}: install tests/requirements.txt (pip install -r \
         tests/requirements.txt); this test needs the real client"
    );
}

fn which(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(program))
        .find(|p| p.is_file())
}

/// `gsudo-emulator serve` on a free loopback port, stopped when dropped.
pub struct Emulator {
    child: Child,
    _stdout: BufReader<std::process::ChildStdout>,
    pub url: String,
    pub audit_log: PathBuf,
    /// With `start_https`: the HTTPS listener's port and the CA file its certificate chains to.
    pub https: Option<(u16, PathBuf)>,
    _dir: tempfile::TempDir,
}

impl Emulator {
    pub fn start() -> Self {
        Self::start_with(&test_world())
    }

    pub fn start_with(world: &str) -> Self {
        Self::start_with_faults(world, &[])
    }

    /// Also serves HTTPS (HTTP/2 and HTTP/1.1) with a CA of its own.
    pub fn start_https() -> Self {
        Self::start_with_faults(&test_world(), &["--https-listen", "127.0.0.1:0"])
    }

    /// Injects faults (`serve` flags such as `--latency 20ms`, `--fail-first 6`).
    pub fn start_with_faults(world: &str, faults: &[&str]) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let world_file = dir.path().join("world.toml");
        std::fs::write(&world_file, world).unwrap();
        let audit_log = dir.path().join("audit.jsonl");
        let mut child = Command::new(env!("CARGO_BIN_EXE_gsudo-emulator"))
            .args(["--world"])
            .arg(&world_file)
            .args(["serve", "--listen", "127.0.0.1:0", "--audit-log"])
            .arg(&audit_log)
            .args(faults)
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let mut line = String::new();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        stdout.read_line(&mut line).unwrap();
        let url = line
            .trim()
            .strip_prefix("listening on ")
            .unwrap_or_else(|| panic!("emulator said {line:?}"))
            .to_owned();
        let mut https_port = None;
        let mut https = None;
        while faults.contains(&"--https-listen") && https.is_none() {
            let mut line = String::new();
            if stdout.read_line(&mut line).unwrap() == 0 {
                panic!("the emulator stopped before saying where it serves HTTPS");
            }
            if let Some(url) = line
                .trim()
                .strip_prefix("listening (https) on https://127.0.0.1:")
            {
                https_port = Some(url.trim_end_matches('/').parse::<u16>().unwrap());
            } else if let Some(ca) = line.trim().strip_prefix("ca: ") {
                https = Some((
                    https_port.expect("the https line comes first"),
                    PathBuf::from(ca),
                ));
            }
        }
        Self {
            child,
            _stdout: stdout,
            url,
            audit_log,
            https,
            _dir: dir,
        }
    }

    /// Every audit log entry so far.
    pub fn audit(&self) -> Vec<Value> {
        std::fs::read_to_string(&self.audit_log)
            .unwrap_or_default()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }

    pub fn audit_text(&self) -> String {
        std::fs::read_to_string(&self.audit_log).unwrap_or_default()
    }

    /// The audit entries of one method, e.g. `GenerateAccessToken` or `storage.buckets.list`.
    pub fn entries(&self, method: &str) -> Vec<Value> {
        self.audit()
            .into_iter()
            .filter(|e| e["protoPayload"]["methodName"] == method)
            .collect()
    }

    /// An access token for alice, straight from the emulator's OAuth endpoint.
    pub fn alice_token(&self) -> String {
        self.access_token(ALICE_REFRESH)
    }

    /// An access token for the user who signs in with `refresh_token`, straight from the
    /// emulator's OAuth endpoint.
    pub fn access_token(&self, refresh_token: &str) -> String {
        let out = Command::new("curl")
            .args(["-sf", "-d", "grant_type=refresh_token", "-d"])
            .arg(format!("refresh_token={refresh_token}"))
            .arg(format!("{}token", self.url))
            .output()
            .unwrap();
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        v["access_token"].as_str().unwrap().to_owned()
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A made-up user: HOME, gcloud configuration pointing at the emulator, ADC file for alice.
pub struct User {
    pub home: tempfile::TempDir,
    pub env: BTreeMap<String, String>,
}

impl User {
    pub fn new(emulator: &Emulator) -> Self {
        let home = tempfile::tempdir().unwrap();
        let gcloud = home.path().join(".config/gcloud");
        std::fs::create_dir_all(gcloud.join("configurations")).unwrap();
        std::fs::write(gcloud.join("active_config"), "work").unwrap();
        std::fs::write(
            gcloud.join("configurations/config_work"),
            format!(
                "[core]\nproject = test-project\naccount = alice@example.com\n\n[compute]\nregion = europe-west1\n\n\
                 [api_endpoint_overrides]\niamcredentials = {url}\nstorage = {url}\n",
                url = emulator.url
            ),
        )
        .unwrap();
        std::fs::write(
            gcloud.join("application_default_credentials.json"),
            serde_json::json!({
                "type": "authorized_user",
                "client_id": "test",
                "client_secret": "test",
                "refresh_token": ALICE_REFRESH,
                "token_uri": format!("{}token", emulator.url),
            })
            .to_string(),
        )
        .unwrap();
        std::fs::create_dir_all(home.path().join(".kube")).unwrap();
        std::fs::write(
            home.path().join(".kube/config"),
            "apiVersion: v1\nkind: Config\n",
        )
        .unwrap();
        let run = home.path().join("run");
        std::fs::create_dir(&run).unwrap();
        let mut env = BTreeMap::new();
        for (k, v) in [
            ("HOME", home.path().to_str().unwrap()),
            ("PATH", &std::env::var("PATH").unwrap()),
            ("XDG_RUNTIME_DIR", run.to_str().unwrap()),
            ("LANG", "C.UTF-8"),
        ] {
            env.insert(k.to_owned(), v.to_owned());
        }
        // Machine-wide CA settings (this machine sets some) are part of a real user's setup.
        for (k, v) in std::env::vars() {
            if k.starts_with("CLOUDSDK_CORE_CUSTOM_CA") || k == "SSL_CERT_FILE" {
                env.insert(k, v);
            }
        }
        Self { home, env }
    }

    /// Points more of gcloud's APIs at the emulator (`api_endpoint_overrides/<api>`).
    pub fn point_at(&self, emulator: &Emulator, apis: &[&str]) {
        use std::io::Write as _;
        // The overrides section is the configuration file's last.
        let mut config = std::fs::OpenOptions::new()
            .append(true)
            .open(self.path(".config/gcloud/configurations/config_work"))
            .unwrap();
        for api in apis {
            writeln!(config, "{api} = {}", emulator.url).unwrap();
        }
    }

    pub fn path(&self, relative: &str) -> PathBuf {
        self.home.path().join(relative)
    }

    /// Writes the user's gsudo configuration file, where gsudo looks for it with this HOME.
    pub fn write_config(&self, text: &str) -> PathBuf {
        let path = self.path(".config/gsudo/config.toml");
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
        path
    }

    /// Every line of the session log (`~/.local/state/gsudo/sessions.jsonl`) so far.
    pub fn session_log_lines(&self) -> Vec<Value> {
        std::fs::read_to_string(self.path(".local/state/gsudo/sessions.jsonl"))
            .unwrap_or_default()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }

    /// Every session in the session log so far, oldest first, as its last line says (a session
    /// writes one line when its command starts and one when it ends).
    pub fn session_log(&self) -> Vec<Value> {
        let mut sessions: Vec<Value> = Vec::new();
        for line in self.session_log_lines() {
            match sessions
                .iter_mut()
                .find(|s| s["session"] == line["session"])
            {
                Some(session) => *session = line,
                None => sessions.push(line),
            }
        }
        sessions
    }

    /// The built gsudo in this user's environment (and no other).
    pub fn gsudo(&self) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_gsudo"));
        c.env_clear()
            .envs(&self.env)
            .current_dir(self.home.path())
            .stdin(Stdio::null());
        c
    }

    /// `gsudo -s SA -R reason ARGS...`
    pub fn run_as(&self, account: &str, args: &[&str]) -> Output {
        self.gsudo()
            .args(["-s", account, "-R", "JIRA-123 test"])
            .args(args)
            .output()
            .unwrap()
    }

    /// What the session directory base holds now.
    pub fn session_dirs(&self) -> Vec<String> {
        std::fs::read_dir(self.path("run/gsudo"))
            .map(|d| {
                d.flatten()
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Every file under `dir` with its bytes, to prove nothing changed.
    pub fn snapshot(&self, relative: &str) -> BTreeMap<PathBuf, Vec<u8>> {
        let mut files = BTreeMap::new();
        walk(&self.path(relative), &mut files);
        files
    }
}

fn walk(dir: &Path, files: &mut BTreeMap<PathBuf, Vec<u8>>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            walk(&path, files);
        } else {
            files.insert(path.clone(), std::fs::read(&path).unwrap_or_default());
        }
    }
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Runs `f` on a thread of its own and returns what it returns, failing the test if that has not
/// happened within a minute: for waiting on an event that must come, never to measure time.
pub fn eventually<T: Send + 'static>(what: &str, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (done, result) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = done.send(f());
    });
    result
        .recv_timeout(std::time::Duration::from_secs(60))
        .unwrap_or_else(|_| panic!("waited a minute for {what}"))
}

/// Runs `command` with its output piped, failing the test if it has not finished within `limit`:
/// nothing may hang. Both pipes are read while it runs, so that however much it writes, it
/// never waits on a full pipe.
pub fn within(limit: std::time::Duration, mut command: Command) -> Output {
    let child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let pid = nix::unistd::Pid::from_raw(child.id() as i32);
    let (done, result) = std::sync::mpsc::channel();
    // wait_with_output reads both pipes at once until the child ends, then reaps it.
    std::thread::spawn(move || {
        let _ = done.send(child.wait_with_output());
    });
    match result.recv_timeout(limit) {
        Ok(output) => output.unwrap(),
        Err(_) => {
            // Not reaped yet (the thread still waits on it), so the pid is still the child's.
            let _ = nix::sys::signal::kill(pid, nix::sys::signal::Signal::SIGKILL);
            panic!(
                "{:?} did not finish within {limit:?}",
                command.get_program()
            );
        }
    }
}

/// Asserts success, showing what gsudo said when it did not succeed.
pub fn assert_ok(out: &Output) {
    assert!(
        out.status.success(),
        "status {:?}\nstdout:\n{}\nstderr:\n{}",
        out.status,
        stdout(out),
        stderr(out)
    );
}

/// The JSON document a successful command printed (a client script's one line of results).
pub fn ok_json(out: &Output) -> Value {
    assert_ok(out);
    serde_json::from_str(stdout(out).trim()).unwrap_or_else(|e| panic!("{e}: {}", stdout(out)))
}

/// The calls of `method` in the audit log, after checking that there was one at least and that
/// every one ran as `account`: the account the command was meant to act as, not the caller.
pub fn assert_every_call_ran_as(emulator: &Emulator, method: &str, account: &str) -> Vec<Value> {
    let calls = emulator.entries(method);
    assert!(
        !calls.is_empty() && calls.iter().all(|e| principal(e) == account),
        "not every {method} ran as {account}:\n{}",
        emulator.audit_text()
    );
    calls
}

/// The one `method` call in the audit log, which ran as `account` on behalf of `caller`.
pub fn the_one_call_as(emulator: &Emulator, method: &str, account: &str, caller: &str) -> Value {
    let mut calls = assert_every_call_ran_as(emulator, method, account);
    assert_eq!(calls.len(), 1, "{}", emulator.audit_text());
    let call = calls.remove(0);
    assert_eq!(delegation(&call), [caller]);
    call
}

/// The reason recorded on an audit entry.
pub fn reason(entry: &Value) -> &str {
    entry["protoPayload"]["requestMetadata"]["requestAttributes"]["reason"]
        .as_str()
        .unwrap_or("")
}

/// Who made the call an audit entry records: its `principalEmail`, or for a federated caller
/// (which has none) its `principalSubject`, as Cloud Audit Logs names them.
pub fn principal(entry: &Value) -> &str {
    named(&entry["protoPayload"]["authenticationInfo"])
}

/// The accounts (or federated principal) the caller acted through, original caller first.
pub fn delegation(entry: &Value) -> Vec<String> {
    entry["protoPayload"]["authenticationInfo"]["serviceAccountDelegationInfo"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|d| match &d["firstPartyPrincipal"] {
                    Value::Null => named(d).to_owned(),
                    first => named(first).to_owned(),
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The `principalEmail` of an identity in an audit entry, else its `principalSubject`.
fn named(identity: &Value) -> &str {
    identity["principalEmail"]
        .as_str()
        .or_else(|| identity["principalSubject"].as_str())
        .unwrap_or("")
}

/// One CONNECT the user's proxy was asked for: the target, and whether the right credentials
/// came with it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Connect {
    pub target: String,
    pub authorized: bool,
}

/// The user's own HTTP proxy (a company's, say), on loopback: it takes CONNECT only with the
/// right `Proxy-Authorization` (407 otherwise), refuses the targets it is told to (403), sends
/// `*.googleapis.com:443` to the emulator's HTTPS address and loopback names to themselves, and
/// connects nowhere else. It records every CONNECT.
pub struct UserProxy {
    pub port: u16,
    seen: std::sync::Arc<std::sync::Mutex<Vec<Connect>>>,
}

impl UserProxy {
    /// A proxy for `user`:`password` that sends Google API hosts to 127.0.0.1:`google_port`.
    pub fn start(user: &str, password: &str, google_port: u16, refused: &[&str]) -> Self {
        use base64::Engine as _;
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let seen = std::sync::Arc::default();
        let expected = format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"))
        );
        let refused: Vec<String> = refused.iter().map(|t| (*t).to_owned()).collect();
        let record = std::sync::Arc::clone(&seen);
        // The thread ends with the test process, like the proxy of a user who never quits it.
        std::thread::spawn(move || {
            for client in listener.incoming().flatten() {
                let (expected, refused, record) = (
                    expected.clone(),
                    refused.clone(),
                    std::sync::Arc::clone(&record),
                );
                std::thread::spawn(move || {
                    user_proxy_connection(client, &expected, &refused, google_port, &record)
                });
            }
        });
        Self { port, seen }
    }

    /// Every CONNECT so far.
    pub fn seen(&self) -> Vec<Connect> {
        self.seen.lock().unwrap().clone()
    }
}

fn user_proxy_connection(
    mut client: std::net::TcpStream,
    expected: &str,
    refused: &[String],
    google_port: u16,
    seen: &std::sync::Mutex<Vec<Connect>>,
) {
    use std::io::{Read as _, Write as _};
    // Byte by byte, so that nothing after the head is taken from the client.
    let mut head = Vec::new();
    let mut byte = [0u8];
    while !head.ends_with(b"\r\n\r\n") {
        if client.read(&mut byte).unwrap_or(0) == 0 {
            return;
        }
        head.push(byte[0]);
    }
    let head = String::from_utf8_lossy(&head).into_owned();
    let mut lines = head.lines();
    let request: Vec<&str> = lines.next().unwrap_or_default().split(' ').collect();
    let authorized = lines.any(|l| {
        l.split_once(':').is_some_and(|(name, value)| {
            name.eq_ignore_ascii_case("proxy-authorization") && value.trim() == expected
        })
    });
    let (method, target) = (request[0], request.get(1).copied().unwrap_or_default());
    seen.lock().unwrap().push(Connect {
        target: target.to_owned(),
        authorized,
    });
    let answer = |mut client: &std::net::TcpStream, status: &str| {
        let _ = write!(client, "HTTP/1.1 {status}\r\nContent-Length: 0\r\n\r\n");
    };
    if method != "CONNECT" {
        return answer(&client, "405 Method Not Allowed");
    }
    if !authorized {
        return answer(
            &client,
            "407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"corp\"",
        );
    }
    if refused.iter().any(|r| r == target) {
        return answer(&client, "403 Forbidden");
    }
    let (host, port) = target.rsplit_once(':').unwrap_or((target, "443"));
    let address = if host.ends_with(".googleapis.com") && port == "443" {
        format!("127.0.0.1:{google_port}")
    } else if matches!(host, "localhost" | "127.0.0.1") {
        target.to_owned()
    } else {
        return answer(&client, "502 Bad Gateway");
    };
    let Ok(upstream) = std::net::TcpStream::connect(address) else {
        return answer(&client, "502 Bad Gateway");
    };
    if client
        .write_all(b"HTTP/1.1 200 Connection established\r\n\r\n")
        .is_err()
    {
        return;
    }
    let (mut client_in, mut upstream_out) =
        (client.try_clone().unwrap(), upstream.try_clone().unwrap());
    let (mut upstream_in, mut client_out) = (upstream, client);
    let up = std::thread::spawn(move || {
        let _ = std::io::copy(&mut client_in, &mut upstream_out);
        let _ = upstream_out.shutdown(std::net::Shutdown::Write);
    });
    let _ = std::io::copy(&mut upstream_in, &mut client_out);
    let _ = client_out.shutdown(std::net::Shutdown::Write);
    let _ = up.join();
}

/// A session whose command runs `script` and then waits until the test lets it end, so that
/// the test can reach the session's servers from outside it while it runs.
pub struct LiveSession {
    child: Child,
    stdout: BufReader<std::process::ChildStdout>,
}

impl LiveSession {
    /// `gsudo -s DEPLOYER -R "JIRA-123 test" FLAGS sh -c SCRIPT`, then a wait for stdin.
    pub fn start(user: &User, flags: &[String], script: &str) -> Self {
        let mut child = user
            .gsudo()
            .args(["-s", DEPLOYER, "-R", "JIRA-123 test"])
            .args(flags)
            .args(["sh", "-c", &format!("{script}\nread line || true")])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let stdout = BufReader::new(child.stdout.take().unwrap());
        Self { child, stdout }
    }

    /// The next line the command printed, without its newline.
    pub fn line(&mut self) -> String {
        let mut line = String::new();
        self.stdout.read_line(&mut line).unwrap();
        assert!(!line.is_empty(), "the session ended early");
        line.trim_end_matches('\n').to_owned()
    }

    /// Writes a line to the command's stdin (its script reads it with `read`).
    pub fn send(&mut self, line: &str) {
        use std::io::Write as _;
        let stdin = self.child.stdin.as_mut().unwrap();
        writeln!(stdin, "{line}").unwrap();
    }

    /// Lets the command end; returns the rest of what it printed, once gsudo succeeded.
    pub fn finish(mut self) -> String {
        use std::io::Read as _;
        drop(self.child.stdin.take());
        let mut rest = String::new();
        self.stdout.read_to_string(&mut rest).unwrap();
        assert!(self.child.wait().unwrap().success(), "{rest}");
        rest
    }
}

/// A user whose gcloud configuration names no storage endpoint: gcloud must reach
/// storage.googleapis.com itself, which only the session's proxy can send to the emulator.
pub fn user_without_storage_override(emulator: &Emulator) -> User {
    let user = User::new(emulator);
    let config = user.path(".config/gcloud/configurations/config_work");
    let text = std::fs::read_to_string(&config).unwrap();
    let kept: Vec<&str> = text
        .lines()
        .filter(|l| !l.starts_with("storage ="))
        .collect();
    std::fs::write(&config, kept.join("\n")).unwrap();
    user
}
