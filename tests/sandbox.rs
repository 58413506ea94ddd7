//! `gsudo sandbox` drives the emulator as a program of its own (`gsudo-emulator`), and leaves
//! nothing behind: no emulator, no temporary files.

mod common;

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::{require, stderr, stdout};

const GSUDO: &str = env!("CARGO_BIN_EXE_gsudo");
const EMULATOR: &str = env!("CARGO_BIN_EXE_gsudo-emulator");

/// gsudo with a private TMPDIR and HOME, and none of the caller's GSUDO_* settings.
fn gsudo(tmp: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(GSUDO);
    cmd.args(args)
        .env("TMPDIR", tmp)
        .env("HOME", tmp.join("home"))
        .env("XDG_CONFIG_HOME", tmp.join("home/.config"))
        .env("XDG_STATE_HOME", tmp.join("home/.local/state"))
        .env_remove("GSUDO_SERVICE_ACCOUNT")
        .env_remove("GSUDO_REASON")
        .stdin(Stdio::null());
    cmd
}

/// What the sandbox left in TMPDIR: its and the emulator's directories, and sessions.
fn leftovers(tmp: &Path) -> Vec<String> {
    let mut left: Vec<String> = entries(tmp)
        .into_iter()
        .filter(|name| name.starts_with("gsudo-sandbox-") || name.starts_with("gsudo-emulator-"))
        .collect();
    for sessions in entries(tmp).iter().filter(|n| n.starts_with("gsudo-")) {
        left.extend(entries(&tmp.join(sessions)));
    }
    left
}

/// The entries of `dir`.
fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|d| {
            d.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

fn run(cmd: &mut Command) -> Output {
    cmd.output().expect("gsudo runs")
}

#[test]
fn the_tour_shows_the_account_the_reason_and_the_audit_log_then_leaves_nothing() {
    require("gcloud");
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(tmp.path().join("home")).unwrap();
    let out = run(&mut gsudo(tmp.path(), &["sandbox"]));
    let text = stdout(&out);
    assert!(out.status.success(), "{text}\n{}", stderr(&out));
    assert!(text.contains("1. You are alice@example.com"), "{text}");
    assert!(
        text.contains("caller:  deployer@sandbox-project.iam.gserviceaccount.com"),
        "whoami in the session names the account: {text}"
    );
    assert!(
        text.contains("sandbox-releases"),
        "gcloud listed the buckets: {text}"
    );
    // The audit summary comes from the emulator, with the session's reason on the listing.
    assert_the_listing_ran_as_the_account(&text);
    // Every call the tour shows carried a session's reason, gsudo's own (the metadata
    // server's project lookup, the PAM calls) too, and gsudo's own lookups were allowed.
    let summary = text
        .split("4. The audit log recorded:")
        .nth(1)
        .unwrap_or_default();
    assert!(
        !summary
            .lines()
            .any(|l| l.contains("GetProject") && l.contains("refused")),
        "{text}"
    );
    let reasons: Vec<&str> = summary.lines().filter(|l| l.contains("reason:")).collect();
    assert!(reasons.len() >= 4, "{text}");
    assert!(
        reasons
            .iter()
            .all(|l| l.ends_with(": gsudo sandbox") || l.ends_with(": OPS-42 nightly ETL fix")),
        "{text}"
    );
    // The just-in-time step: a PAM grant, requested, approved by bob and used.
    assert!(
        text.contains("caller:  etl@sandbox-data.iam.gserviceaccount.com"),
        "{text}"
    );
    assert!(text.contains("CreateGrant"), "{text}");
    assert!(text.contains("5. The session is gone"), "{text}");
    assert_eq!(leftovers(tmp.path()), [""; 0], "nothing left in TMPDIR");
}

#[test]
fn a_failing_command_is_not_reported_as_a_success() {
    let tmp = tempfile::tempdir().unwrap();
    let out = run(&mut gsudo(
        tmp.path(),
        &["sandbox", "--", "sh", "-c", "exit 3"],
    ));
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(
        stdout(&out).is_empty(),
        "only the tour narrates: {}",
        stdout(&out)
    );
}

#[test]
fn a_world_file_sets_who_the_sandbox_acts_as() {
    let tmp = tempfile::tempdir().unwrap();
    let world = tmp.path().join("world.toml");
    std::fs::write(&world, common::test_world()).unwrap();
    let out = run(&mut gsudo(
        tmp.path(),
        &[
            "sandbox",
            "--world",
            world.to_str().unwrap(),
            "--",
            "sh",
            "-c",
            "echo \"$GSUDO_SESSION_ACCOUNT\"",
        ],
    ));
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out).trim(), common::DEPLOYER);
    // The sandbox's own routing to the emulator is no override of the user's to warn about.
    assert!(stderr(&out).is_empty(), "{}", stderr(&out));
}

