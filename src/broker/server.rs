//! The broker's HTTP API: `POST /v1/token` and `GET /healthz`.
//!
//! Each request proves its caller with an ID token, passes the caller's rate limit and the
//! policy, and is minted with the broker's own credentials. Every answer that is not a token is
//! a JSON error with a stable `code` and one sentence; every decision is logged.

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::limit::Limiter;
use super::log::{DecisionLog, Entry, Fields};
use super::policy::{Ask, Decision, Policy};
use super::verify::{Identity, Verifier};
use crate::auth::broker::{
    Accounts, AllowedAccount, BrokerError, ErrorBody, IdTokenRequest, TokenRequest,
};
use crate::auth::{AuthError, Caller, Minter, Target};
use crate::google::Http;
use crate::types::{Lifetime, Reason, Scopes, ServiceAccount, rfc3339};

/// Requests are small JSON documents; anything larger is refused unread.
pub const MAX_BODY: usize = 16 * 1024;

/// How long one mint may take in all, retries included.
const MINT_TIMEOUT: Duration = Duration::from_secs(30);

/// Google's ceiling on an access token's life (12h, with the organization policy).
const MAX_LIFETIME: u64 = 12 * 3600;

/// The broker's own credentials and where it mints with them.
pub struct Minting {
    pub caller: Arc<Caller>,
    pub http: Http,
    /// The IAM Credentials base URL, ending in `/`.
    pub endpoint: String,
}

/// Everything a request needs, shared by all of them.
pub struct Broker {
    pub policy: Policy,
    pub verifier: Verifier,
    pub minting: Minting,
    pub log: DecisionLog,
    pub limiter: Limiter,
}

/// The routes, for `serve` and tests.
pub fn router(broker: Arc<Broker>) -> Router {
    Router::new()
        .route("/healthz", get(|| async { "ok\n" }))
        .route("/v1/token", post(handle::<TokenRequest>))
        .route("/v1/id-token", post(handle::<IdTokenRequest>))
        .route("/v1/accounts", get(accounts))
        .fallback(|| async {
            refusal(
                StatusCode::NOT_FOUND,
                "not_found",
                "The broker has no such endpoint",
                None,
            )
        })
        .with_state(broker)
}

/// One refusal or error, as the client receives it.
fn refusal(status: StatusCode, code: &str, message: &str, rule: Option<&str>) -> Response {
    let body = ErrorBody {
        error: BrokerError {
            code: code.to_owned(),
            message: crate::ui::sentence(message),
            rule: rule.map(str::to_owned),
        },
    };
    (status, axum::Json(body)).into_response()
}

/// What the handler learnt, for the log line and the answer alike.
struct Outcome<'a> {
    status: StatusCode,
    code: &'a str,
    message: String,
    rule: Option<String>,
    retry_after: Option<Duration>,
}

/// A kind of request the broker mints for: `POST /v1/token` and `POST /v1/id-token`.
trait Mint: DeserializeOwned {
    const ENDPOINT: &'static str;

    /// Checks the request, normalises what the policy judges (scopes expanded, the reason
    /// trimmed), and makes the target to mint for on `caller`'s behalf; the sentence says
    /// what is wrong.
    fn target(&mut self, caller: &str) -> Result<Target, String>;

    fn ask(&self) -> Ask<'_>;

    /// What was given, for the decision log's message.
    fn given(&self, caller: &str) -> String;

    /// The fields the decision log records.
    fn fields(&self) -> Fields<'_>;

    /// Whom a minted ID token would be for; `None` for access tokens.
    fn audience(&self) -> Option<&str> {
        None
    }

    /// Mints with the broker's identity; the answer's JSON, less the rule.
    async fn mint(&self, target: Minter) -> Result<Value, AuthError>;
}

/// The user's reason as the policy judges it: checked like gsudo's `-R`, and trimmed.
fn checked_reason(reason: &str) -> Result<String, String> {
    reason
        .parse::<Reason>()
        .map(|r| r.to_string())
        .map_err(|e| format!("The reason is not valid: {e}"))
}

