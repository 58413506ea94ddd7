//! Where each setting comes from: a flag, else its GSUDO_* variable (clap reads both, flag
//! first), else the configuration file, else gsudo's default. Then every policy has its say,
//! still before anything touches the network.

use std::path::Path;

use super::file::{ConfigFile, FileError};
use super::policy::Policies;
use super::{Env, Gcloud, MAX_LIFETIME, ProxySettings, Settings};
use crate::cli::SessionArgs;
use crate::types::{AccountName, Lifetime, Reason, ServiceAccount};
use crate::ui::{self, Failure};

/// A token's life when nobody says otherwise.
pub const DEFAULT_LIFETIME: Lifetime = Lifetime::from_secs(600);
/// A session's length when nobody says otherwise.
pub const DEFAULT_SESSION_LENGTH: Lifetime = Lifetime::from_secs(3600);

/// The machine-wide configuration; gsudo reads only its `broker` key, so that an organization
/// can point every user of the machine at its broker.
pub const SYSTEM_CONFIG: &str = "/etc/gsudo/config.toml";

/// The broker gsudo mints through: `flag` (`--broker`, GSUDO_BROKER), else the user's
/// configuration file's, else the machine's; for commands that load no [`Settings`].
pub fn configured_broker(flag: Option<String>, env: &Env) -> Result<Option<String>, Failure> {
    if flag.is_some() {
        return Ok(flag);
    }
    let file = ConfigFile::load(env).map_err(file_failure)?;
    match file.broker {
        Some(url) => Ok(Some(url)),
        None => system_broker(Path::new(SYSTEM_CONFIG)).map_err(file_failure),
    }
}

/// The `broker` of a machine-wide configuration file; none when there is no file.
fn system_broker(path: &Path) -> Result<Option<String>, FileError> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(ConfigFile::parse(path, &text)?.broker),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(FileError::Read {
            path: path.to_owned(),
            source,
        }),
    }
}

/// What the audit logs say when the configuration lets a run go without a reason.
const NO_REASON: &str = "no reason given";

impl Settings {
    /// The settings of a run by the user gsudo was started by: flags and GSUDO_* variables over
    /// their configuration file over the defaults, checked against every policy that applies.
    pub fn load(args: &SessionArgs, env: &Env) -> Result<Self, Failure> {
        let file = ConfigFile::load(env).map_err(file_failure)?;
        if let (Some(path), true) = (&file.path, file.exists) {
            ui::debug(&format!("configuration: {}", path.display()));
        }
        let policies = Policies::load(env, &file).map_err(file_failure)?;
        // A project's default account follows the project the command works in.
        let project = args
            .project
            .clone()
            .filter(|p| !p.is_empty())
            .or_else(|| Gcloud::load(env).project());
        let mut settings = Self::layered(args, env, &file, &policies, project.as_deref())?;
        settings.trail = crate::trail::path(env);
        if settings.broker.is_none() {
            settings.broker = system_broker(Path::new(SYSTEM_CONFIG)).map_err(file_failure)?;
        }
        Ok(settings)
    }

    /// `args` over the files' settings, then the policies' checks.
    pub(super) fn layered(
        args: &SessionArgs,
        env: &Env,
        file: &ConfigFile,
        policies: &Policies,
        project: Option<&str>,
    ) -> Result<Self, Failure> {
        let name = args
            .service_account
            .clone()
            .or_else(|| project.and_then(|p| file.projects.get(p)).cloned())
            .or_else(|| file.service_account.clone())
            .ok_or_else(|| {
                Failure::new("No service account was given.").with_hint(
                    "Name one with -s EMAIL or an alias (or GSUDO_SERVICE_ACCOUNT), or set the project's: gsudo config set projects.ID.service_account EMAIL.",
                )
            })?;
        let account = account_for(&name, file)?;
        policies.check_account(&account)?;

        let reason = match (args.reason.clone(), file.reason_required) {
            (Some(reason), _) => reason,
            (None, relaxed) => {
                if let Some(violation) = policies.missing_reason() {
                    return Err(violation.into());
                }
                match relaxed {
                    Some(false) => no_reason(),
                    _ => {
                        return Err(Failure::new(
                            "No reason was given; gsudo records why in the audit log of every call.",
                        )
                        .with_hint(
                            "Say why with -R \"TICKET-123 what you are doing\" (or GSUDO_REASON).",
                        ));
                    }
                }
            }
        };
        policies.check_reason(&reason)?;

        let (lifetime, explicit_lifetime) = chosen(args.lifetime, file.lifetime, DEFAULT_LIFETIME);
        let (session_length, explicit_session) = chosen(
            args.session_length,
            file.session_length,
            DEFAULT_SESSION_LENGTH,
        );
        for (what, value) in [("--lifetime", lifetime), ("--session", session_length)] {
            if value.as_secs() == 0 || value > MAX_LIFETIME {
                return Err(Failure::new(format!(
                    "{what} {value} is out of range; it must be between 1s and 12h."
                ))
                .with_hint("Write it like 10m or 1h."));
            }
        }
        let lifetime = policies.cap_lifetime(lifetime, explicit_lifetime)?;
        let session_length = policies.cap_session_length(session_length, explicit_session)?;

        let delegates = match (&args.delegates, &file.delegates) {
            (given, _) if !given.is_empty() => given.clone(),
            (_, Some(configured)) => configured.clone(),
            _ => Vec::new(),
        };
        Ok(Self {
            account,
            reason,
            project: args.project.clone().filter(|p| !p.is_empty()),
            delegates,
            lifetime,
            session_length,
            scopes: args
                .scopes
                .clone()
                .or_else(|| file.scopes.clone())
                .unwrap_or_default(),
            proxy: ProxySettings {
                enabled: switch(args.no_proxy, env, "GSUDO_NO_PROXY", file, "proxy"),
                mappings: args.proxy_resolve.clone(),
                upstream_ca_file: args.upstream_ca_file.clone(),
            },
            metadata_server: switch(
                args.no_metadata_server,
                env,
                "GSUDO_NO_METADATA_SERVER",
                file,
                "metadata_server",
            ),
            gke_cluster: args.gke_cluster.clone().zip(args.location.clone()),
            confirm: match args.yes {
                true => None,
                false => policies.confirming().map(Path::to_owned),
            },
            trail: None,
            broker: args
                .broker
                .as_ref()
                .map(ToString::to_string)
                .or_else(|| file.broker.clone()),
        })
    }
}

