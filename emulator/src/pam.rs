//! Privileged Access Manager (privilegedaccessmanager.googleapis.com), v1 as the Cloud SDK's
//! generated client describes it, and v1beta's `:withdraw`:
//!
//! - `GET  /v1/{parent}/locations/global/entitlements:search?callerAccessType=` (GRANT_REQUESTER,
//!   GRANT_APPROVER);
//! - `GET  /v1/{entitlement}`;
//! - `POST /v1/{entitlement}/grants?requestId=`: a grant, with the no-duplicate and ten-open
//!   grants rules, the maximum duration and the justification the entitlement asks for;
//! - `GET  /v1/{entitlement}/grants:search?callerRelationship=` (HAD_CREATED, CAN_APPROVE,
//!   HAD_APPROVED) and `GET /v1/{grant}`;
//! - `POST /v1/{grant}:approve`, `:deny` (an approver other than the requester), `:revoke`
//!   (`privilegedaccessmanager.grants.revoke` on the parent), and `/v1beta/{grant}:withdraw`
//!   (the requester).
//!
//! `{parent}` is `projects/ID`, `folders/ID` or `organizations/ID`. Grants move on lazily: each
//! call works out where every grant stands now from its timestamps and the world's `[pam]`
//! settings, so a grant approved at T is ACTIVATING until T + `activation_seconds`, then ACTIVE
//! for its requested duration, then ENDED; the binding it adds is honoured from
//! `propagation_seconds` after activation until it ends. Revoke and withdraw answer a finished
//! long-running operation.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex, PoisonError};

use axum::body::Bytes;
use axum::extract::{ConnectInfo, Path, Query, State as AxumState};
use axum::http::{HeaderMap, Method};
use axum::response::Response;
use rand::RngCore as _;
use serde::Deserialize;
use serde_json::{Value, json};
use time::format_description::well_known::Rfc3339;
use time::{Duration, OffsetDateTime};

use super::audit::Code;
use super::call::{Call, Refusal, State, authenticate, parse};
use super::world::{Entitlement, Member, World};

const SERVICE: &str = "privilegedaccessmanager.googleapis.com";
/// How many grants one requester may have open (not in a terminal state) at once.
const MAX_OPEN_GRANTS: usize = 10;
/// Entitlements in the emulator are made at this instant, so answers are the same each run.
const CREATED: &str = "2025-01-01T00:00:00Z";

/// The audit log's `methodName` of a PAM RPC.
macro_rules! rpc {
    ($version:literal, $method:literal) => {
        concat!(
            "google.cloud.privilegedaccessmanager.",
            $version,
            ".PrivilegedAccessManager.",
            $method
        )
    };
}

/// Every grant requested since the emulator started.
#[derive(Default)]
pub(crate) struct Grants(Mutex<Vec<GrantRecord>>);

/// What was decided about a grant's approval.
#[derive(Debug, Clone)]
enum Decision {
    /// The entitlement asks for no approval.
    NotNeeded,
    Approved {
        actor: String,
        reason: String,
        at: OffsetDateTime,
    },
    Denied {
        actor: String,
        reason: String,
        at: OffsetDateTime,
    },
}

/// How a grant was ended before its time.
#[derive(Debug, Clone)]
enum Stop {
    Revoked {
        actor: String,
        reason: String,
        at: OffsetDateTime,
    },
    Withdrawn {
        at: OffsetDateTime,
    },
}

impl Stop {
    fn at(&self) -> OffsetDateTime {
        match self {
            Stop::Revoked { at, .. } | Stop::Withdrawn { at } => *at,
        }
    }
}

#[derive(Debug, Clone)]
struct GrantRecord {
    name: String,
    /// Index into the world's entitlements.
    entitlement: usize,
    requester: String,
    request_id: Option<String>,
    duration: Duration,
    justification: Option<String>,
    recipients: Vec<String>,
    created: OffsetDateTime,
    decision: Option<Decision>,
    stop: Option<Stop>,
    /// The binding activation added, once approved.
    binding: Option<u64>,
}

