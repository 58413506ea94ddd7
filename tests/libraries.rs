//! Client libraries in a session: Python google-auth (from PyPI) finds the service account
//! through GOOGLE_APPLICATION_CREDENTIALS and, without it, through the session's metadata
//! server; tokens refresh across lifetimes; ID tokens carry the right claims; Python, Node, gcloud
//! and the metadata server agree on the session's project with none passed in client code.

mod common;

use common::*;
use serde_json::Value;

const ADC_SCRIPT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/clients/adc.py");
const PROJECT_SCRIPT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/clients/project.py");
/// npm packages (`npm ci --prefix tests/node`, as .ci/run does) and the scripts that use them.
const NODE_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/node");

fn python(user: &User, account: &str, extra: &[&str], script: &str) -> Value {
    require("python3");
    let mut args: Vec<&str> = extra.to_vec();
    args.extend(["sh", "-c", script, "sh", ADC_SCRIPT]);
    let out = user.run_as(account, &args);
    ok_json(&out)
}

#[test]
fn google_auth_default_finds_the_service_account_through_the_credentials_file() {
    let emulator = Emulator::start();
    let user = User::new(&emulator);
    let script = format!("python3 \"$1\" {} test-project", emulator.url);
    let result = python(&user, DEPLOYER, &[], &script);
    assert_eq!(
        result["credentials"],
        "google.oauth2.credentials.Credentials"
    );
    assert_eq!(result["statuses"], serde_json::json!([200]));
    let lists = emulator.entries("storage.buckets.list");
    assert_eq!(lists.iter().map(principal).collect::<Vec<_>>(), [DEPLOYER]);
    assert_eq!(delegation(&lists[0]), [ALICE]);
}

#[test]
fn google_auth_default_finds_the_service_account_through_the_metadata_server() {
    let emulator = Emulator::start();
    let user = User::new(&emulator);
    let script = format!(
        "unset GOOGLE_APPLICATION_CREDENTIALS; python3 \"$1\" {} test-project",
        emulator.url
    );
    let result = python(&user, DEPLOYER, &[], &script);
    assert_eq!(
        result["credentials"],
        "google.auth.compute_engine.credentials.Credentials"
    );
    assert_eq!(result["email"], DEPLOYER);
    assert_eq!(result["statuses"], serde_json::json!([200]));
    assert_every_call_ran_as(&emulator, "storage.buckets.list", DEPLOYER);
}

#[test]
fn python_keeps_working_across_token_lifetimes_through_both_paths() {
    let emulator = Emulator::start();
    let user = User::new(&emulator);
    let script = format!(
        "python3 \"$1\" {url} test-project 3 2.5 && unset GOOGLE_APPLICATION_CREDENTIALS && python3 \"$1\" {url} test-project 3 2.5",
        url = emulator.url
    );
    let out = user.run_as(
        DEPLOYER,
        &["--lifetime", "2s", "sh", "-c", &script, "sh", ADC_SCRIPT],
    );
    assert_ok(&out);
    for line in stdout(&out).lines() {
        let result: Value = serde_json::from_str(line).unwrap();
        assert_eq!(
            result["statuses"],
            serde_json::json!([200, 200, 200]),
            "{line}"
        );
    }
    // Each two-second token outlived by ~7.5 s of calls, twice: several refresh mints.
    let mints = emulator.entries("GenerateAccessToken").len();
    assert!(mints >= 4, "only {mints} mints:\n{}", emulator.audit_text());
    assert_every_call_ran_as(&emulator, "storage.buckets.list", DEPLOYER);
}

