//! The offline emulator of the Google APIs that gsudo and its child use.
//!
//! One plain-HTTP listener serves, routed by path only, the parts of these APIs that gsudo,
//! its tests and `gsudo sandbox` need:
//!
//! - OAuth 2.0 (oauth2.googleapis.com): `POST /token` (refresh-token grant, form or JSON),
//!   `GET|POST /tokeninfo`, `GET /oauth2/v3/certs`;
//! - Security Token Service (sts.googleapis.com): `POST /v1/token`, the token exchange of
//!   Workload Identity Federation for the world's `workload_identities` (see `sts.rs`);
//! - IAM Credentials (iamcredentials.googleapis.com):
//!   `POST /v1/projects/-/serviceAccounts/{EMAIL}:{generateAccessToken|generateIdToken|signJwt|signBlob}`
//!   and `GET /service_accounts/v1/metadata/jwk/{EMAIL}`; over gRPC (HTTP/2, on the HTTPS
//!   listener), `GenerateAccessToken` (see `grpc.rs`);
//! - Cloud Storage JSON API (storage.googleapis.com): `GET /storage/v1/b`, `/storage/v1/b/{b}`,
//!   `/storage/v1/b/{b}/o`, `/storage/v1/b/{b}/o/{object}` (and the `/download/` form), and
//!   `GET /storage/v1/b/{b}/iam/testPermissions`;
//! - IAM (iam.googleapis.com), for discovery: `GET /v1/projects/{p}/serviceAccounts`,
//!   `POST /v1/projects/{p}/serviceAccounts/{EMAIL}:testIamPermissions`,
//!   `POST /v1/permissions:queryTestablePermissions` (see `iam.rs`);
//! - Resource Manager v3: `GET /v3/projects:search`, `GET /v3/{projects|folders|organizations}/{id}`
//!   (and v1's `GET /v1/projects/{id}`, which `gcloud projects describe` calls),
//!   `POST /v3/{projects|folders|organizations}/{id}:testIamPermissions`;
//! - Pub/Sub and Compute Engine `testIamPermissions` on topics and instances (`test_iam.rs`);
//! - GKE (container.googleapis.com): `GET /v1/projects/{p}/locations/{l}/clusters[/{c}]`, each
//!   cluster's endpoint being the HTTPS listener ([`Emulator::serve_https`]);
//! - the clusters' Kubernetes API, for kubectl: discovery, `GET` of pods and the self-subject
//!   review `kubectl auth whoami` asks (`kubernetes.rs`);
//! - Privileged Access Manager v1 (privilegedaccessmanager.googleapis.com): entitlements, grants
//!   and their approval, the grants' IAM bindings honoured while they are active (`pam.rs`);
//! - a websocket echo at `GET /ws/echo`, standing in for Google's websocket APIs
//!   (`websocket.rs`).
//!
//! Who exists and who may do what comes from a [`World`]. Every call to an API other than
//! OAuth and STS, refused or not, appends one Cloud Audit Logs-shaped JSON line to the audit log;
//! the sign-in endpoints are not audited APIs and write nothing. No line ever holds a token. Latency
//! and 429/503 answers can be injected ([`Faults`]) into everything but sign-in.

mod audit;
mod call;
mod catalogue;
pub mod cli;
mod container;
mod faults;
mod grpc;
mod iam;
mod iam_credentials;
mod keys;
mod kubernetes;
mod oauth;
mod pam;
mod resource_manager;
mod storage;
mod sts;
mod test_iam;
mod tls;
mod tokens;
mod websocket;
mod world;

#[cfg(test)]
mod tests;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::routing::{get, post};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub use faults::{Faults, Latency, parse_error_rate};
pub use world::{DEMO_WORLD_TOML, World};

/// The gcloud API names (`api_endpoint_overrides/NAME`) of every API the emulator serves: a
/// client pointed at the emulator for all of them reaches Google for none.
pub const APIS: &[&str] = &[
    "iamcredentials",
    "storage",
    "iam",
    "cloudresourcemanager",
    "pubsub",
    "compute",
    "container",
    "privilegedaccessmanager",
];

