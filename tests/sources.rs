//! Where the caller's identity comes from, beyond a user's own ADC file: a CI system's
//! federated identity (the `external_account` file google-github-actions/auth writes) and the
//! metadata server a gsudo session serves.

mod common;

use std::path::PathBuf;
use std::process::Output;

use common::*;
use serde_json::{Value, json};

const CI: &str = "ci@test-project.iam.gserviceaccount.com";
const PROVIDER: &str = "//iam.googleapis.com/projects/111122223333/locations/global/workloadIdentityPools/ci/providers/github";
const FEDERATED: &str = "principal://iam.googleapis.com/projects/111122223333/locations/global/workloadIdentityPools/ci/subject/repo:acme/app";
const OIDC_TOKEN: &str = "ci-oidc-token";

/// The CI's workflow is federated as FEDERATED, which may become ci@ and deployer; ci@ may
/// become deployer; deployer may become reader.
fn world() -> String {
    World::default()
        .test_project(&[])
        .user(ALICE, ALICE_REFRESH)
        .with(&format!(
            "[[workload_identities]]\naudience = \"{PROVIDER}\"\nsubject_token = \"{OIDC_TOKEN}\"\nsubject = \"repo:acme/app\"\n"
        ))
        .account(CI, &[FEDERATED])
        .account(
            DEPLOYER,
            &[&format!("user:{ALICE}"), &format!("serviceAccount:{CI}"), FEDERATED],
        )
        .account(READER, &[&format!("serviceAccount:{DEPLOYER}")])
        .text()
}

/// Writes the CI's OIDC token and the `external_account` ADC file pointing at the emulator's
/// STS, impersonating `through` when given; returns the ADC file.
fn external_account(emulator: &Emulator, user: &User, through: Option<&str>) -> PathBuf {
    let token_file = user.path("oidc-token");
    std::fs::write(&token_file, OIDC_TOKEN).unwrap();
    let mut adc = json!({
        "type": "external_account",
        "audience": PROVIDER,
        "subject_token_type": "urn:ietf:params:oauth:token-type:jwt",
        "token_url": format!("{}v1/token", emulator.url),
        "credential_source": {"file": token_file},
    });
    if let Some(account) = through {
        adc["service_account_impersonation_url"] = json!(format!(
            "{}v1/projects/-/serviceAccounts/{account}:generateAccessToken",
            emulator.url
        ));
    }
    let path = user.path("gha-creds.json");
    std::fs::write(&path, adc.to_string()).unwrap();
    path
}

fn gsudo_with_adc(user: &User, adc: &PathBuf, args: &[&str]) -> Output {
    user.gsudo()
        .env("GOOGLE_APPLICATION_CREDENTIALS", adc)
        .args(args)
        .output()
        .unwrap()
}

fn json_out(out: &Output) -> Value {
    assert_ok(out);
    serde_json::from_str(&stdout(out)).unwrap()
}

fn resource(entry: &Value) -> &str {
    entry["protoPayload"]["resourceName"].as_str().unwrap_or("")
}

#[test]
fn a_federated_ci_identity_mints_through_its_impersonated_account() {
    let emulator = Emulator::start_with(&world());
    let user = User::new(&emulator);
    let adc = external_account(&emulator, &user, Some(CI));

    let out = gsudo_with_adc(&user, &adc, &["-s", DEPLOYER, "-R", "CI-1 deploy", "true"]);
    assert_ok(&out);
    let mints = emulator.entries("GenerateAccessToken");
    assert_eq!(mints.len(), 2, "{mints:?}");
    // The library exchanges the OIDC token and becomes ci@; gsudo then mints the deployer.
    assert_eq!(principal(&mints[0]), FEDERATED);
    assert!(resource(&mints[0]).ends_with(CI), "{}", resource(&mints[0]));
    assert_eq!(principal(&mints[1]), CI);
    assert_eq!(delegation(&mints[1]), [FEDERATED]);
    // As in Cloud Audit Logs, a federated principal is a subject and never an email: alone as
    // the caller, and as the first step of the account's delegation.
    assert_eq!(
        mints[0]["protoPayload"]["authenticationInfo"],
        json!({"principalSubject": FEDERATED})
    );
    assert_eq!(
        mints[1]["protoPayload"]["authenticationInfo"]["serviceAccountDelegationInfo"],
        json!([{"principalSubject": FEDERATED}])
    );
    assert!(resource(&mints[1]).ends_with(DEPLOYER));
    assert_eq!(reason(&mints[1]).rsplit(": ").next(), Some("CI-1 deploy"));
    // No audit line holds the subject token.
    assert!(!emulator.audit_text().contains(OIDC_TOKEN));

    let me = json_out(&gsudo_with_adc(
        &user,
        &adc,
        &["whoami", "--format", "json"],
    ));
    assert_eq!(me["caller"], CI);
    let source = me["source"].as_str().unwrap();
    assert!(source.contains("external_account"), "{source}");
    assert!(
        source.contains("GOOGLE_APPLICATION_CREDENTIALS"),
        "{source}"
    );
}

#[test]
fn a_federated_principal_may_be_token_creator_itself() {
    let emulator = Emulator::start_with(&world());
    let user = User::new(&emulator);
    let adc = external_account(&emulator, &user, None);

    let out = gsudo_with_adc(&user, &adc, &["-s", DEPLOYER, "-R", "CI-2 deploy", "true"]);
    assert_ok(&out);
    let mints = emulator.entries("GenerateAccessToken");
    assert_eq!(mints.iter().map(principal).collect::<Vec<_>>(), [FEDERATED]);
    assert!(resource(&mints[0]).ends_with(DEPLOYER));

    // A token the provider does not know is refused before any mint.
    std::fs::write(user.path("oidc-token"), "forged").unwrap();
    let out = gsudo_with_adc(&user, &adc, &["-s", DEPLOYER, "-R", "CI-3 deploy", "true"]);
    assert!(!out.status.success(), "{}", stdout(&out));
    assert_eq!(emulator.entries("GenerateAccessToken").len(), 1);
}

