//! The IAM API (iam.googleapis.com/v1): listing a project's service accounts, testing
//! permissions on an account, and the catalogue of testable permissions.
//!
//! - `GET /v1/projects/{project}/serviceAccounts?pageSize=&pageToken=` (default 20, at most 100
//!   a page; needs `iam.serviceAccounts.list` on the project);
//! - `POST /v1/projects/{project}/serviceAccounts/{account}:testIamPermissions`;
//! - `POST /v1/projects/{project}/serviceAccounts/{account}:getIamPolicy` and `:setIamPolicy`
//!   (needs `iam.serviceAccounts.getIamPolicy` / `setIamPolicy` on the account);
//! - `POST /v1/permissions:queryTestablePermissions` with `{fullResourceName, pageSize,
//!   pageToken}` (default 100, at most 1000 a page).
//!
//! IAM Credentials shares the account path, so POSTs there that are not `testIamPermissions`
//! go on to it.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{ConnectInfo, Path, Query, State as AxumState};
use axum::http::HeaderMap;
use axum::response::Response;
use serde::Deserialize;
use serde_json::{Value, json};

use super::audit::Code;
use super::call::{
    Call, Refusal, State, authenticate, invalid_token, page_after, page_size, parse,
};
use super::catalogue;
use super::iam_credentials;
use super::test_iam;

