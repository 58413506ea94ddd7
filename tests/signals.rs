//! Signals behave as if the command ran directly: the terminal's Ctrl-C reaches it once,
//! Ctrl-Z stops and `fg` resumes it, SIGTERM and SIGHUP sent to gsudo reach it, and gsudo tears
//! down and ends the way the command ended.

mod common;

use std::io::{BufRead, BufReader, Read};
use std::os::unix::process::ExitStatusExt;
use std::process::{Child, Stdio};

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
    // The command ends only after it has seen the signal: gsudo must still be waiting for it.
    let (mut child, mut out) = start(
        &user,
        "trap 'echo got TERM; seen=1' TERM; echo ready; while [ -z \"$seen\" ]; do sleep 0.05; done; echo done",
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
    // The command sends gsudo SIGHUP; then the test sends gsudo SIGTERM, which gsudo relays.
    // gsudo handles its signals one at a time, lowest number first when several wait, and
    // SIGHUP (1) is both sent first and numbered below SIGTERM (15): had gsudo relayed the
    // command's SIGHUP, the command would have heard it before the SIGTERM that ends it.
    let (mut child, mut out) = start(
        &user,
        "trap 'echo got HUP' HUP; trap 'echo got TERM; exit 9' TERM; kill -HUP $PPID; echo ready; \
         while :; do sleep 0.05; done",
    );
    kill(Pid::from_raw(child.id() as i32), Signal::SIGTERM).unwrap();
    let mut rest = String::new();
    out.read_to_string(&mut rest).unwrap();
    assert_eq!(rest, "got TERM\n");
    assert_eq!(child.wait().unwrap().code(), Some(9));
}

#[test]
fn sigkill_of_gsudo_ends_the_command_and_what_it_started_and_removes_the_session() {
    let emulator = Emulator::start();
    let user = User::new(&emulator);
    // gcloud fills its token cache in the session first. Then the command leaves a background
    // process in its group, and one in a session of its own (as an interactive shell or a
    // daemon would leave the group); all hold the command's stdout, so its end of file says
    // that all are gone.
    require("gcloud");
    let (mut child, mut out) = start(
        &user,
        "gcloud auth print-access-token >/dev/null && echo ready; ls \"$CLOUDSDK_CONFIG\"; \
         sleep 1000 & setsid sh -c 'echo escaped; exec sleep 1000' & wait",
    );
    let mut listing = String::new();
    while !listing.ends_with("escaped\n") {
        assert_ne!(out.read_line(&mut listing).unwrap(), 0, "{listing}");
    }
    assert!(listing.contains("access_tokens.db\n"), "{listing}");
    assert_eq!(user.session_dirs().len(), 1);
    kill(Pid::from_raw(child.id() as i32), Signal::SIGKILL).unwrap();
    assert_eq!(child.wait().unwrap().signal(), Some(Signal::SIGKILL as i32));
    let rest = eventually("the command to end with gsudo", move || {
        let mut out = out;
        let mut rest = String::new();
        out.read_to_string(&mut rest).map(|_| rest)
    });
    assert_eq!(rest.unwrap(), "");
    assert!(user.session_dirs().is_empty(), "{:?}", user.session_dirs());

    // The session is in the log, unfinished: gsudo wrote its line before the command ran.
    let log = user.session_log();
    assert_eq!(log.len(), 1, "{log:?}");
    assert_eq!(log[0]["account"], DEPLOYER);
    assert_eq!(log[0]["command"], "sh");
    assert_eq!(log[0]["end"], serde_json::Value::Null);
    let table = user.gsudo().arg("log").output().unwrap();
    let table = stdout(&table);
    let row = table.lines().nth(1).unwrap_or_default();
    assert!(
        row.contains(" unfinished ") && row.contains(DEPLOYER),
        "{table}"
    );
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
    // After the first SIGINT the test sends gsudo SIGTERM, which it relays. gsudo handles its
    // signals in order, SIGINT (2) before SIGTERM (15): a second, relayed copy of the SIGINT
    // would reach the command before the SIGTERM that ends it.
    let script = "n=0\ntrap 'n=$((n+1)); echo INT-$n' INT\ntrap 'echo total-$n; exit $n' TERM\n\
                  echo gsudo=$PPID\necho ready\nwhile :; do sleep 0.05; done\n";
    term.type_line(&gsudo_line(&user, "int.sh", script));
    let screen = term.wait_for("ready\n");
    let gsudo = last_number(&screen, "gsudo=").expect("the script shows gsudo's pid");
    term.press("C-c");
    term.wait_for("INT-1");
    kill(Pid::from_raw(gsudo as i32), Signal::SIGTERM).unwrap();
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
        "echo gsudo=$PPID command=$$\ni=0\nwhile :; do i=$((i+1)); echo tick-$i; sleep 0.1; done\n",
    ));
    let screen = term.wait_until("the ticks", |s| last_number(s, "tick-").is_some());
    let gsudo = last_number(&screen, "gsudo=").expect("the script shows gsudo's pid");
    let command = last_number(&screen, "command=").expect("the script shows its pid");

    term.press("C-z");
    let screen = term.wait_for("Stopped");
    assert_eq!(state_of(gsudo), 'T', "gsudo is stopped with its command");
    assert_eq!(state_of(command), 'T', "the command is stopped");
    let before = last_number(&screen, "tick-").unwrap_or_default();

    term.type_line("fg");
    term.wait_until("the ticks going on", |s| {
        last_number(s, "tick-").is_some_and(|n| n > before + 1)
    });
    assert_ne!(state_of(gsudo), 'T');

    term.press("C-c");
    // Whether bash went on with the rest of the command line when the job stopped (printing
    // exit:148) varies; `fg`'s own status is what tells how the job ended.
    term.type_line("echo \"fg-exit:$?\"");
    let screen = term.wait_until("fg's exit status", |s| last_number(s, "fg-exit:").is_some());
    // The command died of SIGINT, and so did gsudo: the shell sees 128 + 2.
    assert_eq!(last_number(&screen, "fg-exit:"), Some(130), "{screen}");
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