#[test]
fn a_broken_world_file_is_refused_with_the_emulators_reason() {
    let tmp = tempfile::tempdir().unwrap();
    let world = tmp.path().join("world.toml");
    std::fs::write(&world, "[[users]]\nemail = 3\n").unwrap();
    let out = run(&mut gsudo(
        tmp.path(),
        &["sandbox", "--world", world.to_str().unwrap(), "--", "true"],
    ));
    assert_eq!(out.status.code(), Some(125));
    let err = stderr(&out);
    assert!(err.contains("gsudo-emulator: error:"), "{err}");
    assert!(
        err.contains("gsudo: error: The emulator did not start"),
        "{err}"
    );
    assert_eq!(leftovers(tmp.path()), [""; 0], "nothing left in TMPDIR");
}

#[test]
fn serve_passes_its_options_and_help_to_the_emulator() {
    let tmp = tempfile::tempdir().unwrap();
    let out = run(&mut gsudo(tmp.path(), &["sandbox", "serve", "--help"]));
    assert!(out.status.success(), "{}", stderr(&out));
    let help = stdout(&out);
    assert!(help.contains("--https-listen"), "{help}");
    assert!(help.contains("--write-config"), "{help}");
    assert!(
        !help.contains("--reason"),
        "no session options for serve: {help}"
    );

    let out = run(&mut gsudo(tmp.path(), &["sandbox", "world"]));
    assert!(out.status.success());
    assert!(stdout(&out).contains("[[service_accounts]]"));
}

#[test]
fn without_the_emulator_the_sandbox_says_what_to_install() {
    let tmp = tempfile::tempdir().unwrap();
    let alone = tmp.path().join("bin");
    std::fs::create_dir(&alone).unwrap();
    std::fs::copy(GSUDO, alone.join("gsudo")).unwrap();
    let out = Command::new(alone.join("gsudo"))
        .args(["sandbox", "--", "true"])
        .env("PATH", "/usr/bin:/bin")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(125));
    let err = stderr(&out);
    assert!(err.contains("needs the gsudo-emulator program"), "{err}");
    assert!(err.contains("cargo install --path ."), "{err}");
}

