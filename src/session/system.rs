//! The few operating-system facts the session needs, behind small safe functions.

use nix::errno::Errno;
use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;

/// A process, told apart from a later one that reuses its pid by its start time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ProcessId {
    pub pid: i32,
    /// Clock ticks after boot (Linux `/proc/<pid>/stat` field 22); 0 where unknown.
    pub start_time: u64,
}

impl ProcessId {
    pub fn current() -> Self {
        let pid = std::process::id() as i32;
        Self {
            pid,
            start_time: start_time(pid).unwrap_or(0),
        }
    }

    /// Whether this very process still runs.
    pub fn is_running(&self) -> bool {
        let exists = match kill(Pid::from_raw(self.pid), None) {
            Ok(()) => true,
            Err(Errno::EPERM) => true,
            Err(_) => false,
        };
        exists
            && (self.start_time == 0 || start_time(self.pid).is_none_or(|t| t == self.start_time))
    }
}

/// Where a pid and start time mean something: one pid namespace, in one boot. A pid read from
/// another namespace or boot says nothing about the processes here.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PidScope {
    /// The inode of the pid namespace (`/proc/self/ns/pid`).
    pub namespace: u64,
    /// The kernel's boot id, without its dashes.
    pub boot: String,
}

impl PidScope {
    /// This process's scope; `None` when it cannot be told (no /proc, or a /proc mounted for
    /// another pid namespace, where `/proc/<pid>` is some other process).
    #[cfg(target_os = "linux")]
    pub fn current() -> Option<Self> {
        use std::os::unix::fs::MetadataExt;
        let proc_self = std::fs::read_link("/proc/self").ok()?;
        if proc_self.to_str()? != std::process::id().to_string() {
            return None;
        }
        let namespace = std::fs::metadata("/proc/self/ns/pid").ok()?.ino();
        let boot = std::fs::read_to_string("/proc/sys/kernel/random/boot_id").ok()?;
        let boot: String = boot
            .trim()
            .chars()
            .filter(char::is_ascii_hexdigit)
            .collect();
        (!boot.is_empty()).then_some(Self { namespace, boot })
    }

    /// Without /proc, nothing tells a recycled pid or another boot apart.
    #[cfg(not(target_os = "linux"))]
    pub fn current() -> Option<Self> {
        None
    }
}

/// Kills (SIGKILL) this user's processes that run in session `id` (`GSUDO_SESSION=<id>` in
/// the environment they started with): what is left of a session whose gsudo was killed.
#[cfg(target_os = "linux")]
pub fn kill_session_processes(id: &str) {
    use std::os::unix::fs::MetadataExt;
    let entry = format!("{}={id}", crate::settings::variable::SESSION);
    let me = nix::unistd::getuid().as_raw();
    let Ok(processes) = std::fs::read_dir("/proc") else {
        return;
    };
    for process in processes.flatten() {
        let Some(pid) = process.file_name().to_str().and_then(|p| p.parse().ok()) else {
            continue;
        };
        let path = process.path();
        if !std::fs::metadata(&path).is_ok_and(|m| m.uid() == me) {
            continue;
        }
        let Ok(environ) = std::fs::read(path.join("environ")) else {
            continue;
        };
        // Not this gsudo, which a session may have started and which is sweeping it.
        if pid != std::process::id() as i32
            && environ.split(|b| *b == 0).any(|e| e == entry.as_bytes())
        {
            send(pid, Signal::SIGKILL);
        }
    }
}

/// Without /proc a process's environment cannot be read: nothing is found.
#[cfg(not(target_os = "linux"))]
pub fn kill_session_processes(_id: &str) {}

#[cfg(target_os = "linux")]
fn start_time(pid: i32) -> Option<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name (field 2) may hold spaces and parentheses: count from the last ')'.
    let after_name = &stat[stat.rfind(')')? + 1..];
    after_name.split_whitespace().nth(19)?.parse().ok()
}

#[cfg(not(target_os = "linux"))]
fn start_time(_pid: i32) -> Option<u64> {
    None
}

/// Whether `pid` is `ancestor` or runs below it (a child, grandchild, ...).
#[cfg(target_os = "linux")]
pub fn is_within(pid: i32, ancestor: i32) -> bool {
    let mut current = pid;
    // Bounded: a process tree deeper than this is not one a command makes.
    for _ in 0..256 {
        if current == ancestor {
            return true;
        }
        match parent_of(current) {
            Some(parent) if parent > 1 => current = parent,
            _ => return false,
        }
    }
    false
}

