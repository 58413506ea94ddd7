//! The GKE API (container.googleapis.com/v1): what `gcloud container clusters get-credentials`
//! and `gsudo --gke-cluster` read of a cluster to reach its Kubernetes API.
//!
//! - `GET /v1/projects/{p}/locations/{l}/clusters/{c}`: clusters.get;
//! - `GET /v1/projects/{p}/locations/{l}/clusters`: clusters.list, `-` for every location
//!   (gcloud asks it after a 404, to suggest the location the cluster is in).
//!
//! Every cluster's endpoint is the emulator's HTTPS listener, where `kubernetes.rs` serves the
//! Kubernetes API, and its CA is that listener's. A cluster with only a DNS-based endpoint
//! (`dns_endpoint = true` in the world file) has its IP endpoints disabled and names its
//! `gke-….gke.goog` host instead, which the listener's certificate covers and which clients
//! reach by mapping `*.gke.goog` to the listener (the sandbox does).

use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::{ConnectInfo, Path, State as AxumState};
use axum::http::HeaderMap;
use axum::response::Response;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Value, json};

use super::audit::Code;
use super::call::{ApiServer, Call, Refusal, State, authenticate};
use super::world::Cluster;

const SERVICE: &str = "container.googleapis.com";
/// The Kubernetes version every emulated cluster runs, as GKE spells it.
pub(crate) const KUBERNETES_VERSION: &str = "1.32.4-gke.1106000";
/// Every cluster was made at this instant, so answers are the same on every run.
pub(crate) const CREATED: &str = "2025-01-01T00:00:00Z";

/// `GET /v1/projects/{p}/locations/{l}/clusters/{c}`.
pub(crate) async fn get_cluster(
    AxumState(state): AxumState<Arc<State>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path((project, location, name)): Path<(String, String, String)>,
    headers: HeaderMap,
) -> Response {
    let resource = format!("projects/{project}/locations/{location}/clusters/{name}");
    let mut call = Call::new(
        SERVICE,
        "google.container.v1.ClusterManager.GetCluster",
        resource.clone(),
        &headers,
        peer,
    );
    let outcome = (|| {
        let grant = authenticate(&state, &mut call, &headers, &[])?;
        let cluster = state
            .world
            .cluster(&project, &location, &name)
            .ok_or_else(|| Refusal::rpc(Code::NotFound, format!("Not found: {resource}.")))?;
        let permission = "container.clusters.get";
        if !state
            .world
            .permits(&grant.principal, &cluster.resource(), permission)
        {
            return Err(Refusal::rpc(
                Code::PermissionDenied,
                format!("Required \"{permission}\" permission(s) for \"{resource}\"."),
            ));
        }
        // Without the HTTPS listener there is no endpoint to give, and an answer without one
        // would send clients to a server that does not exist.
        let server = state.api_server().ok_or_else(|| {
            Refusal::rpc(
                Code::FailedPrecondition,
                format!(
                    "Cluster {name} has no endpoint: the emulator serves the Kubernetes API only over HTTPS; start it with --https-listen 127.0.0.1:0."
                ),
            )
        })?;
        Ok(describe(cluster, Some(&server)))
    })();
    call.finish(&state.audit, outcome)
}

/// `GET /v1/projects/{p}/locations/{l}/clusters`: the clusters there the caller may get.
pub(crate) async fn list_clusters(
    AxumState(state): AxumState<Arc<State>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path((project, location)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    let mut call = Call::new(
        SERVICE,
        "google.container.v1.ClusterManager.ListClusters",
        format!("projects/{project}/locations/{location}"),
        &headers,
        peer,
    );
    let outcome = authenticate(&state, &mut call, &headers, &[]).map(|grant| {
        let server = state.api_server();
        let clusters: Vec<Value> = state
            .world
            .clusters()
            .iter()
            .filter(|c| {
                state
                    .world
                    .project(&project)
                    .is_some_and(|p| p.id == c.project)
            })
            .filter(|c| location == "-" || c.location == location)
            .filter(|c| {
                state
                    .world
                    .permits(&grant.principal, &c.resource(), "container.clusters.get")
            })
            .map(|c| describe(c, server.as_ref()))
            .collect();
        // proto3 JSON leaves out an empty list.
        match clusters.is_empty() {
            true => json!({}),
            false => json!({ "clusters": clusters }),
        }
    });
    call.finish(&state.audit, outcome)
}

/// A cluster as GKE describes it, with what clients read to reach it. Without the HTTPS
/// listener it has no endpoint, like a cluster still being provisioned.
fn describe(c: &Cluster, server: Option<&ApiServer>) -> Value {
    let mut cluster = json!({
        "name": c.name,
        "location": c.location,
        // Deprecated but still sent, and gcloud names its kubeconfig entries after it.
        "zone": c.location,
        "status": "RUNNING",
        "selfLink": format!(
            "https://container.googleapis.com/v1/projects/{}/locations/{}/clusters/{}",
            c.project, c.location, c.name
        ),
        "createTime": CREATED,
        "currentMasterVersion": KUBERNETES_VERSION,
        "currentNodeVersion": KUBERNETES_VERSION,
        "initialClusterVersion": KUBERNETES_VERSION,
        "network": "default",
        "subnetwork": "default",
        "masterAuth": {},
    });
    let Some(server) = server else {
        return cluster;
    };
    cluster["masterAuth"]["clusterCaCertificate"] = json!(STANDARD.encode(&server.ca_pem));
    match &c.dns_endpoint {
        // No IP to give: clients use the DNS endpoint, whose certificate is publicly trusted
        // on Google (so gcloud writes no CA for it; docs/google-cloud-facts.md §8).
        Some(host) => {
            cluster["controlPlaneEndpointsConfig"] = json!({
                "dnsEndpointConfig": {"endpoint": host, "allowExternalTraffic": true},
                "ipEndpointsConfig": {"enabled": false},
            });
        }
        None => {
            let endpoint = server.addr.to_string();
            cluster["endpoint"] = json!(endpoint);
            cluster["controlPlaneEndpointsConfig"] = json!({"ipEndpointsConfig": {
                "enabled": true,
                "enablePublicEndpoint": true,
                "publicEndpoint": endpoint,
            }});
        }
    }
    cluster
}
