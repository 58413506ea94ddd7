//! `gsudo-emulator`'s command line: serve the APIs, print the demo world, read an audit log.
//!
//! `gsudo sandbox` runs this program with `serve --format json` and reads one line describing
//! where everything is; it knows nothing else of the emulator's insides.

use std::io::{BufRead as _, Write as _};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};
use serde_json::json;

use crate::{APIS, DEMO_WORLD_TOML, Faults, Latency, World, audit, parse_error_rate};

/// An offline emulator of the Google APIs that gsudo and its child use.
///
/// It serves OAuth, IAM Credentials, IAM, Resource Manager, Cloud Storage, GKE and a cluster's
/// Kubernetes API for the people, accounts and resources of a world file, on loopback only,
/// and appends a Cloud Audit Logs-shaped line for every audited call.
#[derive(Debug, Parser)]
#[command(name = "gsudo-emulator", version)]
struct Cli {
    /// A world file (TOML) to emulate instead of the built-in demo world
    #[arg(long, global = true, value_name = "FILE")]
    world: Option<PathBuf>,

    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the APIs in the foreground until Ctrl-C or SIGTERM
    #[command(
        after_help = "Example, for a script of your own against the emulator:\n  gsudo-emulator serve --write-config /tmp/sandbox-user\n  export CLOUDSDK_CONFIG=/tmp/sandbox-user/gcloud GOOGLE_APPLICATION_CREDENTIALS=/tmp/sandbox-user/adc.json"
    )]
    Serve(ServeArgs),
    /// Print the demo world file, a template for your own (--world)
    World,
    /// Approve or deny a Privileged Access Manager grant on a running emulator, as the first
    /// approver its entitlement names (bob in the demo world)
    Decide {
        /// The running emulator's base URL (loopback)
        #[arg(long, value_name = "URL")]
        url: url::Url,
        #[arg(value_enum)]
        decision: Decision,
        /// The grant's full name
        #[arg(value_name = "GRANT")]
        grant: String,
        /// The approver's reason
        #[arg(long, value_name = "TEXT", default_value = "")]
        reason: String,
    },
    /// Print an audit log for a person: who did what, as whom, and why
    Audit {
        /// The audit log (JSON lines) that `serve` appended to
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
}

#[derive(Debug, Args)]
struct ServeArgs {
    /// Where to listen (loopback only)
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:0")]
    listen: SocketAddr,

    /// Where to append the audit log [default: a file in a new temporary directory]
    #[arg(long, value_name = "FILE")]
    audit_log: Option<PathBuf>,

    /// Also serve HTTPS here (HTTP/2 and HTTP/1.1), with a certificate for localhost and
    /// *.googleapis.com from a CA of its own, whose file it prints (loopback only)
    #[arg(long, value_name = "ADDR")]
    https_listen: Option<SocketAddr>,

    /// Write the world's first user's gcloud configuration (DIR/gcloud, every API pointed at
    /// the emulator) and ADC file (DIR/adc.json) into DIR, for clients of your own
    #[arg(long, value_name = "DIR")]
    write_config: Option<PathBuf>,

    /// How to say where everything is once serving: lines for people, or one JSON object
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,

    /// Stop when standard input closes: a parent that holds the other end can die without
    /// leaving the emulator behind
    #[arg(long, hide = true)]
    stop_on_stdin_eof: bool,

    #[command(flatten)]
    faults: FaultArgs,
}

/// Faults injected into every API call but sign-in's, for tests and benchmarks.
#[derive(Debug, Args)]
struct FaultArgs {
    /// Delay every answer by this long (like 20ms or 0.5s)
    #[arg(long, value_name = "DURATION", default_value = "0")]
    latency: Latency,

    /// Answer this share of calls (0 to 1) with 429 or 503 at random
    #[arg(long, value_name = "RATE", default_value = "0", value_parser = parse_error_rate)]
    error_rate: f64,

    /// Seed the random faults, to replay a run [default: random, printed on stderr]
    #[arg(long, value_name = "N")]
    seed: Option<u64>,

    /// Answer the first N calls with 429, 503, 429, ... (deterministic, for tests)
    #[arg(long, value_name = "N", default_value_t = 0)]
    fail_first: u64,
}

/// What an approver decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Decision {
    Approve,
    Deny,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Text,
    Json,
}

