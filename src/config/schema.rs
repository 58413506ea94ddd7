//! What the configuration file may say: each key's kind, and how a value of that kind is read,
//! checked and written.

use toml_edit::Value;

use super::MAX_LIFETIME;
use super::policy::Rules;
use super::reader::one_line;
use crate::types::{AccountName, Lifetime, Scopes, ServiceAccount, is_alias};

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
/// The shortest token or session gsudo asks for.
pub const MIN_LIFETIME: Lifetime = Lifetime::from_secs(1);

/// What applies when nothing sets a setting.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fallback {
    /// Nothing: the setting is simply absent.
    Nothing,
    Duration(Lifetime),
    Bool(bool),
    /// The scopes of [`Scopes::default`].
    Scopes,
}

impl Fallback {
    /// The default as `config get` prints it; `None` when there is none.
    pub fn text(self) -> Option<String> {
        match self {
            Fallback::Nothing => None,
            Fallback::Duration(d) => Some(d.to_string()),
            Fallback::Bool(b) => Some(b.to_string()),
            Fallback::Scopes => Some(Scopes::default().as_slice().join(",")),
        }
    }
}

/// One setting of the configuration file. [`SETTINGS`] is the one list of them: the file's
/// schema, `gsudo config`, the precedence layers and the hints all read it.
#[derive(Debug)]
pub struct Setting {
    /// Its dotted key; `NAME` and `ID` stand for a name the user picks.
    pub key: &'static str,
    pub kind: Kind,
    /// The GSUDO_* variable that stands above the file (flag > variable > file > default).
    pub variable: Option<&'static str>,
    pub default: Fallback,
    /// What it is for, as `config get` explains a default.
    pub help: &'static str,
}

