//! `gsudo config`: read and change the configuration file without losing a comment.

use serde_json::json;

use crate::cli::{ConfigAction, Format};
use crate::config::file::{ConfigFile, FileError};
use crate::config::{Entry, Env, dotted, edit, file_failure, paths, render, schema, split_key};
use crate::settings;
use crate::ui::{self, Failure};

pub fn config(action: &ConfigAction, env: &Env) -> Result<(), Failure> {
    let path = paths::config_path(env).ok_or_else(|| {
        Failure::new("gsudo cannot tell where the configuration file is: HOME is not set.")
            .with_hint("Set HOME, or XDG_CONFIG_HOME to an absolute path.")
    })?;
    match action {
        ConfigAction::Path => crate::outln!("{}", path.display()),
        ConfigAction::Get { key } => get(env, &path, key)?,
        ConfigAction::Set { key, value } => {
            let parts = split_key(key).map_err(file_failure)?;
            edit::set(&path, &parts, value).map_err(file_failure)?;
            ui::note(&format!("set {} in {}", dotted(&parts), path.display()));
        }
        ConfigAction::Unset { key } => {
            let parts = split_key(key).map_err(file_failure)?;
            if edit::unset(&path, &parts).map_err(file_failure)? {
                ui::note(&format!(
                    "removed {} from {}",
                    dotted(&parts),
                    path.display()
                ));
            } else {
                ui::note(&format!("{key} was not set in {}", path.display()));
            }
        }
        ConfigAction::List { format } => list(env, &path, *format)?,
    }
    Ok(())
}

/// Prints one setting's value; unset, its default, saying so. A table's name (`aliases`)
/// prints every setting under it.
fn get(env: &Env, path: &std::path::Path, key: &str) -> Result<(), Failure> {
    let parts = split_key(key).map_err(file_failure)?;
    let setting = settings::setting(&parts);
    let known = setting.is_some() || schema::config_kind(&parts).is_some();
    if !known && !settings::is_table(&parts) {
        return Err(file_failure(FileError::UnknownKey {
            key: key.to_owned(),
        }));
    }
    let config = ConfigFile::load(env).map_err(file_failure)?;
    let under: Vec<&Entry> = config
        .entries
        .iter()
        .filter(|e| e.key.starts_with(&parts))
        .collect();
    match under.as_slice() {
        [one] if one.key == parts => crate::outln!("{}", render::plain(&one.value)),
        [] if !known => ui::note(&format!("nothing is set under {key} in {}", path.display())),
        [] => match setting.and_then(|s| Some((s, s.default.text()?))) {
            Some((setting, default)) => {
                crate::outln!("{default}");
                ui::note(&format!(
                    "{key} is not set in {}: this is the default ({})",
                    path.display(),
                    setting.help
                ));
            }
            None => {
                return Err(Failure::new(format!(
                    "{key} is not set in {}, and has no default.",
                    path.display()
                ))
                .with_hint(format!("Set it with: gsudo config set {key} VALUE")));
            }
        },
        many => {
            for entry in many {
                crate::outln!("{} = {}", entry.dotted(), render::toml_text(&entry.value));
            }
        }
    }
    Ok(())
}

/// Every setting in the file, and the GSUDO_* variable that overrides it where one is set.
fn list(env: &Env, path: &std::path::Path, format: Format) -> Result<(), Failure> {
    let config = ConfigFile::load(env).map_err(file_failure)?;
    let overridden =
        |entry: &Entry| overriding_variable(&entry.key).filter(|v| env.get(v).is_some());
    match format {
        Format::Json => {
            let settings: serde_json::Map<String, serde_json::Value> = config
                .entries
                .iter()
                .map(|e| (e.dotted(), render::json(&e.value)))
                .collect();
            let overrides: serde_json::Map<String, serde_json::Value> = config
                .entries
                .iter()
                .filter_map(|e| overridden(e).map(|var| (e.dotted(), var.into())))
                .collect();
            crate::outln!(
                "{}",
                json!({
                    "path": path.display().to_string(),
                    "exists": config.exists,
                    "settings": settings,
                    "overridden_by": overrides,
                })
            );
        }
        Format::Text => {
            if !config.exists {
                ui::note(&format!(
                    "there is no configuration file yet at {}",
                    path.display()
                ));
            }
            for entry in &config.entries {
                let line = format!("{} = {}", entry.dotted(), render::toml_text(&entry.value));
                match overridden(entry) {
                    Some(var) => crate::outln!("{line}  # overridden by {var}"),
                    None => crate::outln!("{line}"),
                }
            }
        }
    }
    Ok(())
}

/// The variable that stands above a file setting, by the precedence flag > GSUDO_* > file.
fn overriding_variable(key: &[String]) -> Option<&'static str> {
    settings::setting(key)?.variable
}
