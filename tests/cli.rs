//! The command line a newcomer meets: each test makes a user's mistake and checks that gsudo
//! says what went wrong, with the exit status a shell would give, before minting anything.

mod common;

use std::os::unix::fs::PermissionsExt;
use std::process::Output;

use common::*;

/// `gsudo ARGS...` as the user, from their home directory.
fn gsudo(user: &User, args: &[&str]) -> Output {
    user.gsudo().args(args).output().unwrap()
}

fn script(user: &User, name: &str, text: &str, mode: u32) {
    let path = user.path(name);
    std::fs::write(&path, text).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
}

#[test]
fn a_mistake_before_the_command_mints_nothing_and_names_its_cause() {
    let emulator = Emulator::start();
    let user = User::new(&emulator);
    std::fs::create_dir(user.path("tools")).unwrap();
    script(&user, "plain.sh", "#!/bin/sh\necho ran\n", 0o644);
    script(
        &user,
        "typo.py",
        "#!/usr/bin/pyhton3\nprint('ran')\n",
        0o755,
    );
    script(
        &user,
        "env.py",
        "#!/usr/bin/env pyhton3\nprint('ran')\n",
        0o755,
    );
    // The same line without the mistake mints, and logs a session: the counts below can move.
    assert_ok(&user.run_as(DEPLOYER, &["true"]));
    assert_eq!(emulator.entries("GenerateAccessToken").len(), 1);
    assert_eq!(user.session_log().len(), 1);

    let who = ["-s", DEPLOYER, "-R", "JIRA-1 typo"];
    for (mistake, status, said) in [
        (
            &["--lifetme", "5m", "true"][..],
            125,
            "gsudo: error: Unknown option --lifetme; did you mean --lifetime?",
        ),
        (
            &["kubctl", "get", "pods"],
            127,
            "kubctl was not found in your PATH.",
        ),
        (&["./tools"], 126, "./tools is a directory."),
        (&["./plain.sh"], 126, "./plain.sh is not executable."),
        (&["./plain.sh"], 126, "chmod +x ./plain.sh"),
        (
            &["./typo.py"],
            126,
            "./typo.py cannot start: its interpreter /usr/bin/pyhton3 was not found.",
        ),
        (
            &["./env.py"],
            126,
            "./env.py cannot start: its interpreter pyhton3 was not found.",
        ),
    ] {
        let out = gsudo(&user, &[&who[..], mistake].concat());
        assert_eq!(
            out.status.code(),
            Some(status),
            "{mistake:?}: {}",
            stderr(&out)
        );
        assert!(stderr(&out).contains(said), "{mistake:?}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("\n  hint: "),
            "{mistake:?}: {}",
            stderr(&out)
        );
    }
    assert_eq!(
        emulator.entries("GenerateAccessToken").len(),
        1,
        "a mistake minted"
    );
    assert_eq!(
        user.session_log().len(),
        1,
        "a mistake was logged as a session"
    );

    // `--` still forces a command that starts with `-`: here one that does not exist.
    let out = gsudo(&user, &[&who[..], &["--", "--lifetme"]].concat());
    assert_eq!(out.status.code(), Some(127), "{}", stderr(&out));
    assert!(stderr(&out).contains("--lifetme was not found in your PATH"));
}

#[test]
fn a_subcommand_name_after_options_is_a_program() {
    let emulator = Emulator::start();
    let user = User::new(&emulator);
    let who = ["-s", DEPLOYER, "-R", "JIRA-2 who"];
    // whoami is the system's program here, run as the account: it names the local user, and
    // gsudo's own whoami (which prints "caller:") does not run.
    let system = std::process::Command::new(require("whoami"))
        .output()
        .unwrap();
    let out = gsudo(&user, &[&who[..], &["whoami"]].concat());
    assert_ok(&out);
    assert_eq!(stdout(&out), String::from_utf8_lossy(&system.stdout));
    assert_eq!(emulator.entries("GenerateAccessToken").len(), 1);

    // No program called token: the hint shows gsudo's own, named first.
    let out = gsudo(&user, &[&who[..], &["token", "--format", "json"]].concat());
    assert_eq!(out.status.code(), Some(127), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(&format!(
            "hint: To run gsudo's own token, name it first: gsudo token -s {DEPLOYER} -R 'JIRA-2 who' --format json"
        )),
        "{}",
        stderr(&out)
    );
    assert_eq!(emulator.entries("GenerateAccessToken").len(), 1);
}

