//! What gsudo says when the caller's own credentials are missing or cannot be used: where it
//! looked and what to do, in one sentence of its own.

mod common;

use common::*;

/// A port nothing listens on (bound, then closed).
fn closed_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A user on a fresh machine: gcloud installed, never logged in, no gcloud directory at all.
fn never_logged_in(emulator: &Emulator) -> User {
    let user = User::new(emulator);
    std::fs::remove_dir_all(user.path(".config/gcloud")).unwrap();
    user
}

fn assert_not_logged_in(out: &std::process::Output, user: &User) {
    let err = stderr(out);
    assert_eq!(out.status.code(), Some(125), "{err}");
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 2, "one sentence and a hint: {err}");
    assert!(
        lines[0].starts_with("gsudo: error: You are not logged in to Google Cloud"),
        "{err}"
    );
    for place in [
        "GOOGLE_APPLICATION_CREDENTIALS".to_owned(),
        user.path(".config/gcloud/application_default_credentials.json")
            .display()
            .to_string(),
        "GCE_METADATA_HOST".to_owned(),
        "the gcloud CLI has no logged-in account".to_owned(),
    ] {
        assert!(lines[0].contains(&place), "{place} is not named: {err}");
    }
    assert!(
        lines[1].contains("gcloud auth application-default login")
            && lines[1].contains("gcloud auth login"),
        "{err}"
    );
    assert!(
        !user.path(".config/gcloud").exists(),
        "looking for credentials created gcloud's directory"
    );
}

#[test]
fn with_no_credentials_at_all_gsudo_says_where_it_looked_and_creates_nothing() {
    require("gcloud");
    let emulator = Emulator::start();
    let user = never_logged_in(&emulator);
    let out = user.run_as(DEPLOYER, &["true"]);
    assert_not_logged_in(&out, &user);
    assert!(emulator.audit().is_empty(), "{}", emulator.audit_text());
}

#[test]
fn whoami_with_no_credentials_says_the_user_is_not_logged_in() {
    require("gcloud");
    let emulator = Emulator::start();
    let user = never_logged_in(&emulator);
    let out = user.gsudo().arg("whoami").output().unwrap();
    assert!(stdout(&out).is_empty(), "{}", stdout(&out));
    assert_not_logged_in(&out, &user);
}

#[test]
fn an_unreachable_token_endpoint_is_named_with_the_network_error() {
    let emulator = Emulator::start();
    let user = User::new(&emulator);
    let token_uri = format!("http://127.0.0.1:{}/token", closed_port());
    std::fs::write(
        user.path(".config/gcloud/application_default_credentials.json"),
        serde_json::json!({
            "type": "authorized_user",
            "client_id": "test",
            "client_secret": "test",
            "refresh_token": ALICE_REFRESH,
            "token_uri": token_uri,
        })
        .to_string(),
    )
    .unwrap();
    for args in [&["-s", DEPLOYER, "-R", "r", "true"][..], &["whoami"]] {
        let out = user.gsudo().args(args).output().unwrap();
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(125), "{err}");
        let lines: Vec<&str> = err.lines().collect();
        assert_eq!(lines.len(), 2, "one sentence and a hint: {err}");
        assert!(
            lines[0].starts_with(&format!("gsudo: error: Could not reach {token_uri} ")),
            "{err}"
        );
        assert!(lines[0].ends_with(": the connection was refused."), "{err}");
        assert!(
            !err.contains("transient"),
            "the library's words leak: {err}"
        );
        assert!(lines[1].contains("network"), "{err}");
    }
}

#[test]
fn an_unreachable_metadata_server_is_named_with_the_network_error() {
    let emulator = Emulator::start();
    let mut user = User::new(&emulator);
    std::fs::remove_file(user.path(".config/gcloud/application_default_credentials.json")).unwrap();
    let host = format!("127.0.0.1:{}", closed_port());
    user.env.insert("GCE_METADATA_HOST".into(), host.clone());
    let out = user.run_as(DEPLOYER, &["true"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(125), "{err}");
    let first = err.lines().next().unwrap_or_default();
    assert!(
        first.starts_with(&format!(
            "gsudo: error: Could not reach http://{host}/computeMetadata/v1/"
        )),
        "{err}"
    );
    assert!(
        first.ends_with(&format!(
            "(the metadata server at {host}): the connection was refused."
        )),
        "{err}"
    );
}
