//! The private session directory: every file of a session lives here, and nowhere else.
//!
//! Directories sit in one per-user base (`$XDG_RUNTIME_DIR/gsudo`, else `$TMPDIR/gsudo-<uid>`)
//! and are named `<session id>.<owner pid>.<owner start time>`, so a later gsudo can tell one
//! whose owner was killed with SIGKILL and remove it, without racing a gsudo that is starting.

use std::fs::{self, DirBuilder, OpenOptions};
use std::io::{self, Write};
use std::os::unix::fs::{DirBuilderExt, MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

use crate::config::Env;
use crate::session::system;
use crate::types::SessionId;

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
        let base = base_dir(env);
        ensure_private_dir(&base)?;
        sweep_stale(&base);
        let me = system::ProcessId::current();
        let path = base.join(format!("{id}.{}.{}", me.pid, me.start_time));
        // Not recursive: the name must be new, or this is not our session's directory.
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
        None => env
            .path("TMPDIR")
            .unwrap_or_else(|| PathBuf::from("/tmp"))
            .join(format!("gsudo-{}", nix::unistd::getuid())),
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

/// Removes session directories whose owning gsudo no longer runs.
fn sweep_stale(base: &Path) {
    let Ok(entries) = fs::read_dir(base) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(owner) = name.to_str().and_then(owner_of) else {
            continue;
        };
        if !owner.is_running() {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

fn owner_of(name: &str) -> Option<system::ProcessId> {
    let mut parts = name.split('.');
    let (_id, pid, start_time) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    Some(system::ProcessId {
        pid: pid.parse().ok()?,
        start_time: start_time.parse().ok()?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sessions_of_dead_owners_are_swept_and_live_ones_kept() {
        let tmp = tempfile::tempdir().unwrap();
        let base = tmp.path().join("gsudo");
        ensure_private_dir(&base).unwrap();
        let me = system::ProcessId::current();
        let live = base.join(format!("aaaa.{}.{}", me.pid, me.start_time));
        // The same pid with another start time is a recycled pid: its gsudo is gone.
        let recycled = base.join(format!("bbbb.{}.{}", me.pid, me.start_time + 1));
        let dead = base.join("cccc.999999999.1");
        let foreign = base.join("not-a-session");
        for d in [&live, &recycled, &dead, &foreign] {
            fs::create_dir(d).unwrap();
        }
        sweep_stale(&base);
        assert!(live.exists());
        assert!(foreign.exists());
        if cfg!(target_os = "linux") {
            assert!(!recycled.exists());
        }
        assert!(!dead.exists());
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
