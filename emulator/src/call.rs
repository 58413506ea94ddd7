//! What every API handler shares: the emulator state, the caller's credentials, Google-style
//! error bodies, and writing the audit line for each call.

use std::net::SocketAddr;

use axum::Json;
use axum::http::{HeaderMap, StatusCode, Version, header};
use axum::response::{IntoResponse as _, Response};
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use super::audit::{AuditLog, Code, Entry};
use super::keys::KeyRing;
use super::tokens::{self, Grant, TokenStore};
use super::world::World;

/// Where the clusters' Kubernetes API is served: the HTTPS listener and its CA certificate.
#[derive(Debug, Clone)]
pub(crate) struct ApiServer {
    pub addr: SocketAddr,
    pub ca_pem: String,
}

/// Everything the handlers read and write, shared by all connections.
pub(crate) struct State {
    pub world: World,
    pub tokens: TokenStore,
    pub keys: KeyRing,
    pub audit: AuditLog,
    /// Privileged Access Manager's grants.
    pub pam: super::pam::Grants,
    /// The HTTPS listener, once one runs: every cluster's Kubernetes API endpoint.
    pub api_server: std::sync::Mutex<Option<ApiServer>>,
}

impl State {
    /// The live grant behind a bearer token: one the emulator issued, or a JWT a world
    /// service account's key file signed. A disabled account's tokens are refused, as Google
    /// refuses them while the account stays disabled.
    pub fn grant(&self, token: &str) -> Option<Grant> {
        self.tokens
            .lookup(token)
            .or_else(|| tokens::self_signed(&self.world, token))
            .filter(|g| match &g.principal {
                // A deleted account is no account: its tokens die with it.
                super::world::Member::ServiceAccount(email) => self
                    .world
                    .service_account(email)
                    .is_some_and(|sa| !sa.disabled),
                _ => true,
            })
    }

    /// Where the clusters' Kubernetes API is served, if anywhere yet.
    pub fn api_server(&self) -> Option<ApiServer> {
        // Setting the value is one assignment, so a poisoned lock still holds a whole one.
        self.api_server
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }
}

/// A refused call: the google.rpc code for the audit log and the body the client sees.
#[derive(Debug)]
pub(crate) struct Refusal {
    code: Code,
    message: String,
    body: Value,
}

impl Refusal {
    /// An error in the google.rpc.Status JSON style most Google APIs answer with.
    pub fn rpc(code: Code, message: impl Into<String>) -> Refusal {
        Refusal::rpc_with_details(code, message, Vec::new())
    }

    pub fn rpc_with_details(
        code: Code,
        message: impl Into<String>,
        details: Vec<Value>,
    ) -> Refusal {
        let message = message.into();
        let mut error = json!({
            "code": http_status(code).as_u16(),
            "message": message,
            "status": code.name(),
        });
        if !details.is_empty() {
            error["details"] = Value::Array(details);
        }
        Refusal {
            code,
            message,
            body: json!({ "error": error }),
        }
    }

    /// An error whose body is not Google's shape (the Kubernetes API's `Status`).
    pub fn with_body(code: Code, message: impl Into<String>, body: Value) -> Refusal {
        Refusal {
            code,
            message: message.into(),
            body,
        }
    }

    /// 403 for a missing IAM permission, with the `ErrorInfo` detail IAM APIs attach.
    pub fn permission_denied(permission: &str) -> Refusal {
        Refusal::rpc_with_details(
            Code::PermissionDenied,
            format!("Permission '{permission}' denied on resource (or it may not exist)."),
            vec![json!({
                "@type": "type.googleapis.com/google.rpc.ErrorInfo",
                "reason": "IAM_PERMISSION_DENIED",
                "domain": "iam.googleapis.com",
                "metadata": {"permission": permission},
            })],
        )
    }

    /// 403 for a token whose scopes do not cover the API, with the `ErrorInfo` Google's front
    /// end attaches (docs/google-cloud-facts.md §1, "Errors").
    pub fn scope_insufficient(call: &Call) -> Refusal {
        Refusal::rpc_with_details(
            Code::PermissionDenied,
            "Request had insufficient authentication scopes.",
            vec![json!({
                "@type": "type.googleapis.com/google.rpc.ErrorInfo",
                "reason": "ACCESS_TOKEN_SCOPE_INSUFFICIENT",
                "domain": "googleapis.com",
                "metadata": {
                    "service": call.service,
                    "method": call.rpc_method.as_deref().unwrap_or(call.method),
                },
            })],
        )
    }

