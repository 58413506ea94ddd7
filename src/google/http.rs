//! The one HTTP client gsudo's own calls go through, so `-v` shows every call and none leaks.

use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use rand::Rng as _;
use reqwest::{Client, ClientBuilder, Method, RequestBuilder, Response, StatusCode};
use tokio::sync::Semaphore;

use crate::ui;

/// Transient failures (429, 5xx) are tried this many times in all.
pub const ATTEMPTS: u32 = 4;

/// HTTP clients whose calls `-v` reports (method, URL, status, time; never headers or bodies).
///
/// Loading the system's CA certificates costs milliseconds that a session against loopback
/// servers (the emulator, a session's own endpoints) never needs, so the TLS clients are built
/// on their first https call.
#[derive(Clone, Debug)]
pub struct Http {
    /// Plain http to loopback servers: no proxy, no CA certificates.
    plain: Client,
    /// https through whatever proxy the environment names.
    remote: Arc<OnceLock<Client>>,
    /// https to loopback servers, directly.
    local_tls: Arc<OnceLock<Client>>,
    /// At most this many calls in flight, when set; shared by every clone.
    limit: Option<Arc<Semaphore>>,
}

fn builder() -> ClientBuilder {
    Client::builder()
        .user_agent(concat!("gsudo/", env!("CARGO_PKG_VERSION")))
        .connect_timeout(Duration::from_secs(10))
        .timeout(Duration::from_secs(30))
}

impl Http {
    pub fn new() -> Result<Self, reqwest::Error> {
        Ok(Self {
            plain: builder().no_proxy().tls_certs_only([]).build()?,
            remote: Arc::default(),
            local_tls: Arc::default(),
            limit: None,
        })
    }

    /// A TLS client, built on first use. Should the system's certificates fail to load, the
    /// user is told once and https calls fail as untrusted, which names the cause again.
    fn tls(&self, cell: &OnceLock<Client>, direct: bool) -> Client {
        cell.get_or_init(|| {
            let builder = if direct { builder().no_proxy() } else { builder() };
            builder.build().unwrap_or_else(|e| {
                ui::warn(&format!(
                    "gsudo could not load the system's CA certificates ({}); its HTTPS calls will fail",
                    super::root_cause(&e)
                ));
                self.plain.clone()
            })
        })
        .clone()
    }

    /// The same client, with at most `calls` of its calls in flight at once (over all clones).
    pub fn limited(mut self, calls: usize) -> Self {
        self.limit = Some(Arc::new(Semaphore::new(calls.max(1))));
        self
    }

    /// Starts a request; `url` is also what `-v` prints, so it must not hold a secret.
    pub fn request(&self, method: Method, url: &str) -> RequestBuilder {
        let client = match (url.starts_with("http://"), is_loopback(url)) {
            (true, true) => self.plain.clone(),
            (false, true) => self.tls(&self.local_tls, true),
            (_, false) => self.tls(&self.remote, false),
        };
        client.request(method, url)
    }

    pub async fn send(&self, request: RequestBuilder) -> reqwest::Result<Response> {
        let started = Instant::now();
        let (client, request) = request.build_split();
        let request = request?;
        // What `-v` shows, made only when it is shown (a broker sends thousands a second).
        let shown = (ui::level() >= ui::Level::Verbose)
            .then(|| (request.method().to_string(), redact_query(request.url())));
        // The semaphore is never closed, so acquiring fails only in theory; then go unlimited.
        let _permit = match &self.limit {
            Some(limit) => limit.acquire().await.ok(),
            None => None,
        };
        let result = client.execute(request).await;
        if let Some((method, url)) = shown {
            ui::http(
                &method,
                &url,
                result.as_ref().ok().map(|r| r.status().as_u16()),
                started.elapsed(),
            );
        }
        result
    }
}

