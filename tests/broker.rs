//! `gsudo broker serve` against the emulator: callers prove themselves with ID tokens the
//! emulator signs, the policy decides, the broker mints with its own identity.

mod common;

use std::io::{BufRead as _, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use aws_lc_rs::rsa::KeySize;
use aws_lc_rs::signature::{RSA_PKCS1_SHA256, RsaKeyPair};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Value, json};

use common::{
    ALICE, ALICE_REFRESH, DEPLOYER, Emulator, LOCKED, READER, User, World,
    assert_every_call_ran_as, principal, reason,
};

const AUDIENCE: &str = "https://gsudo-broker.test";
const BROKER_ID: &str = "broker@example.com";
const BROKER_REFRESH: &str = "test-refresh-broker";
const MALLORY_REFRESH: &str = "test-refresh-mallory";
const CI: &str = "ci@test-project.iam.gserviceaccount.com";

/// The broker alone may become the privileged accounts; alice may only mint ID tokens for the
/// CI account (to call the broker as CI would).
/// The workload identity federation's principal for the CI pipeline `repo:acme/app`.
const FEDERATED: &str = "principal://iam.googleapis.com/projects/111122223333/locations/global/workloadIdentityPools/ci/subject/repo:acme/app";

fn world() -> String {
    let broker = format!("user:{BROKER_ID}");
    World::default()
        .test_project(&[&format!("serviceAccount:{DEPLOYER}")])
        .user(ALICE, ALICE_REFRESH)
        .user("mallory@example.org", MALLORY_REFRESH)
        .user(BROKER_ID, BROKER_REFRESH)
        .account(DEPLOYER, &[&broker])
        .account(READER, &[&broker])
        .account(LOCKED, &[&broker])
        .account(CI, &[&format!("user:{ALICE}"), FEDERATED])
        .with(
            r#"
[[workload_identities]]
audience = "//iam.googleapis.com/projects/111122223333/locations/global/workloadIdentityPools/ci/providers/github"
subject_token = "ci-oidc-token"
subject = "repo:acme/app"
"#,
        )
        .text()
}

/// Every rule kind once; `closed_days` is a day list that leaves out today, so the window
/// rule is shut whenever the test runs.
fn policy(closed_days: &str) -> String {
    format!(
        r#"
[groups]
deployers = ["alice@example.com", "ci@test-project.iam.gserviceaccount.com"]

[[rule]]
name = "locked-needs-pam"
callers = ["group:deployers"]
accounts = ["locked@*"]
approval = "pam"

[[rule]]
name = "reader-office-hours"
callers = ["domain:example.com"]
accounts = ["reader@*"]
windows = ["{closed_days} 00:00-23:59 UTC"]

[[rule]]
name = "deploy"
callers = ["group:deployers"]
accounts = ["deployer@*.iam.gserviceaccount.com"]
reason_pattern = '^[A-Z]+-[0-9]+ '
max_lifetime = "30m"
max_session_length = "2h"
scopes = ["cloud-platform", "userinfo.email"]
"#
    )
}

/// Every day of the week but today (UTC), like `Tue,Wed,Thu,Fri,Sat,Sun`.
fn days_but_today() -> String {
    let names = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    let today = time::OffsetDateTime::now_utc()
        .weekday()
        .number_days_from_monday() as usize;
    (1..7)
        .map(|i| names[(today + i) % 7])
        .collect::<Vec<_>>()
        .join(",")
}

/// A running `gsudo broker serve`, stopped when dropped.
struct Broker {
    child: Child,
    url: String,
    stdout: PathBuf,
    decision_log: PathBuf,
    _user: User,
    _dir: tempfile::TempDir,
}

impl Broker {
    fn start(emulator: &Emulator, policy: &str, extra: &[&str]) -> Broker {
        Broker::start_on(emulator, policy, "127.0.0.1:0", extra)
    }

    /// A broker listening on `listen`, for callers whose ID tokens are for its URL.
    fn start_on(emulator: &Emulator, policy: &str, listen: &str, extra: &[&str]) -> Broker {
        let dir = tempfile::tempdir().unwrap();
        let policy_file = dir.path().join("policy.toml");
        std::fs::write(&policy_file, policy).unwrap();
        // The broker's machine: gcloud pointed at the emulator, ADC for the broker's identity.
        let user = User::new(emulator);
        std::fs::write(
            user.path(".config/gcloud/application_default_credentials.json"),
            json!({"type": "authorized_user", "client_id": "test", "client_secret": "test",
                   "refresh_token": BROKER_REFRESH,
                   "token_uri": format!("{}token", emulator.url)})
            .to_string(),
        )
        .unwrap();
        let stdout = dir.path().join("stdout.jsonl");
        let decision_log = dir.path().join("decisions.jsonl");
        let child = user
            .gsudo()
            .args([
                "broker",
                "serve",
                "--listen",
                listen,
                "--audience",
                AUDIENCE,
            ])
            .arg("--policy")
            .arg(&policy_file)
            .arg("--decision-log")
            .arg(&decision_log)
            .args(["--jwks-url", &format!("{}oauth2/v3/certs", emulator.url)])
            .args(["--issuer", "https://accounts.google.com"])
            .args(extra)
            .stdout(std::fs::File::create(&stdout).unwrap())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let url = wait_for_address(&stdout);
        Broker {
            child,
            url,
            stdout,
            decision_log,
            _user: user,
            _dir: dir,
        }
    }

