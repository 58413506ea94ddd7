//! The session's first tokens, and the Privileged Access Manager grant they rest on: when the
//! caller holds no standing Token Creator (or with `--pam always`), the run reuses or requests a
//! grant, waits for it and rides out IAM propagation before the session opens; when a mint works
//! on a grant already active, the session ends when the grant does; and under a policy's
//! `require_pam`, a mint that works with no grant is standing access, refused.

use std::io::Write as _;
use std::sync::Arc;

use time::OffsetDateTime;

use super::run::Session;
use crate::auth::{AuthError, Minter, SessionTokens};
use crate::cli::PamMode;
use crate::config::policy::Violation;
use crate::pam::{Active, Found, Outcome, Pam, PamError, Wanted};
use crate::session::{ExitReason, Supervisor};
use crate::types::Lifetime;
use crate::ui::{self, Failure};

/// The session's tokens once the first mint proved the caller may impersonate, with the
/// PAM grant they rest on, if any; or how gsudo ends without a session (`--no-wait`, Ctrl-C).
pub(super) async fn first_tokens(
    session: &Session<'_>,
    minter: Minter,
    pam: &Pam,
    supervisor: &mut Supervisor,
) -> Result<Result<(Arc<SessionTokens>, Option<Active>), ExitReason>, Failure> {
    let settings = session.settings;
    let mode = settings.pam.mode;
    let required = settings.pam.required.as_deref();
    let asked_end = OffsetDateTime::now_utc() + settings.session_length.duration();
    // Tokens for the session, living no longer than `active`, and asking it why when a mint is
    // refused.
    let tokens_on = |minter: Minter, active: Option<&Active>| {
        let ends_at = active.map_or(asked_end, |a| asked_end.min(a.ends_at));
        let tokens = SessionTokens::new(minter, settings.lifetime, ends_at);
        Arc::new(match active.and_then(|a| pam.lease(a)) {
            Some(lease) => tokens.on_lease(lease),
            None => tokens,
        })
    };
    // Through a broker, the broker mints as itself under its own rules (which may ask for a
    // grant): the caller's grants and bindings are not what the session rests on.
    let in_play = settings.broker.is_none()
        && mode != PamMode::Never
        && (mode == PamMode::Always || required.is_some() || pam.known());
    if !in_play {
        let tokens = tokens_on(minter, None);
        tokens.current().await?;
        return Ok(Ok((tokens, None)));
    }
    let wanted = wanted(session);
    // The first mint is tried at once, beside the search for the entitlement: it works on a
    // standing binding or a grant already active, and tells which only with the caller's grants.
    let probe = mode != PamMode::Always || required.is_some();
    let (refused, found) = if probe {
        let tokens = tokens_on(minter.clone(), None);
        let (minted, found) = tokio::join!(tokens.current(), pam.find(&wanted));
        match minted {
            Ok(_) => {
                let active = match found {
                    Ok(found) => found.and_then(|f| f.active(&wanted)),
                    // Under auto, PAM that cannot be asked leaves a working mint alone.
                    Err(e) if required.is_none() => {
                        ui::debug(&format!("could not look for a grant: {e}"));
                        None
                    }
                    Err(e) => return Err(e.into()),
                };
                return match (active, required) {
                    (Some(active), _) => {
                        // The session's tokens are minted within the grant's window.
                        let tokens = tokens_on(minter, Some(&active));
                        tokens.current().await?;
                        Ok(Ok((tokens, Some(active))))
                    }
                    (None, None) => Ok(Ok((tokens, None))),
                    (None, Some(policy)) => Err(standing(policy, &wanted).into()),
                };
            }
            // A refused delegation chain leads to PAM too: the grant is for its first link.
            Err(denied @ AuthError::Denied { .. }) => match found {
                Ok(found) => (Some(denied), found),
                // Under auto, a PAM that cannot be asked (not enabled, say) is worth a warning;
                // the refused mint says what is missing.
                Err(e) if mode == PamMode::Auto && required.is_none() => {
                    ui::warn(&format!(
                        "could not look for a Privileged Access Manager entitlement: {e}"
                    ));
                    return Err(denied.into());
                }
                Err(e) => return Err(e.into()),
            },
            Err(e) => return Err(e.into()),
        }
    } else {
        (None, pam.find(&wanted).await?)
    };
    let Some(found) = found else {
        return Err(match refused {
            // The refused mint says what is missing, as without PAM.
            Some(denied) => denied.into(),
            None => PamError::NoEntitlement(wanted.account.clone()).into(),
        });
    };
    let active = match pam_step(session, pam, &wanted, found, supervisor).await? {
        Outcome::Granted(active) => active,
        Outcome::Requested(name) => {
            let _ = writeln!(std::io::stdout(), "{name}");
            return Ok(Err(ExitReason::Code(0)));
        }
        Outcome::Interrupted => return Ok(Err(ExitReason::Code(130))),
    };
    // The session window never outlives the grant it runs on.
    let tokens = tokens_on(minter, Some(&active));
    if let Err(failure) = first_mint_on_grant(&tokens, pam, &active.name).await {
        if active.created && !session.pam.keep_grant {
            pam.release(&active).await;
        }
        return Err(failure);
    }
    Ok(Ok((tokens, Some(active))))
}

/// What the run asks PAM for: Token Creator on the account it mints for directly, the first
/// link of a delegation chain.
fn wanted(session: &Session<'_>) -> Wanted {
    let settings = session.settings;
    Wanted {
        account: settings
            .delegates
            .first()
            .unwrap_or(&settings.account)
            .clone(),
        reason: settings.reason.clone(),
        session_length: settings.session_length,
        default_length: !settings.pam.explicit_session,
        entitlement: settings.pam.entitlement.clone(),
        wait: session.pam.wait.unwrap_or(DEFAULT_WAIT),
        notify: settings.pam.notify.clone(),
    }
}

/// `require_pam`'s refusal of a mint that worked with no active grant.
fn standing(policy: &std::path::Path, wanted: &Wanted) -> Violation {
    let account = &wanted.account;
    Violation {
        rule: "require_pam",
        source: policy.to_owned(),
        wants: format!(
            "forbids standing access, and you hold it on {account}: gsudo minted for it with no active Privileged Access Manager grant"
        ),
        hint: format!(
            "Ask an admin to remove your Token Creator binding on {account} (or on its project, folder or organization): gcloud iam service-accounts get-iam-policy {account} shows it. Then request access through an entitlement."
        ),
    }
}

/// Reuses or requests the PAM grant the run needs.
async fn pam_step(
    session: &Session<'_>,
    pam: &Pam,
    wanted: &Wanted,
    found: Found,
    supervisor: &mut Supervisor,
) -> Result<Outcome, Failure> {
    let mut interrupted = || supervisor.pending_termination().is_some();
    Ok(pam
        .acquire(wanted, found, !session.pam.no_wait, &mut interrupted)
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
