//! Where each setting comes from: a flag, else its GSUDO_* variable (clap reads both, flag
//! first), else the configuration file, else gsudo's default. Then every policy has its say,
//! still before anything touches the network.

use std::path::Path;

use super::file::{ConfigFile, FileError};
use super::policy::{Policies, Violation};
use super::schema;
use super::{Env, Gcloud, PamSettings, ProxySettings, Settings};
use crate::cli::{PamMode, SessionArgs};
use crate::settings::{self, DEFAULT_LIFETIME, DEFAULT_SESSION_LENGTH};
use crate::types::{AccountName, Lifetime, Reason, ServiceAccount};
use crate::ui::{self, Failure};

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
        settings.trail = super::paths::trail_path(env);
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

        let (lifetime, session_length) = lengths(args, env, file, policies)?;
        let overridden: Vec<&str> = [
            (!args.proxy_resolve.is_empty()).then_some("--proxy-resolve"),
            args.upstream_ca_file
                .is_some()
                .then_some("--upstream-ca-file"),
        ]
        .into_iter()
        .flatten()
        .collect();
        policies.check_proxy_overrides(&overridden)?;
        announce_overrides(&args.proxy_resolve, args.upstream_ca_file.as_deref());

        let delegates = match (&args.delegates, &file.delegates) {
            (given, _) if !given.is_empty() => given.clone(),
            (_, Some(configured)) => configured.clone(),
            _ => Vec::new(),
        };
        // A session length somebody asked for (flag, variable or file) is refused over an
        // entitlement's maximum; gsudo's default comes down to it.
        let explicit_session = args.session_length.is_some() || file.session_length.is_some();
        let pam = PamSettings {
            mode: pam_mode(args, file, policies)?,
            required: policies.requiring_pam().map(Path::to_owned),
            explicit_session,
            entitlement: args
                .pam
                .entitlement
                .clone()
                .or_else(|| configured_entitlement(file, &account)),
            notify: match &args.pam.notify {
                given if !given.is_empty() => given.clone(),
                _ => file.notify.clone().unwrap_or_default(),
            },
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
                enabled: switch(args.no_proxy, env, file, "proxy"),
                mappings: args.proxy_resolve.clone(),
                upstream_ca_file: args.upstream_ca_file.clone(),
            },
            metadata_server: switch(args.no_metadata_server, env, file, "metadata_server"),
            gke_cluster: args.gke_cluster.clone().zip(args.location.clone()),
            confirm: match args.yes {
                true => None,
                false => policies.confirming().map(Path::to_owned),
            },
            trail: None,
            id_token_refusal: policies.check_id_tokens().err(),
            shell: file.shell.clone(),
            pam,
            broker: args
                .broker
                .as_ref()
                .map(ToString::to_string)
                .or_else(|| file.broker.clone()),
        })
    }
}

/// A token's life or a session's length as chosen, with where it came from.
struct Chosen {
    value: Lifetime,
    /// Whether someone asked for it (a flag, a variable or the file), rather than the default.
    explicit: bool,
    /// Where it came from, as a failure names it: `--lifetime 2h`, `GSUDO_LIFETIME=2h`, ...
    origin: String,
}

impl Chosen {
    /// The value given (by `flag` or the setting's variable), else the file's, else the default.
    fn pick(
        key: &str,
        flag: &str,
        given: Option<Lifetime>,
        env: &Env,
        file: &ConfigFile,
        in_file: Option<Lifetime>,
        default: Lifetime,
    ) -> Result<Self, Failure> {
        if let Some(value) = given {
            // clap read either the flag or the variable; the variable's own text tells which.
            let variable = settings::named(key)
                .and_then(|s| s.variable)
                .and_then(|v| Some((v, env.get(v)?)))
                .filter(|(_, text)| text.parse::<Lifetime>().ok() == Some(value));
            let origin = match variable {
                Some((v, text)) => format!("{v}={text}"),
                None => format!("{flag} {value}"),
            };
            schema::in_range(value).map_err(|why| {
                Failure::sentence(&format!("{origin} is {why}"))
                    .with_hint("Ask for a length from 1s to 12h, like 10m or 1h.")
            })?;
            return Ok(Self {
                value,
                explicit: true,
                origin,
            });
        }
        Ok(match in_file {
            // The file's values were checked, range included, when it was read.
            Some(value) => Self {
                value,
                explicit: true,
                origin: format!("{key} = {value} in {}", file.place()),
            },
            None => Self {
                value: default,
                explicit: false,
                origin: format!("the default {key} of {default}"),
            },
        })
    }
}