/// A failure, said as one sentence and a hint.
struct Failure {
    message: String,
    hint: Option<&'static str>,
}

impl Failure {
    fn new(message: impl Into<String>) -> Failure {
        Failure {
            message: message.into(),
            hint: None,
        }
    }

    fn hint(mut self, hint: &'static str) -> Failure {
        self.hint = Some(hint);
        self
    }
}

/// Runs the command line of the process and says how it went.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            let mut err = std::io::stderr().lock();
            let _ = writeln!(err, "gsudo-emulator: error: {}", failure.message);
            if let Some(hint) = failure.hint {
                let _ = writeln!(err, "hint: {hint}");
            }
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<(), Failure> {
    match cli.command {
        Command::World => {
            print_all(DEMO_WORLD_TOML);
            Ok(())
        }
        Command::Audit { file } => {
            let text = std::fs::read_to_string(&file).map_err(|e| {
                Failure::new(format!(
                    "Cannot read the audit log {}: {e}.",
                    file.display()
                ))
                .hint("Give the file that `serve --audit-log` wrote.")
            })?;
            print_all(&audit::summary(&text));
            Ok(())
        }
        Command::Serve(args) => serve(load_world(cli.world.as_deref())?, args),
        Command::Decide {
            url,
            decision,
            grant,
            reason,
        } => decide(
            &load_world(cli.world.as_deref())?,
            &url,
            decision,
            &grant,
            &reason,
        ),
    }
}

fn load_world(path: Option<&Path>) -> Result<World, Failure> {
    match path {
        Some(path) => World::load(path).map_err(|e| {
            Failure::new(sentence(&e.to_string()))
                .hint("Fix the world file, or leave out --world for the demo world.")
        }),
        None => Ok(World::demo()),
    }
}

/// Signs in as the grant's first approver with the world's refresh token, and approves or
/// denies the grant through the running emulator's API, as `gcloud pam grants approve` would.
fn decide(
    world: &World,
    url: &url::Url,
    decision: Decision,
    grant: &str,
    reason: &str,
) -> Result<(), Failure> {
    let loopback = url.scheme() == "http"
        && matches!(url.host_str(), Some("127.0.0.1" | "localhost" | "[::1]"));
    if !loopback {
        return Err(
            Failure::new(format!("{url} is not an emulator on loopback."))
                .hint("Give the URL `serve` printed, like http://127.0.0.1:PORT/."),
        );
    }
    let entitlement = grant.split("/grants/").next().unwrap_or_default();
    let approver = world
        .entitlements()
        .iter()
        .find(|e| e.name() == entitlement)
        .and_then(|e| e.approvers.iter().find_map(|a| world.user(a.email())))
        .ok_or_else(|| {
            Failure::new(format!(
                "No user of the world approves grants of {entitlement}."
            ))
            .hint("Give the grant's full name, from the world the emulator serves (--world).")
        })?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Failure::new(format!("Cannot start: {e}.")))?;
    let client = reqwest::Client::builder()
        .no_proxy()
        .build()
        .map_err(|e| Failure::new(format!("Cannot make an HTTP client: {e}.")))?;
    let verb = match decision {
        Decision::Approve => "approve",
        Decision::Deny => "deny",
    };
    let answer: Result<serde_json::Value, String> = runtime.block_on(async {
        let token: serde_json::Value = client
            .post(format!("{url}token"))
            .form(&[
                ("grant_type", "refresh_token"),
                ("refresh_token", approver.refresh_token.as_str()),
            ])
            .send()
            .await
            .map_err(|e| e.to_string())?
            .json()
            .await
            .map_err(|e| e.to_string())?;
        let access = token["access_token"].as_str().unwrap_or_default();
        let response = client
            .post(format!("{url}v1/{grant}:{verb}"))
            .bearer_auth(access)
            .json(&json!({ "reason": reason }))
            .send()
            .await
            .map_err(|e| e.to_string())?;
        let status = response.status();
        let body: serde_json::Value = response.json().await.map_err(|e| e.to_string())?;
        if status.is_success() {
            Ok(body)
        } else {
            Err(body["error"]["message"]
                .as_str()
                .unwrap_or("no message")
                .to_owned())
        }
    });
    let grant = answer.map_err(|message| {
        Failure::new(format!(
            "{} could not {verb} the grant: {}",
            approver.email,
            sentence(&message)
        ))
        .hint("Check the grant's name and state with `gcloud pam grants describe`.")
    })?;
    let _ = writeln!(
        std::io::stdout(),
        "{} as {}: {}",
        grant["name"].as_str().unwrap_or_default(),
        approver.email,
        grant["state"].as_str().unwrap_or_default()
    );
    Ok(())
}

