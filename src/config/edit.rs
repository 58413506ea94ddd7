//! Changing the configuration file in place: toml_edit keeps comments and keys this version
//! does not know, the result must read back, and the file is replaced atomically. A file gsudo
//! cannot read is never written over.

use std::io::{self, Write};
use std::path::Path;

use toml_edit::{DocumentMut, Item, TableLike};

use super::file::{ConfigFile, FileError};
use super::reader::dotted;
use super::schema::{config_kind, value_from_text};

/// Sets `key` to `text` in the file at `path`, keeping everything else in it.
pub fn set(path: &Path, key: &[String], text: &str) -> Result<(), FileError> {
    let kind = config_kind(key).ok_or_else(|| FileError::UnknownKey { key: dotted(key) })?;
    let value = value_from_text(kind, text).map_err(|message| FileError::BadValue {
        key: dotted(key),
        value: text.to_owned(),
        message,
    })?;
    edit(path, |doc| {
        let (last, parents) = key
            .split_last()
            .ok_or_else(|| FileError::UnknownKey { key: String::new() })?;
        let mut table: &mut dyn TableLike = doc.as_table_mut();
        for (depth, part) in parents.iter().enumerate() {
            let item = table.entry(part).or_insert_with(|| {
                let mut t = toml_edit::Table::new();
                // `[projects.ID]` reads better than an empty `[projects]` above it.
                t.set_implicit(depth + 1 < parents.len());
                Item::Table(t)
            });
            table = item
                .as_table_like_mut()
                .ok_or_else(|| FileError::BadValue {
                    key: dotted(key),
                    value: text.to_owned(),
                    message: format!("{} is a value, not a table", dotted(&key[..=depth])),
                })?;
        }
        match table.get_mut(last) {
            // Replace in place, keeping the comment that trails the old value.
            Some(Item::Value(old)) => {
                let decor = old.decor().clone();
                *old = value;
                *old.decor_mut() = decor;
            }
            _ => {
                table.insert(last, Item::Value(value));
            }
        }
        Ok(())
    })
}

/// Removes `key` from the file; true when it was there.
pub fn unset(path: &Path, key: &[String]) -> Result<bool, FileError> {
    let mut found = false;
    edit(path, |doc| {
        let (last, parents) = match key.split_last() {
            Some(split) => split,
            None => return Ok(()),
        };
        let mut table: &mut dyn TableLike = doc.as_table_mut();
        for part in parents {
            match table.get_mut(part).and_then(Item::as_table_like_mut) {
                Some(inner) => table = inner,
                None => return Ok(()),
            }
        }
        let order: Vec<String> = table.iter().map(|(k, _)| k.to_owned()).collect();
        let comments = table
            .key(last)
            .and_then(|k| k.leaf_decor().prefix())
            .and_then(|p| p.as_str())
            .filter(|p| p.contains('#'))
            .map(str::to_owned);
        found = table.remove(last).is_some();
        // The comments above a removed key may be the file's own (a header): they move to
        // whatever came next rather than leave with the key.
        let next = order
            .iter()
            .position(|k| k == last)
            .and_then(|i| order.get(i + 1));
        if let (Some(comments), Some(next)) = (comments, next) {
            keep_comments(table, next, &comments);
        }
        Ok(())
    })?;
    Ok(found)
}

fn keep_comments(table: &mut dyn TableLike, next: &str, comments: &str) {
    let prepend = |decor: &mut toml_edit::Decor| {
        let old = decor
            .prefix()
            .and_then(|p| p.as_str())
            .unwrap_or_default()
            .to_owned();
        decor.set_prefix(format!("{comments}{old}"));
    };
    if let Some(Item::Table(t)) = table.get_mut(next) {
        prepend(t.decor_mut());
    } else if let Some(mut key) = table.key_mut(next) {
        prepend(key.leaf_decor_mut());
    }
}

