//! What gsudo reads before it acts: the environment it was started in and the user's gcloud
//! configuration, each read once.

pub mod edit;
pub mod file;
mod gcloud;
mod layers;
pub mod paths;
pub mod policy;
mod reader;
pub mod render;
pub mod schema;

use std::collections::BTreeMap;
use std::ffi::{OsStr, OsString};
use std::path::PathBuf;

pub use gcloud::{Gcloud, Properties};
pub use layers::{configured_broker, file_failure};
pub use reader::{Entry, dotted, split_key};

/// A snapshot of an environment. gsudo never changes its own; the sandbox and the session derive
/// new ones from it.
#[derive(Clone, Debug, Default)]
pub struct Env {
    vars: BTreeMap<OsString, OsString>,
}

impl Env {
    /// The environment gsudo was started in.
    pub fn current() -> Self {
        Self {
            vars: std::env::vars_os().collect(),
        }
    }

    #[cfg(test)]
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        Self {
            vars: pairs
                .into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
        }
    }

    /// A variable's value when it is set, valid UTF-8 and not empty.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.vars
            .get(OsStr::new(key))
            .and_then(|v| v.to_str())
            .filter(|v| !v.is_empty())
    }

    pub fn path(&self, key: &str) -> Option<PathBuf> {
        self.vars
            .get(OsStr::new(key))
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    }

    pub fn home(&self) -> Option<PathBuf> {
        self.path("HOME")
    }

    pub fn set(&mut self, key: impl Into<OsString>, value: impl Into<OsString>) {
        self.vars.insert(key.into(), value.into());
    }

    /// Removes every variable whose (UTF-8) name `doomed` accepts.
    pub fn remove_where(&mut self, mut doomed: impl FnMut(&str) -> bool) {
        self.vars
            .retain(|k, _| !k.to_str().is_some_and(&mut doomed));
    }

    pub fn iter(&self) -> impl Iterator<Item = (&OsString, &OsString)> {
        self.vars.iter()
    }

    /// The variables whose name and value are both UTF-8.
    pub fn iter_str(&self) -> impl Iterator<Item = (&str, &str)> {
        self.vars
            .iter()
            .filter_map(|(k, v)| Some((k.to_str()?, v.to_str()?)))
    }

    /// Finds a program on this environment's PATH.
    pub fn which(&self, program: &str) -> Option<PathBuf> {
        let path = self.vars.get(OsStr::new("PATH"))?;
        std::env::split_paths(path)
            .map(|dir| dir.join(program))
            .find(|candidate| is_executable(candidate))
    }
}

fn is_executable(path: &std::path::Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

use crate::cli::SessionArgs;
use crate::types::{HostMapping, Lifetime, Reason, Scopes, ServiceAccount};
use crate::ui::Failure;

/// The longest a minted token may live (the API's own ceiling, with the org policy).
pub const MAX_LIFETIME: Lifetime = Lifetime::from_secs(12 * 3600);

/// What one gsudo run borrows, resolved from flags, GSUDO_* variables and gcloud's settings.
#[derive(Clone, Debug)]
pub struct Settings {
    pub account: ServiceAccount,
    pub reason: Reason,
    /// The project the child works in when given explicitly; else the child keeps gcloud's.
    pub project: Option<String>,
    pub delegates: Vec<ServiceAccount>,
    pub lifetime: Lifetime,
    pub session_length: Lifetime,
    pub scopes: Scopes,
    pub proxy: ProxySettings,
    /// Whether the session serves a metadata server.
    pub metadata_server: bool,
    /// A GKE cluster (name, location) to add to the session's kubeconfig.
    pub gke_cluster: Option<(String, String)>,
    /// The policy file that wants this run confirmed on a terminal first (none with `-y`).
    pub confirm: Option<PathBuf>,
    /// Where the session log is (`None`: keep none, as in the sandbox).
    pub trail: Option<PathBuf>,
    /// Why a policy refuses ID tokens in this run, if one does.
    pub id_token_refusal: Option<policy::Violation>,
    /// The shell `gsudo` with no command opens, from the file's `shell` (`None`: $SHELL).
    pub shell: Option<Vec<String>>,
    /// How the run uses Privileged Access Manager.
    pub pam: PamSettings,
    /// The organization's broker that mints every token, when one is configured.
    pub broker: Option<String>,
}

/// How a run uses Privileged Access Manager.
#[derive(Clone, Debug, Default)]
pub struct PamSettings {
    /// `--pam`, else the configuration file's `pam`, else auto (never is refused under
    /// `require_pam`).
    pub mode: crate::cli::PamMode,
    /// The policy whose `require_pam` forbids standing access: a mint that works with no active
    /// grant is refused.
    pub required: Option<PathBuf>,
    /// Whether the session length was asked for, rather than gsudo's default, which may come
    /// down to an entitlement's maximum.
    pub explicit_session: bool,
    /// `--entitlement`, else the file's `entitlements.ALIAS` for an alias of the account.
    pub entitlement: Option<String>,
    /// `--notify`, else the file's `notify`: whom PAM also tells about a new grant.
    pub notify: Vec<String>,
}

/// Whether the session runs its auth-rewriting proxy, and where that proxy connects.
#[derive(Clone, Debug, Default)]
pub struct ProxySettings {
    pub enabled: bool,
    /// Hosts to reach at another address (private endpoints, tests).
    pub mappings: Vec<HostMapping>,
    /// CAs trusted for upstream hosts besides the system's.
    pub upstream_ca_file: Option<PathBuf>,
}

impl Settings {
    /// Checks what the flags and GSUDO_* variables ask for, over gsudo's defaults alone, before
    /// anything touches the network; `load` adds the user's configuration and policies.
    pub fn resolve(args: &SessionArgs) -> Result<Self, Failure> {
        Self::layered(
            args,
            &Env::default(),
            &file::ConfigFile::default(),
            &policy::Policies::default(),
            None,
        )
    }
}