fn serve(world: World, args: ServeArgs) -> Result<(), Failure> {
    for addr in std::iter::once(args.listen).chain(args.https_listen) {
        if !addr.ip().is_loopback() {
            return Err(Failure::new(format!(
                "The emulator listens on loopback only, not on {}.",
                addr.ip()
            ))
            .hint("Use --listen 127.0.0.1:PORT (and --https-listen 127.0.0.1:PORT)."));
        }
    }
    // Holds the CA file and, with no --audit-log, the audit log until the emulator stops.
    let scratch = tempfile::Builder::new()
        .prefix("gsudo-emulator-")
        .tempdir()
        .map_err(|e| {
            Failure::new(format!("Cannot create a temporary directory: {e}."))
                .hint("Check that $TMPDIR (or /tmp) exists and is writable.")
        })?;
    let audit_log = args
        .audit_log
        .clone()
        .unwrap_or_else(|| scratch.path().join("audit.jsonl"));
    let seed = args.faults.seed.unwrap_or_else(rand::random);
    if args.faults.error_rate > 0.0 && args.faults.seed.is_none() {
        eprintln!("gsudo-emulator: random faults drawn with --seed {seed}");
    }
    let faults = Faults::new(
        args.faults.latency,
        args.faults.error_rate,
        args.faults.fail_first,
        seed,
    );
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| Failure::new(format!("Cannot start the async runtime: {e}.")))?;
    let served = rt.block_on(async {
        let emulator = crate::start_with_faults(world.clone(), args.listen, audit_log, faults)
            .await
            .map_err(|e| Failure::new(sentence(&format!("the emulator could not start: {e}"))))?;
        let https = match args.https_listen {
            Some(addr) => Some(
                emulator
                    .serve_https(addr, &scratch.path().join("emulator-ca.pem"))
                    .await
                    .map_err(|e| {
                        Failure::new(sentence(&format!("the emulator could not start: {e}")))
                    })?,
            ),
            None => None,
        };
        let client_config = match &args.write_config {
            Some(dir) => Some(write_client_config(dir, &emulator.base_url(), &world)?),
            None => None,
        };
        let ready = Ready {
            url: emulator.base_url(),
            audit_log: emulator.audit_log(),
            https: https.as_ref().map(|h| (h.base_url(), h.ca_file())),
            client_config: client_config.as_ref(),
            world: &world,
        };
        // Scripts may stop reading after the first line; that is no reason to stop serving.
        let _ = ready.print(args.format);
        wait_for_termination(args.stop_on_stdin_eof).await;
        drop(https);
        emulator.shutdown().await;
        Ok(())
    });
    // Not waiting for the thread that may still be reading standard input.
    rt.shutdown_background();
    served
}

/// Where everything is, once the emulator serves.
struct Ready<'a> {
    url: String,
    audit_log: &'a Path,
    https: Option<(String, &'a Path)>,
    client_config: Option<&'a ClientConfig>,
    world: &'a World,
}

impl Ready<'_> {
    fn print(&self, format: Format) -> std::io::Result<()> {
        let mut out = std::io::stdout().lock();
        match format {
            Format::Text => {
                writeln!(out, "listening on {}", self.url)?;
                writeln!(out, "audit log: {}", self.audit_log.display())?;
                if let Some((url, ca)) = &self.https {
                    writeln!(out, "listening (https) on {url}")?;
                    writeln!(out, "ca: {}", ca.display())?;
                }
                if let Some(config) = self.client_config {
                    writeln!(
                        out,
                        "client config: export CLOUDSDK_CONFIG={} GOOGLE_APPLICATION_CREDENTIALS={}",
                        config.gcloud.display(),
                        config.adc.display()
                    )?;
                }
            }
            Format::Json => {
                let https = self.https.as_ref();
                let line = json!({
                    "url": self.url,
                    "audit_log": self.audit_log,
                    "https_url": https.map(|(url, _)| url),
                    "ca_file": https.map(|(_, ca)| ca),
                    "user": self.world.demo_user().map(|u| &u.email),
                    "project": self.world.first_project(),
                    "service_account": self.world.first_impersonable_account(),
                    "cloudsdk_config": self.client_config.map(|c| &c.gcloud),
                    "adc_file": self.client_config.map(|c| &c.adc),
                });
                writeln!(out, "{line}")?;
            }
        }
        out.flush()
    }
}

