//! The audit log: one Cloud Audit Logs-shaped JSON line per audited API call.

use std::fs::{File, OpenOptions};
use std::io::Write as _;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde_json::{Value, json};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// google.rpc.Code values the emulator answers with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Code {
    Ok = 0,
    InvalidArgument = 3,
    NotFound = 5,
    PermissionDenied = 7,
    FailedPrecondition = 9,
    Aborted = 10,
    Unimplemented = 12,
    Internal = 13,
    Unauthenticated = 16,
}

impl Code {
    /// The name Google puts in `error.status`.
    pub fn name(self) -> &'static str {
        match self {
            Code::Ok => "OK",
            Code::InvalidArgument => "INVALID_ARGUMENT",
            Code::NotFound => "NOT_FOUND",
            Code::PermissionDenied => "PERMISSION_DENIED",
            Code::FailedPrecondition => "FAILED_PRECONDITION",
            Code::Aborted => "ABORTED",
            Code::Unimplemented => "UNIMPLEMENTED",
            Code::Internal => "INTERNAL",
            Code::Unauthenticated => "UNAUTHENTICATED",
        }
    }
}

/// One audited call. It never holds a token: only emails, names and request metadata.
pub(crate) struct Entry<'a> {
    pub service: &'static str,
    pub method: &'static str,
    pub resource: &'a str,
    /// The caller's email, or a federated principal's `principal://` identifier.
    pub principal: Option<&'a str>,
    /// The accounts the principal acted through, original caller first (emails, or a federated
    /// principal's identifier).
    pub delegation: &'a [String],
    pub user_agent: Option<&'a str>,
    pub reason: Option<&'a str>,
    /// The wire protocol (`h2`, `http/1.1`), where the call's handler says it matters.
    pub protocol: Option<&'a str>,
    pub caller_ip: IpAddr,
    pub code: Code,
    pub message: &'a str,
}

impl Entry<'_> {
    fn to_json(&self) -> Value {
        let mut authentication = json!({});
        if let Some(who) = self.principal {
            authentication[principal_field(who)] = json!(who);
        }
        if !self.delegation.is_empty() {
            authentication["serviceAccountDelegationInfo"] = self
                .delegation
                .iter()
                .map(|who| match principal_field(who) {
                    SUBJECT => json!({ SUBJECT: who }),
                    _ => json!({"firstPartyPrincipal": {"principalEmail": who}}),
                })
                .collect();
        }
        let mut metadata = json!({"callerIp": self.caller_ip.to_string()});
        if let Some(agent) = self.user_agent {
            metadata["callerSuppliedUserAgent"] = json!(agent);
        }
        let mut attributes = json!({});
        if let Some(reason) = self.reason {
            attributes["reason"] = json!(reason);
        }
        if let Some(protocol) = self.protocol {
            attributes["protocol"] = json!(protocol);
        }
        if attributes != json!({}) {
            metadata["requestAttributes"] = attributes;
        }
        let mut status = json!({"code": self.code as i32});
        if !self.message.is_empty() {
            status["message"] = json!(self.message);
        }
        let now = OffsetDateTime::now_utc();
        json!({
            "timestamp": now.format(&Rfc3339).unwrap_or_default(),
            "severity": severity(self.method, self.code),
            "protoPayload": {
                "@type": "type.googleapis.com/google.cloud.audit.AuditLog",
                "serviceName": self.service,
                "methodName": self.method,
                "resourceName": self.resource,
                "authenticationInfo": authentication,
                "requestMetadata": metadata,
                "status": status,
            },
        })
    }
}

/// Where Cloud Audit Logs names a federated (third-party) principal: `principalSubject`, with
/// no `principalEmail`, in `authenticationInfo` and in each `serviceAccountDelegationInfo`
/// (docs/google-cloud-facts.md §1, "Audit logs").
const SUBJECT: &str = "principalSubject";

/// The field that names `who`: `principalSubject` for a `principal://` identifier, else
/// `principalEmail`.
fn principal_field(who: &str) -> &'static str {
    if who.starts_with("principal://") {
        SUBJECT
    } else {
        "principalEmail"
    }
}

