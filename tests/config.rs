//! The configuration file as a user meets it: defaults that flags and GSUDO_* variables
//! override, aliases, each project's account, `gsudo config`, and mistakes reported by line.

mod common;

use common::*;
use serde_json::Value;

/// Seconds from now until the `expires_at` of a token `gsudo token --format json` printed.
fn token_life(out: &std::process::Output) -> i64 {
    assert_ok(out);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let at = time::OffsetDateTime::parse(
        v["expires_at"].as_str().unwrap(),
        &time::format_description::well_known::Rfc3339,
    )
    .unwrap();
    (at - time::OffsetDateTime::now_utc()).whole_seconds()
}

fn near(actual: i64, expected: i64) -> bool {
    (expected - 30..=expected + 1).contains(&actual)
}

#[test]
fn flags_beat_variables_which_beat_the_file_which_beats_the_default() {
    let emulator = Emulator::start();
    let user = User::new(&emulator);
    let token = |args: &[&str], env: &[(&str, &str)]| {
        let out = user
            .gsudo()
            .args(["token", "--format", "json", "-s", DEPLOYER, "-R", "OPS-1 t"])
            .args(args)
            .envs(env.iter().copied())
            .output()
            .unwrap();
        token_life(&out)
    };
    assert!(near(token(&[], &[]), 600), "the built-in default is 10m");
    user.write_config("lifetime = \"9m\"\n");
    assert!(near(token(&[], &[]), 540), "the file beats the default");
    let env = [("GSUDO_LIFETIME", "7m")];
    assert!(near(token(&[], &env), 420), "a variable beats the file");
    assert!(
        near(token(&["--lifetime", "5m"], &env), 300),
        "a flag beats both"
    );

    // The account: the file's project default, then the variable, then the flag. locked may
    // not be impersonated, so a refusal naming it shows which one was chosen.
    user.write_config(&format!(
        "[projects.test-project]\nservice_account = \"{DEPLOYER}\"\n"
    ));
    let who = |args: &[&str], env: &[(&str, &str)]| {
        user.gsudo()
            .args(["-R", "OPS-1 t"])
            .args(args)
            .args(["sh", "-c", "echo $GSUDO_SESSION_ACCOUNT"])
            .envs(env.iter().copied())
            .output()
            .unwrap()
    };
    let out = who(&[], &[]);
    assert_ok(&out);
    assert_eq!(stdout(&out), format!("{DEPLOYER}\n"));
    let out = who(&[], &[("GSUDO_SERVICE_ACCOUNT", LOCKED)]);
    assert_eq!(out.status.code(), Some(125));
    assert!(stderr(&out).contains(LOCKED), "{}", stderr(&out));
    let out = who(&["-s", DEPLOYER], &[("GSUDO_SERVICE_ACCOUNT", LOCKED)]);
    assert_ok(&out);
    assert_eq!(stdout(&out), format!("{DEPLOYER}\n"));
}

#[test]
fn an_alias_resolves_and_an_unknown_one_never_reaches_the_network() {
    let emulator = Emulator::start();
    let user = User::new(&emulator);
    user.write_config(&format!("[aliases]\ndeploy = \"{DEPLOYER}\"\n"));
    let out = user.run_as("deploy", &["sh", "-c", "echo $GSUDO_SESSION_ACCOUNT"]);
    assert_ok(&out);
    assert_eq!(stdout(&out), format!("{DEPLOYER}\n"));

    let calls = emulator.audit().len();
    let out = user.run_as("deplyo", &["true"]);
    assert_eq!(out.status.code(), Some(125));
    let err = stderr(&out);
    assert!(
        err.contains("'deplyo' is not a service account email, nor an alias in ")
            && err.contains(".config/gsudo/config.toml"),
        "{err}"
    );
    assert!(
        err.contains("gsudo config set aliases.deplyo EMAIL"),
        "{err}"
    );
    // Neither an alias nor an email: refused while parsing.
    let out = user.run_as("no such account", &["true"]);
    assert_eq!(out.status.code(), Some(125));
    assert_eq!(
        emulator.audit().len(),
        calls,
        "no call reached the emulator"
    );
}

