//! Policies as an organisation shares them: each rule refuses a run before anything is minted,
//! naming itself and its file, and the confirmation prompt appears on a terminal (driven
//! through tmux, as a person would meet it) and never in a pipe.

mod common;

use std::path::{Path, PathBuf};

use common::terminal::Terminal;
use common::*;

/// Writes a policy file into the user's home and returns its path, for GSUDO_POLICY.
fn policy_file(user: &User, text: &str) -> PathBuf {
    let path = user.path("team-policy.toml");
    std::fs::write(&path, text).unwrap();
    path
}

/// Asserts a refusal by `rule` of the policy in `file`, with nothing minted.
fn assert_refused(out: &std::process::Output, emulator: &Emulator, rule: &str, file: &Path) {
    assert_eq!(out.status.code(), Some(125), "{}", stderr(out));
    let err = stderr(out);
    let first = err.lines().next().unwrap_or_default();
    assert!(
        first.starts_with(&format!("gsudo: error: The policy in {} ", file.display()))
            && first.ends_with(&format!("(rule {rule}).")),
        "{err}"
    );
    assert!(
        err.lines()
            .nth(1)
            .unwrap_or_default()
            .starts_with("  hint: "),
        "{err}"
    );
    assert!(
        emulator.entries("GenerateAccessToken").is_empty(),
        "minted: {err}"
    );
}

#[test]
fn each_rule_refuses_before_minting() {
    let emulator = Emulator::start();
    let user = User::new(&emulator);
    let run = |policy: &Path, args: &[&str]| {
        user.gsudo()
            .env("GSUDO_POLICY", policy)
            .args(args)
            .args(["true"])
            .output()
            .unwrap()
    };
    let p = policy_file(&user, "reason_pattern = '^[A-Z]+-[0-9]+ '\n");
    assert_refused(
        &run(&p, &["-s", DEPLOYER, "-R", "just looking"]),
        &emulator,
        "reason_pattern",
        &p,
    );
    assert_refused(&run(&p, &["-s", DEPLOYER]), &emulator, "reason_pattern", &p);

    // The user's configuration may relax the reason; a policy may forbid that.
    let config = user.write_config("reason_required = false\n");
    let p = policy_file(&user, "reason_required = true\n");
    assert_refused(
        &run(&p, &["-s", DEPLOYER]),
        &emulator,
        "reason_required",
        &p,
    );
    std::fs::remove_file(&config).unwrap();

    let p = policy_file(
        &user,
        "service_accounts = ['reader@*', '*@other-project.iam.gserviceaccount.com']\n",
    );
    assert_refused(
        &run(&p, &["-s", DEPLOYER, "-R", "OPS-1 t"]),
        &emulator,
        "service_accounts",
        &p,
    );

    let p = policy_file(&user, "max_lifetime = '5m'\nmax_session_length = '30m'\n");
    assert_refused(
        &run(&p, &["-s", DEPLOYER, "-R", "OPS-1 t", "--lifetime", "6m"]),
        &emulator,
        "max_lifetime",
        &p,
    );
    assert_refused(
        &run(&p, &["-s", DEPLOYER, "-R", "OPS-1 t", "--session", "1h"]),
        &emulator,
        "max_session_length",
        &p,
    );

    // Without a terminal there is nobody to ask: the run needs -y.
    let p = policy_file(&user, "[policy]\nconfirm = true\n");
    let out = run(&p, &["-s", DEPLOYER, "-R", "OPS-1 t"]);
    assert_refused(&out, &emulator, "confirm", &p);
    assert!(
        !stderr(&out).contains("[y/N]"),
        "it never prompts in a pipe"
    );
    assert!(stderr(&out).contains("Pass -y (--yes)"));

    // The same rules in the user's own configuration name that file.
    let config = user.write_config("[policy]\nservice_accounts = ['reader@*']\n");
    let out = user.run_as(DEPLOYER, &["true"]);
    assert_refused(&out, &emulator, "service_accounts", &config);
}

