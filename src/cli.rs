//! The command line, defined once: `--help`, the man pages and the completions come from here.

use std::ffi::OsString;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum, ValueHint};

use crate::settings::{self, variable};
use crate::types::{AccountName, HostMapping, Lifetime, Reason, Scopes, ServiceAccount};
use crate::ui::Failure;

/// Run a command as a Google Cloud service account, for minutes, with a reason, and leave nothing
/// behind.
///
/// gsudo mints short-lived tokens for the service account through the IAM Credentials API and
/// runs CMD in a private session where gcloud, gsutil, bq and client libraries act as that
/// account. The reason is recorded in Google's audit logs. With no CMD it opens a privileged
/// shell (the configuration's `shell`, else $SHELL). gsudo's options come first and end at the
/// first word that is not one of them; everything from there reaches CMD unchanged. A
/// subcommand is recognised only as the very first argument.
#[derive(Debug, Parser)]
#[command(
    name = "gsudo",
    version,
    // A session option after a subcommand belongs to it; anywhere else the word is the command.
    args_conflicts_with_subcommands = true,
    // `gsudo help --help` must explain `help`, which clap's built-in help command cannot.
    disable_help_subcommand = true,
    override_usage = "gsudo [OPTIONS] [--] [CMD [ARGS]...]\n       gsudo <SUBCOMMAND> [OPTIONS]",
    after_help = "Examples:\n  gsudo -s deployer@proj.iam.gserviceaccount.com -R \"JIRA-123 rotate keys\" kubectl get pods\n  gsudo sandbox -- gcloud storage buckets list\n  curl -H \"Authorization: Bearer $(gsudo token -s SA -R why)\" https://..."
)]
pub struct Cli {
    #[command(flatten)]
    pub session: SessionArgs,

    #[command(flatten)]
    pub output: OutputArgs,

    /// The command to run and its arguments, passed on unchanged (after `--` it may start with
    /// `-` or be named like a subcommand)
    // No allow_hyphen_values: before the command word, a word starting with `-` that is not
    // one of gsudo's options is a mistyped option, not a command.
    #[arg(
        value_name = "CMD",
        trailing_var_arg = true,
        value_hint = ValueHint::CommandWithArguments
    )]
    pub command: Vec<OsString>,

    #[command(subcommand)]
    pub subcommand: Option<Command>,
}

/// What the session borrows, for how long and why.
#[derive(Clone, Debug, Args)]
pub struct SessionArgs {
    /// The service account to act as: its email, or an alias from the configuration file
    /// [default: the project's service account in the configuration file]
    #[arg(
        short = 's',
        long,
        env = variable::SERVICE_ACCOUNT,
        value_name = "EMAIL|ALIAS"
    )]
    pub service_account: Option<AccountName>,

    /// Why you need it; recorded in the audit logs of every call
    #[arg(short = 'R', long, env = variable::REASON, value_name = "TEXT")]
    pub reason: Option<Reason>,

    /// The project commands run in [default: the active gcloud configuration's project]
    #[arg(short = 'p', long, env = variable::PROJECT, value_name = "ID")]
    pub project: Option<String>,

    /// Delegation chain, comma-separated: you hold Token Creator on the first, each on the next,
    /// the last on the service account
    #[arg(
        long,
        env = variable::DELEGATES,
        value_name = "A,B",
        value_delimiter = ','
    )]
    pub delegates: Vec<ServiceAccount>,

    /// Life of one minted token (like 10m or 1h; at most 12h, over 1h needs an organization
    /// policy) [default: 10m]
    // No clap default: the configuration file's must be able to stand in for a missing flag.
    #[arg(long, env = variable::LIFETIME, value_name = "DURATION")]
    pub lifetime: Option<Lifetime>,

    /// How long the session may keep minting fresh tokens [default: 1h]
    #[arg(
        long = "session",
        env = variable::SESSION_LENGTH,
        value_name = "DURATION"
    )]
    pub session_length: Option<Lifetime>,

    /// OAuth scopes, comma-separated; short names like cloud-platform are expanded
    /// [default: cloud-platform,userinfo.email]
    #[arg(long, env = variable::SCOPES, value_name = "SCOPES")]
    pub scopes: Option<Scopes>,

    /// Start no auth-rewriting proxy: tools that hold credentials of their own then use them
    /// instead of the service account's
    #[arg(
        long,
        env = variable::NO_PROXY,
        value_parser = clap::builder::FalseyValueParser::new()
    )]
    pub no_proxy: bool,

    /// Serve no metadata server in the session: tools that only know the metadata server then
    /// find none
    #[arg(
        long,
        env = variable::NO_METADATA_SERVER,
        value_parser = clap::builder::FalseyValueParser::new()
    )]
    pub no_metadata_server: bool,

    /// A GKE cluster your kubeconfig has no entry for: its endpoint and CA are fetched as the
    /// service account into the session's kubeconfig only, as the current context
    #[arg(long, value_name = "NAME", requires = "location")]
    pub gke_cluster: Option<String>,

    /// The --gke-cluster's location (its region or zone)
    #[arg(long, value_name = "LOCATION", requires = "gke_cluster")]
    pub location: Option<String>,

    /// For private endpoints and tests: when the proxy is asked for HOST:PORT, connect to
    /// ADDRESS instead, like curl --resolve (repeatable; comma-separated in the variable)
    #[arg(
        long = "proxy-resolve",
        env = variable::PROXY_RESOLVE,
        value_name = "HOST:PORT:ADDRESS",
        value_delimiter = ','
    )]
    pub proxy_resolve: Vec<HostMapping>,

    /// For private endpoints and tests: a PEM file of CAs the proxy trusts for Google API hosts,
    /// besides the system's
    #[arg(long, env = variable::UPSTREAM_CA_FILE, value_name = "FILE")]
    pub upstream_ca_file: Option<PathBuf>,

    /// Mint every token of the session through the organization's gsudo broker at URL
    #[arg(long, env = variable::BROKER, value_name = "URL")]
    pub broker: Option<url::Url>,

    /// Answer yes to the confirmation a policy asks for before a privileged run
    #[arg(short = 'y', long)]
    pub yes: bool,

    #[command(flatten)]
    pub pam: PamArgs,
}

