//! The command line, defined once: `--help`, the man pages and the completions come from here.

use std::ffi::OsString;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::types::{AccountName, HostMapping, Lifetime, Reason, Scopes, ServiceAccount};

/// Run a command as a Google Cloud service account, for minutes, with a reason, and leave nothing
/// behind.
///
/// gsudo mints short-lived tokens for the service account through the IAM Credentials API and
/// runs CMD in a private session where gcloud, gsutil, bq and client libraries act as that
/// account. The reason is recorded in Google's audit logs. With no CMD it opens a privileged
/// shell. Everything from the first word that is not one of gsudo's options reaches CMD
/// unchanged.
#[derive(Debug, Parser)]
#[command(
    name = "gsudo",
    version,
    override_usage = "gsudo [OPTIONS] [--] [CMD [ARGS]...]\n       gsudo [OPTIONS] <SUBCOMMAND>",
    after_help = "Examples:\n  gsudo -s deployer@proj.iam.gserviceaccount.com -R \"JIRA-123 rotate keys\" kubectl get pods\n  gsudo sandbox -- gcloud storage buckets list\n  curl -H \"Authorization: Bearer $(gsudo token -s SA -R why)\" https://..."
)]
pub struct Cli {
    #[command(flatten)]
    pub session: SessionArgs,

    #[command(flatten)]
    pub output: OutputArgs,

    /// The command to run and its arguments, passed on unchanged (after `--` it may be named like
    /// a subcommand)
    #[arg(
        value_name = "CMD",
        trailing_var_arg = true,
        allow_hyphen_values = true
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
        global = true,
        env = "GSUDO_SERVICE_ACCOUNT",
        value_name = "EMAIL|ALIAS"
    )]
    pub service_account: Option<AccountName>,

    /// Why you need it; recorded in the audit logs of every call
    #[arg(
        short = 'R',
        long,
        global = true,
        env = "GSUDO_REASON",
        value_name = "TEXT"
    )]
    pub reason: Option<Reason>,

    /// The project commands run in [default: the active gcloud configuration's project]
    #[arg(
        short = 'p',
        long,
        global = true,
        env = "GSUDO_PROJECT",
        value_name = "ID"
    )]
    pub project: Option<String>,

    /// Delegation chain, comma-separated: you hold Token Creator on the first, each on the next,
    /// the last on the service account
    #[arg(
        long,
        global = true,
        env = "GSUDO_DELEGATES",
        value_name = "A,B",
        value_delimiter = ','
    )]
    pub delegates: Vec<ServiceAccount>,

    /// Life of one minted token (like 10m or 1h; at most 12h, over 1h needs an organization
    /// policy) [default: 10m]
    // No clap default: the configuration file's must be able to stand in for a missing flag.
    #[arg(long, global = true, env = "GSUDO_LIFETIME", value_name = "DURATION")]
    pub lifetime: Option<Lifetime>,

    /// How long the session may keep minting fresh tokens [default: 1h]
    #[arg(
        long = "session",
        global = true,
        env = "GSUDO_SESSION_LENGTH",
        value_name = "DURATION"
    )]
    pub session_length: Option<Lifetime>,

    /// OAuth scopes, comma-separated; short names like cloud-platform are expanded
    /// [default: cloud-platform,userinfo.email]
    #[arg(long, global = true, env = "GSUDO_SCOPES", value_name = "SCOPES")]
    pub scopes: Option<Scopes>,

    /// Start no auth-rewriting proxy: tools that hold credentials of their own then use them
    /// instead of the service account's
    #[arg(
        long,
        global = true,
        env = "GSUDO_NO_PROXY",
        value_parser = clap::builder::FalseyValueParser::new()
    )]
    pub no_proxy: bool,

    /// Serve no metadata server in the session: tools that only know the metadata server then
    /// find none
    #[arg(
        long,
        global = true,
        env = "GSUDO_NO_METADATA_SERVER",
        value_parser = clap::builder::FalseyValueParser::new()
    )]
    pub no_metadata_server: bool,

    /// A GKE cluster your kubeconfig has no entry for: its endpoint and CA are fetched as the
    /// service account into the session's kubeconfig only, as the current context
    #[arg(long, global = true, value_name = "NAME", requires = "location")]
    pub gke_cluster: Option<String>,

    /// The --gke-cluster's location (its region or zone)
    #[arg(long, global = true, value_name = "LOCATION", requires = "gke_cluster")]
    pub location: Option<String>,

    /// For private endpoints and tests: when the proxy is asked for HOST:PORT, connect to
    /// ADDRESS instead, like curl --resolve (repeatable; comma-separated in the variable)
    #[arg(
        long = "proxy-resolve",
        global = true,
        env = "GSUDO_PROXY_RESOLVE",
        value_name = "HOST:PORT:ADDRESS",
        value_delimiter = ','
    )]
    pub proxy_resolve: Vec<HostMapping>,

    /// For private endpoints and tests: a PEM file of CAs the proxy trusts for Google API hosts,
    /// besides the system's
    #[arg(
        long,
        global = true,
        env = "GSUDO_UPSTREAM_CA_FILE",
        value_name = "FILE"
    )]
    pub upstream_ca_file: Option<PathBuf>,

    /// Mint every token of the session through the organization's gsudo broker at URL
    #[arg(long, global = true, env = "GSUDO_BROKER", value_name = "URL")]
    pub broker: Option<url::Url>,

    /// Answer yes to the confirmation a policy asks for before a privileged run
    #[arg(short = 'y', long, global = true)]
    pub yes: bool,
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

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print a fresh access token for the service account on stdout, for scripts
    Token {
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Print an OpenID Connect ID token for the service account (Cloud Run, IAP), for scripts
    IdToken {
        /// Who the token is for, like https://my-service-abc123-ew.a.run.app
        #[arg(long, value_name = "URL")]
        audience: String,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Show who you are, where that identity came from, and the session you are in
    Whoami {
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// List the service accounts you can impersonate, in one project, several, or all you can see
    List(ListArgs),
    /// Show which permissions a service account (or you) holds on a resource
    Can(CanArgs),
    /// Try gsudo offline against its emulator of the Google APIs (gsudo-emulator)
    Sandbox(SandboxArgs),
    /// Read or change the configuration file (defaults, aliases, per-project accounts, policy)
    Config {
        #[command(subcommand)]
        action: ConfigAction,
    },
    /// Show the sessions you ran, newest last, from the session log
    Log(LogArgs),
    /// Print the completion script for a shell
    #[command(
        after_help = "Install, for example:\n  bash: gsudo completions bash > ~/.local/share/bash-completion/completions/gsudo\n  zsh:  gsudo completions zsh > ~/.zfunc/_gsudo   (with fpath+=~/.zfunc before compinit)\n  fish: gsudo completions fish > ~/.config/fish/completions/gsudo.fish"
    )]
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print gsudo's version
    Version,
    /// The organization's broker, which alone holds Token Creator and mints by policy
    Broker {
        #[command(subcommand)]
        action: BrokerAction,
    },
}

