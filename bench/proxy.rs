//! gsudo's auth-rewriting proxy side by side in one run with nginx (the C reference doing the
//! same work), mitmproxy (the proxy users know) and a direct connection.
//!
//!     cargo bench --bench proxy [-- --quick | --memory | --load [--nginx] [--http1|--http2] [--1k|--1m] [--connections N]]
//!
//! Everything runs on loopback: an HTTPS origin in this process (HTTP/1.1 and HTTP/2 by ALPN,
//! answering 1 KiB or 1 MiB); a real gsudo session (built like the benchmark, optimised) against
//! `gsudo sandbox serve`; nginx (Debian's) as a TLS-terminating reverse proxy with keep-alive
//! TLS connections to the same origin, setting the same two headers, with as many worker
//! processes as gsudo has runtime threads; and `mitmdump` (mitmproxy from PyPI) running a script
//! that does the same rewrite. gsudo and mitmproxy are reached through CONNECT, as clients reach
//! them; nginx is a reverse proxy, so the client talks TLS to it directly.
//!
//! Clients speak HTTP/1.1 or HTTP/2 (by ALPN), each on its own connection with one request at a
//! time, and read every body to the end. In each row the proxies take turns, six slices each (two
//! with `--quick`), so that all of them meet the machine's other work alike. It prints requests per second, p99 latency and each
//! proxy's CPU time per request (its process's and its children's user and system time, from
//! /proc) for each size, connection count and protocol; the cost of a new connection (TCP,
//! [CONNECT,] a full TLS handshake without resumption, one request); gsudo's resident and
//! anonymous memory idle and with 1,000 HTTP/1.1 connections open; and whether it grows round after round of requests (a
//! leak check, which a test on a shared machine cannot make reliably).
//!
//! `GSUDO_BENCH_AGAINST=/path/to/gsudo` adds another build of gsudo as a column of its own, to
//! compare a change with the build before it in one run; with `--load` it names the gsudo to
//! load (a build with symbols, or a script running gsudo under a profiler). `--load --nginx`
//! loads nginx instead, and `GSUDO_BENCH_NGINX` names the nginx to run.
//!
//! nginx and mitmproxy are installed when missing (apt-get, pip, pinned); when that fails the
//! benchmark says so in one line and leaves their column out.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use base64::Engine as _;
use http_body_util::{BodyExt, Empty, Full};
use hyper::body::Bytes;
use hyper::client::conn::{http1, http2};
use hyper_util::rt::{TokioExecutor, TokioIo};
use rcgen::{
    BasicConstraints, CertificateParams, DistinguishedName, DnType, IsCa, Issuer, KeyPair,
    PKCS_ECDSA_P256_SHA256,
};
use rustls::pki_types::pem::PemObject as _;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer, ServerName};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::{TcpListener, TcpStream};
use tokio_rustls::{TlsAcceptor, TlsConnector};

const HOST: &str = "bench.googleapis.com";
const SA: &str = "deployer@sandbox-project.iam.gserviceaccount.com";
const ALICE_REFRESH: &str = "sandbox-refresh-alice"; // the demo world's, not a secret
const KIB: usize = 1024;
const MIB: usize = 1024 * 1024;
/// gsudo's runtime threads (src/commands/mod.rs), and so nginx's worker processes.
const WORKERS: usize = 2;
/// The mitmproxy this benchmark installs when there is none.
const MITMPROXY: &str = "mitmproxy==11.0.2";

/// mitmproxy's side of the comparison: the same rewrite gsudo does.
const REWRITE: &str = r#"
from mitmproxy import http

def request(flow: http.HTTPFlow) -> None:
    flow.request.headers["authorization"] = "Bearer ya29.bench-token"
    flow.request.headers["x-goog-request-reason"] = "gsudo bench: rewrite"
"#;

#[derive(Clone)]
enum Route {
    Direct(SocketAddr),
    /// A proxy, the CONNECT target, and the Proxy-Authorization value if any.
    Proxy(SocketAddr, String, Option<String>),
}

/// One way to reach the origin, for HTTP/1.1 and for HTTP/2 clients.
struct Via {
    name: &'static str,
    route: Route,
    /// The proxy's process, whose CPU time (with its children's: nginx's workers) is counted.
    process: Option<u32>,
    http1: TlsConnector,
    http2: TlsConnector,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Proto {
    Http1,
    Http2,
}

impl Proto {
    fn label(self) -> &'static str {
        match self {
            Proto::Http1 => "HTTP/1.1",
            Proto::Http2 => "HTTP/2",
        }
    }
}

#[derive(Clone, Copy, Default)]
struct Stats {
    rps: f64,
    p50: Duration,
    p99: Duration,
    /// The proxy's CPU time per request, when it has a process of its own.
    cpu_per_request: Option<Duration>,
}

fn main() -> Result<()> {
    let quick = std::env::args().any(|a| a == "--quick");
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    rt.block_on(run(quick))
}