/// The request's common fields, checked: the target to mint for, whose reason names the caller.
fn target(
    account: &str,
    reason: &str,
    delegates: &[String],
    scopes: Option<&[String]>,
    session: &str,
    caller: &str,
) -> Result<Target, String> {
    let delegates = delegates
        .iter()
        .map(|d| d.parse::<ServiceAccount>())
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| format!("A delegate is not valid: {e}"))?;
    let scopes = match scopes {
        Some(scopes) if !scopes.is_empty() => scopes
            .join(",")
            .parse::<Scopes>()
            .map_err(|e| format!("The scopes are not valid: {e}"))?,
        _ => Scopes::default(),
    };
    Ok(Target {
        account: account
            .parse()
            .map_err(|e| format!("The account is not valid: {e}"))?,
        delegates,
        scopes,
        reason: format!("{} (via broker for {caller})", reason.trim())
            .parse()
            .map_err(|e| format!("The reason is not valid: {e}"))?,
        session: session
            .parse()
            .map_err(|e| format!("The session is not valid: {e}"))?,
        // The broker's own policy decides on ID tokens, before it mints.
        id_token_refusal: None,
    })
}

impl Mint for TokenRequest {
    const ENDPOINT: &'static str = "/v1/token";

    fn target(&mut self, caller: &str) -> Result<Target, String> {
        if !(1..=MAX_LIFETIME).contains(&self.lifetime) {
            return Err(format!("The lifetime must be 1 to {MAX_LIFETIME} seconds"));
        }
        self.reason = checked_reason(&self.reason)?;
        let target = target(
            &self.account,
            &self.reason,
            &self.delegates,
            Some(&self.scopes),
            &self.session,
            caller,
        )?;
        self.scopes = target.scopes.as_slice().to_vec();
        Ok(target)
    }

    fn ask(&self) -> Ask<'_> {
        self.into()
    }

    fn given(&self, caller: &str) -> String {
        format!("{caller} became {} for {}s", self.account, self.lifetime)
    }

    fn fields(&self) -> Fields<'_> {
        Fields {
            account: Some(&self.account),
            reason: Some(&self.reason),
            session: Some(&self.session),
            lifetime: Some(self.lifetime),
            scopes: Some(&self.scopes),
            delegates: Some(&self.delegates),
            command: self.command.as_deref(),
        }
    }

    async fn mint(&self, minter: Minter) -> Result<Value, AuthError> {
        let token = minter.mint(Lifetime::from_secs(self.lifetime)).await?;
        Ok(serde_json::json!({
            "access_token": token.secret.expose(),
            "expire_time": rfc3339(token.expires_at),
        }))
    }
}

impl Mint for IdTokenRequest {
    const ENDPOINT: &'static str = "/v1/id-token";

    fn target(&mut self, caller: &str) -> Result<Target, String> {
        if self.audience.trim().is_empty() || self.audience.len() > 2048 {
            return Err("The audience must be given, in at most 2048 bytes".into());
        }
        self.reason = checked_reason(&self.reason)?;
        target(
            &self.account,
            &self.reason,
            &self.delegates,
            None,
            &self.session,
            caller,
        )
    }

    fn ask(&self) -> Ask<'_> {
        self.into()
    }

    fn given(&self, caller: &str) -> String {
        format!(
            "{caller} got an ID token of {} for {}",
            self.account, self.audience
        )
    }

    fn fields(&self) -> Fields<'_> {
        Fields {
            account: Some(&self.account),
            reason: Some(&self.reason),
            session: Some(&self.session),
            delegates: Some(&self.delegates),
            ..Fields::default()
        }
    }

    fn audience(&self) -> Option<&str> {
        Some(&self.audience)
    }

    async fn mint(&self, minter: Minter) -> Result<Value, AuthError> {
        let token = minter.id_token(&self.audience, self.include_email).await?;
        Ok(serde_json::json!({"id_token": token.expose()}))
    }
}

