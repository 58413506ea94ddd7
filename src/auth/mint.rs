//! Minting the service account's access tokens with the IAM Credentials REST API.

use std::sync::Arc;

use reqwest::{Method, StatusCode};
use serde::Deserialize;
use serde_json::{Value, json};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::{AuthError, Caller};
use crate::config::policy::Violation;
use crate::google::{GoogleError, Http, network_failure, root_cause};
use crate::types::{Lifetime, Reason, Scopes, Secret, ServiceAccount, SessionId};

/// Whom to mint for, how, and why.
#[derive(Clone, Debug)]
pub struct Target {
    pub account: ServiceAccount,
    pub delegates: Vec<ServiceAccount>,
    pub scopes: Scopes,
    pub reason: Reason,
    pub session: SessionId,
    /// Why a policy refuses ID tokens, if one does: every ID token is minted through
    /// `Minter::id_token`, which checks this first.
    pub id_token_refusal: Option<Violation>,
}

impl Target {
    /// The `X-Goog-Request-Reason` value: tagged so an audit-log alert can tell gsudo's mints
    /// from any other.
    pub fn reason_header(&self) -> String {
        crate::types::tagged_reason(self.session.as_str(), &self.reason.to_string())
    }
}

/// An access token and when it expires.
#[derive(Clone, Debug)]
pub struct Token {
    pub secret: Secret,
    pub expires_at: OffsetDateTime,
}

/// Mints tokens for one target with the caller's credentials.
#[derive(Clone, Debug)]
pub struct Minter {
    caller: Arc<Caller>,
    http: Http,
    /// The IAM Credentials base URL, ending in `/`.
    endpoint: String,
    target: Target,
    /// The organization's broker, when every mint goes through it instead.
    broker: Option<Arc<super::broker::BrokerClient>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Minted {
    access_token: String,
    expire_time: String,
}

impl Minter {
    pub fn new(caller: Arc<Caller>, http: Http, endpoint: String, target: Target) -> Self {
        Self {
            caller,
            http,
            endpoint,
            target,
            broker: None,
        }
    }

    /// The same minter, minting every token through the organization's broker.
    pub fn through_broker(mut self, broker: super::broker::BrokerClient) -> Self {
        self.broker = Some(Arc::new(broker));
        self
    }

    pub fn target(&self) -> &Target {
        &self.target
    }

    /// The broker's URL, when every mint goes through one.
    pub fn broker(&self) -> Option<&str> {
        self.broker.as_deref().map(super::broker::BrokerClient::url)
    }

    /// The caller's credentials, for the session's other calls as the caller.
    pub fn caller(&self) -> Arc<Caller> {
        Arc::clone(&self.caller)
    }

    /// The HTTP client the minter calls with, for the session's other calls.
    pub fn http(&self) -> &Http {
        &self.http
    }

    /// Mints one token living `lifetime`, retrying what Google says is transient.
    pub async fn mint(&self, lifetime: Lifetime) -> Result<Token, AuthError> {
        if let Some(broker) = &self.broker {
            return broker.mint(&self.target, lifetime).await;
        }
        let body = json!({
            "delegates": self.delegates(),
            "scope": self.target.scopes.as_slice(),
            "lifetime": format!("{}s", lifetime.as_secs()),
        });
        let (url, answer) = self
            .call("generateAccessToken", &body, Some(lifetime))
            .await?;
        let minted: Minted = serde_json::from_value(answer).map_err(|_| AuthError::Unexpected {
            url: url.clone(),
            why: "its answer has no accessToken and expireTime".into(),
        })?;
        let expires_at = OffsetDateTime::parse(&minted.expire_time, &Rfc3339).map_err(|_| {
            AuthError::Unexpected {
                url: url.clone(),
                why: "its expireTime is not a timestamp".into(),
            }
        })?;
        Ok(Token {
            secret: Secret::new(minted.access_token),
            expires_at,
        })
    }

