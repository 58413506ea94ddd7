//! The session log: JSON lines under the XDG state directory, which `gsudo log` reads back. It
//! says what was borrowed, when, why and how the command ended; it never holds a token, and of
//! the command only its name, since arguments may hold secrets.
//!
//! A session writes a line before its command runs (no `end` yet) and a complete one, with the
//! same session id, when it ends; a reader keeps the last line of each session. A session with
//! only its first line is still running, or its gsudo was killed (SIGKILL, a power cut).

use std::io::{self, Write};
use std::path::Path;

use serde::{Deserialize, Serialize};

/// One session, as `gsudo log --format json` prints it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    pub session: String,
    /// RFC 3339, UTC.
    pub start: String,
    /// RFC 3339, UTC; `None` while the session runs, or when its gsudo was killed.
    pub end: Option<String>,
    pub account: String,
    pub reason: String,
    /// The project the command worked in, when one was set.
    pub project: Option<String>,
    /// The program's file name (`kubectl`), or the shell's.
    pub command: String,
    /// The command's exit status, when it exited.
    pub exit_code: Option<i32>,
    /// The signal that ended it (`SIGTERM`), when one did.
    pub signal: Option<String>,
    /// Tokens minted for the session.
    pub mints: u32,
    /// The Privileged Access Manager grant the session ran on, when it ran on one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grant: Option<String>,
    /// The organization's broker that minted them, when one did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub broker: Option<String>,
}

/// The name the log keeps of a command: its program's file name, never its arguments.
pub fn command_name(program: &Path) -> String {
    program
        .file_name()
        .map_or_else(|| program.to_string_lossy(), |n| n.to_string_lossy())
        .into_owned()
}

/// Appends one line; the directory is made private (0700) and the file 0600.
pub fn append(path: &Path, record: &Record) -> io::Result<()> {
    use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
    if let Some(dir) = path.parent() {
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)?;
    }
    let mut line = serde_json::to_vec(record).map_err(io::Error::other)?;
    line.push(b'\n');
    let mut file = std::fs::OpenOptions::new()
        .append(true)
        .create(true)
        .mode(0o600)
        .open(path)?;
    // One write of a short line with O_APPEND: sessions ending at once do not interleave.
    file.write_all(&line)
}

/// Every session in the log, oldest first, each as its last line says, and how many lines
/// could not be read.
pub fn read(path: &Path) -> io::Result<(Vec<Record>, usize)> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok((Vec::new(), 0)),
        Err(e) => return Err(e),
    };
    let mut records: Vec<Record> = Vec::new();
    // Where each session's record is in `records`: a later line of a session replaces it.
    let mut position = std::collections::HashMap::new();
    let mut unreadable = 0;
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        match serde_json::from_str::<Record>(line) {
            Ok(record) => match position.get(&record.session) {
                Some(&at) => records[at] = record,
                None => {
                    position.insert(record.session.clone(), records.len());
                    records.push(record);
                }
            },
            Err(_) => unreadable += 1,
        }
    }
    Ok((records, unreadable))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn appends_private_lines_and_reads_them_back() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".local/state/gsudo/sessions.jsonl");
        let record = Record {
            session: "0123456789ab".into(),
            start: "2026-01-01T10:00:00Z".into(),
            end: Some("2026-01-01T10:05:00Z".into()),
            account: "d@p.iam.gserviceaccount.com".into(),
            reason: "OPS-1 look".into(),
            project: None,
            command: command_name(Path::new("/usr/bin/kubectl")),
            exit_code: Some(0),
            signal: None,
            mints: 2,
            grant: None,
            broker: Some("https://broker.example/".into()),
        };
        let started = Record {
            end: None,
            exit_code: None,
            mints: 1,
            ..record.clone()
        };
        let other = Record {
            session: "ba9876543210".into(),
            ..started.clone()
        };
        append(&path, &started).unwrap();
        std::fs::OpenOptions::new()
            .append(true)
            .open(&path)
            .unwrap()
            .write_all(b"not json\n")
            .unwrap();
        append(&path, &other).unwrap();
        append(&path, &record).unwrap();
        // The first session's last line replaces its first, in its place; the other session
        // never ended.
        let (records, unreadable) = read(&path).unwrap();
        assert_eq!(records, [record, other]);
        assert_eq!(records[0].command, "kubectl");
        assert_eq!(unreadable, 1);
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&path), 0o600);
        assert_eq!(mode(path.parent().unwrap()), 0o700);
    }
}
