//! `gsudo help [COMMAND...]`: the help of gsudo or of one of its commands.
//!
//! clap's own help command refuses options (`gsudo help --help` was an error); this one is an
//! ordinary subcommand, so it has a help of its own.

use clap::CommandFactory;

use crate::cli::Cli;
use crate::ui::{self, Failure};

/// Prints the long help of the command `topic` names (gsudo itself when empty).
pub fn help(topic: &[String]) -> Result<(), Failure> {
    let mut command = Cli::command();
    command.build();
    for (depth, name) in topic.iter().enumerate() {
        command = match command.find_subcommand(name) {
            Some(sub) => sub.clone(),
            None => {
                let known = topic[..depth].join(" ");
                return Err(Failure::new(format!(
                    "gsudo {}has no command {name}.",
                    if known.is_empty() {
                        String::new()
                    } else {
                        format!("{known} ")
                    }
                ))
                .with_hint(format!(
                    "`gsudo {}--help` lists its commands.",
                    if known.is_empty() {
                        String::new()
                    } else {
                        format!("{known} ")
                    }
                )));
            }
        };
    }
    ui::out(format_args!("{}", command.render_long_help()));
    Ok(())
}
