//! Completion for bash, zsh, fish, elvish and PowerShell. `gsudo completions SHELL` prints a
//! small script that asks gsudo itself at each TAB (`_GSUDO_COMPLETE=SHELL gsudo -- WORDS`), so
//! completions know what no static script can: the command names in PATH after the session
//! options (like sudo), the aliases of the configuration file for -s, and its keys for
//! `config get/set/unset`. The scripts and man pages the repository keeps in completions/ and
//! man/ come from here; a test checks they are current.

use std::ffi::OsStr;

use clap::{Command, CommandFactory};
use clap_complete::Shell;
use clap_complete::engine::{
    ArgValueCandidates, ArgValueCompleter, CompletionCandidate, PathCompleter, ValueCompleter,
};
use clap_complete::env::{Bash, CompleteEnv, Elvish, EnvCompleter, Fish, Powershell, Zsh};

use crate::cli::Cli;
use crate::config::Env;
use crate::config::file::ConfigFile;

/// The variable that turns a run of gsudo into a completion request.
const VAR: &str = "_GSUDO_COMPLETE";

/// Answers a completion request and exits, when this run is one; otherwise returns at once.
/// Called first thing in `main`, before anything is written to stdout.
pub fn answer_if_asked() {
    if std::env::var_os(VAR).is_some() {
        // A warning about the configuration file would land in the middle of the prompt.
        crate::ui::init(crate::ui::Level::Quiet, true);
    }
    CompleteEnv::with_factory(command).var(VAR).complete();
}

/// Prints the completion script for `shell`.
pub fn completions(shell: Shell) {
    crate::out!("{}", String::from_utf8_lossy(&script(shell)));
}

/// The script that registers gsudo's completion in `shell`.
fn script(shell: Shell) -> Vec<u8> {
    let completer: &dyn EnvCompleter = match shell {
        Shell::Bash => &Bash,
        Shell::Zsh => &Zsh,
        Shell::Fish => &Fish,
        Shell::Elvish => &Elvish,
        // clap_complete's Shell is non-exhaustive; PowerShell is the last it knows.
        _ => &Powershell,
    };
    let mut script = Vec::new();
    // Writing to memory cannot fail.
    let _ = completer.write_registration(VAR, "gsudo", "gsudo", "gsudo", &mut script);
    script
}

/// gsudo's command line as completion needs it: with the completers the clap definition lacks,
/// and without the subcommands once an option came first (they are programs from there on,
/// which clap_complete's engine does not know).
fn command() -> Command {
    // The words being completed follow `--`: gsudo, the words before the cursor, the current.
    let words: Vec<_> = std::env::args_os()
        .skip_while(|w| w != "--")
        .skip(1)
        .collect();
    let after_options = words.len() > 2 && words[1].to_string_lossy().starts_with('-');
    let gsudo = Cli::command();
    if after_options && command_started(&gsudo, &words[1..words.len() - 1]) {
        // The words are the command's now, none of them gsudo's: offer files, as a shell would.
        return Command::new("gsudo").arg(
            clap::Arg::new("command")
                .num_args(0..)
                .trailing_var_arg(true)
                .allow_hyphen_values(true)
                .add(ArgValueCompleter::new(PathCompleter::any())),
        );
    }
    let subcommands = gsudo
        .get_subcommands()
        .map(|s| s.get_name().to_owned())
        .collect::<Vec<_>>();
    // Only as the first word does a subcommand's name run the subcommand.
    let shadowed = match words.len() {
        ..=2 => subcommands,
        _ => Vec::new(),
    };
    let gsudo = with_completers(gsudo, &shadowed);
    match after_options {
        // Hidden subcommands would still be offered for a prefix only they match.
        true => gsudo
            .get_arguments()
            .fold(Command::new("gsudo"), |bare, arg| bare.arg(arg.clone())),
        false => gsudo,
    }
}

