//! How gsudo speaks: one sentence per failure with an optional hint, colour only on a terminal
//! (and never with NO_COLOR), progress notes unless `-q`, HTTP calls with `-v`.

use std::borrow::Cow;
use std::fmt;
use std::io::{IsTerminal, Write};
use std::sync::OnceLock;
use std::time::Duration;

use unicode_properties::{GeneralCategory, UnicodeGeneralCategory};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Quiet,
    Normal,
    Verbose,
}

struct Ui {
    level: Level,
    colour: bool,
}

static UI: OnceLock<Ui> = OnceLock::new();

/// Sets how much gsudo says; called once, first thing in `main`.
pub fn init(level: Level, no_colour: bool) {
    let colour = !no_colour && std::io::stderr().is_terminal();
    let _ = UI.set(Ui { level, colour });
}

fn ui() -> &'static Ui {
    UI.get_or_init(|| Ui {
        level: Level::Normal,
        colour: false,
    })
}

pub fn level() -> Level {
    ui().level
}

fn paint(code: &str, text: &str) -> String {
    if ui().colour {
        format!("\x1b[{code}m{text}\x1b[0m")
    } else {
        text.to_owned()
    }
}

/// A failure the user can act on: what happened, and what to do about it.
#[derive(Debug)]
pub struct Failure {
    pub message: String,
    pub hint: Option<String>,
}

