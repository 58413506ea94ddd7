//! The Privileged Access Manager REST calls gsudo makes, with the caller's credentials.
//!
//! docs/pam.md records the shapes and the sources they come from.

use std::sync::Arc;

use reqwest::Method;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::PamError;
use crate::auth::Caller;
use crate::google::{CallFailure, Http};
use crate::types::ServiceAccount;

/// What an entitlement says, as far as gsudo needs it.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Entitlement {
    pub name: String,
    pub max_request_duration: Option<String>,
    pub approval_workflow: Value,
    pub privileged_access: Value,
}

impl Entitlement {
    /// The longest grant it allows, in seconds.
    pub fn max_seconds(&self) -> Option<u64> {
        self.max_request_duration.as_deref().and_then(seconds)
    }

    /// Who may approve its grants (empty when grants need no approval).
    pub fn approvers(&self) -> Vec<String> {
        self.approval_workflow["manualApprovals"]["steps"]
            .as_array()
            .into_iter()
            .flatten()
            .flat_map(|step| step["approvers"].as_array().into_iter().flatten())
            .flat_map(|ace| ace["principals"].as_array().into_iter().flatten())
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect()
    }

    /// The service account its condition narrows the role to, if any.
    pub fn account(&self) -> Option<String> {
        self.privileged_access["gcpIamAccess"]["roleBindings"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|b| b["conditionExpression"].as_str())
            .find_map(|condition| {
                let (_, rest) = condition.split_once("serviceAccounts/")?;
                let email: String = rest
                    .chars()
                    .take_while(|c| !matches!(c, '"' | '\'' | ' ' | ')'))
                    .collect();
                (!email.is_empty()).then_some(email)
            })
    }

    /// What its grants let the requester mint for, if it binds Token Creator: the account its
    /// condition (or its resource) names, else every account on its resource.
    pub fn token_creator_reach(&self) -> Option<Reach> {
        let access = &self.privileged_access["gcpIamAccess"];
        let binding = access["roleBindings"]
            .as_array()?
            .iter()
            .find(|b| b["role"] == "roles/iam.serviceAccountTokenCreator")?;
        let resource = access["resource"].as_str().unwrap_or_default();
        if binding["conditionExpression"].is_string() {
            return self.account().map(Reach::Account);
        }
        match resource.split_once("/serviceAccounts/") {
            Some((_, email)) => Some(Reach::Account(email.to_owned())),
            None => Some(Reach::Everywhere(
                resource
                    .trim_start_matches("//cloudresourcemanager.googleapis.com/")
                    .to_owned(),
            )),
        }
    }

    /// Whether an active grant lets its requester mint for `account`: it binds Token Creator,
    /// unconditionally or with a condition naming the account.
    pub fn grants_token_creator_on(&self, account: &ServiceAccount) -> bool {
        self.privileged_access["gcpIamAccess"]["roleBindings"]
            .as_array()
            .into_iter()
            .flatten()
            .any(|binding| {
                binding["role"] == "roles/iam.serviceAccountTokenCreator"
                    && binding["conditionExpression"]
                        .as_str()
                        .is_none_or(|condition| condition.contains(account.as_str()))
            })
    }
}

/// Which accounts an entitlement's grants let the requester mint for.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Reach {
    /// One account.
    Account(String),
    /// Every account on a resource (`projects/P`, `folders/F`, `organizations/O`).
    Everywhere(String),
}

