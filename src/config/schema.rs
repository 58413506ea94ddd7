//! What the configuration file may say: each key's kind (from the table in
//! [`crate::settings`]), and how a value of that kind is read, checked and written.

use toml_edit::Value;

use super::MAX_LIFETIME;
use super::reader::one_line;
use crate::settings::{Kind, rule, setting};
use crate::types::{AccountName, Lifetime, Scopes, ServiceAccount};

/// The shortest token or session gsudo asks for.
pub const MIN_LIFETIME: Lifetime = Lifetime::from_secs(1);

/// The kind of the value at `key`; `None` for a key gsudo does not know.
pub fn config_kind(key: &[String]) -> Option<Kind> {
    match key {
        [policy, name] if policy == "policy" => rule(name).map(|r| r.kind),
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

    fn key(text: &str) -> Vec<String> {
        crate::config::split_key(text).unwrap()
    }

    #[test]
    fn a_policy_rule_has_the_kind_of_its_rule() {
        assert_eq!(
            config_kind(&key("policy.max_lifetime")),
            Some(Kind::Duration)
        );
        assert_eq!(
            config_kind(&key(r#"projects."a.b".service_account"#)),
            Some(Kind::Account)
        );
        assert_eq!(config_kind(&key("policy.nothing")), None);
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
}
