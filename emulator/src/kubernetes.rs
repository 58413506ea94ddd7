//! The Kubernetes API of the world's GKE clusters, as much as `kubectl get pods` needs.
//!
//! - discovery: `GET /version`, `/api`, `/apis`, `/api/v1` (pods only). Aggregated discovery is
//!   not served: kubectl asks `/api` and `/apis` for it and, answered with plain JSON, falls
//!   back to the legacy documents;
//! - `GET /api/v1/namespaces/{ns}/pods`, `/api/v1/pods` and `/api/v1/namespaces/{ns}/pods/{name}`,
//!   as objects or, when the client asks for it in `Accept`, as a `meta.k8s.io/v1` Table;
//! - `POST /apis/authentication.k8s.io/v1/selfsubjectreviews`, which `kubectl auth whoami` asks.
//!
//! The API server names a Google service account by its email only when the token carries the
//! `userinfo.email` scope; without it, by the account's numeric unique id (in RBAC refusals,
//! `kubectl auth whoami` and the audit line alike; docs/google-cloud-facts.md §4).
//!
//! As on GKE, a Google access token is the credential: an unknown or expired one gets 401, and
//! what a known caller may do follows IAM (a cluster's `users`, or `container.pods.*` granted on
//! the cluster's project). All clusters with IP endpoints share one, the emulator's HTTPS
//! listener, so a caller there sees the pods of all those clusters it may use; a cluster with
//! only a DNS-based endpoint is reached at its own `gke-….gke.goog` host (mapped to the same
//! listener), where only its pods are. Errors are Kubernetes `Status` objects, and every call
//! leaves a GKE-style audit line (service `k8s.io`).

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::{ConnectInfo, Path, State as AxumState};
use axum::http::{HeaderMap, Uri, header};
use axum::response::Response;
use serde_json::{Value, json};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::audit::Code;
use super::call::{Call, Refusal, State, caller, http_status};
use super::container::{CREATED, KUBERNETES_VERSION};
use super::tokens::Grant;
use super::world::{Cluster, Member, stable_hash};

const SERVICE: &str = "k8s.io";
/// Scopes GKE accepts on a token: userinfo.email is enough to say who the caller is.
const SCOPES: &[&str] = &[
    "https://www.googleapis.com/auth/cloud-platform",
    "https://www.googleapis.com/auth/userinfo.email",
];
/// The namespace the world's pods live in.
const NAMESPACE: &str = "default";

/// `GET /version`.
pub(crate) async fn version(
    AxumState(state): AxumState<Arc<State>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
) -> Response {
    discovery(&state, peer, &headers, "version", || {
        let minor = KUBERNETES_VERSION.split('.').nth(1).unwrap_or("");
        json!({
            "major": "1",
            "minor": minor,
            "gitVersion": format!("v{KUBERNETES_VERSION}"),
            "gitCommit": "0000000000000000000000000000000000000000",
            "gitTreeState": "clean",
            "buildDate": CREATED,
            "goVersion": "go1.23.6 X:boringcrypto",
            "compiler": "gc",
            "platform": "linux/amd64",
        })
    })
}

/// `GET /api`: the core group's versions.
pub(crate) async fn core_versions(
    AxumState(state): AxumState<Arc<State>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
) -> Response {
    discovery(&state, peer, &headers, "api", || {
        json!({
            "kind": "APIVersions",
            "versions": ["v1"],
            "serverAddressByClientCIDRs": [{"clientCIDR": "0.0.0.0/0", "serverAddress": ""}],
        })
    })
}

/// `GET /apis`: no groups beyond the core one.
pub(crate) async fn groups(
    AxumState(state): AxumState<Arc<State>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
) -> Response {
    discovery(
        &state,
        peer,
        &headers,
        "apis",
        || json!({"kind": "APIGroupList", "apiVersion": "v1", "groups": []}),
    )
}

/// `GET /api/v1`: the resources of the core group, pods only.
pub(crate) async fn core_resources(
    AxumState(state): AxumState<Arc<State>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
) -> Response {
    discovery(&state, peer, &headers, "api/v1", || {
        json!({
            "kind": "APIResourceList",
            "groupVersion": "v1",
            "resources": [{
                "name": "pods",
                "singularName": "pod",
                "namespaced": true,
                "kind": "Pod",
                "verbs": ["get", "list"],
                "shortNames": ["po"],
                "categories": ["all"],
            }],
        })
    })
}

/// A discovery document: any authenticated caller may read it, as GKE's `system:discovery`
/// role lets every authenticated user.
fn discovery(
    state: &State,
    peer: SocketAddr,
    headers: &HeaderMap,
    path: &str,
    document: impl FnOnce() -> Value,
) -> Response {
    let mut call = Call::new(SERVICE, "io.k8s.get", path.to_owned(), headers, peer);
    let outcome = authenticate(state, &mut call, headers).map(|_| document());
    call.finish(&state.audit, outcome)
}

