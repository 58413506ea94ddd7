//! How gsudo speaks: one sentence per failure with an optional hint, colour only on a terminal
//! (and never with NO_COLOR), progress notes unless `-q`, HTTP calls with `-v`.

use std::fmt;
use std::io::{IsTerminal, Write};
use std::sync::OnceLock;
use std::time::Duration;

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

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
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
        failure.message
    );
    if let Some(hint) = &failure.hint {
        let _ = writeln!(err, "{} {hint}", paint("1;36", "  hint:"));
    }
}

pub fn warn(message: &str) {
    if level() >= Level::Normal {
        eprintln!("{} {message}", paint("1;33", "gsudo: warning:"));
    }
}

/// A line about what gsudo is doing, shown unless `-q`.
pub fn note(message: &str) {
    if level() >= Level::Normal {
        eprintln!("{} {message}", paint("1;32", "gsudo:"));
    }
}

/// One HTTP call gsudo made, shown with `-v`. Callers pass URLs that carry no secret.
pub fn http(method: &str, url: &str, status: Option<u16>, took: Duration) {
    if level() >= Level::Verbose {
        let status = status.map_or_else(|| "failed".to_owned(), |s| s.to_string());
        eprintln!(
            "{} {method} {url} -> {status} ({:.1} ms)",
            paint("2", "gsudo: http:"),
            took.as_secs_f64() * 1000.0
        );
    }
}

/// Other detail shown with `-v`.
pub fn debug(message: &str) {
    if level() >= Level::Verbose {
        eprintln!("{} {message}", paint("2", "gsudo: debug:"));
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
    use nix::sys::signal::{SigHandler, Signal, raise, signal};
    // SAFETY: restoring the default disposition installs no handler of ours.
    let _ = unsafe { signal(Signal::SIGPIPE, SigHandler::SigDfl) };
    let _ = raise(Signal::SIGPIPE);
    // Not reached unless the signal is blocked; 141 is the status a shell gives its death.
    std::process::exit(128 + Signal::SIGPIPE as i32)
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