#[test]
fn a_project_default_needs_no_dash_s_in_that_project_only() {
    let emulator = Emulator::start();
    let user = User::new(&emulator);
    user.write_config(
        "[aliases]\ndeploy = \"deployer@test-project.iam.gserviceaccount.com\"\n\n[projects.test-project]\nservice_account = \"deploy\"\n",
    );
    let out = user
        .gsudo()
        .args(["-R", "OPS-1 t", "sh", "-c", "echo $GSUDO_SESSION_ACCOUNT"])
        .output()
        .unwrap();
    assert_ok(&out);
    assert_eq!(stdout(&out), format!("{DEPLOYER}\n"));
    let out = user
        .gsudo()
        .args(["-p", "other-project", "-R", "OPS-1 t", "true"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(125));
    assert!(
        stderr(&out).contains("No service account was given."),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_malformed_file_is_one_sentence_naming_file_line_and_key_and_is_never_rewritten() {
    let emulator = Emulator::start();
    let user = User::new(&emulator);
    let text = "# mine\n\nlifetime = \"soon\"\n";
    let path = user.write_config(text);
    let out = user.run_as(DEPLOYER, &["true"]);
    assert_eq!(out.status.code(), Some(125));
    let err = stderr(&out);
    let first = err.lines().next().unwrap();
    assert_eq!(
        first,
        format!(
            "gsudo: error: {} line 3, key lifetime: 'soon' is not a duration (write it like 90s, 10m or 1h30m).",
            path.display()
        )
    );
    assert!(err.lines().nth(1).unwrap().starts_with("  hint: "), "{err}");
    assert!(emulator.entries("GenerateAccessToken").is_empty());

    let out = user
        .gsudo()
        .args(["config", "set", "session_length", "2h"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(125));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);

    std::fs::write(&path, "scopes = [\"cloud-platform\",\nproxy = false\n").unwrap();
    let out = user.run_as(DEPLOYER, &["true"]);
    assert_eq!(out.status.code(), Some(125));
    let err = stderr(&out);
    assert!(
        err.starts_with(&format!("gsudo: error: {} line ", path.display())),
        "{err}"
    );
}

#[test]
fn config_commands_keep_comments_and_unknown_keys() {
    let emulator = Emulator::start();
    let user = User::new(&emulator);
    let path =
        user.write_config("# team defaults\nlifetime = \"15m\" # short\nnewer_gsudo_key = 1\n");
    let gsudo = |args: &[&str]| user.gsudo().args(args).output().unwrap();

    let out = gsudo(&["config", "path"]);
    assert_eq!(stdout(&out), format!("{}\n", path.display()));
    assert_ok(&gsudo(&["config", "set", "aliases.deploy", DEPLOYER]));
    assert_ok(&gsudo(&[
        "config",
        "set",
        "projects.test-project.service_account",
        "deploy",
    ]));
    assert_ok(&gsudo(&["config", "set", "lifetime", "20m"]));
    assert_ok(&gsudo(&[
        "config",
        "set",
        "scopes",
        "cloud-platform,bigquery",
    ]));
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        text.starts_with("# team defaults\nlifetime = \"20m\" # short\nnewer_gsudo_key = 1\n"),
        "{text}"
    );
    assert!(text.contains("[projects.test-project]\nservice_account = \"deploy\"\n"));
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
        0o600
    );

    assert_eq!(stdout(&gsudo(&["config", "get", "lifetime"])), "20m\n");
    assert_eq!(
        stdout(&gsudo(&["config", "get", "scopes"])),
        "cloud-platform,bigquery\n"
    );

    // A key gsudo does not know, or a value it could not read back, is refused.
    let out = gsudo(&["config", "set", "lifetme", "1h"]);
    assert_eq!(out.status.code(), Some(125));
    assert!(
        stderr(&out).contains("Unknown key lifetme."),
        "{}",
        stderr(&out)
    );
    let out = gsudo(&["config", "set", "aliases.ops", "not-an-email"]);
    assert_eq!(out.status.code(), Some(125));

    let out = gsudo(&["config", "list", "--format", "json"]);
    assert_ok(&out);
    let list: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(list["path"], path.to_str().unwrap());
    assert_eq!(list["exists"], true);
    assert_eq!(list["settings"]["lifetime"], "20m");
    assert_eq!(list["settings"]["aliases.deploy"], DEPLOYER);
    assert_eq!(
        list["settings"]["scopes"],
        serde_json::json!(["cloud-platform", "bigquery"])
    );
    assert_eq!(list["settings"]["newer_gsudo_key"], 1);
    assert_eq!(list["overridden_by"], serde_json::json!({}));

    let out = user
        .gsudo()
        .args(["config", "list"])
        .env("GSUDO_LIFETIME", "1m")
        .output()
        .unwrap();
    assert!(
        stdout(&out).contains("lifetime = \"20m\"  # overridden by GSUDO_LIFETIME\n"),
        "{}",
        stdout(&out)
    );

    assert_ok(&gsudo(&["config", "unset", "lifetime"]));
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        text.starts_with("# team defaults\nnewer_gsudo_key = 1\n"),
        "{text}"
    );

    // The project default and the alias set above now work together.
    let out = user
        .gsudo()
        .args(["-R", "OPS-1 t", "sh", "-c", "echo $GSUDO_SESSION_ACCOUNT"])
        .output()
        .unwrap();
    assert_ok(&out);
    assert_eq!(stdout(&out), format!("{DEPLOYER}\n"));
}