    /// Mints an OpenID Connect ID token for `audience` (Cloud Run, IAP), with the account's
    /// email in it when `include_email`.
    pub async fn id_token(&self, audience: &str, include_email: bool) -> Result<Secret, AuthError> {
        if let Some(refusal) = &self.target.id_token_refusal {
            return Err(AuthError::Policy(refusal.clone()));
        }
        if let Some(broker) = &self.broker {
            return broker.id_token(&self.target, audience, include_email).await;
        }
        let body = json!({
            "delegates": self.delegates(),
            "audience": audience,
            "includeEmail": include_email,
        });
        let (url, answer) = self.call("generateIdToken", &body, None).await?;
        match answer["token"].as_str() {
            Some(token) if !token.is_empty() => Ok(Secret::new(token.to_owned())),
            _ => Err(AuthError::Unexpected {
                url,
                why: "its answer has no token".into(),
            }),
        }
    }

    fn delegates(&self) -> Vec<String> {
        self.target
            .delegates
            .iter()
            .map(ServiceAccount::resource_name)
            .collect()
    }

    /// POSTs `body` to the account's `:{method}` with the caller's token and the reason,
    /// retrying what Google says is transient; returns the URL and the JSON answer.
    async fn call(
        &self,
        method: &str,
        body: &Value,
        lifetime: Option<Lifetime>,
    ) -> Result<(String, Value), AuthError> {
        let caller_token = self.caller.access_token().await?;
        let url = format!(
            "{}v1/{}:{method}",
            self.endpoint,
            self.target.account.resource_name()
        );
        let response = self
            .http
            .send_retrying(|| {
                self.http
                    .request(Method::POST, &url)
                    .bearer_auth(caller_token.expose())
                    .header("X-Goog-Request-Reason", self.target.reason_header())
                    .json(body)
            })
            .await
            .map_err(|e| AuthError::Unreachable {
                endpoint: self.endpoint.clone(),
                why: network_failure(&e),
            })?;
        let status = response.status();
        if !status.is_success() {
            let error = GoogleError::parse(&response.text().await.unwrap_or_default());
            return Err(self.refusal(status, error, lifetime).await);
        }
        let answer = response.json().await.map_err(|e| AuthError::Unexpected {
            url: url.clone(),
            why: format!("its answer could not be read ({})", root_cause(&e)),
        })?;
        Ok((url, answer))
    }

    /// What a refusal means, told by its `ErrorInfo` reason and status, never by its wording
    /// (docs/google-cloud-facts.md §1, "Errors").
    async fn refusal(
        &self,
        status: StatusCode,
        error: GoogleError,
        lifetime: Option<Lifetime>,
    ) -> AuthError {
        let account = self.target.account.clone();
        crate::ui::debug(&format!(
            "IAM Credentials answered {status}: {}",
            error.message
        ));
        if error.is("ACCESS_TOKEN_SCOPE_INSUFFICIENT") {
            return AuthError::CallerScopes {
                from: self.caller.source().to_string(),
            };
        }
        if error.is("SERVICE_DISABLED") {
            let project = error
                .metadata
                .get("consumer")
                .map(|c| c.trim_start_matches("projects/").to_owned());
            return AuthError::ApiDisabled { project };
        }
        let message = error.message;
        match status {
            StatusCode::NOT_FOUND => AuthError::NoSuchAccount { account, message },
            StatusCode::FORBIDDEN => AuthError::Denied {
                caller: self.caller_name().await,
                account,
                delegates: self.target.delegates.clone(),
                permission: error.metadata.get("permission").cloned(),
            },
            StatusCode::BAD_REQUEST if error.status.as_deref() == Some("FAILED_PRECONDITION") => {
                AuthError::Unusable { account, message }
            }
            StatusCode::UNAUTHORIZED => AuthError::CallerRejected {
                from: self.caller.source().to_string(),
                message,
            },
            StatusCode::BAD_REQUEST => AuthError::Invalid {
                account,
                message,
                long_lifetime: lifetime.is_some_and(|l| l.as_secs() > 3600),
            },
            s if s == StatusCode::TOO_MANY_REQUESTS || s.is_server_error() => {
                AuthError::Unavailable {
                    endpoint: self.endpoint.clone(),
                    status: s.as_u16(),
                    message,
                }
            }
            s => AuthError::Unexpected {
                url: self.endpoint.clone(),
                why: format!("it answered {s}: {message}"),
            },
        }
    }

