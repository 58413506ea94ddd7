//! Privileged Access Manager: the real `gcloud pam` against the emulator proves the emulator
//! speaks the API gcloud speaks, and that a grant's binding lets its requester mint only while
//! the grant is ACTIVE.

mod common;

use std::process::{Command, Output};

use common::terminal::Terminal;
use common::*;
use serde_json::Value;

const BOB_REFRESH: &str = "test-refresh-bob";
const CAROL_REFRESH: &str = "test-refresh-carol";
const ENTITLEMENT: &str = "projects/test-project/locations/global/entitlements/deployer-token";
const STANDING: &str = "standing@test-project.iam.gserviceaccount.com";
const SELF_APPROVED: &str = "projects/test-project/locations/global/entitlements/self-approved";

/// alice holds no standing binding on deployer: she may only request one through PAM, which
/// bob approves. carol may both request and approve `self-approved`.
fn world(settings: &str) -> String {
    World::default()
        .with(&format!("[pam]\n{settings}\n"))
        .test_project(&[])
        .user(ALICE, ALICE_REFRESH)
        .user("bob@example.com", BOB_REFRESH)
        .user("carol@example.com", CAROL_REFRESH)
        .account(DEPLOYER, &[])
        // alice's standing binding, with no entitlement.
        .account(STANDING, &[&format!("user:{ALICE}")])
        .with(&format!(
            r#"
[[entitlements]]
parent = "projects/test-project"
id = "deployer-token"
eligible = ["user:alice@example.com"]
role = "roles/iam.serviceAccountTokenCreator"
service_account = "{DEPLOYER}"
max_request_seconds = 3600
approvers = ["user:bob@example.com"]
approver_justification = true

[[entitlements]]
parent = "projects/test-project"
id = "self-approved"
eligible = ["user:carol@example.com"]
role = "roles/iam.serviceAccountTokenCreator"
service_account = "{DEPLOYER}"
max_request_seconds = 600
approvers = ["user:carol@example.com"]

# alice may list the project's accounts (gsudo list).
[[bindings]]
resource = "projects/test-project"
role = "roles/iam.serviceAccountViewer"
members = ["user:alice@example.com"]

# Activation fails: requested by name only (--entitlement), since the first one comes first.
[[entitlements]]
parent = "projects/test-project"
id = "broken-token"
eligible = ["user:alice@example.com"]
role = "roles/iam.serviceAccountTokenCreator"
service_account = "{DEPLOYER}"
max_request_seconds = 600
activation_error = "Quota exceeded for IAM policy bindings."
"#
        ))
        .text()
}

/// A gcloud user of the emulator's PAM, signed in with a file holding an access token.
struct Person {
    user: User,
    token_file: std::path::PathBuf,
}

impl Person {
    fn new(emulator: &Emulator, refresh_token: &str) -> Person {
        let mut user = User::new(emulator);
        user.point_at(emulator, &["privilegedaccessmanager"]);
        let token_file = user.path("token");
        std::fs::write(&token_file, emulator.access_token(refresh_token)).unwrap();
        user.env.insert(
            "CLOUDSDK_AUTH_ACCESS_TOKEN_FILE".into(),
            token_file.to_str().unwrap().into(),
        );
        Person { user, token_file }
    }

    /// `gcloud ARGS --format=json`.
    fn gcloud(&self, args: &[&str]) -> Output {
        Command::new("gcloud")
            .args(args)
            .args(["--format=json", "--quiet"])
            .env_clear()
            .envs(&self.user.env)
            .output()
            .unwrap()
    }

    /// `gcloud ARGS --format=json`, which must succeed, parsed.
    fn json(&self, args: &[&str]) -> Value {
        let out = self.gcloud(args);
        assert_ok(&out);
        serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("gcloud {args:?} printed no JSON ({e}): {}", stdout(&out)))
    }

    /// The HTTP status of generateAccessToken for deployer with this person's token.
    fn mint_status(&self, emulator: &Emulator) -> String {
        // The header file keeps the token out of curl's argv.
        let header = self.user.path("auth-header");
        let token = std::fs::read_to_string(&self.token_file).unwrap();
        std::fs::write(&header, format!("Authorization: Bearer {token}")).unwrap();
        let out = Command::new("curl")
            .args(["-s", "-o", "/dev/null", "-w", "%{http_code}", "-H"])
            .arg(format!("@{}", header.display()))
            .args(["-H", "Content-Type: application/json", "-d"])
            .arg(
                r#"{"scope":["https://www.googleapis.com/auth/cloud-platform"],"lifetime":"300s"}"#,
            )
            .arg(format!(
                "{}v1/projects/-/serviceAccounts/{DEPLOYER}:generateAccessToken",
                emulator.url
            ))
            .output()
            .unwrap();
        stdout(&out)
    }
}