    /// 403 for an API disabled in the consumer project: the message, `ErrorInfo`,
    /// `LocalizedMessage` and `Help` link Google sends (docs/google-cloud-facts.md §1, "Errors").
    pub fn service_disabled(service: &str, project: &str) -> Refusal {
        let title = service_title(service);
        let url = format!(
            "https://console.developers.google.com/apis/api/{service}/overview?project={project}"
        );
        let message = format!(
            "{title} has not been used in project {project} before or it is disabled. Enable it by \
             visiting {url} then retry. If you enabled this API recently, wait a few minutes for \
             the action to propagate to our systems and retry."
        );
        Refusal::rpc_with_details(
            Code::PermissionDenied,
            message.clone(),
            vec![
                json!({
                    "@type": "type.googleapis.com/google.rpc.ErrorInfo",
                    "reason": "SERVICE_DISABLED",
                    "domain": "googleapis.com",
                    "metadata": {
                        "consumer": format!("projects/{project}"),
                        "service": service,
                        "serviceTitle": title,
                        "containerInfo": project,
                        "activationUrl": url,
                    },
                }),
                json!({
                    "@type": "type.googleapis.com/google.rpc.LocalizedMessage",
                    "locale": "en-US",
                    "message": message,
                }),
                json!({
                    "@type": "type.googleapis.com/google.rpc.Help",
                    "links": [{"description": "Google developers console API activation", "url": url}],
                }),
            ],
        )
    }

    /// An error in Cloud Storage's older style, with an `errors[]` list and a `reason`.
    pub fn storage(code: Code, message: impl Into<String>, reason: &str) -> Refusal {
        let message = message.into();
        let mut item = json!({"message": message, "domain": "global", "reason": reason});
        if code == Code::Unauthenticated {
            item["locationType"] = json!("header");
            item["location"] = json!("Authorization");
        }
        Refusal {
            code,
            body: json!({"error": {
                "code": http_status(code).as_u16(),
                "message": message,
                "errors": [item],
            }}),
            message,
        }
    }

    /// The google.rpc code, which gRPC answers carry as `grpc-status`.
    pub fn code(&self) -> Code {
        self.code
    }

    /// The sentence the client sees (`grpc-message` over gRPC).
    pub fn message(&self) -> &str {
        &self.message
    }

    pub fn into_response(self) -> Response {
        (http_status(self.code), Json(self.body)).into_response()
    }
}

/// The title Google's messages give an API.
fn service_title(service: &str) -> &str {
    match service {
        "iamcredentials.googleapis.com" => "IAM Service Account Credentials API",
        "iam.googleapis.com" => "Identity and Access Management (IAM) API",
        "cloudresourcemanager.googleapis.com" => "Cloud Resource Manager API",
        "container.googleapis.com" => "Kubernetes Engine API",
        "privilegedaccessmanager.googleapis.com" => "Privileged Access Manager API",
        "storage.googleapis.com" => "Cloud Storage JSON API",
        "pubsub.googleapis.com" => "Cloud Pub/Sub API",
        "compute.googleapis.com" => "Compute Engine API",
        other => other,
    }
}

/// The HTTP status Google's APIs answer a google.rpc code with.
pub(crate) fn http_status(code: Code) -> StatusCode {
    match code {
        Code::Ok => StatusCode::OK,
        Code::InvalidArgument => StatusCode::BAD_REQUEST,
        Code::NotFound => StatusCode::NOT_FOUND,
        Code::PermissionDenied => StatusCode::FORBIDDEN,
        Code::FailedPrecondition => StatusCode::BAD_REQUEST,
        Code::Aborted => StatusCode::CONFLICT,
        Code::Unimplemented => StatusCode::NOT_IMPLEMENTED,
        Code::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        Code::Unauthenticated => StatusCode::UNAUTHORIZED,
    }
}

/// One call to an audited API: gathers what the audit line needs while the handler decides.
pub(crate) struct Call {
    service: &'static str,
    method: &'static str,
    resource: String,
    principal: Option<String>,
    delegation: Vec<String>,
    user_agent: Option<String>,
    reason: Option<String>,
    protocol: Option<&'static str>,
    /// The full gRPC method name, where the audit log records a shorter one.
    rpc_method: Option<String>,
    peer: SocketAddr,
}

