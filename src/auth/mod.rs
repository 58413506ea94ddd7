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
        denied_detail(caller, account, delegates, permission.as_deref())
    )]
    Denied {
        caller: String,
        account: ServiceAccount,
        delegates: Vec<ServiceAccount>,
        /// The permission Google named in its `ErrorInfo`, when it named one.
        permission: Option<String>,
    },

    #[error("Google says there is no service account {account} ({message})")]
    NoSuchAccount {
        account: ServiceAccount,
        message: String,
    },

    #[error(
        "Google refused to mint a token for {account}: {message} (FAILED_PRECONDITION, Google's answer for a disabled service account)"
    )]
    Unusable {
        account: ServiceAccount,
        message: String,
    },

    #[error(
        "your credentials from {from} lack the cloud-platform scope that the IAM Credentials API requires (ACCESS_TOKEN_SCOPE_INSUFFICIENT)"
    )]
    CallerScopes { from: String },

    #[error(
        "the IAM Credentials API is disabled {} (SERVICE_DISABLED)",
        project.as_deref().map_or_else(|| "in the project your calls are billed to".to_owned(), |p| format!("in project {p}, which your calls are billed to"))
    )]
    ApiDisabled { project: Option<String> },

    #[error("your Google credentials need reauthentication: {from} was refused ({message})")]
    Reauth {
        from: String,
        message: String,
        /// Whether the credentials are the gcloud CLI's own rather than an ADC file's.
        gcloud: bool,
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

    /// A federated caller's ID token for the broker could not be had: STS refused the subject
    /// token, or the impersonated account refused the federated principal.
    #[error("gsudo could not get your identity token for the broker at {url}: {why}")]
    FederatedIdToken { url: String, why: String },

    #[error("the gsudo session ended at {}; no more tokens are minted in it", crate::types::rfc3339(*ended_at))]
    SessionOver { ended_at: OffsetDateTime },

    #[error("{0}; the session gets no more tokens")]
    LeaseEnded(String),
}

/// The role to ask for, given the permission Google said was missing (docs/google-cloud-facts.md
/// §1, "Roles").
fn role_for(permission: Option<&str>) -> &'static str {
    match permission {
        Some("iam.serviceAccounts.getOpenIdToken") => {
            "roles/iam.serviceAccountOpenIdTokenCreator (or roles/iam.serviceAccountTokenCreator)"
        }
        _ => "roles/iam.serviceAccountTokenCreator",
    }
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

fn denied_detail(
    caller: &str,
    account: &ServiceAccount,
    delegates: &[ServiceAccount],
    permission: Option<&str>,
) -> String {
    if delegates.is_empty() {
        return format!("it needs {} on {account}", role_for(permission));
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
            AuthError::Denied { caller, account, delegates, permission } if delegates.is_empty() && caller.contains('@') => {
                let member = if caller.ends_with("gserviceaccount.com") { "serviceAccount" } else { "user" };
                let role = match permission.as_deref() {
                    Some("iam.serviceAccounts.getOpenIdToken") => "roles/iam.serviceAccountOpenIdTokenCreator",
                    _ => "roles/iam.serviceAccountTokenCreator",
                };
                format!(
                    "Check the account's spelling (gcloud iam service-accounts list shows those you may see); if it is right, ask an admin to run: gcloud iam service-accounts add-iam-policy-binding {account} --member={member}:{caller} --role={role}"
                )
            }
            AuthError::NoSuchAccount { account, .. } => format!(
                "Check the spelling of {account} (gcloud iam service-accounts list shows those you may see); a deleted account can be restored for 30 days with gcloud iam service-accounts undelete."
            ),
            AuthError::Unusable { account, .. } => format!(
                "See whether it is disabled with `gcloud iam service-accounts describe {account} --format='value(disabled)'`; an admin re-enables it with `gcloud iam service-accounts enable {account}`."
            ),
            AuthError::CallerScopes { .. } => {
                "On a Compute Engine VM, stop it and give it the cloud-platform scope (gcloud compute instances set-service-account VM --scopes=cloud-platform); elsewhere use `gcloud auth application-default login`, whose credentials carry it.".into()
            }
            AuthError::ApiDisabled { project } => format!(
                "Run `gcloud services enable iamcredentials.googleapis.com --project {}` (or ask someone who may), wait a minute, then try again.",
                project.as_deref().unwrap_or("PROJECT")
            ),
            AuthError::Reauth { gcloud: false, .. } => {
                "Run `gcloud auth application-default login`, then try again.".into()
            }
            AuthError::Reauth { gcloud: true, .. } => "Run `gcloud auth login`, then try again.".into(),
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
            AuthError::FederatedIdToken { .. } => {
                "Check that the credential file's workload identity pool and provider accept its subject token, and that the federated principal holds roles/iam.workloadIdentityUser on the account the file impersonates.".into()
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
            permission: None,
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
            permission: None,
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
            permission: None,
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
            permission: None,
        };
        assert!(err.to_string().ends_with(
            "(alice@example.com on a@p.iam.gserviceaccount.com, a@p.iam.gserviceaccount.com on c@p.iam.gserviceaccount.com)"
        ));
    }
}