async fn run(quick: bool) -> Result<()> {
    // Cargo builds gsudo with the benchmark's (release) settings.
    let gsudo = PathBuf::from(env!("CARGO_BIN_EXE_gsudo"));
    let dir = tempfile::tempdir()?;
    let origin = origin(dir.path()).await?;

    let mut emulator = Command::new(&gsudo)
        .args(["sandbox", "serve", "--audit-log"])
        .arg(dir.path().join("audit.jsonl"))
        .stdout(Stdio::piped())
        .spawn()?;
    let emulator_url = first_line(&mut emulator)?
        .trim()
        .strip_prefix("listening on ")
        .context("the emulator did not say where it listens")?
        .to_owned();
    let _emulator = Reaper(emulator);

    if std::env::args().any(|a| a == "--memory") {
        return memory(&gsudo, dir.path(), &emulator_url, &origin).await;
    }
    if std::env::args().any(|a| a == "--load") {
        if std::env::args().any(|a| a == "--nginx") {
            let (child, addr) = nginx(dir.path(), &origin).await?;
            let pid = child.id();
            let _nginx = Reaper(child);
            let via = Via::new("nginx", Route::Direct(addr), &origin.ca, Some(pid))?;
            return load(&via, "nginx", pid).await;
        }
        // GSUDO_BENCH_AGAINST names the build to load instead: one with symbols, or a script
        // that runs gsudo under a profiler (`exec valgrind --tool=callgrind /path/to/gsudo "$@"`).
        let program = std::env::var_os("GSUDO_BENCH_AGAINST").map_or(gsudo, PathBuf::from);
        let session = Session::start(&program, dir.path(), &emulator_url, &origin)
            .context("the gsudo to load could not start a session")?;
        return load(&session.via("gsudo")?, "gsudo", session.pid).await;
    }
    let session = Session::start(&gsudo, dir.path(), &emulator_url, &origin)?;

    let mut paths = vec![session.via("gsudo")?];
    // Another build of gsudo (before a change, the last release) as a column of its own.
    let against = match std::env::var_os("GSUDO_BENCH_AGAINST") {
        Some(other) => {
            let home = dir.path().join("against");
            std::fs::create_dir_all(&home)?;
            let other = Session::start(Path::new(&other), &home, &emulator_url, &origin)
                .context("GSUDO_BENCH_AGAINST names a gsudo that could not start a session")?;
            paths.push(other.via("gsudo (against)")?);
            Some(other)
        }
        None => None,
    };
    let mut reapers = Vec::new();
    match nginx(dir.path(), &origin).await {
        Ok((child, addr)) => {
            let pid = child.id();
            reapers.push(Reaper(child));
            paths.push(Via::new(
                "nginx",
                Route::Direct(addr),
                &origin.ca,
                Some(pid),
            )?);
        }
        Err(e) => println!("nginx is left out: {e:#}"),
    }
    match mitmproxy(dir.path(), &origin.ca).await {
        Ok((child, addr, ca)) => {
            let pid = child.id();
            reapers.push(Reaper(child));
            paths.push(Via::new(
                "mitmproxy",
                Route::Proxy(addr, origin.addr.to_string(), None),
                &ca,
                Some(pid),
            )?);
        }
        Err(e) => println!("mitmproxy is left out: {e:#}"),
    }
    paths.push(Via::new(
        "direct",
        Route::Direct(origin.addr),
        &origin.ca,
        None,
    )?);

    // Each row gives every proxy `secs` in `rounds` slices, taking turns (the order turning
    // every round), so that they all meet the machine's other work alike: on two shared cores a
    // proxy measured in one stretch could meet a quiet second or a busy one.
    let (secs, rounds) = if quick { (1.0, 2) } else { (3.0, 6) };
    println!("## Benchmarks: proxy\n");
    println!(
        "Loopback, {WORKERS} shared cores; load average before: {}. gsudo {}, {}, mitmproxy {}; clients one request at a time on each connection.\n",
        loadavg(),
        env!("CARGO_PKG_VERSION"),
        version(&nginx_program(), &["-v"]),
        version("mitmdump", &["--version"]).trim_start_matches("Mitmproxy: "),
    );
    let names: Vec<&str> = paths.iter().map(|p| p.name).collect();
    println!(
        "| what | {} | gsudo / nginx |\n| --- |{} ---: |",
        names.join(" | "),
        " ---: |".repeat(names.len())
    );
    for (size, label) in [(KIB, "1 KiB"), (MIB, "1 MiB")] {
        let path = if size == KIB { "/1k" } else { "/1m" };
        for proto in [Proto::Http1, Proto::Http2] {
            for connections in [1, 16] {
                let mut samples: Vec<Sample> = paths.iter().map(|_| Sample::default()).collect();
                for round in 0..rounds {
                    for k in 0..paths.len() {
                        let i = (round + k) % paths.len();
                        let p = &paths[i];
                        let slice = secs / rounds as f64;
                        let sample = keep_alive(p, proto, path, connections, slice)
                            .await
                            .with_context(|| format!("{} {} {path}", p.name, proto.label()))?;
                        samples[i].add(sample);
                    }
                }
                let all: Vec<Stats> = samples.into_iter().map(Sample::stats).collect();
                let what = format!(
                    "{label}, {}, {connections} connection{}",
                    proto.label(),
                    if connections == 1 { "" } else { "s" }
                );
                row(&format!("{what}: req/s"), &paths, &all, |s| s.rps, false);
                row(
                    &format!("{what}: p99"),
                    &paths,
                    &all,
                    |s| s.p99.as_secs_f64(),
                    true,
                );
                cpu_row(&format!("{what}: CPU per request"), &paths, &all);
            }
        }
    }
    let mut fresh = Vec::new();
    for p in &paths {
        fresh.push(new_connections(p, if quick { 100 } else { 400 }).await?);
    }
    row(
        "new connection + 1 KiB (HTTP/1.1): p50",
        &paths,
        &fresh,
        |s| s.p50.as_secs_f64(),
        true,
    );
    row(
        "new connection + 1 KiB (HTTP/1.1): p99",
        &paths,
        &fresh,
        |s| s.p99.as_secs_f64(),
        true,
    );
    println!("\nLoad average after: {}.", loadavg());

    drop(session);
    drop(against);
    drop(reapers);

    memory(&gsudo, dir.path(), &emulator_url, &origin).await
}