/// The states of v1's `Grant.StateValueValuesEnum` the emulator reaches, and v1beta's WITHDRAWN.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum GrantState {
    ApprovalAwaited,
    Denied,
    Activating,
    Active,
    ActivationFailed,
    Expired,
    Revoked,
    Ended,
    Withdrawn,
}

impl GrantState {
    fn name(self) -> &'static str {
        match self {
            GrantState::ApprovalAwaited => "APPROVAL_AWAITED",
            GrantState::Denied => "DENIED",
            GrantState::Activating => "ACTIVATING",
            GrantState::Active => "ACTIVE",
            GrantState::ActivationFailed => "ACTIVATION_FAILED",
            GrantState::Expired => "EXPIRED",
            GrantState::Revoked => "REVOKED",
            GrantState::Ended => "ENDED",
            GrantState::Withdrawn => "WITHDRAWN",
        }
    }

    fn is_open(self) -> bool {
        matches!(
            self,
            GrantState::ApprovalAwaited | GrantState::Activating | GrantState::Active
        )
    }
}

impl GrantRecord {
    /// When access began (or would have), once approved.
    fn activation(&self, world: &World) -> Option<OffsetDateTime> {
        let approved = match self.decision.as_ref()? {
            Decision::NotNeeded => self.created,
            Decision::Approved { at, .. } => *at,
            Decision::Denied { .. } => return None,
        };
        Some(approved + world.pam_settings().activation)
    }

    fn expiry(&self, world: &World) -> OffsetDateTime {
        self.created + world.pam_settings().approval_expiry
    }

    /// Approves a grant whose auto-approval came due, and adds the binding of an approved one.
    fn settle(&mut self, world: &World, now: OffsetDateTime) {
        let entitlement = &world.entitlements()[self.entitlement];
        if self.decision.is_none()
            && let Some(delay) = world.pam_settings().auto_approve
            && let Some(approver) = entitlement.approvers.first()
        {
            let at = self.created + delay;
            let stopped_first = self.stop.as_ref().is_some_and(|s| s.at() <= at);
            if at <= now && at < self.expiry(world) && !stopped_first {
                self.decision = Some(Decision::Approved {
                    actor: approver.email().to_owned(),
                    reason: "Approved automatically after the world's auto_approve_seconds.".into(),
                    at,
                });
            }
        }
        if self.binding.is_none()
            && entitlement.activation_error.is_none()
            && let Some(active) = self.activation(world)
            && let Some(resource) = entitlement.binding_resource(world)
        {
            let end = self.stop.as_ref().map_or(active + self.duration, |s| {
                s.at().min(active + self.duration)
            });
            self.binding = Some(world.bind_during(
                &resource,
                &entitlement.role,
                Member::User(self.requester.clone()),
                active + world.pam_settings().propagation,
                end,
            ));
        }
    }

    fn state(&self, world: &World, now: OffsetDateTime) -> GrantState {
        if let Some(stop) = &self.stop
            && stop.at() <= now
        {
            return match stop {
                Stop::Revoked { .. } => GrantState::Revoked,
                Stop::Withdrawn { .. } => GrantState::Withdrawn,
            };
        }
        match &self.decision {
            None if now >= self.expiry(world) => GrantState::Expired,
            None => GrantState::ApprovalAwaited,
            Some(Decision::Denied { .. }) => GrantState::Denied,
            Some(_) => {
                // Approved or needing no approval, so activation has a time.
                let Some(active) = self.activation(world) else {
                    return GrantState::Denied;
                };
                if now < active {
                    GrantState::Activating
                } else if world.entitlements()[self.entitlement]
                    .activation_error
                    .is_some()
                {
                    GrantState::ActivationFailed
                } else if now < active + self.duration {
                    GrantState::Active
                } else {
                    GrantState::Ended
                }
            }
        }
    }