/// The token lifetime and session length: what was asked, under every policy's ceiling, and
/// never a token outliving its session. Whatever sets a limit, a default comes down to it and
/// an explicit ask is refused with the reason, so `gsudo token` and a session answer the same
/// request alike.
fn lengths(
    args: &SessionArgs,
    env: &Env,
    file: &ConfigFile,
    policies: &Policies,
) -> Result<(Lifetime, Lifetime), Failure> {
    let lifetime = Chosen::pick(
        "lifetime",
        "--lifetime",
        args.lifetime,
        env,
        file,
        file.lifetime,
        DEFAULT_LIFETIME,
    )?;
    let mut session = Chosen::pick(
        "session_length",
        "--session",
        args.session_length,
        env,
        file,
        file.session_length,
        DEFAULT_SESSION_LENGTH,
    )?;
    // A default session gives way to a token asked to live longer.
    if lifetime.explicit && !session.explicit && lifetime.value > session.value {
        session.value = lifetime.value;
    }
    let token_life = policies.cap_lifetime(lifetime.value, lifetime.explicit)?;
    let session_length = policies.cap_session_length(session.value, session.explicit)?;
    if session_length < session.value {
        session.origin = format!("the policy's max_session_length of {session_length}");
    }
    if token_life <= session_length {
        return Ok((token_life, session_length));
    }
    if !lifetime.explicit {
        return Ok((session_length, session_length));
    }
    Err(Failure::sentence(&format!(
        "the token lifetime ({}) is longer than the session ({}), and no token outlives its session",
        lifetime.origin, session.origin
    ))
    .with_hint(format!(
        "Ask for a session at least as long (--session {token_life}), or a shorter --lifetime."
    )))
}

/// A session feature that is on unless turned off: `--no-X` or a true `GSUDO_NO_X` turns it off;
/// a false `GSUDO_NO_X` turns it on whatever the file says; then the file's `X = true|false`.
pub fn switch(off_flag: bool, env: &Env, file: &ConfigFile, key: &str) -> bool {
    if off_flag {
        return false;
    }
    // clap has read a true value as the flag: a variable still set here says "false".
    let variable = settings::named(key).and_then(|s| s.variable);
    if variable.is_some_and(|v| env.get(v).is_some()) {
        return true;
    }
    file.switches.get(key).copied().unwrap_or(true)
}

fn account_for(name: &AccountName, file: &ConfigFile) -> Result<ServiceAccount, Failure> {
    file.account(name).ok_or_else(|| {
        Failure::new(format!(
            "'{name}' is not a service account email, nor an alias in {}.",
            file.place()
        ))
        .with_hint(format!(
            "Give the full email, or add the alias: gsudo config set aliases.{name} EMAIL"
        ))
    })
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
        FileError::Read { .. } => "Check that the file exists and that you may read it.".to_owned(),
        FileError::Write { .. } => {
            "Check that its directory exists and that you may write to it.".to_owned()
        }
        FileError::UnknownKey { .. } => format!("The keys are {}.", settings::key_names()),
        FileError::BadValue { .. } => {
            "See gsudo config set --help for each key's values.".to_owned()
        }
    };
    Failure::sentence(&e.to_string()).with_hint(hint)
}

