//! What ends the command when gsudo itself is killed with SIGKILL, which it cannot catch.
//!
//! The watchdog is a tiny shell process that leads a process group of its own; the command is
//! started in that group. The watchdog blocks reading a pipe whose only writer is gsudo (the
//! write end is close-on-exec, so no command inherits it). When gsudo ends normally it writes
//! `done` and the watchdog exits. When gsudo dies in any way, the kernel closes the pipe, and
//! the watchdog reads end of file: it removes the session directory (gcloud's token cache with
//! it), kills the other processes of its group and every process that carries the session in
//! its environment (`GSUDO_SESSION`: those that left the group too, like an interactive shell,
//! which makes a group of its own, and its jobs), and ends.
//!
//! A parent-death signal (PR_SET_PDEATHSIG) would reach the command alone, not what it started,
//! and can only be set between fork and exec, which needs `unsafe` code; a group and a process
//! outside gsudo need neither. A process that both leaves the group and clears its environment
//! is beyond the watchdog's reach.

use std::io::{self, Write};
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};

/// The watchdog's script (`$1` the session directory, `$2` the session id). It ignores the
/// signals a terminal or a group kill would send it, so that only gsudo's end decides. It
/// removes the session directory first (the token caches), and again once nothing of the
/// session can write there any more. Each round kills the other members of its group
/// (`pgrep -g`) and every process carrying the session (found in /proc, on Linux); a process
/// that forked or left the group during one round is found by the next. `kill -s KILL 0` is its
/// last act, as it kills the watchdog too.
const SCRIPT: &str = r#"trap '' INT QUIT TSTP TTIN TTOU HUP TERM
read -r word
[ "$word" = done ] && exit 0
rm -rf -- "$1"
for round in 1 2 3; do
  kill -s KILL $(pgrep -g $$ | grep -vx $$) \
    $(grep -lsxzF "GSUDO_SESSION=$2" /proc/[0-9]*/environ | sed 's|^/proc/||; s|/environ$||') \
    2>/dev/null
done
rm -rf -- "$1"
kill -s KILL 0"#;

/// A running watchdog for one session. Dropping it tells the watchdog that gsudo ended normally.
#[derive(Debug)]
pub struct Watchdog {
    child: Child,
    pipe: Option<ChildStdin>,
}

impl Watchdog {
    /// Starts the watchdog for session `id`, whose files are in `session_dir`.
    pub fn start(session_dir: &Path, id: &str) -> io::Result<Self> {
        let mut child = Command::new("/bin/sh")
            .args(["-c", SCRIPT, "gsudo-watchdog"])
            .arg(session_dir)
            .arg(id)
            .env_clear()
            .env("PATH", "/usr/bin:/bin")
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn()?;
        let pipe = child.stdin.take();
        Ok(Self { child, pipe })
    }

    /// The process group the command must join (the watchdog leads it).
    pub fn group(&self) -> i32 {
        // A pid always fits: the kernel's pids are positive i32s.
        i32::try_from(self.child.id()).unwrap_or(i32::MAX)
    }
}

impl Drop for Watchdog {
    fn drop(&mut self) {
        if let Some(mut pipe) = self.pipe.take() {
            let _ = pipe.write_all(b"done\n");
        }
        // It exits as soon as it has read the line. Not waited for: a watchdog someone stopped
        // (SIGSTOP) must not hang gsudo's exit; once gsudo is gone, init reaps it.
        let _ = self.child.try_wait();
    }
}