    /// The grant as the API returns it.
    fn resource(&self, world: &World, now: OffsetDateTime) -> Value {
        let entitlement = &world.entitlements()[self.entitlement];
        let state = self.state(world, now);
        let mut events: Vec<(OffsetDateTime, Value)> = vec![(
            self.created,
            json!({"requested": {"expireTime": timestamp(self.expiry(world))}}),
        )];
        match &self.decision {
            Some(Decision::Approved { actor, reason, at }) if *at <= now => {
                events.push((*at, json!({"approved": {"actor": actor, "reason": reason}})));
            }
            Some(Decision::Denied { actor, reason, at }) => {
                events.push((*at, json!({"denied": {"actor": actor, "reason": reason}})));
            }
            _ => {}
        }
        let stop_at = self.stop.as_ref().map(Stop::at);
        let before_stop = |t: OffsetDateTime| stop_at.is_none_or(|s| t < s);
        let mut audit_trail = None;
        if let Some(active) = self.activation(world)
            && active <= now
            && before_stop(active)
        {
            match &entitlement.activation_error {
                Some(message) => events.push((
                    active,
                    json!({"activationFailed": {"error": {"code": 9, "message": message}}}),
                )),
                None => {
                    events.push((active, json!({"activated": {}})));
                    let end = active + self.duration;
                    let mut trail = json!({"accessGrantTime": timestamp(active)});
                    if let Some(removed) = stop_at.map_or(Some(end), |s| Some(s.min(end)))
                        && removed <= now
                    {
                        trail["accessRemoveTime"] = json!(timestamp(removed));
                    }
                    audit_trail = Some(trail);
                    if end <= now && before_stop(end) {
                        events.push((end, json!({"ended": {}})));
                    }
                }
            }
        }
        if state == GrantState::Expired {
            events.push((self.expiry(world), json!({"expired": {}})));
        }
        match &self.stop {
            Some(Stop::Revoked { actor, reason, at }) if *at <= now => {
                events.push((*at, json!({"revoked": {"actor": actor, "reason": reason}})));
            }
            Some(Stop::Withdrawn { at }) if *at <= now => {
                events.push((*at, json!({"withdrawn": {}})));
            }
            _ => {}
        }
        events.sort_by_key(|(at, _)| *at);
        let events: Vec<Value> = events
            .into_iter()
            .map(|(at, mut event)| {
                event["eventTime"] = json!(timestamp(at));
                event
            })
            .collect();
        let updated = events
            .last()
            .and_then(|e| e["eventTime"].as_str().map(str::to_owned))
            .unwrap_or_else(|| timestamp(self.created));
        let mut grant = json!({
            "name": self.name,
            "createTime": timestamp(self.created),
            "updateTime": updated,
            "requester": self.requester,
            "requestedDuration": format!("{}s", self.duration.whole_seconds()),
            "state": state.name(),
            "timeline": {"events": events},
            "privilegedAccess": privileged_access(entitlement),
        });
        if let Some(text) = &self.justification {
            grant["justification"] = json!({"unstructuredJustification": text});
        }
        if !self.recipients.is_empty() {
            grant["additionalEmailRecipients"] = json!(self.recipients);
        }
        if let Some(trail) = audit_trail {
            grant["auditTrail"] = trail;
        }
        grant
    }
}

fn timestamp(at: OffsetDateTime) -> String {
    // RFC 3339 formatting of a UTC time cannot fail for years 0-9999.
    at.format(&Rfc3339).unwrap_or_default()
}

fn principals(members: &[Member]) -> Value {
    let list: Vec<String> = members.iter().map(ToString::to_string).collect();
    json!([{ "principals": list }])
}

