//! The user's configuration file (TOML): defaults for every session, short aliases, each
//! project's service account, and a policy of the user's own.
//!
//! It is read with line numbers, so a mistake is reported as "file, line, key", and changed in
//! place with toml_edit, so comments and keys this version does not know survive `config set`.
//! A file gsudo cannot read is never written over.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use toml_edit::{Document, DocumentMut, Item, TableLike, Value};

use super::Env;
use super::policy::Rules;
use crate::types::{AccountName, Lifetime, Scopes, ServiceAccount, is_alias};

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
    #[error("{key} is not a setting gsudo knows")]
    UnknownKey { key: String },
    #[error("{key} cannot be set to '{value}': {message}")]
    BadValue {
        key: String,
        value: String,
        message: String,
    },
}

/// `$XDG_CONFIG_HOME/gsudo/config.toml`, else `~/.config/gsudo/config.toml`.
pub fn config_path(env: &Env) -> Option<PathBuf> {
    xdg_dir(env, "XDG_CONFIG_HOME", ".config").map(|d| d.join("gsudo/config.toml"))
}

/// An XDG base directory: the variable when it holds an absolute path (the spec says to ignore a
/// relative one), else the default under HOME.
pub fn xdg_dir(env: &Env, var: &str, default_under_home: &str) -> Option<PathBuf> {
    env.path(var)
        .filter(|p| p.is_absolute())
        .or_else(|| env.home().map(|h| h.join(default_under_home)))
}

/// One setting as the file writes it: its dotted key, value and line.
#[derive(Clone, Debug)]
pub struct Entry {
    pub key: Vec<String>,
    pub value: Value,
    pub line: usize,
}

impl Entry {
    /// The key as TOML writes it, quoting the parts that need it: `projects."a.b".service_account`.
    pub fn dotted(&self) -> String {
        dotted(&self.key)
    }
}

pub fn dotted(key: &[String]) -> String {
    key.iter()
        .map(|part| {
            toml_edit::Key::new(part.as_str())
                .display_repr()
                .into_owned()
        })
        .collect::<Vec<_>>()
        .join(".")
}

/// Every value in a TOML file, in file order, with its dotted key and line.
pub fn entries(path: &Path, text: &str) -> Result<Vec<Entry>, FileError> {
    let doc = Document::parse(text).map_err(|e| {
        let line = e.span().map_or(1, |s| line_of(text, s.start));
        FileError::Invalid {
            path: path.to_owned(),
            line,
            key: key_on_line(text, line),
            message: one_line(e.message()),
        }
    })?;
    let mut out = Vec::new();
    walk(doc.as_table(), &mut Vec::new(), text, path, &mut out)?;
    Ok(out)
}

fn walk(
    table: &dyn TableLike,
    prefix: &mut Vec<String>,
    text: &str,
    path: &Path,
    out: &mut Vec<Entry>,
) -> Result<(), FileError> {
    for (name, item) in table.iter() {
        prefix.push(name.to_owned());
        let line = table
            .key(name)
            .and_then(toml_edit::Key::span)
            .or_else(|| item.span())
            .map_or(1, |s| line_of(text, s.start));
        if let Some(inner) = item.as_table_like() {
            walk(inner, prefix, text, path, out)?;
        } else if let Some(value) = item.as_value() {
            out.push(Entry {
                key: prefix.clone(),
                value: value.clone(),
                line,
            });
        } else {
            return Err(FileError::Invalid {
                path: path.to_owned(),
                line,
                key: Some(dotted(prefix)),
                message: "gsudo reads no arrays of tables".into(),
            });
        }
        prefix.pop();
    }
    Ok(())
}

fn line_of(text: &str, offset: usize) -> usize {
    text.get(..offset).unwrap_or(text).matches('\n').count() + 1
}

/// The key a broken line was setting, when it has one.
fn key_on_line(text: &str, line: usize) -> Option<String> {
    let (key, _) = text.lines().nth(line - 1)?.split_once('=')?;
    let key = key.trim();
    (!key.is_empty() && !key.starts_with('#')).then(|| key.to_owned())
}

/// toml_edit's messages may span lines; gsudo's errors are one sentence.
fn one_line(message: &str) -> String {
    message.split_whitespace().collect::<Vec<_>>().join(" ")
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
    /// An http(s) URL.
    Url,
}

