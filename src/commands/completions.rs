//! `gsudo completions SHELL`. The scripts and man pages the repository keeps in completions/
//! and man/ come from the same clap definition; a test here checks they are current.

use clap::CommandFactory;
use clap_complete::Shell;

use crate::cli::Cli;
use crate::session::ExitReason;

/// Prints the completion script for `shell`.
pub fn completions(shell: Shell) -> ExitReason {
    // Written to memory first: clap_complete panics on a write error, such as a closed pipe.
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "gsudo", &mut script);
    crate::out!("{}", String::from_utf8_lossy(&script));
    ExitReason::Code(0)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::path::Path;

    use clap::ValueEnum;

    use super::*;

    /// Every completion script (one per shell) and man page (gsudo.1 and one per subcommand).
    fn generate(dir: &Path) {
        let (completions, man) = (dir.join("completions"), dir.join("man"));
        std::fs::create_dir_all(&completions).unwrap();
        std::fs::create_dir_all(&man).unwrap();
        for shell in Shell::value_variants() {
            clap_complete::generate_to(*shell, &mut Cli::command(), "gsudo", &completions).unwrap();
        }
        crate::commands::man::generate_to(&man).unwrap();
    }

    fn files(dir: &Path) -> BTreeMap<String, String> {
        std::fs::read_dir(dir)
            .map(|entries| {
                entries
                    .flatten()
                    .map(|e| {
                        let text = std::fs::read_to_string(e.path()).unwrap_or_default();
                        (e.file_name().to_string_lossy().into_owned(), text)
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// `GSUDO_BLESS=1 cargo test --bin gsudo committed_docs` writes them afresh.
    #[test]
    fn committed_docs_are_current() {
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        if std::env::var_os("GSUDO_BLESS").is_some() {
            for dir in ["completions", "man"] {
                let _ = std::fs::remove_dir_all(repo.join(dir));
            }
            generate(repo);
        }
        let fresh = tempfile::tempdir().unwrap();
        generate(fresh.path());
        for dir in ["completions", "man"] {
            let (want, have) = (files(&fresh.path().join(dir)), files(&repo.join(dir)));
            let stale: Vec<&String> = want
                .keys()
                .chain(have.keys())
                .filter(|name| want.get(*name) != have.get(*name))
                .collect();
            assert!(
                stale.is_empty(),
                "{dir}/ is stale ({stale:?}): run GSUDO_BLESS=1 cargo test --bin gsudo committed_docs and commit the result"
            );
        }
        let man = files(&repo.join("man"));
        for page in [
            "gsudo.1",
            "gsudo-config.5",
            "gsudo-config-set.1",
            "gsudo-log.1",
            "gsudo-completions.1",
        ] {
            assert!(man.contains_key(page), "no man page {page}");
        }
    }
}