    fn decisions(&self) -> Vec<Value> {
        read_lines(&self.decision_log)
    }
}

impl Drop for Broker {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn read_lines(path: &Path) -> Vec<Value> {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// The address from the broker's first log line.
fn wait_for_address(stdout: &Path) -> String {
    for _ in 0..600 {
        if let Ok(file) = std::fs::File::open(stdout) {
            for line in BufReader::new(file).lines().map_while(Result::ok) {
                let v: Value = serde_json::from_str(&line).unwrap();
                let message = v["message"].as_str().unwrap_or_default();
                if let Some(rest) = message.split("listening on ").nth(1) {
                    return rest.split_whitespace().next().unwrap().to_owned();
                }
            }
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("the broker never said where it listens");
}

/// A user's ID token for `audience`, as the emulator's token endpoint gives it.
async fn user_id_token(emulator: &Emulator, refresh_token: &str, audience: &str) -> String {
    let answer: Value = reqwest::Client::new()
        .post(format!("{}token", emulator.url))
        .form(&[
            ("grant_type", "refresh_token"),
            ("refresh_token", refresh_token),
            ("client_id", audience),
            (
                "scope",
                "openid https://www.googleapis.com/auth/userinfo.email",
            ),
        ])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    answer["id_token"].as_str().unwrap().to_owned()
}

/// The CI account's ID token for the broker, from generateIdToken.
async fn ci_id_token(emulator: &Emulator) -> String {
    let answer: Value = reqwest::Client::new()
        .post(format!(
            "{}v1/projects/-/serviceAccounts/{CI}:generateIdToken",
            emulator.url
        ))
        .bearer_auth(emulator.alice_token())
        .json(&json!({"audience": AUDIENCE, "includeEmail": true}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    answer["token"].as_str().unwrap().to_owned()
}

fn request(account: &str) -> Value {
    json!({"account": account, "reason": "OPS-7 deploy the fix", "lifetime": 600,
           "session": "0123456789ab", "session_length": 3600, "command": "kubectl"})
}

/// POSTs a token request; the status and the JSON answer.
async fn ask(broker: &Broker, id_token: &str, body: &Value) -> (u16, Value) {
    let response = reqwest::Client::new()
        .post(format!("{}v1/token", broker.url))
        .bearer_auth(id_token)
        .json(body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap())
}

#[tokio::test(flavor = "multi_thread")]
async fn many_brokers_one_policy_allow_and_refuse_by_each_rule() {
    let emulator = Emulator::start_with(&world());
    let policy = policy(&days_but_today());
    let brokers = [
        Broker::start(&emulator, &policy, &[]),
        Broker::start(&emulator, &policy, &[]),
    ];
    let alice = user_id_token(&emulator, common::ALICE_REFRESH, AUDIENCE).await;

    let mut minted = Vec::new();
    for broker in &brokers {
        let (status, answer) = ask(broker, &alice, &request(DEPLOYER)).await;
        assert_eq!(status, 200, "{answer}");
        assert_eq!(answer["rule"], "deploy");
        minted.push(answer["access_token"].as_str().unwrap().to_owned());
    }
    // Google's audit log names the broker as the caller and the human in the reason.
    let mints = assert_every_call_ran_as(&emulator, "GenerateAccessToken", BROKER_ID);
    assert_eq!(mints.len(), 2);
    for mint in &mints {
        assert_eq!(
            reason(mint),
            "gsudo 0123456789ab: OPS-7 deploy the fix (via broker for alice@example.com)"
        );
    }
    // A service account caller (CI) through its own ID token.
    let ci = ci_id_token(&emulator).await;
    let (status, answer) = ask(&brokers[0], &ci, &request(DEPLOYER)).await;
    assert_eq!(status, 200, "{answer}");

    let broker = &brokers[1];
    let refused = |change: &dyn Fn(&mut Value)| {
        let mut body = request(DEPLOYER);
        change(&mut body);
        body
    };
    let cases: Vec<(Value, &str, Option<&str>)> = vec![
        (
            refused(&|b| b["reason"] = json!("just because")),
            "reason",
            Some("deploy"),
        ),
        (
            refused(&|b| b["lifetime"] = json!(3600)),
            "lifetime",
            Some("deploy"),
        ),
        (
            refused(&|b| b["session_length"] = json!(86_400)),
            "session_length",
            Some("deploy"),
        ),
        (
            refused(&|b| b["scopes"] = json!(["https://www.googleapis.com/auth/gmail.send"])),
            "scope",
            Some("deploy"),
        ),
        (
            refused(&|b| b["delegates"] = json!([READER])),
            "delegates",
            Some("deploy"),
        ),
        (request(READER), "time_window", Some("reader-office-hours")),
        (
            request(LOCKED),
            "approval_required",
            Some("locked-needs-pam"),
        ),
        (
            request("other@test-project.iam.gserviceaccount.com"),
            "no_rule",
            None,
        ),
    ];
    for (body, code, rule) in &cases {
        let (status, answer) = ask(broker, &alice, body).await;
        assert_eq!(status, 403, "{body}: {answer}");
        assert_eq!(answer["error"]["code"], *code, "{answer}");
        assert_eq!(answer["error"]["rule"].as_str(), *rule, "{answer}");
        let message = answer["error"]["message"].as_str().unwrap();
        assert!(message.ends_with('.') && message.starts_with(char::is_uppercase));
    }
    // Nobody else is let in by any rule.
    let mallory = user_id_token(&emulator, MALLORY_REFRESH, AUDIENCE).await;
    let (status, answer) = ask(broker, &mallory, &request(DEPLOYER)).await;
    assert_eq!(
        (status, answer["error"]["code"].clone()),
        (403, json!("no_rule"))
    );
    // No refusal minted anything.
    assert_eq!(emulator.entries("GenerateAccessToken").len(), 3);

    // One decision line per request, in the log file and on stdout alike, and no token.
    let decisions = broker.decisions();
    assert_eq!(decisions.len(), 1 + cases.len() + 1);
    assert_eq!(decisions[0]["decision"], "allow");
    assert_eq!(decisions[0]["severity"], "INFO");
    assert_eq!(decisions[0]["caller"], "alice@example.com");
    assert_eq!(decisions[0]["account"], DEPLOYER);
    assert_eq!(decisions[0]["session"], "0123456789ab");
    assert_eq!(
        decisions[0]["logging.googleapis.com/labels"]["gsudo_rule"],
        "deploy"
    );
    assert_eq!(decisions[1]["severity"], "WARNING");
    assert_eq!(decisions[1]["code"], "reason");
    let stdout = std::fs::read_to_string(&broker.stdout).unwrap();
    let decision_lines = stdout
        .lines()
        .filter(|l| l.contains("\"decision\""))
        .count();
    assert_eq!(decision_lines, decisions.len());
    assert!(!minted[1].is_empty());
    assert!(!stdout.contains(&alice) && !stdout.contains(&minted[1]));
}

#[tokio::test(flavor = "multi_thread")]
async fn forged_and_foreign_tokens_are_refused() {
    let emulator = Emulator::start_with(&world());
    let broker = Broker::start(&emulator, &policy(&days_but_today()), &[]);
    let genuine = user_id_token(&emulator, common::ALICE_REFRESH, AUDIENCE).await;
    let (header, claims) = {
        let mut parts = genuine.split('.');
        let header: Value =
            serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts.next().unwrap()).unwrap())
                .unwrap();
        let claims: Value =
            serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts.next().unwrap()).unwrap())
                .unwrap();
        (header, claims)
    };
    let encode = |v: &Value| URL_SAFE_NO_PAD.encode(v.to_string());

    // Signed by a key of the attacker's, under the kid of Google's key.
    let pair = RsaKeyPair::generate(KeySize::Rsa2048).unwrap();
    let input = format!("{}.{}", encode(&header), encode(&claims));
    let mut signature = vec![0; pair.public_modulus_len()];
    pair.sign(
        &RSA_PKCS1_SHA256,
        &aws_lc_rs::rand::SystemRandom::new(),
        input.as_bytes(),
        &mut signature,
    )
    .unwrap();
    let wrong_key = format!("{input}.{}", URL_SAFE_NO_PAD.encode(signature));
    // alg none, no signature.
    let none = format!(
        "{}.{}.",
        encode(&json!({"alg": "none", "kid": header["kid"]})),
        encode(&claims)
    );
    // HS256 keyed with Google's public key as published.
    let jwks = reqwest::get(format!("{}oauth2/v3/certs", emulator.url))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let hs_input = format!(
        "{}.{}",
        encode(&json!({"alg": "HS256", "kid": header["kid"]})),
        encode(&claims)
    );
    let key = aws_lc_rs::hmac::Key::new(aws_lc_rs::hmac::HMAC_SHA256, jwks.as_bytes());
    let tag = aws_lc_rs::hmac::sign(&key, hs_input.as_bytes());
    let hs256 = format!("{hs_input}.{}", URL_SAFE_NO_PAD.encode(tag.as_ref()));
    // Genuine, but for another audience.
    let other_audience =
        user_id_token(&emulator, common::ALICE_REFRESH, "https://other.test").await;
    // Genuine signature, claims changed afterwards.
    let mut raised = claims.clone();
    raised["email"] = json!("ceo@example.com");
    let mut pieces = genuine.split('.');
    let tampered = format!(
        "{}.{}.{}",
        pieces.next().unwrap(),
        encode(&raised),
        pieces.nth(1).unwrap()
    );

    for (name, token, says) in [
        ("wrong key", wrong_key.as_str(), "signature does not verify"),
        ("alg none", &none, "algorithm is none"),
        ("HS256", &hs256, "algorithm is HS256"),
        (
            "wrong audience",
            &other_audience,
            "audience https://other.test",
        ),
        ("tampered claims", &tampered, "signature does not verify"),
        ("garbage", "garbage", "not a JWT"),
    ] {
        let (status, answer) = ask(&broker, token, &request(DEPLOYER)).await;
        assert_eq!(status, 401, "{name}: {answer}");
        assert_eq!(answer["error"]["code"], "unauthenticated", "{name}");
        let message = answer["error"]["message"].as_str().unwrap();
        assert!(message.contains(says), "{name}: {message}");
    }
    // No bearer token at all.
    let response = reqwest::Client::new()
        .post(format!("{}v1/token", broker.url))
        .json(&request(DEPLOYER))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 401);
    assert!(emulator.entries("GenerateAccessToken").is_empty());
    // The refusals are logged without a caller.
    let decisions = broker.decisions();
    assert_eq!(decisions.len(), 7);
    assert!(
        decisions
            .iter()
            .all(|d| d["caller"].is_null() && d["code"] == "unauthenticated")
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn limits_health_and_unknown_paths() {
    let emulator = Emulator::start_with(&world());
    let broker = Broker::start(
        &emulator,
        &policy(&days_but_today()),
        &["--rate", "1", "--burst", "1"],
    );
    let alice = user_id_token(&emulator, common::ALICE_REFRESH, AUDIENCE).await;
    let health = reqwest::get(format!("{}healthz", broker.url))
        .await
        .unwrap();
    assert_eq!(health.status().as_u16(), 200);
    let missing = reqwest::get(format!("{}v2/nothing", broker.url))
        .await
        .unwrap();
    assert_eq!(missing.status().as_u16(), 404);
    let body: Value = missing.json().await.unwrap();
    assert_eq!(body["error"]["code"], "not_found");

    // The burst of one, then 429 with how long to wait, then in again after waiting.
    assert_eq!(ask(&broker, &alice, &request(DEPLOYER)).await.0, 200);
    let response = reqwest::Client::new()
        .post(format!("{}v1/token", broker.url))
        .bearer_auth(&alice)
        .json(&request(DEPLOYER))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 429);
    let wait: u64 = response.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=2).contains(&wait));
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], "rate_limited");
    tokio::time::sleep(Duration::from_secs(wait)).await;
    assert_eq!(ask(&broker, &alice, &request(DEPLOYER)).await.0, 200);

    // Too large a request is refused unread.
    let mut big = request(DEPLOYER);
    big["command"] = json!("x".repeat(64 * 1024));
    tokio::time::sleep(Duration::from_secs(1)).await;
    let (status, answer) = ask(&broker, &alice, &big).await;
    assert_eq!(status, 413, "{answer}");
    assert_eq!(answer["error"]["code"], "too_large");

    // What alice may ask for.
    let accounts: Value = reqwest::Client::new()
        .get(format!("{}v1/accounts", broker.url))
        .bearer_auth(&alice)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(accounts["caller"], "alice@example.com");
    assert_eq!(accounts["accounts"].as_array().unwrap().len(), 3);
}

