//! `gsudo sandbox`: a real gsudo session against the emulator of the Google APIs, offline.
//!
//! The emulator is a program of its own, `gsudo-emulator`, installed beside gsudo: the
//! privileged tool carries no fake Google in its address space. The sandbox starts it, lets it
//! write a made-up user's gcloud configuration and ADC file (alice@example.com in the demo
//! world) into a temporary directory, and runs the command in a real session as that user, so
//! a new user can see the whole flow without a Google account, and nothing of theirs is read
//! or changed.

use std::ffi::OsString;
use std::io::{BufRead as _, BufReader, Write as _};
use std::os::unix::process::CommandExt as _;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};

use serde::Deserialize;

use super::run::{Session, install_supervisor};
use crate::cli::{SandboxAction, SandboxArgs, SessionArgs};
use crate::config::{Env, Settings};
use crate::session::ExitReason;
use crate::types::HostMapping;
use crate::ui::{self, Failure};

/// The demo world's account that only a Privileged Access Manager grant lets alice impersonate.
const DEMO_PAM_ACCOUNT: &str = "etl@sandbox-data.iam.gserviceaccount.com";

/// The emulator's program name, beside gsudo's own executable or on PATH.
const EMULATOR: &str = "gsudo-emulator";

pub fn sandbox(args: SandboxArgs, session: &SessionArgs, env: &Env) -> Result<ExitReason, Failure> {
    if let Some(url) = &session.broker {
        return Err(Failure::new(format!(
            "The sandbox runs its own broker, so it cannot mint through {}.",
            ui::escape(url.as_str())
        ))
        .with_hint("Run `gsudo sandbox --broker` to go through the sandbox's local broker."));
    }
    let program = emulator_program(env)?;
    let world: Vec<OsString> = match &args.world {
        Some(path) => vec!["--world".into(), path.into()],
        None => Vec::new(),
    };
    match args.action {
        Some(SandboxAction::World) => Err(exec(&program, &["world".into()])),
        Some(SandboxAction::Approve { grant, why }) => {
            decide(&program, world, env, "approve", grant, why)
        }
        Some(SandboxAction::Deny { grant, why }) => {
            decide(&program, world, env, "deny", grant, why)
        }
        Some(SandboxAction::Serve { args: rest }) => {
            let argv: Vec<OsString> = std::iter::once("serve".into())
                .chain(world)
                .chain(rest)
                .collect();
            Err(exec(&program, &argv))
        }
        None if !args.command.is_empty() || args.shell => {
            let home = private_tempdir()?;
            let emulator = Emulator::start(&program, &world, home.path())?;
            let broker_home = args.with_broker.then_some(home.path());
            let result = run(&emulator, session, env, &args.command, broker_home);
            let audit_log = emulator.stop();
            if ui::level() >= ui::Level::Verbose {
                let mut err = std::io::stderr();
                let _ = writeln!(err, "\nThe audit log recorded:");
                let _ = err.write_all(audit_summary(&program, &audit_log, "  ").as_bytes());
            }
            result
        }
        None => tour(&program, &world, session, env, args.with_broker),
    }
}

/// Approves or denies a grant as the world's approver, through the emulator this sandbox session
/// (its gcloud configuration) points at.
fn decide(
    program: &Path,
    world: Vec<OsString>,
    env: &Env,
    decision: &str,
    grant: String,
    why: String,
) -> Result<ExitReason, Failure> {
    let url = crate::config::Gcloud::load(env).endpoint("privilegedaccessmanager");
    if !url.starts_with("http://127.0.0.1:") {
        return Err(Failure::new(format!(
            "{url} is not an emulator: `gsudo sandbox {decision}` works where gcloud points at one."
        ))
        .with_hint("Run it in `gsudo sandbox -- bash`, or with CLOUDSDK_CONFIG set to the gcloud directory `gsudo sandbox serve --write-config DIR` wrote."));
    }
    let argv: Vec<OsString> = world
        .into_iter()
        .chain(["decide".into(), "--url".into(), url.into(), decision.into()])
        .chain([grant.into(), "--reason".into(), why.into()])
        .collect();
    Err(exec(program, &argv))
}

