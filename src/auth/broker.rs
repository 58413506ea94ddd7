//! The gsudo broker's wire protocol: what a client sends to `POST /v1/token` and what comes
//! back. The server (`crate::broker`) and the client's minting hook both speak it from here, so
//! the two cannot drift apart.

use google_cloud_auth::credentials::idtoken::{self, IDTokenCredentials};
use google_cloud_auth::credentials::{AccessTokenCredentials, external_account};
use reqwest::Method;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::source::Source;
use super::{AuthError, Caller, Target, Token};
use crate::config::{Env, Gcloud};
use crate::google::{CallFailure, Http, google_message, root_cause};
use crate::types::{Lifetime, Secret};

/// `POST /v1/token`: the access token a session asks the broker to mint for it.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TokenRequest {
    /// The service account's email.
    pub account: String,
    /// Why, as the user gave it with `-R`.
    pub reason: String,
    /// The token's life in seconds.
    pub lifetime: u64,
    /// Full scope URLs.
    #[serde(default)]
    pub scopes: Vec<String>,
    /// Delegation chain from the broker's identity to the account, by email.
    #[serde(default)]
    pub delegates: Vec<String>,
    /// The client's session id, which tags the mint in Google's audit logs.
    pub session: String,
    /// How long the client's session lasts in all, in seconds, as the client declares it.
    #[serde(default)]
    pub session_length: Option<u64>,
    /// The name of the command the session runs (no arguments), for the decision log.
    #[serde(default)]
    pub command: Option<String>,
}

/// `POST /v1/id-token`: an OpenID Connect ID token for the service account (Cloud Run, IAP).
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IdTokenRequest {
    pub account: String,
    /// Whom the ID token is for.
    pub audience: String,
    #[serde(default)]
    pub include_email: bool,
    pub reason: String,
    #[serde(default)]
    pub delegates: Vec<String>,
    pub session: String,
    #[serde(default)]
    pub session_length: Option<u64>,
}

/// A minted ID token. `Debug` is not derived: the token must never be printed.
#[derive(Serialize, Deserialize)]
pub struct IdTokenResponse {
    pub id_token: String,
    /// The policy rule that allowed it.
    pub rule: String,
}

/// `GET /v1/accounts`: what the caller may become, by the broker's policy.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Accounts {
    pub caller: String,
    pub accounts: Vec<AllowedAccount>,
}

/// One account pattern a rule lets the caller ask for.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct AllowedAccount {
    /// A glob over service-account emails.
    pub account: String,
    pub rule: String,
}

/// A minted access token. `Debug` is not derived: the token must never be printed.
#[derive(Serialize, Deserialize)]
pub struct TokenResponse {
    pub access_token: String,
    /// RFC 3339.
    pub expire_time: String,
    /// The policy rule that allowed it.
    pub rule: String,
}

/// Every answer that is not a success: a stable machine-readable `code`, one sentence, and the
/// policy rule when one decided.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ErrorBody {
    pub error: BrokerError,
}

/// The inside of an [`ErrorBody`].
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct BrokerError {
    pub code: String,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
}

/// Mints through an organization's broker instead of the IAM Credentials API: the caller
/// proves who it is with an ID token for the broker's audience, from its own credentials.
pub struct BrokerClient {
    /// The broker's base URL, ending in `/`.
    url: String,
    ids: IdTokens,
    http: Http,
    session_length: Lifetime,
    /// The name of the command the session runs, for the broker's decision log.
    command: Option<String>,
}

impl std::fmt::Debug for BrokerClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BrokerClient")
            .field("url", &self.url)
            .finish_non_exhaustive()
    }
}

/// Where the caller's ID tokens come from: google-cloud-auth for ADC files and the metadata
/// server, `gcloud auth print-identity-token` for gcloud's logged-in account, and the
/// impersonated service account's `generateIdToken` for a federated identity.
enum IdTokens {
    Library(IDTokenCredentials),
    Gcloud { env: Env, service_account: bool },
    Federated(Federated),
}

