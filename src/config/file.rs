//! The user's configuration file (TOML): defaults for every session, short aliases, each
//! project's service account, and a policy of the user's own, read and checked.

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};

use super::Env;
use super::paths::config_path;
use super::policy::Rules;
use super::reader::{Entry, entries};
use super::schema::{
    check, command_line, config_kind, duration, emails, entitlement, list, pam_mode, scopes, string,
};
use crate::cli::PamMode;
use crate::types::{AccountName, Lifetime, Scopes, ServiceAccount};

/// Something wrong with a configuration or policy file, said in one sentence.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    #[error("{} cannot be read: {source}", path.display())]
    Read { path: PathBuf, source: io::Error },
    #[error("{} line {line}{}: {message}", path.display(), key.as_ref().map(|k| format!(", key {k}")).unwrap_or_default())]
    Invalid {
        path: PathBuf,
        line: usize,
        key: Option<String>,
        message: String,
    },
    #[error("{} cannot be written: {source}", path.display())]
    Write { path: PathBuf, source: io::Error },
    #[error("unknown key {key}")]
    UnknownKey { key: String },
    #[error("cannot set {key} to '{value}': {message}")]
    BadValue {
        key: String,
        value: String,
        message: String,
    },
}

/// What the configuration file says, read and checked.
#[derive(Debug, Default)]
pub struct ConfigFile {
    /// Where it is, or would be; `None` without HOME or XDG_CONFIG_HOME.
    pub path: Option<PathBuf>,
    pub exists: bool,
    pub entries: Vec<Entry>,
    pub service_account: Option<AccountName>,
    pub lifetime: Option<Lifetime>,
    pub session_length: Option<Lifetime>,
    pub scopes: Option<Scopes>,
    pub delegates: Option<Vec<ServiceAccount>>,
    pub reason_required: Option<bool>,
    /// The shell (with its arguments) that `gsudo` with no command opens.
    pub shell: Option<Vec<String>>,
    /// `pam`: when to go through Privileged Access Manager.
    pub pam: Option<PamMode>,
    /// `notify`: whom PAM also tells about a grant.
    pub notify: Option<Vec<String>>,
    /// `entitlements.ALIAS`: the PAM entitlement to request for the alias's account.
    pub entitlements: BTreeMap<String, String>,
    /// The organization's broker (`broker = "https://..."`).
    pub broker: Option<String>,
    /// `proxy` and `metadata_server`: features of the session on or off.
    pub switches: BTreeMap<String, bool>,
    pub aliases: BTreeMap<String, ServiceAccount>,
    /// Project id → its default account.
    pub projects: BTreeMap<String, AccountName>,
    /// The `[policy]` table, when there is one.
    pub policy: Option<Rules>,
    /// Keys gsudo does not know (a newer version's, or typos), as `line N: key`; kept, unused.
    pub unknown: Vec<String>,
}

impl ConfigFile {
    /// Reads the user's file; a missing file reads as empty.
    pub fn load(env: &Env) -> Result<Self, FileError> {
        let Some(path) = config_path(env) else {
            return Ok(Self::default());
        };
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == io::ErrorKind::NotFound => String::new(),
            Err(source) => return Err(FileError::Read { path, source }),
        };
        let mut file = Self::parse(&path, &text)?;
        file.exists = path.exists();
        for unknown in &file.unknown {
            crate::ui::warn(&format!(
                "{} {unknown}: gsudo does not know this key, and ignores it.",
                path.display()
            ));
        }
        Ok(file)
    }

    /// Reads `text` as the configuration file at `path`.
    pub fn parse(path: &Path, text: &str) -> Result<Self, FileError> {
        let entries = entries(path, text)?;
        let mut file = Self {
            path: Some(path.to_owned()),
            ..Self::default()
        };
        let mut policy: Vec<Entry> = Vec::new();
        for entry in &entries {
            let invalid = |message: String| FileError::Invalid {
                path: path.to_owned(),
                line: entry.line,
                key: Some(entry.dotted()),
                message,
            };
            let Some(kind) = config_kind(&entry.key) else {
                if entry.key.first().map(String::as_str) == Some("policy") {
                    // A rule gsudo does not know could be a guard-rail it would not enforce.
                    return Err(invalid(Rules::not_a_rule()));
                }
                file.unknown
                    .push(format!("line {}: {}", entry.line, entry.dotted()));
                continue;
            };
            check(kind, &entry.value).map_err(invalid)?;
            let v = &entry.value;
            // `check` has accepted the value, so reading it again cannot fail.
            let parts: Vec<&str> = entry.key.iter().map(String::as_str).collect();
            match parts.as_slice() {
                ["service_account"] => file.service_account = string(v).ok().and_then(read),
                ["lifetime"] => file.lifetime = duration(v).ok(),
                ["session_length"] => file.session_length = duration(v).ok(),
                ["scopes"] => file.scopes = scopes(v).ok(),
                ["delegates"] => file.delegates = emails(v).ok(),
                ["reason_required"] => file.reason_required = v.as_bool(),
                ["shell"] => file.shell = command_line(v).ok(),
                ["pam"] => file.pam = pam_mode(v).ok(),
                ["notify"] => file.notify = list(v).ok(),
                ["entitlements", alias] => {
                    if let Ok(name) = entitlement(v) {
                        file.entitlements
                            .insert((*alias).to_owned(), name.to_owned());
                    }
                }
                ["broker"] => file.broker = string(v).ok().map(str::to_owned),
                [switch @ ("proxy" | "metadata_server")] => {
                    if let Some(on) = v.as_bool() {
                        file.switches.insert((*switch).to_owned(), on);
                    }
                }
                ["aliases", name] => {
                    if let Some(account) = string(v).ok().and_then(read) {
                        file.aliases.insert((*name).to_owned(), account);
                    }
                }
                ["projects", project, _] => {
                    if let Some(name) = string(v).ok().and_then(read) {
                        file.projects.insert((*project).to_owned(), name);
                    }
                }
                ["policy", _] => policy.push(entry.clone()),
                _ => {}
            }
        }
        if !policy.is_empty() {
            file.policy = Some(Rules::from_entries(path, &policy)?);
        }
        file.entries = entries;
        Ok(file)
    }
}

