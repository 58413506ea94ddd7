//! The decision log: one JSON line per decision on stdout, in the shape Cloud Logging reads
//! from a Cloud Run container (`severity`, `message`, `logging.googleapis.com/labels`,
//! `logging.googleapis.com/trace`), and the same lines appended to an optional file. Never a
//! token: the lines are built from the request's fields and the decision only.

use std::fs::File;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::Serialize;
use serde_json::json;

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
    /// The request's fields as checked; `None` when it was not read.
    pub request: Option<Fields<'a>>,
    pub rule: Option<&'a str>,
    /// The `X-Cloud-Trace-Context` trace id the load balancer gave the request.
    pub trace: Option<&'a str>,
}

/// The request's fields the log records (never a token); those a kind of request lacks are
/// `None`, logged as `null`.
#[derive(Clone, Copy, Default)]
pub struct Fields<'a> {
    pub account: Option<&'a str>,
    pub reason: Option<&'a str>,
    pub session: Option<&'a str>,
    pub lifetime: Option<u64>,
    pub scopes: Option<&'a [String]>,
    pub delegates: Option<&'a [String]>,
    pub command: Option<&'a str>,
}

/// One line, serialized straight from borrowed fields: the log is written on every request,
/// and building a `serde_json::Value` first cost a map and a string per field.
#[derive(Serialize)]
struct Line<'a> {
    time: String,
    severity: &'static str,
    message: &'a str,
    #[serde(rename = "logging.googleapis.com/labels")]
    labels: Labels<'a>,
    #[serde(
        rename = "logging.googleapis.com/trace",
        skip_serializing_if = "Option::is_none"
    )]
    trace_name: Option<String>,
    decision: &'static str,
    code: &'a str,
    endpoint: &'a str,
    caller: Option<&'a str>,
    account: Option<&'a str>,
    reason: Option<&'a str>,
    session: Option<&'a str>,
    lifetime: Option<u64>,
    scopes: Option<&'a [String]>,
    delegates: Option<&'a [String]>,
    command: Option<&'a str>,
    rule: Option<&'a str>,
    trace: Option<&'a str>,
}

#[derive(Serialize)]
struct Labels<'a> {
    gsudo_decision: &'static str,
    gsudo_code: &'a str,
    gsudo_rule: &'a str,
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
        let mut line = Vec::with_capacity(512);
        if serde_json::to_writer(&mut line, &self.line(entry)).is_err() {
            return;
        }
        line.push(b'\n');
        // One locked write per line, so lines from concurrent requests never interleave.
        let _ = std::io::stdout().lock().write_all(&line);
        if let Some(file) = &self.file
            && let Ok(mut file) = file.lock()
        {
            let _ = file.write_all(&line);
        }
    }

    /// A line that is not a decision (the broker starting, stopping).
    pub fn notice(&self, message: &str) {
        let line = json!({"severity": "NOTICE", "message": message, "time": now()});
        let _ = writeln!(std::io::stdout().lock(), "{line}");
    }

    fn line<'a>(&self, e: &Entry<'a>) -> Line<'a> {
        let severity = match e.decision {
            "allow" => "INFO",
            "refuse" => "WARNING",
            _ => "ERROR",
        };
        let fields = e.request.unwrap_or_default();
        Line {
            time: now(),
            severity,
            message: e.message,
            labels: Labels {
                gsudo_decision: e.decision,
                gsudo_code: e.code,
                gsudo_rule: e.rule.unwrap_or(""),
            },
            trace_name: self
                .project
                .as_ref()
                .zip(e.trace)
                .map(|(project, trace)| format!("projects/{project}/traces/{trace}")),
            decision: e.decision,
            code: e.code,
            endpoint: e.endpoint,
            caller: e.caller,
            account: fields.account,
            reason: fields.reason,
            session: fields.session,
            lifetime: fields.lifetime,
            scopes: fields.scopes,
            delegates: fields.delegates,
            command: fields.command,
            rule: e.rule,
            trace: e.trace,
        }
    }
}

fn now() -> String {
    crate::types::rfc3339(time::OffsetDateTime::now_utc())
}
