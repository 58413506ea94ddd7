//! `gsudo completions SHELL`, and the hidden `gsudo generate-docs DIR` that writes every
//! completion script and man page from the one clap definition, as the repository keeps them.

use std::path::Path;

use clap::{CommandFactory, ValueEnum};
use clap_complete::Shell;

use crate::cli::Cli;
use crate::session::ExitReason;
use crate::ui::Failure;

pub fn completions(shell: Shell) -> ExitReason {
    clap_complete::generate(shell, &mut Cli::command(), "gsudo", &mut std::io::stdout());
    ExitReason::Code(0)
}

/// Writes `DIR/completions/` (one script per shell) and `DIR/man/` (gsudo.1 and one page per
/// subcommand).
pub fn generate_docs(dir: &Path) -> Result<ExitReason, Failure> {
    let (completions, man) = (dir.join("completions"), dir.join("man"));
    let written = std::fs::create_dir_all(&completions)
        .and_then(|()| std::fs::create_dir_all(&man))
        .and_then(|()| {
            for shell in Shell::value_variants() {
                clap_complete::generate_to(*shell, &mut Cli::command(), "gsudo", &completions)?;
            }
            clap_mangen::generate_to(Cli::command(), &man)
        });
    written.map_err(|e| {
        Failure::new(format!(
            "gsudo could not write its documentation under {}: {e}.",
            dir.display()
        ))
    })?;
    Ok(ExitReason::Code(0))
}