/// How a session gets Token Creator through Privileged Access Manager (PAM).
#[derive(Debug, Clone, Default, Args)]
pub struct PamArgs {
    /// When to go through a PAM grant: auto (when you hold no Token Creator and an entitlement
    /// grants it, or a grant of it is already active), always, or never [default: auto]
    #[arg(long, env = variable::PAM, value_enum, value_name = "MODE")]
    pub pam: Option<PamMode>,

    /// The PAM entitlement to request: its full name, or an id in the account's project
    #[arg(long, env = variable::ENTITLEMENT, value_name = "NAME")]
    pub entitlement: Option<String>,

    /// How long to wait for a PAM grant to become active [default: 15m]
    #[arg(long, value_name = "DURATION")]
    pub wait: Option<Lifetime>,

    /// Request the PAM grant, print its name and exit without running anything
    #[arg(long, conflicts_with = "wait")]
    pub no_wait: bool,

    /// Leave a PAM grant this run requested active when the session ends
    #[arg(long)]
    pub keep_grant: bool,

    /// Email addresses PAM also notifies about the grant, comma-separated
    #[arg(
        long,
        env = variable::NOTIFY,
        value_name = "EMAILS",
        value_delimiter = ','
    )]
    pub notify: Vec<String>,
}

/// When a session goes through a PAM grant.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum PamMode {
    /// When the caller may not mint and an entitlement grants Token Creator, or a grant of it
    /// is already active
    #[default]
    Auto,
    /// Always through a grant, never a standing binding
    Always,
    /// Never: only standing bindings
    Never,
}

/// How much gsudo itself says.
#[derive(Debug, Args)]
pub struct OutputArgs {
    /// Show each HTTP call gsudo makes (never a token or secret)
    #[arg(short, long, global = true, conflicts_with = "quiet")]
    pub verbose: bool,

    /// Say nothing but errors
    #[arg(short, long, global = true)]
    pub quiet: bool,
}

/// gsudo's own commands, each with its own options after its name.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print a fresh access token for the service account on stdout, for scripts
    #[command(mut_args(showing(MINTING)))]
    Token {
        #[command(flatten)]
        session: SessionArgs,
        /// How to print it: text for people, json for programs
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Print an OpenID Connect ID token for the service account (Cloud Run, IAP), for scripts
    #[command(mut_args(showing(MINTING)))]
    IdToken {
        #[command(flatten)]
        session: SessionArgs,
        /// Who the token is for, like https://my-service-abc123-ew.a.run.app
        #[arg(long, value_name = "URL")]
        audience: String,
        /// How to print it: text for people, json for programs
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Show who you are, where that identity came from, and the session you are in
    Whoami {
        /// How to print it: text for people, json for programs
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// List the service accounts you can impersonate, in one project, several, or all you can see
    List(ListArgs),
    /// Show which permissions a service account (or you) holds on a resource
    #[command(mut_args(showing(MINTING)))]
    Can(CanArgs),
    /// Try gsudo offline against its emulator of the Google APIs (gsudo-emulator)
    #[command(
        mut_args(without_environment),
        mut_arg("broker", sandbox_runs_its_own_broker)
    )]
    Sandbox(SandboxArgs),
    /// Read or change the configuration file (defaults, aliases, per-project accounts, policy)
    Config {
        #[command(subcommand)]
        action: ConfigAction,
    },
    /// Show the sessions you ran, newest last, from the session log
    Log(LogArgs),
    /// Show your Privileged Access Manager grants in the project (-p) and above it, with the time they have left
    #[command(mut_args(showing(&["project"])))]
    Grants {
        #[command(flatten)]
        session: SessionArgs,

        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Print the completion script for a shell
    #[command(
        after_help = "Install, for example:\n  bash: mkdir -p ~/.local/share/bash-completion/completions && gsudo completions bash > ~/.local/share/bash-completion/completions/gsudo\n  zsh:  echo 'source <(gsudo completions zsh)' >> ~/.zshrc   (after compinit)\n  fish: mkdir -p ~/.config/fish/completions && gsudo completions fish > ~/.config/fish/completions/gsudo.fish"
    )]
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print gsudo's version
    Version,
    /// Print the help of gsudo or of one of its commands, like `gsudo help config set`
    Help {
        /// The command (and subcommand) to explain [default: gsudo itself]
        #[arg(value_name = "COMMAND")]
        topic: Vec<String>,
    },
    /// The organization's broker, which alone holds Token Creator and mints by policy
    Broker {
        #[command(subcommand)]
        action: BrokerAction,
    },
}