/// An `external_account` (workload identity federation) caller: Google issues ID tokens to
/// no federated principal, so the broker is shown the ID token of the service account the
/// file impersonates, minted with the federated token from STS (as google-auth's Python
/// `impersonated_credentials.IDTokenCredentials` does with an external account's source).
struct Federated {
    /// The STS exchange alone: the file without its impersonation.
    sts: AccessTokenCredentials,
    /// The service account's `:generateIdToken`.
    url: String,
    /// The last ID token and when it expires (Unix seconds); one lives an hour.
    cached: tokio::sync::Mutex<Option<(Secret, i64)>>,
}

impl BrokerClient {
    /// A client for the broker at `url`, proving itself as `caller`.
    pub fn new(
        url: &str,
        caller: &Caller,
        http: Http,
        env: &Env,
        gcloud: &Gcloud,
        session_length: Lifetime,
    ) -> Result<Self, AuthError> {
        let url = if url.ends_with('/') {
            url.to_owned()
        } else {
            format!("{url}/")
        };
        // Cloud Run checks that an ID token is for the service's URL; so does the broker.
        let audience = url.trim_end_matches('/').to_owned();
        let ids = id_tokens(caller.source(), &audience, env, gcloud)?;
        Ok(Self {
            url,
            ids,
            http,
            session_length,
            command: None,
        })
    }

    /// The same client, telling the broker the name of the command the session runs.
    pub fn for_command(mut self, command: Option<String>) -> Self {
        self.command = command;
        self
    }

    /// The broker's URL, for `whoami` and the session log.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Asks the broker for an access token for `target`, living `lifetime`.
    pub async fn mint(&self, target: &Target, lifetime: Lifetime) -> Result<Token, AuthError> {
        let body = TokenRequest {
            account: target.account.to_string(),
            reason: target.reason.to_string(),
            lifetime: lifetime.as_secs(),
            scopes: target.scopes.as_slice().to_vec(),
            delegates: target.delegates.iter().map(ToString::to_string).collect(),
            session: target.session.to_string(),
            session_length: Some(self.session_length.as_secs()),
            command: self.command.clone(),
        };
        let (url, minted): (_, TokenResponse) = self.call("v1/token", Some(&body)).await?;
        let expires_at = OffsetDateTime::parse(&minted.expire_time, &Rfc3339).map_err(|_| {
            AuthError::Unexpected {
                url,
                why: "its expire_time is not a timestamp".into(),
            }
        })?;
        Ok(Token {
            secret: Secret::new(minted.access_token),
            expires_at,
        })
    }

    /// Asks the broker for an ID token of `target`'s account for `audience`.
    pub async fn id_token(
        &self,
        target: &Target,
        audience: &str,
        include_email: bool,
    ) -> Result<Secret, AuthError> {
        let body = IdTokenRequest {
            account: target.account.to_string(),
            audience: audience.to_owned(),
            include_email,
            reason: target.reason.to_string(),
            delegates: target.delegates.iter().map(ToString::to_string).collect(),
            session: target.session.to_string(),
            session_length: Some(self.session_length.as_secs()),
        };
        let (_, minted): (_, IdTokenResponse) = self.call("v1/id-token", Some(&body)).await?;
        Ok(Secret::new(minted.id_token))
    }

    /// What the broker's policy lets the caller become (`GET /v1/accounts`).
    pub async fn accounts(&self) -> Result<Accounts, AuthError> {
        let (_, accounts) = self.call("v1/accounts", None::<&()>).await?;
        Ok(accounts)
    }