#[test]
fn the_emulator_does_not_outlive_a_killed_sandbox() {
    let tmp = tempfile::tempdir().unwrap();
    let mut child = gsudo(tmp.path(), &["sandbox", "--", "sleep", "60"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let emulator = wait_for(|| {
        children(child.id())
            .into_iter()
            .find(|pid| comm(*pid).as_deref() == Some("gsudo-emulator"))
    })
    .expect("gsudo started the emulator");
    nix::sys::signal::kill(
        nix::unistd::Pid::from_raw(child.id() as i32),
        nix::sys::signal::Signal::SIGKILL,
    )
    .unwrap();
    let _ = child.wait();
    assert!(
        wait_for(|| (!Path::new(&format!("/proc/{emulator}")).exists()).then_some(())).is_some(),
        "the emulator {emulator} is still running after gsudo was killed"
    );
    // The command itself is the session's to end (see the security tests); do not leave it.
    for pid in std::fs::read_dir("/proc").unwrap().filter_map(|e| {
        let pid: i32 = e.ok()?.file_name().to_str()?.parse().ok()?;
        let env = std::fs::read(format!("/proc/{pid}/environ")).ok()?;
        let tmp = tmp.path().to_str()?.as_bytes();
        env.windows(tmp.len()).any(|w| w == tmp).then_some(pid)
    }) {
        let _ = nix::sys::signal::kill(
            nix::unistd::Pid::from_raw(pid),
            nix::sys::signal::Signal::SIGKILL,
        );
    }
}

/// Polls `probe` for up to 20 seconds: a bound on waiting, not a timing assertion.
fn wait_for<T>(mut probe: impl FnMut() -> Option<T>) -> Option<T> {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(20) {
        if let Some(found) = probe() {
            return Some(found);
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    None
}

fn children(pid: u32) -> Vec<u32> {
    let Ok(tasks) = std::fs::read_dir(format!("/proc/{pid}/task")) else {
        return Vec::new();
    };
    tasks
        .filter_map(|t| std::fs::read_to_string(t.ok()?.path().join("children")).ok())
        .flat_map(|c| {
            c.split_whitespace()
                .filter_map(|p| p.parse().ok())
                .collect::<Vec<u32>>()
        })
        .collect()
}

fn comm(pid: u32) -> Option<String> {
    std::fs::read_to_string(format!("/proc/{pid}/comm"))
        .ok()
        .map(|c| c.trim().to_owned())
}

#[test]
fn write_config_gives_a_script_the_sandbox_user() {
    require("gcloud");
    let tmp = tempfile::tempdir().unwrap();
    let user = tmp.path().join("user");
    let mut emulator = Command::new(EMULATOR)
        .args(["serve", "--write-config"])
        .arg(&user)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines =
        std::io::BufRead::lines(std::io::BufReader::new(emulator.stdout.take().unwrap()));
    let recipe = lines
        .find_map(|l| {
            l.ok()?
                .strip_prefix("client config: export ")
                .map(str::to_owned)
        })
        .expect("serve prints the lines to paste");
    let mut cmd = gsudo(
        tmp.path(),
        &[
            "-s",
            "deployer@sandbox-project.iam.gserviceaccount.com",
            "-R",
            "script",
            "gcloud",
            "storage",
            "buckets",
            "list",
            "--format=value(name)",
        ],
    );
    for pair in recipe.split_whitespace() {
        let (name, value) = pair.split_once('=').unwrap();
        cmd.env(name, value);
    }
    let out = run(&mut cmd);
    let _ = emulator.kill();
    let _ = emulator.wait();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("sandbox-releases"),
        "{}",
        stdout(&out)
    );
    let mode =
        std::os::unix::fs::PermissionsExt::mode(&std::fs::metadata(&user).unwrap().permissions());
    assert_eq!(mode & 0o777, 0o700, "the directory holds a refresh token");
}

/// Runs `argv` in a sandbox session with -v, which adds the audit summary to stderr; checks that
/// the bucket listing ran as the sandbox's account with its reason, and returns stdout.
fn in_the_sandbox(argv: &[&str]) -> String {
    let tmp = tempfile::tempdir().unwrap();
    let mut args = vec!["sandbox", "-v", "--"];
    args.extend(argv);
    let out = run(&mut gsudo(tmp.path(), &args));
    let err = stderr(&out);
    assert!(out.status.success(), "{}\n{err}", stdout(&out));
    assert_the_listing_ran_as_the_account(&err);
    stdout(&out)
}

/// Checks, in the audit summary the sandbox prints (three lines a call: who, what, why), that
/// the bucket listing ran as the sandbox's account with the session's reason.
fn assert_the_listing_ran_as_the_account(summary: &str) {
    let lines: Vec<&str> = summary.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.contains("storage.buckets.list"))
        .unwrap_or_else(|| panic!("the audit log shows the bucket listing: {summary}"));
    assert!(
        at > 0 && lines[at - 1].contains(" deployer@sandbox-project.iam.gserviceaccount.com "),
        "{summary}"
    );
    assert!(
        lines.get(at + 1).is_some_and(
            |l| l.trim().starts_with("reason: gsudo ") && l.ends_with(": gsudo sandbox")
        ),
        "{summary}"
    );
}

fn assert_buckets(text: &str) {
    for bucket in [
        "sandbox-releases",
        "sandbox-config",
        "sandbox-audit-archive",
    ] {
        assert!(text.contains(bucket), "{bucket} missing: {text}");
    }
}

#[test]
fn curl_with_no_flags_reaches_the_emulator_at_googles_own_hostname() {
    require("curl");
    assert_buckets(&in_the_sandbox(&[
        "curl",
        "-sS",
        "https://storage.googleapis.com/storage/v1/b?project=sandbox-project",
    ]));
}

#[test]
fn pythons_google_cloud_storage_works_offline_with_nothing_configured() {
    common::require_python("google.cloud.storage");
    assert_buckets(&in_the_sandbox(&[
        "python3",
        "-c",
        "from google.cloud import storage; print([b.name for b in storage.Client().list_buckets()])",
    ]));
}

#[test]
fn nodes_google_cloud_storage_works_offline_with_nothing_configured() {
    require("node");
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/node/buckets.js");
    let installed = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/node/node_modules/@google-cloud/storage/package.json"
    ))
    .is_file();
    if !installed {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "@google-cloud/storage is not installed in tests/node: npm ci --prefix tests/node; \
             this test needs the real client"
        );
        eprintln!("skipped: npm ci --prefix tests/node installs @google-cloud/storage");
        return;
    }
    assert_buckets(&in_the_sandbox(&["node", script]));
}