#[derive(Debug, Subcommand)]
pub enum BrokerAction {
    /// Serve the broker's API (POST /v1/token, GET /healthz) until SIGTERM
    Serve(Box<BrokerServeArgs>),
    /// Explain offline what a policy decides for a caller, the account (-s), the reason (-R),
    /// --lifetime, --session, --scopes and --delegates
    #[command(
        mut_args(showing(DECIDING)),
        after_help = "Exit status: 0 when the policy allows, 1 when it refuses, 125 when gsudo could not tell.\nExample:\n  gsudo broker check --policy policy.toml --caller alice@example.com -s deployer@p.iam.gserviceaccount.com -R \"OPS-1 deploy\""
    )]
    Check(Box<BrokerCheckArgs>),
}

/// `gsudo broker check`.
#[derive(Debug, Args)]
pub struct BrokerCheckArgs {
    /// The account (-s), reason (-R), lifetimes, scopes and delegates to decide for
    #[command(flatten)]
    pub session: SessionArgs,

    /// The policy file, as `broker serve` reads it
    #[arg(long, value_name = "FILE")]
    pub policy: PathBuf,

    /// Who asks: an email, as the broker would verify it
    #[arg(long, value_name = "EMAIL")]
    pub caller: String,

    /// When to decide for, for time windows (RFC 3339) [default: now]
    #[arg(long, value_name = "TIME")]
    pub at: Option<String>,

    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// `gsudo broker serve`.
#[derive(Debug, Args)]
#[command(
    after_help = "The broker mints with its own credentials (on Cloud Run, its service account) and writes one JSON line per decision on stdout.\nExample:\n  gsudo broker serve --policy policy.toml --audience https://gsudo-broker-abc123-ew.a.run.app"
)]
pub struct BrokerServeArgs {
    /// The organization's policy (TOML: [groups] and [[rule]] tables)
    #[arg(long, value_name = "FILE", env = variable::BROKER_POLICY)]
    pub policy: PathBuf,

    /// Where to listen [default: 0.0.0.0:$PORT when PORT is set (Cloud Run), else
    /// 127.0.0.1:8080]
    #[arg(long, value_name = "ADDR")]
    pub listen: Option<std::net::SocketAddr>,

    /// The audiences callers' ID tokens must be for: the broker's URL (repeatable;
    /// comma-separated in the variable)
    #[arg(
        long,
        value_name = "URL",
        env = variable::BROKER_AUDIENCE,
        value_delimiter = ',',
        required = true
    )]
    pub audience: Vec<String>,

    /// Also append the decision log to FILE
    #[arg(long, value_name = "FILE")]
    pub decision_log: Option<PathBuf>,

    /// Requests per second each caller may make, after the burst
    #[arg(long, value_name = "N", default_value_t = 5.0)]
    pub rate: f64,

    /// Requests each caller may make at once before the rate applies
    #[arg(long, value_name = "N", default_value_t = 20.0)]
    pub burst: f64,

    /// Serve HTTPS with this PEM certificate chain, standalone (Cloud Run and ingresses end
    /// TLS themselves)
    #[arg(long, value_name = "FILE", requires = "tls_key")]
    pub tls_cert: Option<PathBuf>,

    /// The PEM private key of --tls-cert
    #[arg(long, value_name = "FILE", requires = "tls_cert")]
    pub tls_key: Option<PathBuf>,

    /// Only for tests and the sandbox: where the ID-token keys are [default: Google's]
    #[arg(long, value_name = "URL")]
    pub jwks_url: Option<String>,

    /// Only for tests and the sandbox: the ID tokens' issuer [default: Google's]
    #[arg(long, value_name = "URL")]
    pub issuer: Option<String>,

    /// How long a client may take to send a request head [default: 10s]
    #[arg(long, value_name = "DURATION", hide = true)]
    pub header_timeout: Option<Lifetime>,
}

/// The session options a command uses that mints a token but opens no session (no proxy, no
/// metadata server, no kubeconfig, no PAM step).
const MINTING: &[&str] = &[
    "service_account",
    "reason",
    "project",
    "delegates",
    "lifetime",
    "scopes",
    "broker",
    "yes",
];

/// The session options `broker check` decides on, as the broker would.
const DECIDING: &[&str] = &[
    "service_account",
    "reason",
    "delegates",
    "lifetime",
    "session_length",
    "scopes",
];

