//! The command line the user meant, for hints: gsudo's options moved before the command word,
//! or a subcommand named first, quoted so that it can be copied.

use std::ffi::OsString;

use super::program::quote_all;

/// The words the user gave gsudo before the command word, `--` left out.
fn options_given(argv: &[OsString]) -> Vec<OsString> {
    let mut given: Vec<OsString> = std::env::args_os().skip(1).collect();
    given.truncate(given.len().saturating_sub(argv.len()));
    if given.last().is_some_and(|w| w == "--") {
        given.pop();
    }
    given
}

/// `gsudo -s SA -R r token --format json` as `gsudo token -s SA -R r --format json`.
pub fn subcommand_first(name: &str, argv: &[OsString]) -> String {
    let options = options_given(argv);
    let line = std::iter::once(&OsString::from(name))
        .chain(&options)
        .chain(&argv[1..])
        .cloned()
        .collect::<Vec<_>>();
    format!("gsudo {}", quote_all(&line))
}

/// The command line with gsudo's -s and -R moved from after the command word, where the
/// command gets them (`gsudo true -s SA -R r`), to before it; `None` when there are none.
pub fn options_first(argv: &[OsString]) -> Option<String> {
    let (moved, kept) = split_misplaced(argv);
    if moved.is_empty() {
        return None;
    }
    let line: Vec<OsString> = options_given(argv)
        .into_iter()
        .chain(moved)
        .chain(kept)
        .collect();
    Some(format!("gsudo {}", quote_all(&line)))
}

/// gsudo's -s and -R (with their values) found after the command word, and the rest.
fn split_misplaced(argv: &[OsString]) -> (Vec<OsString>, Vec<OsString>) {
    const TAKES_VALUE: [&str; 4] = ["-s", "--service-account", "-R", "--reason"];
    const ATTACHED: [&str; 2] = ["--service-account=", "--reason="];
    let (mut moved, mut kept) = (Vec::new(), argv.iter().take(1).cloned().collect::<Vec<_>>());
    let mut words = argv.iter().skip(1);
    while let Some(word) = words.next() {
        let text = word.to_string_lossy();
        if TAKES_VALUE.contains(&text.as_ref())
            && let Some(value) = words.next()
        {
            moved.extend([word.clone(), value.clone()]);
        } else if ATTACHED.iter().any(|prefix| text.starts_with(prefix)) {
            moved.push(word.clone());
        } else {
            kept.push(word.clone());
        }
    }
    (moved, kept)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(w: &[&str]) -> Vec<OsString> {
        w.iter().map(OsString::from).collect()
    }

    #[test]
    fn moves_only_gsudos_account_and_reason_with_their_values() {
        let argv = words(&[
            "gcloud",
            "ls",
            "-R",
            "a b",
            "-l",
            "--service-account=x",
            "-s",
            "y",
            "-s",
        ]);
        let (moved, kept) = split_misplaced(&argv);
        assert_eq!(
            moved,
            words(&["-R", "a b", "--service-account=x", "-s", "y"])
        );
        // A trailing -s has no value: it is the command's.
        assert_eq!(kept, words(&["gcloud", "ls", "-l", "-s"]));
        assert_eq!(split_misplaced(&words(&["true"])).0, Vec::<OsString>::new());
    }
}