/// Where `gsudo-emulator` is: beside this executable (as `cargo install` puts it), else on PATH.
fn emulator_program(env: &Env) -> Result<PathBuf, Failure> {
    let beside = std::env::current_exe()
        .ok()
        .and_then(|exe| Some(exe.parent()?.join(EMULATOR)));
    beside
        .filter(|p| p.is_file())
        .or_else(|| env.which(EMULATOR))
        .ok_or_else(|| {
            Failure::new(format!(
                "The sandbox needs the {EMULATOR} program, which is neither beside gsudo nor on PATH."
            ))
            .with_hint("Install both with `cargo install --path .` from gsudo's source.")
        })
}

/// Replaces gsudo with the emulator; returns only if that failed.
fn exec(program: &Path, argv: &[OsString]) -> Failure {
    let error = Command::new(program).args(argv).exec();
    Failure::new(format!(
        "gsudo could not run {}: {error}.",
        program.display()
    ))
    .with_hint("Reinstall gsudo and gsudo-emulator with `cargo install --path .`.")
}

/// What `gsudo-emulator serve --format json` says once it serves.
#[derive(Debug, Deserialize)]
struct Ready {
    url: String,
    https_url: Option<String>,
    ca_file: Option<PathBuf>,
    audit_log: PathBuf,
    user: Option<String>,
    service_account: Option<String>,
    cloudsdk_config: Option<PathBuf>,
    adc_file: Option<PathBuf>,
}

/// A running `gsudo-emulator serve`, stopped (and waited for) when dropped.
struct Emulator {
    child: Child,
    /// Holding it open keeps the emulator alive: it stops when it reads end of file, so it
    /// cannot outlive gsudo even if gsudo is killed.
    stdin: Option<ChildStdin>,
    ready: Ready,
}

impl Emulator {
    /// Starts the emulator for `world` with its files (audit log, CA, the user's configuration)
    /// in `home`, and waits until it serves.
    fn start(program: &Path, world: &[OsString], home: &Path) -> Result<Emulator, Failure> {
        let not_started = |detail: String| {
            Failure::new(format!("The emulator did not start: {detail}.")).with_hint(
                "Its own message, if any, is above; check the world file if you gave one.",
            )
        };
        let mut child = Command::new(program)
            .args(world)
            .args(["serve", "--format", "json", "--stop-on-stdin-eof"])
            .args(["--listen", "127.0.0.1:0", "--https-listen", "127.0.0.1:0"])
            .arg("--audit-log")
            .arg(home.join("audit.jsonl"))
            .arg("--write-config")
            .arg(home.join("user"))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            // Out of the terminal's process group: Ctrl-C is for the command, and the sandbox
            // stops the emulator itself once the command is done.
            .process_group(0)
            .spawn()
            .map_err(|e| not_started(format!("{} could not run: {e}", program.display())))?;
        let stdin = child.stdin.take();
        let mut line = String::new();
        if let Some(stdout) = child.stdout.take() {
            // The emulator prints one line when it serves, or exits saying why on stderr.
            let _ = BufReader::new(stdout).read_line(&mut line);
        }
        let mut emulator = Emulator {
            child,
            stdin,
            ready: Ready {
                url: String::new(),
                https_url: None,
                ca_file: None,
                audit_log: PathBuf::new(),
                user: None,
                service_account: None,
                cloudsdk_config: None,
                adc_file: None,
            },
        };
        emulator.ready = serde_json::from_str(&line).map_err(|_| {
            not_started(if line.is_empty() {
                "it exited before serving".to_owned()
            } else {
                format!("it answered {:?} instead of where it serves", line.trim())
            })
        })?;
        Ok(emulator)
    }

    /// Stops the emulator and waits for it, so that its audit log is complete; returns the log.
    fn stop(mut self) -> PathBuf {
        self.halt();
        std::mem::take(&mut self.ready.audit_log)
    }

    fn halt(&mut self) {
        // End of file on its standard input is the emulator's signal to stop gracefully.
        drop(self.stdin.take());
        let _ = self.child.wait();
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        self.halt();
    }
}

