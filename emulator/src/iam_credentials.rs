//! The IAM Service Account Credentials API (iamcredentials.googleapis.com/v1): minting
//! access and ID tokens for service accounts and signing with their keys.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{ConnectInfo, Path, State as AxumState};
use axum::http::HeaderMap;
use axum::response::{IntoResponse as _, Response};
use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, URL_SAFE};
use serde::Deserialize;
use serde_json::{Value, json};
use time::format_description::well_known::Rfc3339;
use time::{Duration, OffsetDateTime};

use super::audit::Code;
use super::call::{Call, Refusal, State, authenticate, parse};
use super::tokens::{Grant, expiry_after};
use super::world::{Member, ServiceAccount};

const SERVICE: &str = "iamcredentials.googleapis.com";

/// The scope this API accepts besides cloud-platform, as on the real one.
const IAM_SCOPE: &str = "https://www.googleapis.com/auth/iam";

/// The prefix of a service account resource name; `-` is the only project the API accepts.
const NAME_PREFIX: &str = "projects/-/serviceAccounts/";

const DEFAULT_LIFETIME: Duration = Duration::hours(1);
const MAX_LIFETIME: Duration = Duration::hours(1);
/// The ceiling under the `iam.allowServiceAccountCredentialLifetimeExtension` org policy.
const MAX_EXTENDED_LIFETIME: Duration = Duration::hours(12);
const ID_TOKEN_LIFETIME: Duration = Duration::hours(1);

/// The API's methods; over gRPC, `/google.iam.credentials.v1.IAMCredentials/{audit_name}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Method {
    GenerateAccessToken,
    GenerateIdToken,
    SignJwt,
    SignBlob,
}

impl Method {
    fn from_verb(verb: &str) -> Option<Method> {
        match verb {
            "generateAccessToken" => Some(Method::GenerateAccessToken),
            "generateIdToken" => Some(Method::GenerateIdToken),
            "signJwt" => Some(Method::SignJwt),
            "signBlob" => Some(Method::SignBlob),
            _ => None,
        }
    }

    /// The method name Cloud Audit Logs records, which is also the gRPC method's.
    pub(crate) fn audit_name(self) -> &'static str {
        match self {
            Method::GenerateAccessToken => "GenerateAccessToken",
            Method::GenerateIdToken => "GenerateIdToken",
            Method::SignJwt => "SignJwt",
            Method::SignBlob => "SignBlob",
        }
    }

    /// The IAM permission the method checks on the target account.
    fn permission(self) -> &'static str {
        match self {
            Method::GenerateAccessToken => "iam.serviceAccounts.getAccessToken",
            Method::GenerateIdToken => "iam.serviceAccounts.getOpenIdToken",
            Method::SignJwt => "iam.serviceAccounts.signJwt",
            Method::SignBlob => "iam.serviceAccounts.signBlob",
        }
    }
}

// Request bodies. Unknown fields are ignored rather than refused so that clients which also
// send path-bound fields (such as `name`) in the body are served. `null` means "not set", as
// in protobuf JSON: gcloud sends `"delegates": null` when it has none.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct AccessTokenRequest {
    #[serde(default, deserialize_with = "null_as_default")]
    delegates: Vec<String>,
    #[serde(default, deserialize_with = "null_as_default")]
    scope: Vec<String>,
    lifetime: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct IdTokenRequest {
    #[serde(default, deserialize_with = "null_as_default")]
    delegates: Vec<String>,
    audience: Option<String>,
    #[serde(default, deserialize_with = "null_as_default")]
    include_email: bool,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SignRequest {
    #[serde(default, deserialize_with = "null_as_default")]
    delegates: Vec<String>,
    payload: Option<String>,
}

fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Option::<T>::deserialize(deserializer).map(Option::unwrap_or_default)
}

/// `POST /v1/projects/{project}/serviceAccounts/{account}:{method}`.
pub(crate) async fn dispatch(
    AxumState(state): AxumState<Arc<State>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path((project, target)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let Some((account, method)) = target
        .rsplit_once(':')
        .and_then(|(account, verb)| Some((account, Method::from_verb(verb)?)))
    else {
        return Refusal::rpc(Code::NotFound, format!("Method not found: {target}")).into_response();
    };
    let invocation = Invocation {
        project: &project,
        account,
        method,
    };
    match invoke(&state, peer, &headers, None, &invocation, &body).await {
        Ok(answer) => axum::Json(answer).into_response(),
        Err(refusal) => refusal.into_response(),
    }
}

/// A method called on one account.
pub(crate) struct Invocation<'a> {
    pub project: &'a str,
    pub account: &'a str,
    pub method: Method,
}