/// One grant, as far as gsudo needs it.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Grant {
    pub name: String,
    pub state: String,
    pub requested_duration: Option<String>,
    pub timeline: Timeline,
    pub audit_trail: Option<AuditTrail>,
    pub justification: Value,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct Timeline {
    pub events: Vec<Value>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct AuditTrail {
    pub access_grant_time: Option<String>,
}

impl Grant {
    /// When an active grant's access ends: its activation plus the requested duration.
    pub fn ends_at(&self) -> Option<OffsetDateTime> {
        let started = self.audit_trail.as_ref()?.access_grant_time.as_deref()?;
        let started = OffsetDateTime::parse(started, &Rfc3339).ok()?;
        let secs = self.requested_duration.as_deref().and_then(seconds)?;
        Some(started + time::Duration::seconds(i64::try_from(secs).ok()?))
    }

    /// The last timeline event of `kind` (`denied`, `revoked`, `activationFailed`...).
    pub fn event(&self, kind: &str) -> Option<&Value> {
        self.timeline.events.iter().rev().find_map(|e| e.get(kind))
    }
}

/// `"3600s"` (a protobuf JSON duration) in whole seconds.
fn seconds(text: &str) -> Option<u64> {
    let value: f64 = text.strip_suffix('s')?.parse().ok()?;
    (value.is_finite() && value >= 0.0).then_some(value as u64)
}

/// The PAM and IAM calls, as the caller.
#[derive(Clone, Debug)]
pub struct Api {
    pub http: Http,
    pub caller: Arc<Caller>,
    /// privilegedaccessmanager's base URL, ending in `/`.
    pub endpoint: String,
    /// The `X-Goog-Request-Reason` of every call, so the audit logs say why as for the mints.
    pub reason: Option<String>,
}

impl Api {
    async fn call<T: DeserializeOwned>(
        &self,
        method: Method,
        url: &str,
        body: Option<&Value>,
    ) -> Result<T, PamError> {
        let token = self
            .caller
            .access_token()
            .await
            .map_err(|e| PamError::Caller(e.to_string()))?;
        self.http
            .call_json(|| {
                let mut request = self
                    .http
                    .request(method.clone(), url)
                    .bearer_auth(token.expose());
                if let Some(reason) = &self.reason {
                    request = request.header("X-Goog-Request-Reason", reason);
                }
                match body {
                    Some(body) => request.json(body),
                    None => request,
                }
            })
            .await
            .map_err(|failure| match failure {
                CallFailure::Unreachable(why) => PamError::Unreachable {
                    endpoint: self.endpoint.clone(),
                    why,
                },
                CallFailure::Refused { status, message } => PamError::Refused { status, message },
                CallFailure::Malformed(why) => PamError::Unexpected {
                    url: url.to_owned(),
                    why,
                },
            })
    }

    /// The entitlements under `parent` (`projects/ID`...) the caller may request grants of.
    pub async fn requestable(&self, parent: &str) -> Result<Vec<Entitlement>, PamError> {
        let url = format!(
            "{}v1/{parent}/locations/global/entitlements:search?callerAccessType=GRANT_REQUESTER",
            self.endpoint
        );
        #[derive(Deserialize, Default)]
        #[serde(default)]
        struct Found {
            entitlements: Vec<Entitlement>,
        }
        let found: Found = self.call(Method::GET, &url, None).await?;
        Ok(found.entitlements)
    }

    /// The parent of a project or folder (`folders/ID`, `organizations/ID`), from Resource
    /// Manager v3; `None` at the top or where the caller may not see it.
    pub async fn parent(&self, crm: &str, name: &str) -> Result<Option<String>, PamError> {
        #[derive(Deserialize, Default)]
        #[serde(default)]
        struct Node {
            parent: Option<String>,
        }
        match self
            .call::<Node>(Method::GET, &format!("{crm}v3/{name}"), None)
            .await
        {
            Ok(node) => Ok(node.parent),
            // Seeing no further up is the end of the walk, not a failure.
            Err(PamError::Refused {
                status: 403 | 404, ..
            }) => Ok(None),
            Err(e) => Err(e),
        }
    }

    pub async fn entitlement(&self, name: &str) -> Result<Entitlement, PamError> {
        self.call(Method::GET, &format!("{}v1/{name}", self.endpoint), None)
            .await
    }

    /// The caller's own grants of `entitlement`.
    pub async fn my_grants(&self, entitlement: &str) -> Result<Vec<Grant>, PamError> {
        let url = format!(
            "{}v1/{entitlement}/grants:search?callerRelationship=HAD_CREATED",
            self.endpoint
        );
        #[derive(Deserialize, Default)]
        #[serde(default)]
        struct Found {
            grants: Vec<Grant>,
        }
        let found: Found = self.call(Method::GET, &url, None).await?;
        Ok(found.grants)
    }

    /// Creates a grant; retries (here and by the caller) reuse `request_id`, so PAM makes one.
    pub async fn create(
        &self,
        entitlement: &str,
        request_id: &str,
        body: &Value,
    ) -> Result<Grant, PamError> {
        let url = format!(
            "{}v1/{entitlement}/grants?requestId={request_id}",
            self.endpoint
        );
        self.call(Method::POST, &url, Some(body)).await
    }

    pub async fn grant(&self, name: &str) -> Result<Grant, PamError> {
        self.call(Method::GET, &format!("{}v1/{name}", self.endpoint), None)
            .await
    }

    /// Ends the caller's own grant, pending or active: withdraw is the requester's call (it is
    /// v1beta only; v1's revoke needs an administrator's permission).
    pub async fn withdraw(&self, name: &str) -> Result<(), PamError> {
        let url = format!("{}v1beta/{name}:withdraw", self.endpoint);
        let _: Value = self.call(Method::POST, &url, Some(&json!({}))).await?;
        Ok(())
    }
}
