//! A gsudo session end to end: the built binary, the real gcloud, the project's emulator.

mod common;

use std::os::unix::ffi::OsStrExt;
use std::os::unix::process::ExitStatusExt;

use common::*;

#[test]
fn gcloud_in_the_child_lists_buckets_as_the_service_account() {
    require("gcloud");
    let emulator = Emulator::start();
    let user = User::new(&emulator);
    let home_before = user.snapshot("");

    let out = user.run_as(
        DEPLOYER,
        &[
            "gcloud",
            "storage",
            "buckets",
            "list",
            "--format=value(name)",
        ],
    );
    assert_ok(&out);
    assert_eq!(
        stdout(&out).lines().collect::<Vec<_>>(),
        ["test-releases", "test-secrets"]
    );

    let mints = assert_every_call_ran_as(&emulator, "GenerateAccessToken", ALICE);
    assert_eq!(mints.len(), 1, "{mints:?}");
    assert!(
        reason(&mints[0]).starts_with("gsudo "),
        "{}",
        reason(&mints[0])
    );
    assert!(reason(&mints[0]).ends_with(": JIRA-123 test"));

    let list = the_one_call_as(&emulator, "storage.buckets.list", DEPLOYER, ALICE);
    assert_eq!(reason(&list), reason(&mints[0]));

    // Nothing of the user's changed (gcloud configuration, ~/.kube, anything in HOME) but
    // gsudo's own session log, and no session directory is left.
    let ours = |p: &std::path::PathBuf| {
        p.starts_with(user.path("run")) || p.starts_with(user.path(".local/state/gsudo"))
    };
    let mut home_before = home_before;
    home_before.retain(|p, _| !ours(p));
    let mut home_after = user.snapshot("");
    home_after.retain(|p, _| !ours(p));
    assert_eq!(home_before, home_after);
    assert!(user.session_dirs().is_empty(), "{:?}", user.session_dirs());
}

#[test]
fn arguments_reach_the_command_byte_for_byte() {
    let emulator = Emulator::start();
    let user = User::new(&emulator);
    let odd = std::ffi::OsStr::from_bytes(b"caf\xe9 \xff");
    let out = user
        .gsudo()
        .args([
            "-s",
            DEPLOYER,
            "-R",
            "r",
            "printf",
            "[%s]\\n",
            "--format=json",
            "--project",
            "x",
            "-s",
            "",
            "a  b",
        ])
        .arg(odd)
        .output()
        .unwrap();
    assert_ok(&out);
    assert_eq!(
        out.stdout,
        b"[--format=json]\n[--project]\n[x]\n[-s]\n[]\n[a  b]\n[caf\xe9 \xff]\n"
    );
}

#[test]
fn double_dash_runs_a_program_named_like_a_subcommand() {
    let emulator = Emulator::start();
    let mut user = User::new(&emulator);
    let bin = user.path("bin");
    std::fs::create_dir(&bin).unwrap();
    std::fs::write(
        bin.join("token"),
        "#!/bin/sh\necho \"the token program ran with $*\"\n",
    )
    .unwrap();
    std::fs::set_permissions(
        bin.join("token"),
        std::os::unix::fs::PermissionsExt::from_mode(0o755),
    )
    .unwrap();
    let path = format!("{}:{}", bin.display(), user.env["PATH"]);
    user.env.insert("PATH".into(), path);
    let out = user.run_as(DEPLOYER, &["--", "token", "--format", "json"]);
    assert_ok(&out);
    assert_eq!(stdout(&out), "the token program ran with --format json\n");
}

#[test]
fn the_command_exit_status_passes_through() {
    let emulator = Emulator::start();
    let user = User::new(&emulator);
    let out = user.run_as(DEPLOYER, &["sh", "-c", "exit 42"]);
    assert_eq!(out.status.code(), Some(42));
    assert!(user.session_dirs().is_empty());
}

#[test]
fn a_command_killed_by_a_signal_ends_gsudo_by_the_same_signal() {
    let emulator = Emulator::start();
    let user = User::new(&emulator);
    let out = user.run_as(DEPLOYER, &["sh", "-c", "kill -TERM $$"]);
    assert_eq!(
        out.status.signal(),
        Some(nix::sys::signal::Signal::SIGTERM as i32),
        "{:?} {}",
        out.status,
        stderr(&out)
    );
    assert!(user.session_dirs().is_empty());
}