/// `GET /api/v1/namespaces/{ns}/pods`.
pub(crate) async fn list_pods(
    AxumState(state): AxumState<Arc<State>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(namespace): Path<String>,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    list(&state, peer, &uri, &headers, Some(&namespace))
}

/// `GET /api/v1/pods`: every namespace's.
pub(crate) async fn list_all_pods(
    AxumState(state): AxumState<Arc<State>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    list(&state, peer, &uri, &headers, None)
}

fn list(
    state: &State,
    peer: SocketAddr,
    uri: &Uri,
    headers: &HeaderMap,
    namespace: Option<&str>,
) -> Response {
    let resource = match namespace {
        Some(ns) => format!("core/v1/namespaces/{ns}/pods"),
        None => "core/v1/pods".to_owned(),
    };
    let mut call = Call::new(SERVICE, "io.k8s.core.v1.pods.list", resource, headers, peer);
    let outcome = (|| {
        let grant = authenticate(state, &mut call, headers)?;
        let clusters = usable(state, &grant, "container.pods.list", uri, headers);
        if clusters.is_empty() {
            return Err(forbidden(state, &grant, "list", None, namespace));
        }
        let pods: Vec<Pod> = match namespace {
            Some(ns) if ns != NAMESPACE => Vec::new(),
            _ => pods_of(&clusters).into_values().collect(),
        };
        Ok(match wants_table(headers) {
            true => table(&pods),
            false => json!({
                "kind": "PodList",
                "apiVersion": "v1",
                "metadata": {"resourceVersion": "1"},
                "items": pods.iter().map(Pod::object).collect::<Vec<_>>(),
            }),
        })
    })();
    call.finish(&state.audit, outcome)
}

/// `GET /api/v1/namespaces/{ns}/pods/{name}`.
pub(crate) async fn get_pod(
    AxumState(state): AxumState<Arc<State>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path((namespace, name)): Path<(String, String)>,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    let resource = format!("core/v1/namespaces/{namespace}/pods/{name}");
    let mut call = Call::new(SERVICE, "io.k8s.core.v1.pods.get", resource, &headers, peer);
    let outcome = (|| {
        let grant = authenticate(&state, &mut call, &headers)?;
        let clusters = usable(&state, &grant, "container.pods.get", &uri, &headers);
        if clusters.is_empty() {
            return Err(forbidden(
                &state,
                &grant,
                "get",
                Some(&name),
                Some(&namespace),
            ));
        }
        let pod = match namespace == NAMESPACE {
            true => pods_of(&clusters).remove(name.as_str()),
            false => None,
        };
        let pod = pod.ok_or_else(|| {
            status(
                Code::NotFound,
                "NotFound",
                format!("pods \"{name}\" not found"),
                json!({"name": name, "kind": "pods"}),
            )
        })?;
        Ok(match wants_table(&headers) {
            true => table(&[pod]),
            false => pod.object(),
        })
    })();
    call.finish(&state.audit, outcome)
}

/// `POST /apis/authentication.k8s.io/v1/selfsubjectreviews`: who the API server takes the
/// caller for, as `kubectl auth whoami` prints it.
pub(crate) async fn review_self(
    AxumState(state): AxumState<Arc<State>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
) -> Response {
    let mut call = Call::new(
        SERVICE,
        "io.k8s.authentication.v1.selfsubjectreviews.create",
        "authentication.k8s.io/v1/selfsubjectreviews".to_owned(),
        &headers,
        peer,
    );
    let outcome = authenticate(&state, &mut call, &headers).map(|grant| {
        json!({
            "kind": "SelfSubjectReview",
            "apiVersion": "authentication.k8s.io/v1",
            "metadata": {"creationTimestamp": null},
            "status": {"userInfo": {
                "username": username(&state, &grant),
                "groups": ["system:authenticated"],
            }},
        })
    });
    call.finish(&state.audit, outcome)
}

/// The Kubernetes user name of the caller: a service account's email only with the email
/// scope, else its numeric unique id; anyone else's email.
fn username(state: &State, grant: &Grant) -> String {
    match &grant.principal {
        Member::ServiceAccount(email) if !grant.shows_email() => state
            .world
            .service_account(email)
            .map_or_else(|| email.clone(), |sa| sa.unique_id.clone()),
        principal => principal.email().to_owned(),
    }
}

