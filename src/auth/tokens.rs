//! The session's token cache: one live token at a time, minted again shortly before it expires,
//! and no more after the session window closes.

use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};

use time::OffsetDateTime;
use tokio::sync::Mutex;

use super::{AuthError, Minter, Target, Token};
use crate::google::Http;
use crate::types::{Lifetime, Secret};
use crate::ui;
use crate::ui::sentence;

#[derive(Debug)]
pub struct SessionTokens {
    minter: Minter,
    lifetime: Lifetime,
    ends_at: OffsetDateTime,
    current: Mutex<Option<Token>>,
    mints: AtomicU32,
    /// Whether the user has been told that a refresh failed.
    warned: AtomicBool,
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
        }
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
    pub async fn current(&self) -> Result<Token, AuthError> {
        let mut current = self.current.lock().await;
        let now = OffsetDateTime::now_utc();
        if let Some(token) = current.as_ref()
            && token.expires_at - now > self.refresh_margin()
        {
            return Ok(token.clone());
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
                    return Ok(last.clone());
                }
                None => return Err(e),
            },
        };
        self.mints.fetch_add(1, Ordering::Relaxed);
        *current = Some(token.clone());
        Ok(token)
    }

    /// An ID token for `audience`, while the session window is open.
    pub async fn id_token(&self, audience: &str, include_email: bool) -> Result<Secret, AuthError> {
        if OffsetDateTime::now_utc() >= self.ends_at {
            return Err(AuthError::SessionOver {
                ended_at: self.ends_at,
            });
        }
        self.minter.id_token(audience, include_email).await
    }

    /// Whether `candidate` is the token this session handed out last.
    pub async fn issued(&self, candidate: &str) -> Option<Token> {
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
