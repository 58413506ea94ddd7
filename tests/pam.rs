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
const DAVE_REFRESH: &str = "test-refresh-dave";
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

# dave owns the project, so he may revoke grants (privilegedaccessmanager.grants.revoke).
[[users]]
email = "dave@example.com"
refresh_token = "{DAVE_REFRESH}"

[[bindings]]
resource = "projects/test-project"
role = "roles/owner"
members = ["user:dave@example.com"]

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
        stderr(&later).contains(&format!("the session runs on your active grant {name}")),
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
fn require_pam_refuses_standing_access_and_lets_a_grant_through() {
    let emulator = start("auto_approve_seconds = 0");
    let user = gsudo_user(&emulator);
    // Without the rule, alice's standing binding is enough.
    assert_ok(&user.run_as(STANDING, &["true"]));
    assert_eq!(emulator.entries("GenerateAccessToken").len(), 1);

    let policy = user.write_config("[policy]\nrequire_pam = true\n");
    let out = user.run_as(STANDING, &["echo", "ran"]);
    refused_with(
        &out,
        &format!(
            "The policy in {} forbids standing access, and you hold it on {STANDING}: gsudo minted for it with no active Privileged Access Manager grant (rule require_pam).",
            policy.display()
        ),
    );
    assert!(
        stderr(&out).contains("remove your Token Creator binding on"),
        "{}",
        stderr(&out)
    );
    assert_eq!(stdout(&out), "", "the command never ran");
    let never = user.run_as(STANDING, &["--pam", "never", "true"]);
    assert!(
        stderr(&never).contains("(rule require_pam)"),
        "{}",
        stderr(&never)
    );
    // Under the rule, the account alice holds no binding on runs on a grant.
    let granted = user.run_as(DEPLOYER, &["echo", "on a grant"]);
    assert_ok(&granted);
    assert_eq!(stdout(&granted).trim(), "on a grant");
    assert_eq!(pam_calls(&emulator, "CreateGrant").len(), 1);
    // --pam always under the rule still tries the mint first, to see standing access.
    let always = user.run_as(STANDING, &["--pam", "always", "true"]);
    refused_with(&always, "forbids standing access");
    assert_eq!(
        pam_calls(&emulator, "CreateGrant").len(),
        1,
        "no grant requested"
    );

    // pam = "never" in the configuration file: the refused mint is the end of it.
    user.write_config("pam = \"never\"\n");
    let out = user.run_as(DEPLOYER, &["true"]);
    refused_with(&out, "roles/iam.serviceAccountTokenCreator");
    assert_eq!(pam_calls(&emulator, "CreateGrant").len(), 1);
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
    // Sorted by account, then entitlement: broken-token comes first.
    assert_eq!(report["requestable"][1]["email"], DEPLOYER);
    assert_eq!(report["requestable"][1]["entitlement"], ENTITLEMENT);
    assert_eq!(report["requestable"][1]["max_duration_seconds"], 3600);
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
        stderr(&run).contains("the session runs on your active grant"),
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

/// Organization 900 > folder 910 > app-project, for entitlements above a project.
const APP_PROJECT_IN_A_FOLDER: &str = r#"
[[organizations]]
id = "900"

[[folders]]
id = "910"
parent = "organizations/900"

[[projects]]
id = "app-project"
number = "222233334444"
parent = "folders/910"
"#;

#[test]
fn an_entitlement_on_the_organization_above_the_project_is_found() {
    require("curl");
    let account = "ops@app-project.iam.gserviceaccount.com";
    let world = World::default()
        .with(APP_PROJECT_IN_A_FOLDER)
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

#[test]
fn a_grant_already_active_caps_the_session_and_is_named() {
    let emulator = start("");
    let user = gsudo_user(&emulator);
    let bob = Person::new(&emulator, BOB_REFRESH);
    let out = user.run_as(DEPLOYER, &["--no-wait", "--session", "5m", "true"]);
    assert_ok(&out);
    let name = stdout(&out).trim().to_owned();
    bob.json(&["pam", "grants", "approve", &name, "--reason=ok"]);
    // pam = auto: the first mint works on the grant, and the session still rests on it.
    let script = format!("{} whoami --format json", env!("CARGO_BIN_EXE_gsudo"));
    let run = user.run_as(DEPLOYER, &["--session", "30m", "sh", "-c", &script]);
    assert_ok(&run);
    assert!(
        stderr(&run).contains(&format!(
            "the session runs on your active grant {name}, so it ends when the grant does"
        )) && stderr(&run).contains("not in 30m as asked"),
        "{}",
        stderr(&run)
    );
    let whoami: Value = serde_json::from_slice(&run.stdout).unwrap();
    assert_eq!(whoami["session"]["grant"], name.as_str());
    let left = whoami["session"]["seconds_left"].as_i64().unwrap();
    assert!(
        left <= 300,
        "the session outlives the 5m grant: {left}s left"
    );
    assert_eq!(user.session_log()[0]["grant"], name.as_str());
    // Reused, not requested again, and not this run's to end.
    assert_eq!(pam_calls(&emulator, "CreateGrant").len(), 1);
    assert!(pam_calls(&emulator, "v1beta.WithdrawGrant").is_empty());
}

#[test]
fn a_grant_revoked_mid_session_ends_its_tokens() {
    let emulator = start("auto_approve_seconds = 0");
    let user = gsudo_user(&emulator);
    let dave = Person::new(&emulator, DAVE_REFRESH);
    let ready = user.path("ready");
    let revoked = user.path("revoked");
    // Three-second tokens: each fetch after the revocation needs a fresh mint.
    let script = r#"token() { curl -sf -H 'Metadata-Flavor: Google' "http://$GCE_METADATA_HOST/computeMetadata/v1/instance/service-accounts/default/token" >/dev/null; }
        token || exit 3
        touch "$1"
        while [ ! -e "$2" ]; do sleep 0.1; done
        for i in $(seq 1 300); do token || { echo refused; exit 0; }; sleep 0.1; done
        echo still served"#;
    let child = user
        .gsudo()
        .args([
            "-s",
            DEPLOYER,
            "-R",
            "OPS-50",
            "--lifetime",
            "3s",
            "sh",
            "-c",
            script,
            "sh",
        ])
        .arg(&ready)
        .arg(&revoked)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    for _ in 0..600 {
        if ready.exists() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    assert!(ready.exists(), "the session never started");
    let alice = Person::new(&emulator, ALICE_REFRESH);
    let grants = alice.json(&[
        "pam",
        "grants",
        "search",
        &format!("--entitlement={ENTITLEMENT}"),
        "--caller-relationship=had-created",
    ]);
    let name = grants[0]["name"].as_str().unwrap();
    let revoke = dave.gcloud(&["pam", "grants", "revoke", name, "--reason=incident 7"]);
    assert_ok(&revoke);
    std::fs::write(&revoked, "").unwrap();
    let out = child.wait_with_output().unwrap();
    assert_ok(&out);
    assert_eq!(stdout(&out).trim(), "refused");
    assert!(
        stderr(&out).contains(&format!(
            "the grant {name} was revoked by dave@example.com: incident 7; the session gets no more tokens"
        )),
        "{}",
        stderr(&out)
    );
    // A revoked grant is not withdrawn at teardown.
    assert!(pam_calls(&emulator, "v1beta.WithdrawGrant").is_empty());
}

#[test]
fn a_refused_delegation_chain_gets_a_grant_for_its_first_link() {
    require("curl");
    let hop = "hop@test-project.iam.gserviceaccount.com";
    let world = format!(
        r#"
[pam]
auto_approve_seconds = 0

[[projects]]
id = "test-project"
number = "111122223333"

[[users]]
email = "alice@example.com"
refresh_token = "{ALICE_REFRESH}"

[[service_accounts]]
email = "{hop}"

# hop may mint for deployer; alice may only request Token Creator on hop.
[[service_accounts]]
email = "{DEPLOYER}"
token_creators = ["serviceAccount:{hop}"]

[[entitlements]]
parent = "projects/test-project"
id = "hop-token"
eligible = ["user:alice@example.com"]
role = "roles/iam.serviceAccountTokenCreator"
service_account = "{hop}"
max_request_seconds = 3600
"#
    );
    let emulator = Emulator::start_with(&world);
    let user = gsudo_user(&emulator);
    let out = user.run_as(
        DEPLOYER,
        &[
            "--delegates",
            hop,
            "sh",
            "-c",
            "echo as $GSUDO_SESSION_ACCOUNT",
        ],
    );
    assert_ok(&out);
    assert_eq!(stdout(&out).trim(), format!("as {DEPLOYER}"));
    let created = pam_calls(&emulator, "CreateGrant");
    assert_eq!(created.len(), 1);
    assert!(
        created[0]["protoPayload"]["resourceName"]
            .as_str()
            .unwrap()
            .starts_with("projects/test-project/locations/global/entitlements/hop-token/grants"),
        "{created:?}"
    );
    // The session's mints went through the chain.
    let mints = emulator.entries("GenerateAccessToken");
    let last = &mints.last().unwrap()["protoPayload"];
    assert_eq!(last["status"]["code"], 0, "{last}");
    assert!(last.to_string().contains(hop), "{last}");
}

#[test]
fn list_all_projects_and_grants_see_entitlements_on_folders_and_organizations() {
    require("gcloud");
    let ops = "ops@app-project.iam.gserviceaccount.com";
    let web = "web@web-project.iam.gserviceaccount.com";
    let world = format!(
        r#"
{APP_PROJECT_IN_A_FOLDER}
[[projects]]
id = "web-project"
number = "333344445555"
parent = "organizations/900"

[[users]]
email = "alice@example.com"
refresh_token = "{ALICE_REFRESH}"

[[service_accounts]]
email = "{ops}"

[[service_accounts]]
email = "{web}"

# alice sees the hierarchy and the accounts in it.
[[bindings]]
resource = "organizations/900"
role = "roles/browser"
members = ["user:alice@example.com"]

[[bindings]]
resource = "organizations/900"
role = "roles/iam.serviceAccountViewer"
members = ["user:alice@example.com"]

[[entitlements]]
parent = "organizations/900"
id = "ops-token"
eligible = ["user:alice@example.com"]
role = "roles/iam.serviceAccountTokenCreator"
service_account = "{ops}"
max_request_seconds = 3600

[[entitlements]]
parent = "folders/910"
id = "web-token"
eligible = ["user:alice@example.com"]
role = "roles/iam.serviceAccountTokenCreator"
service_account = "{web}"
max_request_seconds = 1800

# No condition: every account in the project.
[[entitlements]]
parent = "projects/web-project"
id = "any-web-token"
eligible = ["user:alice@example.com"]
role = "roles/iam.serviceAccountTokenCreator"
max_request_seconds = 900
"#
    );
    let emulator = Emulator::start_with(&world);
    let user = gsudo_user(&emulator);
    user.point_at(&emulator, &["iam", "cloudresourcemanager"]);
    let out = user
        .gsudo()
        .args(["list", "--all-projects", "--format", "json"])
        .output()
        .unwrap();
    assert_ok(&out);
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["projects"], 2);
    let requestable: Vec<(&str, &str)> = report["requestable"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["email"]
                    .as_str()
                    .or(r["every_account_in"].as_str())
                    .unwrap(),
                r["entitlement"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        requestable,
        [
            (
                ops,
                "organizations/900/locations/global/entitlements/ops-token"
            ),
            (web, "folders/910/locations/global/entitlements/web-token"),
            (
                "projects/web-project",
                "projects/web-project/locations/global/entitlements/any-web-token"
            ),
        ]
    );
    // Each place was searched once, however many projects lie below it.
    let mut searched: Vec<String> = pam_calls(&emulator, "SearchEntitlements")
        .iter()
        .map(|e| {
            e["protoPayload"]["resourceName"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    searched.sort();
    assert_eq!(
        searched,
        [
            "folders/910/locations/global/entitlements:search",
            "organizations/900/locations/global/entitlements:search",
            "projects/app-project/locations/global/entitlements:search",
            "projects/web-project/locations/global/entitlements:search",
        ]
    );

    // A grant of the organization's entitlement, listed from the project below it.
    let requested = user.run_as(ops, &["--no-wait", "--session", "10m", "true"]);
    assert_ok(&requested);
    let name = stdout(&requested).trim().to_owned();
    let grants = user
        .gsudo()
        .args(["grants", "-p", "app-project", "--format", "json"])
        .output()
        .unwrap();
    assert_ok(&grants);
    let grants: Value = serde_json::from_slice(&grants.stdout).unwrap();
    assert_eq!(grants[0]["grant"], name.as_str());
    assert_eq!(grants[0]["service_account"], ops);
    assert_eq!(grants[0]["state"], "ACTIVE");
    let text = user
        .gsudo()
        .args(["grants", "-p", "app-project"])
        .output()
        .unwrap();
    assert!(stdout(&text).contains(&name), "{}", stdout(&text));
    // As a table, an entitlement with no condition says what it reaches.
    let text = user
        .gsudo()
        .args(["list", "--all-projects"])
        .output()
        .unwrap();
    assert!(
        stdout(&text).contains("every account in projects/web-project"),
        "{}",
        stdout(&text)
    );
}

#[test]
fn pam_is_left_alone_where_its_place_beside_iam_credentials_is_unknown() {
    let emulator = start("auto_approve_seconds = 0");
    // IAM Credentials points at the emulator and PAM nowhere: Google's PAM is never called.
    let user = User::new(&emulator);
    let out = user.run_as(DEPLOYER, &["true"]);
    refused_with(&out, "needs roles/iam.serviceAccountTokenCreator");
    let always = user.run_as(DEPLOYER, &["--pam", "always", "true"]);
    refused_with(
        &always,
        &format!(
            "No Privileged Access Manager endpoint is known beside your IAM Credentials endpoint {}.",
            emulator.url
        ),
    );
    assert!(
        stderr(&always).contains("api_endpoint_overrides/privilegedaccessmanager"),
        "{}",
        stderr(&always)
    );
    let grants = user.gsudo().args(["grants"]).output().unwrap();
    refused_with(&grants, "No Privileged Access Manager endpoint is known");
    assert!(pam_calls(&emulator, "SearchEntitlements").is_empty());
}

/// The run ended before the command with exit 125 and said `said` on stderr.
fn refused_with(out: &std::process::Output, said: &str) {
    assert_eq!(out.status.code(), Some(125), "{}", stderr(out));
    assert!(stderr(out).contains(said), "{}", stderr(out));
}