/// The files a client needs to act as the world's first user against the emulator.
struct ClientConfig {
    /// A gcloud configuration directory (`CLOUDSDK_CONFIG`).
    gcloud: PathBuf,
    /// An `authorized_user` ADC file (`GOOGLE_APPLICATION_CREDENTIALS`).
    adc: PathBuf,
}

/// Writes the world's first user's gcloud configuration and ADC file into `dir`, every API
/// the emulator serves pointed at `base`, so nothing reaches Google with a made-up token.
fn write_client_config(dir: &Path, base: &str, world: &World) -> Result<ClientConfig, Failure> {
    let user = world.demo_user().ok_or_else(|| {
        Failure::new("The world has no user to write a configuration for.")
            .hint("Add a [[users]] entry to the world file.")
    })?;
    let gcloud = dir.join("gcloud");
    let adc = dir.join("adc.json");
    let mut properties = String::from("[core]\n");
    if let Some(project) = world.first_project() {
        properties.push_str(&format!("project = {project}\n"));
    }
    properties.push_str("\n[api_endpoint_overrides]\n");
    for api in APIS {
        properties.push_str(&format!("{api} = {base}\n"));
    }
    let credentials = json!({
        "type": "authorized_user",
        "client_id": "gsudo-sandbox",
        "client_secret": "gsudo-sandbox",
        "refresh_token": user.refresh_token,
        "token_uri": format!("{base}token"),
    });
    let written = private_dir(dir)
        .and_then(|()| std::fs::create_dir_all(gcloud.join("configurations")))
        .and_then(|()| std::fs::write(gcloud.join("active_config"), "default"))
        .and_then(|()| std::fs::write(gcloud.join("configurations/config_default"), properties))
        .and_then(|()| std::fs::write(&adc, credentials.to_string()));
    written.map_err(|e| {
        Failure::new(format!(
            "Cannot write the client configuration into {}: {e}.",
            dir.display()
        ))
        .hint("Give --write-config a directory you may write, or a new one.")
    })?;
    Ok(ClientConfig { gcloud, adc })
}

/// Creates `dir` (and its parents) readable by its owner only: it holds a refresh token.
fn private_dir(dir: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::{DirBuilderExt as _, PermissionsExt as _};
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)?;
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))
}

/// Returns on SIGTERM or SIGINT, or, with `stdin_eof`, when standard input closes.
async fn wait_for_termination(stdin_eof: bool) {
    use tokio::signal::unix::{SignalKind, signal};
    let (Ok(mut term), Ok(mut int)) = (
        signal(SignalKind::terminate()),
        signal(SignalKind::interrupt()),
    ) else {
        return;
    };
    let eof = async {
        if !stdin_eof {
            return std::future::pending().await;
        }
        // A blocking read on its own thread: tokio's stdin does the same underneath.
        let _ = tokio::task::spawn_blocking(|| {
            let mut sink = Vec::new();
            while std::io::stdin()
                .lock()
                .read_until(b'\n', &mut sink)
                .is_ok_and(|n| n > 0)
            {
                sink.clear();
            }
        })
        .await;
    };
    tokio::select! {
        _ = term.recv() => {}
        _ = int.recv() => {}
        () = eof => {}
    }
}

/// Prints `text`; a reader that has gone (`| head`) ends the emulator as coreutils end, killed
/// by SIGPIPE, without a word.
fn print_all(text: &str) {
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_all(text.as_bytes()).and_then(|()| out.flush())
        && e.kind() == std::io::ErrorKind::BrokenPipe
    {
        let _ = signal_hook::low_level::emulate_default_handler(signal_hook::consts::SIGPIPE);
        std::process::exit(128 + signal_hook::consts::SIGPIPE);
    }
}

/// `text` as a sentence: capitalised, ending with a full stop.
fn sentence(text: &str) -> String {
    let mut chars = text.chars();
    let mut out: String = match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    };
    if !out.ends_with('.') {
        out.push('.');
    }
    out
}
