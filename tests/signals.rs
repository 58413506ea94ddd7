//! Signals behave as if the command ran directly: the terminal's Ctrl-C reaches it once,
//! Ctrl-Z stops and `fg` resumes it, SIGTERM and SIGHUP sent to gsudo reach it, and gsudo tears
//! down and ends the way the command ended.

mod common;

use std::io::{BufRead, BufReader, Read};
use std::os::unix::process::ExitStatusExt;
use std::process::{Child, Stdio};
use std::time::Duration;

use common::terminal::Terminal;
use common::*;
use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;

/// Starts gsudo running `script` and waits for the script's "ready" line.
fn start(user: &User, script: &str) -> (Child, BufReader<std::process::ChildStdout>) {
    let mut child = user
        .gsudo()
        .args(["-s", DEPLOYER, "-R", "signals", "sh", "-c", script])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    out.read_line(&mut line).unwrap();
    assert_eq!(line, "ready\n");
    (child, out)
}

#[test]
fn sigterm_and_sighup_sent_to_gsudo_reach_the_command() {
    let emulator = Emulator::start();
    let user = User::new(&emulator);
    for (signal, code) in [(Signal::SIGTERM, 9), (Signal::SIGHUP, 8)] {
        let script =
            "trap 'exit 9' TERM; trap 'exit 8' HUP; echo ready; while :; do sleep 0.05; done";
        let (mut child, _out) = start(&user, script);
        kill(Pid::from_raw(child.id() as i32), signal).unwrap();
        let status = child.wait().unwrap();
        assert_eq!(status.code(), Some(code), "{signal}: {status:?}");
        assert!(user.session_dirs().is_empty());
    }
}

#[test]
fn a_command_that_ignores_sigterm_keeps_gsudo_waiting_for_it() {
    let emulator = Emulator::start();
    let user = User::new(&emulator);
    let (mut child, mut out) = start(
        &user,
        "trap 'echo got TERM' TERM; echo ready; sleep 1; sleep 1; echo done",
    );
    kill(Pid::from_raw(child.id() as i32), Signal::SIGTERM).unwrap();
    let mut rest = String::new();
    out.read_to_string(&mut rest).unwrap();
    assert_eq!(rest, "got TERM\ndone\n");
    assert_eq!(child.wait().unwrap().code(), Some(0));
}

#[test]
fn a_signal_the_command_sends_gsudo_is_not_sent_back_to_it() {
    let emulator = Emulator::start();
    let user = User::new(&emulator);
    let out = user.run_as(
        DEPLOYER,
        &[
            "sh",
            "-c",
            "trap 'echo got TERM' TERM; kill -TERM $PPID; sleep 0.5; echo done",
        ],
    );
    assert_eq!(stdout(&out), "done\n");
    assert_eq!(out.status.code(), Some(0));
}

/// An interactive bash on a real terminal, at its first prompt.
fn shell(user: &User) -> Terminal {
    let term = Terminal::start(
        user,
        &["env", "PS1=$ ", "bash", "--norc", "--noprofile", "-i"],
    );
    term.wait_for("$ ");
    term
}

/// The command line that runs `script` (a file, so that what the terminal echoes of the line
/// holds none of the words the script prints) under gsudo, then shows gsudo's exit status.
fn gsudo_line(user: &User, name: &str, script: &str) -> String {
    let file = user.path(name);
    std::fs::write(&file, script).unwrap();
    format!(
        "{} -s {DEPLOYER} -R signals sh {}; echo \"exit:$?\"",
        env!("CARGO_BIN_EXE_gsudo"),
        file.display()
    )
}

/// The number in the last `<prefix><digits>` on the screen.
fn last_number(screen: &str, prefix: &str) -> Option<i64> {
    screen.rmatch_indices(prefix).find_map(|(at, _)| {
        let digits: String = screen[at + prefix.len()..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        digits.parse().ok()
    })
}

fn state_of(pid: i64) -> char {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    stat.rfind(')')
        .and_then(|i| stat.get(i + 2..)?.chars().next())
        .unwrap_or('?')
}

#[test]
fn ctrl_c_on_the_terminal_reaches_the_command_once() {
    let emulator = Emulator::start();
    let user = User::new(&emulator);
    let term = shell(&user);
    let stop = user.path("stop");
    let script = format!(
        "n=0\ntrap 'n=$((n+1)); echo INT-$n' INT\necho ready\nwhile [ ! -e {} ]; do sleep 0.05; done\necho total-$n\nexit $n\n",
        stop.display()
    );
    term.type_line(&gsudo_line(&user, "int.sh", &script));
    term.wait_for("ready\n");
    term.press("C-c");
    term.wait_for("INT-1");
    // Give a second, relayed copy every chance to arrive before the command ends.
    std::thread::sleep(Duration::from_millis(500));
    std::fs::write(&stop, "").unwrap();
    let screen = term.wait_until("gsudo's exit status", |s| last_number(s, "exit:").is_some());
    assert!(screen.contains("total-1\n"), "{screen}");
    assert!(!screen.contains("INT-2"), "{screen}");
    assert_eq!(last_number(&screen, "exit:"), Some(1), "{screen}");
    assert!(user.session_dirs().is_empty());
}

#[test]
fn ctrl_z_stops_the_command_and_fg_resumes_it_then_ctrl_c_ends_both() {
    let emulator = Emulator::start();
    let user = User::new(&emulator);
    let term = shell(&user);
    term.type_line(&gsudo_line(
        &user,
        "ticks.sh",
        "echo gsudo=$PPID\ni=0\nwhile :; do i=$((i+1)); echo tick-$i; sleep 0.1; done\n",
    ));
    let screen = term.wait_until("the ticks", |s| last_number(s, "tick-").is_some());
    let gsudo = last_number(&screen, "gsudo=").expect("the script shows gsudo's pid");

    term.press("C-z");
    let screen = term.wait_for("Stopped");
    assert_eq!(state_of(gsudo), 'T', "gsudo is stopped with its command");
    let before = last_number(&screen, "tick-").unwrap_or_default();
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(
        last_number(&term.screen(), "tick-"),
        Some(before),
        "the command is stopped too"
    );

    term.type_line("fg");
    term.wait_until("the ticks going on", |s| {
        last_number(s, "tick-").is_some_and(|n| n > before + 1)
    });
    assert_ne!(state_of(gsudo), 'T');

    term.press("C-c");
    // bash drops the rest of a command list whose job was stopped: ask for `fg`'s status.
    term.type_line("echo \"exit:$?\"");
    let screen = term.wait_until("fg's exit status", |s| last_number(s, "exit:").is_some());
    // The command died of SIGINT, and so did gsudo: the shell sees 128 + 2.
    assert_eq!(last_number(&screen, "exit:"), Some(130), "{screen}");
    assert!(user.session_dirs().is_empty());
}

#[test]
fn a_command_killed_by_sigkill_still_leaves_nothing_behind() {
    let emulator = Emulator::start();
    let user = User::new(&emulator);
    let out = user.run_as(DEPLOYER, &["sh", "-c", "kill -KILL $$"]);
    assert_eq!(out.status.signal(), Some(Signal::SIGKILL as i32));
    assert!(user.session_dirs().is_empty());
}