/// Verify, limit, read, decide, mint, log: the flow of every minting endpoint.
async fn handle<M: Mint>(State(broker): State<Arc<Broker>>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let trace = trace_id(&parts.headers);
    let entry = |decision, outcome: &Outcome<'_>, caller: Option<&str>, req: Option<&M>| {
        broker.log.record(&Entry {
            decision,
            code: outcome.code,
            message: &outcome.message,
            endpoint: M::ENDPOINT,
            caller,
            request: req.map(M::fields),
            rule: outcome.rule.as_deref(),
            trace: trace.as_deref(),
        });
    };

    let identity = match authenticate(&broker.verifier, &parts.headers).await {
        Ok(identity) => identity,
        Err(outcome) => {
            entry("refuse", &outcome, None, None);
            return answer(outcome);
        }
    };
    let caller = identity.email.as_str();
    if let Err(wait) = broker.limiter.take(caller) {
        let outcome = Outcome {
            status: StatusCode::TOO_MANY_REQUESTS,
            code: "rate_limited",
            message: format!("{caller} asked the broker for too many tokens; wait and ask again"),
            rule: None,
            retry_after: Some(wait),
        };
        entry("refuse", &outcome, Some(caller), None);
        return answer(outcome);
    }
    let (request, target) = match read_request::<M>(body, caller).await {
        Ok(parsed) => parsed,
        Err(outcome) => {
            entry("refuse", &outcome, Some(caller), None);
            return answer(outcome);
        }
    };
    // An account's ID token for this broker would let whoever holds it (a session's processes)
    // call the broker as the account, with the account's rules instead of the person's.
    if let Some(audience) = request.audience()
        && broker.verifier.accepts_audience(audience)
    {
        let outcome = bad(
            StatusCode::FORBIDDEN,
            "audience",
            format!(
                "The broker mints no ID token for its own audience {audience}: that would let the account call the broker"
            ),
        );
        entry("refuse", &outcome, Some(caller), Some(&request));
        return answer(outcome);
    }
    let rule = match broker
        .policy
        .decide(caller, &request.ask(), jiff::Timestamp::now())
    {
        Decision::Allow { rule } => rule,
        Decision::Refuse(r) => {
            let outcome = Outcome {
                status: StatusCode::FORBIDDEN,
                code: r.code,
                message: r.message,
                rule: r.rule,
                retry_after: None,
            };
            entry("refuse", &outcome, Some(caller), Some(&request));
            return answer(outcome);
        }
    };
    let minter = Minter::new(
        Arc::clone(&broker.minting.caller),
        broker.minting.http.clone(),
        broker.minting.endpoint.clone(),
        target,
    );
    let minted = match tokio::time::timeout(MINT_TIMEOUT, request.mint(minter)).await {
        Ok(Ok(answer)) => Ok(answer),
        Ok(Err(e)) => {
            let status = match e {
                AuthError::Invalid { .. } => StatusCode::BAD_REQUEST,
                _ => StatusCode::BAD_GATEWAY,
            };
            Err(bad(
                status,
                "mint_failed",
                format!("The broker could not mint: {e}"),
            ))
        }
        Err(_) => Err(bad(
            StatusCode::GATEWAY_TIMEOUT,
            "timeout",
            format!(
                "The IAM Credentials API did not answer the broker within {}s",
                MINT_TIMEOUT.as_secs()
            ),
        )),
    };
    match minted {
        Ok(mut answer) => {
            let outcome = Outcome {
                status: StatusCode::OK,
                code: "ok",
                message: format!("{} (rule {rule})", request.given(caller)),
                rule: Some(rule.clone()),
                retry_after: None,
            };
            entry("allow", &outcome, Some(caller), Some(&request));
            answer["rule"] = Value::String(rule);
            axum::Json(answer).into_response()
        }
        Err(mut outcome) => {
            outcome.rule = Some(rule);
            entry("error", &outcome, Some(caller), Some(&request));
            answer(outcome)
        }
    }
}

