//! The settings gsudo knows, in one table: each key of the configuration file, what it holds,
//! the `GSUDO_*` variable that stands above it, its default and what it is for; then the policy's
//! rules, and the variables of the flags that have no key. The file's schema, `gsudo config`,
//! the precedence layers, the command line's variables, `config set --help`, gsudo-config(5) and
//! the completions all read it. It sits below the command line so that both may.

use crate::types::{Lifetime, Scopes, is_alias};

/// The `GSUDO_*` variables gsudo reads. The command line's `env = ...` and the tables below name
/// them from here; a test checks that the two agree.
pub mod variable {
    pub const SERVICE_ACCOUNT: &str = "GSUDO_SERVICE_ACCOUNT";
    pub const REASON: &str = "GSUDO_REASON";
    pub const PROJECT: &str = "GSUDO_PROJECT";
    pub const DELEGATES: &str = "GSUDO_DELEGATES";
    pub const LIFETIME: &str = "GSUDO_LIFETIME";
    pub const SESSION_LENGTH: &str = "GSUDO_SESSION_LENGTH";
    pub const SCOPES: &str = "GSUDO_SCOPES";
    pub const NO_PROXY: &str = "GSUDO_NO_PROXY";
    pub const NO_METADATA_SERVER: &str = "GSUDO_NO_METADATA_SERVER";
    pub const PROXY_RESOLVE: &str = "GSUDO_PROXY_RESOLVE";
    pub const UPSTREAM_CA_FILE: &str = "GSUDO_UPSTREAM_CA_FILE";
    pub const BROKER: &str = "GSUDO_BROKER";
    pub const PAM: &str = "GSUDO_PAM";
    pub const ENTITLEMENT: &str = "GSUDO_ENTITLEMENT";
    pub const NOTIFY: &str = "GSUDO_NOTIFY";
    pub const BROKER_POLICY: &str = "GSUDO_BROKER_POLICY";
    pub const BROKER_AUDIENCE: &str = "GSUDO_BROKER_AUDIENCE";
    /// The session a program runs in: `session::Contract` writes it for the child and reads
    /// it; the proxy, a layer below the session, reads it to tell that it is nested.
    pub const SESSION: &str = "GSUDO_SESSION";
}

/// What a setting holds, which decides how its value is read and written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// An email or an alias.
    Account,
    /// An email (or unique id).
    Email,
    Duration,
    Bool,
    /// A list of emails; a comma-separated string also reads.
    Emails,
    /// A list of scopes; a comma-separated string also reads.
    Scopes,
    /// A regular expression.
    Pattern,
    /// A list of glob patterns (`*`, `?`); a comma-separated string also reads.
    Globs,
    /// A command line, split into words the way a POSIX shell would (quotes included).
    CommandLine,
    /// `auto`, `always` or `never`: when to go through Privileged Access Manager.
    PamMode,
    /// A PAM entitlement: its full name, or an id in the account's project.
    Entitlement,
    /// An http(s) URL.
    Url,
}

/// A token's life when nobody says otherwise.
pub const DEFAULT_LIFETIME: Lifetime = Lifetime::from_secs(600);
/// A session's length when nobody says otherwise.
pub const DEFAULT_SESSION_LENGTH: Lifetime = Lifetime::from_secs(3600);

/// What applies when nothing sets a setting.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fallback {
    /// Nothing: the setting is simply absent.
    Nothing,
    Duration(Lifetime),
    Bool(bool),
    /// The scopes of [`Scopes::default`].
    Scopes,
    /// What the code does without it, in words, not a value `config get` could print.
    Described(&'static str),
}

impl Fallback {
    /// The default as `config get` prints it; `None` when there is none.
    pub fn text(self) -> Option<String> {
        match self {
            Fallback::Nothing | Fallback::Described(_) => None,
            Fallback::Duration(d) => Some(d.to_string()),
            Fallback::Bool(b) => Some(b.to_string()),
            Fallback::Scopes => Some(Scopes::default().as_slice().join(",")),
        }
    }

    /// The default as `--help` and the man page show it.
    pub fn shown(self) -> String {
        match self {
            Fallback::Described(words) => words.to_owned(),
            Fallback::Scopes => Scopes::default().short_names().join(","),
            other => other.text().unwrap_or_else(|| "none".to_owned()),
        }
    }
}

/// One setting of the configuration file. [`SETTINGS`] is the one list of them.
#[derive(Debug)]
pub struct Setting {
    /// Its dotted key; `NAME` and `ID` stand for a name the user picks.
    pub key: &'static str,
    pub kind: Kind,
    /// The GSUDO_* variable that stands above the file (flag > variable > file > default).
    pub variable: Option<&'static str>,
    pub default: Fallback,
    /// The values it takes, as `config set --help` lists them.
    pub values: &'static str,
    /// What it is for, as `config get` explains a default.
    pub help: &'static str,
}

