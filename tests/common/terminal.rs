//! A real terminal for tests that need one: a tmux server of its own, running one command on a
//! pane in the user's environment, read and typed into as a person would.
//!
//! tmux owns the pty, its server is a daemon that closes what it inherited, and its pane is the
//! controlling terminal of what runs there: nothing of the test process (its threads, the fds
//! other tests' children leak) is in the way, which a pty opened by the test could not promise.

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::{User, require};

pub struct Terminal {
    socket: PathBuf,
}

impl Terminal {
    /// Starts `argv` on a 160x50 pane.
    pub fn start(user: &User, argv: &[&str]) -> Self {
        let socket = user.path("tmux.sock");
        let start = || {
            Command::new(require("tmux"))
                .env_clear()
                .envs(&user.env)
                // CI has no TERM; tmux's server wants one to describe its windows.
                .env("TERM", "xterm-256color")
                .current_dir(user.home.path())
                .arg("-S")
                .arg(&socket)
                .args([
                    "-f",
                    "/dev/null",
                    "new-session",
                    "-d",
                    "-x",
                    "160",
                    "-y",
                    "50",
                ])
                .args(argv)
                .stdin(Stdio::null())
                .output()
                .unwrap()
        };
        // A server starting while the machine is busy now and then exits before the client
        // connects ("server exited unexpectedly"); a second start is what a person would do.
        let mut started = start();
        for _ in 0..2 {
            if started.status.success() {
                break;
            }
            std::thread::sleep(Duration::from_millis(200));
            started = start();
        }
        assert!(
            started.status.success(),
            "tmux did not start: {}",
            String::from_utf8_lossy(&started.stderr)
        );
        Self { socket }
    }

    fn tmux(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .arg("-S")
            .arg(&self.socket)
            .args(args)
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Everything the pane has shown, its scrollback included, lines joined where they wrapped.
    pub fn screen(&self) -> String {
        self.tmux(&["capture-pane", "-p", "-J", "-S", "-"])
    }

    /// Waits (up to 30 s) until `ready` holds for the screen, and returns the screen.
    pub fn wait_until(&self, what: &str, ready: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let screen = self.screen();
            if ready(&screen) {
                return screen;
            }
            assert!(
                Instant::now() < deadline,
                "never saw {what}; the screen:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Waits (up to 30 s) for `text` to be on the screen, and returns the screen.
    pub fn wait_for(&self, text: &str) -> String {
        self.wait_until(&format!("{text:?}"), |screen| screen.contains(text))
    }

    /// Types `text` and Enter.
    pub fn type_line(&self, text: &str) {
        self.tmux(&["send-keys", "-l", text]);
        self.tmux(&["send-keys", "Enter"]);
    }

    /// Presses one key, in tmux's names: `C-c`, `C-z`.
    pub fn press(&self, key: &str) {
        self.tmux(&["send-keys", key]);
    }
}

impl Drop for Terminal {
    fn drop(&mut self) {
        self.tmux(&["kill-server"]);
    }
}