/// /proc/loadavg's three averages.
fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
}

impl Via {
    fn new(name: &'static str, route: Route, ca: &Path, process: Option<u32>) -> Result<Self> {
        Ok(Self {
            name,
            route,
            process,
            http1: connector(ca, Proto::Http1)?,
            http2: connector(ca, Proto::Http2)?,
        })
    }

    fn tls(&self, proto: Proto) -> &TlsConnector {
        match proto {
            Proto::Http1 => &self.http1,
            Proto::Http2 => &self.http2,
        }
    }
}

/// Load on one proxy alone (gsudo's, or nginx with `--nginx`), for a profiler: 10 s each of 1 KiB
/// and 1 MiB responses on 16 HTTP/1.1 connections, then the same on 16 HTTP/2 connections;
/// `--http1` or `--http2`, `--1k` or `--1m` and `--connections N` narrow it. Each phase prints,
/// per request, the process's user and system time, its threads' context switches and its write
/// calls, from /proc, its children's (nginx's workers) included.
async fn load(via: &Via, name: &str, pid: u32) -> Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let given = |flag: &str| args.iter().any(|a| a == flag);
    let connections = match args.iter().position(|a| a == "--connections") {
        Some(i) => args
            .get(i + 1)
            .and_then(|n| n.parse().ok())
            .filter(|n| *n > 0)
            .context("--connections takes a number above zero")?,
        None => 16,
    };
    let protos = match (given("--http1"), given("--http2")) {
        (true, false) => vec![Proto::Http1],
        (false, true) => vec![Proto::Http2],
        _ => vec![Proto::Http1, Proto::Http2],
    };
    let paths = match (given("--1k"), given("--1m")) {
        (true, false) => vec!["/1k"],
        (false, true) => vec!["/1m"],
        _ => vec!["/1k", "/1m"],
    };
    eprintln!("{name}'s pid: {pid}");
    for proto in protos {
        for path in &paths {
            let before = Counters::read(pid);
            let stats = keep_alive(via, proto, path, connections, 10.0)
                .await?
                .stats();
            let after = Counters::read(pid);
            let requests = stats.rps * 10.0;
            eprint!(
                "{} {path}, {connections} connection(s): {:.0} req/s",
                proto.label(),
                stats.rps
            );
            if let (Some(before), Some(after)) = (before, after)
                && requests > 0.0
            {
                let per = |a: u64, b: u64| (b.saturating_sub(a)) as f64 / requests;
                let micros = |a: u64, b: u64| per(a, b) / clock_ticks() * 1e6;
                eprint!(
                    "; per request: {:.1} µs user, {:.1} µs system, {:.2} context switches, {:.2} writes",
                    micros(before.user, after.user),
                    micros(before.system, after.system),
                    per(before.switches, after.switches),
                    per(before.writes, after.writes),
                );
            }
            eprintln!();
        }
    }
    Ok(())
}

/// What /proc counts for one process and its children (nginx's workers, a session's shell).
struct Counters {
    /// Clock ticks.
    user: u64,
    system: u64,
    /// Voluntary and involuntary, over its threads.
    switches: u64,
    /// write(2)-family calls.
    writes: u64,
}

impl Counters {
    fn read(pid: u32) -> Option<Self> {
        let mut total = Self::one(pid)?;
        for entry in std::fs::read_dir("/proc").ok()?.flatten() {
            let Some(child) = entry.file_name().to_str().and_then(|n| n.parse().ok()) else {
                continue;
            };
            let stat = std::fs::read_to_string(entry.path().join("stat")).unwrap_or_default();
            let parent = stat
                .rfind(')')
                .and_then(|i| stat.get(i + 2..)?.split_whitespace().nth(1)?.parse().ok());
            if parent == Some(pid)
                && let Some(counted) = Self::one(child)
            {
                total.user += counted.user;
                total.system += counted.system;
                total.switches += counted.switches;
                total.writes += counted.writes;
            }
        }
        Some(total)
    }

    fn one(pid: u32) -> Option<Self> {
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
        let fields: Vec<&str> = stat[stat.rfind(')')? + 2..].split_whitespace().collect();
        let user = fields.get(11)?.parse().ok()?;
        let system = fields.get(12)?.parse().ok()?;
        let mut switches = 0;
        for task in std::fs::read_dir(format!("/proc/{pid}/task"))
            .ok()?
            .flatten()
        {
            let status = std::fs::read_to_string(task.path().join("status")).unwrap_or_default();
            switches += status
                .lines()
                .filter(|l| l.contains("ctxt_switches:"))
                .filter_map(|l| l.split_whitespace().nth(1)?.parse::<u64>().ok())
                .sum::<u64>();
        }
        let io = std::fs::read_to_string(format!("/proc/{pid}/io")).ok()?;
        let writes = io
            .lines()
            .find_map(|l| l.strip_prefix("syscw:"))?
            .trim()
            .parse()
            .ok()?;
        Some(Self {
            user,
            system,
            switches,
            writes,
        })
    }
}

