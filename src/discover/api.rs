//! The calls discovery makes: JSON in and out, as one identity, bounded and retried.

use std::sync::Arc;

use reqwest::Method;
use serde_json::Value;

use crate::google::{CallFailure, Http};
use crate::types::Secret;

/// Who a call is made as: a token, a name to show, and the reason to record, if any.
#[derive(Clone, Debug)]
pub struct Identity {
    pub name: String,
    pub token: Secret,
    /// The `X-Goog-Request-Reason` every call carries.
    pub reason: Option<String>,
}

/// Why one call failed, after its retries; `Display` is one clause without a full stop.
#[derive(Debug, Clone, thiserror::Error)]
pub enum CallError {
    #[error("{message} (HTTP {status})")]
    Refused { status: u16, message: String },
    #[error("could not reach {url}: {why}")]
    Unreachable { url: String, why: String },
    #[error("{url} answered with something other than the JSON expected ({why})")]
    Malformed { url: String, why: String },
}

/// The HTTP client discovery shares between its tasks.
#[derive(Clone, Debug)]
pub struct Api {
    http: Arc<Http>,
}

impl Api {
    /// `http` with at most `concurrency` calls in flight.
    pub fn new(http: Http, concurrency: usize) -> Api {
        Api {
            http: Arc::new(http.limited(concurrency)),
        }
    }

    pub async fn get(&self, who: &Identity, url: &str) -> Result<Value, CallError> {
        self.call(who, Method::GET, url, None).await
    }

    pub async fn post(&self, who: &Identity, url: &str, body: &Value) -> Result<Value, CallError> {
        self.call(who, Method::POST, url, Some(body)).await
    }

    async fn call(
        &self,
        who: &Identity,
        method: Method,
        url: &str,
        body: Option<&Value>,
    ) -> Result<Value, CallError> {
        self.http
            .call_json(|| {
                let mut request = self
                    .http
                    .request(method.clone(), url)
                    .bearer_auth(who.token.expose());
                if let Some(reason) = &who.reason {
                    request = request.header("X-Goog-Request-Reason", reason);
                }
                if let Some(body) = body {
                    request = request.json(body);
                }
                request
            })
            .await
            .map_err(|failure| match failure {
                CallFailure::Unreachable(why) => CallError::Unreachable {
                    url: shown(url),
                    why,
                },
                CallFailure::Refused { status, message } => CallError::Refused { status, message },
                CallFailure::Malformed(why) => CallError::Malformed {
                    url: shown(url),
                    why,
                },
            })
    }

    /// Every item of a paged list: `url` (without `pageToken`) called until no
    /// `nextPageToken` comes back; `field` names the list in each page.
    pub async fn get_all(
        &self,
        who: &Identity,
        url: &str,
        field: &str,
    ) -> Result<Vec<Value>, CallError> {
        let mut items = Vec::new();
        let mut token: Option<String> = None;
        loop {
            let page_url = match &token {
                Some(t) => with_param(url, "pageToken", t),
                None => url.to_owned(),
            };
            let page = self.get(who, &page_url).await?;
            items.extend(page[field].as_array().cloned().unwrap_or_default());
            match next_token(&page, token.as_deref()) {
                Some(next) => token = Some(next),
                None => return Ok(items),
            }
        }
    }
}

/// The page token to ask for next, if any; a server repeating the token it was given would
/// loop forever, so that ends the listing too.
pub fn next_token(page: &Value, previous: Option<&str>) -> Option<String> {
    page["nextPageToken"]
        .as_str()
        .filter(|t| !t.is_empty() && Some(*t) != previous)
        .map(str::to_owned)
}

/// `url` with `key=value` appended to its query, encoded.
pub fn with_param(url: &str, key: &str, value: &str) -> String {
    let separator = if url.contains('?') { '&' } else { '?' };
    let encoded: String = url::form_urlencoded::byte_serialize(value.as_bytes()).collect();
    format!("{url}{separator}{key}={encoded}")
}

/// A URL for messages: without its query.
fn shown(url: &str) -> String {
    url.split('?').next().unwrap_or(url).to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn paging_ends_without_a_new_token() {
        assert_eq!(
            next_token(&json!({"nextPageToken": "b"}), Some("a")),
            Some("b".into())
        );
        assert_eq!(next_token(&json!({"nextPageToken": "a"}), Some("a")), None);
        assert_eq!(next_token(&json!({"nextPageToken": ""}), None), None);
        assert_eq!(next_token(&json!({}), None), None);
    }

    #[test]
    fn parameters_are_encoded_and_appended() {
        assert_eq!(
            with_param("http://h/v1/x?pageSize=100", "pageToken", "a+b/="),
            "http://h/v1/x?pageSize=100&pageToken=a%2Bb%2F%3D"
        );
        assert_eq!(with_param("http://h/x", "q", "1"), "http://h/x?q=1");
    }
}
