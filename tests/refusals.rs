//! How gsudo tells Google's refusals apart: by the `ErrorInfo` reason and status the emulator
//! sends where Google sends them (docs/google-cloud-facts.md §1, "Errors"), one sentence and
//! the right hint for each, exit 125. And gcloud, a client no one here wrote, reads the same
//! answers: its own API-enablement parser, `get-iam-policy` and `print-identity-token`.

mod common;

use std::process::Output;

use common::*;

const ID_ONLY: &str = "idonly@test-project.iam.gserviceaccount.com";
const OFF: &str = "off@test-project.iam.gserviceaccount.com";
const STALE_REFRESH: &str = "test-refresh-stale";
const ADMIN_REFRESH: &str = "test-refresh-admin";

/// The common test world, and: an admin owning the project, an account alice may get only ID
/// tokens for, a disabled one alice may impersonate, a user who must sign in again, a policy
/// reader role for the deployer, and Viewer for alice (who may then list the accounts).
fn world(extra_project_line: &str) -> String {
    let common = test_world().replacen(
        "number = \"111122223333\"\n",
        &format!("number = \"111122223333\"\n{extra_project_line}\n"),
        1,
    );
    World::default()
        .with(&common)
        .user("admin@example.com", ADMIN_REFRESH)
        .account(ID_ONLY, &[])
        .with(&format!(
            r#"
[[users]]
email = "stale@example.com"
refresh_token = "{STALE_REFRESH}"
reauth = "invalid_rapt"

[[service_accounts]]
email = "{OFF}"
token_creators = ["user:{ALICE}"]
disabled = true

[[roles]]
name = "projects/test-project/roles/policyReader"
permissions = ["iam.serviceAccounts.getIamPolicy"]

[[bindings]]
resource = "projects/test-project"
role = "roles/owner"
members = ["user:admin@example.com"]

[[bindings]]
resource = "projects/test-project"
role = "projects/test-project/roles/policyReader"
members = ["serviceAccount:{DEPLOYER}"]

[[bindings]]
resource = "projects/test-project"
role = "roles/viewer"
members = ["user:{ALICE}"]

[[bindings]]
resource = "//iam.googleapis.com/projects/test-project/serviceAccounts/{ID_ONLY}"
role = "roles/iam.serviceAccountOpenIdTokenCreator"
members = ["user:{ALICE}", "serviceAccount:{DEPLOYER}"]
"#
        ))
        .text()
}

/// gsudo refused with one sentence and a hint on the next line, exit 125.
fn refused(out: &Output) -> (String, String) {
    assert_eq!(out.status.code(), Some(125), "{}", stderr(out));
    let err = stderr(out);
    let mut lines = err.lines().skip_while(|l| !l.starts_with("gsudo: error: "));
    let sentence = lines.next().unwrap_or_default();
    let sentence = sentence.trim_start_matches("gsudo: error: ").to_owned();
    let hint = lines.next().unwrap_or_default();
    let hint = hint.trim_start().trim_start_matches("hint: ").to_owned();
    assert!(!sentence.is_empty() && sentence.ends_with('.'), "{err}");
    assert_eq!(
        sentence.matches(". ").count(),
        0,
        "one sentence: {sentence}"
    );
    (sentence, hint)
}

/// gsudo run inside a session as the deployer, with only the metadata server the session
/// serves as its caller (as on a Compute Engine VM).
fn nested(user: &User, outer: &[&str], inner: &str) -> Output {
    let gsudo = env!("CARGO_BIN_EXE_gsudo");
    let mut args: Vec<&str> = outer.to_vec();
    let script = format!("unset GOOGLE_APPLICATION_CREDENTIALS; exec \"$0\" {inner}");
    args.extend(["sh", "-c", &script, gsudo]);
    user.run_as(DEPLOYER, &args)
}