/// The caller's grant; any failure is Kubernetes' bare 401, which says nothing more.
fn authenticate(state: &State, call: &mut Call, headers: &HeaderMap) -> Result<Grant, Refusal> {
    let grant = caller(state, headers)
        .filter(|g| g.allows_any_scope(SCOPES))
        .ok_or_else(|| {
            status(
                Code::Unauthenticated,
                "Unauthorized",
                "Unauthorized".into(),
                Value::Null,
            )
        })?;
    call.set_principal(&username(state, &grant), grant.chain.clone());
    Ok(grant)
}

/// The clusters at the endpoint the request was addressed to on which the caller holds
/// `permission`: at a DNS endpoint's host, that cluster; elsewhere, those with IP endpoints.
fn usable<'w>(
    state: &'w State,
    grant: &Grant,
    permission: &str,
    uri: &Uri,
    headers: &HeaderMap,
) -> Vec<&'w Cluster> {
    let host = addressed_host(uri, headers);
    state
        .world
        .clusters()
        .iter()
        .filter(|c| match &c.dns_endpoint {
            Some(endpoint) => *endpoint == host,
            None => !host.ends_with(".gke.goog"),
        })
        .filter(|c| {
            state
                .world
                .permits(&grant.principal, &c.resource(), permission)
        })
        .collect()
}

/// The host the client addressed, lower-case and without port: HTTP/2's `:authority` (in the
/// URI), else HTTP/1.1's `Host`.
fn addressed_host(uri: &Uri, headers: &HeaderMap) -> String {
    let authority = uri
        .authority()
        .map(|a| a.host().to_owned())
        .or_else(|| {
            let host = headers.get(header::HOST)?.to_str().ok()?;
            let host = host.parse::<axum::http::uri::Authority>().ok()?;
            Some(host.host().to_owned())
        })
        .unwrap_or_default();
    authority.trim_end_matches('.').to_ascii_lowercase()
}

/// The RBAC refusal, worded as the API server words it.
fn forbidden(
    state: &State,
    grant: &Grant,
    verb: &str,
    name: Option<&str>,
    namespace: Option<&str>,
) -> Refusal {
    let user = username(state, grant);
    let object = match name {
        Some(name) => format!("pods \"{name}\""),
        None => "pods".to_owned(),
    };
    let scope = match namespace {
        Some(ns) => format!("in the namespace \"{ns}\""),
        None => "at the cluster scope".to_owned(),
    };
    let mut details = json!({"kind": "pods"});
    if let Some(name) = name {
        details["name"] = json!(name);
    }
    status(
        Code::PermissionDenied,
        "Forbidden",
        format!(
            "{object} is forbidden: User \"{user}\" cannot {verb} resource \"pods\" in API group \"\" {scope}"
        ),
        details,
    )
}

/// A `Status` failure, the body of every Kubernetes API error.
fn status(code: Code, reason: &str, message: String, details: Value) -> Refusal {
    let mut body = json!({
        "kind": "Status",
        "apiVersion": "v1",
        "metadata": {},
        "status": "Failure",
        "message": message,
        "reason": reason,
        "code": http_status(code).as_u16(),
    });
    if !details.is_null() {
        body["details"] = details;
    }
    Refusal::with_body(code, message, body)
}

/// One pod of a cluster, described the same way on every run.
struct Pod<'w> {
    cluster: &'w Cluster,
    name: &'w str,
}

/// The pods of `clusters` by name; a name in two clusters shows once.
fn pods_of<'w>(clusters: &[&'w Cluster]) -> BTreeMap<&'w str, Pod<'w>> {
    clusters
        .iter()
        .flat_map(|&cluster| {
            cluster
                .pods
                .iter()
                .map(move |name| (name.as_str(), Pod { cluster, name }))
        })
        .collect()
}

impl Pod<'_> {
    fn metadata(&self) -> Value {
        let h = stable_hash(&format!("{}/{}", self.cluster.name, self.name));
        json!({
            "name": self.name,
            "namespace": NAMESPACE,
            "uid": format!(
                "{:08x}-{:04x}-4{:03x}-8{:03x}-{:012x}",
                h >> 32,
                (h >> 16) & 0xffff,
                h & 0xfff,
                (h >> 20) & 0xfff,
                h & 0xffff_ffff_ffff
            ),
            "resourceVersion": "1",
            "creationTimestamp": CREATED,
            "labels": {"app": self.name},
        })
    }

    fn node(&self) -> String {
        format!("gke-{}-default-pool-0", self.cluster.name)
    }

    fn ip(&self) -> String {
        let h = stable_hash(self.name);
        format!("10.8.{}.{}", (h >> 8) % 256, h % 254 + 1)
    }

    fn object(&self) -> Value {
        let image = format!(
            "us-docker.pkg.dev/{}/apps/{}:1",
            self.cluster.project, self.name
        );
        json!({
            "kind": "Pod",
            "apiVersion": "v1",
            "metadata": self.metadata(),
            "spec": {
                "containers": [{"name": "app", "image": image}],
                "nodeName": self.node(),
            },
            "status": {
                "phase": "Running",
                "podIP": self.ip(),
                "startTime": CREATED,
                "containerStatuses": [{
                    "name": "app",
                    "image": image,
                    "ready": true,
                    "started": true,
                    "restartCount": 0,
                    "state": {"running": {"startedAt": CREATED}},
                }],
            },
        })
    }
}