#[test]
fn sigterm_stops_the_broker_gracefully() {
    let emulator = Emulator::start_with(&world());
    let mut broker = Broker::start(&emulator, &policy(&days_but_today()), &[]);
    nix::sys::signal::kill(
        nix::unistd::Pid::from_raw(broker.child.id() as i32),
        nix::sys::signal::Signal::SIGTERM,
    )
    .unwrap();
    let status = broker.child.wait().unwrap();
    assert_eq!(status.code(), Some(0));
    let stdout = read_lines(&broker.stdout);
    assert_eq!(stdout.last().unwrap()["message"], "gsudo broker stopped");
}

#[test]
fn a_bad_policy_is_one_sentence() {
    let dir = tempfile::tempdir().unwrap();
    let policy = dir.path().join("policy.toml");
    std::fs::write(
        &policy,
        "[[rule]]\nname = 'x'\ncallers = ['group:ghosts']\naccounts = ['*']\n",
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_gsudo"))
        .args(["broker", "serve", "--audience", AUDIENCE, "--policy"])
        .arg(&policy)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(125));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("rule x: callers: no [groups] entry ghosts."),
        "{stderr}"
    );
}

/// The user's ADC file names this OAuth client, so their ID tokens are for it (as a real
/// user's are for gcloud's client); the broker is told to accept that audience too.
const USER_CLIENT: &str = "test";

