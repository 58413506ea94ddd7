//! `gsudo config`: read and change the configuration file without losing a comment.

use serde_json::json;

use crate::cli::{ConfigAction, Format};
use crate::config::file::{self, ConfigFile};
use crate::config::{Env, file_failure};
use crate::session::ExitReason;
use crate::ui::{self, Failure};

pub fn config(action: &ConfigAction, env: &Env) -> Result<ExitReason, Failure> {
    let path = file::config_path(env).ok_or_else(|| {
        Failure::new("gsudo cannot tell where the configuration file is: HOME is not set.")
            .with_hint("Set HOME, or XDG_CONFIG_HOME to an absolute path.")
    })?;
    match action {
        ConfigAction::Path => crate::outln!("{}", path.display()),
        ConfigAction::Get { key } => {
            let parts = file::split_key(key).map_err(file_failure)?;
            let config = ConfigFile::load(env).map_err(file_failure)?;
            // A table's name (`aliases`) prints every setting under it.
            let under: Vec<&file::Entry> = config
                .entries
                .iter()
                .filter(|e| e.key.starts_with(&parts))
                .collect();
            match under.as_slice() {
                [] => {
                    ui::note(&format!("{key} is not set in {}", path.display()));
                    return Ok(ExitReason::Code(1));
                }
                [one] if one.key == parts => crate::outln!("{}", file::plain(&one.value)),
                many => {
                    for entry in many {
                        crate::outln!("{} = {}", entry.dotted(), file::toml_text(&entry.value));
                    }
                }
            }
        }
        ConfigAction::Set { key, value } => {
            let parts = file::split_key(key).map_err(file_failure)?;
            file::set(&path, &parts, value).map_err(file_failure)?;
            ui::note(&format!(
                "set {} in {}",
                file::dotted(&parts),
                path.display()
            ));
        }
        ConfigAction::Unset { key } => {
            let parts = file::split_key(key).map_err(file_failure)?;
            if file::unset(&path, &parts).map_err(file_failure)? {
                ui::note(&format!(
                    "removed {} from {}",
                    file::dotted(&parts),
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
        |entry: &file::Entry| overriding_variable(&entry.key).filter(|v| env.get(v).is_some());
    match format {
        Format::Json => {
            let settings: serde_json::Map<String, serde_json::Value> = config
                .entries
                .iter()
                .map(|e| (e.dotted(), file::json(&e.value)))
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
                let line = format!("{} = {}", entry.dotted(), file::toml_text(&entry.value));
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
