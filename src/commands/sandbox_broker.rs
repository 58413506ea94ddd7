//! `gsudo sandbox --broker`: the sandbox's session mints through a local `gsudo broker
//! serve`, which verifies the made-up user's ID tokens against the emulator's keys and mints
//! as that user (the only Token Creator in the demo world), so the whole broker flow can be
//! seen offline.

use std::io::{BufRead as _, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

use crate::config::Env;
use crate::ui::Failure;

/// A running local broker, stopped when dropped.
pub struct LocalBroker {
    child: Child,
    pub url: String,
}

impl LocalBroker {
    /// Starts `gsudo broker serve` for the emulator at `emulator_url`, as `user` (whose ADC
    /// file names the OAuth client its ID tokens are for), writing its files into `home`.
    pub fn start(
        user_env: &Env,
        emulator_url: &str,
        user: &str,
        adc: &Path,
        home: &Path,
    ) -> Result<Self, Failure> {
        let failed = |why: String| {
            Failure::new(format!("The sandbox's broker did not start: {why}."))
                .with_hint("Its own message, if any, is above.")
        };
        let client_id = std::fs::read_to_string(adc)
            .ok()
            .and_then(|text| serde_json::from_str::<serde_json::Value>(&text).ok())
            .and_then(|adc| adc["client_id"].as_str().map(str::to_owned))
            .ok_or_else(|| failed(format!("{} names no OAuth client", adc.display())))?;
        let policy = home.join("broker-policy.toml");
        let rules = format!(
            "[[rule]]\nname = \"sandbox\"\ncallers = [{user:?}]\naccounts = [\"*\"]\ndelegates = [\"*\"]\n"
        );
        std::fs::write(&policy, rules).map_err(|e| failed(e.to_string()))?;
        let me = std::env::current_exe().map_err(|e| failed(e.to_string()))?;
        let mut child = Command::new(me)
            .args(["broker", "serve", "--listen", "127.0.0.1:0"])
            .args(["--audience", &client_id, "--policy"])
            .arg(&policy)
            .arg("--decision-log")
            .arg(home.join("decisions.jsonl"))
            .args(["--jwks-url", &format!("{emulator_url}oauth2/v3/certs")])
            .args(["--issuer", "https://accounts.google.com"])
            .env_clear()
            .envs(user_env.iter())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .spawn()
            .map_err(|e| failed(e.to_string()))?;
        // Its first line says where it listens; the rest (the decisions) also go to the file.
        let mut line = String::new();
        let mut stdout = child.stdout.take().map(BufReader::new);
        if let Some(stdout) = &mut stdout {
            let _ = stdout.read_line(&mut line);
        }
        let url = serde_json::from_str::<serde_json::Value>(&line)
            .ok()
            .and_then(|v| {
                let message = v["message"].as_str()?.to_owned();
                Some(
                    message
                        .split("listening on ")
                        .nth(1)?
                        .split_whitespace()
                        .next()?
                        .to_owned(),
                )
            });
        let mut broker = Self {
            child,
            url: String::new(),
        };
        broker.url = url.ok_or_else(|| failed("it did not say where it listens".into()))?;
        // Keep reading its stdout so that it never blocks on a full pipe.
        if let Some(stdout) = stdout {
            std::thread::spawn(move || stdout.lines().map_while(Result::ok).for_each(drop));
        }
        Ok(broker)
    }
}

impl Drop for LocalBroker {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