/// Runs `argv` in a sandbox session as the emulator's user.
/// With `broker_home`, the session mints through a local broker keeping its files there.
fn run(
    emulator: &Emulator,
    args: &SessionArgs,
    env: &Env,
    argv: &[OsString],
    broker_home: Option<&Path>,
) -> Result<ExitReason, Failure> {
    let ready = &emulator.ready;
    let mut args = args.clone();
    if args.service_account.is_none() {
        let account = ready.service_account.as_deref().ok_or_else(|| {
            Failure::new("The world has no service account its first user may impersonate.")
                .with_hint("Give a [[service_accounts]] entry token_creators = [\"user:EMAIL\"].")
        })?;
        args.service_account = Some(account.parse().map_err(|_| {
            Failure::new(format!(
                "The world's service account {account} is not an email."
            ))
            .with_hint("Fix the world file.")
        })?);
    }
    if args.reason.is_none() {
        args.reason = Some(
            "gsudo sandbox"
                .parse()
                .map_err(|_| Failure::new("The sandbox's reason was refused."))?,
        );
    }
    let mut settings = Settings::resolve(&args)?;
    route_google_to(&mut settings, ready)?;
    let user_env = sandbox_user(env, ready)?;
    let _broker = match broker_home {
        Some(home) => {
            let broker = super::sandbox_broker::LocalBroker::start(
                &user_env,
                &ready.url,
                ready.user.as_deref().unwrap_or_default(),
                ready.adc_file.as_deref().unwrap_or(Path::new("")),
                home,
            )?;
            settings.broker = Some(broker.url.clone());
            Some(broker)
        }
        None => None,
    };
    let supervisor = install_supervisor()?;
    let rt = super::runtime()?;
    let result = Session {
        env: &user_env,
        settings: &settings,
        pam: &args.pam,
        rt: &rt,
    }
    .run(supervisor, argv);
    rt.shutdown_background();
    result
}

/// Sends every Google API host the session's proxy intercepts (and GKE's DNS endpoints) to the
/// emulator's HTTPS listener, trusting its CA: a client in any language that calls Google's real hostnames
/// (through the proxy the session gives it) reaches the emulator, never the network.
fn route_google_to(settings: &mut Settings, ready: &Ready) -> Result<(), Failure> {
    let (Some(url), Some(ca)) = (&ready.https_url, &ready.ca_file) else {
        return Err(Failure::new(format!(
            "The emulator at {} serves no HTTPS for the session's proxy.",
            ready.url
        ))
        .with_hint("Reinstall gsudo and gsudo-emulator together: their versions differ."));
    };
    let address = url
        .trim_start_matches("https://")
        .trim_end_matches('/')
        .to_owned();
    // GKE's DNS-based control-plane endpoints too (docs/google-cloud-facts.md §8).
    for host in ["*.googleapis.com", "*.gke.goog"] {
        settings.proxy.mappings.push(HostMapping {
            host: host.to_owned(),
            port: 443,
            address: address.clone(),
        });
    }
    settings.proxy.upstream_ca_file = Some(ca.clone());
    Ok(())
}

/// The environment of the sandbox's made-up user: the emulator's gcloud configuration and ADC
/// file, and nothing of the real user's Google setup.
fn sandbox_user(env: &Env, ready: &Ready) -> Result<Env, Failure> {
    let (Some(gcloud), Some(adc)) = (&ready.cloudsdk_config, &ready.adc_file) else {
        return Err(Failure::new(format!(
            "The emulator at {} wrote no configuration for its user.",
            ready.url
        ))
        .with_hint("Reinstall gsudo and gsudo-emulator together: their versions differ."));
    };
    let mut env = env.clone();
    env.remove_where(|name| {
        name.starts_with("CLOUDSDK_API_ENDPOINT_OVERRIDES_")
            || name.starts_with("CLOUDSDK_AUTH_")
            || matches!(
                name,
                "CLOUDSDK_ACTIVE_CONFIG_NAME"
                    | "CLOUDSDK_CORE_PROJECT"
                    | "CLOUDSDK_CORE_ACCOUNT"
                    | "CLOUDSDK_CORE_UNIVERSE_DOMAIN"
                    | "GCE_METADATA_HOST"
            )
    });
    env.set("CLOUDSDK_CONFIG", gcloud);
    env.set("GOOGLE_APPLICATION_CREDENTIALS", adc);
    Ok(env)
}

fn private_tempdir() -> Result<tempfile::TempDir, Failure> {
    tempfile::Builder::new()
        .prefix("gsudo-sandbox-")
        .tempdir()
        .map_err(|e| {
            Failure::new(format!(
                "gsudo could not create a temporary directory: {e}."
            ))
            .with_hint("Check that $TMPDIR (or /tmp) exists and is writable.")
        })
}