/// gsudo's resident memory idle and with 1,000 connections open, in a session of its own: the
/// load phases leave the allocator larger.
async fn memory(gsudo: &Path, dir: &Path, emulator_url: &str, origin: &Origin) -> Result<()> {
    let fresh = Session::start(gsudo, dir, emulator_url, origin)?;
    let via = fresh.via("gsudo")?;
    let (idle, loaded) = resident_with_open(&via, fresh.pid, 1000).await?;
    let growth = growth_per_round(&via, fresh.pid, 8).await?;
    println!(
        "\ngsudo's resident memory (the whole gsudo process: proxy, token endpoint, metadata server, session): {:.1} MiB idle, {:.1} MiB with 1,000 idle HTTP/1.1 connections open through the proxy, each used once (target: under 30 MiB). Of that, anonymous (the process's own, not its binary's mapped pages): {:.1} MiB idle, {:.1} MiB loaded, {:.1} KiB a connection (target: at most 16 KiB).",
        idle.rss as f64 / 1024.0,
        loaded.rss as f64 / 1024.0,
        idle.anon as f64 / 1024.0,
        loaded.anon as f64 / 1024.0,
        loaded.anon.saturating_sub(idle.anon) as f64 / 1000.0,
    );
    println!(
        "\nLeak check: growth of gsudo's resident memory in each round of 10,000 requests (100 connections, 100 each), after a first round: {growth:?} KiB. A leak grows it in every round; allocator fragmentation only now and then."
    );
    Ok(())
}

/// How much gsudo's resident memory grows (KiB) in each of `rounds` rounds of 10,000 requests
/// on 100 fresh connections, after a first round that brings allocator and pools to size.
async fn growth_per_round(p: &Via, pid: u32, rounds: usize) -> Result<Vec<u64>> {
    let round = || async {
        let mut tasks = tokio::task::JoinSet::new();
        for _ in 0..100 {
            let mut sender = connect(p, Proto::Http1).await?;
            tasks.spawn(async move {
                for _ in 0..100 {
                    get(&mut sender, "/1k").await?;
                }
                Ok::<_, anyhow::Error>(())
            });
        }
        tasks
            .join_all()
            .await
            .into_iter()
            .collect::<Result<Vec<_>>>()
    };
    round().await?;
    let mut before = rss_kib(pid)?.rss;
    let mut growth = Vec::new();
    for _ in 0..rounds {
        round().await?;
        let now = rss_kib(pid)?.rss;
        growth.push(now.saturating_sub(before));
        before = now;
    }
    Ok(growth)
}

/// Prints one row: each path's value, and gsudo's over nginx's; `time` values print in ms.
fn row(what: &str, paths: &[Via], stats: &[Stats], value: impl Fn(&Stats) -> f64, time: bool) {
    let v: Vec<f64> = stats.iter().map(value).collect();
    let show = |x: f64| {
        if time {
            format!("{:.3} ms", x * 1000.0)
        } else {
            format!("{x:.0}")
        }
    };
    let of = |name: &str| paths.iter().position(|p| p.name == name).map(|i| v[i]);
    let ratio = match (of("gsudo"), of("nginx")) {
        (Some(g), Some(n)) => format!("{:.2}", g / n),
        _ => "–".to_owned(),
    };
    let cells: Vec<String> = v.iter().map(|x| show(*x)).collect();
    println!("| {what} | {} | {ratio} |", cells.join(" | "));
}

/// The proxy's CPU time per request, µs: on two cores that clients, origin and proxies share,
/// what each proxy spends on a request moves far less with the machine's other work than how
/// many requests it gets through. `–` for a path without a proxy.
fn cpu_row(what: &str, paths: &[Via], stats: &[Stats]) {
    let of = |name: &str| {
        let i = paths.iter().position(|p| p.name == name)?;
        stats[i].cpu_per_request
    };
    let ratio = match (of("gsudo"), of("nginx")) {
        (Some(g), Some(n)) if !n.is_zero() => format!("{:.2}", g.as_secs_f64() / n.as_secs_f64()),
        _ => "–".to_owned(),
    };
    let cells: Vec<String> = stats
        .iter()
        .map(|s| match s.cpu_per_request {
            Some(cpu) => format!("{:.1} µs", cpu.as_secs_f64() * 1e6),
            None => "–".to_owned(),
        })
        .collect();
    println!("| {what} | {} | {ratio} |", cells.join(" | "));
}

/// CPU time (user and system) used so far by `pid` and its children that are alive: nginx's
/// workers, a session's shell.
fn cpu_time(pid: u32) -> Option<Duration> {
    let ticks = |stat: &str| -> Option<(u32, u64)> {
        // The command name may hold spaces; the fields after it do not.
        let rest = &stat[stat.rfind(')')? + 2..];
        let fields: Vec<&str> = rest.split_whitespace().collect();
        let parent = fields.get(1)?.parse().ok()?;
        let used = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
        Some((parent, used))
    };
    let mut total = ticks(&std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?)?.1;
    for entry in std::fs::read_dir("/proc").ok()?.flatten() {
        let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else {
            continue;
        };
        if let Some((parent, used)) = ticks(&stat)
            && parent == pid
        {
            total += used;
        }
    }
    Some(Duration::from_secs_f64(total as f64 / clock_ticks()))
}

