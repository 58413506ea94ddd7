//! The OAuth 2.0 endpoints of oauth2.googleapis.com: the token endpoint, tokeninfo, and the
//! ID-token signing keys. They are not audited APIs (Google keeps no Cloud Audit Logs for
//! them), so they write no audit lines.

use std::collections::HashMap;
use std::sync::Arc;

use axum::Json;
use axum::extract::{Form, FromRequest as _, Query, Request, State as AxumState};
use axum::http::{Method, StatusCode, header};
use axum::response::{IntoResponse as _, Response};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use time::{Duration, OffsetDateTime};

use super::audit::Code;
use super::call::{Refusal, State};
use super::tokens::{Grant, expiry_after};
use super::world::{Member, numeric_id};

/// Scopes a refreshed user token carries when the request names none: what `gcloud auth
/// login` asks for that matters to the emulated APIs.
const DEFAULT_USER_SCOPES: &[&str] = &[
    "openid",
    "https://www.googleapis.com/auth/userinfo.email",
    "https://www.googleapis.com/auth/cloud-platform",
];

/// The client id tokeninfo reports for tokens whose request did not name one.
const DEFAULT_CLIENT_ID: &str = "gsudo-emulator.apps.googleusercontent.com";

/// What Google's `/oauth2/v3/certs` answers in `Cache-Control`, with a shorter max-age.
const CERTS_CACHE_CONTROL: &str = "public, max-age=300, must-revalidate, no-transform";

/// Google's user access tokens live for an hour.
const USER_TOKEN_LIFETIME: Duration = Duration::hours(1);

// Form-encoded and JSON token requests carry the same fields (google-cloud-auth sends JSON).
// client_id and client_secret are not checked: every client is welcome in the sandbox.
#[derive(Deserialize)]
struct TokenRequest {
    grant_type: Option<String>,
    refresh_token: Option<String>,
    client_id: Option<String>,
    scope: Option<String>,
}

/// `POST /token`: exchanges a world user's refresh token for an access token.
pub(crate) async fn token(AxumState(state): AxumState<Arc<State>>, request: Request) -> Response {
    let Some(req) = form_or_json::<TokenRequest>(request).await else {
        return oauth_error("invalid_request", "Invalid request body");
    };
    match req.grant_type.as_deref() {
        Some("refresh_token") => {}
        Some(other) => {
            return oauth_error(
                "unsupported_grant_type",
                &format!("Invalid grant_type: {other}"),
            );
        }
        None => return oauth_error("unsupported_grant_type", "Invalid grant_type: "),
    }
    let user = req
        .refresh_token
        .as_deref()
        .and_then(|rt| state.world.user_by_refresh_token(rt));
    let Some(user) = user else {
        return oauth_error("invalid_grant", "Bad Request");
    };
    if let Some(reauth) = user.reauth {
        return reauth_required(reauth.subtype());
    }
    let scopes: Vec<String> = match req.scope.as_deref().map(str::trim) {
        Some(scope) if !scope.is_empty() => scope.split_whitespace().map(str::to_owned).collect(),
        _ => DEFAULT_USER_SCOPES
            .iter()
            .map(|s| (*s).to_owned())
            .collect(),
    };
    let scope = scopes.join(" ");
    let openid = scopes.iter().any(|s| s == "openid");
    let client_id = req
        .client_id
        .clone()
        .unwrap_or_else(|| DEFAULT_CLIENT_ID.to_owned());
    let access_token = state.tokens.issue(Grant {
        principal: Member::User(user.email.clone()),
        chain: Vec::new(),
        scopes,
        expires: expiry_after(USER_TOKEN_LIFETIME),
        client_id: req.client_id,
    });
    let mut answer = json!({
        "access_token": access_token,
        // Google answers 3599: the hour minus the time the request took.
        "expires_in": USER_TOKEN_LIFETIME.whole_seconds() - 1,
        "token_type": "Bearer",
        "scope": scope,
    });
    // Google adds the user's ID token when the grant has the openid scope; its audience is
    // the OAuth client, which is what `gcloud auth print-identity-token` prints for a user.
    if openid {
        match user_id_token(&state, &user.email, &client_id).await {
            Ok(token) => answer["id_token"] = json!(token),
            Err(e) => return Refusal::rpc(Code::Internal, e.to_string()).into_response(),
        }
    }
    Json(answer).into_response()
}

