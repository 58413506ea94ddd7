//! Just-in-time Token Creator through Privileged Access Manager: with no standing binding,
//! gsudo finds the entitlement that grants Token Creator on the account, reuses or requests a
//! grant with the reason as justification, waits for it to become active, and ends it when the
//! session ends.
//!
//! In the layer picture this sits beside `session` and `discover`: `commands` drive it, and it
//! calls Google through `auth`'s caller and HTTP client.

mod api;

use std::collections::HashSet;
use std::future::Future;
use std::io::{IsTerminal, Write as _};
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use rand::RngCore as _;
use serde_json::json;
use time::OffsetDateTime;

use crate::auth::{Caller, Lease};
use crate::config::Gcloud;
use crate::google::Http;
use crate::types::{Lifetime, Reason, ServiceAccount};
use crate::ui::{self, Failure};
use api::Api;
pub use api::{Entitlement, Grant, Reach};

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
    #[error(
        "no Privileged Access Manager endpoint is known beside your IAM Credentials endpoint {iamcredentials}"
    )]
    NoEndpoint { iamcredentials: String },
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
            PamError::NoEndpoint { .. } => {
                "Name it: gcloud config set api_endpoint_overrides/privilegedaccessmanager URL (or use --pam never)."
            }
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
    /// The account the caller mints for directly: the target, or the first of its delegates.
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
    pub reach: Reach,
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
    /// A grant is active.
    Granted(Active),
    /// The grant was requested and not waited for.
    Requested(String),
    /// Ctrl-C while waiting: the grant was withdrawn.
    Interrupted,
}

/// The entitlement a run uses, and the caller's grants of it.
#[derive(Debug)]
pub struct Found {
    entitlement: Entitlement,
    mine: Vec<Grant>,
}

impl Found {
    /// The caller's ACTIVE grant of the entitlement that lasts longest, said on stderr with its
    /// end when that comes before the session's would.
    pub fn active(&self, wanted: &Wanted) -> Option<Active> {
        let now = OffsetDateTime::now_utc();
        let grant = self
            .mine
            .iter()
            .filter(|g| g.state == "ACTIVE")
            .max_by_key(|g| g.ends_at())?;
        let ends_at = grant.ends_at().unwrap_or(now);
        let need = time::Duration::try_from(wanted.session_length.duration())
            .unwrap_or(time::Duration::MAX);
        if ends_at - now < need {
            ui::note(&format!(
                "the session runs on your active grant {}, so it ends when the grant does, at {}, not in {} as asked",
                grant.name,
                crate::types::rfc3339(ends_at),
                wanted.session_length
            ));
        } else {
            ui::note(&format!(
                "the session runs on your active grant {}",
                grant.name
            ));
        }
        Some(Active {
            ends_at,
            name: grant.name.clone(),
            created: false,
        })
    }
}

/// PAM as the caller.
pub struct Pam {
    /// `None` when gsudo cannot tell where PAM is beside the mints' IAM Credentials endpoint.
    api: Option<Api>,
    /// The IAM Credentials endpoint the mints go to, to say so when PAM's is unknown.
    iamcredentials: String,
    /// Resource Manager's base URL, to walk up from the project; `None` when it is not known
    /// beside PAM's.
    resource_manager: Option<String>,
}

impl Pam {
    pub fn new(http: Http, caller: Arc<Caller>, gcloud: &Gcloud) -> Pam {
        let iamcredentials = gcloud.endpoint("iamcredentials");
        let endpoint = beside(
            gcloud,
            "privilegedaccessmanager",
            "iamcredentials",
            &iamcredentials,
        );
        let resource_manager = endpoint.as_deref().and_then(|pam| {
            beside(
                gcloud,
                "cloudresourcemanager",
                "privilegedaccessmanager",
                pam,
            )
        });
        Pam {
            api: endpoint.map(|endpoint| Api {
                http,
                caller,
                endpoint,
                reason: None,
            }),
            iamcredentials,
            resource_manager,
        }
    }

    /// Sends `reason` as `X-Goog-Request-Reason` with every call, as the mints do.
    pub fn with_reason(mut self, reason: String) -> Pam {
        if let Some(api) = &mut self.api {
            api.reason = Some(reason);
        }
        self
    }

    /// Whether gsudo knows where PAM is (docs/pam.md, "Which Privileged Access Manager").
    pub fn known(&self) -> bool {
        self.api.is_some()
    }

