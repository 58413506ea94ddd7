//! `gsudo config`: read and change the configuration file without losing a comment.

use serde_json::json;

use crate::cli::{ConfigAction, Format};
use crate::config::file::ConfigFile;
use crate::config::{Entry, Env, dotted, edit, file_failure, paths, render, split_key};
use crate::session::ExitReason;
use crate::ui::{self, Failure};

pub fn config(action: &ConfigAction, env: &Env) -> Result<ExitReason, Failure> {
    let path = paths::config_path(env).ok_or_else(|| {
        Failure::new("gsudo cannot tell where the configuration file is: HOME is not set.")
            .with_hint("Set HOME, or XDG_CONFIG_HOME to an absolute path.")
    })?;
    match action {
        ConfigAction::Path => println!("{}", path.display()),
        ConfigAction::Get { key } => {
            let parts = split_key(key).map_err(file_failure)?;
            let config = ConfigFile::load(env).map_err(file_failure)?;
            // A table's name (`aliases`) prints every setting under it.
            let under: Vec<&Entry> = config
                .entries
                .iter()
                .filter(|e| e.key.starts_with(&parts))
                .collect();
            match under.as_slice() {
                [] => {
                    ui::note(&format!("{key} is not set in {}", path.display()));
                    return Ok(ExitReason::Code(1));
                }
                [one] if one.key == parts => println!("{}", render::plain(&one.value)),
                many => {
                    for entry in many {
                        println!("{} = {}", entry.dotted(), render::toml_text(&entry.value));
                    }
                }
            }
        }
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
    Ok(ExitReason::Code(0))
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
            println!(
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
                    Some(var) => println!("{line}  # overridden by {var}"),
                    None => println!("{line}"),
                }
            }
        }
    }
    Ok(())
}

/// The variable that stands above a file setting, by the precedence flag > GSUDO_* > file.
fn overriding_variable(key: &[String]) -> Option<&'static str> {
    let parts: Vec<&str> = key.iter().map(String::as_str).collect();
    match parts.as_slice() {
        ["service_account"] | ["projects", _, "service_account"] => Some("GSUDO_SERVICE_ACCOUNT"),
        ["lifetime"] => Some("GSUDO_LIFETIME"),
        ["session_length"] => Some("GSUDO_SESSION_LENGTH"),
        ["scopes"] => Some("GSUDO_SCOPES"),
        ["delegates"] => Some("GSUDO_DELEGATES"),
        ["proxy"] => Some("GSUDO_NO_PROXY"),
        ["metadata_server"] => Some("GSUDO_NO_METADATA_SERVER"),
        _ => None,
    }
}
