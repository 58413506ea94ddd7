//! `gsudo completions SHELL` prints the script completions/ keeps, and the script completes.
//! (The unit test `committed_docs_are_current` checks completions/ and man/ against the clap
//! definition itself.)

mod common;

use std::path::Path;
use std::process::Command;

use common::*;

const REGENERATE: &str = "GSUDO_BLESS=1 cargo test --bin gsudo committed_docs";

#[test]
fn completions_prints_each_shells_script() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    for (shell, file) in [
        ("bash", "gsudo.bash"),
        ("zsh", "_gsudo"),
        ("fish", "gsudo.fish"),
        ("powershell", "_gsudo.ps1"),
        ("elvish", "gsudo.elv"),
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_gsudo"))
            .args(["completions", shell])
            .output()
            .unwrap();
        assert_ok(&out);
        let committed = std::fs::read_to_string(repo.join("completions").join(file)).unwrap();
        assert!(
            stdout(&out) == committed,
            "{shell}: completions/{file} is stale: {REGENERATE}"
        );
    }
    let out = Command::new(env!("CARGO_BIN_EXE_gsudo"))
        .args(["completions", "tcsh"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(125));
}

#[test]
fn bash_completes_subcommands_and_config_actions() {
    require("bash");
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let script = format!(
        "source '{}'; COMP_WORDS=(gsudo config s); COMP_CWORD=2; _gsudo gsudo s config; echo \"${{COMPREPLY[*]}}\"",
        repo.join("completions/gsudo.bash").display()
    );
    let out = Command::new("bash")
        .args(["--norc", "-c", &script])
        .output()
        .unwrap();
    assert_ok(&out);
    assert_eq!(stdout(&out).trim(), "set");
}