#[test]
fn what_outlives_both_gsudo_and_its_watchdog_is_ended_by_the_next_gsudo() {
    let emulator = Emulator::start();
    let user = User::new(&emulator);
    let (mut child, mut out) = start(&user, "echo ready; echo $$; sleep 1000 & wait");
    let mut line = String::new();
    out.read_line(&mut line).unwrap();
    let command: i32 = line.trim().parse().unwrap();
    // The watchdog leads the command's process group.
    let stat = std::fs::read_to_string(format!("/proc/{command}/stat")).unwrap();
    let group: i32 = stat[stat.rfind(')').unwrap() + 2..]
        .split_whitespace()
        .nth(2)
        .unwrap()
        .parse()
        .unwrap();
    assert_ne!(group, command);
    kill(Pid::from_raw(group), Signal::SIGKILL).unwrap();
    kill(Pid::from_raw(child.id() as i32), Signal::SIGKILL).unwrap();
    child.wait().unwrap();
    let state = state_of(command.into());
    assert!(
        !matches!(state, 'Z' | '?'),
        "the command outlived both: {state}"
    );
    assert_eq!(user.session_dirs().len(), 1);

    assert_ok(&user.run_as(DEPLOYER, &["true"]));
    let rest = eventually("the next gsudo to end the command", move || {
        let mut rest = String::new();
        out.read_to_string(&mut rest).map(|_| rest)
    });
    assert_eq!(rest.unwrap(), "");
    assert!(user.session_dirs().is_empty(), "{:?}", user.session_dirs());
}

#[test]
fn on_a_terminal_the_command_reads_it_and_a_privileged_shell_works_like_any_shell() {
    let emulator = Emulator::start();
    let user = User::new(&emulator);
    let term = shell(&user);
    let gsudo = env!("CARGO_BIN_EXE_gsudo");
    // A command that reads the terminal must be in its foreground, or it would be stopped.
    term.type_line(&format!(
        "{gsudo} -s {DEPLOYER} -R terminal sh -c 'read line; echo \"got:$line\"'; echo \"exit:$?\""
    ));
    term.type_line("hello");
    let screen = term.wait_until("the command's exit status", |s| {
        last_number(s, "exit:").is_some()
    });
    assert!(screen.contains("got:hello\n"), "{screen}");
    assert_eq!(last_number(&screen, "exit:"), Some(0), "{screen}");

    // With no command, the user's shell: an interactive bash makes a process group of its own
    // and takes the terminal; it still runs in the session, and exiting it ends gsudo.
    term.type_line(&format!(
        "SHELL=/bin/bash {gsudo} -s {DEPLOYER} -R shell; echo \"shell-exit:$?\""
    ));
    term.wait_for("exit the shell to end it");
    term.type_line("echo \"inside:${#GSUDO_SESSION}\"; exit 7");
    let screen = term.wait_until("gsudo's exit status", |s| {
        last_number(s, "shell-exit:").is_some()
    });
    assert_eq!(last_number(&screen, "inside:"), Some(12), "{screen}");
    assert_eq!(last_number(&screen, "shell-exit:"), Some(7), "{screen}");
    assert!(user.session_dirs().is_empty());

    // gsudo killed under that shell: the shell, outside the watchdog's group, ends too.
    term.type_line(&format!(
        "SHELL=/bin/bash {gsudo} -s {DEPLOYER} -R shell; echo \"killed-exit:$?\""
    ));
    term.wait_for("exit the shell to end it");
    term.type_line("echo \"gsudo=$PPID bash=$$\"");
    let screen = term.wait_until("the pids", |s| last_number(s, "bash=").is_some());
    let (gsudo, bash) = (
        last_number(&screen, "gsudo=").unwrap(),
        last_number(&screen, "bash=").unwrap(),
    );
    kill(Pid::from_raw(gsudo as i32), Signal::SIGKILL).unwrap();
    let screen = term.wait_until("gsudo's exit status", |s| {
        last_number(s, "killed-exit:").is_some()
    });
    assert_eq!(last_number(&screen, "killed-exit:"), Some(137), "{screen}");
    eventually("the shell to end", move || {
        while !matches!(state_of(bash), 'Z' | '?') {
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    });
    assert!(user.session_dirs().is_empty());
}
