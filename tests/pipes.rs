//! A reader that stops early (`gsudo whoami | head -1`) ends gsudo the way it ends coreutils:
//! quietly, killed by SIGPIPE, never with a panic.

mod common;

use std::os::unix::process::ExitStatusExt;
use std::process::{Command, Output};

use common::*;

/// Runs `command` with a stdout whose reader has already gone, as after `| head -0`.
fn into_closed_pipe(mut command: Command) -> Output {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    command
        .stdout(writer)
        .stderr(std::process::Stdio::piped())
        .output()
        .unwrap()
}

#[test]
fn every_printing_command_stops_quietly_at_a_closed_pipe() {
    // alice may also list the project's accounts, so that `gsudo list` prints them.
    let emulator = Emulator::start_with(&format!(
        "{}\n[[bindings]]\nresource = \"projects/test-project\"\nrole = \"roles/viewer\"\nmembers = [\"user:{ALICE}\"]\n",
        test_world()
    ));
    let user = User::new(&emulator);
    user.point_at(&emulator, &["iam", "cloudresourcemanager"]);
    user.write_config(&format!(
        "lifetime = \"15m\"\n[aliases]\ndeploy = \"{DEPLOYER}\"\n"
    ));
    // One session, so that `gsudo log` has a line to print.
    assert_ok(&user.run_as(DEPLOYER, &["true"]));
    let who = ["-s", DEPLOYER, "-R", "OPS-1 pipes"];
    let policy = user.path("broker-policy.toml");
    std::fs::write(
        &policy,
        "[[rule]]\nname = \"all\"\ncallers = [\"domain:example.com\"]\naccounts = [\"*\"]\n",
    )
    .unwrap();
    let policy = policy.to_str().unwrap();
    let commands: Vec<Vec<&str>> = vec![
        vec!["--help"],
        vec!["--version"],
        vec!["help"],
        vec!["version"],
        vec!["completions", "bash"],
        vec!["config", "path"],
        vec!["config", "get", "lifetime"],
        vec!["config", "list"],
        vec!["log"],
        vec!["whoami"],
        [&["token"][..], &who].concat(),
        [&["id-token", "--audience", "https://a.example"][..], &who].concat(),
        vec!["list", "-p", "test-project"],
        [&["can", "iam.serviceAccounts.get"][..], &who].concat(),
        vec!["sandbox", "world"],
        vec!["sandbox"],
        [
            &["broker", "check", "--policy", policy, "--caller", ALICE][..],
            &who,
        ]
        .concat(),
    ];
    for args in commands {
        // The same command into a pipe someone reads prints something: there is a write to fail.
        let read = user.gsudo().args(&args).output().unwrap();
        assert!(
            !read.stdout.is_empty(),
            "gsudo {args:?} printed nothing: {}",
            stderr(&read)
        );
        let out = into_closed_pipe({
            let mut c = user.gsudo();
            c.args(&args);
            c
        });
        assert_eq!(
            out.status.signal(),
            Some(libc_sigpipe()),
            "gsudo {args:?} was not ended by SIGPIPE ({:?}): {}",
            out.status,
            stderr(&out)
        );
        assert!(
            !stderr(&out).contains("panicked"),
            "gsudo {args:?}: {}",
            stderr(&out)
        );
    }
}

fn libc_sigpipe() -> i32 {
    nix::sys::signal::Signal::SIGPIPE as i32
}