/// Who an entry's `authenticationInfo` (or one of its delegation steps) names: the email, or
/// a federated principal's subject.
fn named(info: &Value) -> &Value {
    match &info["principalEmail"] {
        Value::Null => &info[SUBJECT],
        email => email,
    }
}

/// The severity Cloud Audit Logs gives an entry: ERROR for a failed call, NOTICE for an Admin
/// Activity entry (a call that changes configuration), INFO for a Data Access entry (a call
/// that reads, mints included) (docs/google-cloud-facts.md §1, "Audit logs").
fn severity(method: &str, code: Code) -> &'static str {
    const WRITES: &[&str] = &[
        "Create", "Delete", "Update", "Set", "Patch", "Insert", "Approve", "Deny", "Revoke",
        "Withdraw", "Enable", "Disable", "Undelete",
    ];
    let verb = method.rsplit('.').next().unwrap_or(method);
    let writes = WRITES
        .iter()
        .any(|w| verb.starts_with(w) || verb.starts_with(&w.to_ascii_lowercase()));
    match (code, writes) {
        (Code::Ok, true) => "NOTICE",
        (Code::Ok, false) => "INFO",
        _ => "ERROR",
    }
}

/// Why the audit log could not be written.
#[derive(Debug, thiserror::Error)]
#[error("cannot write the audit log {}: {error}", path.display())]
pub(crate) struct AuditError {
    path: PathBuf,
    error: std::io::Error,
}

/// An append-only JSON-lines file.
pub(crate) struct AuditLog {
    path: PathBuf,
    // Unbuffered on purpose: each line reaches the file before the response is sent, so a
    // test (or a user with `tail -f`) sees it while the emulator runs, and nothing is lost
    // if the process is killed.
    file: Mutex<File>,
}

impl AuditLog {
    pub fn open(path: &Path) -> std::io::Result<AuditLog> {
        let file = OpenOptions::new().create(true).append(true).open(path)?;
        Ok(AuditLog {
            path: path.to_owned(),
            file: Mutex::new(file),
        })
    }

    pub fn record(&self, entry: &Entry<'_>) -> Result<(), AuditError> {
        let mut line = entry.to_json().to_string();
        line.push('\n');
        // One write per line under the lock keeps concurrent requests' lines whole. The write
        // is a small local append, cheap enough to do on the async worker.
        let mut file = self
            .file
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        file.write_all(line.as_bytes()).map_err(|error| AuditError {
            path: self.path.clone(),
            error,
        })
    }
}

/// The audit log for a person: each entry on three lines, who did what, for whom, and why.
///
/// Lines that are not entries (a torn last line, say) are skipped: this is a reading aid, and
/// the file itself stays the record.
pub fn summary(log: &str) -> String {
    let mut out = String::new();
    for entry in log
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
    {
        let p = &entry["protoPayload"];
        // What callers sent (reasons, names) reaches a terminal: control and format characters
        // are shown escaped, never interpreted.
        let s = |v: &Value| printable(v.as_str().unwrap_or("-"));
        let chain: Vec<String> = p["authenticationInfo"]["serviceAccountDelegationInfo"]
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|d| match &d["firstPartyPrincipal"] {
                        Value::Null => s(named(d)),
                        first => s(named(first)),
                    })
                    .collect()
            })
            .unwrap_or_default();
        let via = if chain.is_empty() {
            String::new()
        } else {
            format!(" (delegated by {})", chain.join(" → "))
        };
        let status = match p["status"]["code"].as_i64() {
            Some(0) | None => "ok".to_owned(),
            Some(code) => format!("refused, code {code}"),
        };
        out.push_str(&format!(
            "{} {}{via}\n  {} {}  [{status}]\n  reason: {}\n",
            s(&entry["timestamp"]),
            s(named(&p["authenticationInfo"])),
            s(&p["methodName"]),
            s(&p["resourceName"]),
            s(&p["requestMetadata"]["requestAttributes"]["reason"]),
        ));
    }
    out
}