impl<'a> Invocation<'a> {
    /// `method` on the account a resource name (`projects/{project}/serviceAccounts/{account}`)
    /// names, as gRPC requests carry it.
    pub fn on_name(name: &'a str, method: Method) -> Option<Self> {
        let (project, account) = name
            .strip_prefix("projects/")?
            .split_once("/serviceAccounts/")?;
        (!project.is_empty() && !account.is_empty() && !account.contains('/')).then_some(Self {
            project,
            account,
            method,
        })
    }
}

/// Serves one invocation whatever wire it came on (REST here, gRPC in `grpc.rs`): the request
/// and the answer in their JSON form, the checks and the audit line (with the HTTP `version`
/// when the wire matters) made once for both.
pub(crate) async fn invoke(
    state: &State,
    peer: SocketAddr,
    headers: &HeaderMap,
    version: Option<axum::http::Version>,
    invocation: &Invocation<'_>,
    body: &[u8],
) -> Result<Value, Refusal> {
    let Invocation {
        project,
        account,
        method,
    } = *invocation;
    let resource = format!("projects/{project}/serviceAccounts/{account}");
    let mut call = Call::new(SERVICE, method.audit_name(), resource, headers, peer);
    if let Some(version) = version {
        call.set_protocol(version);
    }
    call.set_rpc_method(format!(
        "google.iam.credentials.v1.IAMCredentials.{}",
        method.audit_name()
    ));
    let outcome = handle(state, &mut call, headers, project, account, method, body).await;
    call.conclude(&state.audit, outcome)
}

async fn handle(
    state: &State,
    call: &mut Call,
    headers: &HeaderMap,
    project: &str,
    account: &str,
    method: Method,
    body: &[u8],
) -> Result<Value, Refusal> {
    let grant = authenticate(state, call, headers, &[IAM_SCOPE])?;
    if project != "-" {
        return Err(Refusal::rpc(
            Code::InvalidArgument,
            format!(
                "Invalid resource name: the project must be \"-\" (got \"{project}\"); \
                 use {NAME_PREFIX}{account}"
            ),
        ));
    }
    match method {
        Method::GenerateAccessToken => {
            let req: AccessTokenRequest = parse(body)?;
            let lifetime = req
                .lifetime
                .as_deref()
                .map_or(Ok(DEFAULT_LIFETIME), parse_lifetime)
                .map_err(|m| Refusal::rpc(Code::InvalidArgument, m))?;
            if req.scope.iter().all(|s| s.trim().is_empty()) {
                return Err(Refusal::rpc(
                    Code::InvalidArgument,
                    "Scope required: the request must name at least one OAuth scope.",
                ));
            }
            let (sa, chain) = authorize(state, call, &grant, &req.delegates, account, method)?;
            check_lifetime(lifetime, sa.allow_lifetime_extension)
                .map_err(|m| Refusal::rpc(Code::InvalidArgument, m))?;
            let expires = expiry_after(lifetime);
            let token = state.tokens.issue(Grant {
                principal: Member::ServiceAccount(sa.email.clone()),
                chain,
                scopes: req.scope,
                expires,
                client_id: None,
            });
            Ok(json!({"accessToken": token, "expireTime": rfc3339(expires)}))
        }
        Method::GenerateIdToken => {
            let req: IdTokenRequest = parse(body)?;
            let audience = req
                .audience
                .filter(|a| !a.is_empty())
                .ok_or_else(|| Refusal::rpc(Code::InvalidArgument, "audience is required."))?;
            let (sa, _) = authorize(state, call, &grant, &req.delegates, account, method)?;
            let now = OffsetDateTime::now_utc().unix_timestamp();
            let mut claims = json!({
                "iss": "https://accounts.google.com",
                "aud": audience,
                "azp": sa.unique_id,
                "sub": sa.unique_id,
                "iat": now,
                "exp": now + ID_TOKEN_LIFETIME.whole_seconds(),
            });
            if req.include_email {
                claims["email"] = json!(sa.email);
                claims["email_verified"] = json!(true);
            }
            let key = state.keys.google().await.map_err(internal)?;
            let token = key.jwt(&claims.to_string()).map_err(internal)?;
            Ok(json!({"token": token}))
        }
        Method::SignJwt | Method::SignBlob => {
            let req: SignRequest = parse(body)?;
            let payload = req
                .payload
                .ok_or_else(|| Refusal::rpc(Code::InvalidArgument, "payload is required."))?;
            // Validate the payload before the permission check, as malformed requests are
            // refused before authorization on the real API too.
            let blob = if method == Method::SignBlob {
                Some(decode_blob(&payload)?)
            } else {
                check_jwt_claims(&payload)?;
                None
            };
            let (sa, _) = authorize(state, call, &grant, &req.delegates, account, method)?;
            let key = state
                .keys
                .account(&sa.email)
                .await
                .ok_or_else(|| Refusal::rpc(Code::Internal, "no key for the service account"))?
                .map_err(internal)?;
            match blob {
                Some(bytes) => {
                    let signature = key.sign(&bytes).map_err(internal)?;
                    Ok(json!({"keyId": key.kid, "signedBlob": STANDARD.encode(signature)}))
                }
                None => {
                    let signed = key.jwt(&payload).map_err(internal)?;
                    Ok(json!({"keyId": key.kid, "signedJwt": signed}))
                }
            }
        }
    }
}