    fn api(&self) -> Result<&Api, PamError> {
        self.api.as_ref().ok_or_else(|| PamError::NoEndpoint {
            iamcredentials: self.iamcredentials.clone(),
        })
    }

    /// The entitlement that grants Token Creator on the account (the named one, else the first
    /// requestable one up from its project), with the caller's grants of it; `None` when there
    /// is none.
    pub async fn find(&self, wanted: &Wanted) -> Result<Option<Found>, PamError> {
        let Some(entitlement) = self.entitlement(wanted).await? else {
            return Ok(None);
        };
        ui::debug(&format!("PAM entitlement {}", entitlement.name));
        let mine = self.api()?.my_grants(&entitlement.name).await?;
        Ok(Some(Found { entitlement, mine }))
    }

    /// Reuses or requests the grant of `found` the run needs, once a mint was refused for want
    /// of Token Creator (or always, with `--pam always`); `wait` says whether to wait for it,
    /// and `interrupted` whether Ctrl-C came meanwhile.
    pub async fn acquire(
        &self,
        wanted: &Wanted,
        found: Found,
        wait: bool,
        interrupted: &mut dyn FnMut() -> bool,
    ) -> Result<Outcome, PamError> {
        // PAM keeps one open grant per requester and entitlement: an open one is the one to use.
        if let Some(active) = found.active(wanted) {
            return Ok(Outcome::Granted(active));
        }
        let Found { entitlement, mine } = found;
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
        let length = self.length(wanted, &entitlement)?;
        let mut body = json!({
            "requestedDuration": format!("{}s", length.as_secs()),
            "justification": {"unstructuredJustification": wanted.reason.to_string()},
        });
        if !wanted.notify.is_empty() {
            body["additionalEmailRecipients"] = json!(wanted.notify);
        }
        let grant = self
            .api()?
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
    /// account in its project or above it.
    async fn entitlement(&self, wanted: &Wanted) -> Result<Option<Entitlement>, PamError> {
        let api = self.api()?;
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
            return api.entitlement(&name).await.map(Some);
        }
        let Some(project) = project else {
            return Ok(None);
        };
        // The project, then up the hierarchy: an entitlement on a folder or the organization
        // grants the role on everything below it.
        let mut parent = Some(format!("projects/{project}"));
        while let Some(node) = parent {
            let found = api
                .requestable(&node)
                .await?
                .into_iter()
                .find(|e| e.grants_token_creator_on(&wanted.account));
            if found.is_some() {
                return Ok(found);
            }
            parent = match &self.resource_manager {
                Some(crm) => api.parent(crm, &node).await?,
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
                    self.api()?.withdraw(&grant.name).await?;
                    return Ok(None);
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            pause = (pause * 2).min(MAX_POLL);
            grant = self.api()?.grant(&grant.name).await?;
        }
    }

    /// The accounts the caller may request Token Creator on through an entitlement on one of
    /// `projects` or above it, with the entitlement and its maximum duration, and the places
    /// that could not be searched. Nothing when PAM is not known beside the mints' endpoint.
    pub async fn requestable(&self, projects: &[String]) -> Searched<Requestable> {
        if !self.known() {
            return Searched::default();
        }
        let Searched { found, failures } = self.entitlements_above(projects).await;
        let mut found: Vec<Requestable> = found
            .into_iter()
            .filter_map(|e| {
                let reach = e.token_creator_reach()?;
                Some(Requestable {
                    max_duration: e.max_seconds().map(Lifetime::from_secs),
                    entitlement: e.name,
                    reach,
                })
            })
            .collect();
        found.sort_by(|a, b| (&a.reach, &a.entitlement).cmp(&(&b.reach, &b.entitlement)));
        Searched { found, failures }
    }

    /// The caller's grants of every entitlement they may request on `project` or above it.
    pub async fn my_grants(
        &self,
        project: &str,
    ) -> Result<Searched<(Entitlement, Grant)>, PamError> {
        let api = self.api()?;
        let Searched {
            found: entitlements,
            mut failures,
        } = self.entitlements_above(&[project.to_owned()]).await;
        let mut found = Vec::new();
        for entitlement in entitlements {
            match api.my_grants(&entitlement.name).await {
                Ok(grants) => found.extend(grants.into_iter().map(|g| (entitlement.clone(), g))),
                Err(e) => failures.push((entitlement.name.clone(), e)),
            }
        }
        Ok(Searched { found, failures })
    }

    /// Every entitlement the caller may request on `projects` and their folders and
    /// organizations, each place searched once, as many at a time as the HTTP client allows.
    async fn entitlements_above(&self, projects: &[String]) -> Searched<Entitlement> {
        let Some(api) = &self.api else {
            return Searched::default();
        };
        let walked: Arc<Mutex<HashSet<String>>> = Arc::default();
        let mut tasks = tokio::task::JoinSet::new();
        for project in projects {
            let (api, crm, walked) = (
                api.clone(),
                self.resource_manager.clone(),
                Arc::clone(&walked),
            );
            let mut node = Some(format!("projects/{project}"));
            tasks.spawn(async move {
                let mut searched = Searched::default();
                while let Some(here) = node.take() {
                    // Another project's walk has been here, and goes on above.
                    let first = walked
                        .lock()
                        .unwrap_or_else(PoisonError::into_inner)
                        .insert(here.clone());
                    if !first {
                        break;
                    }
                    match api.requestable(&here).await {
                        Ok(found) => searched.found.extend(found),
                        Err(e) => searched.failures.push((here.clone(), e)),
                    }
                    if let Some(crm) = &crm {
                        match api.parent(crm, &here).await {
                            Ok(parent) => node = parent,
                            Err(e) => searched.failures.push((format!("the parent of {here}"), e)),
                        }
                    }
                }
                searched
            });
        }
        let mut all = Searched::default();
        while let Some(joined) = tasks.join_next().await {
            // A task ends early only if it panicked, a bug: what it found is lost, the rest stands.
            if let Ok(searched) = joined {
                all.found.extend(searched.found);
                all.failures.extend(searched.failures);
            }
        }
        all.found.sort_by(|a, b| a.name.cmp(&b.name));
        all.found.dedup_by(|a, b| a.name == b.name);
        all
    }

    /// What tells the session whether `active` has ended, when a mint on it is refused.
    pub fn lease(&self, active: &Active) -> Option<Arc<dyn Lease>> {
        let api = self.api.clone()?;
        Some(Arc::new(GrantLease {
            api,
            name: active.name.clone(),
        }))
    }

    /// Says on the progress line that IAM has not caught up with the grant yet.
    pub fn propagating(&self, grant: &str) {
        StatusLine::new().show(&format!(
            "grant {grant} is active; waiting for IAM to propagate it"
        ));
    }

    /// Ends a grant this run requested, at teardown; a failure is worth a warning only.
    pub async fn release(&self, active: &Active) {
        let ended = match self.api() {
            Ok(api) => api.withdraw(&active.name).await,
            Err(e) => Err(e),
        };
        match ended {
            Ok(()) => ui::debug(&format!("withdrew the grant {}", active.name)),
            Err(e) => ui::warn(&format!(
                "gsudo could not end the grant {} early ({e}); it ends on its own at {}",
                active.name,
                crate::types::rfc3339(active.ends_at)
            )),
        }
    }
}

/// What a search over several places found, and where it failed (the place, and why).
#[derive(Debug)]
pub struct Searched<T> {
    pub found: Vec<T>,
    pub failures: Vec<(String, PamError)>,
}

impl<T> Default for Searched<T> {
    fn default() -> Self {
        Searched {
            found: Vec::new(),
            failures: Vec::new(),
        }
    }
}

/// The grant a session runs on, asked after whenever a mint is refused.
#[derive(Debug)]
struct GrantLease {
    api: Api,
    name: String,
}

impl Lease for GrantLease {
    fn ended(&self) -> Pin<Box<dyn Future<Output = Option<String>> + Send + '_>> {
        Box::pin(async move {
            match self.api.grant(&self.name).await {
                Ok(grant) if grant.state != "ACTIVE" => Some(ended(&grant)),
                Ok(_) => None,
                // Unknown is not ended: the refused mint says what it says.
                Err(e) => {
                    ui::debug(&format!("could not look at the grant {}: {e}", self.name));
                    None
                }
            }
        })
    }
}

