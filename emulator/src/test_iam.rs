//! `testIamPermissions` as every API serves it: which of the permissions asked the caller holds
//! on one resource. The checks are shared; each API has its own URL and body shape:
//!
//! - Resource Manager, IAM, Pub/Sub: `POST .../{resource}:testIamPermissions`,
//!   body and answer `{"permissions": [...]}`;
//! - Compute Engine: `POST .../instances/{name}/testIamPermissions`, same bodies;
//! - Cloud Storage: `GET /storage/v1/b/{bucket}/iam/testPermissions?permissions=P&permissions=Q`,
//!   answer `{"kind": "storage#testIamPermissionsResponse", "permissions": [...]}`.
//!
//! As on Google, an empty answer omits `permissions` (proto3 JSON leaves out empty lists).

use std::net::SocketAddr;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{ConnectInfo, Path, RawQuery, State as AxumState};
use axum::http::HeaderMap;
use axum::response::Response;
use serde::Deserialize;
use serde_json::{Value, json};

use super::audit::Code;
use super::call::{Call, Refusal, State, authenticate, parse};
use super::catalogue;
use super::tokens::Grant;
use super::world::Resource;

/// The most permissions one call may test (UNCERTAIN: the limit gsudo batches for).
pub(crate) const MAX_PERMISSIONS: usize = 100;

#[derive(Deserialize)]
pub(crate) struct TestRequest {
    #[serde(default)]
    permissions: Vec<String>,
}

/// Which of `asked` the grant's principal holds on `resource`, after checking that each is a
/// permission that can be tested there.
pub(crate) fn granted(
    state: &State,
    grant: &Grant,
    resource: &Resource,
    asked: &[String],
) -> Result<Vec<String>, Refusal> {
    if asked.len() > MAX_PERMISSIONS {
        return Err(Refusal::rpc(
            Code::InvalidArgument,
            format!(
                "At most {MAX_PERMISSIONS} permissions may be tested in one call; {} were given.",
                asked.len()
            ),
        ));
    }
    let kind = resource.kind();
    let catalogue = catalogue::catalogue();
    if let Some(bad) = asked
        .iter()
        .find(|p| !catalogue.contains(p) || !catalogue::testable(kind, p))
    {
        // Also wildcards such as `storage.*`, which the API refuses.
        return Err(Refusal::rpc(
            Code::InvalidArgument,
            format!("Permission {bad} is not valid for this resource."),
        ));
    }
    Ok(state
        .world
        .granted(&grant.principal, resource, asked)
        .into_iter()
        .map(str::to_owned)
        .collect())
}

/// `{"permissions": [...]}`, or `{}` when none.
pub(crate) fn answer(permissions: Vec<String>) -> Value {
    if permissions.is_empty() {
        json!({})
    } else {
        json!({ "permissions": permissions })
    }
}

/// The whole of one `POST ...:testIamPermissions` call on a resource the world may define;
/// `missing` is what to answer when it does not.
pub(crate) fn post(
    state: &State,
    call: &mut Call,
    headers: &HeaderMap,
    extra_scopes: &[&str],
    full_name: &str,
    body: &[u8],
    missing: impl FnOnce() -> Result<Value, Refusal>,
) -> Result<Value, Refusal> {
    let grant = authenticate(state, call, headers, extra_scopes)?;
    let request: TestRequest = parse(body)?;
    match state.world.resolve(full_name) {
        Some(resource) => granted(state, &grant, &resource, &request.permissions).map(answer),
        None => missing(),
    }
}

/// `POST /v1/projects/{project}/topics/{topic}:testIamPermissions` (Pub/Sub).
pub(crate) async fn topic(
    AxumState(state): AxumState<Arc<State>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path((project, target)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let Some(topic) = target.strip_suffix(":testIamPermissions") else {
        return Refusal::rpc(Code::NotFound, format!("Method not found: {target}")).into_response();
    };
    let name = format!("projects/{project}/topics/{topic}");
    let mut call = Call::new(
        "pubsub.googleapis.com",
        "google.iam.v1.IAMPolicy.TestIamPermissions",
        name.clone(),
        &headers,
        peer,
    );
    // Pub/Sub answers an empty set for a topic that does not exist, not NOT_FOUND.
    let outcome = post(
        &state,
        &mut call,
        &headers,
        &["https://www.googleapis.com/auth/pubsub"],
        &format!("//pubsub.googleapis.com/{name}"),
        &body,
        || Ok(answer(Vec::new())),
    );
    call.finish(&state.audit, outcome)
}

/// `POST /compute/v1/projects/{project}/zones/{zone}/instances/{name}/testIamPermissions`.
pub(crate) async fn instance(
    AxumState(state): AxumState<Arc<State>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path((project, zone, instance)): Path<(String, String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let name = format!("projects/{project}/zones/{zone}/instances/{instance}");
    let mut call = Call::new(
        "compute.googleapis.com",
        "v1.compute.instances.testIamPermissions",
        name.clone(),
        &headers,
        peer,
    );
    let outcome = post(
        &state,
        &mut call,
        &headers,
        &[
            "https://www.googleapis.com/auth/compute",
            "https://www.googleapis.com/auth/compute.readonly",
            super::call::CLOUD_PLATFORM_READ_ONLY,
        ],
        &format!("//compute.googleapis.com/{name}"),
        &body,
        || {
            Err(Refusal::rpc(
                Code::NotFound,
                format!("The resource '{name}' was not found"),
            ))
        },
    );
    call.finish(&state.audit, outcome)
}

/// `GET /storage/v1/b/{bucket}/iam/testPermissions?permissions=...` (Cloud Storage).
pub(crate) async fn bucket(
    AxumState(state): AxumState<Arc<State>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(bucket): Path<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    let mut call = Call::new(
        "storage.googleapis.com",
        "storage.buckets.testIamPermissions",
        format!("projects/_/buckets/{bucket}"),
        &headers,
        peer,
    );
    let outcome = (|| {
        let grant = authenticate(
            &state,
            &mut call,
            &headers,
            &[
                "https://www.googleapis.com/auth/devstorage.full_control",
                "https://www.googleapis.com/auth/devstorage.read_only",
                "https://www.googleapis.com/auth/devstorage.read_write",
                super::call::CLOUD_PLATFORM_READ_ONLY,
            ],
        )?;
        // A repeated parameter, which serde's query parsing cannot collect.
        let asked: Vec<String> = url::form_urlencoded::parse(query.unwrap_or_default().as_bytes())
            .filter(|(k, _)| k == "permissions")
            .map(|(_, v)| v.into_owned())
            .collect();
        if asked.is_empty() {
            return Err(Refusal::storage(
                Code::InvalidArgument,
                "Required parameter: permissions",
                "required",
            ));
        }
        let resource = state
            .world
            .resolve(&format!(
                "//storage.googleapis.com/projects/_/buckets/{bucket}"
            ))
            .ok_or_else(|| {
                Refusal::storage(
                    Code::NotFound,
                    "The specified bucket does not exist.",
                    "notFound",
                )
            })?;
        let held = granted(&state, &grant, &resource, &asked)?;
        let mut body = json!({"kind": "storage#testIamPermissionsResponse"});
        if !held.is_empty() {
            body["permissions"] = json!(held);
        }
        Ok(body)
    })();
    call.finish(&state.audit, outcome)
}