/// Checks the delegation chain and records it for the audit line; returns the target and
/// the chain a minted token carries (original caller first, then every account on the way).
fn authorize<'w>(
    state: &'w State,
    call: &mut Call,
    grant: &Grant,
    delegates: &[String],
    account: &str,
    method: Method,
) -> Result<(&'w ServiceAccount, Vec<String>), Refusal> {
    let delegates = delegates
        .iter()
        .map(|d| delegate_id(d))
        .collect::<Result<Vec<_>, _>>()?;
    let mut audited = grant.chain.clone();
    audited.extend(delegates.iter().map(|d| (*d).to_owned()));
    call.set_principal(grant.principal.email(), audited);

    let sa = state
        .world
        .chain_target(&grant.principal, &delegates, account, method.permission())
        .ok_or_else(|| permission_denied(method))?;
    // What Google answers once IAM allowed the call (docs/google-cloud-facts.md §1, "Errors").
    let disabled = delegates
        .iter()
        .filter_map(|d| state.world.service_account(d))
        .chain(std::iter::once(sa))
        .any(|a| a.disabled);
    if disabled {
        return Err(Refusal::rpc(
            Code::FailedPrecondition,
            "Precondition check failed.",
        ));
    }
    let mut chain = grant.chain.clone();
    chain.push(grant.principal.email().to_owned());
    // Delegates may be unique ids; the chain names accounts by email. Every delegate resolved
    // during the check above, so none is dropped here.
    chain.extend(
        delegates
            .iter()
            .filter_map(|d| state.world.service_account(d))
            .map(|d| d.email.clone()),
    );
    Ok((sa, chain))
}

/// A delegate as an account id: the documented `projects/-/serviceAccounts/ID` form or the
/// bare email gcloud sends.
fn delegate_id(delegate: &str) -> Result<&str, Refusal> {
    let id = delegate.strip_prefix(NAME_PREFIX).unwrap_or(delegate);
    if id.is_empty() || id.contains('/') {
        return Err(Refusal::rpc(
            Code::InvalidArgument,
            format!("Invalid delegate \"{delegate}\": expected {NAME_PREFIX}EMAIL_OR_UNIQUE_ID."),
        ));
    }
    Ok(id)
}

/// A protobuf JSON Duration (`"3600s"`, `"3.5s"`), which must be positive.
fn parse_lifetime(text: &str) -> Result<Duration, String> {
    let invalid = || {
        format!(
            "Invalid value at 'lifetime' (type.googleapis.com/google.protobuf.Duration), \"{text}\""
        )
    };
    let number = text.strip_suffix('s').ok_or_else(invalid)?;
    let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || !digits(whole) || !digits(fraction) || fraction.len() > 9 {
        return Err(invalid());
    }
    let seconds: i64 = whole.parse().map_err(|_| invalid())?;
    let nanos: i32 = format!("{fraction:0<9}").parse().map_err(|_| invalid())?;
    let lifetime = Duration::new(seconds, nanos);
    if lifetime <= Duration::ZERO {
        return Err(format!("The lifetime must be positive (got \"{text}\")."));
    }
    Ok(lifetime)
}

