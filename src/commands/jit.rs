//! The session's first tokens through Privileged Access Manager: when the caller holds no
//! standing Token Creator (or with `--pam always`), the run reuses or requests a grant, waits for
//! it and rides out IAM propagation before the session opens.

use std::io::Write as _;
use std::sync::Arc;

use time::OffsetDateTime;

use super::run::Session;
use crate::auth::{AuthError, Minter, SessionTokens};
use crate::cli::PamMode;
use crate::pam::{Active, Outcome, Pam, Wanted};
use crate::session::{ExitReason, Supervisor};
use crate::types::Lifetime;
use crate::ui::Failure;

/// The session's tokens once the first mint proved the caller may impersonate, with the
/// PAM grant they rest on when the caller holds no standing Token Creator (or with
/// `--pam always`); or how gsudo ends without a session (`--no-wait`, Ctrl-C).
pub(super) async fn first_tokens(
    session: &Session<'_>,
    minter: Minter,
    pam: &Pam,
    supervisor: &mut Supervisor,
) -> Result<Result<(Arc<SessionTokens>, Option<Active>), ExitReason>, Failure> {
    let mode = session.settings.pam.mode;
    let window = session.settings.session_length.duration();
    let tokens_until = |minter, ends_at| {
        Arc::new(SessionTokens::new(
            minter,
            session.settings.lifetime,
            ends_at,
        ))
    };
    let mut refused = None;
    if mode != PamMode::Always {
        let tokens = tokens_until(minter.clone(), OffsetDateTime::now_utc() + window);
        match tokens.current().await {
            Ok(_) => return Ok(Ok((tokens, None))),
            // A grant lets the caller mint directly; a refused delegation chain is another
            // matter.
            Err(denied @ AuthError::Denied { .. })
                if mode == PamMode::Auto && session.settings.delegates.is_empty() =>
            {
                refused = Some(denied);
            }
            Err(e) => return Err(e.into()),
        }
    }
    let active = match pam_step(session, pam, supervisor).await? {
        Outcome::Granted(active) => active,
        Outcome::NoEntitlement => {
            return Err(refused.map_or_else(
                || Failure::new("No Privileged Access Manager entitlement was found."),
                Failure::from,
            ));
        }
        Outcome::Requested(name) => {
            let _ = writeln!(std::io::stdout(), "{name}");
            return Ok(Err(ExitReason::Code(0)));
        }
        Outcome::Interrupted => return Ok(Err(ExitReason::Code(130))),
    };
    // The session window never outlives the grant it runs on.
    let ends_at = (OffsetDateTime::now_utc() + window).min(active.ends_at);
    let tokens = tokens_until(minter, ends_at);
    if let Err(failure) = first_mint_on_grant(&tokens, pam, &active.name).await {
        if active.created && !session.pam.keep_grant {
            pam.release(&active).await;
        }
        return Err(failure);
    }
    Ok(Ok((tokens, Some(active))))
}

/// Reuses or requests the PAM grant the run needs.
async fn pam_step(
    session: &Session<'_>,
    pam: &Pam,
    supervisor: &mut Supervisor,
) -> Result<Outcome, Failure> {
    let wanted = Wanted {
        mode: session.settings.pam.mode,
        account: session.settings.account.clone(),
        reason: session.settings.reason.clone(),
        session_length: session.settings.session_length,
        default_length: !session.settings.pam.explicit_session,
        entitlement: session.settings.pam.entitlement.clone(),
        wait: session.pam.wait.unwrap_or(DEFAULT_WAIT),
        notify: session.settings.pam.notify.clone(),
    };
    let mut interrupted = || supervisor.pending_termination().is_some();
    Ok(pam
        .acquire(&wanted, !session.pam.no_wait, &mut interrupted)
        .await?)
}

/// How long a run waits for its PAM grant unless told (`--wait`).
const DEFAULT_WAIT: Lifetime = Lifetime::from_secs(15 * 60);

/// The first mint on a fresh grant: refused while IAM propagates the grant's binding, so it is
/// tried again with backoff for up to [`crate::pam::PROPAGATION`].
async fn first_mint_on_grant(
    tokens: &SessionTokens,
    pam: &Pam,
    grant: &str,
) -> Result<(), Failure> {
    let started = std::time::Instant::now();
    let mut pause = std::time::Duration::from_millis(500);
    loop {
        match tokens.current().await {
            Ok(_) => return Ok(()),
            Err(AuthError::Denied { .. }) if started.elapsed() < crate::pam::PROPAGATION => {
                pam.propagating(grant);
                tokio::time::sleep(pause).await;
                pause = (pause * 2).min(std::time::Duration::from_secs(10));
            }
            Err(e) => return Err(e.into()),
        }
    }
}