#[test]
fn the_metadata_server_answers_like_the_real_one_and_only_to_its_own() {
    require("curl");
    let emulator = Emulator::start();
    let user = User::new(&emulator);
    let script = r#"
        m="http://$GCE_METADATA_HOST/computeMetadata/v1"
        h="Metadata-Flavor: Google"
        curl -s -o /dev/null -w '%{http_code}\n' "$m/project/project-id"
        curl -s -o /dev/null -w '%{http_code}\n' -H "$h" -H 'X-Forwarded-For: 1.2.3.4' "$m/project/project-id"
        curl -s -D - -H "$h" "$m/project/project-id" | tr -d '\r' | grep -i '^metadata-flavor'
        curl -s -H "$h" "$m/project/project-id"; echo
        curl -s -H "$h" "$m/instance/service-accounts/"
        curl -s -H "$h" "$m/instance/service-accounts/default/?recursive=true"; echo
        curl -s -H "$h" "$m/instance/service-accounts/$GSUDO_SESSION_ACCOUNT/email"; echo
        curl -s -H "$h" "$m/instance/service-accounts/default/token" | python3 -c 'import json,sys; t=json.load(sys.stdin); print(t["token_type"], t["expires_in"] > 0)'
        curl -s -H "$h" "$m/universe/universe-domain"; echo
    "#;
    let out = user.run_as(DEPLOYER, &["sh", "-c", script]);
    assert_ok(&out);
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "403", "no Metadata-Flavor header: {text}");
    assert_eq!(lines[1], "403", "forwarded: {text}");
    assert_eq!(lines[2].to_ascii_lowercase(), "metadata-flavor: google");
    assert_eq!(lines[3], "test-project");
    assert_eq!(lines[4..6], ["default/", &format!("{DEPLOYER}/")]);
    let recursive: Value = serde_json::from_str(lines[6]).unwrap();
    assert_eq!(recursive["email"], DEPLOYER);
    assert_eq!(recursive["aliases"], serde_json::json!(["default"]));
    assert_eq!(lines[7], DEPLOYER);
    assert_eq!(lines[8], "Bearer True");
    assert_eq!(lines[9], "googleapis.com");
}

#[test]
fn no_metadata_server_means_none_in_the_session() {
    let emulator = Emulator::start();
    let user = User::new(&emulator);
    let out = user.run_as(
        DEPLOYER,
        &[
            "--no-metadata-server",
            "sh",
            "-c",
            "echo \"[${GCE_METADATA_HOST:-}]\"",
        ],
    );
    assert_ok(&out);
    assert_eq!(stdout(&out), "[]\n");
}

/// The claims of a JWT, checked against the emulator's published keys by google-auth itself.
fn verified_claims(emulator: &Emulator, token: &str, audience: &str) -> Value {
    let check = format!(
        "import json,sys\nimport google.auth.transport.requests as r\nfrom google.oauth2 import id_token\n\
         print(json.dumps(id_token.verify_token(sys.argv[1], r.Request(), audience='{audience}', certs_url='{}oauth2/v3/certs')))",
        emulator.url
    );
    let out = std::process::Command::new("python3")
        .args(["-c", &check, token])
        .output()
        .unwrap();
    ok_json(&out)
}

#[test]
fn id_tokens_name_the_audience_and_the_account() {
    let emulator = Emulator::start();
    let user = User::new(&emulator);
    let audience = "https://hello-abc123-ew.a.run.app";
    let out = user
        .gsudo()
        .args([
            "id-token",
            "-s",
            DEPLOYER,
            "-R",
            "JIRA-7 call the service",
            "--audience",
            audience,
        ])
        .output()
        .unwrap();
    assert_ok(&out);
    let claims = verified_claims(&emulator, stdout(&out).trim(), audience);
    assert_eq!(claims["aud"], audience);
    assert_eq!(claims["email"], DEPLOYER);
    assert_eq!(claims["email_verified"], true);
    let mints = emulator.entries("GenerateIdToken");
    assert_eq!(mints.len(), 1);
    assert!(reason(&mints[0]).ends_with(": JIRA-7 call the service"));

    // The session's metadata server hands out the same kind of token.
    let script = format!(
        "curl -s -H 'Metadata-Flavor: Google' \"http://$GCE_METADATA_HOST/computeMetadata/v1/instance/service-accounts/default/identity?audience={audience}&format=full\""
    );
    let out = user.run_as(DEPLOYER, &["sh", "-c", &script]);
    assert_ok(&out);
    let claims = verified_claims(&emulator, stdout(&out).trim(), audience);
    assert_eq!(claims["aud"], audience);
    assert_eq!(claims["email"], DEPLOYER);
}

/// Whether Node's google-auth-library is installed in tests/node. Under CI a missing one fails
/// the test, as a missing client does; elsewhere the test says what it skips.
fn node_auth_library() -> bool {
    require("node");
    let installed = std::path::Path::new(NODE_DIR)
        .join("node_modules/google-auth-library/package.json")
        .is_file();
    if !installed {
        assert_ne!(
            std::env::var("CI").as_deref(),
            Ok("true"),
            "google-auth-library is not installed in tests/node: npm ci --prefix tests/node; this test needs the real client"
        );
        eprintln!("skipped Node's part: npm ci --prefix tests/node installs google-auth-library");
    }
    installed
}