/// The kernel's clock ticks per second, in which /proc counts CPU time.
fn clock_ticks() -> f64 {
    Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok()?.trim().parse().ok())
        .unwrap_or(100.0)
}

/// What one or more stretches of keep-alive load measured through one proxy.
#[derive(Default)]
struct Sample {
    times: Vec<Duration>,
    /// Requests per second, summed over the stretches.
    rps: f64,
    stretches: u32,
    /// Requests the proxy served, warm-ups included, and its CPU time on them: none when it
    /// has no process of its own (or /proc could not say).
    served: u32,
    cpu: Option<Duration>,
}

impl Sample {
    fn add(&mut self, other: Sample) {
        self.cpu = match (self.stretches, self.cpu, other.cpu) {
            (0, _, cpu) => cpu,
            (_, Some(a), Some(b)) => Some(a + b),
            _ => None,
        };
        self.times.extend(other.times);
        self.rps += other.rps;
        self.stretches += other.stretches;
        self.served += other.served;
    }

    fn stats(self) -> Stats {
        let cpu_per_request = self.cpu.map(|cpu| cpu / self.served.max(1));
        Stats {
            cpu_per_request,
            ..stats(self.times, self.rps / f64::from(self.stretches.max(1)))
        }
    }
}

/// Keep-alive load: `connections` clients, each sending requests one after the other.
async fn keep_alive(
    p: &Via,
    proto: Proto,
    path: &str,
    connections: usize,
    secs: f64,
) -> Result<Sample> {
    let cpu_before = p.process.and_then(cpu_time);
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..connections {
        let mut sender = connect(p, proto).await?;
        let path = path.to_owned();
        tasks.spawn(async move {
            // Warm up the path (pools, caches) before measuring.
            for _ in 0..20 {
                get(&mut sender, &path).await?;
            }
            let started = Instant::now();
            let mut times = Vec::new();
            while started.elapsed().as_secs_f64() < secs {
                times.push(get(&mut sender, &path).await?);
            }
            Ok::<_, anyhow::Error>((times, started.elapsed()))
        });
    }
    let mut all = Vec::new();
    let mut rps = 0.0;
    for result in tasks.join_all().await {
        let (times, took) = result?;
        rps += times.len() as f64 / took.as_secs_f64();
        all.extend(times);
    }
    // Every request the proxy served counts, the warm-up's too.
    let served = u32::try_from(all.len() + 20 * connections)?;
    let cpu = match (cpu_before, p.process.and_then(cpu_time)) {
        (Some(before), Some(after)) => Some(after.saturating_sub(before)),
        _ => None,
    };
    Ok(Sample {
        times: all,
        rps,
        stretches: 1,
        served,
        cpu,
    })
}

/// A new connection each time (TCP, CONNECT for a forward proxy, a full TLS handshake) and one
/// 1 KiB request on it.
async fn new_connections(p: &Via, n: usize) -> Result<Stats> {
    let mut times = Vec::new();
    let started = Instant::now();
    for _ in 0..n {
        let t = Instant::now();
        let mut sender = connect(p, Proto::Http1).await?;
        get(&mut sender, "/1k").await?;
        times.push(t.elapsed());
    }
    let rps = n as f64 / started.elapsed().as_secs_f64();
    Ok(stats(times, rps))
}

/// gsudo's resident memory before and with `n` intercepted connections open and used once.
async fn resident_with_open(p: &Via, pid: u32, n: usize) -> Result<(Resident, Resident)> {
    tokio::time::sleep(Duration::from_millis(500)).await;
    let idle = rss_kib(pid)?;
    let mut open = Vec::new();
    for _ in 0..n {
        let mut sender = connect(p, Proto::Http1).await?;
        get(&mut sender, "/1k").await?;
        open.push(sender);
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    let loaded = rss_kib(pid)?;
    drop(open);
    Ok((idle, loaded))
}

/// A process's resident memory in KiB: all of it, and its anonymous part.
#[derive(Clone, Copy)]
struct Resident {
    rss: u64,
    anon: u64,
}

fn rss_kib(pid: u32) -> Result<Resident> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))?;
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.split_whitespace().next()?.parse().ok())
            .with_context(|| format!("no {name}"))
    };
    Ok(Resident {
        rss: field("VmRSS:")?,
        anon: field("RssAnon:")?,
    })
}

fn stats(mut times: Vec<Duration>, rps: f64) -> Stats {
    times.sort();
    let at = |q: f64| times[((times.len() as f64 * q) as usize).min(times.len() - 1)];
    Stats {
        rps,
        p50: at(0.50),
        p99: at(0.99),
        cpu_per_request: None,
    }
}

/// A client connection, in the protocol ALPN agreed.
enum Sender {
    Http1(http1::SendRequest<Empty<Bytes>>),
    Http2(http2::SendRequest<Empty<Bytes>>),
}