/// Says on stderr, every time, that the user's proxy overrides send the account's token
/// somewhere else: they may come from an untrusted `.envrc` as easily as from the user.
fn announce_overrides(
    mappings: &[crate::types::HostMapping],
    upstream_ca_file: Option<&std::path::Path>,
) {
    for m in mappings {
        crate::ui::warn(&format!(
            "--proxy-resolve sends {}:{} to {}, which gets the account's token there (set by the flag or GSUDO_PROXY_RESOLVE)",
            m.host, m.port, m.address
        ));
    }
    if let Some(file) = upstream_ca_file {
        crate::ui::warn(&format!(
            "--upstream-ca-file makes the proxy trust the CAs in {} for Google API hosts, and send the account's token to any server they vouch for (set by the flag or GSUDO_UPSTREAM_CA_FILE)",
            file.display()
        ));
    }
}

/// The `entitlements.ALIAS` entry of an alias that names `account`.
fn configured_entitlement(file: &ConfigFile, account: &ServiceAccount) -> Option<String> {
    file.aliases
        .iter()
        .filter(|(_, a)| *a == account)
        .find_map(|(alias, _)| file.entitlements.get(alias).cloned())
}

/// When the run goes through a PAM grant: `--pam`, else the file's `pam`, else auto; a policy's
/// `require_pam` refuses never (a run under it either rests on a grant or is refused).
fn pam_mode(
    args: &SessionArgs,
    file: &ConfigFile,
    policies: &Policies,
) -> Result<PamMode, Failure> {
    let mode = args.pam.pam.or(file.pam).unwrap_or_default();
    let Some(source) = policies.requiring_pam() else {
        return Ok(mode);
    };
    if mode == PamMode::Never {
        return Err(Violation {
            rule: "require_pam",
            source: source.to_owned(),
            wants: "requires every run to rest on a Privileged Access Manager grant, so pam = never cannot be used".into(),
            hint: "Leave out --pam never (and pam = \"never\" in your configuration file).".into(),
        }
        .into());
    }
    Ok(mode)
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
        assert!(!switch(false, &Env::default(), &f, "proxy"));
        let env = Env::from_pairs([("GSUDO_NO_PROXY", "0")]);
        assert!(switch(false, &env, &f, "proxy"));
        assert!(!switch(true, &env, &file(""), "proxy"));
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

    #[test]
    fn a_token_never_outlives_its_session_and_only_defaults_give_way() {
        let who = ["-s", DEPLOYER, "-R", "r"];
        let with = |extra: &[&str], text: &str| {
            let argv: Vec<&str> = who.iter().chain(extra).copied().collect();
            settings(&argv, text, None)
        };
        let two_hours = Lifetime::from_secs(7200);
        let s = with(&["--lifetime", "2h"], "").unwrap();
        assert_eq!((s.lifetime, s.session_length), (two_hours, two_hours));
        let s = with(&["--session", "5m"], "").unwrap();
        assert_eq!(s.lifetime, Lifetime::from_secs(300));
        let f = with(&["--lifetime", "2h", "--session", "1h"], "").unwrap_err();
        assert_eq!(
            f.message,
            "The token lifetime (--lifetime 2h) is longer than the session (--session 1h), and no token outlives its session."
        );
        let f = with(&[], "lifetime = '2h'\nsession_length = '1h'\n").unwrap_err();
        assert_eq!(
            f.message,
            "The token lifetime (lifetime = 2h in /h/.config/gsudo/config.toml) is longer than the session (session_length = 1h in /h/.config/gsudo/config.toml), and no token outlives its session."
        );
        let f = with(
            &["--lifetime", "2h"],
            "[policy]\nmax_session_length = '1h'\n",
        )
        .unwrap_err();
        assert!(
            f.message
                .contains("(the policy's max_session_length of 1h)"),
            "{}",
            f.message
        );
    }
}