/// Hides from a command's help the session options it does not use, so that its help shows
/// only its own. On the command line `Cli::parse_checked` refuses them; from the environment
/// they are taken and left unread, since a user's `GSUDO_*` variables serve every command.
fn showing(used: &'static [&'static str]) -> impl FnMut(clap::Arg) -> clap::Arg {
    move |arg| {
        let id = arg.get_id().as_str();
        match SESSION_OPTIONS.iter().any(|(o, _)| o == id) && !used.contains(&id) {
            true => arg.hide(true),
            false => arg,
        }
    }
}

/// Every session option's id and long name, worked out once.
static SESSION_OPTIONS: std::sync::LazyLock<Vec<(String, Option<String>)>> =
    std::sync::LazyLock::new(|| {
        SessionArgs::augment_args(clap::Command::new("session"))
            .get_arguments()
            .map(|a| (a.get_id().to_string(), a.get_long().map(str::to_owned)))
            .collect()
    });

impl Cli {
    /// The command line, parsed as clap parses it, except that a session option written after
    /// a command that does not use it (`gsudo grants --reason R`) is refused rather than
    /// silently ignored.
    pub fn parse_checked() -> Result<Self, clap::Error> {
        Self::parse_checked_from(std::env::args_os())
    }

    fn parse_checked_from(
        args: impl IntoIterator<Item = impl Into<OsString> + Clone>,
    ) -> Result<Self, clap::Error> {
        use clap::{CommandFactory, FromArgMatches};
        let mut command = Self::command();
        let matches = command.try_get_matches_from_mut(args)?;
        refuse_unused_options(&command, &matches)?;
        Self::from_arg_matches(&matches).map_err(|e| e.format(&mut Self::command()))
    }
}

/// Fails for a session option that the command the matches chose hides as one it does not
/// use (`showing`) and that the command line, not the environment, gave it.
fn refuse_unused_options(
    command: &clap::Command,
    matches: &clap::ArgMatches,
) -> Result<(), clap::Error> {
    let (mut command, mut matches) = (command, matches);
    while let Some((name, sub)) = matches.subcommand() {
        match command.find_subcommand(name) {
            Some(found) => (command, matches) = (found, sub),
            None => break,
        }
    }
    for arg in command.get_arguments().filter(|a| a.is_hide_set()) {
        let id = arg.get_id();
        if matches.value_source(id.as_str()) != Some(clap::parser::ValueSource::CommandLine) {
            continue;
        }
        // One moved aside under another name (the sandbox's --broker-url) is its command's to
        // refuse, in its own words.
        if SESSION_OPTIONS
            .iter()
            .any(|(o, long)| o == id.as_str() && long.as_deref() == arg.get_long())
        {
            let name = arg
                .get_long()
                .map_or_else(|| id.to_string(), |l| format!("--{l}"));
            let bin = command.get_bin_name().unwrap_or(command.get_name());
            return Err(command.clone().error(
                clap::error::ErrorKind::ArgumentConflict,
                format!(
                    "the option {name} is for commands run in a session; {bin} does not use it"
                ),
            ));
        }
    }
    Ok(())
}

/// The sandbox reads none of the user's `GSUDO_*` variables, as it reads none of their
/// configuration: a real `GSUDO_SERVICE_ACCOUNT` would name an account the emulator has never
/// heard of. Flags still count.
fn without_environment(arg: clap::Arg) -> clap::Arg {
    arg.env(None)
}

/// In the sandbox `--broker` runs a local broker (`SandboxArgs::with_broker`); the session
/// option naming a broker's URL would send the sandbox's ID tokens to a real one, so its long
/// name moves out of the way, hidden and refused by the sandbox.
fn sandbox_runs_its_own_broker(arg: clap::Arg) -> clap::Arg {
    arg.long("broker-url").hide(true)
}

/// `config set --help`: every key with its values and default, then examples.
fn config_keys_help() -> String {
    let width = settings::keys()
        .map(|(key, ..)| key.len())
        .max()
        .unwrap_or(0);
    let mut help = String::from("Keys:\n");
    for (key, values, default) in settings::keys() {
        help.push_str(&format!("  {key:width$}  {values} [default: {default}]\n"));
    }
    help.push_str(
        "\nExamples:\n  gsudo config set aliases.deploy deployer@proj.iam.gserviceaccount.com\n  gsudo config set projects.proj.service_account deploy\n  gsudo config set lifetime 15m",
    );
    help
}

/// `gsudo config`: read or change the configuration file.
#[derive(Debug, Subcommand)]
pub enum ConfigAction {
    /// Print where the configuration file is ($XDG_CONFIG_HOME/gsudo/config.toml)
    Path,
    /// Print one setting's value from the file, like `gsudo config get lifetime`
    Get {
        /// The setting, like lifetime or aliases.deploy (see `gsudo config set --help`)
        #[arg(value_name = "KEY", value_hint = ValueHint::Other)]
        key: String,
    },
    /// Set one setting, keeping the rest of the file (comments too) as it is
    #[command(after_long_help = config_keys_help())]
    Set {
        /// The setting, like lifetime, aliases.NAME or policy.max_lifetime (--help lists them)
        #[arg(value_name = "KEY", value_hint = ValueHint::Other)]
        key: String,
        /// The value; lists (scopes, delegates, policy.service_accounts) are comma-separated
        #[arg(value_name = "VALUE")]
        value: String,
    },
    /// Remove one setting from the file
    Unset {
        /// The setting to remove, like lifetime or aliases.deploy
        #[arg(value_name = "KEY", value_hint = ValueHint::Other)]
        key: String,
    },
    /// Print every setting in the file, and which GSUDO_* variables override them
    List {
        /// How to print it: text for people, json for programs
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
}

/// `gsudo log`: the recent sessions from the session log.
#[derive(Debug, Args)]
pub struct LogArgs {
    /// How to print it: text for people, json for programs
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,