/// The service account the demo world lets its first user impersonate.
pub const DEMO_SERVICE_ACCOUNT: &str = "deployer@sandbox-project.iam.gserviceaccount.com";
/// The demo world's project.
pub const DEMO_PROJECT: &str = "sandbox-project";

/// How long [`Emulator::shutdown`] lets in-flight requests finish before cutting them off.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// Why the emulator could not start.
#[derive(Debug, thiserror::Error)]
pub enum EmulatorError {
    /// The listen address could not be bound.
    #[error("cannot listen on {addr}: {error}")]
    Listen {
        addr: SocketAddr,
        error: std::io::Error,
    },
    /// The audit log could not be opened for appending.
    #[error("cannot open the audit log {}: {error}", path.display())]
    AuditLog {
        path: PathBuf,
        error: std::io::Error,
    },
    /// The HTTPS listener's certificate or CA file could not be made.
    #[error("cannot serve HTTPS: {0}")]
    Tls(String),
}

/// A running emulator. Dropping it stops serving too; [`Emulator::shutdown`] also waits.
pub struct Emulator {
    addr: SocketAddr,
    audit_log: PathBuf,
    stop: oneshot::Sender<()>,
    server: JoinHandle<()>,
    /// The API routes, for the HTTPS listener to serve too.
    routes: Router,
    /// Shared with the routes: the HTTPS listener records itself there as the clusters' endpoint.
    state: Arc<call::State>,
}

/// Starts serving `world` on `listen` (port 0 picks a free port), appending to `audit_log`.
pub async fn start(
    world: World,
    listen: SocketAddr,
    audit_log: PathBuf,
) -> Result<Emulator, EmulatorError> {
    start_with_faults(world, listen, audit_log, Faults::default()).await
}

/// Like [`start`], injecting `faults` into every API call but sign-in's.
pub async fn start_with_faults(
    world: World,
    listen: SocketAddr,
    audit_log: PathBuf,
    faults: Faults,
) -> Result<Emulator, EmulatorError> {
    let audit = audit::AuditLog::open(&audit_log).map_err(|error| EmulatorError::AuditLog {
        path: audit_log.clone(),
        error,
    })?;
    let listen_error = |error| EmulatorError::Listen {
        addr: listen,
        error,
    };
    let listener = tokio::net::TcpListener::bind(listen)
        .await
        .map_err(listen_error)?;
    let addr = listener.local_addr().map_err(listen_error)?;
    let state = Arc::new(call::State {
        keys: keys::KeyRing::new(&world),
        world,
        tokens: tokens::TokenStore::default(),
        audit,
        api_server: std::sync::Mutex::default(),
        pam: pam::Grants::default(),
    });
    let routes = router(Arc::clone(&state), Arc::new(faults));
    let app = routes
        .clone()
        .into_make_service_with_connect_info::<SocketAddr>();
    let (stop, stopped) = oneshot::channel::<()>();
    let server = tokio::spawn(async move {
        // Stop on shutdown() and also when the Emulator is dropped (the sender goes away).
        let serving = axum::serve(listener, app).with_graceful_shutdown(async {
            let _ = stopped.await;
        });
        // axum retries failed accepts itself, so serving ends only through the shutdown
        // signal; there is no error left to report.
        let _ = serving.await;
    });
    Ok(Emulator {
        addr,
        audit_log,
        stop,
        server,
        routes,
        state,
    })
}

impl Emulator {
    /// `http://ADDR/`, what API endpoint overrides point at.
    pub fn base_url(&self) -> String {
        format!("http://{}/", self.addr)
    }

    /// The audit log file.
    pub fn audit_log(&self) -> &Path {
        &self.audit_log
    }

