//! TOML read with line numbers: every value of a file with its dotted key and line, so that a
//! mistake is reported as "file, line, key".

use std::path::Path;

use toml_edit::{Document, TableLike, Value};

use super::file::FileError;

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
pub(super) fn one_line(message: &str) -> String {
    message.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Splits `aliases.deploy` or `projects."a.b".service_account` into its parts.
pub fn split_key(key: &str) -> Result<Vec<String>, FileError> {
    let parts = toml_edit::Key::parse(key).map_err(|_| FileError::UnknownKey {
        key: key.to_owned(),
    })?;
    Ok(parts.iter().map(|k| k.get().to_owned()).collect())
}
