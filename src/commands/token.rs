//! `gsudo token` and `gsudo id-token`: print a fresh access or ID token for the service
//! account, for scripts.

use serde_json::json;

use crate::auth::{Caller, Minter};
use crate::cli::{Format, SessionArgs};
use crate::config::{Env, Gcloud, Settings};
use crate::session::{Contract, ExitReason};
use crate::types::{SessionId, rfc3339};
use crate::ui::Failure;

/// Settings, a runtime and a minter for one token, after the policy's confirmation.
fn prepare(
    args: &SessionArgs,
    env: &Env,
    what: &str,
) -> Result<(Settings, tokio::runtime::Runtime, Minter), Failure> {
    let settings = Settings::load(args, env)?;
    if let Some(policy) = &settings.confirm {
        crate::prompt::confirm(policy, &settings, what)?;
    }
    let gcloud = Gcloud::load(env);
    let rt = super::runtime()?;
    let minter = {
        // The credential libraries start background refreshes, which need the runtime.
        let _runtime = rt.enter();
        super::run::minter(env, &gcloud, &settings, &SessionId::random())?
    };
    Ok((settings, rt, minter))
}

pub fn id_token(
    args: &SessionArgs,
    env: &Env,
    audience: &str,
    format: Format,
) -> Result<ExitReason, Failure> {
    let (settings, rt, minter) = prepare(args, env, "gsudo id-token")?;
    let token = rt.block_on(minter.id_token(audience, true))?;
    match format {
        Format::Text => crate::outln!("{}", token.expose()),
        Format::Json => crate::outln!(
            "{}",
            json!({
                "id_token": token.expose(),
                "audience": audience,
                "service_account": settings.account.as_str(),
            })
        ),
    }
    Ok(ExitReason::Code(0))
}

pub fn token(args: &SessionArgs, env: &Env, format: Format) -> Result<ExitReason, Failure> {
    if args.service_account.is_none()
        && let Some(session) = Contract::read(env)
    {
        return session_token(&session, env, format);
    }
    let (settings, rt, minter) = prepare(args, env, "gsudo token")?;
    let token = rt.block_on(minter.mint(settings.lifetime))?;
    match format {
        Format::Text => crate::outln!("{}", token.secret.expose()),
        Format::Json => crate::outln!(
            "{}",
            json!({
                "access_token": token.secret.expose(),
                "expires_at": rfc3339(token.expires_at),
                "service_account": settings.account.as_str(),
            })
        ),
    }
    Ok(ExitReason::Code(0))
}

/// Inside a session with no account named: the session's current token, from the session's own
/// token endpoint through its credential file. Nothing is minted and no reason is needed: the
/// session already has one.
fn session_token(session: &Contract, env: &Env, format: Format) -> Result<ExitReason, Failure> {
    let rt = super::runtime()?;
    let token = {
        let _runtime = rt.enter();
        let caller = Caller::discover(env, &Gcloud::load(env))?;
        rt.block_on(caller.access_token())?
    };
    match format {
        Format::Text => crate::outln!("{}", token.expose()),
        Format::Json => crate::outln!(
            "{}",
            json!({
                "access_token": token.expose(),
                "service_account": session.account,
                "session": session.session,
            })
        ),
    }
    Ok(ExitReason::Code(0))
}