#[test]
fn short_options_take_attached_values_like_sudo() {
    let emulator = Emulator::start();
    let user = User::new(&emulator);
    user.write_config(&format!("[aliases]\ndeploy = \"{DEPLOYER}\"\n"));
    for args in [
        [format!("-s{DEPLOYER}"), "-RJIRA-3".to_owned()],
        ["-sdeploy".to_owned(), "-RJIRA-3".to_owned()],
    ] {
        let out = user.gsudo().args(&args).arg("true").output().unwrap();
        assert_ok(&out);
    }
    let mints = emulator.entries("GenerateAccessToken");
    assert_eq!(mints.len(), 2);
    assert!(
        mints.iter().all(|m| reason(m).ends_with(": JIRA-3")),
        "{mints:?}"
    );
}

#[test]
fn options_after_the_command_get_a_hint_with_the_corrected_line() {
    let emulator = Emulator::start();
    let user = User::new(&emulator);
    let out = gsudo(&user, &["true", "-s", DEPLOYER]);
    assert_eq!(out.status.code(), Some(125));
    let err = stderr(&out);
    assert!(
        err.contains("gsudo: error: No service account was given"),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "hint: gsudo's options go before the command: gsudo -s {DEPLOYER} true"
        )),
        "{err}"
    );
    let out = gsudo(&user, &["-s", DEPLOYER, "gcloud", "ls", "-R", "JIRA-4 why"]);
    assert_eq!(out.status.code(), Some(125));
    let err = stderr(&out);
    assert!(
        err.contains(&format!(
            "hint: gsudo's options go before the command: gsudo -s {DEPLOYER} -R 'JIRA-4 why' gcloud ls"
        )),
        "{err}"
    );
    assert!(emulator.entries("GenerateAccessToken").is_empty());
}

#[test]
fn parse_errors_look_like_every_other_error() {
    let emulator = Emulator::start();
    let user = User::new(&emulator);
    for args in [
        &["--lifetime", "soon", "true"][..],
        &["token", "--formt", "json"],
        &["-s", "not an email", "true"],
        &["completions", "tcsh"],
    ] {
        let out = gsudo(&user, args);
        assert_eq!(out.status.code(), Some(125), "{args:?}");
        let err = stderr(&out);
        let lines: Vec<&str> = err.lines().collect();
        assert_eq!(lines.len(), 2, "{args:?}: {err}");
        assert!(lines[0].starts_with("gsudo: error: "), "{args:?}: {err}");
        let first = lines[0]["gsudo: error: ".len()..].chars().next().unwrap();
        assert!(first.is_uppercase(), "{args:?}: {err}");
        assert!(lines[1].starts_with("  hint: "), "{args:?}: {err}");
    }
    // Help is not an error, not even help's own.
    for args in [
        &["help", "--help"][..],
        &["help", "config", "set"],
        &["--help"],
    ] {
        let out = gsudo(&user, args);
        assert_ok(&out);
        assert!(stdout(&out).contains("Usage: gsudo"), "{args:?}");
    }
}

#[test]
fn each_subcommand_help_lists_only_its_own_options() {
    let emulator = Emulator::start();
    let user = User::new(&emulator);
    let help = |args: &[&str]| stdout(&gsudo(&user, args));
    let version = help(&["version", "--help"]);
    assert!(!version.contains("--service-account"), "{version}");
    assert!(!version.contains("--lifetime"), "{version}");
    assert!(help(&["--help"]).contains("--service-account"));
    let token = help(&["token", "--help"]);
    assert!(
        token.contains("--reason") && !token.contains("--gke-cluster"),
        "{token}"
    );
    let set = help(&["config", "set", "--help"]);
    assert!(set.contains("policy.max_lifetime"), "{set}");
    assert!(set.contains("shell"), "{set}");
}

#[test]
fn the_configured_shell_opens_with_no_command_and_the_command_is_quoted_for_copying() {
    let emulator = Emulator::start();
    let user = User::new(&emulator);
    user.write_config("shell = \"sh -c 'echo configured shell as $GSUDO_SESSION_ACCOUNT'\"\n");
    let out = gsudo(&user, &["-s", DEPLOYER, "-R", "JIRA-5 shell"]);
    assert_ok(&out);
    assert_eq!(stdout(&out), format!("configured shell as {DEPLOYER}\n"));

    let out = gsudo(
        &user,
        &["-v", "-s", DEPLOYER, "-R", "JIRA-5", "sh", "-c", "exit 0"],
    );
    assert_ok(&out);
    assert!(
        stderr(&out).contains(": sh -c 'exit 0'\n"),
        "{}",
        stderr(&out)
    );

    // A configured shell that does not exist is found out before anything is minted.
    let before = emulator.entries("GenerateAccessToken").len();
    user.write_config("shell = \"zhs -l\"\n");
    let out = gsudo(&user, &["-s", DEPLOYER, "-R", "JIRA-5 shell"]);
    assert_eq!(out.status.code(), Some(127), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("zhs was not found"),
        "{}",
        stderr(&out)
    );
    assert_eq!(emulator.entries("GenerateAccessToken").len(), before);
}