#[cfg(target_os = "linux")]
fn parent_of(pid: i32) -> Option<i32> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    stat[stat.rfind(')')? + 1..]
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

/// Without /proc, the process group is the best available sign of the command's own tree: the
/// command runs in a group of its own (the watchdog's).
#[cfg(not(target_os = "linux"))]
pub fn is_within(pid: i32, ancestor: i32) -> bool {
    pid == ancestor || group_of(pid).is_some_and(|g| group_of(ancestor) == Some(g))
}

/// The process group `pid` is in, if it still runs.
pub fn group_of(pid: i32) -> Option<i32> {
    nix::unistd::getpgid(Some(Pid::from_raw(pid)))
        .ok()
        .map(Pid::as_raw)
}

/// Sends `signal` to every process of `group`; a group that is already gone is not an error.
pub fn send_group(group: i32, signal: Signal) {
    let _ = nix::sys::signal::killpg(Pid::from_raw(group), signal);
}

/// Stops this process with `signal` (a stop signal) and returns once it is continued.
pub fn stop_self(signal: Signal) {
    // Sent to this thread, the stop takes effect before the call returns; sent to the process,
    // another thread might take it while this one runs on.
    let _ = nix::sys::signal::raise(signal);
}

/// The controlling terminal, while gsudo's own process group is its foreground: gsudo then
/// hands it to the command's group and takes it back, as a shell does with a job.
#[derive(Debug)]
pub struct Terminal {
    tty: std::fs::File,
    own_group: Pid,
}

impl Terminal {
    /// The controlling terminal, if this process's group is its foreground now.
    pub fn if_foreground() -> Option<Self> {
        let tty = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open("/dev/tty")
            .ok()?;
        let own_group = nix::unistd::getpgrp();
        (nix::unistd::tcgetpgrp(&tty).ok()? == own_group).then_some(Self { tty, own_group })
    }

    /// The process group in the terminal's foreground.
    pub fn foreground(&self) -> Option<i32> {
        nix::unistd::tcgetpgrp(&self.tty).ok().map(Pid::as_raw)
    }

    /// Whether gsudo's own group is in the foreground.
    pub fn held_by_gsudo(&self) -> bool {
        self.foreground() == Some(self.own_group.as_raw())
    }

    /// Makes `group` the terminal's foreground.
    pub fn hand_to(&self, group: i32) {
        self.set_foreground(Pid::from_raw(group));
    }

    /// Makes gsudo's own group the terminal's foreground again.
    pub fn take_back(&self) {
        self.set_foreground(self.own_group);
    }

    fn set_foreground(&self, group: Pid) {
        use nix::sys::signal::{SigSet, SigmaskHow, pthread_sigmask};
        // A background process that changes the foreground gets SIGTTOU, which would stop
        // gsudo; with it blocked the change is simply made (POSIX tcsetpgrp).
        let mut ttou = SigSet::empty();
        ttou.add(Signal::SIGTTOU);
        let mut before = SigSet::empty();
        let blocked = pthread_sigmask(SigmaskHow::SIG_BLOCK, Some(&ttou), Some(&mut before));
        let _ = nix::unistd::tcsetpgrp(&self.tty, group);
        if blocked.is_ok() {
            let _ = pthread_sigmask(SigmaskHow::SIG_SETMASK, Some(&before), None);
        }
    }
}

/// Sends `signal` to `pid`; a process that is already gone is not an error.
pub fn send(pid: i32, signal: Signal) {
    let _ = kill(Pid::from_raw(pid), signal);
}

/// Ends this process by `signal`, as the command it ran ended, so the shell sees 128+N.
pub fn die_by(signal: Signal) -> ! {
    use nix::sys::resource::{Resource, setrlimit};
    // The command already dumped core if it was going to; gsudo's own core is noise.
    let _ = setrlimit(Resource::RLIMIT_CORE, 0, 0);
    let _ = signal_hook::low_level::emulate_default_handler(signal as i32);
    // Reached only for a signal whose default action does not end a process.
    std::process::exit(128 + signal as i32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn this_process_runs_and_a_made_up_one_does_not() {
        let me = ProcessId::current();
        assert!(me.is_running());
        if cfg!(target_os = "linux") {
            assert!(me.start_time > 0);
            assert!(
                !ProcessId {
                    start_time: me.start_time + 1,
                    ..me
                }
                .is_running()
            );
        }
        assert!(
            !ProcessId {
                pid: 999_999_999,
                start_time: 0
            }
            .is_running()
        );
    }
}