/// The value given, else the file's, else the default; and whether someone asked for it.
fn chosen(given: Option<Lifetime>, file: Option<Lifetime>, default: Lifetime) -> (Lifetime, bool) {
    match given.or(file) {
        Some(value) => (value, true),
        None => (default, false),
    }
}

/// A session feature that is on unless turned off: `--no-X` or a true `GSUDO_NO_X` turns it off;
/// a false `GSUDO_NO_X` turns it on whatever the file says; then the file's `X = true|false`.
pub fn switch(off_flag: bool, env: &Env, var: &str, file: &ConfigFile, key: &str) -> bool {
    if off_flag {
        return false;
    }
    // clap has read a true value as the flag: a variable still set here says "false".
    if env.get(var).is_some() {
        return true;
    }
    file.switches.get(key).copied().unwrap_or(true)
}

fn account_for(name: &AccountName, file: &ConfigFile) -> Result<ServiceAccount, Failure> {
    match name {
        AccountName::Account(account) => Ok(account.clone()),
        AccountName::Alias(alias) => file.aliases.get(alias).cloned().ok_or_else(|| {
            let place = file.path.as_ref().map_or_else(
                || "the configuration file".to_owned(),
                |p| p.display().to_string(),
            );
            Failure::new(format!(
                "'{alias}' is not a service account email, nor an alias in {place}."
            ))
            .with_hint(format!(
                "Give the full email, or add the alias: gsudo config set aliases.{alias} EMAIL"
            ))
        }),
    }
}

fn no_reason() -> Reason {
    NO_REASON
        .parse()
        .expect("the stand-in reason is one printable line")
}

