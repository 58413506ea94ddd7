//! A client of Google's APIs below auth: the one HTTP client gsudo's own calls go through, and
//! what a failed call says, for every layer that calls Google (auth, discovery, the session).

pub mod http;

pub use http::{CallFailure, Http};
use serde_json::Value;

/// What a failed call's body says, as far as gsudo branches on it: Google's own sentence, the
/// google.rpc status name, and the `ErrorInfo` detail's reason and metadata
/// (docs/google-cloud-facts.md §1, "Errors"); or an OAuth error's code and subtype.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GoogleError {
    /// Google's sentence, without its final full stop.
    pub message: String,
    /// `PERMISSION_DENIED`, `FAILED_PRECONDITION`, ...; an OAuth error's `error`.
    pub status: Option<String>,
    /// The `ErrorInfo` reason (`SERVICE_DISABLED`, ...); an OAuth error's `error_subtype`.
    pub reason: Option<String>,
    /// The `ErrorInfo` metadata (`consumer`, `permission`, ...).
    pub metadata: std::collections::BTreeMap<String, String>,
}

impl GoogleError {
    /// Reads an error body of any shape; what it lacks stays empty.
    pub fn parse(body: &str) -> GoogleError {
        let parsed: Value = serde_json::from_str(body).unwrap_or(Value::Null);
        let error = &parsed["error"];
        let info = error["details"].as_array().and_then(|details| {
            details
                .iter()
                .find(|d| d["@type"].as_str() == Some("type.googleapis.com/google.rpc.ErrorInfo"))
        });
        let text = |v: &Value| v.as_str().map(str::to_owned);
        GoogleError {
            message: google_message(body.to_owned()),
            status: text(&error["status"]).or_else(|| text(error)),
            reason: info
                .and_then(|i| text(&i["reason"]))
                .or_else(|| text(&parsed["error_subtype"])),
            metadata: info
                .and_then(|i| i["metadata"].as_object())
                .map(|m| {
                    m.iter()
                        .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_owned())))
                        .collect()
                })
                .unwrap_or_default(),
        }
    }

    /// The `ErrorInfo` reason is `reason`.
    pub fn is(&self, reason: &str) -> bool {
        self.reason.as_deref() == Some(reason)
    }
}

/// The `error.message` of a google.rpc.Status body, else the body's first line.
pub fn google_message(body: String) -> String {
    let parsed: Option<Value> = serde_json::from_str(&body).ok();
    let message = parsed.as_ref().and_then(|v| {
        v["error"]["message"]
            .as_str()
            .or_else(|| v["error_description"].as_str())
            .map(str::to_owned)
    });
    message
        .unwrap_or_else(|| {
            body.lines()
                .next()
                .unwrap_or("no details")
                .chars()
                .take(200)
                .collect()
        })
        .trim_end_matches('.')
        .to_owned()
}

/// The HTTP error somewhere in an error's chain of causes, as the credential libraries wrap it.
pub fn http_error<'a>(error: &'a (dyn std::error::Error + 'static)) -> Option<&'a reqwest::Error> {
    let mut cause = Some(error);
    while let Some(e) = cause {
        if let Some(http) = e.downcast_ref::<reqwest::Error>() {
            return Some(http);
        }
        cause = e.source();
    }
    None
}

/// Why a call got no answer, in plain words: refused, timed out, a name that does not resolve;
/// else the innermost cause as the system says it.
pub fn network_failure(error: &reqwest::Error) -> String {
    if error.is_timeout() {
        return "it did not answer in time".into();
    }
    let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(e) = cause {
        if let Some(io) = e.downcast_ref::<std::io::Error>() {
            match io.kind() {
                std::io::ErrorKind::ConnectionRefused => {
                    return "the connection was refused".into();
                }
                std::io::ErrorKind::TimedOut => return "it did not answer in time".into(),
                _ => {}
            }
        }
        cause = e.source();
    }
    let root = root_cause(error);
    if root.contains("failed to lookup address") || root.contains("dns error") {
        return format!("its host name could not be resolved ({root})");
    }
    root
}

/// The innermost cause of an error: "Connection refused (os error 111)" rather than a wrapper.
pub fn root_cause(error: &(dyn std::error::Error + 'static)) -> String {
    let mut cause = error;
    while let Some(next) = cause.source() {
        cause = next;
    }
    cause.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn network_failures_say_what_happened() {
        // A port nothing listens on: bound, then closed.
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let url = format!("http://127.0.0.1:{port}/token");
        let http = Http::new().unwrap();
        let error = http
            .send(http.request(reqwest::Method::GET, &url))
            .await
            .unwrap_err();
        let wrapped: Box<dyn std::error::Error + 'static> = Box::new(error);
        let found = http_error(wrapped.as_ref()).expect("the HTTP error is found");
        assert_eq!(found.url().map(|u| u.as_str()), Some(url.as_str()));
        assert_eq!(network_failure(found), "the connection was refused");
    }

    #[test]
    fn errors_are_told_apart_by_their_error_info_reason() {
        let disabled = r#"{"error":{"code":403,"message":"IAM Service Account Credentials API has not been used in project p1 before or it is disabled.","status":"PERMISSION_DENIED","details":[{"@type":"type.googleapis.com/google.rpc.Help","links":[]},{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"SERVICE_DISABLED","domain":"googleapis.com","metadata":{"consumer":"projects/p1","service":"iamcredentials.googleapis.com"}}]}}"#;
        let e = GoogleError::parse(disabled);
        assert!(e.is("SERVICE_DISABLED"));
        assert_eq!(e.status.as_deref(), Some("PERMISSION_DENIED"));
        assert_eq!(e.metadata["consumer"], "projects/p1");
        assert!(e.message.ends_with("or it is disabled"), "{}", e.message);

        let reauth = r#"{"error":"invalid_grant","error_description":"reauth related error (invalid_rapt)","error_uri":"https://support.google.com/a/answer/9368756","error_subtype":"invalid_rapt"}"#;
        let e = GoogleError::parse(reauth);
        assert!(e.is("invalid_rapt"));
        assert_eq!(e.status.as_deref(), Some("invalid_grant"));
        assert_eq!(GoogleError::parse("<html>").reason, None);
    }

    #[test]
    fn google_errors_become_their_message() {
        let body = r#"{"error":{"code":403,"message":"Permission 'iam.serviceAccounts.getAccessToken' denied on resource (or it may not exist).","status":"PERMISSION_DENIED"}}"#;
        assert_eq!(
            google_message(body.into()),
            "Permission 'iam.serviceAccounts.getAccessToken' denied on resource (or it may not exist)"
        );
        assert_eq!(
            google_message(r#"{"error":"invalid_grant","error_description":"Bad Request"}"#.into()),
            "Bad Request"
        );
        assert_eq!(google_message("<html>\nbody".into()), "<html>");
    }
}
