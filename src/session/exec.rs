//! Running the command: spawn, relay signals, wait, and end the way it ended.
//!
//! No pty: the command runs in a process group of its own (the watchdog's, see `watchdog`), on
//! gsudo's terminal. When gsudo's group is the terminal's foreground, gsudo makes the command's
//! group the foreground while it runs, as a shell does with a job: what the terminal sends
//! (Ctrl-C, Ctrl-\, Ctrl-Z) reaches the command, once, and not gsudo. When the command stops,
//! gsudo takes the terminal back and stops too, so that the shell sees the job stopped; `fg`
//! continues gsudo, which hands the terminal back and continues the command. gsudo catches the
//! terminating signals so it outlives the command and tears down, and relays to the command
//! those sent to gsudo alone (`kill -TERM <gsudo>`), never those the command sent itself.

use std::ffi::OsString;
use std::io;
use std::os::unix::process::ExitStatusExt;
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::thread;

use nix::sys::signal::Signal;
use nix::sys::wait::{Id, WaitPidFlag, WaitStatus, waitid};
use nix::unistd::Pid;
use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};
use signal_hook::iterator::SignalsInfo;
use signal_hook::iterator::exfiltrator::WithOrigin;
use signal_hook::low_level::siginfo::{Cause, Origin};

use super::system;

/// The signals gsudo outlives the command for.
const HANDLED: [i32; 4] = [SIGINT, SIGTERM, SIGHUP, SIGQUIT];

/// How the command ended; gsudo ends the same way.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExitReason {
    Code(i32),
    Signal(Signal),
}

impl ExitReason {
    pub fn exit(self) -> ! {
        match self {
            ExitReason::Code(code) => std::process::exit(code),
            ExitReason::Signal(signal) => system::die_by(signal),
        }
    }
}

/// The command could not be started.
#[derive(Debug, thiserror::Error)]
pub enum SpawnError {
    #[error("{} was not found", program.to_string_lossy())]
    NotFound { program: OsString },
    #[error("{} cannot be executed: {source}", program.to_string_lossy())]
    NotExecutable {
        program: OsString,
        source: io::Error,
    },
}

impl SpawnError {
    /// The exit status a shell would give: 127 not found, 126 not executable.
    pub fn exit_code(&self) -> i32 {
        match self {
            SpawnError::NotFound { .. } => 127,
            SpawnError::NotExecutable { .. } => 126,
        }
    }
}

/// Catches the terminating signals from the moment it is installed, so that a Ctrl-C while
/// gsudo prepares the session still leads to a clean teardown.
pub struct Supervisor {
    signals: SignalsInfo<WithOrigin>,
}

impl Supervisor {
    pub fn install() -> io::Result<Self> {
        Ok(Self {
            signals: SignalsInfo::with_exfiltrator(HANDLED, WithOrigin::default())?,
        })
    }

    /// A terminating signal that arrived before the command started, if any.
    pub fn pending_termination(&mut self) -> Option<Signal> {
        self.signals
            .pending()
            .last()
            .and_then(|origin| Signal::try_from(origin.signal).ok())
    }

