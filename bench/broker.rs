//! The gsudo broker's throughput and latency, and what it adds to a mint.
//!
//!     cargo bench --bench broker [-- --quick]
//!
//! Everything runs on loopback against `gsudo sandbox serve`: the demo world's alice is both
//! the broker's own identity (she holds Token Creator on the deployer) and its caller, so a
//! mint through the broker and a mint straight from the IAM Credentials API do the same work at
//! the emulator. It prints, one request at a time, the p50 of a direct `generateAccessToken` and
//! of `POST /v1/token` through the broker (the difference is what the broker adds: ID-token
//! verification, policy, decision log, one more hop), then requests per second and p50/p99 with
//! 50 clients at once, and the broker's own CPU time per mint (from /proc, so that a busy
//! machine slows the broker down without making it look costlier). Targets: under 2 ms added at
//! p50; at least 2,000 mints/s.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use serde_json::{Value, json};

const SA: &str = "deployer@sandbox-project.iam.gserviceaccount.com";
const ALICE_REFRESH: &str = "sandbox-refresh-alice"; // the demo world's, not a secret
const AUDIENCE: &str = "https://gsudo-broker.bench";
const CLIENTS: usize = 50;

fn main() -> Result<()> {
    let quick = std::env::args().any(|a| a == "--quick");
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    rt.block_on(run(quick))
}

/// Kills a child process when dropped.
struct Reaper(Child);

impl Drop for Reaper {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

async fn run(quick: bool) -> Result<()> {
    // Cargo builds gsudo with the benchmark's (release) settings.
    let gsudo = PathBuf::from(env!("CARGO_BIN_EXE_gsudo"));
    let dir = tempfile::tempdir()?;
    let mut emulator = Command::new(&gsudo)
        .args(["sandbox", "serve", "--audit-log", "/dev/null"])
        .stdout(Stdio::piped())
        .spawn()?;
    let mut line = String::new();
    std::io::BufRead::read_line(
        &mut std::io::BufReader::new(emulator.stdout.take().context("no stdout")?),
        &mut line,
    )?;
    let emulator_url = line
        .trim()
        .strip_prefix("listening on ")
        .context("the emulator did not say where it listens")?
        .to_owned();
    let _emulator = Reaper(emulator);

    let (broker, broker_url) = start_broker(&gsudo, dir.path(), &emulator_url)?;
    let broker_pid = broker.id();
    let _broker = Reaper(broker);

    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(CLIENTS)
        .build()?;
    let token: Value = http
        .post(format!("{emulator_url}token"))
        .form(&[
            ("grant_type", "refresh_token"),
            ("refresh_token", ALICE_REFRESH),
            ("client_id", AUDIENCE),
        ])
        .send()
        .await?
        .json()
        .await?;
    let access = token["access_token"].as_str().context("no access token")?;
    let id = token["id_token"].as_str().context("no ID token")?;

    let direct = Target {
        url: format!("{emulator_url}v1/projects/-/serviceAccounts/{SA}:generateAccessToken"),
        bearer: access.to_owned(),
        body: json!({"scope": ["https://www.googleapis.com/auth/cloud-platform"], "lifetime": "600s"}),
    };
    let brokered = Target {
        url: format!("{broker_url}v1/token"),
        bearer: id.to_owned(),
        body: json!({"account": SA, "reason": "BENCH-1 load", "lifetime": 600,
                     "scopes": ["cloud-platform"], "session": "0123456789ab"}),
    };
    let (serial, secs) = if quick { (200, 2.0) } else { (1000, 5.0) };
    println!("## Benchmarks: broker\n");
    println!(
        "Loopback, 2 shared cores; gsudo {} broker and emulator, release build; reqwest clients with keep-alive.\n",
        env!("CARGO_PKG_VERSION")
    );
    println!("| mint | clients | requests/s | p50 | p99 |");
    println!("|------|---------|------------|-----|-----|");
    let mut p50s = Vec::new();
    let mut cpu_per_mint = Duration::ZERO;
    for (name, target) in [("direct", &direct), ("via broker", &brokered)] {
        // Warm up the connection, the JWKS cache and the broker's own credentials.
        for _ in 0..20 {
            target.call(&http).await?;
        }
        let one = serial_run(&http, target, serial).await?;
        p50s.push(one.p50);
        println!("{}", one.row(name, 1));
        let cpu_before = cpu_time(broker_pid)?;
        let many = concurrent_run(&http, target, Duration::from_secs_f64(secs)).await?;
        println!("{}", many.row(name, CLIENTS));
        cpu_per_mint = (cpu_time(broker_pid)? - cpu_before).div_f64(many.count as f64);
    }
    println!(
        "\nThe broker adds {:.2} ms to a mint at p50.",
        (p50s[1] - p50s[0]).as_secs_f64() * 1000.0
    );
    println!(
        "The broker used {:.0} µs of CPU time per mint with {CLIENTS} clients.",
        cpu_per_mint.as_secs_f64() * 1e6
    );
    Ok(())
}

/// The CPU time a process (all its threads, living and ended) has had so far: `utime` and
/// `stime` of /proc/PID/stat, in Linux's fixed 100 ticks a second.
fn cpu_time(pid: u32) -> Result<Duration> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat"))?;
    // The fields after the command's name, which is in parentheses and may hold spaces.
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .context("an odd /proc stat")?
        .1
        .split_whitespace()
        .collect();
    let ticks =
        |i: usize| -> Result<u64> { Ok(fields.get(i).context("a short /proc stat")?.parse()?) };
    // utime and stime are the 14th and 15th fields; the state (3rd) is fields[0].
    Ok(Duration::from_millis((ticks(11)? + ticks(12)?) * 10))
}