impl Broker {
    /// A broker with the usual policy that takes the users' ID tokens (for `USER_CLIENT`).
    fn for_users(emulator: &Emulator) -> Broker {
        Broker::start(
            emulator,
            &policy(&days_but_today()),
            &["--audience", USER_CLIENT],
        )
    }
}

#[test]
fn a_session_through_the_broker_refreshes_across_token_lifetimes() {
    let emulator = Emulator::start_with(&world());
    let broker = Broker::for_users(&emulator);
    let user = User::new(&emulator);
    let script = r#"for i in 1 2 3; do
        curl -sf -H 'Metadata-Flavor: Google' "http://$GCE_METADATA_HOST/computeMetadata/v1/instance/service-accounts/default/token" \
          | python3 -c 'import json,sys; print(json.load(sys.stdin)["expires_in"] > 0)' || exit 1
        sleep 3
    done"#;
    let out = user
        .gsudo()
        .args([
            "--broker",
            &broker.url,
            "-s",
            DEPLOYER,
            "-R",
            "JIRA-123 test",
        ])
        .args(["--lifetime", "3s", "sh", "-c", script])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert_eq!(String::from_utf8_lossy(&out.stdout), "True\n".repeat(3));
    // Every three-second token was outlived: each mint went through the broker.
    let mints = assert_every_call_ran_as(&emulator, "GenerateAccessToken", BROKER_ID);
    assert!(mints.len() >= 3, "only {} mints", mints.len());
    for mint in &mints {
        assert!(
            reason(mint).ends_with(": JIRA-123 test (via broker for alice@example.com)"),
            "{mint}"
        );
    }
    let decisions = broker.decisions();
    assert_eq!(decisions.len(), mints.len());
    assert!(decisions.iter().all(|d| d["command"] == "sh"));
    let log = user.session_log();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0]["broker"], broker.url.as_str());

    // whoami names the broker.
    let out = user
        .gsudo()
        .env("GSUDO_BROKER", &broker.url)
        .args(["whoami", "--format", "json"])
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["broker"], broker.url.as_str());
}