#[test]
fn a_caller_token_without_cloud_platform_is_told_to_change_its_scopes() {
    let emulator = Emulator::start_with(&world(""));
    let user = User::new(&emulator);
    // The session's metadata server hands out the deployer's token with a storage scope only,
    // like a VM created with the default scopes.
    let out = nested(
        &user,
        &["--scopes", "devstorage.read_only"],
        &format!("-s {READER} -R nested true"),
    );
    let (sentence, hint) = refused(&out);
    assert!(
        sentence.contains("lack the cloud-platform scope")
            && sentence.contains("ACCESS_TOKEN_SCOPE_INSUFFICIENT"),
        "{sentence}"
    );
    assert!(hint.contains("--scopes=cloud-platform"), "{hint}");
}

#[test]
fn a_disabled_iam_credentials_api_is_named_with_the_command_that_enables_it() {
    let emulator = Emulator::start_with(&world(
        "disabled_services = [\"iamcredentials.googleapis.com\"]",
    ));
    let user = User::new(&emulator);
    // alice's own mint is billed to her OAuth client's project; the deployer's, inside the
    // session, to its own project, where the API is disabled.
    let out = nested(&user, &[], &format!("-s {READER} -R nested true"));
    let (sentence, hint) = refused(&out);
    assert!(
        sentence.contains("IAM Credentials API is disabled in project test-project")
            && sentence.contains("SERVICE_DISABLED"),
        "{sentence}"
    );
    assert!(
        hint.contains(
            "gcloud services enable iamcredentials.googleapis.com --project test-project"
        ),
        "{hint}"
    );
    let refusal = emulator.entries("GenerateAccessToken");
    let last = refusal.last().unwrap();
    assert_eq!(last["protoPayload"]["status"]["code"], 7);
    assert_eq!(last["severity"], "ERROR");
}

#[test]
fn gclouds_own_enablement_parser_recognises_service_disabled() {
    require("gcloud");
    let emulator = Emulator::start_with(&world("disabled_services = [\"iam.googleapis.com\"]"));
    let user = User::new(&emulator);
    user.point_at(&emulator, &["iam"]);
    // As the deployer, billed to test-project: gcloud reads the answer as "API not enabled"
    // (its regular expression over Google's message) and, not on a terminal, says so.
    let out = user.run_as(
        DEPLOYER,
        &[
            "gcloud",
            "iam",
            "service-accounts",
            "list",
            "--project",
            "test-project",
        ],
    );
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(
        err.contains("API [iam.googleapis.com] not enabled on project [test-project]"),
        "{err}"
    );
}

#[test]
fn a_disabled_account_and_a_user_who_must_sign_in_again_each_get_their_own_sentence() {
    let emulator = Emulator::start_with(&world(""));
    let user = User::new(&emulator);
    let out = user.run_as(OFF, &["true"]);
    let (sentence, hint) = refused(&out);
    assert!(
        sentence.contains("Precondition check failed") && sentence.contains("disabled"),
        "{sentence}"
    );
    assert!(
        hint.contains(&format!("gcloud iam service-accounts enable {OFF}")),
        "{hint}"
    );

    let adc = user.path("stale.json");
    std::fs::write(
        &adc,
        serde_json::json!({
            "type": "authorized_user",
            "client_id": "test",
            "client_secret": "test",
            "refresh_token": STALE_REFRESH,
            "token_uri": format!("{}token", emulator.url),
        })
        .to_string(),
    )
    .unwrap();
    let out = user
        .gsudo()
        .env("GOOGLE_APPLICATION_CREDENTIALS", &adc)
        .args(["-s", DEPLOYER, "-R", "JIRA-1 stale", "true"])
        .output()
        .unwrap();
    let (sentence, hint) = refused(&out);
    assert!(
        sentence.contains("Your Google credentials need reauthentication")
            && sentence.contains("invalid_rapt"),
        "{sentence}"
    );
    assert!(
        hint.contains("gcloud auth application-default login"),
        "{hint}"
    );
}