impl ConfigFile {
    /// The account `name` stands for: itself when it is an email, else the alias's.
    pub fn account(&self, name: &AccountName) -> Option<ServiceAccount> {
        match name {
            AccountName::Account(account) => Some(account.clone()),
            AccountName::Alias(alias) => self.aliases.get(alias).cloned(),
        }
    }

    /// The file's path as a message names it.
    pub fn place(&self) -> String {
        self.path.as_ref().map_or_else(
            || "the configuration file".to_owned(),
            |p| p.display().to_string(),
        )
    }
}

fn read<T: std::str::FromStr>(text: &str) -> Option<T> {
    text.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<ConfigFile, FileError> {
        ConfigFile::parse(Path::new("/c/config.toml"), text)
    }

    #[test]
    fn reads_every_setting() {
        let file = parse(
            r#"
# my defaults
lifetime = "15m"
session_length = 7200
scopes = "cloud-platform"
delegates = ["a@p.iam.gserviceaccount.com"]
proxy = false
reason_required = false
service_account = "deploy"

[aliases]
deploy = "deployer@p.iam.gserviceaccount.com"

[projects.my-proj]
service_account = "deploy"

[projects."example.com:scoped"]
service_account = "r@p.iam.gserviceaccount.com"

[policy]
max_lifetime = "1h"
"#,
        )
        .unwrap();
        assert_eq!(file.lifetime, Some(Lifetime::from_secs(900)));
        assert_eq!(file.session_length, Some(Lifetime::from_secs(7200)));
        assert_eq!(file.delegates.as_ref().map(Vec::len), Some(1));
        assert_eq!(file.switches.get("proxy"), Some(&false));
        assert_eq!(file.reason_required, Some(false));
        assert_eq!(
            file.aliases["deploy"].as_str(),
            "deployer@p.iam.gserviceaccount.com"
        );
        assert_eq!(file.projects["my-proj"].as_str(), "deploy");
        assert!(file.projects.contains_key("example.com:scoped"));
        assert!(file.policy.is_some());
        let keys: Vec<String> = file.entries.iter().map(Entry::dotted).collect();
        assert!(keys.contains(&r#"projects."example.com:scoped".service_account"#.to_owned()));
    }

    #[test]
    fn the_shell_is_split_like_a_shell_would() {
        let file = parse("shell = \"zsh -l -c 'exec zsh'\"\n").unwrap();
        assert_eq!(
            file.shell,
            Some(vec![
                "zsh".into(),
                "-l".into(),
                "-c".into(),
                "exec zsh".into()
            ])
        );
        let err = parse("shell = \"zsh 'unclosed\"\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("key shell: not a command line"), "{err}");
        assert!(parse("shell = \"  \"\n").is_err());
    }

    #[test]
    fn a_bad_value_names_file_line_and_key() {
        let err = parse("\n\nlifetime = \"soon\"\n").unwrap_err().to_string();
        assert_eq!(
            err,
            "/c/config.toml line 3, key lifetime: 'soon' is not a duration (write it like 90s, 10m or 1h30m)"
        );
        let err = parse("[aliases]\nx = \"nope\"\n").unwrap_err().to_string();
        assert!(
            err.starts_with("/c/config.toml line 2, key aliases.x: "),
            "{err}"
        );
        let err = parse("[policy]\nmax_lifetme = \"1h\"\n")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("line 2, key policy.max_lifetme: not a policy rule"),
            "{err}"
        );
    }

    #[test]
    fn a_syntax_error_names_file_line_and_key() {
        let err = parse("lifetime = \"10m\"\nscopes = [\"a\",\n\nproxy = tru\n")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("/c/config.toml line "), "{err}");
        let err = parse("a = 1\nsession_length = 10m\n")
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("/c/config.toml line 2, key session_length: "),
            "{err}"
        );
        assert!(!err.contains('\n'));
    }

    #[test]
    fn unknown_keys_are_kept_but_not_fatal() {
        let file = parse("future_setting = 3\n").unwrap();
        assert_eq!(file.entries.len(), 1);
        assert_eq!(file.unknown, ["line 1: future_setting"]);
    }
}