#[test]
fn the_brokers_refusal_is_its_sentence_and_rule() {
    let emulator = Emulator::start_with(&world());
    let broker = Broker::for_users(&emulator);
    let user = User::new(&emulator);
    user.write_config(&format!("broker = \"{}\"\n", broker.url));
    let out = user.run_as(LOCKED, &["true"]);
    assert_eq!(out.status.code(), Some(125));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!(
            "The broker gives {LOCKED} only through a Privileged Access Manager grant (rule locked-needs-pam; the gsudo broker at {})",
            broker.url
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains("hint: Request a Privileged Access Manager grant"),
        "{stderr}"
    );
    assert!(emulator.entries("GenerateAccessToken").is_empty());

    // `gsudo list` asks the broker what its policy lets alice become.
    let out = user
        .gsudo()
        .args(["list", "--format", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let listed: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(listed["caller"], "alice@example.com");
    let rules: Vec<&str> = listed["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["rule"].as_str().unwrap())
        .collect();
    assert_eq!(rules, ["locked-needs-pam", "reader-office-hours", "deploy"]);
    let out = user.gsudo().arg("list").output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.starts_with(&format!(
            "Through the gsudo broker at {}, alice@example.com may become:",
            broker.url
        )) && text.contains("deployer@*.iam.gserviceaccount.com  (rule deploy)"),
        "{text}"
    );
}

#[test]
fn the_broker_killed_mid_session_leaves_the_command_its_token() {
    let emulator = Emulator::start_with(&world());
    let mut broker = Broker::for_users(&emulator);
    let user = User::new(&emulator);
    let ready = user.path("ready");
    // The first token, then (the broker gone) a refresh is due before the token runs out.
    let script = r#"t() { curl -sf -H 'Metadata-Flavor: Google' "http://$GCE_METADATA_HOST/computeMetadata/v1/instance/service-accounts/default/token" \
          | python3 -c 'import json,sys; print(json.load(sys.stdin)["expires_in"] > 0)'; }
        t && touch "$1" && sleep 17 && t"#;
    let child = user
        .gsudo()
        .args([
            "--broker",
            &broker.url,
            "-s",
            DEPLOYER,
            "-R",
            "JIRA-123 test",
        ])
        .args(["--lifetime", "20s", "sh", "-c", script, "sh"])
        .arg(&ready)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    for _ in 0..1200 {
        if ready.exists() {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(ready.exists(), "the command never got its first token");
    let _ = broker.child.kill();
    let _ = broker.child.wait();
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert_eq!(String::from_utf8_lossy(&out.stdout), "True\nTrue\n");
    let warnings: Vec<&str> = stderr.lines().filter(|l| l.contains("warning:")).collect();
    assert_eq!(warnings.len(), 1, "{stderr}");
    assert!(
        warnings[0].contains(&format!(
            "The gsudo broker at {} cannot be reached",
            broker.url
        )) && warnings[0].contains("the command goes on with its current token"),
        "{stderr}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn two_hundred_concurrent_clients_are_all_answered_and_logged() {
    let emulator = Emulator::start_with(&world());
    let broker = Broker::start(
        &emulator,
        &policy(&days_but_today()),
        &["--rate", "1000", "--burst", "1000"],
    );
    let alice = user_id_token(&emulator, common::ALICE_REFRESH, AUDIENCE).await;
    let client = reqwest::Client::new();
    let tasks: Vec<_> = (0..200)
        .map(|i| {
            let (client, url, alice) = (client.clone(), broker.url.clone(), alice.clone());
            tokio::spawn(async move {
                let mut body = request(DEPLOYER);
                body["session"] = json!(format!("{i:012x}"));
                let response = client
                    .post(format!("{url}v1/token"))
                    .bearer_auth(alice)
                    .json(&body)
                    .send()
                    .await
                    .unwrap();
                response.status().as_u16()
            })
        })
        .collect();
    for task in tasks {
        assert_eq!(task.await.unwrap(), 200);
    }
    let decisions = broker.decisions();
    assert_eq!(decisions.len(), 200);
    let mut sessions: Vec<&str> = decisions
        .iter()
        .map(|d| d["session"].as_str().unwrap())
        .collect();
    sessions.sort();
    sessions.dedup();
    assert_eq!(sessions.len(), 200);
    assert!(decisions.iter().all(|d| d["decision"] == "allow"));
    assert_eq!(emulator.entries("GenerateAccessToken").len(), 200);
}

#[test]
fn id_tokens_come_through_the_broker_too() {
    let emulator = Emulator::start_with(&world());
    let broker = Broker::for_users(&emulator);
    let user = User::new(&emulator);
    let out = user
        .gsudo()
        .args(["id-token", "--broker", &broker.url])
        .args(["-s", DEPLOYER, "-R", "JIRA-123 test"])
        .args(["--audience", "https://service.test"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let token = String::from_utf8_lossy(&out.stdout).trim().to_owned();
    let claims: Value = serde_json::from_slice(
        &URL_SAFE_NO_PAD
            .decode(token.split('.').nth(1).unwrap())
            .unwrap(),
    )
    .unwrap();
    assert_eq!(claims["email"], DEPLOYER);
    assert_eq!(claims["aud"], "https://service.test");
    let minted = assert_every_call_ran_as(&emulator, "GenerateIdToken", BROKER_ID);
    assert_eq!(minted.len(), 1);
    let decisions = broker.decisions();
    assert_eq!(decisions.len(), 1);
    assert_eq!(decisions[0]["endpoint"], "/v1/id-token");
    assert_eq!(decisions[0]["decision"], "allow");
    assert!(
        !std::fs::read_to_string(&broker.stdout)
            .unwrap()
            .contains(&token)
    );

    // The policy applies to ID tokens as to access tokens.
    let out = user
        .gsudo()
        .args([
            "id-token",
            "--broker",
            &broker.url,
            "-s",
            LOCKED,
            "-R",
            "JIRA-123 test",
        ])
        .args(["--audience", "https://service.test"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(125));
    assert!(String::from_utf8_lossy(&out.stderr).contains("rule locked-needs-pam"));
}

#[test]
fn broker_check_explains_a_decision_offline() {
    let dir = tempfile::tempdir().unwrap();
    let policy_file = dir.path().join("policy.toml");
    std::fs::write(&policy_file, policy(&days_but_today())).unwrap();
    let check = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_gsudo"))
            .env_clear()
            .args(["broker", "check", "--policy"])
            .arg(&policy_file)
            .args(args)
            .output()
            .unwrap()
    };
    let out = check(&[
        "--caller",
        "alice@example.com",
        "-s",
        DEPLOYER,
        "-R",
        "OPS-1 deploy",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("rule locked-needs-pam: passed over (the account does not match)")
            && text.contains("rule reader-office-hours: passed over (the account does not match)")
            && text.contains(&format!(
                "rule deploy: allows alice@example.com to become {DEPLOYER}"
            )),
        "{text}"
    );
    let out = check(&[
        "--caller",
        "alice@example.com",
        "-s",
        DEPLOYER,
        "-R",
        "OPS-1 deploy",
        "--lifetime",
        "1h",
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (v["code"].as_str(), v["rule"].as_str()),
        (Some("lifetime"), Some("deploy"))
    );
    // Time windows are judged at --at: a Monday 12:00 UTC falls in "every day but today"
    // unless today is Monday, and a Tuesday otherwise.
    let today = time::OffsetDateTime::now_utc()
        .weekday()
        .number_days_from_monday();
    let open_day = if today == 0 {
        "2026-12-08T12:00:00Z"
    } else {
        "2026-12-07T12:00:00Z"
    };
    let out = check(&[
        "--caller",
        "alice@example.com",
        "-s",
        READER,
        "-R",
        "x",
        "--at",
        open_day,
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let out = check(&[
        "--caller",
        "mallory@example.org",
        "-s",
        DEPLOYER,
        "-R",
        "OPS-1 x",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("no rule: refuses (no_rule)"));
}

#[test]
fn the_sandbox_tour_runs_through_a_broker() {
    let home = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_gsudo"))
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap())
        .env("HOME", home.path())
        .args(["sandbox", "--broker"])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("through a local gsudo broker"), "{stdout}");
    // The mint in the audit log is the broker's, for the sandbox's user.
    assert!(
        stdout.contains(": gsudo sandbox (via broker for alice@example.com)"),
        "{stdout}"
    );
}

#[test]
fn the_sandbox_never_sends_its_tokens_to_a_broker_of_the_users() {
    let home = tempfile::tempdir().unwrap();
    // Through the old long name (moved aside) and through the user's environment alike.
    for (args, variable) in [
        (
            &["sandbox", "--broker-url", "https://broker.example", "true"][..],
            None,
        ),
        (&["sandbox", "true"][..], Some("https://broker.example")),
    ] {
        let mut command = Command::new(env!("CARGO_BIN_EXE_gsudo"));
        command
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap())
            .env("HOME", home.path())
            .args(args)
            .stdin(Stdio::null());
        if let Some(url) = variable {
            command.env("GSUDO_BROKER", url);
        }
        let out = command.output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        match variable {
            // The sandbox reads no GSUDO_* variable: the run goes on without any broker.
            Some(_) => assert!(out.status.success(), "{stderr}"),
            None => {
                assert_eq!(out.status.code(), Some(125), "{stderr}");
                assert!(
                    stderr.contains("The sandbox runs its own broker, so it cannot mint through https://broker.example/.")
                        && stderr.contains("gsudo sandbox --broker"),
                    "{stderr}"
                );
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn standalone_https_with_a_certificate_of_its_own() {
    let emulator = Emulator::start_with(&world());
    let dir = tempfile::tempdir().unwrap();
    let certified =
        rcgen::generate_simple_self_signed(vec!["127.0.0.1".to_owned(), "localhost".to_owned()])
            .unwrap();
    let (cert, key) = (dir.path().join("cert.pem"), dir.path().join("key.pem"));
    std::fs::write(&cert, certified.cert.pem()).unwrap();
    std::fs::write(&key, certified.signing_key.serialize_pem()).unwrap();
    let broker = Broker::start(
        &emulator,
        &policy(&days_but_today()),
        &[
            "--tls-cert",
            cert.to_str().unwrap(),
            "--tls-key",
            key.to_str().unwrap(),
        ],
    );
    assert!(
        broker.url.starts_with("https://127.0.0.1:"),
        "{}",
        broker.url
    );
    let client = reqwest::Client::builder()
        .tls_certs_only([reqwest::Certificate::from_pem(certified.cert.pem().as_bytes()).unwrap()])
        .build()
        .unwrap();
    let alice = user_id_token(&emulator, common::ALICE_REFRESH, AUDIENCE).await;
    let response = client
        .post(format!("{}v1/token", broker.url))
        .bearer_auth(&alice)
        .json(&request(DEPLOYER))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    // Plain HTTP to the TLS port is no way in.
    let plain = broker.url.replacen("https://", "http://", 1);
    assert!(reqwest::get(format!("{plain}healthz")).await.is_err());
}

/// A CI system federated into Google (the `external_account` file google-github-actions/auth
/// writes, with a file-sourced OIDC token): the broker is shown the ID token of the service
/// account the file impersonates, minted with the federated token from STS.
#[test]
fn a_federated_caller_proves_itself_as_its_impersonated_account() {
    const OIDC_TOKEN: &str = "ci-oidc-token";
    let emulator = Emulator::start_with(&world());
    // A service account's ID token is for the broker's URL, so the broker must know its port.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("http://127.0.0.1:{port}");
    let broker = Broker::start_on(
        &emulator,
        &policy(&days_but_today()),
        &format!("127.0.0.1:{port}"),
        &["--audience", &url],
    );
    let user = User::new(&emulator);
    std::fs::write(user.path("oidc-token"), OIDC_TOKEN).unwrap();
    let adc = user.path("gha-creds.json");
    let write_adc = |impersonate: bool| {
        let mut file = json!({
            "type": "external_account",
            "audience": "//iam.googleapis.com/projects/111122223333/locations/global/workloadIdentityPools/ci/providers/github",
            "subject_token_type": "urn:ietf:params:oauth:token-type:jwt",
            "token_url": format!("{}v1/token", emulator.url),
            "credential_source": {"file": user.path("oidc-token")},
        });
        if impersonate {
            file["service_account_impersonation_url"] = json!(format!(
                "{}v1/projects/-/serviceAccounts/{CI}:generateAccessToken",
                emulator.url
            ));
        }
        std::fs::write(&adc, file.to_string()).unwrap();
    };
    let deploy = |why: &str| {
        user.gsudo()
            .env("GOOGLE_APPLICATION_CREDENTIALS", &adc)
            .args(["--broker", &broker.url, "-s", DEPLOYER, "-R", why, "true"])
            .output()
            .unwrap()
    };

    write_adc(true);
    let out = deploy("CI-7 deploy");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The federated principal minted CI's ID token for the broker's audience ...
    let ids = emulator.entries("GenerateIdToken");
    assert_eq!(ids.len(), 1, "{ids:?}");
    assert_eq!(principal(&ids[0]), FEDERATED);
    assert!(
        ids[0]["protoPayload"]["resourceName"]
            .as_str()
            .unwrap()
            .ends_with(CI)
    );
    // ... and the broker decided for CI and minted the deployer with its own identity.
    let decisions = broker.decisions();
    assert_eq!(decisions.len(), 1, "{decisions:?}");
    assert_eq!(decisions[0]["caller"], CI);
    assert_eq!(decisions[0]["decision"], "allow");
    assert_eq!(decisions[0]["rule"], "deploy");
    // (google-cloud-auth also fetches the caller's own token, as CI, when it is built.)
    let mints: Vec<Value> = emulator
        .entries("GenerateAccessToken")
        .into_iter()
        .filter(|m| {
            m["protoPayload"]["resourceName"]
                .as_str()
                .unwrap()
                .ends_with(DEPLOYER)
        })
        .collect();
    assert_eq!(mints.iter().map(principal).collect::<Vec<_>>(), [BROKER_ID]);
    assert!(
        reason(&mints[0]).ends_with(&format!(": CI-7 deploy (via broker for {CI})")),
        "{}",
        reason(&mints[0])
    );
    assert!(!emulator.audit_text().contains(OIDC_TOKEN));

    // Without an account to impersonate the caller has no ID token: one sentence, no call.
    write_adc(false);
    let out = deploy("CI-8 deploy");
    assert_eq!(out.status.code(), Some(125));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("cannot prove who you are to a broker: a federated identity gets no ID token from Google, and the file names no service account to impersonate."),
        "{stderr}"
    );
    assert!(stderr.contains("--service-account=EMAIL"), "{stderr}");
    assert_eq!(broker.decisions().len(), 1);
    assert_eq!(emulator.entries("GenerateIdToken").len(), 1);

    // A subject token the pool does not accept: the security token service's refusal, in one
    // sentence with what to check, and the broker is never asked.
    write_adc(true);
    std::fs::write(user.path("oidc-token"), "a-token-the-pool-never-issued").unwrap();
    let out = deploy("CI-9 deploy");
    assert_eq!(out.status.code(), Some(125));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("could not get your identity token for the broker at")
            && stderr.contains("the security token service refused the federated identity"),
        "{stderr}"
    );
    assert!(
        stderr.contains("roles/iam.workloadIdentityUser"),
        "{stderr}"
    );
    assert_eq!(broker.decisions().len(), 1);
}

/// A gsudo inside a brokered session could prove only to be the session's account, and the
/// broker decides for people: it refuses before any call, and the broker mints no ID token a
/// session could use to call it as the account.
#[test]
fn a_nested_gsudo_in_a_brokered_session_is_refused() {
    let emulator = Emulator::start_with(&world());
    let broker = Broker::for_users(&emulator);
    let user = User::new(&emulator);
    let gsudo = env!("CARGO_BIN_EXE_gsudo");
    // The inner gsudo is given the broker on its command line, then not at all: the session
    // says which broker it minted through.
    let script = format!(
        r#"{gsudo} --broker "$1" -s {READER} -R 'JIRA-2 inner' true; echo "with: $?"
        {gsudo} -s {READER} -R 'JIRA-2 inner' true; echo "without: $?"
        curl -s -H 'Metadata-Flavor: Google' "http://$GCE_METADATA_HOST/computeMetadata/v1/instance/service-accounts/default/identity?audience={AUDIENCE}&format=full"; echo"#
    );
    let out = user
        .gsudo()
        .args([
            "--broker",
            &broker.url,
            "-s",
            DEPLOYER,
            "-R",
            "JIRA-1 outer",
        ])
        .args(["sh", "-c", &script, "sh", &broker.url])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stdout.contains("with: 125\n"), "{stdout}");
    assert!(stdout.contains("without: 125\n"), "{stdout}");
    let sentence = format!(
        "cannot ask the broker at {}: it could prove only to be {DEPLOYER}, and the broker decides for the person who started the session.",
        broker.url
    );
    assert_eq!(stderr.matches(&sentence).count(), 2, "{stderr}");
    assert!(
        stderr.contains("hint: Leave the session and run gsudo from your own shell"),
        "{stderr}"
    );
    // The session's metadata server asked the broker for the deployer's ID token for the
    // broker itself, and was refused.
    assert!(
        stdout.contains("The broker mints no ID token for its own audience"),
        "{stdout}"
    );
    let decisions = broker.decisions();
    let outcomes: Vec<(&str, &str)> = decisions
        .iter()
        .map(|d| (d["endpoint"].as_str().unwrap(), d["code"].as_str().unwrap()))
        .collect();
    assert_eq!(
        outcomes,
        [("/v1/token", "ok"), ("/v1/id-token", "audience")]
    );
    assert!(decisions.iter().all(|d| d["caller"] == "alice@example.com"));
    assert!(emulator.entries("GenerateIdToken").is_empty());
    let mints = emulator.entries("GenerateAccessToken");
    assert_eq!(mints.len(), 1);
    assert!(
        mints[0]["protoPayload"]["resourceName"]
            .as_str()
            .unwrap()
            .ends_with(DEPLOYER)
    );
}

/// A client that sends part of a request head and then nothing is cut off, and the broker
/// goes on serving.
#[test]
fn a_trickled_request_head_is_cut_off() {
    use std::io::{Read as _, Write as _};
    let emulator = Emulator::start_with(&world());
    let broker = Broker::start(
        &emulator,
        &policy(&days_but_today()),
        &["--header-timeout", "1s"],
    );
    let address = broker
        .url
        .trim_start_matches("http://")
        .trim_end_matches('/');
    let mut slow = std::net::TcpStream::connect(address).unwrap();
    slow.write_all(b"POST /v1/token HTTP/1.1\r\nHost: broker\r\nContent-Type: applica")
        .unwrap();
    // A generous bound, so that a broker that never cuts the connection fails the test
    // rather than hanging it.
    slow.set_read_timeout(Some(Duration::from_secs(60)))
        .unwrap();
    let mut answer = Vec::new();
    let closed = slow.read_to_end(&mut answer);
    assert!(closed.is_ok(), "the connection was not closed: {closed:?}");
    // Nothing was served on it: at most a 408 (hyper closes without a word).
    let text = String::from_utf8_lossy(&answer);
    assert!(
        text.is_empty() || text.starts_with("HTTP/1.1 408"),
        "{text}"
    );

    let mut fine = std::net::TcpStream::connect(address).unwrap();
    fine.write_all(b"GET /healthz HTTP/1.1\r\nHost: broker\r\nConnection: close\r\n\r\n")
        .unwrap();
    let mut answer = String::new();
    fine.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.ends_with("ok\n"), "{answer}");
}