#[test]
fn id_tokens_need_only_the_openid_token_creator_role_but_gcloud_needs_token_creator() {
    require("gcloud");
    let emulator = Emulator::start_with(&world(""));
    let user = User::new(&emulator);
    // alice holds only roles/iam.serviceAccountOpenIdTokenCreator on ID_ONLY: an ID token...
    let out = user
        .gsudo()
        .args(["id-token", "-s", ID_ONLY, "-R", "JIRA-1 call the service"])
        .args(["--audience", "https://service.example.com"])
        .output()
        .unwrap();
    assert_ok(&out);
    assert_eq!(stdout(&out).trim().split('.').count(), 3);
    let minted = emulator.entries("GenerateIdToken");
    assert_eq!(minted.len(), 1, "{minted:?}");
    assert_eq!(principal(&minted[0]), ALICE);
    assert_eq!(minted[0]["severity"], "INFO");
    // ...but no access token, and the refusal names the permission Google named.
    let out = user.run_as(ID_ONLY, &["true"]);
    let (sentence, _) = refused(&out);
    assert!(sentence.contains("cannot impersonate"), "{sentence}");

    // `gsudo list` says so beforehand: its columns agree with what the mints then do.
    user.point_at(&emulator, &["iam", "cloudresourcemanager"]);
    let out = user
        .gsudo()
        .args(["list", "-p", "test-project", "--format", "json"])
        .output()
        .unwrap();
    assert_ok(&out);
    let listed: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let accounts = listed["accounts"].as_array().unwrap();
    assert!(accounts.len() >= 2, "{listed}");
    for account in accounts {
        let email = account["email"].as_str().unwrap();
        let id = user
            .gsudo()
            .args(["id-token", "-s", email, "-R", "JIRA-1 agree"])
            .args(["--audience", "https://service.example.com"])
            .output()
            .unwrap();
        assert_eq!(
            id.status.success(),
            account["id_tokens"] == true,
            "{account}"
        );
        let access = user.run_as(email, &["true"]);
        assert_eq!(
            access.status.success(),
            account["access_tokens"] == true,
            "{account}"
        );
    }
    // A disabled account mints nothing, and IAM's list says it is disabled.
    assert!(accounts.iter().all(|a| a["email"] != OFF), "{listed}");
    let id_only = accounts.iter().find(|a| a["email"] == ID_ONLY).unwrap();
    assert_eq!(
        (&id_only["access_tokens"], &id_only["id_tokens"]),
        (&false.into(), &true.into())
    );

    // gcloud's print-identity-token mints an access token for the account first, so through
    // gcloud the OpenID role alone is not enough (the deployer holds only it on ID_ONLY)...
    let print = |account: &str| {
        user.run_as(
            DEPLOYER,
            &[
                "gcloud",
                "auth",
                "print-identity-token",
                &format!("--impersonate-service-account={account}"),
                "--audiences=https://service.example.com",
            ],
        )
    };
    let out = print(ID_ONLY);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("iam.serviceAccounts.getAccessToken"),
        "{}",
        stderr(&out)
    );
    // ...while Token Creator (the deployer's on the reader) is.
    let out = print(READER);
    assert_ok(&out);
    assert_eq!(stdout(&out).trim().split('.').count(), 3);
    let minted = emulator.entries("GenerateIdToken");
    assert_eq!(principal(minted.last().unwrap()), DEPLOYER);
}