#[test]
fn xdg_config_home_moves_the_file() {
    let emulator = Emulator::start();
    let user = User::new(&emulator);
    let out = user
        .gsudo()
        .args(["config", "path"])
        .env("XDG_CONFIG_HOME", user.path("xdg"))
        .output()
        .unwrap();
    assert_eq!(
        stdout(&out),
        format!("{}\n", user.path("xdg/gsudo/config.toml").display())
    );
}

#[test]
fn the_file_can_make_the_reason_optional() {
    let emulator = Emulator::start();
    let user = User::new(&emulator);
    user.write_config("reason_required = false\n");
    let out = user
        .gsudo()
        .args(["-s", DEPLOYER, "true"])
        .output()
        .unwrap();
    assert_ok(&out);
    let mint = emulator.entries("GenerateAccessToken");
    assert!(reason(&mint[0]).ends_with(": no reason given"), "{mint:?}");
}

/// Runs `gsudo config ARGS` for `user`.
fn config(user: &User, args: &[&str]) -> std::process::Output {
    user.gsudo().arg("config").args(args).output().unwrap()
}

#[test]
fn config_get_of_an_unset_key_prints_the_default_and_says_so() {
    let emulator = Emulator::start();
    let user = User::new(&emulator);
    let path = user.write_config("lifetime = \"20m\"\n");
    for (key, default) in [("session_length", "1h"), ("proxy", "true")] {
        let out = config(&user, &["get", key]);
        assert_ok(&out);
        assert_eq!(stdout(&out), format!("{default}\n"));
        assert!(
            stderr(&out).contains(&format!(
                "{key} is not set in {}: this is the default",
                path.display()
            )),
            "{}",
            stderr(&out)
        );
    }
    assert_eq!(stdout(&config(&user, &["get", "lifetime"])), "20m\n");

    // A key gsudo does not know is that, not "not set".
    let out = config(&user, &["get", "lifetme"]);
    assert_eq!(out.status.code(), Some(125));
    let err = stderr(&out);
    assert!(
        err.starts_with("gsudo: error: Unknown key lifetme.\n"),
        "{err}"
    );
    assert!(
        err.contains("session_length"),
        "the hint lists the keys: {err}"
    );
    assert!(!err.contains("not set"), "{err}");

    // A known key with no default, unset, says exactly that.
    let out = config(&user, &["get", "aliases.deploy"]);
    assert_eq!(out.status.code(), Some(125));
    assert!(
        stderr(&out).contains("aliases.deploy is not set in ")
            && stderr(&out).contains("has no default"),
        "{}",
        stderr(&out)
    );
    assert!(stdout(&out).is_empty());
}

#[test]
fn out_of_range_lengths_are_refused_by_config_set_and_named_by_their_source() {
    let emulator = Emulator::start();
    let user = User::new(&emulator);
    let path = user.path(".config/gsudo/config.toml");

    // config set checks the range, so the file never holds what every run would refuse.
    for (key, value) in [("lifetime", "13h"), ("session_length", "0s")] {
        let out = config(&user, &["set", key, value]);
        assert_eq!(out.status.code(), Some(125), "{key} {value} was accepted");
        assert!(
            stderr(&out).contains(&format!(
                "Cannot set {key} to '{value}': {value} is out of range; it must be between 1s and 12h."
            )),
            "{}",
            stderr(&out)
        );
        assert!(!path.exists(), "config set wrote {}", path.display());
    }

    // A value written by hand: the failure names the file, line and key, not a flag.
    user.write_config("# mine\nsession_length = \"13h\"\n");
    let out = user.run_as(DEPLOYER, &["true"]);
    assert_eq!(out.status.code(), Some(125));
    let err = stderr(&out);
    assert!(
        err.starts_with(&format!(
            "gsudo: error: {} line 2, key session_length: 13h is out of range;",
            path.display()
        )),
        "{err}"
    );
    assert!(!err.contains("--session"), "{err}");
    std::fs::remove_file(&path).unwrap();

    // A value from a variable names the variable.
    let out = user
        .gsudo()
        .args(["-s", DEPLOYER, "-R", "OPS-1 t", "true"])
        .env("GSUDO_LIFETIME", "13h")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(125));
    assert!(
        stderr(&out).starts_with(
            "gsudo: error: GSUDO_LIFETIME=13h is out of range; it must be between 1s and 12h.\n"
        ),
        "{}",
        stderr(&out)
    );
    let out = user.run_as(DEPLOYER, &["--lifetime", "13h", "true"]);
    assert!(
        stderr(&out).starts_with("gsudo: error: --lifetime 13h is out of range;"),
        "{}",
        stderr(&out)
    );
    assert!(emulator.entries("GenerateAccessToken").is_empty());
}

