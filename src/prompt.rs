//! The confirmation a policy asks for before a privileged run. gsudo asks only on a terminal
//! (standard input and standard error both); without one, the run needs `-y`.

use std::io::{BufRead, IsTerminal, Write};
use std::path::Path;

use crate::config::Settings;
use crate::config::policy::Violation;
use crate::ui::Failure;

/// Asks whether to go ahead with `what` (a command's name, "a shell", "a token") under
/// `settings`, because the policy in `policy` wants it asked.
pub fn confirm(policy: &Path, settings: &Settings, what: &str) -> Result<(), Failure> {
    let (stdin, stderr) = (std::io::stdin(), std::io::stderr());
    if !(stdin.is_terminal() && stderr.is_terminal()) {
        // A script cannot answer; it must say yes on purpose.
        return Err(Violation {
            rule: "confirm",
            source: policy.to_owned(),
            wants: "asks to confirm each privileged run, and there is no terminal to ask on".into(),
            hint: "Pass -y (--yes) to confirm the run without a prompt.".into(),
        }
        .into());
    }
    let mut err = stderr.lock();
    let _ = write!(
        err,
        "gsudo: run {what} as {} for up to {} (reason: {})? [y/N] ",
        settings.account, settings.session_length, settings.reason
    );
    let _ = err.flush();
    let mut answer = String::new();
    // An unreadable answer or end of input is a no.
    let _ = stdin.lock().read_line(&mut answer);
    match answer.trim().to_ascii_lowercase().as_str() {
        "y" | "yes" => Ok(()),
        _ => Err(
            Failure::new("The run was not confirmed, so nothing was minted.")
                .with_hint("Answer y to go ahead, or pass -y (--yes)."),
        ),
    }
}
