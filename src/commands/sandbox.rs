//! `gsudo sandbox`: a real gsudo session against the built-in emulator, offline.
//!
//! The sandbox gives gsudo a made-up user (alice@example.com, with her own gcloud configuration
//! and ADC file in a temporary directory) instead of the real one, so a new user can see the
//! whole flow without a Google account, and nothing of theirs is read or changed.

use std::ffi::OsString;
use std::io::Write;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use super::run::{Session, install_supervisor};
use crate::cli::{FaultArgs, SandboxAction, SandboxArgs, SessionArgs};
use crate::config::{Env, Properties, Settings};
use crate::emulator::{self, Emulator, Faults, World};
use crate::session::ExitReason;
use crate::ui::{self, Failure};

pub fn sandbox(args: SandboxArgs, session: &SessionArgs, env: &Env) -> Result<ExitReason, Failure> {
    let world = match &args.world {
        Some(path) => World::load(path).map_err(|e| {
            Failure::new(crate::auth::sentence(&e.to_string()))
                .with_hint("Fix the world file, or leave out --world for the demo world.")
        })?,
        None => World::demo(),
    };
    match args.action {
        Some(SandboxAction::World) => {
            crate::out!("{}", emulator::DEMO_WORLD_TOML);
            Ok(ExitReason::Code(0))
        }
        Some(SandboxAction::Serve {
            listen,
            audit_log,
            https_listen,
            faults,
        }) => serve(world, listen, audit_log, https_listen, faults),
        None if !args.command.is_empty() => run(world, session, env, &args.command, false),
        None => tour(world, session, env),
    }
}

/// `gsudo sandbox serve`: the emulator in the foreground until Ctrl-C or SIGTERM.
fn serve(
    world: World,
    listen: SocketAddr,
    audit_log: Option<PathBuf>,
    https_listen: Option<SocketAddr>,
    faults: FaultArgs,
) -> Result<ExitReason, Failure> {
    for addr in std::iter::once(listen).chain(https_listen) {
        if !addr.ip().is_loopback() {
            return Err(Failure::new(format!(
                "The emulator listens on loopback only, not on {}.",
                addr.ip()
            ))
            .with_hint("Use --listen 127.0.0.1:PORT (and --https-listen 127.0.0.1:PORT)."));
        }
    }
    // Holds the HTTPS listener's CA file until the emulator stops.
    let ca_dir = match https_listen {
        Some(_) => Some(private_tempdir()?),
        None => None,
    };
    // Kept until the emulator stops when no audit log path was given.
    let scratch = match audit_log {
        Some(_) => None,
        None => Some(private_tempdir()?),
    };
    let audit_log = audit_log.unwrap_or_else(|| {
        scratch
            .as_ref()
            .map(|d| d.path().join("audit.jsonl"))
            .unwrap_or_default()
    });
    let rt = super::runtime()?;
    rt.block_on(async {
        let faults = Faults::new(faults.latency, faults.error_rate, faults.fail_first);
        let emulator = emulator::start_with_faults(world, listen, audit_log, faults)
            .await
            .map_err(start_failure)?;
        // Scripts may stop reading after the first line; that is no reason to stop serving.
        let mut out = std::io::stdout();
        let _ = writeln!(out, "listening on {}", emulator.base_url());
        let _ = writeln!(out, "audit log: {}", emulator.audit_log().display());
        let https = match (https_listen, &ca_dir) {
            (Some(addr), Some(dir)) => Some(
                emulator
                    .serve_https(addr, &dir.path().join("emulator-ca.pem"))
                    .await
                    .map_err(start_failure)?,
            ),
            _ => None,
        };
        if let Some(https) = &https {
            let _ = writeln!(out, "listening (https) on {}", https.base_url());
            let _ = writeln!(out, "ca: {}", https.ca_file().display());
        }
        let _ = out.flush();
        wait_for_termination().await;
        drop(https);
        emulator.shutdown().await;
        Ok::<_, Failure>(())
    })?;
    Ok(ExitReason::Code(0))
}

async fn wait_for_termination() {
    use tokio::signal::unix::{SignalKind, signal};
    let (Ok(mut term), Ok(mut int)) = (
        signal(SignalKind::terminate()),
        signal(SignalKind::interrupt()),
    ) else {
        return;
    };
    tokio::select! {
        _ = term.recv() => {}
        _ = int.recv() => {}
    }
}

async fn start(world: World, listen: SocketAddr, audit_log: PathBuf) -> Result<Emulator, Failure> {
    emulator::start(world, listen, audit_log)
        .await
        .map_err(start_failure)
}

fn start_failure(e: emulator::EmulatorError) -> Failure {
    Failure::new(crate::auth::sentence(&format!(
        "the emulator could not start: {e}"
    )))
}

fn private_tempdir() -> Result<tempfile::TempDir, Failure> {
    tempfile::Builder::new()
        .prefix("gsudo-sandbox-")
        .tempdir()
        .map_err(|e| {
            Failure::new(format!(
                "gsudo could not create a temporary directory: {e}."
            ))
        })
}