/// Every setting of the configuration file but the policy's rules (`policy.RULE`, whose kinds
/// the policy knows).
pub const SETTINGS: &[Setting] = &[
    Setting {
        key: "service_account",
        kind: Kind::Account,
        variable: Some("GSUDO_SERVICE_ACCOUNT"),
        default: Fallback::Nothing,
        help: "the account to act as, an email or an alias",
    },
    Setting {
        key: "lifetime",
        kind: Kind::Duration,
        variable: Some("GSUDO_LIFETIME"),
        default: Fallback::Duration(DEFAULT_LIFETIME),
        help: "the life of one token",
    },
    Setting {
        key: "session_length",
        kind: Kind::Duration,
        variable: Some("GSUDO_SESSION_LENGTH"),
        default: Fallback::Duration(DEFAULT_SESSION_LENGTH),
        help: "how long a session keeps minting fresh tokens",
    },
    Setting {
        key: "scopes",
        kind: Kind::Scopes,
        variable: Some("GSUDO_SCOPES"),
        default: Fallback::Scopes,
        help: "the OAuth scopes of the tokens",
    },
    Setting {
        key: "delegates",
        kind: Kind::Emails,
        variable: Some("GSUDO_DELEGATES"),
        default: Fallback::Nothing,
        help: "the delegation chain",
    },
    Setting {
        key: "proxy",
        kind: Kind::Bool,
        variable: Some("GSUDO_NO_PROXY"),
        default: Fallback::Bool(true),
        help: "whether the session runs its auth-rewriting proxy",
    },
    Setting {
        key: "metadata_server",
        kind: Kind::Bool,
        variable: Some("GSUDO_NO_METADATA_SERVER"),
        default: Fallback::Bool(true),
        help: "whether the session serves a metadata server",
    },
    Setting {
        key: "reason_required",
        kind: Kind::Bool,
        variable: None,
        default: Fallback::Bool(true),
        help: "whether a run needs a reason",
    },
    Setting {
        key: "shell",
        kind: Kind::CommandLine,
        variable: None,
        default: Fallback::Nothing,
        help: "the shell gsudo with no command opens, like \"zsh -l\" [default: $SHELL]",
    },
    Setting {
        key: "broker",
        kind: Kind::Url,
        variable: Some("GSUDO_BROKER"),
        default: Fallback::Nothing,
        help: "the organization's gsudo broker, which mints every token of a session",
    },
    Setting {
        key: "pam",
        kind: Kind::PamMode,
        variable: None,
        default: Fallback::Nothing,
        help: "when to go through Privileged Access Manager: auto, always or never [default: auto]",
    },
    Setting {
        key: "notify",
        kind: Kind::Emails,
        variable: None,
        default: Fallback::Nothing,
        help: "whom Privileged Access Manager also tells about a grant gsudo asks for",
    },
    Setting {
        key: "entitlements.NAME",
        kind: Kind::Entitlement,
        variable: None,
        default: Fallback::Nothing,
        help: "the PAM entitlement to request for the account an alias names",
    },
    Setting {
        key: "aliases.NAME",
        kind: Kind::Email,
        variable: None,
        default: Fallback::Nothing,
        help: "a short name for a service account",
    },
    Setting {
        key: "projects.ID.service_account",
        kind: Kind::Account,
        variable: Some("GSUDO_SERVICE_ACCOUNT"),
        default: Fallback::Nothing,
        help: "the account to act as in that project",
    },
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

/// The kind of the value at `key`; `None` for a key gsudo does not know.
pub fn config_kind(key: &[String]) -> Option<Kind> {
    match key {
        [policy, rule] if policy == "policy" => Rules::kind(rule),
        _ => setting(key).map(|s| s.kind),
    }
}

/// A token's or a session's length, if gsudo may ask for it: between 1s and 12h (the API's
/// ceiling, with the org policy). The error completes "VALUE is ...".
pub fn in_range(value: Lifetime) -> Result<Lifetime, String> {
    if value < MIN_LIFETIME || value > MAX_LIFETIME {
        return Err(format!(
            "out of range; it must be between {MIN_LIFETIME} and {MAX_LIFETIME}"
        ));
    }
    Ok(value)
}

/// A value read as its kind says; the error is the reason it cannot be.
pub fn check(kind: Kind, value: &Value) -> Result<(), String> {
    match kind {
        Kind::Account => string(value)?.parse::<AccountName>().map(drop),
        Kind::Email => string(value)?.parse::<ServiceAccount>().map(drop),
        Kind::Duration => {
            let length = duration(value)?;
            in_range(length)
                .map(drop)
                .map_err(|why| format!("{length} is {why}"))
        }
        Kind::Bool => value
            .as_bool()
            .map(drop)
            .ok_or_else(|| "expected true or false".to_owned()),
        Kind::Emails => emails(value).map(drop),
        Kind::Scopes => scopes(value).map(drop),
        Kind::Pattern => regex_lite::Regex::new(string(value)?)
            .map(drop)
            .map_err(|e| format!("not a regular expression: {}", one_line(&e.to_string()))),
        Kind::Globs => list(value).map(drop),
        Kind::CommandLine => command_line(value).map(drop),
        Kind::PamMode => pam_mode(value).map(drop),
        Kind::Entitlement => entitlement(value).map(drop),
        Kind::Url => url::Url::parse(string(value)?)
            .ok()
            .filter(|u| matches!(u.scheme(), "https" | "http"))
            .map(drop)
            .ok_or_else(|| "expected an https:// URL".to_owned()),
    }
}

/// An entitlement's full name (`projects/P/locations/global/entitlements/E`, or under a folder or
/// organization), or the id `E` alone.
pub fn entitlement(value: &Value) -> Result<&str, String> {
    let text = string(value)?;
    let id_ok = |id: &str| {
        (1..=63).contains(&id.len())
            && id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    };
    let parts: Vec<&str> = text.split('/').collect();
    let ok = match parts.as_slice() {
        [id] => id_ok(id),
        [
            "projects" | "folders" | "organizations",
            parent,
            "locations",
            location,
            "entitlements",
            id,
        ] => !parent.is_empty() && !location.is_empty() && id_ok(id),
        _ => false,
    };
    ok.then_some(text).ok_or_else(|| {
        format!(
            "'{text}' is not an entitlement (an id, or projects/P/locations/global/entitlements/ID)"
        )
    })
}

/// When to go through Privileged Access Manager, as the file writes it.
pub fn pam_mode(value: &Value) -> Result<crate::cli::PamMode, String> {
    let text = string(value)?;
    <crate::cli::PamMode as clap::ValueEnum>::from_str(text, false)
        .map_err(|_| format!("expected auto, always or never, found '{text}'"))
}

/// A command line's words: `"zsh -l"` is `["zsh", "-l"]`.
pub fn command_line(value: &Value) -> Result<Vec<String>, String> {
    let words =
        shell_words::split(string(value)?).map_err(|e| format!("not a command line ({e})"))?;
    match words.is_empty() {
        true => Err("an empty command line".to_owned()),
        false => Ok(words),
    }
}

pub fn string(value: &Value) -> Result<&str, String> {
    value
        .as_str()
        .ok_or_else(|| format!("expected a string, found {}", value.type_name()))
}

pub fn duration(value: &Value) -> Result<Lifetime, String> {
    match value.as_integer() {
        Some(secs) => u64::try_from(secs)
            .map(Lifetime::from_secs)
            .map_err(|_| "a duration cannot be negative".to_owned()),
        None => string(value)?.parse(),
    }
}

/// A list: an array of strings, or one comma-separated string.
pub fn list(value: &Value) -> Result<Vec<String>, String> {
    let items: Vec<String> = match value.as_array() {
        Some(array) => array
            .iter()
            .map(|v| string(v).map(str::to_owned))
            .collect::<Result<_, _>>()?,
        None => string(value)?.split(',').map(str::to_owned).collect(),
    };
    Ok(items
        .into_iter()
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .collect())
}

pub fn emails(value: &Value) -> Result<Vec<ServiceAccount>, String> {
    list(value)?.iter().map(|s| s.parse()).collect()
}

pub fn scopes(value: &Value) -> Result<Scopes, String> {
    list(value)?.join(",").parse()
}

/// The value `config set KEY TEXT` writes: lists become arrays, switches booleans.
pub(super) fn value_from_text(kind: Kind, text: &str) -> Result<Value, String> {
    let value = match kind {
        Kind::Bool => match text.trim() {
            "true" | "yes" | "on" | "1" => Value::from(true),
            "false" | "no" | "off" | "0" => Value::from(false),
            _ => return Err("expected true or false".into()),
        },
        Kind::Emails | Kind::Scopes | Kind::Globs => {
            let items = list(&Value::from(text))?;
            Value::Array(items.iter().map(String::as_str).collect())
        }
        _ => Value::from(text.trim()),
    };
    check(kind, &value)?;
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    fn key(text: &str) -> Vec<String> {
        crate::config::split_key(text).unwrap()
    }

    #[test]
    fn keys_with_names_find_their_setting() {
        assert_eq!(setting(&key("lifetime")).map(|s| s.key), Some("lifetime"));
        assert_eq!(
            setting(&key("aliases.deploy")).map(|s| s.key),
            Some("aliases.NAME")
        );
        assert_eq!(
            setting(&key(r#"projects."a.b".service_account"#)).map(|s| s.key),
            Some("projects.ID.service_account")
        );
        assert!(setting(&key("lifetme")).is_none());
        assert!(setting(&key("aliases")).is_none());
        assert!(is_table(&key("aliases")) && is_table(&key("projects.p")));
        assert!(!is_table(&key("lifetime")) && !is_table(&key("nothing")));
        assert_eq!(
            config_kind(&key("policy.max_lifetime")),
            Some(Kind::Duration)
        );
    }

    #[test]
    fn durations_out_of_range_are_refused_with_the_range() {
        for text in ["0s", "13h"] {
            assert_eq!(
                check(Kind::Duration, &Value::from(text)).unwrap_err(),
                format!("{text} is out of range; it must be between 1s and 12h")
            );
        }
        assert!(check(Kind::Duration, &Value::from("12h")).is_ok());
    }

    proptest::proptest! {
        /// What `config set` accepts is exactly what a run accepts: 1s to 12h.
        #[test]
        fn a_length_is_accepted_exactly_when_in_range(secs in 0u64..100_000) {
            let text = Lifetime::from_secs(secs).to_string();
            let accepted = value_from_text(Kind::Duration, &text).is_ok();
            proptest::prop_assert_eq!(accepted, (1..=12 * 3600).contains(&secs), "{}", text);
        }
    }

    /// The table and the command line name the same variables, so `config list` says truly
    /// which variable overrides a setting.
    #[test]
    fn every_variable_of_the_table_is_one_the_command_line_reads() {
        let command = crate::cli::Cli::command();
        let read: Vec<String> = command
            .get_arguments()
            .filter_map(|a| a.get_env())
            .map(|v| v.to_string_lossy().into_owned())
            .collect();
        for variable in SETTINGS.iter().filter_map(|s| s.variable) {
            assert!(read.iter().any(|r| r == variable), "{variable} is not read");
        }
    }
}
