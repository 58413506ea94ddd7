//! Client libraries in a session: Python google-auth (from PyPI) finds the service account
//! through GOOGLE_APPLICATION_CREDENTIALS and, without it, through the session's metadata
//! server; tokens refresh across lifetimes; ID tokens carry the right claims.

mod common;

use common::*;
use serde_json::Value;

const ADC_SCRIPT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/clients/adc.py");

fn python(user: &User, account: &str, extra: &[&str], script: &str) -> Value {
    require("python3");
    let mut args: Vec<&str> = extra.to_vec();
    args.extend(["sh", "-c", script, "sh", ADC_SCRIPT]);
    let out = user.run_as(account, &args);
    assert_ok(&out);
    serde_json::from_str(stdout(&out).trim()).unwrap_or_else(|e| panic!("{e}: {}", stdout(&out)))
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
    assert_eq!(
        principal(&emulator.entries("storage.buckets.list")[0]),
        DEPLOYER
    );
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
    assert!(
        emulator
            .entries("storage.buckets.list")
            .iter()
            .all(|e| principal(e) == DEPLOYER)
    );
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
    assert_ok(&out);
    serde_json::from_str(stdout(&out).trim()).unwrap()
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
