//! The session's OAuth2 token endpoint on loopback.
//!
//! gcloud and client libraries in the child hold an `authorized_user` credential whose refresh
//! token is the session secret and whose token URI is this endpoint, so each refresh returns the
//! service account's current token, and long commands keep working across token lifetimes.
//! It answers the session's processes only (`serve::listen`), and only to the session secret.

use std::collections::HashMap;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use serde_json::json;
use time::OffsetDateTime;

use super::listen::{self, Admit, Policy, ServeError, Server};
use crate::auth::{AuthError, SessionTokens};
use crate::types::Secret;
use crate::ui::sentence;

/// A session's few clients refresh now and then; more at once than this is no client's need.
const MAX_CONNECTIONS: usize = 256;

struct Shared {
    tokens: Arc<SessionTokens>,
    secret: Secret,
}

/// A running token endpoint; dropping it (or `stop`) ends it.
pub struct TokenEndpoint(Server);

impl TokenEndpoint {
    /// The URL clients refresh at.
    pub fn token_url(&self) -> String {
        format!("http://{}/token", self.0.addr())
    }

    /// Stops the endpoint, letting a refresh in flight finish.
    pub async fn stop(self) {
        self.0.stop().await;
    }
}

/// Serves the session's tokens on 127.0.0.1 at a free port, to the session's processes holding
/// `secret`.
pub async fn token_endpoint(
    tokens: Arc<SessionTokens>,
    secret: Secret,
) -> Result<TokenEndpoint, ServeError> {
    let app = Router::new()
        .route("/token", post(grant))
        .route("/tokeninfo", post(tokeninfo).get(tokeninfo))
        .with_state(Arc::new(Shared { tokens, secret }));
    let policy = Policy {
        name: "token endpoint",
        admit: Admit::Session,
        max_connections: MAX_CONNECTIONS,
    };
    Ok(TokenEndpoint(listen::router(policy, app).await?))
}

fn oauth_error(status: StatusCode, error: &str, description: &str) -> Response {
    (
        status,
        Json(json!({ "error": error, "error_description": description })),
    )
        .into_response()
}

/// The request's parameters: OAuth2 clients send a form, some (google-cloud-auth) JSON.
fn parameters(headers: &HeaderMap, query: Option<&str>, body: &[u8]) -> HashMap<String, String> {
    let is_json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if is_json {
        let value: serde_json::Value = serde_json::from_slice(body).unwrap_or_default();
        return value
            .as_object()
            .map(|o| {
                o.iter()
                    .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_owned())))
                    .collect()
            })
            .unwrap_or_default();
    }
    let mut params: HashMap<String, String> =
        url::form_urlencoded::parse(query.unwrap_or_default().as_bytes())
            .into_owned()
            .collect();
    params.extend(url::form_urlencoded::parse(body).into_owned());
    params
}

async fn grant(State(shared): State<Arc<Shared>>, headers: HeaderMap, body: Bytes) -> Response {
    let form = parameters(&headers, None, &body);
    if form.get("grant_type").map(String::as_str) != Some("refresh_token") {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "unsupported_grant_type",
            "only the refresh_token grant is served here",
        );
    }
    let presented = form
        .get("refresh_token")
        .map(String::as_str)
        .unwrap_or_default();
    if !shared.secret.matches(presented) {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_grant",
            "this is not the gsudo session's refresh token",
        );
    }
    match shared.tokens.current().await {
        Ok(token) => {
            let expires_in = (token.expires_at - OffsetDateTime::now_utc())
                .whole_seconds()
                .max(0);
            let scope = shared.tokens.target().scopes.as_slice().join(" ");
            Json(json!({
                "access_token": token.secret.expose(),
                "expires_in": expires_in,
                "token_type": "Bearer",
                "scope": scope,
            }))
            .into_response()
        }
        // Final: the client must not retry.
        Err(e @ (AuthError::SessionOver { .. } | AuthError::LeaseEnded(_))) => oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_grant",
            &sentence(&e.to_string()),
        ),
        Err(e) => oauth_error(
            StatusCode::SERVICE_UNAVAILABLE,
            "temporarily_unavailable",
            &sentence(&e.to_string()),
        ),
    }
}

/// Who a token belongs to, for the session's tools (and a gsudo nested in it) that ask;
/// answers only for the session's own token.
async fn tokeninfo(
    State(shared): State<Arc<Shared>>,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let form = parameters(&headers, uri.query(), &body);
    let presented = form
        .get("access_token")
        .map(String::as_str)
        .unwrap_or_default();
    match shared.tokens.issued(presented).await {
        Some(token) => {
            let expires_in = (token.expires_at - OffsetDateTime::now_utc())
                .whole_seconds()
                .max(0);
            let target = shared.tokens.target();
            Json(json!({
                "email": target.account.as_str(),
                "email_verified": "true",
                "expires_in": expires_in.to_string(),
                "exp": token.expires_at.unix_timestamp().to_string(),
                "scope": target.scopes.as_slice().join(" "),
            }))
            .into_response()
        }
        None => oauth_error(StatusCode::BAD_REQUEST, "invalid_token", "Invalid Value"),
    }
}