#[test]
fn gcloud_reads_a_service_accounts_iam_policy_from_the_emulator() {
    require("gcloud");
    let emulator = Emulator::start_with(&world(""));
    let user = User::new(&emulator);
    user.point_at(&emulator, &["iam"]);
    let out = user.run_as(
        DEPLOYER,
        &[
            "gcloud",
            "iam",
            "service-accounts",
            "get-iam-policy",
            ID_ONLY,
            "--format=json",
        ],
    );
    assert_ok(&out);
    let policy: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(
        policy["bindings"],
        serde_json::json!([{
            "role": "roles/iam.serviceAccountOpenIdTokenCreator",
            "members": [format!("serviceAccount:{DEPLOYER}"), format!("user:{ALICE}")],
        }])
    );
    assert!(policy["etag"].as_str().is_some_and(|e| !e.is_empty()));
    // Without the permission, Google's refusal: alice herself may not read it.
    let token = user.path("alice-token");
    std::fs::write(&token, emulator.alice_token()).unwrap();
    let out = std::process::Command::new("gcloud")
        .args(["iam", "service-accounts", "get-iam-policy", ID_ONLY])
        .env_clear()
        .envs(&user.env)
        .env("CLOUDSDK_AUTH_ACCESS_TOKEN_FILE", &token)
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("iam.serviceAccounts.getIamPolicy"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn the_admin_command_gsudos_hint_gives_works_and_then_so_does_gsudo() {
    require("gcloud");
    let emulator = Emulator::start_with(&world(""));
    let user = User::new(&emulator);
    user.point_at(&emulator, &["iam"]);
    let (_, hint) = refused(&user.run_as(LOCKED, &["true"]));
    let command = hint
        .split_once("ask an admin to run: ")
        .map(|(_, c)| c.to_owned())
        .unwrap_or_else(|| panic!("{hint}"));
    assert!(
        command.starts_with(&format!(
            "gcloud iam service-accounts add-iam-policy-binding {LOCKED} "
        )),
        "{command}"
    );

    // The admin runs exactly that: gcloud reads the account's policy, adds the binding and
    // writes it back with the etag it read.
    let token = user.path("admin-token");
    std::fs::write(&token, emulator.access_token(ADMIN_REFRESH)).unwrap();
    let out = std::process::Command::new("sh")
        .args(["-c", &command])
        .env_clear()
        .envs(&user.env)
        .env("CLOUDSDK_AUTH_ACCESS_TOKEN_FILE", &token)
        .env("CLOUDSDK_CORE_DISABLE_PROMPTS", "1")
        .output()
        .unwrap();
    assert_ok(&out);
    assert!(
        stdout(&out).contains(&format!("user:{ALICE}")),
        "{}",
        stdout(&out)
    );
    let set = emulator.entries("google.iam.admin.v1.SetIamPolicy");
    assert_eq!(set.len(), 1, "{set:?}");
    assert_eq!(principal(&set[0]), "admin@example.com");
    assert_eq!(set[0]["severity"], "NOTICE");

    assert_ok(&user.run_as(LOCKED, &["true"]));
}

#[test]
fn the_project_owner_may_not_mint_without_token_creator() {
    // admin@ owns the project: Owner holds iam.serviceAccounts.actAs but not getAccessToken
    // (docs/google-cloud-facts.md §1, "Roles"), so neither gcloud nor gsudo mints for it.
    require("gcloud");
    let emulator = Emulator::start_with(&world(""));
    let user = User::new(&emulator);
    let token = user.path("admin-token");
    std::fs::write(&token, emulator.access_token(ADMIN_REFRESH)).unwrap();
    let out = std::process::Command::new("gcloud")
        .args([
            "auth",
            "print-access-token",
            &format!("--impersonate-service-account={DEPLOYER}"),
        ])
        .env_clear()
        .envs(&user.env)
        .env("CLOUDSDK_AUTH_ACCESS_TOKEN_FILE", &token)
        .output()
        .unwrap();
    assert!(!out.status.success(), "{}", stdout(&out));
    assert!(
        stderr(&out).contains("iam.serviceAccounts.getAccessToken"),
        "{}",
        stderr(&out)
    );

    let adc = user.path("admin-adc.json");
    let file = serde_json::json!({
        "type": "authorized_user",
        "client_id": "test",
        "client_secret": "test",
        "refresh_token": ADMIN_REFRESH,
        "token_uri": format!("{}token", emulator.url),
    });
    std::fs::write(&adc, file.to_string()).unwrap();
    let out = user
        .gsudo()
        .env("GOOGLE_APPLICATION_CREDENTIALS", &adc)
        .args(["-s", DEPLOYER, "-R", "JIRA-9 owner", "true"])
        .output()
        .unwrap();
    let (sentence, _) = refused(&out);
    assert!(sentence.contains("admin@example.com"), "{sentence}");
    assert!(
        sentence.contains("needs roles/iam.serviceAccountTokenCreator"),
        "{sentence}"
    );
    let mints = emulator.entries("GenerateAccessToken");
    assert!(mints.len() >= 2, "{}", emulator.audit_text());
    assert!(
        mints.iter().all(
            |m| principal(m) == "admin@example.com" && m["protoPayload"]["status"]["code"] == 7
        ),
        "{}",
        emulator.audit_text()
    );
}
