//! The one HTTP client gsudo's own calls go through, so `-v` shows every call and none leaks.

use std::time::{Duration, Instant};

use reqwest::{Client, Method, RequestBuilder, Response};

use crate::ui;

/// HTTP clients whose calls `-v` reports (method, URL, status, time; never headers or bodies).
#[derive(Clone, Debug)]
pub struct Http {
    remote: Client,
    /// Loopback servers (the session's, the emulator) are reached directly, whatever proxy the
    /// environment names.
    local: Client,
}

impl Http {
    pub fn new() -> Result<Self, reqwest::Error> {
        let builder = || {
            Client::builder()
                .user_agent(concat!("gsudo/", env!("CARGO_PKG_VERSION")))
                .connect_timeout(Duration::from_secs(10))
                .timeout(Duration::from_secs(30))
        };
        Ok(Self {
            remote: builder().build()?,
            local: builder().no_proxy().build()?,
        })
    }

    /// Starts a request; `url` is also what `-v` prints, so it must not hold a secret.
    pub fn request(&self, method: Method, url: &str) -> RequestBuilder {
        let client = if is_loopback(url) {
            &self.local
        } else {
            &self.remote
        };
        client.request(method, url)
    }

    pub async fn send(&self, request: RequestBuilder) -> reqwest::Result<Response> {
        let started = Instant::now();
        let (client, request) = request.build_split();
        let request = request?;
        let (method, url) = (request.method().to_string(), redact_query(request.url()));
        let result = client.execute(request).await;
        ui::http(
            &method,
            &url,
            result.as_ref().ok().map(|r| r.status().as_u16()),
            started.elapsed(),
        );
        result
    }
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
    fn queries_are_not_shown() {
        let url = reqwest::Url::parse("https://h/tokeninfo?access_token=secret").unwrap();
        assert_eq!(redact_query(&url), "https://h/tokeninfo?…");
    }
}