    /// How many of the most recent sessions to show (0 for all)
    #[arg(short = 'n', long, value_name = "N", default_value_t = 20)]
    pub limit: usize,
}

#[derive(Debug, Args)]
pub struct SandboxArgs {
    #[command(flatten)]
    pub session: SessionArgs,

    /// A world file (TOML) to emulate instead of the built-in demo world
    #[arg(long, value_name = "FILE")]
    pub world: Option<PathBuf>,

    /// Open a privileged shell in a sandbox session, as `gsudo` with no command does
    #[arg(long, conflicts_with = "command")]
    pub shell: bool,
    /// Mint through a local gsudo broker, as an organization's users do
    #[arg(long = "broker", alias = "with-broker")]
    pub with_broker: bool,

    /// The command to run in a sandbox session [default: a short tour]
    #[arg(
        value_name = "CMD",
        trailing_var_arg = true,
        allow_hyphen_values = true
    )]
    pub command: Vec<OsString>,

    #[command(subcommand)]
    pub action: Option<SandboxAction>,
}

#[derive(Debug, Subcommand)]
pub enum SandboxAction {
    /// Run the emulator in the foreground, for scripts and tests: `gsudo-emulator serve`, whose
    /// options (--listen, --https-listen, --audit-log, --write-config, faults) follow
    #[command(disable_help_flag = true)]
    Serve {
        /// The emulator's own options; `gsudo sandbox serve --help` lists them
        #[arg(
            value_name = "OPTIONS",
            trailing_var_arg = true,
            allow_hyphen_values = true
        )]
        args: Vec<OsString>,
    },
    /// Print the demo world file, a template for your own (--world)
    World,
    /// Approve a PAM grant as the world's approver (bob), where gcloud points at the emulator
    Approve {
        /// The grant's full name, as gsudo printed it
        #[arg(value_name = "GRANT")]
        grant: String,
        /// The approver's reason
        #[arg(long, value_name = "TEXT", default_value = "approved in the sandbox")]
        why: String,
    },
    /// Deny a PAM grant as the world's approver (bob), where gcloud points at the emulator
    Deny {
        /// The grant's full name, as gsudo printed it
        #[arg(value_name = "GRANT")]
        grant: String,
        /// The approver's reason
        #[arg(long, value_name = "TEXT", default_value = "denied in the sandbox")]
        why: String,
    },
}

/// `gsudo list`: which service accounts the caller may impersonate.
#[derive(Debug, Args)]
#[command(
    after_help = "Projects: -p ID (or -p A,B,C), else the active gcloud configuration's project; --all-projects for every project you can see.\nExit status: 0 when anything could be listed (failed projects are reported on stderr), 125 when nothing could."
)]
pub struct ListArgs {
    /// The projects to look in, comma-separated [default: the active gcloud configuration's
    /// project]
    #[arg(short = 'p', long, env = variable::PROJECT, value_name = "ID[,ID...]")]
    pub project: Option<String>,

    /// Every project you can see (Resource Manager search), instead of -p
    #[arg(long, conflicts_with = "project")]
    pub all_projects: bool,

    /// Ask the organization's gsudo broker at URL what you may become, instead of IAM
    #[arg(long, env = variable::BROKER, value_name = "URL")]
    pub broker: Option<url::Url>,

    #[command(flatten)]
    pub discovery: DiscoveryArgs,
}

/// `gsudo can`: which permissions an account holds on a resource.
#[derive(Debug, Args)]
#[command(
    after_help = "Resources: //cloudresourcemanager.googleapis.com/projects/ID (or projects/ID), folders/ID, organizations/ID, gs://BUCKET, projects/P/topics/T, projects/P/zones/Z/instances/I, an account's email, or the full resource name of anything whose API has testIamPermissions.\nExit status: 0; with PERMISSIONs named, 1 when any is not held; 125 when gsudo could not tell."
)]
pub struct CanArgs {
    #[command(flatten)]
    pub session: SessionArgs,

    /// Permissions to test [default: every permission testable on the resource]
    #[arg(value_name = "PERMISSION")]
    pub permissions: Vec<String>,

    /// The resource to test on [default: the project]
    #[arg(long, value_name = "RESOURCE")]
    pub on: Option<String>,

    /// Test your own permissions instead of the service account's
    #[arg(long, conflicts_with = "compare")]
    pub as_me: bool,

    /// Show your permissions and the service account's side by side
    #[arg(long)]
    pub compare: bool,

    #[command(flatten)]
    pub discovery: DiscoveryArgs,
}

