//! The session's contract with its child: `GSUDO_SESSION_ACCOUNT` says which account the session
//! is, and is never taken for gsudo's `-s` input (`GSUDO_SERVICE_ACCOUNT`); a gsudo inside names
//! its own account, and `gsudo token` with none prints the session's own token.

mod common;

use common::*;

const GSUDO: &str = env!("CARGO_BIN_EXE_gsudo");

#[test]
fn a_nested_gsudo_without_dash_s_does_not_become_the_outer_account() {
    let emulator = Emulator::start();
    let mut user = User::new(&emulator);
    // The user's own default account reaches the outer gsudo as input, and no further.
    user.env
        .insert("GSUDO_SERVICE_ACCOUNT".into(), DEPLOYER.into());
    let script = format!(
        "echo \"outer $GSUDO_SESSION_ACCOUNT [${{GSUDO_SERVICE_ACCOUNT:-}}]\"; '{GSUDO}' -R inner sh -c 'echo inner ran'; echo \"exit $?\""
    );
    let out = user
        .gsudo()
        .args(["-R", "JIRA-1 outer", "sh", "-c", &script])
        .output()
        .unwrap();
    assert_ok(&out);
    let text = stdout(&out);
    assert_eq!(text, format!("outer {DEPLOYER} []\nexit 125\n"), "{text}");
    assert!(
        stderr(&out).contains("No service account was given."),
        "{}",
        stderr(&out)
    );
    // One mint, the outer session's: the inner gsudo minted nothing, as nobody.
    let mints = emulator.entries("GenerateAccessToken");
    assert_eq!(mints.len(), 1, "{}", emulator.audit_text());
    assert!(reason(&mints[0]).ends_with(": JIRA-1 outer"));
}

#[test]
fn a_nested_gsudo_names_its_own_account_and_writes_its_own_contract() {
    let emulator = Emulator::start();
    let user = User::new(&emulator);
    let script = format!(
        "'{GSUDO}' -s {READER} -R 'JIRA-2 inner' sh -c 'echo \"$GSUDO_SESSION_ACCOUNT $GSUDO_SESSION [$CLOUDSDK_CORE_REQUEST_REASON]\"'; echo \"outer $GSUDO_SESSION\""
    );
    let out = user.run_as(DEPLOYER, &["sh", "-c", &script]);
    assert_ok(&out);
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    let outer = lines[1].strip_prefix("outer ").unwrap();
    let inner: Vec<&str> = lines[0].splitn(3, ' ').collect();
    assert_eq!(inner[0], READER, "{text}");
    assert_ne!(
        inner[1], outer,
        "the inner session has an id of its own: {text}"
    );
    assert_eq!(inner[2], format!("[gsudo {}: JIRA-2 inner]", inner[1]));
    let mints = emulator.entries("GenerateAccessToken");
    assert_eq!(mints.len(), 2, "{}", emulator.audit_text());
    assert_eq!(
        principal(&mints[1]),
        DEPLOYER,
        "the session's account mints"
    );
}

#[test]
fn gsudo_token_in_a_session_prints_the_sessions_token_with_no_mint_and_no_reason() {
    require("curl");
    let emulator = Emulator::start();
    let user = User::new(&emulator);
    let script = format!(
        "'{GSUDO}' token && curl -s -H 'Metadata-Flavor: Google' \"http://$GCE_METADATA_HOST/computeMetadata/v1/instance/service-accounts/default/token\" && echo && '{GSUDO}' token --format json"
    );
    let out = user.run_as(DEPLOYER, &["sh", "-c", &script]);
    assert_ok(&out);
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    let metadata: serde_json::Value = serde_json::from_str(lines[1]).unwrap();
    assert!(!lines[0].is_empty());
    assert_eq!(
        lines[0], metadata["access_token"],
        "the session's own token"
    );
    let json: serde_json::Value = serde_json::from_str(lines[2]).unwrap();
    assert_eq!(json["access_token"], lines[0]);
    assert_eq!(json["service_account"], DEPLOYER);
    assert_eq!(
        emulator.entries("GenerateAccessToken").len(),
        1,
        "nothing minted but the session's token: {}",
        emulator.audit_text()
    );
}
