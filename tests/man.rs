//! The man pages in man/ are real man pages: `man -l` renders each without a warning, with the
//! sections a reader looks for, and examples stay laid out as typed. (The unit test
//! `committed_docs_are_current` checks man/ against the clap definition.)

mod common;

use std::path::Path;
use std::process::Command;

use common::*;

/// `man -l PAGE` as plain text, 100 columns wide, and what man said on stderr.
fn render(page: &Path) -> (String, String) {
    let out = Command::new(require("man"))
        .arg("-l")
        .arg(page)
        .env("MANWIDTH", "100")
        .env("MAN_KEEP_FORMATTING", "")
        .env_remove("MANPAGER")
        .env_remove("PAGER")
        .output()
        .unwrap();
    assert_ok(&out);
    (stdout(&out), stderr(&out))
}

/// The section headings of a rendered page, in order.
fn sections(text: &str) -> Vec<String> {
    text.lines()
        .filter(|l| {
            !l.is_empty()
                && !l.starts_with(' ')
                && l.chars().all(|c| c.is_ascii_uppercase() || c == ' ')
        })
        .map(str::to_owned)
        .collect()
}

#[test]
fn every_page_renders_with_the_sections_of_a_man_page() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("man");
    let mut pages: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    pages.sort();
    assert!(pages.len() > 10, "{pages:?}");
    for page in &pages {
        let (text, warnings) = render(page);
        assert!(warnings.is_empty(), "{}: {warnings}", page.display());
        let have = sections(&text);
        let name = page.file_name().unwrap().to_string_lossy();
        let want: &[&str] = match name.as_ref() {
            "gsudo.1" => &[
                "NAME",
                "SYNOPSIS",
                "DESCRIPTION",
                "OPTIONS",
                "SUBCOMMANDS",
                "EXIT STATUS",
                "ENVIRONMENT",
                "FILES",
                "EXAMPLES",
                "SEE ALSO",
            ],
            "gsudo-config.5" => &[
                "NAME",
                "SYNOPSIS",
                "DESCRIPTION",
                "KEYS",
                "POLICIES",
                "FILES",
                "EXAMPLES",
                "SEE ALSO",
            ],
            _ => &[
                "NAME",
                "SYNOPSIS",
                "DESCRIPTION",
                "OPTIONS",
                "EXIT STATUS",
                "SEE ALSO",
            ],
        };
        let mut at = have.iter();
        for section in want {
            assert!(
                at.any(|h| h == section),
                "{name}: no {section} in order; sections: {have:?}"
            );
        }
    }
}

#[test]
fn examples_and_files_read_as_written() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("man");
    let (gsudo, _) = render(&dir.join("gsudo.1"));
    // An example is one line, as typed, not reflowed into the paragraph around it.
    assert!(
        gsudo.lines().any(|l| l.trim()
            == r#"gsudo -s deployer@proj.iam.gserviceaccount.com -R "JIRA-123 rotate keys" kubectl get pods"#),
        "{gsudo}"
    );
    for file in [
        "/etc/gsudo/policy.toml",
        "sessions.jsonl",
        "$XDG_RUNTIME_DIR/gsudo/",
        "config.toml",
    ] {
        assert!(gsudo.contains(file), "gsudo.1 does not name {file}");
    }
    assert!(gsudo.contains("gsudo-config(5)"));
    let (config, _) = render(&dir.join("gsudo-config.5"));
    for key in ["lifetime", "shell", "aliases.NAME", "policy.max_lifetime"] {
        assert!(
            config.lines().any(|l| l.trim_start().starts_with(key)),
            "gsudo-config.5 does not list {key}"
        );
    }
    assert!(
        config.lines().any(|l| l.trim() == "[projects.my-proj]"),
        "{config}"
    );
}