/// A Google-signed ID token for a world user, as the token endpoint returns it.
async fn user_id_token(
    state: &State,
    email: &str,
    audience: &str,
) -> Result<String, super::keys::KeyError> {
    let now = OffsetDateTime::now_utc().unix_timestamp();
    let claims = json!({
        "iss": "https://accounts.google.com",
        "aud": audience,
        "azp": audience,
        "sub": numeric_id(email),
        "email": email,
        "email_verified": true,
        "iat": now,
        "exp": now + USER_TOKEN_LIFETIME.whole_seconds(),
    });
    state.keys.google().await?.jwt(&claims.to_string())
}

/// `GET|POST /tokeninfo?access_token=...`: what a live token is and whom it speaks for.
pub(crate) async fn tokeninfo(
    AxumState(state): AxumState<Arc<State>>,
    request: Request,
) -> Response {
    let from_query = Query::<HashMap<String, String>>::try_from_uri(request.uri())
        .ok()
        .and_then(|Query(mut q)| q.remove("access_token"));
    let token = match from_query {
        Some(token) => Some(token),
        None if request.method() == Method::POST => {
            Form::<HashMap<String, String>>::from_request(request, &())
                .await
                .ok()
                .and_then(|Form(mut f)| f.remove("access_token"))
        }
        None => None,
    };
    let Some(grant) = token.and_then(|t| state.tokens.lookup(&t)) else {
        return oauth_error("invalid_token", "Invalid Value");
    };
    let email = grant.principal.email();
    let (client, subject) = match &grant.principal {
        Member::User(_) => (
            grant
                .client_id
                .clone()
                .unwrap_or_else(|| DEFAULT_CLIENT_ID.to_owned()),
            numeric_id(email),
        ),
        // Service account tokens name the account itself as client and subject.
        Member::ServiceAccount(_) => (numeric_id(email), numeric_id(email)),
        // A federated token has no email and no OAuth client to name.
        Member::Principal(_) | Member::PrincipalSet(_) => {
            return oauth_error("invalid_token", "Invalid Value");
        }
    };
    let expires_in = (grant.expires - OffsetDateTime::now_utc())
        .whole_seconds()
        .max(0);
    // Google returns every value as a string here, numbers and booleans included.
    let mut info = json!({
        "azp": client,
        "aud": client,
        "sub": subject,
        "scope": grant.scopes.join(" "),
        "exp": grant.expires.unix_timestamp().to_string(),
        "expires_in": expires_in.to_string(),
        "access_type": "online",
    });
    // The email only for tokens granted the email scope (docs/google-cloud-facts.md §1, "OAuth endpoints").
    if grant.shows_email() {
        info["email"] = json!(email);
        info["email_verified"] = json!("true");
    }
    Json(info).into_response()
}

/// `GET /oauth2/v3/certs`: the public key that verifies emulated ID tokens.
pub(crate) async fn certs(AxumState(state): AxumState<Arc<State>>) -> Response {
    match state.keys.google().await {
        // Google's certs endpoints say how long to cache them; verifiers (the gsudo broker)
        // refetch when it runs out or when a token names a key they do not have.
        Ok(key) => (
            [(header::CACHE_CONTROL, CERTS_CACHE_CONTROL)],
            Json(key.jwks()),
        )
            .into_response(),
        Err(e) => Refusal::rpc(Code::Internal, e.to_string()).into_response(),
    }
}

/// A token request's fields, form-encoded or JSON as the client chose; `None` when malformed.
pub(crate) async fn form_or_json<T: DeserializeOwned>(request: Request) -> Option<T> {
    let is_json = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if is_json {
        Json::<T>::from_request(request, &())
            .await
            .map(|Json(r)| r)
            .ok()
    } else {
        Form::<T>::from_request(request, &())
            .await
            .map(|Form(r)| r)
            .ok()
    }
}

/// The refusal of a refresh token whose user must sign in again: Google's exact body
/// (docs/google-cloud-facts.md §1, "Errors").
fn reauth_required(subtype: &str) -> Response {
    let body = json!({
        "error": "invalid_grant",
        "error_description": format!("reauth related error ({subtype})"),
        "error_uri": "https://support.google.com/a/answer/9368756",
        "error_subtype": subtype,
    });
    (StatusCode::BAD_REQUEST, Json(body)).into_response()
}

/// An RFC 6749 error body with status 400, as Google's token endpoints answer.
pub(crate) fn oauth_error(error: &str, description: &str) -> Response {
    let body: Value = json!({"error": error, "error_description": description});
    (StatusCode::BAD_REQUEST, Json(body)).into_response()
}
