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
use serde_json::Value;

use super::limit::Limiter;
use super::log::{DecisionLog, Entry};
use super::policy::{Decision, Policy};
use super::verify::{Identity, Verifier};
use crate::auth::broker::{BrokerError, ErrorBody, TokenRequest, TokenResponse};
use crate::auth::{AuthError, Caller, Http, Minter, Target};
use crate::types::{Lifetime, Reason, Scopes, ServiceAccount, SessionId, rfc3339};

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
        .route("/v1/token", post(token))
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
            message: crate::auth::sentence(message),
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

async fn token(State(broker): State<Arc<Broker>>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let trace = trace_id(&parts.headers);
    let entry = |decision, outcome: &Outcome<'_>, caller: Option<&str>, req: Option<&Value>| {
        broker.log.record(&Entry {
            decision,
            code: outcome.code,
            message: &outcome.message,
            endpoint: "/v1/token",
            caller,
            request: req,
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
    let (request, raw) = match read_request(body).await {
        Ok(parsed) => parsed,
        Err(outcome) => {
            entry("refuse", &outcome, Some(caller), None);
            return answer(outcome);
        }
    };
    match broker
        .policy
        .decide(caller, &request, jiff::Timestamp::now())
    {
        Decision::Refuse(r) => {
            let outcome = Outcome {
                status: StatusCode::FORBIDDEN,
                code: r.code,
                message: r.message,
                rule: r.rule,
                retry_after: None,
            };
            entry("refuse", &outcome, Some(caller), Some(&raw));
            answer(outcome)
        }
        Decision::Allow { rule } => match mint(&broker.minting, caller, &request).await {
            Ok((token, expire_time)) => {
                let outcome = Outcome {
                    status: StatusCode::OK,
                    code: "ok",
                    message: format!(
                        "{caller} became {} for {}s (rule {rule})",
                        request.account, request.lifetime
                    ),
                    rule: Some(rule.clone()),
                    retry_after: None,
                };
                entry("allow", &outcome, Some(caller), Some(&raw));
                axum::Json(TokenResponse {
                    access_token: token,
                    expire_time,
                    rule,
                })
                .into_response()
            }
            Err(mut outcome) => {
                outcome.rule = Some(rule);
                entry("error", &outcome, Some(caller), Some(&raw));
                answer(outcome)
            }
        },
    }
}

/// `GET /v1/accounts`: the accounts (globs) this caller may ask for, and the rule of each; what
/// `gsudo list` shows through a broker.
async fn accounts(State(broker): State<Arc<Broker>>, headers: HeaderMap) -> Response {
    let identity = match authenticate(&broker.verifier, &headers).await {
        Ok(identity) => identity,
        Err(outcome) => return answer(outcome),
    };
    let accounts: Vec<Value> = broker
        .policy
        .accounts_for(&identity.email)
        .into_iter()
        .map(|(account, rule)| serde_json::json!({"account": account, "rule": rule}))
        .collect();
    axum::Json(serde_json::json!({"caller": identity.email, "accounts": accounts})).into_response()
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

/// The request, parsed and checked; also as JSON for the log (it holds no secret).
async fn read_request(body: axum::body::Body) -> Result<(TokenRequest, Value), Outcome<'static>> {
    let bad = |status, code, message: String| Outcome {
        status,
        code,
        message,
        rule: None,
        retry_after: None,
    };
    let bytes: Bytes = axum::body::to_bytes(body, MAX_BODY).await.map_err(|_| {
        bad(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too_large",
            format!("The request is larger than {MAX_BODY} bytes"),
        )
    })?;
    let mut request: TokenRequest = serde_json::from_slice(&bytes).map_err(|e| {
        bad(
            StatusCode::BAD_REQUEST,
            "bad_request",
            format!("The request is not a token request: {e}"),
        )
    })?;
    let invalid = |what: String| bad(StatusCode::BAD_REQUEST, "bad_request", what);
    request
        .account
        .parse::<ServiceAccount>()
        .map_err(|e| invalid(format!("The account is not valid: {e}")))?;
    request
        .reason
        .parse::<Reason>()
        .map_err(|e| invalid(format!("The reason is not valid: {e}")))?;
    request
        .session
        .parse::<SessionId>()
        .map_err(|e| invalid(format!("The session is not valid: {e}")))?;
    if !(1..=MAX_LIFETIME).contains(&request.lifetime) {
        return Err(invalid(format!(
            "The lifetime must be 1 to {MAX_LIFETIME} seconds"
        )));
    }
    // The policy judges the scopes that will be minted: defaults filled in, short names
    // expanded.
    request.scopes = if request.scopes.is_empty() {
        Scopes::default().as_slice().to_vec()
    } else {
        request
            .scopes
            .join(",")
            .parse::<Scopes>()
            .map_err(|e| invalid(format!("The scopes are not valid: {e}")))?
            .as_slice()
            .to_vec()
    };
    request.reason = request.reason.trim().to_owned();
    let raw = serde_json::to_value(&request).unwrap_or(Value::Null);
    Ok((request, raw))
}

/// Mints with the broker's identity; the reason Google records names the human too.
async fn mint(
    minting: &Minting,
    caller: &str,
    request: &TokenRequest,
) -> Result<(String, String), Outcome<'static>> {
    let failed = |status, code, message: String| Outcome {
        status,
        code,
        message,
        rule: None,
        retry_after: None,
    };
    let invalid = |e: String| failed(StatusCode::BAD_REQUEST, "bad_request", e);
    let reason: Reason = format!("{} (via broker for {caller})", request.reason)
        .parse()
        .map_err(|e| invalid(format!("The reason is not valid: {e}")))?;
    let delegates = request
        .delegates
        .iter()
        .map(|d| d.parse::<ServiceAccount>())
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| invalid(format!("A delegate is not valid: {e}")))?;
    let target = Target {
        account: request.account.parse().map_err(invalid)?,
        delegates,
        scopes: request.scopes.join(",").parse().map_err(invalid)?,
        reason,
        session: request.session.parse().map_err(invalid)?,
    };
    let minter = Minter::new(
        Arc::clone(&minting.caller),
        minting.http.clone(),
        minting.endpoint.clone(),
        target,
    );
    let lifetime = Lifetime::from_secs(request.lifetime);
    match tokio::time::timeout(MINT_TIMEOUT, minter.mint(lifetime)).await {
        Ok(Ok(token)) => Ok((token.secret.expose().to_owned(), rfc3339(token.expires_at))),
        Ok(Err(e)) => {
            let status = match e {
                AuthError::Invalid { .. } => StatusCode::BAD_REQUEST,
                _ => StatusCode::BAD_GATEWAY,
            };
            Err(failed(
                status,
                "mint_failed",
                format!("The broker could not mint: {e}"),
            ))
        }
        Err(_) => Err(failed(
            StatusCode::GATEWAY_TIMEOUT,
            "timeout",
            format!(
                "The IAM Credentials API did not answer the broker within {}s",
                MINT_TIMEOUT.as_secs()
            ),
        )),
    }
}

/// The trace id of `X-Cloud-Trace-Context: TRACE_ID/SPAN_ID;o=1`, which Google's front ends
/// add; it only links log lines, so it is safe to take from the request.
fn trace_id(headers: &HeaderMap) -> Option<String> {
    let value = headers.get("x-cloud-trace-context")?.to_str().ok()?;
    let id = value.split('/').next()?;
    (!id.is_empty() && id.len() <= 64 && id.bytes().all(|b| b.is_ascii_hexdigit()))
        .then(|| id.to_owned())
}
