//! Which program a command line runs, found before anything is minted: a typo, a directory or a
//! script that cannot start costs no token, no session and no line in the session log.

use std::ffi::{OsStr, OsString};
use std::io::Read;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};

use nix::unistd::{AccessFlags, access};

/// Why a command line's program cannot run, named the way the user can fix it.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum Unrunnable {
    #[error("{} was not found in your PATH", quote(.0))]
    NotInPath(OsString),
    #[error("{} does not exist", quote(.0.as_os_str()))]
    Missing(PathBuf),
    #[error("{} is a directory", quote(.0.as_os_str()))]
    Directory(PathBuf),
    #[error("{} is not executable", quote(.0.as_os_str()))]
    NotExecutable(PathBuf),
    #[error("{} cannot start: its interpreter {interpreter} was not found", quote(.script.as_os_str()))]
    NoInterpreter {
        script: PathBuf,
        interpreter: String,
    },
}

impl Unrunnable {
    /// The exit status a shell gives the same mistake: 127 not found, 126 cannot be executed.
    pub fn exit_code(&self) -> i32 {
        match self {
            Self::NotInPath(_) | Self::Missing(_) => 127,
            Self::Directory(_) | Self::NotExecutable(_) | Self::NoInterpreter { .. } => 126,
        }
    }

    /// What to do about it.
    pub fn hint(&self) -> String {
        match self {
            Self::NotInPath(_) | Self::Missing(_) => {
                "Check the command's spelling and your PATH, or give its full path.".to_owned()
            }
            Self::Directory(_) => "Name a program, not a directory.".to_owned(),
            Self::NotExecutable(path) => format!(
                "Make it executable (chmod +x {}) or run it through its interpreter.",
                quote(path.as_os_str())
            ),
            Self::NoInterpreter { interpreter, .. } => {
                format!("Install {interpreter}, or fix the script's #! line.")
            }
        }
    }
}

/// Finds `program` as the child will: through `path` (the child's PATH) unless it names a file
/// with a `/`, relative to `cwd`. Returns the file that will run.
pub fn resolve(program: &OsStr, path: &OsStr, cwd: &Path) -> Result<PathBuf, Unrunnable> {
    let file = if program.as_bytes().contains(&b'/') {
        cwd.join(program)
    } else {
        which::which_in(program, Some(path), cwd)
            .map_err(|_| Unrunnable::NotInPath(program.to_owned()))?
    };
    let named = PathBuf::from(program);
    match std::fs::metadata(&file) {
        Err(_) => return Err(Unrunnable::Missing(named)),
        Ok(meta) if meta.is_dir() => return Err(Unrunnable::Directory(named)),
        Ok(_) => {}
    }
    if access(&file, AccessFlags::X_OK).is_err() {
        return Err(Unrunnable::NotExecutable(named));
    }
    if let Some(interpreter) = missing_interpreter(&file, path, cwd) {
        return Err(Unrunnable::NoInterpreter {
            script: named,
            interpreter,
        });
    }
    Ok(file)
}

/// The interpreter a script's `#!` line names when it cannot be found, as the kernel (and
/// `env`) would look for it; `None` for a binary or a script that can start.
fn missing_interpreter(file: &Path, path: &OsStr, cwd: &Path) -> Option<String> {
    let mut head = [0u8; 256];
    let read = std::fs::File::open(file).ok()?.read(&mut head).ok()?;
    let line = head[..read].strip_prefix(b"#!")?;
    let line = line.split(|b| *b == b'\n').next().unwrap_or_default();
    let line = String::from_utf8_lossy(line);
    let mut words = line.split_whitespace();
    let interpreter = words.next()?;
    if !Path::new(interpreter).is_file() {
        return Some(interpreter.to_owned());
    }
    // `#!/usr/bin/env NAME` looks NAME up in PATH; the env flags (-S, -i) are left to env.
    if Path::new(interpreter).file_name() == Some(OsStr::new("env"))
        && let Some(name) = words.next().filter(|w| !w.starts_with('-'))
        && which::which_in(name, Some(path), cwd).is_err()
    {
        return Some(name.to_owned());
    }
    None
}

/// A word as a user would type it in a POSIX shell.
pub fn quote(word: &OsStr) -> String {
    shell_words::quote(&word.to_string_lossy()).into_owned()
}

/// A command line as a user would type it in a POSIX shell.
pub fn quote_all<'a>(words: impl IntoIterator<Item = &'a OsString>) -> String {
    words
        .into_iter()
        .map(|w| quote(w))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    fn file(dir: &Path, name: &str, text: &str, mode: u32) -> PathBuf {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
        path
    }

    #[test]
    fn names_the_real_cause() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let bin = d.join("bin");
        std::fs::create_dir(&bin).unwrap();
        file(&bin, "tool", "#!/bin/sh\ntrue\n", 0o755);
        file(d, "plain.sh", "#!/bin/sh\ntrue\n", 0o644);
        file(d, "typo.py", "#!/usr/bin/pyhton3\n", 0o755);
        file(d, "env.py", "#!/usr/bin/env pyhton3\n", 0o755);
        let path = bin.as_os_str();
        let resolve = |p: &str| resolve(OsStr::new(p), path, d);
        assert_eq!(resolve("tool"), Ok(bin.join("tool")));
        assert_eq!(resolve("./bin/tool"), Ok(d.join("./bin/tool")));
        assert_eq!(
            resolve("kubctl"),
            Err(Unrunnable::NotInPath("kubctl".into()))
        );
        assert_eq!(resolve("bin"), Err(Unrunnable::NotInPath("bin".into())));
        assert_eq!(resolve("./bin"), Err(Unrunnable::Directory("./bin".into())));
        assert_eq!(resolve("./gone"), Err(Unrunnable::Missing("./gone".into())));
        let not_exec = resolve("./plain.sh").unwrap_err();
        assert_eq!(not_exec.exit_code(), 126);
        assert!(not_exec.hint().contains("chmod +x ./plain.sh"));
        for (script, interpreter) in [("./typo.py", "/usr/bin/pyhton3"), ("./env.py", "pyhton3")] {
            let e = resolve(script).unwrap_err();
            assert_eq!(
                e.to_string(),
                format!("{script} cannot start: its interpreter {interpreter} was not found")
            );
            assert_eq!(e.exit_code(), 126);
        }
    }

    proptest::proptest! {
        /// Whatever the words, a shell splits the quoted line back into them.
        #[test]
        fn a_quoted_command_line_splits_back_into_its_words(words in proptest::collection::vec(".*", 1..6)) {
            let argv: Vec<OsString> = words.iter().map(OsString::from).collect();
            proptest::prop_assert_eq!(shell_words::split(&quote_all(&argv)).unwrap(), words);
        }
    }

    #[test]
    fn quotes_a_command_line_for_copying() {
        let argv: Vec<OsString> = ["sh", "-c", "echo $HOME it's"].map(Into::into).into();
        assert_eq!(quote_all(&argv), r#"sh -c 'echo $HOME it'\''s'"#);
    }
}