impl Failure {
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            hint: None,
        }
    }

    /// A failure whose message is made one sentence (see [`sentence`]), for messages built
    /// from error values, which are written to be embedded and so start lower-case.
    pub fn sentence(message: &str) -> Self {
        Self::new(sentence(message))
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

/// Names of programs, written lower-case even at the start of a sentence.
const LOWER_CASE_NAMES: &[&str] = &["gsudo", "gcloud", "gsutil", "bq", "kubectl"];

/// `message` as one sentence: its first word capitalised when it is an ordinary word (not an
/// email, a path, a URL or a program's name), and exactly one full stop at the end.
pub fn sentence(message: &str) -> String {
    let trimmed = message.trim().trim_end_matches('.');
    let first_word = trimmed.split(' ').next().unwrap_or_default();
    let ordinary = first_word
        .chars()
        .all(|c| c.is_ascii_lowercase() || c == '\'')
        && !LOWER_CASE_NAMES.contains(&first_word);
    let mut chars = trimmed.chars();
    match chars.next() {
        Some(first) if ordinary => format!("{}{}.", first.to_ascii_uppercase(), chars.as_str()),
        _ => format!("{trimmed}."),
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

pub fn failure(failure: &Failure) {
    let mut err = std::io::stderr().lock();
    let _ = writeln!(
        err,
        "{} {}",
        paint("1;31", "gsudo: error:"),
        escape(&failure.message)
    );
    if let Some(hint) = &failure.hint {
        let _ = writeln!(err, "{} {}", paint("1;36", "  hint:"), escape(hint));
    }
}

pub fn warn(message: &str) {
    if level() >= Level::Normal {
        eprintln!("{} {}", paint("1;33", "gsudo: warning:"), escape(message));
    }
}

/// A line about what gsudo is doing, shown unless `-q`.
pub fn note(message: &str) {
    if level() >= Level::Normal {
        eprintln!("{} {}", paint("1;32", "gsudo:"), escape(message));
    }
}

/// One HTTP call gsudo made, shown with `-v`. Callers pass URLs that carry no secret.
pub fn http(method: &str, url: &str, status: Option<u16>, took: Duration) {
    if level() >= Level::Verbose {
        let status = status.map_or_else(|| "failed".to_owned(), |s| s.to_string());
        eprintln!(
            "{} {} {} -> {status} ({:.1} ms)",
            paint("2", "gsudo: http:"),
            escape(method),
            escape(url),
            took.as_secs_f64() * 1000.0
        );
    }
}

/// Other detail shown with `-v`.
pub fn debug(message: &str) {
    if level() >= Level::Verbose {
        eprintln!("{} {}", paint("2", "gsudo: debug:"), escape(message));
    }
}

/// Whether `c` could hide or rewrite text on a terminal: a control character (escape sequences
/// start with one), a format character (the bidi overrides that reverse what follows, zero-width
/// ones), or a line or paragraph separator (Unicode categories Cc, Cf, Zl and Zp).
pub fn hides_text(c: char) -> bool {
    matches!(
        c.general_category(),
        GeneralCategory::Control
            | GeneralCategory::Format
            | GeneralCategory::LineSeparator
            | GeneralCategory::ParagraphSeparator
    )
}

/// `text` fit for a terminal: every character `hides_text` names is written out as `\u{...}`.
/// Every string gsudo did not write itself (a display name from an API, a command name, a
/// host a client asked for) goes through it before it is printed.
pub fn escape(text: &str) -> Cow<'_, str> {
    if !text.chars().any(hides_text) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if hides_text(c) {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_that_could_rewrite_a_terminal_is_escaped() {
        assert!(matches!(escape("deployer änderung 日本"), Cow::Borrowed(_)));
        assert_eq!(
            escape("a\u{1b}[2Jb\u{7}\u{202e}c\u{2028}d\u{2029}e\u{200b}f\u{85}\n"),
            "a\\u{1b}[2Jb\\u{7}\\u{202e}c\\u{2028}d\\u{2029}e\\u{200b}f\\u{85}\\u{a}"
        );
        for c in [
            '\u{1b}', '\u{7f}', '\u{202e}', '\u{2066}', '\u{feff}', '\u{2028}',
        ] {
            assert!(hides_text(c), "{c:?}");
        }
        for c in ['a', ' ', 'é', '日', '\u{a0}'] {
            assert!(!hides_text(c), "{c:?}");
        }
    }
}

#[cfg(test)]
mod sentence_tests {
    use super::sentence;

    #[test]
    fn an_ordinary_first_word_is_capitalised_and_one_full_stop_ends_it() {
        assert_eq!(sentence("cannot read x."), "Cannot read x.");
        assert_eq!(sentence("the file is gone.. "), "The file is gone.");
    }

    #[test]
    fn emails_urls_and_program_names_keep_their_case() {
        assert_eq!(
            sentence("alice@example.com cannot"),
            "alice@example.com cannot."
        );
        assert_eq!(sentence("gcloud failed"), "gcloud failed.");
        assert_eq!(sentence("http://x/ refused"), "http://x/ refused.");
    }

    proptest::proptest! {
        #[test]
        fn any_message_becomes_one_sentence_once(message in "\\PC{0,40}") {
            let once = sentence(&message);
            proptest::prop_assert!(once.ends_with('.') && !once.ends_with(".."), "{once:?}");
            proptest::prop_assert_eq!(sentence(&once), once);
        }
    }
}

/// The exit status when gsudo itself fails before the command starts.
pub const GSUDO_FAILED: i32 = 125;

/// Writes gsudo's own output to stdout. When the reader has gone (`gsudo log | head -1`), gsudo
/// stops the way coreutils do: quietly, killed by SIGPIPE. Rust ignores SIGPIPE, which the
/// session's servers need (a peer that hangs up is an error to handle, not death), so `println!`
/// would panic there instead.
///
/// Stopping unwinds with [`ClosedPipe`] rather than dying on the spot, so that destructors still
/// remove what the command created (the sandbox's temporary home, a session directory); `main`
/// then ends gsudo with [`die_of_closed_pipe`].
pub fn out(text: fmt::Arguments<'_>) {
    let mut stdout = std::io::stdout().lock();
    if let Err(e) = stdout.write_fmt(text).and_then(|()| stdout.flush()) {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            // resume_unwind, unlike panic!, prints nothing.
            std::panic::resume_unwind(Box::new(ClosedPipe));
        }
        failure(
            &Failure::new(format!("gsudo could not write its output: {e}."))
                .with_hint("Check where its standard output goes (a full disk, a closed file)."),
        );
        std::process::exit(GSUDO_FAILED);
    }
}

/// What [`out`] unwinds with when the reader of stdout has gone.
pub struct ClosedPipe;

/// Ends gsudo as killed by SIGPIPE, so that the shell sees what it sees of `yes | head -1`.
pub fn die_of_closed_pipe() -> ! {
    // signal-hook restores the default disposition and raises the signal, behind a safe API
    // (the workspace forbids unsafe code).
    let _ = signal_hook::low_level::emulate_default_handler(signal_hook::consts::SIGPIPE);
    // Not reached unless the signal is blocked; 141 is the status a shell gives its death.
    std::process::exit(128 + signal_hook::consts::SIGPIPE)
}

/// `print!` through [`out`]: stops quietly when the reader of stdout has gone.
#[macro_export]
macro_rules! out {
    ($($arg:tt)*) => {
        $crate::ui::out(format_args!($($arg)*))
    };
}

/// `println!` through [`out`]: stops quietly when the reader of stdout has gone.
#[macro_export]
macro_rules! outln {
    () => {
        $crate::ui::out(format_args!("\n"))
    };
    ($($arg:tt)*) => {
        $crate::ui::out(format_args!("{}\n", format_args!($($arg)*)))
    };
}
