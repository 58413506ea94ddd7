//! A GCE metadata server on loopback, for tools that only know the metadata server: it hands out
//! the session's tokens (and ID tokens) as the instance's service account would.
//!
//! Like the real one it answers only requests that carry `Metadata-Flavor: Google` and no
//! `X-Forwarded-For`, addressed to a name the metadata server has (`Host`), and marks every
//! response with `Metadata-Flavor: Google`, which client libraries check (docs/google-cloud-facts.md §5). So that
//! neither a web page (DNS rebinding gives it any `Host` it likes, and a browser adds `Origin`
//! or `Referer`) nor a relay of this user (a local forward proxy) gets a token, it also refuses
//! any request naming another host or coming from a page, and admits connections from the
//! session's own processes only (`serve::listen`).

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use reqwest::Method;
use serde_json::json;
use time::OffsetDateTime;
use tokio::sync::OnceCell;

use super::listen::{self, Admit, Policy, ServeError, Server};
use crate::auth::SessionTokens;

/// A session's few clients ask now and then; more at once than this is no client's need.
const MAX_CONNECTIONS: usize = 256;
/// The names the real metadata server answers to.
const METADATA_HOSTS: &[&str] = &["metadata.google.internal", "metadata", "169.254.169.254"];

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
    /// Where the server listens, set once it does.
    local: Arc<std::sync::OnceLock<SocketAddr>>,
    /// The project's number, asked of Resource Manager once, when first wanted.
    numeric_project: OnceCell<Option<String>>,
}

/// A running metadata server; dropping it (or `stop`) ends it.
pub struct MetadataServer(Server);

impl MetadataServer {
    /// `127.0.0.1:PORT`, the form GCE_METADATA_HOST takes.
    pub fn host(&self) -> String {
        self.0.addr().to_string()
    }

    /// Stops the server, letting a request in flight finish.
    pub async fn stop(self) {
        self.0.stop().await;
    }
}

/// Serves the session's identity as a metadata server on 127.0.0.1 at a free port.
pub async fn metadata_server(
    tokens: Arc<SessionTokens>,
    instance: Instance,
) -> Result<MetadataServer, ServeError> {
    let policy = Policy {
        name: "metadata server",
        admit: Admit::Session,
        max_connections: MAX_CONNECTIONS,
    };
    // The router must know its own port to check `Host`, and learns it once listening.
    let local = Arc::new(std::sync::OnceLock::new());
    let shared = Shared {
        tokens,
        instance,
        local: Arc::clone(&local),
        numeric_project: OnceCell::new(),
    };
    let app = Router::new().fallback(answer).with_state(Arc::new(shared));
    let server = listen::router(policy, app).await?;
    let _ = local.set(server.addr());
    Ok(MetadataServer(server))
}

/// Whether `host` (a `Host` header) names this metadata server: one of the real server's names
/// (on port 80, or this one's), or the loopback address and port the child was given.
fn is_own_host(host: &str, local: Option<SocketAddr>) -> bool {
    let host = host.to_ascii_lowercase();
    if local.is_some_and(|local| host == local.to_string()) {
        return true;
    }
    let (name, port) = match host.rsplit_once(':') {
        Some((name, port)) => (name, Some(port)),
        None => (host.as_str(), None),
    };
    let port_ok = match port {
        None => true,
        Some(port) => port == "80" || local.is_some_and(|l| port == l.port().to_string()),
    };
    port_ok && METADATA_HOSTS.contains(&name)
}

/// Why a request is refused before anything is looked up, if it is.
fn refusal(headers: &HeaderMap, local: Option<SocketAddr>) -> Option<&'static str> {
    if headers.get("Metadata-Flavor").and_then(|v| v.to_str().ok()) != Some("Google") {
        return Some("Missing required header: Metadata-Flavor\n");
    }
    if headers.contains_key("X-Forwarded-For") {
        return Some("Request refused: it was forwarded\n");
    }
    if headers.contains_key(header::ORIGIN) || headers.contains_key(header::REFERER) {
        return Some("Request refused: it came from a web page\n");
    }
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    if !host.is_some_and(|host| is_own_host(host, local)) {
        return Some("Request refused: it is addressed to another host\n");
    }
    None
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
    uri: Uri,
    headers: HeaderMap,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    if let Some(why) = refusal(&headers, shared.local.get().copied()) {
        return reply(StatusCode::FORBIDDEN, "text/html", why.into());
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
            let email = shared.tokens.target().account.to_string();
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
    let http = shared.tokens.http();
    // gsudo's own call as the account carries the session's reason like every other.
    let request = http
        .request(Method::GET, &url)
        .bearer_auth(token.secret.expose())
        .header("x-goog-request-reason", shared.tokens.reason_header());
    let response = http.send(request).await.ok()?.error_for_status().ok()?;
    let body: serde_json::Value = response.json().await.ok()?;
    let number = body["name"].as_str()?.strip_prefix("projects/")?;
    number
        .bytes()
        .all(|b| b.is_ascii_digit())
        .then(|| number.to_owned())
}

fn account_json(shared: &Shared) -> serde_json::Value {
    let target = shared.tokens.target();
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
    let target = shared.tokens.target();
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

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, HeaderValue::from_static(value));
        }
        map
    }

    #[test]
    fn only_the_metadata_servers_own_names_are_answered() {
        let local: SocketAddr = "127.0.0.1:4242".parse().unwrap();
        for host in [
            "127.0.0.1:4242",
            "metadata.google.internal",
            "Metadata.Google.Internal:80",
            "metadata",
            "169.254.169.254",
            "metadata:4242",
        ] {
            assert!(is_own_host(host, Some(local)), "{host}");
        }
        for host in [
            "evil.example",
            "evil.example:4242",
            "127.0.0.1",
            "127.0.0.1:4243",
            "localhost:4242",
            "metadata.google.internal:8080",
            "metadata.google.internal.evil.example",
            "",
        ] {
            assert!(!is_own_host(host, Some(local)), "{host}");
        }
        // Before the port is known, only the real server's names pass.
        assert!(!is_own_host("127.0.0.1:4242", None));
        assert!(is_own_host("metadata", None));
    }

    #[test]
    fn requests_from_pages_relays_or_other_hosts_are_refused() {
        let local = Some("127.0.0.1:4242".parse().unwrap());
        let good = [("metadata-flavor", "Google"), ("host", "127.0.0.1:4242")];
        assert_eq!(refusal(&headers(&good), local), None);
        for (extra, why) in [
            (("origin", "http://evil.example"), "web page"),
            (("referer", "http://evil.example/x"), "web page"),
            (("x-forwarded-for", "10.0.0.1"), "forwarded"),
        ] {
            let mut with = good.to_vec();
            with.push(extra);
            let refused = refusal(&headers(&with), local).unwrap();
            assert!(refused.contains(why), "{extra:?}: {refused}");
        }
        let rebound = [("metadata-flavor", "Google"), ("host", "evil.example:4242")];
        assert!(refusal(&headers(&rebound), local).is_some());
        let no_host = [("metadata-flavor", "Google")];
        assert!(refusal(&headers(&no_host), local).is_some());
        let no_flavor = [("host", "127.0.0.1:4242")];
        assert!(refusal(&headers(&no_flavor), local).is_some());
    }
}
