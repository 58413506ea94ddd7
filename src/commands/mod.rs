//! One file per command; each wires config → auth → session for its job.

mod broker;
mod can;
mod completions;
mod config;
mod corrected;
mod grants;
mod help;
mod jit;
mod list;
mod list_broker;
mod log;
#[cfg(test)]
mod man;
mod program;
mod run;
mod sandbox;
mod sandbox_broker;
mod token;
mod whoami;

use crate::cli::{Cli, Command};
use crate::config::Env;
use crate::session::ExitReason;
use crate::ui::Failure;

pub use completions::answer_if_asked as answer_completion_if_asked;

const SUCCESS: ExitReason = ExitReason::Code(0);

/// Carries out the parsed command line in the environment gsudo was started in.
pub fn dispatch(cli: Cli, env: Env) -> Result<ExitReason, Failure> {
    match cli.subcommand {
        Some(Command::Token { session, format }) => token::token(&session, &env, format),
        Some(Command::IdToken {
            session,
            audience,
            format,
        }) => token::id_token(&session, &env, &audience, format),
        Some(Command::Whoami { format }) => whoami::whoami(&env, format),
        Some(Command::List(args)) => list::list(&args, &env),
        Some(Command::Can(args)) => can::can(&args, &args.session, &env),
        Some(Command::Sandbox(args)) => {
            let session = args.session.clone();
            sandbox::sandbox(args, &session, &env)
        }
        // The commands that run nothing of the user's end 0 when they do not fail.
        Some(Command::Config { action }) => config::config(&action, &env).map(|()| SUCCESS),
        Some(Command::Log(args)) => log::log(&args, &env).map(|()| SUCCESS),
        Some(Command::Grants { session, format }) => grants::grants(&session, &env, format),
        Some(Command::Completions { shell }) => {
            completions::completions(shell);
            Ok(SUCCESS)
        }
        Some(Command::Help { topic }) => help::help(&topic).map(|()| SUCCESS),
        Some(Command::Version) => {
            crate::outln!("gsudo {}", env!("CARGO_PKG_VERSION"));
            Ok(SUCCESS)
        }
        Some(Command::Broker { action }) => broker::broker(action, &env),
        None => run::run(&cli.session, &env, &cli.command),
    }
}

/// The HTTP client for gsudo's own calls.
/// A client of the broker at `url`, proving itself as `caller`; refused inside a session,
/// whose processes can prove only to be the session's account, never the person the broker
/// decides for (docs/broker.md, "Nested sessions").
fn broker_client(
    url: &str,
    caller: &crate::auth::Caller,
    http: crate::google::Http,
    env: &Env,
    gcloud: &crate::config::Gcloud,
    session_length: crate::types::Lifetime,
) -> Result<crate::auth::broker::BrokerClient, Failure> {
    refuse_inside_brokered_session(env, Some(url))?;
    Ok(crate::auth::broker::BrokerClient::new(
        url,
        caller,
        http,
        env,
        gcloud,
        session_length,
    )?)
}

/// Refuses when this gsudo runs inside a session and would go through a broker (`broker`, or
/// the one the enclosing session minted through).
fn refuse_inside_brokered_session(env: &Env, broker: Option<&str>) -> Result<(), Failure> {
    let Some(outer) = crate::session::Contract::read(env) else {
        return Ok(());
    };
    let Some(url) = broker.or(outer.broker.as_deref()) else {
        return Ok(());
    };
    Err(Failure::new(format!(
        "A gsudo inside the session {} cannot ask the broker at {url}: it could prove only to be {}, and the broker decides for the person who started the session.",
        outer.session,
        crate::ui::escape(&outer.account)
    ))
    .with_hint("Leave the session and run gsudo from your own shell, asking for the account you need."))
}

fn http() -> Result<crate::google::Http, Failure> {
    crate::google::Http::new()
        .map_err(|e| Failure::new(format!("gsudo could not set up HTTPS: {e}.")))
}

/// The async runtime that serves the session while the command runs on the main thread.
fn runtime() -> Result<tokio::runtime::Runtime, Failure> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| Failure::new(format!("gsudo could not start its runtime: {e}.")))
}
