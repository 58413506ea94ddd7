//! Faults the emulator injects into the Google APIs it serves, set once per run: latency on
//! every call, a rate of 429/503 answers, and failing the first calls outright (deterministic,
//! for tests). Random faults draw from a generator seeded once per run, so a failing run can be
//! replayed with the same `--seed`.
//!
//! A refused call never reaches its handler, so it leaves no audit line, as a call turned away
//! by Google's front end leaves none.

use std::collections::BinaryHeap;
use std::fmt;
use std::str::FromStr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, OnceLock};
use std::time::{Duration, Instant};

use axum::Json;
use axum::extract::Request;
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse as _, Response};
use rand::rngs::StdRng;
use rand::{Rng as _, SeedableRng as _};
use serde_json::json;

/// What to inject, and how many calls have been seen.
#[derive(Debug)]
pub struct Faults {
    /// Added before every call is answered.
    pub latency: Latency,
    /// The share of calls (0 to 1) answered 429 or 503 at random, half each.
    pub error_rate: f64,
    /// The first this many calls are answered 429, 503, 429, ...
    pub fail_first: u64,
    seen: AtomicU64,
    /// Draws the random faults; seeded, so that a run can be replayed.
    dice: Mutex<StdRng>,
}

impl Default for Faults {
    fn default() -> Faults {
        Faults::new(Latency::default(), 0.0, 0, 0)
    }
}

impl Faults {
    /// Faults whose random draws follow `seed`.
    pub fn new(latency: Latency, error_rate: f64, fail_first: u64, seed: u64) -> Faults {
        Faults {
            latency,
            error_rate,
            fail_first,
            seen: AtomicU64::new(0),
            dice: Mutex::new(StdRng::seed_from_u64(seed)),
        }
    }

    /// The fault for the next call, if any.
    fn next(&self) -> Option<StatusCode> {
        let n = self.seen.fetch_add(1, Ordering::Relaxed);
        let pick = |even: bool| {
            if even {
                StatusCode::TOO_MANY_REQUESTS
            } else {
                StatusCode::SERVICE_UNAVAILABLE
            }
        };
        if n < self.fail_first {
            return Some(pick(n.is_multiple_of(2)));
        }
        if self.error_rate > 0.0 {
            // A poisoned lock only means another call panicked mid-draw; the generator is intact.
            let mut dice = self.dice.lock().unwrap_or_else(|e| e.into_inner());
            if dice.random_bool(self.error_rate.clamp(0.0, 1.0)) {
                return Some(pick(dice.random_bool(0.5)));
            }
        }
        None
    }
}

/// Middleware: waits out the latency, then answers with the fault or lets the call through.
pub(crate) async fn inject(faults: Arc<Faults>, request: Request, next: Next) -> Response {
    if !faults.latency.0.is_zero() {
        sleep_until(Instant::now() + faults.latency.0).await;
    }
    match faults.next() {
        Some(status) => refusal(status),
        None => next.run(request).await,
    }
}

/// Waits until `deadline`, to within tens of microseconds. tokio's timer rounds a deadline up
/// to its next millisecond tick and its driver then sleeps in whole milliseconds, which made a
/// call with 20 ms of latency take 21.7 ms: 8% more than a benchmark injecting it would say.
/// One thread of its own keeps the deadlines and sleeps precisely until the earliest.
async fn sleep_until(deadline: Instant) {
    let Some(alarms) = alarms() else {
        return tokio::time::sleep_until(deadline.into()).await;
    };
    let (wake, woken) = tokio::sync::oneshot::channel();
    alarms
        .due
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .push(Alarm { at: deadline, wake });
    alarms.changed.notify_one();
    let _ = woken.await;
}

/// Deadlines waited for, the earliest first.
struct Alarms {
    due: Mutex<BinaryHeap<Alarm>>,
    changed: Condvar,
}

struct Alarm {
    at: Instant,
    wake: tokio::sync::oneshot::Sender<()>,
}

impl PartialEq for Alarm {
    fn eq(&self, other: &Self) -> bool {
        self.at == other.at
    }
}

impl Eq for Alarm {}

impl PartialOrd for Alarm {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Alarm {
    /// Reversed, so that the heap's greatest is the earliest deadline.
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        other.at.cmp(&self.at)
    }
}

/// The process's alarm thread, started on first use; none if no thread could be started.
fn alarms() -> Option<&'static Alarms> {
    static ALARMS: OnceLock<Option<&'static Alarms>> = OnceLock::new();
    *ALARMS.get_or_init(|| {
        let alarms: &'static Alarms = Box::leak(Box::new(Alarms {
            due: Mutex::new(BinaryHeap::new()),
            changed: Condvar::new(),
        }));
        std::thread::Builder::new()
            .name("latency".into())
            .spawn(move || ring(alarms))
            .ok()
            .map(|_| alarms)
    })
}