/// The settings of the configuration file, by dotted key; `None` for a key gsudo does not know.
pub fn config_kind(key: &[String]) -> Option<Kind> {
    let parts: Vec<&str> = key.iter().map(String::as_str).collect();
    match parts.as_slice() {
        ["service_account"] => Some(Kind::Account),
        ["lifetime" | "session_length"] => Some(Kind::Duration),
        ["scopes"] => Some(Kind::Scopes),
        ["broker"] => Some(Kind::Url),
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
        Kind::Url => url::Url::parse(string(value)?)
            .ok()
            .filter(|u| matches!(u.scheme(), "https" | "http"))
            .map(drop)
            .ok_or_else(|| "expected an https:// URL".to_owned()),
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
fn value_from_text(kind: Kind, text: &str) -> Result<Value, String> {
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

/// How `config get` prints a value: strings bare, lists comma-separated.
pub fn plain(value: &Value) -> String {
    match value {
        Value::String(s) => s.value().clone(),
        Value::Array(array) => array.iter().map(plain).collect::<Vec<_>>().join(","),
        other => other.clone().decorated("", "").to_string(),
    }
}

/// How `config list` prints a value: as TOML.
pub fn toml_text(value: &Value) -> String {
    value.clone().decorated("", "").to_string()
}

pub fn json(value: &Value) -> serde_json::Value {
    match value {
        Value::String(s) => s.value().as_str().into(),
        Value::Integer(i) => (*i.value()).into(),
        Value::Float(f) => (*f.value()).into(),
        Value::Boolean(b) => (*b.value()).into(),
        Value::Datetime(d) => d.value().to_string().into(),
        Value::Array(a) => a.iter().map(json).collect(),
        Value::InlineTable(t) => t
            .iter()
            .map(|(k, v)| (k.to_owned(), json(v)))
            .collect::<serde_json::Map<_, _>>()
            .into(),
    }
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
                    return Err(invalid(format!(
                        "not a policy rule (the rules are {})",
                        Rules::NAMES.join(", ")
                    )));
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

fn read<T: std::str::FromStr>(text: &str) -> Option<T> {
    text.parse().ok()
}

/// Splits `aliases.deploy` or `projects."a.b".service_account` into its parts.
pub fn split_key(key: &str) -> Result<Vec<String>, FileError> {
    let parts = toml_edit::Key::parse(key).map_err(|_| FileError::UnknownKey {
        key: key.to_owned(),
    })?;
    Ok(parts.iter().map(|k| k.get().to_owned()).collect())
}

/// Sets `key` to `text` in the file at `path`, keeping everything else in it.
pub fn set(path: &Path, key: &[String], text: &str) -> Result<(), FileError> {
    let kind = config_kind(key).ok_or_else(|| FileError::UnknownKey { key: dotted(key) })?;
    let value = value_from_text(kind, text).map_err(|message| FileError::BadValue {
        key: dotted(key),
        value: text.to_owned(),
        message,
    })?;
    edit(path, |doc| {
        let (last, parents) = key
            .split_last()
            .ok_or_else(|| FileError::UnknownKey { key: String::new() })?;
        let mut table: &mut dyn TableLike = doc.as_table_mut();
        for (depth, part) in parents.iter().enumerate() {
            let item = table.entry(part).or_insert_with(|| {
                let mut t = toml_edit::Table::new();
                // `[projects.ID]` reads better than an empty `[projects]` above it.
                t.set_implicit(depth + 1 < parents.len());
                Item::Table(t)
            });
            table = item
                .as_table_like_mut()
                .ok_or_else(|| FileError::BadValue {
                    key: dotted(key),
                    value: text.to_owned(),
                    message: format!("{} is a value, not a table", dotted(&key[..=depth])),
                })?;
        }
        match table.get_mut(last) {
            // Replace in place, keeping the comment that trails the old value.
            Some(Item::Value(old)) => {
                let decor = old.decor().clone();
                *old = value;
                *old.decor_mut() = decor;
            }
            _ => {
                table.insert(last, Item::Value(value));
            }
        }
        Ok(())
    })
}

/// Removes `key` from the file; true when it was there.
pub fn unset(path: &Path, key: &[String]) -> Result<bool, FileError> {
    let mut found = false;
    edit(path, |doc| {
        let (last, parents) = match key.split_last() {
            Some(split) => split,
            None => return Ok(()),
        };
        let mut table: &mut dyn TableLike = doc.as_table_mut();
        for part in parents {
            match table.get_mut(part).and_then(Item::as_table_like_mut) {
                Some(inner) => table = inner,
                None => return Ok(()),
            }
        }
        let order: Vec<String> = table.iter().map(|(k, _)| k.to_owned()).collect();
        let comments = table
            .key(last)
            .and_then(|k| k.leaf_decor().prefix())
            .and_then(|p| p.as_str())
            .filter(|p| p.contains('#'))
            .map(str::to_owned);
        found = table.remove(last).is_some();
        // The comments above a removed key may be the file's own (a header): they move to
        // whatever came next rather than leave with the key.
        let next = order
            .iter()
            .position(|k| k == last)
            .and_then(|i| order.get(i + 1));
        if let (Some(comments), Some(next)) = (comments, next) {
            keep_comments(table, next, &comments);
        }
        Ok(())
    })?;
    Ok(found)
}

fn keep_comments(table: &mut dyn TableLike, next: &str, comments: &str) {
    let prepend = |decor: &mut toml_edit::Decor| {
        let old = decor
            .prefix()
            .and_then(|p| p.as_str())
            .unwrap_or_default()
            .to_owned();
        decor.set_prefix(format!("{comments}{old}"));
    };
    if let Some(Item::Table(t)) = table.get_mut(next) {
        prepend(t.decor_mut());
    } else if let Some(mut key) = table.key_mut(next) {
        prepend(key.leaf_decor_mut());
    }
}

/// Reads the file, applies `change`, checks the result reads back, and replaces the file
/// atomically (a temporary file in the same directory, then a rename), mode 0600.
fn edit(
    path: &Path,
    change: impl FnOnce(&mut DocumentMut) -> Result<(), FileError>,
) -> Result<(), FileError> {
    // Through a symlink (dotfile managers keep the file elsewhere), edit the file it points to
    // rather than replacing the link.
    let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned());
    let before = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == io::ErrorKind::NotFound => String::new(),
        Err(source) => return Err(FileError::Read { path, source }),
    };
    // Never write over a file gsudo cannot read: what it would write could lose the user's.
    ConfigFile::parse(&path, &before)?;
    let mut doc: DocumentMut = before.parse().map_err(|_| FileError::Invalid {
        path: path.clone(),
        line: 1,
        key: None,
        message: "it is not TOML".into(),
    })?;
    change(&mut doc)?;
    let after = doc.to_string();
    ConfigFile::parse(&path, &after)?;
    write_atomically(&path, after.as_bytes()).map_err(|source| FileError::Write {
        path: path.clone(),
        source,
    })
}

fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
    let dir = path
        .parent()
        .ok_or_else(|| io::Error::other("the path has no directory"))?;
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)?;
    let mut temp = tempfile::Builder::new()
        .prefix(".config.toml.")
        .tempfile_in(dir)?;
    temp.as_file()
        .set_permissions(std::fs::Permissions::from_mode(0o600))?;
    temp.write_all(bytes)?;
    temp.as_file().sync_all()?;
    temp.persist(path).map_err(|e| e.error)?;
    Ok(())
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

    #[test]
    fn set_keeps_comments_and_unknown_keys_and_writes_0600() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("gsudo/config.toml");
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(
            &path,
            "# top comment\nlifetime = \"5m\" # short\nfuture = { a = 1 }\n\n[aliases]\n# the operators\nops = \"o@p.iam.gserviceaccount.com\"\n",
        )
        .unwrap();
        set(&path, &split_key("lifetime").unwrap(), "20m").unwrap();
        set(
            &path,
            &split_key("aliases.deploy").unwrap(),
            "d@p.iam.gserviceaccount.com",
        )
        .unwrap();
        set(
            &path,
            &split_key("projects.my-proj.service_account").unwrap(),
            "deploy",
        )
        .unwrap();
        set(
            &path,
            &split_key("scopes").unwrap(),
            "cloud-platform, bigquery",
        )
        .unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(
            text,
            "# top comment\nlifetime = \"20m\" # short\nfuture = { a = 1 }\nscopes = [\"cloud-platform\", \"bigquery\"]\n\n[aliases]\n# the operators\nops = \"o@p.iam.gserviceaccount.com\"\ndeploy = \"d@p.iam.gserviceaccount.com\"\n\n[projects.my-proj]\nservice_account = \"deploy\"\n"
        );
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        assert!(unset(&path, &split_key("lifetime").unwrap()).unwrap());
        assert!(!unset(&path, &split_key("lifetime").unwrap()).unwrap());
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            text.starts_with("# top comment\nfuture = { a = 1 }\n"),
            "{text}"
        );
        // Only the file itself is left in the directory: the temporary file was renamed.
        assert_eq!(
            std::fs::read_dir(path.parent().unwrap()).unwrap().count(),
            1
        );
    }

    #[test]
    fn set_refuses_what_it_could_not_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        assert!(matches!(
            set(&path, &split_key("lifetme").unwrap(), "1h"),
            Err(FileError::UnknownKey { .. })
        ));
        assert!(matches!(
            set(&path, &split_key("lifetime").unwrap(), "soon"),
            Err(FileError::BadValue { .. })
        ));
        assert!(!path.exists());
        std::fs::write(&path, "lifetime = [\n").unwrap();
        assert!(matches!(
            set(&path, &split_key("session_length").unwrap(), "1h"),
            Err(FileError::Invalid { .. })
        ));
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "lifetime = [\n");
    }

    #[test]
    fn set_writes_through_a_symlink() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("dotfiles.toml");
        std::fs::write(&real, "# mine\nlifetime = 60\n").unwrap();
        let link = dir.path().join("config.toml");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        set(&link, &split_key("proxy").unwrap(), "false").unwrap();
        assert!(link.symlink_metadata().unwrap().file_type().is_symlink());
        assert_eq!(
            std::fs::read_to_string(&real).unwrap(),
            "# mine\nlifetime = 60\nproxy = false\n"
        );
    }

    #[test]
    fn xdg_paths_follow_the_spec() {
        let env = Env::from_pairs([("HOME", "/h"), ("XDG_CONFIG_HOME", "relative")]);
        assert_eq!(
            config_path(&env).unwrap(),
            Path::new("/h/.config/gsudo/config.toml")
        );
        let env = Env::from_pairs([("HOME", "/h"), ("XDG_CONFIG_HOME", "/x")]);
        assert_eq!(
            config_path(&env).unwrap(),
            Path::new("/x/gsudo/config.toml")
        );
    }
}