fn start(settings: &str) -> Emulator {
    require("gcloud");
    require("curl");
    Emulator::start_with(&world(settings))
}

fn events(grant: &Value) -> Vec<String> {
    grant["timeline"]["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e.as_object())
        .filter_map(|e| e.keys().find(|k| *k != "eventTime").cloned())
        .collect()
}

#[test]
fn gcloud_requests_a_grant_bob_approves_it_and_only_then_alice_mints() {
    let emulator = start("");
    let alice = Person::new(&emulator, ALICE_REFRESH);
    let bob = Person::new(&emulator, BOB_REFRESH);

    let found = alice.json(&[
        "pam",
        "entitlements",
        "search",
        "--caller-access-type=grant-requester",
        "--location=global",
        "--project=test-project",
    ]);
    let names: Vec<&str> = found
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            ENTITLEMENT,
            "projects/test-project/locations/global/entitlements/broken-token"
        ]
    );
    assert_eq!(found[0]["maxRequestDuration"], "3600s");
    assert_eq!(
        found[0]["approvalWorkflow"]["manualApprovals"]["steps"][0]["approvers"][0]["principals"]
            [0],
        "user:bob@example.com"
    );

    assert_eq!(alice.mint_status(&emulator), "403", "no standing binding");
    let grant = alice.json(&[
        "pam",
        "grants",
        "create",
        &format!("--entitlement={ENTITLEMENT}"),
        "--requested-duration=1800s",
        "--justification=OPS-42 rotate keys",
        "--additional-email-recipients=oncall@example.com",
    ]);
    let name = grant["name"].as_str().unwrap().to_owned();
    assert!(
        name.starts_with(&format!("{ENTITLEMENT}/grants/")),
        "{name}"
    );
    assert_eq!(grant["state"], "APPROVAL_AWAITED");
    assert_eq!(grant["requester"], ALICE);
    assert_eq!(grant["requestedDuration"], "1800s");
    assert_eq!(
        grant["justification"]["unstructuredJustification"],
        "OPS-42 rotate keys"
    );
    assert_eq!(grant["additionalEmailRecipients"][0], "oncall@example.com");
    assert_eq!(alice.mint_status(&emulator), "403", "awaiting approval");

    // alice is no approver; bob sees the grant among those he can approve.
    let refused = alice.gcloud(&["pam", "grants", "approve", &name, "--reason=mine"]);
    assert!(!refused.status.success());
    assert!(
        stderr(&refused).contains("PERMISSION_DENIED"),
        "{}",
        stderr(&refused)
    );
    let pending = bob.json(&[
        "pam",
        "grants",
        "search",
        &format!("--entitlement={ENTITLEMENT}"),
        "--caller-relationship=can-approve",
    ]);
    assert_eq!(pending[0]["name"], name.as_str());
    // The entitlement asks for the approver's justification.
    let bare = bob.gcloud(&["pam", "grants", "approve", &name]);
    assert!(
        stderr(&bare).contains("INVALID_ARGUMENT"),
        "{}",
        stderr(&bare)
    );

    let approved = bob.json(&["pam", "grants", "approve", &name, "--reason=go ahead"]);
    assert_eq!(approved["state"], "ACTIVE");
    assert_eq!(events(&approved), ["requested", "approved", "activated"]);
    assert_eq!(
        approved["timeline"]["events"][1]["approved"]["actor"],
        "bob@example.com"
    );
    assert_eq!(
        approved["timeline"]["events"][1]["approved"]["reason"],
        "go ahead"
    );
    assert_eq!(alice.mint_status(&emulator), "200", "the grant is active");
    // bob's approval is not access for bob.
    assert_eq!(bob.mint_status(&emulator), "403");

    let described = alice.json(&["pam", "grants", "describe", &name]);
    assert_eq!(described["state"], "ACTIVE");
    assert!(described["auditTrail"]["accessGrantTime"].is_string());
    let mine = alice.json(&[
        "pam",
        "grants",
        "search",
        &format!("--entitlement={ENTITLEMENT}"),
        "--caller-relationship=had-created",
    ]);
    assert_eq!(mine[0]["name"], name.as_str());
    let approved_by_bob = bob.json(&[
        "pam",
        "grants",
        "search",
        &format!("--entitlement={ENTITLEMENT}"),
        "--caller-relationship=had-approved",
    ]);
    assert_eq!(approved_by_bob[0]["name"], name.as_str());

    // Only one open grant per entitlement; a second request is refused.
    let again = alice.gcloud(&[
        "pam",
        "grants",
        "create",
        &format!("--entitlement={ENTITLEMENT}"),
        "--requested-duration=600s",
        "--justification=again",
    ]);
    assert!(
        stderr(&again).contains("FAILED_PRECONDITION"),
        "{}",
        stderr(&again)
    );

    // The requester ends her grant early with the pre-GA withdraw; access goes with it.
    let withdrawn = alice.gcloud(&["beta", "pam", "grants", "withdraw", &name]);
    assert_ok(&withdrawn);
    let described = alice.json(&["pam", "grants", "describe", &name]);
    assert_eq!(
        events(&described).last().map(String::as_str),
        Some("withdrawn")
    );
    assert_eq!(alice.mint_status(&emulator), "403", "withdrawn");
}

