//! Compiles the built-in guides (`guides/<id>/*`) and the program's own texts
//! (`locales/<lang>/*`) into the binary, so `tebiki` works from any folder.
//! It only lists files: what they mean is the library's business.

use std::fmt::Write as _;
use std::fs;
use std::path::Path;

fn main() {
    let root = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| ".".into());
    let out = std::env::var("OUT_DIR").unwrap_or_else(|_| ".".into());
    let mut code = String::new();
    for (table, folder) in [("GUIDE_FILES", "guides"), ("LOCALE_FILES", "locales")] {
        println!("cargo:rerun-if-changed={folder}");
        let _ = writeln!(code, "pub static {table}: &[(&str, &str, &str)] = &[");
        for (dir, file, path) in files_in(&Path::new(&root).join(folder)) {
            println!("cargo:rerun-if-changed={path}");
            let _ = writeln!(code, "    ({dir:?}, {file:?}, include_str!({path:?})),");
        }
        let _ = writeln!(code, "];");
    }
    if let Err(e) = fs::write(Path::new(&out).join("builtin.rs"), code) {
        panic!("cannot write builtin.rs: {e}");
    }
}

/// (subfolder, file name, absolute path) for every file one level below `root`'s subfolders.
fn files_in(root: &Path) -> Vec<(String, String, String)> {
    let mut found = Vec::new();
    let Ok(dirs) = fs::read_dir(root) else {
        return found;
    };
    for dir in dirs.flatten().filter(|d| d.path().is_dir()) {
        println!("cargo:rerun-if-changed={}", dir.path().display());
        let Ok(files) = fs::read_dir(dir.path()) else {
            continue;
        };
        for file in files.flatten().filter(|f| f.path().is_file()) {
            found.push((
                dir.file_name().to_string_lossy().into_owned(),
                file.file_name().to_string_lossy().into_owned(),
                file.path().display().to_string(),
            ));
        }
    }
    found.sort();
    found
}