#[test]
fn a_missing_command_gives_127_and_an_unexecutable_one_126() {
    let emulator = Emulator::start();
    let user = User::new(&emulator);
    let out = user.run_as(DEPLOYER, &["no-such-command-gsudo-test"]);
    assert_eq!(out.status.code(), Some(127));
    assert!(
        stderr(&out).contains("no-such-command-gsudo-test was not found in your PATH."),
        "{}",
        stderr(&out)
    );

    let file = user.path("not-executable");
    std::fs::write(&file, "data").unwrap();
    let out = user.run_as(DEPLOYER, &[file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(126));
    assert!(
        stderr(&out).contains("not-executable is not executable."),
        "{}",
        stderr(&out)
    );
    assert!(user.session_dirs().is_empty());
}

#[test]
fn a_denied_mint_gives_125_with_one_sentence_and_never_runs_the_command() {
    let emulator = Emulator::start();
    let user = User::new(&emulator);
    let marker = user.path("ran");
    let out = user.run_as(LOCKED, &["touch", marker.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(125));
    let err = stderr(&out);
    assert!(
        err.contains(&format!(
            "{ALICE} cannot impersonate {LOCKED}: there is no such service account, or you may not see it, or it needs roles/iam.serviceAccountTokenCreator on {LOCKED}."
        )),
        "{err}"
    );
    assert!(err.contains("hint:"), "{err}");
    assert!(!marker.exists());
    assert!(user.session_dirs().is_empty());
}

#[test]
fn a_misspelled_account_says_so_before_any_token_creator_advice() {
    let emulator = Emulator::start();
    let user = User::new(&emulator);
    let typo = "deployer@test-project.iam.gserviceacount.com";
    let out = user.run_as(typo, &["true"]);
    assert_eq!(out.status.code(), Some(125));
    let err = stderr(&out);
    let missing = err.find("there is no such service account").expect(&err);
    let advice = err
        .find("roles/iam.serviceAccountTokenCreator")
        .expect(&err);
    assert!(missing < advice, "{err}");
    assert!(
        err.contains(&format!("hint: Check the spelling of {typo}")),
        "{err}"
    );
    assert!(!err.contains("add-iam-policy-binding"), "{err}");

    // Inside a session as the deployer, naming the deployer again: no advice to grant an
    // account Token Creator on itself.
    let gsudo = env!("CARGO_BIN_EXE_gsudo");
    let inner = format!("'{gsudo}' -s {DEPLOYER} -R inner true");
    let out = user.run_as(DEPLOYER, &["sh", "-c", &inner]);
    let err = stderr(&out);
    assert!(
        err.contains(&format!("hint: You already act as {DEPLOYER}")),
        "{err}"
    );
    assert!(!err.contains("add-iam-policy-binding"), "{err}");
}

#[test]
fn a_delegation_chain_mints_through_each_link() {
    let emulator = Emulator::start();
    let user = User::new(&emulator);
    let gsudo = env!("CARGO_BIN_EXE_gsudo");
    let out = user.run_as(
        READER,
        &["--delegates", DEPLOYER, gsudo, "whoami", "--format", "json"],
    );
    assert_ok(&out);
    let me: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(me["session"]["delegates"], serde_json::json!([DEPLOYER]));
    let mints = assert_every_call_ran_as(&emulator, "GenerateAccessToken", ALICE);
    assert_eq!(mints.len(), 1);

    // Without the chain alice has no right to reader, and the sentence says what is missing.
    let out = user.run_as(READER, &["true"]);
    assert_eq!(out.status.code(), Some(125));
    assert!(
        stderr(&out).contains(&format!("{ALICE} cannot impersonate {READER}")),
        "{}",
        stderr(&out)
    );
}

#[test]
fn malformed_input_is_refused_before_any_network_call() {
    let emulator = Emulator::start();
    let user = User::new(&emulator);
    for args in [
        vec!["-s", "not-an-email", "-R", "r", "true"],
        vec!["-s", DEPLOYER, "true"],
        vec!["-s", DEPLOYER, "-R", "r", "--lifetime", "13h", "true"],
        vec!["-s", DEPLOYER, "-R", "r", "--delegates", "x@", "true"],
    ] {
        let out = user.gsudo().args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(125), "{args:?}: {}", stderr(&out));
        assert!(!stderr(&out).trim().is_empty());
    }
    assert!(emulator.audit().is_empty(), "{}", emulator.audit_text());
}

#[test]
fn an_unreachable_endpoint_is_named() {
    let emulator = Emulator::start();
    let mut user = User::new(&emulator);
    user.env.insert(
        "CLOUDSDK_API_ENDPOINT_OVERRIDES_IAMCREDENTIALS".into(),
        "http://127.0.0.1:9/".into(),
    );
    let out = user.run_as(DEPLOYER, &["true"]);
    assert_eq!(out.status.code(), Some(125));
    assert!(
        stderr(&out).contains(
            "Could not reach the IAM Credentials API at http://127.0.0.1:9/: the connection was refused."
        ),
        "{}",
        stderr(&out)
    );
}

#[test]
fn tokens_are_minted_again_when_a_command_outlives_them() {
    require("gcloud");
    let emulator = Emulator::start();
    let user = User::new(&emulator);
    let list = "gcloud storage buckets list --format='value(name)'";
    let out = user.run_as(
        DEPLOYER,
        &[
            "--lifetime",
            "3s",
            "sh",
            "-c",
            &format!("{list} && sleep 5 && {list}"),
        ],
    );
    assert_ok(&out);
    assert_eq!(
        stdout(&out)
            .lines()
            .filter(|l| *l == "test-releases")
            .count(),
        2,
        "{}",
        stdout(&out)
    );
    // One mint at the start and at least one after the first token expired (the proxy may
    // mint once more when a call lands right at the end of a token's life).
    assert!(
        emulator.entries("GenerateAccessToken").len() >= 2,
        "{}",
        emulator.audit_text()
    );
    assert_every_call_ran_as(&emulator, "storage.buckets.list", DEPLOYER);
}

#[test]
fn after_the_session_window_token_requests_fail_but_the_command_is_not_killed() {
    require("gcloud");
    let emulator = Emulator::start();
    let user = User::new(&emulator);
    let out = user.run_as(
        DEPLOYER,
        &[
            "--session",
            "2s",
            "sh",
            "-c",
            "sleep 3; gcloud storage buckets list; echo \"gcloud said $?\"; exit 3",
        ],
    );
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(stdout(&out).contains("gcloud said 1"), "{}", stdout(&out));
    assert!(
        stderr(&out).contains("session ended at"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn nothing_secret_reaches_stderr_with_verbose_or_the_audit_log() {
    require("gcloud");
    let emulator = Emulator::start();
    let user = User::new(&emulator);
    // The child prints the session's secret and token so the test knows what to look for.
    let out = user
        .gsudo()
        .args(["-v", "-s", DEPLOYER, "-R", "r", "sh", "-c"])
        .arg("cat \"$GOOGLE_APPLICATION_CREDENTIALS\"; echo; gcloud auth print-access-token")
        .output()
        .unwrap();
    assert_ok(&out);
    let printed = stdout(&out);
    let mut lines = printed.lines();
    let credentials: serde_json::Value = serde_json::from_str(lines.next().unwrap()).unwrap();
    let secret = credentials["refresh_token"].as_str().unwrap();
    let token = lines.next().unwrap().trim();
    assert!(secret.len() >= 40 && token.len() >= 40, "{printed}");
    let err = stderr(&out);
    assert!(
        err.contains("gsudo: http: POST"),
        "-v shows the HTTP calls: {err}"
    );
    for (what, value) in [
        ("session secret", secret),
        ("access token", token),
        ("alice's refresh token", ALICE_REFRESH),
    ] {
        assert!(!err.contains(value), "the {what} is in gsudo's stderr");
        assert!(
            !emulator.audit_text().contains(value),
            "the {what} is in the audit log"
        );
    }
}

#[test]
fn the_child_environment_names_the_session_and_no_other_identity() {
    let emulator = Emulator::start();
    let mut user = User::new(&emulator);
    for (k, v) in [
        ("CLOUDSDK_AUTH_ACCESS_TOKEN", "ya29.user-own"),
        ("CLOUDSDK_CORE_ACCOUNT", "alice@example.com"),
        ("GOOGLE_OAUTH_ACCESS_TOKEN", "ya29.user-own"),
        ("CLOUDSDK_AUTH_IMPERSONATE_SERVICE_ACCOUNT", LOCKED),
    ] {
        user.env.insert(k.into(), v.into());
    }
    let out = user.run_as(DEPLOYER, &["env"]);
    assert_ok(&out);
    let env = stdout(&out);
    assert!(!env.contains("ya29.user-own"), "{env}");
    assert!(!env.contains("CLOUDSDK_CORE_ACCOUNT="));
    assert!(!env.contains("IMPERSONATE"));
    assert!(env.contains(&format!("GSUDO_SESSION_ACCOUNT={DEPLOYER}\n")));
    assert!(env.contains("GSUDO_SESSION="));
    assert!(env.contains("GSUDO_EXPIRES_AT=20"));
    assert!(env.contains("CLOUDSDK_CORE_REQUEST_REASON=gsudo "));
    assert!(env.contains("CLOUDSDK_CONFIG=") && env.contains("GOOGLE_APPLICATION_CREDENTIALS="));
}

#[test]
fn the_session_gcloud_configuration_keeps_properties_but_not_the_account() {
    require("gcloud");
    let emulator = Emulator::start();
    let user = User::new(&emulator);
    let out = user.run_as(DEPLOYER, &["gcloud", "config", "list", "--format=json"]);
    assert_ok(&out);
    let config: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(config["core"]["project"], "test-project");
    assert_eq!(config["compute"]["region"], "europe-west1");
    // Not the user's account: the account gcloud reports is the one the session's metadata
    // server names, which the session's gcloud asks from its first run on.
    assert_eq!(config["core"]["account"], DEPLOYER, "{config}");
}

#[test]
fn gsudo_inside_a_session_acts_as_the_session_account() {
    let emulator = Emulator::start();
    let user = User::new(&emulator);
    let gsudo = env!("CARGO_BIN_EXE_gsudo");
    let out = user.run_as(DEPLOYER, &[gsudo, "whoami", "--format", "json"]);
    assert_ok(&out);
    let me: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(me["caller"], DEPLOYER);
    assert_eq!(me["session"]["service_account"], DEPLOYER);
    assert_eq!(me["session"]["reason"], "JIRA-123 test");

    // The session's account borrows another in turn: the mint is made as deployer.
    let out = user.run_as(DEPLOYER, &[gsudo, "-s", READER, "-R", "nested", "true"]);
    assert_ok(&out);
    let mints = emulator.entries("GenerateAccessToken");
    assert_eq!(
        mints.iter().map(principal).collect::<Vec<_>>(),
        [ALICE, ALICE, DEPLOYER]
    );
}

#[test]
fn whoami_says_who_the_caller_is_and_where_it_came_from() {
    let emulator = Emulator::start();
    let user = User::new(&emulator);
    let out = user.gsudo().arg("whoami").output().unwrap();
    assert_ok(&out);
    let text = stdout(&out);
    assert!(text.contains(&format!("caller:  {ALICE}")), "{text}");
    assert!(
        text.contains("application_default_credentials.json"),
        "{text}"
    );
    assert!(text.contains("project: test-project"), "{text}");
}

#[test]
fn the_gcloud_cli_account_is_the_last_resort() {
    require("gcloud");
    let emulator = Emulator::start();
    let user = User::new(&emulator);
    std::fs::remove_file(user.path(".config/gcloud/application_default_credentials.json")).unwrap();
    // A gcloud login that gsudo can only reach through gcloud itself.
    std::fs::write(user.path("alice-token"), emulator.alice_token()).unwrap();
    let mut user = user;
    let token_file = user.path("alice-token");
    user.env.insert(
        "CLOUDSDK_AUTH_ACCESS_TOKEN_FILE".into(),
        token_file.to_string_lossy().into_owned(),
    );
    let out = user.gsudo().arg("whoami").output().unwrap();
    assert_ok(&out);
    assert!(
        stdout(&out).contains("the gcloud CLI's active account"),
        "{}",
        stdout(&out)
    );
    let out = user.run_as(DEPLOYER, &["true"]);
    assert_ok(&out);
    assert_every_call_ran_as(&emulator, "GenerateAccessToken", ALICE);
}

#[test]
fn impersonated_adc_is_a_caller_too() {
    let emulator = Emulator::start();
    let mut user = User::new(&emulator);
    // ADC that itself impersonates deployer (what `gcloud auth application-default login
    // --impersonate-service-account` writes); deployer may become reader.
    let adc = user.path("impersonated.json");
    std::fs::write(
        &adc,
        serde_json::json!({
            "type": "impersonated_service_account",
            "service_account_impersonation_url": format!("{}v1/projects/-/serviceAccounts/{DEPLOYER}:generateAccessToken", emulator.url),
            "source_credentials": {
                "type": "authorized_user", "client_id": "t", "client_secret": "t",
                "refresh_token": ALICE_REFRESH, "token_uri": format!("{}token", emulator.url),
            },
            "delegates": [],
        })
        .to_string(),
    )
    .unwrap();
    user.env.insert(
        "GOOGLE_APPLICATION_CREDENTIALS".into(),
        adc.to_string_lossy().into_owned(),
    );
    let out = user.run_as(READER, &["true"]);
    assert_ok(&out);
    let mints = emulator.entries("GenerateAccessToken");
    assert_eq!(
        mints.iter().map(principal).collect::<Vec<_>>(),
        [ALICE, DEPLOYER]
    );
}

#[test]
fn gsudo_token_prints_a_token_scripts_can_use() {
    let emulator = Emulator::start();
    let user = User::new(&emulator);
    let out = user
        .gsudo()
        .args(["token", "-s", DEPLOYER, "-R", "script"])
        .output()
        .unwrap();
    assert_ok(&out);
    let token = stdout(&out).trim().to_owned();
    let listed = std::process::Command::new("curl")
        .args(["-sf", "-H"])
        .arg(format!("Authorization: Bearer {token}"))
        .arg(format!("{}storage/v1/b?project=test-project", emulator.url))
        .output()
        .unwrap();
    assert_ok(&listed);
    assert!(stdout(&listed).contains("test-releases"));
    assert_every_call_ran_as(&emulator, "storage.buckets.list", DEPLOYER);
}

#[test]
fn with_no_command_a_privileged_shell_is_announced() {
    let emulator = Emulator::start();
    let mut user = User::new(&emulator);
    user.env.insert("SHELL".into(), "/bin/sh".into());
    let mut child = user
        .gsudo()
        .args(["-s", DEPLOYER, "-R", "JIRA-9 look around"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"echo \"I am $GSUDO_SESSION_ACCOUNT\"; exit 5\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(5));
    assert_eq!(stdout(&out), format!("I am {DEPLOYER}\n"));
    let err = stderr(&out);
    assert!(
        err.contains(&format!("you are {DEPLOYER} until 20")) && err.contains("JIRA-9 look around"),
        "{err}"
    );
}

#[test]
fn directories_left_by_a_killed_gsudo_are_removed_by_the_next_run() {
    let emulator = Emulator::start();
    let user = User::new(&emulator);
    let base = user.path("run/gsudo");
    std::fs::create_dir_all(&base).unwrap();
    std::fs::set_permissions(&base, std::os::unix::fs::PermissionsExt::from_mode(0o700)).unwrap();
    // Named as gsudo names them: session, owner pid and start time, pid namespace, boot.
    use std::os::unix::fs::MetadataExt;
    let namespace = std::fs::metadata("/proc/self/ns/pid").unwrap().ino();
    let boot = std::fs::read_to_string("/proc/sys/kernel/random/boot_id").unwrap();
    let dead = base.join(format!(
        "deadbeef0000.999999999.1.{namespace}.{}",
        boot.trim().replace('-', "")
    ));
    std::fs::create_dir(&dead).unwrap();
    std::fs::write(dead.join("credentials.json"), "{}").unwrap();
    let out = user.run_as(DEPLOYER, &["true"]);
    assert_ok(&out);
    assert!(user.session_dirs().is_empty(), "{:?}", user.session_dirs());
}

#[test]
fn within_reads_the_output_while_it_waits() {
    // Far more than a pipe holds: a helper that only polled would wait forever.
    let mut big = std::process::Command::new("sh");
    big.args([
        "-c",
        "head -c 300000 /dev/zero; head -c 100000 /dev/zero >&2",
    ]);
    let out = within(std::time::Duration::from_secs(60), big);
    assert_eq!((out.stdout.len(), out.stderr.len()), (300_000, 100_000));
}

/// Runs `args` as `nobody`, the way another local user would (tests run as root in CI).
fn as_nobody(args: &[&str]) {
    let status = std::process::Command::new("setpriv")
        .args(["--reuid=nobody", "--regid=nogroup", "--clear-groups", "--"])
        .args(args)
        .status()
        .unwrap();
    assert!(status.success(), "as nobody: {args:?}");
}

#[test]
fn a_base_directory_another_user_made_first_only_moves_the_session_elsewhere() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    require("setpriv");
    let emulator = Emulator::start();
    let mut user = User::new(&emulator);
    // A shared temporary directory, and no runtime directory: the base is $TMPDIR/gsudo-<uid>.
    let shared = tempfile::tempdir().unwrap();
    std::fs::set_permissions(shared.path(), std::fs::Permissions::from_mode(0o1777)).unwrap();
    user.env.remove("XDG_RUNTIME_DIR");
    user.env
        .insert("TMPDIR".into(), shared.path().to_str().unwrap().into());
    let uid = nix::unistd::getuid();
    let squatted = shared.path().join(format!("gsudo-{uid}"));
    as_nobody(&["mkdir", "-m", "0777", squatted.to_str().unwrap()]);
    assert_ne!(std::fs::metadata(&squatted).unwrap().uid(), uid.as_raw());

    let out = user.run_as(
        DEPLOYER,
        &[
            "sh",
            "-c",
            "dirname \"$CLOUDSDK_CONFIG\"; stat -c %a \"$(dirname \"$CLOUDSDK_CONFIG\")\"",
        ],
    );
    assert_ok(&out);
    let lines: Vec<String> = stdout(&out).lines().map(str::to_owned).collect();
    let session = std::path::Path::new(&lines[0]);
    assert_eq!(session.parent(), Some(shared.path()), "{lines:?}");
    assert!(
        session
            .file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with(&format!("gsudo-{uid}.")),
        "{lines:?}"
    );
    assert_eq!(lines[1], "700");
    let err = stderr(&out);
    assert!(
        err.contains(squatted.to_str().unwrap()) && err.contains("another user owns it"),
        "{err}"
    );
    // Nothing is left but the other user's directory, untouched.
    let left: Vec<_> = std::fs::read_dir(shared.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(left, [squatted]);
}

#[test]
fn a_live_session_in_another_pid_namespace_is_not_swept() {
    use std::io::{BufRead, Write};
    require("unshare");
    let emulator = Emulator::start();
    let user = User::new(&emulator);
    // Inside its own pid namespace gsudo is pid 1; here pid 1 is another process, started at
    // another time, so by pid and start time alone this session's owner looks dead.
    let mut inner = std::process::Command::new("unshare")
        .args([
            "--pid",
            "--fork",
            "--mount-proc",
            env!("CARGO_BIN_EXE_gsudo"),
        ])
        .args([
            "-s",
            DEPLOYER,
            "-R",
            "inner",
            "sh",
            "-c",
            "echo ready; read line; ls \"$CLOUDSDK_CONFIG\" >/dev/null && echo still-there",
        ])
        .env_clear()
        .envs(&user.env)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = std::io::BufReader::new(inner.stdout.take().unwrap());
    let mut line = String::new();
    out.read_line(&mut line).unwrap();
    assert_eq!(line, "ready\n");
    let before = user.session_dirs();
    assert_eq!(before.len(), 1, "{before:?}");
    assert!(
        before[0].contains(".1."),
        "gsudo is pid 1 in its namespace: {before:?}"
    );

    // Another gsudo, in this namespace, sweeps the base before its session.
    assert_ok(&user.run_as(DEPLOYER, &["true"]));
    assert_eq!(user.session_dirs(), before);

    inner.stdin.take().unwrap().write_all(b"go\n").unwrap();
    line.clear();
    out.read_line(&mut line).unwrap();
    assert_eq!(line, "still-there\n");
    assert!(inner.wait().unwrap().success());
    assert!(user.session_dirs().is_empty(), "{:?}", user.session_dirs());
}

#[test]
fn gsutil_in_a_session_leaves_nothing_in_home() {
    require("gsutil");
    let emulator = Emulator::start_https();
    let user = User::new(&emulator);
    let home_before = user.snapshot("");
    let (port, ca) = emulator.https.clone().unwrap();
    // gsutil knows no endpoint override: the session's proxy sends storage.googleapis.com to
    // the emulator.
    let mut gsutil = user.gsudo();
    gsutil
        .args(["-s", DEPLOYER, "-R", "JIRA-123 test", "--proxy-resolve"])
        .arg(format!("storage.googleapis.com:443:127.0.0.1:{port}"))
        .arg("--upstream-ca-file")
        .arg(&ca)
        .args(["gsutil", "ls"]);
    let out = within(std::time::Duration::from_secs(120), gsutil);
    assert_ok(&out);
    assert_eq!(stdout(&out), "gs://test-releases/\ngs://test-secrets/\n");
    assert_every_call_ran_as(&emulator, "storage.buckets.list", DEPLOYER);

    let mut home_after = user.snapshot("");
    home_after.retain(|p, _| !p.starts_with(user.path(".local/state/gsudo")));
    assert_eq!(home_before, home_after);
    // Not even the empty state directory gsutil makes at start-up (~/.gsutil).
    assert!(!user.path(".gsutil").exists());
    assert!(user.session_dirs().is_empty(), "{:?}", user.session_dirs());
}
