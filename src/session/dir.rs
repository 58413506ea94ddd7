//! The private session directory: every file of a session lives here, and nowhere else.
//!
//! Directories sit in one per-user base (`$XDG_RUNTIME_DIR/gsudo`, else `$TMPDIR/gsudo-<uid>`)
//! and are named `<session id>.<owner pid>.<owner start time>.<pid namespace>.<boot id>`, so
//! that a later gsudo can tell one whose owner was killed with SIGKILL and remove it (and end
//! what is left of its command), without racing a gsudo that is starting. A pid says something
//! only in its own pid namespace and boot: a directory from another one, or one whose owner's
//! namespace could not be known, is never swept.
//!
//! A base that is not private to this user (in a shared /tmp, another user can make
//! `gsudo-<uid>` first) is refused; the session then goes, with a warning, straight into
//! `$TMPDIR` as `gsudo-<uid>.<name as above>`: a fresh directory, made exclusively with a name
//! nobody can guess (the session id is random), as mkdtemp makes one. Nobody can stop another
//! user's sessions by squatting a name.

use std::fs::{self, DirBuilder, OpenOptions};
use std::io::{self, Write};
use std::os::unix::fs::{DirBuilderExt, MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

use crate::config::Env;
use crate::session::system;
use crate::types::SessionId;
use crate::ui;

#[derive(Debug, thiserror::Error)]
pub enum DirError {
    #[error("cannot create the session directory {}: {source}", path.display())]
    Create { path: PathBuf, source: io::Error },
    #[error("refusing to keep session files in {}: {why}", path.display())]
    Unsafe { path: PathBuf, why: &'static str },
    #[error("cannot write {} in the session directory: {source}", path.display())]
    Write { path: PathBuf, source: io::Error },
}

/// A 0700 directory removed when dropped.
#[derive(Debug)]
pub struct SessionDir {
    path: PathBuf,
}

impl SessionDir {
    /// Creates the session's directory, first removing those whose owner is gone.
    pub fn create(env: &Env, id: &SessionId) -> Result<Self, DirError> {
        let shared = base_dir(env);
        let name = format!("{id}.{}", owner_name());
        let path = match ensure_private_dir(&shared) {
            Ok(()) => {
                sweep_stale(&shared, "");
                shared.join(name)
            }
            Err(DirError::Unsafe { path, why }) => {
                let temp = temp_dir(env);
                sweep_stale(&temp, &fallback_prefix());
                let fresh = temp.join(format!("{}{name}", fallback_prefix()));
                ui::warn(&format!(
                    "gsudo does not keep session files in {}, as {why}; this session's go to {} \
                     instead (remove {0} to stop this warning)",
                    path.display(),
                    fresh.display()
                ));
                fresh
            }
            Err(other) => return Err(other),
        };
        // Not recursive, and never there before: the name holds the session's random id, so
        // nobody made it first unless they guessed it, and then this fails.
        private_dir(&path, false)?;
        Ok(Self { path })
    }

    /// Where the session's files are.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Creates a subdirectory (0700).
    pub fn subdir(&self, name: &str) -> Result<PathBuf, DirError> {
        let path = self.path.join(name);
        private_dir(&path, true)?;
        Ok(path)
    }

    /// Writes a new file readable by the owner only.
    pub fn write(&self, relative: &str, contents: &[u8]) -> Result<PathBuf, DirError> {
        let path = self.path.join(relative);
        let written = OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&path)
            .and_then(|mut f| f.write_all(contents));
        written.map_err(|source| DirError::Write {
            path: path.clone(),
            source,
        })?;
        Ok(path)
    }
}

impl Drop for SessionDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.path);
    }
}

/// Creates `path` with mode 0700.
fn private_dir(path: &Path, recursive: bool) -> Result<(), DirError> {
    DirBuilder::new()
        .recursive(recursive)
        .mode(0o700)
        .create(path)
        .map_err(|source| DirError::Create {
            path: path.to_owned(),
            source,
        })
}

/// Where this user's session directories live.
pub fn base_dir(env: &Env) -> PathBuf {
    match env.path("XDG_RUNTIME_DIR").filter(|p| p.is_dir()) {
        Some(runtime) => runtime.join("gsudo"),
        None => temp_dir(env).join(format!("gsudo-{}", nix::unistd::getuid())),
    }
}

fn temp_dir(env: &Env) -> PathBuf {
    env.path("TMPDIR").unwrap_or_else(|| PathBuf::from("/tmp"))
}

/// How session directories made straight in `$TMPDIR` begin: `gsudo-<uid>.`.
fn fallback_prefix() -> String {
    format!("gsudo-{}.", nix::unistd::getuid())
}

/// The part of a session directory's name after the session id: who owns it, and where that
/// owner's pid means something (`unknown` when that cannot be told: never swept).
fn owner_name() -> String {
    let me = system::ProcessId::current();
    match system::PidScope::current() {
        Some(scope) => format!(
            "{}.{}.{}.{}",
            me.pid, me.start_time, scope.namespace, scope.boot
        ),
        None => format!("{}.unknown", me.pid),
    }
}