impl Call {
    pub fn new(
        service: &'static str,
        method: &'static str,
        resource: String,
        headers: &HeaderMap,
        peer: SocketAddr,
    ) -> Call {
        // Google's front end is a proxy: a header the Connection header names is hop-by-hop
        // (RFC 9110 §7.6.1) and never reaches the API, so the audit log cannot see it either.
        let hop_by_hop = |name: &str| {
            headers
                .get_all(header::CONNECTION)
                .iter()
                .filter_map(|v| v.to_str().ok())
                .flat_map(|v| v.split(','))
                .any(|t| t.trim().eq_ignore_ascii_case(name))
        };
        let text = |name: &str| {
            headers
                .get(name)
                .filter(|_| !hop_by_hop(name))
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        Call {
            service,
            method,
            resource,
            principal: None,
            delegation: Vec::new(),
            user_agent: text(header::USER_AGENT.as_str()),
            reason: text("x-goog-request-reason"),
            protocol: None,
            rpc_method: None,
            peer,
        }
    }

    /// Records who is calling and which accounts they act through, original caller first.
    pub fn set_principal(&mut self, email: &str, delegation: Vec<String>) {
        self.principal = Some(email.to_owned());
        self.delegation = delegation;
    }

    /// Records the full gRPC method name (`google.iam.credentials.v1.IAMCredentials.SignBlob`)
    /// that error details name, where the audit line records a shorter one.
    pub fn set_rpc_method(&mut self, name: String) {
        self.rpc_method = Some(name);
    }

    /// Records the HTTP version the call arrived in, for calls whose wire matters (gRPC needs
    /// HTTP/2; a websocket upgrade, HTTP/1.1), under the names Cloud Audit Logs uses.
    pub fn set_protocol(&mut self, version: Version) {
        self.protocol = Some(match version {
            Version::HTTP_2 => "h2",
            Version::HTTP_10 => "http/1.0",
            _ => "http/1.1",
        });
    }

    /// Writes the audit line and turns the outcome into the HTTP response.
    ///
    /// If the line cannot be written the call fails with 500: an API call that leaves no trace
    /// would defeat the point of a sandbox that shows what gsudo records.
    pub fn finish(self, audit: &AuditLog, outcome: Result<Value, Refusal>) -> Response {
        self.respond(audit, outcome.map(|body| Json(body).into_response()))
    }

    /// Like [`Call::finish`], for a success whose body is not JSON (object downloads).
    pub fn respond(self, audit: &AuditLog, outcome: Result<Response, Refusal>) -> Response {
        self.conclude(audit, outcome)
            .unwrap_or_else(Refusal::into_response)
    }

    /// Writes the audit line and passes the outcome on, for answers in other wire formats
    /// (gRPC); a line that cannot be written fails the call.
    pub fn conclude<T>(self, audit: &AuditLog, outcome: Result<T, Refusal>) -> Result<T, Refusal> {
        let (code, message) = match &outcome {
            Ok(_) => (Code::Ok, ""),
            Err(refusal) => (refusal.code, refusal.message.as_str()),
        };
        let entry = Entry {
            service: self.service,
            method: self.method,
            resource: &self.resource,
            principal: self.principal.as_deref(),
            delegation: &self.delegation,
            user_agent: self.user_agent.as_deref(),
            reason: self.reason.as_deref(),
            protocol: self.protocol,
            caller_ip: self.peer.ip(),
            code,
            message,
        };
        audit
            .record(&entry)
            .map_err(|e| Refusal::rpc(Code::Internal, e.to_string()))?;
        outcome
    }
}

/// The token in an `Authorization: Bearer ...` header, if any.
pub(crate) fn bearer_token(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim())
        .filter(|t| !t.is_empty())
}

/// The live grant behind the request's bearer token.
pub(crate) fn caller(state: &State, headers: &HeaderMap) -> Option<Grant> {
    state.grant(bearer_token(headers)?)
}