#[test]
fn gcloud_deny_over_long_requests_and_self_approval_are_refused() {
    let emulator = start("");
    let alice = Person::new(&emulator, ALICE_REFRESH);
    let bob = Person::new(&emulator, BOB_REFRESH);
    let carol = Person::new(&emulator, CAROL_REFRESH);

    let too_long = alice.gcloud(&[
        "pam",
        "grants",
        "create",
        &format!("--entitlement={ENTITLEMENT}"),
        "--requested-duration=7200s",
        "--justification=long",
    ]);
    assert!(!too_long.status.success());
    assert!(
        stderr(&too_long).contains("exceeds the entitlement's maximum request duration 3600s"),
        "{}",
        stderr(&too_long)
    );
    let unjustified = alice.gcloud(&[
        "pam",
        "grants",
        "create",
        &format!("--entitlement={ENTITLEMENT}"),
        "--requested-duration=60s",
    ]);
    assert!(
        stderr(&unjustified).contains("requires a justification"),
        "{}",
        stderr(&unjustified)
    );

    let grant = alice.json(&[
        "pam",
        "grants",
        "create",
        &format!("--entitlement={ENTITLEMENT}"),
        "--requested-duration=60s",
        "--justification=OPS-43",
    ]);
    let name = grant["name"].as_str().unwrap();
    let denied = bob.json(&[
        "pam",
        "grants",
        "deny",
        name,
        "--reason=not during the freeze",
    ]);
    assert_eq!(denied["state"], "DENIED");
    assert_eq!(
        denied["timeline"]["events"][1]["denied"]["reason"],
        "not during the freeze"
    );
    assert_eq!(alice.mint_status(&emulator), "403");
    let late = bob.gcloud(&["pam", "grants", "approve", name, "--reason=changed my mind"]);
    assert!(
        stderr(&late).contains("FAILED_PRECONDITION"),
        "{}",
        stderr(&late)
    );

    // carol approves for her entitlement, but never her own grant.
    let own = carol.json(&[
        "pam",
        "grants",
        "create",
        &format!("--entitlement={SELF_APPROVED}"),
        "--requested-duration=60s",
        "--justification=mine",
    ]);
    let refused = carol.gcloud(&["pam", "grants", "approve", own["name"].as_str().unwrap()]);
    assert!(
        stderr(&refused).contains("cannot approve or deny it"),
        "{}",
        stderr(&refused)
    );
    // Revoking takes privilegedaccessmanager.grants.revoke, which a requester lacks.
    let revoke = carol.gcloud(&["pam", "grants", "revoke", own["name"].as_str().unwrap()]);
    assert!(
        stderr(&revoke).contains("privilegedaccessmanager.grants.revoke"),
        "{}",
        stderr(&revoke)
    );
}