    /// The caller's email, or where its identity came from when no email can be had.
    pub async fn caller_name(&self) -> String {
        match self.caller.email(&self.http).await {
            Some(email) => email,
            None => format!("the account from {}", self.caller.source()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Env, Gcloud};
    use std::sync::atomic::{AtomicU32, Ordering};

    /// An IAM Credentials stand-in that fails the first `failures` mints with `status`.
    async fn flaky_server(failures: u32, status: u16) -> (String, Arc<AtomicU32>) {
        use axum::routing::post;
        let calls = Arc::new(AtomicU32::new(0));
        let counter = Arc::clone(&calls);
        let app = axum::Router::new()
            .route(
                "/token",
                post(|| async { axum::Json(json!({"access_token": "caller", "expires_in": 3600, "token_type": "Bearer"})) }),
            )
            .route(
                "/v1/{*name}",
                post(move || {
                    let n = counter.fetch_add(1, Ordering::SeqCst);
                    async move {
                        if n < failures {
                            let code = axum::http::StatusCode::from_u16(status).unwrap();
                            (code, axum::Json(json!({"error": {"code": status, "message": "try later"}})))
                        } else {
                            let body = json!({"accessToken": "minted", "expireTime": "2030-01-01T00:00:00Z"});
                            (axum::http::StatusCode::OK, axum::Json(body))
                        }
                    }
                }),
            );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}/", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await });
        (base, calls)
    }

    fn minter_for(base: &str, dir: &std::path::Path) -> Minter {
        let adc = dir.join("adc.json");
        let creds = json!({"type": "authorized_user", "client_id": "c", "client_secret": "s",
                           "refresh_token": "r", "token_uri": format!("{base}token")});
        std::fs::write(&adc, creds.to_string()).unwrap();
        let env = Env::from_pairs([("GOOGLE_APPLICATION_CREDENTIALS", adc.to_str().unwrap())]);
        let caller = Caller::discover(&env, &Gcloud::load(&env)).unwrap();
        let target = Target {
            account: "sa@p.iam.gserviceaccount.com".parse().unwrap(),
            delegates: vec![],
            scopes: Scopes::default(),
            reason: "r".parse().unwrap(),
            session: SessionId::random(),
            id_token_refusal: None,
        };
        Minter::new(
            Arc::new(caller),
            Http::new().unwrap(),
            base.to_owned(),
            target,
        )
    }

    #[tokio::test]
    async fn transient_failures_are_retried_with_backoff() {
        let dir = tempfile::tempdir().unwrap();
        for status in [429, 503] {
            let (base, calls) = flaky_server(2, status).await;
            let token = minter_for(&base, dir.path())
                .mint(Lifetime::from_secs(60))
                .await
                .unwrap();
            assert_eq!(token.secret.expose(), "minted");
            assert_eq!(calls.load(Ordering::SeqCst), 3);
            let _ = std::fs::remove_file(dir.path().join("adc.json"));
        }
    }

    #[tokio::test]
    async fn retries_are_bounded_and_the_failure_says_so() {
        let dir = tempfile::tempdir().unwrap();
        let (base, calls) = flaky_server(u32::MAX, 500).await;
        let err = minter_for(&base, dir.path())
            .mint(Lifetime::from_secs(60))
            .await
            .unwrap_err();
        assert_eq!(calls.load(Ordering::SeqCst), crate::google::http::ATTEMPTS);
        assert_eq!(
            err.to_string(),
            format!("the IAM Credentials API at {base} kept failing (500: try later)")
        );
    }

    /// An IAM Credentials stand-in that refuses every mint with `status` and `body`.
    async fn refusing_server(status: u16, body: Value) -> String {
        use axum::routing::post;
        let app = axum::Router::new()
            .route(
                "/token",
                post(|| async { axum::Json(json!({"access_token": "caller", "expires_in": 3600, "token_type": "Bearer"})) }),
            )
            .route(
                "/v1/{*name}",
                post(move || {
                    let body = body.clone();
                    async move {
                        let code = axum::http::StatusCode::from_u16(status).unwrap();
                        (code, axum::Json(body))
                    }
                }),
            );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}/", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await });
        base
    }