    /// Runs `command` to its end, relaying signals sent to gsudo alone.
    pub fn run(self, mut command: Command) -> Result<ExitReason, SpawnError> {
        // Asked before the command starts, which then holds the terminal.
        let terminal = system::Terminal::if_foreground();
        let program = command.get_program().to_owned();
        let mut child = command.spawn().map_err(|source| match source.kind() {
            io::ErrorKind::NotFound => SpawnError::NotFound {
                program: program.clone(),
            },
            _ => SpawnError::NotExecutable {
                program: program.clone(),
                source,
            },
        })?;
        let pid = child.id() as i32;
        let group = system::group_of(pid).unwrap_or(pid);
        let terminal = terminal.map(Arc::new);
        if let Some(terminal) = &terminal {
            terminal.hand_to(group);
        }

        // Set once the child is about to be reaped: after that its pid may belong to another
        // process, so nothing may be sent to it.
        let reaped = Arc::new(Mutex::new(false));
        let handle = self.signals.handle();
        let relay = {
            let reaped = Arc::clone(&reaped);
            let terminal = terminal.clone();
            let mut signals = self.signals;
            thread::spawn(move || {
                for origin in signals.forever() {
                    let Ok(gone) = reaped.lock() else { break };
                    if *gone {
                        break;
                    }
                    let command_has_terminal = terminal
                        .as_ref()
                        .is_some_and(|t| t.foreground() == Some(group));
                    if should_relay(&origin, pid, command_has_terminal)
                        && let Ok(signal) = Signal::try_from(origin.signal)
                    {
                        system::send(pid, signal);
                    }
                }
            })
        };

        wait_without_reaping(pid, group, terminal.as_deref());
        if let Some(terminal) = &terminal
            && terminal.foreground() == Some(group)
        {
            terminal.take_back();
        }
        if let Ok(mut gone) = reaped.lock() {
            *gone = true;
        }
        let status = child.wait();
        handle.close();
        let _ = relay.join();

        Ok(match status {
            Ok(status) => match (status.code(), status.signal()) {
                (Some(code), _) => ExitReason::Code(code),
                (None, Some(signal)) => Signal::try_from(signal)
                    .map_or(ExitReason::Code(128 + signal), ExitReason::Signal),
                (None, None) => ExitReason::Code(1),
            },
            // The child was spawned by us and not reaped elsewhere; this cannot fail in
            // practice, and 1 is the honest "it did not succeed".
            Err(_) => ExitReason::Code(1),
        })
    }
}

/// Blocks until the child has exited, leaving it a zombie so its pid stays reserved. While gsudo
/// handed the terminal to the command, a stop of the command stops gsudo too.
fn wait_without_reaping(pid: i32, group: i32, terminal: Option<&system::Terminal>) {
    let child = || Id::Pid(Pid::from_raw(pid));
    loop {
        match waitid(
            child(),
            WaitPidFlag::WEXITED | WaitPidFlag::WSTOPPED | WaitPidFlag::WNOWAIT,
        ) {
            Err(nix::errno::Errno::EINTR) => continue,
            Ok(WaitStatus::Stopped(_, signal)) => {
                // Taken off the child, which stays: left there, WNOWAIT would report it forever.
                let _ = waitid(child(), WaitPidFlag::WSTOPPED | WaitPidFlag::WNOHANG);
                if let Some(terminal) = terminal {
                    stop_with(group, signal, terminal);
                }
            }
            _ => return,
        }
    }
}

/// The command's group stopped by `signal`: gsudo stops the same way, and once continued gives
/// the terminal back to the command (when gsudo is in the foreground) and continues it.
fn stop_with(group: i32, signal: Signal, terminal: &system::Terminal) {
    use Signal::{SIGCONT, SIGTTIN, SIGTTOU};
    if matches!(signal, SIGTTIN | SIGTTOU) && terminal.foreground() == Some(group) {
        // It used the terminal in the moment before gsudo made its group the foreground.
        system::send_group(group, SIGCONT);
        return;
    }
    if terminal.foreground() == Some(group) {
        terminal.take_back();
    }
    system::stop_self(signal);
    // Continued: by `fg` (gsudo is in the foreground) or `bg` (it is not).
    if terminal.held_by_gsudo() {
        terminal.hand_to(group);
    }
    system::send_group(group, SIGCONT);
}

/// Whether a signal gsudo caught should be passed on to the command.
fn should_relay(origin: &Origin, child: i32, command_has_terminal: bool) -> bool {
    match origin.cause {
        // Sent by a process: relay it, unless the command (or something it started) sent it:
        // it can signal itself, and relaying back would loop.
        Cause::Sent(_) => origin
            .process
            .is_none_or(|sender| !system::is_within(sender.pid, child)),
        // Sent by the terminal. While the command's group is its foreground, the terminal
        // signalled the command too (a hangup reaches both the session leader and the
        // foreground); otherwise gsudo's group was the foreground, and the command heard nothing.
        Cause::Kernel => !command_has_terminal,
        _ => true,
    }
}
