//! Replacing files and folders, the platform's way: a leaf (it uses nothing of
//! tebiki), so the modules that write files atomically need nothing else of
//! `platform`.

use std::io;
use std::path::Path;

/// Puts `from` (a finished temporary file) in the place of `to`, replacing it if it
/// exists. On Windows a file that another program has open for a moment (a virus
/// scanner, an indexer) cannot be replaced, so it is tried again for a short while.
pub fn replace_file(from: &Path, to: &Path) -> io::Result<()> {
    #[cfg(windows)]
    {
        // A file another process has open (a virus scanner, an indexer) refuses to be
        // replaced for a moment: try again for up to a second.
        let mut tries = 0;
        loop {
            match std::fs::rename(from, to) {
                Ok(()) => return Ok(()),
                Err(e) if tries < 20 && e.kind() == io::ErrorKind::PermissionDenied => {
                    tries += 1;
                    std::thread::sleep(std::time::Duration::from_millis(50));
                }
                Err(e) => return Err(e),
            }
        }
    }
    #[cfg(not(windows))]
    std::fs::rename(from, to)
}

/// Puts the folder `new` in the place of `target`: the old one is first moved aside
/// to `aside` and removed afterwards. On Windows a folder whose files are mapped by
/// a running tebiki (the dictionary) cannot be moved: that is an error saying so,
/// and the old folder stays as it was (it is never rebuilt under a mapping).
pub fn replace_dir(new: &Path, target: &Path, aside: &Path) -> io::Result<()> {
    let _ = std::fs::remove_dir_all(aside);
    if target.exists() {
        std::fs::rename(target, aside)?;
    }
    if let Err(e) = std::fs::rename(new, target) {
        // Put the old one back rather than leave none.
        let _ = std::fs::rename(aside, target);
        return Err(e);
    }
    let _ = std::fs::remove_dir_all(aside);
    Ok(())
}