impl Http {
    /// Sends what `build` makes, again after a growing, jittered pause while Google answers
    /// 429 or 5xx, at most [`ATTEMPTS`] times; returns the last answer, whatever it is. No
    /// permit is held while waiting, so other calls go on.
    pub async fn send_retrying(
        &self,
        build: impl Fn() -> RequestBuilder,
    ) -> reqwest::Result<Response> {
        let mut attempt = 0;
        loop {
            attempt += 1;
            let response = self.send(build()).await?;
            let status = response.status();
            let transient = status == StatusCode::TOO_MANY_REQUESTS || status.is_server_error();
            if !transient || attempt >= ATTEMPTS {
                return Ok(response);
            }
            tokio::time::sleep(retry_after(&response).unwrap_or_else(|| backoff(attempt))).await;
        }
    }

    /// [`Http::send_retrying`], then a successful answer read as JSON: what every call to a
    /// Google API does, with Google's own message kept when it refuses.
    pub async fn call_json<T: serde::de::DeserializeOwned>(
        &self,
        build: impl Fn() -> RequestBuilder,
    ) -> Result<T, CallFailure> {
        let response = self
            .send_retrying(build)
            .await
            .map_err(|e| CallFailure::Unreachable(super::root_cause(&e)))?;
        let status = response.status();
        if !status.is_success() {
            return Err(CallFailure::Refused {
                status: status.as_u16(),
                message: super::google_message(response.text().await.unwrap_or_default()),
            });
        }
        response
            .json()
            .await
            .map_err(|e| CallFailure::Malformed(super::root_cause(&e)))
    }
}

/// Why a call to a Google API gave no answer to use; each caller says it in its own words.
#[derive(Debug)]
pub enum CallFailure {
    /// No answer: the network's or the TLS stack's error.
    Unreachable(String),
    /// Google refused, with its status and message.
    Refused { status: u16, message: String },
    /// A success whose body was not the JSON expected.
    Malformed(String),
}

/// 250 ms doubling per attempt (at most 4 s), plus up to half again at random so that calls
/// refused together do not come back together.
fn backoff(attempt: u32) -> Duration {
    let base = 250u64 << (attempt.max(1) - 1).min(4);
    Duration::from_millis(base + rand::rng().random_range(0..=base / 2))
}

/// A short `Retry-After` in seconds; longer ones are not worth the wait of a CLI.
fn retry_after(response: &Response) -> Option<Duration> {
    let secs: u64 = response
        .headers()
        .get("retry-after")?
        .to_str()
        .ok()?
        .trim()
        .parse()
        .ok()?;
    (secs <= 10).then(|| Duration::from_secs(secs))
}

fn is_loopback(url: &str) -> bool {
    reqwest::Url::parse(url)
        .ok()
        .and_then(|u| u.host().map(|h| h.to_owned()))
        .is_some_and(|host| match host {
            url::Host::Domain(d) => d == "localhost",
            url::Host::Ipv4(ip) => ip.is_loopback(),
            url::Host::Ipv6(ip) => ip.is_loopback(),
        })
}

/// The URL without its query, which `-v` never shows (a query may carry a token).
fn redact_query(url: &reqwest::Url) -> String {
    let mut shown = url.clone();
    shown.set_query(None);
    match url.query() {
        Some(_) => format!("{shown}?…"),
        None => shown.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_is_recognised() {
        assert!(is_loopback("http://127.0.0.1:80/x"));
        assert!(is_loopback("http://[::1]:80/x"));
        assert!(is_loopback("http://localhost/x"));
        assert!(!is_loopback("https://iamcredentials.googleapis.com/"));
    }

    #[test]
    fn backoff_grows_and_stays_bounded() {
        assert!(
            backoff(1) >= Duration::from_millis(250) && backoff(1) <= Duration::from_millis(375)
        );
        assert!(backoff(3) >= Duration::from_millis(1000));
        assert!(backoff(30) <= Duration::from_millis(6000));
    }

    #[test]
    fn queries_are_not_shown() {
        let url = reqwest::Url::parse("https://h/tokeninfo?access_token=secret").unwrap();
        assert_eq!(redact_query(&url), "https://h/tokeninfo?…");
    }
}
