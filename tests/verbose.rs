//! `-v` shows each HTTP call gsudo makes (method, URL, status, time) and never a token, secret
//! or private key: every command runs here with -v against the emulator, and its stderr is
//! searched for every secret the run could have leaked.

mod common;

use std::process::{Command, Output};

use common::*;

/// Prints what a command in a session could leak: the session's refresh secret, a token from
/// the session's endpoint, and the proxy URL with its credentials.
const PRINT_SECRETS: &str = "import json, os, urllib.parse, urllib.request\n\
c = json.load(open(os.environ['GOOGLE_APPLICATION_CREDENTIALS']))\n\
print(c['refresh_token'])\n\
body = urllib.parse.urlencode({'grant_type': 'refresh_token', 'refresh_token': c['refresh_token']})\n\
print(json.loads(urllib.request.urlopen(c['token_uri'], body.encode()).read())['access_token'])\n\
print(os.environ.get('HTTPS_PROXY', ''))";

/// Every run's output, and the secrets found on the stdouts.
#[derive(Default)]
struct Runs {
    runs: Vec<(String, Output)>,
    secrets: Vec<String>,
}

impl Runs {
    fn run(&mut self, name: &str, mut command: Command) -> &Output {
        let out = command.output().unwrap();
        let text = stdout(&out);
        // Every token printed (the emulator's all start like Google's).
        for word in text.split(|c: char| c == '"' || c.is_whitespace()) {
            if word.starts_with("ya29.") {
                self.secrets.push(word.to_owned());
            }
        }
        // What PRINT_SECRETS printed: the session secret first, the proxy URL's password last.
        if let Some(first) = text.lines().next()
            && text.lines().count() == 3
        {
            self.secrets.push(first.to_owned());
        }
        for password in text.lines().filter_map(|l| {
            l.strip_prefix("http://gsudo:")
                .and_then(|rest| rest.split('@').next())
        }) {
            self.secrets.push(password.to_owned());
        }
        self.runs.push((name.to_owned(), out));
        &self.runs.last().unwrap().1
    }

    fn assert_nothing_leaked(&self, more: &[&str]) {
        let mut forbidden: Vec<&str> = self.secrets.iter().map(String::as_str).collect();
        forbidden.extend_from_slice(more);
        forbidden.extend_from_slice(&[ALICE_REFRESH, "PRIVATE KEY", "ya29.", "BEGIN RSA"]);
        for (name, out) in &self.runs {
            let err = stderr(out);
            for secret in &forbidden {
                assert!(
                    !err.contains(secret),
                    "`{name}` printed {secret:?} on stderr:\n{err}"
                );
            }
        }
    }
}

/// `args` with `-v` where gsudo reads it: first for a session, after a subcommand's name (only
/// the first argument can name one).
fn with_verbose<'a>(args: &[&'a str]) -> Vec<&'a str> {
    let at = usize::from(args.first().is_some_and(|a| !a.starts_with('-')));
    let mut args = args.to_vec();
    args.insert(at, "-v");
    args
}