/// Whether the client asked for a Table (`kubectl get` does, to print server-side columns).
fn wants_table(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::ACCEPT)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|media| {
            let params: Vec<&str> = media.split(';').map(str::trim).collect();
            params.contains(&"as=Table") && params.contains(&"g=meta.k8s.io")
        })
}

/// Pods as a `meta.k8s.io/v1` Table with the columns `kubectl get pods` prints.
fn table(pods: &[Pod]) -> Value {
    let column = |name: &str, priority: u8, description: &str| {
        let format = if name == "Name" { "name" } else { "" };
        json!({"name": name, "type": "string", "format": format, "description": description, "priority": priority})
    };
    let age = age_since(CREATED);
    json!({
        "kind": "Table",
        "apiVersion": "meta.k8s.io/v1",
        "metadata": {"resourceVersion": "1"},
        "columnDefinitions": [
            column("Name", 0, "Name must be unique within a namespace."),
            column("Ready", 0, "The aggregate readiness state of this pod for accepting traffic."),
            column("Status", 0, "The aggregate status of the containers in this pod."),
            column("Restarts", 0, "The number of times the containers in this pod have been restarted."),
            column("Age", 0, "CreationTimestamp is a timestamp representing the server time when this object was created."),
            column("IP", 1, "IP address allocated to the pod."),
            column("Node", 1, "NodeName is a request to schedule this pod onto a specific node."),
        ],
        "rows": pods.iter().map(|pod| json!({
            "cells": [pod.name, "1/1", "Running", "0", age, pod.ip(), pod.node()],
            "object": {
                "kind": "PartialObjectMetadata",
                "apiVersion": "meta.k8s.io/v1",
                "metadata": pod.metadata(),
            },
        })).collect::<Vec<_>>(),
    })
}

/// How long ago `timestamp` was, the way kubectl's AGE column says it (`45s`, `3h`, `689d`).
fn age_since(timestamp: &str) -> String {
    let seconds = OffsetDateTime::parse(timestamp, &Rfc3339)
        .map(|t| (OffsetDateTime::now_utc() - t).whole_seconds())
        .unwrap_or(0);
    human_duration(seconds)
}

/// Kubernetes' `duration.HumanDuration`: two units while the larger one is small, then one.
fn human_duration(seconds: i64) -> String {
    let (minutes, hours) = (seconds / 60, seconds / 3600);
    let (days, years) = (hours / 24, hours / 24 / 365);
    match seconds {
        s if s < 0 => "0s".into(),
        s if s < 120 => format!("{s}s"),
        _ if minutes < 10 && seconds % 60 != 0 => format!("{minutes}m{}s", seconds % 60),
        _ if minutes < 180 => format!("{minutes}m"),
        _ if hours < 8 && minutes % 60 != 0 => format!("{hours}h{}m", minutes % 60),
        _ if hours < 48 => format!("{hours}h"),
        _ if hours < 24 * 8 && hours % 24 != 0 => format!("{days}d{}h", hours % 24),
        _ if hours < 24 * 365 * 2 => format!("{days}d"),
        _ if hours < 24 * 365 * 8 && days % 365 != 0 => format!("{years}y{}d", days % 365),
        _ => format!("{years}y"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_like_kubectl_ages() {
        let cases = [
            (5, "5s"),
            (119, "119s"),
            (150, "2m30s"),
            (600, "10m"),
            (3 * 3600 + 120, "3h2m"),
            (30 * 3600, "30h"),
            (3 * 86400 + 3600, "3d1h"),
            (689 * 86400, "689d"),
            (3 * 365 * 86400 + 86400, "3y1d"),
            (9 * 365 * 86400, "9y"),
        ];
        for (seconds, text) in cases {
            assert_eq!(human_duration(seconds), text, "{seconds}");
        }
    }

    #[test]
    fn tables_are_asked_for_in_accept() {
        let mut headers = HeaderMap::new();
        let kubectl = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json";
        headers.insert(header::ACCEPT, kubectl.parse().unwrap());
        assert!(wants_table(&headers));
        headers.insert(header::ACCEPT, "application/json".parse().unwrap());
        assert!(!wants_table(&headers));
    }
}
