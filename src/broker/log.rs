//! The decision log: one JSON line per decision on stdout, in the shape Cloud Logging reads
//! from a Cloud Run container (`severity`, `message`, `logging.googleapis.com/labels`,
//! `logging.googleapis.com/trace`), and the same lines appended to an optional file. Never a
//! token: the lines are built from the request's fields and the decision only.

use std::fs::File;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde_json::{Value, json};

/// One decision, as it is logged.
pub struct Entry<'a> {
    /// `allow`, `refuse` or `error`.
    pub decision: &'static str,
    /// The stable code of a refusal or error; `ok` when allowed.
    pub code: &'a str,
    pub message: &'a str,
    pub endpoint: &'a str,
    /// The verified caller; `None` when the caller could not be verified.
    pub caller: Option<&'a str>,
    pub request: Option<&'a Value>,
    pub rule: Option<&'a str>,
    /// The `X-Cloud-Trace-Context` trace id the load balancer gave the request.
    pub trace: Option<&'a str>,
}

/// Where decisions go.
pub struct DecisionLog {
    file: Option<Mutex<File>>,
    /// For `logging.googleapis.com/trace`, which names the project.
    project: Option<String>,
}

/// The decision log file could not be opened.
#[derive(Debug, thiserror::Error)]
#[error("cannot open the decision log {}: {source}", path.display())]
pub struct LogError {
    path: PathBuf,
    source: std::io::Error,
}

impl DecisionLog {
    pub fn open(file: Option<&Path>, project: Option<String>) -> Result<Self, LogError> {
        let file = file
            .map(|path| {
                std::fs::OpenOptions::new()
                    .create(true)
                    .append(true)
                    .open(path)
                    .map_err(|source| LogError {
                        path: path.to_owned(),
                        source,
                    })
            })
            .transpose()?
            .map(Mutex::new);
        Ok(Self { file, project })
    }

    /// Writes one line; a failed write is not the caller's problem and is not retried.
    pub fn record(&self, entry: &Entry<'_>) {
        let line = self.line(entry).to_string();
        // One locked write per line, so lines from concurrent requests never interleave.
        let _ = writeln!(std::io::stdout().lock(), "{line}");
        if let Some(file) = &self.file
            && let Ok(mut file) = file.lock()
        {
            let _ = writeln!(file, "{line}");
        }
    }

    /// A line that is not a decision (the broker starting, stopping).
    pub fn notice(&self, message: &str) {
        let line = json!({"severity": "NOTICE", "message": message, "time": now()});
        let _ = writeln!(std::io::stdout().lock(), "{line}");
    }

    fn line(&self, e: &Entry<'_>) -> Value {
        let severity = match e.decision {
            "allow" => "INFO",
            "refuse" => "WARNING",
            _ => "ERROR",
        };
        let field = |key: &str| {
            e.request
                .and_then(|r| r.get(key))
                .cloned()
                .unwrap_or(Value::Null)
        };
        let mut line = json!({
            "time": now(),
            "severity": severity,
            "message": e.message,
            "logging.googleapis.com/labels": {
                "gsudo_decision": e.decision,
                "gsudo_code": e.code,
                "gsudo_rule": e.rule.unwrap_or(""),
            },
            "decision": e.decision,
            "code": e.code,
            "endpoint": e.endpoint,
            "caller": e.caller,
            "account": field("account"),
            "reason": field("reason"),
            "session": field("session"),
            "lifetime": field("lifetime"),
            "scopes": field("scopes"),
            "delegates": field("delegates"),
            "command": field("command"),
            "rule": e.rule,
            "trace": e.trace,
        });
        if let (Some(project), Some(trace)) = (&self.project, e.trace) {
            line["logging.googleapis.com/trace"] =
                json!(format!("projects/{project}/traces/{trace}"));
        }
        line
    }
}

fn now() -> String {
    crate::types::rfc3339(time::OffsetDateTime::now_utc())
}