#[derive(Debug, Subcommand)]
pub enum BrokerAction {
    /// Serve the broker's API (POST /v1/token, GET /healthz) until SIGTERM
    Serve(BrokerServeArgs),
    /// Explain offline what a policy decides for a caller, the account (-s), the reason (-R),
    /// --lifetime, --session, --scopes and --delegates
    #[command(
        after_help = "Exit status: 0 when the policy allows, 1 when it refuses, 125 when gsudo could not tell.\nExample:\n  gsudo broker check --policy policy.toml --caller alice@example.com -s deployer@p.iam.gserviceaccount.com -R \"OPS-1 deploy\""
    )]
    Check(BrokerCheckArgs),
}

/// `gsudo broker check`.
#[derive(Debug, Args)]
pub struct BrokerCheckArgs {
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
    #[arg(long, value_name = "FILE", env = "GSUDO_BROKER_POLICY")]
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
        env = "GSUDO_BROKER_AUDIENCE",
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
}

#[derive(Debug, Subcommand)]
pub enum ConfigAction {
    /// Print where the configuration file is ($XDG_CONFIG_HOME/gsudo/config.toml)
    Path,
    /// Print one setting's value from the file, like `gsudo config get lifetime`
    Get {
        #[arg(value_name = "KEY")]
        key: String,
    },
    /// Set one setting, keeping the rest of the file (comments too) as it is
    #[command(
        after_help = "Keys: service_account, lifetime, session_length, scopes, delegates, proxy, metadata_server, reason_required, broker, aliases.NAME, projects.ID.service_account, policy.RULE.\nExamples:\n  gsudo config set aliases.deploy deployer@proj.iam.gserviceaccount.com\n  gsudo config set projects.proj.service_account deploy\n  gsudo config set lifetime 15m"
    )]
    Set {
        #[arg(value_name = "KEY")]
        key: String,
        /// The value; lists (scopes, delegates, policy.service_accounts) are comma-separated
        #[arg(value_name = "VALUE")]
        value: String,
    },
    /// Remove one setting from the file
    Unset {
        #[arg(value_name = "KEY")]
        key: String,
    },
    /// Print every setting in the file, and which GSUDO_* variables override them
    List {
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
}

/// `gsudo log`: the recent sessions from the session log.
#[derive(Debug, Args)]
pub struct LogArgs {
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,

    /// How many of the most recent sessions to show (0 for all)
    #[arg(short = 'n', long, value_name = "N", default_value_t = 20)]
    pub limit: usize,
}

#[derive(Debug, Args)]
pub struct SandboxArgs {
    /// A world file (TOML) to emulate instead of the built-in demo world
    #[arg(long, value_name = "FILE")]
    pub world: Option<PathBuf>,

    /// Mint through a local gsudo broker, as an organization's users do
    #[arg(long)]
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
}

/// `gsudo list`: which service accounts the caller may impersonate.
#[derive(Debug, Args)]
#[command(
    after_help = "Projects: -p ID (or -p A,B,C), else the active gcloud configuration's project; --all-projects for every project you can see.\nExit status: 0 when anything could be listed (failed projects are reported on stderr), 125 when nothing could."
)]
pub struct ListArgs {
    /// Every project you can see (Resource Manager search), instead of -p
    #[arg(long, conflicts_with = "project")]
    pub all_projects: bool,

    #[command(flatten)]
    pub discovery: DiscoveryArgs,
}

/// `gsudo can`: which permissions an account holds on a resource.
#[derive(Debug, Args)]
#[command(
    after_help = "Resources: //cloudresourcemanager.googleapis.com/projects/ID (or projects/ID), folders/ID, organizations/ID, gs://BUCKET, projects/P/topics/T, projects/P/zones/Z/instances/I, an account's email, or the full resource name of anything whose API has testIamPermissions.\nExit status: 0; with PERMISSIONs named, 1 when any is not held; 125 when gsudo could not tell."
)]
pub struct CanArgs {
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
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,

    /// Most API calls in flight at once
    #[arg(long, value_name = "N", default_value_t = 32, value_parser = clap::value_parser!(u16).range(1..=256))]
    pub concurrency: u16,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
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
        assert!(matches!(cli.subcommand, Some(Command::Token { .. })));
        assert!(cli.session.service_account.is_some());
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