/// Every setting of the configuration file but the policy's rules ([`RULES`]).
pub const SETTINGS: &[Setting] = &[
    Setting {
        key: "service_account",
        kind: Kind::Account,
        variable: Some(variable::SERVICE_ACCOUNT),
        default: Fallback::Nothing,
        values: "an email or an alias",
        help: "the account to act as, an email or an alias",
    },
    Setting {
        key: "lifetime",
        kind: Kind::Duration,
        variable: Some(variable::LIFETIME),
        default: Fallback::Duration(DEFAULT_LIFETIME),
        values: "a duration like 15m",
        help: "the life of one token",
    },
    Setting {
        key: "session_length",
        kind: Kind::Duration,
        variable: Some(variable::SESSION_LENGTH),
        default: Fallback::Duration(DEFAULT_SESSION_LENGTH),
        values: "a duration like 2h",
        help: "how long a session keeps minting fresh tokens",
    },
    Setting {
        key: "scopes",
        kind: Kind::Scopes,
        variable: Some(variable::SCOPES),
        default: Fallback::Scopes,
        values: "scopes, comma-separated",
        help: "the OAuth scopes of the tokens",
    },
    Setting {
        key: "delegates",
        kind: Kind::Emails,
        variable: Some(variable::DELEGATES),
        default: Fallback::Nothing,
        values: "emails, comma-separated",
        help: "the delegation chain",
    },
    Setting {
        key: "proxy",
        kind: Kind::Bool,
        variable: Some(variable::NO_PROXY),
        default: Fallback::Bool(true),
        values: "true or false",
        help: "whether the session runs its auth-rewriting proxy",
    },
    Setting {
        key: "metadata_server",
        kind: Kind::Bool,
        variable: Some(variable::NO_METADATA_SERVER),
        default: Fallback::Bool(true),
        values: "true or false",
        help: "whether the session serves a metadata server",
    },
    Setting {
        key: "reason_required",
        kind: Kind::Bool,
        variable: None,
        default: Fallback::Bool(true),
        values: "true or false",
        help: "whether a run needs a reason",
    },
    Setting {
        key: "shell",
        kind: Kind::CommandLine,
        variable: None,
        default: Fallback::Described("$SHELL, else /bin/sh"),
        values: "a command line like \"zsh -l\"",
        help: "the shell gsudo with no command opens, like \"zsh -l\" [default: $SHELL]",
    },
    Setting {
        key: "broker",
        kind: Kind::Url,
        variable: Some(variable::BROKER),
        default: Fallback::Nothing,
        values: "the https:// URL of your organization's gsudo broker",
        help: "the organization's gsudo broker, which mints every token of a session",
    },
    Setting {
        key: "pam",
        kind: Kind::PamMode,
        variable: Some(variable::PAM),
        default: Fallback::Described("auto"),
        values: "auto, always or never",
        help: "when to go through Privileged Access Manager: auto, always or never [default: auto]",
    },
    Setting {
        key: "notify",
        kind: Kind::Emails,
        variable: Some(variable::NOTIFY),
        default: Fallback::Nothing,
        values: "emails, comma-separated",
        help: "whom Privileged Access Manager also tells about a grant gsudo asks for",
    },
    Setting {
        key: "entitlements.NAME",
        kind: Kind::Entitlement,
        variable: None,
        default: Fallback::Nothing,
        values: "an entitlement's id or full name",
        help: "the PAM entitlement to request for the account an alias names",
    },
    Setting {
        key: "aliases.NAME",
        kind: Kind::Email,
        variable: None,
        default: Fallback::Nothing,
        values: "an email",
        help: "a short name for a service account",
    },
    Setting {
        key: "projects.ID.service_account",
        kind: Kind::Account,
        variable: Some(variable::SERVICE_ACCOUNT),
        default: Fallback::Nothing,
        values: "an email or an alias",
        help: "the account to act as in that project",
    },
];

/// One rule of a policy (a policy file's top level, or the configuration file's `[policy]`).
#[derive(Debug)]
pub struct Rule {
    pub name: &'static str,
    pub kind: Kind,
    /// What applies when no policy has the rule.
    pub default: Fallback,
    /// The values it takes, as `config set --help` lists them.
    pub values: &'static str,
}

/// Every rule a policy may hold.
pub const RULES: &[Rule] = &[
    Rule {
        name: "reason_required",
        kind: Kind::Bool,
        default: Fallback::Bool(false),
        values: "true or false",
    },
    Rule {
        name: "reason_pattern",
        kind: Kind::Pattern,
        default: Fallback::Nothing,
        values: "a regular expression",
    },
    Rule {
        name: "service_accounts",
        kind: Kind::Globs,
        default: Fallback::Described("any"),
        values: "patterns with * and ?, comma-separated",
    },
    Rule {
        name: "max_lifetime",
        kind: Kind::Duration,
        default: Fallback::Nothing,
        values: "a duration",
    },
    Rule {
        name: "max_session_length",
        kind: Kind::Duration,
        default: Fallback::Nothing,
        values: "a duration",
    },
    Rule {
        name: "confirm",
        kind: Kind::Bool,
        default: Fallback::Bool(false),
        values: "true or false",
    },
    Rule {
        name: "id_tokens",
        kind: Kind::Bool,
        default: Fallback::Nothing,
        values: "true or false",
    },
    Rule {
        name: "allow_proxy_overrides",
        kind: Kind::Bool,
        default: Fallback::Bool(true),
        values: "true or false",
    },
    Rule {
        name: "require_pam",
        kind: Kind::Bool,
        default: Fallback::Bool(false),
        values: "true or false",
    },
];