fn start_broker(gsudo: &Path, dir: &Path, emulator_url: &str) -> Result<(Child, String)> {
    let gcloud = dir.join("gcloud");
    std::fs::create_dir_all(gcloud.join("configurations"))?;
    std::fs::write(gcloud.join("active_config"), "bench")?;
    std::fs::write(
        gcloud.join("configurations/config_bench"),
        format!("[api_endpoint_overrides]\niamcredentials = {emulator_url}\n"),
    )?;
    let adc = dir.join("adc.json");
    std::fs::write(
        &adc,
        json!({"type": "authorized_user", "client_id": "bench", "client_secret": "bench",
               "refresh_token": ALICE_REFRESH, "token_uri": format!("{emulator_url}token")})
        .to_string(),
    )?;
    let policy = dir.join("policy.toml");
    std::fs::write(
        &policy,
        "[[rule]]\nname = \"bench\"\ncallers = [\"alice@example.com\"]\naccounts = [\"*\"]\nreason_pattern = '^[A-Z]+-[0-9]+ '\nmax_lifetime = \"1h\"\n",
    )?;
    let stdout = dir.join("decisions.jsonl");
    let child = Command::new(gsudo)
        .args([
            "broker",
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--audience",
            AUDIENCE,
        ])
        .args(["--rate", "1000000", "--burst", "1000000"])
        .args(["--jwks-url", &format!("{emulator_url}oauth2/v3/certs")])
        .args(["--issuer", "https://accounts.google.com", "--policy"])
        .arg(&policy)
        .env("CLOUDSDK_CONFIG", &gcloud)
        .env("GOOGLE_APPLICATION_CREDENTIALS", &adc)
        .stdout(std::fs::File::create(&stdout)?)
        .spawn()?;
    for _ in 0..200 {
        let text = std::fs::read_to_string(&stdout).unwrap_or_default();
        if let Some(url) = text
            .lines()
            .filter_map(|l| serde_json::from_str::<Value>(l).ok())
            .find_map(|v| {
                let message = v["message"].as_str()?.to_owned();
                let rest = message.split("listening on ").nth(1)?;
                Some(rest.split_whitespace().next()?.to_owned())
            })
        {
            return Ok((child, url));
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    bail!("the broker never said where it listens")
}

struct Target {
    url: String,
    bearer: String,
    body: Value,
}

impl Target {
    async fn call(&self, http: &reqwest::Client) -> Result<Duration> {
        let started = Instant::now();
        let response = http
            .post(&self.url)
            .bearer_auth(&self.bearer)
            .json(&self.body)
            .send()
            .await?;
        let status = response.status();
        let _ = response.bytes().await?;
        if !status.is_success() {
            bail!("{} answered {status}", self.url);
        }
        Ok(started.elapsed())
    }
}

struct Stats {
    count: usize,
    per_second: f64,
    p50: Duration,
    p99: Duration,
}

impl Stats {
    fn from(mut latencies: Vec<Duration>, took: Duration) -> Stats {
        latencies.sort();
        let at = |q: f64| latencies[((latencies.len() - 1) as f64 * q) as usize];
        Stats {
            count: latencies.len(),
            per_second: latencies.len() as f64 / took.as_secs_f64(),
            p50: at(0.50),
            p99: at(0.99),
        }
    }

    fn row(&self, name: &str, clients: usize) -> String {
        format!(
            "| {name} | {clients} | {:.0} | {:.2} ms | {:.2} ms |",
            self.per_second,
            self.p50.as_secs_f64() * 1000.0,
            self.p99.as_secs_f64() * 1000.0
        )
    }
}

async fn serial_run(http: &reqwest::Client, target: &Target, n: usize) -> Result<Stats> {
    let started = Instant::now();
    let mut latencies = Vec::with_capacity(n);
    for _ in 0..n {
        latencies.push(target.call(http).await?);
    }
    Ok(Stats::from(latencies, started.elapsed()))
}

async fn concurrent_run(http: &reqwest::Client, target: &Target, span: Duration) -> Result<Stats> {
    let started = Instant::now();
    let deadline = started + span;
    let tasks: Vec<_> = (0..CLIENTS)
        .map(|_| {
            let (http, url, bearer, body) = (
                http.clone(),
                target.url.clone(),
                target.bearer.clone(),
                target.body.clone(),
            );
            tokio::spawn(async move {
                let target = Target { url, bearer, body };
                let mut latencies = Vec::new();
                while Instant::now() < deadline {
                    latencies.push(target.call(&http).await?);
                }
                anyhow::Ok(latencies)
            })
        })
        .collect();
    let mut all = Vec::new();
    for task in tasks {
        all.extend(task.await??);
    }
    Ok(Stats::from(all, started.elapsed()))
}