const SERVICE: &str = "iam.googleapis.com";
const IAM_SCOPE: &[&str] = &["https://www.googleapis.com/auth/iam"];

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub(crate) struct PageQuery {
    page_size: Option<String>,
    page_token: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct QueryTestable {
    #[serde(default)]
    full_resource_name: String,
    page_size: Option<i64>,
    page_token: Option<String>,
}

/// `GET /v1/projects/{project}/serviceAccounts`: serviceAccounts.list.
pub(crate) async fn list_accounts(
    AxumState(state): AxumState<Arc<State>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(project): Path<String>,
    Query(query): Query<PageQuery>,
    headers: HeaderMap,
) -> Response {
    let mut call = Call::new(
        SERVICE,
        "google.iam.admin.v1.ListServiceAccounts",
        format!("projects/{project}"),
        &headers,
        peer,
    );
    let outcome = (|| {
        let grant = authenticate(&state, &mut call, &headers, IAM_SCOPE)?;
        let size = page_size(query.page_size.as_deref(), 20, 100)?;
        // An unknown project is refused like a forbidden one, as on the real API.
        let permission = "iam.serviceAccounts.list";
        let project = state
            .world
            .resolve(&format!("projects/{project}"))
            .filter(|p| state.world.permits(&grant.principal, p, permission))
            .and_then(|p| match p {
                super::world::Resource::Project(id) => state.world.project(&id),
                _ => None,
            })
            .ok_or_else(|| Refusal::permission_denied(permission))?;
        let mut accounts: Vec<_> = state.world.service_accounts_in(&project.id).collect();
        accounts.sort_by(|a, b| a.email.cmp(&b.email));
        let (page, next) = page_after(&accounts, |sa| &sa.email, size, query.page_token.as_deref())
            .ok_or_else(invalid_token)?;
        let mut body = json!({});
        if !page.is_empty() {
            body["accounts"] = page
                .iter()
                .map(|sa| {
                    let mut account = json!({
                        "name": format!("projects/{}/serviceAccounts/{}", project.id, sa.email),
                        "projectId": project.id,
                        "uniqueId": sa.unique_id,
                        "email": sa.email,
                        "etag": "MDEwMjE5MjA=",
                        "oauth2ClientId": sa.unique_id,
                    });
                    if let Some(name) = &sa.display_name {
                        account["displayName"] = json!(name);
                    }
                    // proto3 JSON leaves out false, as Google's answers do.
                    if sa.disabled {
                        account["disabled"] = json!(true);
                    }
                    account
                })
                .collect();
        }
        if let Some(token) = next {
            body["nextPageToken"] = json!(token);
        }
        Ok(body)
    })();
    call.finish(&state.audit, outcome)
}

/// `POST /v1/projects/{project}/serviceAccounts/{account}:{method}`: `testIamPermissions`,
/// `getIamPolicy` and `setIamPolicy` here, anything else is IAM Credentials'.
pub(crate) async fn account_method(
    AxumState(state): AxumState<Arc<State>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path((project, target)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if let Some(account) = target.strip_suffix(":getIamPolicy") {
        return policy(&state, peer, &project, account, &headers, None);
    }
    if let Some(account) = target.strip_suffix(":setIamPolicy") {
        return policy(&state, peer, &project, account, &headers, Some(&body));
    }
    let Some(account) = target.strip_suffix(":testIamPermissions") else {
        return iam_credentials::dispatch(
            AxumState(state),
            ConnectInfo(peer),
            Path((project, target)),
            headers,
            body,
        )
        .await;
    };
    let name = format!("projects/{project}/serviceAccounts/{account}");
    let mut call = Call::new(
        SERVICE,
        "google.iam.admin.v1.TestIamPermissions",
        name.clone(),
        &headers,
        peer,
    );
    let outcome = test_iam::post(
        &state,
        &mut call,
        &headers,
        IAM_SCOPE,
        &format!("//iam.googleapis.com/{name}"),
        &body,
        || {
            Err(Refusal::rpc(
                Code::NotFound,
                format!("Service account {name} does not exist."),
            ))
        },
    );
    call.finish(&state.audit, outcome)
}

/// A `setIamPolicy` request: the whole new policy, as gcloud's read-modify-write sends it.
#[derive(Deserialize)]
struct SetPolicyRequest {
    policy: PolicyBody,
}

#[derive(Deserialize)]
struct PolicyBody {
    #[serde(default)]
    bindings: Vec<BindingBody>,
    etag: Option<String>,
}

#[derive(Deserialize)]
struct BindingBody {
    role: String,
    #[serde(default)]
    members: Vec<String>,
    condition: Option<Value>,
}

/// `POST .../serviceAccounts/{account}:getIamPolicy`, or `:setIamPolicy` with its `body`: the
/// bindings set on the account itself. A version 1 policy (the world's bindings carry no
/// conditions), its etag derived from its content, so a write based on an older read is
/// refused with ABORTED as Google refuses it.
fn policy(
    state: &State,
    peer: SocketAddr,
    project: &str,
    account: &str,
    headers: &HeaderMap,
    set: Option<&[u8]>,
) -> Response {
    let name = format!("projects/{project}/serviceAccounts/{account}");
    let method = if set.is_some() {
        "google.iam.admin.v1.SetIamPolicy"
    } else {
        "google.iam.admin.v1.GetIamPolicy"
    };
    let mut call = Call::new(SERVICE, method, name.clone(), headers, peer);
    let outcome = (|| {
        let grant = authenticate(state, &mut call, headers, IAM_SCOPE)?;
        // An unknown account is refused like a forbidden one, as on the real API.
        let permission = if set.is_some() {
            "iam.serviceAccounts.setIamPolicy"
        } else {
            "iam.serviceAccounts.getIamPolicy"
        };
        let resource = state
            .world
            .resolve(&format!("//iam.googleapis.com/{name}"))
            .filter(|r| state.world.permits(&grant.principal, r, permission))
            .ok_or_else(|| Refusal::permission_denied(permission))?;
        if let Some(body) = set {
            let request: SetPolicyRequest = parse(body)?;
            let current = policy_body(&state.world.bindings_on(&resource));
            if request
                .policy
                .etag
                .as_ref()
                .is_some_and(|etag| current["etag"] != *etag)
            {
                return Err(Refusal::rpc(
                    Code::Aborted,
                    "There were concurrent policy changes. Please retry the whole \
                     read-modify-write with exponential backoff.",
                ));
            }
            if request
                .policy
                .bindings
                .iter()
                .any(|b| b.condition.is_some())
            {
                return Err(Refusal::rpc(
                    Code::InvalidArgument,
                    "The emulator does not model IAM conditions.",
                ));
            }
            let bindings: Vec<(String, Vec<String>)> = request
                .policy
                .bindings
                .into_iter()
                .map(|b| (b.role, b.members))
                .collect();
            state
                .world
                .set_bindings(&resource, &bindings)
                .map_err(|m| Refusal::rpc(Code::InvalidArgument, m))?;
        }
        Ok(policy_body(&state.world.bindings_on(&resource)))
    })();
    call.finish(&state.audit, outcome)
}

/// A policy's JSON: proto3 leaves out an empty list; the etag hashes the bindings.
fn policy_body(bindings: &[(String, Vec<String>)]) -> Value {
    use base64::Engine as _;
    let bindings: Vec<Value> = bindings
        .iter()
        .map(|(role, members)| json!({"role": role, "members": members}))
        .collect();
    let digest = super::world::stable_hash(&Value::from(bindings.clone()).to_string());
    let etag = base64::engine::general_purpose::STANDARD.encode(digest.to_be_bytes());
    let mut policy = json!({"version": 1, "etag": etag});
    if !bindings.is_empty() {
        policy["bindings"] = Value::Array(bindings);
    }
    policy
}

/// `POST /v1/permissions:queryTestablePermissions`.
pub(crate) async fn query_testable(
    AxumState(state): AxumState<Arc<State>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let mut call = Call::new(
        SERVICE,
        "google.iam.admin.v1.QueryTestablePermissions",
        String::new(),
        &headers,
        peer,
    );
    let outcome = (|| {
        authenticate(&state, &mut call, &headers, IAM_SCOPE)?;
        let request: QueryTestable = parse(&body)?;
        let size = page_size(
            request.page_size.map(|n| n.to_string()).as_deref(),
            100,
            1000,
        )?;
        let resource = state
            .world
            .resolve(&request.full_resource_name)
            .ok_or_else(|| {
                Refusal::rpc(
                    Code::NotFound,
                    format!(
                        "Resource {} not found or not supported.",
                        request.full_resource_name
                    ),
                )
            })?;
        let testable: Vec<_> = catalogue::catalogue()
            .testable_on(resource.kind())
            .collect();
        let (page, next) = page_after(&testable, |p| &p.name, size, request.page_token.as_deref())
            .ok_or_else(invalid_token)?;
        let mut body = json!({
            "permissions": page
                .iter()
                .map(|p| {
                    // GA and SUPPORTED are the enums' zero values, which proto3 JSON leaves out.
                    let mut permission = json!({"name": p.name, "title": p.title});
                    if p.stage != "GA" {
                        permission["stage"] = json!(p.stage);
                    }
                    permission
                })
                .collect::<Vec<Value>>(),
        });
        if let Some(token) = next {
            body["nextPageToken"] = json!(token);
        }
        Ok(body)
    })();
    call.finish(&state.audit, outcome)
}