/// The sandbox's made-up user: a gcloud configuration pointing at the emulator and an ADC file.
fn sandbox_user(
    env: &Env,
    home: &Path,
    emulator: &Emulator,
    world: &World,
) -> Result<Env, Failure> {
    let user = world.demo_user().ok_or_else(|| {
        Failure::new("The world has no user to act as.")
            .with_hint("Add a [[users]] entry to the world file.")
    })?;
    let gcloud = home.join("gcloud");
    let base = emulator.base_url();
    let mut props = Properties::default();
    props.set("core", "project", emulator::DEMO_PROJECT);
    // Every API the emulator serves, so nothing in the sandbox (`gsudo list` included) reaches
    // Google with a made-up token.
    for api in [
        "iamcredentials",
        "storage",
        "iam",
        "cloudresourcemanager",
        "pubsub",
        "compute",
        "container",
    ] {
        props.set("api_endpoint_overrides", api, &base);
    }
    let adc = json!({
        "type": "authorized_user",
        "client_id": "gsudo-sandbox",
        "client_secret": "gsudo-sandbox",
        "refresh_token": user.refresh_token,
        "token_uri": format!("{base}token"),
    });
    let written = std::fs::create_dir_all(gcloud.join("configurations"))
        .and_then(|()| std::fs::write(gcloud.join("active_config"), "default"))
        .and_then(|()| std::fs::write(gcloud.join("configurations/config_default"), props.render()))
        .and_then(|()| std::fs::write(home.join("adc.json"), adc.to_string()));
    written.map_err(|e| {
        Failure::new(format!(
            "gsudo could not write the sandbox user's files: {e}."
        ))
    })?;

    let mut env = env.clone();
    // Nothing of the real user's Google setup may leak into the sandbox.
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
    env.set("CLOUDSDK_CONFIG", &gcloud);
    env.set("GOOGLE_APPLICATION_CREDENTIALS", home.join("adc.json"));
    Ok(env)
}

/// Runs `argv` in a sandbox session; with `summary`, prints what the audit log recorded.
fn run(
    world: World,
    args: &SessionArgs,
    env: &Env,
    argv: &[OsString],
    summary: bool,
) -> Result<ExitReason, Failure> {
    let mut args = args.clone();
    if args.service_account.is_none() {
        args.service_account = Some(
            emulator::DEMO_SERVICE_ACCOUNT
                .parse()
                .expect("the demo account is a valid email"),
        );
    }
    if args.reason.is_none() {
        args.reason = Some(
            "gsudo sandbox"
                .parse()
                .expect("the demo reason is one line"),
        );
    }
    let settings = Settings::resolve(&args)?;
    let supervisor = install_supervisor()?;
    let home = private_tempdir()?;
    let rt = super::runtime()?;
    let listen = SocketAddr::from(([127, 0, 0, 1], 0));
    let audit_log = home.path().join("audit.jsonl");
    let emulator = rt.block_on(start(world.clone(), listen, audit_log.clone()))?;
    // The clusters' Kubernetes API is served over HTTPS only; kubectl learns the CA from the
    // cluster, as --gke-cluster and get-credentials fetch it.
    let ca_file = home.path().join("emulator-ca.pem");
    let https = rt
        .block_on(emulator.serve_https(listen, &ca_file))
        .map_err(start_failure)?;
    let result = sandbox_user(env, home.path(), &emulator, &world).and_then(|user_env| {
        Session {
            env: &user_env,
            settings: &settings,
            rt: &rt,
        }
        .run(supervisor, argv)
    });
    drop(https);
    rt.block_on(emulator.shutdown());
    rt.shutdown_background();
    if summary || ui::level() >= ui::Level::Verbose {
        print_audit_log(&audit_log);
    }
    result
}

/// `gsudo sandbox` alone: who you are, who a command runs as, what the audit log says.
fn tour(world: World, args: &SessionArgs, env: &Env) -> Result<ExitReason, Failure> {
    let me = std::env::current_exe().unwrap_or_else(|_| PathBuf::from("gsudo"));
    let caller = world
        .demo_user()
        .map(|u| u.email.clone())
        .unwrap_or_default();
    crate::outln!("gsudo sandbox: an offline tour against gsudo's emulator of the Google APIs.\n");
    crate::outln!("1. You are {caller}, an everyday account with no power of its own.");
    crate::outln!(
        "2. gsudo mints a short-lived token for the service account and runs a command as it:\n"
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
    let result = run(world, args, env, &argv, true);
    crate::outln!(
        "\n4. The session is gone: no files, no tokens, your gcloud configuration untouched."
    );
    crate::outln!(
        "   Try your own command: gsudo sandbox -- gcloud storage ls gs://sandbox-releases"
    );
    result
}

/// Prints each audit log entry on one line: who did what, for whom, and why.
fn print_audit_log(path: &Path) {
    let Ok(text) = std::fs::read_to_string(path) else {
        return;
    };
    crate::outln!("\n3. The audit log recorded:\n");
    for entry in text
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
    {
        let p = &entry["protoPayload"];
        let s = |v: &Value| v.as_str().unwrap_or("-").to_owned();
        let chain: Vec<String> = p["authenticationInfo"]["serviceAccountDelegationInfo"]
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|d| s(&d["firstPartyPrincipal"]["principalEmail"]))
                    .collect()
            })
            .unwrap_or_default();
        let via = if chain.is_empty() {
            String::new()
        } else {
            format!(" (delegated by {})", chain.join(" → "))
        };
        let status = match p["status"]["code"].as_i64() {
            Some(0) | None => "ok".to_owned(),
            Some(code) => format!("refused, code {code}"),
        };
        crate::outln!(
            "   {} {}{via}\n     {} {}  [{status}]\n     reason: {}",
            s(&entry["timestamp"]),
            s(&p["authenticationInfo"]["principalEmail"]),
            s(&p["methodName"]),
            s(&p["resourceName"]),
            s(&p["requestMetadata"]["requestAttributes"]["reason"]),
        );
    }
}
