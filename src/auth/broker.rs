//! The gsudo broker's wire protocol: what a client sends to `POST /v1/token` and what comes
//! back. The server (`crate::broker`) and the client's minting hook both speak it from here, so
//! the two cannot drift apart.

use serde::{Deserialize, Serialize};

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
