//! The Security Token Service (sts.googleapis.com): Workload Identity Federation's token
//! exchange, which turns a CI system's OIDC token into a federated principal's access token.
//! Like the OAuth endpoints it is sign-in, so it writes no audit lines.

use std::sync::Arc;

use axum::Json;
use axum::extract::{Request, State as AxumState};
use axum::response::{IntoResponse as _, Response};
use serde::Deserialize;
use serde_json::json;
use time::Duration;

use super::call::State;
use super::oauth::{form_or_json, oauth_error};
use super::tokens::{Grant, expiry_after};

const TOKEN_EXCHANGE: &str = "urn:ietf:params:oauth:grant-type:token-exchange";
const ACCESS_TOKEN_TYPE: &str = "urn:ietf:params:oauth:token-type:access_token";
/// The subject token types an OIDC provider accepts (SAML and AWS providers are not emulated).
const OIDC_TOKEN_TYPES: &[&str] = &[
    "urn:ietf:params:oauth:token-type:jwt",
    "urn:ietf:params:oauth:token-type:id_token",
];
/// What a federated token may do when the request names no scope.
const DEFAULT_SCOPE: &str = "https://www.googleapis.com/auth/cloud-platform";
/// Federated access tokens live for an hour, as STS issues them by default.
const FEDERATED_TOKEN_LIFETIME: Duration = Duration::hours(1);

// Form-encoded and JSON requests carry the same fields (google-cloud-auth sends a form).
#[derive(Deserialize)]
struct ExchangeRequest {
    grant_type: Option<String>,
    subject_token: Option<String>,
    subject_token_type: Option<String>,
    audience: Option<String>,
    scope: Option<String>,
    requested_token_type: Option<String>,
}

/// `POST /v1/token`: exchanges a workload identity's subject token for an access token of its
/// federated principal.
pub(crate) async fn token(AxumState(state): AxumState<Arc<State>>, request: Request) -> Response {
    let Some(req) = form_or_json::<ExchangeRequest>(request).await else {
        return oauth_error("invalid_request", "Invalid request body.");
    };
    if req.grant_type.as_deref() != Some(TOKEN_EXCHANGE) {
        return oauth_error(
            "unsupported_grant_type",
            &format!(
                "Invalid value for \"grant_type\": {}; expected {TOKEN_EXCHANGE}.",
                req.grant_type.as_deref().unwrap_or("")
            ),
        );
    }
    if req.requested_token_type.as_deref() != Some(ACCESS_TOKEN_TYPE) {
        return oauth_error(
            "invalid_request",
            &format!("Invalid value for \"requested_token_type\"; expected {ACCESS_TOKEN_TYPE}."),
        );
    }
    let token_type = req.subject_token_type.as_deref().unwrap_or("");
    if !OIDC_TOKEN_TYPES.contains(&token_type) {
        return oauth_error(
            "invalid_request",
            &format!("Invalid value for \"subject_token_type\": {token_type}."),
        );
    }
    let audience = req.audience.as_deref().unwrap_or("");
    let mut identities = state.world.workload_identities(audience).peekable();
    if identities.peek().is_none() {
        return oauth_error(
            "invalid_target",
            "The target service indicated by the \"audience\" parameters is invalid. This might \
             either be because the pool or provider is disabled or deleted or because it \
             doesn't exist.",
        );
    }
    let subject_token = req.subject_token.as_deref().unwrap_or("");
    let Some(identity) = identities.find(|w| w.subject_token == subject_token) else {
        return oauth_error("invalid_grant", "The given subject token is not valid.");
    };
    let scopes: Vec<String> = match req.scope.as_deref().map(str::split_whitespace) {
        Some(scopes) if scopes.clone().next().is_some() => scopes.map(str::to_owned).collect(),
        _ => vec![DEFAULT_SCOPE.to_owned()],
    };
    let access_token = state.tokens.issue(Grant {
        principal: identity.principal.clone(),
        chain: Vec::new(),
        scopes,
        expires: expiry_after(FEDERATED_TOKEN_LIFETIME),
        client_id: None,
    });
    Json(json!({
        "access_token": access_token,
        "issued_token_type": ACCESS_TOKEN_TYPE,
        "token_type": "Bearer",
        // The hour minus the time the request took, as Google answers.
        "expires_in": FEDERATED_TOKEN_LIFETIME.whole_seconds() - 1,
    }))
    .into_response()
}

#[cfg(test)]
mod tests {
    use axum::body::Body;
    use axum::http::{StatusCode, header};
    use serde_json::Value;

    use super::*;
    use crate::World;
    use crate::audit::AuditLog;
    use crate::keys::KeyRing;
    use crate::tokens::TokenStore;
    use crate::world::Member;