fn ring(alarms: &Alarms) {
    let mut due = alarms.due.lock().unwrap_or_else(|p| p.into_inner());
    loop {
        let now = Instant::now();
        due = match due.peek().map(|alarm| alarm.at) {
            Some(at) if at <= now => {
                if let Some(alarm) = due.pop() {
                    let _ = alarm.wake.send(());
                }
                due
            }
            Some(at) => {
                let waited = alarms.changed.wait_timeout(due, at - now);
                waited.unwrap_or_else(|p| p.into_inner()).0
            }
            None => alarms.changed.wait(due).unwrap_or_else(|p| p.into_inner()),
        };
    }
}

/// The google.rpc.Status bodies Google's front end answers overload with.
fn refusal(status: StatusCode) -> Response {
    let (message, name) = if status == StatusCode::TOO_MANY_REQUESTS {
        (
            "Quota exceeded for quota metric 'Read requests' and limit 'Read requests per minute' of service (emulated).",
            "RESOURCE_EXHAUSTED",
        )
    } else {
        ("The service is currently unavailable.", "UNAVAILABLE")
    };
    let body = json!({"error": {"code": status.as_u16(), "message": message, "status": name}});
    (status, Json(body)).into_response()
}

/// A short delay written like `20ms`, `1.5s` or `0`.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Latency(pub Duration);

impl FromStr for Latency {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let text = s.trim();
        let bad = || format!("'{s}' is not a latency (write it like 20ms or 0.5s)");
        let (number, unit) = if let Some(n) = text.strip_suffix("ms") {
            (n, 0.001)
        } else if let Some(n) = text.strip_suffix('s') {
            (n, 1.0)
        } else if text == "0" {
            (text, 0.0)
        } else {
            return Err(bad());
        };
        let value: f64 = number.trim().parse().map_err(|_| bad())?;
        if !(0.0..=60.0).contains(&(value * unit)) {
            return Err(format!("'{s}' is out of range; a latency is at most 60s"));
        }
        Ok(Latency(Duration::from_secs_f64(value * unit)))
    }
}

impl fmt::Display for Latency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}ms", self.0.as_millis())
    }
}

/// Parses an error rate between 0 and 1 (a clap value parser).
pub fn parse_error_rate(text: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(rate) if (0.0..=1.0).contains(&rate) => Ok(rate),
        _ => Err(format!("'{text}' is not a rate between 0 and 1 (like 0.1)")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Deadlines set in any order each end at theirs, never before (how much after is the
    /// benchmarks' business, not a test's).
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn every_call_waits_out_its_own_deadline() {
        let start = Instant::now();
        let waits = [30u64, 10, 20, 10, 0].map(|ms| {
            let deadline = start + Duration::from_millis(ms);
            tokio::spawn(async move {
                sleep_until(deadline).await;
                Instant::now() >= deadline
            })
        });
        for wait in waits {
            assert!(wait.await.unwrap());
        }
    }

    #[test]
    fn latencies_parse_in_milliseconds_or_seconds() {
        assert_eq!("20ms".parse(), Ok(Latency(Duration::from_millis(20))));
        assert_eq!("1.5s".parse(), Ok(Latency(Duration::from_millis(1500))));
        assert_eq!("0".parse(), Ok(Latency(Duration::ZERO)));
        for bad in ["20", "fast", "-1ms", "61s"] {
            assert!(bad.parse::<Latency>().is_err(), "{bad}");
        }
        assert_eq!(parse_error_rate("0.1"), Ok(0.1));
        assert!(parse_error_rate("1.5").is_err());
    }

    #[test]
    fn the_first_calls_fail_in_turn_and_then_none() {
        let faults = Faults::new(Latency::default(), 0.0, 3, 0);
        let seen: Vec<_> = (0..5).map(|_| faults.next().map(|s| s.as_u16())).collect();
        assert_eq!(seen, [Some(429), Some(503), Some(429), None, None]);
    }

    #[test]
    fn a_full_error_rate_fails_every_call() {
        let faults = Faults::new(Latency::default(), 1.0, 0, 0);
        assert!((0..50).all(|_| faults.next().is_some()));
    }

    #[test]
    fn the_same_seed_replays_the_same_faults() {
        let draws = |seed| {
            let faults = Faults::new(Latency::default(), 0.5, 0, seed);
            (0..64)
                .map(|_| faults.next().map(|s| s.as_u16()))
                .collect::<Vec<_>>()
        };
        assert_eq!(draws(7), draws(7));
        assert_ne!(draws(7), draws(8), "another seed draws other faults");
    }
}
