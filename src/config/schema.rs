//! What the configuration file may say: each key's kind, and how a value of that kind is read,
//! checked and written.

use toml_edit::Value;

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
}

/// The settings of the configuration file, by dotted key; `None` for a key gsudo does not know.
pub fn config_kind(key: &[String]) -> Option<Kind> {
    let parts: Vec<&str> = key.iter().map(String::as_str).collect();
    match parts.as_slice() {
        ["service_account"] => Some(Kind::Account),
        ["lifetime" | "session_length"] => Some(Kind::Duration),
        ["scopes"] => Some(Kind::Scopes),
        ["delegates"] => Some(Kind::Emails),
        ["proxy" | "metadata_server" | "reason_required"] => Some(Kind::Bool),
        ["aliases", name] if is_alias(name) => Some(Kind::Email),
        ["projects", _, "service_account"] => Some(Kind::Account),
        ["policy", rule] => Rules::kind(rule),
        _ => None,
    }
}

/// A value read as its kind says; the error is the reason it cannot be.
pub fn check(kind: Kind, value: &Value) -> Result<(), String> {
    match kind {
        Kind::Account => string(value)?.parse::<AccountName>().map(drop),
        Kind::Email => string(value)?.parse::<ServiceAccount>().map(drop),
        Kind::Duration => duration(value).map(drop),
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