/// What each client finds as its project in a session started with `gsudo_args`, none passed in
/// client code: Python's google-auth and storage client (as JSON), the metadata server, gcloud,
/// and Node's google-auth-library when installed.
fn projects(emulator: &Emulator, user: &User, gsudo_args: &[&str]) -> (Value, Vec<String>) {
    require_python("google.cloud.storage");
    require("gcloud");
    require("curl");
    let node = node_auth_library();
    let script = format!(
        "python3 \"$1\" {url} || exit\n\
         curl -sf -H 'Metadata-Flavor: Google' \"http://$GCE_METADATA_HOST/computeMetadata/v1/project/project-id\" && echo || exit\n\
         gcloud config get-value project 2>/dev/null || exit\n\
         {node}",
        url = emulator.url,
        node = if node { "node \"$2\"" } else { "" },
    );
    let mut args = gsudo_args.to_vec();
    let node_script = format!("{NODE_DIR}/project.js");
    args.extend(["sh", "-c", &script, "sh", PROJECT_SCRIPT, &node_script]);
    let out = user.run_as(DEPLOYER, &args);
    assert_ok(&out);
    let text = stdout(&out);
    let mut lines = text.lines();
    let python: Value = serde_json::from_str(lines.next().unwrap_or_default())
        .unwrap_or_else(|e| panic!("{e}: {text}"));
    let others: Vec<String> = lines.map(str::to_owned).collect();
    assert_eq!(others.len(), 2 + usize::from(node), "{text}");
    (python, others)
}

/// The test world, and a second project with a bucket of its own.
fn two_projects() -> String {
    format!(
        "{}\n[[projects]]\nid = \"other-project\"\nnumber = \"444455556666\"\n\
         bucket_listers = [\"serviceAccount:{DEPLOYER}\"]\n\n\
         [[buckets]]\nname = \"other-releases\"\nproject = \"other-project\"\nreaders = []\nobjects = []\n",
        test_world()
    )
}

#[test]
fn every_client_finds_the_sessions_project_with_none_passed() {
    let emulator = Emulator::start_with(&two_projects());
    let user = User::new(&emulator);

    // gcloud's configuration's project.
    let (python, others) = projects(&emulator, &user, &[]);
    assert_eq!(python["project"], "test-project");
    assert_eq!(python["client_project"], "test-project");
    assert_eq!(
        python["buckets"],
        serde_json::json!(["test-releases", "test-secrets"])
    );
    assert!(others.iter().all(|p| p == "test-project"), "{others:?}");
    // No quota project the user's ADC file did not have.
    assert_eq!(python["quota_project"], Value::Null);

    // -p beats it everywhere.
    let (python, others) = projects(&emulator, &user, &["-p", "other-project"]);
    assert_eq!(python["project"], "other-project");
    assert_eq!(python["client_project"], "other-project");
    assert_eq!(python["buckets"], serde_json::json!(["other-releases"]));
    assert!(others.iter().all(|p| p == "other-project"), "{others:?}");

    let lists = assert_every_call_ran_as(&emulator, "storage.buckets.list", DEPLOYER);
    assert_eq!(lists.len(), 2, "{}", emulator.audit_text());
}

#[test]
fn the_users_own_project_and_quota_project_win() {
    let emulator = Emulator::start_with(&two_projects());
    let mut user = User::new(&emulator);
    user.env
        .insert("GOOGLE_CLOUD_PROJECT".into(), "other-project".into());
    // The user's ADC file bills a quota project: Google's libraries would have used it.
    let adc = user.path(".config/gcloud/application_default_credentials.json");
    let mut credentials: Value =
        serde_json::from_str(&std::fs::read_to_string(&adc).unwrap()).unwrap();
    credentials["quota_project_id"] = "billing-project".into();
    std::fs::write(&adc, credentials.to_string()).unwrap();

    let (python, others) = projects(&emulator, &user, &[]);
    assert_eq!(python["project"], "other-project");
    assert_eq!(python["buckets"], serde_json::json!(["other-releases"]));
    // gcloud and the metadata server follow the user's variable too.
    assert!(others.iter().all(|p| p == "other-project"), "{others:?}");
    assert_eq!(python["quota_project"], "billing-project");
}