#[test]
fn no_command_shows_a_secret_with_dash_v() {
    let emulator = Emulator::start();
    let user = User::new(&emulator);
    user.point_at(&emulator, &["iam", "cloudresourcemanager"]);
    user.write_config(&format!("[aliases]\ndeploy = \"{DEPLOYER}\"\n"));
    let mut runs = Runs::default();
    let gsudo = |args: &[&str]| {
        let mut c = user.gsudo();
        c.args(with_verbose(args));
        c
    };
    let who = ["-s", "deploy", "-R", "OPS-1 v"];

    let out = runs.run(
        "run",
        gsudo(&[&who[..], &["python3", "-c", PRINT_SECRETS]].concat()),
    );
    assert_ok(out);
    let err = stderr(out);
    // -v does show the calls: the mint, with method, URL, status and time.
    assert!(
        err.contains(&format!(
            "gsudo: http: POST {}v1/projects/-/serviceAccounts/{DEPLOYER}:generateAccessToken -> 200 (",
            emulator.url
        )),
        "{err}"
    );
    assert!(
        runs.secrets.len() >= 3,
        "the child printed its secrets: {:?}",
        runs.secrets
    );

    assert_ok(runs.run("token", gsudo(&[&["token"], &who[..]].concat())));
    assert_ok(runs.run(
        "token json",
        gsudo(&[&["token", "--format", "json"], &who[..]].concat()),
    ));
    assert_ok(runs.run("whoami", gsudo(&["whoami"])));
    assert_ok(runs.run("whoami json", gsudo(&["whoami", "--format", "json"])));
    let nested = format!(
        "'{g}' whoami -v; '{g}' token -v -s {READER} -R nested",
        g = env!("CARGO_BIN_EXE_gsudo")
    );
    // Inside a session the caller is the session: its secret travels, but never to stderr.
    assert_ok(runs.run(
        "nested",
        gsudo(&[&who[..], &["sh", "-c", &nested]].concat()),
    ));
    runs.run("list", gsudo(&["list", "--format", "json"]));
    runs.run(
        "can",
        gsudo(
            &[
                &[
                    "can",
                    "--on",
                    "projects/test-project",
                    "storage.buckets.list",
                ],
                &who[..],
            ]
            .concat(),
        ),
    );
    assert_ok(runs.run("log", gsudo(&["log"])));
    assert_ok(runs.run("log json", gsudo(&["log", "--format", "json"])));
    assert_ok(runs.run(
        "config list",
        gsudo(&["config", "list", "--format", "json"]),
    ));
    assert_ok(runs.run("config set", gsudo(&["config", "set", "lifetime", "10m"])));
    assert_ok(runs.run("config get", gsudo(&["config", "get", "lifetime"])));
    assert_ok(runs.run("config path", gsudo(&["config", "path"])));
    assert_ok(runs.run("completions", gsudo(&["completions", "bash"])));
    assert_ok(runs.run("version", gsudo(&["version"])));
    assert_ok(runs.run(
        "sandbox",
        gsudo(&["sandbox", "--", "python3", "-c", PRINT_SECRETS]),
    ));
    // Refusals take the same care.
    runs.run("refused", gsudo(&["-s", LOCKED, "-R", "OPS-1 v", "true"]));

    let alice = emulator.alice_token();
    runs.assert_nothing_leaked(&[&alice]);
}

#[test]
fn a_service_account_key_caller_never_shows_its_key() {
    let emulator = Emulator::start();
    let user = User::new(&emulator);
    let key = Command::new(require("openssl"))
        .args([
            "genpkey",
            "-algorithm",
            "RSA",
            "-pkeyopt",
            "rsa_keygen_bits:2048",
        ])
        .output()
        .unwrap();
    assert_ok(&key);
    let pem = stdout(&key);
    let body_line = pem.lines().nth(1).unwrap().to_owned();
    let file = user.path("key.json");
    std::fs::write(
        &file,
        serde_json::json!({
            "type": "service_account",
            "project_id": "test-project",
            "private_key_id": "0123456789abcdef",
            "private_key": pem,
            "client_email": "ci@test-project.iam.gserviceaccount.com",
            "client_id": "1",
            "token_uri": format!("{}token", emulator.url),
        })
        .to_string(),
    )
    .unwrap();
    let mut runs = Runs::default();
    for args in [
        &["-s", DEPLOYER, "-R", "OPS-1 v", "true"][..],
        &["whoami"],
        &["token", "-s", DEPLOYER, "-R", "OPS-1 v"],
    ] {
        let mut c = user.gsudo();
        c.args(with_verbose(args))
            .env("GOOGLE_APPLICATION_CREDENTIALS", &file);
        runs.run(&args.join(" "), c);
    }
    runs.assert_nothing_leaked(&[&body_line, "0123456789abcdef"]);
}