pub fn file_failure(e: FileError) -> Failure {
    let hint = match &e {
        FileError::Invalid { .. } => {
            "Fix that line; gsudo never rewrites a file it cannot read.".to_owned()
        }
        FileError::Read { .. } => {
            "Check that the file exists and that you may read it.".to_owned()
        }
        FileError::Write { .. } => {
            "Check that its directory exists and that you may write to it.".to_owned()
        }
        FileError::UnknownKey { .. } => "The keys are service_account, lifetime, session_length, scopes, delegates, proxy, metadata_server, reason_required, broker, aliases.NAME, projects.ID.service_account and policy.RULE.".to_owned(),
        FileError::BadValue { .. } => "See gsudo config set --help for each key's values.".to_owned(),
    };
    Failure::new(crate::auth::sentence(&e.to_string())).with_hint(hint)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;
    use std::path::PathBuf;

    const DEPLOYER: &str = "deployer@p.iam.gserviceaccount.com";

    #[test]
    fn the_machine_wide_file_names_the_broker() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        assert_eq!(system_broker(&path).unwrap(), None);
        std::fs::write(&path, "broker = \"https://broker.example.com\"\n").unwrap();
        assert_eq!(
            system_broker(&path).unwrap().as_deref(),
            Some("https://broker.example.com")
        );
        std::fs::write(&path, "broker = \"ftp://x\"\n").unwrap();
        assert!(
            system_broker(&path)
                .unwrap_err()
                .to_string()
                .contains("https://")
        );
    }

    fn args(argv: &[&str]) -> SessionArgs {
        let mut full = vec!["gsudo"];
        full.extend_from_slice(argv);
        full.push("true");
        crate::cli::Cli::try_parse_from(full)
            .unwrap_or_else(|e| panic!("{argv:?}: {e}"))
            .session
    }

    fn file(text: &str) -> ConfigFile {
        ConfigFile::parse(Path::new("/h/.config/gsudo/config.toml"), text).unwrap()
    }

    fn settings(argv: &[&str], text: &str, project: Option<&str>) -> Result<Settings, Failure> {
        let file = file(text);
        let policies = Policies::load_from(
            Path::new("/nonexistent/policy.toml"),
            &Env::default(),
            &file,
        )
        .unwrap();
        Settings::layered(&args(argv), &Env::default(), &file, &policies, project)
    }

    #[test]
    fn flags_beat_the_file_which_beats_the_defaults() {
        let text = format!(
            "service_account = '{DEPLOYER}'\nlifetime = '20m'\nsession_length = '3h'\nscopes = 'bigquery'\ndelegates = 'a@p.iam.gserviceaccount.com'\nproxy = false\n"
        );
        let s = settings(&["-R", "r"], &text, None).unwrap();
        assert_eq!(s.account.as_str(), DEPLOYER);
        assert_eq!(s.lifetime, Lifetime::from_secs(1200));
        assert_eq!(s.session_length, Lifetime::from_secs(3 * 3600));
        assert_eq!(
            s.scopes.as_slice(),
            ["https://www.googleapis.com/auth/bigquery"]
        );
        assert_eq!(s.delegates.len(), 1);
        assert!(!s.proxy.enabled);
        let s = settings(
            &[
                "-R",
                "r",
                "--lifetime",
                "5m",
                "--session",
                "30m",
                "--scopes",
                "cloud-platform",
            ],
            &text,
            None,
        )
        .unwrap();
        assert_eq!(s.lifetime, Lifetime::from_secs(300));
        assert_eq!(s.session_length, Lifetime::from_secs(1800));
        let s = settings(&["-s", "x@p.iam.gserviceaccount.com", "-R", "r"], "", None).unwrap();
        assert_eq!(s.lifetime, DEFAULT_LIFETIME);
        assert_eq!(s.session_length, DEFAULT_SESSION_LENGTH);
        assert!(s.proxy.enabled);
    }

    #[test]
    fn a_false_no_proxy_variable_beats_the_file() {
        let f = file("proxy = false\n");
        assert!(!switch(
            false,
            &Env::default(),
            "GSUDO_NO_PROXY",
            &f,
            "proxy"
        ));
        let env = Env::from_pairs([("GSUDO_NO_PROXY", "0")]);
        assert!(switch(false, &env, "GSUDO_NO_PROXY", &f, "proxy"));
        assert!(!switch(true, &env, "GSUDO_NO_PROXY", &file(""), "proxy"));
    }

    #[test]
    fn aliases_and_project_defaults_resolve() {
        let text = format!(
            "[aliases]\ndeploy = '{DEPLOYER}'\n[projects.proj-a]\nservice_account = 'deploy'\n[projects.proj-b]\nservice_account = 'b@p.iam.gserviceaccount.com'\n"
        );
        let s = settings(&["-s", "deploy", "-R", "r"], &text, None).unwrap();
        assert_eq!(s.account.as_str(), DEPLOYER);
        let s = settings(&["-R", "r"], &text, Some("proj-a")).unwrap();
        assert_eq!(s.account.as_str(), DEPLOYER);
        let s = settings(&["-R", "r"], &text, Some("proj-b")).unwrap();
        assert_eq!(s.account.as_str(), "b@p.iam.gserviceaccount.com");
        let f = settings(&["-R", "r"], &text, Some("proj-c")).unwrap_err();
        assert_eq!(f.message, "No service account was given.");
        let f = settings(&["-s", "deplyo", "-R", "r"], &text, None).unwrap_err();
        assert_eq!(
            f.message,
            "'deplyo' is not a service account email, nor an alias in /h/.config/gsudo/config.toml."
        );
    }

    #[test]
    fn the_file_may_make_the_reason_optional_unless_a_policy_says_otherwise() {
        let who = ["-s", DEPLOYER];
        assert!(
            settings(&who, "", None)
                .unwrap_err()
                .message
                .starts_with("No reason")
        );
        let s = settings(&who, "reason_required = false\n", None).unwrap();
        assert_eq!(s.reason.to_string(), NO_REASON);
        let f = settings(
            &who,
            "reason_required = false\n[policy]\nreason_required = true\n",
            None,
        )
        .unwrap_err();
        assert_eq!(
            f.message,
            "The policy in /h/.config/gsudo/config.toml requires a reason (rule reason_required)."
        );
    }

    #[test]
    fn a_policy_caps_defaults_refuses_explicit_asks_and_asks_to_confirm() {
        let policy = "[policy]\nmax_lifetime = '5m'\nconfirm = true\n";
        let s = settings(&["-s", DEPLOYER, "-R", "r"], policy, None).unwrap();
        assert_eq!(s.lifetime, Lifetime::from_secs(300));
        assert_eq!(
            s.confirm,
            Some(PathBuf::from("/h/.config/gsudo/config.toml"))
        );
        let s = settings(&["-s", DEPLOYER, "-R", "r", "-y"], policy, None).unwrap();
        assert_eq!(s.confirm, None);
        let f = settings(
            &["-s", DEPLOYER, "-R", "r", "--lifetime", "6m"],
            policy,
            None,
        )
        .unwrap_err();
        assert!(f.message.contains("(rule max_lifetime)"), "{}", f.message);
    }
}