    fn error_info(code: u16, status: &str, message: &str, reason: &str, metadata: Value) -> Value {
        json!({"error": {"code": code, "message": message, "status": status, "details": [
            {"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": reason,
             "domain": "googleapis.com", "metadata": metadata}
        ]}})
    }

    #[tokio::test]
    async fn refusals_are_told_apart_by_reason_and_status_not_wording() {
        let dir = tempfile::tempdir().unwrap();
        // The same words under every reason: only the reason may decide.
        let words = "Request had insufficient authentication scopes.";
        let cases = [
            (
                403,
                error_info(
                    403,
                    "PERMISSION_DENIED",
                    words,
                    "ACCESS_TOKEN_SCOPE_INSUFFICIENT",
                    json!({}),
                ),
                "CallerScopes",
            ),
            (
                403,
                error_info(
                    403,
                    "PERMISSION_DENIED",
                    words,
                    "SERVICE_DISABLED",
                    json!({"consumer": "projects/p9", "service": "iamcredentials.googleapis.com"}),
                ),
                "ApiDisabled",
            ),
            (
                403,
                error_info(
                    403,
                    "PERMISSION_DENIED",
                    words,
                    "IAM_PERMISSION_DENIED",
                    json!({"permission": "iam.serviceAccounts.getOpenIdToken"}),
                ),
                "Denied",
            ),
            (
                404,
                json!({"error": {"code": 404, "message": words, "status": "NOT_FOUND"}}),
                "NoSuchAccount",
            ),
            (
                400,
                json!({"error": {"code": 400, "message": "Precondition check failed.", "status": "FAILED_PRECONDITION"}}),
                "Unusable",
            ),
            (
                400,
                json!({"error": {"code": 400, "message": words, "status": "INVALID_ARGUMENT"}}),
                "Invalid",
            ),
        ];
        for (status, body, expected) in cases {
            let base = refusing_server(status, body).await;
            let err = minter_for(&base, dir.path())
                .mint(Lifetime::from_secs(60))
                .await
                .unwrap_err();
            let _ = std::fs::remove_file(dir.path().join("adc.json"));
            let kind = format!("{err:?}");
            assert!(kind.starts_with(expected), "{expected}: {kind}");
            let failure = crate::ui::Failure::from(err);
            match expected {
                "ApiDisabled" => {
                    assert!(
                        failure.message.contains("in project p9"),
                        "{}",
                        failure.message
                    );
                    assert_eq!(
                        failure.hint.as_deref(),
                        Some(
                            "Run `gcloud services enable iamcredentials.googleapis.com --project p9` (or ask someone who may), wait a minute, then try again."
                        )
                    );
                }
                "Denied" => {
                    assert!(
                        failure
                            .message
                            .contains("roles/iam.serviceAccountOpenIdTokenCreator"),
                        "{}",
                        failure.message
                    );
                }
                "Unusable" => {
                    assert!(
                        failure
                            .hint
                            .unwrap()
                            .contains("gcloud iam service-accounts enable")
                    );
                }
                _ => assert!(failure.hint.is_some() || expected == "Invalid"),
            }
        }
    }

    #[test]
    fn reason_header_is_tagged_with_the_session() {
        let target = Target {
            account: "sa@p.iam.gserviceaccount.com".parse().unwrap(),
            delegates: vec![],
            scopes: Scopes::default(),
            reason: "JIRA-1 fix".parse().unwrap(),
            session: SessionId::random(),
            id_token_refusal: None,
        };
        assert_eq!(
            target.reason_header(),
            format!("gsudo {}: JIRA-1 fix", target.session)
        );
    }
}
