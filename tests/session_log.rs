//! The trail a user can read: one line per session in the session log, `gsudo log` showing it,
//! and the notice when a session window ends under a running command.

mod common;

use common::*;
use serde_json::Value;

/// Prints what the session's token endpoint answers, as any client library would ask it.
const PRINT_TOKEN: &str = "import json, os, urllib.parse, urllib.request\n\
c = json.load(open(os.environ['GOOGLE_APPLICATION_CREDENTIALS']))\n\
body = urllib.parse.urlencode({'grant_type': 'refresh_token', 'refresh_token': c['refresh_token']})\n\
print(urllib.request.urlopen(c['token_uri'], body.encode()).read().decode())";

#[test]
fn a_successful_and_a_failed_run_are_logged_without_arguments_or_tokens() {
    let emulator = Emulator::start();
    let user = User::new(&emulator);
    // The command prints its token and carries a secret-looking argument: neither may reach
    // the log.
    let out = user.run_as(
        DEPLOYER,
        &["python3", "-c", PRINT_TOKEN, "--password=hunter2"],
    );
    assert_ok(&out);
    let printed: Value = serde_json::from_slice(&out.stdout).unwrap();
    let token = printed["access_token"].as_str().unwrap().to_owned();
    let out = user.run_as(DEPLOYER, &["/bin/sh", "-c", "exit 3"]);
    assert_eq!(out.status.code(), Some(3));

    let log = user.session_log();
    assert_eq!(log.len(), 2, "{log:?}");
    let (ok, failed) = (&log[0], &log[1]);
    assert_eq!(ok["account"], DEPLOYER);
    assert_eq!(ok["reason"], "JIRA-123 test");
    assert_eq!(ok["command"], "python3");
    assert_eq!(ok["exit_code"], 0);
    assert_eq!(ok["signal"], Value::Null);
    assert_eq!(ok["project"], "test-project");
    assert!(ok["mints"].as_u64().unwrap() >= 1);
    assert_eq!(ok["session"].as_str().unwrap().len(), 12);
    for key in ["start", "end"] {
        let t = ok[key].as_str().unwrap();
        assert!(
            time::OffsetDateTime::parse(t, &time::format_description::well_known::Rfc3339).is_ok(),
            "{t}"
        );
    }
    assert_eq!(failed["command"], "sh");
    assert_eq!(failed["exit_code"], 3);
    assert_ne!(ok["session"], failed["session"]);

    // Each session wrote a line before its command ran, and completed it at the end.
    let lines = user.session_log_lines();
    assert_eq!(lines.len(), 4, "{lines:?}");
    for (started, ended) in [(&lines[0], &lines[1]), (&lines[2], &lines[3])] {
        assert_eq!(started["session"], ended["session"]);
        assert_eq!(started["start"], ended["start"]);
        assert_eq!(started["end"], Value::Null);
        assert_eq!(started["exit_code"], Value::Null);
        assert_eq!(started["account"], DEPLOYER);
        assert!(ended["end"].is_string());
    }

    let text = std::fs::read_to_string(user.path(".local/state/gsudo/sessions.jsonl")).unwrap();
    assert!(!text.contains(&token));
    assert!(!text.contains("hunter2") && !text.contains("exit 3") && !text.contains("urlopen"));
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(user.path(".local/state/gsudo/sessions.jsonl"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600);

    // gsudo log: the table, newest last, and the same records as JSON lines.
    let out = user.gsudo().args(["log"]).output().unwrap();
    assert_ok(&out);
    let table = stdout(&out);
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(lines.len(), 3, "{table}");
    assert!(
        lines[0].starts_with("START ") && lines[0].ends_with("REASON"),
        "{table}"
    );
    assert!(
        lines[2].contains(DEPLOYER) && lines[2].contains(" 3 "),
        "{table}"
    );
    let out = user
        .gsudo()
        .args(["log", "--format", "json", "-n", "1"])
        .output()
        .unwrap();
    let last = ok_json(&out);
    assert_eq!(&last, failed);
}

#[test]
fn a_command_killed_by_a_signal_is_logged_with_it_and_a_refused_mint_not_at_all() {
    let emulator = Emulator::start();
    let user = User::new(&emulator);
    let out = user.run_as(DEPLOYER, &["sh", "-c", "kill -KILL $$"]);
    assert_eq!(
        std::os::unix::process::ExitStatusExt::signal(&out.status),
        Some(9)
    );
    let out = user.run_as(LOCKED, &["true"]);
    assert_eq!(out.status.code(), Some(125));
    let log = user.session_log();
    assert_eq!(log.len(), 1, "{log:?}");
    assert_eq!(log[0]["signal"], "SIGKILL");
    assert_eq!(log[0]["exit_code"], Value::Null);

    let out = user
        .gsudo()
        .args(["log"])
        .env("XDG_STATE_HOME", user.path("empty"))
        .output()
        .unwrap();
    assert_ok(&out);
    assert_eq!(stdout(&out), "");
    assert!(stderr(&out).contains("no sessions yet"), "{}", stderr(&out));
}

#[test]
fn the_end_of_the_session_window_is_announced_once_while_the_command_runs() {
    let emulator = Emulator::start();
    let user = User::new(&emulator);
    let out = user.run_as(
        DEPLOYER,
        &["--session", "4s", "sh", "-c", "sleep 5; echo done"],
    );
    assert_ok(&out);
    assert_eq!(stdout(&out), "done\n");
    let err = stderr(&out);
    let notices: Vec<&str> = err
        .lines()
        .filter(|l| l.contains("session window ended"))
        .collect();
    assert_eq!(notices.len(), 1, "{err}");
    assert!(
        notices[0].contains("the command goes on, but gets no fresh tokens"),
        "{err}"
    );

    // A command that ends in time hears nothing of it.
    let out = user.run_as(DEPLOYER, &["--session", "1h", "true"]);
    assert!(!stderr(&out).contains("session window"), "{}", stderr(&out));
}

#[test]
fn gsudo_log_escapes_a_hostile_command_name() {
    let emulator = Emulator::start();
    let user = User::new(&emulator);
    // A program whose very name clears the screen and retitles the terminal.
    let evil = user.path("x\u{1b}[2J\u{1b}]0;pwned\u{7}");
    std::os::unix::fs::symlink("/bin/true", &evil).unwrap();
    let out = user.run_as(DEPLOYER, &[evil.to_str().unwrap()]);
    assert_ok(&out);
    let out = user.gsudo().args(["log"]).output().unwrap();
    assert_ok(&out);
    let text = stdout(&out);
    assert!(
        !text.contains(['\u{1b}', '\u{7}']),
        "raw control characters: {text:?}"
    );
    assert!(text.contains("x\\u{1b}[2J\\u{1b}]0;pwned\\u{7}"), "{text}");
}

#[test]
fn a_reason_that_would_read_as_something_else_is_refused() {
    let emulator = Emulator::start();
    let user = User::new(&emulator);
    // U+202E reverses what follows on a terminal; U+2028 starts a new line in many viewers.
    for reason in [
        "JIRA-1 \u{202e}txt.exe",
        "JIRA-1 fine\u{2028}JIRA-2 forged",
        "JIRA-1\u{1b}[2J",
    ] {
        let out = user
            .gsudo()
            .args(["-s", DEPLOYER, "-R", reason, "true"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(125), "{reason:?}: {}", stderr(&out));
        let err = stderr(&out);
        assert!(err.contains("control or format character U+"), "{err:?}");
        assert!(!err.contains(['\u{202e}', '\u{2028}', '\u{1b}']), "{err:?}");
    }
    assert!(emulator.entries("GenerateAccessToken").is_empty());
    assert!(user.session_log().is_empty());
}

#[test]
fn whoami_escapes_what_the_environment_says_of_the_session() {
    let emulator = Emulator::start();
    let user = User::new(&emulator);
    // gsudo refuses such a reason itself (above); the environment whoami reads is anyone's.
    let out = user
        .gsudo()
        .env("GSUDO_SESSION", "s1")
        .env(
            "GSUDO_SESSION_ACCOUNT",
            "x\u{1b}]0;pwned\u{7}@p.iam.gserviceaccount.com",
        )
        .env("GSUDO_EXPIRES_AT", "2099-01-01T00:00:00Z")
        .env(
            "CLOUDSDK_CORE_REQUEST_REASON",
            "gsudo s1: JIRA-1 \u{202e}txt.exe",
        )
        .arg("whoami")
        .output()
        .unwrap();
    assert_ok(&out);
    let text = stdout(&out);
    assert!(
        !text.contains(['\u{1b}', '\u{7}', '\u{202e}']),
        "raw control characters: {text:?}"
    );
    assert!(text.contains("reason:  JIRA-1 \\u{202e}txt.exe"), "{text}");
    assert!(text.contains("x\\u{1b}]0;pwned\\u{7}@p"), "{text}");
}
