//! One file per command; each wires config → auth → session for its job.

mod broker;
mod can;
mod completions;
mod config;
mod list;
mod list_broker;
mod log;
mod run;
mod sandbox;
mod sandbox_broker;
mod token;
mod whoami;

use crate::cli::{Cli, Command};
use crate::config::Env;
use crate::session::ExitReason;
use crate::ui::Failure;

/// Carries out the parsed command line in the environment gsudo was started in.
pub fn dispatch(cli: Cli, env: Env) -> Result<ExitReason, Failure> {
    match cli.subcommand {
        Some(Command::Token { format }) => token::token(&cli.session, &env, format),
        Some(Command::IdToken { audience, format }) => {
            token::id_token(&cli.session, &env, &audience, format)
        }
        Some(Command::Whoami { format }) => whoami::whoami(&env, format),
        Some(Command::List(args)) => list::list(&args, &cli.session, &env),
        Some(Command::Can(args)) => can::can(&args, &cli.session, &env),
        Some(Command::Sandbox(args)) => sandbox::sandbox(args, &cli.session, &env),
        Some(Command::Config { action }) => config::config(&action, &env),
        Some(Command::Log(args)) => log::log(&args, &env),
        Some(Command::Completions { shell }) => Ok(completions::completions(shell)),
        Some(Command::Version) => {
            println!("gsudo {}", env!("CARGO_PKG_VERSION"));
            Ok(ExitReason::Code(0))
        }
        Some(Command::Broker { action }) => broker::broker(action, &cli.session, &env),
        None => run::run(&cli.session, &env, &cli.command),
    }
}

/// The HTTP client for gsudo's own calls.
fn http() -> Result<crate::auth::Http, Failure> {
    crate::auth::Http::new()
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
