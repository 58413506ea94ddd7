//! gsudo: run a command as a Google Cloud service account, for minutes, with a reason.

mod auth;
mod broker;
mod cli;
mod commands;
mod config;
mod discover;
mod google;
mod pam;
mod progress;
mod prompt;
mod serve;
mod session;
mod settings;
mod trail;
mod types;
mod ui;

use std::io::IsTerminal;

use clap::error::ErrorKind;

use ui::GSUDO_FAILED;

fn main() {
    // A closed stdout unwinds (every destructor runs) to here, and ends gsudo by SIGPIPE.
    if let Err(unwound) = std::panic::catch_unwind(run) {
        match unwound.is::<ui::ClosedPipe>() {
            true => ui::die_of_closed_pipe(),
            false => std::panic::resume_unwind(unwound),
        }
    }
}

fn run() {
    commands::answer_completion_if_asked();
    let cli = match cli::Cli::parse_checked() {
        Ok(cli) => cli,
        Err(e) => match e.kind() {
            ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
                if std::io::stdout().is_terminal() {
                    let _ = e.print();
                } else {
                    // Plain text, and a reader that stops early ends gsudo quietly.
                    out!("{}", e.render());
                }
                std::process::exit(0);
            }
            _ => {
                ui::init(ui::Level::Normal, std::env::var_os("NO_COLOR").is_some());
                ui::failure(&cli::usage_failure(&e));
                std::process::exit(GSUDO_FAILED);
            }
        },
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