/// One GET, its body read to the end; returns how long it took.
async fn get(sender: &mut Sender, path: &str) -> Result<Duration> {
    let started = Instant::now();
    let response = match sender {
        Sender::Http1(sender) => {
            let request = hyper::Request::get(path)
                .header("host", HOST)
                .header("authorization", "Bearer ya29.stale-user-token")
                .body(Empty::new())?;
            sender.ready().await?;
            sender.send_request(request).await?
        }
        Sender::Http2(sender) => {
            let request = hyper::Request::get(format!("https://{HOST}{path}"))
                .header("authorization", "Bearer ya29.stale-user-token")
                .body(Empty::new())?;
            sender.ready().await?;
            sender.send_request(request).await?
        }
    };
    if !response.status().is_success() {
        let status = response.status();
        let body = response.into_body().collect().await?.to_bytes();
        bail!("{path}: {status}: {}", String::from_utf8_lossy(&body));
    }
    let body = response.into_body().collect().await?.to_bytes();
    if body.len() != if path == "/1m" { MIB } else { KIB } {
        bail!("{path}: {} bytes", body.len());
    }
    Ok(started.elapsed())
}

async fn connect(p: &Via, proto: Proto) -> Result<Sender> {
    let stream = match &p.route {
        Route::Direct(addr) => TcpStream::connect(addr).await?,
        Route::Proxy(proxy, target, auth) => {
            let mut stream = TcpStream::connect(proxy).await?;
            let mut head = format!("CONNECT {target} HTTP/1.1\r\nHost: {target}\r\n");
            if let Some(auth) = auth {
                head.push_str(&format!("Proxy-Authorization: {auth}\r\n"));
            }
            head.push_str("\r\n");
            stream.write_all(head.as_bytes()).await?;
            let mut answer = Vec::new();
            while !answer.ends_with(b"\r\n\r\n") {
                answer.push(stream.read_u8().await?);
            }
            if !answer.starts_with(b"HTTP/1.1 200") && !answer.starts_with(b"HTTP/1.0 200") {
                bail!("CONNECT: {}", String::from_utf8_lossy(&answer));
            }
            stream
        }
    };
    stream.set_nodelay(true)?;
    let tls = p
        .tls(proto)
        .connect(ServerName::try_from(HOST)?, stream)
        .await?;
    let h2 = tls.get_ref().1.alpn_protocol() == Some(b"h2");
    if (proto == Proto::Http2) != h2 {
        bail!("{}: ALPN did not agree on {}", p.name, proto.label());
    }
    Ok(if h2 {
        let (sender, connection) =
            http2::handshake(TokioExecutor::new(), TokioIo::new(tls)).await?;
        tokio::spawn(connection);
        Sender::Http2(sender)
    } else {
        let (sender, connection) = http1::handshake(TokioIo::new(tls)).await?;
        tokio::spawn(connection);
        Sender::Http1(sender)
    })
}

/// A client TLS configuration trusting `ca_file`, offering one protocol, and never resuming a
/// session, so that a new connection is a full handshake for every path alike.
fn connector(ca_file: &Path, proto: Proto) -> Result<TlsConnector> {
    let mut roots = rustls::RootCertStore::empty();
    for cert in CertificateDer::pem_file_iter(ca_file)? {
        let _ = roots.add(cert?);
    }
    let mut config = rustls::ClientConfig::builder_with_provider(Arc::new(
        rustls::crypto::aws_lc_rs::default_provider(),
    ))
    .with_safe_default_protocol_versions()?
    .with_root_certificates(roots)
    .with_no_client_auth();
    config.alpn_protocols = match proto {
        Proto::Http1 => vec![b"http/1.1".to_vec()],
        Proto::Http2 => vec![b"h2".to_vec()],
    };
    config.resumption = rustls::client::Resumption::disabled();
    Ok(TlsConnector::from(Arc::new(config)))
}

/// The origin, and the files nginx needs to stand in for it.
struct Origin {
    addr: SocketAddr,
    /// The CA that signed its certificate.
    ca: PathBuf,
    /// Its certificate and key, which nginx presents too.
    cert: PathBuf,
    key: PathBuf,
}