    const AUDIENCE: &str = "//iam.googleapis.com/projects/111122223333/locations/global/workloadIdentityPools/ci/providers/github";
    const PRINCIPAL: &str = "principal://iam.googleapis.com/projects/111122223333/locations/global/workloadIdentityPools/ci/subject/repo:acme/app";

    fn state() -> Arc<State> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("world.toml");
        std::fs::write(
            &path,
            format!(
                "[[workload_identities]]\naudience = \"{AUDIENCE}\"\nsubject_token = \"oidc-1\"\nsubject = \"repo:acme/app\"\n"
            ),
        )
        .unwrap();
        let world = World::load(&path).unwrap_or_else(|e| panic!("{e}"));
        Arc::new(State {
            keys: KeyRing::new(&world),
            world,
            tokens: TokenStore::default(),
            audit: AuditLog::open(&dir.path().join("audit.jsonl")).unwrap(),
            api_server: std::sync::Mutex::default(),
            pam: crate::pam::Grants::default(),
        })
    }

    fn form(fields: &[(&str, &str)]) -> Request {
        let body = fields
            .iter()
            .map(|(k, v)| format!("{k}={}", urlencoding(v)))
            .collect::<Vec<_>>()
            .join("&");
        Request::builder()
            .method("POST")
            .uri("/v1/token")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(body))
            .unwrap()
    }

    fn urlencoding(text: &str) -> String {
        text.bytes()
            .map(|b| match b {
                b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'_' | b'.' => {
                    (b as char).to_string()
                }
                _ => format!("%{b:02X}"),
            })
            .collect()
    }

    fn good() -> Vec<(&'static str, &'static str)> {
        vec![
            ("grant_type", TOKEN_EXCHANGE),
            ("subject_token", "oidc-1"),
            ("subject_token_type", "urn:ietf:params:oauth:token-type:jwt"),
            ("audience", AUDIENCE),
            ("scope", "https://www.googleapis.com/auth/cloud-platform"),
            ("requested_token_type", ACCESS_TOKEN_TYPE),
        ]
    }

    async fn answer(state: &Arc<State>, request: Request) -> (StatusCode, Value) {
        let response = token(AxumState(Arc::clone(state)), request).await;
        let status = response.status();
        let bytes = axum::body::to_bytes(response.into_body(), 1 << 20)
            .await
            .unwrap();
        (status, serde_json::from_slice(&bytes).unwrap())
    }

    #[tokio::test]
    async fn a_known_subject_token_becomes_the_federated_principals_token() {
        let state = state();
        let (status, body) = answer(&state, form(&good())).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["issued_token_type"], ACCESS_TOKEN_TYPE);
        assert_eq!(body["token_type"], "Bearer");
        assert_eq!(body["expires_in"], 3599);
        let grant = state
            .tokens
            .lookup(body["access_token"].as_str().unwrap())
            .unwrap();
        assert_eq!(grant.principal, Member::Principal(PRINCIPAL.into()));
        assert_eq!(grant.scopes, [DEFAULT_SCOPE]);
        assert!(grant.chain.is_empty());
    }

    #[tokio::test]
    async fn json_bodies_are_accepted_too() {
        let state = state();
        let body: serde_json::Map<String, Value> = good()
            .into_iter()
            .map(|(k, v)| (k.into(), v.into()))
            .collect();
        let request = Request::builder()
            .method("POST")
            .uri("/v1/token")
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(Value::Object(body).to_string()))
            .unwrap();
        let (status, body) = answer(&state, request).await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }

    #[tokio::test]
    async fn refusals_are_oauth_errors_naming_the_bad_field() {
        let state = state();
        let with = |key: &'static str, value: &'static str| {
            let mut fields = good();
            fields.retain(|(k, _)| *k != key);
            fields.push((key, value));
            form(&fields)
        };
        for (request, error) in [
            (
                with("grant_type", "refresh_token"),
                "unsupported_grant_type",
            ),
            (with("subject_token", "oidc-2"), "invalid_grant"),
            (
                with(
                    "subject_token_type",
                    "urn:ietf:params:aws:token-type:aws4_request",
                ),
                "invalid_request",
            ),
            (
                with("audience", "//iam.googleapis.com/nope"),
                "invalid_target",
            ),
            (with("requested_token_type", "x"), "invalid_request"),
        ] {
            let (status, body) = answer(&state, request).await;
            assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
            assert_eq!(body["error"], error, "{body}");
            assert!(body["error_description"].is_string(), "{body}");
            // The refused token is never echoed back.
            assert!(!body.to_string().contains("oidc-2"), "{body}");
        }
    }
}