/// Whether `before` (the words between gsudo and the cursor) already holds the command word:
/// a word that is neither one of gsudo's options nor an option's value, or a word after `--`.
fn command_started(gsudo: &Command, before: &[std::ffi::OsString]) -> bool {
    let takes_value = |word: &str| {
        gsudo.get_arguments().any(|arg| {
            let named = arg.get_short().is_some_and(|s| word == format!("-{s}"))
                || arg.get_long().is_some_and(|l| word == format!("--{l}"));
            named && arg.get_action().takes_values()
        })
    };
    let mut words = before.iter().map(|w| w.to_string_lossy());
    while let Some(word) = words.next() {
        if word == "--" {
            return words.next().is_some();
        }
        if !word.starts_with('-') {
            return true;
        }
        if takes_value(&word) {
            words.next();
        }
    }
    false
}

/// `command` with its completers; a command word spelled like one of `subcommands` is left to
/// the subcommand's completion, which runs it.
fn with_completers(command: Command, subcommands: &[String]) -> Command {
    command
        .mut_args(|arg| match arg.get_id().as_str() {
            "service_account" => arg.add(ArgValueCandidates::new(aliases)),
            "key" => arg.add(ArgValueCandidates::new(config_keys)),
            "command" => arg.add(ArgValueCompleter::new(CommandWord {
                shadowed: subcommands.to_vec(),
            })),
            _ => arg,
        })
        .mut_subcommands(|sub| with_completers(sub, &[]))
}

/// The configuration file as this user has it; empty when it cannot be read (a completion
/// never fails loudly).
fn config_file() -> ConfigFile {
    ConfigFile::load(&Env::current()).unwrap_or_default()
}

/// -s: the aliases of the configuration file.
fn aliases() -> Vec<CompletionCandidate> {
    let file = config_file();
    file.aliases
        .iter()
        .map(|(name, email)| CompletionCandidate::new(name).help(Some(email.to_string().into())))
        .collect()
}

/// `config get/set/unset KEY`: the keys the file has, then every key gsudo knows.
fn config_keys() -> Vec<CompletionCandidate> {
    let file = config_file();
    let mut keys: Vec<String> = file.entries.iter().map(|e| e.dotted()).collect();
    keys.extend(
        crate::settings::keys()
            .map(|(key, ..)| key)
            .filter(|key| !key.contains(char::is_uppercase)),
    );
    let mut seen = std::collections::BTreeSet::new();
    keys.into_iter()
        .filter(|key| seen.insert(key.clone()))
        .map(CompletionCandidate::new)
        .collect()
}

/// The command word completes to the programs in PATH (or a path, when it has a `/`); its
/// arguments complete to files.
struct CommandWord {
    /// Names that would run gsudo's own subcommand as the first word, not a program.
    shadowed: Vec<String>,
}

impl ValueCompleter for CommandWord {
    fn complete(&self, current: &OsStr) -> Vec<CompletionCandidate> {
        self.complete_at(0, current)
    }

    fn complete_at(&self, arg_index: usize, current: &OsStr) -> Vec<CompletionCandidate> {
        let typed = current.to_string_lossy();
        if arg_index > 0 || typed.contains('/') {
            return PathCompleter::any().complete(current);
        }
        let mut names = std::collections::BTreeSet::new();
        let path = std::env::var_os("PATH").unwrap_or_default();
        for dir in std::env::split_paths(&path) {
            let Ok(entries) = std::fs::read_dir(&dir) else {
                continue;
            };
            for entry in entries.flatten() {
                let name = entry.file_name().to_string_lossy().into_owned();
                if name.starts_with(typed.as_ref())
                    && !self.shadowed.contains(&name)
                    && nix::unistd::access(&entry.path(), nix::unistd::AccessFlags::X_OK).is_ok()
                    && !entry.path().is_dir()
                {
                    names.insert(name);
                }
            }
        }
        names.into_iter().map(CompletionCandidate::new).collect()
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::path::Path;

    use clap::ValueEnum;
    use clap_complete::Generator;

    use super::*;

    /// Every completion script (one per shell) and man page.
    fn generate(dir: &Path) {
        let (completions, man) = (dir.join("completions"), dir.join("man"));
        std::fs::create_dir_all(&completions).unwrap();
        std::fs::create_dir_all(&man).unwrap();
        for shell in Shell::value_variants() {
            let file = completions.join(shell.file_name("gsudo"));
            std::fs::write(file, script(*shell)).unwrap();
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