#[test]
fn within_the_rules_a_run_goes_ahead_and_defaults_come_down_to_the_ceiling() {
    let emulator = Emulator::start();
    let user = User::new(&emulator);
    let p = policy_file(
        &user,
        "reason_pattern = '^[A-Z]+-[0-9]+ '\nservice_accounts = ['deployer@test-project.*']\nmax_lifetime = '5m'\nmax_session_length = '30m'\nconfirm = true\n",
    );
    let out = user
        .gsudo()
        .env("GSUDO_POLICY", &p)
        .args([
            "-y",
            "-s",
            DEPLOYER,
            "-R",
            "OPS-1 t",
            "sh",
            "-c",
            "echo $GSUDO_EXPIRES_AT",
        ])
        .output()
        .unwrap();
    assert_ok(&out);
    // The default session (1h) came down to the policy's 30m.
    let ends = time::OffsetDateTime::parse(
        stdout(&out).trim(),
        &time::format_description::well_known::Rfc3339,
    )
    .unwrap();
    let left = (ends - time::OffsetDateTime::now_utc()).whole_seconds();
    assert!((1700..=1800).contains(&left), "{left}");
}

#[test]
fn a_policy_named_but_missing_is_an_error() {
    let emulator = Emulator::start();
    let user = User::new(&emulator);
    let out = user
        .gsudo()
        .env("GSUDO_POLICY", user.path("nowhere.toml"))
        .args(["-s", DEPLOYER, "-R", "OPS-1 t", "true"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(125));
    assert!(
        stderr(&out).contains("nowhere.toml cannot be read"),
        "{}",
        stderr(&out)
    );
    let p = policy_file(&user, "max_lifetme = '1h'\n");
    let out = user
        .gsudo()
        .env("GSUDO_POLICY", &p)
        .args(["-s", DEPLOYER, "-R", "OPS-1 t", "true"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(125));
    assert!(
        stderr(&out).contains("line 1, key max_lifetme: not a policy rule"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn the_prompt_appears_on_a_terminal_and_takes_yes_or_no() {
    let emulator = Emulator::start();
    let user = User::new(&emulator);
    user.write_config("[policy]\nconfirm = true\n");
    let gsudo = env!("CARGO_BIN_EXE_gsudo");
    // The pane stays open after gsudo ends so that its last words can be read.
    let script = format!(
        "'{gsudo}' -s {DEPLOYER} -R 'OPS-1 t' sh -c 'echo ran as $GSUDO_SESSION_ACCOUNT'; echo \"exit $?\"; sleep 60"
    );

    let term = Terminal::start(&user, &["sh", "-c", &script]);
    let screen = term.wait_for("[y/N]");
    assert!(
        screen.contains(&format!(
            "gsudo: run sh -c 'echo ran as $GSUDO_SESSION_ACCOUNT' as {DEPLOYER} for up to 1h (reason: OPS-1 t)? [y/N]"
        )),
        "{screen}"
    );
    assert!(
        emulator.entries("GenerateAccessToken").is_empty(),
        "nothing is minted before yes"
    );
    term.type_line("y");
    let screen = term.wait_for("exit ");
    assert!(
        screen.contains(&format!("ran as {DEPLOYER}\nexit 0")),
        "{screen}"
    );
    drop(term);

    let term = Terminal::start(&user, &["sh", "-c", &script]);
    term.wait_for("[y/N]");
    term.type_line("n");
    let screen = term.wait_for("exit ");
    assert!(
        screen.contains("The run was not confirmed, so nothing was minted."),
        "{screen}"
    );
    assert!(screen.contains("exit 125"), "{screen}");
    // (The prompt quotes the command, "ran as $GSUDO_SESSION_ACCOUNT" included.)
    assert!(!screen.contains(&format!("ran as {DEPLOYER}")), "{screen}");
    drop(term);

    // -y answers for the user: no prompt even on a terminal.
    let term = Terminal::start(&user, &["sh", "-c", &script.replacen(" -s ", " -y -s ", 1)]);
    let screen = term.wait_for("exit ");
    assert!(!screen.contains("[y/N]"), "{screen}");
    assert!(screen.contains("exit 0"), "{screen}");
    assert_eq!(emulator.entries("GenerateAccessToken").len(), 2);
}

#[test]
fn every_command_that_mints_obeys_the_policy() {
    let emulator = Emulator::start();
    let user = User::new(&emulator);
    let p = policy_file(&user, "service_accounts = ['reader@*']\n");
    for args in [
        vec!["token", "-s", DEPLOYER, "-R", "JIRA-1 x"],
        vec![
            "id-token",
            "--audience",
            "https://x.example",
            "-s",
            DEPLOYER,
            "-R",
            "JIRA-1 x",
        ],
        vec![
            "can",
            "resourcemanager.projects.get",
            "--on",
            "projects/test-project",
            "-s",
            DEPLOYER,
            "-R",
            "JIRA-1 x",
        ],
    ] {
        let out = user
            .gsudo()
            .env("GSUDO_POLICY", &p)
            .args(&args)
            .output()
            .unwrap();
        assert_refused(&out, &emulator, "service_accounts", &p);
    }
}

#[test]
fn id_tokens_live_an_hour_so_a_shorter_cap_refuses_them_unless_allowed() {
    let emulator = Emulator::start();
    let user = User::new(&emulator);
    let audience = "https://hello-abc123-ew.a.run.app";
    let id_token = |policy: &Path| {
        user.gsudo()
            .env("GSUDO_POLICY", policy)
            .args(["id-token", "-s", DEPLOYER, "-R", "JIRA-1 x"])
            .args(["--audience", audience])
            .output()
            .unwrap()
    };
    let p = policy_file(&user, "max_lifetime = '5m'\n");
    let out = id_token(&p);
    assert_refused(&out, &emulator, "max_lifetime", &p);
    assert!(
        stderr(&out).contains("ID tokens live 1h"),
        "{}",
        stderr(&out)
    );
    // The session's metadata server mints through the same check.
    let script = format!(
        "curl -s -w ' %{{http_code}}' -H 'Metadata-Flavor: Google' \"http://$GCE_METADATA_HOST/computeMetadata/v1/instance/service-accounts/default/identity?audience={audience}\""
    );
    let out = user
        .gsudo()
        .env("GSUDO_POLICY", &p)
        .args(["-s", DEPLOYER, "-R", "JIRA-1 x", "sh", "-c", &script])
        .output()
        .unwrap();
    assert_ok(&out);
    let answer = stdout(&out);
    assert!(
        answer.ends_with(" 503") && answer.contains("(rule max_lifetime)"),
        "{answer}"
    );
    assert!(emulator.entries("GenerateIdToken").is_empty());

    // Allowed explicitly, the hour-long ID token is the policy's choice.
    let p = policy_file(&user, "max_lifetime = '5m'\nid_tokens = true\n");
    assert_ok(&id_token(&p));
    assert_eq!(emulator.entries("GenerateIdToken").len(), 1);
    let p = policy_file(&user, "id_tokens = false\n");
    let out = id_token(&p);
    assert_eq!(out.status.code(), Some(125), "{}", stderr(&out));
    assert!(stderr(&out).contains("allows no ID tokens (rule id_tokens)."));
    assert_eq!(emulator.entries("GenerateIdToken").len(), 1);
}

#[test]
fn proxy_overrides_from_an_envrc_are_refused_by_policy_and_warned_about_otherwise() {
    let emulator = Emulator::start();
    let user = User::new(&emulator);
    let p = policy_file(&user, "allow_proxy_overrides = false\n");
    // What a hostile .envrc would export: Google's hosts sent to a server of its choosing.
    for (var, value) in [
        (
            "GSUDO_PROXY_RESOLVE",
            "storage.googleapis.com:443:127.0.0.1:9",
        ),
        ("GSUDO_UPSTREAM_CA_FILE", "/etc/hostname"),
    ] {
        let out = user
            .gsudo()
            .env("GSUDO_POLICY", &p)
            .env(var, value)
            .args(["-s", DEPLOYER, "-R", "JIRA-1 x", "true"])
            .output()
            .unwrap();
        assert_refused(&out, &emulator, "allow_proxy_overrides", &p);
    }
    // Without that rule the session runs, and says on stderr where the token may go.
    let out = user
        .gsudo()
        .env(
            "GSUDO_PROXY_RESOLVE",
            "storage.googleapis.com:443:127.0.0.1:9",
        )
        .args(["-s", DEPLOYER, "-R", "JIRA-1 x", "true"])
        .output()
        .unwrap();
    assert_ok(&out);
    let err = stderr(&out);
    assert!(
        err.contains(
            "gsudo: warning: --proxy-resolve sends storage.googleapis.com:443 to 127.0.0.1:9"
        ) && err.contains("GSUDO_PROXY_RESOLVE"),
        "{err}"
    );
}
