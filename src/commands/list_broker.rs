//! `gsudo list` with a broker: the broker's policy, not IAM, says what the caller may become.

use tokio::runtime::Runtime;

use crate::auth::Caller;
use crate::cli::Format;
use crate::config::{Env, Gcloud};
use crate::session::ExitReason;
use crate::settings::DEFAULT_LIFETIME;
use crate::ui::Failure;

/// Prints the account patterns the broker's rules let the caller ask for.
pub fn list(
    url: &str,
    format: Format,
    env: &Env,
    gcloud: &Gcloud,
    rt: &Runtime,
) -> Result<ExitReason, Failure> {
    let caller = Caller::discover(env, gcloud)?;
    let client = super::broker_client(url, &caller, super::http()?, env, gcloud, DEFAULT_LIFETIME)?;
    let answer = rt.block_on(client.accounts())?;
    match format {
        Format::Json => crate::outln!(
            "{}",
            serde_json::json!({"broker": client.url(), "caller": answer.caller, "accounts": answer.accounts})
        ),
        Format::Text => {
            crate::outln!(
                "Through the gsudo broker at {}, {} may become:",
                client.url(),
                answer.caller
            );
            let width = answer
                .accounts
                .iter()
                .map(|a| a.account.len())
                .max()
                .unwrap_or(0);
            for allowed in &answer.accounts {
                crate::outln!("  {:width$}  (rule {})", allowed.account, allowed.rule);
            }
            if answer.accounts.is_empty() {
                crate::outln!("  nothing: no rule of its policy names you");
            }
        }
    }
    Ok(ExitReason::Code(0))
}
