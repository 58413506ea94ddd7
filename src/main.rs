//! gsudo: run a command as a Google Cloud service account, for minutes, with a reason.

mod auth;
mod broker;
mod cli;
mod commands;
mod config;
mod discover;
mod progress;
mod prompt;
mod serve;
mod session;
mod trail;
mod types;
mod ui;

use clap::Parser;
use clap::error::ErrorKind;

/// The exit status when gsudo itself fails before the command starts.
const GSUDO_FAILED: i32 = 125;

fn main() {
    let cli = match cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            let code = match e.kind() {
                ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => 0,
                _ => GSUDO_FAILED,
            };
            std::process::exit(code);
        }
    };
    let env = config::Env::current();
    let level = match (cli.output.quiet, cli.output.verbose) {
        (true, _) => ui::Level::Quiet,
        (_, true) => ui::Level::Verbose,
        _ => ui::Level::Normal,
    };
    ui::init(level, env.get("NO_COLOR").is_some());
    match commands::dispatch(cli, env) {
        Ok(reason) => reason.exit(),
        Err(failure) => {
            ui::failure(&failure);
            std::process::exit(GSUDO_FAILED);
        }
    }
}
