//! Replaces a file or a whole folder so that a crash or a kill at any moment leaves
//! the old one or the new one, never a broken one: the new one is written beside it
//! under a hidden temporary name, then renamed into place.

use std::fs;
use std::io::Write;
use std::path::Path;

/// Writes a file: a temporary file beside it, fsync, rename, fsync the folder. The
/// file is readable by its owner only.
pub fn write(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(dir)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut options = fs::OpenOptions::new();
        options.write(true).create(true).truncate(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let mut file = options.open(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        drop(file);
        crate::platform::fs::replace_file(&tmp, path)?;
        if let Ok(d) = fs::File::open(dir) {
            let _ = d.sync_all();
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    remove_stale_temporaries(dir, &name);
    result
}

/// A process killed between writing and renaming leaves its temporary file behind;
/// the next write clears those that are old enough not to belong to a live writer.
fn remove_stale_temporaries(dir: &Path, name: &str) {
    let prefix = format!(".{name}.");
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let file = entry.file_name().to_string_lossy().into_owned();
        if !file.starts_with(&prefix) || !file.ends_with(".tmp") {
            continue;
        }
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age.as_secs() >= 10);
        if old {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Puts a new folder at `target` in one rename. `fill` writes the new folder's files
/// into the (empty) folder it is given, a hidden one beside `target`; if it fails,
/// that folder is removed and `target` is left as it was. An existing `target` is
/// moved aside first, put back if the rename fails, and removed once the new one is
/// in place. What a writer killed midway left beside `target` is removed first.
/// `io_error` turns a failure of the file system, and the path it concerns, into
/// the caller's error.
pub fn replace_dir<T, E>(
    target: &Path,
    fill: impl FnOnce(&Path) -> Result<T, E>,
    io_error: impl Fn(&Path, std::io::Error) -> E,
) -> Result<T, E> {
    let parent = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let Some(name) = target.file_name().map(|n| n.to_string_lossy().into_owned()) else {
        return Err(io_error(target, std::io::ErrorKind::InvalidInput.into()));
    };
    fs::create_dir_all(parent).map_err(|e| io_error(parent, e))?;
    remove_stale_folders(parent, &name);
    let beside = |what: &str| parent.join(format!(".{name}.{what}-{}.tmp", std::process::id()));
    let (new, old) = (beside("new"), beside("old"));
    fs::create_dir(&new).map_err(|e| io_error(&new, e))?;
    let filled = fill(&new);
    let result = filled.and_then(|value| {
        swap_in(&new, target, &old)
            .map(|()| value)
            .map_err(|e| io_error(target, e))
    });
    if result.is_err() {
        let _ = fs::remove_dir_all(&new);
    }
    if let Ok(d) = fs::File::open(parent) {
        let _ = d.sync_all();
    }
    result
}

/// Renames `new` to `target`, keeping an existing `target` as `old` until then.
fn swap_in(new: &Path, target: &Path, old: &Path) -> std::io::Result<()> {
    let had_old = target.symlink_metadata().is_ok();
    if had_old {
        fs::rename(target, old)?;
    }
    if let Err(e) = fs::rename(new, target) {
        if had_old {
            let _ = fs::rename(old, target);
        }
        return Err(e);
    }
    if had_old {
        // The new folder is in place; a leftover hidden one is harmless.
        let _ = remove_any(old);
    }
    Ok(())
}

/// Removes `.NAME.new-PID.tmp` and `.NAME.old-PID.tmp` beside a folder: what a
/// `replace_dir` killed midway left behind.
fn remove_stale_folders(dir: &Path, name: &str) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let prefixes = [format!(".{name}.new-"), format!(".{name}.old-")];
    for entry in entries.flatten() {
        let file = entry.file_name().to_string_lossy().into_owned();
        let pid = prefixes
            .iter()
            .find_map(|p| file.strip_prefix(p.as_str()))
            .and_then(|rest| rest.strip_suffix(".tmp"));
        if pid.is_some_and(|pid| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit())) {
            let _ = remove_any(&entry.path());
        }
    }
}

/// Removes a folder with what it holds, or a file or link.
fn remove_any(path: &Path) -> std::io::Result<()> {
    if path.is_dir() && !path.is_symlink() {
        fs::remove_dir_all(path)
    } else {
        fs::remove_file(path)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn writes_owner_only() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a/b.toml");
        super::write(&path, b"x = 1\n").unwrap();
        super::write(&path, b"x = 2\n").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "x = 2\n");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        assert_eq!(
            std::fs::read_dir(path.parent().unwrap()).unwrap().count(),
            1
        );
    }

    /// `replace_dir`'s `io_error`, which takes the error by value.
    #[allow(clippy::needless_pass_by_value)]
    fn io(path: &std::path::Path, e: std::io::Error) -> String {
        format!("{}: {e}", path.display())
    }

    fn names(dir: &std::path::Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_folder_is_replaced_whole_or_not_at_all() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out");
        let written = super::replace_dir(
            &target,
            |new| {
                std::fs::write(new.join("a"), "1")?;
                std::fs::write(new.join("b"), "1")?;
                Ok::<_, std::io::Error>(2)
            },
            |_, e| e,
        );
        assert_eq!(written.unwrap(), 2);
        assert_eq!(names(&target), ["a", "b"]);
        // A failing fill leaves the old folder as it was, and nothing beside it.
        let failed = super::replace_dir(
            &target,
            |new| {
                std::fs::write(new.join("c"), "2").map_err(|e| e.to_string())?;
                Err::<(), _>("no".to_string())
            },
            io,
        );
        assert_eq!(failed.unwrap_err(), "no");
        assert_eq!(names(&target), ["a", "b"]);
        assert_eq!(names(dir.path()), ["out"]);
        // A new one replaces it: nothing of the old one stays.
        super::replace_dir(&target, |new| std::fs::write(new.join("c"), "3"), |_, e| e).unwrap();
        assert_eq!(names(&target), ["c"]);
        assert_eq!(names(dir.path()), ["out"]);
    }

    #[test]
    fn leftovers_of_a_killed_writer_are_removed_and_no_others() {
        let dir = tempfile::tempdir().unwrap();
        for stale in [".tea.new-99999.tmp", ".tea.old-12.tmp"] {
            std::fs::create_dir_all(dir.path().join(stale).join("x")).unwrap();
        }
        let others = [".teapot.new-1.tmp", ".tea.new-x.tmp", "tea.new-1.tmp"];
        for other in others {
            std::fs::create_dir_all(dir.path().join(other)).unwrap();
        }
        let target = dir.path().join("tea");
        super::replace_dir(&target, |_| Ok(()), io).unwrap();
        let mut expected: Vec<&str> = others.to_vec();
        expected.push("tea");
        expected.sort_unstable();
        assert_eq!(names(dir.path()), expected);
    }
}