#[test]
fn a_long_lifetime_gets_the_same_answer_from_token_and_from_a_session() {
    // deployer is not under the lifetime-extension policy: Google refuses tokens over 1h.
    let emulator = Emulator::start();
    let user = User::new(&emulator);
    let token = user
        .gsudo()
        .args(["token", "-s", DEPLOYER, "-R", "OPS-1 t", "--lifetime", "2h"])
        .output()
        .unwrap();
    let ran = user.path("ran");
    let session = user.run_as(
        DEPLOYER,
        &["--lifetime", "2h", "touch", ran.to_str().unwrap()],
    );
    for out in [&token, &session] {
        assert_eq!(out.status.code(), Some(125), "{}", stderr(out));
    }
    // The same refusal and hint; only the seconds asked may differ, as a session's first token
    // is asked to end with the session, which began a moment before.
    let answer = |out: &std::process::Output| {
        let err = stderr(out);
        let mut lines = err.lines().map(str::to_owned);
        let sentence = lines.next().unwrap_or_default();
        let refusal = sentence.split("; ").next().unwrap_or_default().to_owned();
        (refusal, lines.next())
    };
    assert_eq!(answer(&token), answer(&session));
    // The API's own message reaches the user whole, and no reason of gsudo's making: each
    // sentence holds the message of the 400 the audit log recorded.
    let refusals = emulator.entries("GenerateAccessToken");
    assert_eq!(refusals.len(), 2, "{}", emulator.audit_text());
    for (out, entry) in [&token, &session].into_iter().zip(&refusals) {
        let status = &entry["protoPayload"]["status"];
        assert_eq!(status["code"], 3, "{entry}");
        let message = status["message"].as_str().unwrap_or_default();
        assert!(!message.is_empty(), "{entry}");
        let sentence = stderr(out).lines().next().unwrap_or_default().to_owned();
        assert!(
            sentence.starts_with(&format!(
                "gsudo: error: Google refused to mint a token for {DEPLOYER}: {message}"
            )),
            "{sentence}\n{message}"
        );
    }
    assert!(
        !ran.exists(),
        "the command ran on a token shorter than asked"
    );

    // Two explicit asks that cannot both hold are refused before any call, naming both.
    let calls = emulator.entries("GenerateAccessToken").len();
    let out = user.run_as(DEPLOYER, &["--lifetime", "2h", "--session", "1h", "true"]);
    assert_eq!(out.status.code(), Some(125));
    assert!(
        stderr(&out).starts_with(
            "gsudo: error: The token lifetime (--lifetime 2h) is longer than the session (--session 1h), and no token outlives its session.\n"
        ),
        "{}",
        stderr(&out)
    );
    assert_eq!(emulator.entries("GenerateAccessToken").len(), calls);
}

#[test]
fn a_long_lifetime_under_the_extension_policy_lengthens_the_default_session() {
    let world = test_world().replacen(
        "token_creators = [\"user:alice@example.com\"]",
        "token_creators = [\"user:alice@example.com\"]\nallow_lifetime_extension = true",
        1,
    );
    let emulator = Emulator::start_with(&world);
    let user = User::new(&emulator);
    let out = user.run_as(
        DEPLOYER,
        &["--lifetime", "2h", "sh", "-c", "echo $GSUDO_EXPIRES_AT"],
    );
    assert_ok(&out);
    let ends = time::OffsetDateTime::parse(
        stdout(&out).trim(),
        &time::format_description::well_known::Rfc3339,
    )
    .unwrap();
    let left = (ends - time::OffsetDateTime::now_utc()).whole_seconds();
    assert!(near(left, 7200), "the session ends in {left}s, not 2h");
}
