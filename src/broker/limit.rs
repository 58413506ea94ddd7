//! Rate limits per caller: a token bucket each, refilled continuously.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How many requests a caller may make: `burst` at once, then `per_second`.
#[derive(Clone, Copy, Debug)]
pub struct Rate {
    pub per_second: f64,
    pub burst: f64,
}

struct Bucket {
    tokens: f64,
    at: Instant,
}

/// Every caller's bucket. The callers are verified identities of one organization, so the
/// map stays as small as the organization.
pub struct Limiter {
    rate: Rate,
    buckets: Mutex<HashMap<String, Bucket>>,
}

impl Limiter {
    pub fn new(rate: Rate) -> Self {
        Self {
            rate,
            buckets: Mutex::default(),
        }
    }

    /// Takes one request from `caller`'s bucket, or says how long until there is one.
    pub fn take(&self, caller: &str) -> Result<(), Duration> {
        let now = Instant::now();
        let Ok(mut buckets) = self.buckets.lock() else {
            // A panic elsewhere poisoned the map: limiting is lost, serving goes on.
            return Ok(());
        };
        let bucket = buckets.entry(caller.to_owned()).or_insert(Bucket {
            tokens: self.rate.burst,
            at: now,
        });
        let refill = now.duration_since(bucket.at).as_secs_f64() * self.rate.per_second;
        bucket.tokens = (bucket.tokens + refill).min(self.rate.burst);
        bucket.at = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            return Ok(());
        }
        let missing = 1.0 - bucket.tokens;
        Err(Duration::from_secs_f64(
            missing / self.rate.per_second.max(f64::MIN_POSITIVE),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_then_refusal_with_the_wait() {
        let limiter = Limiter::new(Rate {
            per_second: 0.5,
            burst: 2.0,
        });
        assert!(limiter.take("a@x").is_ok());
        assert!(limiter.take("a@x").is_ok());
        let wait = limiter.take("a@x").unwrap_err();
        assert!(wait > Duration::from_secs(1) && wait <= Duration::from_secs(2));
        // Another caller has a bucket of its own.
        assert!(limiter.take("b@x").is_ok());
    }
}