fn bad(status: StatusCode, code: &'static str, message: String) -> Outcome<'static> {
    Outcome {
        status,
        code,
        message,
        rule: None,
        retry_after: None,
    }
}

/// `GET /v1/accounts`: the accounts (globs) this caller may ask for, and the rule of each; what
/// `gsudo list` shows through a broker.
async fn accounts(State(broker): State<Arc<Broker>>, headers: HeaderMap) -> Response {
    let identity = match authenticate(&broker.verifier, &headers).await {
        Ok(identity) => identity,
        Err(outcome) => return answer(outcome),
    };
    let accounts = broker
        .policy
        .accounts_for(&identity.email)
        .into_iter()
        .map(|(account, rule)| AllowedAccount {
            account: account.to_owned(),
            rule: rule.to_owned(),
        })
        .collect();
    axum::Json(Accounts {
        caller: identity.email,
        accounts,
    })
    .into_response()
}

fn answer(outcome: Outcome<'_>) -> Response {
    let mut response = refusal(
        outcome.status,
        outcome.code,
        &outcome.message,
        outcome.rule.as_deref(),
    );
    if let Some(wait) = outcome.retry_after {
        // Whole seconds, rounded up: a client that waits what it is told is let in.
        let secs = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
        if let Ok(value) = HeaderValue::from_str(&secs.max(1).to_string()) {
            response.headers_mut().insert(header::RETRY_AFTER, value);
        }
    }
    response
}

/// The caller, from the ID token in `Authorization: Bearer` and nothing else.
async fn authenticate(
    verifier: &Verifier,
    headers: &HeaderMap,
) -> Result<Identity, Outcome<'static>> {
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .unwrap_or_default();
    let result = if token.is_empty() {
        Err(super::verify::VerifyError::Missing)
    } else {
        verifier.verify(token).await
    };
    result.map_err(|e| {
        if e.is_internal() {
            Outcome {
                status: StatusCode::SERVICE_UNAVAILABLE,
                code: "unavailable",
                message: format!("The broker cannot verify callers now: {e}"),
                rule: None,
                retry_after: None,
            }
        } else {
            Outcome {
                status: StatusCode::UNAUTHORIZED,
                code: "unauthenticated",
                message: format!("The broker refused your identity token: {e}"),
                rule: None,
                retry_after: None,
            }
        }
    })
}

/// The request, parsed and checked, and the target to mint for `caller`.
async fn read_request<M: Mint>(
    body: axum::body::Body,
    caller: &str,
) -> Result<(M, Target), Outcome<'static>> {
    let bytes: Bytes = axum::body::to_bytes(body, MAX_BODY).await.map_err(|_| {
        bad(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too_large",
            format!("The request is larger than {MAX_BODY} bytes"),
        )
    })?;
    let mut request: M = serde_json::from_slice(&bytes).map_err(|e| {
        bad(
            StatusCode::BAD_REQUEST,
            "bad_request",
            format!("The request is not valid for {}: {e}", M::ENDPOINT),
        )
    })?;
    let target = request
        .target(caller)
        .map_err(|message| bad(StatusCode::BAD_REQUEST, "bad_request", message))?;
    Ok((request, target))
}

/// The trace id of `X-Cloud-Trace-Context: TRACE_ID/SPAN_ID;o=1`, which Google's front ends
/// add; it only links log lines, so it is safe to take from the request.
fn trace_id(headers: &HeaderMap) -> Option<String> {
    let value = headers.get("x-cloud-trace-context")?.to_str().ok()?;
    let id = value.split('/').next()?;
    (!id.is_empty() && id.len() <= 64 && id.bytes().all(|b| b.is_ascii_hexdigit()))
        .then(|| id.to_owned())
}
