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
