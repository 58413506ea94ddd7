//! Just-in-time Token Creator through Privileged Access Manager: with no standing binding,
//! gsudo finds the entitlement that grants Token Creator on the account, reuses or requests a
//! grant with the reason as justification, waits for it to become active, and ends it when the
//! session ends.
//!
//! In the layer picture this sits beside `session` and `discover`: `commands` drive it, and it
//! calls Google through `auth`'s caller and HTTP client.

mod api;

use std::io::{IsTerminal, Write as _};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rand::RngCore as _;
use serde_json::json;
use time::OffsetDateTime;

use crate::auth::Caller;
use crate::cli::PamMode;
use crate::config::Gcloud;
use crate::google::Http;
use crate::types::{Lifetime, Reason, ServiceAccount};
use crate::ui::{self, Failure};
use api::Api;
pub use api::{Entitlement, Grant};

/// How long the first poll waits; each next one waits longer, up to [`MAX_POLL`].
const FIRST_POLL: Duration = Duration::from_secs(1);
const MAX_POLL: Duration = Duration::from_secs(10);
/// How long an ACTIVE grant's binding may take to reach IAM before gsudo gives up.
pub const PROPAGATION: Duration = Duration::from_secs(180);

/// Why PAM could not give the session its access; each reads as one sentence.
#[derive(Debug, thiserror::Error)]
pub enum PamError {
    #[error("your credentials could not be used for Privileged Access Manager: {0}")]
    Caller(String),
    #[error("could not reach Privileged Access Manager at {endpoint}: {why}")]
    Unreachable { endpoint: String, why: String },
    #[error("Privileged Access Manager refused ({status}): {message}")]
    Refused { status: u16, message: String },
    #[error("unexpected answer from {url}: {why}")]
    Unexpected { url: String, why: String },
    #[error("no Privileged Access Manager entitlement you may request grants Token Creator on {0}")]
    NoEntitlement(ServiceAccount),
    #[error("the session length {asked} is over the entitlement's maximum request duration {max}")]
    TooLong { asked: Lifetime, max: Lifetime },
    #[error("{0}")]
    Ended(String),
    #[error("the grant {name} was still {state} after waiting {waited}")]
    Timeout {
        name: String,
        state: String,
        waited: Lifetime,
    },
}