/// The origin: HTTPS on loopback for HOST, h2 and HTTP/1.1, 1 KiB at /1k and 1 MiB at /1m.
async fn origin(dir: &Path) -> Result<Origin> {
    let ca_key = KeyPair::generate_for(&PKCS_ECDSA_P256_SHA256)?;
    let mut ca = CertificateParams::default();
    ca.distinguished_name = DistinguishedName::new();
    ca.distinguished_name
        .push(DnType::CommonName, "bench origin CA");
    ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    let ca_pem = ca.self_signed(&ca_key)?.pem();
    let issuer = Issuer::new(ca, ca_key);
    let key = KeyPair::generate_for(&PKCS_ECDSA_P256_SHA256)?;
    let mut leaf = CertificateParams::new(vec![HOST.to_owned(), "127.0.0.1".to_owned()])?;
    leaf.distinguished_name = DistinguishedName::new();
    leaf.distinguished_name.push(DnType::CommonName, HOST);
    let leaf = leaf.signed_by(&key, &issuer)?;
    let files = Origin {
        addr: SocketAddr::from(([127, 0, 0, 1], 0)),
        ca: dir.join("origin-ca.pem"),
        cert: dir.join("origin-cert.pem"),
        key: dir.join("origin-key.pem"),
    };
    std::fs::write(&files.ca, ca_pem)?;
    std::fs::write(&files.cert, leaf.pem())?;
    std::fs::write(&files.key, key.serialize_pem())?;
    let mut config = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::aws_lc_rs::default_provider(),
    ))
    .with_safe_default_protocol_versions()?
    .with_no_client_auth()
    .with_single_cert(
        vec![leaf.der().clone()],
        PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der())),
    )?;
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    let acceptor = TlsAcceptor::from(Arc::new(config));
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let small = Bytes::from(vec![b'k'; KIB]);
    let large = Bytes::from(vec![b'm'; MIB]);
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let (acceptor, small, large) = (acceptor.clone(), small.clone(), large.clone());
            tokio::spawn(async move {
                let _ = stream.set_nodelay(true);
                let Ok(tls) = acceptor.accept(stream).await else {
                    return;
                };
                let service = hyper::service::service_fn(move |req: hyper::Request<_>| {
                    let body = if req.uri().path() == "/1m" {
                        large.clone()
                    } else {
                        small.clone()
                    };
                    async move {
                        Ok::<_, std::convert::Infallible>(hyper::Response::new(Full::new(body)))
                    }
                });
                let _ = hyper_util::server::conn::auto::Builder::new(TokioExecutor::new())
                    .serve_connection(TokioIo::new(tls), service)
                    .await;
            });
        }
    });
    Ok(Origin { addr, ..files })
}

/// A gsudo session whose child waits; the proxy is reached like the child would.
struct Session {
    child: Child,
    pid: u32,
    addr: SocketAddr,
    auth: String,
    bundle: PathBuf,
}

impl Session {
    /// The session's proxy as clients reach it: CONNECT to the origin's Google name.
    fn via(&self, name: &'static str) -> Result<Via> {
        Via::new(
            name,
            Route::Proxy(self.addr, format!("{HOST}:443"), Some(self.auth.clone())),
            &self.bundle,
            Some(self.pid),
        )
    }

    fn start(gsudo: &Path, dir: &Path, emulator: &str, origin: &Origin) -> Result<Self> {
        let home = dir.join("home");
        let gcloud = home.join(".config/gcloud");
        std::fs::create_dir_all(gcloud.join("configurations"))?;
        std::fs::write(gcloud.join("active_config"), "default")?;
        std::fs::write(
            gcloud.join("configurations/config_default"),
            format!(
                "[core]\nproject = sandbox-project\n[api_endpoint_overrides]\niamcredentials = {emulator}\n"
            ),
        )?;
        std::fs::write(
            gcloud.join("application_default_credentials.json"),
            serde_json::json!({"type": "authorized_user", "client_id": "b", "client_secret": "b",
                "refresh_token": ALICE_REFRESH, "token_uri": format!("{emulator}token")})
            .to_string(),
        )?;
        let mut child = Command::new(gsudo)
            .env_clear()
            .env("HOME", &home)
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("XDG_RUNTIME_DIR", &home)
            .args(["-s", SA, "-R", "bench", "--lifetime", "1h"])
            .arg("--proxy-resolve")
            .arg(format!("{HOST}:443:{}", origin.addr))
            .arg("--upstream-ca-file")
            .arg(&origin.ca)
            .args([
                "sh",
                "-c",
                "echo \"$PPID $HTTPS_PROXY $SSL_CERT_FILE\"; exec cat >/dev/null",
            ])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()?;
        let line = first_line(&mut child)?;
        let mut fields = line.split_whitespace();
        let (Some(pid), Some(url), Some(bundle)) = (fields.next(), fields.next(), fields.next())
        else {
            bail!("the session said {line:?}");
        };
        let url = url::Url::parse(url)?;
        let addr: SocketAddr = format!(
            "{}:{}",
            url.host_str().context("no proxy host")?,
            url.port().context("no proxy port")?
        )
        .parse()?;
        let auth = format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD.encode(format!(
                "{}:{}",
                url.username(),
                url.password().unwrap_or_default()
            ))
        );
        Ok(Self {
            child,
            pid: pid.parse()?,
            addr,
            auth,
            bundle: PathBuf::from(bundle),
        })
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        // Closing the child's stdin ends the session.
        drop(self.child.stdin.take());
        let _ = self.child.wait();
    }
}

/// Checks that `program` runs, running `installer` first when it does not (which needs the
/// package registry); says why when neither works.
fn installed(program: &str, installer: &[&str]) -> Result<()> {
    let runs = |p: &str| {
        Command::new(p)
            .arg("-h")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok()
    };
    if runs(program) {
        return Ok(());
    }
    eprintln!("{program} is missing: {}", installer.join(" "));
    let done = Command::new(installer[0])
        .args(&installer[1..])
        .stdout(Stdio::null())
        .status();
    if runs(program) {
        return Ok(());
    }
    bail!(
        "{program} is not installed and `{}` did not install it ({})",
        installer.join(" "),
        match done {
            Ok(status) => status.to_string(),
            Err(e) => e.to_string(),
        }
    )
}