/// Creates `path` 0700, or checks that the one there is a real directory only we can enter
/// (in a shared /tmp another user could have made it first).
fn ensure_private_dir(path: &Path) -> Result<(), DirError> {
    match DirBuilder::new().mode(0o700).create(path) {
        Ok(()) => return Ok(()),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
        Err(source) => {
            return Err(DirError::Create {
                path: path.to_owned(),
                source,
            });
        }
    }
    let meta = fs::symlink_metadata(path).map_err(|source| DirError::Create {
        path: path.to_owned(),
        source,
    })?;
    let unsafe_because = |why| {
        Err(DirError::Unsafe {
            path: path.to_owned(),
            why,
        })
    };
    if !meta.is_dir() {
        return unsafe_because("it is not a directory");
    }
    if meta.uid() != nix::unistd::getuid().as_raw() {
        return unsafe_because("another user owns it");
    }
    if meta.mode() & 0o077 != 0 {
        return unsafe_because("other users can enter it (it should be mode 0700)");
    }
    Ok(())
}

/// Removes the session directories in `dir` (those named `prefix` and a session's name) whose
/// owning gsudo provably no longer runs, and ends what is left of their commands.
fn sweep_stale(dir: &Path, prefix: &str) {
    let Some(here) = system::PidScope::current() else {
        return;
    };
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let me = nix::unistd::getuid().as_raw();
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some((session, owner, scope)) = name
            .to_str()
            .and_then(|n| n.strip_prefix(prefix))
            .and_then(owner_of)
        else {
            continue;
        };
        // In a shared directory, only a real directory of this user's is one of its sessions.
        let mine = fs::symlink_metadata(entry.path()).is_ok_and(|m| m.is_dir() && m.uid() == me);
        if mine && scope == here && !owner.is_running() {
            // The watchdog did this unless it was killed too; what left the command's process
            // group is found by the session it still carries.
            system::kill_session_processes(session);
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

/// The session id, owner and owner's pid scope a directory's name records.
fn owner_of(name: &str) -> Option<(&str, system::ProcessId, system::PidScope)> {
    let mut parts = name.split('.');
    let (id, pid, start_time, namespace, boot) = (
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
    );
    if parts.next().is_some() {
        return None;
    }
    let owner = system::ProcessId {
        pid: pid.parse().ok()?,
        start_time: start_time.parse().ok()?,
    };
    let scope = system::PidScope {
        namespace: namespace.parse().ok()?,
        boot: boot.to_owned(),
    };
    Some((id, owner, scope))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sessions_of_dead_owners_are_swept_and_the_ones_nobody_can_judge_kept() {
        let Some(here) = system::PidScope::current() else {
            // Without a /proc of this namespace nothing is ever swept.
            return;
        };
        let tmp = tempfile::tempdir().unwrap();
        let base = tmp.path().join("gsudo");
        ensure_private_dir(&base).unwrap();
        let me = system::ProcessId::current();
        let named = |id: &str, pid: i32, start: u64, namespace: u64, boot: &str| {
            base.join(format!("{id}.{pid}.{start}.{namespace}.{boot}"))
        };
        let live = named("aaaa", me.pid, me.start_time, here.namespace, &here.boot);
        // The same pid with another start time is a recycled pid: its gsudo is gone.
        let recycled = named(
            "bbbb",
            me.pid,
            me.start_time + 1,
            here.namespace,
            &here.boot,
        );
        let dead = named("cccc", 999_999_999, 1, here.namespace, &here.boot);
        // Dead here, but its pid is another namespace's or another boot's: it may well run.
        let elsewhere = named("dddd", 999_999_999, 1, here.namespace + 1, &here.boot);
        let other_boot = named("eeee", 999_999_999, 1, here.namespace, "0123abcd");
        let unknown = base.join("ffff.999999999.unknown");
        let old_style = base.join("gggg.999999999.1");
        let foreign = base.join("not-a-session");
        let all = [
            &live,
            &recycled,
            &dead,
            &elsewhere,
            &other_boot,
            &unknown,
            &old_style,
            &foreign,
        ];
        for d in all {
            fs::create_dir(d).unwrap();
        }
        sweep_stale(&base, "");
        let kept: Vec<&&PathBuf> = all.iter().filter(|d| d.exists()).collect();
        assert_eq!(
            kept,
            [
                &&live,
                &&elsewhere,
                &&other_boot,
                &&unknown,
                &&old_style,
                &&foreign
            ]
        );
    }

    #[test]
    fn a_base_directory_others_can_enter_is_refused() {
        use std::os::unix::fs::PermissionsExt;
        let tmp = tempfile::tempdir().unwrap();
        let base = tmp.path().join("gsudo");
        fs::create_dir(&base).unwrap();
        fs::set_permissions(&base, fs::Permissions::from_mode(0o755)).unwrap();
        let err = ensure_private_dir(&base).unwrap_err().to_string();
        assert!(err.contains("mode 0700"), "{err}");
    }

    #[test]
    fn session_directory_is_private_and_removed_on_drop() {
        let tmp = tempfile::tempdir().unwrap();
        let env = Env::from_pairs([("XDG_RUNTIME_DIR", tmp.path().to_str().unwrap())]);
        let dir = SessionDir::create(&env, &SessionId::random()).unwrap();
        let path = dir.path.clone();
        assert_eq!(fs::metadata(&path).unwrap().mode() & 0o777, 0o700);
        let file = dir.write("f", b"x").unwrap();
        assert_eq!(fs::metadata(&file).unwrap().mode() & 0o777, 0o600);
        drop(dir);
        assert!(!path.exists());
    }
}
