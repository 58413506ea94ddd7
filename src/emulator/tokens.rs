//! Access tokens the emulator has issued, and whom each one speaks for.

use std::collections::HashMap;
use std::sync::Mutex;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore as _;
use time::{Duration, OffsetDateTime};

use super::world::Member;

/// What an issued access token grants: its principal, how it got there, and for how long.
#[derive(Debug, Clone)]
pub(crate) struct Grant {
    pub principal: Member,
    /// Emails of the accounts the principal acts through, the original caller first: empty
    /// for a user's own token, `[alice, relay]` for an auditor token alice got through relay.
    pub chain: Vec<String>,
    pub scopes: Vec<String>,
    pub expires: OffsetDateTime,
    /// The OAuth client the token was issued to (user tokens only), echoed by tokeninfo.
    pub client_id: Option<String>,
}

impl Grant {
    pub fn allows_any_scope(&self, accepted: &[&str]) -> bool {
        self.scopes.iter().any(|s| accepted.contains(&s.as_str()))
    }
}

/// The live tokens, keyed by the opaque token string.
#[derive(Default)]
pub(crate) struct TokenStore {
    grants: Mutex<HashMap<String, Grant>>,
}

impl TokenStore {
    /// Issues a new random token for `grant` and returns it.
    pub fn issue(&self, grant: Grant) -> String {
        let token = random_token();
        let now = OffsetDateTime::now_utc();
        let mut grants = self.lock();
        // Dropping dead tokens on every issue keeps a long sandbox session from growing forever.
        grants.retain(|_, g| g.expires > now);
        grants.insert(token.clone(), grant);
        token
    }

    /// The grant behind a live token; `None` for unknown and expired tokens alike.
    pub fn lookup(&self, token: &str) -> Option<Grant> {
        let now = OffsetDateTime::now_utc();
        self.lock().get(token).filter(|g| g.expires > now).cloned()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Grant>> {
        // A panic while holding the lock cannot leave the map half-updated (each operation is
        // a single insert or retain), so a poisoned lock is still safe to use.
        self.grants
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// An opaque token shaped like Google's (`ya29.` and ~100 url-safe characters), so clients
/// that sniff the prefix or length treat it like the real thing.
fn random_token() -> String {
    let mut bytes = [0u8; 80];
    rand::rng().fill_bytes(&mut bytes);
    format!("ya29.{}", URL_SAFE_NO_PAD.encode(bytes))
}

/// `now + lifetime`, cut to whole seconds as Google's `expireTime` values are.
pub(crate) fn expiry_after(lifetime: Duration) -> OffsetDateTime {
    let at = OffsetDateTime::now_utc() + lifetime;
    at.replace_nanosecond(0).unwrap_or(at)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grant(expires: OffsetDateTime) -> Grant {
        Grant {
            principal: Member::User("alice@example.com".into()),
            chain: Vec::new(),
            scopes: vec!["https://www.googleapis.com/auth/cloud-platform".into()],
            expires,
            client_id: None,
        }
    }

    #[test]
    fn issued_tokens_look_like_google_tokens_and_resolve() {
        let store = TokenStore::default();
        let token = store.issue(grant(expiry_after(Duration::hours(1))));
        assert!(token.starts_with("ya29."));
        assert!(token.len() > 100);
        assert!(
            token[5..]
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        );
        let found = store.lookup(&token).map(|g| g.principal);
        assert_eq!(found, Some(Member::User("alice@example.com".into())));
        assert!(store.lookup("ya29.unknown").is_none());
    }

    #[test]
    fn expired_tokens_are_refused_and_pruned() {
        let store = TokenStore::default();
        let dead = store.issue(grant(OffsetDateTime::now_utc() - Duration::seconds(1)));
        assert!(store.lookup(&dead).is_none());
        store.issue(grant(expiry_after(Duration::hours(1))));
        assert_eq!(store.lock().len(), 1);
    }
}