/// One page of `items` (sorted by `key`): those after the page token, at most `max`, and the
/// token of the next page. The token is the last key of the previous page, encoded so clients
/// treat it as opaque; `None` when a token is not one the emulator issued.
pub(crate) fn page_after<'i, T>(
    items: &'i [T],
    key: impl Fn(&T) -> &str,
    max: usize,
    token: Option<&str>,
) -> Option<(&'i [T], Option<String>)> {
    use base64::Engine as _;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let start = match token.filter(|t| !t.is_empty()) {
        None => 0,
        Some(token) => {
            let after = URL_SAFE_NO_PAD
                .decode(token)
                .ok()
                .and_then(|bytes| String::from_utf8(bytes).ok())?;
            items.partition_point(|item| key(item) <= after.as_str())
        }
    };
    let end = start.saturating_add(max.max(1)).min(items.len());
    let page = &items[start..end];
    let next = (end < items.len())
        .then(|| page.last().map(|last| URL_SAFE_NO_PAD.encode(key(last))))
        .flatten();
    Some((page, next))
}

/// What Google answers a call with no valid bearer token.
pub(crate) const UNAUTHENTICATED: &str = "Request had invalid authentication credentials. \
    Expected OAuth 2 access token, login cookie or other valid authentication credential. \
    See https://developers.google.com/identity/sign-in/web/devconsole-project.";

/// The scope that admits a token to every API. `cloud-platform.read-only` is not among them:
/// an API that takes it (Resource Manager's reads, say) lists it among its own.
const CLOUD_PLATFORM: &str = "https://www.googleapis.com/auth/cloud-platform";

/// The read-only variant, for the APIs whose methods accept it.
pub(crate) const CLOUD_PLATFORM_READ_ONLY: &str =
    "https://www.googleapis.com/auth/cloud-platform.read-only";

/// The caller's grant, after the 401, scope and service-enablement checks; records the
/// principal for the audit.
pub(crate) fn authenticate(
    state: &State,
    call: &mut Call,
    headers: &HeaderMap,
    extra_scopes: &[&str],
) -> Result<Grant, Refusal> {
    let grant = caller(state, headers)
        .ok_or_else(|| Refusal::rpc(Code::Unauthenticated, UNAUTHENTICATED))?;
    call.set_principal(grant.principal.email(), grant.chain.clone());
    if !grant.allows_any_scope(&[CLOUD_PLATFORM]) && !grant.allows_any_scope(extra_scopes) {
        return Err(Refusal::scope_insufficient(call));
    }
    check_enabled(state, call, headers, &grant)?;
    Ok(grant)
}

/// Refuses a call whose consumer project has the called API disabled, as Google's front end
/// does before the API sees the call (docs/google-cloud-facts.md §1, "Errors"). The consumer
/// is the quota project the request names (`X-Goog-User-Project`), else the project of the
/// calling service account; a user's token without a quota project is billed to its OAuth
/// client's project, which the world does not model, so it is never refused here.
pub(crate) fn check_enabled(
    state: &State,
    call: &Call,
    headers: &HeaderMap,
    grant: &Grant,
) -> Result<(), Refusal> {
    let named = headers
        .get("x-goog-user-project")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let consumer = named.or_else(|| match &grant.principal {
        super::world::Member::ServiceAccount(email) => state
            .world
            .service_account(email)
            .and_then(|sa| sa.project.clone()),
        _ => None,
    });
    let Some(project) = consumer.and_then(|p| state.world.project(&p)) else {
        return Ok(());
    };
    if project.disabled_services.iter().any(|s| s == call.service) {
        return Err(Refusal::service_disabled(call.service, &project.id));
    }
    Ok(())
}

/// A JSON request body, refused as Google refuses a malformed one.
pub(crate) fn parse<T: DeserializeOwned>(body: &[u8]) -> Result<T, Refusal> {
    // An empty body is an empty request message, as on the real API.
    let body = if body.iter().all(u8::is_ascii_whitespace) {
        b"{}".as_slice()
    } else {
        body
    };
    serde_json::from_slice(body).map_err(|e| {
        Refusal::rpc(
            Code::InvalidArgument,
            format!("Invalid JSON payload received. {e}"),
        )
    })
}

/// A page size from the query or body: `default` when absent or 0, at most `max`.
pub(crate) fn page_size(text: Option<&str>, default: usize, max: usize) -> Result<usize, Refusal> {
    match text.map(str::parse::<i64>) {
        None | Some(Ok(0)) => Ok(default),
        Some(Ok(n)) if n > 0 => Ok((n as usize).min(max)),
        _ => Err(Refusal::rpc(
            Code::InvalidArgument,
            "Invalid page size: it must be a positive number.",
        )),
    }
}

/// The refusal of a page token the emulator did not issue.
pub(crate) fn invalid_token() -> Refusal {
    Refusal::rpc(Code::InvalidArgument, "Invalid page token.")
}