    /// Stops serving and waits for in-flight requests (at most a few seconds).
    ///
    /// Each audit line is written to the file before its response is sent, so when this
    /// returns the log is complete.
    pub async fn shutdown(self) {
        let _ = self.stop.send(());
        let mut server = self.server;
        if tokio::time::timeout(SHUTDOWN_GRACE, &mut server)
            .await
            .is_err()
        {
            server.abort();
        }
    }
}

fn router(state: Arc<call::State>, faults: Arc<Faults>) -> Router {
    // Sign-in stands outside the fault injection: clients do not retry it, and the faults are
    // there to exercise the retries of the API calls.
    let oauth = Router::new()
        .route("/token", post(oauth::token))
        .route("/tokeninfo", get(oauth::tokeninfo).post(oauth::tokeninfo))
        .route("/oauth2/v3/certs", get(oauth::certs))
        .route("/v1/token", post(sts::token));
    Router::new()
        .route(
            "/v1/projects/{project}/serviceAccounts/{target}",
            post(iam::account_method),
        )
        .route(
            "/v1/projects/{project}/serviceAccounts",
            get(iam::list_accounts),
        )
        .route(
            "/v1/permissions:queryTestablePermissions",
            post(iam::query_testable),
        )
        .route("/v1/projects/{project}", get(resource_manager::get_v1))
        .route(
            "/v3/projects:search",
            get(resource_manager::search_projects),
        )
        .route(
            "/v3/{collection}/{target}",
            get(resource_manager::get).post(resource_manager::test_permissions),
        )
        .route(
            "/v1/projects/{project}/locations/{location}/clusters",
            get(container::list_clusters),
        )
        .route(
            "/v1/projects/{project}/locations/{location}/clusters/{cluster}",
            get(container::get_cluster),
        )
        .route("/version", get(kubernetes::version))
        .route("/api", get(kubernetes::core_versions))
        .route("/apis", get(kubernetes::groups))
        .route("/api/v1", get(kubernetes::core_resources))
        .route("/api/v1/pods", get(kubernetes::list_all_pods))
        .route(
            "/apis/authentication.k8s.io/v1/selfsubjectreviews",
            post(kubernetes::review_self),
        )
        .route(
            "/api/v1/namespaces/{namespace}/pods",
            get(kubernetes::list_pods),
        )
        .route(
            "/api/v1/namespaces/{namespace}/pods/{name}",
            get(kubernetes::get_pod),
        )
        .route(
            "/v1/projects/{project}/topics/{target}",
            post(test_iam::topic),
        )
        .route(
            "/compute/v1/projects/{project}/zones/{zone}/instances/{instance}/testIamPermissions",
            post(test_iam::instance),
        )
        .route(
            "/storage/v1/b/{bucket}/iam/testPermissions",
            get(test_iam::bucket),
        )
        .route(
            "/google.iam.credentials.v1.IAMCredentials/{method}",
            post(grpc::iam_credentials),
        )
        .route(
            "/service_accounts/v1/metadata/jwk/{email}",
            get(iam_credentials::account_jwks),
        )
        .route(
            "/{version}/{collection}/{id}/locations/{location}/{*rest}",
            get(pam::call).post(pam::call),
        )
        .route("/ws/echo", get(websocket::echo))
        .route("/storage/v1/b", get(storage::list_buckets))
        .route("/storage/v1/b/{bucket}", get(storage::get_bucket))
        .route("/storage/v1/b/{bucket}/o", get(storage::list_objects))
        .route(
            "/storage/v1/b/{bucket}/o/{*object}",
            get(storage::get_object),
        )
        .route(
            "/download/storage/v1/b/{bucket}/o/{*object}",
            get(storage::get_object),
        )
        .layer(axum::middleware::from_fn(move |request, next| {
            faults::inject(Arc::clone(&faults), request, next)
        }))
        .merge(oauth)
        .fallback(not_found)
        .with_state(state)
}

async fn not_found(uri: axum::http::Uri) -> axum::response::Response {
    call::Refusal::rpc(
        audit::Code::NotFound,
        format!("The emulator does not serve {}.", uri.path()),
    )
    .into_response()
}
