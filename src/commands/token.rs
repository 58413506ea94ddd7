//! `gsudo token`: print a fresh access token for the service account, for scripts.

use serde_json::json;

use crate::cli::{Format, SessionArgs};
use crate::config::{Env, Gcloud, Settings};
use crate::session::ExitReason;
use crate::types::{SessionId, rfc3339};
use crate::ui::Failure;

pub fn token(args: &SessionArgs, env: &Env, format: Format) -> Result<ExitReason, Failure> {
    let settings = Settings::load(args, env)?;
    if let Some(policy) = &settings.confirm {
        crate::prompt::confirm(policy, &settings, "gsudo token")?;
    }
    let gcloud = Gcloud::load(env);
    let rt = super::runtime()?;
    let _runtime = rt.enter();
    let minter = super::run::minter(env, &gcloud, &settings, &SessionId::random())?;
    let token = rt.block_on(minter.mint(settings.lifetime))?;
    match format {
        Format::Text => println!("{}", token.secret.expose()),
        Format::Json => println!(
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