/// nginx as a TLS-terminating reverse proxy to the origin: TLS in (HTTP/1.1 and HTTP/2 by
/// ALPN), verified TLS out over kept-alive upstream connections, the two headers set, one worker
/// process per gsudo runtime thread, nothing on disk (a 1 MiB answer streams through its buffers).
async fn nginx(dir: &Path, origin: &Origin) -> Result<(Child, SocketAddr)> {
    let nginx = nginx_program();
    installed(&nginx, &["apt-get", "install", "-y", "-q", "nginx"])?;
    let prefix = dir.join("nginx");
    std::fs::create_dir_all(prefix.join("temp"))?;
    let port = TcpListener::bind("127.0.0.1:0").await?.local_addr()?.port();
    // As root, nginx would run its workers as `nobody`, who cannot read this private directory.
    let user = if nix::unistd::geteuid().is_root() {
        "user root;"
    } else {
        ""
    };
    let temp = prefix.join("temp");
    let temp = temp.display();
    let conf = format!(
        r#"{user}
worker_processes {WORKERS};
daemon off;
pid {pid};
error_log {errors} warn;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    # nginx closes a connection after 1,000 requests by default; the clients keep theirs.
    keepalive_requests 10000000;
    keepalive_timeout 300s;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    upstream origin {{
        server {origin};
        keepalive 64;
        keepalive_requests 10000000;
    }}
    server {{
        listen 127.0.0.1:{port} ssl http2;
        ssl_certificate {cert};
        ssl_certificate_key {key};
        location / {{
            proxy_pass https://origin;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host {HOST};
            proxy_set_header Authorization "Bearer ya29.bench-token";
            proxy_set_header X-Goog-Request-Reason "gsudo bench: rewrite";
            proxy_ssl_server_name on;
            proxy_ssl_name {HOST};
            proxy_ssl_verify on;
            proxy_ssl_trusted_certificate {ca};
            proxy_ssl_session_reuse on;
            proxy_max_temp_file_size 0;
        }}
    }}
}}
"#,
        pid = prefix.join("nginx.pid").display(),
        errors = prefix.join("error.log").display(),
        origin = origin.addr,
        cert = origin.cert.display(),
        key = origin.key.display(),
        ca = origin.ca.display(),
    );
    let file = prefix.join("nginx.conf");
    std::fs::write(&file, conf)?;
    let child = Command::new(nginx)
        .arg("-p")
        .arg(&prefix)
        .arg("-e")
        .arg(prefix.join("error.log"))
        .arg("-c")
        .arg(&file)
        .stdout(Stdio::null())
        .spawn()
        .context("cannot run nginx")?;
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    for _ in 0..100 {
        if TcpStream::connect(addr).await.is_ok() {
            return Ok((child, addr));
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    drop(Reaper(child));
    bail!(
        "nginx did not start: {}",
        std::fs::read_to_string(prefix.join("error.log")).unwrap_or_default()
    )
}

/// `GSUDO_BENCH_NGINX` (a script running nginx under a profiler, say), else Debian's nginx,
/// which is outside a non-root user's PATH.
fn nginx_program() -> String {
    if let Ok(program) = std::env::var("GSUDO_BENCH_NGINX") {
        program
    } else if Path::new("/usr/sbin/nginx").is_file() {
        "/usr/sbin/nginx".to_owned()
    } else {
        "nginx".to_owned()
    }
}

/// `mitmdump` with the rewrite script, verifying the origin with its CA.
async fn mitmproxy(dir: &Path, origin_ca: &Path) -> Result<(Child, SocketAddr, PathBuf)> {
    installed("mitmdump", &["pip", "install", "-q", MITMPROXY])?;
    let script = dir.join("rewrite.py");
    std::fs::write(&script, REWRITE)?;
    let confdir = dir.join("mitmproxy");
    let port = TcpListener::bind("127.0.0.1:0").await?.local_addr()?.port();
    let child = Command::new("mitmdump")
        .args([
            "-q",
            "--listen-host",
            "127.0.0.1",
            "--listen-port",
            &port.to_string(),
        ])
        .arg("--set")
        .arg(format!("confdir={}", confdir.display()))
        .arg("--set")
        .arg(format!(
            "ssl_verify_upstream_trusted_ca={}",
            origin_ca.display()
        ))
        .arg("-s")
        .arg(&script)
        .stdout(Stdio::null())
        .spawn()
        .context("cannot run mitmdump")?;
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    let ca = confdir.join("mitmproxy-ca-cert.pem");
    for _ in 0..200 {
        if ca.is_file() && TcpStream::connect(addr).await.is_ok() {
            return Ok((child, addr, ca));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    drop(Reaper(child));
    bail!("mitmdump did not start")
}

/// The first line a program prints about its version (nginx prints it on stderr).
fn version(program: &str, args: &[&str]) -> String {
    Command::new(program)
        .args(args)
        .output()
        .ok()
        .and_then(|o| {
            let text = [o.stdout, o.stderr].concat();
            String::from_utf8_lossy(&text)
                .lines()
                .next()
                .map(|l| l.trim_start_matches("nginx version: ").to_owned())
        })
        .unwrap_or_else(|| format!("{program} (version unknown)"))
}

fn first_line(child: &mut Child) -> Result<String> {
    use std::io::BufRead as _;
    let stdout = child.stdout.take().context("no stdout")?;
    let mut line = String::new();
    std::io::BufReader::new(stdout).read_line(&mut line)?;
    Ok(line)
}

/// Kills a helper process when the benchmark ends, however it ends.
struct Reaper(Child);

impl Drop for Reaper {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}