    /// POSTs `body` (GETs without one) to the broker's `path` with the caller's ID token; the
    /// URL and the answer.
    async fn call<T: DeserializeOwned>(
        &self,
        path: &str,
        body: Option<&impl Serialize>,
    ) -> Result<(String, T), AuthError> {
        let id_token = self.id_token_for_broker().await?;
        let url = format!("{}{path}", self.url);
        let response = self
            .http
            .send_retrying(|| {
                let request = match body {
                    Some(body) => self.http.request(Method::POST, &url).json(body),
                    None => self.http.request(Method::GET, &url),
                };
                request.bearer_auth(id_token.expose())
            })
            .await
            .map_err(|e| AuthError::BrokerUnreachable {
                url: self.url.clone(),
                why: root_cause(&e),
            })?;
        let status = response.status();
        let text = response.text().await.unwrap_or_default();
        if !status.is_success() {
            return Err(match serde_json::from_str::<ErrorBody>(&text) {
                Ok(body) => AuthError::Broker {
                    url: self.url.clone(),
                    code: body.error.code,
                    message: body.error.message,
                    rule: body.error.rule,
                },
                Err(_) => AuthError::Unexpected {
                    url,
                    why: format!("it answered {status}: {}", google_message(text)),
                },
            });
        }
        match serde_json::from_str(&text) {
            Ok(answer) => Ok((url, answer)),
            Err(_) => Err(AuthError::Unexpected {
                url,
                why: "its answer is not what gsudo asked for".into(),
            }),
        }
    }

    /// The caller's own ID token, for the broker's audience.
    async fn id_token_for_broker(&self) -> Result<Secret, AuthError> {
        let failed = |why: String| {
            AuthError::Source(format!(
                "gsudo could not get your identity token for the broker at {}: {why}",
                self.url
            ))
        };
        match &self.ids {
            IdTokens::Library(credentials) => credentials
                .id_token()
                .await
                .map(Secret::new)
                .map_err(|e| failed(root_cause(&e))),
            IdTokens::Gcloud {
                env,
                service_account,
            } => {
                let mut command = tokio::process::Command::new("gcloud");
                command
                    .args(["auth", "print-identity-token"])
                    .env_clear()
                    .envs(env.iter())
                    .stdin(std::process::Stdio::null())
                    .stderr(std::process::Stdio::piped());
                // Only a service account may name the audience; a user's token is for gcloud's
                // own OAuth client, an audience the broker is told to accept.
                if *service_account {
                    command.arg(format!("--audiences={}", self.url.trim_end_matches('/')));
                    command.arg("--include-email");
                }
                let out = command.output().await.map_err(|e| failed(e.to_string()))?;
                let token = String::from_utf8_lossy(&out.stdout).trim().to_owned();
                if !out.status.success() || token.is_empty() {
                    let stderr = String::from_utf8_lossy(&out.stderr);
                    return Err(failed(
                        stderr.lines().last().unwrap_or("gcloud failed").into(),
                    ));
                }
                Ok(Secret::new(token))
            }
            IdTokens::Federated(federated) => federated
                .id_token(&self.http, self.url.trim_end_matches('/'))
                .await
                .map_err(|why| AuthError::FederatedIdToken {
                    url: self.url.clone(),
                    why,
                }),
        }
    }
}

impl Federated {
    /// How long before its `exp` a cached ID token is replaced.
    const MARGIN: i64 = 300;

    fn new(json: &serde_json::Value, impersonation_url: &str) -> Result<Self, String> {
        let url = impersonation_url
            .strip_suffix(":generateAccessToken")
            .map(|base| format!("{base}:generateIdToken"))
            .ok_or_else(|| {
                format!("its service_account_impersonation_url {impersonation_url} does not end in :generateAccessToken")
            })?;
        let mut federated = json.clone();
        if let Some(fields) = federated.as_object_mut() {
            fields.remove("service_account_impersonation_url");
            fields.remove("service_account_impersonation");
        }
        let sts = external_account::Builder::new(federated)
            .with_scopes(["https://www.googleapis.com/auth/cloud-platform"])
            .build_access_token_credentials()
            .map_err(|e| root_cause(&e))?;
        Ok(Self {
            sts,
            url,
            cached: tokio::sync::Mutex::default(),
        })
    }