fn privileged_access(e: &Entitlement) -> Value {
    let resource_type = match e.parent.split('/').next() {
        Some("folders") => "cloudresourcemanager.googleapis.com/Folder",
        Some("organizations") => "cloudresourcemanager.googleapis.com/Organization",
        _ => "cloudresourcemanager.googleapis.com/Project",
    };
    let mut binding = json!({"role": e.role});
    if let Some(email) = &e.service_account {
        binding["conditionExpression"] = json!(format!(
            "resource.name == \"projects/-/serviceAccounts/{email}\""
        ));
    }
    json!({"gcpIamAccess": {
        "resource": format!("//cloudresourcemanager.googleapis.com/{}", e.parent),
        "resourceType": resource_type,
        "roleBindings": [binding],
    }})
}

fn entitlement_resource(e: &Entitlement) -> Value {
    let mut body = json!({
        "name": e.name(),
        "createTime": CREATED,
        "updateTime": CREATED,
        "etag": "emulated",
        "state": "AVAILABLE",
        "eligibleUsers": principals(&e.eligible),
        "privilegedAccess": privileged_access(e),
        "maxRequestDuration": format!("{}s", e.max_request.whole_seconds()),
        "requesterJustificationConfig": if e.justification_required {
            json!({"unstructured": {}})
        } else {
            json!({"notMandatory": {}})
        },
    });
    if !e.approvers.is_empty() {
        body["approvalWorkflow"] = json!({"manualApprovals": {
            "requireApproverJustification": e.approver_justification,
            "steps": [{"approvalsNeeded": 1, "approvers": principals(&e.approvers)}],
        }});
    }
    body
}

/// The query parameters the PAM methods take.
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub(crate) struct PamQuery {
    caller_access_type: Option<String>,
    caller_relationship: Option<String>,
    request_id: Option<String>,
    filter: Option<String>,
    page_token: Option<String>,
}