/// `gsudo sandbox` alone: who you are, who a command runs as, what the audit log says.
fn tour(
    program: &Path,
    world: &[OsString],
    args: &SessionArgs,
    env: &Env,
    with_broker: bool,
) -> Result<ExitReason, Failure> {
    let me = std::env::current_exe().unwrap_or_else(|_| PathBuf::from("gsudo"));
    let home = private_tempdir()?;
    let emulator = Emulator::start(program, world, home.path())?;
    let caller = emulator.ready.user.as_deref().unwrap_or("a made-up user");
    // A reader that stops early (`gsudo sandbox | head`) ends the tour quietly: the output
    // macros unwind, and the emulator and the temporary home are dropped on the way out.
    crate::outln!(
        "gsudo sandbox: an offline tour against gsudo's emulator of the Google APIs.\n\n\
         1. You are {caller}, an everyday account with no power of its own.\n\
         2. gsudo mints a short-lived token for the service account and runs a command as it{}:\n",
        if with_broker {
            " (through a local gsudo broker, which checks its policy and mints with its own identity)"
        } else {
            ""
        }
    );
    let script = "echo \"   \\$ gsudo whoami\"; \"$0\" whoami | sed 's/^/   /'; \
                  if command -v gcloud >/dev/null; then echo; echo \"   \\$ gcloud storage buckets list --format='value(name)'\"; \
                  gcloud storage buckets list --format='value(name)' | sed 's/^/   /'; fi";
    let argv: Vec<OsString> = vec![
        "/bin/sh".into(),
        "-c".into(),
        script.into(),
        me.into_os_string(),
    ];
    let broker_home = with_broker.then_some(home.path());
    let mut result = run(&emulator, args, env, &argv, broker_home);
    // The demo world's just-in-time account, which nobody may impersonate without a grant.
    // (Through a broker the organization's policy, not PAM, decides: no PAM step then.)
    if world.is_empty() && !with_broker && matches!(result, Ok(ExitReason::Code(0))) {
        crate::outln!(
            "\n3. Nobody holds Token Creator on {DEMO_PAM_ACCOUNT}: gsudo asks Privileged\n   \
             Access Manager for a grant with your reason, bob approves it (in the sandbox, on his\n   \
             own after a few seconds), and gsudo ends it with the session:\n"
        );
        let mut jit = args.clone();
        jit.service_account = DEMO_PAM_ACCOUNT.parse().ok();
        jit.reason = "OPS-42 nightly ETL fix".parse().ok();
        let argv: Vec<OsString> = vec![
            "/bin/sh".into(),
            "-c".into(),
            "echo \"   \\$ gsudo whoami\"; \"$0\" whoami | sed 's/^/   /'".into(),
            std::env::current_exe()
                .unwrap_or_else(|_| PathBuf::from("gsudo"))
                .into_os_string(),
        ];
        result = run(&emulator, &jit, env, &argv, broker_home);
    }
    let audit_log = emulator.stop();
    crate::outln!(
        "\n{}. The audit log recorded:\n\n{}",
        if world.is_empty() { 4 } else { 3 },
        audit_summary(program, &audit_log, "   ")
    );
    // The last step claims only what happened.
    let step = if world.is_empty() { 5 } else { 4 };
    let ending = match &result {
        Ok(ExitReason::Code(0)) => format!(
            "{step}. The session is gone: no files, no tokens, your gcloud configuration untouched."
        ),
        _ => format!(
            "{step}. The command did not succeed (see above); the session is gone all the same."
        ),
    };
    crate::outln!(
        "{ending}\n   \
         Try your own command: gsudo sandbox -- gcloud storage ls gs://sandbox-releases\n   \
         or a privileged shell: gsudo sandbox --shell"
    );
    result
}

/// The audit log as the emulator reads it for people, each line after `indent`.
fn audit_summary(program: &Path, audit_log: &Path, indent: &str) -> String {
    let Ok(output) = Command::new(program).arg("audit").arg(audit_log).output() else {
        return format!("{indent}(the emulator could not read its audit log)\n");
    };
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|line| format!("{indent}{line}\n"))
        .collect()
}
