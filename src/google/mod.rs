//! A client of Google's APIs below auth: the one HTTP client gsudo's own calls go through, and
//! what a failed call says, for every layer that calls Google (auth, discovery, the session).

pub mod http;

pub use http::{CallFailure, Http};
use serde_json::Value;

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