/// Reads the file, applies `change`, checks the result reads back, and replaces the file
/// atomically (a temporary file in the same directory, then a rename), mode 0600.
fn edit(
    path: &Path,
    change: impl FnOnce(&mut DocumentMut) -> Result<(), FileError>,
) -> Result<(), FileError> {
    // Through a symlink (dotfile managers keep the file elsewhere), edit the file it points to
    // rather than replacing the link.
    let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned());
    let before = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == io::ErrorKind::NotFound => String::new(),
        Err(source) => return Err(FileError::Read { path, source }),
    };
    // Never write over a file gsudo cannot read: what it would write could lose the user's.
    ConfigFile::parse(&path, &before)?;
    let mut doc: DocumentMut = before.parse().map_err(|_| FileError::Invalid {
        path: path.clone(),
        line: 1,
        key: None,
        message: "it is not TOML".into(),
    })?;
    change(&mut doc)?;
    let after = doc.to_string();
    ConfigFile::parse(&path, &after)?;
    write_atomically(&path, after.as_bytes()).map_err(|source| FileError::Write {
        path: path.clone(),
        source,
    })
}

fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
    let dir = path
        .parent()
        .ok_or_else(|| io::Error::other("the path has no directory"))?;
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)?;
    let mut temp = tempfile::Builder::new()
        .prefix(".config.toml.")
        .tempfile_in(dir)?;
    temp.as_file()
        .set_permissions(std::fs::Permissions::from_mode(0o600))?;
    temp.write_all(bytes)?;
    temp.as_file().sync_all()?;
    temp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::reader::split_key;
    use super::*;

    #[test]
    fn set_keeps_comments_and_unknown_keys_and_writes_0600() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("gsudo/config.toml");
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(
            &path,
            "# top comment\nlifetime = \"5m\" # short\nfuture = { a = 1 }\n\n[aliases]\n# the operators\nops = \"o@p.iam.gserviceaccount.com\"\n",
        )
        .unwrap();
        set(&path, &split_key("lifetime").unwrap(), "20m").unwrap();
        set(
            &path,
            &split_key("aliases.deploy").unwrap(),
            "d@p.iam.gserviceaccount.com",
        )
        .unwrap();
        set(
            &path,
            &split_key("projects.my-proj.service_account").unwrap(),
            "deploy",
        )
        .unwrap();
        set(
            &path,
            &split_key("scopes").unwrap(),
            "cloud-platform, bigquery",
        )
        .unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(
            text,
            "# top comment\nlifetime = \"20m\" # short\nfuture = { a = 1 }\nscopes = [\"cloud-platform\", \"bigquery\"]\n\n[aliases]\n# the operators\nops = \"o@p.iam.gserviceaccount.com\"\ndeploy = \"d@p.iam.gserviceaccount.com\"\n\n[projects.my-proj]\nservice_account = \"deploy\"\n"
        );
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        assert!(unset(&path, &split_key("lifetime").unwrap()).unwrap());
        assert!(!unset(&path, &split_key("lifetime").unwrap()).unwrap());
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            text.starts_with("# top comment\nfuture = { a = 1 }\n"),
            "{text}"
        );
        // Only the file itself is left in the directory: the temporary file was renamed.
        assert_eq!(
            std::fs::read_dir(path.parent().unwrap()).unwrap().count(),
            1
        );
    }

    #[test]
    fn set_refuses_what_it_could_not_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        assert!(matches!(
            set(&path, &split_key("lifetme").unwrap(), "1h"),
            Err(FileError::UnknownKey { .. })
        ));
        assert!(matches!(
            set(&path, &split_key("lifetime").unwrap(), "soon"),
            Err(FileError::BadValue { .. })
        ));
        assert!(!path.exists());
        std::fs::write(&path, "lifetime = [\n").unwrap();
        assert!(matches!(
            set(&path, &split_key("session_length").unwrap(), "1h"),
            Err(FileError::Invalid { .. })
        ));
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "lifetime = [\n");
    }

    #[test]
    fn set_writes_through_a_symlink() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("dotfiles.toml");
        std::fs::write(&real, "# mine\nlifetime = 60\n").unwrap();
        let link = dir.path().join("config.toml");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        set(&link, &split_key("proxy").unwrap(), "false").unwrap();
        assert!(link.symlink_metadata().unwrap().file_type().is_symlink());
        assert_eq!(
            std::fs::read_to_string(&real).unwrap(),
            "# mine\nlifetime = 60\nproxy = false\n"
        );
    }
}