#[test]
fn inside_a_session_the_metadata_server_is_the_callers_source() {
    let emulator = Emulator::start_with(&world());
    let user = User::new(&emulator);
    let gsudo = env!("CARGO_BIN_EXE_gsudo");
    // Without the session's ADC file, what is left is the metadata server the session serves.
    let nested = |args: &str| {
        user.run_as(
            DEPLOYER,
            &[
                "sh",
                "-c",
                &format!("unset GOOGLE_APPLICATION_CREDENTIALS; exec \"$0\" {args}"),
                gsudo,
            ],
        )
    };

    let me = json_out(&nested("whoami --format json"));
    assert_eq!(me["caller"], DEPLOYER);
    let source = me["source"].as_str().unwrap();
    assert!(source.starts_with("the metadata server at "), "{source}");

    assert_ok(&nested(
        "-s reader@test-project.iam.gserviceaccount.com -R nested true",
    ));
    let mints = emulator.entries("GenerateAccessToken");
    let last = mints.last().unwrap();
    assert_eq!(principal(last), DEPLOYER);
    assert_eq!(delegation(last), [ALICE]);
    assert!(resource(last).ends_with(READER));
    assert_eq!(reason(last).rsplit(": ").next(), Some("nested"));
}

/// A fresh RSA-2048 key pair as (PKCS#8 private PEM, SPKI public PEM).
fn rsa_key_pair() -> (String, String) {
    let script = "from cryptography.hazmat.primitives.asymmetric import rsa\n\
                  from cryptography.hazmat.primitives import serialization as s\n\
                  k = rsa.generate_private_key(public_exponent=65537, key_size=2048)\n\
                  print(k.private_bytes(s.Encoding.PEM, s.PrivateFormat.PKCS8, s.NoEncryption()).decode(), end='')\n\
                  print(k.public_key().public_bytes(s.Encoding.PEM, s.PublicFormat.SubjectPublicKeyInfo).decode(), end='')";
    let out = std::process::Command::new("python3")
        .args(["-c", script])
        .output()
        .unwrap();
    assert_ok(&out);
    let pems = stdout(&out);
    let split = pems.find("-----BEGIN PUBLIC KEY-----").unwrap();
    (pems[..split].to_owned(), pems[split..].to_owned())
}

/// Writes a `service_account` key file for CI holding `private_pem`; returns its path.
fn key_file(emulator: &Emulator, user: &User, private_pem: &str) -> PathBuf {
    let key = json!({
        "type": "service_account",
        "project_id": "test-project",
        "private_key_id": "3f1c0de5a9b7e2d4c6f8a0b1c2d3e4f5a6b7c8d9",
        "private_key": private_pem,
        "client_email": CI,
        "client_id": "104857600000000000001",
        "token_uri": format!("{}token", emulator.url),
    });
    let path = user.path("ci-key.json");
    std::fs::write(&path, key.to_string()).unwrap();
    path
}

#[test]
fn a_service_account_key_file_is_the_caller_through_its_self_signed_jwt() {
    let (private_pem, public_pem) = rsa_key_pair();
    let world = world().replacen(
        &format!("email = \"{CI}\"\n"),
        &format!(
            "email = \"{CI}\"\npublic_keys = [{{ key_id = \"3f1c0de5a9b7e2d4c6f8a0b1c2d3e4f5a6b7c8d9\", pem = '''\n{public_pem}''' }}]\n"
        ),
        1,
    );
    let emulator = Emulator::start_with(&world);
    let user = User::new(&emulator);
    let adc = key_file(&emulator, &user, &private_pem);

    let out = gsudo_with_adc(&user, &adc, &["-s", DEPLOYER, "-R", "key deploy", "true"]);
    assert_ok(&out);
    let mints = emulator.entries("GenerateAccessToken");
    assert_eq!(mints.len(), 1, "{mints:?}");
    assert_eq!(principal(&mints[0]), CI);
    assert!(delegation(&mints[0]).is_empty());
    assert!(resource(&mints[0]).ends_with(DEPLOYER));
    // The JWT is a bearer credential: no audit line holds it or its key.
    let audit = emulator.audit_text();
    assert!(!audit.contains("eyJ"), "{audit}");

    let me = json_out(&gsudo_with_adc(
        &user,
        &adc,
        &["whoami", "--format", "json"],
    ));
    assert_eq!(me["caller"], CI);
    let source = me["source"].as_str().unwrap();
    assert!(source.contains("service_account"), "{source}");

    // A key the world does not know signs a JWT nobody accepts.
    let (stranger, _) = rsa_key_pair();
    let adc = key_file(&emulator, &user, &stranger);
    let out = gsudo_with_adc(&user, &adc, &["-s", DEPLOYER, "-R", "forged", "true"]);
    assert_eq!(out.status.code(), Some(125), "{}", stdout(&out));
    let mints = emulator.entries("GenerateAccessToken");
    assert_eq!(mints.len(), 2);
    assert_eq!(
        mints[1]["protoPayload"]["status"]["code"], 16,
        "{:?}",
        mints[1]
    );
}