impl From<PamError> for Failure {
    fn from(error: PamError) -> Failure {
        let hint = match &error {
            PamError::Caller(_) => "Log in again with `gcloud auth login`, then try again.",
            PamError::Unreachable { .. } => {
                "Check your network, or api_endpoint_overrides/privilegedaccessmanager in your gcloud configuration."
            }
            PamError::Refused { .. } | PamError::Unexpected { .. } => {
                "Check the entitlement with `gcloud pam entitlements search --caller-access-type=grant-requester`."
            }
            PamError::NoEntitlement(_) => {
                "Ask an admin for an entitlement (see the README's Privileged Access Manager section), or use --pam never."
            }
            PamError::TooLong { .. } => "Ask for a shorter session with --session.",
            PamError::Ended(_) => "Request a new grant by running gsudo again.",
            PamError::Timeout { .. } => {
                "Send the grant's name to an approver and run gsudo again; it reuses the grant once active."
            }
        };
        Failure::new(crate::ui::sentence(&capitalised(&error.to_string()))).with_hint(hint)
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// What the run asks PAM for.
#[derive(Clone, Debug)]
pub struct Wanted {
    pub mode: PamMode,
    pub account: ServiceAccount,
    pub reason: Reason,
    pub session_length: Lifetime,
    /// Whether the session length is gsudo's default, which comes down to the entitlement's
    /// maximum rather than being refused.
    pub default_length: bool,
    pub entitlement: Option<String>,
    pub wait: Lifetime,
    /// `additionalEmailRecipients` of a new grant.
    pub notify: Vec<String>,
}

/// An account the caller may request Token Creator on through an entitlement.
#[derive(Clone, Debug)]
pub struct Requestable {
    pub account: String,
    pub entitlement: String,
    pub max_duration: Option<Lifetime>,
}

/// The grant a session runs on.
#[derive(Clone, Debug)]
pub struct Active {
    pub name: String,
    pub ends_at: OffsetDateTime,
    /// Whether this run requested it (and so ends it at teardown).
    pub created: bool,
}

/// How the PAM step ended.
#[derive(Debug)]
pub enum Outcome {
    /// No entitlement the caller may request grants Token Creator on the account.
    NoEntitlement,
    /// A grant is active.
    Granted(Active),
    /// The grant was requested and not waited for.
    Requested(String),
    /// Ctrl-C while waiting: the grant was withdrawn.
    Interrupted,
}

/// PAM as the caller.
pub struct Pam {
    api: Api,
    /// Whether PAM is the same Google the mints go to: with IAM Credentials overridden (an
    /// emulator, a private endpoint) and PAM not, `auto` leaves PAM alone rather than mix them.
    same_place: bool,
    /// Resource Manager's base URL, to walk up from the project; `None` when it is not the
    /// Google PAM is.
    resource_manager: Option<String>,
}

impl Pam {
    pub fn new(http: Http, caller: Arc<Caller>, gcloud: &Gcloud) -> Pam {
        let overridden = |api| gcloud.property("api_endpoint_overrides", api).is_some();
        Pam {
            api: Api {
                http,
                caller,
                endpoint: gcloud.endpoint("privilegedaccessmanager"),
                reason: None,
            },
            same_place: overridden("iamcredentials") == overridden("privilegedaccessmanager"),
            resource_manager: (overridden("cloudresourcemanager")
                == overridden("privilegedaccessmanager"))
            .then(|| gcloud.endpoint("cloudresourcemanager")),
        }
    }

    /// Sends `reason` as `X-Goog-Request-Reason` with every call, as the mints do.
    pub fn with_reason(mut self, reason: String) -> Pam {
        self.api.reason = Some(reason);
        self
    }

    /// Finds or requests the grant the run needs, once a mint was refused for want of Token
    /// Creator (or always, with `--pam always`); `wait` says whether to wait for it, and
    /// `interrupted` whether Ctrl-C came meanwhile.
    pub async fn acquire(
        &self,
        wanted: &Wanted,
        wait: bool,
        interrupted: &mut dyn FnMut() -> bool,
    ) -> Result<Outcome, PamError> {
        if wanted.mode == PamMode::Auto && !self.same_place {
            return Ok(Outcome::NoEntitlement);
        }
        let Some(entitlement) = self.entitlement(wanted).await? else {
            return match wanted.mode {
                // The refused mint says what is missing, as without PAM.
                PamMode::Auto => Ok(Outcome::NoEntitlement),
                _ => Err(PamError::NoEntitlement(wanted.account.clone())),
            };
        };
        ui::debug(&format!("PAM entitlement {}", entitlement.name));
        let length = self.length(wanted, &entitlement)?;
        let need = time::Duration::try_from(length.duration()).unwrap_or(time::Duration::MAX);
        let now = OffsetDateTime::now_utc();
        // PAM keeps one open grant per requester and entitlement: an open one is the one to use.
        let mine = self.api.my_grants(&entitlement.name).await?;
        if let Some(grant) = mine
            .iter()
            .filter(|g| g.state == "ACTIVE")
            .max_by_key(|g| g.ends_at())
        {
            let ends_at = grant.ends_at().unwrap_or(now);
            if ends_at - now < need {
                ui::note(&format!(
                    "reusing the active grant {}, which ends at {}, before the session would",
                    grant.name,
                    crate::types::rfc3339(ends_at)
                ));
            } else {
                ui::note(&format!("reusing the active grant {}", grant.name));
            }
            return Ok(Outcome::Granted(Active {
                ends_at,
                name: grant.name.clone(),
                created: false,
            }));
        }
        let approvers = entitlement.approvers();
        if let Some(pending) = mine.into_iter().find(|g| {
            matches!(
                g.state.as_str(),
                "APPROVAL_AWAITED" | "SCHEDULED" | "ACTIVATING"
            )
        }) {
            if !wait {
                return Ok(Outcome::Requested(pending.name));
            }
            ui::note(&format!("waiting for your earlier grant {}", pending.name));
            return self
                .wait(pending, wanted.wait, &approvers, interrupted, false)
                .await
                .map(|active| active.map_or(Outcome::Interrupted, Outcome::Granted));
        }
        let mut body = json!({
            "requestedDuration": format!("{}s", length.as_secs()),
            "justification": {"unstructuredJustification": wanted.reason.to_string()},
        });
        if !wanted.notify.is_empty() {
            body["additionalEmailRecipients"] = json!(wanted.notify);
        }
        let grant = self
            .api
            .create(&entitlement.name, &request_id(), &body)
            .await?;
        if !wait {
            return Ok(Outcome::Requested(grant.name));
        }
        ui::note(&format!("requested the grant {}", grant.name));
        self.wait(grant, wanted.wait, &approvers, interrupted, true)
            .await
            .map(|active| active.map_or(Outcome::Interrupted, Outcome::Granted))
    }

    /// The named entitlement, or the first requestable one granting Token Creator on the
    /// account in its project.
    async fn entitlement(&self, wanted: &Wanted) -> Result<Option<Entitlement>, PamError> {
        let project = account_project(&wanted.account);
        if let Some(named) = &wanted.entitlement {
            let name = if named.contains('/') {
                named.clone()
            } else {
                let Some(project) = project else {
                    return Err(PamError::NoEntitlement(wanted.account.clone()));
                };
                format!("projects/{project}/locations/global/entitlements/{named}")
            };
            return self.api.entitlement(&name).await.map(Some);
        }
        let Some(project) = project else {
            return Ok(None);
        };
        // The project, then up the hierarchy: an entitlement on a folder or the organization
        // grants the role on everything below it.
        let mut parent = Some(format!("projects/{project}"));
        while let Some(node) = parent {
            let found = self
                .api
                .requestable(&node)
                .await?
                .into_iter()
                .find(|e| e.grants_token_creator_on(&wanted.account));
            if found.is_some() {
                return Ok(found);
            }
            parent = match &self.resource_manager {
                Some(crm) => self.api.parent(crm, &node).await?,
                None => None,
            };
        }
        Ok(None)
    }

    /// The grant's duration: the session's, within the entitlement's maximum.
    fn length(&self, wanted: &Wanted, entitlement: &Entitlement) -> Result<Lifetime, PamError> {
        match entitlement.max_seconds().map(Lifetime::from_secs) {
            Some(max) if wanted.session_length > max => {
                if wanted.default_length {
                    Ok(max)
                } else {
                    Err(PamError::TooLong {
                        asked: wanted.session_length,
                        max,
                    })
                }
            }
            _ => Ok(wanted.session_length),
        }
    }

    /// Polls the grant with backoff until it is ACTIVE (`Some`), Ctrl-C withdraws it (`None`),
    /// it ends, or `limit` passes; `created` says whether this run requested it.
    async fn wait(
        &self,
        mut grant: Grant,
        limit: Lifetime,
        approvers: &[String],
        interrupted: &mut dyn FnMut() -> bool,
        created: bool,
    ) -> Result<Option<Active>, PamError> {
        let started = Instant::now();
        let mut pause = FIRST_POLL;
        let line = StatusLine::new();
        loop {
            match grant.state.as_str() {
                "ACTIVE" => {
                    line.clear();
                    let ends_at = grant.ends_at().unwrap_or_else(OffsetDateTime::now_utc);
                    return Ok(Some(Active {
                        name: grant.name,
                        ends_at,
                        created,
                    }));
                }
                "APPROVAL_AWAITED" | "SCHEDULED" | "ACTIVATING" => {}
                _ => {
                    line.clear();
                    return Err(PamError::Ended(ended(&grant)));
                }
            }
            if started.elapsed() >= limit.duration() {
                line.clear();
                return Err(PamError::Timeout {
                    name: grant.name,
                    state: grant.state,
                    waited: limit,
                });
            }
            line.show(&match grant.state.as_str() {
                "APPROVAL_AWAITED" if !approvers.is_empty() => format!(
                    "waiting for approval by {} of {}",
                    approvers.join(", "),
                    grant.name
                ),
                state => format!("grant {}: {state}", grant.name),
            });
            // Sleep in short steps, so Ctrl-C is noticed at once.
            let until = Instant::now() + pause;
            while Instant::now() < until {
                if interrupted() {
                    line.clear();
                    ui::note(&format!("withdrawing the grant {}", grant.name));
                    self.api.withdraw(&grant.name).await?;
                    return Ok(None);
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            pause = (pause * 2).min(MAX_POLL);
            grant = self.api.grant(&grant.name).await?;
        }
    }

    /// The accounts the caller may request Token Creator on in `project`, with the entitlement
    /// and its maximum duration; nothing when PAM is not the Google the mints go to.
    pub async fn requestable(&self, project: &str) -> Result<Vec<Requestable>, PamError> {
        if !self.same_place {
            return Ok(Vec::new());
        }
        let found = self.api.requestable(&format!("projects/{project}")).await?;
        Ok(found
            .into_iter()
            .filter_map(|e| {
                let account = e.account()?;
                let grants = account
                    .parse::<ServiceAccount>()
                    .is_ok_and(|a| e.grants_token_creator_on(&a));
                grants.then(|| Requestable {
                    max_duration: e.max_seconds().map(Lifetime::from_secs),
                    entitlement: e.name,
                    account,
                })
            })
            .collect())
    }

    /// The caller's grants of every entitlement they may request in `project`.
    pub async fn my_grants(&self, project: &str) -> Result<Vec<(Entitlement, Grant)>, PamError> {
        let mut all = Vec::new();
        for entitlement in self.api.requestable(&format!("projects/{project}")).await? {
            for grant in self.api.my_grants(&entitlement.name).await? {
                all.push((entitlement.clone(), grant));
            }
        }
        Ok(all)
    }

    /// Says on the progress line that IAM has not caught up with the grant yet.
    pub fn propagating(&self, grant: &str) {
        StatusLine::new().show(&format!(
            "grant {grant} is active; waiting for IAM to propagate it"
        ));
    }

    /// Ends a grant this run requested, at teardown; a failure is worth a warning only.
    pub async fn release(&self, active: &Active) {
        match self.api.withdraw(&active.name).await {
            Ok(()) => ui::debug(&format!("withdrew the grant {}", active.name)),
            Err(e) => ui::warn(&format!(
                "gsudo could not end the grant {} early ({e}); it ends on its own at {}",
                active.name,
                crate::types::rfc3339(active.ends_at)
            )),
        }
    }
}

/// The sentence for a grant that ended without becoming active, from its timeline.
fn ended(grant: &Grant) -> String {
    let text = |event: Option<&serde_json::Value>, key: &str| {
        event
            .and_then(|e| e[key].as_str())
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    };
    let name = &grant.name;
    match grant.state.as_str() {
        "DENIED" => {
            let event = grant.event("denied");
            let actor = text(event, "actor").unwrap_or_else(|| "an approver".into());
            match text(event, "reason") {
                Some(reason) => format!("the grant {name} was denied by {actor}: {reason}"),
                None => format!("the grant {name} was denied by {actor}"),
            }
        }
        "EXPIRED" => format!("the grant {name} expired before anyone approved it"),
        "ACTIVATION_FAILED" => {
            let error = grant
                .event("activationFailed")
                .and_then(|e| e["error"]["message"].as_str())
                .unwrap_or("no reason given");
            format!("the grant {name} could not be activated: {error}")
        }
        "REVOKED" => {
            let event = grant.event("revoked");
            let actor = text(event, "actor").unwrap_or_else(|| "an administrator".into());
            match text(event, "reason") {
                Some(reason) => format!("the grant {name} was revoked by {actor}: {reason}"),
                None => format!("the grant {name} was revoked by {actor}"),
            }
        }
        "WITHDRAWN" => format!("the grant {name} was withdrawn"),
        state => format!("the grant {name} ended ({state}) before it could be used"),
    }
}

/// `PROJECT` of `NAME@PROJECT.iam.gserviceaccount.com`.
fn account_project(account: &ServiceAccount) -> Option<String> {
    account
        .as_str()
        .split_once('@')
        .and_then(|(_, domain)| domain.strip_suffix(".iam.gserviceaccount.com"))
        .map(str::to_owned)
}

/// A fresh UUID (version 4), the form PAM wants for `requestId`.
fn request_id() -> String {
    let mut b = [0u8; 16];
    rand::rng().fill_bytes(&mut b);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

/// One line on stderr, redrawn in place: only on a terminal at the normal level of output.
struct StatusLine {
    visible: bool,
}

impl StatusLine {
    fn new() -> StatusLine {
        StatusLine {
            visible: std::io::stderr().is_terminal() && ui::level() == ui::Level::Normal,
        }
    }

    fn show(&self, text: &str) {
        if self.visible {
            let _ = write!(std::io::stderr(), "\r\x1b[2Kgsudo: {text}");
        }
    }

    fn clear(&self) {
        if self.visible {
            let _ = write!(std::io::stderr(), "\r\x1b[2K");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_ids_are_version_4_uuids() {
        let id = request_id();
        assert_eq!(id.len(), 36);
        assert_eq!(&id[14..15], "4");
        assert_ne!(id, request_id());
    }

    #[test]
    fn a_denied_grant_names_the_approver_and_the_reason() {
        let grant: Grant = serde_json::from_value(json!({
            "name": "g",
            "state": "DENIED",
            "timeline": {"events": [{"requested": {}}, {"denied": {"actor": "bob@example.com", "reason": "freeze"}}]},
        }))
        .unwrap();
        assert_eq!(
            ended(&grant),
            "the grant g was denied by bob@example.com: freeze"
        );
    }
}