#[test]
fn gsutil_works_in_the_sandbox_and_bq_fails_at_once_saying_why() {
    require("gsutil");
    require("bq");
    let text = in_the_sandbox(&["gsutil", "ls"]);
    assert_buckets(&text);
    // BigQuery is not emulated: bq must stop at the first answer, not retry for minutes.
    let tmp = tempfile::tempdir().unwrap();
    let mut bq = gsudo(tmp.path(), &["sandbox", "--", "bq", "ls"]);
    bq.stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = bq.spawn().unwrap();
    let finished = wait_for(|| child.try_wait().unwrap());
    if finished.is_none() {
        let _ = child.kill();
        panic!("bq in the sandbox did not stop within the bound");
    }
    let out = child.wait_with_output().unwrap();
    assert!(!out.status.success());
    let said = format!("{}{}", stdout(&out), stderr(&out));
    assert!(
        said.contains("The emulator does not serve /bigquery/v2/"),
        "{said}"
    );
}

#[test]
fn a_reason_reaches_every_clients_calls_intact_and_one_that_could_not_is_refused() {
    require("gcloud");
    require("gsutil");
    common::require_python("requests");
    // Punctuation a ticket reference may hold survives every client's encoding.
    let reason = r#"JIRA-7: "rotate" keys & more (50%)"#;
    let tmp = tempfile::tempdir().unwrap();
    let script = "gcloud storage buckets list --format='value(name)' >/dev/null && \
                  gsutil ls >/dev/null && \
                  python3 -c 'import google.auth, google.auth.transport.requests as r; \
                  c, _ = google.auth.default(); \
                  r.AuthorizedSession(c).get(\"https://storage.googleapis.com/storage/v1/b?project=sandbox-project\").raise_for_status()'";
    let out = run(&mut gsudo(
        tmp.path(),
        &["sandbox", "-v", "-R", reason, "--", "sh", "-c", script],
    ));
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    let reasons: Vec<&str> = err
        .lines()
        .filter_map(|l| l.trim().strip_prefix("reason: "))
        .collect();
    // The mint, gsudo's own project lookup, and each client's listing.
    assert!(reasons.len() >= 4, "{err}");
    for got in reasons {
        assert!(
            got.starts_with("gsudo ") && got.ends_with(&format!(": {reason}")),
            "{got}"
        );
    }

    // Anything else would be mangled or dropped on the way: refused before anything runs.
    for lost in ["Zürich deploy", "デプロイ"] {
        let out = run(&mut gsudo(
            tmp.path(),
            &["sandbox", "-R", lost, "--", "true"],
        ));
        assert_eq!(out.status.code(), Some(125));
        assert!(stderr(&out).contains("must be ASCII"), "{}", stderr(&out));
    }
}

#[test]
fn the_sandbox_shell_is_a_privileged_shell_with_a_real_sessions_banner() {
    require("bash");
    let tmp = tempfile::tempdir().unwrap();
    let mut shell = gsudo(tmp.path(), &["sandbox", "--shell"]);
    shell
        .env("SHELL", "/bin/bash")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = shell.spawn().unwrap();
    std::io::Write::write_all(
        child.stdin.as_mut().unwrap(),
        b"echo \"in: $GSUDO_SESSION_ACCOUNT\"\n",
    )
    .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stdout(&out).trim(),
        "in: deployer@sandbox-project.iam.gserviceaccount.com"
    );
    let banner = stderr(&out);
    assert!(
        banner
            .starts_with("gsudo: you are deployer@sandbox-project.iam.gserviceaccount.com until ")
            && banner.contains("reason: gsudo sandbox); exit the shell to end it"),
        "{banner}"
    );
}

#[test]
fn the_sandbox_ignores_the_users_gsudo_variables_as_it_ignores_their_configuration() {
    let tmp = tempfile::tempdir().unwrap();
    let out = run(gsudo(
        tmp.path(),
        &[
            "sandbox",
            "--",
            "sh",
            "-c",
            "echo \"$GSUDO_SESSION_ACCOUNT\"",
        ],
    )
    .env(
        "GSUDO_SERVICE_ACCOUNT",
        "prod-admin@real-project.iam.gserviceaccount.com",
    )
    .env("GSUDO_REASON", "a real ticket")
    .env("GSUDO_LIFETIME", "13h"));
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stdout(&out).trim(),
        "deployer@sandbox-project.iam.gserviceaccount.com"
    );
    // A flag still counts.
    let out = run(gsudo(
        tmp.path(),
        &[
            "sandbox",
            "-s",
            "relay@sandbox-project.iam.gserviceaccount.com",
            "--",
            "sh",
            "-c",
            "echo \"$GSUDO_SESSION_ACCOUNT\"",
        ],
    )
    .env(
        "GSUDO_SERVICE_ACCOUNT",
        "prod-admin@real-project.iam.gserviceaccount.com",
    ));
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stdout(&out).trim(),
        "relay@sandbox-project.iam.gserviceaccount.com"
    );
}
