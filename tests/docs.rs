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

/// What bash's completion function offers for the command line `words` (the last is the word
/// under the cursor), for a user with `home` and a PATH of `bin`, gsudo's directory and the
/// system's.
fn bash_completes(home: &Path, bin: &Path, words: &[&str]) -> Vec<String> {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
    let script = format!(
        "source '{}'; COMP_WORDS=({}); COMP_CWORD={}; _clap_complete_gsudo gsudo '{}' '{}'; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        repo.join("completions/gsudo.bash").display(),
        quoted.join(" "),
        words.len() - 1,
        words[words.len() - 1],
        words[words.len().saturating_sub(2)],
    );
    let gsudo_dir = Path::new(env!("CARGO_BIN_EXE_gsudo")).parent().unwrap();
    let out = Command::new(require("bash"))
        .args(["--norc", "-c", &script])
        .env_clear()
        .env("HOME", home)
        .env(
            "PATH",
            format!("{}:{}:/usr/bin:/bin", bin.display(), gsudo_dir.display()),
        )
        .output()
        .unwrap();
    assert_ok(&out);
    let mut offered: Vec<String> = stdout(&out).lines().map(str::to_owned).collect();
    offered.retain(|w| !w.is_empty());
    offered
}

#[test]
fn bash_completes_commands_aliases_and_keys() {
    let home = tempfile::tempdir().unwrap();
    let bin = tempfile::tempdir().unwrap();
    let config = home.path().join(".config/gsudo");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(
        config.join("config.toml"),
        format!("lifetime = \"15m\"\n[aliases]\ndeploy = \"{DEPLOYER}\"\ndev = \"{READER}\"\n"),
    )
    .unwrap();
    for (name, mode) in [("kubzzz", 0o755), ("kubyyy-not-executable", 0o644)] {
        let path = bin.path().join(name);
        std::fs::write(&path, "#!/bin/sh\n").unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
    }
    std::fs::create_dir(bin.path().join("kubdir")).unwrap();
    let complete = |words: &[&str]| bash_completes(home.path(), bin.path(), words);

    // Subcommands and their actions, as the first word.
    assert_eq!(complete(&["gsudo", "config", "s"]), ["set"]);
    assert!(complete(&["gsudo", "tok"]).contains(&"token".to_owned()));
    // After the session options, the command word is a program in PATH, like sudo's.
    assert_eq!(
        complete(&["gsudo", "-s", "deploy", "-R", "r", "kubz"]),
        ["kubzzz"]
    );
    assert!(
        complete(&["gsudo", "-R", "r", "kub"])
            .iter()
            .all(|w| w != "kubyyy-not-executable" && w != "kubdir")
    );
    // After the command word, its arguments: files, never gsudo's options.
    let args = complete(&["gsudo", "-s", "deploy", "kubzzz", "--li"]);
    assert!(args.is_empty(), "{args:?}");
    let files = complete(&["gsudo", "-R", "r", "--", "kubzzz", "/b"]);
    assert!(files.contains(&"/bin/".to_owned()), "{files:?}");
    assert_eq!(complete(&["gsudo", "-R", "r", "--", "kubz"]), ["kubzzz"]);
    // ... where a subcommand's name is only a program's.
    assert!(!complete(&["gsudo", "-R", "r", "tok"]).contains(&"token".to_owned()));
    // -s: the configuration's aliases, wherever -s is read.
    assert_eq!(complete(&["gsudo", "-s", "de"]), ["deploy", "dev"]);
    assert_eq!(complete(&["gsudo", "token", "-s", "dep"]), ["deploy"]);
    // config get/set/unset: the file's keys and gsudo's.
    assert_eq!(
        complete(&["gsudo", "config", "unset", "aliases."]),
        ["aliases.deploy", "aliases.dev"]
    );
    assert_eq!(complete(&["gsudo", "config", "get", "life"]), ["lifetime"]);
    assert!(
        complete(&["gsudo", "config", "set", "policy.max_"])
            .contains(&"policy.max_lifetime".to_owned())
    );
}