/// What a path below `/{version}/{collection}/{id}/locations/{location}/` asks for.
enum Target<'p> {
    SearchEntitlements,
    Entitlement(&'p str),
    Grants(&'p str),
    SearchGrants(&'p str),
    Grant(&'p str, &'p str, Option<&'p str>),
}

fn target(rest: &str) -> Option<Target<'_>> {
    let parts: Vec<&str> = rest.split('/').collect();
    Some(match parts.as_slice() {
        ["entitlements:search"] => Target::SearchEntitlements,
        ["entitlements", e] => Target::Entitlement(e),
        ["entitlements", e, "grants"] => Target::Grants(e),
        ["entitlements", e, "grants:search"] => Target::SearchGrants(e),
        ["entitlements", e, "grants", g] => match g.split_once(':') {
            Some((g, action)) => Target::Grant(e, g, Some(action)),
            None => Target::Grant(e, g, None),
        },
        _ => return None,
    })
}

/// Every PAM call: `/{version}/{collection}/{id}/locations/{location}/{*rest}`.
pub(crate) async fn call(
    AxumState(state): AxumState<Arc<State>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path((version, collection, id, location, rest)): Path<(String, String, String, String, String)>,
    Query(query): Query<PamQuery>,
    method: Method,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let path = format!("/{version}/{collection}/{id}/locations/{location}/{rest}");
    let not_served = || {
        Refusal::rpc(
            Code::NotFound,
            format!("The emulator does not serve {method} {path}."),
        )
        .into_response()
    };
    let Some(target) = target(&rest) else {
        return not_served();
    };
    let rpc = match (&method, &target, version.as_str()) {
        (&Method::GET, Target::SearchEntitlements, _) => rpc!("v1", "SearchEntitlements"),
        (&Method::GET, Target::Entitlement(_), _) => rpc!("v1", "GetEntitlement"),
        (&Method::POST, Target::Grants(_), _) => rpc!("v1", "CreateGrant"),
        (&Method::GET, Target::SearchGrants(_), _) => rpc!("v1", "SearchGrants"),
        (&Method::GET, Target::Grant(_, _, None), _) => rpc!("v1", "GetGrant"),
        (&Method::POST, Target::Grant(_, _, Some("approve")), _) => rpc!("v1", "ApproveGrant"),
        (&Method::POST, Target::Grant(_, _, Some("deny")), _) => rpc!("v1", "DenyGrant"),
        (&Method::POST, Target::Grant(_, _, Some("revoke")), _) => rpc!("v1", "RevokeGrant"),
        // Withdrawing is not in v1, only in the pre-GA versions.
        (&Method::POST, Target::Grant(_, _, Some("withdraw")), "v1beta") => {
            rpc!("v1beta", "WithdrawGrant")
        }
        _ => return not_served(),
    };
    let parent = state
        .world
        .resolve(&format!("{collection}/{id}"))
        .map(|r| canonical_parent(&collection, &r.full_name()));
    let resource = format!("{collection}/{id}/locations/{location}/{rest}");
    let mut call = Call::new(SERVICE, rpc, resource, &headers, peer);
    let outcome = (|| {
        let grant = authenticate(&state, &mut call, &headers, &[])?;
        let Member::User(caller) = &grant.principal else {
            return Err(Refusal::rpc(
                Code::PermissionDenied,
                "Privileged Access Manager grants are requested and approved by users.",
            ));
        };
        let parent = parent.ok_or_else(|| {
            Refusal::rpc(
                Code::PermissionDenied,
                format!("The caller does not have permission on {collection}/{id}, or it does not exist."),
            )
        })?;
        if location != "global" {
            return Err(Refusal::rpc(
                Code::InvalidArgument,
                format!("Location `{location}` is not supported: entitlements live in `global`."),
            ));
        }
        if query.filter.as_deref().is_some_and(|f| !f.is_empty()) {
            return Err(Refusal::rpc(
                Code::Unimplemented,
                "The emulator does not evaluate `filter`.",
            ));
        }
        if query.page_token.as_deref().is_some_and(|t| !t.is_empty()) {
            return Err(super::call::invalid_token());
        }
        let pam = Pam {
            world: &state.world,
            grants: &state.pam,
            caller,
            member: grant.principal.clone(),
            now: OffsetDateTime::now_utc(),
        };
        match target {
            Target::SearchEntitlements => pam.search_entitlements(&parent, &query),
            Target::Entitlement(e) => pam
                .entitlement_index(&parent, e)
                .map(|(_, e)| entitlement_resource(e)),
            Target::Grants(e) => pam.create(&parent, e, &query, &body),
            Target::SearchGrants(e) => pam.search_grants(&parent, e, &query),
            Target::Grant(e, g, action) => pam.act(&parent, e, g, action, &version, &body),
        }
    })();
    call.finish(&state.audit, outcome)
}

/// `projects/ID`, `folders/ID` or `organizations/ID` as entitlements name their parent, from a
/// resolved full name (so a project named by number is named by id).
fn canonical_parent(collection: &str, full_name: &str) -> String {
    let id = full_name.rsplit('/').next().unwrap_or_default();
    format!("{collection}/{id}")
}

/// One call's view of PAM.
struct Pam<'s> {
    world: &'s World,
    grants: &'s Grants,
    caller: &'s str,
    member: Member,
    now: OffsetDateTime,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct GrantBody {
    requested_duration: Option<String>,
    justification: Option<JustificationBody>,
    #[serde(default)]
    additional_email_recipients: Vec<String>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct JustificationBody {
    unstructured_justification: Option<String>,
}

#[derive(Deserialize, Default)]
struct ReasonBody {
    reason: Option<String>,
}

impl Pam<'_> {
    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<GrantRecord>> {
        // Each change is one push or one field assignment, so a poisoned lock is still whole.
        let mut grants = self.grants.0.lock().unwrap_or_else(PoisonError::into_inner);
        for g in grants.iter_mut() {
            g.settle(self.world, self.now);
        }
        grants
    }

    fn entitlement_index(&self, parent: &str, id: &str) -> Result<(usize, &Entitlement), Refusal> {
        let found = self
            .world
            .entitlements()
            .iter()
            .enumerate()
            .find(|(_, e)| e.parent == parent && e.id == id);
        // Requesters and approvers see the entitlement through it; administrators (an owner)
        // through IAM on its parent.
        let administers = || {
            self.world.resolve(parent).is_some_and(|resource| {
                self.world.permits(
                    &self.member,
                    &resource,
                    "privilegedaccessmanager.entitlements.get",
                )
            })
        };
        match found {
            Some((i, e))
                if e.eligible.contains(&self.member)
                    || e.approvers.contains(&self.member)
                    || administers() =>
            {
                Ok((i, e))
            }
            _ => Err(Refusal::permission_denied(
                "privilegedaccessmanager.entitlements.get",
            )),
        }
    }

    fn search_entitlements(&self, parent: &str, query: &PamQuery) -> Result<Value, Refusal> {
        let approver = match query.caller_access_type.as_deref() {
            Some("GRANT_REQUESTER") => false,
            Some("GRANT_APPROVER") => true,
            _ => {
                return Err(Refusal::rpc(
                    Code::InvalidArgument,
                    "callerAccessType must be GRANT_REQUESTER or GRANT_APPROVER.",
                ));
            }
        };
        let found: Vec<Value> = self
            .world
            .entitlements()
            .iter()
            .filter(|e| e.parent == parent)
            .filter(|e| {
                let who = if approver { &e.approvers } else { &e.eligible };
                who.contains(&self.member)
            })
            .map(entitlement_resource)
            .collect();
        Ok(if found.is_empty() {
            json!({})
        } else {
            json!({ "entitlements": found })
        })
    }

    fn create(
        &self,
        parent: &str,
        id: &str,
        query: &PamQuery,
        body: &[u8],
    ) -> Result<Value, Refusal> {
        let (index, e) = self.entitlement_index(parent, id)?;
        if !e.eligible.contains(&self.member) {
            return Err(Refusal::rpc(
                Code::PermissionDenied,
                "The caller is not eligible to request grants of this entitlement.",
            ));
        }
        let request: GrantBody = parse(body)?;
        let duration = request
            .requested_duration
            .as_deref()
            .and_then(parse_duration)
            .filter(|d| d.is_positive())
            .ok_or_else(|| {
                Refusal::rpc(
                    Code::InvalidArgument,
                    "requestedDuration is required, as seconds like \"3600s\".",
                )
            })?;
        if duration > e.max_request {
            return Err(Refusal::rpc(
                Code::InvalidArgument,
                format!(
                    "Requested duration {}s exceeds the entitlement's maximum request duration {}s.",
                    duration.whole_seconds(),
                    e.max_request.whole_seconds()
                ),
            ));
        }
        let justification = request
            .justification
            .and_then(|j| j.unstructured_justification)
            .filter(|j| !j.trim().is_empty());
        if e.justification_required && justification.is_none() {
            return Err(Refusal::rpc(
                Code::InvalidArgument,
                "The entitlement requires a justification: set justification.unstructuredJustification.",
            ));
        }
        let mut grants = self.lock();
        let request_id = query.request_id.clone().filter(|r| !r.is_empty());
        // A retried request answers the grant the first one made.
        if let Some(rid) = &request_id
            && let Some(g) = grants
                .iter()
                .find(|g| g.requester == self.caller && g.request_id.as_ref() == Some(rid))
        {
            return Ok(g.resource(self.world, self.now));
        }
        let open: Vec<&GrantRecord> = grants
            .iter()
            .filter(|g| g.requester == self.caller && g.state(self.world, self.now).is_open())
            .collect();
        if open.iter().any(|g| g.entitlement == index) {
            return Err(Refusal::rpc(
                Code::FailedPrecondition,
                "The requester already has an open grant for this entitlement.",
            ));
        }
        if open.len() >= MAX_OPEN_GRANTS {
            return Err(Refusal::rpc(
                Code::FailedPrecondition,
                format!("The requester already has {MAX_OPEN_GRANTS} open grants."),
            ));
        }
        let mut record = GrantRecord {
            name: format!("{}/grants/{}", e.name(), grant_id()),
            entitlement: index,
            requester: self.caller.to_owned(),
            request_id,
            duration,
            justification,
            recipients: request.additional_email_recipients,
            created: self.now,
            decision: e.approvers.is_empty().then_some(Decision::NotNeeded),
            stop: None,
            binding: None,
        };
        record.settle(self.world, self.now);
        let answer = record.resource(self.world, self.now);
        grants.push(record);
        Ok(answer)
    }

    fn search_grants(&self, parent: &str, id: &str, query: &PamQuery) -> Result<Value, Refusal> {
        let (index, e) = self.entitlement_index(parent, id)?;
        let relationship = query.caller_relationship.as_deref().unwrap_or_default();
        if !matches!(relationship, "HAD_CREATED" | "CAN_APPROVE" | "HAD_APPROVED") {
            return Err(Refusal::rpc(
                Code::InvalidArgument,
                "callerRelationship must be HAD_CREATED, CAN_APPROVE or HAD_APPROVED.",
            ));
        }
        let grants = self.lock();
        let found: Vec<Value> = grants
            .iter()
            .filter(|g| g.entitlement == index)
            .filter(|g| match relationship {
                "HAD_CREATED" => g.requester == self.caller,
                "CAN_APPROVE" => {
                    g.requester != self.caller
                        && e.approvers.contains(&self.member)
                        && g.state(self.world, self.now) == GrantState::ApprovalAwaited
                }
                _ => matches!(
                    &g.decision,
                    Some(Decision::Approved { actor, .. } | Decision::Denied { actor, .. })
                        if actor == self.caller
                ),
            })
            .map(|g| g.resource(self.world, self.now))
            .collect();
        Ok(if found.is_empty() {
            json!({})
        } else {
            json!({ "grants": found })
        })
    }

    fn act(
        &self,
        parent: &str,
        entitlement: &str,
        grant: &str,
        action: Option<&str>,
        version: &str,
        body: &[u8],
    ) -> Result<Value, Refusal> {
        let (_, e) = self.entitlement_index(parent, entitlement)?;
        let name = format!("{}/grants/{grant}", e.name());
        let mut grants = self.lock();
        let Some(record) = grants.iter_mut().find(|g| g.name == name) else {
            return Err(Refusal::rpc(
                Code::NotFound,
                format!("Grant {name} does not exist."),
            ));
        };
        let is_requester = record.requester == self.caller;
        let is_approver = e.approvers.contains(&self.member);
        let state = record.state(self.world, self.now);
        let terminal = |verb: &str| {
            Refusal::rpc(
                Code::FailedPrecondition,
                format!("The grant is {}: it cannot be {verb}.", state.name()),
            )
        };
        match action {
            None => {
                let administers = || {
                    self.world.resolve(parent).is_some_and(|resource| {
                        self.world.permits(
                            &self.member,
                            &resource,
                            "privilegedaccessmanager.grants.get",
                        )
                    })
                };
                if !is_requester && !is_approver && !administers() {
                    return Err(Refusal::permission_denied(
                        "privilegedaccessmanager.grants.get",
                    ));
                }
            }
            Some(verb @ ("approve" | "deny")) => {
                if !is_approver {
                    return Err(Refusal::rpc(
                        Code::PermissionDenied,
                        "The caller is not an approver of this grant's entitlement.",
                    ));
                }
                if is_requester {
                    return Err(Refusal::rpc(
                        Code::PermissionDenied,
                        "The requester of a grant cannot approve or deny it.",
                    ));
                }
                if state != GrantState::ApprovalAwaited {
                    return Err(terminal(if verb == "approve" {
                        "approved"
                    } else {
                        "denied"
                    }));
                }
                let reason = parse::<ReasonBody>(body)?.reason.unwrap_or_default();
                if e.approver_justification && reason.trim().is_empty() {
                    return Err(Refusal::rpc(
                        Code::InvalidArgument,
                        "The entitlement requires the approver's justification: set reason.",
                    ));
                }
                let actor = self.caller.to_owned();
                record.decision = Some(if verb == "approve" {
                    Decision::Approved {
                        actor,
                        reason,
                        at: self.now,
                    }
                } else {
                    Decision::Denied {
                        actor,
                        reason,
                        at: self.now,
                    }
                });
                record.settle(self.world, self.now);
            }
            Some(verb @ ("revoke" | "withdraw")) => {
                if verb == "revoke" {
                    let resource = self.world.resolve(parent).ok_or_else(|| {
                        Refusal::permission_denied("privilegedaccessmanager.grants.revoke")
                    })?;
                    if !self.world.permits(
                        &self.member,
                        &resource,
                        "privilegedaccessmanager.grants.revoke",
                    ) {
                        return Err(Refusal::permission_denied(
                            "privilegedaccessmanager.grants.revoke",
                        ));
                    }
                } else if !is_requester {
                    return Err(Refusal::rpc(
                        Code::PermissionDenied,
                        "Only the requester of a grant can withdraw it.",
                    ));
                }
                if !state.is_open() {
                    return Err(terminal(if verb == "revoke" {
                        "revoked"
                    } else {
                        "withdrawn"
                    }));
                }
                let reason = parse::<ReasonBody>(body)?.reason.unwrap_or_default();
                record.stop = Some(if verb == "revoke" {
                    Stop::Revoked {
                        actor: self.caller.to_owned(),
                        reason,
                        at: self.now,
                    }
                } else {
                    Stop::Withdrawn { at: self.now }
                });
                if let Some(binding) = record.binding {
                    self.world.end_binding(binding, self.now);
                }
                return Ok(operation(
                    parent,
                    version,
                    verb,
                    &record.resource(self.world, self.now),
                    self.now,
                ));
            }
            Some(other) => {
                return Err(Refusal::rpc(
                    Code::NotFound,
                    format!("Method not found: {other}"),
                ));
            }
        }
        Ok(record.resource(self.world, self.now))
    }
}

/// The finished long-running operation revoke and withdraw answer.
fn operation(parent: &str, version: &str, verb: &str, grant: &Value, now: OffsetDateTime) -> Value {
    json!({
        "name": format!("{parent}/locations/global/operations/operation-{}", grant_id()),
        "done": true,
        "metadata": {
            "@type": format!("type.googleapis.com/google.cloud.privilegedaccessmanager.{version}.OperationMetadata"),
            "createTime": timestamp(now),
            "endTime": timestamp(now),
            "target": grant["name"],
            "verb": verb,
            "apiVersion": version,
        },
        "response": {
            "@type": format!("type.googleapis.com/google.cloud.privilegedaccessmanager.{version}.Grant"),
            "name": grant["name"],
            "state": grant["state"],
        },
    })
}

/// A protobuf JSON duration, `"3600s"` or `"1.5s"`, to whole seconds.
fn parse_duration(text: &str) -> Option<Duration> {
    let seconds: f64 = text.strip_suffix('s')?.parse().ok()?;
    (seconds.is_finite() && seconds < 1e12).then(|| Duration::seconds(seconds as i64))
}

/// A random grant id, like the UUIDs PAM makes.
fn grant_id() -> String {
    let mut bytes = [0u8; 16];
    rand::rng().fill_bytes(&mut bytes);
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}