/// What `list` and `can` share: output and how hard to press the APIs.
#[derive(Debug, Args)]
pub struct DiscoveryArgs {
    /// How to print it: text for people, json for programs
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,

    /// Most API calls in flight at once
    #[arg(long, value_name = "N", default_value_t = 32, value_parser = clap::value_parser!(u16).range(1..=256))]
    pub concurrency: u16,
}

/// How a command prints what it found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Lines or a table, for people
    Text,
    /// One JSON document, for programs
    Json,
}

/// A command line clap could not read, as one sentence and a hint like every other failure.
pub fn usage_failure(error: &clap::Error) -> Failure {
    use clap::error::{ContextKind, ContextValue};
    let rendered = error.render().to_string();
    let usage = rendered
        .lines()
        .find_map(|line| line.trim().strip_prefix("Usage: "))
        .map(|usage| {
            let words = usage.split_whitespace();
            let named: Vec<&str> = words
                .take_while(|w| !w.starts_with(['[', '<', '-']))
                .collect();
            named.join(" ")
        })
        .unwrap_or_else(|| "gsudo".to_owned());
    let see_help = format!("`{usage} --help` lists what it takes.");
    let context = |kind| match error.get(kind) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        Some(ContextValue::Strings(s)) => s.first().cloned(),
        Some(ContextValue::StyledStr(s)) => Some(s.to_string()),
        _ => None,
    };
    if error.kind() == clap::error::ErrorKind::UnknownArgument
        && let Some(option) = context(ContextKind::InvalidArg)
    {
        let guess = match context(ContextKind::SuggestedArg) {
            Some(suggested) => format!("; did you mean {suggested}?"),
            None => ".".to_owned(),
        };
        let hint = if usage == "gsudo" {
            "gsudo's options go before the command; put -- before a command that starts with -."
                .to_owned()
        } else {
            see_help
        };
        return Failure::new(format!("Unknown option {option}{guess}")).with_hint(hint);
    }
    if error.kind() == clap::error::ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
        return Failure::new(format!("{usage} needs a command."))
            .with_hint(format!("`{usage} --help` lists them."));
    }
    let mut lines = rendered.lines();
    let first = lines.next().unwrap_or_default();
    let mut message = first
        .strip_prefix("error: ")
        .unwrap_or(first)
        .trim()
        .to_owned();
    // "... were not provided:" is followed by the missing arguments, one per indented line.
    if let Some(intro) = message.strip_suffix(':') {
        let items: Vec<&str> = lines
            .take_while(|line| !line.trim().is_empty())
            .map(str::trim)
            .collect();
        message = format!("{intro}: {}", items.join(", "));
    }
    let tips: Vec<&str> = rendered
        .lines()
        .filter_map(|line| line.trim().strip_prefix("tip: "))
        .collect();
    let hint = match tips.as_slice() {
        [] => see_help,
        tips => sentence(&tips.join("; ")),
    };
    Failure::new(sentence(&message)).with_hint(hint)
}

