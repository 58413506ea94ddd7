//! The session's token cache: one live token at a time, minted again shortly before it expires,
//! and no more after the session window closes.

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::{Arc, OnceLock};

use time::OffsetDateTime;
use tokio::sync::Mutex;

use super::{AuthError, Minter, Target, Token};
use crate::google::Http;
use crate::types::{Lifetime, Secret};
use crate::ui;
use crate::ui::sentence;

/// What a session's access rests on that may end before the session does: a Privileged Access
/// Manager grant, which an administrator can revoke. The layer that found it says, when a mint
/// is refused, whether it has ended.
pub trait Lease: Send + Sync + std::fmt::Debug {
    /// Why the access ended, as a clause (`the grant G was revoked by A: R`), if it has.
    fn ended(&self) -> Pin<Box<dyn Future<Output = Option<String>> + Send + '_>>;
}

#[derive(Debug)]
pub struct SessionTokens {
    minter: Minter,
    lifetime: Lifetime,
    ends_at: OffsetDateTime,
    /// Shared, not copied: the proxy asks for it on every request.
    current: Mutex<Option<Arc<Token>>>,
    mints: AtomicU32,
    /// Whether the user has been told that a refresh failed.
    warned: AtomicBool,
    /// The grant the session runs on, if any.
    lease: Option<Arc<dyn Lease>>,
    /// Why the lease ended, once a refused mint found it had: the session mints no more.
    lease_ended: OnceLock<String>,
}

impl SessionTokens {
    pub fn new(minter: Minter, lifetime: Lifetime, ends_at: OffsetDateTime) -> Self {
        Self {
            minter,
            lifetime,
            ends_at,
            current: Mutex::new(None),
            mints: AtomicU32::new(0),
            warned: AtomicBool::new(false),
            lease: None,
            lease_ended: OnceLock::new(),
        }
    }

    /// The same tokens, resting on `lease`: once a mint is refused because it ended, the
    /// session hands out no token, the last one included.
    pub fn on_lease(mut self, lease: Arc<dyn Lease>) -> Self {
        self.lease = Some(lease);
        self
    }

    /// Who the session acts as, how and why: the account, its delegates, scopes and reason.
    pub fn target(&self) -> &Target {
        self.minter.target()
    }

    /// The `X-Goog-Request-Reason` value every call of the session carries.
    pub fn reason_header(&self) -> String {
        self.minter.target().reason_header()
    }

    /// The HTTP client for the session's own calls to Google as the account.
    pub fn http(&self) -> &Http {
        self.minter.http()
    }

    /// The quota project the caller's ADC file names, carried over into the session's.
    pub fn quota_project(&self) -> Option<String> {
        self.minter.caller().quota_project().map(str::to_owned)
    }

    /// The broker the session mints through, if it does.
    pub fn broker(&self) -> Option<&str> {
        self.minter.broker()
    }

    /// When the session stops minting.
    pub fn ends_at(&self) -> OffsetDateTime {
        self.ends_at
    }

    /// How many tokens the session has minted so far.
    pub fn mints(&self) -> u32 {
        self.mints.load(Ordering::Relaxed)
    }

    /// A token with useful life left, minting one when the last is close to its expiry.
    pub async fn current(&self) -> Result<Arc<Token>, AuthError> {
        let mut current = self.current.lock().await;
        self.lease_check()?;
        let now = OffsetDateTime::now_utc();
        if let Some(token) = current.as_ref()
            && token.expires_at - now > self.refresh_margin()
        {
            return Ok(Arc::clone(token));
        }
        let left = self.ends_at - now;
        if left < time::Duration::seconds(1) {
            return Err(AuthError::SessionOver {
                ended_at: self.ends_at,
            });
        }
        // No token outlives the session window.
        let lifetime = self
            .lifetime
            .min(Lifetime::from_secs(left.whole_seconds().max(1) as u64));
        let token = match self.minter.mint(lifetime).await {
            Ok(token) => token,
            Err(e @ AuthError::Denied { .. }) => {
                self.lease_ended(&e).await?;
                return Err(e);
            }
            // A refresh that fails while the last token still lives (the broker went away, a
            // network blip) leaves the command that token rather than nothing; said once.
            Err(e) => match current.as_ref().filter(|t| t.expires_at > now) {
                Some(last) => {
                    if !self.warned.swap(true, Ordering::Relaxed) {
                        ui::warn(&format!(
                            "{}; the command goes on with its current token, which expires at {}",
                            sentence(&e.to_string()).trim_end_matches('.'),
                            crate::types::rfc3339(last.expires_at)
                        ));
                    }
                    return Ok(Arc::clone(last));
                }
                None => return Err(e),
            },
        };
        self.mints.fetch_add(1, Ordering::Relaxed);
        let token = Arc::new(token);
        *current = Some(Arc::clone(&token));
        Ok(token)
    }

    /// An ID token for `audience`, while the session window is open.
    pub async fn id_token(&self, audience: &str, include_email: bool) -> Result<Secret, AuthError> {
        self.lease_check()?;
        if OffsetDateTime::now_utc() >= self.ends_at {
            return Err(AuthError::SessionOver {
                ended_at: self.ends_at,
            });
        }
        match self.minter.id_token(audience, include_email).await {
            Err(e @ AuthError::Denied { .. }) => {
                self.lease_ended(&e).await?;
                Err(e)
            }
            minted => minted,
        }
    }

    /// Whether a refused mint found the session's lease ended (then there is nothing to end).
    pub fn lease_over(&self) -> bool {
        self.lease_ended.get().is_some()
    }

    /// Refuses once the session's lease is known to have ended.
    fn lease_check(&self) -> Result<(), AuthError> {
        match self.lease_ended.get() {
            Some(why) => Err(AuthError::LeaseEnded(why.clone())),
            None => Ok(()),
        }
    }

    /// After a refused mint: the lease's end, said once on stderr and kept, when it has ended;
    /// `Ok` when it has not (or there is none), so the refusal stands as it is.
    async fn lease_ended(&self, refused: &AuthError) -> Result<(), AuthError> {
        let Some(lease) = &self.lease else {
            return Ok(());
        };
        let Some(why) = lease.ended().await else {
            ui::debug(&format!("mint refused, the grant still stands: {refused}"));
            return Ok(());
        };
        if self.lease_ended.set(why.clone()).is_ok() {
            ui::warn(&format!("{why}; the session gets no more tokens"));
        }
        Err(AuthError::LeaseEnded(why))
    }

    /// Whether `candidate` is the token this session handed out last.
    pub async fn issued(&self, candidate: &str) -> Option<Arc<Token>> {
        let current = self.current.lock().await;
        current
            .as_ref()
            .filter(|t| t.secret.matches(candidate))
            .cloned()
    }

    /// How early a token is replaced: a minute, or a quarter of a short lifetime.
    fn refresh_margin(&self) -> time::Duration {
        let quarter = self.lifetime.duration() / 4;
        time::Duration::try_from(quarter.min(std::time::Duration::from_secs(60)))
            .unwrap_or(time::Duration::ZERO)
    }
}
