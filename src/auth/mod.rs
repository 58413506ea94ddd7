//! The caller's credentials and the service account's tokens minted with them.

pub mod broker;
mod mint;
mod source;
mod tokens;

use std::path::PathBuf;

use time::OffsetDateTime;

pub use mint::{Minter, Target, Token};
pub use source::Caller;
pub use tokens::{Lease, SessionTokens};

use crate::config::policy::Violation;
use crate::types::ServiceAccount;
use crate::ui::Failure;

/// Why gsudo could not get a token. Each reads as one sentence; `hint` says what to do.
#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    #[error("you are not logged in to Google Cloud: gsudo found no credentials ({})", looked.join("; "))]
    NoCredentials {
        /// Each place gsudo looked, and what it found there.
        looked: Vec<String>,
    },

    #[error("the credentials file {} cannot be used: {why}", path.display())]
    AdcFile { path: PathBuf, why: String },

    #[error("{0}")]
    Source(String),

    #[error("gcloud could not give your credentials: {0}")]
    GcloudFailed(String),

    #[error("could not reach {url} to get your access token ({from}): {why}")]
    CallerUnreachable {
        url: String,
        from: String,
        why: String,
    },

    #[error(
        "{caller} cannot impersonate {account}: there is no such service account, or you may not see it, or {}",
        denied_detail(caller, account, delegates)
    )]
    Denied {
        caller: String,
        account: ServiceAccount,
        delegates: Vec<ServiceAccount>,
    },

    #[error("Google rejected your credentials from {from}: {message}")]
    CallerRejected { from: String, message: String },

    #[error("Google refused to mint a token for {account}: {message}")]
    Invalid {
        account: ServiceAccount,
        message: String,
        long_lifetime: bool,
    },

    #[error("the IAM Credentials API at {endpoint} kept failing ({status}: {message})")]
    Unavailable {
        endpoint: String,
        status: u16,
        message: String,
    },

    #[error("could not reach the IAM Credentials API at {endpoint}: {why}")]
    Unreachable { endpoint: String, why: String },

    #[error("unexpected answer from {url}: {why}")]
    Unexpected { url: String, why: String },

    #[error(
        "The policy in {} {} (rule {})",
        .0.source.display(),
        .0.wants,
        .0.rule
    )]
    Policy(Violation),
    #[error("{} (rule {}; the gsudo broker at {url})", message.trim_end_matches('.'), rule.as_deref().unwrap_or("none"))]
    Broker {
        url: String,
        code: String,
        message: String,
        rule: Option<String>,
    },

    #[error("the gsudo broker at {url} cannot be reached: {why}")]
    BrokerUnreachable { url: String, why: String },

    /// An `external_account` file that impersonates no service account: Google gives a
    /// federated principal no ID token, so it has none to show a broker.
    #[error(
        "your credentials ({from}) cannot prove who you are to a broker: a federated identity gets no ID token from Google, and the file names no service account to impersonate"
    )]
    FederatedWithoutAccount { from: String },

    #[error("the gsudo session ended at {}; no more tokens are minted in it", crate::types::rfc3339(*ended_at))]
    SessionOver { ended_at: OffsetDateTime },

    #[error("{0}; the session gets no more tokens")]
    LeaseEnded(String),
}

/// What to do about a broker's refusal, by its stable code.
fn broker_hint(code: &str) -> &'static str {
    match code {
        "approval_required" => {
            "Request a Privileged Access Manager grant for the account (gcloud pam grants create), then try again."
        }
        "rate_limited" => "Wait a moment and try again.",
        "audience" => "Ask for an ID token for another audience: the broker mints none for itself.",
        "unauthenticated" => {
            "Log in again (gcloud auth login); the broker must accept your identity token's audience."
        }
        "unavailable" | "timeout" | "mint_failed" => {
            "Try again in a minute, or tell whoever runs the broker."
        }
        _ => "Ask for what the rule allows, or ask whoever maintains the broker's policy.",
    }
}

fn denied_detail(caller: &str, account: &ServiceAccount, delegates: &[ServiceAccount]) -> String {
    if delegates.is_empty() {
        return format!("it needs roles/iam.serviceAccountTokenCreator on {account}");
    }
    let mut chain = vec![caller.to_owned()];
    chain.extend(delegates.iter().map(ToString::to_string));
    chain.push(account.to_string());
    let links: Vec<String> = chain
        .windows(2)
        .map(|w| format!("{} on {}", w[0], w[1]))
        .collect();
    format!(
        "each link of the delegation chain needs roles/iam.serviceAccountTokenCreator on the next ({})",
        links.join(", ")
    )
}