/// `text` with control, format and separator characters escaped (`\u{202e}`), the rest as is.
fn printable(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() || matches!(c, '\u{200b}'..='\u{200f}' | '\u{2028}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}') {
                c.escape_unicode().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entry_has_the_cloud_audit_logs_shape() {
        let delegation = vec!["alice@example.com".to_owned()];
        let entry = Entry {
            service: "storage.googleapis.com",
            method: "storage.buckets.list",
            resource: "projects/sandbox-project",
            principal: Some("deployer@sandbox-project.iam.gserviceaccount.com"),
            delegation: &delegation,
            user_agent: Some("gcloud"),
            reason: Some("ticket-1"),
            protocol: None,
            caller_ip: IpAddr::from([127, 0, 0, 1]),
            code: Code::Ok,
            message: "",
        };
        let v = entry.to_json();
        let p = &v["protoPayload"];
        assert_eq!(v["severity"], "INFO");
        assert_eq!(
            severity("google.iam.admin.v1.SetIamPolicy", Code::Ok),
            "NOTICE"
        );
        assert_eq!(severity("storage.setIamPermissions", Code::Ok), "NOTICE");
        assert_eq!(severity("GenerateAccessToken", Code::Ok), "INFO");
        assert_eq!(
            severity("GenerateAccessToken", Code::PermissionDenied),
            "ERROR"
        );
        assert_eq!(p["methodName"], "storage.buckets.list");
        assert_eq!(
            p["authenticationInfo"]["serviceAccountDelegationInfo"][0]["firstPartyPrincipal"]["principalEmail"],
            "alice@example.com"
        );
        assert_eq!(
            p["requestMetadata"]["requestAttributes"]["reason"],
            "ticket-1"
        );
        assert_eq!(p["status"], json!({"code": 0}));
    }

    #[test]
    fn federated_callers_are_named_by_principal_subject_never_by_email() {
        const FEDERATED: &str = "principal://iam.googleapis.com/projects/1/locations/global/workloadIdentityPools/ci/subject/repo:a/b";
        let entry = |principal, delegation: &[String]| {
            Entry {
                service: "iamcredentials.googleapis.com",
                method: "GenerateAccessToken",
                resource: "projects/-/serviceAccounts/ci@p.iam.gserviceaccount.com",
                principal: Some(principal),
                delegation,
                user_agent: None,
                reason: None,
                protocol: None,
                caller_ip: IpAddr::from([127, 0, 0, 1]),
                code: Code::Ok,
                message: "",
            }
            .to_json()
        };
        // The federated principal itself calls: a subject, no email.
        let direct = entry(FEDERATED, &[]);
        let info = &direct["protoPayload"]["authenticationInfo"];
        assert_eq!(info, &json!({"principalSubject": FEDERATED}));
        // The account it became calls: the account's email, the principal in the delegation.
        let through = [FEDERATED.to_owned()];
        let delegated = entry("ci@p.iam.gserviceaccount.com", &through);
        let info = &delegated["protoPayload"]["authenticationInfo"];
        assert_eq!(info["principalEmail"], "ci@p.iam.gserviceaccount.com");
        assert_eq!(
            info["serviceAccountDelegationInfo"],
            json!([{"principalSubject": FEDERATED}])
        );
        let text = summary(&format!("{direct}\n{delegated}\n"));
        assert!(text.contains(&format!("Z {FEDERATED}\n")), "{text}");
        assert!(
            text.contains(&format!(
                "ci@p.iam.gserviceaccount.com (delegated by {FEDERATED})"
            )),
            "{text}"
        );
    }

    #[test]
    fn the_summary_names_who_did_what_and_why_and_escapes_what_callers_sent() {
        let line = json!({
            "timestamp": "2026-01-01T00:00:00Z",
            "protoPayload": {
                "authenticationInfo": {
                    "principalEmail": "sa@p.iam.gserviceaccount.com",
                    "serviceAccountDelegationInfo": [
                        {"firstPartyPrincipal": {"principalEmail": "alice@example.com"}}
                    ]
                },
                "methodName": "storage.buckets.list",
                "resourceName": "projects/p",
                "status": {"code": 7},
                "requestMetadata": {"requestAttributes": {"reason": "why\u{202e}\u{1b}[31m"}}
            }
        });
        let text = summary(&format!("{line}\nnot json\n"));
        assert_eq!(
            text,
            "2026-01-01T00:00:00Z sa@p.iam.gserviceaccount.com (delegated by alice@example.com)\n  \
             storage.buckets.list projects/p  [refused, code 7]\n  reason: why\\u{202e}\\u{1b}[31m\n"
        );
    }
}