/// Describes the grant until its state is `want`, however slowly this machine runs.
fn wait_for(person: &Person, name: &str, want: &str) -> Value {
    let mut last = Value::Null;
    for _ in 0..300 {
        last = person.json(&["pam", "grants", "describe", name]);
        if last["state"] == want {
            return last;
        }
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    panic!("the grant never became {want}: {last}");
}

#[test]
fn the_world_approves_automatically_and_iam_propagation_delays_the_binding() {
    // Approved by bob after 1 s; the binding is honoured only an hour after activation.
    let emulator = start("auto_approve_seconds = 1\npropagation_seconds = 3600");
    let alice = Person::new(&emulator, ALICE_REFRESH);
    let grant = alice.json(&[
        "pam",
        "grants",
        "create",
        &format!("--entitlement={ENTITLEMENT}"),
        "--requested-duration=600s",
        "--justification=OPS-44",
    ]);
    assert_eq!(grant["state"], "APPROVAL_AWAITED");
    let name = grant["name"].as_str().unwrap();
    let active = wait_for(&alice, name, "ACTIVE");
    assert_eq!(events(&active), ["requested", "approved", "activated"]);
    assert_eq!(
        active["timeline"]["events"][1]["approved"]["actor"],
        "bob@example.com"
    );
    assert_eq!(
        alice.mint_status(&emulator),
        "403",
        "IAM has not propagated yet"
    );
}

#[test]
fn a_grant_nobody_approves_expires() {
    let emulator = start("approval_expiry_seconds = 1");
    let alice = Person::new(&emulator, ALICE_REFRESH);
    let grant = alice.json(&[
        "pam",
        "grants",
        "create",
        &format!("--entitlement={ENTITLEMENT}"),
        "--requested-duration=600s",
        "--justification=OPS-45",
    ]);
    let expired = wait_for(&alice, grant["name"].as_str().unwrap(), "EXPIRED");
    assert_eq!(events(&expired), ["requested", "expired"]);
    assert_eq!(alice.mint_status(&emulator), "403");
}

// gsudo with no standing binding: the grant is found, requested, waited for and ended.

/// A gsudo user (alice) whose gcloud configuration points PAM at the emulator too.
fn gsudo_user(emulator: &Emulator) -> User {
    let user = User::new(emulator);
    user.point_at(emulator, &["privilegedaccessmanager"]);
    user
}

/// The emulator's audit entries of one PAM method (`CreateGrant`, `v1beta...WithdrawGrant`).
fn pam_calls(emulator: &Emulator, method: &str) -> Vec<Value> {
    let prefix = if method.starts_with("v1beta") {
        "google.cloud.privilegedaccessmanager."
    } else {
        "google.cloud.privilegedaccessmanager.v1."
    };
    let method = method.replace("v1beta.", "v1beta.PrivilegedAccessManager.");
    let full = if method.starts_with("v1beta") {
        format!("{prefix}{method}")
    } else {
        format!("{prefix}PrivilegedAccessManager.{method}")
    };
    emulator.entries(&full)
}

#[test]
fn an_auto_approved_grant_lets_gsudo_mint_run_and_end_it() {
    let emulator = start("auto_approve_seconds = 0");
    let user = gsudo_user(&emulator);
    let out = user
        .gsudo()
        .args([
            "-s",
            DEPLOYER,
            "-R",
            "OPS-42 rotate keys",
            "--session",
            "30m",
        ])
        .args([
            "sh",
            "-c",
            "echo ran as $CLOUDSDK_AUTH_IMPERSONATE_SERVICE_ACCOUNT",
        ])
        .output()
        .unwrap();
    assert_ok(&out);
    assert!(stdout(&out).contains("ran as"), "{}", stdout(&out));
    // The refused mint, the grant with the reason as justification, then the session's mint.
    let created = pam_calls(&emulator, "CreateGrant");
    assert_eq!(created.len(), 1);
    // PAM's audit lines say why, as the mints' do.
    assert!(
        reason(&created[0]).ends_with(": OPS-42 rotate keys"),
        "{}",
        reason(&created[0])
    );
    let alice = Person::new(&emulator, ALICE_REFRESH);
    let grants = alice.json(&[
        "pam",
        "grants",
        "search",
        &format!("--entitlement={ENTITLEMENT}"),
        "--caller-relationship=had-created",
    ]);
    assert_eq!(
        grants[0]["justification"]["unstructuredJustification"],
        "OPS-42 rotate keys"
    );
    assert_eq!(grants[0]["requestedDuration"], "1800s");
    // Ended at teardown: withdrawn, and no mint works any more.
    assert_eq!(pam_calls(&emulator, "v1beta.WithdrawGrant").len(), 1);
    assert_eq!(grants[0]["state"], "WITHDRAWN");
    assert_eq!(alice.mint_status(&emulator), "403");
    // The session log names the grant the session ran on.
    assert_eq!(user.session_log()[0]["grant"], grants[0]["name"]);
}

#[test]
fn gsudo_waits_while_bob_approves_and_keeps_the_grant_when_asked() {
    let emulator = start("");
    let user = gsudo_user(&emulator);
    let bob = Person::new(&emulator, BOB_REFRESH);
    let child = user
        .gsudo()
        .args([
            "-s",
            DEPLOYER,
            "-R",
            "OPS-46",
            "--keep-grant",
            "--session",
            "10m",
        ])
        .args(["echo", "approved and ran"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut approved = false;
    for _ in 0..300 {
        let pending = bob.json(&[
            "pam",
            "grants",
            "search",
            &format!("--entitlement={ENTITLEMENT}"),
            "--caller-relationship=can-approve",
        ]);
        if let Some(name) = pending[0]["name"].as_str() {
            bob.json(&["pam", "grants", "approve", name, "--reason=ok"]);
            approved = true;
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    assert!(approved, "gsudo never requested a grant");
    let out = child.wait_with_output().unwrap();
    assert_ok(&out);
    assert_eq!(stdout(&out).trim(), "approved and ran");
    // Not a terminal: no progress line.
    assert!(!stderr(&out).contains('\r'), "{:?}", stderr(&out));
    // --keep-grant: the grant stays active, so the next run mints on it without a new one.
    assert!(pam_calls(&emulator, "v1beta.WithdrawGrant").is_empty());
    let again = user.run_as(DEPLOYER, &["--session", "5m", "true"]);
    assert_ok(&again);
    assert_eq!(pam_calls(&emulator, "CreateGrant").len(), 1);
    // A grant this run did not request is not its to end.
    assert!(pam_calls(&emulator, "v1beta.WithdrawGrant").is_empty());
}

#[test]
fn a_denied_grant_ends_the_run_with_the_approvers_reason() {
    let emulator = start("");
    let user = gsudo_user(&emulator);
    let bob = Person::new(&emulator, BOB_REFRESH);
    let child = user
        .gsudo()
        .args(["-s", DEPLOYER, "-R", "OPS-47", "true"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    for _ in 0..300 {
        let pending = bob.json(&[
            "pam",
            "grants",
            "search",
            &format!("--entitlement={ENTITLEMENT}"),
            "--caller-relationship=can-approve",
        ]);
        if let Some(name) = pending[0]["name"].as_str() {
            bob.json(&["pam", "grants", "deny", name, "--reason=change freeze"]);
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    let out = child.wait_with_output().unwrap();
    refused_with(&out, "was denied by bob@example.com: change freeze.");
}

#[test]
fn an_unapproved_grant_expires_and_the_run_says_so() {
    let emulator = start("approval_expiry_seconds = 1");
    let user = gsudo_user(&emulator);
    let out = user.run_as(DEPLOYER, &["true"]);
    refused_with(&out, "expired before anyone approved it");
}

#[test]
fn no_wait_requests_and_exits_and_a_later_run_reuses_the_active_grant() {
    let emulator = start("");
    let user = gsudo_user(&emulator);
    let bob = Person::new(&emulator, BOB_REFRESH);
    let out = user.run_as(DEPLOYER, &["--no-wait", "--session", "20m", "false"]);
    assert_ok(&out);
    let name = stdout(&out).trim().to_owned();
    assert!(
        name.starts_with(&format!("{ENTITLEMENT}/grants/")),
        "{name}"
    );
    bob.json(&["pam", "grants", "approve", &name, "--reason=ok"]);
    // `--pam always` goes through a grant even when the mint would work: the active one.
    let later = user.run_as(
        DEPLOYER,
        &["--pam", "always", "--session", "10m", "echo", "later"],
    );
    assert_ok(&later);
    assert_eq!(stdout(&later).trim(), "later");
    assert!(
        stderr(&later).contains(&format!("reusing the active grant {name}")),
        "{}",
        stderr(&later)
    );
    assert_eq!(pam_calls(&emulator, "CreateGrant").len(), 1);
}

#[test]
fn iam_propagation_after_activation_is_ridden_out() {
    // Approved at once; the binding is honoured 3 s after activation.
    let emulator = start("auto_approve_seconds = 0\npropagation_seconds = 3");
    let user = gsudo_user(&emulator);
    let out = user.run_as(DEPLOYER, &["echo", "propagated"]);
    assert_ok(&out);
    assert_eq!(stdout(&out).trim(), "propagated");
}

#[test]
fn a_session_over_the_maximum_is_refused_before_any_grant() {
    let emulator = start("auto_approve_seconds = 0");
    let user = gsudo_user(&emulator);
    let out = user.run_as(DEPLOYER, &["--session", "2h", "true"]);
    refused_with(
        &out,
        "The session length 2h is over the entitlement's maximum request duration 1h.",
    );
    assert!(pam_calls(&emulator, "CreateGrant").is_empty());
}

#[test]
fn ctrl_c_while_waiting_withdraws_the_grant() {
    let emulator = start("");
    let user = gsudo_user(&emulator);
    let mut child = user
        .gsudo()
        .args(["-s", DEPLOYER, "-R", "OPS-48", "true"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    for _ in 0..600 {
        if !pam_calls(&emulator, "CreateGrant").is_empty() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let pid = child.id().to_string();
    assert!(
        Command::new("kill")
            .args(["-INT", &pid])
            .status()
            .unwrap()
            .success()
    );
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(130));
    assert_eq!(pam_calls(&emulator, "v1beta.WithdrawGrant").len(), 1);
}

#[test]
fn on_a_terminal_the_progress_line_names_the_approver_and_ctrl_c_withdraws() {
    let emulator = start("");
    let user = gsudo_user(&emulator);
    // An interactive shell, which outlives the Ctrl-C, as a person's would.
    let term = Terminal::start(
        &user,
        &["env", "PS1=$ ", "bash", "--norc", "--noprofile", "-i"],
    );
    term.wait_for("$ ");
    term.type_line(&format!(
        "{} -s {DEPLOYER} -R 'OPS-49 t' true; echo \"exit:$?\"",
        env!("CARGO_BIN_EXE_gsudo")
    ));
    let screen = term.wait_for("waiting for approval by user:bob@example.com of ");
    assert!(
        screen.contains(&format!("{ENTITLEMENT}/grants/")),
        "{screen}"
    );
    term.press("C-c");
    let screen = term.wait_for("exit:1");
    assert!(screen.contains("exit:130"), "{screen}");
    assert_eq!(pam_calls(&emulator, "v1beta.WithdrawGrant").len(), 1);
}

#[test]
fn the_policy_checks_the_reason_before_any_grant_is_requested() {
    let emulator = start("auto_approve_seconds = 0");
    let user = gsudo_user(&emulator);
    user.write_config("[policy]\nreason_pattern = '^[A-Z]+-[0-9]+ '\n");
    let out = user
        .gsudo()
        .args(["-s", DEPLOYER, "-R", "no ticket", "true"])
        .output()
        .unwrap();
    refused_with(&out, "reason_pattern");
    assert!(pam_calls(&emulator, "SearchEntitlements").is_empty());
    assert!(pam_calls(&emulator, "CreateGrant").is_empty());
}

#[test]
fn require_pam_refuses_a_standing_binding_and_pam_never_leaves_pam_alone() {
    let emulator = start("auto_approve_seconds = 0");
    let user = gsudo_user(&emulator);
    // Without the rule, alice's standing binding is enough.
    assert_ok(&user.run_as(STANDING, &["true"]));
    assert_eq!(emulator.entries("GenerateAccessToken").len(), 1);

    user.write_config("[policy]\nrequire_pam = true\n");
    let out = user.run_as(STANDING, &["true"]);
    refused_with(
        &out,
        "No Privileged Access Manager entitlement you may request grants Token Creator on",
    );
    assert_eq!(
        emulator.entries("GenerateAccessToken").len(),
        1,
        "nothing minted"
    );
    let never = user.run_as(STANDING, &["--pam", "never", "true"]);
    assert!(
        stderr(&never).contains("(rule require_pam)"),
        "{}",
        stderr(&never)
    );
    // Under the rule, the account with an entitlement runs on a grant.
    assert_ok(&user.run_as(DEPLOYER, &["true"]));
    assert_eq!(pam_calls(&emulator, "CreateGrant").len(), 1);

    // pam = "never" in the configuration file: the refused mint is the end of it.
    user.write_config("pam = \"never\"\n");
    let out = user.run_as(DEPLOYER, &["true"]);
    refused_with(&out, "roles/iam.serviceAccountTokenCreator");
    // Only the two runs under require_pam searched for entitlements.
    assert_eq!(pam_calls(&emulator, "SearchEntitlements").len(), 2);
}

#[test]
fn a_named_entitlement_whose_activation_fails_ends_the_run_with_its_error() {
    let emulator = start("");
    let user = gsudo_user(&emulator);
    let out = user.run_as(
        DEPLOYER,
        &["--entitlement", "broken-token", "--session", "5m", "true"],
    );
    assert_eq!(out.status.code(), Some(125), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("/entitlements/broken-token/grants/")
            && stderr(&out)
                .contains("could not be activated: Quota exceeded for IAM policy bindings."),
        "{}",
        stderr(&out)
    );
}

#[test]
fn list_shows_the_accounts_alice_may_request_beside_those_she_may_mint_for() {
    let emulator = start("");
    let user = gsudo_user(&emulator);
    user.point_at(&emulator, &["iam", "cloudresourcemanager"]);
    let out = user
        .gsudo()
        .args(["list", "-p", "test-project", "--format", "json"])
        .output()
        .unwrap();
    assert_ok(&out);
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let mintable: Vec<&str> = report["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["email"].as_str().unwrap())
        .collect();
    assert_eq!(mintable, [STANDING]);
    assert_eq!(report["requestable"][0]["email"], DEPLOYER);
    assert_eq!(report["requestable"][0]["entitlement"], ENTITLEMENT);
    assert_eq!(report["requestable"][0]["max_duration_seconds"], 3600);
    let text = user
        .gsudo()
        .args(["list", "-p", "test-project"])
        .output()
        .unwrap();
    assert_ok(&text);
    assert!(
        stdout(&text).contains("REQUESTABLE (PAM)"),
        "{}",
        stdout(&text)
    );
    assert!(
        stdout(&text).contains(&format!("{DEPLOYER}  {ENTITLEMENT}  1h")),
        "{}",
        stdout(&text)
    );
}

#[test]
fn sandbox_approve_and_deny_act_as_bob_on_the_running_emulator() {
    let emulator = start("");
    let user = gsudo_user(&emulator);
    let world_file = user.path("world.toml");
    std::fs::write(&world_file, world("")).unwrap();
    let world_arg = world_file.to_str().unwrap();
    let requested = user.run_as(DEPLOYER, &["--no-wait", "--session", "5m", "true"]);
    assert_ok(&requested);
    let name = stdout(&requested).trim().to_owned();
    let approved = user
        .gsudo()
        .args(["sandbox", "--world", world_arg, "approve", &name])
        .output()
        .unwrap();
    assert_ok(&approved);
    assert_eq!(
        stdout(&approved).trim(),
        format!("{name} as bob@example.com: ACTIVE")
    );
    let run = user.run_as(DEPLOYER, &["--pam", "always", "--session", "5m", "true"]);
    assert_ok(&run);
    assert!(
        stderr(&run).contains("reusing the active grant"),
        "{}",
        stderr(&run)
    );

    // A second request, denied; bob cannot deny what is already decided.
    let late = user
        .gsudo()
        .args([
            "sandbox", "--world", world_arg, "deny", &name, "--why", "late",
        ])
        .output()
        .unwrap();
    assert!(!late.status.success());
    assert!(
        stderr(&late).contains("bob@example.com could not deny the grant"),
        "{}",
        stderr(&late)
    );
}

#[test]
fn an_entitlement_on_the_organization_above_the_project_is_found() {
    require("curl");
    let account = "ops@app-project.iam.gserviceaccount.com";
    let world = World::default()
        .with(
            r#"
[[organizations]]
id = "900"

[[folders]]
id = "910"
parent = "organizations/900"

[[projects]]
id = "app-project"
number = "222233334444"
parent = "folders/910"
"#,
        )
        .user(ALICE, ALICE_REFRESH)
        .with(&format!(
            r#"
[[service_accounts]]
email = "{account}"

# alice sees the hierarchy, and so each parent.
[[bindings]]
resource = "organizations/900"
role = "roles/browser"
members = ["user:alice@example.com"]

[[entitlements]]
parent = "organizations/900"
id = "ops-token"
eligible = ["user:alice@example.com"]
role = "roles/iam.serviceAccountTokenCreator"
service_account = "{account}"
max_request_seconds = 3600
"#
        ))
        .text();
    let emulator = Emulator::start_with(&world);
    let user = gsudo_user(&emulator);
    user.point_at(&emulator, &["cloudresourcemanager"]);
    let out = user.run_as(account, &["echo", "from the organization"]);
    assert_ok(&out);
    assert_eq!(stdout(&out).trim(), "from the organization");
    let searched: Vec<String> = pam_calls(&emulator, "SearchEntitlements")
        .iter()
        .map(|e| {
            e["protoPayload"]["resourceName"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(
        searched,
        [
            "projects/app-project/locations/global/entitlements:search",
            "folders/910/locations/global/entitlements:search",
            "organizations/900/locations/global/entitlements:search"
        ]
    );
    let created = pam_calls(&emulator, "CreateGrant");
    assert!(
        created[0]["protoPayload"]["resourceName"]
            .as_str()
            .unwrap()
            .starts_with("organizations/900/locations/global/entitlements/ops-token/grants"),
        "{created:?}"
    );
}

#[test]
fn wait_bounds_the_wait_for_approval() {
    let emulator = start("");
    let user = gsudo_user(&emulator);
    let out = user.run_as(DEPLOYER, &["--wait", "2s", "true"]);
    refused_with(&out, "was still APPROVAL_AWAITED after waiting 2s.");
    // The grant stays, for an approver to act on and a later run to use.
    assert!(pam_calls(&emulator, "v1beta.WithdrawGrant").is_empty());
}

#[test]
fn the_configuration_names_an_aliases_entitlement_and_whom_to_notify() {
    let emulator = start("");
    let user = gsudo_user(&emulator);
    user.write_config(&format!(
        "notify = [\"oncall@example.com\"]\n\n[aliases]\ndeploy = \"{DEPLOYER}\"\n"
    ));
    let set = user
        .gsudo()
        .args(["config", "set", "entitlements.deploy", "broken-token"])
        .output()
        .unwrap();
    assert_ok(&set);
    let out = user.run_as("deploy", &["--session", "5m", "true"]);
    refused_with(&out, "/entitlements/broken-token/grants/");
    let alice = Person::new(&emulator, ALICE_REFRESH);
    let grants = alice.json(&[
        "pam",
        "grants",
        "search",
        "--entitlement=projects/test-project/locations/global/entitlements/broken-token",
        "--caller-relationship=had-created",
    ]);
    assert_eq!(
        grants[0]["additionalEmailRecipients"][0],
        "oncall@example.com"
    );
    let bad = user
        .gsudo()
        .args(["config", "set", "entitlements.deploy", "Not An Id"])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(125));
}

/// The run ended before the command with exit 125 and said `said` on stderr.
fn refused_with(out: &std::process::Output, said: &str) {
    assert_eq!(out.status.code(), Some(125), "{}", stderr(out));
    assert!(stderr(out).contains(said), "{}", stderr(out));
}