/// The base URL of `api` to use beside `anchor_api`'s, whose base URL is `anchor`: `api`'s own
/// override; else, when the anchor is Google's default, Google's default; else, when the anchor
/// is a Private Service Connect endpoint (`https://ANCHOR-NAME.p.googleapis.com/`), the same
/// endpoint under `api`'s name; else `None`: the anchor is another Google (an emulator, a
/// private proxy) where `api`'s place cannot be guessed.
fn beside(gcloud: &Gcloud, api: &str, anchor_api: &str, anchor: &str) -> Option<String> {
    if gcloud.property("api_endpoint_overrides", api).is_some() {
        return Some(gcloud.endpoint(api));
    }
    let universe = gcloud.universe_domain();
    if anchor == format!("https://{anchor_api}.{universe}/") {
        return Some(gcloud.endpoint(api));
    }
    private_service_connect(anchor, anchor_api, api, &universe)
}

/// `https://ANCHOR-NAME.p.UNIVERSE/...` as `https://API-NAME.p.UNIVERSE/...`: one Private Service
/// Connect endpoint serves every Google API, each under its own DNS name.
fn private_service_connect(
    anchor: &str,
    anchor_api: &str,
    api: &str,
    universe: &str,
) -> Option<String> {
    let mut url = url::Url::parse(anchor).ok()?;
    let host = url.host_str()?;
    let name = host
        .strip_suffix(&format!(".p.{universe}"))?
        .strip_prefix(&format!("{anchor_api}-"))?;
    if url.scheme() != "https" || name.is_empty() || name.contains('.') {
        return None;
    }
    let host = format!("{api}-{name}.p.{universe}");
    url.set_host(Some(&host)).ok()?;
    Some(url.to_string())
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
        "ENDED" => format!("the grant {name} has ended"),
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

    /// gcloud's configuration from these variables alone.
    fn gcloud(pairs: &[(&str, &str)]) -> Gcloud {
        let mut all = vec![("CLOUDSDK_CONFIG", "/nonexistent/gcloud"), ("PATH", "")];
        all.extend_from_slice(pairs);
        Gcloud::load(&crate::config::Env::from_pairs(all))
    }

    /// PAM's endpoint and Resource Manager's beside it, as `Pam::new` finds them.
    fn places(pairs: &[(&str, &str)]) -> (Option<String>, Option<String>) {
        let g = gcloud(pairs);
        let pam = beside(
            &g,
            "privilegedaccessmanager",
            "iamcredentials",
            &g.endpoint("iamcredentials"),
        );
        let crm = pam
            .as_deref()
            .and_then(|p| beside(&g, "cloudresourcemanager", "privilegedaccessmanager", p));
        (pam, crm)
    }

    #[test]
    fn pam_is_found_beside_iam_credentials_or_not_at_all() {
        let google = |api: &str| Some(format!("https://{api}.googleapis.com/"));
        assert_eq!(
            places(&[]),
            (
                google("privilegedaccessmanager"),
                google("cloudresourcemanager")
            )
        );
        // Private Service Connect: one endpoint, every API under its own name.
        assert_eq!(
            places(&[(
                "CLOUDSDK_API_ENDPOINT_OVERRIDES_IAMCREDENTIALS",
                "https://iamcredentials-corp1.p.googleapis.com/"
            )]),
            (
                Some("https://privilegedaccessmanager-corp1.p.googleapis.com/".into()),
                Some("https://cloudresourcemanager-corp1.p.googleapis.com/".into())
            )
        );
        // An emulator or a private proxy: PAM's place is unknown, so Google's is never called.
        for private in [
            "http://127.0.0.1:9/",
            "https://iam-proxy.corp.example/iamcredentials/",
            "http://iamcredentials-corp1.p.googleapis.com/",
            "https://iamcredentials-a.b.p.googleapis.com/",
        ] {
            let overridden = [("CLOUDSDK_API_ENDPOINT_OVERRIDES_IAMCREDENTIALS", private)];
            assert_eq!(places(&overridden), (None, None), "{private}");
        }
        // PAM named explicitly wins; Resource Manager beside an emulator's PAM is unknown too.
        assert_eq!(
            places(&[
                (
                    "CLOUDSDK_API_ENDPOINT_OVERRIDES_IAMCREDENTIALS",
                    "http://127.0.0.1:9/"
                ),
                (
                    "CLOUDSDK_API_ENDPOINT_OVERRIDES_PRIVILEGEDACCESSMANAGER",
                    "http://127.0.0.1:9/"
                ),
            ]),
            (Some("http://127.0.0.1:9/".into()), None)
        );
        // Another universe's defaults stay in that universe.
        assert_eq!(
            places(&[("CLOUDSDK_CORE_UNIVERSE_DOMAIN", "example-universe.com")]).0,
            Some("https://privilegedaccessmanager.example-universe.com/".into())
        );
    }

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