/// At most 1 h, or 12 h for accounts under the lifetime-extension policy, else 400
/// `INVALID_ARGUMENT`. Google's exact message for it was not found (docs/google-cloud-facts.md
/// §1): this wording is the emulator's own, and gsudo's tests check only that whatever the API
/// says reaches the user whole.
fn check_lifetime(lifetime: Duration, extension_allowed: bool) -> Result<(), String> {
    let max = if extension_allowed {
        MAX_EXTENDED_LIFETIME
    } else {
        MAX_LIFETIME
    };
    if lifetime > max {
        return Err(format!(
            "The lifetime of an access token may be at most {}s{}; {}s was requested.",
            max.whole_seconds(),
            if extension_allowed {
                ""
            } else {
                " unless the org policy constraints/iam.allowServiceAccountCredentialLifetimeExtension \
                 covers the service account"
            },
            lifetime.as_seconds_f64()
        ));
    }
    Ok(())
}

fn check_jwt_claims(payload: &str) -> Result<(), Refusal> {
    match serde_json::from_str::<Value>(payload) {
        Ok(Value::Object(_)) => Ok(()),
        _ => Err(Refusal::rpc(
            Code::InvalidArgument,
            "The payload is not a JSON object of JWT claims.",
        )),
    }
}

/// signBlob's payload: protobuf JSON bytes, which may use either base64 alphabet.
fn decode_blob(payload: &str) -> Result<Vec<u8>, Refusal> {
    STANDARD
        .decode(payload)
        .or_else(|_| URL_SAFE.decode(payload))
        .map_err(|_| {
            Refusal::rpc(
                Code::InvalidArgument,
                "Invalid value at 'payload' (TYPE_BYTES), Base64 decoding failed.",
            )
        })
}

fn permission_denied(method: Method) -> Refusal {
    Refusal::permission_denied(method.permission())
}

fn internal(e: impl std::fmt::Display) -> Refusal {
    Refusal::rpc(Code::Internal, e.to_string())
}

fn rfc3339(at: OffsetDateTime) -> String {
    at.format(&Rfc3339).unwrap_or_default()
}

/// `GET /service_accounts/v1/metadata/jwk/{email}`: the public key of an account's
/// signJwt/signBlob key.
pub(crate) async fn account_jwks(
    AxumState(state): AxumState<Arc<State>>,
    Path(email): Path<String>,
) -> Response {
    match state.keys.account(&email).await {
        Some(Ok(key)) => axum::Json(key.jwks()).into_response(),
        Some(Err(e)) => internal(e).into_response(),
        None => {
            Refusal::rpc(Code::NotFound, format!("No service account {email}.")).into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lifetimes_parse_like_protobuf_durations() {
        assert_eq!(parse_lifetime("3600s"), Ok(Duration::hours(1)));
        assert_eq!(parse_lifetime("3.5s"), Ok(Duration::milliseconds(3500)));
        assert_eq!(parse_lifetime("0.000000001s"), Ok(Duration::nanoseconds(1)));
        for bad in [
            "3600",
            "s",
            "-5s",
            "1.s0",
            "1e3s",
            "1.0000000001s",
            " 5s",
            "0s",
            "0.0s",
        ] {
            assert!(parse_lifetime(bad).is_err(), "{bad} accepted");
        }
    }

    #[test]
    fn lifetime_limit_depends_on_the_extension_policy() {
        assert!(check_lifetime(Duration::hours(1), false).is_ok());
        assert!(check_lifetime(Duration::seconds(3601), false).is_err());
        assert!(check_lifetime(Duration::seconds(3601), true).is_ok());
        assert!(check_lifetime(Duration::hours(12), true).is_ok());
        let e = check_lifetime(Duration::seconds(43201), true);
        assert!(e.is_err_and(|m| m.contains("43200s")));
    }

    #[test]
    fn delegates_accept_resource_names_and_bare_emails() {
        assert_eq!(
            delegate_id("projects/-/serviceAccounts/a@b.com").ok(),
            Some("a@b.com")
        );
        assert_eq!(delegate_id("a@b.com").ok(), Some("a@b.com"));
        assert!(delegate_id("projects/p/serviceAccounts/a@b.com").is_err());
        assert!(delegate_id("").is_err());
    }
}
