//! A GCE metadata server on loopback, for tools that only know the metadata server: it hands out
//! the session's tokens (and ID tokens) as the instance's service account would.
//!
//! Like the real one it answers only requests that carry `Metadata-Flavor: Google` and no
//! `X-Forwarded-For` (so a proxied or browser-forged request gets nothing), and marks every
//! response with `Metadata-Flavor: Google`, which client libraries check (docs/google-cloud-facts.md §5).

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::extract::{ConnectInfo, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use reqwest::Method;
use serde_json::json;
use time::OffsetDateTime;
use tokio::sync::{OnceCell, oneshot};
use tokio::task::JoinHandle;

use crate::auth::SessionTokens;
use crate::ui;

/// What the metadata server knows of the session beyond its tokens.
#[derive(Clone, Debug)]
pub struct Instance {
    pub project: Option<String>,
    pub universe_domain: String,
    /// Resource Manager's base URL, to look up the project's number.
    pub resource_manager: String,
}

struct Shared {
    tokens: Arc<SessionTokens>,
    instance: Instance,
    local: SocketAddr,
    /// The project's number, asked of Resource Manager once, when first wanted.
    numeric_project: OnceCell<Option<String>>,
}

/// A running metadata server; dropping it (or `stop`) ends it.
pub struct MetadataServer {
    addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    task: JoinHandle<()>,
}

impl MetadataServer {
    /// `127.0.0.1:PORT`, the form GCE_METADATA_HOST takes.
    pub fn host(&self) -> String {
        self.addr.to_string()
    }

    pub async fn stop(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        let _ = (&mut self.task).await;
    }
}

impl Drop for MetadataServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// Serves the session's identity as a metadata server on 127.0.0.1 at a free port.
pub async fn metadata_server(
    tokens: Arc<SessionTokens>,
    instance: Instance,
) -> std::io::Result<MetadataServer> {
    let listener = tokio::net::TcpListener::bind((std::net::Ipv4Addr::LOCALHOST, 0)).await?;
    let addr = listener.local_addr()?;
    let shared = Shared {
        tokens,
        instance,
        local: addr,
        numeric_project: OnceCell::new(),
    };
    let app = Router::new().fallback(answer).with_state(Arc::new(shared));
    let (stop, stopped) = oneshot::channel::<()>();
    let task = tokio::spawn(async move {
        let server = axum::serve(
            listener,
            app.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(async {
            let _ = stopped.await;
        });
        if let Err(e) = server.await {
            ui::warn(&format!("the session's metadata server stopped: {e}"));
        }
    });
    ui::debug(&format!("metadata server listening on {addr}"));
    Ok(MetadataServer {
        addr,
        stop: Some(stop),
        task,
    })
}

fn reply(status: StatusCode, content_type: &'static str, body: String) -> Response {
    let mut response = (status, body).into_response();
    let headers = response.headers_mut();
    headers.insert("Metadata-Flavor", HeaderValue::from_static("Google"));
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    response
}

fn text(body: impl Into<String>) -> Response {
    reply(StatusCode::OK, "application/text", body.into())
}

fn json_reply(value: serde_json::Value) -> Response {
    reply(StatusCode::OK, "application/json", value.to_string())
}

fn not_found() -> Response {
    reply(
        StatusCode::NOT_FOUND,
        "text/html; charset=UTF-8",
        "Not Found\n".into(),
    )
}

async fn answer(
    State(shared): State<Arc<Shared>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    uri: Uri,
    headers: HeaderMap,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    if headers.get("Metadata-Flavor").and_then(|v| v.to_str().ok()) != Some("Google") {
        return reply(
            StatusCode::FORBIDDEN,
            "text/html",
            "Missing required header: Metadata-Flavor\n".into(),
        );
    }
    if headers.contains_key("X-Forwarded-For") {
        return reply(
            StatusCode::FORBIDDEN,
            "text/html",
            "Request refused: it was forwarded\n".into(),
        );
    }
    if !super::peer::same_user(shared.local, peer) {
        return reply(
            StatusCode::FORBIDDEN,
            "text/html",
            "Request refused: another user's process\n".into(),
        );
    }
    let path = uri.path().trim_start_matches('/');
    let Some(rest) = path.strip_prefix("computeMetadata/v1") else {
        // The root answers the ping some libraries send before anything else.
        return if path.is_empty() {
            text("computeMetadata/\n")
        } else {
            not_found()
        };
    };
    let rest = rest.trim_start_matches('/');
    let recursive = query
        .get("recursive")
        .is_some_and(|v| v.eq_ignore_ascii_case("true"));
    let instance = &shared.instance;
    match rest.trim_end_matches('/') {
        "" => text("instance/\nproject/\nuniverse/\n"),
        "instance" => text("service-accounts/\n"),
        "project" => text("numeric-project-id\nproject-id\n"),
        "project/project-id" => instance.project.clone().map_or_else(not_found, text),
        "project/numeric-project-id" => {
            let number = shared
                .numeric_project
                .get_or_init(|| project_number(&shared))
                .await;
            number.clone().map_or_else(not_found, text)
        }
        "universe" => text("universe-domain\n"),
        "universe/universe-domain" => text(instance.universe_domain.clone()),
        "instance/service-accounts" => {
            let email = shared.tokens.minter().target().account.to_string();
            if recursive {
                json_reply(
                    json!({ "default": account_json(&shared), email: account_json(&shared) }),
                )
            } else {
                text(format!("default/\n{email}/\n"))
            }
        }
        other => match other.strip_prefix("instance/service-accounts/") {
            Some(account_path) => {
                service_account(
                    &shared,
                    account_path,
                    rest.ends_with('/'),
                    recursive,
                    &query,
                )
                .await
            }
            None => not_found(),
        },
    }
}

/// The project's number from Resource Manager (`projects/NUMBER`), asked as the account.
async fn project_number(shared: &Shared) -> Option<String> {
    let project = shared.instance.project.as_ref()?;
    let token = shared.tokens.current().await.ok()?;
    let url = format!("{}v3/projects/{project}", shared.instance.resource_manager);
    let http = shared.tokens.minter().http();
    // gsudo's own call as the account carries the session's reason like every other.
    let request = http
        .request(Method::GET, &url)
        .bearer_auth(token.secret.expose())
        .header(
            "x-goog-request-reason",
            shared.tokens.minter().target().reason_header(),
        );
    let response = http.send(request).await.ok()?.error_for_status().ok()?;
    let body: serde_json::Value = response.json().await.ok()?;
    let number = body["name"].as_str()?.strip_prefix("projects/")?;
    number
        .bytes()
        .all(|b| b.is_ascii_digit())
        .then(|| number.to_owned())
}

fn account_json(shared: &Shared) -> serde_json::Value {
    let target = shared.tokens.minter().target();
    json!({
        "aliases": ["default"],
        "email": target.account.as_str(),
        "scopes": target.scopes.as_slice(),
    })
}

async fn service_account(
    shared: &Shared,
    path: &str,
    directory: bool,
    recursive: bool,
    query: &HashMap<String, String>,
) -> Response {
    let target = shared.tokens.minter().target();
    let (name, leaf) = path.split_once('/').unwrap_or((path, ""));
    // Libraries read the account's email, then ask for it by email rather than `default`.
    if name != "default" && name != target.account.as_str() {
        return not_found();
    }
    match leaf {
        "" if recursive => json_reply(account_json(shared)),
        "" if directory => text("aliases\nemail\nidentity\nscopes\ntoken\n"),
        "email" => text(target.account.to_string()),
        "aliases" => text("default\n"),
        "scopes" => text(target.scopes.as_slice().join("\n") + "\n"),
        "token" => match shared.tokens.current().await {
            Ok(token) => json_reply(json!({
                "access_token": token.secret.expose(),
                "expires_in": (token.expires_at - OffsetDateTime::now_utc()).whole_seconds().max(1),
                "token_type": "Bearer",
            })),
            Err(e) => reply(
                StatusCode::SERVICE_UNAVAILABLE,
                "text/plain",
                crate::ui::sentence(&e.to_string()),
            ),
        },
        "identity" => {
            let Some(audience) = query.get("audience").filter(|a| !a.is_empty()) else {
                return reply(
                    StatusCode::BAD_REQUEST,
                    "text/plain",
                    "non-empty audience parameter required\n".into(),
                );
            };
            let full = query.get("format").is_some_and(|f| f == "full");
            match shared.tokens.id_token(audience, full).await {
                Ok(token) => text(token.expose().to_owned()),
                Err(e) => reply(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "text/plain",
                    crate::ui::sentence(&e.to_string()),
                ),
            }
        }
        _ => not_found(),
    }
}