/// The variables of flags that no key of the file stands behind: the reason, the project and
/// the proxy's test hooks are given per run; the broker's own server reads the last two. Only
/// the test that holds the command line to this table reads the list.
#[cfg(test)]
pub const FLAG_VARIABLES: &[&str] = &[
    variable::REASON,
    variable::PROJECT,
    variable::PROXY_RESOLVE,
    variable::UPSTREAM_CA_FILE,
    variable::ENTITLEMENT,
    variable::BROKER_POLICY,
    variable::BROKER_AUDIENCE,
];

impl Setting {
    /// Whether `key` is this setting, the user's names filled in.
    fn matches(&self, key: &[String]) -> bool {
        let pattern: Vec<&str> = self.key.split('.').collect();
        pattern.len() == key.len()
            && pattern.iter().zip(key).all(|(p, k)| match *p {
                "NAME" => is_alias(k),
                "ID" => !k.is_empty(),
                fixed => fixed == k,
            })
    }

    /// Whether `key` names a table this setting lives in (`aliases`, `projects.ID`).
    fn is_under(&self, key: &[String]) -> bool {
        let pattern: Vec<&str> = self.key.split('.').collect();
        key.len() < pattern.len()
            && pattern
                .iter()
                .zip(key)
                .all(|(p, k)| matches!(*p, "NAME" | "ID") || p == k)
    }
}

/// The setting `key` names; `None` for a key gsudo does not know (or a policy rule).
pub fn setting(key: &[String]) -> Option<&'static Setting> {
    SETTINGS.iter().find(|s| s.matches(key))
}

/// The setting of this name (a key without placeholders, like `lifetime`).
pub fn named(key: &str) -> Option<&'static Setting> {
    SETTINGS.iter().find(|s| s.key == key)
}

/// The policy rule of this name.
pub fn rule(name: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.name == name)
}

/// Whether `key` names a table that holds settings (`aliases`, `projects.p`, `policy`).
pub fn is_table(key: &[String]) -> bool {
    key == ["policy"] || SETTINGS.iter().any(|s| s.is_under(key))
}

/// Every key the file may hold, as a hint lists them.
pub fn key_names() -> String {
    let mut keys: Vec<&str> = SETTINGS.iter().map(|s| s.key).collect();
    keys.push("policy.RULE");
    keys.join(", ")
}

/// Every key `gsudo config set` takes with the values it takes and its default, policy rules
/// last, as `config set --help` and gsudo-config(5) list them.
pub fn keys() -> impl Iterator<Item = (String, &'static str, String)> {
    let settings = SETTINGS
        .iter()
        .map(|s| (s.key.to_owned(), s.values, s.default.shown()));
    let rules = RULES
        .iter()
        .map(|r| (format!("policy.{}", r.name), r.values, r.default.shown()));
    settings.chain(rules)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(text: &str) -> Vec<String> {
        text.split('.').map(str::to_owned).collect()
    }

    #[test]
    fn keys_with_names_find_their_setting() {
        assert_eq!(setting(&key("lifetime")).map(|s| s.key), Some("lifetime"));
        assert_eq!(
            setting(&key("aliases.deploy")).map(|s| s.key),
            Some("aliases.NAME")
        );
        assert_eq!(
            setting(&["projects".into(), "a.b".into(), "service_account".into()]).map(|s| s.key),
            Some("projects.ID.service_account")
        );
        assert!(setting(&key("lifetme")).is_none());
        assert!(setting(&key("aliases")).is_none());
        assert!(is_table(&key("aliases")) && is_table(&key("projects.p")));
        assert!(!is_table(&key("lifetime")) && !is_table(&key("nothing")));
        assert_eq!(rule("max_lifetime").map(|r| r.kind), Some(Kind::Duration));
    }

    #[test]
    fn every_key_and_every_variable_is_named_once() {
        let keys: Vec<String> = keys().map(|(k, ..)| k).collect();
        for (i, k) in keys.iter().enumerate() {
            assert!(!keys[i + 1..].contains(k), "{k} is in the table twice");
        }
        for v in FLAG_VARIABLES {
            assert!(
                SETTINGS.iter().all(|s| s.variable != Some(v)),
                "{v} stands behind a key and a flag alone"
            );
        }
    }
}