/// `gcloud auth print-identity-token --impersonate-service-account=ACCOUNT --audiences=AUDIENCE`
/// (and `--include-email`, when `email`) in `run`'s environment: the token's claims, verified.
fn gcloud_identity_token(
    emulator: &Emulator,
    account: &str,
    email: bool,
    run: impl FnOnce(&str) -> std::process::Output,
) -> Value {
    require("gcloud");
    let audience = "https://hello-abc123-ew.a.run.app";
    let script = format!(
        "gcloud auth print-identity-token --impersonate-service-account={account} --audiences={audience}{}",
        if email { " --include-email" } else { "" }
    );
    let out = run(&script);
    assert_ok(&out);
    verified_claims(emulator, stdout(&out).trim(), audience)
}

#[test]
fn gcloud_prints_an_impersonated_identity_token_outside_a_session() {
    let emulator = Emulator::start();
    let user = User::new(&emulator);
    // alice's own gcloud, logged in with her credential file.
    let adc = user.path(".config/gcloud/application_default_credentials.json");
    let gcloud = |script: &str| {
        std::process::Command::new("sh")
            .args(["-c", script])
            .env_clear()
            .envs(&user.env)
            .env("CLOUDSDK_AUTH_CREDENTIAL_FILE_OVERRIDE", &adc)
            .env("CLOUDSDK_AUTH_TOKEN_HOST", format!("{}token", emulator.url))
            .output()
            .unwrap()
    };
    let claims = gcloud_identity_token(&emulator, DEPLOYER, false, gcloud);
    assert_eq!(claims["aud"], "https://hello-abc123-ew.a.run.app");
    // Without --include-email, Google's ID token names the account by its numeric id only.
    assert!(claims.get("email").is_none(), "{claims}");
    let claims = gcloud_identity_token(&emulator, DEPLOYER, true, gcloud);
    assert_eq!(claims["email"], DEPLOYER);
    // gcloud mints an access token for the account, then asks generateIdToken as alice.
    let mints = emulator.entries("GenerateIdToken");
    assert!(!mints.is_empty(), "{}", emulator.audit_text());
    for mint in &mints {
        assert_eq!(principal(mint), ALICE);
        assert!(
            mint["protoPayload"]["resourceName"]
                .as_str()
                .unwrap()
                .ends_with(DEPLOYER)
        );
    }
}

#[test]
fn gcloud_prints_an_impersonated_identity_token_inside_a_session() {
    let emulator = Emulator::start_https();
    let user = User::new(&emulator);
    let (port, ca) = emulator.https.clone().unwrap();
    let resolve = format!("*.googleapis.com:443:127.0.0.1:{port}");
    let ca = ca.display().to_string();
    // In the session the caller is the session's account (deployer, who may become reader),
    // and gcloud reaches the real iamcredentials.googleapis.com through the session's proxy.
    let in_session = |script: &str| {
        let script = format!(
            "CLOUDSDK_API_ENDPOINT_OVERRIDES_IAMCREDENTIALS=https://iamcredentials.googleapis.com/ {script}"
        );
        user.run_as(
            DEPLOYER,
            &[
                "--proxy-resolve",
                &resolve,
                "--upstream-ca-file",
                &ca,
                "sh",
                "-c",
                &script,
            ],
        )
    };
    let claims = gcloud_identity_token(&emulator, READER, true, in_session);
    assert_eq!(claims["aud"], "https://hello-abc123-ew.a.run.app");
    assert_eq!(claims["email"], READER);
    let mints: Vec<Value> = emulator
        .entries("GenerateIdToken")
        .into_iter()
        .filter(|e| {
            e["protoPayload"]["resourceName"]
                .as_str()
                .unwrap()
                .ends_with(READER)
        })
        .collect();
    assert!(!mints.is_empty(), "{}", emulator.audit_text());
    for mint in &mints {
        assert_eq!(principal(mint), DEPLOYER);
        assert_eq!(delegation(mint), [ALICE]);
        // gcloud sends no reason on generateIdToken itself; the proxy puts the session's on.
        assert!(reason(mint).ends_with(": JIRA-123 test"), "{mint}");
    }
}