/// `text` as a sentence: capitalised, with a full stop unless it ends with one already.
fn sentence(text: &str) -> String {
    let mut chars = text.chars();
    let mut sentence: String = chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default();
    if !sentence.ends_with(['.', '?', '!']) {
        sentence.push('.');
    }
    sentence
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    fn parse(args: &[&str]) -> Cli {
        Cli::try_parse_from(args).unwrap_or_else(|e| panic!("{args:?}: {e}"))
    }

    #[test]
    fn definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn options_end_at_the_first_command_word() {
        let cli = parse(&[
            "gsudo",
            "-s",
            "sa@p.iam.gserviceaccount.com",
            "-R",
            "r",
            "gcloud",
            "storage",
            "ls",
            "--format=json",
            "--project",
            "x",
            "-s",
            "y",
        ]);
        assert!(cli.subcommand.is_none());
        let argv = cli.command;
        assert_eq!(
            argv,
            [
                "gcloud",
                "storage",
                "ls",
                "--format=json",
                "--project",
                "x",
                "-s",
                "y"
            ]
        );
    }

    #[test]
    fn double_dash_forces_a_command_named_like_a_subcommand() {
        let cli = parse(&["gsudo", "-R", "r", "--", "token", "--format", "json"]);
        assert!(cli.subcommand.is_none());
        assert_eq!(cli.command, ["token", "--format", "json"]);
    }

    #[test]
    fn subcommands_take_the_session_options_after_them() {
        let cli = parse(&[
            "gsudo",
            "token",
            "-s",
            "sa@p.iam.gserviceaccount.com",
            "-R",
            "r",
        ]);
        let Some(Command::Token { session, .. }) = cli.subcommand else {
            panic!("not token: {cli:?}")
        };
        assert!(session.service_account.is_some());
    }

    #[test]
    fn a_subcommand_is_one_only_as_the_first_argument() {
        for word in ["whoami", "token", "version", "help"] {
            let cli = parse(&["gsudo", "-s", "deploy", "-R", "r", word, "-v"]);
            assert!(cli.subcommand.is_none(), "{word} was taken as gsudo's own");
            assert_eq!(cli.command, [word, "-v"]);
        }
        let cli = parse(&["gsudo", "-v", "whoami"]);
        assert!(cli.subcommand.is_none());
    }

    #[test]
    fn a_mistyped_option_before_the_command_is_an_error_with_a_suggestion() {
        let e = Cli::try_parse_from([
            "gsudo",
            "-s",
            "deploy",
            "-R",
            "r",
            "--lifetme",
            "5m",
            "true",
        ])
        .unwrap_err();
        assert_eq!(e.kind(), clap::error::ErrorKind::UnknownArgument);
        let failure = usage_failure(&e);
        assert_eq!(
            failure.message,
            "Unknown option --lifetme; did you mean --lifetime?"
        );
        assert!(failure.hint.unwrap().contains("put -- before"));
        // `--` still forces a command that starts with `-`.
        let cli = parse(&["gsudo", "-R", "r", "--", "--lifetme", "5m"]);
        assert_eq!(cli.command, ["--lifetme", "5m"]);
        // After the command word, options are the command's.
        let cli = parse(&["gsudo", "-R", "r", "ls", "--lifetme"]);
        assert_eq!(cli.command, ["ls", "--lifetme"]);
    }

    #[test]
    fn short_options_take_attached_values() {
        let cli = parse(&["gsudo", "-Rwhy", "-sdeploy", "-pproj", "true"]);
        assert_eq!(cli.session.reason.unwrap().to_string(), "why");
        assert_eq!(cli.session.service_account.unwrap().to_string(), "deploy");
        assert_eq!(cli.session.project.as_deref(), Some("proj"));
        assert_eq!(cli.command, ["true"]);
    }

    #[test]
    fn help_has_a_help_of_its_own() {
        let e = Cli::try_parse_from(["gsudo", "help", "--help"]).unwrap_err();
        assert_eq!(e.kind(), clap::error::ErrorKind::DisplayHelp);
        let cli = parse(&["gsudo", "help", "config", "set"]);
        assert!(
            matches!(cli.subcommand, Some(Command::Help { topic }) if topic == ["config", "set"])
        );
    }

    #[test]
    fn a_session_option_given_to_a_command_that_does_not_use_it_is_refused() {
        const SA: &str = "sa@p.iam.gserviceaccount.com";
        let refused = |args: &[&str]| {
            let e = Cli::parse_checked_from(args).expect_err("refused");
            assert_eq!(e.kind(), clap::error::ErrorKind::ArgumentConflict);
            e.to_string()
        };
        let e = refused(&["gsudo", "grants", "-R", "why"]);
        assert!(
            e.contains("the option --reason is for commands run in a session; gsudo grants"),
            "{e}"
        );
        assert!(refused(&["gsudo", "token", "-s", SA, "--no-proxy"]).contains("--no-proxy"));
        assert!(refused(&["gsudo", "can", "-s", SA, "--keep-grant"]).contains("--keep-grant"));
        // What a command uses, and gsudo's own options, are taken as before.
        for args in [
            &["gsudo", "grants", "-p", "proj"][..],
            &["gsudo", "token", "-s", SA, "-R", "why", "--lifetime", "5m"],
            &["gsudo", "-s", SA, "-R", "why", "--no-proxy", "true"],
            &[
                "gsudo",
                "sandbox",
                "--broker-url",
                "https://broker.example",
                "true",
            ],
        ] {
            Cli::parse_checked_from(args).unwrap_or_else(|e| panic!("{args:?}: {e}"));
        }
    }

    #[test]
    fn a_subcommand_help_shows_only_its_own_options() {
        let mut gsudo = Cli::command();
        gsudo.build();
        let help = |path: &[&str]| {
            let mut cmd = gsudo.clone();
            for name in path {
                cmd = cmd.find_subcommand(name).unwrap().clone();
            }
            cmd.render_long_help().to_string()
        };
        let version = help(&["version"]);
        assert!(!version.contains("--service-account"), "{version}");
        assert!(!version.contains("--lifetime"), "{version}");
        let token = help(&["token"]);
        assert!(token.contains("--service-account"), "{token}");
        assert!(!token.contains("--no-proxy"), "{token}");
        assert!(!token.contains("--keep-grant"), "{token}");
        let grants = help(&["grants"]);
        assert!(grants.contains("--project"), "{grants}");
        assert!(!grants.contains("--reason"), "{grants}");
        let check = help(&["broker", "check"]);
        assert!(check.contains("--session "), "{check}");
        assert!(
            !check.contains("--gke-cluster") && !check.contains("--pam"),
            "{check}"
        );
        assert!(token.contains("json for programs"), "{token}");
        let set = help(&["config", "set"]);
        for (key, ..) in settings::keys() {
            assert!(set.contains(&key), "{key} missing from: {set}");
        }
        assert!(set.contains("[default: 10m]"), "{set}");
    }

    /// Every variable the settings table names is one the command line reads, and the command
    /// line reads no variable the table does not name: `config list` says truly which variable
    /// overrides a setting, and a key added to one place only fails here.
    #[test]
    fn the_command_line_reads_exactly_the_variables_of_the_settings_table() {
        fn read(command: &clap::Command, into: &mut std::collections::BTreeSet<String>) {
            for arg in command.get_arguments() {
                if let Some(v) = arg.get_env() {
                    into.insert(v.to_string_lossy().into_owned());
                }
            }
            for sub in command.get_subcommands() {
                read(sub, into);
            }
        }
        let mut cli = std::collections::BTreeSet::new();
        read(&Cli::command(), &mut cli);
        let table: std::collections::BTreeSet<String> = settings::SETTINGS
            .iter()
            .filter_map(|s| s.variable)
            .chain(settings::FLAG_VARIABLES.iter().copied())
            .map(str::to_owned)
            .collect();
        assert_eq!(cli, table);
    }

    #[test]
    fn parse_errors_are_a_sentence_and_a_hint() {
        let e = Cli::try_parse_from(["gsudo", "--lifetime", "soon", "true"]).unwrap_err();
        let failure = usage_failure(&e);
        assert!(
            failure.message.starts_with("Invalid value 'soon'"),
            "{failure}"
        );
        assert!(failure.message.ends_with('.'), "{failure}");
        let e = Cli::try_parse_from(["gsudo", "config", "set", "lifetime"]).unwrap_err();
        let failure = usage_failure(&e);
        assert_eq!(
            failure.message,
            "The following required arguments were not provided: <VALUE>."
        );
        let e = Cli::try_parse_from(["gsudo", "config"]).unwrap_err();
        assert_eq!(usage_failure(&e).message, "gsudo config needs a command.");
        let e = Cli::try_parse_from(["gsudo", "token", "--formt", "json"]).unwrap_err();
        let failure = usage_failure(&e);
        assert_eq!(
            failure.message,
            "Unknown option --formt; did you mean --format?"
        );
        assert_eq!(
            failure.hint.as_deref(),
            Some("`gsudo token --help` lists what it takes.")
        );
    }

    #[test]
    fn sandbox_runs_a_command_with_or_without_dashes() {
        let cli = parse(&[
            "gsudo", "sandbox", "--", "gcloud", "storage", "buckets", "list",
        ]);
        let Some(Command::Sandbox(args)) = cli.subcommand else {
            panic!()
        };
        assert_eq!(args.command, ["gcloud", "storage", "buckets", "list"]);
        let cli = parse(&["gsudo", "sandbox", "gcloud", "info"]);
        let Some(Command::Sandbox(args)) = cli.subcommand else {
            panic!()
        };
        assert!(args.action.is_none());
        assert_eq!(args.command, ["gcloud", "info"]);
        let cli = parse(&["gsudo", "sandbox", "serve", "--listen", "127.0.0.1:0"]);
        let Some(Command::Sandbox(args)) = cli.subcommand else {
            panic!()
        };
        assert!(matches!(args.action, Some(SandboxAction::Serve { .. })));
    }

    #[test]
    fn the_sandboxs_broker_flag_runs_its_own_broker() {
        for flag in ["--broker", "--with-broker"] {
            let cli = parse(&["gsudo", "sandbox", flag, "gcloud", "info"]);
            let Some(Command::Sandbox(args)) = cli.subcommand else {
                panic!()
            };
            assert!(args.with_broker && args.session.broker.is_none());
            assert_eq!(args.command, ["gcloud", "info"]);
        }
        // The session option is still there under another name, for the sandbox to refuse.
        let cli = parse(&["gsudo", "sandbox", "--broker-url", "https://b.example"]);
        let Some(Command::Sandbox(args)) = cli.subcommand else {
            panic!()
        };
        assert!(!args.with_broker && args.session.broker.is_some());
        // Everywhere else `--broker` takes the broker's URL.
        let cli = parse(&[
            "gsudo",
            "-s",
            "a@p.iam.gserviceaccount.com",
            "--broker",
            "https://b.example",
            "true",
        ]);
        assert!(cli.subcommand.is_none());
    }

    #[test]
    fn proxy_options_parse() {
        let cli = parse(&[
            "gsudo",
            "--proxy-resolve",
            "storage.googleapis.com:443:127.0.0.1:8443",
            "--proxy-resolve",
            "a.example:443:127.0.0.2",
            "--upstream-ca-file",
            "/tmp/ca.pem",
            "--no-proxy",
            "true",
        ]);
        assert!(cli.session.no_proxy);
        assert_eq!(cli.session.proxy_resolve.len(), 2);
        assert_eq!(cli.session.proxy_resolve[1].address, "127.0.0.2:443");
        assert_eq!(
            cli.session.upstream_ca_file.as_deref(),
            Some(std::path::Path::new("/tmp/ca.pem"))
        );
        assert!(Cli::try_parse_from(["gsudo", "--proxy-resolve", "nonsense", "true"]).is_err());
    }

    #[test]
    fn malformed_service_account_is_refused_while_parsing() {
        // "not-an-email" would be a well-formed alias; this is neither alias nor email.
        assert!(Cli::try_parse_from(["gsudo", "-s", "not an email", "-R", "r", "true"]).is_err());
        assert!(Cli::try_parse_from(["gsudo", "-s", "a@b", "-R", "r", "true"]).is_err());
    }
}