    /// The service account's ID token for `audience`, with its email in it.
    async fn id_token(&self, http: &Http, audience: &str) -> Result<Secret, String> {
        let mut cached = self.cached.lock().await;
        let now = OffsetDateTime::now_utc().unix_timestamp();
        if let Some((token, exp)) = cached.as_ref()
            && now < exp - Self::MARGIN
        {
            return Ok(token.clone());
        }
        let federated = self.sts.access_token().await.map_err(|e| {
            format!(
                "the security token service refused the federated identity: {}",
                root_cause(&e)
            )
        })?;
        let body = serde_json::json!({"audience": audience, "includeEmail": true});
        let answer: serde_json::Value = http
            .call_json(|| {
                http.request(Method::POST, &self.url)
                    .bearer_auth(&federated.token)
                    .json(&body)
            })
            .await
            .map_err(|e| match e {
                CallFailure::Unreachable(why) | CallFailure::Malformed(why) => {
                    format!("{}: {why}", self.url)
                }
                CallFailure::Refused { status, message } => {
                    format!("{} answered {status}: {message}", self.url)
                }
            })?;
        let token = answer["token"]
            .as_str()
            .filter(|t| !t.is_empty())
            .ok_or_else(|| format!("{} answered without a token", self.url))?;
        let exp = jwt_exp(token).unwrap_or(now + 3600);
        let token = Secret::new(token.to_owned());
        *cached = Some((token.clone(), exp));
        Ok(token)
    }
}

/// The `exp` claim of a JWT, read without verifying it (only to know when to ask again).
fn jwt_exp(token: &str) -> Option<i64> {
    use base64::Engine as _;
    let payload = token.split('.').nth(1)?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload)
        .ok()?;
    serde_json::from_slice::<serde_json::Value>(&bytes)
        .ok()?
        .get("exp")?
        .as_i64()
}

fn id_tokens(
    source: &Source,
    audience: &str,
    env: &Env,
    gcloud: &Gcloud,
) -> Result<IdTokens, AuthError> {
    let unusable = |why: String| {
        AuthError::Source(format!(
            "your credentials ({source}) cannot prove who you are to a broker: {why}"
        ))
    };
    let credentials = match source {
        Source::AdcFile { path, kind, .. } => {
            let text = std::fs::read_to_string(path).map_err(|e| unusable(e.to_string()))?;
            let json: serde_json::Value =
                serde_json::from_str(&text).map_err(|e| unusable(e.to_string()))?;
            match kind.as_str() {
                "authorized_user" => idtoken::user_account::Builder::new(json).build(),
                "service_account" => idtoken::service_account::Builder::new(audience, json).build(),
                "impersonated_service_account" => {
                    idtoken::impersonated::Builder::new(audience, json)
                        .with_include_email()
                        .build()
                }
                "external_account" => {
                    let Some(url) = json["service_account_impersonation_url"]
                        .as_str()
                        .filter(|u| !u.is_empty())
                    else {
                        return Err(AuthError::FederatedWithoutAccount {
                            from: source.to_string(),
                        });
                    };
                    return Federated::new(&json, url)
                        .map(IdTokens::Federated)
                        .map_err(unusable);
                }
                other => {
                    return Err(unusable(format!(
                        "Google gives no ID tokens for {other} credentials; use a service account's"
                    )));
                }
            }
        }
        Source::MetadataServer { host } => idtoken::mds::Builder::new(audience)
            .with_endpoint(format!("http://{host}"))
            .with_format(idtoken::mds::Format::Full)
            .build(),
        Source::Gcloud { .. } => {
            let service_account = gcloud
                .account()
                .is_some_and(|a| a.ends_with(".gserviceaccount.com"));
            return Ok(IdTokens::Gcloud {
                env: env.clone(),
                service_account,
            });
        }
    };
    credentials
        .map(IdTokens::Library)
        .map_err(|e| unusable(root_cause(&e)))
}
