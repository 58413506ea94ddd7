//! A client of Google's APIs below auth: the one HTTP client gsudo's own calls go through, and
//! what a failed call says, for every layer that calls Google (auth, discovery, the session).

pub mod http;

pub use http::Http;
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