impl AuthError {
    pub fn hint(&self) -> Option<String> {
        Some(match self {
            AuthError::NoCredentials { .. } => {
                "Log in with `gcloud auth application-default login` (what gsudo and client libraries use) or `gcloud auth login` (the gcloud CLI's own login), then try again.".into()
            }
            AuthError::AdcFile { .. } => {
                "Point GOOGLE_APPLICATION_CREDENTIALS at a valid credentials file, or unset it.".into()
            }
            AuthError::GcloudFailed(_) | AuthError::CallerRejected { .. } => {
                "Log in again with `gcloud auth application-default login` or `gcloud auth login`.".into()
            }
            // An account never needs Token Creator on itself: the caller already is it.
            AuthError::Denied { caller, account, .. } if caller == account.as_str() => format!(
                "You already act as {account}: run the command without gsudo, or name another account with -s."
            ),
            // A typo in the domain is the likeliest reason an account "does not exist".
            AuthError::Denied { account, .. } if !account.as_str().ends_with(".gserviceaccount.com") => format!(
                "Check the spelling of {account}: a service account's email ends in .iam.gserviceaccount.com."
            ),
            AuthError::Denied { caller, account, delegates } if delegates.is_empty() && caller.contains('@') => {
                let member = if caller.ends_with("gserviceaccount.com") { "serviceAccount" } else { "user" };
                format!(
                    "Check the account's spelling (gcloud iam service-accounts list shows those you may see); if it is right, ask an admin to run: gcloud iam service-accounts add-iam-policy-binding {account} --member={member}:{caller} --role=roles/iam.serviceAccountTokenCreator"
                )
            }
            AuthError::Denied { .. } => "Check the accounts' emails, then the Token Creator bindings of each link.".into(),
            AuthError::Invalid { long_lifetime: true, .. } => "Tokens over 1h need the organization policy constraints/iam.allowServiceAccountCredentialLifetimeExtension to list the account; try --lifetime 1h.".into(),
            AuthError::Unavailable { .. } => "Try again in a minute.".into(),
            AuthError::CallerUnreachable { .. } => {
                "Check your network connection and proxy settings, and that this URL is the one you meant.".into()
            }
            AuthError::Unreachable { .. } => {
                "Check your network, or api_endpoint_overrides/iamcredentials in your gcloud configuration.".into()
            }
            AuthError::SessionOver { .. } => "Start a new gsudo session.".into(),
            AuthError::LeaseEnded(_) => {
                "Start a new gsudo session, which requests a new grant, once whoever ended this one agrees.".into()
            }
            AuthError::Policy(violation) => violation.hint.clone(),
            AuthError::Broker { code, .. } => broker_hint(code).into(),
            AuthError::BrokerUnreachable { .. } => {
                "Check the broker's URL (--broker, GSUDO_BROKER or `broker` in the configuration file) and your network.".into()
            }
            AuthError::FederatedWithoutAccount { .. } => {
                "Write the file with `gcloud iam workload-identity-pools create-cred-config ... --service-account=EMAIL`, for an account the broker's policy names as a caller.".into()
            }
            _ => return None,
        })
    }
}

impl From<AuthError> for Failure {
    fn from(error: AuthError) -> Self {
        let hint = error.hint();
        let failure = Failure::sentence(&error.to_string());
        match hint {
            Some(h) => failure.with_hint(h),
            None => failure,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn denial_names_caller_account_and_role() {
        let err = AuthError::Denied {
            caller: "alice@example.com".into(),
            account: "sa@p.iam.gserviceaccount.com".parse().unwrap(),
            delegates: vec![],
        };
        let failure = Failure::from(err);
        assert_eq!(
            failure.message,
            "alice@example.com cannot impersonate sa@p.iam.gserviceaccount.com: there is no such service account, or you may not see it, or it needs roles/iam.serviceAccountTokenCreator on sa@p.iam.gserviceaccount.com."
        );
        assert!(
            failure
                .hint
                .unwrap()
                .contains("--member=user:alice@example.com")
        );
    }

    #[test]
    fn a_misspelled_account_is_advised_to_be_checked_and_no_account_is_advised_to_grant_itself() {
        let typo = AuthError::Denied {
            caller: "alice@example.com".into(),
            account: "sa@p.iam.gserviceacount.com".parse().unwrap(),
            delegates: vec![],
        };
        let failure = Failure::from(typo);
        assert!(failure.message.contains("there is no such service account"));
        let hint = failure.hint.unwrap();
        assert!(
            hint.starts_with("Check the spelling of sa@p.iam.gserviceacount.com"),
            "{hint}"
        );
        assert!(!hint.contains("add-iam-policy-binding"), "{hint}");

        let itself = AuthError::Denied {
            caller: "sa@p.iam.gserviceaccount.com".into(),
            account: "sa@p.iam.gserviceaccount.com".parse().unwrap(),
            delegates: vec![],
        };
        let hint = Failure::from(itself).hint.unwrap();
        assert!(
            hint.starts_with("You already act as sa@p.iam.gserviceaccount.com"),
            "{hint}"
        );
        assert!(!hint.contains("add-iam-policy-binding"), "{hint}");
    }

    #[test]
    fn denial_through_delegates_names_each_link() {
        let err = AuthError::Denied {
            caller: "alice@example.com".into(),
            account: "c@p.iam.gserviceaccount.com".parse().unwrap(),
            delegates: vec!["a@p.iam.gserviceaccount.com".parse().unwrap()],
        };
        assert!(err.to_string().ends_with(
            "(alice@example.com on a@p.iam.gserviceaccount.com, a@p.iam.gserviceaccount.com on c@p.iam.gserviceaccount.com)"
        ));
    }
}
